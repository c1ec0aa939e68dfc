"""Decoding guards, each failure reproduced with a tiny model made to fail that way:
a model that emits end-of-sentence first (empty output), one that repeats a token
forever (a loop), and short kana-only input through both."""

from __future__ import annotations

from pathlib import Path

import pytest
import sentencepiece

from reader.core.translation import guards, packages
from reader.core.translation.engine import NO_USABLE_MT, CT2Translator, no_usable_mt
from tests.core.translation.tinymodel import build_package_dir, train_sentencepiece, zip_package

EOS = 2  # </s> in the tiny SentencePiece vocabulary
SHORT_KANA = ["さようなら", "はい", "ありがとう"]
SENTENCES = [*SHORT_KANA, "平和の話です。", "ウクライナに住む当事者の声と国際法を尊重した「真の和平」の実現こそが求められる。"]


def _loop_token() -> int:
    sp = sentencepiece.SentencePieceProcessor(model_proto=train_sentencepiece())
    return sp.piece_to_id("平和")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("guards")
    out = {}
    for kind, bias in (("eos-first", {EOS: 30.0}), ("loop", {_loop_token(): 30.0})):
        folder = build_package_dir(root / kind, f"translate-ja_en-{kind}", bias=bias)
        out[kind] = zip_package(folder, root / f"{kind}.argosmodel")
    return out


@pytest.mark.parametrize(
    ("pieces", "bad"),
    [
        ([], True),
        (["▁."], True),  # no words at all
        (["▁the", "▁war", "▁,", "▁the", "▁war", "▁,", "▁the", "▁war", "▁,"], True),  # a phrase thrice
        (["▁peace"] * 4, True),
        (["▁very", "▁very", "▁very", "▁good"], False),  # a word thrice is English
        (["▁a", "▁b", "▁a", "▁c", "▁a", "▁d", "▁a", "▁e", "▁a"], True),  # one token is half of it
        (["▁The", "▁summit", "▁ended", "▁without", "▁a", "▁ceasefire", "."], False),
    ],
)
def test_degenerate_outputs_are_recognised(pieces: list[str], bad: bool):
    text = "".join(pieces).replace("▁", " ").strip()
    assert guards.degenerate(pieces, text) is bad


def test_an_empty_output_is_retried_with_other_settings(made):
    info = packages.install_package(made["eos-first"])
    translator = CT2Translator(info)
    first = translator._decode([translator.encode(s) for s in SENTENCES], guards.first_pass(4))
    assert [text for _, text in first] == [""] * len(SENTENCES)  # the failure, reproduced
    got = dict(translator.translate_sentences(SENTENCES))
    assert translator.retried == len(SENTENCES)
    assert translator.unusable == 0 and all(got.values())  # the retry had to say something


def test_a_loop_is_retried_then_marked_no_usable_mt(made):
    info = packages.install_package(made["loop"])
    translator = CT2Translator(info)
    first = translator._decode([translator.encode(s) for s in SENTENCES], guards.first_pass(4))
    assert all(guards.degenerate(p, t) and "平和平和平和" in t for p, t in first)  # it loops
    got = dict(translator.translate_sentences(SENTENCES))
    assert translator.retried == len(SENTENCES) == translator.unusable
    assert all(got[i] == NO_USABLE_MT and no_usable_mt(s, got[i]) for i, s in enumerate(SENTENCES))
    assert not no_usable_mt("  ", "")  # a blank sentence is not a failure


def test_short_kana_sentences_get_the_same_guards(made):
    info = packages.install_package(made["loop"])
    translator = CT2Translator(info)
    got = dict(translator.translate_sentences(SHORT_KANA))
    assert translator.retried == len(SHORT_KANA) and set(got.values()) == {NO_USABLE_MT}


def test_length_is_bounded_by_the_source(installed):
    translator = CT2Translator(installed)
    for sentence in SENTENCES:
        tokens = translator.encode(sentence)
        for settings in (guards.first_pass(4), guards.retry_pass(4)):
            ((pieces, _),) = translator._decode([tokens], settings)
            assert len(pieces) <= settings.bound(len(tokens)) <= 2 * len(tokens) + 10


def test_the_cache_key_names_the_guards(installed):
    version = CT2Translator(installed, beam_size=3).model_key[1]
    assert version.startswith("1.0 beam=3 rp=1.1") and "retry=[beam=1 rp=1.3 ngram=3" in version
