"""Stage 3, resolve: anchor every quote, check every reference, and, when there is no
error, build the typed model (`assemble`). Nothing is rendered or written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .anchor import SectionText, closest, collapse, find_all, flatten
from .content import Content, Paths
from .problems import Mark, Report, suggest
from .seed import block_marks, compare, read_seed
from .validate import Record, Value

if TYPE_CHECKING:  # check never imports the model: see `resolve`
    from .model import Article


@dataclass
class Body:
    """A section's parsed body and where its claims stand in it."""

    record: Record
    tokens: list[Token]
    text: SectionText
    block_marks: list[Mark]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Known:
    """Whether every source and every section could be read: when one could not, a check
    that needs them all (unknown ids, the seed, uncited sources) would only echo that error."""

    sources: bool
    sections: bool
    annotations: bool  # every section's claims, facts and events lists could be read


def resolve(content: Content, paths: Paths, report: Report, md: MarkdownIt, *, model: bool = True) -> Article | None:
    """The typed model, or None when there are errors; with `model` False, only the problems
    are found (`check` needs nothing else) and the model's module is never imported."""
    sources = _unique(content.sources, "source", report)
    bodies = [_parse(record, md) for record in content.sections]
    unread = {problem.mark.path for problem in report.problems if problem.incomplete}  # files not read in full
    known = _Known(
        sources=paths.shown(paths.sources) not in unread,
        sections=unread.isdisjoint(content.section_files) and all("body" in body.record.fields for body in bodies),
        annotations=not any(_broken(body.record, name) for body in bodies for name in ("claims", "facts", "events")),
    )
    _unique([body.record for body in bodies], "section", report)
    for body in bodies:
        _check_body(body, report)
    claims = _unique([claim for body in bodies for claim in body.record.get("claims", ())], "claim", report)
    for body in bodies:
        _anchor_claims(body, report)
    _check_references(bodies, sources, claims, report, known)
    if content.article is not None:
        _check_seed(content.article, bodies, paths, report, known)
    _warn_editorial(bodies, sources, report, known)
    for body in bodies:
        body.text.forget_fold()
    if report.errors or content.article is None or not model:
        return None
    from .assemble import assemble

    return assemble(content.article, bodies, sources)


def _unique(records: Iterable[Record], kind: str, report: Report) -> dict[str, Record]:
    by_id: dict[str, Record] = {}
    for record in records:
        ident = record.get("id")
        if ident is None:
            continue
        if ident in by_id:
            first = by_id[ident].mark_of("id")
            report.error(record.mark_of("id"), f"duplicate {kind} id '{ident}' (first used at {first})", "ids must be unique")
        else:
            by_id[ident] = record
    return by_id


# Element ids the pages already use (templates/*.html, static/gloss.js): a section id must not
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
PAGE_ID_PREFIXES = ("claim-", "details-", "source-", "event-")
# Blocks whose text the reader sees but the seed comparison cannot: a seed is prose.
VERBATIM_BLOCKS = {"code_block": "an indented code block", "fence": "a fenced code block"}


def _check_body(body: Body, report: Report) -> None:
    ident = body.record.get("id")
    if ident is not None and (ident in PAGE_IDS or ident.startswith(PAGE_ID_PREFIXES)):
        report.error(body.record.mark_of("id"), f"section id '{ident}' is taken by the page itself", f"choose another, e.g. 'part-{ident}'")
    for token in body.tokens:
        if token.type in VERBATIM_BLOCKS:
            report.error(
                _token_mark(body, token),
                f"the body makes {VERBATIM_BLOCKS[token.type]}, which a seed's prose cannot hold",
                "remove the indentation or the ``` fence, or escape the first character with a backslash",
            )


def _token_mark(body: Body, token: Token) -> Mark:
    field = body.record.fields.get("body")
    if field is None or not token.map or field.style != "|":
        return body.record.mark_of("body")
    return Mark(field.mark.path, field.mark.line + 1 + token.map[0], 3)


def _parse(record: Record, md: MarkdownIt) -> Body:
    body: Value | None = record.fields.get("body")
    tokens = md.parse(str(body.data)) if body else []
    text = flatten(tokens)
    literal = body is not None and body.style == "|"
    marks = block_marks(text.blocks, body.mark if body else record.mark, literal)
    return Body(record, tokens, text, marks)


def _anchor_claims(body: Body, report: Report) -> None:
    for claim in body.record.get("claims", ()):
        quote, ident = claim.get("quote"), claim.get("id")
        if quote is None or ident is None:
            continue
        spans = find_all(body.text, str(quote))
        where = claim.mark_of("quote")
        occurrence = claim.get("occurrence")
        if not spans:
            passage, difference = closest(body.text, str(quote))
            hint = f"closest passage: “{passage}”" + (f"; {difference}" if difference else "")
            report.error(where, f"quote of claim '{ident}' not found in section '{body.record.get('id')}'", hint)
        elif occurrence is not None and occurrence > len(spans):
            count = _times(len(spans))
            report.error(claim.mark_of("occurrence"), f"occurrence {occurrence} asked for, but the quote appears {count}")
        elif occurrence is None and len(spans) > 1:
            places = "; ".join(f"line {_line_of(body, start)}: “…{_before(body, start)}”" for start, _ in spans[:5])
            report.error(
                where,
                f"quote of claim '{ident}' appears {_times(len(spans))} in the section ({places})",
                f"add occurrence: N (1 to {len(spans)}) to pick one, or quote more words",
            )
        else:
            body.spans[ident] = spans[(occurrence or 1) - 1]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _before(body: Body, offset: int, width: int = 30) -> str:
    """The words just before an offset, to tell one occurrence from another."""
    text = collapse(body.text.text[max(0, offset - width) : offset])
    return text[-width:] if text else "(start of section)"


def _line_of(body: Body, offset: int) -> int:
    index = max((i for i, block in enumerate(body.text.blocks) if block.start <= offset), default=0)
    return body.block_marks[index].line if body.block_marks else body.record.mark.line


def _broken(record: Record, name: str) -> bool:
    """The editor gave this key (or misspelt it), but its value was refused."""
    return name in record.given and name not in record.fields


def _check_references(bodies: list[Body], sources: dict[str, Record], claims: dict[str, Record], report: Report, known: _Known) -> None:
    known_sources = sources if known.sources else None
    known_claims = claims if known.sections and known.annotations else None
    for body in bodies:
        section_id = body.record.get("id")
        for claim in body.record.get("claims", ()):
            _check_refs(claim.get("sources", ()), known_sources, "source", report)
            if claim.get("verdict") not in (None, "opinion") and not claim.get("sources") and not _broken(claim, "sources"):
                report.error(
                    claim.mark,
                    f"claim '{claim.get('id')}' has verdict '{claim.get('verdict')}' but cites no source",
                    "add sources: [id], or use verdict 'opinion' for the author's judgement",
                )
        for item in (*body.record.get("facts", ()), *body.record.get("events", ())):
            _check_refs(item.get("sources", ()), known_sources, "source", report)
            claim_ref: Value | None = item.fields.get("claim")
            if claim_ref is not None:
                _check_refs((claim_ref,), known_claims, "claim", report)
            if claim_ref is None and not item.get("sources") and not (_broken(item, "claim") or _broken(item, "sources")):
                report.error(item.mark, f"this {item.shape.name} traces to nothing", "add claim: <id> or sources: [id]")
        for event in body.record.get("events", ()):
            phrase = event.get("as_written")
            if phrase is not None and not find_all(body.text, str(phrase)):
                passage, difference = closest(body.text, str(phrase))
                report.error(
                    event.mark_of("as_written"),
                    f"as_written phrase not found in section '{section_id}'",
                    f"closest passage: “{passage}”" + (f"; {difference}" if difference else ""),
                )


def _check_refs(refs: Iterable[Value], known: dict[str, Record] | None, kind: str, report: Report) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref.data in seen:
            report.warning(ref.mark, f"{kind} '{ref.data}' is listed twice here", "list each once")
        seen.add(ref.data)
        if known is None:  # a file that defines them could not be read
            continue
        if ref.data not in known:
            hint = suggest(ref.data, known) or f"no {kind} has that id"
            report.error(ref.mark, f"unknown {kind} '{ref.data}'", hint)


def _check_seed(article: Record, bodies: list[Body], paths: Paths, report: Report, known: _Known) -> None:
    seed_path = article.get("seed")
    if seed_path is None:
        return
    file = (paths.root / str(seed_path)).resolve()
    if not file.is_relative_to(paths.root.resolve()):  # and never echo the words of a file elsewhere
        report.error(article.mark_of("seed"), f"seed '{seed_path}' is outside the project folder", "keep seeds in seeds/")
        return
    if not file.is_file():
        report.error(
            article.mark_of("seed"),
            f"seed file '{seed_path}' not found",
            f"paths are relative to the project folder ({paths.shown(paths.root)})",
        )
        return
    seed = read_seed(file, paths.shown(file), report)
    if seed is None:
        return
    for key, value in seed.byline.items():
        ours = article.get(key)
        field = article.shape.field(key)
        if ours is None and (key in article.given or (field is not None and field.required)):
            continue  # refused, or required and missing: already reported
        if ours is None:
            report.error(article.mark, f"the seed's byline gives {key} “{value}”, but article.yml has no '{key}'", f"add {key}: {value}")
        elif collapse(str(ours)) != collapse(value):
            report.error(article.mark_of(key), f"{key} “{ours}” differs from the seed's byline “{value}”")
    if bodies and known.sections:
        compare(seed, [(body.text, body.block_marks) for body in bodies], report, article.mark_of("seed"))


def _warn_editorial(bodies: list[Body], sources: dict[str, Record], report: Report, known: _Known) -> None:
    cited = {ref.data for body in bodies for item in _annotations(body) for ref in item.get("sources", ())}
    all_cited_known = (
        known.sections and known.annotations and not any(_broken(item, "sources") for body in bodies for item in _annotations(body))
    )
    for ident, source in sources.items():
        if ident not in cited and all_cited_known:
            report.warning(source.mark_of("id"), f"source '{ident}' is never cited")
        if source.get("url") is None and source.get("summary") is None and not (_broken(source, "url") or _broken(source, "summary")):
            report.warning(source.mark, f"source '{ident}' has neither url nor summary", "a reader needs one of them to find or weigh it")
    for body in bodies:
        claims = body.record.get("claims", ())
        if not claims and not _broken(body.record, "claims"):
            report.warning(body.record.mark, f"section '{body.record.get('id')}' has no claims")
        for claim in claims:
            needs_note = claim.get("verdict") not in (None, "accurate", "opinion")
            if needs_note and not claim.get("note") and not _broken(claim, "note"):
                report.warning(
                    claim.mark_of("verdict"),
                    f"claim '{claim.get('id')}' is '{claim.get('verdict')}' without a note",
                    "say what the sources say and why",
                )
        for fact in body.record.get("facts", ()):
            if fact.get("as_of") is None and not _broken(fact, "as_of"):
                report.warning(fact.mark, f"fact '{fact.get('label')}' has no as_of date", "figures change: say when this one held")


def _annotations(body: Body) -> list[Record]:
    record = body.record
    return [*record.get("claims", ()), *record.get("facts", ()), *record.get("events", ())]
