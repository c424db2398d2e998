"""Which way a language is written, by its BCP 47 tag."""

from __future__ import annotations

import pytest

from gloss.languages import day_first, direction, unregistered


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ar", "rtl"),
        ("AR-EG", "rtl"),
        ("he", "rtl"),
        ("iw", "rtl"),  # Hebrew's old code
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("yi", "rtl"),
        ("ckb", "rtl"),
        ("az-Arab", "rtl"),  # a script subtag decides
        ("pa-Arab-PK", "rtl"),
        ("ar-Latn", "ltr"),
        ("ku-Latn", "ltr"),
        ("en", "ltr"),
        ("zh-Hant-TW", "ltr"),
        ("de-1901", "ltr"),  # a variant, not a script
        ("en-x-arab", "ltr"),  # private use: no script after the singleton
        ("arz", "rtl"),  # Egyptian Arabic, by its ISO 639-3 code
        ("prs-AF", "rtl"),
        ("xyz", "ltr"),  # unknown: left to right
    ],
)
def test_a_tags_script_or_else_its_language_decides_its_direction(tag: str, expected: str) -> None:
    assert direction(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", False),
        ("en-US", False),
        ("en-CA", False),
        ("en-u-nu-latn", False),
        ("en-GB", True),
        ("en-Latn-GB", True),
        ("de", True),
        ("ar", True),
    ],
)
def test_only_readers_of_american_english_put_the_month_first(tag: str, expected: bool) -> None:
    assert day_first(tag) == expected


@pytest.mark.parametrize(
    "tag",
    ["en", "de-CH", "zh-Hant-TW", "sr-Latn-RS", "es-419", "ca-ES-valencia", "sl-rozaj-biske", "zh-cmn-Hans-CN", "yue-HK"]
    + ["iw", "zh-min-nan", "en-GB-oed", "en-u-nu-latn", "en-US-x-twain", "qaa", "en-Qaaa", "de-1996", "EN-gb"],
)
def test_a_tag_the_registry_knows_passes(tag: str) -> None:
    assert unregistered(tag) is None


@pytest.mark.parametrize(
    ("tag", "why"),
    [
        ("zz", "'zz' is no language the IANA registry knows"),
        ("en-AB", "'AB' is no region the IANA registry knows"),
        ("en-EN", "'EN' is no region the IANA registry knows"),
        ("ja-Jpnx", "'Jpnx' is no script the IANA registry knows"),
        ("en-abcdefgh", "'abcdefgh' is no variant the IANA registry knows"),
        ("en-US-US", "'US' is no subtag of a kind that may stand there"),
    ],
)
def test_a_tag_the_registry_does_not_know_says_which_subtag(tag: str, why: str) -> None:
    assert unregistered(tag) == why


def test_the_registry_copy_is_the_one_the_nu_checker_reads() -> None:
    """gloss/subtags.txt is tools/subtags.py's reading of the registry inside vnu.jar (installed by `make test`)."""
    import importlib.util
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("gloss_tools_subtags", root / "tools/subtags.py")
    assert spec is not None and spec.loader is not None
    subtags = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(subtags)

    with zipfile.ZipFile(subtags.JAR) as jar:
        date, kinds = subtags.read(jar.read(subtags.IN_JAR).decode("utf-8"))
    lines = (root / "gloss/subtags.txt").read_text(encoding="utf-8").splitlines()
    assert date in lines[0]
    assert {line.split()[0]: sorted(line.split()[1:]) for line in lines[1:]} == {kind: sorted(set(found)) for kind, found in kinds.items()}
