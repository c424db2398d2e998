"""The seed: the article's verbatim text, and the check that the sections still say it.

The comparison folds runs of white space and nothing else: quotes, dashes and
case must match exactly (and the Ogham space mark, which is drawn, see `files.DRAWN_SPACE`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from .anchor import Block, SectionText, collapse, is_wide, lines_joined, look_alike
from .files import DRAWN_SPACE, MISREAD_ELLIPSIS, read_text, refusal, unshowable
from .problems import Mark, Report

BYLINE_KEYS = {"author": "author", "source": "publisher", "reviewed by": "reviewed_by"}
_BYLINE = re.compile(r"^\s*(author|source|reviewed by)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_WORDS = 8
_SHOWN = 90  # characters of the text a message quotes where the seed and the sections part
MAX_SEED_BYTES = 50_000_000  # plain text, parsed by nobody: a book fits; a content file's 2 MB limit does not apply


class Seed(NamedTuple):
    path: str
    text: str  # without the closing byline
    byline: dict[str, str]  # article key → value, from the closing lines
    whole: str  # the file's text, byline and all: `text` is its start, so an offset in either is one in the file


def split_byline(text: str) -> tuple[str, dict[str, str]]:
    """Peel the closing `Author:`, `Source:`, `Reviewed By:` lines off the text."""
    lines = text.rstrip().split("\n")
    byline: dict[str, str] = {}
    while lines:
        match = _BYLINE.match(lines[-1])
        if not match or BYLINE_KEYS[match[1].lower()] in byline:
            break
        byline[BYLINE_KEYS[match[1].lower()]] = match[2]
        lines.pop()
    return "\n".join(lines), byline


def read_seed(path: Path, shown: str, report: Report) -> Seed | None:
    text = read_text(path, shown, report, MAX_SEED_BYTES)
    if text is None:
        return None
    body, byline = split_byline(text)
    if "author" not in byline and (author := opening_byline(opening_line(opening_line(body)[1])[0])):
        byline["author"] = author  # the closing `Author:` line, where there is one, says it in full
    return Seed(shown, body, byline, text)


# The words a name or an affiliation may hold in lower case: "By Anna van Dijk and Jo Roe, Head of History".
_NAME_LINKS = {"and", "of", "the", "for", "at", "in", "on", "de", "da", "del", "der", "den", "van", "von", "le", "la", "y", "e", "und"}


# "By" in languages `split` guesses (Hebrew's מאת, Arabic's بقلم); not Italian's "Di" nor Dutch's "Door", which open
# surnames and English lines as often.
_BYLINE_WORDS = {"By", "Von", "Par", "Por", "מאת", "بقلم"}
_UNCASED_NAME_WORDS = 5  # a name in a script without capitals cannot show it is one: a longer line is a sentence


# Chinese and Korean bylines: "本报记者 林晓雯" (our reporter), "记者 林晓雯", "文/林晓雯" (text by), "홍길동 기자"
# (reporter, after the name). A space must part the word for reporter from the name: "本报记者近日从…获悉" (our
# reporter learned recently…) opens a sentence, and "记者会" is a press conference. A name holds no punctuation, no
# bracket or quote mark and no digit, and is two to ten characters long.
_NAME = r"(?P<name>[^\s\d，。、,.!?！？：:「」『』（）()“”\"'《》]{2,10})"
_EAST_ASIAN_BYLINES = (  # patterns, compiled by re's cache on first use: most articles never ask
    rf"(?:本报记者|本報記者|记者|記者)\s+{_NAME}",
    rf"文\s*[/／]\s*{_NAME}",
    r"(?P<name>[가-힣]{2,5})\s+기자",
)


def opening_byline(line: str) -> str | None:
    """Whom a byline standing under the headline names ("By Ms. Anna Kowalski, History Department"), or None
    where the line is not one: it has no digit, does not end a sentence, and its words after "By" are names:
    capitalised, or linking words ("van", "de"), or a few words of a script without capitals (Hebrew, Arabic).
    A Chinese, Japanese or Korean byline names its reporter by the word for one (see `_EAST_ASIAN_BYLINES`)."""
    if found := next(filter(None, (re.fullmatch(byline, line.strip()) for byline in _EAST_ASIAN_BYLINES)), None):
        return found["name"]
    words = line.split()
    if len(words) < 2 or len(words) > 16 or words[0].rstrip(":") not in _BYLINE_WORDS or any(char.isdigit() for char in line):
        return None
    if line.rstrip().endswith(tuple(",;:!?…")) or (line.rstrip().endswith(".") and len(words[-1]) > 4):  # "Jr." may end it
        return None
    names = [word.strip(",()&") for word in words[1:]]
    if names[0] in _NAME_LINKS:  # "Von der Leyen", "By the way": a name starts with itself, not "der" or "the"
        return None
    uncased = [word for word in names if word[:1].isalpha() and not word[:1].isupper() and not word[:1].islower()]
    if len(uncased) > _UNCASED_NAME_WORDS or not all(
        word[:1].isupper() or word in _NAME_LINKS or not word or word in uncased for word in names
    ):
        return None
    return " ".join(words[1:])


def after_byline(text: str) -> str | None:
    """The text after its first line, where that line is an opening byline (see `opening_byline`)."""
    first, rest = opening_line(text)
    return rest if opening_byline(first) else None


def opening_line(text: str) -> tuple[str, str]:
    """A seed's first line and the text after it, blank lines before it aside: where its headline stands, if it has one."""
    first, _, rest = text.lstrip().partition("\n")
    return first, rest


def refuse_unshowable(seed: Seed, report: Report) -> bool:
    """Report the seed's first character that no web page may hold (`files.unshowable`); whether there is one.
    A slow scan, so `split` runs it before writing, and `compare` only once the texts differ: no body can hold
    such a character, so the seed then differs from the bodies there (unless it folds away as white space)."""
    found = unshowable(seed.whole)
    if found is None:
        return False
    code = ord(found[0])
    hint = "delete it, or put a space or a line break in its place"
    if code == 0x85:
        hint = f"{MISREAD_ELLIPSIS}: {hint}"
    kind = "a control character" if code <= 0x9F else "a noncharacter"
    report.error(*refusal(seed.whole, found.start(), seed.path, kind, hint))
    return True


class Piece(NamedTuple):
    """One block of one section, folded, with where it sits in the joined text."""

    offset: int
    text: str
    mark: Mark


def compare(
    seed: Seed, sections: list[tuple[SectionText, list[Mark]]], report: Report, fallback: Mark, title: tuple[str, Mark] | None = None
) -> None:
    """Report the first place where the sections' text leaves the seed's. A seed may open with the article's
    `title` (its text and place) on a line of its own: the page shows it as its headline, so the sections need
    not repeat it."""
    pieces, joined = _pieces(sections)
    expected = _folded(seed.text)
    if joined != expected and title is not None:
        headline, rest = opening_line(seed.text)
        # The sections may leave the headline to the title, and a byline under it ("By …") to the author.
        starts = [_folded(text) for text in (rest, after_byline(rest)) if text is not None]
        if collapse(headline) != collapse(title[0]):
            if joined in starts:  # the sections leave the first line to the title, which says something else
                report.error(
                    title[1],
                    f"the sections start after the seed's first line, “{headline}”, so it is the headline: yet the title is “{title[0]}”",
                    f"write title: {headline}, or begin the first section with that line",
                )
                return
        elif joined in starts:  # the sections start after the headline (or its byline), and say the rest
            expected = joined
        else:  # the nearest: the one the sections follow furthest
            expected = max([expected, *starts], key=lambda start: _first_difference(joined, start))
    if joined == expected or refuse_unshowable(seed, report):
        return
    at = _first_difference(joined, expected)
    piece = next((piece for piece in reversed(pieces) if piece.offset <= at), None)
    mark = piece.mark if piece else fallback
    ours, theirs = _words_from(joined, at), _words_from(expected, at)
    hint = "section bodies must reproduce the seed verbatim"
    if not ours:
        message = f"the sections end before the seed does; the seed goes on with “{theirs}”"
    elif not theirs:
        message = f"the sections go on past the end of the seed with “{ours}”"
    else:
        message = f"the text differs from the seed {seed.path}: the seed has “{theirs}” where the section has “{ours}”"
        if why := look_alike(theirs, ours, "the seed", "the section"):
            hint = f"{why}; copy the words from the seed"
    report.error(mark, message, hint)


def _pieces(sections: list[tuple[SectionText, list[Mark]]]) -> tuple[list[Piece], str]:
    """Each block of the sections, folded, with where it starts in their joined text; and that text, the blocks
    joined by a space, but for one between two wide characters (see `anchor.lines_joined`)."""
    pieces: list[Piece] = []
    joined: list[str] = []
    offset = 0
    for section_text, block_marks in sections:
        bounds = [block.start for block in section_text.blocks] + [len(section_text.text)]
        for block, end, mark in zip(section_text.blocks, bounds[1:], block_marks, strict=True):
            text = _folded(section_text.text[block.start : end])
            if not text:
                continue
            if joined:
                gap = "" if is_wide(joined[-1][-1]) and is_wide(text[0]) else " "
                joined.append(gap)
                offset += len(gap)
            pieces.append(Piece(offset, text, mark))
            joined.append(text)
            offset += len(text)
    return pieces, "".join(joined)


def _folded(text: str) -> str:
    """The text as the comparison reads it: white space folded (`anchor.collapse`), and a line break between two
    Chinese or Japanese characters none (`anchor.lines_joined`). An Ogham space mark, drawn, is no white space, but
    split and Markdown drop one at a line's ends as they drop spaces, so there it is dropped on both sides."""
    if DRAWN_SPACE in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return collapse(lines_joined(text))


def _first_difference(left: str, right: str) -> int:
    """The first index where the strings differ: a binary search on equal prefixes,
    compared in C, so a book-length text costs milliseconds rather than a Python loop per character."""
    low, high = 0, min(len(left), len(right))  # left[:low] == right[:low]; they differ before high, or high is the limit
    while low < high:
        middle = (low + high + 1) // 2
        if left[low:middle] == right[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _words_from(text: str, at: int) -> str:
    """The words from the one `at` falls in: `_WORDS` of them, in at most `_SHOWN` characters, starting near `at`
    in a text without spaces (Chinese, a rule of "=" signs), which would otherwise be shown whole."""
    start = max(text.rfind(" ", 0, at) + 1, at - _SHOWN // 3)
    words = " ".join(text[start:].split(" ", _WORDS)[:_WORDS])
    return words if len(words) <= _SHOWN else words[:_SHOWN] + "…"


def block_marks(blocks: list[Block], body_mark: Mark, literal: bool) -> list[Mark]:
    """The file position of each block: exact for a `|` body, the body's start otherwise."""
    if not literal:
        return [body_mark for _ in blocks]
    return [Mark(body_mark.path, body_mark.line + 1 + block.line, 3) for block in blocks]
