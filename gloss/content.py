"""Stages 1 and 2 for a whole project: find the content files, load and validate each; and for
each section file, the part of stage 3 that needs that file alone (`body`: parse, anchor).

Stages 1 and 2 need PyYAML and the body needs markdown-it, and importing either costs more than
reading a short article: a forked child imports PyYAML and loads the files while the command's
own process imports markdown-it (see `Reading`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import parallel
from .contract import ARTICLE, SECTION, SOURCE, Shape
from .files import why_not
from .problems import Mark, Problem, Report
from .records import Record

if TYPE_CHECKING:  # the parser and the bodies are the reading process's, imported as it finishes
    from markdown_it import MarkdownIt

    from .body import Body


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
        return self.scan_sections()[0]

    def scan_sections(self) -> tuple[list[Path], list[Path]]:
        """The section files, and the files that look like sections but are never read as one (`020-x.YML`),
        from one listing of the folder."""
        folder = self.sections
        if not folder.is_dir():
            return [], []
        # Names sort as their paths would. Whatever bears a section's name is one, file or not: a folder, a pipe or a
        # link to nothing there is then refused where it is read, never passed over in silence.
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if _is_yaml(entry.name.lower()))
        return [folder / name for name in names if _is_yaml(name)], [folder / name for name in names if not _is_yaml(name)]

    def shown(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return str(path)

    def holds(self, path: Path) -> bool:
        """Whether `path`, its links followed, is inside the project folder: no file elsewhere is read."""
        return path.resolve().is_relative_to(self.root.resolve())

    def linked_away(self) -> Path | None:
        """content/ or content/sections/, where it is a link out of the project folder: nothing in it is read,
        nor written, nor deleted (a file that is such a link is refused where it is read: see `_load`)."""
        return next((folder for folder in (self.content, self.sections) if folder.is_symlink() and not self.holds(folder)), None)

    def shown_sections(self, files: list[Path]) -> list[str]:
        """`shown` for each of `section_files()`: the folder's relative path is found once, where
        `relpath` would look up the working folder for each of a book's thousands of files."""
        folder = self.shown(self.sections)
        return [path.name if folder == os.curdir else os.path.join(folder, path.name) for path in files]


def _is_yaml(name: str) -> bool:
    """Whether the name's suffix is .yml or .yaml, on a name that is not hidden: `.x.yml` and macOS's
    `._x.yml` are an editor's or a file system's, never a section."""
    return not name.startswith(".") and name.endswith((".yml", ".yaml"))


class Content(NamedTuple):
    article: Record | None
    sources: tuple[Record, ...]
    sections: tuple[Body, ...]  # each section's record, its body parsed and its quotes anchored
    section_files: tuple[str, ...]  # every section file found, as shown, read or not
    has_sources_file: bool  # content/sources.yml exists (it is optional)


LINKED_AWAY = "the folder is a link to one outside the project folder"

# How to read one file: `read(report)` loads and validates it (and parses a section's body). `serve` passes a reader
# that keeps each file's result until the file changes (gloss.incremental.FileCache).
FileReader = Callable[[Path, Report, Callable[[Report], Any]], Any]


def read_every_time(path: Path, report: Report, read: Callable[[Report], Any]) -> Any:
    return read(report)


def read_content(paths: Paths, report: Report, md: MarkdownIt, read_file: FileReader = read_every_time, *, notes: bool = False) -> Content:
    """Every content file read; `notes` renders each claim's note as HTML (see `body.read_body`)."""
    with Reading(paths, read_file, notes=notes) as reading:
        return reading.finish(report, md)


# One file's stages 1 and 2: its record (a list of them for sources.yml), or None; problems go to the report.
Load = Callable[[Report], Any]


class Reading:
    """The content files, being read: started before the Markdown parser exists, finished with it.

    Where it pays (see `_loads_in_a_child`), a forked child loads and validates every file, PyYAML's
    part of the work, while this process imports markdown-it (and Jinja, for a build); each record
    comes back as the child makes it, and its section's body is parsed here as it arrives. The
    problems found in a file are the same, and reported in the same order, wherever it was loaded.

    With `notes` (a build), each claim's note is rendered too: here, or by the child when this
    process has fallen behind (its records wait to be sent), so a book's reading is shared out.
    """

    def __init__(self, paths: Paths, read_file: FileReader = read_every_time, *, notes: bool = False) -> None:
        self.paths = paths
        self._read_file = read_file
        self._notes = notes
        self._child_md: MarkdownIt | None = None  # the child's own parser, made once it first renders a note
        self._sections: list[tuple[Path, str]] = []  # each section file, and its name as shown
        self._misnamed: list[Path] = []  # files named as sections are not: `020-x.YML`
        self._loads: list[tuple[Path, Load]] = []
        self._refusal = self._find_files()
        self._first_section = len(self._loads) - len(self._sections)  # after article.yml and sources.yml, if any
        # With a child, each file takes the child's next result, so every file must be read: `serve`,
        # whose cache skips the files it holds, reads alone.
        forked = read_file is read_every_time and _loads_in_a_child(len(self._sections))
        self._child = parallel.Background(self._load_each) if forked else None

    def finish(self, report: Report, md: MarkdownIt) -> Content:
        from .body import read_body  # markdown-it: imported by the time this is called, in this process only

        if self._refusal:
            folder, message, hint = self._refusal
            report.error(Mark(self.paths.shown(folder)), message, hint, incomplete=True)
            return Content(None, (), (), (), False)
        loaded = self._child.items() if self._child else None  # one result per file, in file order
        body = partial(read_body, md=md, notes=self._notes)
        read = [
            self._read_file(path, report, partial(_read, load, loaded, body if index >= self._first_section else None))
            for index, (path, load) in enumerate(self._loads)
        ]
        misnamed = [self.paths.shown(path) for path in self._misnamed]
        for shown in misnamed:  # what its sections define is unknown, as for a file that could not be read
            report.error(Mark(shown), "not read: a section file's name ends in .yml or .yaml, in lower case", "rename it", incomplete=True)
        if not self._sections:
            report.error(
                Mark(self.paths.shown(self.paths.sections)),
                "no section files found",
                "add content/sections/010-first.yml, or run `python build.py split SEED`",
            )
        has_sources_file = self._first_section == 2  # read second, when it exists
        article, sources = read[0], read[1] if has_sources_file else ()
        sections = tuple(section for section in read[self._first_section :] if section is not None)
        return Content(article, sources, sections, (*(shown for _, shown in self._sections), *misnamed), has_sources_file)

    def close(self) -> None:
        if self._child is not None:
            self._child.close()

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def _find_files(self) -> tuple[Path, str, str] | None:
        """Find every file to read; or, where a content folder is not to be read, where, why and what to do."""
        try:
            if folder := self.paths.linked_away():
                return folder, LINKED_AWAY, "keep the content itself in content/"
            files, self._misnamed = self.paths.scan_sections()
            self._sections = list(zip(files, self.paths.shown_sections(files), strict=True))
            self._loads = self._each_load()
        except (OSError, RuntimeError) as error:  # a folder we may not read, a loop of links
            self._sections, self._loads = [], []
            return self.paths.content, f"cannot read the folder: {why_not(error)}", ""
        return None

    def _each_load(self) -> list[tuple[Path, Load]]:
        """Every file to read, in the order its problems are reported."""
        article = self.paths.article
        loads = [(article, partial(_read_mapping, ARTICLE, self.paths, article, self.paths.shown(article), required=True))]
        if _exists(self.paths.sources) or self.paths.sources.is_symlink():  # a link to nothing: said where it is read
            loads.append((self.paths.sources, partial(_read_sources, self.paths)))
        return loads + [(path, partial(_read_mapping, SECTION, self.paths, path, shown)) for path, shown in self._sections]

    def _load_each(self, start: int = 0) -> Iterator[Loaded]:
        """The child's work: each file's record and the problems found in it, from the file `start` on,
        and a section's notes rendered whenever the process it sends to is behind."""
        for index, (_, load) in enumerate(self._loads[start:], start):
            report = Report()
            record = load(report)
            share = self._notes and record is not None and index >= self._first_section and parallel.receiver_behind()
            yield record, report.problems, self._render_notes(record) if share else None

    def _render_notes(self, record: Record) -> dict[str, str]:
        from .body import render_notes  # markdown-it, in the child only once it first helps with the notes
        from .markup import make_parser

        if self._child_md is None:
            self._child_md = make_parser()  # configured as the main process's: the same HTML either way
        return render_notes(record, self._child_md)


def _loads_in_a_child(sections: int) -> bool:
    """A child pays when this process has markdown-it still to import (a command's one read), or
    a long article's bodies to parse while the child loads the files."""
    return parallel.worth_a_child(sections) or (parallel.can_fork() and "markdown_it" not in sys.modules)


# One file as the child loaded it: its record, the problems found in it, and a section's notes if the child rendered them.
Loaded = tuple[Any, list[Problem], "dict[str, str] | None"]


def _read(load: Load, loaded: Iterator[Loaded] | None, body: BodyReader | None, report: Report) -> Any:
    """One file read: loaded here, or taken as the child loaded it; a section's body then parsed here."""
    notes = None
    if loaded is None:
        record = load(report)
    else:
        record, problems, notes = next(loaded)
        report.problems.extend(problems)
    return record if body is None or record is None else body(record, report, rendered=notes)


# What becomes of a section's record: `body.read_body` with the parser and options of this run.
BodyReader = Callable[..., "Body"]


def _read_sources(paths: Paths, report: Report) -> tuple[Record, ...]:
    from .validate import check_list  # PyYAML: where a child loads the files, this process never imports it

    shown = paths.shown(paths.sources)
    loaded = _load(paths, paths.sources, shown, report)
    return () if loaded is None else check_list(*loaded, SOURCE, shown, report)


def _read_mapping(shape: Shape, paths: Paths, path: Path, shown: str, report: Report, required: bool = False) -> Record | None:
    from .validate import check_mapping

    if not _exists(path) and not path.is_symlink():  # a link to nothing is said to be one where it is read
        if required:
            report.error(Mark(shown), "file not found", "run `python build.py split SEED` to start an article")
        return None
    loaded = _load(paths, path, shown, report)
    return None if loaded is None else check_mapping(*loaded, shape, shown, report)


def _exists(path: Path) -> bool:
    """`Path.exists`, but a folder we may not look into (no x permission) says the file is there: reading it then
    says why it cannot be read, where `exists` would raise."""
    try:
        return path.exists()
    except OSError:
        return True


def _load(paths: Paths, path: Path, shown: str, report: Report) -> Any:
    """The file's YAML nodes and its text. A committed link to a file elsewhere (a home folder's secrets) is never
    read, so never quoted in a message; the check costs a link's lookup where the file is read."""
    from .load import load_file

    try:
        link = path.is_symlink()
        if link and not path.exists():  # to nothing, or round a loop: unreadable, as a missing file is
            report.error(Mark(shown), "a link that leads to no file", "delete it, or make it lead to the file", incomplete=True)
            return None
        linked_away = link and not paths.holds(path)
    except OSError as error:  # a folder we may not look into
        report.error(Mark(shown), f"cannot read file: {why_not(error)}", incomplete=True)
        return None
    if linked_away:
        report.error(Mark(shown), "the file is a link to one outside the project folder", "keep the content itself in content/")
        return None
    return load_file(path, shown, report)
