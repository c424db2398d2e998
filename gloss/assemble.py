"""Stage 3, resolve, its last step: the typed model, built from records that passed every check.

Apart from `resolve` so that `check`, which needs only the problems, never imports the model.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TypeVar

from markupsafe import Markup

from . import ids
from .anchor import collapse
from .body import Body
from .dates import Date
from .model import Article, Citing, Claim, Event, Fact, Section, Source, Verdict
from .records import Record

Cites = TypeVar("Cites", Claim, Fact, Event)


def assemble(article: Record, bodies: list[Body], records: dict[str, Record]) -> Article:
    """The model of an article whose records passed every check."""
    reading = [(body, claim) for body in bodies for claim in sorted(body.record.get("claims", ()), key=lambda c: _span_key(body, c))]
    sources = _number_sources(bodies, reading, records)
    claims: dict[str, Claim] = {}
    for number, (body, record) in enumerate(reading, start=1):
        start, end = body.spans[record.get("id")]
        claims[record.get("id")] = Claim(
            id=record.get("id"),
            number=number,
            quote=collapse(str(record.get("quote"))),
            verdict=Verdict(record.get("verdict")),
            note=Markup(body.notes.get(record.get("id"), "")),  # markdown-it's HTML, raw HTML off: safe
            sources=_pick(sources, record),
            section_id=body.record.get("id"),
            start=start,
            end=end,
        )
    published = article.get("published")
    in_section: dict[str, list[Claim]] = {}  # section id → its claims, in reading order
    for claim in claims.values():
        in_section.setdefault(claim.section_id, []).append(claim)
    sections = tuple(_section(body, claims, tuple(in_section.get(body.record.get("id"), ())), sources, published) for body in bodies)
    timeline = tuple(sorted((event for section in sections for event in section.events), key=lambda event: event.date.sort_key))
    return Article(
        title=str(article.get("title")),
        subtitle=_text(article.get("subtitle")),
        author=str(article.get("author")),
        publisher=str(article.get("publisher")),
        published=published,
        url=article.get("url"),
        reviewed_by=_text(article.get("reviewed_by")),
        checked_by=_text(article.get("checked_by")),
        language=article.get("language", "en"),
        base_url=article.get("base_url"),
        sections=sections,
        sources=tuple(sorted(sources.values(), key=lambda source: source.number)),
        timeline=timeline,
        backlinks=_backlinks(sources, claims.values(), (fact for section in sections for fact in section.facts), timeline),
    )


def _backlinks(sources: Collection[str], claims: Iterable[Claim], facts: Iterable[Fact], timeline: Iterable[Event]) -> dict[str, Citing]:
    """For each source, the claims, facts and events citing it where the reader sees it, each kind in the order given."""
    by_claims = _citing(sources, claims, lambda claim: claim.sources)
    by_facts = _citing(sources, facts, lambda fact: fact.shown_sources)
    by_events = _citing(sources, timeline, lambda event: event.sources)
    return {ident: Citing(by_claims[ident], by_facts[ident], by_events[ident]) for ident in sources}


def _citing(sources: Collection[str], items: Iterable[Cites], cited: Callable[[Cites], Iterable[Source]]) -> dict[str, tuple[Cites, ...]]:
    found: dict[str, list[Cites]] = {ident: [] for ident in sources}
    for item in items:
        for source in cited(item):
            found[source.id].append(item)
    return {ident: tuple(items) for ident, items in found.items()}


def _span_key(body: Body, claim: Record) -> tuple[int, int, str]:
    """Reading order is the order of the markers a reader meets: each claim's badge and
    citations follow its quote, so a claim that ends first comes first (an outer claim
    after the claims nested in it, even where both end at one word: see `Segmentation`)."""
    start, end = body.spans[claim.get("id")]
    return (end, -start, claim.get("id"))


def _number_sources(bodies: list[Body], reading: list[tuple[Body, Record]], records: dict[str, Record]) -> dict[str, Source]:
    """Numbered in order of first citation in reading order; then those cited by facts
    and events; then the uncited, in file order."""
    order: dict[str, None] = {}
    for _, claim in reading:
        order.update((ref.data, None) for ref in claim.get("sources", ()))
    for body in bodies:
        for item in (*body.record.get("facts", ()), *body.record.get("events", ())):
            order.update((ref.data, None) for ref in item.get("sources", ()))
    order.update((ident, None) for ident in records)
    return {ident: _source(records[ident], number) for number, ident in enumerate(order, start=1)}


def _source(record: Record, number: int) -> Source:
    return Source(
        id=record.get("id"),
        number=number,
        title=str(record.get("title")),
        publisher=str(record.get("publisher")),
        url=record.get("url"),
        published=record.get("published"),
        accessed=record.get("accessed"),
        summary=_text(record.get("summary")),
        language=record.get("language"),
    )


def _pick(sources: dict[str, Source], record: Record) -> tuple[Source, ...]:
    """The sources a record cites, by number: [1][3], never [3][1], whatever order the editor listed them in."""
    return tuple(sorted({ref.data: sources[ref.data] for ref in record.get("sources", ())}.values(), key=lambda source: source.number))


def _section(body: Body, claims: dict[str, Claim], own: tuple[Claim, ...], sources: dict[str, Source], published: Date) -> Section:
    section_id = body.record.get("id")
    facts = tuple(
        Fact(
            label=str(fact.get("label")),
            value=str(fact.get("value")),
            as_of=fact.get("as_of"),
            claim=claims.get(fact.get("claim")),
            sources=_pick(sources, fact),
            section_id=section_id,
        )
        for fact in body.record.get("facts", ())
    )
    events = tuple(
        _event(event, claims, sources, section_id, published, ids.event(section_id, number))
        for number, event in enumerate(body.record.get("events", ()), start=1)
    )
    unchecked = _text(body.record.get("unchecked"))
    return Section(section_id, str(body.record.get("title")), body.tokens, body.text, own, facts, events, unchecked)


def _event(event: Record, claims: dict[str, Claim], sources: dict[str, Source], section_id: str, published: Date, anchor: str) -> Event:
    later = event.get("date").after(published)
    status = event.get("status")  # else what the date says: anything after the article was still to come
    return Event(
        date=event.get("date"),
        title=str(event.get("title")),
        as_written=_text(event.get("as_written")),
        claim=claims.get(event.get("claim")),
        sources=_pick(sources, event),
        section_id=section_id,
        planned=later if status is None else status == "planned",
        later=later,
        anchor=anchor,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
