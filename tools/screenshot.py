"""Screenshots of built pages in headless Chromium, for looking at the result by eye.

    python tools/screenshot.py _site shots/   # writes index/timeline/sources at 1280 and 375 px, light and dark
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for page_name in ("index", "timeline", "sources"):
            for width in (1280, 375):
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page.goto((site / f"{page_name}.html").resolve().as_uri())
                    page.screenshot(path=str(out / f"{page_name}-{width}-{scheme}.png"), full_page=True)
                    page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
