"""Stage 3 for one section file: parse its body, check what the body alone decides, and
anchor its quotes. Everything here needs that one file only, so it runs as each file is
read (`content`): a forked child does it for the files it reads, and `serve` keeps the
result until the file changes. What needs every file (unique ids, references, the seed)
is `resolve`'s.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import ids, links
from .anchor import SectionText, closest, collapse, find_all, flatten
from .files import draws_nothing
from .problems import Mark, Report
from .records import Record, Value
from .seed import block_marks


class Body:
    """A section's parsed body and where its claims stand in it."""

    __slots__ = ("record", "tokens", "text", "block_marks", "spans", "notes", "fragments")

    def __init__(self, record: Record, tokens: list[Token], text: SectionText, block_marks: list[Mark]) -> None:
        self.record, self.tokens, self.text, self.block_marks = record, tokens, text, block_marks
        self.spans: dict[str, tuple[int, int]] = {}  # claim id → where its quote stands in the text
        self.notes: dict[str, str] = {}  # claim id → its note as HTML, for a build
        self.fragments: list[links.Fragment] = []  # links to an element of the site, for `resolve` to check


MANY = 100  # occurrences of a quote counted at most: beyond, a message says "more than 100 times"
_CODE_HINT = "remove the indentation or the ``` fence, or escape the first character with a backslash"
_KEEP_AS_TEXT = "to keep the line as text, put a backslash"


def _refusal(token: Token) -> tuple[str, str] | None:
    """What the body makes that it may not, and how to keep it as the seed's text; or None. The page must show the
    seed's characters, no fewer and no more: a code block's text the comparison cannot read (a seed is prose), and
    a list item's bullet or number the browser draws."""
    if token.type in ("code_block", "fence"):
        kind = "an indented" if token.type == "code_block" else "a fenced"
        return f"{kind} code block, which a seed's prose cannot hold", _CODE_HINT
    if token.type == "list_item_open" and token.markup in ("-", "*", "+"):
        return "a bulleted list item, whose bullet the seed does not have", f"{_KEEP_AS_TEXT} before its first character: \\{token.markup}"
    if token.type == "list_item_open":  # `token.info`: the number as written, `007` as well
        hint = f"{_KEEP_AS_TEXT} between the number and its '{token.markup}': {token.info}\\{token.markup}"
        return "a numbered list item, whose number the browser draws: it is not the seed's text", hint
    return None


def read_body(record: Record, report: Report, md: MarkdownIt, notes: bool = False, rendered: dict[str, str] | None = None) -> Body:
    """The section's body parsed, checked and its quotes anchored; with `notes` (a build, not
    `check`), its claims' notes rendered too, unless `rendered` already holds them: the page
    and the open data both show them."""
    body = _parse(record, md)
    if _check_body(body, report) and not _broken_body(record):  # else a quote not found would only echo an error
        _anchor_claims(body, report)
        _check_phrases(body, report)
    _check_links(body, report)
    _check_note_markup(body, report)
    body.text.forget_fold()
    if notes:
        body.notes = render_notes(record, md) if rendered is None else rendered
    return body


def render_notes(record: Record, md: MarkdownIt) -> dict[str, str]:
    """Each claim's note as HTML, by claim id."""
    claims = ((claim.get("id"), claim.get("note")) for claim in record.get("claims", ()))
    return {ident: md.render(str(note)) for ident, note in claims if ident is not None and note is not None}


def _broken_body(record: Record) -> bool:
    """The editor wrote a body, but it was refused (a list, say): its own error says so."""
    return "body" in record.given and "body" not in record.fields


def _check_body(body: Body, report: Report) -> bool:
    """Report what is wrong with the body as a whole; whether its text can be checked against the quotes and the seed."""
    ident = body.record.get("id")
    if ident is not None and (ident in ids.PAGE_IDS or ident.startswith(ids.PREFIXES)):
        report.error(body.record.mark_of("id"), f"section id '{ident}' is taken by the page itself", f"choose another, e.g. 'part-{ident}'")
    refused = _refuse_blocks(body, report)
    _refuse_link_titles(body, report)
    _warn_empty_headings(body, report)
    return not refused


def _refuse_blocks(body: Body, report: Report) -> bool:
    """Report each block the body may not make (see `_refusal`); whether there was one. No quote or seed difference
    that follows from them is reported (`incomplete`)."""
    refused = False
    for token in body.tokens:
        if found := _refusal(token):
            report.error(_token_mark(body, token), f"the body makes {found[0]}", found[1], incomplete=True)
            refused = True
    return refused


def _refuse_link_titles(body: Body, report: Report) -> None:
    """A link's title is a tooltip: words the seed does not have. `[text](url "title")`, or a reference's."""
    for token in body.tokens:
        for child in token.children or ():  # an inline token's; a block's are None
            if child.type == "link_open" and (title := child.attrs.get("title")):
                report.error(
                    _token_mark(body, token),
                    f"a link's title, “{title}”, shows the reader words the seed does not have (as a tooltip)",
                    "delete the title, the quoted text after the link's URL: a claim's note can say it",
                )


def _warn_empty_headings(body: Body, report: Report) -> None:
    for index, token in enumerate(body.tokens):
        if token.type == "heading_open" and draws_nothing(body.tokens[index + 1].content):
            report.warning(_token_mark(body, token), "an empty heading: the reader sees nothing there", "delete the line's #")


def _token_mark(body: Body, token: Token) -> Mark:
    return _body_line(body, token.map[0] if token.map else None)


def _body_line(body: Body, line: int | None) -> Mark:
    """Where line `line` (from 0) of the body stands in its file: exact in a `|` block (whose lines are
    indented two spaces, as split writes them); else where the body starts."""
    field = body.record.fields.get("body")
    if field is None or line is None or field.style != "|":
        return body.record.mark_of("body")
    return Mark(field.mark.path, field.mark.line + 1 + line, 3)


def _parse(record: Record, md: MarkdownIt) -> Body:
    body: Value | None = record.fields.get("body")
    tokens = md.parse(str(body.data)) if body else []
    _outline(tokens)
    text = flatten(tokens)
    literal = body is not None and body.style == "|"
    marks = block_marks(text.blocks, body.mark if body else record.mark, literal)
    return Body(record, tokens, text, marks)


def _outline(tokens: list[Token]) -> None:
    """The body's headings as the page's outline wants them, under its h1: each is shown one level below the
    nearest heading before it that was written higher, and the first as h2 (`##` then `####` shows as h2, h3;
    `#` `####` `###` as h2, h3, h3), to h6 at most. An empty heading becomes an empty paragraph
    (`_warn_empty_headings` tells the editor)."""
    above: list[tuple[int, int]] = []  # (written, shown) of the headings the next one may sit under
    for index, opening in enumerate(tokens):
        if opening.type != "heading_open":
            continue
        closing = tokens[index + 2]  # heading_open, inline, heading_close
        if draws_nothing(tokens[index + 1].content):
            opening.tag = closing.tag = "p"
            continue
        written = len(opening.markup) if opening.markup.startswith("#") else {"=": 1, "-": 2}[opening.markup]  # `##`, or setext
        while above and above[-1][0] >= written:
            above.pop()
        shown = min(6, above[-1][1] + 1 if above else 2)
        above.append((written, shown))
        opening.tag = closing.tag = f"h{shown}"


def _anchor_claims(body: Body, report: Report) -> None:
    for claim in body.record.get("claims", ()):
        quote, ident = claim.get("quote"), claim.get("id")
        occurrence = claim.get("occurrence")
        if quote is None or ident is None or (occurrence is None and "occurrence" in claim.given):  # refused: its error says so
            continue
        spans = find_all(body.text, str(quote), limit=occurrence or MANY + 1)  # all a message or the claim needs
        where = claim.mark_of("quote")
        if not spans:
            report.error(where, f"quote of claim '{ident}' not found in {body.record.called('section')}", _closest_hint(body, str(quote)))
        elif occurrence is not None and occurrence > len(spans):
            count = _times(len(spans))
            report.error(claim.mark_of("occurrence"), f"occurrence {occurrence} asked for, but the quote appears {count}")
        elif occurrence is None and len(spans) > 1:
            places = "; ".join(
                f"{n} at line {_line_of(body, start)}: “{_around(body, start, end)}”" for n, (start, end) in enumerate(spans[:5], 1)
            )
            report.error(
                where,
                f"quote of claim '{ident}' appears {_times(len(spans))} in the section ({places})",
                f"add occurrence: N{f' (1 to {len(spans)})' if len(spans) <= MANY else ''} to pick one, or quote more words",
            )
        else:
            body.spans[ident] = spans[(occurrence or 1) - 1]


# An HTML tag or comment as an editor types it (`<b>`, `</i>`, `<br/>`, `<!--`); not an autolink (`<https://…>`).
_TAG = re.compile(r"(?<!\\)<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|!--)")
_IMAGE = re.compile(r"(?<!\\)!\[[^\]]*\]\(")  # not `\![…](…)`, which shows its '!'
_CODE_SPAN = re.compile(r"`+[^`]*`+")  # where `![x](y)` is shown as written


def _check_links(body: Body, report: Report) -> None:
    """Warn of each link in the body or a note that is not made or leads off the site's own paths, and of
    an image (the pages show none: the reader would see a '!' and a link); keep the links to an element of
    a page for `resolve`, which knows every id."""
    text = body.record.fields.get("body")
    notes = (claim.fields.get("note") for claim in body.record.get("claims", ()))
    for value in (text, *notes):
        if value and "![" in str(value.data) and _IMAGE.search(_CODE_SPAN.sub("", str(value.data))):
            report.warning(value.mark, "the pages show no images: the reader sees a '!' and a link", "remove the '!' to link to it")
        if value and links.has_empty_link(str(value.data)):
            report.warning(
                value.mark, "a link with no text: the reader cannot see it, nor a screen reader name it", "put words between its [ ]"
            )
        for href, line in links.targets(str(value.data)) if value else ():
            mark = _body_line(body, line) if value is text else value.mark
            if found := links.finding(href):
                report.warning(mark, found.message, found.hint)
            elif target := links.fragment(href, mark):
                body.fragments.append(target)


def _check_note_markup(body: Body, report: Report) -> None:
    """Warn of HTML typed into a note: Markdown's raw HTML is off, so the reader sees the tag. (In a body it is
    the seed's own text, shown as the seed has it.)"""
    for claim in body.record.get("claims", ()):
        note = claim.fields.get("note")
        if note is not None and "<" in str(note.data) and (tag := _TAG.search(_CODE_SPAN.sub("", str(note.data)))):
            hint = "write Markdown instead: **bold**, *italic*, [text](url)"
            report.warning(note.mark, f"the note's HTML is shown as text: the reader sees “{tag[0]}”", hint)


def _check_phrases(body: Body, report: Report) -> None:
    for event in body.record.get("events", ()):
        phrase = event.get("as_written")
        if phrase is not None and not find_all(body.text, str(phrase), limit=1):
            message = f"as_written phrase not found in {body.record.called('section')}"
            report.error(event.mark_of("as_written"), message, _closest_hint(body, str(phrase), "phrase"))


def _closest_hint(body: Body, phrase: str, called: str = "quote") -> str:
    """Where the text comes nearest to a phrase it does not hold, and how they differ."""
    passage, difference = closest(body.text, phrase, called)
    return f"closest passage: “{passage}”" + (f"; {difference}" if difference else "")


def _times(count: int) -> str:
    if count > MANY:
        return f"more than {MANY} times"
    return "once" if count == 1 else f"{count} times"


_CONTEXT_CHARS = 12  # either side of a match in a text that has no spaces to count words by


def _around(body: Body, start: int, end: int, words: int = 4, reach: int = 60) -> str:
    """The span with up to `words` whole words either side (within `reach` characters), to tell one occurrence from another."""
    text = body.text.text
    head, tail = text[max(0, start - reach) : start], text[end : end + reach]
    before = head.split()[1 if start > reach and not head[:1].isspace() else 0 :][-words:]  # not a word the reach cut
    after = tail.split()[: -1 if end + reach < len(text) and not tail[-1:].isspace() else None][:words]
    if not before and head[-1:].strip():  # no space to cut at (Chinese, Japanese, Thai): a few characters, then
        before = [head]
    if not after and tail[:1].strip():
        after = [tail]
    if before and len(before[0]) > 2 * _CONTEXT_CHARS:  # a run without spaces, not a word
        before[0] = before[0][-_CONTEXT_CHARS:]
    if after and len(after[-1]) > 2 * _CONTEXT_CHARS:
        after[-1] = after[-1][:_CONTEXT_CHARS]
    lead = "…" if collapse(text[:start]) != " ".join(before) else ""
    trail = "…" if collapse(text[end:]) != " ".join(after) else ""
    left = " " if before and text[start - 1].isspace() else ""
    right = " " if after and text[end].isspace() else ""
    return f"{lead}{' '.join(before)}{left}{collapse(text[start:end])}{right}{' '.join(after)}{trail}"


def _line_of(body: Body, offset: int) -> int:
    index = max((i for i, block in enumerate(body.text.blocks) if block.start <= offset), default=0)
    return body.block_marks[index].line if body.block_marks else body.record.mark.line
