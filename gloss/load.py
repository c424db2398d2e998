"""Stage 1, load: read a content file into YAML nodes that keep line and column.

We compose rather than construct: a composed node keeps its position and the
scalar's source text (`1.10` stays `1.10`), and nothing in the file can make
PyYAML build a Python object. Hostile input (alias bombs, custom tags, huge
files, invalid UTF-8) is refused here with a message, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Mark, Report

MAX_FILE_BYTES = 2_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def mark_of(node: yaml.Node, path: str) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path, shown: str, report: Report) -> str | None:
    """The file's text: UTF-8 with or without BOM, CRLF folded to LF."""
    try:
        size = path.stat().st_size
    except OSError as error:
        report.error(Mark(shown), f"cannot read file: {error.strerror}")
        return None
    if size > MAX_FILE_BYTES:
        report.error(Mark(shown), f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for content files")
        return None
    data = path.read_bytes()
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
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def compose(text: str, shown: str, report: Report) -> yaml.Node | None:
    """The single YAML document in `text`, or None (with a problem reported)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        report.error(*_describe_yaml_error(error, shown))
        return None
    except yaml.YAMLError as error:  # unmarked: rare, e.g. a reader error
        report.error(Mark(shown), f"YAML error: {error}")
        return None
    if node is None:
        report.error(Mark(shown), "file is empty")
        return None
    return node if _is_plain_tree(node, shown, report) else None


def load_file(path: Path, shown: str, report: Report) -> yaml.Node | None:
    text = read_text(path, shown, report)
    return None if text is None else compose(text, shown, report)


def _describe_yaml_error(error: yaml.MarkedYAMLError, shown: str) -> tuple[Mark, str, str]:
    mark = error.problem_mark or error.context_mark
    where = Mark(shown, mark.line + 1, mark.column + 1) if mark else Mark(shown)
    problem = (error.problem or "invalid YAML").replace("\t", "\\t")
    message = f"YAML syntax: {problem}"
    if error.context:
        message += f" ({error.context}"
        if error.context_mark and error.context_mark.line != getattr(mark, "line", None):
            message += f" that starts at line {error.context_mark.line + 1}"
        message += ")"
    hint = ""
    if "'\\t'" in message:
        hint = "indent with spaces; YAML does not allow tabs"
    elif "mapping values are not allowed" in message:
        hint = "a value containing ': ' must be quoted"
    elif "end of stream" in message and "quoted" in message:
        hint = "close the quote"
    return where, message, hint


def _is_plain_tree(root: yaml.Node, shown: str, report: Report) -> bool:
    """Refuse aliases and non-core tags; walks each node once, so alias bombs cost nothing."""
    seen: set[int] = set()
    stack = [root]
    clean = True
    while stack:
        node = stack.pop()
        if id(node) in seen:
            report.error(mark_of(node, shown), "YAML anchors and aliases are not allowed in content files")
            return False
        seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            report.error(mark_of(node, shown), f"YAML tag '{node.tag}' is not allowed", "remove the tag")
            clean = False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return clean


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
