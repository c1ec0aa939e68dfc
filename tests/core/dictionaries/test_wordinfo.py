"""What the popup, the word panel and `reader lookup` gather for a word: imported
dictionaries, pitch, levels, inflections and a compound's parts."""

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


def _word(annotator, text: str, surface: str):
    for sentence in annotator.iter_annotate(text):
        for word in sentence.words:
            if word.text == surface:
                return word
    raise AssertionError(f"{surface} not in {text}")


@pytest.mark.parametrize(
    ("text", "surface", "morae", "pattern"),
    [
        ("停戦が続いた。", "停戦", ("て", "い", "せ", "ん"), "LHHH"),
        ("パンを食べた。", "食べた", ("た", "べ", "る"), "LHL"),  # the dictionary form's accent
    ],
)
def test_pitch_of_the_dictionary_form(annotator, user_dicts, text, surface, morae, pattern) -> None:
    more = wordinfo.extras(_word(annotator, text, surface), user_dicts)
    assert len(more.pitches) == 1
    accent = more.pitches[0].accent
    assert accent.morae == morae
    assert "".join("H" if h else "L" for h in accent.high) == pattern


def test_popup_info_gathers_everything(annotator, user_dicts) -> None:
    token = _word(annotator, "停戦が続いた。", "停戦")
    info = wordinfo.popup_info(token, wordinfo.extras(token, user_dicts))
    assert info["base"] == "停戦" and "ceasefire" in info["glosses"]
    assert info["dicts"] == [{"dict": "Test Dictionary", "defs": ["ceasefire", "truce"]}]
    assert info["freqs"] == [{"dict": "Test Dictionary", "value": "5120㋕"}]
    assert info["pitch"][0]["drop"] == 0 and info["pitch"][0]["particleHigh"] is True
    assert info["band"].startswith("news top")


def test_without_imported_dictionaries_the_popup_still_has_levels(annotator) -> None:
    token = _word(annotator, "私は学校へ行きます。", "学校")
    info = wordinfo.popup_info(token, wordinfo.extras(token, None))
    assert info["level"] == "N5"
    assert "dicts" not in info and "pitch" not in info


@pytest.mark.parametrize(
    ("text", "surface", "kanji"),
    [
        ("停戦が続いた。", "停戦", ("停", "戦")),
        ("パンを食べた。", "食べた", ("食",)),
        ("人々が集まった。", "人々", ("人",)),  # 々 repeats a kanji: no card of its own
        ("ひらがなだけ。", "ひらがな", ()),
    ],
)
def test_word_kanji(annotator, text, surface, kanji) -> None:
    assert wordinfo.word_kanji(_word(annotator, text, surface)) == kanji


def test_kana_written_words_find_their_kanji_lemma(annotator, user_dicts) -> None:
    token = _word(annotator, "パンをたべる。", "たべる")
    more = wordinfo.extras(token, user_dicts)
    assert more.lookup and more.lookup.terms[0].expression == "食べる"
    assert [p.accent.downstep for p in more.pitches] == [2]


def test_popup_shows_a_conjugation_and_a_compound_s_parts(annotator) -> None:
    verb = _word(annotator, "パンを食べさせられなかった。", "食べさせられなかった")
    info = wordinfo.popup_info(verb, wordinfo.extras(verb, None))
    assert info["base"] == "食べる" and info["inflections"] == ["causative", "passive", "negative", "past"]
    assert info["level"] == "N5" and "to eat" in info["glosses"]
    summit = _word(annotator, "首脳会談が行われた。", "首脳会談")
    info = wordinfo.popup_info(summit, wordinfo.extras(summit, None))
    assert "summit meeting" in info["glosses"]
    assert [p["surface"] for p in info["parts"]] == ["首脳", "会談"]


def test_look_up_the_longest_word_at_the_start(annotator, user_dicts) -> None:
    found = wordinfo.look_up("  食べさせられなかったので", annotator)
    assert found is not None
    assert (found.word.base, found.word.inflections) == ("食べる", ("causative", "passive", "negative", "past"))
    data = wordinfo.lookup_dict(found)
    assert data["reading"] == "たべる" and data["entries"][0]["word"] == "食べる"
    found = wordinfo.look_up("停戦が続いた", annotator, user_dicts)
    assert found is not None and found.more.lookup and found.more.pitches
    assert wordinfo.look_up("。、", annotator) is not None  # punctuation is a (non-content) word
    assert wordinfo.look_up("   ", annotator) is None


def test_an_imported_headword_longer_than_jmdict_s_wins(annotator, tmp_path) -> None:
    from reader.core.dictionaries.yomitan.importer import import_dictionary
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    db = tmp_path / "long.sqlite"
    terms = [["米ロ首脳会談", "べいろしゅのうかいだん", "", "", 10, ["US-Russia summit"], 1, ""]]
    import_dictionary(db, make_zip(tmp_path / "long.zip", title="Long", terms=terms))
    assert wordinfo.look_up("米ロ首脳会談が開かれた", annotator).word.text == "米ロ"  # JMdict alone
    with UserDictionaries(db) as dicts:
        found = wordinfo.look_up("米ロ首脳会談が開かれた", annotator, dicts)
    assert found is not None and found.word.text == "米ロ首脳会談"
    assert found.more.lookup and found.more.lookup.terms[0].definitions == ("US-Russia summit",)
    assert [p.text for p in found.parts] == ["首脳", "会談"]  # 米ロ has no entry of its own


def test_imported_headwords_become_words_in_running_text(dictionary, tmp_path) -> None:
    from reader.core.dictionaries.yomitan.importer import import_dictionary
    from reader.core.dictionaries.yomitan.store import UserDictionaries
    from reader.core.text.pipeline import Annotator

    db = tmp_path / "more.sqlite"
    terms = [
        ["米ロ首脳会談", "べいろしゅのうかいだん", "", "", 10, ["US-Russia summit"], 1, ""],
        ["して", "して", "", "", 10, ["and then (conjunction)"], 3, ""],
    ]
    import_dictionary(db, make_zip(tmp_path / "more.zip", title="More", terms=terms))
    with UserDictionaries(db) as dicts:
        annotator = Annotator(dictionary, dicts)
        words = [w for s in annotator.annotate("米ロ首脳会談が開かれた。米ロ首脳会談だ。").sentences for w in s.words]
        texts = [w.text for w in words]
        assert texts.count("米ロ首脳会談") == 2
        found = next(w for w in words if w.text == "米ロ首脳会談")
        assert found.kind == "compound" and found.base == "米ロ首脳会談"
        # the rules hold for imported headwords too: a verb's own te-form is no headword
        more = [(w.text, w.kind) for s in annotator.annotate("宿題もして寝た。").sentences for w in s.words]
        assert ("して", "conjugated") in more
        # turned off, they are words no more (once the finder forgets)
        dicts.set_enabled(dicts.find("More").id, False)
        annotator.words.forget()
        texts = [w.text for s in annotator.annotate("米ロ首脳会談が開かれた。").sentences for w in s.words]
        assert "米ロ首脳会談" not in texts and "首脳会談" in texts  # JMdict's still
