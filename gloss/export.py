"""Part of stage 4, render: everything the site knows, as open data in the field's own formats.

- `annotations.jsonld`: every claim as a W3C Web Annotation, anchored by quote and position;
- `claimreview.jsonld`: every checkable claim's schema.org ClaimReview (see `metadata`);
- `timeline.json`: the events in Knight Lab TimelineJS3's JSON format;
- `sources.json`: the sources as CSL-JSON (what Zotero, Pandoc and citeproc read);
- `facts.csv`: the key facts, one row each.

Output is deterministic: keys in a fixed order, no build time, no absolute URL unless
the base URL is known (JSON-LD then resolves relative ids against the file's own URL).

"The article's text content", which `TextPositionSelector` counts in, is defined as the
page's article text proper: the text of the `.section-text` elements of index.html in
document order, without the `.claim-end` markers the site adds after each quote, with
every run of white space replaced by one space and the ends trimmed. It equals the
sections' reader text (`SectionText`), folded the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import escape

from .anchor import fold_space
from .dates import Date
from .languages import direction
from .metadata import canonical_url, claim_reviews, claim_url
from .model import Article, Claim, Event, Source

QUOTE_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def open_data(article: Article) -> Iterator[tuple[str, bytes]]:
    """Each open-data file in turn, as (name, bytes)."""
    yield "annotations.jsonld", annotations_file(article)
    yield "claimreview.jsonld", to_json(claim_reviews(article))
    yield "timeline.json", to_json(timeline(article))
    yield "sources.json", to_json(csl_sources(article))
    yield "facts.csv", facts_csv(article).encode("utf-8")


def to_json(data: object, end: str = "\n") -> bytes:
    # Compact: with an indent, json falls back from its C encoder to pure Python, ten times slower.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + end).encode("utf-8")


# --- Web Annotations ---------------------------------------------------------------------


def article_text(article: Article) -> tuple[str, dict[str, tuple[int, int]]]:
    """The article's text content (see the module docstring) and each claim's (start, end) in it."""
    parts: list[str] = []
    offsets: dict[str, int] = {}  # section id → where its text starts in the joined text
    length = 0
    for section in article.sections:
        offsets[section.id] = length
        parts.append(section.text.text)
        parts.append(" ")
        length += len(section.text.text) + 1
    folded, index = fold_space("".join(parts))
    lead = len(folded) - len(folded.lstrip(" "))
    text = folded.strip(" ")
    spans = {}
    for claim in article.claims:
        start = offsets[claim.section_id] + claim.start
        end = offsets[claim.section_id] + claim.end
        # A quote starts and ends on a visible character, which folding keeps.
        folded_start = index.folded(start)
        folded_end = index.folded(end - 1) + 1
        spans[claim.id] = (folded_start - lead, folded_end - lead)
    return text, spans


def collection_id(article: Article) -> str:
    """The collection's id: absolute when the site's address is known."""
    return article.public_url("annotations.jsonld") or "annotations.jsonld"


def annotations_file(article: Article) -> bytes:
    """The AnnotationCollection, every claim in one page of items. The items are encoded one at a
    time, so a book's many thousands never exist at once as a tree of dicts; the bytes are those
    of encoding the whole collection at once."""
    text, spans = article_text(article)
    items = (to_json(annotation(article, claim, text, *spans[claim.id]), end="") for claim in article.claims)
    shell = to_json(annotation_collection(article, []), end="")  # …"items":[]}}
    return shell[:-3] + b",".join(items) + shell[-3:] + b"\n"


def annotation_collection(article: Article, items: list[dict[str, object]]) -> dict[str, object]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id(article),
        "type": "AnnotationCollection",
        "label": f"Fact-check annotations on “{article.title}”",
        "total": len(article.claims),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotation(article: Article, claim: Claim, text: str, start: int, end: int) -> dict[str, object]:
    page = canonical_url(article, "index.html") or "index.html"
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{collection_id(article)}#{claim.id}",
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {"type": "Organization", "name": article.fact_checker},
        "body": annotation_body(claim, article.language, page),
        "target": {
            "source": page,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
                    "suffix": text[end : end + QUOTE_CONTEXT],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
        "canonical": claim_link(article, claim),
    }


def annotation_body(claim: Claim, language: str, page: str) -> list[dict[str, object]]:
    """The verdict, in Gloss's own words (English); the note, in the editor's: the article's language, as the page
    declares it. A note's link to `#id` means that id on the article's page (`page`), not in this file."""
    body: list[dict[str, object]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": claim.verdict.name, "format": "text/plain"},
        {"type": "TextualBody", "purpose": "assessing", "value": claim.verdict.label, "format": "text/plain", "language": "en"},
    ]
    if claim.note:
        # markdown-it's own quoting: text never holds it unescaped. The page's address is escaped as any attribute value is.
        note = str(claim.note).replace('href="#', f'href="{escape(page)}#')
        comment = {"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/html", "language": language}
        if direction(language) == "rtl":
            comment["textDirection"] = "rtl"  # the W3C model's own property: the page says it with dir="rtl"
        body.append(comment)
    # A purpose needs a SpecificResource around an external resource (W3C model 3.3.5).
    body.extend({"type": "SpecificResource", "purpose": "linking", "source": source.url} for source in claim.sources if source.url)
    return body


# --- TimelineJS3 ---------------------------------------------------------------------------


def timeline_date(date: Date, end: bool = False) -> dict[str, object]:
    """A TimelineJS date object at the date's own precision; a quarter spans its three months."""
    if date.precision == "year":
        return {"year": date.year}
    if date.precision == "quarter":
        return {"year": date.year, "month": date.month + (2 if end else 0)}
    if date.precision == "month":
        return {"year": date.year, "month": date.month}
    return {"year": date.year, "month": date.month, "day": date.day}


def timeline_event(article: Article, event: Event) -> dict[str, object]:
    # TimelineJS renders headline and text as HTML: every content string is escaped here.
    text = []
    if event.as_written:
        text.append(f"<p>The article says: “{escape(event.as_written)}”</p>")
    if event.planned:
        text.append("<p>Planned or expected as of the article.</p>")
    elif event.later:
        text.append("<p>Reported after the article.</p>")
    links = [f'<a href="{escape(source.url)}">{escape(source.title)}</a>' for source in event.sources if source.url]
    if event.claim:
        links.insert(0, f'<a href="{escape(claim_link(article, event.claim))}">Claim {event.claim.number} in the article</a>')
    if links:
        text.append("<p>" + " · ".join(links) + "</p>")
    data: dict[str, object] = {
        "unique_id": event.anchor,  # the event's id on timeline.html too
        "start_date": timeline_date(event.date),
        "display_date": event.date.spelled(article.day_first),  # as the pages spell it
        "text": {"headline": escape(event.title), "text": "".join(text)},
    }
    if event.date.precision == "quarter":
        data["end_date"] = timeline_date(event.date, end=True)
    return data


def claim_link(article: Article, claim: Claim) -> str:
    """A claim's permalink, absolute when known: the open data is read outside the site."""
    return claim_url(article, claim) or f"index.html#{claim.anchor}"


def timeline(article: Article) -> dict[str, object]:
    origin = f"{escape(article.author)} ({escape(article.publisher)}, {article.published.spelled(article.day_first)})"
    title_text = f"Every dated event in “{escape(article.title)}” by {origin}."
    return {
        "title": {"text": {"headline": escape(article.title), "text": f"<p>{title_text}</p>"}},
        "events": [timeline_event(article, event) for event in article.timeline],
    }


# --- CSL-JSON --------------------------------------------------------------------------------


def csl_date(date: Date) -> dict[str, object]:
    if date.precision == "quarter":
        return {"date-parts": [[date.year]], "literal": str(date)}
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.day else [])
    return {"date-parts": [parts]}


def csl_item(source: Source) -> dict[str, object]:
    item: dict[str, object] = {
        "id": source.id,
        "type": "webpage" if source.url else "document",
        "title": source.title,
        "publisher": source.publisher,
        "citation-number": source.number,
    }
    if source.url:
        item["URL"] = source.url
    if source.published:
        item["issued"] = csl_date(source.published)
    if source.accessed:
        item["accessed"] = csl_date(source.accessed)
    if source.summary:
        item["abstract"] = source.summary
    if source.language:
        item["language"] = source.language
    return item


def csl_sources(article: Article) -> list[dict[str, object]]:
    return [csl_item(source) for source in article.sources]


# --- CSV -------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_FIGURE = re.compile(r"[+-]\d[^=|!(@]*$")
# An operator before a cell's name (`+1+A2`, `-1*B3`): no call, yet a formula on other cells. It also takes
# "year-on-year" for one, and the figure gets its apostrophe: harmless where a formula would not be.
CELL_REFERENCE = re.compile(r"[-+*/^&<>]\s*\$?[A-Za-z]")
FACT_COLUMNS = ("section", "label", "value", "as_of", "claim", "verdict", "sources", "source_urls")


def facts_csv(article: Article) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(FACT_COLUMNS)
    for section in article.sections:
        for fact in section.facts:
            writer.writerow(
                [
                    spreadsheet_safe(cell)
                    for cell in (
                        section.id,
                        fact.label,
                        fact.value,
                        fact.as_of.source_form if fact.as_of else "",
                        fact.claim.id if fact.claim else "",
                        fact.claim.verdict.name if fact.claim else "",
                        " ".join(source.id for source in fact.sources),
                        " ".join(source.url for source in fact.sources if source.url),
                    )
                ]
            )
    return out.getvalue()


def spreadsheet_safe(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection): a cell that starts
    like one gets a leading apostrophe, as OWASP advises, unless it is a signed figure
    such as `-12%` or `+197.73% year on year` with nothing a formula could call."""
    if cell[:1] in FORMULA_STARTS and not (SIGNED_FIGURE.match(cell) and not CELL_REFERENCE.search(cell)):
        return "'" + cell
    return cell
