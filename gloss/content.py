"""Stages 1 and 2 for a whole project: find the content files, load and validate each; and for
each section file, the part of stage 3 that needs that file alone (`body`: parse, anchor)."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from markdown_it import MarkdownIt

from . import parallel
from .body import Body, read_body
from .contract import ARTICLE, SECTION, SOURCE, Shape
from .load import load_file
from .problems import Mark, Problem, Report
from .validate import Record, check_list, check_mapping


class Paths(NamedTuple):
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


class Content(NamedTuple):
    article: Record | None
    sources: tuple[Record, ...]
    sections: tuple[Body, ...]  # each section's record, its body parsed and its quotes anchored
    section_files: tuple[str, ...]  # every section file found, as shown, read or not


# How to read one file: `read(report)` loads and validates it. `serve` passes a reader
# that keeps each file's result until the file changes (gloss.incremental.FileCache).
FileReader = Callable[[Path, Report, Callable[[Report], Any]], Any]


def read_every_time(path: Path, report: Report, read: Callable[[Report], Any]) -> Any:
    return read(report)


def read_content(paths: Paths, report: Report, md: MarkdownIt, read_file: FileReader = read_every_time, *, notes: bool = False) -> Content:
    """Every content file read; `notes` renders each claim's note as HTML (see `body.read_body`)."""
    files = paths.section_files()
    shown = [paths.shown(path) for path in files]
    sections = _SectionReader(list(zip(files, shown, strict=True)), partial(read_body, md=md, notes=notes), report, read_file)
    try:
        article = read_file(
            paths.article, report, partial(_read_mapping, ARTICLE, paths.article, paths.shown(paths.article), required=True)
        )
        sources: tuple[Record, ...] = ()
        if paths.sources.exists():
            sources = read_file(paths.sources, report, partial(_read_sources, paths))
        if not files:
            report.error(
                Mark(paths.shown(paths.sections)),
                "no section files found",
                "add content/sections/010-first.yml, or run `python build.py split SEED`",
            )
        return Content(article, sources, sections.bodies(), tuple(shown))
    finally:
        sections.close()


class _SectionReader:
    """The section files, in file order, each read and its body parsed and anchored. A long
    article's later half is done in a forked child (see `parallel`), started first so that it
    works while this process reads the rest; what it finds comes back as if found here."""

    def __init__(self, files: list[tuple[Path, str]], body: BodyReader, report: Report, read_file: FileReader) -> None:
        self._body, self._report, self._read_file = body, report, read_file
        share = read_file is read_every_time and parallel.worth_a_child(len(files))  # `serve` keeps each file's result instead
        later = files[len(files) // 2 :] if share else []
        self._here = files[: len(files) - len(later)]
        self._background = parallel.Background(lambda: (_read_alone(path, shown, body) for path, shown in later)) if share else None

    def bodies(self) -> tuple[Body, ...]:
        read = []
        for path, shown in self._here:
            read.append(self._read_file(path, self._report, partial(_read_section, path, shown, self._body)))
            if self._background:
                self._background.collect()  # the child's bodies so far, unpickled while it reads on
        for body, problems in self._background.items() if self._background else ():
            self._report.problems.extend(problems)
            read.append(body)
        return tuple(body for body in read if body is not None)

    def close(self) -> None:
        if self._background is not None:
            self._background.close()


# What becomes of a section's record: `body.read_body` with the parser and options of this run.
BodyReader = Callable[[Record, Report], Body]


def _read_section(path: Path, shown: str, body: BodyReader, report: Report) -> Body | None:
    record = _read_mapping(SECTION, path, shown, report)
    return None if record is None else body(record, report)


def _read_alone(path: Path, shown: str, body: BodyReader) -> tuple[Body | None, list[Problem]]:
    """A section file's body and the problems found in it: what crosses the pipe from a child."""
    report = Report()
    return _read_section(path, shown, body, report), report.problems


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
