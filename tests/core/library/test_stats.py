"""Reading statistics from scripted sessions on a fake clock: idle time, characters from the
reading position, sessions split at midnight, days, weeks, the goal and the streak."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.library.stats import (
    DEFAULT_GOAL,
    IDLE,
    MAX_BANK,
    ReadingLog,
    ReadingTracker,
    Session,
    Total,
    duration,
    per_day,
    streak,
    summarize,
)
from reader.core.storage.store import Store
from tests.core.clocks import FakeClock

TZ = timezone(timedelta(hours=9))  # the learner is in Japan: days end at 15:00 UTC
T0 = datetime(2026, 3, 2, 20, 0, tzinfo=TZ)  # a Monday evening


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def tracker(clock: FakeClock) -> ReadingTracker:
    return ReadingTracker(clock, tz=TZ)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "reader.sqlite") as opened:
        yield opened


def read(tracker: ReadingTracker, clock: FakeClock, seconds: int, every: int = 20) -> None:
    """Input every ``every`` seconds for ``seconds``."""
    for _ in range(seconds // every):
        clock.advance(every)
        tracker.input()


def test_a_session_with_idle_gaps(tracker: ReadingTracker, clock: FakeClock) -> None:
    tracker.open("a1")
    tracker.moved(0)  # opened at the start
    read(tracker, clock, 300)  # five minutes of steady input
    clock.advance(30 * 60)  # away for half an hour, the window still active
    tracker.tick()
    assert tracker.session.seconds == 300 + IDLE.total_seconds()  # two minutes after the last input count
    tracker.input()  # back
    read(tracker, clock, 60)
    tracker.set_active(False)  # another window: time stops at once
    clock.advance(100)
    tracker.input()  # input elsewhere is not ours
    tracker.tick()
    assert tracker.session.seconds == 300 + 120 + 60
    clock.advance(50)
    tracker.set_active(True)  # back in the window: it counts as input
    clock.advance(10)
    taken = tracker.take()
    assert len(taken) == 1 and taken[0].article_id == "a1" and taken[0].seconds == 490
    assert taken[0].started == T0
    assert tracker.take() == []  # nothing new since


def test_characters_come_from_the_reading_position(tracker: ReadingTracker, clock: FakeClock) -> None:
    tracker.open("a1")
    tracker.moved(1_000)  # reopened where the reader left off: nothing counted yet
    clock.advance(60)
    tracker.moved(1_400)  # a screen read in a minute
    assert tracker.session.chars == 400
    clock.advance(30)
    tracker.moved(1_200)  # back to reread: nothing new
    clock.advance(30)
    tracker.moved(1_500)  # only past the furthest point counts
    assert tracker.session.chars == 500
    clock.advance(10)
    tracker.moved(90_000)  # the scroll bar dragged to the end: skipping, not reading
    assert tracker.session.chars <= 500 + MAX_BANK  # at most what a minute's reading could have passed
    skipped = tracker.session.chars
    clock.advance(60)
    tracker.moved(90_300)  # reading on from there counts again
    assert tracker.session.chars == skipped + 300


def test_another_article_is_another_session(tracker: ReadingTracker, clock: FakeClock) -> None:
    tracker.open("a1")
    tracker.moved(0)
    read(tracker, clock, 120)
    tracker.moved(600)
    tracker.open("a2")
    tracker.moved(0)
    read(tracker, clock, 60)
    tracker.moved(300)
    taken = tracker.take()
    assert [(s.article_id, s.seconds, s.chars) for s in taken] == [("a1", 120, 600), ("a2", 60, 300)]
    tracker.open("a2")  # the same article again: nothing changes
    assert tracker.article_id == "a2" and tracker.session is not None


def test_nothing_counts_before_an_article_is_open(tracker: ReadingTracker, clock: FakeClock) -> None:
    read(tracker, clock, 120)
    tracker.moved(500)
    assert tracker.take() == []


def test_a_session_ends_at_midnight(tracker: ReadingTracker, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 2, 23, 59, tzinfo=TZ)
    tracker.open("a1")
    tracker.moved(0)
    read(tracker, clock, 120)  # 23:59 to 00:01
    tracker.moved(800)
    taken = tracker.take()
    assert [(s.started.astimezone(TZ).day, s.seconds) for s in taken] == [(2, 60), (3, 60)]
    assert taken[1].chars == 800 and taken[0].chars == 0
    days = per_day(taken, TZ)
    assert [(d.day.day, d.seconds) for d in days.values()] == [(2, 60), (3, 60)]


def test_the_log_rewrites_a_session_whole(store: Store, tracker: ReadingTracker, clock: FakeClock) -> None:
    log = ReadingLog(store)
    tracker.open("a1")
    tracker.moved(0)
    read(tracker, clock, 60)
    log.save(tracker.take())
    read(tracker, clock, 60)
    tracker.moved(700)
    log.save(tracker.take())
    sessions = log.sessions()
    assert [(s.article_id, s.seconds, s.chars) for s in sessions] == [("a1", 120, 700)]
    assert sessions[0].started == T0
    assert log.per_article() == {"a1": (120.0, 700)}
    assert log.sessions(since=T0 + timedelta(minutes=1)) == []
    assert log.clear() == 1 and log.sessions() == []


def _day(day: date, chars: int, minutes: float = 10) -> Session:
    return Session("a", datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=12), minutes * 60, chars)


def test_streak_goal_and_today() -> None:
    today = date(2026, 3, 10)
    sessions = [
        _day(today - timedelta(days=5), 5_000),  # broken by day -4
        _day(today - timedelta(days=3), 3_000),
        _day(today - timedelta(days=2), 2_000),
        _day(today - timedelta(days=2), 1_500),  # two sessions make the day's goal
        _day(today - timedelta(days=1), 3_200),
        _day(today, 1_000),  # not yet today
    ]
    days = per_day(sessions, TZ)
    assert streak(days, DEFAULT_GOAL, today) == 3  # today does not break it before it is over
    sessions.append(_day(today, 2_500))
    summary = summarize(sessions, DEFAULT_GOAL, today, TZ)
    assert summary.streak == 4 and summary.today.chars == 3_500 and summary.goal_share == 1.0
    assert streak(per_day(sessions, TZ), 4_000, today) == 0
    assert streak({}, DEFAULT_GOAL, today) == 0


def test_the_summary_days_weeks_and_speed() -> None:
    today = date(2026, 3, 11)  # a Wednesday
    sessions = [_day(today, 600, 2), _day(today - timedelta(days=3), 900, 3), _day(today - timedelta(days=40), 100, 1)]
    summary = summarize(sessions, 1_000, today, TZ)
    assert len(summary.days) == 30 and summary.days[-1].day == today and summary.days[0].day == today - timedelta(days=29)
    assert summary.days[-1].chars == 600 and summary.days[-4].chars == 900 and summary.days[-2] == Total(today - timedelta(days=1))
    assert len(summary.weeks) == 12 and summary.weeks[-1].day == date(2026, 3, 9)  # this week's Monday
    assert summary.weeks[-1].chars == 600 and summary.weeks[-2].chars == 900  # Sunday the 8th was last week
    assert summary.today.cpm == 300 and summary.goal_share == 0.6
    assert summary.total.chars == 1_600 and summary.total.seconds == 360 and summary.total.day == today - timedelta(days=40)
    data = summary.as_dict()
    assert data["today"] == {"day": "2026-03-11", "seconds": 120, "chars": 600, "cpm": 300.0, "goal": 1000, "goal_met": False}
    assert data["streak"] == 0 and len(data["days"]) == 30
    assert not summary.empty and summarize([], today=today, tz=TZ).empty


def test_durations_read_as_people_say_them() -> None:
    assert [duration(s) for s in (40, 60, 12 * 60 + 20, 3900)] == ["40 s", "1 min", "12 min", "1 h 05 min"]
