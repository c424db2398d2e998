"""The pipeline, end to end: load → validate → resolve → render → write.

`check` runs the first three and writes nothing; `build` runs them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .content import Paths, Reading
from .parallel import Background, worth_a_child
from .problems import Mark, Report

if TYPE_CHECKING:  # check never imports Jinja, nor the model; markdown-it only once the reading has started
    from jinja2 import Environment, TemplateError
    from markdown_it import MarkdownIt

    from .model import Article
    from .render import SectionCache
    from .write import Content

ENGINE = Path(__file__).resolve().parent.parent  # holds templates/ and static/


def check(root: Path, report: Report, md: MarkdownIt | None = None, *, model: bool = True) -> Article | None:
    """Every problem in the project, and the model when there is no error (unless `model` is False)."""
    with Reading(Paths(root), notes=model) as reading:  # a forked child may load the files meanwhile: see `content.Reading`
        return _resolved(reading, report, md, model)


def _resolved(reading: Reading, report: Report, md: MarkdownIt | None, model: bool) -> Article | None:
    # Imported only once the reading has started, so that a child loading the files works meanwhile.
    from .markup import make_parser
    from .resolve import resolve

    content = reading.finish(report, md or make_parser())
    return resolve(content, reading.paths, report, model=model, parallel=True)


def build(root: Path, out: Path, report: Report, base_url: str | None = None) -> Article | None:
    from .write import clear_leftovers

    clear_leftovers(out)  # first: should this build fail, a site a killed build had retired is back in place
    with Reading(Paths(root), notes=True) as reading:
        # While a child may load the files, what rendering needs: Jinja, its environment, the parser.
        from jinja2 import TemplateError

        from .markup import make_parser
        from .render import environment
        from .write import write_site

        env = environment(ENGINE / "templates")
        md = make_parser()  # one parser for the bodies, the notes and the pages
        article = _resolved(reading, report, md, model=True)
    if article is None:
        return None
    article = at_address(article, base_url)
    try:
        # Each file goes to the staging folder as soon as it is made: a book never holds all its output at once.
        write_site(generate_site(article, md, env, parallel=True), out)
    except TemplateError as error:  # the staging folder is gone and the old site untouched, as on any failure
        _report_template_error(report, error)
        return None
    except OSError as error:  # a full disk, a read-only folder: the old site stays, as write_site promises
        report.error(Mark(os.path.relpath(out)), f"cannot write the site: {error.strerror or error}", "the previous site is left as it was")
        return None
    return article


def at_address(article: Article, base_url: str | None) -> Article:
    """The article as published at `base_url` (the --base-url option), which overrides article.yml."""
    if not base_url:
        return article
    import dataclasses  # here: a child forked at the start of reading never needs it (see `content.Reading`)

    return dataclasses.replace(article, base_url=base_url)


def site_files(
    article: Article, md: MarkdownIt, env: Environment, report: Report, cache: SectionCache | None = None, *, with_open_data: bool = True
) -> dict[str, bytes] | None:
    """Every file of the site by its path in the site, all at once: what `serve` keeps and serves.
    Without `with_open_data`, all but the open data (see `export`), which no page loads.

    None, with the problem reported, when a template is broken (someone may be editing it).
    """
    from jinja2 import TemplateError

    files = generate_site(article, md, env, cache=cache, with_open_data=with_open_data)
    try:
        return {name: data if isinstance(data, bytes) else b"".join(data) for name, data in files}
    except TemplateError as error:
        _report_template_error(report, error)
        return None


def _report_template_error(report: Report, error: TemplateError) -> None:
    from .render import template_mark

    report.error(template_mark(error, ENGINE / "templates"), f"template error: {error.message or error}")


def generate_site(
    article: Article,
    md: MarkdownIt,
    env: Environment,
    parallel: bool = False,
    cache: SectionCache | None = None,
    *,
    with_open_data: bool = True,
) -> Iterator[tuple[str, Content]]:
    """Every file of the site, one at a time, as (path in the site, bytes whole or in pieces). Raises TemplateError.

    `parallel` lets a big article's open data be made in a forked child (never under `serve`'s threads);
    `cache` keeps sections from one `serve` rebuild to the next; `with_open_data` False leaves the open data out.
    """
    from .export import open_data
    from .publish import publishing_files
    from .render import Sections, render_pages, speak_as
    from .write import static_files

    data = None
    if with_open_data and parallel and worth_a_child(len(article.sections)):
        # The open data, made meanwhile in a forked child: it costs about as much as the article page.
        data = Background(lambda start: islice(open_data(article), start, None))  # each file sent as it is made
    speak_as(env, article)
    sections = Sections(article, md, env, cache)
    try:
        yield from render_pages(article, env, sections)
        yield from static_files(ENGINE / "static").items()
        if with_open_data:
            yield from data.items() if data else open_data(article)
    finally:
        if data:
            data.close()
    yield from publishing_files(article).items()
