"""Stages 1 and 2 for a whole project: find the content files, load and validate each."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .contract import ARTICLE, SECTION, SOURCE
from .load import load_file
from .problems import Mark, Report
from .validate import Record, check_list, check_mapping


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its content; messages name files relative to the working folder."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def article(self) -> Path:
        return self.content / "article.yml"

    @property
    def sources(self) -> Path:
        return self.content / "sources.yml"

    @property
    def sections(self) -> Path:
        return self.content / "sections"

    def section_files(self) -> list[Path]:
        if not self.sections.is_dir():
            return []
        return sorted(path for path in self.sections.iterdir() if path.suffix in (".yml", ".yaml") and path.is_file())

    def shown(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return str(path)


@dataclass(frozen=True)
class Content:
    article: Record | None
    sources: tuple[Record, ...]
    sections: tuple[Record, ...]


# How to read one file: `read(report)` loads and validates it. `serve` passes a reader
# that keeps each file's result until the file changes (gloss.incremental.FileCache).
FileReader = Callable[[Path, Report, Callable[[Report], Any]], Any]


def read_every_time(path: Path, report: Report, read: Callable[[Report], Any]) -> Any:
    return read(report)


def read_content(paths: Paths, report: Report, read_file: FileReader = read_every_time) -> Content:
    article = read_file(paths.article, report, partial(_read_mapping, paths, paths.article, required=True))
    sources: tuple[Record, ...] = ()
    if paths.sources.exists():
        sources = read_file(paths.sources, report, partial(_read_sources, paths))
    files = paths.section_files()
    if not files:
        report.error(
            Mark(paths.shown(paths.sections)),
            "no section files found",
            "add content/sections/010-first.yml, or run `python build.py split SEED`",
        )
    sections = tuple(record for path in files if (record := read_file(path, report, partial(_read_mapping, paths, path))) is not None)
    return Content(article, sources, sections)


def _read_sources(paths: Paths, report: Report) -> tuple[Record, ...]:
    shown = paths.shown(paths.sources)
    node = load_file(paths.sources, shown, report)
    return () if node is None else check_list(node, SOURCE, shown, report)


def _read_mapping(paths: Paths, path: Path, report: Report, required: bool = False) -> Record | None:
    shown = paths.shown(path)
    if not path.exists():
        if required:
            report.error(Mark(shown), "file not found", "run `python build.py split SEED` to start an article")
        return None
    node = load_file(path, shown, report)
    if node is None:
        return None
    return check_mapping(node, ARTICLE if path == paths.article else SECTION, shown, report)
