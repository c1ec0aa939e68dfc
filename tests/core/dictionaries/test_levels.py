"""JLPT levels of words and kanji, newspaper bands, and the committed JLPT lists."""

from __future__ import annotations

import pytest

from reader.core.dictionaries import levels
from reader.core.text.pipeline import wants_gloss

# Two sentences of the bundled Ukraine article, every content word with the level the
# JLPT lists give it (checked by hand against reader/resources/data/jlpt-words.tsv). None: not
# listed (names, 停戦's kind of news words) or listed under another reading only.
SENTENCE_1 = "ウクライナに住む当事者の声と国際法を尊重した「真の和平」の実現こそが求められる。"
LEVELS_1 = [
    ("ウクライナ", None), ("住む", 5), ("当事", None), ("者", 3),  # 者 もの N3, read しゃ
    ("声", 5), ("国際", 4), ("法", 3), ("尊重", 3), ("する", 5), ("真", None),
    ("和平", None), ("実現", 3), ("求める", 3),
]
SENTENCE_2 = (
    "2025年8月15日、アラスカ州アンカレッジでロシアによるウクライナ侵攻後、"
    "初めて米ロ首脳会談が対面で行われた。"
)
LEVELS_2 = [
    ("年", 5),  # listed as とし only, and one level: by spelling alone
    ("月", 3), ("日", 3),  # 月: listed as つき only; 日: にち is N3 (ひ is N4)
    ("アラスカ", None), ("州", 3), ("アンカレッジ", None), ("ロシア", None),
    ("よる", 2),  # UniDic's lemma 因る, N2 (夜 is N5)
    ("ウクライナ", None), ("侵攻", None), ("後", None),  # 後 ご: listed as あと and うしろ
    ("初めて", 5), ("米ロ", None), ("首脳", 1), ("会談", 1), ("対面", 1), ("行う", 4),
]


@pytest.mark.parametrize(("text", "expected"), [(SENTENCE_1, LEVELS_1), (SENTENCE_2, LEVELS_2)])
def test_levels_of_a_bundled_sentence(annotator, text: str, expected: list) -> None:
    words = [t for s in annotator.iter_annotate(text) for t in s.tokens if wants_gloss(t.lexeme)]
    assert [(t.base, levels.lexeme_level(t.lexeme)) for t in words] == expected


@pytest.mark.parametrize(
    ("base", "reading", "level"),
    [
        ("今日", "きょう", 5),
        ("今日", "こんにち", 3),
        ("今日", "キョウ", 5),  # a reading in katakana
        ("今日", "", None),  # two readings at two levels: not a guess
        ("上手", "うわて", 1),
        ("上手", "じょうず", 5),
        ("首脳", "しゅのう", 1),
        ("年", "ねん", 5),  # reading not listed, spelling has one level
        ("居る", "いる", 5),
        ("いる", "いる", 5),  # kana: the easiest of 居る 要る (N5), 炒る (N2), 入る (N1)
        ("わかる", "わかる", 5),  # 分かる N5, not 分る N2
        ("カメラ", "", 5),
        ("コピー", "こぴー", 5),  # listed as コピーする
        ("お金持ち", "おかねもち", 4),  # listed as お・金持ち
        ("金持ち", "かねもち", 4),
        ("硬い", "かたい", 4),  # listed as 堅/硬/固い
        ("対立", "たいりつ", 2),  # garbled in the source, fixed on conversion
        ("停戦", "ていせん", None),
        ("", "", None),
    ],
)
def test_word_level(base: str, reading: str, level: int | None) -> None:
    assert levels.word_level(base, reading) == level


@pytest.mark.parametrize(
    ("ch", "level"), [("停", 2), ("戦", 3), ("日", 5), ("亜", 1), ("唖", None), ("a", None)]
)
def test_kanji_level(ch: str, level: int | None) -> None:
    assert levels.kanji_level(ch) == level


@pytest.mark.parametrize(("level", "label"), [(5, "N5"), (3, "N3"), (1, "N1"), (None, "")])
def test_level_label(level: int | None, label: str) -> None:
    assert levels.level_label(level) == label


@pytest.mark.parametrize(
    ("nf", "band"),
    [(1, "news top 500"), (3, "news top 1,500"), (12, "news top 6,000"),
     (48, "news top 24,000"), (None, ""), (0, "")],
)
def test_news_band(nf: int | None, band: str) -> None:
    assert levels.news_band(nf) == band


def test_the_lists_hold_what_their_readme_says() -> None:
    rows = [line.split("\t") for line in (levels.data_dir() / levels.WORDS_FILE)
            .read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(rows) == 8327 and all(len(r) == 3 and r[2] in "12345" for r in rows)
    kanji = (levels.data_dir() / levels.KANJI_FILE).read_text(encoding="utf-8").splitlines()
    assert len(kanji) - 1 == 2211
    by_level = {n: sum(1 for line in kanji[1:] if line.endswith(str(n))) for n in range(1, 6)}
    assert by_level == {5: 79, 4: 166, 3: 367, 2: 367, 1: 1232}
