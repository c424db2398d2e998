"""The records stage 2 (`validate`) hands on: each content value with where it was written.

Apart from `validate` because they need no YAML: a command's records are made in a forked child
(see `content.Reading`), and the process that receives them never imports PyYAML.
"""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from .problems import Mark

if TYPE_CHECKING:
    from .contract import Shape


class Value(NamedTuple):
    """A content value and where it was written. One per value in a book's thousands of files:
    a flat tuple is the cheapest object to make and to pickle (a forked child sends records
    back), and as immutable as a frozen dataclass."""

    data: Any
    path: str
    line: int
    col: int
    style: str | None  # the scalar's YAML style ('|', '>', quotes), None when plain or not a scalar
    # Not the node itself: a node keeps its whole subtree and two marks per node, most of a big build's memory.

    @property
    def mark(self) -> Mark:
        return Mark(self.path, self.line, self.col)


class Record(NamedTuple):
    """A mapping that passed its shape's checks, each value with where it was written. Thousands
    in a book, each of them sent through a pipe by the forked child that made it: a named tuple, like `Value`."""

    shape: Shape
    mark: Mark
    fields: dict[str, Value]
    # Keys the editor wrote, or misspelt (`soruces` counts as `sources`), sound or not:
    # a check for a missing key skips these, since the key's own error says it all.
    given: frozenset[str] = frozenset()

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name)
        return default if value is None else value.data

    def called(self, kind: str, key: str = "id") -> str:
        """How a message names it: "claim 'x'", or "this claim" when the name is missing or invalid (its own error says so)."""
        name = self.get(key)
        return f"this {kind}" if name is None else f"{kind} '{name}'"

    def mark_of(self, name: str) -> Mark:
        value = self.fields.get(name)
        return self.mark if value is None else value.mark

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled with its values as plain tuples: pickle makes a named tuple through a Python call
        each way, which for a book's ~35 values a file was most of what its records cost to cross the
        pipe. Nested records (claims, facts, events) are pickled by this same method."""
        refs = self.shape.refs
        fields = {
            name: (tuple(map(tuple, value.data)), *value[1:]) if name in refs else tuple(value) for name, value in self.fields.items()
        }
        return _record, (self.shape, tuple(self.mark), fields, self.given)


def _record(shape: Shape, mark: tuple[str, int, int], fields: dict[str, tuple[Any, ...]], given: frozenset[str]) -> Record:
    """A record as `Record.__reduce__` pickled it."""
    for name in shape.refs:
        if name in fields:
            data, *where = fields[name]
            fields[name] = (tuple(map(_new, repeat(Value), data)), *where)
    return _new(Record, (shape, _new(Mark, mark), dict(zip(fields, map(_new, repeat(Value), fields.values()), strict=True)), given))


_new = tuple.__new__  # a named tuple from a tuple of its fields, without the Python call its `__new__` makes
