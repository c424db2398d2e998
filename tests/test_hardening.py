"""Mistakes and hostile values that once got through: each is now a message, never damage."""

from __future__ import annotations

import enum
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import edit
from htmltree import Element, parse_file
from markupsafe import Markup, escape

from gloss.cli import main

Capsys = pytest.CaptureFixture[str]
ARTICLE = "content/article.yml"
RESULTS = "content/sections/010-results.yml"


def run(root: Path, capsys: Capsys, *args: str) -> tuple[int, str]:
    code = main([*args, "--root", str(root)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def problem_at(err: str, name: str, line: int) -> str:
    """The message reported at `name:line`, or fail."""
    for row in err.splitlines():
        match = re.match(r"(.+?):(\d+):(\d+): (error|warning): (.*)", row)
        if match and match[1].endswith(name) and int(match[2]) == line:
            return f"{match[4]}: {match[5]}"
    raise AssertionError(f"nothing at {name}:{line} in:\n{err}")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com//evil.example/",
        "https://example.com/site?x=1",
        "https://example.com/site#top",
        "https://example.com/\\evil.example/",  # a browser reads '\\' as '/': 404.html's links would go to evil.example
        'https://example.com/"onmouseover="alert(1)"x/',  # written into the open data's HTML
        "https://example.com/<b>/",
        "https://trusted.example@evil.example/",
    ],
)
def test_a_base_url_that_is_not_a_site_address_is_refused(mini_copy: Path, capsys: Capsys, url: str) -> None:
    edit(mini_copy, ARTICLE, "language: en\n", f"language: en\nbase_url: '{url}'\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "error: 'base_url' must be the site's http(s) address" in problem_at(err, ARTICLE, 9)


@pytest.mark.parametrize("character", ["\nDisallow: /", "\x80", "\ufffe", "\U0010ffff"])  # a line break, C1, noncharacters
def test_a_base_url_option_with_a_character_that_does_not_print_is_a_usage_error(mini_copy: Path, capsys: Capsys, character: str) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["build", "--root", str(mini_copy), "--base-url", f"https://example.com/p{character}/"])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and "is not a site URL" in err and character not in err  # named, never printed raw


def test_year_zero_is_not_a_date(mini_copy: Path, capsys: Capsys) -> None:
    edit(mini_copy, RESULTS, "  - date: 2025\n", "  - date: '0000'\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "there is no year 0" in err


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_folder_or_a_pipe_where_a_file_should_be_is_a_message(mini_copy: Path, capsys: Capsys, kind: str) -> None:
    """A pipe would keep the reading waiting for a writer that never comes."""
    (mini_copy / "content/sources.yml").unlink()
    (mini_copy / "content/sources.yml").mkdir() if kind == "folder" else os.mkfifo(mini_copy / "content/sources.yml")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "sources.yml:1:1: error: not a file but a folder, pipe or device" in err


@pytest.mark.parametrize("digits", [25, 5000])  # Python refuses to read an int of more than 4,300 digits
def test_an_occurrence_of_thousands_of_digits_is_a_message(mini_copy: Path, capsys: Capsys, digits: int) -> None:
    edit(mini_copy, RESULTS, "    occurrence: 2\n", f"    occurrence: {'9' * digits}\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "'occurrence' must be a whole number from 1" in problem_at(err, RESULTS, 14)


def test_a_file_name_reaches_the_terminal_as_one_line_of_plain_text(mini_copy: Path, capsys: Capsys) -> None:
    hostile = "020-\x1b[2J\x1b[31mRED\nline.yml"
    (mini_copy / "content/sections/020-next.yml").rename(mini_copy / "content/sections" / hostile)
    edit(mini_copy, f"content/sections/{hostile}", "title: What comes next", "title: [What comes next")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "\x1b" not in err and "\\x1b[2J" in err
    assert all(re.match(r".+:\d+:\d+: (error|warning): ", line) for line in err.splitlines()[:-1])


@pytest.mark.parametrize("ident", ["main", "facts-title", "claim-sales-2024", "source-acme-results"])
def test_a_section_id_the_page_already_uses_is_refused(mini_copy: Path, capsys: Capsys, ident: str) -> None:
    edit(mini_copy, RESULTS, "id: results\n", f"id: {ident}\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "is taken by the page itself" in problem_at(err, RESULTS, 1)


def test_a_code_block_in_a_body_is_refused_at_its_line(mini_copy: Path, capsys: Capsys) -> None:
    edit(mini_copy, RESULTS, "body: |\n", "body: |\n  ```\n  NOT IN THE SEED\n  ```\n\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "fenced code block" in problem_at(err, RESULTS, 4)


def test_a_seed_outside_the_project_is_refused_without_quoting_it(mini_copy: Path, capsys: Capsys) -> None:
    secret = mini_copy.parent / "secret.txt"
    secret.write_text("private words nobody should see\n", encoding="utf-8")
    edit(mini_copy, ARTICLE, "seed: seeds/mini.txt", "seed: ../secret.txt")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "outside the project folder" in err and "private words" not in err


def test_a_content_file_linked_from_outside_the_project_is_refused_without_quoting_it(mini_copy: Path, capsys: Capsys) -> None:
    secret = mini_copy.parent / "secret.yml"
    secret.write_text("id: SECRET-TOKEN\napi_key_ghp_123: 1\n", encoding="utf-8")
    (mini_copy / "content/sections/030-leak.yml").symlink_to(secret)
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "030-leak.yml:1:1: error: the file is a link to one outside the project folder" in err
    assert "SECRET" not in err and "ghp" not in err


def test_a_source_listed_twice_in_one_claim_is_flagged(mini_copy: Path, capsys: Capsys) -> None:
    edit(mini_copy, RESULTS, "sources: [acme-results, wire-report]", "sources: [acme-results, wire-report, acme-results]")
    code, err = run(mini_copy, capsys, "check", "--strict")
    assert code == 1 and "listed twice" in err


@pytest.mark.parametrize("out", [".", "content", "content/site", ".."])
def test_the_build_never_writes_over_the_content(mini_copy: Path, capsys: Capsys, out: str) -> None:
    before = sorted(path.relative_to(mini_copy) for path in mini_copy.rglob("*"))
    code = main(["build", "--root", str(mini_copy), "--out", str(mini_copy / out)])
    assert code == 2 and "--out" in capsys.readouterr().err
    assert sorted(path.relative_to(mini_copy) for path in mini_copy.rglob("*")) == before


def test_the_build_never_replaces_a_file_given_as_out(mini_copy: Path, capsys: Capsys, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n", encoding="utf-8")
    code = main(["build", "--root", str(mini_copy), "--out", str(notes)])
    assert code == 2 and "is a file" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "keep me\n" and sorted(tmp_path.iterdir()) == [mini_copy, notes]


def test_hidden_files_beside_the_sections_are_not_sections(mini_copy: Path, capsys: Capsys) -> None:
    without = run(mini_copy, capsys, "check")
    for name in (".020-next.yml.swp.yml", "._020-next.yml"):  # an editor's and macOS's leftovers
        (mini_copy / "content/sections" / name).write_text("garbage: [\n", encoding="utf-8")
    assert run(mini_copy, capsys, "check") == without and without[0] == 0


def test_a_bad_escape_in_the_address_does_not_stop_the_script(mini_site: Path) -> None:
    from chromium import launch
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((mini_site / "index.html").as_uri() + "#%ZZ")
        page.wait_for_load_state("load")
        installed = page.locator("#gloss-pop").count()
        browser.close()
    assert errors == [] and installed == 1


def test_a_claim_ending_inside_inline_code_gets_its_badge_after_the_code(mini_copy: Path, capsys: Capsys, tmp_path: Path) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "Acme plans to open a factory in 2027,", "Acme plans to open a factory `in 2027`,")
    assert run(mini_copy, capsys, "build", "--out", str(tmp_path / "site"))[0] == 0
    page = parse_file(tmp_path / "site/index.html")
    (code,) = page.find_all("code")
    assert code.text() == "in 2027"  # where the claim "plans to open a factory in 2027" ends
    assert not code.find_all(class_="claim-end")  # the badge is a link to the evidence, not code
    marker = next(element for element in code.parent.children if isinstance(element, Element) and "claim-end" in element.classes)
    assert code.parent.children.index(marker) > code.parent.children.index(code)


def test_a_url_with_any_white_space_control_character_or_noncharacter_is_refused() -> None:
    from gloss.contract import is_web_url

    refused = [char for char in map(chr, range(0x110000)) if char.isspace() or ord(char) < 32 or 127 <= ord(char) <= 159]
    refused += ["\ufdd0", "\ufffe", "\U0001ffff"]  # noncharacters, which no page may hold
    assert all(not is_web_url(f"https://example.com/a{char}b") for char in refused)
    assert all(is_web_url(f"https://example.com/a{char}b") for char in "é€\u200b\u00ad~")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://trusted.example\\@evil.example/", "a backslash, which a browser reads as '/'"),
        ("https://trusted.example@evil.example/", "names a user before the host"),
        ("https://example.com/a report.pdf", "write a space as %20"),
        ("ftp://example.com/", "only http:// and https://"),
        ("https://www.аpple.com/newsroom/", "mixes Latin and Cyrillic letters in 'аpple'"),  # its а is Cyrillic
        ("https://%00/", "its host holds a '%'"),
        ("https://ex%61mple.com/", "its host holds a '%'"),
    ],
)
def test_a_source_url_that_leads_elsewhere_than_it_shows_is_refused_and_told_why(
    mini_copy: Path, capsys: Capsys, url: str, why: str
) -> None:
    edit(mini_copy, "content/sources.yml", "  url: https://example.org/wire\n", f"  url: '{url}'\n")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and why in problem_at(err, "sources.yml", 11)


def test_a_host_mixing_latin_and_look_alike_letters_is_refused() -> None:
    from gloss.contract import url_fault

    # а, е, о Cyrillic; ο Greek; ս Armenian; ⲟ Coptic; then fullwidth and mathematical g, as a browser reads them, with Cyrillic о
    for host in (
        "аpple.com",
        "www.pаypal.com",
        "examplе.org",
        "gοogle.com",
        "news.bbc.co.սk",
        "gⲟⲟgle.com",
        "ｇооｇｌｅ.com",
        "𝐠оо𝐠𝐥𝐞.com",
    ):
        assert "as addresses imitating another site's do" in str(url_fault(f"https://{host}/report")), host
    for host in ("apple.com\u2044login.evil.com", "apple.com\u2215login.evil.com", "apple.com\u29f8x.evil.com"):  # slashes drawn like '/'
        assert "which may pass for '/' or '.' or show nothing" in str(url_fault(f"https://{host}/x")), host
    for host in (
        "app\u200dle.com",
        "pay\u200cpal.com",
        "a\u0338.com",
        "example.co\u20e5m",
        "яндекс\u200d.ru",
        "α\u200dβ.gr",
        "a\u20e6.com",
    ):  # a joiner where no script needs one; a slash or a stroke drawn across a letter
        assert "which may pass for '/' or '.' or show nothing" in str(url_fault(f"https://{host}/x")), host
    assert "mixes Latin and Cyrillic letters in 'аpple'" in str(url_fault("https://xn--pple-43d.com/"))  # аpple, in punycode
    for host in ("münchen.de", "президент.рф", "ελλάδα.gr", "例え.jp", "ソニーstore.jp", "xn--mnchen-3ya.de", "example.com", "пример。рф"):
        assert url_fault(f"https://{host}/report") is None, host
    for host in ("हिन्दी.भारत", "مثال.إختبار", "דוגמה.טעסט", "한국.kr", "srbija.срб", "ДОМЕН.РФ"):  # marks, right-to-left, capitals
        assert url_fault(f"https://{host}/report") is None, host
    # a joiner in Persian and Hindi, the Catalan middle dot, the Japanese middle dot; an emoji name in punycode
    for host in ("می\u200cخواهم.ir", "क्\u200dष.in", "www.col·legi.cat", "ドメイン・テスト.jp", "xn--i-7iq.ws"):
        assert url_fault(f"https://{host}/") is None, host


def test_a_url_with_a_port_past_65535_is_refused() -> None:
    from gloss.contract import is_site_url, is_web_url

    assert not is_web_url("https://example.org:99999/") and not is_site_url("https://example.org:99999/")
    assert is_web_url("https://example.org:8080/") and is_site_url("https://example.org:8080/")


def test_a_tag_behind_a_byte_order_mark_is_still_refused(mini_copy: Path, capsys: Capsys) -> None:
    """libyaml skips U+FEFF at the start of any line, so `\ufeff=` is the refused !!value tag."""
    edit(mini_copy, "content/sections/020-next.yml", "title: What comes next", "title:\n\ufeff=")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "YAML tag '!!value' is not allowed" in problem_at(err, "020-next.yml", 3)


def test_a_section_that_fails_to_render_is_named_not_hidden(mini_copy: Path, capsys: Capsys, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Jinja takes a LookupError from `sections[id]` for a missing item: the real error must still come out."""
    from gloss import render

    def broken(self, section):  # noqa: ANN001, ANN202
        raise KeyError("a bug inside rendering")

    monkeypatch.setattr(render._SectionJob, "__call__", broken)
    code, err = run(mini_copy, capsys, "build", "--out", str(tmp_path / "site"))
    assert code == 1 and "rendering section 'results'" in err and "a bug inside rendering" in err
    assert not (tmp_path / "site").exists()


def test_a_template_missing_a_macro_the_engine_calls_is_named_at_its_file(mini_copy: Path, tmp_path: Path) -> None:
    import shutil

    from gloss.incremental import Builder
    from gloss.pipeline import ENGINE

    engine = tmp_path / "engine"
    for part in ("templates", "static"):
        shutil.copytree(ENGINE / part, engine / part)
    marker = engine / "templates/_claim_marker.html"
    marker.write_text(marker.read_text(encoding="utf-8").replace("macro claim_marker(", "macro claim_markr("), encoding="utf-8")
    outcome = Builder(mini_copy, tmp_path / "site", None, engine).build()
    (problem,) = outcome.report.errors
    assert problem.mark.path.endswith("_claim_marker.html") and problem.mark.line == 1
    assert "defines no macro 'claim_marker'" in problem.message


def test_the_build_never_replaces_a_folder_holding_what_it_does_not_write(mini_copy: Path, capsys: Capsys, tmp_path: Path) -> None:
    """A folder with an index.html is not yet a site: the build would delete its .git and its posts."""
    out = tmp_path / "www"
    for name in ("index.html", ".git/HEAD", "posts/one.html"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("keep me\n", encoding="utf-8")
    code = main(["build", "--root", str(mini_copy), "--out", str(out)])
    assert code == 2 and "it holds .git, posts, which no build writes" in capsys.readouterr().err
    assert (out / ".git/HEAD").is_file() and (out / "posts/one.html").is_file()
    assert main(["build", "--root", str(mini_copy), "--out", str(tmp_path / "site")]) == 0
    assert main(["build", "--root", str(mini_copy), "--out", str(tmp_path / "site")]) == 0  # a site it built, it replaces


def test_a_site_folder_that_is_a_link_is_never_followed(mini_copy: Path, capsys: Capsys, tmp_path: Path) -> None:
    """A hostile repository can commit `_site` as a link (.gitignore's `_site/` ignores folders only)."""
    served = tmp_path / "var-www"
    served.mkdir()
    (served / "index.html").write_text("keep me\n", encoding="utf-8")
    (mini_copy / "_site").symlink_to(served)
    assert main(["build", "--root", str(mini_copy)]) == 2
    assert "it is a link" in capsys.readouterr().err and (served / "index.html").read_text(encoding="utf-8") == "keep me\n"


def test_an_out_folder_that_cannot_be_resolved_is_a_message(mini_copy: Path, capsys: Capsys, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert main(["build", "--root", str(mini_copy), "--out", str(loop / "site")]) == 2
    assert "cannot use it" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["content", "content/sections"])
def test_a_content_folder_linked_from_outside_the_project_is_never_read(
    mini_copy: Path, capsys: Capsys, tmp_path: Path, folder: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(mini_copy / folder, elsewhere)
    (elsewhere / ("sections" if folder == "content" else ".") / "030-secret.yml").write_text("id: SECRET-TOKEN\n", encoding="utf-8")
    shutil.rmtree(mini_copy / folder)
    (mini_copy / folder).symlink_to(elsewhere)
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "the folder is a link to one outside the project folder" in err and "SECRET" not in err


def test_split_never_writes_or_deletes_through_a_sections_folder_linked_from_outside(tmp_path: Path, capsys: Capsys) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.yml").write_text("k: v\n", encoding="utf-8")
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds/s.txt").write_text("One paragraph.\n", encoding="utf-8")
    (root / "content").mkdir()
    (root / "content/sections").symlink_to(victim)
    assert main(["split", "--root", str(root), "seeds/s.txt", "--force"]) == 1
    assert "the folder is a link to one outside the project folder" in capsys.readouterr().err
    assert sorted(path.name for path in victim.iterdir()) == ["precious.yml"]


def test_a_content_folder_that_cannot_be_read_is_a_message(mini_copy: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, a folder's mode does not stop us: the refusal is simulated where the folder is listed."""

    def scandir(path: object) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "content:1:1: error: cannot read the folder: Permission denied" in err


def test_a_seed_that_is_a_loop_of_links_is_a_message(mini_copy: Path, capsys: Capsys) -> None:
    seed = mini_copy / "seeds/mini.txt"
    seed.unlink()
    seed.symlink_to(seed)
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "cannot read seed 'seeds/mini.txt'" in problem_at(err, ARTICLE, 9)


def test_a_date_of_a_thousand_digits_is_quoted_clipped(mini_copy: Path, capsys: Capsys) -> None:
    edit(mini_copy, ARTICLE, "published: 2025-05-06", f"published: '{'2' * 1000}'")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and re.search(r"'published' must be a date, found '2{20,99}…'", problem_at(err, ARTICLE, 5))


def test_a_root_that_is_no_folder_is_a_usage_error(tmp_path: Path, capsys: Capsys) -> None:
    assert main(["check", "--root", str(tmp_path / "nowhere")]) == 2
    assert "--root" in (err := capsys.readouterr().err) and "no such folder" in err


def test_what_a_killed_build_left_is_cleared_and_its_retired_site_put_back(mini_copy: Path, tmp_path: Path) -> None:
    """A kill between write_site's two renames leaves no _site, only the retired one: the next build puts it
    back before anything else, so that even a failing build leaves the last good site in place."""
    dead = 2**22 + 1  # past Linux's largest pid: no process has it
    retired, staging = mini_copy / f"._site.old-{dead}", mini_copy / f"._site.new-{dead}"
    (retired / "index.html").parent.mkdir()
    (retired / "index.html").write_text("the last good site\n", encoding="utf-8")
    (staging / "static").mkdir(parents=True)
    edit(mini_copy, RESULTS, "verdict: accurate", "verdict: acurate")  # this build fails
    assert main(["build", "--root", str(mini_copy)]) == 1
    assert (mini_copy / "_site/index.html").read_text(encoding="utf-8") == "the last good site\n"
    assert not retired.exists() and not staging.exists()


def test_a_leftover_that_is_a_link_is_never_put_back_as_the_site(mini_copy: Path, tmp_path: Path) -> None:
    """A hostile repository could commit `._site.old-<dead pid>` as a link to /var/www: the refusal of a
    `_site` link would be for nothing if the build then put that link back in its place."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me\n", encoding="utf-8")
    (mini_copy / f"._site.old-{2**22 + 1}").symlink_to(victim)
    assert main(["build", "--root", str(mini_copy)]) == 0
    assert not (mini_copy / "_site").is_symlink() and sorted(path.name for path in victim.iterdir()) == ["precious.txt"]


def test_what_this_very_process_left_before_counts_as_left(mini_copy: Path) -> None:
    """In a container a build may have the same pid on every run: its own pid is no other live build's."""
    assert main(["build", "--root", str(mini_copy)]) == 0
    leftover = mini_copy / f"._site.old-{os.getpid()}"  # the name this build retires the site under
    (leftover / "static").mkdir(parents=True)
    assert main(["build", "--root", str(mini_copy)]) == 0
    assert not leftover.exists() and (mini_copy / "_site/index.html").is_file()


def test_a_site_folder_with_what_a_file_manager_or_serve_leaves_is_still_a_site(mini_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--root", str(mini_copy), "--out", str(site)]) == 0
    for litter in (".DS_Store", "Thumbs.db", ".index.html.new-99999"):
        (site / litter).write_text("x", encoding="utf-8")
    assert main(["build", "--root", str(mini_copy), "--out", str(site)]) == 0


def test_a_section_file_named_in_capitals_is_named_not_skipped(mini_copy: Path, capsys: Capsys) -> None:
    (mini_copy / "content/sections/020-next.yml").rename(mini_copy / "content/sections/020-next.YML")
    code, err = run(mini_copy, capsys, "check")
    assert code == 1 and "not read: a section file's name ends in .yml or .yaml, in lower case" in problem_at(err, "020-next.YML", 1)
    assert "differs from the seed" not in err  # what follows from the file not read is not said again


class _Html:
    def __html__(self) -> str:
        return "<i>declared safe</i>"


class _Number(enum.IntEnum):  # an int subclass whose text is not its digits
    ONE = 1

    def __str__(self) -> str:
        return "<b>one</b>"


class _Shown(Markup):  # a Markup subclass that says what its HTML is
    def __html__(self) -> str:
        return "<i>its own</i>"


@pytest.mark.parametrize(
    "value",
    [
        '<script>alert("x")</script>',
        "it's & <b>",
        "",
        7,
        -12,
        0,
        True,
        2.5,
        None,
        Markup("<em>safe</em>"),
        _Html(),
        ["<li>"],
        _Number.ONE,
        _Shown("<b>text</b>"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("day_first", [False, True])
def test_the_pages_escape_every_value_as_markupsafe_does(value: object, day_first: bool) -> None:
    from gloss.render import escaper

    escaped = escaper(day_first)(value)
    assert type(escaped) is Markup
    assert escaped == escape(value)


def test_the_pages_spell_a_date_as_the_articles_readers_write_one() -> None:
    from gloss.dates import Date
    from gloss.render import escaper

    date = Date.parse("2025-05-20")
    assert escaper(False)(date) == escape(date) == "May 20, 2025"
    assert escaper(True)(date) == "20 May 2025"
    assert [escaper(True)(Date.parse(text)) for text in ("2025", "2025-Q2", "2025-05")] == ["2025", "Q2 2025", "May 2025"]


def test_every_output_of_a_template_goes_through_that_escape(tmp_path: Path) -> None:
    from gloss.render import environment

    (tmp_path / "t.html").write_text("{{ text }}|{{ number }}|{{ html }}|{{ number + 1 }}")
    template = environment(tmp_path).get_template("t.html")
    html = template.render(text="<b>&", number=41, html=Markup("<br>"))
    assert html == "&lt;b&gt;&amp;|41|<br>|42"
    assert template.root_render_func.__globals__["escape"].__name__ == "escape_output"
