"""The translator's English drafts, one per sentence of an article, in the user's database.

Every save is one transaction (the table is in storage/schema.py). A reviewed draft
also becomes a translation-memory unit (tm.py) in the same transaction; taking the
review back leaves the unit, which was a reviewed translation when it was made.
"""

from __future__ import annotations

from reader.core.storage.clock import now
from reader.core.storage.store import Store
from reader.core.translation.tm import add_unit


class Drafts:
    """Drafts of one store. ``source`` guards against a changed article: a draft
    whose Japanese no longer matches its sentence is not shown there."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, article_id: str, sentence: int, source: str, draft: str, reviewed: bool) -> None:
        with self.store.transaction() as db:
            if reviewed:
                add_unit(db, source, draft, article_id)
            db.execute(
                "INSERT INTO drafts (article_id, sentence, source, draft, reviewed, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, sentence) DO UPDATE SET "
                "source = excluded.source, draft = excluded.draft, reviewed = excluded.reviewed, "
                "updated = excluded.updated",
                [article_id, sentence, source, draft, int(reviewed), now()],
            )

    def for_sentence(self, source: str) -> str | None:
        """The newest draft of a sentence, wherever it was written (for Anki cards)."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT draft FROM drafts WHERE source = ? AND draft != '' ORDER BY updated DESC LIMIT 1",
                [source],
            ).fetchone()
        return row[0] if row else None

    def load(self, article_id: str, sources: list[str] | None = None) -> dict[int, tuple[str, bool]]:
        """sentence index -> (draft, reviewed); with ``sources``, only drafts whose
        Japanese still matches."""
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT sentence, source, draft, reviewed FROM drafts WHERE article_id = ?", [article_id]
            ).fetchall()
        return {
            n: (draft, bool(reviewed))
            for n, source, draft, reviewed in rows
            if sources is None or (0 <= n < len(sources) and sources[n] == source)
        }

    def save_many(self, article_id: str, changes: list[tuple[int, str, str, bool]]) -> None:
        """(sentence, source, draft, reviewed) for each of several sentences, all in one
        transaction (an import lands whole or not at all)."""
        with self.store.transaction():
            for sentence, source, draft, reviewed in changes:
                self.save(article_id, sentence, source, draft, reviewed)

    def progress(self, article_id: str) -> tuple[int, int]:
        """(sentences drafted, sentences reviewed) of an article."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT count(*), coalesce(sum(reviewed), 0) FROM drafts WHERE article_id = ? AND draft != ''",
                [article_id],
            ).fetchone()
        return int(row[0]), int(row[1])

    def progress_all(self) -> dict[str, tuple[int, int]]:
        """article id -> (sentences drafted, sentences reviewed), for articles with drafts."""
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT article_id, count(*), sum(reviewed) FROM drafts WHERE draft != '' GROUP BY article_id"
            ).fetchall()
        return {article_id: (int(drafted), int(reviewed)) for article_id, drafted, reviewed in rows}
