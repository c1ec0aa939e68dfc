"""The articles reader ships with: listed from ``reader/resources/articles/index.json``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.library.model import Article, ArticleInfo

INDEX_FILE = "index.json"


def articles_dir() -> Path:
    return paths.resources_dir() / "articles"


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[ArticleInfo, str], ...]:
    where = articles_dir() / INDEX_FILE
    try:
        raw = json.loads(where.read_text(encoding="utf-8"))
        items = raw["articles"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReaderError(
            f"the bundled article index {where} is missing or damaged ({exc})",
            "reinstall reader from a fresh clone",
        ) from exc
    fields = ArticleInfo.__dataclass_fields__
    return tuple(
        (ArticleInfo(**{k: str(v) for k, v in item.items() if k in fields}), item["file"])
        for item in items
    )


@lru_cache(maxsize=16)
def _text(file: str) -> str:
    """A bundled article's text: package data that never changes, so read once."""
    path = articles_dir() / file
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReaderError(
            f"the bundled article {path} cannot be read ({exc.strerror})",
            "reinstall reader from a fresh clone",
        ) from exc


def list_articles() -> list[ArticleInfo]:
    """The bundled articles, newest first, as in the index."""
    return [info for info, _ in _index()]


def load_article(article_id: str) -> Article:
    """Load a bundled article by id (or by its 1-based position in the list)."""
    entries = _index()
    for n, (info, file) in enumerate(entries, 1):
        if article_id in (info.id, str(n)):
            return Article(info, _text(file))
    known = ", ".join(info.id for info, _ in entries)
    raise ReaderError(f"no bundled article {article_id!r}", f"choose one of: {known}")


def first_article() -> Article:
    return load_article(list_articles()[0].id)


def snippet(text: str, offset: int, length: int, width: int = 24) -> str:
    """The found text with some context, on one line."""
    start, end = max(0, offset - width), min(len(text), offset + length + width)
    return " ".join(text[start:end].split())


def search(needle: str, limit: int = 200) -> list[tuple[str, int, str]]:
    """(article id, offset, snippet) for each place a bundled article holds ``needle``
    (Latin letters match regardless of case)."""
    found: list[tuple[str, int, str]] = []
    if not needle:
        return found
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    for info in list_articles():
        text = load_article(info.id).text
        for match in pattern.finditer(text):
            if len(found) >= limit:
                return found
            found.append((info.id, match.start(), snippet(text, match.start(), len(needle))))
    return found
