# Two commands matter: `make serve` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test build check bench lint schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The dependencies only: build.py and the tests import gloss/ from this folder, and an
	# editable install would add an import hook that costs every process ~20 ms at start-up.
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
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
