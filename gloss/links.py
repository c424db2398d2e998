"""Links an editor writes in Markdown (a claim's note, a section's body): whether Gloss makes
them, and whether they lead anywhere.

Four mistakes pass the parser without a sound:
- a target whose scheme is refused (`javascript:`, `data:`, `//host`, see `markup.is_safe_link`):
  markdown-it makes no link, and the reader sees the Markdown as written;
- a target from the domain root (`/about`): it works only where the site sits at a domain root,
  never under a GitHub Pages project path or from disk;
- a relative target the site has no file for: `sourcs.html`, `sources`, an id without its `#`,
  an address without its `https://` (`www.example.org/x`);
- a fragment no element has (`#x`, `sources.html#x`): the link goes nowhere.

`body` finds each file's targets as it is read; `resolve`, which knows every id, checks the fragments.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

from .anchor import child_text
from .files import BLANK_LETTERS, draws_nothing
from .markup import is_safe_link, make_parser
from .problems import Mark, suggest
from .write import SITE_ENTRIES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# The pages a link may name; a link with no page leads to the one it is on: notes and bodies are on index.html.
PAGES = ("index.html", "sources.html", "timeline.html")
HERE = "index.html"
# The site's other files (404.html, the open data of `export`, `publish`'s); static/'s are allowed by their folder.
FILES = tuple(sorted(SITE_ENTRIES - {*PAGES, "static", ".nojekyll"}))
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:[/:?#]|$)")  # "www.example.org/survey": a site's address, its https:// forgotten

HINTS = {  # for a link to an id its page does not have (see `ids.page_ids`)
    "index.html": "link to a section's id, or to claim-<id>, details-<id> or source-<id>",
    "sources.html": "link to source-<id>",
    "timeline.html": "link to event-<section id>-<n>, n counting that section's events from 1",
}

# What an inline link or an autolink leads to, as written, when it plainly goes to another site.
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)|<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s>]*)>")
_ELSEWHERE = re.compile(r"(?:https?://[^/\s]|mailto:)", re.IGNORECASE)


class Fragment(NamedTuple):
    """A link to an element of the site: `resolve` checks that the page has that id."""

    page: str
    id: str
    href: str
    mark: Mark


class Finding(NamedTuple):
    """What is wrong with one link, for `check` to warn about."""

    message: str
    hint: str


def targets(text: str) -> list[tuple[str, int]]:
    """The target of each link `text` writes, made or refused, as markdown-it reads it, with the line of
    `text` (from 0) where its block starts; only where one may need a look: text whose every link plainly
    leads to another site (most notes) is not parsed again."""
    # No link without an inline link's `](`, a reference definition's `]:` or an autolink's `<`: a substring
    # search is all most bodies cost (a regex for the same tries each of its branches at every character).
    if "]:" not in text and ("](" not in text and "<" not in text or _all_elsewhere(text)):
        return []  # a definition may stand anywhere (in a list, a quote, its label over two lines): always parsed
    return [
        (child.attrGet("href") or "", token.map[0] if token.map else 0)
        for token in _probed(text)
        for child in token.children or ()
        if child.type == "link_open"
    ]


# `[]`, `[ ]`, `[**]`, `[&nbsp;]`, `[\u3164]`: brackets whose link may show nothing (no letter or digit, but entities
# and blank letters, see files.draws_nothing).
_BRACKETS_OF_NO_WORD = re.compile(rf"\[(?:[^\w\]]|&#?\w+;|[{BLANK_LETTERS}])*\]")


def has_empty_link(text: str) -> bool:
    """Whether `text` makes a link that shows nothing (`[](url)`, `[\u200b](url)`): the reader cannot see it, nor a
    screen reader name it. Parsed only where brackets hold no letter or digit: `[`plan.pdf`](url)` shows its name."""
    if "]" not in text or not _BRACKETS_OF_NO_WORD.search(text):
        return False
    for token in _probed(text):
        children = token.children or []
        for index, child in enumerate(children):
            if child.type == "link_open" and is_safe_link(child.attrGet("href") or ""):  # a refused one shows as typed
                inside = itertools.takewhile(lambda each: each.type != "link_close", children[index + 1 :])
                if draws_nothing("".join(map(child_text, inside))):
                    return True
    return False


@functools.lru_cache(maxsize=1)
def _probed(text: str) -> list[Token]:
    """`text` as the probe parses it, kept for the next question about the same text: a note or body asked for its
    empty links and then its targets is parsed once."""
    return _probe().parse(text)


@functools.cache
def _probe() -> MarkdownIt:
    """A parser configured as the real one, but making every link it finds, refused or not."""
    probe = make_parser()
    probe.validateLink = lambda url: True  # type: ignore[method-assign]
    return probe


def _all_elsewhere(text: str) -> bool:
    """Whether every inline link and autolink in the text goes to an http(s) or mailto address."""
    return all(_ELSEWHERE.match(inline or auto) for inline, auto in _INLINE_TARGET.findall(text))


def finding(href: str) -> Finding | None:
    """What is wrong with a link to `href` on its own, wherever it stands; None when nothing is."""
    if not is_safe_link(href):
        return Finding(
            f"the link to '{href}' is not made: Gloss links only to http, https and mailto addresses and to the site's pages",
            "the reader sees the Markdown as written",
        )
    if href.startswith("/") and not href.startswith("//"):
        return Finding(
            f"the link to '{href}' starts at the domain root, so it breaks under a project path (GitHub Pages) and from disk",
            "write it relative to the page, e.g. 'sources.html#source-<id>', or as a full https:// address",
        )
    page = _page(href)
    if not page or page in (".", "..") or page in PAGES or page in FILES or page.startswith(("static/", "../")):  # "..": out, on purpose
        return None
    return Finding(f"the link to '{href}' leads to no page of the site", _no_page_hint(page, href))


def _no_page_hint(page: str, href: str) -> str:
    """What a relative link to no file of the site most likely meant."""
    if _HOST.match(page) and not page.lower().endswith((".html", ".html/")):
        return f"a link to another site starts with https://: write 'https://{href}'"
    if page + ".html" in PAGES:
        return f"did you mean '{page}.html'?"
    if "/" not in page and "." not in page:
        return f"a link to an element of this page starts with '#': write '#{href}'"
    return suggest(page, PAGES) or "the site's pages are " + ", ".join(PAGES)


def _page(href: str) -> str | None:
    """The site's file a relative link names ("" for the page it is on); None for a link elsewhere."""
    parts = urlsplit(href)
    return None if parts.scheme or parts.netloc else unquote(parts.path).removeprefix("./")


def fragment(href: str, mark: Mark) -> Fragment | None:
    """The page and id a link to one of the site's pages asks for; None for any other link."""
    page, fragment = _page(href), urlsplit(href).fragment
    if page is None or not fragment or (page or HERE) not in PAGES:
        return None
    return Fragment(page or HERE, unquote(fragment), href, mark)
