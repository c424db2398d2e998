"""House style is part of the contract: ruff's lint and format checks stay clean."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

PATHS = ["gloss", "tests", "build.py", "bench", "tools"]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", *args, *PATHS], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix() -> None:
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout


def test_code_is_formatted() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout
