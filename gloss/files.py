"""Reading a project's text files (content, seeds) with the limits and decoding every one gets.

Apart from `load` because it needs no YAML: `resolve` reads the seed in a process that never
imports PyYAML (a forked child loads the content files: see `content`).
"""

from __future__ import annotations

from pathlib import Path

from .problems import Mark, Report

MAX_FILE_BYTES = 2_000_000


def read_text(path: Path, shown: str, report: Report, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's text: UTF-8 with or without BOM, CRLF folded to LF."""
    try:
        size = path.stat().st_size
    except OSError as error:
        report.error(Mark(shown), f"cannot read file: {error.strerror}", incomplete=True)
        return None
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
    return text.replace("\r\n", "\n").replace("\r", "\n")
