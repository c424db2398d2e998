"""Stage 2, validate: check YAML nodes against the contract and turn them into records.

A record keeps each value with the mark of the node it came from, so later
stages can point at the exact line. Every mistake is reported; a field with a
mistake is left out of its record, so later stages see only sound values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from .contract import LANGUAGE_PATTERN, SLUG_PATTERN, STATUSES, VERDICTS, Field, Shape, is_site_url, url_fault
from .dates import FORMS, Date, DateError
from .files import draws_nothing, unshowable
from .languages import unregistered
from .load import mark_of, quoting_hint_at
from .problems import BIDI_CONTROLS, Report, character, close_matches, suggest
from .records import Record, Value

_CORE = "tag:yaml.org,2002:"
_INT, _FLOAT, _BOOL, _NULL = (_CORE + name for name in ("int", "float", "bool", "null"))
_SLUG = re.compile(SLUG_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)


class _Checker:
    """Walks one file's nodes; holds the file's path, its text (for hints) and the shared report."""

    def __init__(self, path: str, report: Report, text: str = "") -> None:
        self.path = path
        self.report = report
        self.text = text

    def quoting_hint(self, node: yaml.Node) -> str:
        """For a value YAML took for syntax (a comment, a list): how to write it as text, or nothing."""
        return quoting_hint_at(self.text, node.start_mark)

    def error(self, node: yaml.Node, message: str, hint: str = "", *, incomplete: bool = False) -> None:
        self.report.error(mark_of(node, self.path), message, hint, incomplete=incomplete)

    def value_of(self, data: Any, node: yaml.Node) -> Value:
        start = node.start_mark
        return Value(data, self.path, start.line + 1, start.column + 1, _style(node))

    def record(self, node: yaml.Node, shape: Shape, where: str) -> Record | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of keys ({', '.join(shape.names)}), found {_kind(node)}", incomplete=True)
            return None
        fields: dict[str, Value] = {}
        seen: dict[str, yaml.Node] = {}
        given: set[str] = set()
        for key_node, value_node in node.value:
            field = self._key(key_node, shape, seen, given)
            if field is None:
                continue
            data = self.value(value_node, field)
            if data is not None:
                fields[field.name] = self.value_of(data, value_node)
        for field in shape.required:
            if field.name not in given:
                self.error(
                    node, f"{shape.name} is missing required key '{field.name}'", f"add {field.name}: … ({_lower(field.description)})"
                )
        return Record(shape, mark_of(node, self.path), fields, frozenset(given))

    def _key(self, key_node: yaml.Node, shape: Shape, seen: dict[str, yaml.Node], given: set[str]) -> Field | None:
        """The field a key names, once per mapping; None, with the mistake reported, for any other key."""
        if not isinstance(key_node, yaml.ScalarNode):
            self.error(key_node, f"a key must be a plain word, found {_kind(key_node)}")
            return None
        name = key_node.value
        if name in seen:
            first = seen[name].start_mark
            self.error(key_node, f"duplicate key '{name}' (first given at line {first.line + 1})", "keep one of them")
            return None
        seen[name] = key_node
        field = shape.field(name)
        if field is None:
            meant = close_matches(name, shape.names)
            given.update(meant[:1])
            hint = suggest(name, shape.names) or "known keys: " + ", ".join(shape.names)
            self.error(key_node, f"unknown key '{name}' in {shape.name}", hint)
            return None
        given.add(name)
        return field

    def value(self, node: yaml.Node, field: Field) -> Any:
        if field.kind == "list":
            return self.records(node, field)
        if field.kind == "refs":
            return self.refs(node, field)
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"'{field.name}' must be {_EXPECTED[field.kind]}, found {_kind(node)}", self.quoting_hint(node))
            return None
        if _is_null(node):
            self.error(node, f"'{field.name}' has no value", self.quoting_hint(node) or "give it a value or remove the key")
            return None
        # Written as itself, PyYAML refuses a control character and `read_text` a noncharacter; but a
        # double-quoted scalar's escapes (`\a`, `\N`, `\uFFFE`) still make them.
        if node.style == '"' and (found := unshowable(node.value)):
            code = f"U+{ord(found[0]):04X}"
            self.error(node, f"an escape in '{field.name}' makes {code}, which no web page may hold", "remove the escape")
            return None
        return _SCALARS[field.kind](self, node, field)

    def records(self, node: yaml.Node, field: Field) -> tuple[Record, ...] | None:
        assert field.shape is not None
        if isinstance(node, yaml.ScalarNode) and _is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"'{field.name}' must be a list of {field.shape.name}s, found {_kind(node)}", "start each item with '- '")
            return None
        items = (part for item in node.value for part in self.items_in(item, field.shape))
        records = (self.record(item, field.shape, f"each item of '{field.name}'") for item in items)
        return tuple(record for record in records if record is not None)

    def items_in(self, node: yaml.Node, shape: Shape) -> list[yaml.Node]:
        """A list item, or the items it holds where the editor left out the '- ' of the next ones: there its
        first key comes again with more of its keys after it (a first key given twice alone is a duplicate key).
        Each such item is reported once, and read, so nothing that names it fails too."""
        if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
            return [node]
        pairs = node.value
        first = _scalar(pairs[0][0])
        if first is None:  # a key that is no word: its own message says so
            return [node]
        starts = [0] + [at for at, (key, _) in enumerate(pairs) if at and _scalar(key) == first]
        bounds = [*starts, len(pairs)]
        parts = [pairs[0 : bounds[1]]]
        for start, end in zip(bounds[1:], bounds[2:], strict=False):
            again = {_scalar(key) for key, _ in parts[-1]} & {_scalar(key) for key, _ in pairs[start:end]} - {None}
            value = _scalar(pairs[start][1])
            if (value is not None and value == _scalar(parts[-1][0][1])) or len(again) < 2:  # the id again, or one key alone
                parts[-1] = parts[-1] + pairs[start:end]  # not an item of its own: the duplicate key's message says it
                continue
            self.error(
                pairs[start][0],
                f"another {shape.name} starts here without the '- ' that starts a list item",
                f"write '- {first}:' in line with the '- ' above",
            )
            parts.append(pairs[start:end])
        if len(parts) == 1:
            return [node]
        return [yaml.MappingNode(node.tag, part, part[0][0].start_mark, part[-1][1].end_mark) for part in parts]

    def refs(self, node: yaml.Node, field: Field) -> tuple[Value, ...] | None:
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            self.error(node, f"'{field.name}' must be a list of ids, found text", f"write [{node.value}]")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"'{field.name}' must be a list of ids, found {_kind(node)}")
            return None
        values = []
        item_field = field.item  # each id is checked as a "ref"
        assert item_field is not None
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and len(words := item.value.split()) > 1 and all(map(_SLUG.fullmatch, words)):
                hint = f"write [{', '.join(words)}]" if node.flow_style else "give each id its own '- ' line"
                self.error(item, f"'{field.name}' holds '{item.value}', ids without a comma between them", hint)
            elif (data := self.value(item, item_field)) is not None:
                values.append(self.value_of(data, item))
        # With an item refused (its message says why), the list is not what the editor meant: it is not used.
        return tuple(values) if len(values) == len(node.value) else None

    def text(self, node: yaml.ScalarNode, field: Field) -> str | None:
        if not node.value.strip():
            self.error(node, f"'{field.name}' is empty")
            return None
        if draws_nothing(node.value):
            first = character(node.value.strip()[0])
            self.error(
                node, f"'{field.name}' shows the reader nothing: it holds only characters that draw none ({first}…)", "write its words"
            )
            return None
        if field.name not in _OWN_PARAGRAPHS and (fault := _turns_what_follows(node.value)):
            self.error(node, f"'{field.name}' holds {character(fault)}, which turns the page's text after it around", _TURN_HINT)
            return None
        return node.value

    def slug(self, node: yaml.ScalarNode, field: Field) -> str | None:
        if node.tag in (_INT, _FLOAT) and not node.style:
            self.error(
                node,
                f"'{field.name}' must be an id, found the number {node.value}",
                f"ids name things: write e.g. '{field.name}-{node.value}'",
            )
            return None
        if node.tag == _BOOL and not node.style:
            self.error(node, f"'{field.name}' must be an id, found the true/false value {node.value}", f'quote it: "{node.value}"')
            return None
        if _SLUG.fullmatch(node.value):  # not `match`: its `$` also matches before a final newline
            return node.value
        self.error(
            node,
            f"'{field.name}' must be an id of lowercase letters, digits and single hyphens; found '{node.value}'",
            _slug_hint(node.value),
        )
        return None

    def date(self, node: yaml.ScalarNode, field: Field) -> Date | None:
        if len(node.value) > 40:  # no date is that long; and a message quotes no page of digits
            self.error(node, f"'{field.name}' must be a date, found '{_clip(node.value)}'", f"use {FORMS}")
            return None
        try:
            return Date.parse(node.value)
        except DateError as error:
            self.error(node, f"'{field.name}': {error}")
            return None

    def url(self, node: yaml.ScalarNode, field: Field) -> str | None:
        url = node.value.strip()
        fault = url_fault(url)
        if fault is None:
            return url
        self.error(node, f"'{field.name}' must be an absolute http(s) URL, found '{_clip(url)}'", fault)
        return None

    def site_url(self, node: yaml.ScalarNode, field: Field) -> str | None:
        url = node.value.strip()
        if is_site_url(url):
            return url
        self.error(
            node,
            f"'{field.name}' must be the site's http(s) address, found '{_clip(url)}'",
            "like https://example.github.io/project/: no query, no fragment, no '//' path",
        )
        return None

    def count(self, node: yaml.ScalarNode, field: Field) -> int | None:
        # Python refuses to read an int of more than 4,300 digits: no occurrence is that far on anyway.
        if node.tag == _INT and not node.style and node.value.isdigit() and len(node.value) < 20 and int(node.value) >= 1:
            return int(node.value)
        self.error(node, f"'{field.name}' must be a whole number from 1, found '{_clip(node.value)}'")
        return None

    def verdict(self, node: yaml.ScalarNode, field: Field) -> str | None:
        return self._choice(node, VERDICTS, "verdict", "verdicts")

    def status(self, node: yaml.ScalarNode, field: Field) -> str | None:
        return self._choice(node, STATUSES, "event status", "statuses")

    def _choice(self, node: yaml.ScalarNode, choices: dict[str, str], what: str, plural: str) -> str | None:
        if node.value in choices:
            return node.value
        hint = suggest(node.value, choices) or f"{plural}: " + ", ".join(choices)
        self.error(node, f"unknown {what} '{_clip(node.value)}'", hint)
        return None

    def language(self, node: yaml.ScalarNode, field: Field) -> str | None:
        if _LANGUAGE.fullmatch(node.value):
            if why := unregistered(node.value):  # a warning: the registry grows, and ours is a copy of one day's
                hint = "browsers, screen readers and validators read it by the IANA registry: en, en-GB, pt-BR, zh-Hant…"
                self.report.warning(mark_of(node, self.path), f"the language tag '{node.value}' is not one: {why}", hint)
            return node.value
        self.error(node, f"'{field.name}' must be a language tag such as 'en' or 'pt-BR', found '{_clip(node.value)}'")
        return None


# Bidirectional controls: an override reverses the letters after it (a title can then show another's words), and an
# embedding or isolate left open turns what follows it on the same line: Gloss's own words after a title, say.
_OVERRIDES = "\u202d\u202e"
_CLOSER_OF = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_TURN_HINT = "delete it: each text on the page is marked with its language and direction"
_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
# Fields never checked for them: the article's own words, verbatim from the seed (a body, and the phrases quoted
# from it), and notes and summaries, whose paragraphs end whatever their text leaves open.
_OWN_PARAGRAPHS = {"body", "quote", "as_written", "note", "summary"}


def _turns_what_follows(text: str) -> str | None:
    """The first override in `text`, or the first embedding or isolate it leaves open; else None. As Unicode's
    bidirectional algorithm has it, closing an isolate closes the embeddings opened inside it too."""
    if not _BIDI_CONTROL.search(text):
        return None  # the common case, at the cost of one scan in C
    open_: list[tuple[str, str]] = []  # (opener, its closer)
    for char in text:
        if char in _OVERRIDES:
            return char
        if char in _CLOSER_OF:
            open_.append((char, _CLOSER_OF[char]))
        elif char == "\u2069" and any(closer == char for _, closer in open_):
            while open_.pop()[1] != char:
                pass
        elif char == "\u202c" and open_ and open_[-1][1] == char:
            open_.pop()
    return open_[0][0] if open_ else None


_SCALARS: dict[str, Callable[[_Checker, yaml.ScalarNode, Field], Any]] = {
    "text": _Checker.text,
    "markdown": _Checker.text,
    "path": _Checker.text,
    "slug": _Checker.slug,
    "ref": _Checker.slug,
    "date": _Checker.date,
    "url": _Checker.url,
    "site_url": _Checker.site_url,
    "count": _Checker.count,
    "verdict": _Checker.verdict,
    "status": _Checker.status,
    "language": _Checker.language,
}
_EXPECTED = {
    "text": "text",
    "markdown": "text",
    "path": "a file path",
    "slug": "an id",
    "ref": "an id",
    "date": "a date",
    "url": "a URL",
    "site_url": "a URL",
    "count": "a whole number",
    "verdict": "a verdict",
    "status": "a status",
    "language": "a language tag",
}


def _style(node: yaml.Node) -> str | None:
    return node.style if isinstance(node, yaml.ScalarNode) else None


def _is_null(node: yaml.ScalarNode) -> bool:
    return node.tag == _NULL and not node.style


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    return "a number" if node.tag in (_INT, _FLOAT) else "text"


def _lower(text: str) -> str:
    return (text[:1].lower() + text[1:]).rstrip(".")


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _slug_hint(text: str) -> str:
    candidate = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f"for example '{candidate}'" if candidate else ""


def check_mapping(node: yaml.Node, text: str, shape: Shape, path: str, report: Report) -> Record | None:
    """The file's record, from its nodes and its text (for hints); None, with the problems reported, when it has none."""
    return _Checker(path, report, text).record(node, shape, f"a {shape.name} file")


def check_list(node: yaml.Node, text: str, shape: Shape, path: str, report: Report) -> tuple[Record, ...]:
    checker = _Checker(path, report, text)
    if not isinstance(node, yaml.SequenceNode):
        checker.error(
            node,
            f"a {shape.name}s file must be a list of {shape.name}s, found {_kind(node)}",
            "start each item with '- id: …'",
            incomplete=True,
        )
        return ()
    items = (part for item in node.value for part in checker.items_in(item, shape))
    records = (checker.record(item, shape, f"each {shape.name}") for item in items)
    return tuple(record for record in records if record is not None)
