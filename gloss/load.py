"""Stage 1, load: read a content file into YAML nodes that keep line and column.

We compose rather than construct: a composed node keeps its position and the
scalar's source text (`1.10` stays `1.10`), and nothing in the file can make
PyYAML build a Python object. Hostile input (alias bombs, custom tags, huge
files, invalid UTF-8) is refused here with a message, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from .contract import LIST_KEYS
from .files import MISREAD_ELLIPSIS, position, read_text
from .problems import Mark, Report

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def mark_of(node: yaml.Node | yaml.Event, path: str) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


# What YAML reads as a line break but an editor, and `files.position`, does not: each would put every
# line number after it one line out. Written as an escape in a double-quoted value, each is kept.
HIDDEN_BREAKS = {"\x85": ("NEXT LINE", None), "\u2028": ("LINE SEPARATOR", "\\L"), "\u2029": ("PARAGRAPH SEPARATOR", "\\P")}


def compose(text: str, shown: str, report: Report) -> yaml.Node | None:
    """The single YAML document in `text`, or None (with a problem reported)."""
    if not text.isascii() and (offset := _hidden_break(text)) is not None:
        name, escape = HIDDEN_BREAKS[text[offset]]
        message = f"the character U+{ord(text[offset]):04X} {name} is a line break to YAML, though not to an editor"
        hint = (
            f"delete it, or write it as {escape} inside a double-quoted value"
            if escape
            else f"delete it: {MISREAD_ELLIPSIS}, and no web page may hold it"
        )
        report.error(Mark(shown, *position(text, offset)), message, hint, incomplete=True)
        return None
    try:
        node, refused = _compose_unless_alias(text, shown, report)
        if refused:
            return None
    except yaml.MarkedYAMLError as error:
        report.error(*_describe_yaml_error(error, text, shown), incomplete=True)
        return None
    except yaml.reader.ReaderError as error:
        report.error(*_describe_reader_error(error, text, shown), incomplete=True)
        return None
    except yaml.YAMLError as error:  # unmarked and not a reader error: rare
        report.error(Mark(shown), f"YAML error: {error}", incomplete=True)
        return None
    except RecursionError:  # only the pure-Python loader recurses; libyaml stops at depth 1000
        report.error(Mark(shown), "YAML nested too deeply", "content files need only a few levels", incomplete=True)
        return None
    if node is None:
        report.error(Mark(shown), "file is empty", "a content file holds at least its required keys", incomplete=True)
        return None
    if "TODO" in text:
        _warn_todos(text, node, shown, report)
    if not (_surely_plain(text) or _is_plain_tree(node, text, shown, report)):
        return None
    if "&" in text and _MAYBE_ANCHOR.search(text) and _first_anchor(text, shown, report):  # an anchor no alias uses
        return None
    return node


# Where an anchor may stand: `&` and a name, at the start of a value (`R&D`, `a=1&b=2` and `Tom & Jerry` cannot be one).
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def _first_anchor(text: str, shown: str, report: Report) -> bool:
    """Refuse the first anchor: content files need none (aliases are refused), and a value written as
    `&word more` would lose its first word to one without a sound."""
    for event in yaml.parse(text, Loader=_LOADER):
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            hint = quoting_hint_at(text, event.start_mark) or "remove it"
            report.error(mark_of(event, shown), f"YAML anchor '&{anchor}' is not allowed in content files", hint, incomplete=True)
            return True
    return False


_TODO = re.compile(r"(?:^|[ \t])#[ \t]*TODO\b[ \t:]*(.*)", re.MULTILINE)


def _warn_todos(text: str, root: yaml.Node, shown: str, report: Report) -> None:
    """A `# TODO` comment is something left to do (`split` marks each value it had to guess): `check
    --strict` fails until it is done and the comment gone. Within a value, "# TODO" is only text."""
    values = [(node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column) for node in _scalars(root)]
    for found in _TODO.finditer(text):
        line, col = position(text, found.start() + found[0].index("#"))
        if not any((first, start) <= (line - 1, col - 1) < (last, end) for first, start, last, end in values):
            todo = found[1].strip()
            report.warning(Mark(shown, line, col), f"a TODO is left here{f': {todo}' if todo else ''}", "do it, then delete the comment")


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def _hidden_break(text: str) -> int | None:
    found = [at for char in HIDDEN_BREAKS if (at := text.find(char)) >= 0]
    return min(found) if found else None


def load_file(path: Path, shown: str, report: Report) -> tuple[yaml.Node, str] | None:
    """The file's YAML nodes, and its text (for the hints of later messages)."""
    text = read_text(path, shown, report)
    node = None if text is None else compose(text, shown, report)
    return None if node is None or text is None else (node, text)


# A `key: value` line whose value starts with a character that YAML reads as syntax, not text.
_SYNTAX_VALUE = re.compile(r"(\s*(?:-\s+)?[A-Za-z_][\w-]*:[ \t]+)([#*&!%@`\[{|>'\"].*?)\s*")


_READ_AS = {
    "#": "'#' after a space as the start of a comment",
    "*": "a value starting with '*' as an alias",
    "&": "a value starting with '&' as an anchor",
    "!": "a value starting with '!' as a tag",
    "[": "a value starting with '[' as a list",
    "{": "a value starting with '{' as a mapping",
    "|": "a value starting with '|' as a block of lines",
    ">": "a value starting with '>' as a block of lines",
    "'": "a value starting with a quote mark as quoted, to end where the quote closes",
    '"': "a value starting with a quote mark as quoted, to end where the quote closes",
}


def quoting_hint(line: str) -> str:
    """How to write as text a value that starts as YAML syntax does (`#1 in…`, `*emphasis*`, `[2024]`,
    `"Quoted" and more`), or nothing, when the line's value does not."""
    match = _SYNTAX_VALUE.fullmatch(line)
    if match is None:
        return ""
    key, value = match[1].strip(), match[2]
    if key.removeprefix("-").strip().removesuffix(":") in LIST_KEYS or value.startswith(("# ", "#\t")) or value == "#":
        return ""  # a list's brackets are its own; '# …' after a space is a comment, as meant
    if "'" not in value:
        quoted = f"'{value}'"
    elif '"' not in value and "\\" not in value:
        quoted = f'"{value}"'
    else:
        quoted = "'" + value.replace("'", "''") + "'"
    read_as = _READ_AS.get(value[0], f"'{value[0]}' at the start of a value as reserved")
    return f"YAML reads {read_as}: write the whole value in quotes, {key} {quoted}"


def quoting_hint_at(text: str, mark: yaml.Mark) -> str:
    """`quoting_hint` for the line of `text` where `mark` (a node's or an event's start) stands."""
    return quoting_hint(line_of(text, mark.line + 1))


def line_of(text: str, number: int) -> str:
    """Line `number` (from 1) of the text, or "" past its end."""
    lines = text.split("\n", number)
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _compose_unless_alias(text: str, shown: str, report: Report) -> tuple[yaml.Node | None, bool]:
    """Compose, refusing the first alias as `_first_alias` does, with the same outcome as
    running it before composing; but it runs only where an alias was met (composing failed
    here, or `_is_plain_tree` finds a shared node), so a file whose `*` is Markdown emphasis
    is not parsed twice."""
    if "*" not in text:
        return yaml.compose(text, Loader=_LOADER), False
    try:
        node = yaml.compose(text, Loader=_LOADER)  # an alias only points at a node: no bomb goes off here
    except yaml.YAMLError:
        if _first_alias(text, shown, report):  # raises the parse error if one comes before any alias
            return None, True
        raise
    return node, False


def _first_alias(text: str, shown: str, report: Report) -> bool:
    """Refuse the first alias while parsing, before anything is composed: an alias
    bomb ("billion laughs") is stopped at its first `*`."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            report.error(
                mark_of(event, shown),
                f"YAML alias '*{event.anchor}' is not allowed in content files",
                "write the value out in full",
                incomplete=True,
            )
            return True
    return False


def _describe_yaml_error(error: yaml.MarkedYAMLError, text: str, shown: str) -> tuple[Mark, str, str]:
    mark = error.problem_mark or error.context_mark
    context = error.context_mark
    problem = (error.problem or "invalid YAML").replace("\t", "\\t")
    if context and error.context and "quoted scalar" in error.context and "end of stream" in problem:
        # Point at the quote that is never closed, not at the end of the file.
        where = Mark(shown, context.line + 1, context.column + 1)
        return where, "YAML syntax: a quoted value starts here but is never closed", "add the closing quote"
    if context and "could not find expected ':'" in problem:
        # The scanner notices only at the next line; the key it was reading is the mistake.
        where = Mark(shown, context.line + 1, context.column + 1)
        hint = "add ':' after the key, or indent this line to continue the value above it"
        return where, "YAML syntax: this line is neither a 'key: value' nor part of the value above", hint
    where = Mark(shown, mark.line + 1, mark.column + 1) if mark else Mark(shown)
    if "\ufeff" in line_of(text, where.line):  # libyaml takes a byte-order mark at a line's start as nothing at all
        hint = "the line holds U+FEFF ZERO WIDTH NO-BREAK SPACE, an invisible byte-order mark: delete it"
        return where, f"YAML syntax: {problem}", hint
    if "found another document" in problem:
        return where, "YAML syntax: a second document starts here", "a content file holds one YAML document: remove the '---' line"
    if _has_tab(text, where):
        return where, "YAML syntax: a tab character in the indentation", "indent with spaces; YAML does not allow tabs"
    message = f"YAML syntax: {problem}"
    if error.context:
        message += f" ({error.context}"
        if context and (context.line, context.column) != (getattr(mark, "line", None), getattr(mark, "column", None)):
            message += f" that starts at line {context.line + 1}, column {context.column + 1}"
        message += ")"
    hint = quoting_hint(line_of(text, where.line)) or _syntax_hint(message, text, where, context.line + 1 if context else where.line)
    return where, message, hint


def _syntax_hint(message: str, text: str, where: Mark, first_line: int) -> str:
    if "tab" in message:
        return "indent with spaces; YAML does not allow tabs"
    lines = text.split("\n")
    if where.line <= len(lines) and re.match(r"\s*-[^\s-]", lines[where.line - 1]):
        return "a list item needs a space after '-': write '- id: …'"
    opened = _open_quote(lines, max(first_line, where.line - 10), where.line)
    if opened:
        return f"line {opened} opens a quote that is not closed on that line: is a closing quote missing?"
    if "mapping values are not allowed" in message:
        return _overindented(lines, where.line) or "a value containing ': ' must be quoted"
    if "expected ',' or ']'" in message:
        return "close the list with ']'"
    if "expected ',' or '}'" in message:
        return "close the mapping with '}'"
    if "expected key" in message or "indicator" in message or "block end" in message:
        return "check the indentation: the keys of one mapping, and the '- ' of one list, must line up"
    return ""


_KEY_LINE = re.compile(r"( *(?:- +)?)[A-Za-z_][\w-]*:(?:\s|$)")
_KEY_WITH_VALUE = re.compile(r"( *(?:- +)?)[A-Za-z_][\w-]*:[ \t]+[^\s#]")  # not a key that opens a block below it


def _overindented(lines: list[str], number: int) -> str:
    """The hint for a key indented further than the key above it, which YAML reads as the rest of that
    key's plain value (and then finds a second ': '); or nothing."""
    line = _KEY_LINE.match(lines[number - 1]) if number <= len(lines) else None
    above = next((_KEY_WITH_VALUE.match(text) for text in reversed(lines[: number - 1]) if text.strip()), None)
    if line is None or above is None or len(line[1]) <= len(above[1]):
        return ""
    return f"this key is indented {len(line[1])} spaces, the key above it {len(above[1])}: line them up"


def _has_tab(text: str, where: Mark) -> bool:
    """Whether the error's line is indented with a tab."""
    lines = text.split("\n")
    return where.line <= len(lines) and re.match(r"[ ]*\t", lines[where.line - 1]) is not None


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s\"'#][^:#]*:\s+)?([\"'])")


def _open_quote(lines: list[str], first: int, last: int) -> int | None:
    """The first line from `first` to `last` whose value opens a quote it does not close."""
    for number in range(max(1, first), min(last, len(lines)) + 1):
        line = lines[number - 1]
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match[1], line[match.end() :]
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return number
    return None


def _describe_reader_error(error: yaml.reader.ReaderError, text: str, shown: str) -> tuple[Mark, str, str]:
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return (
        Mark(shown, *position(text, error.position)),
        f"the character U+{ord(character):04X} is not allowed in YAML ({error.reason})",
        "delete it; it may have come with a copy and paste",
    )


# What `_is_plain_tree` refuses cannot be written without one of these: a shared node needs an
# anchor (`&`; an alias without one fails to compose), a tag from outside the core schema a `!`,
# and the resolver's only other implicit tags (!!merge, !!value, !!yaml) a plain scalar that is
# just `<<`, `=` or `*`. Around such a scalar we allow more than YAML does, never less.
_LONE_SCALARS = ("<<", "=", "*")
_BEFORE_SCALAR = "[{,:?-"
_AFTER_SCALAR = "]},:#"


def _surely_plain(text: str) -> bool:
    """Whether the text cannot hold an alias or a tag we refuse, so the walk can be skipped.
    `str.find` rather than a regex: a regex with look-arounds scans as slowly as the walk."""
    if "&" in text or "!" in text or "\ufeff" in text:  # libyaml skips a BOM at the start of any line
        return False
    return not any(_stands_alone(text, scalar) for scalar in _LONE_SCALARS)


def _stands_alone(text: str, scalar: str) -> bool:
    at = text.find(scalar)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(scalar) : at + len(scalar) + 1] or " "
        if (before.isspace() or before in _BEFORE_SCALAR) and (after.isspace() or after in _AFTER_SCALAR):
            return True
        at = text.find(scalar, at + 1)
    return False


def _is_plain_tree(root: yaml.Node, text: str, shown: str, report: Report) -> bool:
    """Refuse aliases and non-core tags; walks each node once, so alias bombs cost nothing."""
    seen: set[int] = set()
    stack = [root]
    clean = True
    while stack:
        node = stack.pop()
        if id(node) in seen:  # a shared node: an alias, which the parse pass locates
            if not _first_alias(text, shown, report):
                report.error(mark_of(node, shown), "YAML aliases are not allowed in content files", incomplete=True)
            return False
        seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            hint = quoting_hint_at(text, node.start_mark) or "remove the tag"
            report.error(mark_of(node, shown), f"YAML tag '{_short_tag(node.tag)}' is not allowed", hint, incomplete=True)
            clean = False
        elif not _tag_fits(node):
            report.error(
                mark_of(node, shown), f"YAML tag '{_short_tag(node.tag)}' does not fit this value", "remove the tag", incomplete=True
            )
            clean = False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return clean


_KIND_TAG = {yaml.MappingNode: _CORE + "map", yaml.SequenceNode: _CORE + "seq"}


def _tag_fits(node: yaml.Node) -> bool:
    """Whether a node's core tag says what it is: `!!int Results`, `!!map [a, b]` or `!!str` on a mapping is a
    value a YAML library refuses and `check` would read as something else, where `!!str 12` (text, not a number)
    fits. Only a tagged file is walked (see `_surely_plain`), so the resolver runs for no other."""
    if not isinstance(node, yaml.ScalarNode):
        return node.tag == _KIND_TAG[type(node)]
    if node.tag == _CORE + "str":
        return True
    return node.tag == _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))


_RESOLVER = yaml.resolver.Resolver()


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def to_data(node: yaml.Node) -> object:
    """Plain JSON-like data from a node, with YAML 1.2 scalar types (dates stay strings).

    Used to test the JSON Schemas against the same files the checker reads.
    """
    if isinstance(node, yaml.MappingNode):
        return {str(to_data(key)): to_data(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [to_data(item) for item in node.value]
    tag = node.tag.removeprefix(_CORE)
    constructed = yaml.SafeLoader.yaml_constructors
    if tag in ("int", "float", "bool", "null") and not node.style:
        return constructed[node.tag](yaml.SafeLoader(""), node)
    return node.value
