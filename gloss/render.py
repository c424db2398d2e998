"""Stage 4, render: Markdown bodies with their highlights, then the Jinja pages.

Templates hold the markup and nothing from content reaches the page unescaped:
autoescape is on for every template, and the only `Markup` values are HTML
produced here by markdown-it with raw HTML off.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote_to_bytes

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateAssertionError,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
)
from jinja2 import Template as JinjaTemplate
from jinja2.runtime import Macro
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .anchor import Segmentation, Span
from .contract import VERDICTS
from .dates import Date
from .languages import direction
from .markup import Highlighter
from .metadata import page_meta
from .model import VERDICT_ICONS, VERDICT_LABELS, Article, Event, Section
from .problems import Mark

PAGES = ("index.html", "timeline.html", "sources.html", "404.html")


def environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat per include; `serve` clears env.cache when a template changes
        bytecode_cache=_bytecode_cache(),
    )
    env.template_class = _Template
    env.filters["href"] = href
    env.filters["numbers_whole"] = numbers_whole
    env.filters["direction"] = direction
    env.filters["readable_url"] = readable_url
    env.globals.update(verdicts=[(name, VERDICT_ICONS[name], VERDICT_LABELS[name], meaning) for name, meaning in VERDICTS.items()])
    env.globals.update(ENGLISH)
    return env


class _Template(JinjaTemplate):
    """A template whose `{{ … }}` outputs are escaped by `escaper`'s function, for the article's date style."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: dict, globals: dict) -> JinjaTemplate:  # type: ignore[override]
        # The name each compiled `{{ … }}` calls, looked up as it runs; `speak_as` reloads the templates when the style changes.
        namespace["escape"] = escaper(environment.globals["day_first"])
        return super()._from_namespace(environment, namespace, globals)


_as_markup = str.__new__  # `_as_markup(Markup, text)`: text known to be safe, without Markup's own checks


def escaper(day_first: bool) -> Callable[[object], Markup]:
    """The pages' escape: `markupsafe.escape`, the same result for every value, with two of its commonest cases in
    a page made cheaper: HTML already safe (a macro's output, `ui`) and whole numbers (a claim's number), which
    together make close to half of the article page's 150 outputs per section. Escape copies the one and turns
    the other into text and then scans it; here the one is kept and the other is only turned into text. A date
    is spelled as the article's readers write one: `day_first` ("20 May 2025") or not ("May 20, 2025")."""

    def escape_output(value: object) -> Markup:
        kind = type(value)
        if kind is Markup:
            return value  # type: ignore[return-value]
        if kind is int:
            return _as_markup(Markup, str(value))  # digits and a minus sign: nothing to escape
        if kind is Date:
            return _as_markup(Markup, value.spelled(day_first))  # type: ignore[attr-defined]  # digits, letters, a comma
        return escape(value)

    return escape_output


# `ui` marks Gloss's words; `ui_lang` marks them too, where the element's layout or visible words are the article's
# (the sections' list, labelled "Sections"), so it keeps the page's direction.
ENGLISH = {
    "ui": Markup(""),
    "ui_lang": Markup(""),
    "content": Markup(""),
    "right_to_left": False,
    "day_first": False,
}


def speak_as(env: Environment, article: Article) -> None:
    """Set the templates' `ui`, `ui_lang` and `content` attributes, and the page's direction, for `article`.
    Gloss's own words are English; the article's, which `<html lang>` declares, may not be. Then Gloss's words
    say `lang="en"`, and the article's words inside them say theirs, so that a screen reader speaks each in its
    own language (WCAG 3.1.2). An English article needs neither. An article written right to left (Arabic,
    Hebrew…) sets the page's direction, and Gloss's words inside it say theirs, as the article's words inside
    those do."""
    marks = {**ENGLISH, "day_first": article.day_first}
    if article.language.split("-")[0] != "en":
        english, theirs = Markup(' lang="en"'), Markup(' lang="{}"').format(article.language)
        marks.update(ui=english, ui_lang=english, content=theirs)
        if direction(article.language) == "rtl":
            marks.update(ui=english + Markup(' dir="ltr"'), content=theirs + Markup(' dir="rtl"'), right_to_left=True)
    if any(env.globals[name] != mark for name, mark in marks.items()):  # `serve` keeps one environment for every rebuild
        env.globals.update(marks)
        env.cache.clear()  # a template imported for its macros keeps the globals it was loaded with


# A score or a range of numbers ("3–1", "2024-2025", "10—12"): a line may break after its dash, so "3–" ends one line.
_NUMBER_PAIR = re.compile(r"\d(?:[\d.,]*\d)?[-–—]\d(?:[\d.,]*\d)?")  # "1,000–2,000", not the comma after "3–1,"


def numbers_whole(text: str) -> Markup:
    """The text, escaped, with each score or range of numbers kept on one line: the words are unchanged."""
    escaped = str(escape(text))
    return Markup(_NUMBER_PAIR.sub(_held_together, escaped))


def _held_together(match: re.Match[str]) -> str:
    """A short pair held on one line; a longer one may be wider than a phone's line, so it is left free to wrap."""
    return f'<span class="nobr">{match[0]}</span>' if len(match[0]) <= 12 else match[0]


def href(url: str) -> str:
    """A URL from content as a valid attribute value: what a URL may not hold (quotes, <, >, spaces) is percent-encoded."""
    return quote(url, safe="!#$%&'()*+,/:;=?@[]~")


# A run of percent-escapes: what a browser copies into a URL for each letter outside ASCII.
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def readable_url(url: str) -> str:
    """The URL as a reader reads it, for its link's text (never its href): each run of percent-escapes that spells
    letters, marks or digits outside ASCII (`%E9%9D%92` is 青) shown as them. A run that spells anything else (a
    slash, a space, a control, a bidi override that would reorder what it shows) stays as written."""
    return _ESCAPES.sub(_letters_of, url)


def _letters_of(escapes: re.Match[str]) -> str:
    import unicodedata

    try:
        text = unquote_to_bytes(escapes[0]).decode("utf-8")
    except UnicodeDecodeError:
        return escapes[0]
    readable = all(not char.isascii() and unicodedata.category(char)[0] in "LMN" for char in text)
    return text if readable else escapes[0]


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept across runs (compiling costs more than rendering the article).

    Jinja keys each entry by the template's file and checks its source checksum,
    so an edited template is always compiled afresh; output does not depend on it.
    """
    try:
        return FileSystemBytecodeCache()  # a private folder for this user under the system's temp folder
    except (OSError, RuntimeError):  # no usable temp folder: compile every time
        return None


def macro(env: Environment, template: str, name: str) -> Macro:
    """A macro that Python calls, or a template error that names what is missing."""
    loaded = env.get_template(template)
    found = getattr(loaded.module, name, None)
    if not isinstance(found, Macro):  # reported at the template's own file, as a syntax error would be
        raise TemplateAssertionError(f"{template} defines no macro '{name}'", 1, template, loaded.filename)
    return found


def render_body(section: Section, md: MarkdownIt, env: Environment) -> Markup:
    return _body(section, md, macro(env, "_claim_marker.html", "claim_marker"))


def _body(section: Section, md: MarkdownIt, marker: Macro) -> Markup:
    markers = {claim.id: str(marker(claim)) for claim in section.claims}
    spans = [Span(claim.start, claim.end, claim.id) for claim in section.claims]
    highlighter = Highlighter(Segmentation(spans), {claim.id: claim for claim in section.claims}, markers)
    return Markup(md.renderer.render(section.tokens, md.options, {"highlighter": highlighter}))


def timeline_rows(article: Article) -> list[Event | None]:
    """The events in date order, with None where the "as of this article" marker stands among them."""
    rows: list[Event | None] = list(article.timeline)
    rows.insert(next((i for i, event in enumerate(article.timeline) if event.later), len(rows)), None)
    return rows


class _SectionJob(NamedTuple):
    """What rendering one section needs."""

    md: MarkdownIt
    block: Macro  # _section.html's section_block
    marker: Macro  # _claim_marker.html's claim_marker
    claim_events: dict[str, list[Event]]
    section_events: dict[str, list[Event]]

    def __call__(self, section: Section) -> str:
        body = _body(section, self.md, self.marker)
        return str(self.block(section, body, self.claim_events, self.section_events[section.id]))


class SectionCache:
    """For `serve`: each section's HTML from the last rebuild, kept by everything that goes into
    it, so a rebuild after editing one section renders that section (and any whose claim or
    source numbers moved), not the whole book.

    The key is the section's own values (id, title, claims with their sources and notes, facts,
    events) and its timeline links; its body must be the very token list it was rendered from,
    which the file cache (or the parser) hands back for an unchanged text. Templates are not in the key: `serve`
    starts a new cache when one changes."""

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], tuple[object, str]] = {}
        self._used: dict[tuple[object, ...], tuple[object, str]] = {}

    def new_round(self) -> None:
        """Forget what the last rebuild did not use, so memory follows the content."""
        self._kept, self._used = self._used, {}

    def get(self, key: tuple[object, ...], tokens: object) -> str | None:
        found = self._used.get(key) or self._kept.get(key)
        if found is None or found[0] is not tokens:
            return None
        self._used[key] = found
        return found[1]

    def put(self, key: tuple[object, ...], tokens: object, html: str) -> None:
        self._used[key] = (tokens, html)


class Sections(Mapping[str, Markup]):
    """The article page's sections as HTML by section id, each rendered when the page asks for
    it, so a book's sections never all wait in memory at once."""

    def __init__(self, article: Article, md: MarkdownIt, env: Environment, cache: SectionCache | None = None) -> None:
        block, marker = macro(env, "_section.html", "section_block"), macro(env, "_claim_marker.html", "claim_marker")
        self._job = _SectionJob(md, block, marker, *timeline_links(article))
        self._cache = cache
        self._sections = {section.id: section for section in article.sections}
        self._language = article.language  # the `lang` marks in a section's HTML follow it (see `speak_as`)

    def __getitem__(self, section_id: str) -> Markup:
        section = self._sections[section_id]  # an unknown id is a KeyError: undefined, to the template
        try:
            return Markup(self._render(section))
        except (AttributeError, LookupError, TypeError) as error:  # Jinja would take these for "no such item"
            raise TemplateRuntimeError(f"rendering section '{section_id}': {error!r}") from error

    def _render(self, section: Section) -> str:
        if self._cache is None:
            return self._job(section)
        key = self._key(section)
        html = self._cache.get(key, section.tokens)
        if html is None:
            html = self._job(section)
            self._cache.put(key, section.tokens, html)
        return html

    def _key(self, section: Section) -> tuple[object, ...]:
        claim_events = tuple(tuple(self._job.claim_events[claim.id]) for claim in section.claims)
        other_events = tuple(self._job.section_events[section.id])
        return (
            section.id,
            section.title,
            section.claims,
            section.facts,
            section.events,
            section.unchecked,
            claim_events,
            other_events,
            self._language,
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._sections)

    def __len__(self) -> int:
        return len(self._sections)


def timeline_links(article: Article) -> tuple[dict[str, list[Event]], dict[str, list[Event]]]:
    """The way back from the article to the timeline: events told by a claim, and each section's other events."""
    claim_events: dict[str, list[Event]] = {claim.id: [] for claim in article.claims}
    section_events: dict[str, list[Event]] = {section.id: [] for section in article.sections}
    for event in article.timeline:
        if event.claim:
            claim_events[event.claim.id].append(event)
        else:
            section_events[event.section_id].append(event)
    return claim_events, section_events


def render_pages(article: Article, env: Environment, sections: Mapping[str, Markup]) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Every page, one at a time, as the UTF-8 bytes written to the site, in pieces."""
    context = {"article": article, "sections": sections, "timeline": timeline_rows(article)}
    for page in PAGES:
        yield page, _utf8(env.get_template(page).generate(page=page, meta=page_meta(article, page), **context))


def _utf8(pieces: Iterator[str], batch: int = 1 << 20) -> Iterator[bytes]:
    """A template's output, joined and encoded about a megabyte of text at a time: written as it
    comes, a book-length page never exists whole in memory, as a string or as bytes."""
    pending: list[str] = []
    size = 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= batch:
            yield "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
    yield "".join(pending).encode("utf-8")


def template_mark(error: TemplateError, templates: Path) -> Mark:
    if isinstance(error, TemplateSyntaxError):
        return Mark(os.path.relpath(error.filename or templates / (error.name or "")), error.lineno)
    tail = traceback.extract_tb(error.__traceback__)
    frame = next((frame for frame in reversed(tail) if frame.filename.startswith(str(templates))), None)
    return Mark(os.path.relpath(frame.filename), frame.lineno or 1) if frame else Mark(os.path.relpath(templates))
