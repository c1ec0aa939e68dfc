"""The reading pipeline: text -> sentences -> tokens with furigana and glosses -> words.

Names get JMnedict's entries too, and a second look where the tokenizer stumbles over
them (see :mod:`reader.core.names`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reader.core.text.kana import has_kanji, is_all_kana, to_hiragana
from reader.core.text.model import AnnotatedArticle, AnnotatedSentence, Entry, Lexeme, Sentence
from reader.core.text.names import NAME_POS, PROPER, NameReader, is_katakana, with_names
from reader.core.text.sentences import iter_sentences
from reader.core.text.furigana import ruby_for
from reader.core.text.readings import Change, ContextReadings
from reader.core.text.senses import SenseRanker, prefer, rare_last
from reader.core.text.tokenize import Tokenizer, strip_english
from reader.core.text.words import WordFinder, wants_gloss

if TYPE_CHECKING:
    from reader.core.text.lexicon import HeadwordSource, Lexicon

__all__ = ["NAME_POS", "Annotator", "wants_gloss"]

#: Words in JMdict's part-of-speech descriptions that fit each UniDic class.
_POS_HINTS: dict[str, tuple[str, ...]] = {
    "動詞": ("verb",),
    "形容詞": ("adjective (keiyoushi)",),
    "形状詞": ("adjectival noun", "quasi-adjective", "na-adjective", "noun"),
    "名詞": ("noun",),
    "代名詞": ("pronoun",),
    "副詞": ("adverb",),
    "連体詞": ("pre-noun",),
    "接続詞": ("conjunction",),
    "感動詞": ("interjection",),
    "接頭辞": ("prefix",),
    "接尾辞": ("suffix", "counter"),
}


def _fits(entry: Entry, hints: tuple[str, ...], verb: bool) -> bool:
    for sense in entry.senses:
        for pos in sense.pos:
            if verb and pos.startswith("noun or participle"):
                continue
            if any(h in pos for h in hints):
                return True
    return False


class Annotator:
    """Annotates text with one tokenizer and (optionally) one dictionary.

    Each distinct word is looked up once; its entries then travel with every
    token of it. Use one Annotator per thread.
    """

    def __init__(self, dictionary: Lexicon | None = None, more_headwords: HeadwordSource | None = None) -> None:
        """``more_headwords``: imported dictionaries, whose headwords become words too."""
        self.dictionary = dictionary
        self.tokenizer = Tokenizer(self.entries_for if dictionary is not None else None)
        # Inflected forms (向け, 向かっ, 向ける) share one lookup of their dictionary form.
        self._by_form: dict[tuple[str, str, str, str], tuple[Entry, ...]] = {}
        self._names = NameReader(dictionary, self._entries) if dictionary is not None else None
        self.words = WordFinder(dictionary, more_headwords)
        kanji_reading = dictionary.kanji_reading if dictionary is not None else None
        self._readings = ContextReadings(self._respell, kanji_reading)
        self._senses = SenseRanker()

    def entries_for(self, word: Lexeme) -> tuple[Entry, ...]:
        """Dictionary entries for a word, best first, the ones fitting its part of speech first."""
        if self._names is None or not wants_gloss(word):
            return ()
        entries = self._entries(word)
        self._names.note(word, entries)  # the tokenizer asks once for each new word
        return entries

    def _entries(self, word: Lexeme) -> tuple[Entry, ...]:
        pos1 = word.pos.split("-", 1)[0]
        # Names rank by their kind: 林 the surname before 林 the wood.
        key = (word.pos if PROPER in word.pos else pos1, word.base, word.base_reading, word.lemma)
        entries = self._by_form.get(key)
        if entries is None:
            entries = self._lookup(word, pos1)
            if entries or word.surface == word.base:  # else the surface may still match
                self._by_form[key] = entries
        return entries

    def _lookup(self, word: Lexeme, pos1: str) -> tuple[Entry, ...]:
        assert self.dictionary is not None
        base, reading, surface = word.base, word.base_reading, word.surface
        lemma = strip_english(word.lemma)
        entries: tuple[Entry, ...] = ()
        if lemma != base and is_all_kana(base) and has_kanji(lemma):
            # Kana-written words: UniDic's lemma tells いる (居る, to be) from いる (要る, to
            # need), where the lemma's entry is read so; an entry spelt exactly as written
            # comes first otherwise (めっちゃ "very", not 滅茶 めちゃ "absurd").
            entries = self.dictionary.lookup(lemma, reading, surface)
            if entries and to_hiragana(entries[0].reading) != to_hiragana(base):
                entries = self.dictionary.lookup_form(base)[:5] or entries
        if not entries:
            entries = self.dictionary.lookup(base, reading, surface)
        hints = _POS_HINTS.get(pos1)
        if hints and len(entries) > 1:
            verb = pos1 == "動詞"
            fitting = [e for e in entries if _fits(e, hints, verb)]
            entries = tuple(fitting + [e for e in entries if e not in fitting])
        if hints and entries:  # and in each entry, the senses of this part of speech first
            entries = prefer(entries, hints)
        entries = rare_last(entries)
        if PROPER in word.pos or (is_katakana(base) and not (entries and entries[0].common)):
            return with_names(self.dictionary, word, entries)
        return entries

    def annotate_sentence(self, sentence: Sentence) -> AnnotatedSentence:
        tokens = self.tokenizer.tokenize_sentence(sentence)
        if self._names is not None:
            tokens = self._names.reread(sentence.text, tokens)
            tokens = self._readings.apply(tokens)
        words = self.words.words(tokens)
        if self._names is not None:
            words = self._senses.apply(words)
        return AnnotatedSentence(sentence, tuple(tokens), words)

    def _respell(self, word: Lexeme, change: Change) -> Lexeme:
        """A word read otherwise in context (readings.py), looked up by its new reading."""
        reading = change.reading
        base, base_reading = word.base, word.base_reading
        if change.base:  # 執 read と as a form of 執る
            base, base_reading = change.base, reading + change.base[len(word.surface):]
        elif word.base == word.surface:
            base_reading = reading
        variant = dataclasses.replace(
            word, reading=reading, base=base, base_reading=base_reading,
            ruby=ruby_for(word.surface, reading), entries=(), guessed=change.guess,
        )
        entries = self.entries_for(variant)
        if change.prefer or change.gloss:
            entries = prefer(entries, change.prefer, change.gloss)
        return dataclasses.replace(variant, entries=entries)

    def new_text(self) -> None:
        """A new text starts: what the last one taught (トランプ is a name) is forgotten."""
        self.words.new_text()

    def iter_annotate(self, text: str) -> Iterator[AnnotatedSentence]:
        """Annotated sentences one by one, so long texts stream."""
        self.new_text()
        for sentence in iter_sentences(text):
            yield self.annotate_sentence(sentence)

    def annotate_sentences(self, sentences: Iterable[Sentence]) -> Iterator[AnnotatedSentence]:
        for sentence in sentences:
            yield self.annotate_sentence(sentence)

    def annotate(self, text: str) -> AnnotatedArticle:
        return AnnotatedArticle(text, tuple(self.iter_annotate(text)))
