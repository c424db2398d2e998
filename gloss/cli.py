"""The command line behind build.py: a thin layer over the pipeline."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any

from .files import why_not
from .problems import Report

DEFAULT_ROOT = Path(__file__).resolve().parent.parent


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width. argparse makes one for every option
    it adds; asked nothing, each would look the width up through shutil, and importing shutil
    (with three compression modules) costs a short article's `check` a fortieth of its time."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)  # less 2, as argparse does


def _terminal_columns() -> int:
    """As `shutil.get_terminal_size` finds them: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, **options: Any) -> None:
        super().__init__(formatter_class=_Formatter, **options)


def parser() -> argparse.ArgumentParser:
    main = _Parser(  # its subcommands' parsers are of its class
        prog="build.py",
        description="Gloss: build a static site of an annotated article from YAML content. "
        "With no command, builds the site (same as `build`).",
        epilog="Each command has its own options: `python build.py COMMAND --help`.",
    )
    _add_build_options(main, None)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into _site/ (the default)")
    _add_build_options(build)
    check = commands.add_parser("check", help="validate all content; write nothing")
    _add_root(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print problems (default: text)")
    serve = commands.add_parser("serve", help="build, serve _site/ and rebuild on every change")
    _add_build_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 1 to 65535 (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    split = commands.add_parser(
        "split",
        help="start an article: write content/article.yml and section files from a plain-text seed",
        description="Write content/article.yml (byline prefilled, placeholders marked TODO) and one file per section "
        "in content/sections/, split at the seed's subheadings, with the seed's text verbatim and no annotations yet.",
    )
    _add_root(split)
    split.add_argument("seed", type=Path, metavar="SEED", help="the plain-text seed, e.g. seeds/article.txt")
    split.add_argument("--force", action="store_true", help="replace an existing article (its files are moved to content/replaced-N/)")
    split.add_argument("--title", help="the article's headline (default: a TODO placeholder from the seed's first words)")
    split.add_argument("--published", type=_date, help="publication date: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY (default: a TODO, today)")
    split.add_argument(
        "--paragraphs", type=_positive, default=3, metavar="N", help="paragraphs per section for a seed without subheadings (default: 3)"
    )
    schema = commands.add_parser("schema", help="write the JSON Schemas for editors into schemas/")
    _add_root(schema)
    return main


def _port(text: str) -> int:
    number = _positive(text)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is past 65535, the last port")
    return number


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 up")
    return number


def _date(text: str) -> str:
    from .dates import Date, DateError

    try:
        Date.parse(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


# A command's copy of an option the main parser also has leaves the main parser's value alone
# unless given (SUPPRESS), so `build.py --root X check` and `build.py check --root X` agree.
def _add_root(command: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    command.add_argument(
        "--root", type=Path, default=default, help="project folder holding content/ and seeds/ (default: the folder of build.py)"
    )


def _add_build_options(command: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    _add_root(command, default)
    command.add_argument("--out", type=Path, default=default, help="output folder (default: ROOT/_site)")
    command.add_argument(
        "--base-url",
        type=base_url,
        default=default,
        help="the site's public URL, for absolute links only (overrides base_url in article.yml)",
    )


def base_url(text: str) -> str:
    """An http(s) URL with a host, as the Pages workflow passes it; anything else is a usage error."""
    from .contract import is_site_url

    if not is_site_url(text):  # shown with !r: a control character in it is written out, never sent raw to the terminal
        raise argparse.ArgumentTypeError(f"{text!r} is not a site URL; give one like https://example.github.io/project/")
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    tune_gc()
    root = (args.root or DEFAULT_ROOT).resolve()
    command = args.command or "build"
    if not root.is_dir():
        print(f"build.py: error: --root {_shown(root)}: no such folder (the project folder holds content/ and seeds/)", file=sys.stderr)
        return 2
    if command == "check":
        return run_check(root, args.strict, args.format)
    if command == "schema":
        return run_schema(root)
    if command == "split":
        return run_split(root, args)
    given = args.out or root / "_site"
    from .write import refusal

    try:
        reason = refusal(given, [root / "content", root / "seeds", DEFAULT_ROOT])
        out = given.resolve()
    except (OSError, RuntimeError) as error:  # a loop of links (RuntimeError, from resolve), a name too long, a folder we may not read
        reason = f"cannot use it: {why_not(error)}"
    if reason:
        print(f"build.py: error: --out {_shown(given)}: {reason}", file=sys.stderr)
        return 2
    if command == "serve":
        from .serve import serve

        return serve(root, out, args.base_url, args.host, args.port, args.open)
    return run_build(root, out, args.base_url)


def tune_gc() -> None:
    """A build makes hundreds of thousands of small objects that live until it ends: with the
    default thresholds the cycle collector rescans them again and again (a quarter of a big build)."""
    gc.set_threshold(50_000, 20, 100)


def run_build(root: Path, out: Path, base_url: str | None) -> int:
    from .pipeline import build

    report = Report()
    article = build(root, out, report, base_url)
    sys.stderr.write(report.as_text())
    if article is None:
        print(f"build failed: {len(report.errors)} error(s); {_shown(out)} left as it was", file=sys.stderr)
        return 1
    counts = ", ".join(
        _count(len(items), name) for items, name in ((article.sections, "section"), (article.claims, "claim"), (article.sources, "source"))
    )
    print(f"built {_shown(out)}: {counts}")
    return 0


def run_check(root: Path, strict: bool, form: str) -> int:
    from .pipeline import check

    report = Report()
    check(root, report, model=False)
    if form == "json":
        sys.stdout.write(report.as_json())
    else:
        sys.stderr.write(report.as_text())
        print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)", file=sys.stderr)
    failed = bool(report.errors) or (strict and bool(report.warnings))
    return 1 if failed else 0


def run_split(root: Path, args: argparse.Namespace) -> int:
    from .content import Paths
    from .pipeline import check
    from .split import Options, split

    report = Report()
    paths = Paths(root)
    options = Options(args.seed, args.force, args.title, args.published, args.paragraphs)
    written = split(paths, options, report)
    if not written.files:
        sys.stderr.write(report.as_text())
        return 1
    if written.set_aside:
        what = "article.yml, the section files and sources.yml" if written.moved_sources else "article.yml and the section files"
        print(f"moved the replaced {what} to {paths.shown(written.set_aside)}/ (delete it once nothing there is needed)")
    if written.kept_sources:
        print(f"kept {paths.shown(paths.sources)}: article.yml named the same seed")
    for path in written.files:
        print(f"wrote {paths.shown(path)}")
    check(root, report, model=False)
    sys.stderr.write("".join(f"{problem}\n" for problem in report.errors))
    print(f"check: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    print("next: do each TODO and annotate the sections; `python build.py check` lists what is left")
    return 1 if report.errors else 0


def run_schema(root: Path) -> int:
    from .schemas import write_schemas

    for path in write_schemas(root / "schemas"):
        print(f"wrote {_shown(path)}")
    return 0


def _shown(path: Path) -> str:
    import os

    return os.path.relpath(path)
