"""The typed model the templates read: built once by `resolve`, never mutated.

The plain records are named tuples, which Python makes six times faster than frozen
dataclasses, at import and for each of a book's thousands of claims; a section and the
article stay dataclasses for their fields left out of equality and their cached values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

from markdown_it.token import Token
from markupsafe import Markup

from . import ids, languages
from .anchor import SectionText
from .contract import VERDICTS, host_labels
from .dates import Date

VERDICT_LABELS = {verdict: verdict.replace("-", " ").capitalize() for verdict in VERDICTS}
VERDICT_ICONS = {
    "accurate": "✓",
    "mostly-accurate": "≈",
    "mixed": "±",
    "inaccurate": "✗",
    "unverified": "?",
    "opinion": "❝",
}


class Source(NamedTuple):
    id: str
    number: int
    title: str
    publisher: str
    url: str | None
    published: Date | None
    accessed: Date | None
    summary: str | None
    language: str | None = None  # where it is not the article's

    @property
    def anchor(self) -> str:
        return ids.source(self.id)


class Verdict(NamedTuple):
    name: str

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.name]

    @property
    def icon(self) -> str:
        return VERDICT_ICONS[self.name]


class Claim(NamedTuple):
    id: str
    number: int  # reading order across the article, from 1
    quote: str
    verdict: Verdict
    note: Markup  # as HTML, empty without one: rendered as its file was read, for a build only (`check` never needs it)
    sources: tuple[Source, ...]
    section_id: str
    start: int  # offsets in the section's text
    end: int

    @property
    def anchor(self) -> str:
        return ids.claim(self.id)

    @property
    def details_anchor(self) -> str:
        return ids.details(self.id)


class Fact(NamedTuple):
    label: str
    value: str
    as_of: Date | None
    claim: Claim | None
    sources: tuple[Source, ...]
    section_id: str

    @property
    def shown_sources(self) -> tuple[Source, ...]:
        """The sources the key facts show beside it: where it names a claim, whose evidence lists the claim's
        own sources, only those the claim does not cite."""
        return self.sources if self.claim is None else tuple(source for source in self.sources if source not in self.claim.sources)


class Event(NamedTuple):
    date: Date
    title: str
    as_written: str | None
    claim: Claim | None
    sources: tuple[Source, ...]
    section_id: str
    planned: bool  # as of the article: planned or expected, not reported as done
    later: bool  # dated after the article; with `planned` false, reported since
    anchor: str  # its id on timeline.html (`ids.event`)

    @property
    def target(self) -> str:
        """Where in the article the event is told."""
        return self.claim.anchor if self.claim else self.section_id


class Citing(NamedTuple):
    """What cites a source: where its "Cited by" leads a reader."""

    claims: tuple[Claim, ...]  # in reading order
    facts: tuple[Fact, ...]  # those beside which the key facts show it (`Fact.shown_sources`)
    events: tuple[Event, ...]  # in date order

    @property
    def dates(self) -> tuple[Event, ...]:
        """The first event of each date: the timeline shows one date's events together."""
        first: dict[Date, Event] = {}
        for event in self.events:
            first.setdefault(event.date, event)
        return tuple(first.values())

    def lean(self) -> Citing:
        """What the article page's short source list shows: the claims, and the facts and events only where
        no claim cites the source, so that every source leads somewhere."""
        return Citing(self.claims, (), ()) if self.claims else self


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    tokens: list[Token] = field(compare=False, repr=False)  # the parsed body, rendered by `render`
    text: SectionText = field(compare=False, repr=False)  # the reader's text the claims are anchored in
    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...]
    events: tuple[Event, ...]
    unchecked: str | None = None  # why the section has no claims to check, shown to the reader


@dataclass(frozen=True)
class Article:
    title: str
    subtitle: str | None
    author: str
    publisher: str
    published: Date
    url: str | None
    reviewed_by: str | None
    checked_by: str | None  # who wrote the annotations; reviewed_by belongs to the original
    language: str
    base_url: str | None
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]  # in citation order
    timeline: tuple[Event, ...]  # in date order
    backlinks: dict[str, Citing] = field(hash=False)  # source id → what cites it

    @cached_property  # the model never changes; templates ask for this often
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for section in self.sections for claim in section.claims)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(fact for section in self.sections for fact in section.facts)

    @property
    def verdict_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICTS, 0)
        for claim in self.claims:
            counts[claim.verdict.name] += 1
        return counts

    @property
    def site_name(self) -> str:
        """Who publishes the annotations (og:site_name, the fact-check's author): the site, not the original's publisher."""
        return f"Annotated: {self.publisher}"

    @property
    def fact_checker(self) -> str:
        """Who the fact-check is credited to: `checked_by`, else the site itself, never the original's reviewer."""
        return self.checked_by or self.site_name

    def public_url(self, path: str = "") -> str | None:
        """The absolute URL of a file of the site, or None when no base URL is known.

        Only for places that need an absolute URL (canonical, og:url, sitemap, JSON-LD);
        links between pages stay relative.
        """
        if not self._base_uri:
            return None
        return self._base_uri.rstrip("/") + "/" + path

    @cached_property
    def day_first(self) -> bool:
        """Whether the article's readers write a date day first ("6 May 2025"): see `languages.day_first`."""
        return languages.day_first(self.language)

    @cached_property
    def _base_uri(self) -> str | None:
        """`base_url` as a URI (`_as_uri`), once: every claim's ClaimReview asks for an absolute URL."""
        return _as_uri(self.base_url) if self.base_url else None

    @property
    def root_path(self) -> str:
        """The site root as a path from the host ('/' or '/project/'), for pages served at any depth (404.html)."""
        if not self._base_uri:
            return "/"
        steps = [step for step in urlsplit(self._base_uri).path.split("/") if step]
        return "/" + "".join(step + "/" for step in steps)  # never '//…', which a browser reads as a host


_URI_SAFE = "/%!$&'()*+,;=:@-._~"  # what a URI's path may hold as it is (RFC 3986), and % for escapes already made


def _as_uri(url: str) -> str:
    """The base URL (a host, a port, a path: see contract.SITE_URL_PATTERN) as a URI: its host in punycode as
    browsers write it (UTS 46: `straße.de` → `xn--strae-oqa.de`, not IDNA 2003's `strasse.de`), and what a path
    may not hold %-escaped (`ü`, `{`). A page may link to either, but a sitemap and robots.txt take only the URI."""
    parts = urlsplit(url)
    host, colon, port = parts.netloc.partition(":")  # no IPv6 literal: SITE_URL_PATTERN has no [ ]
    if not host.isascii():
        # UTS 46's mapping, near enough: compatibility forms folded (`Ｂ`, `ﬁ`, `①`), lower case that keeps ß and ς.
        labels = [label.lower() for label in host_labels(host)]
        host = ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii") for label in labels)
    return urlunsplit((parts.scheme, host + colon + port, quote(parts.path, safe=_URI_SAFE), "", ""))
