"""Romaji typed in the search box, read as kana (jaconv's table, Hepburn around it)."""

from __future__ import annotations

import pytest

from reader.core.errors import InputError
from reader.core.text import romaji


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("toukyou", "とうきょう"),
        ("Tōkyō", "とうきょう"),  # Hepburn's macrons
        ("TOUKYOU", "とうきょう"),
        ("ｔｏｕｋｙｏｕ", "とうきょう"),  # full-width letters
        ("shinbun", "しんぶん"),
        ("shinnbunn", "しんぶん"),  # an input method's nn
        ("kon'nichiha", "こんにちは"),
        ("kon’nichiha", "こんにちは"),  # a typographic apostrophe
        ("konnichiha", "こんにちは"),  # Hepburn first, the input method's こんいちは after
        ("konnnichiha", "こんにちは"),
        ("kon nichi ha", "こんにちは"),  # spaces between words
        ("nn", "ん"),
        ("n", "ん"),
        ("teisen", "ていせん"),
        ("onna", "おんな"),
        ("tan'i", "たんい"),
        ("kin'yuu", "きんゆう"),
        ("kinyuu", "きにゅう"),
        ("kitte", "きって"),
        ("matcha", "まっちゃ"),
        ("kocchi", "こっち"),
        ("ra-men", "らーめん"),
        ("sha", "しゃ"),
        ("chi", "ち"),
        ("tsu", "つ"),
        ("fu", "ふ"),
        ("ji", "じ"),
        ("wo", "を"),
        ("she", "しぇ"),
        ("fa", "ふぁ"),
        ("ryokou", "りょこう"),
        ("kyakkan", "きゃっかん"),
    ],
)
def test_romaji_reads_as_kana(typed: str, first: str) -> None:
    assert romaji.to_hiragana(typed)[0] == first


def test_both_readings_where_hepburn_and_input_methods_part() -> None:
    assert romaji.to_hiragana("konnichiha") == ["こんにちは", "こんいちは"]
    assert romaji.to_hiragana("tanni") == ["たんに", "たんい"]
    assert romaji.to_hiragana("toukyou") == ["とうきょう"]


def test_katakana_readings_follow() -> None:
    assert romaji.to_kana("terebi") == ["てれび", "テレビ"]
    assert romaji.to_kana("konnichiha")[2:] == ["コンニチハ", "コンイチハ"]


@pytest.mark.parametrize("typed", ["xqz", "kk", "q", "z", "abc", "dzu", "hello", "a'b"])
def test_nonsense_is_said_to_be_nonsense(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        romaji.to_hiragana(typed)
    assert f"“{typed}” cannot be read as romaji" in caught.value.message
    assert "toukyou" in caught.value.advice


@pytest.mark.parametrize("typed", ["", "  ", "東京", "teisenする", "123"])
def test_what_is_not_romaji(typed: str) -> None:
    assert not romaji.looks_like_romaji(typed)
    with pytest.raises(InputError):
        romaji.to_hiragana(typed)


def test_romaji_is_recognised() -> None:
    for typed in ("teisen", "Tōkyō", "kon'nichiha", "ra-men", "watashi wa gakusei desu"):
        assert romaji.looks_like_romaji(typed), typed
