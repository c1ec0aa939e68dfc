"""Spaced review of saved words with FSRS (the ``fsrs`` package).

Each saved word has one row in ``cards`` (created when it is saved): the FSRS
card as JSON (NULL until its first review), when it is due and its state. Every
review is kept in ``reviews``, so the schedule can be explained and replayed.
Words marked known or ignored leave the queue; their cards are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError
from reader.core.storage.clock import iso, utc
from reader.core.vocabulary.status import LEARNING, NEW, REVIEWED, sql_list
from reader.core.vocabulary.words import Words

if TYPE_CHECKING:
    from fsrs import Scheduler

    from reader.core.storage.store import Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
#: What each rating is called, for buttons and the command line.
RATINGS = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
_IN_QUEUE = sql_list(REVIEWED)


class Reviewer:
    """The review queue over one Store; safe to share, as the Store is."""

    def __init__(self, store: Store, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self._scheduler = scheduler

    @property
    def scheduler(self) -> Scheduler:
        # fsrs is imported on the first review, not to count what is due (start-up).
        if self._scheduler is None:
            from fsrs import Scheduler

            self._scheduler = Scheduler()
        return self._scheduler

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
        from fsrs import Card, Rating

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
            card = (
                Card.from_json(stored)
                if stored
                else Card(card_id=word_id, due=datetime.fromisoformat(previous_due))
            )
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
