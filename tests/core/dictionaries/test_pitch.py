"""Pitch accent patterns from downstep positions (Tokyo accent rules)."""

from __future__ import annotations

import pytest

from reader.core.dictionaries.pitch import accent, morae


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("きょう", ("きょ", "う")),
        ("がっこう", ("が", "っ", "こ", "う")),
        ("シャツ", ("シャ", "ツ")),
        ("コーヒー", ("コ", "ー", "ヒ", "ー")),
        ("しんぶん", ("し", "ん", "ぶ", "ん")),
        ("ぁ", ("ぁ",)),  # a lone small kana is a mora of its own
        ("", ()),
    ],
)
def test_morae(reading: str, expected: tuple[str, ...]) -> None:
    assert morae(reading) == expected


@pytest.mark.parametrize(
    ("reading", "downstep", "pattern", "name", "notation"),
    [
        ("ていせん", 0, "LHHH", "heiban", "てꜛいせん"),
        ("へいわ", 0, "LHH", "heiban", "へꜛいわ"),
        ("たべる", 2, "LHL", "nakadaka", "たꜛべꜜる"),
        ("せんせい", 3, "LHHL", "nakadaka", "せꜛんせꜜい"),
        ("いのち", 1, "HLL", "atamadaka", "いꜜのち"),
        ("おとうと", 4, "LHHH", "odaka", "おꜛとうとꜜ"),
        ("ひ", 0, "L", "heiban", "ひ"),
        ("き", 1, "H", "atamadaka", "きꜜ"),
        ("キョウ", 1, "HL", "atamadaka", "きょꜜう"),
    ],
)
def test_accent_patterns(reading: str, downstep: int, pattern: str, name: str, notation: str) -> None:
    a = accent(reading, downstep)
    assert a is not None
    assert "".join("H" if h else "L" for h in a.high) == pattern
    assert a.name == name
    assert a.notation() == notation
    assert a.particle_high == (downstep == 0)


@pytest.mark.parametrize(("reading", "downstep"), [("へいわ", 4), ("へいわ", -1), ("", 0)])
def test_impossible_positions_give_none(reading: str, downstep: int) -> None:
    assert accent(reading, downstep) is None
