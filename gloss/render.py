"""Stage 4, render: Markdown bodies with their highlights, then the Jinja pages.

Templates hold the markup and nothing from content reaches the page unescaped:
autoescape is on for every template, and the only `Markup` values are HTML
produced here by markdown-it with raw HTML off.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markdown_it import MarkdownIt
from markupsafe import Markup

from .anchor import Segmentation, Span
from .contract import VERDICTS
from .markup import Highlighter
from .metadata import page_meta
from .model import VERDICT_ICONS, VERDICT_LABELS, Article, Event, Section
from .problems import Mark

PAGES = ("index.html", "timeline.html", "sources.html", "404.html")


@dataclass(frozen=True)
class TimelineRow:
    """An event, or the marker for the article's own date ("as of this article")."""

    event: Event | None
    anchor: str = ""  # the event's id on timeline.html: `event-<section id>-<n>`, n counting from 1 in its section


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
    env.filters["href"] = href
    env.globals.update(verdicts=[(name, VERDICT_ICONS[name], VERDICT_LABELS[name], meaning) for name, meaning in VERDICTS.items()])
    return env


def href(url: str) -> str:
    """A URL from content as a valid attribute value: what a URL may not hold (quotes, <, >, spaces) is percent-encoded."""
    return quote(url, safe="!#$%&'()*+,/:;=?@[]~")


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept across runs (compiling costs more than rendering the article).

    Jinja keys each entry by the template's file and checks its source checksum,
    so an edited template is always compiled afresh; output does not depend on it.
    """
    try:
        return FileSystemBytecodeCache()  # a private folder for this user under the system's temp folder
    except (OSError, RuntimeError):  # no usable temp folder: compile every time
        return None


def render_body(section: Section, md: MarkdownIt, env: Environment) -> Markup:
    marker = env.get_template("_claim_marker.html")
    markers = {claim.id: marker.render(claim=claim).strip() for claim in section.claims}
    spans = [Span(claim.start, claim.end, claim.id) for claim in section.claims]
    highlighter = Highlighter(Segmentation(spans), {claim.id: claim for claim in section.claims}, markers)
    return Markup(md.renderer.render(section.tokens, md.options, {"highlighter": highlighter}))


def event_anchors(article: Article) -> list[tuple[Event, str]]:
    """Each event with its id, numbered within its section so the id survives edits elsewhere."""
    return [(event, f"event-{section.id}-{n}") for section in article.sections for n, event in enumerate(section.events, 1)]


def timeline_rows(article: Article) -> list[TimelineRow]:
    # by identity: two events may be equal as values and still need their own ids
    anchors = {id(event): anchor for event, anchor in event_anchors(article)}
    rows = [TimelineRow(event, anchors[id(event)]) for event in article.timeline]
    position = next((i for i, row in enumerate(rows) if row.event and row.event.date.start > article.published.end), len(rows))
    rows.insert(position, TimelineRow(None))
    return rows


def render_notes(article: Article, md: MarkdownIt) -> dict[str, Markup]:
    """Each claim's note as HTML by claim id, empty without a note: for the pages and the open data alike."""
    return {claim.id: Markup(md.render(claim.note) if claim.note is not None else "") for claim in article.claims}


def render_pages(article: Article, md: MarkdownIt, env: Environment, notes: dict[str, Markup]) -> dict[str, bytes]:
    """Every page, as the UTF-8 bytes written to the site; `notes` from `render_notes`."""
    bodies = {section.id: render_body(section, md, env) for section in article.sections}
    timeline = timeline_rows(article)
    # the way back from the article to the timeline: events told by a claim, and the section's other events
    claim_events: dict[str, list[TimelineRow]] = {claim.id: [] for claim in article.claims}
    section_events: dict[str, list[TimelineRow]] = {section.id: [] for section in article.sections}
    for row in timeline:
        if row.event and row.event.claim:
            claim_events[row.event.claim.id].append(row)
        elif row.event:
            section_events[row.event.section_id].append(row)
    context = {
        "article": article,
        "bodies": bodies,
        "notes": notes,
        "timeline": timeline,
        "claim_events": claim_events,
        "section_events": section_events,
        "claims_by_id": {claim.id: claim for claim in article.claims},
    }
    return {page: _utf8(env.get_template(page).generate(page=page, meta=page_meta(article, page), **context)) for page in PAGES}


def _utf8(pieces: Iterator[str], batch: int = 20_000) -> bytes:
    """Join and encode a template's output a batch at a time: a book-length page never
    exists as one string (twice or four times its bytes) beside all its pieces."""
    encoded: list[bytes] = []
    pending: list[str] = []
    for piece in pieces:
        pending.append(piece)
        if len(pending) == batch:
            encoded.append("".join(pending).encode("utf-8"))
            pending.clear()
    encoded.append("".join(pending).encode("utf-8"))
    return b"".join(encoded)


def template_mark(error: TemplateError, templates: Path) -> Mark:
    if isinstance(error, TemplateSyntaxError):
        return Mark(os.path.relpath(error.filename or templates / (error.name or "")), error.lineno)
    tail = traceback.extract_tb(error.__traceback__)
    frame = next((frame for frame in reversed(tail) if frame.filename.startswith(str(templates))), None)
    return Mark(os.path.relpath(frame.filename), frame.lineno or 1) if frame else Mark(os.path.relpath(templates))
