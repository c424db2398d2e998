"""`python build.py serve`: build, serve `_site/` with livereload, rebuild on every save.

The watcher is watchdog (inotify on Linux, FSEvents on macOS): a save reaches
the browser in tens of milliseconds, where livereload's own poller looks only
every 0.8 s. Each change is handed to the `Builder`, which rebuilds what it
must and rewrites only the files whose bytes changed, in place, so the served
folder is never missing. A build with errors writes nothing: the last good
files stay on disk, and every page request gets an error page listing the
problems until they are fixed; then the open tabs reload into the article.
A change to the engine's own code restarts the process.
"""

from __future__ import annotations

import errno
import html
import logging
import os
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .incremental import Builder, Outcome
from .pipeline import ENGINE
from .problems import Problem, one_line

DEBOUNCE_SECONDS = 0.02  # one save is often several events (truncate, write, rename)
OPEN_DATA_DELAY_SECONDS = 0.5  # after a reload, for the tabs to fetch the page before the open data is remade
RESTARTED = "GLOSS_SERVE_RESTARTED"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class SiteFiles(StaticFileHandler):
    """Files under the site folder and nothing else; pages become the error page while the build fails.

    livereload makes the handler from a class, so each session serves through a subclass naming it."""

    session: Session

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def get_content_type(self) -> str:
        known = CONTENT_TYPES.get(Path(self.absolute_path).suffix.lower())
        return known or super().get_content_type()

    async def get(self, path: str, include_body: bool = True) -> None:
        failed = self.session.problems
        if failed and is_page(path):
            self.set_status(500, "Build failed")
            self.set_header("Content-Type", CONTENT_TYPES[".html"])
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(failed) if include_body else b"")
            return
        if "\0" in path:  # no file has such a name, and the file system would raise rather than say so
            raise web.HTTPError(404)
        try:
            await super().get(path, include_body)
        except web.HTTPError as error:
            if error.status_code == 403:  # outside the site, or not a file: nothing is there
                raise web.HTTPError(404) from None
            raise


def is_page(path: str) -> bool:
    return path == "" or path.endswith(("/", ".html"))


def error_page(problems: list[Problem]) -> bytes:
    """A page listing the problems; livereload's script, added before </head>, reloads it when they are fixed."""
    items = "\n".join(
        f'<li class="{problem.severity}"><code>{html.escape(one_line(str(problem.mark)))}</code> '
        f"<strong>{problem.severity}:</strong> {html.escape(one_line(problem.message))}"
        + (f'<br><span class="hint">{html.escape(one_line(problem.hint))}</span>' if problem.hint else "")
        + "</li>"
        for problem in problems
    )
    count = sum(problem.severity == "error" for problem in problems)
    heading = f"Build failed: {count} error{'' if count == 1 else 's'}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d1d1f; background: #fffaf5; }}
h1 {{ color: #a4161a; font-size: 1.5rem; }}
ol {{ padding-left: 1.5rem; }}
li {{ margin: 0 0 1rem; padding: .5rem .75rem; border-left: 4px solid #a4161a; background: #fff; overflow-wrap: anywhere; }}
li.warning {{ border-color: #b7791f; }}
code {{ font: .95em ui-monospace, monospace; }}
.hint {{ color: #555; }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p>Fix the file and save: this page turns back into the article by itself.</p>
<ol class="problems">
{items}
</ol>
</main>
</body>
</html>
""".encode()


class ChangeWatcher(Watcher):
    """livereload's watcher interface, driven by watchdog events instead of polling."""

    def __init__(self, folders: list[Path], on_change: Callable[[set[Path]], None]) -> None:
        super().__init__()
        self.folders = folders
        self.on_change = on_change
        self.observer = Observer()
        self.pending: set[Path] = set()
        self.timer: object | None = None
        self.loop: IOLoop | None = None

    def start(self, callback: object) -> bool:
        self.loop = IOLoop.current()
        handler = _Forward(self)
        for folder in self.folders:
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=True)
        self.observer.daemon = True
        self.observer.start()
        return True  # livereload need not poll

    def examine(self) -> tuple[None, None]:
        return None, None

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=2)

    def noticed(self, path: Path) -> None:
        """From watchdog's thread: hand the path to the server's loop."""
        if self.loop is not None and not _ignored(path):
            self.loop.add_callback(self._gather, path)

    def _gather(self, path: Path) -> None:
        assert self.loop is not None
        self.pending.add(path)
        if self.timer is not None:
            self.loop.remove_timeout(self.timer)
        self.timer = self.loop.call_later(DEBOUNCE_SECONDS, self._flush)

    def _flush(self) -> None:
        self.timer = None
        changed, self.pending = self.pending, set()
        self.on_change(changed)


class _Forward(FileSystemEventHandler):
    def __init__(self, watcher: ChangeWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in ("modified", "created", "deleted", "moved", "closed"):
            return
        for name in (event.src_path, getattr(event, "dest_path", "")):
            if name:
                self.watcher.noticed(Path(os.fsdecode(name)))


def _ignored(path: Path) -> bool:
    """Editors' scratch files and Python's caches."""
    name = path.name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".pyc", ".tmp")) or "__pycache__" in path.parts


class QuietServer(Server):
    """livereload's server, logging only warnings: the terminal is for the editor's messages."""

    def _setup_logging(self) -> None:
        channel = logging.StreamHandler()
        channel.setLevel(logging.WARNING)
        for name in ("livereload", "tornado"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.WARNING)
            logger.addHandler(channel)
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # a 404 or the error page is no news


class Session:
    """One `serve` run: the builder, the watcher and what to do on a change."""

    def __init__(self, root: Path, out: Path, base_url: str | None) -> None:
        self.root = root
        self.out = out
        self.builder = Builder(root, out, base_url)
        self.problems: list[Problem] = []  # the last build's, while it failed; read by the handler on the same thread
        folders = [root / "content", root / "seeds", ENGINE / "templates", ENGINE / "static", ENGINE / "gloss"]
        self.watcher = ChangeWatcher(list(dict.fromkeys(folder.resolve() for folder in folders)), self.changed)
        self._idle_timer: object | None = None  # the one idle moment owed, on the server's loop

    def build(self, changed: set[Path] | frozenset[Path] = frozenset(), *, open_data_later: bool = False) -> Outcome:
        outcome = self.builder.build(changed, open_data_later=open_data_later)
        self.problems = outcome.report.sorted() if not outcome.ok else []
        _print_outcome(outcome)
        return outcome

    def changed(self, paths: set[Path]) -> None:
        code = ENGINE / "gloss"
        if any(path.suffix == ".py" and path.is_relative_to(code) for path in paths):
            print("engine code changed: restarting", file=sys.stderr, flush=True)
            self.watcher.stop()
            os.environ[RESTARTED] = "1"
            os.execv(sys.executable, [sys.executable, *sys.argv])
        if any(path.is_relative_to(ENGINE / "templates") for path in paths):
            self.builder.templates_changed()
        self.build(paths, open_data_later=True)
        LiveReloadHandler.reload_waiters()
        # This runs on the server's loop: the open data waits until the tabs have fetched the page
        # (a request that comes later waits for it, no longer than before). A change meanwhile
        # finishes it first. Saves in quick succession owe one idle moment, after the last of them:
        # the full collection it runs costs a book tens of milliseconds.
        loop = IOLoop.current()
        if self._idle_timer is not None:
            loop.remove_timeout(self._idle_timer)
        self._idle_timer = loop.call_later(OPEN_DATA_DELAY_SECONDS, self.idle)

    def idle(self) -> None:
        """After a rebuild, once the tabs have the page: the open data, then the collector's work, neither in an editor's way."""
        self._idle_timer = None
        self.builder.finish()
        self.builder.settle()


def _print_outcome(outcome: Outcome) -> None:
    milliseconds = f"{outcome.seconds * 1000:.0f} ms"
    if not outcome.ok:
        sys.stderr.write(outcome.report.as_text())
        errors = len(outcome.report.errors)
        print(f"build failed in {milliseconds}: {errors} error(s); the browser shows them until fixed", file=sys.stderr, flush=True)
        return
    sys.stderr.write(outcome.report.as_text())
    written = ", ".join(outcome.changed[:4]) + (" …" if len(outcome.changed) > 4 else "") if outcome.changed else "nothing changed"
    print(f"built in {milliseconds}: {written}", file=sys.stderr, flush=True)


def serve(root: Path, out: Path, base_url: str | None, host: str, port: int, open_browser: bool) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background, where it is ignored
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    session = Session(root, out, base_url)
    server = QuietServer(watcher=session.watcher)
    server.SFH = type("SessionFiles", (SiteFiles,), {"session": session})
    url = f"http://{_url_host(host)}:{port}/"
    try:
        _listen(server, out, host, port)  # first: a port in use is said before any build touches the folder
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"error: port {port} on {host} is already in use; try another one with --port {port + 1}", file=sys.stderr)
        else:  # no such address (--host 256.1.1.1), or one we may not use
            print(f"error: cannot listen on {host}:{port}: {error.strerror or error}", file=sys.stderr)
        return 1
    try:
        out.mkdir(parents=True, exist_ok=True)  # even before a first good build: there is a folder to serve
        session.build()
        session.idle()
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"error: cannot make {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"serving {url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, (url,)).start()
    if os.environ.pop(RESTARTED, None):  # the tabs reconnect after a restart; reload them with the new code
        IOLoop.current().call_later(1.5, LiveReloadHandler.reload_waiters)
    try:
        _run(server)
    except KeyboardInterrupt:
        pass
    finally:
        session.watcher.stop()
    print("stopped", file=sys.stderr)
    return 0


def _listen(server: QuietServer, out: Path, host: str, port: int) -> None:
    """Bind now, so a port in use is reported before the loop starts."""
    server.root = str(out)
    server.default_filename = "index.html"
    server._setup_logging()
    server.application(port, host, live_css=True)


def _run(server: QuietServer) -> None:
    server.watcher.watch(".")  # a task, so livereload does not add the working folder
    LiveReloadHandler.start_tasks()
    IOLoop.current().start()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
