"""The open data of the publishing issue: annotations.jsonld, timeline.json, sources.json, facts.csv.

Each file is parsed as its consumers would, and checked against the content it came from
and, for the annotations, against the built page and the W3C working group's own assertions.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from chromium import launch, require_chromium, static_server
from conftest import BASE_URL, MINI, REPO, build_site, edit
from htmltree import Element, parse, parse_file
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

VENDOR = REPO.parent / "shared" / "vendor" / "web-annotation-tests"
SITES = {"mini": MINI, "real": REPO}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def content(root: Path, name: str) -> list[dict]:
    """Items of every section file, every scalar as typed (`1.10` stays '1.10')."""
    items = []
    for path in sorted((root / "content/sections").glob("*.yml")):
        section = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        items += [{**item, "section": section["id"]} for item in section.get(name) or []]
    return items


def sources_yml(root: Path) -> list[dict]:
    return yaml.load((root / "content/sources.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request: pytest.FixtureRequest) -> tuple[Path, Path]:
    """(content root, built site) for the fixture and the real article, both with a base URL."""
    return SITES[request.param], request.getfixturevalue(f"published_{request.param}")


# --- annotations.jsonld -----------------------------------------------------------------


def article_text(page: Element) -> str:
    """The article's text content, as defined in gloss/export.py: the `.section-text` elements
    in document order, without the `.claim-end` markers, white space folded and trimmed."""
    parts = [element.text(skip=lambda child: "claim-end" in child.classes) for element in page.find_all(predicate=is_section_text)]
    return collapse(" ".join(parts))


def is_section_text(element: Element) -> bool:
    return "section-text" in element.classes


def annotations(site: Path) -> list[dict]:
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(collection["first"]["items"])
    return collection["first"]["items"]


def test_every_claim_is_an_annotation_that_reanchors_in_the_built_page(site: tuple[Path, Path]) -> None:
    root, built = site
    text = article_text(parse_file(built / "index.html"))
    claims = {claim["id"]: claim for claim in content(root, "claims")}
    items = annotations(built)
    assert sorted(item["id"].rpartition("#")[2] for item in items) == sorted(claims)
    # Reading order is the order of the markers after each quote: by where the quote ends.
    spans = [(item["target"]["selector"][1]["end"], item["target"]["selector"][1]["start"]) for item in items]
    assert spans == sorted(spans), "annotations in reading order"
    for item in items:
        claim = claims[item["id"].rpartition("#")[2]]
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["target"]["source"] == BASE_URL
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"] == collapse(claim["quote"]), claim["id"]
        assert text[start - len(quote["prefix"]) : start] == quote["prefix"], claim["id"]
        assert text[end : end + len(quote["suffix"])] == quote["suffix"], claim["id"]
        # enough context to tell repeated quotes apart, unless the text itself runs out
        assert len(quote["prefix"]) == min(32, start) and len(quote["suffix"]) == min(32, len(text) - end)


def test_quote_and_context_pick_out_exactly_one_place(published_mini: Path) -> None:
    """`sold-1000` quotes the second of two "1,000"s: prefix + exact + suffix must find only it."""
    text = article_text(parse_file(published_mini / "index.html"))
    for item in annotations(published_mini):
        quote, position = item["target"]["selector"]
        needle = quote["prefix"] + quote["exact"] + quote["suffix"]
        found = [match.start() for match in re.finditer(re.escape(needle), text)]
        assert found == [position["start"] - len(quote["prefix"])], item["id"]


def source_numbers(built: Path) -> dict[str, int]:
    """Each source's number, as the site gives it: a claim's, a fact's or an event's sources come in this order."""
    return {source["id"]: source["citation-number"] for source in json.loads((built / "sources.json").read_text(encoding="utf-8"))}


def test_annotation_body_carries_verdict_note_and_source_links(site: tuple[Path, Path]) -> None:
    root, built = site
    claims = {claim["id"]: claim for claim in content(root, "claims")}
    urls = {source["id"]: source.get("url") for source in sources_yml(root)}
    numbers = source_numbers(built)
    for item in annotations(built):
        claim = claims[item["id"].rpartition("#")[2]]
        body = item["body"]
        tags = [part["value"] for part in body if part.get("purpose") == "tagging"]
        assert tags == [claim["verdict"]]
        notes = [part for part in body if part.get("purpose") == "commenting"]
        if claim.get("note"):
            assert len(notes) == 1 and notes[0]["format"] == "text/html"
            rendered = parse(notes[0]["value"])
            assert not rendered.find_all("script") and not rendered.find_all("img"), "a note must not carry markup from content"
        links = [part["source"] for part in body if part.get("purpose") == "linking"]
        assert links == [urls[ident] for ident in sorted(claim.get("sources", []), key=numbers.__getitem__) if urls[ident]]  # by number


def test_a_note_is_in_the_articles_language_and_a_verdict_label_in_glosss(mini_copy: Path, tmp_path: Path) -> None:
    """The page declares its language once, on <html>, so the notes in it are read as that language;
    the open data says the same of each note. The verdict's label is Gloss's word, in English."""
    edit(mini_copy, "content/article.yml", "language: en", "language: fr")
    built = build_site(mini_copy, tmp_path / "_site")
    noted = [item for item in annotations(built) if any(part.get("purpose") == "commenting" for part in item["body"])]
    assert noted, "the fixture must have claims with notes"
    for item in noted:
        languages = {part["purpose"]: part.get("language") for part in item["body"] if part["type"] == "TextualBody"}
        assert languages["commenting"] == "fr" and languages["assessing"] == "en", item["id"]
        assert not any("textDirection" in part for part in item["body"]), item["id"]


def test_a_note_written_right_to_left_says_so_in_the_open_data(rtl_site: Path) -> None:
    noted = [item for item in annotations(rtl_site) if any(part.get("purpose") == "commenting" for part in item["body"])]
    assert noted
    for item in noted:
        directions = {part["purpose"]: part.get("textDirection") for part in item["body"] if part["type"] == "TextualBody"}
        assert directions == {"tagging": None, "assessing": None, "commenting": "rtl"}, item["id"]


@pytest.mark.parametrize("base_url", [None, BASE_URL])
def test_a_notes_links_lead_where_they_do_on_the_page(mini_copy: Path, tmp_path: Path, base_url: str | None) -> None:
    """A note's `#id` means an id of the article's page; in annotations.jsonld, beside it, it must still say so."""
    edit(
        mini_copy,
        "content/sections/010-results.yml",
        "    note: Rounded.",
        "    note: Rounded; see [the total](#claim-sales-2024) and [a source](sources.html#source-wire-report).",
    )
    built = build_site(mini_copy, tmp_path / "_site", base_url)
    item = next(item for item in annotations(built) if item["id"].endswith("#sold-1000"))
    note = next(part["value"] for part in item["body"] if part.get("purpose") == "commenting")
    here = (base_url or "https://example.org/any/path/") + "annotations.jsonld"  # wherever the file is served from
    targets = [urljoin(here, link.attrs["href"]) for link in parse(note).find_all("a")]
    site = here.removesuffix("annotations.jsonld")
    page = site if base_url else site + "index.html"  # published, the article's canonical address is the site's root
    assert targets == [page + "#claim-sales-2024", site + "sources.html#source-wire-report"]


class W3CAssertions:
    """The Web Annotation WG's MUST assertions (annotationMusts.test), as JSON Schema draft-04."""

    def __init__(self, vendor: Path) -> None:
        resources = []
        self.schemas: dict[str, dict] = {}
        for path in sorted([*vendor.glob("annotations/**/*.json"), *vendor.glob("definitions/*.json")]):
            schema = json.loads(path.read_text(encoding="utf-8"))
            resource = Resource.from_contents(schema, default_specification=DRAFT4)
            resources += [(schema.get("id", path.name), resource), (path.name, resource)]
            self.schemas[path.relative_to(vendor).as_posix()] = schema
        self.registry = Registry().with_resources(resources)
        musts = json.loads((vendor / "annotations/annotationMusts.test").read_text(encoding="utf-8"))
        formats = FormatChecker()
        formats.checks("uri")(lambda value: not isinstance(value, str) or bool(urlsplit(value).scheme))
        self.musts = [
            (schema, Draft4Validator(schema, registry=self.registry, format_checker=formats))
            for schema in (self.schemas[name] for name in musts["assertions"])
        ]

    def failures(self, annotation: dict) -> list[str]:
        failed = []
        for schema, validator in self.musts:
            valid = validator.is_valid(annotation)
            if valid != (schema.get("expectedResult", "valid") == "valid"):
                failed.append(f"{schema['id']}: {schema.get('errorMessage', schema.get('title'))}")
        return failed


@pytest.fixture(scope="module")
def w3c() -> W3CAssertions:
    if not VENDOR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the W3C web-annotation-tests are missing: expected them at {VENDOR}")
        pytest.skip(f"the W3C web-annotation-tests are not at {VENDOR} (vendored beside the clone; CI fails instead)")
    return W3CAssertions(VENDOR)


def test_the_w3c_assertions_tell_correct_samples_from_incorrect_ones(w3c: W3CAssertions) -> None:
    """The harness itself: it passes the WG's correct samples (but the composite targets of 11–13,
    a known caveat of the suite) and fails every incorrect one."""
    checked = 0
    for path in sorted((VENDOR / "samples/correct").glob("*.json")):
        sample = json.loads(path.read_text(encoding="utf-8"))
        if sample.get("type") != "Annotation" or path.name in ("anno11.json", "anno12.json", "anno13.json"):
            continue  # collections and examples of other things; 11–13 are the known caveat
        assert w3c.failures(sample) == [], path.name
        checked += 1
    assert checked >= 30
    incorrect = sorted((VENDOR / "samples/incorrect").glob("*.json"))
    assert incorrect
    for path in incorrect:
        try:
            sample = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue  # some incorrect samples are not even JSON
        assert w3c.failures(sample), path.name


def test_every_exported_annotation_passes_the_w3c_must_assertions(site: tuple[Path, Path], w3c: W3CAssertions) -> None:
    for item in annotations(site[1]):
        assert w3c.failures(item) == [], item["id"]


# --- timeline.json (TimelineJS3) ------------------------------------------------------------


def test_timeline_json_has_every_event_in_timelinejs_form(site: tuple[Path, Path]) -> None:
    root, built = site
    data = json.loads((built / "timeline.json").read_text(encoding="utf-8"))
    events = data["events"]
    assert set(data["title"]["text"]) == {"headline", "text"}
    titles = sorted(event["title"] for event in content(root, "events"))
    assert sorted(html.unescape(event["text"]["headline"]) for event in events) == titles
    starts = []
    for event in events:
        date = event["start_date"]
        assert set(date) <= {"year", "month", "day"} and isinstance(date["year"], int)
        assert 1 <= date.get("month", 1) <= 12 and 1 <= date.get("day", 1) <= 31
        assert event["display_date"] and set(event["text"]) == {"headline", "text"}
        starts.append((date["year"], date.get("month", 1), date.get("day", 1)))
    assert starts == sorted(starts)
    assert len({event["unique_id"] for event in events}) == len(events)
    on_page = {element.attrs.get("id") for element in parse_file(built / "timeline.html").iter()}
    assert {event["unique_id"] for event in events} <= on_page, "unique_id is the event's id on timeline.html"
    index_ids = {element.attrs.get("id") for element in parse_file(built / "index.html").iter()}
    for event in events:
        for link in parse(event["text"]["text"]).find_all("a"):
            if link.attrs["href"].startswith(BASE_URL):  # a link back into the article: its claim exists
                assert link.attrs["href"].removeprefix(BASE_URL).lstrip("#") in index_ids, link.attrs["href"]


def test_timeline_json_text_is_escaped_html(published_mini: Path) -> None:
    """TimelineJS renders headline and text as HTML: content must arrive as text, never as markup."""
    events = json.loads((published_mini / "timeline.json").read_text(encoding="utf-8"))["events"]
    by_title = {event["title"] for event in content(MINI, "events")}
    for event in events:
        headline = parse(event["text"]["headline"])
        assert not headline.find_all(predicate=lambda element: element.tag != "#document")
        assert headline.text() in by_title
        body = parse(event["text"]["text"])
        assert {element.tag for element in body.iter()} <= {"#document", "p", "a"}
        for link in body.find_all("a"):
            assert urlsplit(link.attrs["href"]).scheme in ("http", "https")


def test_timeline_quarters_span_their_three_months(published_mini: Path) -> None:
    events = json.loads((published_mini / "timeline.json").read_text(encoding="utf-8"))["events"]
    quarter = next(event for event in events if event["display_date"] == "Q1 2025")
    assert quarter["start_date"] == {"year": 2025, "month": 1} and quarter["end_date"] == {"year": 2025, "month": 3}


# --- sources.json (CSL-JSON) -----------------------------------------------------------------


def test_sources_json_is_csl_json_in_citation_order(site: tuple[Path, Path]) -> None:
    root, built = site
    items = json.loads((built / "sources.json").read_text(encoding="utf-8"))
    declared = {source["id"]: source for source in sources_yml(root)}
    assert [item["citation-number"] for item in items] == list(range(1, len(items) + 1))
    assert {item["id"] for item in items} <= set(declared)
    for item in items:
        source = declared[item["id"]]
        assert item["type"] in {"webpage", "document"}
        assert (item["title"], item["publisher"]) == (source["title"], source["publisher"])
        assert item.get("URL") == source.get("url")
        assert item.get("abstract") == source.get("summary")
        for variable in ("issued", "accessed"):
            if variable in item:
                (parts,) = item[variable]["date-parts"]
                assert 1 <= len(parts) <= 3 and all(isinstance(part, int) for part in parts)
                assert str(parts[0]) == source[{"issued": "published", "accessed": "accessed"}[variable]][:4]


# --- facts.csv -------------------------------------------------------------------------------


def test_facts_csv_has_one_row_per_fact_as_typed(site: tuple[Path, Path]) -> None:
    root, built = site
    rows = list(csv.DictReader(io.StringIO((built / "facts.csv").read_text(encoding="utf-8"), newline="")))
    facts = content(root, "facts")
    assert len(rows) == len(facts)
    numbers = source_numbers(built)
    for row, fact in zip(rows, facts, strict=True):
        assert (row["section"], row["label"], row["value"]) == (fact["section"], fact["label"], fact["value"])
        assert row["claim"] == fact.get("claim", "")
        assert row["sources"].split() == sorted(fact.get("sources", []), key=numbers.__getitem__)
        assert row["as_of"] == str(fact.get("as_of", ""))


def test_facts_csv_does_not_hand_a_spreadsheet_a_formula(mini_copy: Path, tmp_path: Path) -> None:
    section = mini_copy / "content/sections/010-results.yml"
    section.write_text(
        section.read_text(encoding="utf-8").replace(
            "facts:\n",
            'facts:\n  - label: "=HYPERLINK(\\"http://evil.example\\")"\n    value: "-12%"\n    sources: [acme-results]\n'
            '  - label: "@SUM(A1)"\n    value: "+cmd|calc"\n    sources: [acme-results]\n'
            '  - label: "-2+3+cmd|calc!A0"\n    value: "+197.73% year on year"\n    sources: [acme-results]\n'
            '  - label: "+1+A2"\n    value: "-1*B3"\n    sources: [acme-results]\n',
            1,
        ),
        encoding="utf-8",
    )
    built = build_site(mini_copy, tmp_path / "_site")
    rows = list(csv.DictReader(io.StringIO((built / "facts.csv").read_text(encoding="utf-8"), newline="")))
    assert (rows[0]["label"], rows[0]["value"]) == ('\'=HYPERLINK("http://evil.example")', "-12%")  # a number stays a number
    assert (rows[1]["label"], rows[1]["value"]) == ("'@SUM(A1)", "'+cmd|calc")
    assert (rows[2]["label"], rows[2]["value"]) == ("'-2+3+cmd|calc!A0", "+197.73% year on year")
    assert (rows[3]["label"], rows[3]["value"]) == ("'+1+A2", "'-1*B3")  # no function, yet a formula on other cells


# --- linked from every page ------------------------------------------------------------------


def test_every_page_footer_links_the_open_data(published_mini: Path) -> None:
    files = {"annotations.jsonld", "claimreview.jsonld", "timeline.json", "sources.json", "facts.csv"}
    for page in sorted(published_mini.glob("*.html")):
        footer = parse_file(page).find("footer")
        assert footer is not None, page.name
        linked = {urlsplit(link.attrs["href"]).path.rpartition("/")[2] for link in footer.find_all("a")}
        assert files <= linked, page.name
    for name in files:
        assert (published_mini / name).is_file()


# --- timeline.json in TimelineJS itself --------------------------------------------------------

TIMELINEJS = REPO / "tests/node/node_modules/@knight-lab/timelinejs/dist"
# The harness page, not the site: it loads the file unchanged, the way an embedding page would.
HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title><link rel="stylesheet" href="tl/css/timeline.css"></head>
<body><div id="timeline" style="width: 1000px; height: 600px"></div>
<script src="tl/js/timeline.js"></script>
<script>
fetch("timeline.json").then((response) => response.json()).then((data) => {
  const timeline = new TL.Timeline("timeline", data, {script_path: "tl/js/", font: null});
  timeline.on("loaded", () => { window.loadedEvents = timeline.config.events.length; });
});
</script></body></html>
"""


def test_timeline_json_loads_in_timelinejs_unchanged(published_mini: Path, published_real: Path, tmp_path: Path) -> None:
    require_chromium()
    assert TIMELINEJS.is_dir(), "run `make test` (or `npm install --prefix tests/node`) to install TimelineJS"
    from playwright.sync_api import sync_playwright

    (tmp_path / "tl").symlink_to(TIMELINEJS, target_is_directory=True)
    (tmp_path / "index.html").write_text(HARNESS, encoding="utf-8")
    server = static_server(tmp_path)
    problems: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for root, site in ((MINI, published_mini), (REPO, published_real)):
                shutil.copyfile(site / "timeline.json", tmp_path / "timeline.json")
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
                page.on("pageerror", lambda error: problems.append(str(error)))
                page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                page.wait_for_function("window.loadedEvents !== undefined", timeout=20_000)
                titles = sorted(event["title"] for event in content(root, "events"))
                assert page.evaluate("window.loadedEvents") == len(titles)
                assert page.locator(".tl-message-content").all_inner_texts() in ([], [""])  # TimelineJS's own error box
                shown = page.locator(".tl-slide:not(.tl-slide-titleslide) .tl-headline").all_text_contents()
                assert sorted(shown) == titles  # hostile titles arrive as text
                assert page.locator("#timeline script, #timeline img[onerror]").count() == 0
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert problems == []
