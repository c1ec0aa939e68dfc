"""What each rating would schedule, shown before answering: computed, never written,
and written the way Anki's answer buttons write intervals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Scheduler

from reader.core.errors import ReaderError
from reader.core.storage.store import Store
from reader.core.vocabulary.review import AGAIN, EASY, GOOD, HARD, RATINGS, Reviewer, format_interval
from reader.core.vocabulary.words import Words

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def _word(store: Store, base: str, reading: str) -> int:
    return Words(store).save_word(base, reading, ["x"], "名詞", f"{base}だ。", "a", 0, len(base))


def _card_row(store: Store, word_id: int) -> tuple:
    return store.db.execute("SELECT card, due, state FROM cards WHERE word_id = ?", [word_id]).fetchone()


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(0), "<1m"),
        (-DAY, "<1m"),  # overdue: never a negative interval
        (timedelta(seconds=59), "<1m"),
        (MIN, "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),  # halves round up
        (10 * MIN, "10m"),
        (timedelta(minutes=59, seconds=40), "1h"),  # not "60m"
        (HOUR, "1h"),
        (timedelta(hours=1, minutes=30), "1.5h"),
        (3 * HOUR, "3h"),
        (timedelta(hours=23, minutes=58), "1d"),  # not "24h"
        (DAY, "1d"),
        (timedelta(days=3, hours=11), "3d"),
        (timedelta(days=3, hours=12), "4d"),
        (30 * DAY, "30d"),
        (31 * DAY, "1mo"),
        (45 * DAY, "1.5mo"),
        (61 * DAY, "2mo"),
        (350 * DAY, "11.5mo"),
        (364 * DAY, "1y"),  # not "12mo": a year's worth once rounded
        (365 * DAY, "1y"),
        (438 * DAY, "1.2y"),
        (36500 * DAY, "100y"),
    ],
)
def test_format_interval(interval: timedelta, text: str) -> None:
    assert format_interval(interval) == text


@pytest.mark.parametrize(
    ("interval", "text"),
    [(30 * timedelta(seconds=1), "<1m"), (MIN, "<1m"), (10 * MIN, "<10m"),
     (20 * MIN, "20m"), (HOUR, "1h"), (3 * DAY, "3d")],
)
def test_format_interval_within_the_learn_ahead_limit(interval: timedelta, text: str) -> None:
    # As Anki: "<10m" — the word may come back sooner, in the same session.
    assert format_interval(interval, collapse=20 * MIN) == text


def test_preview_of_a_new_word_writes_nothing(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    before, status = _card_row(store, cat), Words(store).word(cat)["status"]
    preview = reviewer.preview(cat, T0)
    assert sorted(preview) == sorted(RATINGS)
    # fsrs's learning steps (1m, 10m): Again 1m, Hard between them, Good 10m, Easy days.
    assert preview[AGAIN] == MIN
    assert MIN < preview[HARD] < 10 * MIN
    assert preview[GOOD] == 10 * MIN
    assert preview[EASY] >= DAY
    assert [format_interval(preview[r], 20 * MIN) for r in (AGAIN, HARD, GOOD)] == ["<1m", "<6m", "<10m"]
    assert _card_row(store, cat) == before
    assert reviewer.history(cat) == []
    assert Words(store).word(cat)["status"] == status


@pytest.mark.parametrize("rating", sorted(RATINGS))
def test_preview_is_what_the_review_then_does(store: Store, reviewer: Reviewer, rating: int) -> None:
    cat = _word(store, "猫", "ねこ")
    reviewer.review(cat, GOOD, T0)
    at = reviewer.review(cat, GOOD, T0 + 10 * MIN)  # graduated: a review card, days away
    later = at + 2 * DAY
    preview = reviewer.preview(cat, later)
    assert preview[AGAIN] < preview[HARD] <= preview[GOOD] < preview[EASY]
    assert reviewer.review(cat, rating, later) - later == preview[rating]


def test_preview_leaves_fuzzing_out_and_the_scheduler_as_it_was(store: Store) -> None:
    fuzzy = Reviewer(store, Scheduler())  # fuzzing on, as the app runs
    cat = _word(store, "猫", "ねこ")
    fuzzy.review(cat, GOOD, T0)
    fuzzy.review(cat, GOOD, T0 + 10 * MIN)
    at = T0 + 10 * DAY
    previews = [fuzzy.preview(cat, at) for _ in range(5)]
    assert all(p == previews[0] for p in previews)  # the buttons do not flicker
    assert fuzzy.scheduler.enable_fuzzing is True
    assert len(fuzzy.history(cat)) == 2
    # A fuzzed review lands near what was shown (fsrs fuzzes by a few percent).
    shown = previews[0][GOOD]
    got = fuzzy.review(cat, GOOD, at) - at
    assert abs(got - shown) <= shown * 0.3 + DAY


def test_schedule_computes_an_answer_without_writing(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    card = reviewer.card(cat)
    before = card.to_json()
    after = reviewer.schedule(card, AGAIN, T0)
    assert after.due == T0 + MIN
    assert card.to_json() == before  # the card given is left as it was
    assert reviewer.history(cat) == []
    # What the review then stores is the same card.
    assert reviewer.review(cat, AGAIN, T0) == after.due
    assert reviewer.card(cat).to_json() == after.to_json()
    assert reviewer.intervals(after, after.due)[GOOD] == 10 * MIN


def test_bad_input(store: Store, reviewer: Reviewer) -> None:
    cat = _word(store, "猫", "ねこ")
    with pytest.raises(ReaderError):
        reviewer.preview(cat + 1000, T0)
    with pytest.raises(ReaderError):
        reviewer.card(cat + 1000)
    with pytest.raises(ValueError):
        reviewer.schedule(reviewer.card(cat), 0, T0)
    with pytest.raises(ValueError):
        reviewer.preview(cat, datetime(2026, 1, 1))  # naive: ambiguous
