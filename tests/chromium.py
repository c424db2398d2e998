"""Debian's Chromium for the tests that need a real browser, and a quiet local server.

Without /usr/bin/chromium those tests skip with an install hint, unless
GLOSS_REQUIRE_BROWSER is set (CI sets it): then they fail, so CI always runs them.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and no background calls home: this machine's network is closed.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = "browser tests need Chromium at /usr/bin/chromium: `sudo apt-get install chromium` (Debian/Ubuntu)"
    if os.environ.get("GLOSS_REQUIRE_BROWSER"):
        pytest.fail(message + "; GLOSS_REQUIRE_BROWSER is set, so this is a failure", pytrace=False)
    pytest.skip(message)


def launch(playwright: Playwright) -> Browser:
    require_chromium()
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def static_server(directory: Path) -> ThreadingHTTPServer:
    """Serve `directory` on a free port of 127.0.0.1 until the server is shut down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
