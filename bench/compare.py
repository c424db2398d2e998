"""Two versions of Gloss, timed run by run: `python bench/compare.py REV_A REV_B` (see --help).

On a shared machine one figure drifts by a third from one minute to the next, so two versions
timed one after the other say little. This alternates them, run by run, on the same project,
and prints the medians. Each version runs from its own `git archive` of the revision, its
bytecode written first as a user's is: a copy run with PYTHONDONTWRITEBYTECODE set (some
shells and CI set it) compiles every module of Gloss on every run, about 60 ms here, which
once made a version look faster than it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import ENV, REPO, project, run_process


def checkout(revision: str, tree: Path) -> Path:
    """The tree of `revision` (or the working tree, for ".") in `tree`, bytecode written, ready to run."""
    tree.mkdir()
    if revision == ".":
        # The working tree as it stands, new files included and ignored ones left out: staged into an index
        # of its own, so the repository's index is untouched, and written as a tree, which git archive takes.
        scratch = tree.with_name(tree.name + ".index")
        shutil.copyfile(REPO / git("rev-parse", "--git-path", "index").decode().strip(), scratch)  # what git knows stays known
        index = {**os.environ, "GIT_INDEX_FILE": str(scratch)}
        git("add", "--all", env=index)
        revision = git("write-tree", env=index).decode().strip()
    data = git("archive", revision)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=data, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "gloss")], check=True, env=ENV)
    return tree


def git(*arguments: str, env: dict[str, str] | None = None) -> bytes:
    done = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(arguments)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("revisions", nargs=2, metavar="REV", help="two git revisions; '.' is the working tree")
    options.add_argument("--size", default="xiaomi", help="xiaomi (the shipped article) or a number of sections (default xiaomi)")
    options.add_argument("--runs", type=int, default=15, help="runs of each command per version (default 15)")
    args = options.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gloss-compare-") as scratch:
        folder = Path(scratch)
        root = project(args.size, folder)
        trees = [checkout(revision, folder / f"gloss-{index}") for index, revision in enumerate(args.revisions)]
        for command in ("build", "check"):
            walls: list[list[float]] = [[], []]
            for _ in range(args.runs):
                for index, tree in enumerate(trees):
                    arguments = [sys.executable, str(tree / "build.py"), command, "--root", str(root)]
                    if command == "build":
                        arguments += ["--out", str(folder / f"site-{index}")]
                    walls[index].append(run_process(arguments)[0])
            for revision, times in zip(args.revisions, walls, strict=True):
                print(f"{command:6} {revision:12} median {statistics.median(times) * 1000:8.1f} ms   best {min(times) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
