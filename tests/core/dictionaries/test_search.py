"""The search box's look-up: kana, kanji, romaji or pasted text, the longest word first."""

from __future__ import annotations

from reader.core.dictionaries.search import search


def _words(result) -> list[str]:
    return [m.word.text for m in result.matches]


def test_romaji_finds_the_word_in_kanji_first(annotator) -> None:
    result = search("teisen", annotator)
    assert result.readings == ("ていせん", "テイセン")
    assert result.best is not None and result.best.word.key == ("停戦", "ていせん")
    assert "ceasefire" in result.best.word.glosses
    assert "停船" in _words(result)  # the other words read so follow
    # the match is a word of a one-sentence text, ready to save with it
    assert result.best.sentence.sentence.text == "停戦" and result.best.word in result.best.sentence.words


def test_romaji_offers_hiragana_and_katakana(annotator) -> None:
    result = search("terebi", annotator)
    assert result.readings == ("てれび", "テレビ")
    assert result.best.word.text == "テレビ"
    shinbun = search("shinbun", annotator)
    assert _words(shinbun)[:3] == ["新聞", "しんぶん", "シンブン"]


def test_input_method_and_hepburn_readings_both_count(annotator) -> None:
    result = search("konnichiha", annotator)
    assert "こんにちは" in result.readings and "こんいちは" in result.readings
    assert result.best.word.key == ("こんにちは", "こんにちは")


def test_nonsense_romaji_gets_a_clear_message(annotator) -> None:
    result = search("xqz", annotator)
    assert result.best is None and result.matches == ()
    assert "“xqz” cannot be read as romaji" in result.message and "toukyou" in result.message


def test_pasted_text_shows_its_longest_first_word_then_shorter_ones(annotator) -> None:
    result = search("「首脳会談を開いた」", annotator)
    assert _words(result) == ["首脳会談", "首脳", "首"]
    assert result.best.sentence.sentence.text.startswith("首脳会談を開いた")


def test_inflected_kana_is_deinflected(annotator) -> None:
    result = search("たべさせられなかった", annotator)
    assert result.best.word.key == ("たべる", "たべる") or result.best.word.key[1] == "たべる"


def test_kana_finds_its_spellings(annotator) -> None:
    assert _words(search("ていせん", annotator))[0] == "停戦"


def test_empty_and_foreign_text(annotator) -> None:
    assert "romaji" in search("   ", annotator).message
    assert "holds no Japanese" in search("12345 !!", annotator).message
