"""Shared fixtures: the repository, the fixture site, and built copies of both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gloss.pipeline import build, check
from gloss.problems import Report

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
MINI = FIXTURES / "mini"
RTL = FIXTURES / "rtl"  # an article in Arabic: a page written right to left


def build_site(root: Path, out: Path, base_url: str | None = None) -> Path:
    """Build `root` into `out`, failing the test with the problems if the build fails."""
    report = Report()
    article = build(root, out, report, base_url)
    assert article is not None, report.as_text()
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, by its path there: two sites compare byte for byte."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def edit(root: Path, name: str | Path, old: str, new: str) -> None:
    """Replace the first `old` in the file at `root/name`, which must hold it."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def project_with_seed(tmp_path: Path, seed_text: str, name: str = "seed.txt") -> Path:
    """A new project folder holding only `seeds/<name>`, as a user starts one before `split`."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / name).write_text(seed_text, encoding="utf-8")
    return root


def do_the_todos(root: Path) -> None:
    """What an editor does after `split`: take each value it guessed as right, and delete its `# TODO` comment."""
    for path in [root / "content/article.yml", *(root / "content/sections").glob("*.yml")]:
        done = "".join(line.split("  # TODO")[0] + "\n" for line in path.read_text(encoding="utf-8").splitlines())
        path.write_text(done, encoding="utf-8")


def check_report(root: Path) -> Report:
    report = Report()
    check(root, report)
    return report


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once per test session."""
    return build_site(MINI, tmp_path_factory.mktemp("mini") / "_site")


@pytest.fixture(scope="session")
def rtl_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The right-to-left fixture site, built once per test session."""
    return build_site(RTL, tmp_path_factory.mktemp("rtl") / "_site")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article, built once per test session."""
    return build_site(REPO, tmp_path_factory.mktemp("real") / "_site")


# The public URL the publishing tests build with, as the Pages workflow would pass it.
BASE_URL = "https://example.github.io/xiaomi-annotated/"


@pytest.fixture(scope="session")
def published_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built with `--base-url BASE_URL`, once per test session."""
    return build_site(MINI, tmp_path_factory.mktemp("published-mini") / "_site", BASE_URL)


@pytest.fixture(scope="session")
def published_real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article built with `--base-url BASE_URL`, once per test session."""
    return build_site(REPO, tmp_path_factory.mktemp("published-real") / "_site", BASE_URL)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A scratch copy of the fixture project, for tests that edit content."""
    return Path(shutil.copytree(MINI, tmp_path / "mini"))
