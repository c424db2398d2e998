"""`split`: start an article from a plain-text seed.

Writes content/article.yml (byline prefilled, placeholders marked TODO) and one
section file per part of the seed, split at its subheadings. Each body is the
seed's text, escaped so that Markdown shows exactly the seed's characters: the
output passes `check` before anyone has annotated a word.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from .anchor import collapse, is_wide, unspaced
from .content import LINKED_AWAY, Paths
from .files import read_text, unshowable, why_not
from .languages import guess_by_script, guess_language
from .load import HIDDEN_BREAKS
from .problems import Mark, Report
from .seed import Seed, after_byline, opening_byline, opening_line, read_seed, refuse_unshowable

HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
HEADLINE_MAX_CHARS = 160  # a headline may run longer than a subheading, and ask or exclaim
HEADLINE_MAX_WORDS = 30
WRAPPED_MAX_CHARS = 100  # a seed whose lines are all this short is hard-wrapped
DEFAULT_GROUP = 3  # paragraphs per section for a seed without subheadings
# What ends a sentence or a clause in other scripts: Chinese and Japanese (full width), Arabic and Urdu, the
# Devanagari danda, Ethiopic, Burmese and Armenian stops.
_OTHER_STOPS = "。．｡，、；：۔،؛।॥።፣။։"
# What ends a sentence, a clause or a quotation, in English and in the languages around it (« », „ “, ‹ ›, 「 」).
_FINAL_PUNCTUATION = tuple(".,;:!?…\"'”’)]»“›" + _OTHER_STOPS + "！？؟」』）")
# A bullet's or a quotation's marker: such a line is text, however short. A number ("1. Background") may
# head a section, unless the line stands in a list of them.
_BULLET_OR_QUOTE = re.compile(r"[-*+•–—>](?:\s|$)")
_NUMBERED = re.compile(r"\d{1,9}[.)](?:\s|$)")
_SENTENCE_END = re.compile(rf"[.,;:…{_OTHER_STOPS}][\"'”’»)\]」』）]*$")  # a stop, then closing quotes or brackets: `this year.”`
_SCHEMA_LINE = "# yaml-language-server: $schema={}\n"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@dataclass
class Part:
    """One section to be: its subheading (if the seed has one here) and its paragraphs."""

    heading: str | None = None
    paragraphs: list[str] = field(default_factory=list)


# ---- reading the seed ---------------------------------------------------------------


def paragraphs_and_headings(text: str) -> list[tuple[str, bool]]:
    """The seed's blocks in order, each (text, is_heading).

    A seed is either one paragraph per line, or hard-wrapped with blank lines between
    paragraphs; a subheading is a short line without final punctuation that stands
    between paragraphs.
    """
    lines = [line.strip() for line in text.split("\n")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    wrapped = len(blocks) > 1 and any(len(block) > 1 for block in blocks) and all(len(line) <= WRAPPED_MAX_CHARS for line in lines)
    items: list[str] = []
    for block in blocks:
        items.extend(["\n".join(block)] if wrapped else block)
    last = len(items) - 1
    numbered = [bool(_NUMBERED.match(item)) for item in ["", *items, ""]]  # padded: items[i]'s is numbered[i + 1]
    in_a_list = [numbered[i + 1] and (numbered[i] or numbered[i + 2]) for i in range(len(items))]
    return [
        (item, 0 < index < last and "\n" not in item and _looks_like_heading(item) and not in_a_list[index])
        for index, item in enumerate(items)
    ]


def _headline(text: str, title: str | None = None) -> str | None:
    """The seed's first line, when it stands alone with more text after it and reads as a headline, or is
    `title` (the --title option): the article's title, which the page shows as its headline (`seed.compare`
    allows for it), so the sections start after it."""
    blocks = paragraphs_and_headings(text)
    first = blocks[0][0] if blocks else ""
    head, _, under = first.partition("\n")
    if under and "\n" not in under and opening_byline(under):  # a byline right under the headline: the author's line
        first = head
    if len(blocks) < 2 or "\n" in first:
        return None
    if title is not None:
        return first if collapse(first) == collapse(title) else None
    return first if _looks_like_headline(first) else None


def _looks_like_heading(line: str) -> bool:
    return _short_and_unmarked(line, HEADING_MAX_CHARS, HEADING_MAX_WORDS) and not line.endswith(_FINAL_PUNCTUATION)


def _looks_like_headline(line: str) -> bool:
    return (
        _short_and_unmarked(line, HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS)
        and not _SENTENCE_END.search(line)
        and not _NUMBERED.match(line)
        and not line.startswith(tuple("\"'“‘«„‹「『"))  # a quotation standing first, not a headline
    )


def _short_and_unmarked(line: str, chars: int, words: int) -> bool:
    """Within `chars` characters and `words` words, and no bullet or quotation marker before it."""
    return len(line) <= chars and len(line.split()) <= words and not _BULLET_OR_QUOTE.match(line)


def parts_of(text: str, group: int = DEFAULT_GROUP) -> list[Part]:
    """Split at subheadings; a seed without any becomes parts of `group` paragraphs."""
    blocks = paragraphs_and_headings(text)
    parts: list[Part] = [Part()]
    if any(heading for _, heading in blocks):
        for item, heading in blocks:
            if heading:
                parts.append(Part(item))
            else:
                parts[-1].paragraphs.append(item)
    else:
        for index, (item, _) in enumerate(blocks):
            if index and index % group == 0:
                parts.append(Part())
            parts[-1].paragraphs.append(item)
    return [part for part in parts if part.heading or part.paragraphs]


# ---- Markdown that shows the seed's own characters -------------------------------------

_INLINE = re.compile(r"[\\`*_\[\]<]|&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(?:[#>+=~-]|\d{1,9}(?=[.)]))")


def escape_line(line: str) -> str:
    """One line of a paragraph, escaped so Markdown renders its characters as they are."""
    line = _INLINE.sub(lambda match: "\\" + match[0], line.strip())
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match[0].isdigit():  # `1.` would start an ordered list: escape the dot
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def escape_paragraph(paragraph: str) -> str:
    return "\n".join(escape_line(line) for line in paragraph.split("\n"))


def escape_heading(heading: str) -> str:
    """A subheading as a `##` heading; every `#` escaped, so none closes it early."""
    return "## " + _INLINE.sub(lambda match: "\\" + match[0], heading.strip()).replace("#", "\\#")


def body_of(part: Part) -> str:
    blocks = ([escape_heading(part.heading)] if part.heading else []) + [escape_paragraph(text) for text in part.paragraphs]
    return "\n\n".join(blocks) + "\n"


# ---- writing YAML -----------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (a string)."""
    if _PLAIN_SAFE.match(text) and ": " not in text and not text.endswith((" ", ":")):
        try:
            if yaml.safe_load(f"key: {text}") == {"key": text}:
                return text
        except yaml.YAMLError:
            pass
    return _quoted(text)


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000).strip()


def block(key: str, text: str) -> str:
    """`key: |` with the text as a literal block, or a quoted scalar where a block cannot hold it."""
    printable = all(_printable(char) for char in text) and not any(mark in text for mark in HIDDEN_BREAKS)
    if printable and text.endswith("\n") and not text.endswith("\n\n") and not text.startswith((" ", "\n")):
        lines = "".join(f"  {line}\n" if line else "\n" for line in text[:-1].split("\n"))
        return f"{key}: |\n{lines}"
    return f"{key}: {_quoted(text)}\n"


def _printable(char: str) -> bool:
    code = ord(char)
    return char in "\t\n" or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


# Letters that no decomposition turns into ASCII, spelt as their languages do when they must ("Straße": strasse).
_SPELT = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
_SPELT.update(str.maketrans({"ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}))


SLUG_MAX_CHARS = 60  # a file name holds it: one long word must not pass a file system's limit (255 bytes)


def slug(text: str, words: int = 4) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SPELT)).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:words])[:SLUG_MAX_CHARS].rstrip("-")


def first_words(text: str, count: int = 6) -> str:
    """The text's first `count` words; in Chinese or Japanese, whose words no space parts, its first 3 × `count`
    characters."""
    words = text.split()
    if any(is_wide(char) for char in text[:40]):  # "2024年，…" and "“我们…”" too
        folded = unspaced(" ".join(words))  # a wrapped line's break is no space
        return folded[: 3 * count] + ("…" if len(folded) > 3 * count else "")
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


# ---- the command --------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    seed: Path
    force: bool = False
    title: str | None = None
    published: str | None = None
    group: int = DEFAULT_GROUP


class Written(NamedTuple):
    files: list[Path]  # none when nothing was written (the problems say why)
    set_aside: Path | None = None  # where the files --force replaced were moved, if any
    moved_sources: bool = False  # sources.yml among them: article.yml named another seed, or none could be read
    kept_sources: bool = False  # sources.yml left in place: the article it lists sources for has the same seed


class _Split(NamedTuple):
    """What a seed splits into: the seed, where it is, its headline (if it opens with one) and the parts after it."""

    seed: Seed
    file: Path
    headline: str | None
    parts: list[Part]


def _read_parts(paths: Paths, options: Options, report: Report) -> _Split | None:
    """The seed and its parts, or None when it cannot be split (the report says why)."""
    seed_file = options.seed.resolve()
    if not seed_file.exists() and not options.seed.is_absolute():
        seed_file = (paths.root / options.seed).resolve()  # relative to the project, not where we stand
    shown = paths.shown(seed_file)
    if not seed_file.is_file():
        report.error(Mark(shown), "seed file not found")
        return None
    if not paths.holds(seed_file):  # `check` refuses such a seed: refuse it before writing
        report.error(Mark(shown), "the seed is outside the project folder", f"copy it into {paths.shown(paths.root / 'seeds')}/ first")
        return None
    if options.title is not None and (found := unshowable(options.title)):
        report.error(Mark("--title"), f"the title holds U+{ord(found[0]):04X}, which no web page may hold", "leave it out")
        return None
    seed = read_seed(seed_file, shown, report)
    if seed is None or refuse_unshowable(seed, report):  # no content file could hold the character
        return None
    headline = _headline(seed.text, options.title)
    text = seed.text
    if headline:  # the sections start after it, and after a byline under it
        rest = opening_line(seed.text)[1]
        text = after_byline(rest) or rest
    parts = parts_of(text, options.group)
    if not parts:
        report.error(Mark(shown), "the seed has no text to split")
        return None
    return _Split(seed, seed_file, headline, parts)


def split(paths: Paths, options: Options, report: Report) -> Written:
    """Write the content files for a new article: what was written, and where what it replaced now is."""
    read = _read_parts(paths, options, report)
    if read is None:
        return Written([])
    seed, seed_file, headline, parts = read
    try:
        folder = paths.linked_away()
    except (OSError, RuntimeError) as error:  # a loop of links
        report.error(Mark(paths.shown(paths.content)), f"cannot use the folder: {why_not(error)}")
        return Written([])
    if folder:  # whatever it leads to is not the project's to write or delete
        report.error(Mark(paths.shown(folder)), LINKED_AWAY, "make it a folder of its own")
        return Written([])
    existing = _existing(paths)
    if existing and not options.force:
        for path in existing:
            report.error(Mark(paths.shown(path)), "file already exists", "use --force to replace the article and all its sections")
        return Written([])
    try:
        seed_path = Path(os.path.relpath(seed_file, paths.root)).as_posix()
    except ValueError:  # another drive on Windows
        report.error(Mark(paths.shown(seed_file)), "the seed must be on the same drive as the project folder")
        return Written([])
    files = {paths.article: article_yaml(seed.byline, parts, seed_path, options, headline), **_section_files(paths, parts)}
    if dangling := [path for path in (*files, paths.sources) if path not in existing and path.is_symlink() and not path.exists()]:
        for path in dangling:  # writing would follow the link: to a file anywhere, or round a loop
            report.error(Mark(paths.shown(path)), "a link to nothing here stands where split would write", "delete it")
        return Written([])
    same_article = _seed_of(paths) == seed_file  # a new split of the same seed: its sources still apply
    replaced = existing + ([paths.sources] if existing and paths.sources.exists() and not same_article else [])
    try:
        set_aside = _set_aside(paths, replaced) if replaced else None
    except OSError as error:  # a read-only folder, say: every file is where it was, or the message says where
        hint = "" if isinstance(error, _PartlyMoved) else "nothing was moved"
        report.error(Mark(paths.shown(paths.content)), f"cannot set the replaced files aside: {why_not(error)}", hint)
        return Written([])
    if not paths.sources.exists():
        files[paths.sources] = SOURCES_TEMPLATE
    try:
        _write_all(paths, files)
    except _NotWritten as failed:
        what = "make the sections folder" if failed.path == paths.sections else "write the file"
        report.error(Mark(paths.shown(failed.path)), f"cannot {what}: {why_not(failed.error)}", _put_back(paths, set_aside, replaced))
        return Written([])
    return Written(
        list(files), set_aside, moved_sources=paths.sources in replaced, kept_sources=bool(existing) and paths.sources not in files
    )


def _section_files(paths: Paths, parts: list[Part]) -> dict[Path, str]:
    """Each part's section file and its YAML, named in the article's order with an id from its first words."""
    files, ids = {}, set[str]()
    digits = max(3, len(str(len(parts) * 10)))  # every name as long: file-name order is the article's order
    for number, part in enumerate(parts, start=1):
        named = slug(part.heading or part.paragraphs[0])  # letters: a heading in Hebrew or Chinese leaves only its digits
        ident = _unique_id(named if re.search("[a-z]", named) else f"part-{number}", ids)
        files[paths.sections / f"{number * 10:0{digits}d}-{ident}.yml"] = section_yaml(ident, part)
    return files


class _NotWritten(Exception):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(path, error)
        self.path, self.error = path, error


def _write_all(paths: Paths, files: dict[Path, str]) -> None:
    """Write every file, or none: should one fail (a read-only folder, a file where a folder must be), those
    written are deleted again, and `_NotWritten` says which failed and why."""
    written: list[Path] = []
    path = paths.sections
    try:
        paths.sections.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            file = path.open("x", encoding="utf-8")  # never through a link, never over a file
            written.append(path)  # made, so ours to delete should its writing fail
            with file:
                file.write(_point_at_schemas(text, path.parent))
    except OSError as error:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        raise _NotWritten(path, error) from error


def _put_back(paths: Paths, folder: Path | None, replaced: list[Path]) -> str:
    """Move the files set aside in `folder` back where they were, as the failed split found them; what it did, said
    as a hint."""
    if folder is None:
        return "nothing was written"
    if _move_back(paths, folder, replaced):
        return f"nothing was written; some of the replaced files stay in {paths.shown(folder)}"
    return "nothing was written, and the replaced files are back in place"


def _seed_of(paths: Paths) -> Path | None:
    """The seed the current article.yml names, if it can be read: else None, as for another article's."""
    text = read_text(paths.article, paths.shown(paths.article), Report())  # a pipe or a folder there is not read
    try:
        seed = yaml.safe_load(text or "")["seed"]
        return (paths.root / str(seed)).resolve()
    except (OSError, UnicodeError, yaml.YAMLError, TypeError, KeyError, RuntimeError, ValueError):
        return None


class _PartlyMoved(OSError):
    """Setting the files aside failed, and some could not be put back: its message names them."""


def _set_aside(paths: Paths, files: list[Path]) -> Path:
    """Move the files --force replaces into the next free `content/replaced-N/`, keeping their places under
    content/: an article's annotations are hours of work, and nothing here deletes them. All or none: should
    one move fail (a read-only folder), those moved go back, and the error is raised."""
    number = 1
    while (folder := paths.content / f"replaced-{number}").exists() or folder.is_symlink():
        number += 1
    moved: list[Path] = []
    try:
        for path in files:
            target = folder / path.relative_to(paths.content)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target)
            moved.append(path)
    except OSError as error:
        if stranded := _move_back(paths, folder, moved):  # nothing is lost, but the editor must know where these are
            names = ", ".join(paths.shown(target) for target in stranded)
            raise _PartlyMoved(error.errno, f"{why_not(error)}; and could not put back {names}, which stay there") from error
        raise
    return folder


def _move_back(paths: Paths, folder: Path, moved: list[Path]) -> list[Path]:
    """Move the files set aside in `folder` back where they were, last moved first, and remove the folders made for
    them; those that could not go back, where they stay."""
    stranded = []
    for path in reversed(moved):
        target = folder / path.relative_to(paths.content)
        try:
            target.rename(path)
        except OSError:
            stranded.insert(0, target)
    for made in sorted((folder, *folder.rglob("*")), reverse=True):  # the folders made for them, empty again
        with contextlib.suppress(OSError):
            made.rmdir()
    return stranded


def _point_at_schemas(text: str, folder: Path) -> str:
    """Make the schema line's `../schemas/` relative to where the file really is, so an
    article kept outside this repository still gets the editor schemas."""
    try:
        relative = Path(os.path.relpath(SCHEMAS, folder)).as_posix()
    except ValueError:  # another drive on Windows
        relative = SCHEMAS.as_uri()
    first, rest = text.split("\n", 1)
    return first[: first.index("$schema=") + 8] + relative + "/" + first.rsplit("/", 1)[1] + "\n" + rest


def _existing(paths: Paths) -> list[Path]:
    """The article's files that a new split replaces: article.yml and the section files, misnamed ones too."""
    found = [paths.article] if paths.article.exists() else []
    sections, misnamed = paths.scan_sections()
    return found + sections + misnamed


def _unique_id(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 2
    while candidate in taken:
        candidate, number = f"{ident}-{number}", number + 1
    taken.add(candidate)
    return candidate


def article_yaml(byline: dict[str, str], parts: list[Part], seed_path: str, options: Options, headline: str | None = None) -> str:
    lines = [
        _SCHEMA_LINE.format("../schemas/article.schema.json"),
        "# Written by `python build.py split`: do each TODO, then delete its comment (`python build.py check` lists them).\n",
    ]
    if options.title or headline:
        lines.append(f"title: {scalar(options.title or headline)}\n")
    else:
        first = parts[0].heading or parts[0].paragraphs[0]
        lines.append(f"title: {scalar(first_words(first, 10))}  # TODO: the real headline (these are the seed's first words)\n")
    for key, label, what in (("author", "Author", "author's name"), ("publisher", "Source", "publisher's name")):
        if key in byline:
            lines.append(f"{key}: {scalar(byline[key])}\n")
        else:
            lines.append(f"{key}: {scalar('Unknown')}  # TODO: the {what} (the seed has no '{label}:' line)\n")
    if options.published:
        lines.append(f"published: {options.published}\n")
    else:
        today = dt.date.today().isoformat()
        lines.append(f"published: {today}  # TODO: the original's publication date (this is the day split ran)\n")
    if "reviewed_by" in byline:
        lines.append(f"reviewed_by: {scalar(byline['reviewed_by'])}\n")
    lines.append(_language_line(" ".join(paragraph for part in parts for paragraph in part.paragraphs)))
    lines.append(f"seed: {scalar(seed_path)}\n")
    return "".join(lines)


def _language_line(text: str) -> str:
    """article.yml's `language:`, guessed from the text's words, else its letters, else English; a TODO either way."""
    guess, how = guess_language(text), "guessed from its words"
    if guess is None:
        guess, how = guess_by_script(text), "guessed from its letters"
    if guess is None:
        how = "its words tell none"
    return f"language: {guess or 'en'}  # TODO: the article's language as a BCP 47 tag ({how}; en, de, fr, pt-BR…): confirm\n"


def section_yaml(ident: str, part: Part) -> str:
    title = part.heading or first_words(part.paragraphs[0])
    note = "" if part.heading else "  # TODO: a short label for navigation"
    return (
        _SCHEMA_LINE.format("../../schemas/section.schema.json")
        + f"id: {ident}\n"
        + f"title: {scalar(title)}{note}\n"
        + block("body", body_of(part))
        + "claims: []\nfacts: []\nevents: []\n"
    )


SOURCES_TEMPLATE = (
    _SCHEMA_LINE.format("../schemas/sources.schema.json")
    + """# One entry per source the claims cite, for example:
# - id: maker-q2-results
#   title: Results for the second quarter
#   publisher: The Maker
#   url: https://example.com/q2
#   published: 2025-08-19
#   accessed: 2025-08-21
#   summary: One sentence, in our own words, on what it says that bears on the claims.
[]
"""
)
