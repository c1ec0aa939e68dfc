"""The full-text index over words: how word, reading, glosses, note and tags are indexed and searched.

Kept by the vocabulary's writes and built by the migration that created it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from reader.core.storage.sqlitedb import Database
from reader.core.text.kana import to_hiragana

#: Characters from the CJK radicals on: kana, kanji, full-width symbols.
_CJK = re.compile("([\u2e80-\U0010ffff])")
FTS_SOURCE = "id, base, reading, glosses, note, tags"


def search_text(text: str) -> str:
    """Text as the word index sees it: NFKC, katakana as hiragana, each Japanese
    character a token of its own, since Japanese has no spaces to split words at."""
    return _CJK.sub(r" \1 ", to_hiragana(unicodedata.normalize("NFKC", text)))


def search_query(query: str) -> str | None:
    """An FTS5 phrase matching ``query`` anywhere in a word, a prefix of an English word;
    None when it holds nothing searchable (only spaces or punctuation)."""
    tokens = search_text(query).split()
    if not any(ch.isalnum() for token in tokens for ch in token):
        return None
    phrase = '"' + " ".join(tokens).replace('"', '""') + '"'
    return phrase if _CJK.fullmatch(tokens[-1]) else phrase + " *"


def index_rows(db: Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """(Re)write the index entries of words given as (id, base, reading, glosses, note, tags)."""
    entries = []
    for word_id, base, reading, glosses, note, tags in rows:
        texts = (base, reading, " ; ".join(json.loads(glosses)), note, " ".join(json.loads(tags)))
        entries.append((word_id, *(search_text(t) for t in texts)))
    db.conn.executemany("DELETE FROM words_fts WHERE rowid = ?", [(e[0],) for e in entries])
    db.conn.executemany(
        "INSERT INTO words_fts (rowid, word, reading, glosses, note, tags)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        entries,
    )
