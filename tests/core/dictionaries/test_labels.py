"""Parts of speech as short plain labels, from JMdict's descriptions and UniDic's levels."""

from __future__ import annotations

import json
import sqlite3

import pytest

from reader.core.dictionaries import labels

JMDICT = [
    (["noun (common) (futsuumeishi)"], "noun"),
    (["noun (common) (futsuumeishi)", "noun or participle which takes the aux. verb suru"], "noun, する-verb"),
    (["adjectival nouns or quasi-adjectives (keiyodoshi)", "noun (common) (futsuumeishi)"], "な-adjective, noun"),
    (["adjective (keiyoushi) - yoi/ii class"], "い-adjective (いい)"),
    (["adjective (keiyoushi)"], "い-adjective"),
    (["Godan verb with 'ku' ending", "transitive verb"], "godan verb, transitive"),
    (["Godan verb - Iku/Yuku special class", "intransitive verb"], "godan verb, intransitive"),
    (["Ichidan verb", "intransitive verb"], "ichidan verb, intransitive"),
    (["Ichidan verb - zuru verb (alternative form of -jiru verbs)"], "ずる verb"),
    (["suru verb - special class"], "する verb"),
    (["Kuru verb - special class"], "くる verb"),
    (["adverb (fukushi)", "adverb taking the 'to' particle"], "adverb, と-adverb"),
    (["expressions (phrases, clauses, etc.)", "misc:idiomatic expression"], "expression"),
    (["noun, used as a suffix", "counter"], "suffix, counter"),
    (["pre-noun adjectival (rentaishi)"], "pre-noun"),
    (["interjection (kandoushi)"], "interjection"),
    (["unclassified"], ""),
    (["a future description (with romaji)"], "a future description"),
    ([], ""),
]


@pytest.mark.parametrize(("tags", "label"), JMDICT)
def test_jmdict_descriptions(tags, label):
    assert labels.pos_text(tags) == label


def test_usage_notes_only_when_asked():
    tags = ["pronoun", "misc:word usually written using kana alone", "misc:honorific or respectful (sonkeigo) language"]
    assert labels.pos_text(tags) == "pronoun"
    assert labels.pos_text(tags, notes=True) == "pronoun, usually kana, honorific"
    assert labels.pos_text(["misc:some new note", "field:law"], notes=True) == ""


UNIDIC = [
    ("名詞-普通名詞-一般", "noun"),
    ("名詞-普通名詞-形状詞可能", "noun, な-adjective"),
    ("名詞-普通名詞-サ変可能", "する-noun"),
    ("名詞-普通名詞-サ変形状詞可能", "する-noun"),
    ("名詞-普通名詞-助数詞可能", "counter"),
    ("名詞-固有名詞-人名-姓", "name"),
    ("名詞-固有名詞-地名-国", "place name"),
    ("名詞-固有名詞-一般", "proper noun"),
    ("動詞-一般", "verb"),
    ("形容詞-一般", "い-adjective"),
    ("形状詞-一般", "な-adjective"),
    ("助動詞", "auxiliary verb"),
    ("助詞-格助詞", "particle"),
    ("補助記号-句点", "punctuation"),
    ("", ""),
]


@pytest.mark.parametrize(("pos", "label"), UNIDIC)
def test_unidic_levels(pos, label):
    assert labels.unidic_label(pos) == label


def test_no_label_of_the_real_dictionary_is_jargon(dictionary):
    """Every part of speech in the built JMdict gets a label with no romaji or parentheses
    of jargon, and none is left as its raw description."""
    db = sqlite3.connect(dictionary.path)
    tags = {t for (row,) in db.execute("SELECT tags FROM pos") for t in json.loads(row)}
    assert len(tags) > 80
    for tag in tags:
        label = labels.jmdict_label(tag)
        assert "(futsuumeishi)" not in label and "keiyo" not in label and not label.startswith("misc:")
        if not tag.startswith(("misc:", "field:", "dial:")) and tag != "unclassified":
            assert label and len(label) <= 26, tag


def test_a_word_falls_back_to_mecab(annotator):
    sentence = annotator.annotate("ゼレンスキー氏が話した。").sentences[0]
    name = next(w for w in sentence.words if w.text.startswith("ゼレンスキー"))
    assert labels.word_pos(name.entries, name.pos) in {"proper noun", "name", "noun"}
    spoke = next(w for w in sentence.words if w.text.startswith("話"))
    assert labels.word_pos(spoke.entries, spoke.pos) == "godan verb, transitive"
