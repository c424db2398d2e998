"""Screenshots of a built site in headless Chromium, for looking at the result by eye.

    python tools/screenshot.py _site shots/

Writes, for index, timeline and sources at 1280 and 375 pixels, light and dark:
`<page>-<width>-<scheme>.png` (full page); plus `popover-<width>.png` (a claim's
popover open, viewport only), `filter-1280.png` (the verdict filter in use) and
`print-index.png` (the print stylesheet, via media emulation).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from chromium import ARGS, CHROMIUM  # noqa: E402 (one place for the browser's path and flags)

PAGES = ("index", "timeline", "sources")
WIDTHS = (1280, 375)


def pages(browser: Browser, site: Path, out: Path) -> None:
    for name in PAGES:
        for width in WIDTHS:
            for scheme in ("light", "dark"):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page.goto((site / f"{name}.html").resolve().as_uri())
                page.screenshot(path=str(out / f"{name}-{width}-{scheme}.png"), full_page=True)
                page.close()


def popover(browser: Browser, site: Path, out: Path) -> None:
    """The second claim's popover, opened by a click, at each width."""
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto((site / "index.html").resolve().as_uri())
        badge = page.locator(".claim-end > a").nth(1)
        badge.scroll_into_view_if_needed()
        page.mouse.wheel(0, -200)
        badge.click()
        page.locator(".pop").wait_for(state="visible")
        page.screenshot(path=str(out / f"popover-{width}.png"))
        page.close()


def filtered(browser: Browser, site: Path, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto((site / "index.html").resolve().as_uri() + "?show=mixed,inaccurate")
    page.screenshot(path=str(out / "filter-1280.png"))
    page.close()


def printed(browser: Browser, site: Path, out: Path) -> None:
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto((site / "index.html").resolve().as_uri())
    page.emulate_media(media="print")
    page.screenshot(path=str(out / "print-index.png"), full_page=True)
    page.close()


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        for shoot in (pages, popover, filtered, printed):
            shoot(browser, site, out)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
