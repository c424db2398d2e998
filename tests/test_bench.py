"""The benchmark runs end to end at a tiny size, and what it prints and writes parses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_benchmark_runs_and_its_output_parses(tmp_path: Path) -> None:
    figures = tmp_path / "latest.json"
    command = [sys.executable, str(REPO / "bench/bench.py"), "--sizes", "4", "--runs", "1", "--no-latency"]
    command += ["--long-words", "1000", "--long-claims", "40", "--json", str(figures)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    data = json.loads(figures.read_text(encoding="utf-8"))
    row = data["sizes"]["4"]
    assert row["sections"] == 4
    for key in (
        *("first_build_ms", "build_ms", "build_cpu_ms", "check_ms", "check_cpu_ms"),
        *("rebuild_ms", "rebuild_cpu_ms", "open_data_after_ms", "build_peak_mb", "imports_ms"),
    ):
        assert isinstance(row[key], (int, float)) and row[key] > 0, key
    assert data["long_section"]["claims"] == 40
    assert 0 < data["cores"] <= 4  # two processes' pace over one's: 2.0 on two free cores

    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.split()[:2] == ["size", "sections"])
    table = lines[lines.index(header) + 1].split()
    assert table[:2] == ["4", "4"]
    assert float(table[3].replace(",", "")) == round(row["build_ms"])


def test_budgets_are_scaled_by_the_import_floor_of_the_same_runs() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from bench import budgets

    sizes = {
        "xiaomi": {"build_ms": 250.0, "check_ms": 140.0, "rebuild_ms": 9.0, "imports_ms": 195.0},
        "1000": {"build_ms": 1600.0, "imports_ms": 160.0},
        "5000": {"build_ms": 8800.0, "imports_ms": 200.0, "build_peak_mb": 270.0},
    }
    rows = {row["budget"]: row for row in budgets(sizes)}
    assert "xiaomi save→served" not in rows  # not measured in this run
    assert (rows["xiaomi build"]["limit"], rows["xiaomi build"]["scaled_limit"]) == (200, 300)  # imports 1.5× the 130 ms of the day set
    assert rows["xiaomi check"]["measured"] == 140.0
    ratio = rows["5000 ÷ 1000 build"]
    assert (ratio["measured"], ratio["limit"], ratio["scaled_limit"]) == (5.5, 5.5, 6.88)  # the 5,000 runs went at 0.8× the pace
    assert rows["5000 peak memory"]["scaled_limit"] == 300  # memory does not follow the pace
    assert [rows[name]["verdict"] for name in ("xiaomi build", "xiaomi check", "5000 ÷ 1000 build")] == ["met when scaled", "met", "met"]
    over = budgets({"5000": {"build_ms": 8.0, "imports_ms": 1.0, "build_peak_mb": 300.004}})
    assert [(row["budget"], row["measured"], row["verdict"]) for row in over] == [("5000 peak memory", 300.0, "missed")]  # judged unrounded


def test_two_versions_compared_run_by_run_print_their_medians(tmp_path: Path) -> None:
    command = [sys.executable, str(REPO / "bench/compare.py"), "HEAD", ".", "--size", "4", "--runs", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [(row[0], row[1]) for row in rows] == [("build", "HEAD"), ("build", "."), ("check", "HEAD"), ("check", ".")]
    assert all(float(row[3]) > 0 for row in rows)
