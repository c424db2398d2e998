"""Write gloss/subtags.txt, the subtags of the IANA Language Subtag Registry that `check` knows a tag by.

    python tools/subtags.py [REGISTRY]

REGISTRY defaults to the copy inside the Nu HTML checker's jar (tests/node, after `make test`), so the
tags `check` accepts are the ones the validator does. One line per type: the type, then its subtags,
lower case, ranges (`qaa..qtz`) spelled out.
"""

from __future__ import annotations

import string
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "tests/node/node_modules/vnu-jar/build/dist/vnu.jar"
IN_JAR = "nu/validator/localentities/files/subtag-registry"
TYPES = ("language", "extlang", "script", "region", "variant", "grandfathered", "redundant")


def spelled_out(subtag: str) -> list[str]:
    """`qaa..qtz` → qaa, qab, … qtz: a range differs in its last two letters at most (the registry's own)."""
    if ".." not in subtag:
        return [subtag]
    first, last = subtag.split("..")
    head = first[:-2]
    letters = string.ascii_lowercase
    pairs = [a + b for a in letters for b in letters]
    return [head + pair for pair in pairs[pairs.index(first[-2:]) : pairs.index(last[-2:]) + 1]]


def read(registry: str) -> tuple[str, dict[str, list[str]]]:
    date = registry.split("\n", 1)[0].removeprefix("File-Date: ")
    kinds: dict[str, list[str]] = {kind: [] for kind in TYPES}
    for record in registry.split("\n%%\n")[1:]:
        fields = dict(line.split(": ", 1) for line in record.splitlines() if ": " in line and not line.startswith(" "))
        name = fields.get("Subtag") or fields.get("Tag")
        if fields.get("Type") in kinds and name:
            kinds[fields["Type"]] += spelled_out(name.lower())
    return date, kinds


def main(argv: list[str]) -> int:
    if argv:
        registry = Path(argv[0]).read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(JAR) as jar:
            registry = jar.read(IN_JAR).decode("utf-8")
    date, kinds = read(registry)
    lines = [f"# IANA Language Subtag Registry, File-Date {date}: written by tools/subtags.py; do not edit"]
    lines += [" ".join([kind, *sorted(set(subtags))]) for kind, subtags in kinds.items()]
    (ROOT / "gloss/subtags.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"gloss/subtags.txt: {date}, " + ", ".join(f"{len(set(subtags))} {kind}" for kind, subtags in kinds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
