"""Stage 5, write: put the whole site in place at once, or not at all.

The new site is written to a sibling folder and swapped in with two renames,
so a failed build never leaves a half-written or damaged `_site/`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
from collections.abc import Iterable
from pathlib import Path

Content = bytes | Iterable[bytes]  # a file's bytes, whole or in the pieces a page is rendered in

# Everything a build writes at the top of the site (the pages, the open data, `publish`'s files, static/): a folder
# holding anything else is not one this tool built, and writing replaces the folder whole.
SITE_ENTRIES = frozenset(
    {"index.html", "timeline.html", "sources.html", "404.html", "static", ".nojekyll", "robots.txt", "sitemap.xml"}
    | {"annotations.jsonld", "claimreview.jsonld", "timeline.json", "sources.json", "facts.csv"}
)


def static_files(static: Path) -> dict[str, bytes]:
    """Every file under `static/`, keyed by its path in the site."""
    return {
        "static/" + path.relative_to(static).as_posix(): path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def refusal(out: Path, keep: list[Path]) -> str | None:
    """Why `out` must not be written, or None. Writing replaces the folder whole, so it must never be, or
    hold, something we keep, nor a folder holding what a build does not write, nor a link to a folder (a
    committed `_site` link to /var/www would have the build replace what it leads to)."""
    if out.is_symlink():
        return "it is a link, and the build would replace the folder it leads to: give that folder itself"
    out = out.resolve()
    for kept in (path.resolve() for path in keep):
        if out == kept or out in kept.parents:
            return f"it holds {kept}, which the build would delete"
        if kept in out.parents and kept.name in ("content", "seeds"):
            return f"it is inside {kept}"
    if out.is_dir():
        if others := sorted(entry.name for entry in out.iterdir() if entry.name not in SITE_ENTRIES and not _litter(entry.name)):
            shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
            return f"it holds {shown}, which no build writes: not a site this tool built, and the build would delete them"
    elif out.exists():
        return "it is a file, not a folder: the build would replace it"
    return None


# What a file manager leaves in any folder it shows, and what a `serve` killed while writing a file leaves
# (`incremental.replace_file`): neither makes a site folder someone else's.
_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}


def _litter(name: str) -> bool:
    swap = _swap_of(name)
    return name in _LITTER or (swap is not None and swap[1] == "new")


def beside(path: Path, kind: str) -> Path:
    """Where this process writes `path`'s new copy ("new") or keeps its retired one ("old") while it swaps them."""
    return path.with_name(f".{path.name}.{kind}-{os.getpid()}")


_SWAP = re.compile(r"\.(.+)\.(new|old)-(\d+)")


def _swap_of(name: str) -> tuple[str, str, int] | None:
    """The name `beside` gave, read back: (the file or folder it was beside, "new" or "old", the pid)."""
    found = _SWAP.fullmatch(name)
    return None if found is None else (found[1], found[2], int(found[3]))


def write_site(files: Iterable[tuple[str, Content]], out: Path) -> None:
    """Write (path in the site, bytes or bytes in pieces) pairs as they come, then put the folder in place."""
    import shutil  # here: `check` needs SITE_ENTRIES (see `links`), never the writing

    out = out.resolve()
    staging, retired = beside(out, "new"), beside(out, "old")
    for path in (staging, retired):
        _remove(path)
    staging.mkdir(parents=True)  # ours alone: never one found there, which may be a link to a folder elsewhere
    try:
        for name, data in files:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as file:
                file.writelines((data,) if isinstance(data, bytes) else data)
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _remove(path: Path) -> None:
    """Whatever is at `path`: a link itself (never what it leads to), a file, or a folder and all in it."""
    import shutil

    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def clear_leftovers(out: Path) -> None:
    """What a build killed midway left beside `out`: its staging folder, gone; and its retired site, put back
    when no site took its place (a kill between the two renames of `write_site`)."""
    import shutil

    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*-*")):
        swap = _swap_of(path.name)
        if swap is None or swap[0] != out.name or _alive(swap[2]) or path.is_symlink():
            continue  # a link is none of ours: put back as the site, the build would replace where it leads
        with contextlib.suppress(OSError):  # a read-only folder: the build, writing there, will say so
            if swap[1] == "old" and not out.exists():
                path.rename(out)  # the last good site, back in place
            else:
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether another process has `pid`: in a container a build may have the same pid every run."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # there, but another user's
        return True
    return True
