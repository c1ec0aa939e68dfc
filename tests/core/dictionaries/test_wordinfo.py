"""What the popup and word panel gather for a token: imported dictionaries, pitch, levels."""

from __future__ import annotations

import pytest

from reader.core.dictionaries import wordinfo
from tests.yomitan_factory import make_zip


@pytest.fixture
def user_dicts(tmp_path):
    from reader.core.dictionaries.yomitan.importer import import_dictionary
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    db = tmp_path / "dictionaries.sqlite"
    import_dictionary(db, make_zip(tmp_path / "sample.zip"))
    dicts = UserDictionaries(db)
    yield dicts
    dicts.close()


def _token(annotator, text: str, surface: str):
    for sentence in annotator.iter_annotate(text):
        for token in sentence.tokens:
            if token.surface == surface:
                return token
    raise AssertionError(f"{surface} not in {text}")


@pytest.mark.parametrize(
    ("text", "surface", "morae", "pattern"),
    [
        ("停戦が続いた。", "停戦", ("て", "い", "せ", "ん"), "LHHH"),
        ("パンを食べた。", "食べ", ("た", "べ", "る"), "LHL"),  # the dictionary form's accent
    ],
)
def test_pitch_of_the_dictionary_form(annotator, user_dicts, text, surface, morae, pattern) -> None:
    more = wordinfo.extras(_token(annotator, text, surface), user_dicts)
    assert len(more.pitches) == 1
    accent = more.pitches[0].accent
    assert accent.morae == morae
    assert "".join("H" if h else "L" for h in accent.high) == pattern


def test_popup_info_gathers_everything(annotator, user_dicts) -> None:
    token = _token(annotator, "停戦が続いた。", "停戦")
    info = wordinfo.popup_info(token, wordinfo.extras(token, user_dicts))
    assert info["base"] == "停戦" and "ceasefire" in info["glosses"]
    assert info["dicts"] == [{"dict": "Test Dictionary", "defs": ["ceasefire", "truce"]}]
    assert info["freqs"] == [{"dict": "Test Dictionary", "value": "5120㋕"}]
    assert info["pitch"][0]["drop"] == 0 and info["pitch"][0]["particleHigh"] is True
    assert info["band"].startswith("news top")


def test_without_imported_dictionaries_the_popup_still_has_levels(annotator) -> None:
    token = _token(annotator, "私は学校へ行きます。", "学校")
    info = wordinfo.popup_info(token, wordinfo.extras(token, None))
    assert info["level"] == "N5"
    assert "dicts" not in info and "pitch" not in info


@pytest.mark.parametrize(
    ("text", "surface", "kanji"),
    [
        ("停戦が続いた。", "停戦", ("停", "戦")),
        ("パンを食べた。", "食べ", ("食",)),
        ("人々が集まった。", "人々", ("人",)),  # 々 repeats a kanji: no card of its own
        ("ひらがなだけ。", "ひらがな", ()),
    ],
)
def test_word_kanji(annotator, text, surface, kanji) -> None:
    assert wordinfo.word_kanji(_token(annotator, text, surface)) == kanji


def test_kana_written_words_find_their_kanji_lemma(annotator, user_dicts) -> None:
    token = _token(annotator, "パンをたべる。", "たべる")
    more = wordinfo.extras(token, user_dicts)
    assert more.lookup and more.lookup.terms[0].expression == "食べる"
    assert [p.accent.downstep for p in more.pitches] == [2]
