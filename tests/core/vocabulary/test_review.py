"""Review scheduling with FSRS: cards live in the database, every answer is recorded."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Scheduler

from reader.core.errors import ReaderError
from reader.core.storage.store import Store
from reader.core.vocabulary.review import AGAIN, EASY, GOOD, Reviewer
from reader.core.vocabulary.words import Words

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def _word(store: Store, base: str, reading: str) -> int:
    return Words(store).save_word(base, reading, ["x"], "名詞", f"{base}だ。", "a", 0, len(base))


def test_saved_words_are_due_at_once(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    dog = _word(store, "犬", "いぬ")
    later = datetime.now(timezone.utc) + timedelta(seconds=1)
    assert [w["id"] for w in reviewer.due_cards(later)] == [cat, dog]
    assert reviewer.due_count(later) == 2
    assert reviewer.due_count(datetime(2000, 1, 1, tzinfo=timezone.utc)) == 0
    Words(store).set_word_status("犬", "いぬ", "known")  # known words leave the queue
    assert reviewer.due_count(later) == 1
    Words(store).set_word_status("鳥", "とり", "learning")  # a status alone is not a card
    assert reviewer.due_count(later) == 1


def test_review_round_trip(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    with store.db.atomic():
        store.db.execute("UPDATE cards SET due = '2026-01-01T00:00:00.000000+00:00'")
    first = reviewer.review(cat, GOOD, T0)
    assert first > T0
    assert reviewer.due_count(T0) == 0 and reviewer.due_count(first) == 1
    # Good again when due: the interval grows to days.
    second = reviewer.review(cat, GOOD, first)
    assert second - first > timedelta(days=1)
    third = reviewer.review(cat, EASY, second)
    assert third - second > second - first
    # Again: back in relearning, due within minutes.
    lapse = reviewer.review(cat, AGAIN, third)
    assert lapse - third < timedelta(hours=1)
    history = reviewer.history(cat)
    assert [h["rating"] for h in history] == [GOOD, GOOD, EASY, AGAIN]
    assert history[0]["previous_due"] == "2026-01-01T00:00:00.000000+00:00"
    assert history[0]["elapsed_days"] is None
    assert history[1]["previous_due"] == history[0]["new_due"]
    assert history[1]["elapsed_days"] == pytest.approx((first - T0).total_seconds() / 86400)
    assert history[-1]["new_due"] == lapse.isoformat(timespec="microseconds")
    state = store.db.execute("SELECT state, due FROM cards WHERE word_id = ?", [cat]).fetchone()
    assert state == ("relearning", history[-1]["new_due"])


def test_again_keeps_a_new_card_soon_and_state_survives_reopening(
    tmp_path: Path, store: Store, reviewer: Reviewer
) -> None:
    cat = _word(store, "猫", "ねこ")
    soon = reviewer.review(cat, AGAIN, T0)
    assert soon - T0 <= timedelta(minutes=10)
    store.close()
    with Store(tmp_path / "reader.sqlite") as again:
        later = Reviewer(again, Scheduler(enable_fuzzing=False))
        assert [w["id"] for w in later.due_cards(soon)] == [cat]
        assert later.review(cat, GOOD, soon) > soon
        assert len(later.history(cat)) == 2


def test_reviewing_makes_a_new_word_learning(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    Words(store).update_word(cat, status="new")
    reviewer.review(cat, GOOD, T0)
    assert Words(store).word(cat)["status"] == "learning"


def test_deleted_words_take_their_history_and_undo_brings_it_back(
    store: Store, reviewer: Reviewer
) -> None:
    cat = _word(store, "猫", "ねこ")
    due = reviewer.review(cat, GOOD, T0)
    deleted = Words(store).delete_words([cat])
    assert deleted[0]["reviews"][0]["rating"] == GOOD
    assert store.db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    with pytest.raises(ReaderError):
        reviewer.review(cat, GOOD, T0)
    Words(store).restore_words(deleted)
    assert len(reviewer.history(cat)) == 1
    assert [w["id"] for w in reviewer.due_cards(due)] == [cat]


def test_bad_input(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    with pytest.raises(ValueError):
        reviewer.review(cat, 5, T0)
    with pytest.raises(ValueError):
        reviewer.review(cat, GOOD, datetime(2026, 1, 1))  # naive: ambiguous
