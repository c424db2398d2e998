"""Markdown rendering: one safe parser, and the highlight rules that mark claims in a body.

Safety: raw HTML is off, images are off (they would load from outside the
site), and link targets are allow-listed to http, https, mailto and relative.
The highlight rules follow the markdown-it way: a plugin adds render rules and
reads its state from `env`, so the same parser renders notes untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .anchor import Segmentation, child_text

if TYPE_CHECKING:  # check parses with this parser but never builds the model
    from .model import Claim

SAFE_SCHEMES = ("http", "https", "mailto")


def is_safe_link(url: str) -> bool:
    url = url.strip()
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    return scheme in SAFE_SCHEMES or (scheme == "" and not url.lower().startswith(("//", "\\\\")))


def make_parser(kind: type[MarkdownIt] = MarkdownIt) -> MarkdownIt:
    """The one configured parser; `serve` passes a subclass that remembers what it parsed."""
    md = kind("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    highlight_plugin(md)
    return md


class Highlighter:
    """Per-body render state: the segmentation, and markers waiting for a link to close."""

    def __init__(self, segmentation: Segmentation, claims: dict[str, Claim], markers: dict[str, str]) -> None:
        self.segmentation, self.claims = segmentation, claims
        self.markers = markers  # claim id → the HTML that follows its quote
        self.link_depth = 0  # inside a link or inline code, where a marker (itself a link) must wait
        self.pending: list[str] = []

    def text(self, content: str, offset: int) -> str:
        html = []
        for start, end, covering in self.segmentation.pieces(offset, offset + len(content)):
            if start == end:
                continue
            chunk = escape(content[start - offset : end - offset], quote=False)
            html.append(self._mark(start, covering, chunk) if covering else chunk)
            for claim_id in self.segmentation.ending.get(end, ()):
                self._after(self.markers[claim_id], html)
        return "".join(html)

    def _mark(self, start: int, covering: tuple[str, ...], chunk: str) -> str:
        starting = self.segmentation.starting.get(start, [])
        anchors = "".join(f'<span class="claim-anchor" id="{self.claims[claim_id].anchor}"></span>' for claim_id in starting[1:])
        own_id = f' id="{self.claims[starting[0]].anchor}"' if starting else ""
        innermost = self.claims[covering[-1]]
        depth = f' data-depth="{min(len(covering), 3)}"' if len(covering) > 1 else ""  # nested claims show deeper
        claims = " ".join(covering)
        return f'{anchors}<mark class="claim"{own_id} data-claims="{claims}" data-verdict="{innermost.verdict.name}"{depth}>{chunk}</mark>'

    def _after(self, marker: str, html: list[str]) -> None:
        # A marker is a link, and links may not nest: inside a link it waits for the close.
        (self.pending if self.link_depth else html).append(marker)

    def close_link(self) -> str:
        self.link_depth -= 1
        if self.link_depth:
            return ""
        flushed, self.pending = "".join(self.pending), []
        return flushed


def highlight_plugin(md: MarkdownIt) -> None:
    def text(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        token = tokens[idx]
        highlighter: Highlighter | None = env.get("highlighter")
        if highlighter is None or "offset" not in token.meta:
            return escape(token.content, quote=False)
        return highlighter.text(token.content, token.meta["offset"])

    def softbreak(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        highlighter: Highlighter | None = env.get("highlighter")
        if highlighter is None:
            return "\n"
        return highlighter.text(child_text(tokens[idx]), tokens[idx].meta["offset"])

    def code_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        # A marker due inside the code waits for it to close, as it does for a link: a badge is not code.
        highlighter: Highlighter | None = env.get("highlighter")
        if highlighter is not None:
            highlighter.link_depth += 1
        code = f"<code{self.renderAttrs(tokens[idx])}>{text(self, tokens, idx, options, env)}</code>"
        return code + (highlighter.close_link() if highlighter is not None else "")

    def link_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        highlighter: Highlighter | None = env.get("highlighter")
        if highlighter is not None:
            highlighter.link_depth += 1
        return self.renderToken(tokens, idx, options, env)

    def link_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        highlighter: Highlighter | None = env.get("highlighter")
        closed = self.renderToken(tokens, idx, options, env)
        return closed + (highlighter.close_link() if highlighter is not None else "")

    # A heading in a note is bold text: a note sits deep in the page (and in the claim dialog), under headings
    # whose level it cannot know, and a heading level skipped there breaks the page's outline. A body renders with
    # a highlighter in `env` (render.py), always; a note without one (body.render_notes), so `serve` keeps its HTML.
    def heading_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        return self.renderToken(tokens, idx, options, env) if "highlighter" in env else "<p><strong>"

    def heading_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # noqa: ANN001
        return self.renderToken(tokens, idx, options, env) if "highlighter" in env else "</strong></p>\n"

    for name, rule in (
        ("heading_open", heading_open),
        ("heading_close", heading_close),
        ("text", text),
        ("softbreak", softbreak),
        ("code_inline", code_inline),
        ("link_open", link_open),
        ("link_close", link_close),
    ):
        md.add_render_rule(name, rule)
