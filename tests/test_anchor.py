"""Quote anchoring and segmentation: exact, white-space tolerant, and overlap-aware."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloss.anchor import Segmentation, Span, closest, collapse, find_all, flatten, fold_space
from gloss.markup import make_parser


def text_of(markdown: str):
    return flatten(make_parser().parse(markdown))


def test_the_reader_text_drops_markup_but_keeps_every_character() -> None:
    section = text_of("A *bold* [link](https://example.com) &amp; `code` \\*star\\*\n\n## Head")
    assert section.text == "A bold link & code *star*\n\nHead"


def test_a_quote_matches_across_line_wraps_and_markup() -> None:
    section = text_of("It sold *1,000\ncars* in [2024](https://example.com).")
    ((start, end),) = find_all(section, "sold 1,000 cars in 2024")
    assert section.text[start:end] == "sold 1,000\ncars in 2024"


def test_every_occurrence_is_found_even_when_they_overlap() -> None:
    assert len(find_all(text_of("aaa"), "aa")) == 2


def test_a_missing_quote_names_the_closest_passage_and_the_difference() -> None:
    passage, difference = closest(text_of("Lei Jun said it wouldn’t be easy."), "it wouldn't be easy")
    assert passage == "it wouldn’t be easy"
    assert "curly" in difference


def test_a_changed_number_is_named() -> None:
    _, difference = closest(text_of("It delivered 81,302 vehicles."), "delivered 81,320 vehicles")
    assert difference == "the text has “81,302” where the quote has “81,320” (a changed number)"


def test_typographic_quote_marks_of_other_languages_are_named_and_moved_words_said_to_be_moved() -> None:
    _, difference = closest(text_of("Il parle de « décoratifs » ici."), 'de "décoratifs" ici')
    assert difference.endswith("(a typographic quote or apostrophe in the text, a straight one in the quote)")
    _, difference = closest(text_of("Der „Schritt“ war groß."), 'Der "Schritt" war')
    assert "typographic quote" in difference
    _, difference = closest(text_of("It happened on April 14 this year."), "on 14 April", "phrase")
    assert difference == "the text has “April 14” where the phrase has “14 April”: the same words, in another order"


def test_the_closest_passage_ends_with_a_whole_word() -> None:
    passage, difference = closest(text_of("The match was on Friday night at the park."), "Friday nite")
    assert (passage, difference) == ("Friday night", "the text has “night” where the quote has “nite”")


def test_a_word_with_marks_is_shown_whole_and_a_missing_apostrophe_is_no_quote_mark() -> None:
    passage, difference = closest(text_of("नमस्ते दुनिया आज"), "नमसते दुनिया")  # its last letter carries a vowel sign
    assert (passage, difference) == ("नमस्ते दुनिया", "the text has “नमस्ते” where the quote has “नमसते”")
    _, difference = closest(text_of("He said don't go there."), "said dont go")
    assert difference == "the text has “don't” where the quote has “dont”"


def test_one_character_printed_like_another_is_named() -> None:
    _, difference = closest(text_of("Those taking 25 µg (1,000 IU) a day."), "taking 25 μg (1,000 IU)")  # a micro sign, a Greek mu
    assert difference.endswith("(U+00B5 MICRO SIGN in the text, U+03BC GREEK SMALL LETTER MU in the quote)")
    _, difference = closest(text_of("Xiaomi's app said so."), "Xiaomi's аpp said")  # its а Cyrillic
    assert difference.endswith("(U+0061 LATIN SMALL LETTER A in the text, U+0430 CYRILLIC SMALL LETTER A in the quote)")


def test_a_difference_that_does_not_show_on_screen_is_explained() -> None:
    composed, decomposed = "Nürburgring", "Nu\u0308rburgring"  # ü as one character; u and a combining diaeresis
    _, difference = closest(text_of(f"A lap of the {composed} in record time."), f"lap of the {decomposed}")
    assert "encoded differently" in difference
    _, difference = closest(text_of("A lap of the Nürburgring in record time."), "lap of the Nür\u200bburgring")
    assert difference.endswith("(an invisible character in one of them: U+200B ZERO WIDTH SPACE)")
    _, difference = closest(text_of("Resistance in Ω (ohms)."), "Resistance in \u2126 (ohms)")  # the ohm sign, not omega
    assert "encoded differently" in difference
    _, difference = closest(text_of("A café\u200b and a bar."), "A café and a\u200b bar")  # a U+200B in each, elsewhere
    assert "U+200B ZERO WIDTH SPACE" in difference
    _, difference = closest(text_of("A café and a bar."), "A café\ufe0f and a bar")  # a variation selector (category Mn)
    assert "U+FE0F VARIATION SELECTOR-16" in difference
    _, difference = closest(text_of("It delivered 81,302 vehicles."), "delivered 81,320 vehicles")
    assert "encoded differently" not in difference and "invisible" not in difference


def test_segments_list_every_covering_claim_outermost_first() -> None:
    segmentation = Segmentation([Span(0, 10, "outer"), Span(2, 5, "inner"), Span(4, 8, "cross")])
    assert segmentation.pieces(0, 10) == [
        (0, 2, ("outer",)),
        (2, 4, ("outer", "inner")),
        (4, 5, ("outer", "inner", "cross")),
        (5, 8, ("outer", "cross")),
        (8, 10, ("outer",)),
    ]


def test_pieces_of_a_token_inside_a_claim_keep_its_cover() -> None:
    segmentation = Segmentation([Span(0, 100, "long")])
    assert segmentation.pieces(40, 50) == [(40, 50, ("long",))]
    assert segmentation.pieces(100, 120) == [(100, 120, ())]


def test_a_folded_offset_maps_back_and_forth_for_every_kept_character() -> None:
    text = "  Lead\t\tand   runs\n\nof\nspace, one \u00a0 kind or another  "
    folded, index = fold_space(text)
    assert folded == " Lead and runs of space, one kind or another "
    for offset, character in enumerate(text):
        at = index.folded(offset)
        if not character.isspace():
            assert folded[at] == character and index[at] == offset


@given(st.text(alphabet="ab \n\t\u00a0\u1680", max_size=40))
def test_fold_index_finds_a_folded_offset_as_bisect_does(text: str) -> None:
    folded, index = fold_space(text)
    assert [index.folded(offset) for offset in range(-2, len(text) + 3)] == [
        bisect.bisect_left(index, offset) for offset in range(-2, len(text) + 3)
    ]
    assert [text[index[at]] for at, char in enumerate(folded) if char != " "] == [char for char in folded if char != " "]


def test_the_ogham_space_mark_is_drawn_so_it_does_not_fold_as_a_space() -> None:
    assert collapse("a \u1680 b\u1680\u1680c") == "a \u1680 b\u1680\u1680c"
    assert fold_space("\u1680a  b")[0] == "\u1680a b"
    assert collapse("a \u00a0\u3000 b") == "a b"


def test_a_slip_far_into_a_text_without_spaces_is_still_named() -> None:
    """A paragraph of Chinese is one "word": the comparison reads from where the two part, not from its start."""
    from gloss.anchor import look_alike

    why = look_alike("中" * 450 + "“好”", "中" * 450 + '"好"', "the text", "the quote")
    assert why == "a curly quote or apostrophe in the text, a straight one in the quote"


CHINESE = "青河市召开新闻发布会。该项目合资建设，设计日处理生活垃圾3000吨，年发电量约4.2亿千瓦时。项目总投资约12.8亿元，预计2026年底投产。"


@pytest.mark.parametrize(
    ("quote", "passage", "difference"),
    [
        (
            "设计日处理生活垃圾3000吨,年发电量约4.2亿千瓦时",
            "设计日处理生活垃圾3000吨，年发电量约4.2亿千瓦时",
            "the text has “，” where the quote has “,”",
        ),
        ("设计日处理生活垃圾３０００吨", "设计日处理生活垃圾3000吨", "the same characters in another width"),
        ("项目总投资约12.9亿元", "项目总投资约12.8亿元", "the text has “8” where the quote has “9” (a changed number)"),
    ],
)
def test_a_mistyped_quote_in_chinese_finds_its_passage_mid_paragraph_and_the_character_that_differs(
    quote: str, passage: str, difference: str
) -> None:
    """Chinese has no spaces: a passage may start at any character, and the difference is a character, not the
    whole clause the quote is in."""
    found, why = closest(text_of(CHINESE), quote)
    assert found.startswith(passage) and difference in why


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("中国\n文字", "中国文字"),  # a wrapped line of Chinese: no space
        ("決済を\n導入。", "決済を導入。"),
        ("Xiaomi\nEV", "Xiaomi\nEV"),  # Latin: a space, as ever
        ("中国\nXiaomi", "中国\nXiaomi"),  # between scripts: a space
        ("한국\n전기차", "한국\n전기차"),  # Korean spaces its words
        ("中国  \n文字", "中国\n文字"),  # a hard break stays one
        ("*中国*\n**文字**", "中国文字"),  # emphasis either side
        ("吉野家𠮷\n野家", "吉野家𠮷野家"),  # a character beyond the first plane
    ],
)
def test_a_line_break_between_two_chinese_characters_is_no_space(markdown: str, text: str) -> None:
    assert text_of(markdown).text == text


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("小米\n汽车", "小米汽车"),  # a wrapped line
        ("小米 \n汽车", "小米汽车"),
        ("小米。\n\n\u3000\u3000汽车", "小米。汽车"),  # a paragraph, indented as Chinese is
        ("小米\u3000汽车", "小米 汽车"),  # an ideographic space on the line is one too
        ("小米 汽车", "小米 汽车"),  # a space on the line is one
        ("小米\u00a0 汽车", "小米 汽车"),
        ("SU7 汽车", "SU7 汽车"),  # beside a character of another script: as ever
        ("小\u1680米", "小\u1680米"),  # the Ogham space mark is drawn, even here
    ],
)
def test_the_seed_comparison_reads_a_line_break_between_two_chinese_characters_as_none_and_a_space_as_one(text: str, read: str) -> None:
    from gloss.anchor import lines_joined

    assert collapse(lines_joined(text)) == read


def test_a_quote_that_keeps_the_space_where_a_chinese_line_broke_is_found() -> None:
    section = text_of("中华人民共和国\n成立于一九四九年。")
    assert find_all(section, "中华人民共和国 成立于") == find_all(section, "中华人民共和国成立于") != []


def test_a_tie_between_two_chinese_passages_goes_to_the_one_that_starts_as_the_quote() -> None:
    passage, why = closest(text_of("教育局表示，新规将在三年内全面推行，各校需做好准备。"), "新规将在三年内全面推广")
    assert passage.startswith("新规") and "“行” where the quote has “广”" in why
