"""The pipeline, end to end: load → validate → resolve → render → write.

`check` runs the first three and writes nothing; `build` runs them all.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from .content import Paths, read_content
from .markup import make_parser
from .problems import Mark, Report
from .resolve import resolve

if TYPE_CHECKING:  # check never imports Jinja, nor the model
    from jinja2 import Environment

    from .model import Article

ENGINE = Path(__file__).resolve().parent.parent  # holds templates/ and static/


def check(root: Path, report: Report, md: MarkdownIt | None = None, *, model: bool = True) -> Article | None:
    """Every problem in the project, and the model when there is no error (unless `model` is False)."""
    paths = Paths(root)
    content = read_content(paths, report)
    return resolve(content, paths, report, md or make_parser(), model=model)


def build(root: Path, out: Path, report: Report, base_url: str | None = None) -> Article | None:
    from .render import environment
    from .write import write_site

    md = make_parser()  # one parser for the bodies, the notes and the pages
    article = check(root, report, md)
    if article is None:
        return None
    article = at_address(article, base_url)
    files = site_files(article, md, environment(ENGINE / "templates"), report)
    if files is None:
        return None
    try:
        write_site(files, out)
    except OSError as error:  # a full disk, a read-only folder: the old site stays, as write_site promises
        report.error(Mark(os.path.relpath(out)), f"cannot write the site: {error.strerror or error}", "the previous site is left as it was")
        return None
    return article


def at_address(article: Article, base_url: str | None) -> Article:
    """The article as published at `base_url` (the --base-url option), which overrides article.yml."""
    return dataclasses.replace(article, base_url=base_url) if base_url else article


def site_files(article: Article, md: MarkdownIt, env: Environment, report: Report) -> dict[str, bytes] | None:
    """Every file of the site by its path in the site: what `build` writes and `serve` serves.

    None, with the problem reported, when a template is broken (someone may be editing it).
    """
    from jinja2 import TemplateError

    from .export import open_data
    from .publish import publishing_files
    from .render import render_notes, render_pages, template_mark
    from .write import static_files

    notes = render_notes(article, md)  # once, for the pages and the open data
    try:
        files = render_pages(article, md, env, notes)
    except TemplateError as error:
        report.error(template_mark(error, ENGINE / "templates"), f"template error: {error.message or error}")
        return None
    files.update(static_files(ENGINE / "static"))
    files.update(open_data(article, notes))
    files.update(publishing_files(article))
    return files
