"""A word's status: the one rule every view follows.

A word is keyed as the reader keys it, (dictionary form, reading). Its status is
"new" until the user says otherwise; "learning" once saved; "known" or "ignored"
when it needs no more study. A word saved without a reading, (base, ""), as a
known-word list may give it, stands for every reading of that form.

The page's colours, coverage and i+1, level-aware furigana, the vocabulary view,
review and the command line all ask here, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Key = tuple[str, str]

NEW, LEARNING, KNOWN, IGNORED = "new", "learning", "known", "ignored"
STATUSES = (NEW, LEARNING, KNOWN, IGNORED)
#: Need no furigana, count as known in coverage, and leave the review queue.
KNOWN_STATUSES = frozenset({KNOWN, IGNORED})
#: The statuses whose words are reviewed.
REVIEWED = (NEW, LEARNING)


def check(status: str) -> str:
    """``status``, or ValueError if it is not one of STATUSES."""
    if status not in STATUSES:
        raise ValueError(f"unknown word status {status!r}; expected one of {STATUSES}")
    return status


def status_of(statuses: Mapping[Key, str], key: Key) -> str:
    """A word's status from a map of stored ones: its own, else that of its form saved
    without a reading, else "new"."""
    return statuses.get(key) or statuses.get((key[0], "")) or NEW


def is_known(status: str) -> bool:
    return status in KNOWN_STATUSES


def display_class(status: str) -> str:
    """How the page colours a word: "known" (known or ignored), "learning" or "new"."""
    return KNOWN if status in KNOWN_STATUSES else LEARNING if status == LEARNING else NEW


def keys_to_look_up(keys: Iterable[Key]) -> list[Key]:
    """The stored rows that can decide these words' statuses: each key and its
    reading-less form."""
    keys = list(keys)
    return keys + [(base, "") for base, _ in keys]


def sql_value(status: str) -> str:
    """A status as an SQL literal."""
    return f"'{check(status)}'"


def sql_list(statuses: Iterable[str]) -> str:
    """An SQL list literal of statuses, for ``status IN (...)``."""
    return "(" + ", ".join(sql_value(s) for s in sorted(statuses)) + ")"
