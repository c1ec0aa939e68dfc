"""Where the reader is in each article, and how far they got."""

from __future__ import annotations

from reader.core.library.imported import PREFIX
from reader.core.storage.clock import now
from reader.core.storage.store import Repository, serialised


@serialised
class ReadingPositions(Repository):
    """Reading state per article (bundled or imported) of one store."""

    def save(self, article_id: str, sentence: int, scroll: float, sentences_total: int) -> None:
        """Remember where the reader is, and how far they got (which only grows).

        ``sentence`` is 0-based, so reaching the last sentence counts as read to
        the end: progress is ``(sentence + 1) / sentences_total``, at most 1.
        """
        if sentence < 0 or sentences_total < 0:
            raise ValueError("sentence and sentences_total must not be negative")
        progress = min(1.0, (sentence + 1) / sentences_total) if sentences_total else 0.0
        self._write(
            """INSERT INTO reading_state
                   (article_id, sentence, scroll, sentences_total, progress, last_opened)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (article_id) DO UPDATE SET
                   sentence = excluded.sentence, scroll = excluded.scroll,
                   sentences_total = excluded.sentences_total,
                   progress = max(progress, excluded.progress),
                   last_opened = excluded.last_opened""",
            [article_id, sentence, float(scroll), sentences_total, progress, now()],
        )

    def get(self, article_id: str) -> tuple[int, float] | None:
        """(sentence, scroll) saved for an article, or None if never opened."""
        sql = "SELECT sentence, scroll FROM reading_state WHERE article_id = ?"
        row = self._one(sql, [article_id])
        return (int(row[0]), float(row[1])) if row else None

    def progress(self) -> dict[str, float]:
        """Article id -> furthest point read, 0..1."""
        rows = self.db.execute("SELECT article_id, progress FROM reading_state")
        return {article_id: float(value) for article_id, value in rows}

    def last_article(self) -> str | None:
        """The article opened most recently, skipping imported ones since deleted."""
        row = self._one(
            """SELECT r.article_id FROM reading_state r
               LEFT JOIN articles a ON r.article_id = ? || a.id
               WHERE a.deleted_at IS NULL ORDER BY r.last_opened DESC LIMIT 1""",
            [PREFIX],
        )
        return str(row[0]) if row else None
