"""Long unbroken runs reach MeCab in pieces it handles: no crash, no crawl, offsets exact.

MeCab crashed (signal 11) on 400,000 '停' or 300,000 '停あ', and took seconds on a
long run of letters, digits, katakana or symbols."""

from __future__ import annotations

from itertools import groupby

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.text import runs

#: A character of each class MeCab groups by, and a few pairs that alternate classes.
UNITS = ["停", "あ", "ア", "ｱ", "a", "Ａ", "1", "１", "-", "…", "　", " ", "é", "д", "停あ", "aア", "1あ", "戦争"]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", [(0, 0)]),
        ("停戦に向けた動き", [(0, 8)]),
        ("a" * runs.MAX_RUN, [(0, runs.MAX_RUN)]),
        ("a" * (runs.MAX_RUN + 1), [(0, runs.MAX_RUN), (runs.MAX_RUN, runs.MAX_RUN + 1)]),
    ],
)
def test_pieces(text, pieces):
    assert runs.spans(text) == pieces


def test_a_long_mixed_piece_is_cut_after_punctuation():
    text = ("停あ" * 100 + "、") * 100  # 20,100 characters, no run longer than 2
    pieces = runs.spans(text)
    assert len(pieces) == 3
    assert all(text[end - 1] == "、" for _, end in pieces[:-1])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 3000)), max_size=6))
def test_pieces_tile_the_text_and_stay_small(parts):
    text = "".join(unit * count for unit, count in parts)
    pieces = runs.spans(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    for start, end in pieces:
        assert end - start <= runs.MAX_PIECE
        classes = groupby(text[start:end], runs.char_class)
        longest = max((sum(1 for _ in run) for _, run in classes), default=0)
        assert longest <= runs.MAX_RUN


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.sampled_from(UNITS), st.integers(100_000, 2_000_000))
def test_runs_of_up_to_two_million_characters_are_cut(unit, length):
    text = (unit * (length // len(unit) + 1))[:length]
    pieces = runs.spans(text)
    assert pieces[-1][1] == length and all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert max(end - start for start, end in pieces) <= runs.MAX_PIECE


@pytest.mark.slow
@pytest.mark.parametrize(("unit", "count"), [("停", 400_000), ("停あ", 300_000), ("a", 200_000), ("あ", 1_000_000)])
def test_what_crashed_mecab_tokenizes(tokenizer, unit, count):
    text = unit * count
    tokens = tokenizer.tokenize(text, 7)
    assert "".join(t.surface for t in tokens) == text
    assert tokens[0].start == 7 and tokens[-1].end == 7 + len(text)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:]))
