"""The algorithms at scale, for correctness (the benchmark prints their timings):
a 50,000-word section with 2,000 claims, overlapping and nested, anchored, segmented,
numbered and highlighted; a long seed compared; a timeline of many events sorted."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import edit
from htmltree import parse
from synthetic import generate, long_project  # bench/ is on pytest's pythonpath

from gloss.anchor import Segmentation, Span, closest, fold_space
from gloss.markup import make_parser
from gloss.pipeline import ENGINE, check
from gloss.problems import Report
from gloss.render import environment, render_body
from gloss.seed import _first_difference


@pytest.fixture(scope="module")
def long_article(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root, quotes = long_project(tmp_path_factory.mktemp("long"))
    report = Report()
    article = check(root, report)
    assert article is not None, report.as_text()[:3000]
    return article, quotes


def test_every_quote_of_a_long_section_is_anchored_where_it_stands(long_article) -> None:  # noqa: ANN001
    article, quotes = long_article
    section = article.sections[0]
    assert len(quotes) == 2_000 and len(section.text.text.split()) == 50_000
    for claim, quote in zip(sorted(section.claims, key=lambda claim: int(claim.id[1:])), quotes, strict=True):
        assert section.text.text[claim.start : claim.end] == quote


def test_claims_are_numbered_in_reading_order(long_article) -> None:  # noqa: ANN001
    article, _ = long_article
    claims = article.sections[0].claims
    assert [claim.number for claim in claims] == list(range(1, len(claims) + 1))
    assert [(claim.end, claim.start) for claim in claims] == sorted((claim.end, claim.start) for claim in claims)


def test_highlights_of_a_long_section_join_to_each_quote(long_article) -> None:  # noqa: ANN001
    article, quotes = long_article
    section = article.sections[0]
    html = render_body(section, make_parser(), environment(ENGINE / "templates"))
    page = parse(str(html))
    pieces: dict[str, list[str]] = {}
    for mark in page.find_all("mark"):
        for claim_id in mark.attrs["data-claims"].split():
            pieces.setdefault(claim_id, []).append(mark.text())
    assert len(pieces) == len(quotes)
    for claim in section.claims:
        assert "".join(pieces[claim.id]) == claim.quote
    assert len({element.attrs["id"] for element in page.iter() if element.attrs.get("id", "").startswith("claim-")}) == len(quotes)


def test_segmentation_of_many_overlapping_spans_matches_a_direct_count() -> None:
    rng = random.Random(5)
    spans = []
    for n in range(3_000):
        start = rng.randrange(0, 100_000)
        spans.append(Span(start, start + rng.randint(1, 400), f"c{n}"))
    segmentation = Segmentation(spans)
    for point in rng.sample(range(100_000), 300):
        [(_, _, covering)] = segmentation.pieces(point, point + 1)
        assert set(covering) == {span.claim_id for span in spans if span.start <= point < span.end}


def test_folding_a_book_length_text_maps_every_offset_back() -> None:
    text = ("A line of words,\nwrapped  here.\n\n" * 50_000) + "End"
    folded, index = fold_space(text)
    assert folded.endswith(" End") and "  " not in folded and "\n" not in folded
    for position in range(0, len(folded), 997):
        assert text[index[position]] == folded[position] or (folded[position] == " " and text[index[position]].isspace())
    assert index[len(folded)] == len(text)


def test_first_difference_in_a_long_text() -> None:
    seed = "word " * 2_000_000
    assert _first_difference(seed, seed) == len(seed)
    assert _first_difference(seed + "a", seed + "b") == len(seed)
    changed = seed[:7_654_321] + "X" + seed[7_654_322:]
    assert _first_difference(seed, changed) == 7_654_321


@pytest.mark.parametrize("sections", [2, 8, 61])
def test_a_synthetic_project_checks_without_a_problem(tmp_path: Path, sections: int) -> None:
    """Not even a warning: the benchmark times clean content (a claim once listed a source twice)."""
    report = Report()
    assert check(generate(tmp_path / "project", sections), report) is not None
    assert report.problems == []


def test_timeline_of_many_events_is_in_date_order(tmp_path: Path) -> None:
    root = generate(tmp_path / "project", 120)
    report = Report()
    article = check(root, report)
    assert article is not None, report.as_text()[:3000]
    keys = [event.date.sort_key for event in article.timeline]
    assert len(keys) == 120 and keys == sorted(keys)


def test_a_mistyped_quote_in_a_long_section_gets_the_right_closest_passage(long_article) -> None:  # noqa: ANN001
    article, quotes = long_article
    section = article.sections[0]
    for quote in quotes[::400]:
        words = quote.split(" ")
        words[len(words) // 2] = "Q" * len(words[len(words) // 2])  # same length: the window is the quote's width
        passage, difference = closest(section.text, " ".join(words))
        assert passage == quote
        assert "QQ" in difference


def test_a_quote_found_everywhere_is_counted_only_as_far_as_a_message_needs(mini_copy: Path) -> None:
    # 200,000 overlapping matches per claim: listing them all took minutes for a few hundred claims.
    section = "content/sections/020-next.yml"
    edit(mini_copy, section, "Acme plans to open a factory in 2027, its “biggest bet” yet.", "aa " * 100_000)
    edit(mini_copy, section, "quote: plans to open a factory in 2027", "quote: aa aa aa")
    edit(mini_copy, section, "quote: its “biggest bet” yet", "quote: aa aa aa\n    occurrence: 60000")
    report = Report()
    check(mini_copy, report)
    messages = {problem.message: problem.hint for problem in report.errors if "quote of claim" in problem.message}
    (message,) = messages
    assert message.startswith("quote of claim 'factory-2027' appears more than 100 times in the section (1 at line 6:")
    assert messages[message] == "add occurrence: N to pick one, or quote more words"
    assert not [problem for problem in report.errors if "biggest-bet" in problem.message]  # its 60,000th is found
