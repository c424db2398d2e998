"""Quote anchoring: the reader's text of a section, where each quote stands in it,
and the segments that overlapping claims cut it into.

Everything here is near-linear in the text length and the number of claims:
one pass to flatten, `str.find` to locate, one sweep to segment.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from markdown_it.token import Token

from .files import DRAWN_SPACE
from .problems import character

# White space, but for the Ogham space mark (files.DRAWN_SPACE), which is drawn.
_SPACE = re.compile(rf"[^\S{DRAWN_SPACE}]+")
_RUNS = re.compile(rf"[^\S{DRAWN_SPACE}]{{2,}}")  # the runs that folding shortens
# `str.split` folds white space thrice as fast as a regex, but holds every word as an object at
# once (so would a regex's `sub`): a book's seed would cost ~80 MB for a moment, so long texts go in chunks.
SPLIT_LIMIT = 100_000


class Block(NamedTuple):
    """One block (paragraph, heading, list item…) of a section's text."""

    start: int  # offset in the section text
    line: int  # first line in the Markdown source, from 0


class SectionText:
    """A section's text as the reader sees it, and the blocks it is made of."""

    __slots__ = ("text", "blocks", "_folded", "_index")

    def __init__(self, text: str, blocks: list[Block]) -> None:
        self.text, self.blocks = text, blocks
        self._folded: str | None = None
        self._index: FoldIndex | None = None

    def fold(self) -> tuple[str, FoldIndex]:
        """The text with each run of white space folded to one space, and where each
        folded character came from, so matching ignores line wrapping."""
        if self._folded is None:
            self._folded, self._index = fold_space(self.text)
        assert self._index is not None
        return self._folded, self._index

    def forget_fold(self) -> None:
        """Drop the folded copy once every quote is anchored: the pages never need it, and a book holds thousands."""
        self._folded = self._index = None


class FoldIndex:
    """Where each character of a folded text came from: `index[folded offset]` is the
    offset in the original text, for every offset and one past the end.

    Stored as the places where folding dropped characters (runs of two or more white
    space characters), so it takes memory in the number of such runs, not in the
    length of the text; it is a sequence, so `bisect` works on it too."""

    def __init__(self, text: str, length: int) -> None:
        self._length = length
        self._starts: list[int] = []  # folded offsets from which…
        self._shifts: list[int] = []  # …this many more characters lie behind in the original
        self._origins: list[int] = []  # …and where each such stretch starts in the original
        dropped = 0
        for match in _RUNS.finditer(text):
            self._starts.append(match.start() - dropped + 1)
            dropped += match.end() - match.start() - 1
            self._shifts.append(dropped)
            self._origins.append(match.end())

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, position: int) -> int:
        if position < 0:
            position += self._length
        if not 0 <= position < self._length:
            raise IndexError(position)
        run = bisect.bisect_right(self._starts, position)
        return position + (self._shifts[run - 1] if run else 0)

    def folded(self, offset: int) -> int:
        """The first folded offset whose original offset is `offset` or more: what
        `bisect.bisect_left(index, offset)` gives, without a Python call per probe."""
        run = bisect.bisect_right(self._origins, offset)  # the stretch `offset` lies in, or the gap after it
        position = offset - (self._shifts[run - 1] if run else 0)
        end = self._starts[run] if run < len(self._starts) else self._length
        return max(0, min(position, end))  # in a dropped run: the next kept character


def fold_space(text: str) -> tuple[str, FoldIndex]:
    """The text with each run of white space folded to one space, and where each folded character came from."""
    words = collapse(text)
    lead = " " if _SPACE.match(text[:1]) else ""
    trail = " " if words and _SPACE.match(text[-1:]) else ""
    folded = lead + words + trail
    return folded, FoldIndex(text, len(folded) + 1)


def collapse(text: str) -> str:
    """Runs of white space folded to one space, none at either end."""
    if len(text) <= SPLIT_LIMIT:
        return _collapse_chunk(text)
    parts = []
    start = 0
    while start < len(text):  # a chunk at a time, each cut at white space so no word is split
        space = _SPACE.search(text, min(start + SPLIT_LIMIT, len(text)))
        end = space.start() if space else len(text)
        if words := _collapse_chunk(text[start:end]):
            parts.append(words)
        start = end if space else len(text)
    return " ".join(parts)


def _collapse_chunk(text: str) -> str:
    if DRAWN_SPACE in text:  # rare (Ogham), and `str.split` would fold it: the slower way
        return " ".join(filter(None, _SPACE.split(text)))
    return " ".join(text.split())  # str.split and _SPACE agree on what white space is, U+1680 aside


# Characters of the scripts written without spaces whose lines a wrapped text breaks anywhere (Chinese, Japanese
# and their punctuation, full-width forms): a line break between two of them is no space (CSS Text's segment break
# rule, which browsers do not all apply). Not Korean, which spaces its words.
_WIDE_INK = "\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9f\uffe0-\uffe6"
_WIDE_INK += "\U00020000-\U0003134f"  # the rarer characters (𠮷)
WIDE = "\u3000" + _WIDE_INK  # and the ideographic space
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@functools.cache
def _wide() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A wide character, and a run of white space between two that draw (the ideographic space is wide, but no
    character a run stands between). Compiled when first needed: their ranges beyond U+FFFF cost every run ~5 ms,
    and most articles hold no such character."""
    return re.compile(f"[{WIDE}]"), re.compile(rf"(?<=[{_WIDE_INK}])[^\S{DRAWN_SPACE}]+(?=[{_WIDE_INK}])")


def _holds_wide(text: str) -> bool:
    """Whether the text may hold a wide character: a quick test, in C, for the patterns to decide (most texts hold none)."""
    return not text.isascii() and max(text) >= "\u3000"


def unspaced(text: str) -> str:
    """Folded text (`collapse`) without a space between two wide characters: where a wrapped line of Chinese broke."""
    return _wide()[1].sub("", text) if _holds_wide(text) else text


def lines_joined(text: str) -> str:
    """The text as the seed comparison reads it: between two wide characters, a run of white space that holds a
    line break (where a wrapped line of Chinese broke, or a paragraph ended, indented or not) is nothing; any other
    space there, ideographic or not, is one: "小米 汽车" is not "小米汽车"."""
    return _wide()[1].sub(_wide_gap, text) if _holds_wide(text) else text


def _wide_gap(run: re.Match[str]) -> str:
    return "" if _LINE_BREAK.search(run[0]) else " "


def flatten(tokens: Sequence[Token]) -> SectionText:
    """The reader's text of a parsed body; records each inline token's offset in `meta`."""
    parts: list[str] = []
    blocks: list[Block] = []
    length = 0
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        blocks.append(Block(length, token.map[0] if token.map else 0))
        children, last = token.children, ""  # the block's last character so far
        for index, child in enumerate(children):
            if child.type == "softbreak" and is_wide(last) and _next_is_wide(children, index + 1):
                child.meta = {**(child.meta or {}), "joins": True}  # a wrapped line of Chinese: no space here
            content = child_text(child)
            child.meta = {**(child.meta or {}), "offset": length}
            parts.append(content)
            length += len(content)
            last = content[-1:] or last
    return SectionText("".join(parts), blocks)


def is_wide(char: str) -> bool:
    """Whether `char` is of a script written without spaces, whose wrapped lines break anywhere (see WIDE)."""
    return char >= "\u3000" and _wide()[0].match(char) is not None  # the first wide character, and "" is below it


def _next_is_wide(children: Sequence[Token], start: int) -> bool:
    """Whether the first character of text from `children[start]` on is wide (the next token, nearly always)."""
    for index in range(start, len(children)):
        if text := child_text(children[index]):
            return is_wide(text[0])
    return False


def child_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type == "softbreak":
        return "" if (token.meta or {}).get("joins") else "\n"
    if token.type == "hardbreak":
        return "\n"
    return ""


def find_all(section: SectionText, quote: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Every (start, end) of `quote` in the section text, white space folded; only the first `limit`,
    if given: a short quote in a long repetitive text can match hundreds of thousands of times."""
    folded, index = section.fold()
    needle = collapse(quote)
    position = folded.find(needle) if needle else -1
    if position < 0 and (joined := unspaced(needle)) != needle:  # a quote copied from a wrapped seed of Chinese
        needle, position = joined, folded.find(joined)  # keeps a space where its line broke
    spans = []
    while position >= 0 and len(spans) != limit:
        end = position + len(needle)
        spans.append((index[position], index[end - 1] + 1))
        position = folded.find(needle, position + 1)
    return spans


def closest(section: SectionText, quote: str, called: str = "quote") -> tuple[str, str]:
    """The passage most like `quote`, and a phrase saying what differs (calling it `called`).

    Only called for a quote that was not found, so it may be slower than `find_all`.
    """
    import difflib  # only for a quote that was not found: not worth its import in every run

    folded, _ = section.fold()
    whole = collapse(quote)
    needle = whole[: _word_end(whole, CLOSEST_WIDTH)]  # each comparison costs the square of its width: a long quote by its start
    width = len(needle)
    if _spaceless(folded):  # Chinese, Japanese, Thai: a passage may start at any character
        starts = list(range(len(folded)))
    else:
        starts = [0] + [match.end() for match in _SPACE.finditer(folded)]
    starts = _candidates(folded, needle, starts)
    best_ratio, best = -1.0, 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for start in starts:
        matcher.set_seq1(folded[start : start + width])
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:  # at most a tie: see below
            continue
        ratio = matcher.ratio()
        starts_alike = folded[start : start + 1] == needle[:1] != folded[best : best + 1]
        if ratio > best_ratio or (ratio == best_ratio and starts_alike):  # a tie: the window that starts as the quote does
            best_ratio, best = ratio, start
    passage = folded[best : _word_end(folded, best + width)]  # "night", not "nigh"
    return passage, describe_difference(passage, needle, called)


def _word_end(text: str, end: int, reach: int = 20) -> int:
    """`end`, moved on to the end of the word it falls in (letters, marks, digits), by at most `reach`
    characters: a text without spaces is cut there."""
    import unicodedata

    def in_word(char: str) -> bool:
        return unicodedata.category(char)[0] in "LMN"

    limit = min(len(text), end + reach)
    while 0 < end < limit and in_word(text[end - 1]) and in_word(text[end]):
        end += 1
    return end


CANDIDATES = 300  # windows compared in full; each comparison costs up to the square of the quote's length
CLOSEST_WIDTH = 400  # characters of a quote compared: the message shows where it first differs, near its start


def _candidates(folded: str, needle: str, starts: list[int]) -> list[int]:
    """The word starts worth comparing with the quote: all of them in a short text; in a
    long one, those where the quote's own words stand at the right distance (a mistyped
    quote keeps most of its words), so a 50,000-word section costs milliseconds, not minutes."""
    if len(starts) <= CANDIDATES:
        return starts
    votes: dict[int, int] = {}
    for word, offset in _pieces(needle):
        position, found = folded.find(word), 0
        while position >= 0 and found < 50:  # a common word says little; stop counting it
            slot = bisect.bisect_right(starts, max(0, position - offset)) - 1
            votes[slot] = votes.get(slot, 0) + 1
            position, found = folded.find(word, position + 1), found + 1
    if not votes:  # not one word in common: look at evenly spread windows
        return starts[:: len(starts) // CANDIDATES + 1]
    best = sorted(votes, key=lambda slot: (-votes[slot], slot))[:20]
    slots = {near for slot in best for near in range(slot - 2, slot + 3) if 0 <= near < len(starts)}
    return [starts[slot] for slot in sorted(slots)]


LONG_WORD = 12  # characters: a run without spaces longer than this is a phrase of a script written without them


def _spaceless(text: str) -> bool:
    """Whether `text` is written without spaces between its words (Chinese, Japanese, Thai): a long text with
    fewer than one space in twenty characters, or a short one with none and a character of such a script."""
    if len(text) > LONG_WORD:
        return text.count(" ") * 20 < len(text)
    import unicodedata

    return " " not in text and any(unicodedata.east_asian_width(char) in "WF" or "\u0e00" <= char <= "\u0eff" for char in text)


def _pieces(needle: str) -> Iterator[tuple[str, int]]:
    """The quote's words of three letters or more, each with its offset in the quote; a run without spaces (a
    clause of Chinese) by its three-character pieces instead, as a mistyped character leaves the others intact."""
    offset = 0
    for word in needle.split(" "):
        if len(word) > LONG_WORD:
            yield from ((word[at : at + 3], offset + at) for at in range(0, min(len(word) - 2, 200)))
        elif len(word) >= 3:
            yield word, offset
        offset += len(word) + 1


def describe_difference(text: str, quote: str, called: str = "quote") -> str:
    """The first words that differ, and why when it is a typical slip (quote marks, dashes, digits, word order)."""
    import difflib

    # Words, or characters in a script written without spaces, where a clause would be one "word".
    sep = "" if _spaceless(text) and _spaceless(quote) else " "
    text_words, quote_words = (list(text), list(quote)) if sep == "" else (text.split(" "), quote.split(" "))
    changes = [op for op in difflib.SequenceMatcher(None, text_words, quote_words, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not changes:
        return ""
    added = sorted(word for _, _, _, q1, q2 in changes for word in quote_words[q1:q2])
    if sep and added and added == sorted(word for _, t1, t2, _, _ in changes for word in text_words[t1:t2]):
        had, wrote = " ".join(text_words[changes[0][1] : changes[-1][2]]), " ".join(quote_words[changes[0][3] : changes[-1][4]])
        return f"the text has “{had}” where the {called} has “{wrote}”: the same words, in another order"
    _, t1, t2, q1, q2 = changes[0]
    had, wrote = sep.join(text_words[t1:t2]), sep.join(quote_words[q1:q2])
    if not had:
        return f"the {called} adds “{wrote}”"
    if not wrote:
        return f"the {called} leaves out “{had}”"
    why = look_alike(had, wrote, "the text", f"the {called}")
    return f"the text has “{had}” where the {called} has “{wrote}”" + (f" ({why})" if why else "")


# Quote marks a text may have where a quote typed on a keyboard has straight ones.
_CURLY, _TYPOGRAPHIC, _STRAIGHT, _DASHES = set("‘’“”"), set("‘’“”«»„‚‹›‟‛"), set("'\""), set("-–—")


# Characters of each passage that `look_alike` compares: the comparison costs the square of their length, and a
# text without spaces (a long run of Chinese, or of "=") is one "word" however long.
LOOK_ALIKE_CHARS = 400


def _from_where_they_part(one: str, other: str) -> tuple[str, str]:
    """Both, from a little before their first difference, each at most LOOK_ALIKE_CHARS long."""
    start = max(0, len(os.path.commonprefix([one, other])) - 20)
    return one[start : start + LOOK_ALIKE_CHARS], other[start : start + LOOK_ALIKE_CHARS]


def look_alike(had: str, wrote: str, in_had: str, in_wrote: str) -> str:
    """Why two passages that differ (`had` in `in_had`, `wrote` in `in_wrote`, as "the text" and "the quote")
    are a typical slip, or nothing: quote marks, a dash, a number, or what `unseen_difference` finds."""
    import difflib

    if had == wrote:
        return ""
    had, wrote = _from_where_they_part(had, wrote)
    # The first change only: what the reader meets first, and a passage shown to its last word may differ after it.
    _, i1, i2, j1, j2 = next(op for op in difflib.SequenceMatcher(None, had, wrote, autojunk=False).get_opcodes() if op[0] != "equal")
    # White space aside: « décoratifs » holds spaces (often no-break ones) that "décoratifs" does not.
    had_chars, wrote_chars = set(had[i1:i2]) - set(" \u00a0\u202f"), set(wrote[j1:j2]) - set(" \u00a0\u202f")
    if unseen := unseen_difference(had, wrote):
        return unseen
    if _same_in_another_width(had[i1:i2], wrote[j1:j2]):
        return f"the same characters in another width: {character(had[i1])} in {in_had}, {character(wrote[j1])} in {in_wrote}"
    kind = "curly" if had_chars <= _CURLY else "typographic"
    if had_chars and wrote_chars and had_chars <= _TYPOGRAPHIC and wrote_chars <= _STRAIGHT:
        return f"a {kind} quote or apostrophe in {in_had}, a straight one in {in_wrote}"
    if had_chars and wrote_chars and had_chars <= _STRAIGHT and wrote_chars <= _CURLY:
        return f"a straight quote or apostrophe in {in_had}, a curly one in {in_wrote}"
    if had_chars | wrote_chars and had_chars | wrote_chars <= _DASHES:
        return "a different dash"
    if any(char.isdigit() for char in had_chars | wrote_chars):
        return "a changed number"
    return _other_character(had[i1:i2], wrote[j1:j2], in_had, in_wrote)


def _same_in_another_width(had: str, wrote: str) -> bool:
    """Full-width digits or letters against ASCII ones ("３０００", "3000"), as Chinese and Japanese text holds them."""
    import unicodedata

    widths = any(unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")) for char in had + wrote)
    return widths and unicodedata.normalize("NFKC", had) == unicodedata.normalize("NFKC", wrote)


def _other_character(had: str, wrote: str, in_had: str, in_wrote: str) -> str:
    """Where one character stands for another outside ASCII, both named: a micro sign and a Greek mu print
    alike, as do a Latin a and a Cyrillic а."""
    if len(had) != 1 or len(wrote) != 1 or (had.isascii() and wrote.isascii()):
        return ""
    return f"{character(had)} in {in_had}, {character(wrote)} in {in_wrote}"


def unseen_difference(one: str, other: str) -> str:
    """Why two passages that differ can look alike on screen, or nothing: the same letters encoded
    differently (é as one character or as e and an accent), or a character that shows nothing."""
    import difflib
    import unicodedata  # only for a passage that was not found

    one, other = (text.strip() for text in _from_where_they_part(one, other))  # a passage cut short may end in a space
    if one == other:  # they differ elsewhere
        return ""
    if unicodedata.normalize("NFC", one) == unicodedata.normalize("NFC", other):
        return "the same letters, encoded differently: one é as a single character, say, the other as e and an accent"
    changes = difflib.SequenceMatcher(None, one, other, autojunk=False).get_opcodes()
    changed = {char for tag, i1, i2, j1, j2 in changes if tag != "equal" for char in one[i1:i2] + other[j1:j2]}
    unseen = sorted(char for char in changed if _shows_nothing(char))
    if not unseen:
        return ""
    names = ", ".join(character(char, "INVISIBLE CHARACTER") for char in unseen)
    return f"an invisible character in one of them: {names}"


# Unicode's default-ignorable characters that are not format characters (category Cf): a joiner, fillers, variation selectors.
_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164), (0xFE00, 0xFE0F))
_IGNORABLE += ((0xFFA0, 0xFFA0), (0xE0100, 0xE01EF))


def _shows_nothing(char: str) -> bool:
    import unicodedata

    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(low <= code <= high for low, high in _IGNORABLE)


class Span(NamedTuple):
    start: int
    end: int
    claim_id: str


class Segmentation:
    """The cut points of overlapping claim spans, and which claims cover each piece."""

    def __init__(self, spans: Iterable[Span]) -> None:
        spans = sorted(spans, key=lambda span: (span.start, -span.end, span.claim_id))
        self.spans = spans
        points = sorted({span.start for span in spans} | {span.end for span in spans})
        self.points = points
        self.starting: dict[int, list[str]] = {}
        self.ending: dict[int, list[str]] = {}
        for span in spans:
            self.starting.setdefault(span.start, []).append(span.claim_id)
        # Where claims end at one word, the innermost's marker comes first, beside its own text, as a
        # closing bracket does: the outer claim's verdict never seems to be the inner phrase's.
        for span in sorted(spans, key=lambda span: (-span.start, span.claim_id)):
            self.ending.setdefault(span.end, []).append(span.claim_id)
        self.covering: list[tuple[str, ...]] = self._sweep()

    def _sweep(self) -> list[tuple[str, ...]]:
        """covering[i]: the claims covering points[i]..points[i+1], outermost first."""
        order = {span.claim_id: rank for rank, span in enumerate(self.spans)}
        active: dict[str, None] = {}
        covering = []
        for point in self.points:
            for claim_id in self.ending.get(point, ()):
                active.pop(claim_id, None)
            for claim_id in self.starting.get(point, ()):
                active[claim_id] = None
            covering.append(tuple(sorted(active, key=order.__getitem__)))
        return covering

    def pieces(self, start: int, end: int) -> list[tuple[int, int, tuple[str, ...]]]:
        """Cut [start, end) at claim boundaries: (piece start, piece end, covering claims)."""
        cuts = self.points[bisect.bisect_right(self.points, start) : bisect.bisect_left(self.points, end)]
        result = []
        edges = [start, *cuts, end]
        for left, right in itertools.pairwise(edges):
            slot = bisect.bisect_right(self.points, left) - 1
            result.append((left, right, self.covering[slot] if slot >= 0 else ()))
        return result
