"""The editor schemas: JSON Schema files generated from the contract.

`python build.py schema` writes them into schemas/; a test fails when the
committed files differ from what the contract generates.
"""

from __future__ import annotations

import json
from pathlib import Path

from .contract import ARTICLE, SECTION, SOURCE, json_schema


def schemas() -> dict[str, dict[str, object]]:
    return {
        "article.schema.json": json_schema(ARTICLE),
        "sources.schema.json": json_schema(SOURCE, top_level_list=True),
        "section.schema.json": json_schema(SECTION),
    }


def schema_texts() -> dict[str, str]:
    """Each schema file's exact text."""
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas().items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written
