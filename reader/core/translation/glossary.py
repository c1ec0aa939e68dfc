"""The translator's glossary: preferred English for Japanese terms (首脳会談 → summit).

Terms live in the user's database (storage/schema.py). A draft that
does not use a term's preferred English gets a gentle warning, never a block.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from reader.core.errors import InputError
from reader.core.storage.atomic import replacing
from reader.core.storage.clock import now
from reader.core.storage.sqlitedb import Database
from reader.core.storage.store import Store


def _upsert(db: Database, term: str, english: str) -> None:
    db.execute(
        "INSERT INTO terms (term, english, updated) VALUES (?, ?, ?) ON CONFLICT (term) "
        "DO UPDATE SET english = excluded.english, updated = excluded.updated",
        [term, english, now()],
    )


class Termbase:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._pattern: re.Pattern[str] | None = None
        self._terms: dict[str, str] = {}
        self._reload()

    def _reload(self) -> None:
        with self.store.transaction() as db:
            self._terms = dict(db.execute("SELECT term, english FROM terms").fetchall())
        # Longest first, so 首脳会談 wins over 首脳 where both are terms.
        terms = sorted(self._terms, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, terms))) if terms else None

    def terms(self) -> list[tuple[str, str]]:
        return sorted(self._terms.items())

    def set(self, term: str, english: str) -> None:
        term, english = term.strip(), english.strip()
        if not term or not english:
            raise InputError("a glossary entry needs a term and its English", "fill in both")
        with self.store.transaction() as db:
            _upsert(db, term, english)
        self._reload()

    def remove(self, term: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM terms WHERE term = ?", [term])
        self._reload()

    def found_in(self, japanese: str) -> list[tuple[str, str]]:
        """(term, preferred English) for each term the sentence holds, in order."""
        if self._pattern is None:
            return []
        seen = dict.fromkeys(m.group() for m in self._pattern.finditer(japanese))
        return [(term, self._terms[term]) for term in seen]

    def missing(self, japanese: str, draft: str) -> list[tuple[str, str]]:
        """Terms of the sentence whose preferred English the draft does not use."""
        if not draft.strip():
            return []
        lowered = draft.casefold()
        return [(t, e) for t, e in self.found_in(japanese) if e.casefold() not in lowered]

    def export_csv(self, path: Path | str) -> int:
        rows = self.terms()
        with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["term", "english"])
            writer.writerows(rows)
        return len(rows)

    def import_csv(self, path: Path | str) -> int:
        """Add or update terms from a CSV of term,english (a header row is optional)."""
        from reader.core.text.decode import read_text_file

        rows = list(csv.reader(read_text_file(path).splitlines()))
        if rows and [c.strip().lower() for c in rows[0][:2]] == ["term", "english"]:
            rows = rows[1:]
        pairs = [(r[0].strip(), r[1].strip()) for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip()]
        if not pairs and rows:
            raise InputError(f"{Path(path).name} holds no term,english rows", "use two columns: term,english")
        with self.store.transaction() as db:
            for term, english in pairs:
                _upsert(db, term, english)
        self._reload()
        return len(pairs)
