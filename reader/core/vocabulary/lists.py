"""Importing and exporting words: known-word lists (plain, CSV, Anki notes) and the
vocabulary as CSV."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader.core.errors import InputError
from reader.core.storage.atomic import replacing
from reader.core.storage.store import Store
from reader.core.text.decode import read_text_file
from reader.core.text.kana import is_all_kana, is_kanji, to_hiragana
from reader.core.vocabulary.status import STATUSES, Key
from reader.core.vocabulary.words import Words, normalize_tags

if TYPE_CHECKING:
    from reader.core.dictionaries.jmdict import Dictionary

#: Columns of the vocabulary CSV: the word, then the first sentence it was saved from.
_WORD_COLUMNS = ("word", "reading", "glosses", "pos", "status", "note", "tags", "saved")
CSV_FIELDS = (*_WORD_COLUMNS, "sentence", "start", "end", "article")
GLOSS_SEPARATOR = " | "  # JMdict glosses contain ";" and "," but never "|"
#: Words written per transaction by an import: another writer waits well under a second.
BATCH = 2000


# -- known-word lists -------------------------------------------------------


@dataclass(frozen=True)
class ImportCounts:
    added: int  # words new to the store (or, for known words, raised from "new")
    unchanged: int  # words already there


_TAG = re.compile(r"<[^>]*>")
_RUBY = re.compile(r"([\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆〇ヵヶ]+)\[([^\]]*)\]")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_ANKI_META = ("guid column", "notetype column", "deck column", "tags column")
_HEADERS = {"word", "words", "expression", "vocab", "vocabulary", "単語"}


def _plain(field: str) -> str:
    """A field without HTML, entities or spaces."""
    return "".join(html.unescape(_TAG.sub("", field)).split())


def parse_word(field: str, reading_field: str = "") -> Key:
    """(word, reading) from a list or Anki field: 停戦[ていせん] gives both; a kana word is
    its own reading; else a kana second field is the reading; else the reading is ""."""
    text = _plain(field)
    word = _RUBY.sub(r"\1", text)
    if word != text:
        reading = to_hiragana(_RUBY.sub(r"\2", text))
        if is_all_kana(reading.replace("ー", "")):
            return word, reading
    if is_all_kana(word):
        return word, to_hiragana(word)
    second = _RUBY.sub(r"\2", _plain(reading_field))
    return word, to_hiragana(second) if is_all_kana(second) else ""


def _split(line: str) -> list[str]:
    """Fields of a list line: tab-separated if it has a tab, else comma, else space."""
    for separator in ("\t", ","):
        if separator in line:
            return line.split(separator)
    return line.split()


def parse_known_words(text: str, *, csv_format: bool = False) -> list[Key]:
    """Words from a known-words list: one per line with an optional reading after a tab,
    comma or space; a CSV with word and reading columns; or an Anki notes export
    (its #separator and #... column headers are honoured; the first field is the word)."""
    lines = text.lstrip("\ufeff").splitlines()
    meta = dict(line[1:].split(":", 1) for line in lines if line.startswith("#") and ":" in line)
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    separator = _SEPARATORS.get(meta.get("separator", "").strip().lower())
    if separator is None and csv_format:
        separator = ","
    skip = {int(meta[k]) - 1 for k in _ANKI_META if meta.get(k, "").strip().isdigit()}
    if separator:
        rows: Iterable[list[str]] = csv.reader(body, delimiter=separator)
    else:
        rows = (_split(line) for line in body)
    words: list[Key] = []
    for row in rows:
        fields = [field for i, field in enumerate(row) if i not in skip]
        if not fields or not _plain(fields[0]):
            continue
        if not words and _plain(fields[0]).casefold() in _HEADERS:
            continue
        words.append(parse_word(fields[0], fields[1] if len(fields) > 1 else ""))
    return list(dict.fromkeys(words))


def dictionary_readings(dictionary: Dictionary) -> Callable[[str], list[str]]:
    """Readings of a word as JMdict spells it, for lists that give words without readings."""

    def readings(word: str) -> list[str]:
        return list(dict.fromkeys(to_hiragana(e.reading) for e in dictionary.lookup_form(word)))

    return readings


def import_known_words(
    store: Store, path: Path | str, readings_for: Callable[[str], list[str]] | None = None
) -> ImportCounts:
    """Mark every word of a list file known (.csv as CSV, anything else as a text list or
    Anki export). A word without a reading takes each reading ``readings_for`` gives,
    or is kept as (word, "") which stands for every reading."""
    path = Path(path)
    parsed = parse_known_words(read_text_file(path), csv_format=path.suffix.lower() == ".csv")
    if not parsed:
        raise InputError(
            f"no words found in {path}",
            "give one word per line, optionally followed by its reading",
        )
    keys = []
    for word, reading in parsed:
        found = (
            []
            if reading or not readings_for or not any(map(is_kanji, word))
            else readings_for(word)
        )
        keys += [(word, r) for r in found] or [(word, reading)]
    words, changed, unchanged = Words(store), 0, 0
    for start in range(0, len(keys), BATCH):  # each batch commits: other writers get a turn
        done, kept = words.mark_known(keys[start : start + BATCH])
        changed, unchanged = changed + done, unchanged + kept
    return ImportCounts(changed, unchanged)


# -- the vocabulary as CSV --------------------------------------------------


def _csv_rows(store: Store, words: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    repository = Words(store)
    for word in words:
        contexts = repository.word_contexts(word["id"])
        first = (
            contexts[0] if contexts else {"sentence": "", "start": "", "end": "", "article_id": ""}
        )
        yield {
            "word": word["base"],
            "reading": word["reading"],
            "glosses": GLOSS_SEPARATOR.join(word["glosses"]),
            "pos": word["pos"],
            "status": word["status"],
            "note": word["note"],
            "tags": " ".join(word["tags"]),
            "sentence": first["sentence"],
            "start": first["start"],
            "end": first["end"],
            "article": first["article_id"],
            "saved": word["saved"] or "",
        }


def write_csv(store: Store, out: IO[str], words: list[dict[str, Any]] | None = None) -> int:
    """Write saved words (all, oldest first, unless given) as CSV; returns how many."""
    chosen = (
        Words(store).search_words(sort="saved", descending=False, limit=None)
        if words is None
        else words
    )
    writer = csv.DictWriter(out, CSV_FIELDS)
    writer.writeheader()
    writer.writerows(_csv_rows(store, chosen))
    return len(chosen)


def export_csv(
    store: Store, path: Path | str, *, bom: bool = False, words: list[dict[str, Any]] | None = None
) -> int:
    """Export to a CSV file; ``bom`` adds the byte order mark Excel needs to see UTF-8.
    Written whole or not at all: a failure leaves an old file as it was."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        return write_csv(store, out, words)


def _number(cell: str | None) -> int:
    return int(cell) if cell and cell.strip().isdigit() else 0


def _import_row(repository: Words, row: dict[str, str | None]) -> bool | None:
    """One CSV row into the store: True if the word was there, False if new, None if empty."""
    base, reading = (row.get("word") or "").strip(), (row.get("reading") or "").strip()
    if not base:
        return None
    old = repository.find_word(base, reading)
    sentence, article = row.get("sentence") or "", row.get("article") or ""
    start, end = _number(row.get("start")), _number(row.get("end"))
    if old and (sentence, article, start, end) in {
        (c["sentence"], c["article_id"], c["start"], c["end"])
        for c in repository.word_contexts(old["id"])
    }:
        sentence = ""  # imported before: no second copy of the context
    glosses = [g for g in (row.get("glosses") or "").split(GLOSS_SEPARATOR) if g]
    tags = normalize_tags(row.get("tags") or "")
    pos, note = row.get("pos") or "", row.get("note") or ""
    word_id = repository.save_word(
        base, reading, glosses, pos, sentence, article, start, end, note=note, tags=tags
    )
    status = row.get("status") or ""
    if not old and status in STATUSES:
        repository.update_word(word_id, status=status)
    return old is not None


def import_csv(store: Store, path: Path | str) -> ImportCounts:
    """Import a CSV written by export_csv, in transactions of a few hundred words;
    returns (added, already there).

    A word already in the store gains the row's context, tags and what it lacks
    (note, glosses) and keeps its status; nothing is duplicated.
    """
    rows = list(csv.DictReader(io.StringIO(read_text_file(path).lstrip("\ufeff"))))
    if not rows or "word" not in rows[0]:
        raise InputError(
            f"{path} has no 'word' column", "export it from reader, or add a header row"
        )
    added = unchanged = 0
    repository = Words(store)
    for start in range(0, len(rows), BATCH // 4):  # each batch one transaction
        with store.transaction():
            for row in rows[start : start + BATCH // 4]:
                found = _import_row(repository, row)
                if found is not None:
                    added, unchanged = (added, unchanged + 1) if found else (added + 1, unchanged)
    return ImportCounts(added, unchanged)
