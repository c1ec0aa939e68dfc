"""The translation cache: translations by (model, version, normalized sentence) in
translations.sqlite, and a translator that serves from it and translates only the rest."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.translation.engine import Batch, StopCheck, Translator, normalize

CACHE_FILE = "translations.sqlite"


class TranslationCache:
    """Translations by (model id, model version, normalized sentence), in SQLite (WAL)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translations (model TEXT NOT NULL, "
                "version TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, "
                "PRIMARY KEY (model, version, source)) WITHOUT ROWID"
            )
        except sqlite3.Error as exc:
            raise ReaderError(
                f"the translation cache {path} cannot be opened ({exc})",
                "delete that file: it only holds translations that can be made again",
            ) from exc

    @classmethod
    def open_default(cls) -> TranslationCache:
        return cls(paths.data_dir() / CACHE_FILE)

    def get_many(self, key: tuple[str, str], sources: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sources))
        with self._lock:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT source, target FROM translations WHERE model = ? AND version = ? "
                    f"AND source IN ({marks})",
                    (*key, *chunk),
                )
                found.update(rows)
        return found

    def put_many(self, key: tuple[str, str], pairs: Sequence[tuple[str, str]]) -> None:
        """Store one batch in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                    [(*key, source, target) for source, target in pairs],
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class CachedTranslator(Translator):
    """Serves cached translations at once and sends only the misses to ``inner``.

    Misses are normalized and deduplicated, so a repeated sentence is translated once.
    """

    def __init__(self, inner: Translator, cache: TranslationCache) -> None:
        self.inner = inner
        self.cache = cache

    @property
    def model_key(self) -> tuple[str, str]:
        return self.inner.model_key

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        key = self.inner.model_key
        normal = [normalize(s) for s in sentences]
        hits = self.cache.get_many(key, normal)
        served = [(i, hits[n]) for i, n in enumerate(normal) if n in hits]
        if served:
            yield served
        where: dict[str, list[int]] = {}
        for i, n in enumerate(normal):
            if n not in hits:
                where.setdefault(n, []).append(i)
        misses = list(where)
        if not misses:
            return
        for batch in self.inner.translate_batches(misses, should_stop):
            self.cache.put_many(key, [(misses[j], text) for j, text in batch])
            yield [(i, text) for j, text in batch for i in where[misses[j]]]
