"""The search box: a word typed in kana, kanji or romaji, or pasted text, looked up
without an article.

What it shows first is what the popup shows for the longest word at the start of the
text; the other matches follow: shorter starts (首脳会談: 首脳, 首), and for kana or
romaji every dictionary word read so (teisen: 停戦, 停船, 汀線), the hiragana and the
katakana themselves. Each match is a real Word of a one-sentence text, annotated as an
article is, so that it saves to the vocabulary as a word met in reading does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.text import romaji
from reader.core.text.kana import is_all_kana, is_kana, is_kanji, to_hiragana, to_katakana
from reader.core.text.model import AnnotatedSentence, Word
from reader.core.text.sentences import iter_sentences
from reader.core.dictionaries.jmdict import Dictionary
from reader.core.dictionaries.wordinfo import WordLookup, look_up_sentence

if TYPE_CHECKING:
    from reader.core.dictionaries.yomitan.store import UserDictionaries
    from reader.core.text.pipeline import Annotator

#: Only the start of a pasted text is looked at.
MAX_TEXT = 200
#: Kana readings longer than this are looked up by their first MAX_READING kana.
MAX_READING = 16
#: Spellings offered for one reading (停戦, 停船, 汀線, …) and matches in all.
MAX_SPELLINGS = 6
MAX_MATCHES = 30
#: What leads a pasted text and is no word: spaces, brackets, quotes, punctuation.
_LEADING = " \t\r\n\u3000「『（(【〈《〔［[“‘\"'・、。，．,.!?！？…―-—"
HINT = "Type a word in kana, kanji or romaji (teisen, toukyou), or paste Japanese text."


@dataclass(frozen=True)
class Match:
    """One word found: what the popup shows of it, and the sentence it was read in."""

    found: WordLookup
    sentence: AnnotatedSentence

    @property
    def word(self) -> Word:
        return self.found.word


@dataclass(frozen=True)
class SearchResult:
    query: str
    readings: tuple[str, ...] = ()  # the kana that romaji stood for (hiragana, then katakana)
    matches: tuple[Match, ...] = ()  # the longest first
    message: str = ""  # why there is nothing, or what was read

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


def _annotate(text: str, annotator: Annotator) -> AnnotatedSentence | None:
    """The first sentence of ``text``, annotated as an article's is (without forgetting
    what the article being read has taught the annotator)."""
    first = next(iter_sentences(text), None)
    return annotator.annotate_sentence(first) if first is not None else None


def _look_up(text: str, annotator: Annotator, user_dicts: UserDictionaries | None) -> Match | None:
    sentence = _annotate(text, annotator)
    if sentence is None:
        return None
    found = look_up_sentence(sentence, annotator, user_dicts)
    if found is None or not found.word.content:
        return None
    return Match(found, sentence)


class _Found:
    """Matches by word, each once; ranked by how much of the text they cover, then in
    the order found."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, Match]] = []
        self.keys: set[tuple[str, str]] = set()

    def add(self, match: Match | None, covers: int, whole: str = "", reading: str = "") -> None:
        """``whole``: the match counts only if its word is all of this text (a spelling
        that MeCab cuts in two is not that word); ``reading``: and only if it is read so
        (体 is a spelling of てい, in 体裁, but alone it is からだ)."""
        if match is None or (whole and match.word.text != whole):
            return
        if reading and to_hiragana(match.word.reading) != reading:
            return
        word = match.word
        if word.key in self.keys or not (word.entries or (match.found.more.lookup and match.found.more.lookup.terms)):
            return
        self.keys.add(word.key)
        self.items.append((-covers, len(self.items), match))

    def ranked(self) -> tuple[Match, ...]:
        return tuple(m for *_, m in sorted(self.items, key=lambda i: i[:2]))[:MAX_MATCHES]


def _japanese(text: str, annotator: Annotator, user_dicts: UserDictionaries | None, found: _Found) -> None:
    """The longest word at the start, then the words of its shorter starts."""
    main = _look_up(text, annotator, user_dicts)
    found.add(main, len(main.word.text) if main else 0)
    longest = len(main.word.text) if main else min(len(text), MAX_READING)
    for n in range(longest - 1, 0, -1):
        shorter = _look_up(text[:n], annotator, user_dicts)
        if shorter is not None:
            found.add(shorter, len(shorter.word.text))


def _kana(readings: list[str], annotator: Annotator, user_dicts: UserDictionaries | None, found: _Found) -> None:
    """Dictionary words read as each reading or as a start of it, longest first."""
    dictionary = annotator.dictionary
    starts = [r[:n] for r in readings for n in range(min(len(r), MAX_READING), 0, -1) if n > 1 or len(r) == 1]
    # Spellings by reading are the built dictionary's (the annotator's lexicon may be any).
    spelt = dictionary.spellings(starts) if isinstance(dictionary, Dictionary) else {}
    for reading in readings:
        main = _look_up(reading, annotator, user_dicts)  # inflected: たべさせられなかった
        for n in range(min(len(reading), MAX_READING), 0, -1):
            start = to_hiragana(reading[:n])
            for spelling in spelt.get(start, ())[:MAX_SPELLINGS]:
                found.add(_look_up(spelling, annotator, user_dicts), n, whole=spelling, reading=start)
            if main is not None and len(main.word.text) == n:  # after the dictionary's words
                found.add(main, n)


def search(text: str, annotator: Annotator, user_dicts: UserDictionaries | None = None) -> SearchResult:
    """Look up what was typed or pasted; never raises for bad input, says why instead."""
    query = text.strip()
    plain = query.lstrip(_LEADING)[:MAX_TEXT]
    if not plain:
        return SearchResult(query, message=HINT)
    found = _Found()
    readings: tuple[str, ...] = ()
    if romaji.looks_like_romaji(plain):
        try:
            hiragana = romaji.to_hiragana(plain)
        except ReaderError as exc:
            return SearchResult(query, message=f"{exc.message} ({exc.advice})")
        readings = tuple(hiragana + [to_katakana(h) for h in hiragana])
        _kana(hiragana, annotator, user_dicts, found)
        for kana in readings:  # the kana themselves, as written (テレビ)
            found.add(_look_up(kana, annotator, user_dicts), len(kana), whole=kana)
    elif not any(is_kana(c) or is_kanji(c) for c in plain):
        return SearchResult(query, message=f"“{plain[:40]}” holds no Japanese. {HINT}")
    elif is_all_kana(plain.split()[0]) and len(plain.split()[0]) <= MAX_READING:
        _kana([plain.split()[0]], annotator, user_dicts, found)
    else:
        _japanese(plain, annotator, user_dicts, found)
    matches = found.ranked()
    if not matches:
        what = f"“{plain[:40]}”" + (f" ({'、'.join(readings[: len(readings) // 2])})" if readings else "")
        return SearchResult(query, readings, message=f"No dictionary word starts {what}.")
    return SearchResult(query, readings, matches)
