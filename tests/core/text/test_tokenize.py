"""Tokens copied out of fugashi: offsets, readings, dictionary forms, numbers."""

import pytest

from reader.core.text.furigana import bracketed


def _bracketed(tokenizer, text):
    return "".join(bracketed(t.ruby) for t in tokenizer.tokenize(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("停戦に向けた", "停戦[ていせん]に向[む]けた"),
        ("取り引きを呈している", "取[と]り引[ひ]きを呈[てい]している"),
        ("日本の首脳会談", "日本[にほん]の首脳[しゅのう]会談[かいだん]"),
        # unidic-lite reads 日本 にっぽん everywhere; names officially にっぽん keep it
        ("日本語を話す", "日本[にほん]語[ご]を話[はな]す"),
        ("世界と日本", "世界[せかい]と日本[にほん]"),
        ("日本維新の会", "日本[にっぽん]維新[いしん]の会[かい]"),
        ("日本銀行の総裁", "日本[にっぽん]銀行[ぎんこう]の総裁[そうさい]"),
        ("日本放送協会", "日本[にっぽん]放送[ほうそう]協会[きょうかい]"),
        ("西日本", "西[にし]日本[にほん]"),
        # numbers and counters, UniDic has no reading for digits
        ("2025年10月30日", "2025[にせんにじゅうご]年[ねん]10[じゅう]月[がつ]30[さんじゅう]日[にち]"),
        ("８月", "８[はち]月[がつ]"),
        ("9月1日", "9[く]月[がつ]1日[ついたち]"),
        ("1日", "1[いち]日[にち]"),
        ("8月15日、", "8[はち]月[がつ]15[じゅうご]日[にち]、"),
        ("一本", "一[いっ]本[ぽん]"),
        ("三本", "三[さん]本[ぼん]"),
        ("六分", "六[ろっ]分[ぷん]"),
        ("十分間", "十[じゅっ]分間[ぷんかん]"),
        ("四月", "四[し]月[がつ]"),
        ("九時", "九[く]時[じ]"),
        ("二十日", "二十日[はつか]"),
        ("二人", "二人[ふたり]"),
        ("一人で", "一人[ひとり]で"),
        ("三百", "三百[さんびゃく]"),
        ("八百", "八百[はっぴゃく]"),
        ("三千", "三千[さんぜん]"),
        ("35か国中26か国", "35[さんじゅうご]か国[こく]中[ちゅう]26[にじゅうろっ]か国[こく]"),
        ("約7万1千本", "約[やく]7万1千[ななまんいっせん]本[ぼん]"),
        ("77.3%", "77.3[ななじゅうななてんさん]%[ぱーせんと]"),
        ("7186億円", "7186億[ななせんひゃくはちじゅうろくおく]円[えん]"),
        ("約1時間", "約[やく]1[いち]時間[じかん]"),
        ("19回", "19[じゅうきゅう]回[かい]"),
        ("12分間", "12[じゅうに]分間[ふんかん]"),
        ("9 月4 日の", "9[く] 月[がつ]4 日[よっか]の"),
    ],
)
def test_readings(tokenizer, text, expected):
    assert _bracketed(tokenizer, text) == expected


@pytest.mark.parametrize(
    "text, surface, base, reading, base_reading, pos",
    [
        ("停戦に向けた", "向け", "向ける", "むけ", "むける", "動詞-一般"),
        ("呈している", "呈し", "呈する", "てい し".replace(" ", ""), "ていする", "動詞-一般"),
        ("アンカレッジで", "アンカレッジ", "アンカレッジ", "あんかれっじ", "あんかれっじ", "名詞-固有名詞-地名-一般"),
        ("会談を行った", "行っ", "行う", "おこなっ", "おこなう", "動詞-一般"),
        ("米ロ首脳", "米ロ", "米ロ", "べいろ", "べいろ", "名詞-普通名詞-一般"),
    ],
)
def test_token_fields(tokenizer, text, surface, base, reading, base_reading, pos):
    (token,) = [t for t in tokenizer.tokenize(text) if t.surface == surface]
    assert (token.base, token.reading, token.base_reading, token.pos) == (
        base,
        reading,
        base_reading,
        pos,
    )


def test_conjugation_is_kept(tokenizer):
    token = tokenizer.tokenize("向けた")[0]
    assert token.conj_type == "下一段-カ行"
    assert token.conj_form == "連用形-一般"


@pytest.mark.parametrize(
    "text",
    [
        "9 月4 日の会合後、",
        "G7外相　全角スペース\tです。",
        "  先頭と末尾に空白  ",
        "F-16戦闘機😀é, combining e\u0301 and 𠮷野家",
        "lone \ud800 surrogate and \x00 control \x1b chars",
        "English text passes through unharmed.",
        "",
    ],
)
def test_tokens_tile_the_text(tokenizer, text):
    tokens = tokenizer.tokenize(text, offset=5)
    assert "".join(t.surface for t in tokens) == text
    pos = 5
    for t in tokens:
        assert t.start == pos and t.end == pos + len(t.surface)
        assert "".join(s.text for s in t.ruby) == t.surface
        pos = t.end


def test_tokens_are_frozen_copies(tokenizer):
    """fugashi reuses its nodes; our tokens must survive the next parse."""
    first = tokenizer.tokenize("停戦に向けた動き")
    tokenizer.tokenize("まったく別の文を解析する")
    assert [t.surface for t in first] == ["停戦", "に", "向け", "た", "動き"]
    with pytest.raises(AttributeError):
        first[0].surface = "x"  # type: ignore[misc]
