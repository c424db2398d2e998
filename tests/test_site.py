"""The site contract of the foundation issue, asserted on the built fixture site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import MINI, REPO, build_site, check_report, do_the_todos, edit, project_with_seed
from htmltree import Element, claim_markers, parse_file


def claims_in(root: Path) -> list[dict]:
    return [claim for path in sorted((root / "content/sections").glob("*.yml")) for claim in yaml.safe_load(path.read_text())["claims"]]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_ui(element: Element) -> bool:
    """Markers the site adds after a quote: not part of the article's text."""
    return "claim-end" in element.classes


def marker_of(page: Element, claim_id: str) -> Element:
    """The marker after a claim's quote: its badge leads to the claim's details."""
    return claim_markers(page)[claim_id]


def citations(marker: Element) -> list[Element]:
    sup = marker.find("sup")
    return sup.find_all("a") if sup else []


def segments(page: Element, claim_id: str) -> list[Element]:
    return page.find_all(predicate=lambda element: claim_id in element.attrs.get("data-claims", "").split())


@pytest.fixture(scope="module")
def index(mini_site: Path) -> Element:
    return parse_file(mini_site / "index.html")


def test_article_text_is_the_seed_verbatim(index: Element) -> None:
    seed = (MINI / "seeds/mini.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in seed if not re.match(r"(Author|Source|Reviewed By):", line)]
    sections = index.find_all("section", predicate=lambda element: "article-section" in element.classes)
    texts = [section.find(class_="section-text").text(skip=is_ui) for section in sections]
    assert collapse(" ".join(texts)) == collapse(" ".join(body))


def test_each_section_is_an_element_with_its_id(index: Element) -> None:
    assert [section.attrs["id"] for section in index.find_all("section", class_="article-section")] == ["results", "next"]


def test_the_segments_of_each_claim_join_to_its_quote(index: Element) -> None:
    for claim in claims_in(MINI):
        parts = segments(index, claim["id"])
        assert parts, claim["id"]
        assert collapse("".join(part.text() for part in parts)) == collapse(str(claim["quote"]))


def test_each_claim_has_exactly_one_permalink_at_the_start_of_its_quote(index: Element) -> None:
    for claim in claims_in(MINI):
        anchors = index.find_all(id=f"claim-{claim['id']}")
        assert len(anchors) == 1, claim["id"]
        first = segments(index, claim["id"])[0]
        anchor = anchors[0]
        assert anchor is first or (anchor.tag == "span" and not anchor.children), claim["id"]


def test_overlapping_and_nested_claims_list_every_covering_claim(index: Element) -> None:
    (figure,) = [part for part in segments(index, "sold-1000")]
    assert figure.attrs["data-claims"].split() == ["whole-sentence", "more-q1", "sold-1000"]
    assert figure.text() == "1,000"


def test_a_quote_may_cross_emphasis_and_a_link(index: Element) -> None:
    assert any(part.parent.tag == "em" for part in segments(index, "sales-2024"))
    assert any(part.parent.tag == "a" for part in segments(index, "more-q1"))


def test_links_never_nest(index: Element) -> None:
    for link in index.find_all("a"):
        assert not link.find_all("a")[1:], link.attrs


def test_verdict_is_shown_by_more_than_colour(index: Element) -> None:
    for claim in claims_in(MINI):
        badge = marker_of(index, claim["id"]).find("a")
        assert badge.attrs["aria-label"].lower().startswith(claim["verdict"].replace("-", " "))
        assert badge.text().strip(), "the badge shows an icon"
        assert badge.attrs["href"] == f"#details-{claim['id']}"
        assert index.by_id(f"details-{claim['id']}") is not None


def test_sources_are_numbered_by_first_citation_in_reading_order(mini_site: Path) -> None:
    page = parse_file(mini_site / "sources.html")
    entries = page.find("ol", class_="sources").find_all("li")
    assert [(entry.attrs["id"], entry.attrs["value"]) for entry in entries] == [
        ("source-acme-results", "1"),
        ("source-wire-report", "2"),
        ("source-factory-plan", "3"),
    ]


def test_citation_markers_carry_their_source_number(index: Element) -> None:
    links = citations(marker_of(index, "sold-1000"))
    assert [(link.text(), link.attrs["href"]) for link in links] == [("[1]", "#source-acme-results"), ("[2]", "#source-wire-report")]


def backlinks(page: Element, source_id: str) -> list[tuple[str, str]]:
    """Each "Cited by" link of a source's entry: its text and where it leads."""
    entry = page.by_id(f"source-{source_id}").find(class_="backlinks")
    return [(link.text(), link.attrs["href"]) for link in entry.find_all("a")] if entry else []


def test_source_backlinks_lead_to_every_claim_fact_and_event_citing_it(mini_site: Path) -> None:
    sources, index = parse_file(mini_site / "sources.html"), parse_file(mini_site / "index.html")
    claims = [("1", "#claim-sales-2024"), ("2", "#claim-sold-1000"), ("3", "#claim-more-q1")]
    facts = [("the key fact “Ratio”", "#facts-title")]  # the key facts box has a heading; facts have no ids
    events = [("January 2025", "timeline.html#event-results-4"), ("January 1, 2025", "timeline.html#event-results-5")]
    assert backlinks(sources, "acme-results") == [(text, "index.html" + href) for text, href in claims + facts] + events
    assert backlinks(index, "acme-results") == claims  # the article page's list stays lean where claims cite a source


def test_a_source_no_claim_cites_is_shown_beside_its_fact_and_leads_back_to_it_and_its_events(mini_copy: Path, tmp_path: Path) -> None:
    edit(mini_copy, "content/sources.yml", "- id: factory-plan", "- id: memo\n  title: Memo\n  publisher: Acme\n- id: factory-plan")
    next_section, results = "content/sections/020-next.yml", "content/sections/010-results.yml"
    # The Factory fact names claim 7, which cites factory-plan: the key facts show the claim, and memo beside it.
    edit(mini_copy, next_section, "    claim: factory-2027\nevents:", "    claim: factory-2027\n    sources: [factory-plan, memo]\nevents:")
    edit(mini_copy, next_section, "in 2027\n    claim: factory-2027\n", "in 2027\n    claim: factory-2027\n    sources: [memo]\n")
    edit(mini_copy, results, "    claim: remarkable\n", "    claim: remarkable\n    sources: [memo]\n")
    edit(mini_copy, results, "  - date: 2025-Q1\n", "  - date: 2025-05-05\n    title: Same day\n    sources: [memo]\n  - date: 2025-Q1\n")
    site = build_site(mini_copy, tmp_path / "_site")
    index = parse_file(site / "index.html")
    factory = next(term for term in index.find("aside", class_="facts").find_all("dt") if term.text() == "Factory")
    entries = [child for child in factory.parent.children if isinstance(child, Element)]
    shown = entries[next(i for i, entry in enumerate(entries) if entry is factory) + 2]  # after the value: its claim, sources
    links = [(link.text(), link.attrs["href"]) for link in shown.find_all("a")]
    assert links == [("claim 7", "#claim-factory-2027"), ("[4]", "#source-memo")]  # not factory-plan, which claim 7 cites
    events = [("May 5, 2025", "timeline.html#event-results-1"), ("2027", "timeline.html#event-next-1")]  # once a date
    assert backlinks(index, "memo") == [("the key fact “Factory”", "#facts-title"), *events]  # no source is a dead end
    assert backlinks(parse_file(site / "sources.html"), "memo") == [("the key fact “Factory”", "index.html#facts-title"), *events]


def test_timeline_is_in_order_with_dates_at_their_precision(mini_site: Path) -> None:
    page = parse_file(mini_site / "timeline.html")
    rows = page.find("ol", class_="timeline").find_all("li")
    shown = [(row.find("time").attrs["datetime"], row.find("time").text(), "planned" in row.classes, "now" in row.classes) for row in rows]
    assert shown == [
        ("2025", "2025", False, False),
        ("2025-01", "Q1 2025", False, False),
        ("2025-01", "January 2025", False, False),
        ("2025-01-01", "January 1, 2025", False, False),
        ("2025-05-05", "May 5, 2025", False, False),
        ("2025-05-06", "May 6, 2025", False, True),
        ("2027", "2027", True, False),
    ]


def test_an_event_says_whether_it_was_still_to_come_or_has_been_reported(mini_copy: Path, tmp_path: Path) -> None:
    # By date, the 2027 factory is still to come and the Q1 sales are past; a `status` overrides the date.
    edit(mini_copy, "content/sections/020-next.yml", "<em>opens</em>\n", "<em>opens</em>\n    status: happened\n")
    edit(mini_copy, "content/sections/010-results.yml", "quarter sales\n", "quarter sales\n    status: planned\n")
    page = parse_file(build_site(mini_copy, tmp_path / "site") / "timeline.html")

    def is_tag(element: Element) -> bool:
        return bool(element.classes & {"planned-tag", "later-tag"})

    shown = {}  # title → the row's classes and tags
    for row in page.find_all("li", predicate=lambda li: "event" in li.classes and "now" not in li.classes):
        title = row.find("p", class_="event-title")
        shown[title.text(skip=is_tag).strip()] = (sorted(row.classes - {"event"}), [tag.text() for tag in title.find_all(predicate=is_tag)])
    assert shown["Factory <em>opens</em>"] == (["later"], ["Reported since"])
    assert shown["First quarter sales"] == (["planned"], ["Planned or expected"])
    assert shown["Chief executive speaks"] == ([], [])
    events = {
        event["text"]["headline"]: event["text"]["text"] for event in json.loads((tmp_path / "site/timeline.json").read_text())["events"]
    }
    assert "Reported after the article" in events["Factory &lt;em&gt;opens&lt;/em&gt;"]
    assert "Planned or expected" in events["First quarter sales"]


def test_events_link_to_their_claim_or_section(mini_site: Path) -> None:
    page = parse_file(mini_site / "timeline.html")
    links = [
        row.find("p", class_="event-links").find("a").attrs["href"]
        for row in page.find_all("li", predicate=lambda li: "event" in li.classes and "now" not in li.classes)
    ]
    assert links == [
        "index.html#results",
        "index.html#claim-more-q1",
        "index.html#results",
        "index.html#results",
        "index.html#claim-remarkable",
        "index.html#claim-factory-2027",
    ]


def test_facts_keep_their_value_as_typed(index: Element) -> None:
    values = [value.text() for value in index.find_all("dd", class_="fact-value")]
    assert values == ["1,000", "1.10", "2027"]


@pytest.mark.parametrize("page", ["index.html", "timeline.html", "sources.html"])
def test_hostile_text_never_becomes_markup(mini_site: Path, page: str) -> None:
    root = parse_file(mini_site / page)
    for element in root.iter():
        assert not [name for name in element.attrs if name.startswith("on")], element.attrs
        if element.tag == "script":
            assert element.attrs.get("src") == "static/gloss.js" or element.attrs.get("type") == "application/ld+json"
        assert element.tag not in ("img", "iframe", "object", "embed", "b", "i")
        for name in ("href", "src"):
            assert not element.attrs.get(name, "").lower().strip().startswith(("javascript:", "data:", "vbscript:"))
    assert "<script>alert(" in root.text()


@pytest.mark.parametrize("page", ["index.html", "timeline.html", "sources.html"])
def test_internal_links_are_relative(mini_site: Path, page: str) -> None:
    for element in parse_file(mini_site / page).iter():
        for name in ("href", "src"):
            target = element.attrs.get(name)
            if target is None or re.match(r"(https?|mailto):", target):
                continue
            assert not target.startswith("/"), target
            path = target.split("#")[0]
            assert not path or (mini_site / path).is_file(), target


def test_identical_input_gives_byte_identical_output(tmp_path: Path, mini_site: Path) -> None:
    again = build_site(MINI, tmp_path / "_site")
    first = {path.relative_to(mini_site): path.read_bytes() for path in mini_site.rglob("*") if path.is_file()}
    second = {path.relative_to(again): path.read_bytes() for path in again.rglob("*") if path.is_file()}
    assert first == second


def test_the_real_article_checks_without_errors_or_warnings() -> None:
    assert check_report(REPO).as_text() == ""


def test_the_real_article_builds(real_site: Path) -> None:
    page = parse_file(real_site / "index.html")
    assert page.find_all("mark", class_="claim")


def test_the_fact_check_is_credited_to_its_checker_not_the_originals_reviewer(mini_copy: Path, tmp_path: Path) -> None:
    article = mini_copy / "content/article.yml"
    article.write_text(article.read_text(encoding="utf-8") + "checked_by: Example <Checkers>\n", encoding="utf-8")
    page = parse_file(build_site(mini_copy, tmp_path / "_site") / "index.html")
    byline = {row.find("dt").text(): row.find("dd").text() for row in page.find("dl", class_="byline").find_all("div")}
    assert byline["Fact-checked by"] == "Example <Checkers>"
    assert byline["Reviewed by"] == "Desk <b>"


BOXES = ("facts", "claim-notes", "references")  # what the page shows only when it has something to show


def test_an_article_not_yet_annotated_shows_no_empty_boxes_and_no_script_error(tmp_path: Path, mini_site: Path) -> None:
    from chromium import launch
    from playwright.sync_api import sync_playwright

    from gloss.cli import main

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/plain.txt").write_text("A first paragraph.\nA second one.\nAuthor: A. Writer\n", encoding="utf-8")
    assert main(["split", "--root", str(tmp_path), "seeds/plain.txt", "--title", "Plain", "--published", "2025-01-02"]) == 0
    site = build_site(tmp_path, tmp_path / "_site")
    page = parse_file(site / "index.html")
    annotated = parse_file(mini_site / "index.html")
    for box in BOXES:
        assert annotated.find_all(predicate=lambda element, name=box: name in element.classes), f"{box}: no such box to leave out"
        assert not page.find_all(predicate=lambda element, name=box: name in element.classes), box
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.goto((site / "index.html").as_uri())
        tab.wait_for_load_state("load")
        browser.close()
    assert errors == []


@pytest.mark.parametrize("site", ["mini_site", "real_site"])
def test_a_reader_meets_source_and_claim_numbers_in_ascending_order(site: str, request: pytest.FixtureRequest) -> None:
    index = parse_file(request.getfixturevalue(site) / "index.html")
    markers = [marker for section in index.find_all("div", class_="section-text") for marker in section.find_all(class_="claim-end")]
    firsts: list[int] = []
    for marker in markers:
        for link in citations(marker):
            number = int(link.text().strip("[]"))
            if number not in firsts:
                firsts.append(number)
    assert firsts == list(range(1, len(firsts) + 1))
    badges = [int(re.search(r"claim (\d+)", marker.find("a").attrs["aria-label"])[1]) for marker in markers]
    assert badges == list(range(1, len(badges) + 1))


def test_the_article_page_with_its_css_and_js_weighs_at_most_100_kb(real_site: Path) -> None:
    """Issue 5's budget, for the shipped article: index.html and every stylesheet and script it loads."""
    head = parse_file(real_site / "index.html").find("head")
    loaded = [link.attrs["href"] for link in head.find_all("link", rel="stylesheet")]
    loaded += [script.attrs["src"] for script in head.find_all("script") if "src" in script.attrs]
    assert loaded == ["static/gloss.css", "static/gloss.js"]
    weight = sum((real_site / name).stat().st_size for name in ["index.html", *loaded])
    assert weight <= 100_000, f"{weight:,} bytes"


def test_a_new_article_without_events_or_sources_says_so_on_their_pages(tmp_path: Path) -> None:
    from gloss.cli import main

    root = project_with_seed(tmp_path, "A first paragraph.\n\nA second one.\n")
    assert main(["split", "--root", str(root), "seeds/seed.txt"]) == 0
    built = build_site(root, tmp_path / "_site")
    timeline, sources = parse_file(built / "timeline.html").find("main"), parse_file(built / "sources.html").find("main")
    assert not timeline.find_all("ol") and "name no dated events yet" in timeline.text()
    assert not sources.find_all("ol") and "cite no sources yet" in sources.text()


def spoken_in(element: Element) -> str:
    """The language an element's text is in, as a screen reader finds it: the nearest lang attribute."""
    while "lang" not in element.attrs:
        element = element.parent
    return element.attrs["lang"]


def test_in_an_article_not_in_english_gloss_own_words_say_they_are_english(mini_copy: Path, tmp_path: Path) -> None:
    """WCAG 3.1.2: the page is in the article's language; Gloss's own words (navigation, legend, verdicts, dates,
    links back) are marked English, and the article's words inside them are marked as the article's again."""
    edit(mini_copy, "content/article.yml", "language: en", "language: de")
    built = build_site(mini_copy, tmp_path / "_site")
    index, timeline = parse_file(built / "index.html"), parse_file(built / "timeline.html")
    assert index.find("html").attrs["lang"] == "de"
    article_words = [index.find("h1"), *index.find_all(class_="section-text"), *index.find_all(class_="note")]
    assert article_words and {spoken_in(element) for element in article_words} == {"de"}
    gloss_words = [
        *index.find_all("nav"),
        index.find("footer"),
        index.find(class_="legend"),
        *index.find_all("summary"),
        *index.find_all(class_="claim-head"),
        *index.find_all(class_="claim-refs"),
        *[marker.find("a") for marker in index.find_all(class_="claim-end")],
        *timeline.find_all(class_="event-links"),
    ]
    assert {spoken_in(element) for element in gloss_words} == {"en"}
    cited = [*index.find("footer").find_all("cite"), *[q.find("span") for q in timeline.find_all("q")]]  # the article's words among Gloss's
    assert cited and {spoken_in(element) for element in cited} == {"de"}
    assert {spoken_in(q) for q in timeline.find_all("q")} == {"en"}  # its quote marks are the English sentence's


def written(element: Element) -> str:
    """The direction an element's text runs in: the nearest dir attribute, else left to right."""
    while element is not None and "dir" not in element.attrs:
        element = element.parent
    return element.attrs["dir"] if element is not None else "ltr"


@pytest.mark.parametrize("name", ["index.html", "timeline.html", "sources.html", "404.html"])
def test_an_article_written_right_to_left_turns_the_page_and_each_words_keep_their_direction(rtl_site: Path, name: str) -> None:
    """An Arabic article: the page runs right to left. Gloss's English words run left to right, and the
    article's words inside them right to left again, so that neither reorders the other's punctuation; the
    sections' list, whose only English is its label, follows the page."""
    page = parse_file(rtl_site / name)
    html = page.find("html")
    assert (html.attrs["lang"], html.attrs.get("dir")) == ("ar", "rtl")
    assert any(link.attrs["href"].endswith("static/rtl.css") for link in page.find_all("link", rel="stylesheet"))
    marked = page.find_all(predicate=lambda element: "lang" in element.attrs and element is not html)
    english = [element for element in marked if element.attrs["lang"] == "en" and "toc" not in element.classes]
    assert english and {written(element) for element in english} == {"ltr"}
    arabic = [element for element in marked if element.attrs["lang"] == "ar"]
    assert arabic and {written(element) for element in arabic} == {"rtl"}
    for toc in page.find_all("nav", class_="toc"):
        assert "dir" not in toc.attrs and written(toc) == "rtl"
    if name == "index.html":
        article_words = [page.find("h1"), *page.find_all(class_="section-text"), *page.find_all(class_="note")]
        assert {written(element) for element in article_words} == {"rtl"}
    if name in ("index.html", "sources.html"):  # an English source's title, among Arabic words
        entry = page.by_id("source-ridership-study")
        title = entry.find("cite")
        assert (title.attrs["lang"], title.attrs.get("dir")) == ("en", "ltr")
        date = page.by_id("source-council-minutes").find("time")  # "11 March 2025" among Arabic words: kept whole
        assert (date.attrs.get("lang"), date.attrs.get("dir")) == ("en", "ltr")
        line = entry.children[0]  # its title, publisher and date run left to right as a whole, the full stop too
        assert isinstance(line, Element) and line.attrs == {"dir": "ltr"} and title in line.iter() and line.text().endswith(".")


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_article_written_left_to_right_says_no_direction_but_an_arabic_titles(mini_copy: Path, tmp_path: Path, language: str) -> None:
    edit(mini_copy, "content/article.yml", "language: en", f"language: {language}")
    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", "  title: تقرير الوكالة\n  language: ar\n")
    site = build_site(mini_copy, tmp_path / "_site")
    for name in ("index.html", "timeline.html", "sources.html", "404.html"):
        page = parse_file(site / name)
        directed = [element for element in page.iter() if "dir" in element.attrs]
        expected = [("ar", "rtl")] * (name in ("index.html", "sources.html"))
        assert [(element.attrs.get("lang"), element.attrs["dir"]) for element in directed] == expected, name
        assert not any(link.attrs["href"].endswith("rtl.css") for link in page.find_all("link")), name  # nor its stylesheet


@pytest.mark.parametrize("language", ["en", "ar"])
def test_names_among_glosss_words_are_isolated_so_a_date_after_them_keeps_its_place(mini_copy: Path, tmp_path: Path, language: str) -> None:
    """An Arabic publisher's name then "12 March 2025": unisolated, the bidirectional algorithm joins the day to the
    name ("12 أخبار المدينة, March 2025"). Every name Gloss writes into a sentence of its own stands in a <bdi>."""
    edit(mini_copy, "content/article.yml", "language: en", f"language: {language}")
    edit(mini_copy, "content/article.yml", "publisher: Example News", "publisher: أخبار المدينة")
    edit(mini_copy, "seeds/mini.txt", "Source: Example News", "Source: أخبار المدينة")
    edit(mini_copy, "content/sources.yml", "  publisher: Wire\n", "  publisher: وكالة الأنباء\n")
    site = build_site(mini_copy, tmp_path / "_site")
    for name in ("index.html", "timeline.html", "sources.html", "404.html"):
        page = parse_file(site / name)
        body = page.find("body")
        named = [
            element
            for element in body.iter()
            if any(isinstance(child, str) and ("أخبار المدينة" in child or "وكالة الأنباء" in child) for child in element.children)
        ]
        assert named and {element.tag for element in named} == {"bdi"}, name


DAY_AFTER_MONTH = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")  # May 6, 2025
DAY_BEFORE_MONTH = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")  # 6 May 2025


@pytest.mark.parametrize(
    ("language", "form"), [("en", DAY_AFTER_MONTH), ("en-US", DAY_AFTER_MONTH), ("en-GB", DAY_BEFORE_MONTH), ("de", DAY_BEFORE_MONTH)]
)
def test_dates_are_spelled_as_the_articles_readers_write_them(
    mini_copy: Path, tmp_path: Path, language: str, form: re.Pattern[str]
) -> None:
    """Gloss's dates are English words either way; only American readers put the month first."""
    edit(mini_copy, "content/article.yml", "language: en", f"language: {language}")
    site = build_site(mini_copy, tmp_path / "_site")
    days = [
        time.text()
        for name in ("index.html", "timeline.html", "sources.html")
        for time in parse_file(site / name).find_all("time")
        if len(time.attrs["datetime"]) == 10  # a day: the only precision the two forms differ in
    ]
    assert days and all(form.fullmatch(day) for day in days), days
    timeline = parse_file(site / "timeline.html")
    for event in json.loads((site / "timeline.json").read_text(encoding="utf-8"))["events"]:  # the open data says the same
        assert event["display_date"] == timeline.by_id(event["unique_id"]).find("time").text()


def test_a_section_with_nothing_to_check_says_why_and_passes_the_strict_check(tmp_path: Path) -> None:
    from gloss.cli import main

    root = project_with_seed(tmp_path, "The company says it will grow.\n")
    assert main(["split", "--root", str(root), "seeds/seed.txt"]) == 0
    do_the_todos(root)
    section = next((root / "content/sections").glob("*.yml"))
    section.write_text(section.read_text(encoding="utf-8") + "unchecked: Only the company's own plans.\n", encoding="utf-8")
    assert [problem.message for problem in check_report(root).problems] == []
    page = parse_file(build_site(root, tmp_path / "_site") / "index.html")
    assert [note.text() for note in page.find_all("p", class_="unchecked")] == [
        "Nothing here is fact-checked: Only the company's own plans."
    ]
    edit(root, section.relative_to(root), "claims: []", "claims:\n  - id: grow\n    quote: will grow\n    verdict: opinion")
    assert [problem.message for problem in check_report(root).problems] == [
        f"section '{yaml.safe_load(section.read_text(encoding='utf-8'))['id']}' has claims, yet says why it has none"
    ]


def test_at_one_word_the_innermost_claims_marker_comes_first_and_citations_count_up(mini_copy: Path, tmp_path: Path) -> None:
    """Two claims ending at "Q1 2025": the inner one's badge stands beside its own words, as a closing bracket
    would, and the claims are numbered in that order; a claim citing [wire-report, acme-results] shows [1][2]."""
    edit(
        mini_copy,
        "content/sections/010-results.yml",
        "    sources: [acme-results, wire-report]\n",
        "    sources: [wire-report, acme-results]\n",
    )
    edit(
        mini_copy,
        "content/sections/010-results.yml",
        "  - id: whole-sentence\n",
        "  - id: q1-only\n    quote: Q1 2025\n    verdict: accurate\n    sources: [wire-report]\n  - id: whole-sentence\n",
    )
    markers = claim_markers(parse_file(build_site(mini_copy, tmp_path / "_site") / "index.html"))
    order = list(markers)
    assert order[order.index("q1-only") + 1] == "more-q1"
    numbers = [int(marker.find("a").attrs["aria-label"].rpartition(" ")[2]) for marker in markers.values()]
    assert numbers == sorted(numbers)
    for claim_id, marker in markers.items():
        cited = [int(link.text().strip("[]")) for link in citations(marker)]
        assert cited == sorted(cited), claim_id
    assert [link.text() for link in citations(markers["sold-1000"])] == ["[1]", "[2]"]


def test_a_publisher_ending_in_a_full_stop_gets_no_second_one(mini_copy: Path, tmp_path: Path) -> None:
    edit(
        mini_copy,
        "content/sources.yml",
        "  publisher: Wire\n  url: https://example.org/wire\n  published: 2025\n",
        "  publisher: Wire Inc.\n  url: https://example.org/wire\n",
    )
    site = build_site(mini_copy, tmp_path / "_site")
    for page in ("index.html", "sources.html"):
        entry = parse_file(site / page).find("li", id="source-wire-report")
        assert entry is not None and entry.text().split(" Cited by")[0].strip().endswith(", Wire Inc."), page


def test_a_sources_title_is_marked_with_its_language_or_the_articles(mini_copy: Path, tmp_path: Path) -> None:
    """The claim dialog copies each source line into English surroundings: the title keeps its own language."""
    edit(mini_copy, "content/article.yml", "language: en", "language: it")
    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", "  title: Wire report\n  language: en-GB\n")
    site = build_site(mini_copy, tmp_path / "_site")
    for page in ("index.html", "sources.html"):
        titles = {
            entry.attrs["id"]: entry.find("cite")
            for entry in parse_file(site / page).find_all(
                "li", predicate=lambda li: "id" in li.attrs and li.attrs["id"].startswith("source-")
            )
        }
        assert titles["source-wire-report"].attrs.get("lang") == "en-GB", page
        assert titles["source-acme-results"].attrs.get("lang") == "it", page
    assert {item["id"]: item.get("language") for item in json.loads((site / "sources.json").read_text(encoding="utf-8"))}[
        "wire-report"
    ] == "en-GB"


def test_a_score_in_the_headline_or_a_fact_never_breaks_at_its_dash(mini_copy: Path, tmp_path: Path) -> None:
    edit(
        mini_copy,
        "content/article.yml",
        'title: "Acme',
        'title: "Harbour City edge Northvale 3–1, 2024-2025, 1,234,567–2,345,678 & <b>Acme',
    )
    edit(mini_copy, "content/sections/010-results.yml", "    value: 1.10\n", "    value: 10–12 & more\n")
    page = parse_file(build_site(mini_copy, tmp_path / "_site") / "index.html")
    headline = page.find("h1")
    assert headline.text().startswith("Harbour City edge Northvale 3–1, 2024-2025, 1,234,567–2,345,678 & <b>Acme")  # as written
    assert [span.text() for span in headline.find_all("span", class_="nobr")] == ["3–1", "2024-2025"]  # not one wider than a phone
    value = next(value for value in page.find_all("dd", class_="fact-value") if "more" in value.text())
    assert value.text() == "10–12 & more" and [span.text() for span in value.find_all("span", class_="nobr")] == ["10–12"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.org/%E9%9D%92%E6%B2%B3/news", "https://example.org/青河/news"),  # as a browser copies it
        ("https://example.org/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0", "https://example.org/wiki/Москва"),
        ("https://example.org/a%2Fb%20c", "https://example.org/a%2Fb%20c"),  # a slash, a space: as written
        ("https://example.org/%E2%80%AEgnp.exe", "https://example.org/%E2%80%AEgnp.exe"),  # an override: as written
    ],
)
def test_a_sources_address_reads_as_its_letters_but_leads_where_it_says(mini_copy: Path, tmp_path: Path, url: str, shown: str) -> None:
    edit(mini_copy, "content/sources.yml", "  url: https://example.org/wire\n", f"  url: {url}\n")
    site = build_site(mini_copy, tmp_path / "_site")
    link = parse_file(site / "sources.html").by_id("source-wire-report").find("p", class_="source-url").find("a")
    assert (link.text(), link.attrs["href"]) == (shown, url)


# ---- the page's outline, whatever the content's headings ----------------------------------


def test_the_page_regions_a_section_title_may_not_take_are_the_pages_own(index: Element) -> None:
    from gloss.ids import PAGE_REGIONS

    named = [index.find(id=section.attrs["aria-labelledby"]) for section in index.find_all("section") if "aria-labelledby" in section.attrs]
    assert {collapse(heading.text()).casefold() for heading in named} == PAGE_REGIONS


def test_body_headings_go_down_one_level_at_a_time_and_a_notes_are_bold_text(mini_copy: Path, tmp_path: Path) -> None:
    """Validators and screen readers want no level skipped: `####` after the section's `##` is shown as h3."""
    edit(mini_copy, "content/sections/020-next.yml", "  ## What comes next\n", "  # What comes next\n")
    edit(mini_copy, "seeds/mini.txt", "What comes next\n", "What comes next\nThe plan\n")
    edit(mini_copy, "content/sections/020-next.yml", "  Acme plans", "  #### The plan\n\n  Acme plans")
    edit(
        mini_copy,
        "content/sections/020-next.yml",
        "    verdict: opinion\n",
        "    verdict: opinion\n    note: |\n      ###### Why\n\n      A forecast.\n",
    )
    edit(mini_copy, "seeds/mini.txt", "The plan\n", "The plan\nIn short\n")
    edit(mini_copy, "content/sections/020-next.yml", "  Acme plans", "  ## In short\n\n  Acme plans")
    page = parse_file(build_site(mini_copy, tmp_path / "_site") / "index.html")
    section = page.find("section", id="next")
    assert [(heading.tag, heading.text()) for heading in section.find_all(predicate=lambda e: re.fullmatch(r"h\d", e.tag) is not None)] == [
        ("h2", "What comes next"),
        ("h3", "The plan"),  # ####, one level below the #: no level skipped
        ("h3", "In short"),  # ##, as deep below the # as it was written
    ]
    note = page.find("li", id="details-biggest-bet").find("div", class_="note")
    assert [(child.tag, child.text()) for child in note.children if isinstance(child, Element)][0] == ("p", "Why")
    assert note.find("strong").text() == "Why"


def test_two_sections_of_one_title_are_a_warning(mini_copy: Path) -> None:
    edit(mini_copy, "content/sections/020-next.yml", "title: What comes next", "title: results & <I>REMARKS</I>")
    edit(mini_copy, "content/sections/010-results.yml", "title: Results & <i>remarks</i>", "title: Results  & <i>remarks</i>")
    [twin] = [problem for problem in check_report(mini_copy).warnings if "is titled" in problem.message]
    assert twin.message == "section 'next' is titled “results & <I>REMARKS</I>”, as section 'results' is"


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("".join(f"{'#' * level} Level {level}\n\n" for level in range(1, 7)), ["h2", "h3", "h4", "h5", "h6", "h6"]),  # no h7
        ("# A\n\n#### B\n\n### C\n", ["h2", "h3", "h3"]),  # C, written higher than B, is not shown under it
        ("## A\n\n##### B\n\n#### C\n", ["h2", "h3", "h3"]),
        ("#\n\n## A\n\n### B\n\n## C\n", ["p", "h2", "h3", "h2"]),  # an empty heading sets no level
        ("# \u200b\n\nText\n", ["p"]),  # nor one that draws nothing
        ("Title\n===\n\nPart\n---\n", ["h2", "h3"]),
    ],
)
def test_a_bodys_headings_sit_under_the_nearest_one_written_higher(markdown: str, shown: list[str]) -> None:
    from gloss.body import _outline
    from gloss.markup import make_parser

    tokens = make_parser().parse(markdown)
    _outline(tokens)
    assert [token.tag for token in tokens if token.type == "heading_open"] == shown
