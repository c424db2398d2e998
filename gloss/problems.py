"""Errors as data: every content mistake becomes a `Problem`, reported all at once.

Exceptions are for bugs. A stage that finds a mistake in content appends a
`Problem` to a `Report` and carries on, so one run shows the editor everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Mark(NamedTuple):  # one per content value: a tuple is cheap to make and to pickle, and immutable
    """A place in a content file; line and column count from 1."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Problem:
    """One mistake or warning, where it is and what to do about it. A plain class, not a dataclass,
    as are the contract's Field and Shape: the child that loads the files (`content.Reading`) uses
    them, and importing `dataclasses` (with `inspect`) would cost it a fifth of its work."""

    __slots__ = ("mark", "severity", "message", "hint", "incomplete")

    def __init__(self, mark: Mark, severity: Severity, message: str, hint: str = "", incomplete: bool = False) -> None:
        self.mark, self.severity, self.message, self.hint = mark, severity, message, hint
        # The file could not be read in full (bad YAML, wrong shape), so what it defines is
        # unknown: later stages skip the checks that would only echo this mistake.
        self.incomplete = incomplete

    def _key(self) -> tuple[Mark, str, str, str]:  # what makes two problems the same one: not `incomplete`
        return self.mark, self.severity, self.message, self.hint

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Problem) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.mark!r}, {self.severity!r}, {self.message!r}, {self.hint!r}, incomplete={self.incomplete})"

    def __str__(self) -> str:
        """One line, whatever the content quoted in it: editors and CI read a line per problem."""
        text = f"{one_line(str(self.mark))}: {self.severity}: {one_line(self.message)}"  # a file name may hold anything
        return f"{text} ({one_line(self.hint)})" if self.hint else text


def one_line(text: str) -> str:
    """Line breaks, controls, noncharacters and bidirectional overrides shown as escapes (`\\n`, `\\x07`, `\\ufffe`,
    `\\u202e`), so a message is one line and no terminal, log or page gets a character it cannot hold or that
    reorders what follows; spaces and other format characters (a no-break space, an emoji's joiner, a right-to-left
    mark) stay, for French, emoji and right-to-left text to read right."""
    if text.isprintable():
        return text
    import unicodedata  # only for a message with something that does not print

    return "".join(char if _shown(char, unicodedata.category(char)) else repr(char)[1:-1] for char in text)


# Bidirectional embeddings, overrides and isolates: raw in a log, they reorder what follows them on screen.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _shown(char: str, category: str) -> bool:
    return char.isprintable() or (category in ("Zs", "Cf") and char not in BIDI_CONTROLS)


class Report:
    """Collects problems from every stage of one run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, mark: Mark, message: str, hint: str = "", *, incomplete: bool = False) -> None:
        self.problems.append(Problem(mark, "error", message, hint, incomplete))

    def warning(self, mark: Mark, message: str, hint: str = "") -> None:
        self.problems.append(Problem(mark, "warning", message, hint))

    # A problem found twice (two empty headings a quoted body gives one place) is one: the counts are of the lines shown.
    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.unique() if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.unique() if problem.severity == "warning"]

    def unique(self) -> list[Problem]:
        """Each problem once, in the order found."""
        return list(dict.fromkeys(self.problems))

    def sorted(self) -> list[Problem]:
        """In file order, so editors and CI can walk them top to bottom."""
        # By the mark's fields rather than an ordered Mark: `order=True` costs every run its import.
        return sorted(
            self.unique(), key=lambda problem: (problem.mark.path, problem.mark.line, problem.mark.col, problem.severity, problem.message)
        )

    def as_text(self) -> str:
        return "".join(f"{problem}\n" for problem in self.sorted())

    def as_json(self) -> str:
        import json  # only for --format json

        rows = [
            {
                "file": problem.mark.path,
                "line": problem.mark.line,
                "col": problem.mark.col,
                "severity": problem.severity,
                "message": problem.message,
                "hint": problem.hint,
            }
            for problem in self.sorted()
        ]
        return json.dumps(rows, indent=2) + "\n"  # \u escapes: valid JSON on a stdout of any encoding


def character(char: str, unnamed: str = "an unnamed character") -> str:
    """A character as a message names it: its code point and Unicode name ("U+00B5 MICRO SIGN")."""
    import unicodedata  # only for a message that names a character

    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}"


def close_matches(word: str, choices: Iterable[object]) -> list[str]:
    """The known words nearest to `word`, nearest first."""
    import difflib  # only for a mistake, and costly to import in every run

    return difflib.get_close_matches(word, sorted(str(choice) for choice in choices), n=3, cutoff=0.6)


def suggest(word: str, choices: Iterable[object]) -> str:
    """A "did you mean" hint naming the nearest known words, or nothing."""
    close = close_matches(word, choices)
    if not close:
        return ""
    return "did you mean " + " or ".join(f"'{name}'" for name in close) + "?"
