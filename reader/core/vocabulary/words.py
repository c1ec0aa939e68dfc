"""Words in the user's database: statuses, saved words with their sentences, and the
vocabulary view's search. Every method runs under the store's lock."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from reader.core.errors import ReaderError
from reader.core.storage.clock import now
from reader.core.storage.store import Repository, serialised
from reader.core.storage.wordindex import FTS_SOURCE, index_rows, search_query
from reader.core.vocabulary.status import (
    KNOWN,
    KNOWN_STATUSES,
    LEARNING,
    NEW,
    check,
    sql_list,
    sql_value,
)

_WORD_KEYS = ("id", "base", "reading", "status", "glosses", "pos", "created", "updated", "saved")
_ENTRY_KEYS = (*_WORD_KEYS[:6], "note", "tags", *_WORD_KEYS[6:])
#: A word as the vocabulary view lists it: its columns, number of contexts, due date.
_ENTRY_SELECT = f"""SELECT {", ".join("w." + key for key in _ENTRY_KEYS)},
    (SELECT count(*) FROM word_contexts c WHERE c.word_id = w.id),
    (SELECT due FROM cards d WHERE d.word_id = w.id) FROM words w"""
#: search_words' sorts: two columns each, so ties come in a fixed order, and the
#: index that holds saved words in that order.
WORD_SORTS = {
    "saved": (("w.saved", "w.id"), "words_by_saved"),
    "updated": (("w.updated", "w.id"), "words_saved_by_updated"),
    "word": (("w.base", "w.reading"), "words_saved_by_base"),
    "reading": (("w.reading", "w.base"), "words_saved_by_reading"),
    "status": (("w.status", "w.saved"), "words_saved_by_status"),
}
_CHUNK = 500  # ids per "IN (...)": well under SQLite's variable limit


def normalize_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags as Anki has them: no spaces inside, no duplicates (ignoring case), order kept."""
    words = re.split(r"[\s,]+", tags) if isinstance(tags, str) else [
        part for tag in tags for part in re.split(r"[\s,]+", tag)
    ]
    seen: set[str] = set()
    kept = []
    for tag in words:
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


_ENTRY_COLUMNS = (*_ENTRY_KEYS, "contexts", "due")
_GLOSSES, _TAGS = _ENTRY_KEYS.index("glosses"), _ENTRY_KEYS.index("tags")
_decode = json.JSONDecoder().raw_decode  # no type checks: half of json.loads' cost


def _entry(row: tuple[Any, ...]) -> dict[str, Any]:
    """A word row as a dict, glosses and tags decoded: a page of 200 is built per keystroke."""
    word = dict(zip(_ENTRY_COLUMNS, row))
    glosses, tags = row[_GLOSSES], row[_TAGS]
    word["glosses"] = [] if glosses == "[]" else _decode(glosses)[0]
    word["tags"] = [] if tags == "[]" else _decode(tags)[0]
    return word


@serialised
class Words(Repository):
    """The words of one store."""

    def set_word_status(self, base: str, reading: str, status: str) -> None:
        check(status)
        stamp = now()
        with self.db.atomic():
            self.db.execute(
                """INSERT INTO words (base, reading, status, created, updated)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = excluded.status, updated = excluded.updated""",
                [base, reading, status, stamp, stamp],
            )
            sql = "SELECT id FROM words WHERE base = ? AND reading = ?"
            self._reindex([self._one(sql, [base, reading])[0]])

    def word_statuses(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], str]:
        """(base, reading) -> status; only of ``keys`` when given (one query, an index
        lookup per key), so an article's statuses cost the same however many words
        are stored."""
        if keys is None:
            rows = self.db.execute("SELECT base, reading, status FROM words")
            return {(base, reading): status for base, reading, status in rows}
        wanted = json.dumps(list(set(keys)), ensure_ascii=False)
        rows = self.db.execute(
            """SELECT w.base, w.reading, w.status FROM json_each(?) j JOIN words w
               ON w.base = json_extract(j.value, '$[0]')
                   AND w.reading = json_extract(j.value, '$[1]')""",
            [wanted],
        )
        return {(base, reading): status for base, reading, status in rows}

    def known_words(self) -> set[tuple[str, str]]:
        """Words that need no furigana: known or ignored."""
        sql = f"SELECT base, reading FROM words WHERE status IN {sql_list(KNOWN_STATUSES)}"
        return {(base, reading) for base, reading in self.db.execute(sql)}

    def mark_known(self, words: Iterable[tuple[str, str]]) -> tuple[int, int]:
        """Mark words known in one transaction, leaving learning/known/ignored ones be.

        Returns (changed, unchanged): words added or raised from "new", and the rest.
        """
        keys = list(dict.fromkeys((base, reading) for base, reading in words if base))
        stamp = now()
        with self.db.atomic():
            last = self._one("SELECT coalesce(max(id), 0) FROM words")[0]
            changed = self.db.conn.executemany(
                f"""INSERT INTO words (base, reading, status, created, updated)
                   VALUES (?, ?, {sql_value(KNOWN)}, ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = excluded.status, updated = excluded.updated
                   WHERE status = {sql_value(NEW)}""",
                [(base, reading, stamp, stamp) for base, reading in keys],
            ).rowcount
            index_rows(self.db, self.db.execute(
                f"SELECT {FTS_SOURCE} FROM words WHERE id > ?", [last]
            ).fetchall())
        return changed, len(keys) - changed

    def mark_known_undoably(self, words: Iterable[tuple[str, str]]) -> list[tuple[str, str, str | None]]:
        """mark_known, returning what undo_mark_known needs: each word it changed and
        the status it had (None: it had no row)."""
        keys = list(dict.fromkeys((base, reading) for base, reading in words if base))
        with self.db.atomic():
            before = self.word_statuses(keys)
            self.mark_known(keys)
            after = self.word_statuses(keys)
        return [(b, r, before.get((b, r))) for b, r in keys if after.get((b, r)) != before.get((b, r))]

    def undo_mark_known(self, changed: Iterable[tuple[str, str, str | None]]) -> None:
        """Take mark_known_undoably back: words it added go (unless saved since), the
        others get their old status."""
        with self.db.atomic():
            for base, reading, old in changed:
                if old is None:
                    row = self._one("SELECT id FROM words WHERE base = ? AND reading = ? AND saved IS NULL",
                                    [base, reading])
                    if row is not None:
                        self.db.execute("DELETE FROM words WHERE id = ?", [row[0]])
                        self.db.execute("DELETE FROM words_fts WHERE rowid = ?", [row[0]])
                else:
                    self.db.execute("UPDATE words SET status = ?, updated = ? WHERE base = ? AND reading = ?",
                                    [check(old), now(), base, reading])

    def set_statuses(self, ids: Iterable[int], status: str) -> list[tuple[int, str]]:
        """Give words a status in one transaction; returns (id, old status) for each."""
        check(status)
        wanted = list(dict.fromkeys(int(i) for i in ids))
        old: list[tuple[int, str]] = []
        with self.db.atomic():
            for chunk in _chunks(wanted):
                marks = _marks(chunk)
                old += [(int(i), str(st)) for i, st in self.db.execute(
                    f"SELECT id, status FROM words WHERE id IN ({marks})", chunk)]
                self.db.execute(f"UPDATE words SET status = ?, updated = ? WHERE id IN ({marks})",
                                [status, now(), *chunk])
            self._reindex(wanted)
        return old

    def restore_statuses(self, old: Iterable[tuple[int, str]]) -> None:
        """Undo set_statuses."""
        with self.db.atomic():
            rows = list(old)
            for word_id, status in rows:
                self.db.execute("UPDATE words SET status = ?, updated = ? WHERE id = ?",
                                [check(status), now(), word_id])
            self._reindex([i for i, _ in rows])

    def save_word(
        self, base: str, reading: str, glosses: list[str], pos: str,
        sentence: str = "", article_id: str = "", start: int = 0, end: int = 0,
        *, note: str = "", tags: Iterable[str] | str = (),
    ) -> int:
        """Save a word with the sentence it was met in; returns the word's id.

        A word saved again gains a context, never a second row; without a sentence
        it gains none. A new word starts as "learning", as does one only marked
        "new"; other statuses are kept. Glosses, part of speech and note fill in
        what the row lacks; tags add up. Every saved word gets a review card.
        """
        stamp = now()
        glosses_json = json.dumps(list(glosses), ensure_ascii=False)
        with self.db.atomic():
            self.db.execute(
                f"""INSERT INTO words (base, reading, status, glosses, pos, created, updated, saved)
                   VALUES (?, ?, {sql_value(LEARNING)}, ?, ?, ?, ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = CASE status WHEN {sql_value(NEW)} THEN excluded.status
                           ELSE status END,
                       glosses = CASE glosses WHEN '[]' THEN excluded.glosses ELSE glosses END,
                       pos = CASE pos WHEN '' THEN excluded.pos ELSE pos END,
                       saved = coalesce(saved, excluded.saved), updated = excluded.updated""",
                [base, reading, glosses_json, pos, stamp, stamp, stamp],
            )
            sql = "SELECT id, note, tags FROM words WHERE base = ? AND reading = ?"
            word_id, old_note, old_tags = self._one(sql, [base, reading])
            new_tags = normalize_tags([*json.loads(old_tags), *normalize_tags(tags)])
            self.db.execute(
                "UPDATE words SET note = ?, tags = ? WHERE id = ?",
                [old_note or note.strip(), json.dumps(new_tags, ensure_ascii=False), word_id],
            )
            if sentence:
                self.db.execute(
                    "INSERT INTO word_contexts"
                    ' (word_id, sentence, article_id, start, "end", created)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [word_id, sentence, article_id, start, end, stamp],
                )
            self.db.execute(
                "INSERT OR IGNORE INTO cards (word_id, due) VALUES (?, ?)", [word_id, stamp]
            )
            self._reindex([word_id])
        return int(word_id)

    def saved_words(self) -> list[dict[str, Any]]:
        """Words saved to the vocabulary with their number of contexts, newest first."""
        cursor = self.db.execute(
            f"""SELECT {", ".join("w." + key for key in _WORD_KEYS)},
                   (SELECT count(*) FROM word_contexts c WHERE c.word_id = w.id)
               FROM words w WHERE w.saved IS NOT NULL ORDER BY w.saved DESC, w.id DESC"""
        )
        words = [dict(zip((*_WORD_KEYS, "contexts"), row)) for row in cursor]
        for word in words:
            word["glosses"] = json.loads(word["glosses"])
        return words

    # -- the vocabulary view -----------------------------------------------

    def _filters(
        self, query: str, status: str | None, tag: str | None, saved_only: bool
    ) -> tuple[str, list[Any], list[tuple[str, str]]]:
        """WHERE clause and arguments shared by search_words and count_words, and a
        query counting the matches of each indexed filter (tag, text)."""
        where, args = ["w.saved IS NOT NULL"] if saved_only else ["1"], []
        counts = []
        if status is not None:
            where.append("w.status = ?")
            args.append(check(status))
        if tag:
            where.append("w.id IN (SELECT word_id FROM word_tags WHERE tag = ?)")
            args.append(tag.strip())
            counts.append(("SELECT count(*) FROM word_tags WHERE tag = ?", tag.strip()))
        match = search_query(query)
        if match is not None:
            where.append("w.id IN (SELECT rowid FROM words_fts WHERE words_fts MATCH ?)")
            args.append(match)
            counts.append(("SELECT count(*) FROM words_fts WHERE words_fts MATCH ?", match))
        return " AND ".join(where), args, counts

    def search_words(
        self, query: str = "", status: str | None = None, tag: str | None = None,
        sort: str = "saved", descending: bool = True, limit: int | None = 200,
        offset: int = 0, *, saved_only: bool = True,
    ) -> list[dict[str, Any]]:
        """One page of words matching a search, for the vocabulary view.

        ``query`` matches anywhere in the word or reading, and the start of any
        English word in glosses, note or tags (katakana matches hiragana). A rare
        match is fetched through its index and sorted; a common one (a frequent
        tag, one letter) walks the sort's index until the page is full, so a
        keystroke stays cheap with 100,000 words either way.
        """
        if sort not in WORD_SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {tuple(WORD_SORTS)}")
        where, args, counts = self._filters(query, status, tag, saved_only)
        columns, index = WORD_SORTS[sort]
        hint = ""
        if saved_only and counts and limit is not None:
            matches = min(int(self._one(sql, [arg])[0]) for sql, arg in counts)
            size = int(self._one("SELECT coalesce(max(id), 0) FROM words")[0])
            if matches * matches > size * (limit + offset) // 2:
                hint = f"INDEXED BY {index}"
        way = "DESC" if descending else "ASC"
        order = ", ".join(f"{column} {way}" for column in columns)
        cursor = self.db.execute(
            f"{_ENTRY_SELECT} {hint} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, -1 if limit is None else limit, offset],
        )
        return [_entry(row) for row in cursor]

    def count_words(
        self, query: str = "", status: str | None = None, tag: str | None = None,
        *, saved_only: bool = True,
    ) -> int:
        """How many words search_words would list without a limit."""
        where, args, _ = self._filters(query, status, tag, saved_only)
        return int(self._one(f"SELECT count(*) FROM words w WHERE {where}", args)[0])

    def word(self, word_id: int) -> dict[str, Any]:
        """One word as search_words lists it; ReaderError if it is gone."""
        row = self._one(f"{_ENTRY_SELECT} WHERE w.id = ?", [word_id])
        if row is None:
            raise ReaderError(f"no word with id {word_id}", "it may have been deleted")
        return _entry(row)

    def find_word(self, base: str, reading: str) -> dict[str, Any] | None:
        """A word by its (dictionary form, reading), saved or only given a status."""
        row = self._one("SELECT id FROM words WHERE base = ? AND reading = ?", [base, reading])
        return self.word(row[0]) if row else None

    def update_word(
        self, word_id: int, *, note: str | None = None, tags: Iterable[str] | str | None = None,
        glosses: list[str] | None = None, status: str | None = None,
    ) -> dict[str, Any]:
        """Change a word's note, tags, glosses or status (None leaves one be).

        Returns the previous values of what was given, so the change can be undone
        by passing them back.
        """
        if status is not None:
            check(status)
        with self.db.atomic():
            old = self.word(word_id)
            changes: dict[str, Any] = {}
            if note is not None:
                changes["note"] = note.strip()
            if tags is not None:
                changes["tags"] = json.dumps(normalize_tags(tags), ensure_ascii=False)
            if glosses is not None:
                changes["glosses"] = json.dumps(list(glosses), ensure_ascii=False)
            if status is not None:
                changes["status"] = status
            if changes:
                sets = ", ".join(f"{column} = ?" for column in changes)
                self.db.execute(
                    f"UPDATE words SET {sets}, updated = ? WHERE id = ?",
                    [*changes.values(), now(), word_id],
                )
                self._reindex([word_id])
        return {key: old[key] for key in changes}

    def word_contexts(self, word_id: int) -> list[dict[str, Any]]:
        """The sentences a word was saved from, oldest first (start/end mark the word)."""
        return self._dicts(
            'SELECT id, sentence, article_id, start, "end", created FROM word_contexts'
            " WHERE word_id = ? ORDER BY id",
            [word_id],
        )

    def delete_words(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """Delete words with their contexts, tags, card and review history.

        Returns everything deleted, one dict per word (the word's columns plus
        "contexts", "card" and "reviews"), for restore_words to undo the deletion.
        """
        wanted = list(dict.fromkeys(int(i) for i in ids))
        deleted: list[dict[str, Any]] = []
        with self.db.atomic():
            for chunk in _chunks(wanted):
                marks = _marks(chunk)
                words = self._dicts(f"SELECT * FROM words WHERE id IN ({marks})", chunk)
                for word in words:
                    word_id = word["id"]
                    word["glosses"] = json.loads(word["glosses"])
                    word["tags"] = json.loads(word["tags"])
                    word["contexts"] = self._dicts(
                        "SELECT * FROM word_contexts WHERE word_id = ? ORDER BY id", [word_id]
                    )
                    cards = self._dicts("SELECT * FROM cards WHERE word_id = ?", [word_id])
                    word["card"] = cards[0] if cards else None
                    word["reviews"] = self._dicts(
                        "SELECT * FROM reviews WHERE word_id = ? ORDER BY id", [word_id]
                    )
                deleted += words
                self.db.execute(f"DELETE FROM words WHERE id IN ({marks})", chunk)
                self.db.execute(f"DELETE FROM words_fts WHERE rowid IN ({marks})", chunk)
        return deleted

    def restore_words(self, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Undo delete_words: the words come back with their ids, contexts, card and history.

        A word saved again since its deletion keeps its new row and gains the old contexts.
        """
        restored = []
        with self.db.atomic():
            for row in rows:
                word = {k: v for k, v in row.items() if k not in ("contexts", "card", "reviews")}
                word["glosses"] = json.dumps(list(word.get("glosses", [])), ensure_ascii=False)
                word["tags"] = json.dumps(normalize_tags(word.get("tags", [])), ensure_ascii=False)
                sql = "SELECT id FROM words WHERE base = ? AND reading = ?"
                existing = self._one(sql, [word["base"], word["reading"]])
                fresh = {k: v for k, v in word.items() if k != "id"}  # should its id be taken
                word_id = existing[0] if existing else (
                    self._insert("words", word) or self._insert("words", fresh)
                )
                for context in row.get("contexts", []):
                    self._insert("word_contexts", {**context, "word_id": word_id})
                if existing is None:
                    if row.get("card"):
                        self._insert("cards", {**row["card"], "word_id": word_id})
                    for review in row.get("reviews", []):
                        self._insert("reviews", {**review, "word_id": word_id})
                restored.append(int(word_id))
            self._reindex(restored)
        return restored

    def rebuild_search_index(self) -> None:
        """Rewrite the word index from the words table (after bulk inserts, or repairs)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM words_fts")
            index_rows(self.db, self.db.execute(f"SELECT {FTS_SOURCE} FROM words").fetchall())

    def _reindex(self, ids: list[int]) -> None:
        for chunk in _chunks(ids):
            sql = f"SELECT {FTS_SOURCE} FROM words WHERE id IN ({_marks(chunk)})"
            index_rows(self.db, self.db.execute(sql, chunk).fetchall())


    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """INSERT OR IGNORE a row given by column (keys that are not columns are
        dropped); returns its rowid, or 0 if it was there."""
        names = {info[1] for info in self.db.execute(f"PRAGMA table_info({table})")}
        row = {column: value for column, value in row.items() if column in names}
        columns = ", ".join(f'"{column}"' for column in row)
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({_marks(list(row))})"
        cursor = self.db.execute(sql, list(row.values()))
        return int(cursor.lastrowid or row.get("id") or 0) if cursor.rowcount else 0

