"""`python build.py serve`: a real server in a subprocess over a scratch copy of the fixture site.

Every wait is bounded polling for a state, never a timed assertion.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINI, REPO
from htmltree import Element, parse

PATIENCE = 30.0  # seconds a state may take to appear before the test gives up


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes

    @property
    def page(self) -> Element:
        return parse(self.body.decode("utf-8"))


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    root: Path
    log: Path

    def get(self, path: str) -> Response:
        # http.client sends the path as written: no client-side folding of `..`
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return Response(response.status, response.getheader("Content-Type", ""), response.read())
        finally:
            connection.close()

    def wait_for(self, condition: Callable[[Response], bool], path: str = "/") -> Response:
        deadline = time.monotonic() + PATIENCE
        last: Response | str = "no response"
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited with {self.process.returncode}:\n{self.log.read_text()}"
            try:
                last = self.get(path)
                if condition(last):
                    return last
            except (ConnectionError, OSError) as error:  # not listening yet (or restarting)
                last = repr(error)
            time.sleep(0.05)
        raise AssertionError(f"gave up waiting on {path}; last response: {last}\n{self.log.read_text()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(root: Path, port: int, log: Path) -> Server:
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--out", str(root / "_site"), "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=root, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return Server(process, port, root, log)


def is_article(response: Response) -> bool:
    return response.status == 200 and response.page.by_id("claim-factory-2027") is not None


def on_disk(root: Path) -> Response:
    return Response(200, "text/html", (root / "_site/index.html").read_bytes())


def verdict(response: Response) -> str:
    mark = response.page.by_id("claim-factory-2027")
    assert mark is not None
    return mark.attrs["data-verdict"]


def annotated_verdict(response: Response, claim: str = "factory-2027") -> str | None:
    """The verdict annotations.jsonld tags the claim with."""
    items = json.loads(response.body)["first"]["items"]
    annotation = next(item for item in items if item["id"].endswith("#" + claim))
    return next(body["value"] for body in annotation["body"] if body.get("purpose") == "tagging")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = Path(shutil.copytree(MINI, tmp_path_factory.mktemp("serve") / "mini"))
    running = start(root, free_port(), root.parent / "serve.log")
    try:
        running.wait_for(is_article)
        yield running
    finally:
        running.stop()


def test_edit_break_fix_and_stop(tmp_path: Path) -> None:
    root = Path(shutil.copytree(MINI, tmp_path / "mini"))
    server = start(root, free_port(), tmp_path / "serve.log")
    try:
        first = server.wait_for(is_article)
        assert verdict(first) == "accurate"
        assert first.page.find("script") is not None  # livereload's snippet, so open tabs follow the edits

        section = root / "content/sections/020-next.yml"
        good = section.read_text(encoding="utf-8")
        section.write_text(good.replace("verdict: accurate", "verdict: mostly-accurate", 1), encoding="utf-8")
        server.wait_for(lambda response: is_article(response) and verdict(response) == "mostly-accurate")
        assert verdict(on_disk(root)) == "mostly-accurate"  # written to the site folder, not only served
        # The open data follows once the tabs have reloaded.
        server.wait_for(lambda response: annotated_verdict(response) == "mostly-accurate", "/annotations.jsonld")

        section.write_text(good + '"<b>oops</b>": [unclosed\n', encoding="utf-8")
        broken = server.wait_for(lambda response: response.status == 500)
        assert broken.content_type.startswith("text/html")
        problems = broken.page.find("ol", class_="problems")
        assert problems is not None
        messages = [item.text() for item in problems.find_all("li")]
        assert any("020-next.yml:" in message and "YAML" in message for message in messages), messages
        assert not problems.find_all("b")  # content in a message is text, never markup
        assert broken.page.find("script") is not None  # so the page reloads itself once fixed
        # The last good site stays on disk for the other files meanwhile.
        assert (root / "_site/sources.html").is_file()
        assert verdict(on_disk(root)) == "mostly-accurate"
        stylesheet = server.get("/static/gloss.css")
        assert stylesheet.status == 200

        section.write_text(good, encoding="utf-8")
        fixed = server.wait_for(is_article)
        assert verdict(fixed) == "accurate"
        assert server.process.poll() is None
    finally:
        code = server.stop()
    log = server.log.read_text()
    assert code == 0, log
    assert "Traceback" not in log
    assert "error: YAML syntax" in log  # the terminal shows the problems too


@pytest.mark.parametrize(
    "path",
    [
        "/../content/article.yml",
        "/../../etc/passwd",
        "/%2e%2e/content/article.yml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/static/../../content/article.yml",
        "/static/%2e%2e/%2e%2e/content/article.yml",
        "/..%2fcontent%2farticle.yml",
        "/static/",
        "/%00",
        "/index.html%00.css",
    ],
)
def test_nothing_outside_the_site_is_served(server: Server, path: str) -> None:
    response = server.get(path)
    assert response.status == 404
    assert b"Acme" not in response.body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "text/html"),
        ("static/gloss.css", "text/css"),
        ("static/gloss.js", "text/javascript"),
        ("image.svg", "image/svg+xml"),
        ("data.json", "application/json"),
        ("data.jsonld", "application/ld+json"),
        ("feed.xml", "application/xml"),
        ("facts.csv", "text/csv"),
    ],
)
def test_content_types(server: Server, name: str, expected: str) -> None:
    target = server.root / "_site" / name
    if not target.exists():  # a file type this site does not make (yet): serve a stand-in
        target.write_bytes(b"{}")
    response = server.get("/" + name)
    assert response.status == 200
    assert response.content_type.split(";")[0].strip() == expected


def test_port_in_use_is_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        root = Path(shutil.copytree(MINI, tmp_path / "mini"))
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"port {port}" in result.stderr and "--port" in result.stderr
    assert not (root / "_site").exists(), "said before a build touched the folder another server may be serving"


def test_the_error_page_shows_what_does_not_print_as_escapes(tmp_path: Path) -> None:
    """A problem may quote a key such as "x\\uFFFE\\a": the page names those characters and holds none of them."""
    from gloss.files import UNSHOWABLE
    from gloss.problems import Mark, Problem
    from gloss.serve import error_page

    problem = Problem(Mark("content/article.yml", 3, 1), "error", "unknown key 'x\ufffe\a' in article", "known keys: title")
    page = error_page([problem]).decode("utf-8")
    assert UNSHOWABLE.search(page) is None
    assert "unknown key 'x\\ufffe\\x07' in article" in parse(page).text()
