"""Stages 1 and 2 for a whole project: find the content files, load and validate each."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .contract import ARTICLE, SECTION, SOURCE, Shape
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
        # scandir knows most entries' type without a stat each; in one folder, paths sort as their names do
        with os.scandir(self.sections) as entries:
            files = [self.sections / entry.name for entry in entries if _is_file(entry)]
        return sorted((path for path in files if path.suffix in (".yml", ".yaml")), key=lambda path: path.name)

    def shown(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return str(path)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a link to where we may not look, as Path.is_file sees it
        return False


@dataclass(frozen=True)
class Content:
    article: Record | None
    sources: tuple[Record, ...]
    sections: tuple[Record, ...]
    section_files: tuple[str, ...]  # every section file found, as shown, read or not


# How to read one file: `read(report)` loads and validates it. `serve` passes a reader
# that keeps each file's result until the file changes (gloss.incremental.FileCache).
FileReader = Callable[[Path, Report, Callable[[Report], Any]], Any]


def read_every_time(path: Path, report: Report, read: Callable[[Report], Any]) -> Any:
    return read(report)


def read_content(paths: Paths, report: Report, read_file: FileReader = read_every_time) -> Content:
    article = read_file(paths.article, report, partial(_read_mapping, ARTICLE, paths.article, paths.shown(paths.article), required=True))
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
    shown = [paths.shown(path) for path in files]
    read = (read_file(path, report, partial(_read_mapping, SECTION, path, name)) for path, name in zip(files, shown, strict=True))
    sections = tuple(record for record in read if record is not None)
    return Content(article, sources, sections, tuple(shown))


def _read_sources(paths: Paths, report: Report) -> tuple[Record, ...]:
    shown = paths.shown(paths.sources)
    node = load_file(paths.sources, shown, report)
    return () if node is None else check_list(node, SOURCE, shown, report)


def _read_mapping(shape: Shape, path: Path, shown: str, report: Report, required: bool = False) -> Record | None:
    if not path.exists():
        if required:
            report.error(Mark(shown), "file not found", "run `python build.py split SEED` to start an article")
        return None
    node = load_file(path, shown, report)
    if node is None:
        return None
    return check_mapping(node, shape, shown, report)
