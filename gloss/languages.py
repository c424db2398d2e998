"""What Gloss knows of the languages an article may be in: which way each is written, how its readers write a
date, and how to guess one from a seed's words or, failing them, its letters."""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

# Scripts written from right to left (ISO 15924 codes, lower case), and the languages whose usual script is one
# of them (CLDR's likely subtags): the tag `ar` means Arabic script unless it says otherwise (`ar-Latn`).
_RIGHT_TO_LEFT_SCRIPTS = frozenset("adlm arab hebr mand mend nkoo rohg samr syrc thaa yezi".split())
_RIGHT_TO_LEFT_LANGUAGES = frozenset(
    "ar arc azb bal bqi ckb dv fa glk he iw khw ks lrc mzn nqo pnb ps sd syr ug ur yi"  # the commonest tags
    " acm acw aeb afb ajp apc apd arb arq ars ary arz ayl hbo lad pbu pes prs rhg sdh shu skr ydd".split()  # ISO 639-3: Arabic's kinds…
)


def _subtags(tag: str) -> tuple[str, list[str]]:
    """A BCP 47 tag's language, and the subtags after it up to an extension or private use (`-u-…`, `-x-…`),
    where no script or region follows."""
    language, *rest = tag.lower().split("-")
    singleton = next((index for index, subtag in enumerate(rest) if len(subtag) == 1), len(rest))
    return language, rest[:singleton]


# The subtags a tag may hold, by type (tools/subtags.py writes them from the registry the Nu HTML checker uses).
_REGISTRY = Path(__file__).with_name("subtags.txt")


@functools.cache
def _registered() -> dict[str, str]:
    """Each type's subtags as one string, " aa ab … ": a few searches in it cost less than making a set of 9,000."""
    lines = _REGISTRY.read_text(encoding="utf-8").splitlines()[1:]
    return {kind: f" {subtags} " for kind, _, subtags in (line.partition(" ") for line in lines)}


def _known(kind: str, subtag: str) -> bool:
    return f" {subtag.lower()} " in _registered()[kind]


# Where each kind of subtag stands in a tag, what it looks like, and how many may stand there (RFC 5646).
_PLACES = (
    ("language", r"[a-z]{2,3}", 1),
    ("extlang", r"[a-z]{3}", 3),
    ("script", r"[a-z]{4}", 1),
    ("region", r"[a-z]{2}|[0-9]{3}", 1),
    ("variant", r"[a-z0-9]{5,8}|[0-9][a-z0-9]{3}", 99),
)


def unregistered(tag: str) -> str | None:
    """What makes a well-formed BCP 47 tag one the IANA registry does not know ("'AB' is no region"), or None.
    Browsers and validators read a `lang` by the registry: an unknown one fails the Nu HTML checker and axe.
    Extensions and private use (`-u-…`, `-x-…`) are not the registry's, and pass."""
    if _known("grandfathered", tag) or _known("redundant", tag):  # `zh-min-nan`, `en-GB-oed`
        return None
    subtags = tag.split("-")
    index = 0
    for kind, shape, most in _PLACES:
        taken = 0
        while taken < most and index < len(subtags) and re.fullmatch(shape, subtags[index], re.IGNORECASE):  # re's cache compiles once
            if not _known(kind, subtags[index]):
                return f"'{subtags[index]}' is no {kind} the IANA registry knows"
            index, taken = index + 1, taken + 1
    if index < len(subtags) and len(subtags[index]) != 1:
        return f"'{subtags[index]}' is no subtag of a kind that may stand there"
    return None


def direction(tag: str) -> str:
    """`rtl` or `ltr`, for a BCP 47 tag: its script subtag decides where it has one (`az-Arab`, `ku-Latn`),
    else its language's usual script."""
    language, rest = _subtags(tag)
    if script := next((subtag for subtag in rest if len(subtag) == 4 and subtag.isalpha()), None):
        return "rtl" if script in _RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if language in _RIGHT_TO_LEFT_LANGUAGES else "ltr"


# Where English puts the month before the day ("May 20, 2025"): the United States and the places that follow it.
_MONTH_FIRST_REGIONS = frozenset("us ca ph pr as gu mp um vi".split())


def day_first(tag: str) -> bool:
    """Whether a reader of this language writes the day before the month ("20 May 2025"): all but readers of
    American English (`en`, `en-US`, `en-CA`…), to whom Gloss's English dates are written as they write them."""
    language, rest = _subtags(tag)
    region = next((subtag for subtag in rest if len(subtag) == 2 or (len(subtag) == 3 and subtag.isdigit())), "us")
    return language != "en" or region not in _MONTH_FIRST_REGIONS


# Words common in one of these languages and rare in the others: enough to tell which a news article is in.
# Persian and Urdu are told from Arabic by words spelled with their own letters (ک, ی, ے, ہ).
_COMMON_WORDS = {
    "en": "the and of to is that with was for it this have are from",
    "de": "der die und das ist nicht mit ein eine auch sich für auf wird dem zu",
    "fr": "le les et des est une du qui dans pour pas au sur avec ce",
    "es": "el los las y del por con más su como pero muy",
    "it": "il che di è per non della sono gli anche nel alla più",
    "pt": "o os do da em um uma não dos ao mais pelo",
    "nl": "het een van dat op niet zijn voor ook aan wordt bij",
    "ar": "في من على إلى أن التي الذي عن مع هذا هذه كان",
    "he": "של את על הוא זה לא עם גם כי אבל היא",
    "fa": "در به از که این را با است می آن",
    "ur": "کے کی میں ہے اور سے کو نے کہ",
}
_LANGUAGE_OF = {word: language for language, words in _COMMON_WORDS.items() for word in words.split()}


def guess_language(text: str) -> str | None:
    """The language of a text by its commonest words: one of `_COMMON_WORDS`, where one is clearly ahead, or
    None. A guess for `split` to write, marked TODO: the editor confirms it."""
    counts = dict.fromkeys(_COMMON_WORDS, 0)
    for word in re.findall(r"\w+", text.lower()):
        if language := _LANGUAGE_OF.get(word):
            counts[language] += 1
    first, second = sorted(counts.values(), reverse=True)[:2]
    return max(counts, key=counts.__getitem__) if first >= 5 and first >= 2 * second else None


# A script that one language writes most of what is published in it; Cyrillic, shared, is told by letters of its own.
_LANGUAGE_OF_SCRIPT = {"HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CJK": "zh", "GREEK": "el", "THAI": "th"}
_LANGUAGE_OF_SCRIPT |= {"ARMENIAN": "hy", "GEORGIAN": "ka", "DEVANAGARI": "hi", "BENGALI": "bn", "TAMIL": "ta", "HEBREW": "he"}
_CYRILLIC_LETTERS = (("ыэ", "ru"), ("іїєґ", "uk"), ("ў", "be"), ("ђјљњћџ", "sr"), ("ѓќѕ", "mk"))


def guess_by_script(text: str) -> str | None:
    """The language of a text by the script most of its letters are in, where one language writes most of what is
    in that script (Japanese wherever kana stand among Chinese characters), or None. Reads the first 5,000 letters."""
    import unicodedata

    counts: dict[str, int] = {}
    for char in itertools.islice((char for char in text if char.isalpha()), 5_000):
        script = unicodedata.name(char, "").split(" ")[0]
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, most = max(counts.items(), key=lambda item: item[1])
    if script in ("CJK", "HIRAGANA", "KATAKANA") and counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0) > 0:
        return "ja"
    if most * 2 < sum(counts.values()):  # no script has most of the letters
        return None
    if script == "CYRILLIC":
        lower = text.lower()
        return next((language for letters, language in _CYRILLIC_LETTERS if any(letter in lower for letter in letters)), "ru")
    return _LANGUAGE_OF_SCRIPT.get(script)
