"""Reading statistics: time spent reading and characters read, per session, day and week,
characters per minute, the daily goal and the streak.

A :class:`ReadingTracker` turns what the window sees (input, the reading position, the
window becoming active or not) into sessions, on a clock it is given, so a test can
script a session. Time counts while the window is active and the last input was at
most IDLE ago; characters count from the reading position: the characters of the
sentences passed, beyond the furthest point reached in the article since it was
opened. Moving on faster than anyone reads (MAX_CPM, with a little saved up) is
skipping, and counts only up to that. :class:`ReadingLog` stores sessions; the rest
is arithmetic on them, by local day (``tz``; the system's when None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from reader.core.storage.clock import iso, utc
from reader.core.storage.store import Repository, serialised

#: No input for this long: the reader has stopped reading; the time after is not counted.
IDLE = timedelta(minutes=2)
#: Characters a day, unless the user sets another goal.
DEFAULT_GOAL = 3_000
#: Faster than this (characters a minute) is skipping, not reading.
MAX_CPM = 1_500
#: What may be saved up at MAX_CPM while reading one screen (characters): a minute's worth.
MAX_BANK = 1_500
#: The charts: this many days and weeks, up to today.
DAYS = 30
WEEKS = 12


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The day a moment falls on, in ``tz`` (the system's time zone when None)."""
    return moment.astimezone(tz).date()


def _next_midnight(moment: datetime, tz: tzinfo | None) -> datetime:
    here = moment.astimezone(tz)
    midnight = datetime.combine(here.date() + timedelta(days=1), time(), here.tzinfo)
    return midnight.astimezone(moment.tzinfo)


@dataclass
class Session:
    """One stretch of reading one article: when it started, seconds and characters."""

    article_id: str
    started: datetime
    seconds: float = 0.0
    chars: int = 0

    def row(self) -> tuple[str, str, float, int]:
        return self.article_id, iso(self.started), round(self.seconds, 3), self.chars


@dataclass
class ReadingTracker:
    """Sessions from input, the reading position and the window's activity; ``take``
    hands over what changed, to write. One thread calls it (the GUI's)."""

    clock: Callable[[], datetime] = utc
    tz: tzinfo | None = None
    idle: timedelta = IDLE
    max_cpm: float = MAX_CPM
    article_id: str = ""
    active: bool = True
    session: Session | None = None
    _last_input: datetime | None = None
    _counted_until: datetime | None = None
    _furthest: int | None = None
    _bank: float = 0.0
    _done: list[Session] = field(default_factory=list)
    _changed: bool = False

    # --- what the window tells it ------------------------------------------------------
    def open(self, article_id: str) -> None:
        """Another article is on screen: a new session; the time so far stays with the old."""
        if article_id == self.article_id:
            return
        self._accrue(self.clock())
        self._close()
        self.article_id = article_id
        self._furthest = None
        self._bank = 0.0

    def input(self) -> None:
        """The user did something (a key, the mouse, a scroll)."""
        now = self.clock()
        self._accrue(now)
        if self.active:
            self._last_input = self._counted_until = now

    def set_active(self, active: bool) -> None:
        """The window became active (which counts as input) or not (time stops)."""
        if active == self.active:
            return
        self._accrue(self.clock())
        self.active = active
        if active:
            self.input()
        else:
            self._last_input = None

    def moved(self, chars_before: int) -> None:
        """The reading position moved: ``chars_before`` characters of the article are in
        the sentences before the first one in view. The first position after opening
        is where reading starts; going further counts what was passed."""
        self.input()
        if not self.article_id:
            return
        if self._furthest is None:
            self._furthest = chars_before
            return
        if chars_before <= self._furthest:  # back to reread: nothing new
            return
        credit = min(chars_before - self._furthest, int(self._bank))
        self._furthest = chars_before
        if credit > 0:
            self._bank -= credit
            self._current(self.clock()).chars += credit
            self._changed = True

    def tick(self) -> None:
        """Count the time up to now (called now and then)."""
        self._accrue(self.clock())

    def take(self) -> list[Session]:
        """Sessions changed since the last take (copies), the time up to now counted."""
        self.tick()
        out = [Session(s.article_id, s.started, s.seconds, s.chars) for s in self._done]
        self._done.clear()
        if self._changed and self.session is not None:
            s = self.session
            out.append(Session(s.article_id, s.started, s.seconds, s.chars))
        self._changed = False
        return out

    # --- counting ----------------------------------------------------------------------
    def _current(self, at: datetime) -> Session:
        if self.session is None:
            self.session = Session(self.article_id, at)
        return self.session

    def _close(self) -> None:
        if self.session is not None:
            if self._changed:
                self._done.append(self.session)
            self.session = None
            self._changed = False

    def _accrue(self, now: datetime) -> None:
        """Count the time from where counting stopped to now, or to IDLE after the last
        input; a session ends at midnight and the next starts there."""
        since, last = self._counted_until, self._last_input
        if not self.active or since is None or last is None or not self.article_id:
            return
        end = min(now, last + self.idle)
        while since < end:
            midnight = _next_midnight(since, self.tz)
            if self.session is not None and local_day(self.session.started, self.tz) != local_day(since, self.tz):
                self._close()
            step_end = min(end, midnight)
            seconds = (step_end - since).total_seconds()
            self._current(since).seconds += seconds
            self._bank = min(MAX_BANK, self._bank + seconds * self.max_cpm / 60)
            self._changed = True
            since = step_end
        self._counted_until = max(since, self._counted_until or since)


@serialised
class ReadingLog(Repository):
    """Reading sessions in one store."""

    def save(self, sessions: Iterable[Session]) -> None:
        """Write sessions whole: a session written again has its totals replaced."""
        rows = [s.row() for s in sessions]
        with self.db.atomic():
            self.db.conn.executemany(
                """INSERT INTO reading_sessions (article_id, started, seconds, chars) VALUES (?, ?, ?, ?)
                   ON CONFLICT (article_id, started) DO UPDATE SET
                       seconds = excluded.seconds, chars = excluded.chars""",
                rows,
            )

    def sessions(self, since: datetime | None = None) -> list[Session]:
        """Every session (started at ``since`` or later), oldest first."""
        sql = "SELECT article_id, started, seconds, chars FROM reading_sessions"
        args: list[Any] = []
        if since is not None:
            sql += " WHERE started >= ?"
            args.append(iso(since))
        rows = self.db.execute(sql + " ORDER BY started", args)
        return [Session(a, datetime.fromisoformat(s), float(sec), int(c)) for a, s, sec, c in rows]

    def per_article(self) -> dict[str, tuple[float, int]]:
        """Article id -> (seconds, characters) read in it, all told."""
        rows = self.db.execute("SELECT article_id, sum(seconds), sum(chars) FROM reading_sessions GROUP BY article_id")
        return {a: (float(sec), int(c)) for a, sec, c in rows}

    def clear(self) -> int:
        """Forget every session; how many there were."""
        with self.db.atomic():
            return int(self.db.execute("DELETE FROM reading_sessions").rowcount)


# --- the figures ---------------------------------------------------------------------
@dataclass(frozen=True)
class Total:
    """Reading in one day (or a week, starting on ``day``, a Monday)."""

    day: date
    seconds: float = 0.0
    chars: int = 0

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def cpm(self) -> float:
        """Characters a minute (0 with no time)."""
        return self.chars / self.minutes if self.seconds >= 1 else 0.0


def per_day(sessions: Iterable[Session], tz: tzinfo | None = None) -> dict[date, Total]:
    """Totals per local day a session started on (sessions end at midnight)."""
    days: dict[date, list[float]] = {}
    for s in sessions:
        found = days.setdefault(local_day(s.started, tz), [0.0, 0])
        found[0] += s.seconds
        found[1] += s.chars
    return {day: Total(day, sec, int(chars)) for day, (sec, chars) in sorted(days.items())}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def last_days(days: Mapping[date, Total], today: date, count: int = DAYS) -> list[Total]:
    """The ``count`` days up to today, oldest first, days without reading as zero."""
    return [days.get(d, Total(d)) for d in (today - timedelta(days=n) for n in range(count - 1, -1, -1))]


def per_week(days: Mapping[date, Total], today: date, count: int = WEEKS) -> list[Total]:
    """The ``count`` weeks (Monday to Sunday) up to this one, oldest first."""
    weeks = {week_start(today) - timedelta(weeks=n): [0.0, 0] for n in range(count - 1, -1, -1)}
    for day, total in days.items():
        found = weeks.get(week_start(day))
        if found is not None:
            found[0] += total.seconds
            found[1] += total.chars
    return [Total(start, sec, int(chars)) for start, (sec, chars) in weeks.items()]


def streak(days: Mapping[date, Total], goal: int, today: date) -> int:
    """Days in a row meeting the goal, up to today when today's is met, else up to
    yesterday (today is not over yet)."""
    met = {day for day, total in days.items() if total.chars >= max(1, goal)}
    day = today if today in met else today - timedelta(days=1)
    count = 0
    while day in met:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Summary:
    """What the Statistics dialog and ``reader stats`` show."""

    today: Total
    goal: int
    streak: int
    days: list[Total]  # the last DAYS days, oldest first
    weeks: list[Total]  # the last WEEKS weeks, oldest first
    total: Total  # all time (``day``: the first day of reading, or today)

    @property
    def empty(self) -> bool:
        return self.total.seconds < 1 and self.total.chars == 0

    @property
    def goal_share(self) -> float:
        """Today's characters as a share of the goal, at most 1."""
        return min(1.0, self.today.chars / self.goal) if self.goal > 0 else 1.0

    def as_dict(self) -> dict[str, Any]:
        def one(t: Total) -> dict[str, Any]:
            return {"day": t.day.isoformat(), "seconds": round(t.seconds), "chars": t.chars,
                    "cpm": round(t.cpm, 1)}

        return {
            "today": one(self.today) | {"goal": self.goal, "goal_met": self.today.chars >= self.goal},
            "streak": self.streak,
            "total": one(self.total),
            "days": [one(t) for t in self.days],
            "weeks": [one(t) for t in self.weeks],
        }


def summarize(
    sessions: Iterable[Session], goal: int = DEFAULT_GOAL, today: date | None = None, tz: tzinfo | None = None,
) -> Summary:
    """The figures from the sessions: today, the streak, the last DAYS days and WEEKS weeks."""
    today = today or local_day(utc(), tz)
    days = per_day(sessions, tz)
    seconds = sum(t.seconds for t in days.values())
    chars = sum(t.chars for t in days.values())
    first = min(days, default=today)
    return Summary(
        today=days.get(today, Total(today)),
        goal=goal,
        streak=streak(days, goal, today),
        days=last_days(days, today),
        weeks=per_week(days, today),
        total=Total(first, seconds, chars),
    )


def duration(seconds: float) -> str:
    """A time as people say it: 1 h 05 min, 12 min, 40 s."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    hours, minutes = divmod(whole // 60, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
