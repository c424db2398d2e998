"""`split`: a seed in, content out that passes `check` and shows the seed's exact text."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, check_report, do_the_todos, files_of
from conftest import project_with_seed as project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gloss.anchor import collapse, flatten
from gloss.cli import main
from gloss.markup import make_parser
from gloss.split import escape_heading, escape_paragraph, paragraphs_and_headings, parts_of

SEED = REPO / "seeds" / "000_5cf2ce85cec29bc8.txt"
MD = make_parser()


def rendered(markdown: str) -> str:
    return collapse(flatten(MD.parse(markdown)).text)


def split(root: Path, *args: str) -> int:
    return main(["split", "--root", str(root), *args])


def sections(root: Path) -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((root / "content" / "sections").glob("*.yml"))]


def assert_checks_clean(root: Path) -> None:
    report = check_report(root)
    assert report.errors == [], report.as_text()
    kinds = {problem.message.split("'")[0].split(":")[0] for problem in report.warnings}
    assert kinds <= {"section ", "a TODO is left here"}, report.as_text()


def test_the_real_seed_splits_at_its_subheading_and_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(SEED, root / "seeds" / SEED.name)
    assert split(root, str(root / "seeds" / SEED.name)) == 0
    assert_checks_clean(root)
    parts = sections(root)
    assert len(parts) == 2
    assert parts[1]["body"].startswith("## Xiaomi is aiming to sell its EVs in Europe by 2027\n\n")
    assert all(part["claims"] == [] and part["facts"] == [] and part["events"] == [] for part in parts)
    article = yaml.safe_load((root / "content" / "article.yml").read_text(encoding="utf-8"))
    assert (article["author"], article["publisher"], article["reviewed_by"]) == ("Scooter Doll", "Electrek", "Editorial Team")
    assert article["seed"] == f"seeds/{SEED.name}"
    for path in (root / "content").rglob("*.yml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), path
    assert "TODO" in capsys.readouterr().out


HOSTILE = """\
Acme said *it* sold 1_000 cars & more &amp; that's __it__, see [x](https://example.com) or <https://example.com>.
# Not a heading, just a hash
1. Not a list item, 2) nor this one
- not a bullet; + nor this; > nor a quote
A backslash \\ at the end \\
`code` and ``double`` ticks, <b>bold</b>, &copy; &#169; and ![img](x.png)
---
===
    four spaces in front
~~~ not a fence
Heading with # and *stars*
The quick brown fox [ref]: https://example.com jumps.
[ref]: https://example.com
Author: A. Writer
Source: Somewhere
"""


def test_markdown_characters_in_the_seed_survive_verbatim(tmp_path: Path) -> None:
    root = project(tmp_path, HOSTILE)
    assert split(root, str(root / "seeds" / "seed.txt"), "--title", "Hostile", "--published", "2025-05-06") == 0
    assert_checks_clean(root)  # check compares every section's rendered text with the seed
    article = yaml.safe_load((root / "content" / "article.yml").read_text(encoding="utf-8"))
    assert (article["title"], str(article["published"])) == ("Hostile", "2025-05-06")
    body = sections(root)[-1]["body"]
    assert body.startswith("## Heading with \\# and \\*stars\\*\n")


def test_a_seed_without_subheadings_is_cut_into_groups_of_paragraphs(tmp_path: Path) -> None:
    text = "".join(f"Paragraph number {n} ends here.\n" for n in range(1, 8))
    root = project(tmp_path, text)
    assert split(root, "seeds/seed.txt", "--paragraphs", "3") == 0
    assert [part["body"].count("\n\n") + 1 for part in sections(root)] == [3, 3, 1]
    assert_checks_clean(root)


def test_a_hard_wrapped_seed_keeps_its_paragraphs(tmp_path: Path) -> None:
    text = "The first paragraph is wrapped\nover two lines.\n\nShort heading\n\nThe second one\nis wrapped too.\n\nAnd a third.\n"
    root = project(tmp_path, text)
    assert split(root, "seeds/seed.txt") == 0
    first, second = sections(root)
    assert first["body"] == "The first paragraph is wrapped\nover two lines.\n"
    assert second["body"] == "## Short heading\n\nThe second one\nis wrapped too.\n\nAnd a third.\n"
    assert_checks_clean(root)


def test_yaml_line_breaks_in_the_seed_fall_back_to_a_quoted_body(tmp_path: Path) -> None:
    root = project(tmp_path, "One\u2028two\u2029three.\nAnd a tab\there.\n")
    assert split(root, "seeds/seed.txt") == 0
    assert_checks_clean(root)


@pytest.mark.parametrize("character", ["\x85", "\x07", "\ufdd0"])
def test_a_seed_holding_what_no_web_page_may_hold_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    root = project(tmp_path, f"First line.\nOne{character}two.\n")
    assert split(root, "seeds/seed.txt") == 1
    assert f"seed.txt:2:4: error: the character U+{ord(character):04X} is not allowed" in capsys.readouterr().err
    assert not (root / "content").exists()


def test_a_byline_or_title_holding_what_no_web_page_may_hold_is_refused_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "First line.\n\nAuthor: Sam\x01Writer\n")
    assert split(root, "seeds/seed.txt") == 1
    assert "seed.txt:3:12: error: the character U+0001 is not allowed" in capsys.readouterr().err
    root = project(tmp_path / "titled", "First line.\n")
    assert split(root, "seeds/seed.txt", "--title", "A\x80B") == 1
    assert "error: the title holds U+0080" in capsys.readouterr().err
    assert not (root / "content").exists()


def test_split_refuses_to_overwrite_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "First paragraph.\nHeading\nSecond paragraph.\n")
    assert split(root, "seeds/seed.txt") == 0
    stale = root / "content" / "sections" / "990-stale.yml"
    stale.write_text("id: stale\n", encoding="utf-8")
    article = (root / "content" / "article.yml").read_bytes()
    capsys.readouterr()
    assert split(root, "seeds/seed.txt") == 1
    assert "already exists" in capsys.readouterr().err
    assert (root / "content" / "article.yml").read_bytes() == article and stale.exists()
    assert split(root, "seeds/seed.txt", "--force") == 0
    assert not stale.exists()
    assert_checks_clean(root)


def test_what_force_replaces_is_set_aside_never_deleted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "First paragraph.\nHeading\nSecond paragraph.\n")
    (root / "seeds" / "other.txt").write_text("Another article.\n", encoding="utf-8")
    assert split(root, "seeds/seed.txt") == 0
    content = root / "content"
    annotated = (content / "sections" / "010-first-paragraph.yml").read_bytes() + b"claims: []\n"
    (content / "sections" / "010-first-paragraph.yml").write_bytes(annotated)
    sources = b"- id: memo\n  title: Memo\n  publisher: Acme\n"
    (content / "sources.yml").write_bytes(sources)
    capsys.readouterr()

    assert split(root, "seeds/seed.txt", "--force") == 0  # the same seed: its sources still apply
    assert (content / "replaced-1" / "sections" / "010-first-paragraph.yml").read_bytes() == annotated
    assert (content / "sources.yml").read_bytes() == sources and not (content / "replaced-1" / "sources.yml").exists()
    out = capsys.readouterr().out
    assert "moved the replaced article.yml and the section files to " in out and "kept " in out

    assert split(root, "seeds/other.txt", "--force") == 0  # another article: the sources go with the old one
    assert "moved the replaced article.yml, the section files and sources.yml to " in capsys.readouterr().out
    assert (content / "replaced-2" / "sources.yml").read_bytes() == sources
    assert (content / "replaced-2" / "article.yml").exists() and (content / "replaced-1" / "article.yml").exists()
    assert yaml.safe_load((content / "sources.yml").read_text(encoding="utf-8")) == []
    assert [path.name for path in (content / "sections").iterdir()] == ["010-another-article.yml"]
    assert_checks_clean(root)


def fail_renames(monkeypatch, failing: set[int]) -> None:  # noqa: ANN001
    """Path.rename fails, as in a read-only folder, on the calls numbered in `failing` (from 1)."""
    rename, calls = Path.rename, itertools.count(1)

    def rename_or_fail(self: Path, target: Path) -> Path:
        if next(calls) in failing:
            raise PermissionError(13, "Permission denied")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_or_fail)


def test_force_moves_all_the_replaced_files_or_none(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # noqa: ANN001
    root = project(tmp_path, "First paragraph.\nHeading\nSecond paragraph.\n")
    assert split(root, "seeds/seed.txt") == 0
    (root / "content" / "sections" / "030-old.YML").write_text("id: old\n", encoding="utf-8")  # misnamed: replaced too
    before = files_of(root / "content")
    fail_renames(monkeypatch, {3})  # the third move fails, as in a read-only folder
    assert split(root, "seeds/seed.txt", "--force") == 1
    assert "cannot set the replaced files aside: Permission denied (nothing was moved)" in capsys.readouterr().err
    assert files_of(root / "content") == before and not (root / "content" / "replaced-1").exists()
    monkeypatch.undo()
    assert split(root, "seeds/seed.txt", "--force") == 0
    assert (root / "content" / "replaced-1" / "sections" / "030-old.YML").exists()
    assert not (root / "content" / "sections" / "030-old.YML").exists()


def test_files_that_cannot_be_put_back_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # noqa: ANN001
    root = project(tmp_path, "First paragraph.\nHeading\nSecond paragraph.\n")
    assert split(root, "seeds/seed.txt") == 0
    fail_renames(monkeypatch, {2, 3})  # the second move fails, and so does putting the first back
    assert split(root, "seeds/seed.txt", "--force") == 1
    err = capsys.readouterr().err
    assert "could not put back" in err and "replaced-1/article.yml, which stay there" in err and "nothing was moved" not in err
    assert (root / "content" / "replaced-1" / "article.yml").exists()  # named, and nothing lost


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    root = project(tmp_path, "\n\n".join(f"Paragraph number {n} ends here." for n in range(1, 400)) + "\n")
    command = [sys.executable, str(REPO / "build.py"), "split", "--root", str(root), "seeds/seed.txt", "--paragraphs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does once it has read its lines
    errors = process.stderr.read().decode()
    assert process.wait() == 141 and "Traceback" not in errors, errors


def test_a_hundred_sections_or_more_keep_their_order(tmp_path: Path) -> None:
    root = project(tmp_path, "\n\n".join(f"Paragraph number {n} ends here." for n in range(1, 121)) + "\n")
    assert split(root, "seeds/seed.txt", "--paragraphs", "1") == 0
    names = sorted(path.name for path in (root / "content/sections").glob("*.yml"))
    assert names[0].startswith("0010-") and names[-1].startswith("1200-")
    assert [section["body"].strip() for section in sections(root)] == [f"Paragraph number {n} ends here." for n in range(1, 121)]
    assert_checks_clean(root)


def test_a_seed_outside_the_project_is_refused_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "Text.\n")
    (tmp_path / "elsewhere.txt").write_text("Words from elsewhere.\n", encoding="utf-8")
    assert split(root, str(tmp_path / "elsewhere.txt")) == 1
    assert "outside the project folder" in capsys.readouterr().err
    assert not (root / "content").exists()


def test_a_missing_seed_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "Text.\n")
    assert split(root, "seeds/nope.txt") == 1
    assert "seed file not found" in capsys.readouterr().err
    assert not (root / "content").exists()


def test_subheadings_are_short_unpunctuated_lines_between_paragraphs() -> None:
    blocks = paragraphs_and_headings("Opening line here\nFirst.\nA heading\nSecond.\nNot a heading: it ends with a colon:\nLast line")
    assert [heading for _, heading in blocks] == [False, False, True, False, False, False]
    assert [part.heading for part in parts_of("One.\nTwo\nThree.\n")] == [None, "Two"]


@pytest.mark.parametrize(
    "line",
    [
        "短い一文で終わる。",
        "他说：",
        "一、二；",
        "市长说：“今年不加税。”",
        "ایک مختصر جملہ۔",
        "قال الوزير،",
        "यह एक वाक्य है।",
        "አጭር ዓረፍተ ነገር።",
    ],
)
def test_a_line_ending_in_another_scripts_stop_is_text_not_a_heading_or_headline(line: str) -> None:
    from gloss.split import _headline

    blocks = paragraphs_and_headings(f"Opening.\n{line}\nSecond.\nLast.")
    assert [heading for _, heading in blocks] == [False, False, False, False]
    assert _headline(f"{line}\n\nSecond.\n\nLast.") is None


def test_a_headline_may_ask_with_a_full_width_or_arabic_question_mark() -> None:
    from gloss.split import _headline

    assert _headline("电动车会涨价吗？\n\n第一段。\n\n第二段。") == "电动车会涨价吗？"
    assert _headline("هل ترتفع الأسعار؟\n\nالفقرة الأولى.\n\nالفقرة الثانية.") == "هل ترتفع الأسعار؟"


def test_a_seed_whose_headline_is_also_its_text_splits_and_passes_check(tmp_path: Path) -> None:
    root = project(tmp_path, "Same words\n\nSame words\n")  # the sections say the rest, which reads as the whole seed's start
    assert split(root, "seeds/seed.txt") == 0
    assert not check_report(root).errors


# Text without line breaks, rich in what Markdown treats specially.
PIECES = [*"ab 1.)#*_`[]()<>&;!\\-+=~|:/\"'xy0\u00a0\t", "&amp;", "&#35;", "http://x", "    "]
SPECIAL = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPECIAL, min_size=1, max_size=3))
def test_escaped_paragraphs_render_as_the_seed_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert rendered(escape_paragraph(text)) == collapse(text)


@settings(max_examples=100, deadline=None)
@given(SPECIAL.filter(lambda text: text.strip()))
def test_escaped_headings_render_as_the_seed_text(text: str) -> None:
    assert rendered(escape_heading(text)) == collapse(text)


def test_files_outside_this_repository_still_point_at_the_editor_schemas(tmp_path: Path) -> None:
    root = project(tmp_path, HOSTILE)
    assert split(root, "seeds/seed.txt") == 0
    for path in [root / "content/article.yml", root / "content/sources.yml", *(root / "content/sections").glob("*.yml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.is_file() and schema.parent == REPO / "schemas", first


def test_section_ids_keep_letters_that_do_not_decompose() -> None:
    from gloss.split import slug

    assert slug("Die Straßenbahn fährt wieder") == "die-strassenbahn-fahrt-wieder"
    assert slug("Øresund og Łódź") == "oresund-og-lodz"


def test_a_seed_that_opens_with_its_headline_gives_the_title_and_sections_that_start_after_it(tmp_path: Path) -> None:
    root = project(tmp_path, "City budget adds a tram line\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt") == 0
    article = yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))
    assert article["title"] == "City budget adds a tram line"
    assert "the real headline" not in (root / "content/article.yml").read_text(encoding="utf-8")
    bodies = [yaml.safe_load(path.read_text(encoding="utf-8"))["body"] for path in (root / "content/sections").glob("*.yml")]
    assert not any("tram line" in body for body in bodies)
    assert_checks_clean(root)  # the seed's headline is the page's: the sections need not repeat it


@pytest.mark.parametrize("gap", ["\n", "\n\n"])  # the byline right under the headline, or a paragraph of its own
def test_a_byline_under_the_headline_names_the_author_and_starts_no_section(tmp_path: Path, gap: str) -> None:
    byline = "By Ms. Anna van Dijk, History Department"
    root = project(tmp_path, f"City budget adds a tram line{gap}{byline}\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt") == 0
    article = yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))
    assert (article["title"], article["author"]) == ("City budget adds a tram line", "Ms. Anna van Dijk, History Department")
    bodies = [section["body"] for section in sections(root)]
    assert bodies[0].startswith("The council voted") and not any("By Ms." in body for body in bodies)
    assert_checks_clean(root)  # the page shows the headline as its title and the byline as its author
    first = next((root / "content/sections").glob("010-*.yml"))
    first.write_text(first.read_text(encoding="utf-8").replace("  The council", f"  {byline}\n\n  The council"), encoding="utf-8")
    assert_checks_clean(root)  # and a section that keeps the byline as text is the seed too


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("מאת נועה ברק", "נועה ברק"),
        ("بقلم: ليلى حسن", "ليلى حسن"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Par Marie de La Tour", "Marie de La Tour"),
        ("本报记者\u3000林晓雯", "林晓雯"),  # "our reporter", then the name, in Chinese
        ("文/林晓雯", "林晓雯"),
        ("记者 林晓雯", "林晓雯"),
        ("홍길동 기자", "홍길동"),
    ],
)
def test_a_byline_in_the_articles_language_names_the_author_too(tmp_path: Path, byline: str, author: str) -> None:
    root = project(tmp_path, f"Tram line\n{byline}\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt") == 0
    assert yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))["author"] == author
    assert not any(byline in section["body"] for section in sections(root))
    assert_checks_clean(root)


@pytest.mark.parametrize(
    "line",
    [
        "By the way, the line is late.",
        "By 2027 the line will run",
        "By Friday's vote the plan was set",
        "Par ailleurs la ville a voté",
        "Por la tarde el consejo votó",
        "מאת העירייה נמסר כי העבודות יימשכו עוד שנה",  # six words of a script without capitals: a sentence
        "Door Prizes Are Drawn Tonight",  # Dutch's "Door" opens English lines too
        "Di Maio Leaves The Party",  # and Italian's "Di", surnames
        "Von der Leyen",  # a name, not a byline by "der Leyen"
        "记者会现场",  # a press conference (记者会), not a reporter named 会现场
        "本报记者近日从市教育局",  # "our reporter learned recently from…": a wrapped paragraph's first line
        "本报记者 「林晓雯」",
    ],
)
def test_a_sentence_that_opens_with_by_is_no_byline(tmp_path: Path, line: str) -> None:
    root = project(tmp_path, f"City budget adds a tram line\n\n{line}\n\nThe council voted on Tuesday.\n")
    assert split(root, "seeds/seed.txt") == 0
    assert yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))["author"] == "Unknown"
    assert any(line in section["body"] for section in sections(root))


def test_a_closing_author_line_wins_over_a_byline_under_the_headline(tmp_path: Path) -> None:
    root = project(tmp_path, "Tram line\nBy Anna van Dijk\n\nThe council voted on Tuesday.\nAuthor: Anna van Dijk (History)\n")
    assert split(root, "seeds/seed.txt") == 0
    assert yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))["author"] == "Anna van Dijk (History)"


def test_a_headline_the_title_does_not_match_is_still_missing_from_the_sections(tmp_path: Path) -> None:
    root = project(tmp_path, "City budget adds a tram line\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt") == 0
    article = root / "content/article.yml"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: City budget adds a tram line", "title: Another"), encoding="utf-8"
    )
    [error] = check_report(root).errors
    assert (error.mark.path, error.mark.line) == (str(Path(os.path.relpath(article))), 3)  # the title, not a section
    assert "the seed's first line, “City budget adds a tram line”, so it is the headline: yet the title is “Another”" in error.message
    assert error.hint == "write title: City budget adds a tram line, or begin the first section with that line"


def test_a_headline_whose_words_also_open_the_text_is_told_apart(tmp_path: Path) -> None:
    root = project(tmp_path, "The plan\n\nThe plan was simple, said the mayor.\n\nIt worked.\n")
    assert split(root, "seeds/seed.txt") == 0
    assert yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))["title"] == "The plan"
    assert_checks_clean(root)


def test_list_items_and_quotations_stay_text_however_short() -> None:
    seed = (
        "Opening paragraph.\n- 12 million for schools\n- 8.5 million for roads\n«Non ci fermeremo»\n> A quoted line\n"
        "1. One\n2. Two\nIn brief\nMore text.\n1. Background\nLast paragraph."
    )
    # Each line kept, in order; a number heads a section where it stands alone, not in a list.
    assert paragraphs_and_headings(seed) == [(line, line in {"In brief", "1. Background"}) for line in seed.splitlines()]


@pytest.mark.parametrize(
    "headline",
    [
        "Xiaomi confirms its EVs are headed for Europe, with executives saying the cars could arrive within two years",
        "Can the tram line survive the next budget?",
        "Minister: ‘We will not back down’",
    ],
)
def test_a_long_or_questioning_headline_is_still_the_title(headline: str, tmp_path: Path) -> None:
    root = project(tmp_path, f"{headline}\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt") == 0
    assert yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))["title"] == headline
    assert not any(headline in section["body"] for section in sections(root))


def test_a_title_given_that_is_the_seeds_first_line_is_not_repeated_in_the_text(tmp_path: Path) -> None:
    headline = "A headline that ends as a sentence does."
    root = project(tmp_path, f"{headline}\n\nThe council voted on Tuesday.\n\nWork starts next year.\n")
    assert split(root, "seeds/seed.txt", "--title", headline) == 0
    assert not any("sentence does" in section["body"] for section in sections(root))
    assert_checks_clean(root)


def test_what_split_guessed_stays_a_warning_until_its_todo_is_done(tmp_path: Path) -> None:
    root = project(tmp_path, "Opening paragraph.\n\nSecond paragraph.\n")
    assert split(root, "seeds/seed.txt") == 0
    todos = [problem for problem in check_report(root).warnings if problem.message.startswith("a TODO is left here")]
    left = {(Path(problem.mark.path).name, problem.message.split("(")[0].split(": ", 1)[1].strip()) for problem in todos}
    assert left == {
        ("article.yml", "the real headline"),
        ("article.yml", "the author's name"),
        ("article.yml", "the publisher's name"),
        ("article.yml", "the original's publication date"),
        ("article.yml", "the article's language as a BCP 47 tag"),
        ("010-opening-paragraph.yml", "a short label for navigation"),
    }
    do_the_todos(root)
    assert not any(problem.message.startswith("a TODO") for problem in check_report(root).warnings)


@pytest.mark.parametrize(
    ("language", "paragraph"),
    [
        ("en", "The council said on Tuesday that the tram line will be extended to the station, and that work is to start next year."),
        (
            "de",
            "Die Stadt hat angekündigt, dass die Straßenbahn bis zum Bahnhof verlängert wird, und die Arbeiten sollen bald beginnen.",
        ),
        (
            "fr",
            "La ville a annoncé mardi que le tramway sera prolongé jusqu'à la gare, et les travaux dureront deux ans.",
        ),
        (
            "it",
            "Il comune ha annunciato che la linea del tram sarà prolungata fino alla stazione, e i lavori inizieranno presto.",
        ),
        (
            "es",
            "El ayuntamiento anunció el martes que la línea del tranvía se ampliará hasta la estación, y las obras comenzarán en un año.",
        ),
        (
            "pt",
            "A prefeitura anunciou que a linha do bonde será estendida até a estação, e as obras começarão em um ano.",
        ),
        (
            "nl",
            "De gemeente heeft dinsdag aangekondigd dat de tramlijn wordt verlengd tot het station, en het werk begint over een jaar.",
        ),
        ("ar", "أعلن المجلس البلدي يوم الثلاثاء أن خط الترام سيمتد إلى المحطة، وأن العمل سيبدأ في العام المقبل."),
        ("he", "מועצת העיר הודיעה ביום שלישי כי קו הרכבת הקלה יוארך עד התחנה, אבל העבודות יתחילו רק בשנה הבאה."),
        ("fa", "شورای شهر روز سه\u200cشنبه اعلام کرد که خط تراموا تا ایستگاه تمدید می\u200cشود و کار از سال آینده آغاز خواهد شد."),
        ("ur", "شہر کی کونسل نے منگل کو اعلان کیا کہ ٹرام لائن اسٹیشن تک بڑھائی جائے گی اور کام اگلے سال شروع ہوگا۔"),
        ("", "Tram. Station. 2027."),  # too few words to tell
        ("", "Rada miasta ogłosiła we wtorek, że linia tramwajowa zostanie przedłużona do dworca."),  # Polish: not listed
    ],
)
def test_split_guesses_the_language_from_the_words_and_asks_to_confirm_it(tmp_path: Path, language: str, paragraph: str) -> None:
    root = project(tmp_path, "\n\n".join([paragraph] * 4) + "\n")
    assert split(root, "seeds/seed.txt") == 0
    article = (root / "content/article.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(article)["language"] == (language or "en")  # English where none is told, as before
    how = "guessed from its words" if language else "its words tell none"
    assert f"language: {language or 'en'}  # TODO: the article's language as a BCP 47 tag ({how};" in article


@pytest.mark.parametrize(
    ("language", "paragraph"),
    [
        ("ru", "Городской совет во вторник объявил, что трамвайную линию продлят до вокзала."),
        ("uk", "Міська рада у вівторок оголосила, що трамвайну лінію подовжать до вокзалу."),
        ("el", "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η γραμμή του τραμ θα επεκταθεί."),
        ("zh", "市议会周二宣布，有轨电车线路将延长至火车站，工程将于明年开始。"),
        ("ja", "市議会は火曜日、路面電車の路線を駅まで延長すると発表した。"),
        ("ko", "시의회는 화요일 트램 노선을 역까지 연장한다고 발표했다."),
    ],
)
def test_split_guesses_a_language_from_its_letters_where_its_words_tell_none(tmp_path: Path, language: str, paragraph: str) -> None:
    root = project(tmp_path, "\n\n".join([paragraph] * 4) + "\n")
    assert split(root, "seeds/seed.txt") == 0
    article = (root / "content/article.yml").read_text(encoding="utf-8")
    assert f"language: {language}  # TODO: the article's language as a BCP 47 tag (guessed from its letters;" in article


@pytest.mark.parametrize("count", ["0", "-1", "two"])
def test_paragraphs_per_section_must_be_a_whole_number_from_one(count: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "One.\n\nTwo.\n")
    with pytest.raises(SystemExit) as exit:
        split(root, "seeds/seed.txt", "--paragraphs", count)
    assert exit.value.code == 2
    assert "is not a whole number from 1 up" in capsys.readouterr().err
    assert not (root / "content").exists()


def test_a_lead_sentence_that_ends_inside_its_quotation_is_no_headline() -> None:
    from gloss.split import _headline

    assert _headline("The minister said: “We will not raise taxes this year.”\n\nShe spoke.\n\nCritics.") is None
    assert _headline("(The vote was close.)\n\nShe spoke.\n\nCritics.") is None


@pytest.mark.parametrize("name", ["content/article.yml", "content/sources.yml", "content/sections/010-one.yml"])
def test_split_never_writes_through_a_link_to_nothing(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "One.\n\nTwo.\n")
    outside = tmp_path / "outside.yml"
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).symlink_to(outside)
    assert split(root, "seeds/seed.txt") == 1
    assert not outside.exists()
    said = "file already exists" if "sections" in name else "a link to nothing here stands where split would write"  # a section's name
    assert said in capsys.readouterr().err
    if "sections" in name:  # --force moves the link aside, as any section file it replaces
        assert split(root, "seeds/seed.txt", "--force") == 0
        assert not outside.exists()
        assert (root / "content/replaced-1" / name.removeprefix("content/")).is_symlink()
        return
    assert [path.name for path in (root / "content").rglob("*") if not path.is_symlink() and path.is_file()] == []


def test_split_where_a_file_stands_for_the_sections_folder_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, "One.\n\nTwo.\n")
    (root / "content").mkdir()
    (root / "content/sections").write_text("not a folder", encoding="utf-8")
    assert split(root, "seeds/seed.txt") == 1
    assert "cannot make the sections folder" in capsys.readouterr().err
    assert sorted(path.name for path in (root / "content").iterdir()) == ["sections"]


def test_a_failed_forced_split_writes_nothing_and_puts_the_article_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "One.\n\nTwo.\n")
    assert split(root, "seeds/seed.txt") == 0
    before = files_of(root / "content")
    original = Path.open

    def open_file(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "x" in mode and self.parent.name == "sections":
            raise OSError(28, "No space left on device")
        return original(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_file)
    assert split(root, "seeds/seed.txt", "--force") == 1
    assert files_of(root / "content") == before  # the article as it was, and no replaced-1/


def test_a_seed_opening_with_one_very_long_word_gets_a_file_name_a_disk_can_hold(tmp_path: Path) -> None:
    root = project(tmp_path, "x" * 100_000 + ".\n\nTwo.\n")
    assert split(root, "seeds/seed.txt") == 0
    names = [path.name for path in (root / "content/sections").iterdir()]
    assert names and all(len(name) <= 80 for name in names)


def test_a_split_that_fails_once_a_file_is_made_deletes_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills while a file is written: the file exists, empty, and must go with the rest."""
    import gloss.split

    root = project(tmp_path, "One.\n\nTwo.\n")
    original, made = gloss.split._point_at_schemas, []

    def point_at_schemas(text: str, folder: Path) -> str:
        made.append(folder)
        if len(made) == 2:
            raise OSError(28, "No space left on device")
        return original(text, folder)

    monkeypatch.setattr(gloss.split, "_point_at_schemas", point_at_schemas)
    assert split(root, "seeds/seed.txt") == 1
    assert [path for path in (root / "content").rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    "seed",
    [
        # wrapped, with blank lines between paragraphs; then a paragraph a line
        "市が決済を刷新\n\n市は6月1日から\nキャッシュレス決済を導入すると\n発表した。費用は約3億円。\n\n市長は「便利になる」と述べた。\n",
        "市が決済を刷新\n市は6月1日からキャッシュレス決済を導入すると発表した。費用は約3億円。\n市長は「便利になる」と述べた。\n",
    ],
)
def test_a_japanese_seed_wrapped_or_not_reads_without_spaces_where_its_lines_broke(tmp_path: Path, seed: str) -> None:
    """A line break between two Japanese characters is no space: not on the page, nor in a quote, nor in the label."""
    from conftest import build_site
    from htmltree import parse_file

    root = project(tmp_path, seed)
    assert split(root, "seeds/seed.txt") == 0
    section = next((root / "content/sections").glob("*.yml"))
    assert yaml.safe_load(section.read_text(encoding="utf-8"))["title"].startswith("市は6月1日からキャッシュレス決済")
    text = section.read_text(encoding="utf-8").replace(
        "claims: []", "claims:\n  - id: cashless\n    quote: 6月1日からキャッシュレス決済を導入\n    verdict: opinion"
    )
    section.write_text(text, encoding="utf-8")
    do_the_todos(root)
    assert check_report(root).errors == []
    page = parse_file(build_site(root, tmp_path / "_site") / "index.html")
    paragraph = page.find("div", class_="section-text").find("p").text(skip=lambda element: "claim-end" in element.classes)
    assert paragraph == "市は6月1日からキャッシュレス決済を導入すると発表した。費用は約3億円。"


def test_a_wrapped_seed_breaking_beside_a_rare_character_splits_and_checks_clean(tmp_path: Path) -> None:
    root = project(tmp_path, "店の名前\n\n昨日、吉野家ではなく𠮷\n野家に行った。とても混んでいた。\n\n明日も行く。\n")  # 𠮷: U+20BB7
    assert split(root, "seeds/seed.txt") == 0
    assert check_report(root).errors == []


@pytest.mark.parametrize(
    ("seed", "old", "new"),
    [
        ("小米确认\n\n小米汽车将在二〇二七年进入欧洲市场。\n", "小米汽车", "小米 汽车"),  # a space the seed does not have
        ("小米确认\n\n小米 汽车将在二〇二七年进入欧洲市场。\n", "小米 汽车", "小米汽车"),  # one it has, dropped
        ("小米确认\n\n小米汽车将在二〇二七年进入欧洲市场。\n", "市场。", "市场 。"),
        ("山田さんの話\n\n山田\u3000太郎は言った。\n", "山田\u3000太郎", "山田太郎"),  # an ideographic space, dropped
    ],
    ids=["added", "dropped", "before-a-stop", "ideographic-dropped"],
)
def test_a_space_between_two_chinese_characters_on_one_line_must_be_the_seeds(tmp_path: Path, seed: str, old: str, new: str) -> None:
    """Only a line break there is no space: the reader sees any other, and the seed decides."""
    root = project(tmp_path, seed)
    assert split(root, "seeds/seed.txt") == 0
    do_the_todos(root)
    assert check_report(root).errors == []
    section = next((root / "content/sections").glob("*.yml"))
    section.write_text(section.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    [error] = check_report(root).errors
    assert error.message.startswith("the text differs from the seed")


def test_a_chinese_seed_whose_paragraphs_open_with_ideographic_spaces_checks_clean(tmp_path: Path) -> None:
    root = project(tmp_path, "小米确认进军欧洲\n\u3000\u3000小米汽车将在二〇二七年进入欧洲市场。\n\u3000\u3000卢伟冰在财报电话会上表示。\n")
    assert split(root, "seeds/seed.txt") == 0
    do_the_todos(root)
    assert check_report(root).errors == []


@pytest.mark.parametrize(
    "seed", ["Ogham\n\n\u1681\u1682\u1680\n\u1683\u1684 said the stone.\n", "Ogham\n\n\u1680\u1681\u1682 said the stone.\n"]
)
def test_an_ogham_space_mark_at_a_lines_end_is_dropped_as_split_drops_it(tmp_path: Path, seed: str) -> None:
    """U+1680 is drawn, so it is no white space to the comparison; but split (and Markdown) drop it at a line's ends."""
    root = project(tmp_path, seed)
    assert split(root, "seeds/seed.txt") == 0
    do_the_todos(root)
    assert check_report(root).errors == []
