"""Browser fixtures: Debian's Chromium driven by Playwright, one browser per session.

Each built site (the fixture site, the right-to-left fixture site, and the real
article when its content checks clean) is served over HTTP on 127.0.0.1, as GitHub Pages would serve it. Every
page a test opens records the requests that would leave the site (they are
aborted) and the console errors; both must stay empty.

Without /usr/bin/chromium these tests skip with an install hint, unless
GLOSS_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import launch, require_chromium, static_server

from gloss.pipeline import build, check
from gloss.problems import Report

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "tests" / "node" / "node_modules"


@pytest.fixture(scope="session")
def node_tool() -> Callable[[str], Path]:
    """`node_tool("axe-core/axe.min.js")`: a file from tests/node/node_modules, which `make test` installs."""

    def find(relative: str) -> Path:
        path = NODE_MODULES / relative
        if not path.exists():
            pytest.fail(f"{path} is missing: run `make test` (or `npm install --prefix tests/node --no-audit --no-fund`)", pytrace=False)
        return path

    return find


@dataclass
class Site:
    """A built site served over HTTP."""

    name: str
    root: Path
    url: str  # ends with "/"


@pytest.fixture(scope="session")
def served(mini_site: Path, rtl_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    """Start a server per site on first use; `served("mini")`, `served("rtl")` or `served("real")`."""
    servers: dict[str, tuple[ThreadingHTTPServer, Site]] = {}

    def serve(name: str) -> Site:
        if name not in servers:
            root = {"mini": mini_site, "rtl": rtl_site}.get(name) or real_site_if_clean(tmp_path_factory)
            server = static_server(root)
            servers[name] = (server, Site(name, root, f"http://127.0.0.1:{server.server_address[1]}/"))
        return servers[name][1]

    yield serve
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


@functools.cache
def _real_site_build(out: Path) -> Path | None:
    report = Report()
    check(REPO, report)
    if report.as_text():
        return None
    report = Report()
    assert build(REPO, out, report, None) is not None, report.as_text()
    return out


def real_site_if_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = _real_site_build(tmp_path_factory.getbasetemp() / "browser-real" / "_site")
    if built is None:
        pytest.skip("the real content does not check clean yet (test_site reports why); its browser tests wait for it")
    return built


@pytest.fixture(params=["mini", "rtl", "real"])
def site(request: pytest.FixtureRequest, served: Callable[[str], Site]) -> Site:
    """Each test that takes `site` runs on the fixture site, the right-to-left one and the real article."""
    return served(request.param)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One browser per test module: Playwright's sync API runs an event loop, which must be stopped
    before other modules' tests (test_export, test_publish) start their own."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What the pages of one context did that they must not: leave the site, log errors."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser, site: Site) -> Iterator[Callable[..., object]]:  # noqa: ANN001 (a Playwright Browser)
    """`open_page("index.html", width=375, **context_options)` → a loaded page of `site`.

    After the test: no request left the site and no console error was logged.
    """
    watch = Watch()
    contexts = []

    def guard(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    def open_(path: str = "index.html", width: int = 1280, height: int = 900, **options: object):  # noqa: ANN202
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and watch.errors.append(message.text))
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page.goto(site.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert watch.outside == [], "requests left the site"
    assert watch.errors == [], "console errors"
