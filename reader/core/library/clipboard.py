"""The clipboard feed: Japanese text copied anywhere, appended to one running article.

Pure functions (the window reads the clipboard and stores the article): what of a
clipboard text is taken, and the article's text once it is appended, de-duplicated and
trimmed from the oldest end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.text.decode import clean_controls

TITLE = "Clipboard"
#: Stored as the article's origin, so that the feed finds its article again.
ORIGIN = "reader:clipboard-feed"
#: One copy is appended up to this many characters (the rest is left, and said so).
MAX_APPEND = 20_000
#: The article keeps this many characters at most: the oldest text goes first.
MAX_ARTICLE = 500_000
#: A clipboard holding more than this is not read at all (a 10 MB log, an image as text).
MAX_CLIPBOARD = 1_000_000
#: Between two appended texts: a blank line, so each is a paragraph of its own.
SEPARATOR = "\n\n"

_JAPANESE = re.compile(r"[\u3041-\u309f\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d]")


@dataclass(frozen=True)
class Clip:
    """What a clipboard text gives the feed: ``text`` to append ("" for nothing) and,
    when it is not taken or cut short, ``note`` saying why."""

    text: str
    note: str = ""


def take(raw: str) -> Clip:
    """The part of a clipboard text the feed appends: Japanese text only, with its line
    endings made plain and stray control characters dropped, at most MAX_APPEND
    characters."""
    if len(raw) > MAX_CLIPBOARD:
        return Clip("", too_large(f"{len(raw):,} characters"))
    text = clean_controls(raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text or not _JAPANESE.search(text):
        return Clip("")  # not Japanese: nothing to say
    note = ""
    if len(text) > MAX_APPEND:
        cut = text.rfind("\n", 0, MAX_APPEND)
        text = text[: cut if cut > MAX_APPEND // 2 else MAX_APPEND].rstrip()
        note = f"Clipboard feed: only the first {len(text):,} characters were added"
    return Clip(text, note)


def too_large(size: str) -> str:
    """The status bar's message for a clipboard too large to read (``size``: "10.5 MB")."""
    return (f"Clipboard feed: the clipboard holds {size}, too much to add "
            f"(at most {MAX_CLIPBOARD:,} characters); nothing was added")


def is_duplicate(article: str, text: str) -> bool:
    """Whether ``text`` is what was appended last (copying the same line twice)."""
    return bool(text) and (article == text or article.endswith(SEPARATOR + text))


@dataclass(frozen=True)
class Appended:
    text: str  # the article's new text
    offset: int  # where the appended text starts in it


def append(article: str, text: str, limit: int = MAX_ARTICLE) -> Appended | None:
    """The article with ``text`` appended as a paragraph of its own, its oldest text
    trimmed to keep it within ``limit`` (at the start of a paragraph where one starts
    within a tenth of the limit, else mid-text); None when ``text`` is empty or was the
    last text appended."""
    if not text or is_duplicate(article, text):
        return None
    text = text[:limit]
    joined = f"{article.rstrip()}{SEPARATOR}{text}" if article.strip() else text
    if len(joined) > limit:
        start = len(joined) - limit
        paragraph = joined.find(SEPARATOR, start, start + min(MAX_APPEND, limit // 10))
        if paragraph != -1 and paragraph + len(SEPARATOR) <= len(joined) - len(text):
            start = paragraph + len(SEPARATOR)
        joined = joined[start:]
    return Appended(joined, len(joined) - len(text))
