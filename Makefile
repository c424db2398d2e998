# Two commands matter: `make serve` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test build check bench lint schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(PY) build.py serve

# Node tools for the tests (axe-core, vnu-jar, …), pinned in tests/node/package.json.
NODE_STAMP := tests/node/node_modules/.installed

$(NODE_STAMP): tests/node/package.json
	npm install --prefix tests/node --no-audit --no-fund
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

build: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check --strict

bench: $(STAMP)
	$(PY) bench/bench.py

lint: $(STAMP)
	$(PY) -m ruff check gloss tests build.py bench tools
	$(PY) -m ruff format --check gloss tests build.py bench tools

schema: $(STAMP)
	$(PY) build.py schema

clean:
	rm -rf _site .pytest_cache
