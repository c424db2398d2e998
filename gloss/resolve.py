"""Stage 3, resolve: what needs every file (unique ids, references, the seed, the editorial
warnings) and, when there is no error, the typed model (`assemble`). Each section's body was
parsed and its quotes anchored as the file was read (`body`). Nothing is rendered or written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from .anchor import collapse
from .body import Body
from .content import Content, Paths
from .dates import read_as_date
from .files import why_not
from .ids import PAGE_REGIONS, page_ids
from .links import HINTS
from .parallel import meanwhile
from .problems import Problem, Report, close_matches, suggest
from .records import Record, Value
from .seed import compare, read_seed

if TYPE_CHECKING:  # check never imports the model: see `resolve`
    from .dates import Date
    from .model import Article


class _Known(NamedTuple):
    """Whether every source and every section could be read: when one could not, a check
    that needs them all (unknown ids, the seed, uncited sources) would only echo that error."""

    sources: bool
    sections: bool
    annotations: bool  # every section's claims, facts and events lists could be read, and every claim's id


def resolve(content: Content, paths: Paths, report: Report, *, model: bool = True, parallel: bool = False) -> Article | None:
    """The typed model, or None when there are errors; with `model` False, only the problems
    are found (`check` needs nothing else) and the model's module is never imported. `parallel`
    lets a long article's seed be compared in a forked child (never under `serve`'s threads)."""
    sources = _unique(content.sources, "source", report)
    bodies = list(content.sections)  # each parsed and its quotes anchored as it was read
    unread = {problem.mark.path for problem in report.problems if problem.incomplete}  # files not read in full
    known = _Known(
        sources=paths.shown(paths.sources) not in unread and not any(_broken(source, "id") for source in content.sources),
        sections=unread.isdisjoint(content.section_files) and all("body" in body.record.fields for body in bodies),
        annotations=not any(_broken(body.record, name) for body in bodies for name in ("claims", "facts", "events"))
        and not any(_broken(claim, "id") for body in bodies for claim in body.record.get("claims", ())),
    )
    # The seed comparison, the costliest check, needs nothing the others find: a long article's runs in a child
    # meanwhile. A report lists its problems in file order, whatever the order they were found in.
    compare_seed = partial(_seed_problems, content.article, bodies, paths, known)
    seed_problems = meanwhile(compare_seed, len(bodies)) if parallel else compare_seed
    _unique([body.record for body in bodies], "section", report)
    claims = _unique([claim for body in bodies for claim in body.record.get("claims", ())], "claim", report)
    _check_references(bodies, sources, claims, report, known, None if content.has_sources_file else paths.shown(paths.sources))
    if content.article is not None:
        _warn_unsourced_reports(content.article, bodies, sources, report)
        _warn_undecided_events(content.article, bodies, report)
    _warn_editorial(bodies, sources, report, known, content.article.get("published") if content.article is not None else None)
    _warn_twin_titles(bodies, report)
    if known.sources and known.sections and known.annotations:  # else an id may be missing only because its file was not read
        _warn_dead_fragments(bodies, sources, claims, report)
    article = None
    if not report.errors and content.article is not None and model:
        from .assemble import assemble

        article = assemble(content.article, bodies, sources)  # while the seed may still be being compared
    report.problems.extend(seed_problems())
    return None if report.errors else article


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


def _broken(record: Record, name: str) -> bool:
    """The editor gave this key (or misspelt it), but its value was refused."""
    return name in record.given and name not in record.fields


def _check_references(
    bodies: list[Body], sources: dict[str, Record], claims: dict[str, Record], report: Report, known: _Known, sources_file: str | None
) -> None:
    """`sources_file` is content/sources.yml as shown, when it does not exist."""
    known_sources = sources if known.sources else None
    known_claims = claims if known.sections and known.annotations else None
    no_source = f"{sources_file} does not exist: add it, with this source" if sources_file else ""
    for body in bodies:
        for claim in body.record.get("claims", ()):
            _check_refs(claim.get("sources", ()), known_sources, "source", report, no_source)
            if claim.get("verdict") not in (None, "opinion") and not claim.get("sources") and not _broken(claim, "sources"):
                report.error(
                    claim.mark,
                    f"{claim.called('claim')} has verdict '{claim.get('verdict')}' but cites no source",
                    "add sources: [id], or use verdict 'opinion' for the author's judgement",
                )
        for item in (*body.record.get("facts", ()), *body.record.get("events", ())):
            _check_refs(item.get("sources", ()), known_sources, "source", report, no_source)
            claim_ref: Value | None = item.fields.get("claim")
            if claim_ref is not None:
                _check_refs((claim_ref,), known_claims, "claim", report)
            if claim_ref is None and not item.get("sources") and not (_broken(item, "claim") or _broken(item, "sources")):
                report.error(item.mark, f"this {item.shape.name} traces to nothing", "add claim: <id> or sources: [id]")


def _check_refs(refs: Iterable[Value], known: dict[str, Record] | None, kind: str, report: Report, why_unknown: str = "") -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref.data in seen:
            report.warning(ref.mark, f"{kind} '{ref.data}' is listed twice here", "list each once")
        seen.add(ref.data)
        if known is None:  # a file that defines them could not be read
            continue
        if ref.data not in known:
            hint = suggest(ref.data, known) or why_unknown or f"no {kind} has that id"
            report.error(ref.mark, f"unknown {kind} '{ref.data}'", hint)


def _seed_problems(article: Record | None, bodies: list[Body], paths: Paths, known: _Known) -> list[Problem]:
    report = Report()
    if article is not None:
        _check_seed(article, bodies, paths, report, known)
    return report.problems


def _check_seed(article: Record, bodies: list[Body], paths: Paths, report: Report, known: _Known) -> None:
    seed_path = article.get("seed")
    if seed_path is None:
        return
    try:
        file = (paths.root / str(seed_path)).resolve()
        inside, found = paths.holds(file), file.exists()
    except (OSError, RuntimeError) as error:  # a loop of links, a name too long, a folder we may not read
        report.error(article.mark_of("seed"), f"cannot read seed '{seed_path}': {why_not(error)}")
        return
    if not inside:  # and never echo the words of a file elsewhere
        report.error(article.mark_of("seed"), f"seed '{seed_path}' is outside the project folder", "keep seeds in seeds/")
        return
    if not found:
        hint = suggest(str(seed_path), _seed_files(paths)) or f"paths are relative to the project folder ({paths.shown(paths.root)})"
        report.error(article.mark_of("seed"), f"seed file '{seed_path}' not found", hint)
        return
    seed = read_seed(file, paths.shown(file), report)  # a folder or a pipe there is refused as it is read
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
            report.error(article.mark_of(key), f"{key} “{ours}” differs from the seed's byline “{value}”", f"write {key}: {value}")
    if bodies and known.sections:
        title = article.get("title")
        texts = [(body.text, body.block_marks) for body in bodies]
        compare(seed, texts, report, article.mark_of("seed"), None if title is None else (str(title), article.mark_of("title")))


def _seed_files(paths: Paths) -> list[str]:
    """The files in seeds/, as article.yml would name them: what a mistyped seed path most likely meant."""
    try:
        return sorted(f"seeds/{path.name}" for path in (paths.root / "seeds").iterdir() if path.is_file() and not path.name.startswith("."))
    except OSError:  # no seeds/ folder, or one we may not read
        return []


def _warn_editorial(bodies: list[Body], sources: dict[str, Record], report: Report, known: _Known, published: Date | None) -> None:
    cited = {ref.data for body in bodies for item in _annotations(body) for ref in item.get("sources", ())}
    all_cited_known = (
        known.sections and known.annotations and not any(_broken(item, "sources") for body in bodies for item in _annotations(body))
    )
    mistyped = cited - sources.keys()  # each an error already, whose did-you-mean names the source it meant
    for ident, source in sources.items():
        if ident not in cited and all_cited_known and not close_matches(ident, mistyped):
            report.warning(source.mark_of("id"), f"source '{ident}' is never cited")
        if source.get("url") is None and source.get("summary") is None and not (_broken(source, "url") or _broken(source, "summary")):
            report.warning(source.mark, f"source '{ident}' has neither url nor summary", "a reader needs one of them to find or weigh it")
    for body in bodies:
        claims = body.record.get("claims", ())
        unchecked = "unchecked" in body.record.given  # the editor says why there is nothing to check
        if not claims and not unchecked and not _broken(body.record, "claims"):
            report.warning(
                body.record.mark, f"{body.record.called('section')} has no claims", "annotate it, or say why not with unchecked: …"
            )
        elif claims and unchecked:
            report.warning(
                body.record.mark_of("unchecked"),
                f"{body.record.called('section')} has claims, yet says why it has none",
                "remove unchecked",
            )
        for claim in claims:
            needs_note = claim.get("verdict") not in (None, "accurate", "opinion")
            if needs_note and not claim.get("note") and not _broken(claim, "note"):
                report.warning(
                    claim.mark_of("verdict"),
                    f"{claim.called('claim')} is '{claim.get('verdict')}' without a note",
                    "say what the sources say and why",
                )
        for fact in body.record.get("facts", ()):
            if fact.get("as_of") is None and not _broken(fact, "as_of") and not _history(fact, published):
                report.warning(fact.mark, f"{fact.called('fact', 'label')} has no as_of date", "figures change: say when this one held")


def _history(fact: Record, published: Date | None) -> bool:
    """A fact whose value is a date over before the article appeared (“November 9, 1989”): it will not change, so
    it needs no as_of. A later date may be a plan, which can."""
    when = read_as_date(str(fact.get("value", "")))
    return when is not None and published is not None and when.end < published.start


def _warn_twin_titles(bodies: list[Body], report: Report) -> None:
    """Each section is a region of the article page named by its title, and an entry of its table of contents:
    two sections of one title, or one titled as a region of the page's own, cannot be told apart."""
    first: dict[str, Record] = {}
    for body in bodies:
        title, ident = body.record.get("title"), body.record.get("id")
        if title is None or ident is None:
            continue
        name = collapse(str(title)).casefold()
        if name in PAGE_REGIONS:
            message = f"section '{ident}' is titled “{title}”, as a part of the page is"
        elif name in first:
            message = f"section '{ident}' is titled “{title}”, as section '{first[name].get('id')}' is"
        else:
            first[name] = body.record
            continue
        report.warning(body.record.mark_of("title"), message, "give each its own title: screen readers and the contents list them by it")


def _warn_dead_fragments(bodies: list[Body], sources: dict[str, Record], claims: dict[str, Record], report: Report) -> None:
    """A link to `#id` or `sources.html#id` in a note or a body leads nowhere when the page has no such id."""
    if not any(body.fragments for body in bodies):
        return
    sections = [(body.record.get("id"), len(body.record.get("events", ()))) for body in bodies]
    ids = page_ids(sections, claims, sources, facts=any(body.record.get("facts") for body in bodies))
    for body in bodies:
        for link in body.fragments:
            if link.id not in ids[link.page]:
                hint = suggest(link.id, ids[link.page]) or HINTS[link.page]
                report.warning(link.mark, f"the link to '{link.href}' leads nowhere: {link.page} has no element with id '{link.id}'", hint)


def _dated_events(article: Record, bodies: list[Body]) -> Iterator[tuple[Record, Date, Date]]:
    """Each event with a date, that date and the article's, where the article has one."""
    published = article.get("published")
    if published is None:
        return
    for body in bodies:
        for event in body.record.get("events", ()):
            if (date := event.get("date")) is not None:
                yield event, date, published


def _warn_unsourced_reports(article: Record, bodies: list[Body], sources: dict[str, Record], report: Report) -> None:
    """An event reported as done after the article needs a report from after it: the article cannot be its
    source, nor can its claim's sources or its own be, when all of them were published before it."""
    for event, date, published in _dated_events(article, bodies):
        if event.get("status") != "happened" or not date.after(published) or _broken(event, "sources"):
            continue
        dates = [sources[ref.data].get("published") for ref in event.get("sources", ()) if ref.data in sources]
        if not dates:
            problem = "cites no source"
        elif all(when is not None and published.after(when) for when in dates):
            problem = "cites only sources published before the article"
        else:
            continue
        report.warning(
            event.mark_of("status"),
            f"{event.called('event', 'title')} is reported since the article but {problem}",
            "add the report that says it happened to its sources",
        )


def _warn_undecided_events(article: Record, bodies: list[Body], report: Report) -> None:
    """An event dated by a period that runs on past the article's date (2025, for an article of March 2025) may have
    happened by then or not: its date cannot say, so the editor must (the timeline would count it as happened)."""
    for event, date, published in _dated_events(article, bodies):
        # An article dated by a month may have appeared on its first day: an event later that month is undecided too.
        if "status" in event.given or date.after(published) or date.end <= published.start:
            continue
        report.warning(
            event.mark_of("date"),
            f"{event.called('event', 'title')} is dated {date}, which runs on past the article's date ({published}): "
            "had it happened by then?",
            "add status: happened, or status: planned",
        )


def _annotations(body: Body) -> list[Record]:
    record = body.record
    return [*record.get("claims", ()), *record.get("facts", ()), *record.get("events", ())]
