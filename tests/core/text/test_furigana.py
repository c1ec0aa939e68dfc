"""Furigana alignment: ruby over kanji runs, okurigana left bare."""

import pytest

from reader.core.text.furigana import bracketed, ruby_for


@pytest.mark.parametrize(
    "surface, reading, expected",
    [
        ("向けた", "むけた", "向[む]けた"),
        ("取り引き", "とりひき", "取[と]り引[ひ]き"),
        ("呈している", "ていしている", "呈[てい]している"),
        ("停戦", "ていせん", "停戦[ていせん]"),
        ("首脳会談", "しゅのうかいだん", "首脳会談[しゅのうかいだん]"),
        ("打ち込み", "うちこみ", "打[う]ち込[こ]み"),
        ("言い合い", "いいあい", "言[い]い合[あ]い"),
        ("お茶", "おちゃ", "お茶[ちゃ]"),
        ("か国", "かこく", "か国[こく]"),
        ("踏みにじる", "ふみにじる", "踏[ふ]みにじる"),
        ("繰り返し", "くりかえし", "繰[く]り返[かえ]し"),
        ("米ロ", "べいろ", "米[べい]ロ"),
        ("人々", "ひとびと", "人々[ひとびと]"),
        ("ヶ月", "かげつ", "ヶ月[かげつ]"),
        # kana, Latin, punctuation: no ruby at all
        ("ウクライナ", "うくらいな", "ウクライナ"),
        ("ひらがな", "ひらがな", "ひらがな"),
        ("NATO", "", "NATO"),
        ("、", "", "、"),
        # unknown reading: no ruby rather than a wrong one
        ("𠮷", "", "𠮷"),
        # kana that do not fit the reading: whole word, whole reading
        ("大人しい", "おとなしい", "大人[おとな]しい"),
        ("今日は", "きょうわ", "今日は[きょうわ]"),
    ],
)
def test_ruby(surface, reading, expected):
    segments = ruby_for(surface, reading)
    assert "".join(s.text for s in segments) == surface
    assert bracketed(segments) == expected


def test_kana_surface_has_single_bare_segment():
    (seg,) = ruby_for("する", "する")
    assert seg.reading == ""
