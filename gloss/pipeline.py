"""The pipeline, end to end: load → validate → resolve → render → write.

`check` runs the first three and writes nothing; `build` runs them all.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from .content import Paths, read_content
from .markup import make_parser
from .model import Article
from .problems import Report
from .resolve import resolve

if TYPE_CHECKING:  # check never imports Jinja
    from jinja2 import Environment

ENGINE = Path(__file__).resolve().parent.parent  # holds templates/ and static/


def check(root: Path, report: Report, md: MarkdownIt | None = None) -> Article | None:
    paths = Paths(root)
    content = read_content(paths, report)
    return resolve(content, paths, report, md or make_parser())


def build(root: Path, out: Path, report: Report, base_url: str | None = None) -> Article | None:
    from .render import environment
    from .write import write_site

    md = make_parser()  # one parser for the bodies, the notes and the pages
    article = check(root, report, md)
    if article is None:
        return None
    if base_url:
        article = dataclasses.replace(article, base_url=base_url)
    write_site(site_files(article, md, environment(ENGINE / "templates")), out)
    return article


def site_files(article: Article, md: MarkdownIt, env: Environment) -> dict[str, bytes]:
    """Every file of the site by its path in the site: what `build` writes and `serve` serves."""
    from .export import open_data
    from .publish import publishing_files
    from .render import render_pages
    from .write import static_files

    files = render_pages(article, md, env)
    files.update(static_files(ENGINE / "static"))
    files.update(open_data(article))
    files.update(publishing_files(article))
    return files
