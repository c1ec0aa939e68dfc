"""Spaced review of saved words with FSRS (the ``fsrs`` package).

Each saved word has one row in ``cards`` (created when it is saved): the FSRS
card as JSON (NULL until its first review), when it is due and its state. Every
review is kept in ``reviews``, so the schedule can be explained and replayed.
Words marked known or ignored leave the queue; their cards are kept.

``preview`` tells what each rating would schedule without writing anything, and
``format_interval`` writes such an interval the way Anki's answer buttons do.
"""

from __future__ import annotations

import math
from copy import copy
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError
from reader.core.storage.clock import iso, utc
from reader.core.vocabulary.status import LEARNING, NEW, REVIEWED, sql_list
from reader.core.vocabulary.words import Words

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from reader.core.storage.store import Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
#: What each rating is called, for buttons and the command line.
RATINGS = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
_IN_QUEUE = sql_list(REVIEWED)

_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_MONTH, _YEAR = 365 / 12 * _DAY, 365 * _DAY
#: (unit, its length in seconds, decimals shown), shortest first, as Anki's buttons.
_UNITS = (("m", _MINUTE, 0), ("h", _HOUR, 1), ("d", _DAY, 0), ("mo", _MONTH, 1), ("y", _YEAR, 1))


def format_interval(interval: timedelta, collapse: timedelta | None = None) -> str:
    """An interval as an answer button shows it: "<1m", "10m", "1.5h", "3d", "2mo", "1.2y".

    The unit is the largest that the interval reaches (a month is a twelfth of a
    year); minutes and days are whole, hours, months and years have one decimal
    (dropped when it is 0). A value that rounds up to the next unit is written in
    it (59.7 minutes is "1h", not "60m"). Intervals under ``collapse`` (the
    learn-ahead limit: the card may come back sooner, in the same session) get a
    "<" in front, as Anki writes "<10m".
    """
    seconds = interval.total_seconds()
    if seconds < _MINUTE:
        return "<1m"
    text = ""
    for index, (unit, length, decimals) in enumerate(_UNITS):
        following = _UNITS[index + 1] if index + 1 < len(_UNITS) else None
        if following is not None and seconds >= following[1]:
            continue
        amount = math.floor(seconds / length * 10**decimals + 0.5) / 10**decimals  # half up
        if following is not None and amount * length >= following[1]:
            continue  # rounds up to a whole next unit: say it in that one
        text = f"{amount:.{decimals}f}".removesuffix(".0") + unit
        break
    return f"<{text}" if collapse is not None and interval < collapse else text


class Reviewer:
    """The review queue over one Store; safe to share, as the Store is."""

    def __init__(self, store: Store, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self._scheduler = scheduler
        self._plain: Scheduler | None = None  # the scheduler without fuzzing, for previews
        self._plain_of: Scheduler | None = None

    @property
    def scheduler(self) -> Scheduler:
        # fsrs is imported on the first review, not to count what is due (start-up).
        if self._scheduler is None:
            from fsrs import Scheduler

            self._scheduler = Scheduler()
        return self._scheduler

    def card(self, word_id: int) -> Card:
        """A word's FSRS card as stored (a new card, due when its row says, before its
        first review); ReaderError if the word is gone."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT c.card, c.due FROM words w LEFT JOIN cards c ON c.word_id = w.id WHERE w.id = ?",
                [word_id],
            ).fetchone()
        if row is None:
            raise ReaderError(f"no word with id {word_id}", "it may have been deleted")
        return _card(word_id, row[0], row[1] or iso(utc()))

    def schedule(self, card: Card, rating: int, now: datetime | None = None) -> Card:
        """The card after ``rating`` at ``now``, computed only: nothing is written (a copy;
        ``card`` is left as it was). ``review`` is what records an answer."""
        from fsrs import Rating

        if rating not in RATINGS:
            raise ValueError(f"rating must be 1..4 (again, hard, good, easy), not {rating!r}")
        return self.scheduler.review_card(card, Rating(rating), review_datetime=utc(now))[0]

    def intervals(self, card: Card, now: datetime | None = None) -> dict[int, timedelta]:
        """How long until ``card`` would be due again after each rating at ``now``,
        computed without writing. Without fuzzing, as Anki's buttons show it: a
        review may then land a few percent off a long interval."""
        from fsrs import Rating

        if self._plain is None or self._plain_of is not self.scheduler:
            self._plain, self._plain_of = copy(self.scheduler), self.scheduler
            self._plain.enable_fuzzing = False
        moment = utc(now)
        return {
            rating: self._plain.review_card(card, Rating(rating), review_datetime=moment)[0].due - moment
            for rating in RATINGS
        }

    def preview(self, word_id: int, now: datetime | None = None) -> dict[int, timedelta]:
        """The interval each rating (1..4) would give the word at ``now``; writes nothing."""
        return self.intervals(self.card(word_id), now)

    def due_cards(self, now: datetime | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Words due by ``now``, most overdue first, each as Words(store).word() gives it."""
        sql = f"""SELECT c.word_id FROM cards c JOIN words w ON w.id = c.word_id
                  WHERE c.due <= ? AND w.status IN {_IN_QUEUE} ORDER BY c.due, c.word_id LIMIT ?"""
        with self.store.transaction() as db:
            ids = [row[0] for row in db.execute(sql, [iso(utc(now)), limit])]
            return [Words(self.store).word(word_id) for word_id in ids]

    def due_count(self, now: datetime | None = None) -> int:
        """How many words are due by ``now`` (an index range over cards by due date)."""
        sql = f"""SELECT count(*) FROM cards c JOIN words w ON w.id = c.word_id
                  WHERE c.due <= ? AND w.status IN {_IN_QUEUE}"""
        with self.store.transaction() as db:
            return int(db.execute(sql, [iso(utc(now))]).fetchone()[0])

    def review(self, word_id: int, rating: int, now: datetime | None = None) -> datetime:
        """Record one answer (1 again, 2 hard, 3 good, 4 easy); returns when the word is next due.

        The card, the history row and a "new" word becoming "learning" land in one
        transaction.
        """
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1..4 (again, hard, good, easy), not {rating!r}")
        from fsrs import Rating

        moment = utc(now)
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT c.card, c.due, w.status FROM words w"
                " LEFT JOIN cards c ON c.word_id = w.id WHERE w.id = ?",
                [word_id],
            ).fetchone()
            if row is None:
                raise ReaderError(f"no word with id {word_id}", "it may have been deleted")
            stored, previous_due, status = row
            previous_due = previous_due or iso(moment)
            card = _card(word_id, stored, previous_due)
            elapsed = (
                (moment - card.last_review).total_seconds() / 86400 if card.last_review else None
            )
            card, _ = self.scheduler.review_card(card, Rating(rating), review_datetime=moment)
            due = iso(card.due)
            db.execute(
                """INSERT INTO cards (word_id, card, due, state) VALUES (?, ?, ?, ?)
                   ON CONFLICT (word_id) DO UPDATE SET
                       card = excluded.card, due = excluded.due, state = excluded.state""",
                # fsrs's State names, lower case: learning, review, relearning
                [word_id, card.to_json(), due, card.state.name.lower()],
            )
            db.execute(
                "INSERT INTO reviews (word_id, rating, reviewed_at, previous_due, new_due,"
                " elapsed_days) VALUES (?, ?, ?, ?, ?, ?)",
                [word_id, rating, iso(moment), previous_due, due, elapsed],
            )
            if status == NEW:
                db.execute(
                    "UPDATE words SET status = ?, updated = ? WHERE id = ?",
                    [LEARNING, iso(moment), word_id],
                )
        return card.due

    def history(self, word_id: int) -> list[dict[str, Any]]:
        """A word's reviews, oldest first."""
        sql = "SELECT * FROM reviews WHERE word_id = ? ORDER BY reviewed_at, id"
        with self.store.transaction() as db:
            cursor = db.execute(sql, [word_id])
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor]


def _card(word_id: int, stored: str | None, due: str) -> Card:
    """The FSRS card of a ``cards`` row: its JSON, or a new card due at ``due``."""
    from fsrs import Card

    return Card.from_json(stored) if stored else Card(card_id=word_id, due=datetime.fromisoformat(due))
