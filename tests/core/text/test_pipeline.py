"""The whole pipeline on real text: glosses for every content word, tiling, robustness."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import bundled
from reader.core.text.kana import is_kana, is_kanji
from reader.core.text.model import Sense
from reader.core.text.pipeline import NAME_POS, Annotator, wants_gloss

#: Content words of the bundled articles that neither JMdict (2021) nor JMnedict (2020)
#: has: foreign names UniDic does not mark as names and MeCab cuts through compounds.
#: (ドネツク now has JMnedict's Donetsk, and 髙良 is read and glossed as the name 高良.)
NOT_IN_JMDICT = {
    "米ロ", "米欧", "独ソ", "海東", "秒間",
    "ゼレンスキー", "ルハンスク", "ザポリージャ", "ウィトコフ", "リャブコフ",
    "ルッテ", "アレクサス・グリンケウィッチ", "セントリー", "ラファール", "ザーパド",
    "ロスネフチ", "ペスコフ", "アクシオス", "ストレイツ",
}


def _japanese(surface: str) -> bool:
    return any(is_kana(c) or is_kanji(c) for c in surface)


@pytest.fixture(scope="module")
def annotated(annotator):
    return {
        info.id: list(annotator.iter_annotate(bundled.load_article(info.id).text))
        for info in bundled.list_articles()
    }


def test_every_content_word_gets_a_gloss(annotated):
    missing = {
        t.surface
        for sentences in annotated.values()
        for s in sentences
        for t in s.tokens
        if wants_gloss(t.lexeme) and not t.glosses and "固有名詞" not in t.pos
    }
    assert missing <= NOT_IN_JMDICT, sorted(missing - NOT_IN_JMDICT)


def test_glossed_share_of_common_words(annotated):
    words = [
        t
        for sentences in annotated.values()
        for s in sentences
        for t in s.tokens
        if wants_gloss(t.lexeme) and "固有名詞" not in t.pos
    ]
    glossed = sum(1 for t in words if t.glosses)
    assert len(words) > 2500
    assert glossed / len(words) > 0.98  # the rest: foreign names in NOT_IN_JMDICT


@pytest.mark.parametrize(
    "text, surface, gloss",
    [
        ("停戦に向けた動き", "停戦", "ceasefire"),
        ("停戦に向けた動き", "向け", "to turn towards"),
        ("首脳会談が行われた", "首脳", "head"),
        ("首脳会談が行われた", "行わ", "to perform"),
        ("ロシアの領空を侵犯した", "侵犯", "violation"),
        ("無人機を撃墜した", "撃墜", "shooting down"),
        ("当事者の意思を無視し", "無視", "disregard"),
        ("ここにいる", "いる", "to be (of animate objects)"),
        ("そのためには", "ため", "benefit"),
        ("重大な問題を抱える", "重大", "serious"),
        ("NATO加盟国", "加盟", "joining"),
        ("アンカレッジで会談", "アンカレッジ", "Anchorage"),
        ("ワシントンへ戻る", "ワシントン", "Washington"),
    ],
)
def test_glosses(annotator, text, surface, gloss):
    (token,) = [t for s in annotator.iter_annotate(text) for t in s.tokens if t.surface == surface]
    assert any(gloss in g for g in token.glosses), token.glosses


def test_names_jmdict_lacks_come_from_jmnedict(annotator):
    (token,) = [t for s in annotator.iter_annotate("アンカレッジで") for t in s.tokens if t.surface == "アンカレッジ"]
    assert token.entries[0].is_name
    assert token.entries[0].senses[0].pos == ("place name",)


def test_names_only_unidic_knows_are_labelled_as_names(annotator):
    (token,) = [t for s in annotator.iter_annotate("ルソンへ") for t in s.tokens if t.surface == "ルソン"]
    assert token.entries[0].senses[0] == Sense((NAME_POS,), ("Luzon",))


def test_particles_and_punctuation_get_no_gloss(annotator):
    tokens = [t for s in annotator.iter_annotate("停戦は、不可欠だ。") for t in s.tokens]
    assert {t.surface: t.glosses for t in tokens if t.surface in ("は", "、", "だ", "。")} == {
        "は": (),
        "、": (),
        "だ": (),
        "。": (),
    }


def test_pipeline_without_dictionary_still_reads():
    annotator = Annotator(None)
    (s,) = annotator.iter_annotate("停戦に向けた")
    assert [t.reading for t in s.tokens] == ["ていせん", "に", "むけ", "た"]
    assert all(t.glosses == () for t in s.tokens)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec=None), max_size=120))
def test_any_text_is_annotated_and_tiled(annotator, text):
    pos = 0
    for s in annotator.iter_annotate(text):
        assert s.sentence.start >= pos
        assert text[s.sentence.start : s.sentence.end] == s.sentence.text
        assert "".join(t.surface for t in s.tokens) == s.sentence.text
        at = s.sentence.start
        for t in s.tokens:
            assert t.start == at and text[t.start : t.end] == t.surface
            assert "".join(r.text for r in t.ruby) == t.surface
            at = t.end
        pos = s.sentence.end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list("停戦首脳会談に向けたのは。、「」 　\t0123456789一二三十百千万年月日本人分%")),
        max_size=60,
    )
)
def test_japanese_like_text_is_tiled(annotator, text):
    for s in annotator.iter_annotate(text):
        assert "".join(t.surface for t in s.tokens) == s.sentence.text
