"""Reading a project's text files (content, seeds) with the limits and decoding every one gets.

Apart from `load` because it needs no YAML: `resolve` reads the seed in a process that never
imports PyYAML (a forked child loads the content files: see `content`).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from .problems import Mark, Report

MAX_FILE_BYTES = 2_000_000

# What no web page may hold (HTML's control-character and noncharacter parse errors), so no text Gloss
# shows may: C0 and C1 controls other than ASCII white space, and Unicode's noncharacters. A regex with
# characters past U+FFFF scans ~100 ns a character: search a short string, or one already under suspicion.
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
UNSHOWABLE = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{NONCHARACTERS}]")
_NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")
# U+0085 is Windows-1252's byte for "…", read as Latin-1 on the way to UTF-8: what a seed or content file holding one often means.
MISREAD_ELLIPSIS = "it is often an ellipsis (…) converted from Windows-1252 the wrong way"
# Every noncharacter's UTF-8 holds one of these: U+FDD0 to U+FDEF start EF B7; U+FFFE, U+FFFF and the last
# two of each other plane end BF BE or BF BF. A byte search finds them at memory speed.
_NONCHARACTER_BYTES = (b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")


def unshowable(text: str) -> re.Match[str] | None:
    """The first character of `text` that no web page may hold, or None. A printable text holds none,
    and `str.isprintable` says so in C, without the slow regex."""
    return None if text.isprintable() else UNSHOWABLE.search(text)


# The Ogham space mark: white space to Unicode, yet drawn (as a line, the stem Ogham letters stand on), so a page
# showing one where the seed has a space, or none, shows something else.
DRAWN_SPACE = "\u1680"
# What draws nothing on a page: spaces, format characters (U+200B, U+00AD…), marks with no letter to sit on, and
# the letters that are blanks (Hangul fillers, the blank Braille pattern).
_DRAWS_NOTHING = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}
BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"
_PLAIN = re.compile(r"[0-9A-Za-z]")


def draws_nothing(text: str) -> bool:
    """Whether the reader would see nothing of `text` on the page: an empty title, a link with no text."""
    if _PLAIN.search(text):  # nearly every text, at the cost of one search
        return False
    import unicodedata

    return all(char in BLANK_LETTERS or (unicodedata.category(char) in _DRAWS_NOTHING and char != DRAWN_SPACE) for char in text)


def why_not(error: OSError | RuntimeError) -> str:
    """What an OSError says, or what Path.resolve's RuntimeError means: a loop of links."""
    return getattr(error, "strerror", None) or "a loop of links"


def position(text: str, offset: int) -> tuple[int, int]:
    """The line and column, from 1, of an offset in the text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_text(path: Path, shown: str, report: Report, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's text: UTF-8 with or without BOM, CRLF folded to LF."""
    try:
        status = path.stat()
    except OSError as error:
        report.error(Mark(shown), f"cannot read file: {error.strerror}", incomplete=True)
        return None
    if not stat.S_ISREG(status.st_mode):  # a pipe would keep the reading waiting for ever; a device, for ever and a day
        report.error(Mark(shown), "not a file but a folder, pipe or device", "content and seeds are plain text files", incomplete=True)
        return None
    size = status.st_size
    if size > limit:
        report.error(
            Mark(shown),
            f"file is {size:,} bytes, over the {limit:,}-byte limit for content files",
            "split it into smaller files",
            incomplete=True,
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as error:  # a folder where a file should be, a permission, a vanished file
        report.error(Mark(shown), f"cannot read file: {error.strerror}", incomplete=True)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.error(
            Mark(shown, line, col),
            f"invalid UTF-8 at byte offset {error.start}",
            "save the file as UTF-8",
            incomplete=True,
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(mark in data for mark in _NONCHARACTER_BYTES) and (found := _NONCHARACTER.search(text)):
        report.error(*refusal(text, found.start(), shown, "a noncharacter"), incomplete=True)
        return None
    return text


def refusal(
    text: str, offset: int, shown: str, kind: str, hint: str = "delete it; it may have come with a copy and paste"
) -> tuple[Mark, str, str]:
    """The error for a character no web page may hold, where it stands in the text."""
    message = f"the character U+{ord(text[offset]):04X} is not allowed: {kind}, which no web page may hold"
    return Mark(shown, *position(text, offset)), message, hint
