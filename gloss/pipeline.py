"""The pipeline, end to end: load → validate → resolve → render → write.

`check` runs the first three and writes nothing; `build` runs them all.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .content import Paths, read_content
from .markup import make_parser
from .model import Article
from .problems import Report
from .resolve import resolve

ENGINE = Path(__file__).resolve().parent.parent  # holds templates/ and static/


def check(root: Path, report: Report) -> Article | None:
    paths = Paths(root)
    content = read_content(paths, report)
    return resolve(content, paths, report, make_parser())


def build(root: Path, out: Path, report: Report, base_url: str | None = None) -> Article | None:
    from .render import environment, render_pages
    from .write import static_files, write_site

    article = check(root, report)
    if article is None:
        return None
    if base_url:
        article = dataclasses.replace(article, base_url=base_url)
    pages = render_pages(article, make_parser(), environment(ENGINE / "templates"))
    files = {name: html.encode("utf-8") for name, html in pages.items()}
    files.update(static_files(ENGINE / "static"))
    write_site(files, out)
    return article
