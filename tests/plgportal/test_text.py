"""When a typed text counts as empty, and how names and addresses are compared."""

import pytest

from plgportal.text import comparable_email, comparable_name, is_blank, strip_invisible


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param(" \t\r\n", id="ascii-whitespace"),
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u200c", id="zwnj"),
        pytest.param("\u200d", id="zwj"),
        pytest.param("\u2060", id="word-joiner"),
        pytest.param("\ufeff", id="bom"),
        pytest.param("\u00a0", id="nbsp"),
        pytest.param("\u00ad", id="soft-hyphen"),
        pytest.param("\u202f\u3000\u2028\u2029", id="other-separators"),
        pytest.param("\u200e\u200f\u2066\u2069", id="direction-marks"),
        pytest.param("\u3164\u115f\u2800", id="blank-looking-letters"),
        pytest.param("\ufe0f\u034f", id="variation-selector-and-grapheme-joiner"),
    ],
)
def test_is_blank_for_whitespace_and_invisible_characters(text):
    assert is_blank(text) is True


@pytest.mark.parametrize(
    "text", ["a", "\u200ba\u200b", ".", "0", "-", "\u00e9", "👍", "\u00a0x\u00a0"]
)
def test_is_blank_false_once_one_character_shows(text):
    assert is_blank(text) is False


def test_strip_invisible_keeps_what_is_inside():
    assert strip_invisible("\ufeff\u200b Samen\u00a0sterk \u2060\n") == "Samen\u00a0sterk"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Jan@School.be", "jan@school.be ", True),
        (" jan@school.be\u200b", "JAN@SCHOOL.BE", True),
        ("ｊａｎ@ｓｃｈｏｏｌ.ｂｅ", "jan@school.be", True),
        ("jan@school.be", "jan@school.nl", False),
        ("jan.peeters@school.be", "janpeeters@school.be", False),
    ],
)
def test_comparable_email(first, second, same):
    assert (comparable_email(first) == comparable_email(second)) is same


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("José Peeters", "jose peeters", True),
        ("  An   Claes ", "An Claes", True),
        ("An\u00a0Claes", "An Claes", True),
        ("Ann\u00adeleen", "Anneleen", True),
        ("Zoë Vermeulen", "ZOE VERMEULEN", True),
        ("An Claes", "Ann Claes", False),
        ("An Claes", "AnClaes", False),
    ],
)
def test_comparable_name(first, second, same):
    assert (comparable_name(first) == comparable_name(second)) is same
