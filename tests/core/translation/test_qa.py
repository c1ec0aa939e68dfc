"""QA checks on drafts: a table per check, of Japanese sentences and English drafts."""

from __future__ import annotations

import pytest

from reader.core.translation.qa import QAIssue, Segment, bracket_problem, check
from reader.core.translation.qanumbers import missing_numbers

TERMS = {"首脳会談": "summit", "首脳": "leader", "停戦": "ceasefire"}


def codes(source: str, draft: str, terms=None) -> list[str]:
    return [i.code for i in check([Segment(0, source, draft)], terms or {})]


@pytest.mark.parametrize(
    "source, draft, missing",
    [
        ("2025年に発表された。", "It was announced in 2025.", []),
        ("2025年に発表された。", "It was announced in 2024.", ["2025"]),
        ("２０２５年に発表された。", "It was announced in 2025.", []),  # full-width digits
        ("二千二十五年に発表された。", "It was announced in 2025.", []),  # kanji numerals
        ("千二百人が参加した。", "1,200 people took part.", []),
        ("千二百人が参加した。", "1200 people took part.", []),
        ("1,200人が参加した。", "1200 people took part.", []),  # 1,200 → 1200
        ("１，２００人が参加した。", "Some 1,300 people took part.", ["1,200"]),
        ("8月15日に会談した。", "They met on August 15.", []),  # 8月 → August
        ("8月15日に会談した。", "They met on Aug. 15.", []),
        ("8月15日に会談した。", "They met on 15 July.", ["8月"]),
        ("2025年8月に", "in August 2025", []),
        ("3万5000人", "35,000 people", []),
        ("1.5億円", "150 million yen", []),
        ("三百本の木", "three hundred trees", []),
        ("5割が賛成した。", "50% agreed.", []),
        ("二十一世紀", "the twenty-first century", []),
        ("3人が来た。", "Three people came.", []),
        ("一人で行った。", "I went alone.", []),  # a lone kanji digit is a word, not a number
        ("十分だ。", "That is enough.", []),
        ("千葉県に住む。", "I live in Chiba.", []),
        ("数十万人が集まった。", "Hundreds of thousands gathered.", []),
        ("〇〇さんが来た。", "Mr X came.", []),
        ("気温は7.5度だった。", "It was 7.5 degrees.", []),
        ("気温は7.5度だった。", "It was 75 degrees.", ["7.5"]),
    ],
)
def test_numbers(source, draft, missing):
    assert missing_numbers(source, draft)[0] == missing
    assert ("number" in codes(source, draft)) == bool(missing)


def test_a_number_issue_names_what_the_draft_has_instead():
    [issue] = check([Segment(3, "2025年に発表された。", "It was announced in 2024.")], {})
    assert issue == QAIssue(3, "number", "2025 of the source not in the draft (the draft has 2024)")


@pytest.mark.parametrize(
    "source, draft, flagged",
    [
        ("米ロ首脳会談以降、停戦に向けた", "Since the US-Russia summit, towards a ceasefire", []),
        ("米ロ首脳会談以降", "Since the US-Russia talks", ["首脳会談"]),  # the longest term only
        ("欧州首脳が集結し", "European Leaders gathered", []),  # case does not matter
        ("停戦は不可欠だ。首脳も言った。", "A truce is vital, leaders said.", ["停戦"]),
        ("関係のない文", "Unrelated", []),
    ],
)
def test_terms(source, draft, flagged):
    issues = [i for i in check([Segment(0, source, draft)], TERMS) if i.code == "term"]
    assert [i.message.split(" ")[0] for i in issues] == flagged


@pytest.mark.parametrize(
    "source, draft, expected",
    [
        ("東京です。", "", ["empty"]),
        ("東京です。", "   ", ["empty"]),
        ("東京です。", "東京です。", ["untranslated"]),  # the source again
        ("東京です。", "東京 です。", ["untranslated"]),  # ... normalised
        ("東京です。", "It is とうきょう.", ["untranslated"]),  # kana left in
        ("東京です。", "It is Tokyo.", []),
        ("", "", []),  # an empty sentence needs nothing
    ],
)
def test_empty_and_untranslated(source, draft, expected):
    assert codes(source, draft) == expected


@pytest.mark.parametrize(
    "draft, problem",
    [
        ("He said (quietly) no.", ""),
        ("He said (quietly no.", "( is never closed"),
        ("He said quietly) no.", ") closes nothing"),
        ("a [b (c] d)", "] closes ("),
        ("“Yes,” he said.", ""),
        ("“Yes, he said.", "“ is never closed"),
        ('"Yes," he said.', ""),
        ('"Yes, he said.', 'an odd number of " quotes'),
        ("「はい」と", ""),
        ("It's Tokyo's.", ""),  # apostrophes are not quotes
    ],
)
def test_brackets(draft, problem):
    assert bracket_problem(draft) == problem
    assert ("brackets" in codes("はいと言った。", draft)) == bool(problem)


@pytest.mark.parametrize(
    "draft, flagged",
    [("It is  Tokyo.", True), ("It is Tokyo. ", False), ("It is Tokyo.", False), ("Tokyo.  It is.", True)],
)
def test_spaces(draft, flagged):
    assert ("spaces" in codes("東京です。", draft)) == flagged


def test_inconsistent_translations_of_the_same_sentence():
    segments = [
        Segment(0, "ありがとう。", "Thank you."),
        Segment(1, "こんにちは。", "Hello."),
        Segment(2, "ありがとう。", "Thanks."),
        Segment(3, "ありがとう 。", "Thank you."),  # the same source, normalised; same draft as 0
        Segment(4, "こんにちは。", "Hello."),  # consistent
        Segment(5, "ありがとう。", ""),  # no draft: not inconsistent, just empty
    ]
    issues = [(i.sentence, i.message) for i in check(segments, {}) if i.code == "inconsistent"]
    assert issues == [
        (0, "the same sentence is translated differently in sentence 3"),
        (2, "the same sentence is translated differently in sentence 1, 4"),
        (3, "the same sentence is translated differently in sentence 3"),
    ]


def test_issues_come_by_sentence_then_by_check():
    segments = [Segment(1, "2025年の停戦", "The  truce (of 2024"), Segment(0, "東京", "")]
    assert [(i.sentence, i.code) for i in check(segments, TERMS)] == [
        (0, "empty"), (1, "number"), (1, "term"), (1, "brackets"), (1, "spaces"),
    ]
