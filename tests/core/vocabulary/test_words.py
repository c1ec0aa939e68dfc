"""Vocabulary: saving with notes and tags, the view's queries, known words, coverage, CSV."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.core.errors import InputError, ReaderError
from reader.core.storage import schema
from reader.core.storage.store import Store
from reader.core.storage.wordindex import search_query
from reader.core.vocabulary import coverage, lists, words
from reader.core.vocabulary.words import Words


def _save(store: Store, base: str, reading: str, glosses: list[str], **kw) -> int:
    sentence = kw.pop("sentence", f"{base}を見た。")
    return Words(store).save_word(base, reading, glosses, "名詞", sentence, "a", 0, len(base), **kw)


# -- saving ------------------------------------------------------------------


def test_saving_again_adds_a_context_note_and_tags(store: Store) -> None:
    first = _save(store, "停戦", "ていせん", ["ceasefire"], note="news word", tags=["news"])
    again = _save(
        store,
        "停戦",
        "ていせん",
        ["truce"],
        sentence="停戦が続く。",
        note="x",
        tags="politics news",
    )
    assert first == again
    word = Words(store).word(first)
    assert word["glosses"] == ["ceasefire"] and word["note"] == "news word"
    assert word["tags"] == ["news", "politics"] and word["contexts"] == 2
    assert [c["sentence"] for c in Words(store).word_contexts(first)] == ["停戦を見た。", "停戦が続く。"]
    assert Words(store).word_contexts(first)[0]["start"] == 0 and Words(store).word_contexts(first)[0]["end"] == 2
    assert len(Words(store).saved_words()) == 1


def test_saving_without_a_sentence_adds_no_context(store: Store) -> None:
    word_id = Words(store).save_word("猫", "ねこ", ["cat"], "名詞")
    assert Words(store).word(word_id)["contexts"] == 0 and Words(store).word_contexts(word_id) == []


def test_an_old_database_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    schema.migrations.apply(db, stop_before="m002_word_notes_and_tags")
    with db.atomic():
        db.execute(
            "INSERT INTO words (base, reading, glosses, created, updated, saved)"
            " VALUES ('停戦', 'ていせん', '[\"ceasefire\"]', 'x', 'x', '2025-01-01')"
        )
    db.conn.close()
    with Store(path) as upgraded:
        [word] = Words(upgraded).search_words("戦")
        assert word["note"] == "" and word["tags"] == [] and word["due"] == "2025-01-01"
        assert Words(upgraded).search_words("cease")[0]["id"] == word["id"]


# -- the vocabulary view -------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    _save(store, "停戦", "ていせん", ["ceasefire", "truce"], tags=["news", "JLPT-N1"])
    _save(store, "戦争", "せんそう", ["war"], note="see 停戦", tags=["news"])
    _save(store, "テレビ", "てれび", ["television", "TV"])
    _save(store, "猫", "ねこ", ["cat"], note="cute")
    Words(store).set_word_status("猫", "ねこ", "known")
    Words(store).set_word_status("犬", "いぬ", "known")  # a status only: not in the vocabulary
    return store


def _bases(words: list[dict]) -> list[str]:
    return [w["base"] for w in words]


def test_search_matches_word_reading_gloss_note_and_tag(filled: Store) -> None:
    assert _bases(Words(filled).search_words()) == ["猫", "テレビ", "戦争", "停戦"]
    assert _bases(Words(filled).search_words("戦", sort="word", descending=False)) == ["停戦", "戦争"]
    assert _bases(Words(filled).search_words("せん")) == ["戦争", "停戦"]  # reading, anywhere
    assert _bases(Words(filled).search_words("セン")) == ["戦争", "停戦"]  # katakana finds hiragana
    assert _bases(Words(filled).search_words("ﾃﾚ")) == ["テレビ"]  # half-width kana too
    assert _bases(Words(filled).search_words("cease")) == ["停戦"]  # English: word prefixes
    assert _bases(Words(filled).search_words("TRU")) == ["停戦"]
    assert _bases(Words(filled).search_words("cute")) == ["猫"]  # the note
    assert _bases(Words(filled).search_words("停戦")) == ["戦争", "停戦"]  # the note of 戦争 mentions it
    assert _bases(Words(filled).search_words("jlpt")) == ["停戦"]  # tags are searched too
    assert Words(filled).search_words("戦争停") == []
    assert _bases(Words(filled).search_words("「」")) == _bases(Words(filled).search_words())  # nothing to search
    odd = {'"': 4, "*": 4, "cat OR": 0, "NEAR(": 0, "-war": 1, "(tele": 1}
    assert {q: len(Words(filled).search_words(q)) for q in odd} == odd  # FTS syntax is plain text


def test_filters_sorts_and_pages(filled: Store) -> None:
    assert _bases(Words(filled).search_words(status="known")) == ["猫"]
    assert _bases(
        Words(filled).search_words(status="known", saved_only=False, sort="word", descending=False)
    ) == ["犬", "猫"]
    assert _bases(Words(filled).search_words(tag="news")) == ["戦争", "停戦"]
    assert _bases(Words(filled).search_words(tag="jlpt-n1")) == ["停戦"]  # tags ignore case
    assert _bases(Words(filled).search_words("war", tag="news")) == ["戦争"]
    assert _bases(Words(filled).search_words(sort="reading", descending=False)) == [
        "戦争",
        "停戦",
        "テレビ",
        "猫",
    ]
    assert (
        _bases(Words(filled).search_words(sort="status", descending=False))[0] == "猫"
    )  # known < learning
    assert _bases(Words(filled).search_words(limit=2, offset=1)) == ["テレビ", "戦争"]
    assert Words(filled).count_words() == 4 and Words(filled).count_words("戦") == 2
    assert Words(filled).count_words(status="known", saved_only=False) == 2
    with pytest.raises(ValueError):
        Words(filled).search_words(sort="colour")
    with pytest.raises(ValueError):
        Words(filled).search_words(status="forgotten")


def test_search_uses_indexes_not_scans(filled: Store) -> None:
    def plan(sql: str, args: list) -> str:
        rows = filled.db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
        return " | ".join(row[-1] for row in rows)

    page = "SELECT w.id FROM words w WHERE w.saved IS NOT NULL ORDER BY {} LIMIT 200"
    for order in (
        "w.saved DESC, w.id DESC",
        "w.base, w.reading",
        "w.reading, w.base",
        "w.updated DESC, w.id DESC",
        "w.status, w.saved",
    ):
        assert "USE TEMP B-TREE" not in plan(page.format(order), []), order
    where, args, _ = Words(filled)._filters("戦", None, None, True)
    assert "VIRTUAL TABLE INDEX" in plan(f"SELECT w.id FROM words w WHERE {where}", args)
    where, args, _ = Words(filled)._filters("", None, "news", True)
    assert "word_tags" in plan(f"SELECT w.id FROM words w WHERE {where}", args)


def test_common_matches_walk_the_sort_index_with_the_same_result(store: Store) -> None:
    for n in range(60):
        tags = ["common"] + (["rare"] if n % 20 == 0 else [])
        _save(store, f"語{n % 7}{n}", f"ご{n}", [f"word {n}"], tags=tags)
        if n % 3 == 0:
            Words(store).update_word(n + 1, status="known")
    for sort in words.WORD_SORTS:
        for descending in (True, False):
            for search in (
                {"tag": "common"},
                {"query": "word"},
                {"tag": "rare"},
                {"query": "語", "status": "known"},
            ):
                everything = Words(store).search_words(
                    sort=sort, descending=descending, limit=None, **search
                )
                page = Words(store).search_words(
                    sort=sort, descending=descending, limit=5, offset=2, **search
                )
                assert page == everything[2:7], (sort, descending, search)


def test_search_query_syntax() -> None:
    assert search_query("停戦") == '"停 戦"'
    assert search_query("cea") == '"cea" *'
    assert search_query('say "hi"') == '"say ""hi""" *'
    assert search_query(" 。") is None


def test_update_word_returns_what_it_replaced(filled: Store) -> None:
    word_id = Words(filled).search_words("cease")[0]["id"]
    old = Words(filled).update_word(word_id, note="  a truce  ", tags="war, peace")
    assert old == {"note": "", "tags": ["news", "JLPT-N1"]}
    word = Words(filled).word(word_id)
    assert word["note"] == "a truce" and word["tags"] == ["war", "peace"]
    assert _bases(Words(filled).search_words(tag="peace")) == ["停戦"]
    assert Words(filled).search_words(tag="JLPT-N1") == []
    assert _bases(Words(filled).search_words("truce")) == ["停戦"]
    Words(filled).update_word(word_id, **old)
    assert Words(filled).word(word_id)["tags"] == ["news", "JLPT-N1"]
    Words(filled).update_word(word_id, glosses=["armistice"], status="known")
    assert Words(filled).word(word_id)["glosses"] == ["armistice"] and _bases(Words(filled).search_words("armis"))
    with pytest.raises(ReaderError):
        Words(filled).update_word(9999, note="x")


def test_delete_and_restore_words(filled: Store) -> None:
    ids = [w["id"] for w in Words(filled).search_words("戦")]
    before = [Words(filled).word(i) for i in ids]
    contexts = {i: Words(filled).word_contexts(i) for i in ids}
    deleted = Words(filled).delete_words(ids)
    assert {row["id"] for row in deleted} == set(ids)
    assert all(row["contexts"] and row["card"] for row in deleted)
    assert Words(filled).search_words("戦") == [] and Words(filled).search_words(tag="news") == []
    assert filled.db.execute("SELECT count(*) FROM word_contexts").fetchone()[0] == 2
    assert sorted(Words(filled).restore_words(deleted)) == sorted(ids)
    assert [Words(filled).word(i) for i in ids] == before
    assert {i: Words(filled).word_contexts(i) for i in ids} == contexts
    assert _bases(Words(filled).search_words(tag="news")) == ["戦争", "停戦"]
    assert sorted(Words(filled).restore_words(deleted)) == sorted(ids)  # twice: no duplicates
    assert Words(filled).count_words() == 4 and Words(filled).word(ids[0])["contexts"] == 1


def test_restore_after_saving_again_merges(store: Store) -> None:
    word_id = _save(store, "猫", "ねこ", ["cat"])
    deleted = Words(store).delete_words([word_id])
    again = _save(store, "猫", "ねこ", ["cat"], sentence="猫だ。")
    assert Words(store).restore_words(deleted) == [again]
    assert [c["sentence"] for c in Words(store).word_contexts(again)] == ["猫を見た。", "猫だ。"]


# -- known words -------------------------------------------------------------


def test_mark_known_is_one_transaction_and_keeps_other_statuses(store: Store) -> None:
    Words(store).set_word_status("猫", "ねこ", "learning")
    Words(store).set_word_status("犬", "いぬ", "ignored")
    Words(store).set_word_status("魚", "さかな", "new")
    changed = Words(store).mark_known(
        [("猫", "ねこ"), ("犬", "いぬ"), ("魚", "さかな"), ("鳥", "とり"), ("鳥", "とり")]
    )
    assert changed == (2, 2)
    assert Words(store).word_statuses() == {
        ("猫", "ねこ"): "learning",
        ("犬", "いぬ"): "ignored",
        ("魚", "さかな"): "known",
        ("鳥", "とり"): "known",
    }
    assert Words(store).word_statuses([("鳥", "とり"), ("象", "ぞう")]) == {("鳥", "とり"): "known"}
    assert _bases(Words(store).search_words("鳥", saved_only=False)) == ["鳥"]


def test_mark_article_known(store: Store, annotator) -> None:
    sentences = list(annotator.iter_annotate("猫が魚を食べた。犬も食べる。"))
    Words(store).set_word_status("猫", "ねこ", "learning")
    assert coverage.mark_article_known(store, sentences) == 3  # 魚, 食べる, 犬; not が, を, た
    statuses = Words(store).word_statuses()
    assert statuses[("猫", "ねこ")] == "learning"
    assert statuses[("食べる", "たべる")] == "known" and ("が", "が") not in statuses
    assert coverage.mark_article_known(store, sentences) == 0


def test_parse_known_word_lists() -> None:
    plain = "停戦\tていせん\n猫, ねこ\n犬 いぬ\nテレビ\n日本\n\n"
    assert lists.parse_known_words(plain) == [
        ("停戦", "ていせん"),
        ("猫", "ねこ"),
        ("犬", "いぬ"),
        ("テレビ", "てれび"),
        ("日本", ""),
    ]
    assert lists.parse_known_words('word,reading\n停戦,ていせん\n"猫",\n', csv_format=True) == [
        ("停戦", "ていせん"),
        ("猫", ""),
    ]
    anki = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:6\n"
        "abc\tJapanese\tDeck\t<b>停戦</b>\tceasefire\tnews\n"
        "abd\tJapanese\tDeck\t 停戦[ていせん]協定[きょうてい]\t\t\n"
        "abe\tJapanese\tDeck\t向[む]ける\tto turn\t\n"
        "abf\tJapanese\tDeck\t猫&nbsp;\tネコ\t\n"
    )
    assert lists.parse_known_words(anki) == [
        ("停戦", ""),
        ("停戦協定", "ていせんきょうてい"),
        ("向ける", "むける"),
        ("猫", "ねこ"),
    ]


def test_import_known_words(store: Store, tmp_path: Path, dictionary) -> None:
    listing = tmp_path / "known.txt"
    listing.write_text("停戦\tていせん\n日本\nテレビ\n", encoding="utf-8")
    Words(store).set_word_status("テレビ", "てれび", "learning")
    counts = lists.import_known_words(store, listing, lists.dictionary_readings(dictionary))
    statuses = Words(store).word_statuses()
    assert ("日本", "にほん") in statuses and statuses[("停戦", "ていせん")] == "known"
    assert statuses[("テレビ", "てれび")] == "learning"
    assert counts.added == len(statuses) - 1 and counts.unchanged == 1
    again = lists.import_known_words(store, listing, lists.dictionary_readings(dictionary))
    assert again.added == 0
    empty = tmp_path / "empty.txt"
    empty.write_text("#html:true\n\n", encoding="utf-8")
    with pytest.raises(InputError):
        lists.import_known_words(store, empty)


# -- coverage ----------------------------------------------------------------

HAND_CHECKED = "猫が魚を食べた。\n犬も魚を食べる。\n猫と犬が寝ている。"


def test_coverage_of_a_hand_checked_article(annotator) -> None:
    sentences = list(annotator.iter_annotate(HAND_CHECKED))
    # Words per sentence (particles and punctuation do not count; 食べた is one word,
    # 食べる, and so is 寝ている, 寝る):
    #   1: 猫 魚 食べる        2: 犬 魚 食べる        3: 猫 犬 寝る
    # Statuses: 魚, 食べる known; 寝る ignored (counts as known); 猫 learning (not yet
    # known); 犬 has none.
    statuses = {
        ("魚", "さかな"): "known",
        ("食べる", "たべる"): "known",
        ("寝る", "ねる"): "ignored",
        ("猫", "ねこ"): "learning",
    }
    result = coverage.coverage(sentences, statuses)
    # Running words: 3 + 3 + 3 = 9; known: 魚 食べる | 魚 食べる | 寝る = 5.
    assert (result.running_words, result.running_known) == (9, 5)
    assert result.running_share == 5 / 9
    # Distinct words: 猫 魚 食べる 犬 寝る = 5; known: 魚 食べる 寝る = 3.
    assert (result.distinct_words, result.distinct_known) == (5, 3)
    assert result.distinct_share == 3 / 5
    # Unknown by count: 猫 2 (first in sentence 1), 犬 2 (sentence 2).
    assert [(w.base, w.count) for w in result.unknown_by_frequency] == [("猫", 2), ("犬", 2)]
    # By JMdict band: 犬 nf03, 猫 nf07.
    assert [(w.base, w.nf) for w in result.unknown_by_nf] == [("犬", 3), ("猫", 7)]
    # Unknown per sentence: {猫} | {犬} | {猫, 犬}: sentences 1 and 2 are i+1.
    assert result.one_unknown == (1, 2)


def test_a_compound_is_counted_as_one_word(annotator) -> None:
    sentences = list(annotator.iter_annotate("首脳会談が行われた。"))
    # 首脳会談 is one word; a saved 首脳 does not make it known, a known 首脳会談 does.
    assert coverage.content_words(sentences) == [("首脳会談", "しゅのうかいだん"), ("行う", "おこなう")]
    result = coverage.coverage(sentences, {("首脳", "しゅのう"): "known"})
    assert (result.running_words, result.running_known) == (2, 0)
    result = coverage.coverage(sentences, {("首脳会談", "しゅのうかいだん"): "known"})
    assert (result.running_words, result.running_known) == (2, 1)
    assert result.one_unknown == (1,)


def test_coverage_edge_cases(annotator, store: Store) -> None:
    assert coverage.coverage([], {}).running_share == 1.0
    sentences = list(annotator.iter_annotate("猫が猫を見る。"))
    # A word listed without a reading counts for every reading; a repeated unknown
    # word is still one unknown word for i+1.
    result = coverage.coverage(sentences, {("見る", ""): "known"})
    assert result.one_unknown == (1,) and result.running_known == 1
    Words(store).set_word_status("見る", "", "known")
    assert coverage.article_statuses(store, sentences) == {("見る", ""): "known"}


# -- CSV ---------------------------------------------------------------------


def test_csv_round_trip(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "words.csv"
    _save(
        filled, "喧嘩", "けんか", ["quarrel; fight", "brawl, row"], note='He said "no",\nthen left'
    )
    assert lists.export_csv(filled, target, bom=True) == 5
    assert target.read_bytes().startswith(b"\xef\xbb\xbfword,reading,")
    keys = ("base", "reading", "glosses", "note", "tags", "status", "pos", "contexts")
    with Store(tmp_path / "fresh.sqlite") as fresh:
        assert lists.import_csv(fresh, target) == lists.ImportCounts(5, 0)
        assert lists.import_csv(fresh, target) == lists.ImportCounts(0, 5)  # no duplicates
        got = {w["base"]: {k: w[k] for k in keys} for w in Words(fresh).search_words()}
        want = {w["base"]: {k: w[k] for k in keys} for w in Words(filled).search_words()}
        assert got == want
        war = Words(fresh).search_words("war")[0]
        assert Words(fresh).word_contexts(war["id"])[0]["sentence"] == "戦争を見た。"


def test_csv_import_refuses_other_files(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError):
        lists.import_csv(store, other)
