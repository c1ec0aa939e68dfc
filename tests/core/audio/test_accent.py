"""Estimated pitch accent (Open JTalk's NAIST-jdic analysis) against a hand-checked table
of Tokyo accents, inflected forms, and a sentence's accent phrases."""

from __future__ import annotations

import pytest

from reader.core.audio import accent
from tests.core.audio.accent_table import INFLECTED, WORDS

#: Below this share of the table, the estimate has got worse: look at the misses.
WORD_ACCURACY_FLOOR = 0.9
INFLECTED_ACCURACY_FLOOR = 0.8


def _accuracy(rows: list[tuple[str, int, int | None]]) -> tuple[float, list[str]]:
    misses = [f"{text}: expected {want}, estimated {got}" for text, want, got in rows if got != want]
    return 1 - len(misses) / len(rows), misses


def test_the_table_is_big_enough_and_covers_every_pattern() -> None:
    assert len(WORDS) >= 60
    names = {accent.accent(reading, n).name for _, reading, n in WORDS}  # type: ignore[union-attr]
    assert names == {"heiban", "atamadaka", "nakadaka", "odaka"}


def test_estimated_accent_matches_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(word, want, accent.downstep(word, reading)) for word, reading, want in WORDS]
    share, misses = _accuracy(rows)
    with capsys.disabled():
        print(f"\nestimated pitch accent: {share:.1%} of {len(rows)} words right; misses: {misses or 'none'}")
    assert share >= WORD_ACCURACY_FLOOR, misses


@pytest.mark.parametrize(
    ("word", "reading", "want"),
    [("箸", "はし", 1), ("橋", "はし", 2), ("端", "はし", 0), ("雨", "あめ", 1), ("飴", "あめ", 0)],
)
def test_minimal_pairs(word: str, reading: str, want: int) -> None:
    assert accent.downstep(word, reading) == want


def test_inflected_forms(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(form, want, accent.downstep(form)) for form, want in INFLECTED]
    share, misses = _accuracy(rows)
    with capsys.disabled():
        print(f"\ninflected forms: {share:.1%} of {len(rows)} right; misses: {misses or 'none'}")
    assert share >= INFLECTED_ACCURACY_FLOOR, misses
    # the accent moves as the verb inflects: たべꜜる, たꜜべた, たべꜜない
    assert [accent.downstep(f) for f in ("食べる", "食べた", "食べない")] == [2, 1, 2]


def test_a_sentence_splits_into_accent_phrases_with_offsets() -> None:
    text = "今日は良い天気ですね。"
    phrases = accent.sentence_phrases(text)
    assert [(p.text, p.reading_kana, p.downstep) for p in phrases] == [
        ("今日は", "キョーワ", 1),
        ("良い", "ヨイ", 1),
        ("天気ですね", "テンキデスネ", 1),
    ]
    assert all(text[p.start : p.end] == p.text for p in phrases)
    drawn = phrases[0].accent
    assert drawn is not None and drawn.high == (True, False, False) and drawn.name == "atamadaka"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀", "a\ud800b", "ABCの1000円を払った😀。", "東京　タワーに行きました！ 2024年です", "。。。"],
)
def test_awkward_text_keeps_offsets_inside_the_text(text: str) -> None:
    phrases = accent.sentence_phrases(text)
    for p in phrases:
        assert 0 <= p.start <= p.end <= len(text)
        assert p.downstep <= len(p.morae)
    starts = [p.start for p in phrases]
    assert starts == sorted(starts)


def test_numbers_read_out_keep_their_place() -> None:
    text = "ABCの1000円を払った。"
    phrases = accent.sentence_phrases(text)
    assert [text[p.start : p.end] for p in phrases] == ["ABCの", "1000円を", "払った"]
    assert phrases[1].reading_kana == "センエンヲ"


def test_a_reading_that_does_not_fit_is_analysed_itself() -> None:
    assert [p.reading_kana for p in accent.estimate("今日", "きょう")] == ["キョー"]
    assert [p.reading_kana for p in accent.estimate("今日", "こんにち")] == ["コンニチ"]


def test_lookup_pitch_is_labelled_estimated_and_uses_the_dictionary_reading() -> None:
    assert accent.lookup_pitch("今日", "きょう") == [
        {"text": "今日", "reading": "きょう", "downstep": 1, "name": "atamadaka", "source": "estimated"}
    ]
    assert accent.lookup_pitch("", None) == []


def test_long_text_is_analysed_in_pieces() -> None:
    text = "雨が降った。" * 200 + "あ" * 1000
    phrases = accent.sentence_phrases(text)
    assert len([p for p in phrases if p.text == "雨が"]) == 200
    assert phrases[-1].end == len(text)
