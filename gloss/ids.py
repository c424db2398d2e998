"""The ids the site's pages give their elements: one rule for each, which the pages follow (through
the model and `render`) and the checks rely on (`body`: a section id the page already uses; `links`:
a link to an id). No imports: `check`, and the child that loads the files, use it too."""

from __future__ import annotations

from collections.abc import Iterable

# Ids the pages give their own elements (templates/*.html, static/gloss.js): a section id must not
# take one, or the page would hold two elements with one id.
PAGE_IDS = {
    "main",
    "facts-title",
    "legend-title",
    "timeline-title",
    "references-title",
    "as-of-article",
    "gloss-pop",
    "gloss-tip",
    "pop-title",
}
PREFIXES = ("claim-", "details-", "source-", "event-")  # of the ids made from the content's, below
# The names of the regions index.html gives its own parts (templates/_legend.html, index.html), folded: each section
# is a region named by its title, and two regions of one name cannot be told apart in a screen reader's list.
PAGE_REGIONS = {"how to read the highlights", "sources"}
INDEX_IDS = ("main", "legend-title")  # what index.html always has


def claim(ident: str) -> str:
    """A claim's highlight in the text: its permalink."""
    return f"claim-{ident}"


def details(ident: str) -> str:
    """A claim's evidence, under its section."""
    return f"details-{ident}"


def source(ident: str) -> str:
    return f"source-{ident}"


def event(section_id: str, number: int) -> str:
    """An event on timeline.html, numbered from 1 within its section, so the id survives edits elsewhere."""
    return f"event-{section_id}-{number}"


def page_ids(sections: Iterable[tuple[str, int]], claims: Iterable[str], sources: Iterable[str], facts: bool) -> dict[str, set[str]]:
    """The ids each page gives its elements (templates/), from the sections' ids and how many events each
    has, the claims' and the sources' ids, and whether there are facts (their box has a heading)."""
    sections = list(sections)
    source_ids = {source(ident) for ident in sources}
    claim_ids = {make(ident) for ident in claims for make in (claim, details)}
    events = {event(ident, n) for ident, count in sections for n in range(1, count + 1)}
    headings = ({"facts-title"} if facts else set()) | ({"references-title"} if source_ids else set())
    return {
        "index.html": {*INDEX_IDS, *headings, *(ident for ident, _ in sections), *claim_ids, *source_ids},
        "sources.html": {"main", *source_ids},
        "timeline.html": {"main", "as-of-article", *events} if events else {"main"},  # no events, no timeline
    }
