"""Which way a language is written, by its BCP 47 tag."""

from __future__ import annotations

import pytest

from gloss.languages import day_first, direction


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
