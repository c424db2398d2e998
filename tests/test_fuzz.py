"""Property: whatever an editor does to valid content, `check` and `build` end with exit
0 or 1 and clean `path:line:col: severity: message` lines, never a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml
from conftest import MINI
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gloss.cli import main

FILES = sorted(path.relative_to(MINI).as_posix() for path in MINI.rglob("*") if path.is_file())
YAML_FILES = [name for name in FILES if name.endswith(".yml")]
PROBLEM = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): [^\n]+$")
SUMMARY = re.compile(r"^(\d+ error\(s\), \d+ warning\(s\)|build failed: .*|built .*)$")

# Values of every kind, to put where another kind belongs.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "2025-02-30", "2025-Q5", "javascript:alert(1)", "acurate", "<script>", "*", "Acme", "id with spaces"]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "quote", "x"]), st.integers(0, 3), max_size=2),
)
JUNK = st.one_of(
    st.binary(min_size=1, max_size=8),
    st.sampled_from(
        [
            b"\t",
            b"\xff",
            b"\xef\xbb\xbf",
            b"\r\n",
            b": ",
            b"- ",
            b"&a ",
            b"*a",
            b"!!python/object:os.system ",
            b'"',
            b"[",
            b"{",
            b"---\n",
            b"\x00",
        ]
    ),
)


@contextlib.contextmanager
def project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(shutil.copytree(MINI, Path(folder) / "site"))


def mutate_data(data: object, draw: st.DrawFn) -> object:
    """Delete a key or an item, or swap a value for one of another kind, somewhere in the tree."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data, key=str)))
        action = draw(st.sampled_from(["delete", "swap", "descend", "rename"]))
        if action == "delete":
            return {k: v for k, v in data.items() if k != key}
        if action == "swap":
            return {**data, key: draw(ODD_VALUES)}
        if action == "rename":
            return {(str(k) + "x" if k == key else k): v for k, v in data.items()}
        return {**data, key: mutate_data(data[key], draw)}
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            return data[:index] + data[index + 1 :]
        return data[:index] + [mutate_data(data[index], draw)] + data[index + 1 :]
    return draw(ODD_VALUES)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """One file of the fixture site, changed as an editor in a hurry might."""
    name = draw(st.sampled_from(FILES))
    data = (MINI / name).read_bytes()
    kind = draw(st.sampled_from(["structure", "cut", "insert", "lines"] if name in YAML_FILES else ["cut", "insert", "lines"]))
    if kind == "structure":
        tree = mutate_data(yaml.safe_load(data), draw)
        return name, yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")
    if kind == "cut":
        return name, data[: draw(st.integers(0, len(data)))]
    if kind == "insert":
        at = draw(st.integers(0, len(data)))
        return name, data[:at] + draw(JUNK) + data[at:]
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent"]))
    if action == "delete":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, lines[index])
    elif action == "indent":
        lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
    else:
        lines[index] = lines[index].lstrip()
    return name, b"\n".join(lines)


def run(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*args, "--root", str(root)])
    finally:
        os.chdir(here)
    return code, out.getvalue() + err.getvalue()


def assert_clean(code: int, output: str) -> None:
    assert code in (0, 1), output
    for line in output.splitlines():
        assert PROBLEM.match(line) or SUMMARY.match(line), f"not a clean line: {line!r}\n{output}"
    if code == 1:
        assert ": error: " in output, output


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutations(), min_size=1, max_size=2))
def test_check_survives_any_edit(changes: list[tuple[str, bytes]]) -> None:
    with project() as root:
        for name, data in changes:
            (root / name).write_bytes(data)
        assert_clean(*run(root, "check"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_build_survives_any_edit(change: tuple[str, bytes]) -> None:
    with project() as root:
        name, data = change
        (root / name).write_bytes(data)
        assert_clean(*run(root, "build"))


@st.composite
def structural_changes(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(YAML_FILES))
    tree = mutate_data(yaml.safe_load((MINI / name).read_bytes()), draw)
    return name, yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structural_changes())
@example(("content/sections/020-next.yml", (MINI / "content/sections/020-next.yml").read_bytes().replace(b"id: next", b"id: false")))
def test_what_the_schema_refuses_the_checker_refuses(change: tuple[str, bytes]) -> None:
    """No false alarm in the editor: a file the schema flags always has an error in `check`."""
    from test_schema import VALIDATORS, schema_for

    from gloss.load import load_file, to_data
    from gloss.problems import Report

    name, data = change
    with project() as root:
        (root / name).write_bytes(data)
        loaded = load_file(root / name, name, Report())
        if loaded is None or VALIDATORS[schema_for(root / name)].is_valid(to_data(loaded[0])):
            return
        code, output = run(root, "check")
        assert code == 1 and any(line.startswith(f"{name}:") and ": error: " in line for line in output.splitlines()), output


# Pieces of YAML around what the fast path looks for; joined at random they make valid and broken files.
# Pieces with '&', '!' or a BOM always take the full walk, so only the examples below carry them.
YAML_PIECES = st.sampled_from([*"a b 1 = << * *a [ ] { } , ? # | ' \"".split(), " ", "  ", "\n", "\t", ": ", "- "])


@settings(max_examples=500, deadline=None)
@given(st.lists(YAML_PIECES, min_size=1, max_size=16).map("".join))
@example("a: =\n")
@example("x: [<<, b]\n")
@example("=: 1\n")
@example("- a\n- {b: *}\n")
@example("a: &a b\nc: *a\n")
@example("a:\n\ufeff=\n")  # libyaml skips a BOM at the start of a line: this `=` is a !!value
@example("a:\t=\n")  # a tab before `=` leaves it standing alone
def test_a_file_that_skips_the_alias_and_tag_walk_would_pass_it(text: str) -> None:
    """The fast path is only a shortcut: whatever it lets through, the full walk accepts too."""
    from gloss import load
    from gloss.problems import Report

    assume(load._surely_plain(text))
    try:
        node = yaml.compose(text, Loader=load._LOADER)
    except yaml.YAMLError:
        assume(False)  # not YAML: the loader's own error, no walk to compare with
    report = Report()
    assert node is None or load._is_plain_tree(node, text, "a.yml", report), report.problems
