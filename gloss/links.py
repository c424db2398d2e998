"""Links an editor writes in Markdown (a claim's note, a section's body): whether Gloss makes
them, and whether they lead anywhere.

Three mistakes pass the parser without a sound:
- a target whose scheme is refused (`javascript:`, `data:`, `//host`, see `markup.is_safe_link`):
  markdown-it makes no link, and the reader sees the Markdown as written;
- a target from the domain root (`/about`): it works only where the site sits at a domain root,
  never under a GitHub Pages project path or from disk;
- a fragment no element has (`#x`, `sources.html#x`): the link goes nowhere.

`body` finds each file's targets as it is read; `resolve`, which knows every id, checks the fragments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

from .markup import is_safe_link, make_parser
from .problems import Mark

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# The pages a link may name; a link with no page leads to the one it is on: notes and bodies are on index.html.
PAGES = ("index.html", "sources.html", "timeline.html")
HERE = "index.html"

# What an inline link or an autolink leads to, as written, when it plainly goes to another site.
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)|<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s>]*)>")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
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


_probe: MarkdownIt | None = None


def targets(text: str) -> list[str]:
    """The target of each link `text` writes, made or refused, as markdown-it reads it; only where one
    may need a look: text whose every link plainly leads to another site (most notes) is not parsed again."""
    # No link without an inline link's `](`, a reference definition's `]:` or an autolink's `<`: a substring
    # search is all most bodies cost (a regex for the same tries each of its branches at every character).
    if ("](" not in text and "]:" not in text and "<" not in text) or _all_elsewhere(text):
        return []
    global _probe
    if _probe is None:
        _probe = make_parser()  # configured as the real one, but making every link it finds
        _probe.validateLink = lambda url: True  # type: ignore[method-assign]
    return [child.attrGet("href") or "" for child in _links(_probe.parse(text))]


def _all_elsewhere(text: str) -> bool:
    """Whether every link the text may hold is an inline link or autolink to an http(s) or mailto address."""
    if "]:" in text and _DEFINITION.search(text):  # a reference definition: parse to see what uses it
        return False
    return all(_ELSEWHERE.match(inline or auto) for inline, auto in _INLINE_TARGET.findall(text))


def _links(tokens: Iterable) -> Iterator:
    for token in tokens:
        yield from (child for child in token.children or () if child.type == "link_open")


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
    return None


def fragment(href: str, mark: Mark) -> Fragment | None:
    """The page and id a link to one of the site's pages asks for; None for any other link."""
    parts = urlsplit(href)
    page = unquote(parts.path).removeprefix("./") or HERE
    if parts.scheme or parts.netloc or not parts.fragment or page not in PAGES:
        return None
    return Fragment(page, unquote(parts.fragment), href, mark)


def page_ids(
    sections: Iterable[tuple[str, int]], claims: Iterable[str], sources: Iterable[str], fixed: Iterable[str]
) -> dict[str, set[str]]:
    """The ids each page gives its elements (templates/), from the sections' ids and how many events each
    has, the claims' and the sources' ids, and the ids the index page always holds (`fixed`)."""
    sections = list(sections)
    source_ids = {f"source-{ident}" for ident in sources}
    claim_ids = {f"{prefix}-{ident}" for ident in claims for prefix in ("claim", "details")}
    events = {f"event-{ident}-{n}" for ident, count in sections for n in range(1, count + 1)}  # as render.event_anchors numbers them
    return {
        "index.html": {"main", *fixed, *(ident for ident, _ in sections), *claim_ids, *source_ids},
        "sources.html": {"main", *source_ids},
        "timeline.html": {"main", "as-of-article", *events},
    }
