"""Readings shown in the script their word is written in."""

from __future__ import annotations

import pytest

from reader.core.text.kana import shown_reading


@pytest.mark.parametrize(("word", "reading", "shown"), [
    ("ロシア", "ろしあ", "ロシア"),
    ("ウクライナ", "うくらいな", "ウクライナ"),
    ("トランプ氏", "とらんぷし", "トランプシ"),
    ("停戦", "ていせん", "ていせん"),
    ("食べる", "たべる", "たべる"),
    ("ありがとう", "ありがとう", "ありがとう"),
    ("Tシャツ", "てぃーしゃつ", "ティーシャツ"),
    ("", "", ""),
])
def test_shown_reading(word, reading, shown):
    assert shown_reading(word, reading) == shown
