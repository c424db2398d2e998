"""Part of stage 4, render: the files a web host and crawlers look for beside the pages.

`.nojekyll` (GitHub Pages publishing from a branch must not run Jekyll, which would
drop files starting with `_`), `robots.txt`, and `sitemap.xml` when the base URL is
known (a sitemap holds absolute URLs only, so without one there is none to write).
"""

from __future__ import annotations

from html import escape  # with quote=False the same as xml.sax.saxutils.escape, which imports urllib.request (20 ms)

from .metadata import canonical_url
from .model import Article

SITEMAP_PAGES = ("index.html", "timeline.html", "sources.html")


def publishing_files(article: Article) -> dict[str, bytes]:
    files = {".nojekyll": b"", "robots.txt": robots_txt(article).encode("utf-8")}
    if sitemap := sitemap_xml(article):
        files["sitemap.xml"] = sitemap.encode("utf-8")
    return files


def robots_txt(article: Article) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap := article.public_url("sitemap.xml"):
        lines.append(f"Sitemap: {sitemap}")
    return "\n".join(lines) + "\n"


def sitemap_xml(article: Article) -> str | None:
    urls = [url for page in SITEMAP_PAGES if (url := canonical_url(article, page))]
    if not urls:
        return None
    entries = "".join(f"  <url><loc>{escape(url, quote=False)}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
