"""The broken-content corpus: every mistake an editor can make, and what `check` says about it.

Each folder under tests/broken/ is one case: the files that differ from the fixture
site tests/fixtures/mini (laid out as in a project), and `expect.txt`:

    # what the case is about
    args: check --strict             optional; the command line (default: check)
    delete: content/sources.yml      optional, repeatable; a fixture file to remove first
    exit: 1
    content/sections/020-next.yml:3:1: error: duplicate key 'id'

Each `path:line:col: severity: gist` line must match a reported problem at exactly that
place, its text ("message (hint)") containing the gist; every reported error must be
expected, so a mistake never drowns in follow-on noise, and so must every warning but the
fixture site's own.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import MINI, REPO

from gloss.cli import main
from gloss.pipeline import check
from gloss.problems import Report

BROKEN = REPO / "tests" / "broken"


@dataclass
class Case:
    name: str
    args: list[str] = field(default_factory=lambda: ["check"])
    delete: list[str] = field(default_factory=list)
    exit: int = 1
    expected: list[tuple[str, str, str]] = field(default_factory=list)  # (place, severity, gist)


def read_case(folder: Path) -> Case:
    case = Case(folder.name)
    for line in (folder / "expect.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.partition(": ")
        if key == "args":
            case.args = rest.split()
        elif key == "delete":
            case.delete.append(rest)
        elif key == "exit":
            case.exit = int(rest)
        else:
            place, severity, gist = line.split(": ", 2)
            case.expected.append((place, severity, gist))
    return case


def assemble(folder: Path, target: Path) -> Path:
    """The fixture site with the case's files laid over it."""
    shutil.copytree(MINI, target)
    case = read_case(folder)
    for name in case.delete:
        for path in sorted(target.glob(name)):
            path.unlink()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "expect.txt":
            destination = target / path.relative_to(folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    return target


def run(root: Path, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run the command line in-process from the project folder; its exit code and all it printed."""
    monkeypatch.chdir(root)
    code = main([*args, "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def problem_lines(output: str) -> list[tuple[str, str, str]]:
    """(place, severity, text) of each printed problem."""
    rows = []
    for line in output.splitlines():
        parts = line.split(": ", 2)
        if len(parts) == 3 and parts[1] in ("error", "warning"):
            rows.append((parts[0], parts[1], parts[2]))
    return rows


CASES = sorted(path.parent for path in BROKEN.glob("*/expect.txt"))


@functools.cache
def fixture_warnings() -> frozenset[str]:
    """What `check` warns of in the fixture site itself (its hostile note): a case may leave these unnamed,
    wherever its own edits move them; any other warning it must name, as it names its errors."""
    report = Report()
    check(MINI, report)
    assert not report.errors
    return frozenset(str(problem).split(": warning: ", 1)[1] for problem in report.warnings)  # as `problem_lines` reads it


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("folder", CASES, ids=[folder.name for folder in CASES])
def test_broken_case(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    case = read_case(folder)
    assert case.expected, f"{folder.name}: expect.txt names no problem"
    root = assemble(folder, tmp_path / "site")
    code, output = run(root, case.args, capsys, monkeypatch)
    assert "Traceback" not in output
    assert "'None'" not in output  # a thing without a valid name is "this claim", never Python's None
    assert code == case.exit, output
    printed = problem_lines(output)
    for place, severity, gist in case.expected:
        found = [text for at, sev, text in printed if at == place and sev == severity]
        assert any(gist in text for text in found), f"expected {place}: {severity}: …{gist}… in\n{output}"
    for place, severity, text in printed:
        if severity == "error" or text not in fixture_warnings():
            assert any(place == at and gist in text for at, _, gist in case.expected), f"unexpected {severity} {place}: {text}"
