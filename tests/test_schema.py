"""The editor schemas agree with the checker: they accept all real and fixture content,
and refuse the key and type mistakes of the broken corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, REPO
from jsonschema import Draft7Validator, Draft202012Validator
from test_check_corpus import BROKEN, assemble

from gloss.load import compose, load_file, to_data
from gloss.problems import Report
from gloss.schemas import schema_texts, schemas

VALIDATORS = {name: Draft202012Validator(schema) for name, schema in schemas().items()}
# yaml-language-server validates with draft-07 semantics whatever `$schema` says, so the
# schemas use only keywords that mean the same in both drafts: both must give one verdict.
DRAFT7 = {name: Draft7Validator(schema) for name, schema in schemas().items()}


def schema_for(path: Path) -> str:
    if path.name == "article.yml":
        return "article.schema.json"
    if path.name == "sources.yml":
        return "sources.schema.json"
    return "section.schema.json"


def content_files(root: Path) -> list[Path]:
    content = root / "content"
    return [path for path in (content / "article.yml", content / "sources.yml") if path.exists()] + sorted(
        (content / "sections").glob("*.yml")
    )


def schema_errors(path: Path) -> list[str]:
    report = Report()
    loaded = load_file(path, str(path), report)
    assert loaded is not None, report.as_text()
    data = to_data(loaded[0])
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATORS[schema_for(path)].iter_errors(data)]
    assert bool(errors) == (not DRAFT7[schema_for(path)].is_valid(data)), "draft 2020-12 and draft-07 disagree"
    return errors


def test_the_committed_schemas_are_what_the_contract_generates() -> None:
    for name, text in schema_texts().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run `python build.py schema` to regenerate {name}"


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for schema in schemas().values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("root", [REPO, MINI], ids=["real", "fixture"])
def test_the_schemas_accept_all_content(root: Path) -> None:
    files = content_files(root)
    assert files
    for path in files:
        assert schema_errors(path) == [], path


def test_every_real_content_file_names_its_schema() -> None:
    for path in content_files(REPO):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first, f"{path} does not start with the yaml-language-server line"
        assert (path.parent / target).resolve() == REPO / "schemas" / schema_for(path)


# Corpus cases whose mistake is one of key or type: the schema must refuse each (the
# others need the text, the seed or other files, which a schema cannot see).
SCHEMA_CASES = {
    "key-unknown-soruces": "content/sections/020-next.yml",
    "key-unknown-article": "content/article.yml",
    "key-unknown-section": "content/sections/020-next.yml",
    "key-missing-required": "content/sections/020-next.yml",
    "key-missing-article-author": "content/article.yml",
    "key-no-value": "content/sections/020-next.yml",
    "verdict-misspelt": "content/sections/020-next.yml",
    "type-string-for-list": "content/sections/020-next.yml",
    "type-number-for-id": "content/sections/020-next.yml",
    "type-text-for-count": "content/sections/020-next.yml",
    "type-list-for-mapping": "content/sections/020-next.yml",
    "type-mapping-for-text": "content/sections/020-next.yml",
    "type-sources-mapping": "content/sources.yml",
    "type-source-as-text": "content/sources.yml",
    "type-text-for-claims": "content/sections/020-next.yml",
    "file-section-is-list": "content/sections/020-next.yml",
    "id-not-a-slug": "content/sections/020-next.yml",
    "date-feb-30": "content/sections/020-next.yml",
    "date-q5": "content/sections/020-next.yml",
    "date-month-13": "content/sources.yml",
    "date-words": "content/article.yml",
    "url-javascript": "content/sources.yml",
    "url-data": "content/article.yml",
    "url-relative": "content/sources.yml",
    "language-bad": "content/article.yml",
}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_the_schemas_refuse_the_corpus_mistakes(case: str, tmp_path: Path) -> None:
    root = assemble(BROKEN / case, tmp_path / "site")
    assert schema_errors(root / SCHEMA_CASES[case])


def test_what_split_writes_follows_the_schemas(tmp_path: Path) -> None:
    from gloss.cli import main

    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "seed.txt").write_text("A *first* paragraph.\nA heading\nThe [second](x) one.\nAuthor: A. Writer\n", encoding="utf-8")
    assert main(["split", "--root", str(root), "seeds/seed.txt"]) == 0
    for path in content_files(root):
        assert schema_errors(path) == [], path


def test_the_readme_examples_follow_the_schemas() -> None:
    """The 'Editing annotations' guide shows content that the schemas accept."""
    guide = (REPO / "README.md").read_text(encoding="utf-8").split("## Editing annotations", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert len(examples) == 3
    for example in examples:
        name = re.match(r"# yaml-language-server: \$schema=\S*/(\S+)", example)[1]
        report = Report()
        node = compose(example, "README.md", report)
        assert node is not None, report.as_text()
        assert list(VALIDATORS[name].iter_errors(to_data(node))) == [], name


def test_the_readme_examples_pass_check(tmp_path: Path) -> None:
    """Put together, the guide's three examples are a project that `check` passes."""
    from conftest import check_report

    guide = (REPO / "README.md").read_text(encoding="utf-8").split("## Editing annotations", 1)[1].split("\n## ", 1)[0]
    article, sources, section = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    seed = "In Q2 2025, Xiaomi delivered a record 81,302 vehicles.\nAuthor: Scooter Doll\nSource: Electrek\nReviewed By: Editorial Team\n"
    for name, text in {
        "content/article.yml": article,
        "content/sources.yml": sources,
        "content/sections/040-results.yml": section,
        "seeds/000_5cf2ce85cec29bc8.txt": seed,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = check_report(tmp_path)
    assert report.problems == [], report.as_text()
