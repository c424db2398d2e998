"""`check` and `build` on content an editor got wrong: clean messages, exit codes, and a
published `_site/` that nothing can damage."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import IO

import pytest
from conftest import MINI, REPO, build_site, check_report, edit, files_of
from markdown_it import MarkdownIt

from gloss import files, load, parallel
from gloss.cli import main
from gloss.content import Paths
from gloss.pipeline import build, check
from gloss.problems import Report

NEXT = Path("content/sections/020-next.yml")
Capsys = pytest.CaptureFixture[str]
Published = tuple[Path, Path, dict[str, bytes]]


def run(root: Path, *args: str, capsys: Capsys) -> tuple[int, str, str]:
    code = main([*args, "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---- check ---------------------------------------------------------------------------------


def test_check_writes_nothing(mini_copy: Path, capsys: Capsys) -> None:
    before = files_of(mini_copy)
    assert run(mini_copy, "check", capsys=capsys)[0] == 0
    assert files_of(mini_copy) == before


def test_a_mistyped_source_id_is_one_error_not_also_an_uncited_source(mini_copy: Path) -> None:
    edit(mini_copy, NEXT, "    sources: [factory-plan]", "    sources: [factory-plna]")
    messages = [problem.message for problem in check_report(mini_copy).problems]
    assert "unknown source 'factory-plna'" in messages
    assert not [message for message in messages if "never cited" in message], messages


def test_citing_sources_without_a_sources_file_says_the_file_is_missing(mini_copy: Path) -> None:
    (mini_copy / "content/sources.yml").unlink()
    unknown = [problem for problem in check_report(mini_copy).problems if problem.message.startswith("unknown source")]
    assert unknown and all("sources.yml does not exist" in problem.hint for problem in unknown)


def test_a_message_escapes_what_would_break_or_reorder_its_line_and_keeps_what_reads_right() -> None:
    from gloss.problems import Mark, Problem

    problem = Problem(Mark("x.yml", 1, 1), "error", "key 'a\nb\x07\ufffe\u202egnp.exe' in «\u00a0mot\u00a0» 👩\u200d💻")
    assert str(problem) == "x.yml:1:1: error: key 'a\\nb\\x07\\ufffe\\u202egnp.exe' in «\u00a0mot\u00a0» 👩\u200d💻"


def test_warnings_fail_only_under_strict(mini_copy: Path, capsys: Capsys) -> None:
    edit(mini_copy, NEXT, "    verdict: accurate\n", "    verdict: mixed\n")
    code, _, err = run(mini_copy, "check", capsys=capsys)
    assert code == 0 and ": warning: " in err
    assert run(mini_copy, "check", "--strict", capsys=capsys)[0] == 1


def test_problems_come_all_at_once_in_file_order(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    edit(mini_copy, NEXT, "verdict: opinion", "verdict: opinon")
    edit(mini_copy, NEXT, "id: next", "id: Next")
    edit(mini_copy, Path("content/sources.yml"), "published: 2025-04", "published: 2025-04-31")
    edit(mini_copy, Path("content/article.yml"), "language: en", "language: English")
    code, _, err = run(mini_copy, "check", capsys=capsys)
    assert code == 1
    places = [line.split(": ")[0] for line in err.splitlines() if ": error: " in line]
    assert places == [
        "content/article.yml:8:11",
        "content/sections/020-next.yml:1:5",
        "content/sections/020-next.yml:14:14",
        "content/sources.yml:5:14",
    ]


def test_json_output_is_one_record_per_problem(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    edit(mini_copy, NEXT, "    sources: [factory-plan]", "    soruces: [factory-plan]")
    edit(mini_copy, NEXT, "verdict: opinion", 'verdict: "opinion <script>"')
    code, out, _ = run(mini_copy, "check", "--format", "json", capsys=capsys)
    assert code == 1
    rows = json.loads(out)
    assert [(row["file"], row["line"], row["col"], row["severity"]) for row in rows] == [
        ("content/sections/010-results.yml", 10, 11, "warning"),  # the fixture's hostile link…
        ("content/sections/010-results.yml", 10, 11, "warning"),  # …and hostile HTML in two notes
        ("content/sections/010-results.yml", 34, 11, "warning"),
        ("content/sections/020-next.yml", 11, 5, "error"),
        ("content/sections/020-next.yml", 14, 14, "error"),
    ]
    assert rows[3]["message"] == "unknown key 'soruces' in claim" and rows[3]["hint"] == "did you mean 'sources'?"
    assert all(set(row) == {"file", "line", "col", "severity", "message", "hint"} for row in rows)


def test_options_work_before_or_after_the_command(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    edit(mini_copy, NEXT, "verdict: opinion", "verdict: opinon")
    outcomes = []
    for args in (["--root", str(mini_copy), "check"], ["check", "--root", str(mini_copy)]):
        code = main(args)
        outcomes.append((code, capsys.readouterr().err))
    assert outcomes[0] == outcomes[1] and outcomes[0][0] == 1 and f"{NEXT}:" in outcomes[0][1]


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_build_options_work_before_or_after_the_command(mini_copy: Path, tmp_path: Path, before: bool) -> None:
    out = tmp_path / "site"
    options = ["--root", str(mini_copy), "--out", str(out), "--base-url", "https://example.org/annotated/"]
    assert main([*options, "build"] if before else ["build", *options]) == 0
    assert '<link rel="canonical" href="https://example.org/annotated/">' in (out / "index.html").read_text(encoding="utf-8")


def test_bom_and_crlf_are_accepted(mini_copy: Path, capsys: Capsys) -> None:
    as_saved_here = run(mini_copy, "check", capsys=capsys)
    for path in [*mini_copy.rglob("*.yml"), *mini_copy.rglob("*.txt")]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = run(mini_copy, "check", capsys=capsys)
    assert code == 0 and (code, err) == as_saved_here[::2], err


def test_an_oversized_file_is_refused_before_it_is_parsed(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    with (mini_copy / NEXT).open("a", encoding="utf-8") as file:
        file.write("# padding\n" * (files.MAX_FILE_BYTES // 10 + 1))
    code, _, err = run(mini_copy, "check", capsys=capsys)
    assert code == 1
    assert f"{NEXT}:1:1: error: file is" in err and "-byte limit for content files" in err


def bomb(levels: int) -> str:
    names = [f"l{level}" for level in range(levels)]
    lines = [f'{names[0]}: &{names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]" for previous, name in zip(names, names[1:], strict=False)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_with_little_memory() -> None:
    text = bomb(30)  # 9**30 strings if expanded
    report = Report()
    tracemalloc.start()
    try:
        node = load.compose(text, "bomb.yml", report)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert node is None
    assert [str(problem) for problem in report.problems] == [
        "bomb.yml:2:10: error: YAML alias '*l0' is not allowed in content files (write the value out in full)"
    ]
    assert peak < 5_000_000


def test_a_syntax_error_gives_line_and_column() -> None:
    report = Report()
    assert load.compose('title: "Acme\nauthor: [Sam\n', "a.yml", report) is None
    (problem,) = report.problems
    assert (problem.mark.line, problem.mark.col) == (1, 8)
    assert problem.message == "YAML syntax: a quoted value starts here but is never closed"


def test_the_command_line_never_shows_a_traceback(tmp_path: Path) -> None:
    """One real process, for what in-process tests cannot see (the entry point, the exit status)."""
    root = Path(shutil.copytree(MINI, tmp_path / "site"))
    (root / NEXT).write_bytes(b"id: next\ntitle: \xff\xfe\n")
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--root", str(root)], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{NEXT}:2:8: error: invalid UTF-8 at byte offset 16" in result.stderr


def test_a_terminal_that_cannot_show_a_name_gets_it_escaped_not_a_traceback(mini_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--root", str(mini_copy), "--out", "sité"],
        cwd=mini_copy,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr
    assert b"built sit\\xe9:" in result.stdout and b"Traceback" not in result.stderr


def test_an_invalid_seed_is_a_message(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    (mini_copy / "seeds" / "mini.txt").write_bytes(b"Acme \x80 said\n")
    code, _, err = run(mini_copy, "check", capsys=capsys)
    assert code == 1 and "seeds/mini.txt:1:6: error: invalid UTF-8 at byte offset 5" in err


# ---- a failed build leaves the published site alone -------------------------------------


@pytest.fixture
def published(mini_copy: Path) -> Published:
    out = build_site(mini_copy, mini_copy.parent / "_site")
    return mini_copy, out, files_of(out)


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert files_of(out) == before
    assert sorted(path.name for path in out.parent.iterdir()) == ["_site", "mini"], "no staging folder is left behind"


def test_a_content_error_leaves_the_site_as_it_was(published: Published, capsys: Capsys) -> None:
    root, out, before = published
    edit(root, NEXT, "verdict: opinion", "verdict: opinon")
    code, _, err = run(root, "build", "--out", str(out), capsys=capsys)
    assert code == 1 and "left as it was" in err
    assert_untouched(out, before)


def test_a_failure_while_writing_leaves_the_site_as_it_was(published: Published, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out, before = published
    edit(root, NEXT, "Acme plans", "Acme plans")  # same content: a rebuild would write the same site
    written = []

    def open_file(self: Path, mode: str = "r", *args: object, **kwargs: object) -> IO:
        if "w" in mode:
            if len(written) == 3:
                raise OSError(28, "No space left on device")
            written.append(self)
        return original(self, mode, *args, **kwargs)

    original = Path.open
    monkeypatch.setattr(Path, "open", open_file)
    report = Report()
    assert build(root, out, report) is None
    assert "cannot write the site: No space left on device" in report.as_text()
    assert_untouched(out, before)


def test_a_failure_at_the_swap_leaves_the_site_as_it_was(published: Published, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out, before = published
    original = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if ".new-" in self.name:
            raise OSError(13, "Permission denied")
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    report = Report()
    assert build(root, out, report) is None
    assert "cannot write the site: Permission denied" in report.as_text()
    assert_untouched(out, before)


def test_an_unwritable_output_folder_is_a_message_not_a_traceback(mini_copy: Path, capsys: Capsys) -> None:
    blocker = mini_copy.parent / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(mini_copy, "build", "--out", str(blocker / "_site"), capsys=capsys)
    assert code == 1
    assert "error: cannot write the site" in err and "Traceback" not in err
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_command_imports_only_what_it_needs(command: str, tmp_path: Path) -> None:
    """Each import is start-up time for every run. A forked child loads the YAML files while this process
    imports markdown-it (and Jinja, for a build), so PyYAML is the child's alone; the model and the
    templates are for `build`, and so is shutil (which `write` uses; argparse would import it for the
    terminal's width, were it not given); close-match suggestions are for a mistake."""
    script = "import sys; from gloss.cli import main; main(sys.argv[1:]); print(*sorted(sys.modules))"
    options = ["--out", str(tmp_path / "_site")] if command == "build" else []
    arguments = [command, "--root", str(MINI), *options]
    result = subprocess.run([sys.executable, "-c", script, *arguments], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    modules = set(result.stdout.split())
    assert {"gloss.resolve", "markdown_it"} <= modules
    assert modules.isdisjoint({"yaml", "gloss.load", "gloss.validate", "difflib"})
    assert ("jinja2" in modules) == ("gloss.model" in modules) == ("shutil" in modules) == (command == "build")


def test_the_loading_child_imports_only_what_it_needs() -> None:
    """The child forked at the start of reading has only PyYAML to import: its work (all of it,
    run here in a fresh process with what a command has imported by the fork) needs neither
    markdown-it nor `dataclasses`, whose import (with `inspect`) would be a fifth of its work.
    (A build's child imports markdown-it only if the main process falls behind and it helps
    with the notes: see `content.Reading`.)"""
    script = """if True:
        import sys
        from pathlib import Path
        from gloss.cli import parser
        from gloss.content import Paths, Reading
        import gloss.pipeline
        before = set(sys.modules)
        reading = Reading(Paths(Path(sys.argv[1])), read_file=lambda path, report, read: read(report))  # no child
        assert len(list(reading._load_each())) == 4
        print(*sorted(set(sys.modules) - before))
        print(*sorted(sys.modules))
    """
    result = subprocess.run([sys.executable, "-c", script, str(MINI)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded, every = (set(line.split()) for line in result.stdout.splitlines())
    assert {"yaml", "gloss.load", "gloss.validate"} <= loaded
    assert not any(name.split(".")[0] in {"markdown_it", "dataclasses", "inspect", "jinja2"} for name in every)


def test_build_py_ends_with_all_its_output_and_its_exit_code(mini_copy: Path, tmp_path: Path) -> None:
    """build.py ends the process without Python's teardown; what it printed still arrives whole,
    here far more than a pipe's buffer, and its exit code stands."""
    article = mini_copy / "content/article.yml"
    article.write_text(article.read_text(encoding="utf-8") + "".join(f"extra_{n}: x\n" for n in range(200)), encoding="utf-8")
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # as Python runs by default

    def build_py(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "build.py", *arguments], cwd=REPO, capture_output=True, text=True, env=buffered)

    checked = build_py("check", "--format", "json", "--root", str(mini_copy))
    assert checked.returncode == 1
    errors = [row for row in json.loads(checked.stdout) if row["severity"] == "error"]
    assert len(checked.stdout) > 16_384 and len(errors) == 200
    built = build_py("--root", str(MINI), "--out", str(tmp_path / "_site"))
    assert built.returncode == 0 and built.stdout.startswith("built ") and built.stdout.endswith(" sources\n")


def test_build_py_leaves_the_usual_way_for_a_profiler_and_a_closed_stream() -> None:
    """A profiler writes its report as Python exits; a stream closed from the start is None, not a file."""
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "build.py", "check", "--root", str(MINI)], cwd=REPO, capture_output=True, text=True
    )
    assert profiled.returncode == 0 and "function calls" in profiled.stdout
    closed = subprocess.run(
        [sys.executable, "build.py", "check", "--root", str(MINI)], cwd=REPO, capture_output=True, preexec_fn=lambda: os.close(1)
    )
    assert closed.returncode == 0, closed.stderr


@pytest.mark.parametrize("columns", [50, 120])
def test_help_fits_the_terminal(columns: int) -> None:
    command = [sys.executable, "build.py", "split", "--help"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env={**os.environ, "COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    widths = [len(line) for line in result.stdout.splitlines()]
    assert max(widths) <= columns - 2  # argparse keeps a margin of two
    assert max(widths) > columns - 20  # and uses the width it has


def test_check_renders_no_note_and_a_build_renders_each_note_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A note is rendered as its file is read, for a build only: the page and the open data share that HTML."""
    rendered: list[str] = []
    real_render = MarkdownIt.render

    def counting_render(md: MarkdownIt, src: str, env: object = None) -> str:
        rendered.append(src)
        return real_render(md, src, env)

    monkeypatch.setattr(MarkdownIt, "render", counting_render)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)  # counted here, in this process
    check(MINI, Report(), model=False)
    assert rendered == []
    article = build(MINI, tmp_path / "_site", Report())
    assert article is not None
    notes = [claim for section in article.sections for claim in section.claims if claim.note]
    assert notes and len(set(rendered)) == len(rendered) == len(notes)  # one render per note, none twice


@pytest.mark.parametrize("where", ["project", "sections", "elsewhere"])
def test_section_files_are_named_as_relpath_names_them(where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Messages name each section file relative to the working folder, whatever it is; the names are
    found for the whole folder at once, and must be what `os.path.relpath` gives for each file."""
    paths = Paths(MINI)
    monkeypatch.chdir({"project": MINI, "sections": paths.sections, "elsewhere": tmp_path}[where])
    files = paths.section_files()
    assert len(files) == 2
    assert paths.shown_sections(files) == [os.path.relpath(path) for path in files]


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("quote: #1 in town", "write the whole value in quotes, quote: '#1 in town'"),
        ('quote: "Yes" she said', "write the whole value in quotes, quote: '\"Yes\" she said'"),
        ("author:  # TODO: the author's name", ""),  # a comment, as meant: the value is missing, not misquoted
        ("sources: [acme-results}", ""),  # a list's brackets are YAML's: quoting would make it text
        ("  - claims: &c", ""),
    ],
)
def test_the_quoting_hint_is_given_only_where_quoting_is_the_fix(line: str, hint: str) -> None:
    from gloss.load import quoting_hint

    assert quoting_hint(line).endswith(hint) and bool(quoting_hint(line)) == bool(hint)


@pytest.mark.parametrize(
    ("note", "warned"),
    [
        ("See ![the plan](https://example.net/plan.png).", True),
        ("See \\![the plan](https://example.net/p).", False),
        ("Write `![x](y)` for an image.", False),
    ],
)
def test_an_image_is_warned_of_only_where_it_would_be_made(note: str, warned: bool, mini_copy: Path) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "    sources: [factory-plan]\n", f"    note: '{note}'\n    sources: [factory-plan]\n")
    assert any("show no images" in problem.message for problem in check_report(mini_copy).warnings) == warned


def test_an_article_dated_by_its_month_leaves_an_event_later_that_month_undecided(mini_copy: Path) -> None:
    """Published "2025-05" may mean May 1: an event on May 5 may not have happened by then."""
    edit(mini_copy, "content/article.yml", "published: 2025-05-06", "published: 2025-05")
    undecided = [problem for problem in check_report(mini_copy).warnings if "had it happened by then?" in problem.message]
    assert [problem.message.split(" is dated")[0] for problem in undecided] == ["event 'Chief executive speaks'"]


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("Read <b>this</b> first.", "<b>"),
        ("A<br/>break.", "<br/>"),
        ("<!-- draft --> Rounded.", "<!--"),
        ("Write `<b>` in code.", None),
        ("See <https://example.com/>.", None),
        ("Escaped \\<b> is text.", None),
        ("If a < b and c > d.", None),
    ],
)
def test_html_typed_into_a_note_is_warned_of_as_the_reader_would_see_it(note: str, shown: str | None, mini_copy: Path) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "    sources: [factory-plan]\n", f"    note: '{note}'\n    sources: [factory-plan]\n")
    warned = [p.message for p in check_report(mini_copy).warnings if p.mark.path.endswith("020-next.yml") and "HTML" in p.message]
    assert warned == ([f"the note's HTML is shown as text: the reader sees “{shown}”"] if shown else [])


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Acme sold its cars. Then Acme sold its vans, and sold out.", "sold"),
        ("前面的文字很长很长很长很长很长很长的句子小米汽车中间的文字也很长很长很长很长很长很长小米汽车后面的文字", "小米汽车"),
    ],
)
def test_an_ambiguous_quote_shows_each_place_apart_with_the_match_in_it(mini_copy: Path, text: str, quote: str) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "Acme plans to open a factory in 2027, its “biggest bet” yet.", text)
    edit(mini_copy, "content/sections/020-next.yml", "quote: plans to open a factory in 2027", f"quote: {quote}")
    [problem] = [problem for problem in check_report(mini_copy).errors if "appears" in problem.message]
    places = re.findall(r"\d+ at line \d+: “([^”]*)”", problem.message)
    assert len(places) == text.count(quote) and len(set(places)) == len(places)  # each told apart
    assert all(quote in place and len(place) < 80 for place in places)
    if " " in text:  # whole words either side, none cut; a text without spaces is cut by characters
        shown = ("What comes next " + text).split()  # the section's heading, then the paragraph
        assert all(word in shown for place in places for word in place.strip("…").split())


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        ("November 9, 1989", False),  # history: it will not change
        ("9 Nov. 1989", False),
        ("1989-11", False),
        ("2025-Q1", False),  # over before the article (May 6, 2025)
        ("May 2025", True),  # the article's own month: not over when it appeared
        ("June 1, 2027", True),  # a plan, which may change
        ("1989", True),  # a bare number may be a count
        ("1,000 cars", True),
    ],
)
def test_a_fact_that_is_a_date_before_the_article_needs_no_as_of(mini_copy: Path, value: str, warned: bool) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "    value: 2027\n    as_of: 2025-05-05\n", f"    value: {value}\n")
    messages = [problem.message for problem in check_report(mini_copy).warnings]
    assert ("fact 'Factory' has no as_of date" in messages) == warned, messages


@pytest.mark.parametrize("kind", ["new", "old"])
def test_a_link_where_the_build_stages_or_retires_the_site_is_removed_never_followed(
    published: Published, tmp_path: Path, kind: str
) -> None:
    """A committed `._site.new-<pid>` link to a folder elsewhere would have the build write the site there."""
    from gloss.write import beside

    root, out, _ = published
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("mine", encoding="utf-8")
    beside(out.resolve(), kind).symlink_to(elsewhere, target_is_directory=True)
    build_site(root, out)
    assert files_of(elsewhere) == {"index.html": b"mine"}
    assert not out.is_symlink() and (out / "index.html").is_file()
    assert not beside(out.resolve(), kind).is_symlink()


@pytest.mark.parametrize("kind", ["folder", "dangling link", "looping link", "pipe"])
def test_whatever_bears_a_sections_name_is_read_or_refused_never_skipped(mini_copy: Path, kind: str) -> None:
    entry = mini_copy / "content/sections/015-extra.yml"
    if kind == "folder":
        entry.mkdir()
    elif kind == "dangling link":
        entry.symlink_to(mini_copy / "nowhere.yml")
    elif kind == "looping link":
        entry.symlink_to(entry)
    else:
        os.mkfifo(entry)
    errors = check_report(mini_copy).errors
    assert [problem.mark.path for problem in errors] == [os.path.relpath(entry)], [str(problem) for problem in errors]


def test_a_section_in_a_folder_we_may_not_look_into_is_a_message(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without x permission on content/sections, even asking whether a file there is a link fails (root may look
    anywhere, so the test makes the lookup fail as it would for anyone else)."""
    original = Path.is_symlink

    def is_symlink(self: Path) -> bool:
        if self.parent.name == "sections":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "is_symlink", is_symlink)
    report = check_report(mini_copy)
    assert {problem.message for problem in report.errors} == {"cannot read file: Permission denied"}


def test_a_long_run_without_spaces_that_differs_from_the_seed_is_quoted_in_part(mini_copy: Path) -> None:
    """A rule of "=" signs, or a paragraph of Chinese, is one "word": the message quotes where they part, not all
    of it (and the comparison that names the difference looks at its start, not at the square of its length)."""
    edit(mini_copy, "seeds/mini.txt", "Acme plans to open", "=" * 12_000 + "\n\nAcme plans to open")
    edit(mini_copy, NEXT, "  Acme plans to open", "  \\" + "=" * 11_999 + "\n\n  Acme plans to open")
    [error] = check_report(mini_copy).errors
    assert error.message.startswith("the text differs from the seed")
    assert len(error.message) < 400 and "“===" in error.message, error.message


@pytest.mark.parametrize(
    ("title", "refused"),
    [
        ("Results\u202e report", "U+202E"),  # an override reverses what follows
        ("Results \u2067report", "U+2067"),  # an isolate left open
        ("Results \u202bof the year", "U+202B"),
        ("Results \u2067تقرير\u2069 of the year", None),  # an isolate closed where it should be
        ("Results \u202bتقرير\u202c of the year", None),
        ("Results \u2067\u202bتقرير\u2069 of the year", None),  # closing an isolate closes what was opened inside it
    ],
)
def test_a_title_may_not_turn_the_text_after_it_around(mini_copy: Path, title: str, refused: str | None) -> None:
    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", f'  title: "{title}"\n')
    errors = [problem.message for problem in check_report(mini_copy).errors]
    if refused is None:
        assert errors == []
    else:
        [message] = errors
        assert message.startswith(f"'title' holds {refused}") and "turns the page's text after it around" in message


def test_a_build_makes_the_folders_its_output_goes_in(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "not" / "yet" / "_site"
    build_site(mini_copy, out)
    assert (out / "index.html").is_file()


def test_the_articles_own_words_may_hold_what_its_seed_holds_a_bidi_override_too(mini_copy: Path) -> None:
    """A body is the seed verbatim: what the seed holds, the body must, and its paragraph ends what it opens."""
    odd = "(file \u202egnp.exe\u202c)"
    edit(mini_copy, "seeds/mini.txt", "its “biggest bet” yet.", f"its “biggest bet” yet {odd}.")
    edit(mini_copy, NEXT, "its “biggest bet” yet.", f"its “biggest bet” yet {odd}.")
    assert check_report(mini_copy).errors == []


def test_an_ogham_space_mark_where_the_seed_has_a_space_is_a_difference(mini_copy: Path) -> None:
    """U+1680 is white space to Unicode, but drawn as a line: the reader would see a dash the seed does not have."""
    edit(mini_copy, NEXT, "its “biggest bet” yet.", "its “biggest\u1680bet” yet.")
    errors = {problem.message.split(":")[0]: problem for problem in check_report(mini_copy).errors}
    assert (
        "U+1680 OGHAM SPACE MARK in the section"
        in errors["the text differs from the seed " + os.path.relpath(mini_copy / "seeds/mini.txt")].hint
    )
    assert "U+1680 OGHAM SPACE MARK in the text" in errors["quote of claim 'biggest-bet' not found in section 'next'"].hint


def test_an_ogham_text_whose_seed_holds_the_same_marks_matches(mini_copy: Path) -> None:
    ogham = "\u169b\u1689\u1691\u1685\u1694\u1689\u1690\u1680\u168b\u1690\u168a\u1694\u169c"
    edit(mini_copy, "seeds/mini.txt", "its “biggest bet” yet.", f"its “biggest bet” yet {ogham}.")
    edit(mini_copy, NEXT, "its “biggest bet” yet.", f"its “biggest bet” yet {ogham}.")
    assert check_report(mini_copy).errors == []


@pytest.mark.parametrize("name", ["article.yml", "sources.yml", "sections/010-results.yml"])
def test_a_content_file_that_is_a_link_to_nothing_is_one_message_there(mini_copy: Path, name: str) -> None:
    linked = mini_copy / "content" / name
    linked.unlink()
    linked.symlink_to(mini_copy / "nowhere.yml")
    errors = check_report(mini_copy).errors
    assert [(problem.mark.path, problem.message) for problem in errors] == [(os.path.relpath(linked), "a link that leads to no file")]


@pytest.mark.parametrize("text", ["\u200b", "\u00ad\u2060", "\u0301", "\u2800", "\ufeff \u3164"])
def test_a_text_that_draws_nothing_is_refused(mini_copy: Path, text: str) -> None:
    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", f'  title: "{text}"\n')
    [error] = check_report(mini_copy).errors
    assert error.message.startswith("'title' shows the reader nothing")


@pytest.mark.parametrize("text", ["—", "…", "✓", "٣", "漢", "\u200bWire"])
def test_a_text_of_one_mark_or_letter_that_draws_is_kept(mini_copy: Path, text: str) -> None:
    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", f'  title: "{text}"\n')
    assert check_report(mini_copy).errors == []


def test_a_problem_found_twice_is_counted_once_as_it_is_shown_once() -> None:
    """Two empty headings of a quoted body share its one place: one line, and one in the count."""
    from gloss.problems import Mark

    report = Report()
    for _ in range(2):
        report.warning(Mark("content/sections/010-a.yml", 3, 7), "an empty heading: the reader sees nothing there")
    assert len(report.warnings) == 1 == len(report.as_text().splitlines())
