"""The editor schemas: JSON Schema files generated from the contract."""

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


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
