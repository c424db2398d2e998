"""A link check over the whole built site: every internal href and src, and every #fragment, resolves.

Pages link to each other relatively, so one `_site/` works at a domain root, under a
project path and from disk. The one exception is 404.html, which GitHub Pages serves
for a missing path at any depth: its links start at the site's root path instead, and
are checked here as if it were served from deep inside the site.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import BASE_URL, MINI, REPO, check_report, edit
from htmltree import Element, parse_file

from gloss import links
from gloss.ids import page_ids

LINKING = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "form": "action"}
EXTERNAL_SCHEMES = ("http", "https", "mailto")
DEEP = "no/such/page/at/depth"  # where GitHub Pages might serve 404.html from


def references(page: Element) -> list[tuple[Element, str]]:
    return [(element, element.attrs[attribute]) for element in page.iter() if (attribute := LINKING.get(element.tag)) in element.attrs]


def ids(page: Element) -> set[str]:
    return {element.attrs["id"] for element in page.iter() if "id" in element.attrs}


class Site:
    """The built files, parsed once, with the ids of every page."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root
        self.base = base  # where the site is served: its base URL, or a domain root when it has none
        self.pages = {path.relative_to(root).as_posix(): parse_file(path) for path in sorted(root.rglob("*.html"))}
        self.ids = {name: ids(page) for name, page in self.pages.items()}

    def broken(self, name: str, url: str, page_url: str) -> str | None:
        """Why `url`, found on page `name` served at `page_url`, does not resolve; None when it does."""
        if url.startswith("#"):  # this very document, wherever it is served from
            return None if url[1:] in self.ids[name] else f"no id {url[1:]!r} in {name}"
        resolved = urljoin(page_url, url)
        if not resolved.startswith(self.base):
            return "leaves the site"
        target, _, fragment = resolved.removeprefix(self.base).partition("#")
        target = unquote(urlsplit(target).path) or "index.html"
        if target.endswith("/"):
            target += "index.html"
        if not (self.root / target).is_file():
            return f"no file {target}"
        if fragment and fragment not in self.ids.get(target, set()):
            return f"no id {fragment!r} in {target}"
        return None


@pytest.fixture(scope="module", params=["published_mini", "published_real", "mini_site"])
def site(request: pytest.FixtureRequest) -> Site:
    """Built with BASE_URL, or (mini_site) without a base URL, so served from a domain root."""
    base = "https://example.org/" if request.param == "mini_site" else BASE_URL
    return Site(request.getfixturevalue(request.param), base)


def is_canonical(element: Element) -> bool:
    """The canonical link: absolute by design, checked in test_publish."""
    return element.tag == "link" and element.attrs.get("rel") == "canonical"


def internal(element: Element, url: str) -> bool:
    return not is_canonical(element) and urlsplit(url).scheme not in EXTERNAL_SCHEMES


def test_every_internal_link_and_fragment_resolves(site: Site) -> None:
    problems = []
    for name, page in site.pages.items():
        page_url = site.base + (DEEP if name == "404.html" else name)
        for element, url in references(page):
            if internal(element, url) and (why := site.broken(name, url, page_url)):
                problems.append(f"{name}: <{element.tag} … {url!r}>: {why}")
    assert problems == []


def test_internal_links_are_relative_except_on_the_404_page(site: Site) -> None:
    for name, page in site.pages.items():
        for element, url in references(page):
            if is_canonical(element):
                continue
            if not internal(element, url):
                assert not url.startswith(BASE_URL), f"{name}: an internal link is absolute: {url}"
                continue
            if name == "404.html" and not url.startswith("#"):
                assert url.startswith("/") and not url.startswith("//"), f"404.html links from the site root: {url}"
            else:
                assert not url.startswith("/"), f"{name}: {url} is not relative"


def test_the_check_finds_a_broken_fragment_and_a_missing_file(site: Site) -> None:
    index = site.base + "index.html"
    assert site.broken("index.html", "#no-such-claim", index) == "no id 'no-such-claim' in index.html"
    assert site.broken("index.html", "nowhere.html", index) == "no file nowhere.html"
    assert site.broken("index.html", "static/gloss.css", index) is None
    assert site.broken("404.html", "#nothing-here", site.base + DEEP) == "no id 'nothing-here' in 404.html"
    # a relative link on the 404 page would point into the missing folder
    assert site.broken("404.html", "static/gloss.css", site.base + DEEP) is not None


# --- links an editor writes in a note or a body (gloss/links.py) ----------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("No link at all.", []),
        ("Plainly elsewhere: [a](https://example.com/a) and <https://example.com/b>.", []),  # not parsed again
        ("[x](javascript:alert(1))", ["javascript:alert(1)"]),
        ("[x](java&#115;cript:alert(1))", ["javascript:alert(1)"]),  # as the parser decodes it
        ("[x](<//evil.example/a>) and <data:text/plain,hi>", ["//evil.example/a", "data:text/plain,hi"]),
        ("[x][r] uses a definition.\n\n[r]: vbscript:msgbox", ["vbscript:msgbox"]),
        ("`[x](javascript:a)` is code, not a link", []),
        ("[x](https://example.com) then [y](sources.html#source-a)", ["https://example.com", "sources.html#source-a"]),
        # a definition need not start a line: in a quote, in a list, its label over two lines or escaped
        ("See [the list][s].\n\n> [s]: /about", ["/about"]),
        ("See [the list][s].\n\n- [s]: javascript:alert(1)", ["javascript:alert(1)"]),
        ("See [the list].\n\n[the\nlist]: #claim-nope", ["#claim-nope"]),
        ("See [a\\]b].\n\n[a\\]b]: #claim-nope", ["#claim-nope"]),
    ],
)
def test_the_targets_of_an_editors_links_are_read_as_the_parser_reads_them(markdown: str, expected: list[str]) -> None:
    assert [href for href, _ in links.targets(markdown)] == expected


def test_each_target_comes_with_the_line_its_block_starts_on() -> None:
    markdown = "First paragraph.\n\nSecond, with [a](#x)\nand [b](/M%C3%A4rz–5) on its next line."
    assert links.targets(markdown) == [("#x", 2), ("/M%C3%A4rz%E2%80%935", 2)]


def test_a_link_is_faulted_only_when_it_is_not_made_starts_at_the_domain_root_or_names_no_page() -> None:
    faulty = ("javascript:x", "//evil.example", "/about", "sourcs.html#source-a", "Sources.html", "sources", "claim-x", "www.example.org/a")
    sound = ("#results", "sources.html", "https://a.b", "?q=1", "annotations.jsonld", "static/gloss.css", "../other-article/", "..")
    faults = {href: links.finding(href) for href in faulty + sound}
    assert [href for href, fault in faults.items() if fault] == list(faulty)
    assert "not made" in faults["//evil.example"].message and "domain root" in faults["/about"].message
    assert faults["sourcs.html#source-a"].hint == "did you mean 'sources.html'?"
    assert faults["sources"].hint == "did you mean 'sources.html'?"
    assert faults["claim-x"].hint == "a link to an element of this page starts with '#': write '#claim-x'"
    assert faults["www.example.org/a"].hint == "a link to another site starts with https://: write 'https://www.example.org/a'"
    assert "https://" not in links.finding("sources.HTML").hint  # a page's name, whatever its case: not an address


def test_the_files_a_link_may_name_are_the_sites_own(site: Site) -> None:
    """`links.PAGES` and `links.FILES`, which `check` allows a link to name, against the built site: every file at its top."""
    top = {path.name for path in site.root.iterdir() if path.is_file() and not path.name.startswith(".")}
    assert top <= {*links.PAGES, *links.FILES} and (site.root / "static").is_dir()
    assert {*links.PAGES, *links.FILES} - top <= {"sitemap.xml"}  # made only where the site's address is known


def test_check_knows_every_id_the_pages_give(site: Site, request: pytest.FixtureRequest) -> None:
    """`gloss.ids.page_ids`, which `check` uses for a link to `#id`, against the built pages: the very ids each has."""
    root = MINI if "mini" in request.node.callspec.params["site"] else REPO
    sections = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((root / "content/sections").glob("*.yml"))]
    sources = yaml.safe_load((root / "content/sources.yml").read_text(encoding="utf-8"))
    expected = page_ids(
        [(section["id"], len(section.get("events") or ())) for section in sections],
        [claim["id"] for section in sections for claim in section.get("claims") or ()],
        [source["id"] for source in sources],
        facts=any(section.get("facts") for section in sections),
    )
    assert {page: site.ids[page] for page in expected} == expected


def test_the_pages_have_headings_and_markers_only_for_what_the_article_has() -> None:
    pages = page_ids([("only", 0)], [], [], facts=False)
    bare = pages["index.html"]
    assert bare == {"main", "legend-title", "only"} and pages["timeline.html"] == {"main"}  # no events: no timeline, nor its marker
    assert page_ids([("only", 0)], [], ["s"], facts=True)["index.html"] == bare | {"facts-title", "references-title", "source-s"}


def test_check_warns_of_each_link_that_leads_nowhere_and_of_none_that_leads_somewhere(mini_copy: Path) -> None:
    sound = "[a](#results) [b](sources.html#source-wire-report) [c](timeline.html#event-next-1) [d](#details-sales-2024)"
    dead = "[e](#claim-factory-2072) [f](timeline.html#event-next-2) [g](/about) [h](sourcs.html#source-wire-report)"
    edit(
        mini_copy,
        "content/sections/020-next.yml",
        "    sources: [factory-plan]\n",
        f"    note: '{sound} {dead}'\n    sources: [factory-plan]\n",
    )
    report = check_report(mini_copy)
    warned = [problem.message for problem in report.problems if problem.mark.path.endswith("020-next.yml")]
    assert not report.errors and len(warned) == 4, warned
    hrefs = ("#claim-factory-2072", "timeline.html#event-next-2", "/about", "sourcs.html#source-wire-report")
    assert all(any(f"'{href}'" in message for message in warned) for href in hrefs)


@pytest.mark.parametrize(
    ("markdown", "empty"),
    [
        ("See [](https://example.com/plan).", True),
        ("See [ ](https://example.com/plan).", True),
        ("See [\u200b](https://example.com/plan).", True),
        ("See [`plan.pdf`](https://example.com/plan.pdf).", False),  # a code span is text to see
        ("See [—](https://example.com/plan).", False),
        ("See [ ][plan].", False),  # no definition of `plan`: no link
        ("    [](https://example.com/plan)", False),  # code, shown as written
        ("See [the plan](https://example.com/plan).", False),
        ("See [&nbsp;](https://example.com/plan).", True),  # an entity that draws nothing
        ("See [\u3164](https://example.com/plan).", True),  # a Hangul filler: a letter that is blank
        ("See [&amp;](https://example.com/plan).", False),
        ("See [ ](javascript:alert(1)).", False),  # not made: the reader sees it as typed (a warning of its own)
    ],
)
def test_a_link_that_shows_nothing_is_found_as_the_parser_reads_it(markdown: str, empty: bool) -> None:
    assert links.has_empty_link(markdown) is empty
