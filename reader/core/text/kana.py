"""Small, fast character-class helpers shared by the tokenizer and furigana."""

from __future__ import annotations

_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}
_KATA_TO_HIRA.update({ord("ヽ"): ord("ゝ"), ord("ヾ"): ord("ゞ")})
_HIRA_TO_KATA = {v: k for k, v in _KATA_TO_HIRA.items() if k <= ord("ヶ")}
_HALF_WIDTH_KANA = range(0xFF66, 0xFF9E)

#: Characters that carry a reading of their own inside a word and so take furigana.
_KANJI_MARKS = frozenset("々〆〇ヵヶ")


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; everything else (ー, Latin, kanji) unchanged."""
    return text.translate(_KATA_TO_HIRA)


def to_katakana(text: str) -> str:
    return text.translate(_HIRA_TO_KATA)


def is_kanji(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or ch in _KANJI_MARKS
    )


def has_kanji(text: str) -> bool:
    return any(is_kanji(c) for c in text)


def is_kana(ch: str) -> bool:
    o = ord(ch)
    return 0x3041 <= o <= 0x309F or 0x30A0 <= o <= 0x30FF or o in _HALF_WIDTH_KANA


def is_all_kana(text: str) -> bool:
    return bool(text) and all(is_kana(c) for c in text)


def shown_reading(word: str, reading: str) -> str:
    """A stored (hiragana) reading as a reader should see it beside ``word``: a word
    written in katakana is read in katakana (ロシア: ロシア, not ろしあ)."""
    katakana = sum(1 for c in word if "ァ" <= c <= "ヺ")
    hiragana = sum(1 for c in word if "ぁ" <= c <= "ゖ")
    return to_katakana(reading) if katakana > hiragana else reading
