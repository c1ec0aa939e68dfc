"""KANJIDIC2 in the built dictionary: Dictionary.kanji, with reader's JLPT kanji levels."""

from __future__ import annotations

import pytest

from reader.core.dictionaries.jmdict import Dictionary, KanjiInfo

# literal: (a meaning, on, a kun reading, strokes, grade, JLPT N-level, newspaper rank).
# KANJIDIC2's own JLPT field uses the old four levels (戦 is its 2); ours is N3.
KANJI = {
    "停": ("halt", ("テイ",), "と.める", 11, 4, 2, 733),
    "戦": ("war", ("セン",), "たたか.う", 13, 4, 3, 78),
    "日": ("day", ("ニチ", "ジツ"), "ひ", 4, 1, 5, 1),
    "辺": ("environs", ("ヘン",), "あた.り", 5, 4, 2, 428),
}


@pytest.mark.parametrize(("literal", "expected"), KANJI.items(), ids=list(KANJI))
def test_kanji(dictionary: Dictionary, literal: str, expected: tuple) -> None:
    meaning, on, kun, strokes, grade, jlpt, freq = expected
    info = dictionary.kanji(literal)
    assert isinstance(info, KanjiInfo) and info.literal == literal
    assert meaning in info.meanings
    assert info.onyomi == on
    assert kun in info.kunyomi
    assert (info.strokes, info.grade, info.jlpt, info.freq) == (strokes, grade, jlpt, freq)


def test_stopping_and_nanori(dictionary: Dictionary) -> None:
    assert dictionary.kanji("停").meanings == ("halt", "stopping")
    assert dictionary.kanji("戦").nanori == ("せ",)


def test_kanji_beyond_the_lists(dictionary: Dictionary) -> None:
    # 唖: in KANJIDIC2, but in no grade, no JLPT list and not among the newspaper 2,500.
    info = dictionary.kanji("唖")
    assert info is not None and info.strokes == 10
    assert (info.grade, info.jlpt, info.freq) == (None, None, None)


@pytest.mark.parametrize("text", ["", "a", "あ", "停戦", "。"])
def test_not_a_kanji(dictionary: Dictionary, text: str) -> None:
    assert dictionary.kanji(text) is None
