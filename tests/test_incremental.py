"""`serve`'s rebuilds keep each section's HTML while nothing it shows changes: a rebuild after
an edit renders only what the edit touched, and always writes what a full build would."""

from __future__ import annotations

import asyncio
import gc
import re
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_site, files_of
from synthetic import generate  # bench/ is on pytest's pythonpath

from gloss import render, serve
from gloss.incremental import Builder


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Builder, list[str]]:
    root = generate(tmp_path / "book", 12)
    builder = Builder(root, tmp_path / "served", None)
    assert builder.build().ok
    rendered: list[str] = []
    real = render._SectionJob.__call__
    monkeypatch.setattr(render._SectionJob, "__call__", lambda job, section: rendered.append(section.id) or real(job, section))
    return root, builder, rendered


def section_file(root: Path, number: int) -> Path:
    return sorted((root / "content/sections").glob("*.yml"))[number]


def test_a_new_title_renders_that_section_alone(book: tuple[Path, Builder, list[str]], tmp_path: Path) -> None:
    root, builder, rendered = book
    path = section_file(root, 5)
    path.write_text(path.read_text(encoding="utf-8").replace('title: "Part 5 of the report"', 'title: "Part five"'), encoding="utf-8")
    assert builder.build({path}).ok
    assert rendered == ["part-5"]
    assert files_of(tmp_path / "served") == files_of(build_site(root, tmp_path / "full"))


def test_a_claim_removed_early_renumbers_and_re_renders_what_follows(book: tuple[Path, Builder, list[str]], tmp_path: Path) -> None:
    root, builder, rendered = book
    path = section_file(root, 9)
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: c9-overlap")
    path.write_text(text[:start] + text[text.index("  - id: c9-later", start) :], encoding="utf-8")
    assert builder.build({path}).ok
    assert rendered == ["part-9", "part-10", "part-11"]  # the earlier sections keep their numbers
    assert files_of(tmp_path / "served") == files_of(build_site(root, tmp_path / "full"))


def test_a_template_change_renders_every_section_again(book: tuple[Path, Builder, list[str]]) -> None:
    _, builder, rendered = book
    builder.templates_changed()
    assert builder.build().ok
    assert len(rendered) == 12


def test_serve_shows_an_edit_before_it_remakes_the_open_data(book: tuple[Path, Builder, list[str]], tmp_path: Path) -> None:
    root, builder, _ = book
    served = tmp_path / "served"
    before = files_of(served)
    path = section_file(root, 3)
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: accurate", "verdict: inaccurate", 1), encoding="utf-8")

    outcome = builder.build({path}, open_data_later=True)
    assert outcome.ok and "index.html" in outcome.changed
    assert files_of(served)["annotations.jsonld"] == before["annotations.jsonld"]  # the reader's page first

    assert {"annotations.jsonld", "claimreview.jsonld"} <= set(builder.finish())
    assert files_of(served) == files_of(build_site(root, tmp_path / "full"))
    assert builder.finish() == ()  # owed once


def test_the_open_data_owed_is_written_before_the_next_rebuild_even_a_failed_one(
    book: tuple[Path, Builder, list[str]], tmp_path: Path
) -> None:
    root, builder, _ = book
    path = section_file(root, 3)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("verdict: accurate", "verdict: inaccurate", 1), encoding="utf-8")
    assert builder.build({path}, open_data_later=True).ok
    whole = files_of(build_site(root, tmp_path / "full"))
    path.write_text(text.replace("verdict: accurate", "verdict: accurite", 1), encoding="utf-8")
    assert not builder.build({path}, open_data_later=True).ok
    assert files_of(tmp_path / "served") == whole  # the last good site, open data included
    assert builder.finish() == ()


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """`settle` sets this whole process's objects aside from the collector: none before the test (a fork
    in an earlier test sets them aside too), and all given back after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def collector_watches(kept: object) -> bool:
    return any(watched is kept for watched in gc.get_objects())


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settle_sets_what_a_rebuild_keeps_aside_from_the_collector(book: tuple[Path, Builder, list[str]], unfrozen: None) -> None:
    _, builder, _ = book
    kept = builder.sections  # kept from one rebuild to the next (`written`, bytes by name, is never tracked at all)
    assert collector_watches(kept)
    builder.settle()
    assert gc.get_freeze_count() > 0
    assert not collector_watches(kept)  # no automatic collection walks it


def test_settle_frees_a_cycle_even_one_it_set_aside_before(unfrozen: None) -> None:
    builder = Builder.__new__(Builder)  # settle needs no project
    cycle = Cycle()
    gone = weakref.ref(cycle)
    builder.settle()  # the cycle is alive here, and set aside with the rest
    del cycle
    assert gone() is not None  # garbage now, but only a collection that looks at it can free it
    builder.settle()
    assert gone() is None


def test_saves_in_quick_succession_owe_one_idle_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generate(tmp_path / "book", 4)
    session = serve.Session(root, tmp_path / "served", None)
    assert session.build().ok
    settled: list[float] = []
    monkeypatch.setattr(session.builder, "settle", lambda: settled.append(asyncio.get_running_loop().time()))
    monkeypatch.setattr(serve.LiveReloadHandler, "reload_waiters", lambda: None)  # no tabs to tell
    path = section_file(root, 2)

    async def three_saves_then_quiet() -> None:
        for word in ("One", "Two", "Three"):  # each rebuild schedules the idle moment again
            path.write_text(path.read_text(encoding="utf-8").replace('note: "', f'note: "{word} ', 1), encoding="utf-8")
            session.changed({path})
        saved = asyncio.get_running_loop().time()
        await asyncio.sleep(3 * serve.OPEN_DATA_DELAY_SECONDS)
        assert settled and all(moment >= saved for moment in settled)

    asyncio.run(three_saves_then_quiet())
    assert len(settled) == 1
    assert files_of(tmp_path / "served") == files_of(build_site(root, tmp_path / "full"))  # the open data made too


def test_a_new_language_rebuilds_with_its_marks_as_a_fresh_build_would(mini_copy: Path, tmp_path: Path) -> None:
    """The `lang` marks are template globals, and a template imported for its macros keeps those it was loaded with."""
    builder = Builder(mini_copy, tmp_path / "served", None)
    assert builder.build().ok
    for language in ("de", "en"):
        article = mini_copy / "content/article.yml"
        article.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", article.read_text(encoding="utf-8")), encoding="utf-8")
        assert builder.build({article}).ok
        assert files_of(tmp_path / "served") == files_of(build_site(mini_copy, tmp_path / f"full-{language}")), language
