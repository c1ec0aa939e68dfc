"""The word layer (text/words.py, text/inflection.py) on a hand-checked table of Japanese.

Each row is a sentence, a word of it (as written), and what that word must be: its
kind, its dictionary form and its inflections in order. Compounds and expressions come
from the bundled articles; the junk rows are runs that are headwords of something but
must not be one word where they stand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.text import inflection
from reader.core.text.model import COMPOUND, CONJUGATED, EXPRESSION, WORD

C, X, E, W = CONJUGATED, COMPOUND, EXPRESSION, WORD

# (sentence, word as written, kind, dictionary form, inflections)
WORDS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    # -- conjugations: every inflection name ------------------------------------
    ("食べさせられなかった", "食べさせられなかった", C, "食べる", ("causative", "passive", "negative", "past")),
    ("友達と行ってしまった。", "行ってしまった", C, "行く", ("completion", "past")),
    ("会議の前に準備しておいた。", "準備しておいた", C, "準備する", ("preparation", "past")),
    ("雨が降りそうだ。", "降りそうだ", C, "降る", ("appearance",)),
    ("このペンを使ってもいい。", "使ってもいい", C, "使う", ("permission",)),
    ("報告書を出さなければならない。", "出さなければならない", C, "出す", ("obligation",)),
    ("明日は雨が降るそうだ。", "降るそうだ", C, "降る", ("hearsay",)),
    ("早く来てください。", "早く", C, "早い", ("adverbial",)),
    ("早く来てください。", "来てください", C, "来る", ("request",)),
    ("彼は本を読んでいる。", "読んでいる", C, "読む", ("progressive",)),
    ("彼は本を読んでいた。", "読んでいた", C, "読む", ("progressive", "past")),
    ("彼は本を読んでる。", "読んでる", C, "読む", ("progressive",)),
    ("この料理を食べてみる。", "食べてみる", C, "食べる", ("attempt",)),
    ("この服を着てみる。", "服を着てみる", E, "服を着る", ("attempt",)),
    ("名前を書いておく。", "書いておく", C, "書く", ("preparation",)),
    ("名前を書いとく。", "書いとく", C, "書く", ("preparation",)),
    ("全部食べちゃった。", "食べちゃった", C, "食べる", ("completion", "past")),
    ("本を読んじゃう。", "読んじゃう", C, "読む", ("completion",)),
    ("ここに入ってはいけない。", "入ってはいけない", C, "入る", ("prohibition",)),
    ("それを見ちゃいけない。", "見ちゃいけない", C, "見る", ("prohibition",)),
    ("嘘をついてはならない。", "嘘をついてはならない", E, "嘘をつく", ("prohibition",)),
    ("ここで泳いではならない。", "泳いではならない", C, "泳ぐ", ("prohibition",)),
    ("もう行かなくてはいけない。", "行かなくてはいけない", C, "行く", ("obligation",)),
    ("もう行かないといけない。", "行かないといけない", C, "行く", ("obligation",)),
    ("野菜も食べなくちゃいけない。", "食べなくちゃいけない", C, "食べる", ("obligation",)),
    ("そろそろ行かなきゃ。", "行かなきゃ", C, "行く", ("obligation",)),
    ("我々は戦わねばならない。", "戦わねばならない", C, "戦う", ("obligation",)),
    ("帰ってもかまわない。", "帰ってもかまわない", C, "帰る", ("permission",)),
    ("高くても買う。", "高くても", C, "高い", ("concessive",)),
    ("雨が降っても行く。", "降っても", C, "降る", ("concessive",)),
    ("水が飲みたい。", "飲みたい", C, "飲む", ("desire",)),
    ("子供は外で遊びたがる。", "遊びたがる", C, "遊ぶ", ("desire",)),
    ("手紙が書かれる。", "書かれる", C, "書く", ("passive",)),
    ("ここから富士山が見られる。", "見られる", C, "見る", ("passive/potential",)),
    ("彼は先生に叱られた。", "叱られた", C, "叱る", ("passive", "past")),
    ("漢字が読める。", "読める", C, "読む", ("potential",)),
    ("明日なら行ける。", "行ける", C, "行く", ("potential",)),
    ("母は弟に野菜を食べさせる。", "食べさせる", C, "食べる", ("causative",)),
    ("毎日勉強させられた。", "勉強させられた", C, "勉強する", ("causative", "passive", "past")),
    ("日本語が勉強できる。", "勉強できる", C, "勉強する", ("potential",)),
    ("一緒に行こう。", "行こう", C, "行く", ("volitional",)),
    ("一緒に行きましょう。", "行きましょう", C, "行く", ("polite", "volitional")),
    ("早く行け。", "行け", C, "行く", ("imperative",)),
    ("それをやめろ。", "やめろ", C, "やめる", ("imperative",)),
    ("安ければ買う。", "安ければ", C, "安い", ("conditional",)),
    ("駅に着いたら電話する。", "着いたら", C, "着く", ("conditional",)),
    ("彼が来れば始める。", "来れば", C, "来る", ("conditional",)),
    ("昨日は学校に行きました。", "行きました", C, "行く", ("polite", "past")),
    ("彼は来ませんでした。", "来ませんでした", C, "来る", ("polite", "negative", "past")),
    ("まだ食べない。", "食べない", C, "食べる", ("negative",)),
    ("昨日は寒かった。", "寒かった", C, "寒い", ("past",)),
    ("あまり高くなかった。", "高くなかった", C, "高い", ("negative", "past")),
    ("安くておいしい。", "安くて", C, "安い", ("te-form",)),
    ("音楽を聞きながら勉強する。", "聞きながら", C, "聞く", ("while",)),
    ("本を読んだり映画を見たりする。", "読んだり", C, "読む", ("tari",)),
    ("朝ご飯を食べずに出かけた。", "食べずに", C, "食べる", ("without",)),
    ("彼はもう帰ったらしい。", "帰ったらしい", C, "帰る", ("past", "conjecture")),
    ("彼は知っているみたいだ。", "知っているみたいだ", C, "知る", ("progressive", "conjecture")),
    ("明日は晴れるだろう。", "晴れるだろう", C, "晴れる", ("conjecture",)),
    ("誰か来たようだ。", "来たようだ", C, "来る", ("past", "conjecture")),
    ("値段が高すぎる。", "高すぎる", C, "高い", ("excess",)),
    ("食べすぎる。", "食べすぎる", X, "食べすぎる", ()),  # JMdict has it whole
    ("約束は守るべきだ。", "守るべきだ", C, "守る", ("should",)),
    ("この部屋は静かだった。", "静かだった", C, "静か", ("past",)),
    ("静かな部屋", "静かな", C, "静か", ("attributive",)),
    ("丁寧に話す。", "丁寧に", C, "丁寧", ("adverbial",)),
    ("静かに話す。", "静かに", E, "静かに", ()),  # JMdict has it whole
    ("彼は学生でした。", "でした", C, "です", ("polite", "past")),
    ("会談し、合意した。", "会談し", C, "会談する", ("continuative",)),
    ("首脳が会談した。", "会談した", C, "会談する", ("past",)),
    ("会議が行われた。", "行われた", C, "行う", ("passive", "past")),
    ("主権は回復されなければならない。", "回復されなければならない", C, "回復する", ("passive", "obligation")),
    ("権利が含まれています。", "含まれています", C, "含む", ("passive", "progressive", "polite")),
    ("問題を解決しよう。", "解決しよう", C, "解決する", ("volitional",)),
    ("具体的な内容を示した。", "具体的な", X, "具体的", ("attributive",)),
    # -- compounds from the bundled articles -----------------------------------
    ("首脳会談が行われた。", "首脳会談", X, "首脳会談", ()),
    ("和平交渉が始まった。", "和平交渉", X, "和平交渉", ()),
    ("安全保障の問題だ。", "安全保障", X, "安全保障", ()),
    ("安全保障理事会が開かれた。", "安全保障理事会", X, "安全保障理事会", ()),
    ("帝国主義に反対する。", "帝国主義", X, "帝国主義", ()),
    ("国連総会で演説した。", "国連総会", X, "国連総会", ()),
    ("領空侵犯が続いた。", "領空侵犯", X, "領空侵犯", ()),
    ("武力攻撃を受けた。", "武力攻撃", X, "武力攻撃", ()),
    ("原子力発電所が止まった。", "原子力発電所", X, "原子力発電所", ()),
    ("第二次世界大戦が終わった。", "第二次世界大戦", X, "第二次世界大戦", ()),
    ("記者会見を開いた。", "記者会見", X, "記者会見", ()),
    ("経済制裁を科した。", "経済制裁", X, "経済制裁", ()),
    ("集団的自衛権を行使する。", "集団的自衛権", X, "集団的自衛権", ()),
    ("彼らは大喧嘩をした。", "大喧嘩", X, "大喧嘩", ()),
    # -- expressions -----------------------------------------------------------
    ("計画を中止せざるを得ない。", "ざるを得ない", E, "ざるを得ない", ()),
    ("計画を中止せざるを得なかった。", "ざるを得なかった", E, "ざるを得ない", ("past",)),
    ("難民に対して支援する。", "に対して", E, "に対して", ()),
    ("平和について話す。", "について", E, "について", ()),
    ("平和について話す。", "平和", W, "平和", ()),
    ("合意に基づいて行動する。", "に基づいて", E, "に基づいて", ()),
    ("中国やロシアといった国々", "といった", E, "といった", ()),
    ("明日は雨が降るかもしれない。", "かもしれない", E, "かもしれない", ()),
    ("雨にもかかわらず出かけた。", "にもかかわらず", E, "にもかかわらず", ()),
    ("代表として出席した。", "として", E, "として", ()),
    ("調査によると増えている。", "によると", E, "によると", ()),
    ("平和のために働く。", "ために", E, "ために", ()),
    ("彼の話に耳を傾けた。", "耳を傾けた", E, "耳を傾ける", ("past",)),
    ("これは重要なことである。", "である", E, "である", ()),
    # -- names in context ------------------------------------------------------
    ("トランプ大統領は述べた。", "トランプ", W, "トランプ", ()),
    ("ゼレンスキー大統領が訪れた。", "ゼレンスキー", W, "ゼレンスキー", ()),
    # -- numbers keep their counters -------------------------------------------
    ("3人が来た。", "3人", W, "3人", ()),
    ("2025年に始まった。", "2025年", W, "2025年", ()),
]

#: (sentence, run): headwords of something that must not be one word here.
JUNK: list[tuple[str, str]] = [
    ("彼が来たのを見た。", "たの"),
    ("彼は走っていた。", "てい"),
    ("中止とした。", "とし"),
    ("中止とした。", "とした"),
    ("本を読みました。", "ました"),
    ("行かないと分からない。", "ないと"),
    ("これは本です。", "これは"),
    ("それが問題だ。", "それが"),
    ("宿題をして寝た。", "して"),
    ("雨が続いて困る。", "続いて"),
    ("手を挙げて答えた。", "挙げて"),
    ("行かなければ分からない。", "なければ"),
    ("ではまた。", "では"),
    ("のにと思った。", "のに"),
]


def _words(annotator, text: str):
    return [w for s in annotator.annotate(text).sentences for w in s.words]


@pytest.mark.parametrize(("sentence", "text", "kind", "base", "inflections"), WORDS)
def test_words(annotator, sentence, text, kind, base, inflections):
    words = _words(annotator, sentence)
    found = [w for w in words if w.text == text]
    assert found, f"{text!r} is not a word of {sentence!r}: {[w.text for w in words]}"
    word = found[0]
    assert (word.kind, word.base, word.inflections) == (kind, base, inflections)


@pytest.mark.parametrize(("sentence", "run"), JUNK)
def test_junk_runs_are_not_words(annotator, sentence, run):
    words = _words(annotator, sentence)
    # 続いて may be 続く's te-form, never the headword 続いて ("next")
    found = [(w.text, w.kind) for w in words if w.text == run]
    assert found in ([], [(run, C)]), [(w.text, w.kind) for w in words]


def test_table_covers_every_inflection_name():
    named = {name for *_, names in WORDS for name in names}
    assert set(inflection.NAMES) - named == set()
    assert {name for _, names in inflection.CHAIN for name in names} <= set(inflection.NAMES)


def test_compound_reading_comes_from_the_dictionary(annotator):
    word = next(w for w in _words(annotator, "彼らは大喧嘩をした。") if w.text == "大喧嘩")
    assert word.reading == "おおげんか"
    assert [(seg.text, seg.reading) for seg in word.ruby] == [("大喧嘩", "おおげんか")]
    # its tokens keep MeCab's furigana
    assert "".join(t.reading for t in word.tokens) != "おおげんか"


def test_a_name_before_a_title_is_a_name_first(annotator):
    trump = next(w for w in _words(annotator, "トランプ大統領は述べた。") if w.text == "トランプ")
    assert trump.entries[0].is_name and "Trump" in trump.glosses
    cards = next(w for w in _words(annotator, "トランプで遊ぶ。") if w.text == "トランプ")
    assert not cards.entries[0].is_name


def test_the_vocabulary_key_is_the_dictionary_word(annotator):
    words = {w.text: w for w in _words(annotator, "会議の前に準備しておいた。首脳会談が始まった。")}
    assert words["準備しておいた"].key == ("準備", "じゅんび")  # the noun JMdict lists
    assert words["首脳会談"].key == ("首脳会談", "しゅのうかいだん")
    assert words["首脳会談"].entries[0].word == "首脳会談"


def test_words_have_code_point_offsets(annotator):
    text = "彼は𠮷野家で食べさせられなかった。"
    for word in _words(annotator, text):
        assert text[word.start : word.end] == word.text


def test_without_a_dictionary_conjugations_still_group(tokenizer):
    from reader.core.text.pipeline import Annotator

    words = [w.text for s in Annotator(None).annotate("食べさせられなかった首脳会談").sentences for w in s.words]
    assert words == ["食べさせられなかった", "首脳", "会談"]


_JAPANESE = st.text(
    alphabet=st.sampled_from(list("食べさせられなかった首脳会談にについてのはがをしてい。、 \u3000ABC123")),
    max_size=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_JAPANESE)
def test_words_tile_the_tokens(annotator, text):
    for sentence in annotator.annotate(text).sentences:
        covered = [k for w in sentence.words for k in range(w.first, w.last + 1)]
        spoken = [k for k, t in enumerate(sentence.tokens) if t.pos != "空白"]
        assert covered == spoken
        for w in sentence.words:
            assert w.tokens == sentence.tokens[w.first : w.last + 1]


@pytest.mark.parametrize(
    "text",
    ["\ud800漢字\udfff", "あ" * 10_000, "はがをにでとものへやか", "1" * 400 + "円", "9" * 5000],
)
def test_bad_input_still_gets_words(annotator, text):
    sentences = annotator.annotate(text).sentences
    assert sum(len(s.words) for s in sentences) > 0


# -- precision on the bundled articles ------------------------------------------------

SEED_TABLE = Path(__file__).with_name("seed_words.tsv")
#: The share of distinct multi-token words found in the bundled articles that are one
#: word where they stand (hand-judged in seed_words.tsv): 239 of 242 today.
MIN_PRECISION = 0.95


def _judged() -> dict[tuple[str, str], str]:
    rows = [line.split("\t") for line in SEED_TABLE.read_text(encoding="utf-8").splitlines()]
    return {(r[0], r[1]): r[2] for r in rows if r and not r[0].startswith("#")}


def test_compounds_and_expressions_in_the_seed_articles_are_judged_and_precise(annotator):
    from reader.core.library import bundled

    found = {
        (w.kind, w.base)
        for info in bundled.list_articles()
        for s in annotator.iter_annotate(bundled.load_article(info.id).text)
        for w in s.words
        if w.kind in (X, E)
    }
    judged = _judged()
    unjudged = sorted(found - set(judged))
    assert not unjudged, f"judge these in {SEED_TABLE.name}: {unjudged}"
    good = sum(1 for key in found if judged[key] == "ok")
    assert good / len(found) >= MIN_PRECISION, f"precision {good}/{len(found)}"
    assert len(found) >= 200  # the seeds hold a few hundred: the layer is not idle
