"""Rebuilds for `serve`: the same pipeline as `build`, keeping what did not change.

A `Builder` lives as long as the server. Between rebuilds it keeps the Markdown
parser and what it parsed, the Jinja environment and its compiled templates,
each content file's validated records (until the file changes; for a section, its
parsed body, anchored quotes and rendered notes too), each section's
HTML (until anything it shows changes), and the bytes of every file it wrote,
so a rebuild after saving one section reads one file, renders that section and
the pages around it, and rewrites only the files whose bytes changed.

What it skips never changes the output: a rebuild writes the same bytes as
`python build.py` would for the same input.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .content import Paths, read_content
from .markup import make_parser
from .model import Article
from .pipeline import ENGINE, at_address, site_files
from .problems import Problem, Report
from .render import SectionCache, environment
from .resolve import resolve
from .write import beside, write_site


class RememberingParser(MarkdownIt):
    """A parser that hands back the tokens and HTML of a source text it parsed in the
    current or the previous rebuild. Parsing is a pure function of the text, and the
    tokens are only annotated (offsets) the same way each time, so sharing them is safe."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tokens: dict[str, list[Token]] = {}
        self._html: dict[str, str] = {}
        self._old_tokens: dict[str, list[Token]] = {}
        self._old_html: dict[str, str] = {}

    def new_round(self) -> None:
        """Forget what was not used since the last call, so memory follows the content."""
        self._old_tokens, self._tokens = self._tokens, {}
        self._old_html, self._html = self._html, {}

    def parse(self, src: str, env: Any = None) -> list[Token]:
        if env is not None:  # a caller with its own state parses afresh
            return super().parse(src, env)
        tokens = self._tokens.get(src) or self._old_tokens.get(src)
        if tokens is None:
            tokens = super().parse(src)
        self._tokens[src] = tokens
        return tokens

    def render(self, src: str, env: Any = None) -> str:
        if env is not None:
            return super().render(src, env)
        html = self._html.get(src)
        if html is None:
            html = self._old_html.get(src)
        if html is None:
            html = super().render(src)
        self._html[src] = html
        return html


class FileCache:
    """Each content file's validated result and problems, kept while the file's size,
    modification time and inode stay the same, or until `forget` names it."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int, int], Any, list[Problem]]] = {}

    def forget(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self._entries.pop(_key(path), None)

    def read(self, path: Path, report: Report, read: Callable[[Report], Any]) -> Any:
        path = _key(path)
        try:
            stat = path.stat()
        except OSError:  # missing or unreadable: the reader says so
            self._entries.pop(path, None)
            return read(report)
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        entry = self._entries.get(path)
        if entry is None or entry[0] != stamp:
            own = Report()
            entry = (stamp, read(own), own.problems)
            self._entries[path] = entry
        report.problems.extend(entry[2])
        return entry[1]

    def keep_only(self, paths: Iterable[Path]) -> None:
        wanted = {_key(path) for path in paths}
        for path in [path for path in self._entries if path not in wanted]:
            del self._entries[path]


def _key(path: Path) -> Path:
    """A file's key: its absolute path, with no system call (resolving a book's thousand files
    on every rebuild cost ~0.1 s). The stamp, which follows links, still sees every change."""
    return Path(os.path.abspath(path))


@dataclass(frozen=True)
class Outcome:
    """What one (re)build did."""

    article: Article | None
    report: Report
    seconds: float
    cpu_seconds: float  # this process's CPU time: what the rebuild costs on a machine that is not busy
    changed: tuple[str, ...]  # site files written or removed

    @property
    def ok(self) -> bool:
        return self.article is not None


class Builder:
    """Builds one project into one folder, again and again, as cheaply as it can."""

    def __init__(self, root: Path, out: Path, base_url: str | None, engine: Path = ENGINE) -> None:
        self.paths = Paths(root)
        self.out = out
        self.base_url = base_url
        self.engine = engine
        self.md = make_parser(RememberingParser)
        self.env = environment(engine / "templates")
        self.sections = SectionCache()
        self.files = FileCache()
        self.written: dict[str, bytes] | None = None  # what `out` holds, once this builder has written it
        self._later: tuple[Article, set[str]] | None = None  # the open data `finish` owes: its article, and the files made before it

    def templates_changed(self) -> None:
        self.env = environment(self.engine / "templates")  # compiled anew (or from Jinja's bytecode cache)
        self.sections = SectionCache()  # rendered with the old templates

    def build(self, changed: Iterable[Path] = (), *, open_data_later: bool = False) -> Outcome:
        """Rebuild after `changed` files changed (any file may have: stamps are checked too).

        With `open_data_later`, a rebuild leaves the open data, which no page loads, to `finish`:
        `serve` reloads the browser in between, so a book's edit shows without waiting for it.
        The first build writes the whole site at once, as `build` does."""
        self.finish()  # what an earlier build left for later comes first: the last good site is whole
        started, cpu = time.perf_counter(), time.process_time()
        self.files.forget(changed)
        assert isinstance(self.md, RememberingParser)
        self.md.new_round()
        self.sections.new_round()
        report = Report()
        content = read_content(self.paths, report, self.md, self.files.read, notes=True)
        self.files.keep_only([self.paths.article, self.paths.sources, *self.paths.section_files()])
        article = resolve(content, self.paths, report)
        written: tuple[str, ...] = ()
        if article is not None:
            article = at_address(article, self.base_url)
            later = open_data_later and self.written is not None
            files = site_files(article, self.md, self.env, report, self.sections, with_open_data=not later)
            if files is None:  # a template being edited: reported, and the server keeps serving
                return Outcome(None, report, time.perf_counter() - started, time.process_time() - cpu, ())
            if later:
                assert self.written is not None
                self._later = (article, set(files))
                files = {**self.written, **files}  # nothing is gone yet: what was not made now may be open data
            written = self._write(files)
        return Outcome(article, report, time.perf_counter() - started, time.process_time() - cpu, written)

    def finish(self) -> tuple[str, ...]:
        """The open data a build left for later, written where it changed: the site files written or removed."""
        if self._later is None or self.written is None:
            return ()
        from .export import open_data

        article, made = self._later
        self._later = None
        return self._write({name: self.written[name] for name in made} | dict(open_data(article)))

    def settle(self) -> None:
        """Collect the garbage, then set what is left aside from the collector: for the server to call
        while idle, after a rebuild and its open data. A book's model, records and caches are millions
        of objects that live from one rebuild to the next; the collector would otherwise walk them all,
        at moments of its own choosing, during about one rebuild in two (0.1–0.15 s at 1,000 sections).
        Each call first takes back what the last one set aside, so a cycle that has since become garbage
        is still freed: memory follows the content."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _write(self, files: dict[str, bytes]) -> tuple[str, ...]:
        if self.written is None:
            # The first good build replaces the folder whole, as `build` does: no stale files stay.
            write_site(sorted(files.items()), self.out)
            self.written = files
            return tuple(sorted(files))
        changed = [name for name, data in sorted(files.items()) if self.written.get(name) != data]
        for name in changed:
            replace_file(self.out / name, files[name])
        gone = sorted(set(self.written) - set(files))
        for name in gone:
            (self.out / name).unlink(missing_ok=True)
        self.written = files
        return (*changed, *gone)


def replace_file(target: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a reader sees the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = beside(target, "new")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
