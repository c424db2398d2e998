"""The benchmark: `make bench` (or `python bench/bench.py --help`).

For the Xiaomi article (a copy of content/ and seeds/) and synthetic projects
of N sections (bench/synthetic.py), it times, as the median of several runs:
a full build as a whole process, `check` as a whole process, and the rebuild
after editing one section through the path `serve` uses (gloss.incremental):
until the browser reloads, then the open data it writes after the reload.
For the Xiaomi article it also times save-to-served through a running
`build.py serve`. It also times the algorithms on one long section, first, in
this process (with the garbage collector tuned as `build.py` tunes it), before
the sizes' rebuilds fill it. It prints a table and writes the figures as JSON.

Two figures say what the machine gave at the time: the import floor (`python -c
'import yaml, markdown_it, jinja2'`, run between the builds and checks of each
size) and how far two busy processes outpace one (the most a forked child can
give a big build). On a shared machine both drift from minute to minute, so the
timed budgets are printed as set and scaled by the import floor of the same runs.

Every build is a whole build: the only thing kept between runs is Jinja's
compiled-template cache, keyed by each template's source checksum; the first
build of each size runs without it and is reported as `first build`.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from synthetic import generate, long_project  # noqa: E402

from gloss.cli import tune_gc  # noqa: E402

BUILD = [sys.executable, str(REPO / "build.py")]
# As a user runs it: Python writes and reuses its bytecode (some shells and CI turn that off).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_process(arguments: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one process; fails loudly if it fails."""
    reply = _launcher().run(arguments, env or ENV)
    if reply["code"] != 0:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{reply['errors']}")
    return reply["seconds"], reply["cpu"], reply["peak_mb"]


class Launcher:
    """bench/launch.py, started while this process is small: it spawns every timed process."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(HERE / "launch.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, arguments: list[str], env: dict[str, str]) -> dict[str, Any]:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(json.dumps({"arguments": arguments, "env": env}) + "\n")
        self._process.stdin.flush()
        return json.loads(self._process.stdout.readline())


@functools.cache
def _launcher() -> Launcher:
    return Launcher()


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


IMPORTS = [sys.executable, "-c", "import yaml, markdown_it, jinja2"]  # the floor under a build: its three libraries


def measure_processes(root: Path, runs: int) -> dict[str, float]:
    """Build and check as whole processes; each run follows a run of the import floor, so the
    two are measured in the same minutes on a machine whose speed drifts."""
    out = root / "_site"
    build = [*BUILD, "build", "--root", str(root), "--out", str(out)]
    with tempfile.TemporaryDirectory() as empty:  # no compiled templates at all: the very first build
        first = run_process(build, {**ENV, "TMPDIR": empty})[0]
    floor, builds, checks = [], [], []
    for _ in range(runs):
        floor.append(run_process(IMPORTS)[0])
        builds.append(run_process(build))
        floor.append(run_process(IMPORTS)[0])
        checks.append(run_process([*BUILD, "check", "--root", str(root)]))
    return {
        "first_build_ms": round(first * 1000, 1),
        "build_ms": median_ms([wall for wall, _, _ in builds]),
        "build_cpu_ms": median_ms([cpu for _, cpu, _ in builds]),
        "check_ms": median_ms([wall for wall, _, _ in checks]),
        "check_cpu_ms": median_ms([cpu for _, cpu, _ in checks]),
        "build_peak_mb": round(max(peak for _, _, peak in builds), 1),
        "imports_ms": median_ms(floor),
    }


SPIN = [sys.executable, "-c", "n = 0\nfor i in range(4_000_000): n += i"]


def measure_cores(runs: int) -> float:
    """How many times one process's pace two processes keep up together (2.0 for two free
    cores): what a forked child can give a big build on this machine, at this time."""
    alone, together = [], []
    for _ in range(runs):
        alone.append(run_process(SPIN)[0])
        started = time.perf_counter()
        pair = [subprocess.Popen(SPIN) for _ in range(2)]
        for process in pair:
            process.wait()
        together.append(time.perf_counter() - started)
    return round(2 * statistics.median(alone) / statistics.median(together), 2)


def edited_title(text: str, run: int) -> str:
    """The section file with its title changed: the output changes, the seed still matches."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: Edited section, run {run}"
    return "\n".join(lines)


def measure_rebuild(root: Path, runs: int) -> tuple[float, float, float]:
    """As `serve` rebuilds after a save: the pages (then the browser reloads), then the open data.
    Wall and CPU milliseconds until the reload, and wall milliseconds of the open data after it."""
    from gloss.incremental import Builder

    builder = Builder(root, root / "_site_serve", None)
    assert builder.build().ok
    builder.settle()
    files = sorted((root / "content/sections").glob("*.yml"))
    section = files[len(files) // 2]
    original = section.read_text(encoding="utf-8")
    walls, cpus, after = [], [], []
    for run in range(runs + 1):
        section.write_text(edited_title(original, run), encoding="utf-8")
        outcome = builder.build({section}, open_data_later=True)
        assert outcome.ok and "index.html" in outcome.changed, outcome.report.as_text()
        started = time.perf_counter()
        builder.finish()
        finished = time.perf_counter()
        builder.settle()  # as `serve` does while idle, after the open data
        if run:  # the first rebuild warms what a long-running server has warm
            walls.append(outcome.seconds)
            cpus.append(outcome.cpu_seconds)
            after.append(finished - started)
    section.write_text(original, encoding="utf-8")
    return median_ms(walls), median_ms(cpus), median_ms(after)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int) -> bytes | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        return connection.getresponse().read()
    except OSError:
        return None
    finally:
        connection.close()


def measure_latency(root: Path, runs: int) -> float:
    """From a section's save to the new page being served by `build.py serve`."""
    from gloss.serve import OPEN_DATA_DELAY_SECONDS

    port = free_port()
    command = [*BUILD, "serve", "--root", str(root), "--out", str(root / "_site_live"), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while (page := fetch(port)) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("serve did not start")
            time.sleep(0.05)
        files = sorted((root / "content/sections").glob("*.yml"))
        section = files[len(files) // 2]
        original = section.read_text(encoding="utf-8")
        timings = []
        for run in range(runs):
            time.sleep(OPEN_DATA_DELAY_SECONDS + 0.5)  # let the previous change settle, its open data included
            section.write_text(edited_title(original, run), encoding="utf-8")
            saved = time.perf_counter()
            while (new := fetch(port)) == page or new is None:
                if time.perf_counter() - saved > 10:
                    raise SystemExit("serve did not pick up the change")
                time.sleep(0.002)
            timings.append(time.perf_counter() - saved)
            page = new
        section.write_text(original, encoding="utf-8")
        return median_ms(timings)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def measure_algorithms(words: int, claims: int) -> dict[str, float]:
    """Anchoring, segmentation, citation numbering, the seed check and highlighting on one long section."""
    from gloss.markup import make_parser
    from gloss.pipeline import ENGINE, check
    from gloss.problems import Report
    from gloss.render import environment, render_body

    with tempfile.TemporaryDirectory() as folder:
        root, quotes = long_project(Path(folder), words, claims)
        report = Report()
        started = time.perf_counter()
        check(root, report, model=False)  # as `build.py check` runs: no model, no note rendered
        checked = time.perf_counter() - started
        assert not report.errors, report.as_text()[:2000]
        article = check(root, Report())
        assert article is not None
        env = environment(ENGINE / "templates")
        md = make_parser()
        started = time.perf_counter()
        render_body(article.sections[0], md, env)
        rendered = time.perf_counter() - started
    return {"words": words, "claims": len(quotes), "check_ms": round(checked * 1000, 1), "highlight_ms": round(rendered * 1000, 1)}


def project(size: str, folder: Path) -> Path:
    root = folder / f"project-{size}"
    if size == "xiaomi":
        for part in ("content", "seeds"):
            shutil.copytree(REPO / part, root / part)
        return root
    return generate(root, int(size))


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--sizes", default="xiaomi,100,1000,5000", help="comma-separated: xiaomi and/or numbers of sections")
    options.add_argument("--runs", type=int, default=5, help="runs per figure; the median is reported (default 5)")
    options.add_argument("--long-words", type=int, default=50_000, help="words in the long section (default 50000)")
    options.add_argument("--long-claims", type=int, default=2_000, help="claims in the long section (default 2000)")
    options.add_argument("--no-latency", action="store_true", help="skip the save-to-served measurement through a live server")
    options.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to write the figures")
    args = options.parse_args(argv)

    results: dict[str, object] = {
        "command": "python bench/bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()},
        "sizes": {},
    }
    sizes: dict[str, dict[str, float]] = results["sizes"]  # type: ignore[assignment]
    _launcher()  # before this process grows
    tune_gc()  # as every command of build.py runs, `serve` included
    results["cores"] = measure_cores(args.runs)
    print(f"two processes at once keep {results['cores']}× the pace of one (2.0 when both cores are free)")
    print("imports: `python -c 'import yaml, markdown_it, jinja2'`, run between the builds and checks of each size\n")
    # First, while this process holds nothing else: after the sizes' rebuilds it holds their garbage.
    results["long_section"] = long = measure_algorithms(args.long_words, args.long_claims)
    with tempfile.TemporaryDirectory(prefix="gloss-bench-") as folder:
        for size in args.sizes.split(","):
            root = project(size.strip(), Path(folder))
            sections = len(list((root / "content/sections").glob("*.yml")))
            figures: dict[str, float] = {"sections": sections}
            figures.update(measure_processes(root, args.runs))
            figures["rebuild_ms"], figures["rebuild_cpu_ms"], figures["open_data_after_ms"] = measure_rebuild(root, args.runs)
            if size == "xiaomi" and not args.no_latency:
                figures["save_to_served_ms"] = measure_latency(root, args.runs)
            sizes[size] = figures
            print_row(size, figures)
    print(f"\nlong section, {long['words']:,} words and {long['claims']:,} claims: ", end="")
    print(f"check {long['check_ms']} ms, highlight {long['highlight_ms']} ms")
    results["budgets"] = budgets(sizes)
    print_budgets(results["budgets"])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {os.path.relpath(args.json)}")
    return 0


# The budgets of the performance issue, set on this kind of machine when the import floor took
# about 130 ms. A machine running slower or faster than that day moves every time with it, so a
# timed budget is also shown scaled by the import floor of the same size's runs; the 5,000 ÷ 1,000
# ratio, by the two sizes' floors (the machine may change pace between them); memory is not scaled.
BUDGETS = (
    ("xiaomi build", "ms", 200),
    ("xiaomi check", "ms", 150),
    ("xiaomi rebuild", "ms", 30),
    ("xiaomi save→served", "ms", 300),
    ("1000 build", "ms", 1500),
    ("5000 ÷ 1000 build", "×", 5.5),
    ("5000 peak memory", "MB", 300),
)
BUDGET_IMPORTS_MS = 130
_FIGURES = {"build": "build_ms", "check": "check_ms", "rebuild": "rebuild_ms", "save→served": "save_to_served_ms"}


def budgets(sizes: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Each budget whose figures were measured: the figure, the budget as set, and as scaled."""
    rows = []
    for name, unit, limit in BUDGETS:
        figures = _budget_figures(name, limit, sizes)
        if figures is None:
            continue
        measured, scaled = figures
        verdict = "met" if measured <= limit else "met when scaled" if measured <= scaled else "missed"  # before rounding
        rows.append(
            {
                "budget": name,
                "unit": unit,
                "measured": round(measured, 2),
                "limit": limit,
                "scaled_limit": round(scaled, 2),
                "verdict": verdict,
            }
        )
    return rows


def _budget_figures(name: str, limit: float, sizes: dict[str, dict[str, float]]) -> tuple[float, float] | None:
    """The measured figure and the budget scaled to the run's pace; None when a figure is missing."""
    if name == "5000 ÷ 1000 build":
        big, small = sizes.get("5000", {}), sizes.get("1000", {})
        if not all(size.get(key) for size in (big, small) for key in ("build_ms", "imports_ms")):
            return None
        return big["build_ms"] / small["build_ms"], limit * big["imports_ms"] / small["imports_ms"]
    if name == "5000 peak memory":
        peak = sizes.get("5000", {}).get("build_peak_mb")
        return None if peak is None else (peak, limit)
    size, figure = name.split(" ", 1)
    row = sizes.get(size, {})
    if _FIGURES[figure] not in row or not row.get("imports_ms"):
        return None
    return row[_FIGURES[figure]], limit * row["imports_ms"] / BUDGET_IMPORTS_MS


def print_budgets(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    print(f"\nbudgets: as set (imports ~{BUDGET_IMPORTS_MS} ms), and scaled to the pace of this run (its imports)")
    for row in rows:
        measured, limit, scaled, unit = row["measured"], row["limit"], row["scaled_limit"], row["unit"]
        digits = 2 if unit == "×" else 1
        figures = f"{measured:>9,.{digits}f} {unit:2}   budget {limit:>6,} {unit:2}  scaled {scaled:>8,.{digits}f} {unit:2}"
        print(f"  {row['budget']:20} {figures}   {row['verdict']}")


COLUMNS = (
    ("size", 8),
    ("sections", 8),
    ("first build", 12),
    ("build", 9),
    ("(cpu)", 7),
    ("check", 9),
    ("(cpu)", 7),
    ("rebuild", 9),
    ("(cpu)", 7),
    ("+open data", 11),
    ("save→served", 12),
    ("peak MB", 8),
    ("imports", 8),
)
_header_printed = False


def print_row(size: str, figures: dict[str, float]) -> None:
    global _header_printed
    if not _header_printed:
        print("  ".join(name.rjust(width) for name, width in COLUMNS) + "   (medians; times in ms)")
        _header_printed = True
    cells = [
        size,
        f"{figures['sections']:,}",
        f"{figures['first_build_ms']:,.0f}",
        f"{figures['build_ms']:,.0f}",
        f"{figures['build_cpu_ms']:,.0f}",
        f"{figures['check_ms']:,.0f}",
        f"{figures['check_cpu_ms']:,.0f}",
        f"{figures['rebuild_ms']:,.1f}",
        f"{figures['rebuild_cpu_ms']:,.1f}",
        f"{figures['open_data_after_ms']:,.1f}",
        f"{figures['save_to_served_ms']:,.0f}" if "save_to_served_ms" in figures else "-",
        f"{figures['build_peak_mb']:,.0f}",
        f"{figures['imports_ms']:,.0f}",
    ]
    print("  ".join(cell.rjust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
