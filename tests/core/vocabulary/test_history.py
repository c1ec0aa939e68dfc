"""The lookup history: recording with the debounce, counts, the filter, clearing, saving."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path


from reader.core.storage import schema
from reader.core.storage.sqlitedb import Database
from reader.core.storage.store import Store
from reader.core.vocabulary.history import (
    DEBOUNCE,
    MAX_SENTENCE,
    LookupHistory,
    LookupRecorder,
    save_to_vocabulary,
)
from reader.core.vocabulary.words import Words
from tests.core.clocks import FakeClock

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_counts_last_sentence_and_filter(store: Store) -> None:
    history = LookupHistory(store)
    history.record(("停戦", "ていせん"), "停戦", "a1", "停戦が決まった。", T0)
    history.record(("停戦", "ていせん"), "停戦", "a2", "停戦は続く。", T0 + timedelta(hours=1))
    history.record(("停戦", "ていせん"), "停戦", "a0", "古い文。", T0 - timedelta(hours=1))  # older: not the last
    history.record(("会談", "かいだん"), "会談", "a1", "会談した。", T0 + timedelta(minutes=5))
    rows = history.counts()
    assert [(r.base, r.count) for r in rows] == [("停戦", 3), ("会談", 1)]
    top = rows[0]
    assert top.sentence == "停戦は続く。" and top.article_id == "a2"
    assert datetime.fromisoformat(top.last_at) == T0 + timedelta(hours=1)
    assert [r.base for r in history.counts(min_count=3)] == ["停戦"]
    assert history.word_count() == 2 and history.word_count(3) == 1 and history.total() == 4
    assert history.count_of(("会談", "かいだん")).count == 1 and history.count_of(("猫", "ねこ")) is None
    assert [x.article_id for x in history.lookups_of(("停戦", "ていせん"))] == ["a2", "a1", "a0"]
    assert len(history.counts(limit=1)) == 1


def test_ties_put_the_most_recent_first(store: Store) -> None:
    history = LookupHistory(store)
    history.record(("一", "いち"), "一", "a", "一。", T0)
    history.record(("二", "に"), "二", "a", "二。", T0 + timedelta(seconds=1))
    assert [r.base for r in history.counts()] == ["二", "一"]


def test_clear_forgets_everything(store: Store) -> None:
    history = LookupHistory(store)
    for n in range(5):
        history.record(("停戦", "ていせん"), "停戦", "a", f"文{n}", T0 + timedelta(seconds=n))
    assert history.clear() == 5
    assert history.counts() == [] and history.total() == 0 and history.word_count() == 0
    history.record(("停戦", "ていせん"), "停戦", "a", "文", T0)
    assert history.counts()[0].count == 1


def test_the_recorder_debounces_the_same_word_in_the_same_sentence() -> None:
    clock = FakeClock(T0)
    recorder = LookupRecorder(clock)
    key = ("停戦", "ていせん")
    assert recorder.add(key, "停戦", "a", "停戦が決まった。")
    clock.advance(3)
    assert not recorder.add(key, "停戦", "a", "停戦が決まった。")  # a hover, then a click
    assert recorder.add(key, "停戦", "a", "別の文の停戦。")  # another sentence counts
    assert recorder.add(key, "停戦", "b", "停戦が決まった。")  # and another article
    clock.advance(9)
    assert not recorder.add(key, "停戦", "a", "停戦が決まった。")  # 9 s after the last time seen
    clock.advance(DEBOUNCE.total_seconds())
    assert recorder.add(key, "停戦", "a", "停戦が決まった。")
    taken = recorder.take()
    assert [x.sentence for x in taken] == ["停戦が決まった。", "別の文の停戦。", "停戦が決まった。", "停戦が決まった。"]
    assert taken[0].at == T0
    assert recorder.take() == []
    recorder.forget()
    assert recorder.add(key, "停戦", "a", "停戦が決まった。")


def test_the_recorder_forgets_old_marks_and_cuts_long_sentences() -> None:
    clock = FakeClock(T0)
    recorder = LookupRecorder(clock)
    for n in range(1000):
        recorder.add((f"語{n}", "ご"), f"語{n}", "a", "文")
        clock.advance(1)
    assert len(recorder._seen) <= 257  # only the last DEBOUNCE's marks are kept
    for n in range(600):  # many within the debounce: all kept, and still cheap
        recorder.add((f"語{n}", "ご"), f"語{n}", "b", "文")
    assert len(recorder._seen) >= 600
    long = "あ" * 2000 + "停戦" + "い" * 2000
    recorder.add(("停戦", "ていせん"), "停戦", "a", long)
    kept = recorder.take()[-1].sentence
    assert len(kept) == MAX_SENTENCE and "停戦" in kept


def test_a_batch_is_one_transaction(store: Store) -> None:
    clock = FakeClock(T0)
    recorder = LookupRecorder(clock)
    for n in range(50):
        recorder.add(("語", "ご"), "語", "a", f"文{n}")
    history = LookupHistory(store)
    assert history.record_many(recorder.take()) == 50
    assert history.counts()[0].count == 50


def test_saving_looked_up_words_with_their_sentence(store: Store, dictionary) -> None:
    history = LookupHistory(store)
    history.record(("停戦", "ていせん"), "停戦", "a1", "両国は停戦に合意した。", T0)
    history.record(("僞語", "ぎご"), "僞語", "a1", "僞語です。", T0)  # not in the dictionary
    saved = save_to_vocabulary(Words(store), history.counts(), dictionary)
    assert sorted(saved) == [("停戦", "ていせん"), ("僞語", "ぎご")]
    words = {w["base"]: w for w in Words(store).saved_words()}
    assert "ceasefire" in " ".join(words["停戦"]["glosses"]) and words["僞語"]["glosses"] == []
    context = Words(store).word_contexts(words["停戦"]["id"])[0]
    assert context["sentence"] == "両国は停戦に合意した。" and (context["start"], context["end"]) == (3, 5)


def test_an_older_database_gains_the_history(tmp_path: Path) -> None:
    """A file from before the history (m001-m004 applied) gains it when opened."""
    import sqlite3

    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    schema.migrations.apply(db, stop_before=schema.m005_lookup_history_and_reading_sessions.__name__)
    assert "lookups" not in db.table_names()
    db.conn.close()
    with Store(path) as store:
        LookupHistory(store).record(("停戦", "ていせん"), "停戦", "a", "文", T0)
        assert LookupHistory(store).total() == 1
        assert {"lookups", "lookup_words", "reading_sessions"} <= set(store.db.table_names())
