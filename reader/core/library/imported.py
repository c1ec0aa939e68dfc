"""Articles the user imported, kept in their database (bundled ones live in resources/).

An imported article's id is "imp-<n>" and is never reused, so reading positions and
word contexts keyed by it never point at another article. Deleting only marks an
article, so the deletion can be undone; purge_deleted removes it for good later.
"""

from __future__ import annotations

import re
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.library import clipboard
from reader.core.library.model import Article, ArticleInfo
from reader.core.storage.clock import days_ago, now
from reader.core.storage.store import Repository, serialised

PREFIX = "imp-"
_SNIPPET = 30  # characters shown either side of a search hit
_INFO_COLUMNS = "id, title, source, url, author, date"


def is_imported(article_id: str) -> bool:
    return article_id.startswith(PREFIX)


def _info(row: tuple[Any, ...]) -> ArticleInfo:
    rowid, title, source, url, author, date = row
    return ArticleInfo(f"{PREFIX}{rowid}", title, date, author, source, url)


@serialised
class ImportedArticles(Repository):
    """The imported articles of one store."""

    def add(
        self, title: str, text: str, *, source: str = "", url: str = "",
        author: str = "", date: str = "", origin: str = "",
    ) -> ArticleInfo:
        """Store an imported article; its id is "imp-<n>" and is never reused."""
        cursor = self._write(
            "INSERT INTO articles (title, text, source, url, author, date, origin, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [title, text, source, url, author, date, origin, now()],
        )
        return _info((cursor.lastrowid, title, source, url, author, date))

    def all(self) -> list[ArticleInfo]:
        """Imported articles not deleted, newest first."""
        rows = self.db.execute(
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE deleted_at IS NULL"
            " ORDER BY created DESC, id DESC"
        )
        return [_info(row) for row in rows]

    def _row(self, article_id: str, *, deleted_too: bool = False) -> int:
        """The row id of an imported article; ReaderError if unknown or deleted."""
        match = re.fullmatch(rf"{PREFIX}([0-9]+)", article_id)
        number = int(match.group(1)) if match else None
        sql = "SELECT deleted_at FROM articles WHERE id = ?"
        row = None if number is None else self._one(sql, [number])
        if number is None or row is None or (row[0] is not None and not deleted_too):
            advice = "it may have been deleted; import it again"
            raise ReaderError(f"no imported article {article_id!r}", advice)
        return number

    def exists(self, article_id: str) -> bool:
        """Whether an imported article is there (not deleted)."""
        try:
            self._row(article_id)
        except ReaderError:
            return False
        return True

    def length(self, article_id: str) -> int:
        row = self._one("SELECT length(text) FROM articles WHERE id = ?", [self._row(article_id)])
        return int(row[0]) if row else 0

    def get(self, article_id: str) -> Article:
        row = self._one(
            f"SELECT {_INFO_COLUMNS}, text FROM articles WHERE id = ?", [self._row(article_id)]
        )
        return Article(_info(row[:6]), row[6])

    def find_origin(self, origin: str) -> str | None:
        """The newest article (not deleted) that came from ``origin``, or None."""
        row = self._one(
            "SELECT id FROM articles WHERE origin = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1",
            [origin],
        )
        return f"{PREFIX}{row[0]}" if row else None

    def append(self, article_id: str, text: str, limit: int = clipboard.MAX_ARTICLE) -> clipboard.Appended | None:
        """Append ``text`` to an article as a paragraph, its oldest text trimmed to keep it
        within ``limit`` characters (the clipboard feed); None when ``text`` is what was
        appended last."""
        with self.db.atomic():
            number = self._row(article_id)
            old = self._one("SELECT text FROM articles WHERE id = ?", [number])[0]
            done = clipboard.append(old, text, limit)
            if done is not None:
                self.db.execute("UPDATE articles SET text = ? WHERE id = ?", [done.text, number])
        return done

    def rename(self, article_id: str, title: str) -> str:
        """Give an article a new title; returns the old one so the change can be undone."""
        title = title.strip()
        if not title:
            raise InputError("an article's title cannot be empty", "type a title")
        with self.db.atomic():
            number = self._row(article_id)
            old = self._one("SELECT title FROM articles WHERE id = ?", [number])[0]
            self.db.execute("UPDATE articles SET title = ? WHERE id = ?", [title, number])
        return str(old)

    def delete(self, article_id: str) -> None:
        """Mark an article deleted; it stays until purged, so the deletion can be undone."""
        sql = "UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL"
        self._write(sql, [now(), self._row(article_id, deleted_too=True)])

    def restore(self, article_id: str) -> None:
        """Undo :meth:`delete`."""
        sql = "UPDATE articles SET deleted_at = NULL WHERE id = ?"
        self._write(sql, [self._row(article_id, deleted_too=True)])

    def purge_deleted(self, older_than_days: int = 30) -> int:
        """Remove articles deleted at least ``older_than_days`` ago; returns how many."""
        stamp = days_ago(older_than_days)
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM reading_state WHERE article_id IN"
                " (SELECT ? || id FROM articles WHERE deleted_at <= ?)",
                [PREFIX, stamp],
            )
            return self.db.execute("DELETE FROM articles WHERE deleted_at <= ?", [stamp]).rowcount

    def search(self, needle: str, limit: int = 200) -> list[tuple[str, int, str]]:
        """(article id, character offset, snippet) of each hit in imported articles.

        Case-insensitive. SQLite's instr narrows the articles down where its
        ASCII-only lower() is exact; Python finds every hit's offset.
        """
        if not needle or limit <= 0:
            return []
        if needle.isascii():
            where, args = "instr(lower(text), lower(?)) > 0", [needle]
        elif needle.lower() == needle.upper():  # nothing to fold: kana, kanji
            where, args = "instr(text, ?) > 0", [needle]
        else:
            where, args = "1", []
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        hits: list[tuple[str, int, str]] = []
        cursor = self.db.execute(
            f"SELECT id, text FROM articles WHERE deleted_at IS NULL AND {where}"
            " ORDER BY created DESC, id DESC",
            args,
        )
        for number, text in cursor:
            for match in pattern.finditer(text):
                start, end = match.span()
                snippet = " ".join(text[max(0, start - _SNIPPET) : end + _SNIPPET].split())
                hits.append((f"{PREFIX}{number}", start, snippet))
                if len(hits) >= limit:
                    return hits
        return hits
