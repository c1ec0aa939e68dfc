"""What the pipeline asks of a dictionary: a protocol, so that text/ needs no database.

dictionaries/jmdict.py's Dictionary fulfils it; tests may pass a small fake.
"""

from __future__ import annotations

from typing import Protocol

from reader.core.text.model import Entry, Headword


class Lexicon(Protocol):
    def lookup(self, base: str, reading: str = "", surface: str = "") -> tuple[Entry, ...]:
        """Entries for a word by its dictionary form (and reading, and surface), best first."""
        ...

    def lookup_form(self, text: str) -> tuple[Entry, ...]:
        """Entries spelled exactly ``text``."""
        ...

    def lookup_names(self, text: str, reading: str = "") -> tuple[Entry, ...]:
        """Names (JMnedict) spelled ``text``, those read ``reading`` first."""
        ...

    def compounds(self, first: str) -> tuple[Headword, ...]:
        """Headwords of two tokens or more whose first token is spelled ``first``, longest first."""
        ...

    def form_readings(self, text: str) -> tuple[str, ...]:
        """The readings (hiragana) of the form ``text`` as likely as its best one."""
        ...

    def names_starting_with(self, prefix: str) -> frozenset[str]:
        """Names (JMnedict) longer than ``prefix`` that start with it."""
        ...

    def kanji_reading(self, character: str) -> str:
        """A reading of one kanji (KANJIDIC2), in hiragana, okurigana after a dot
        (執: と.る); "" when unknown."""
        ...


class HeadwordSource(Protocol):
    """More dictionaries' headwords for the word layer (imported Yomitan dictionaries)."""

    def starting_with(self, prefix: str) -> frozenset[str]:
        """Headwords longer than ``prefix`` that start with it."""
        ...
