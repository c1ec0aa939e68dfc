"""The reading pipeline: text -> sentences -> tokens with furigana and glosses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .kana import has_kanji, is_all_kana, is_kana, is_kanji
from .models import AnnotatedArticle, AnnotatedSentence, Entry, Lexeme, Sense, Sentence
from .text import iter_sentences
from .tokenize import NUMBER_POS, Tokenizer, english_of, strip_english

if TYPE_CHECKING:
    from .dictionary import Dictionary

#: Parts of speech that get no gloss: punctuation, space, particles, auxiliaries.
_NO_GLOSS = frozenset({"補助記号", "記号", "空白", "助詞", "助動詞"})

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

#: The part of speech shown for a name that only UniDic knows.
NAME_POS = "proper noun (UniDic)"


def wants_gloss(word: Lexeme) -> bool:
    """Content words written in Japanese; English words and URLs in the text are left be."""
    return (
        word.pos.split("-", 1)[0] not in _NO_GLOSS
        and word.pos != NUMBER_POS
        and any(is_kana(c) or is_kanji(c) for c in word.surface)
    )


def _fits(entry: Entry, hints: tuple[str, ...], verb: bool) -> bool:
    for sense in entry.senses:
        for pos in sense.pos:
            if verb and pos.startswith("noun or participle"):
                continue
            if any(h in pos for h in hints):
                return True
    return False


def _name_entry(word: Lexeme) -> tuple[Entry, ...]:
    """A name JMdict lacks, labelled with the English UniDic gives it: アンカレジ-Anchorage."""
    english = english_of(word.lemma)
    if "固有名詞" not in word.pos or not english:
        return ()
    return (Entry(0, word.base, word.base_reading, (Sense((NAME_POS,), (english,)),)),)


class Annotator:
    """Annotates text with one tokenizer and (optionally) one dictionary.

    Each distinct word is looked up once; its entries then travel with every
    token of it. Use one Annotator per thread.
    """

    def __init__(self, dictionary: Dictionary | None = None) -> None:
        self.dictionary = dictionary
        self.tokenizer = Tokenizer(self.entries_for if dictionary is not None else None)
        # Inflected forms (向け, 向かっ, 向ける) share one lookup of their dictionary form.
        self._by_form: dict[tuple[str, str, str, str], tuple[Entry, ...]] = {}

    def entries_for(self, word: Lexeme) -> tuple[Entry, ...]:
        """Dictionary entries for a word, best first, the ones fitting its part of speech first."""
        if self.dictionary is None or not wants_gloss(word):
            return ()
        pos1 = word.pos.split("-", 1)[0]
        key = (pos1, word.base, word.base_reading, word.lemma)
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
            # Kana-written words: UniDic's lemma tells いる (居る, to be) from いる (要る, to need).
            entries = self.dictionary.lookup(lemma, reading, surface)
        if not entries:
            entries = self.dictionary.lookup(base, reading, surface)
        if not entries:
            return _name_entry(word)
        hints = _POS_HINTS.get(pos1)
        if not hints or len(entries) < 2:
            return entries
        verb = pos1 == "動詞"
        fitting = [e for e in entries if _fits(e, hints, verb)]
        return tuple(fitting + [e for e in entries if e not in fitting])

    def annotate_sentence(self, sentence: Sentence) -> AnnotatedSentence:
        return AnnotatedSentence(sentence, tuple(self.tokenizer.tokenize_sentence(sentence)))

    def iter_annotate(self, text: str) -> Iterator[AnnotatedSentence]:
        """Annotated sentences one by one, so long texts stream."""
        for sentence in iter_sentences(text):
            yield self.annotate_sentence(sentence)

    def annotate_sentences(self, sentences: Iterable[Sentence]) -> Iterator[AnnotatedSentence]:
        for sentence in sentences:
            yield self.annotate_sentence(sentence)

    def annotate(self, text: str) -> AnnotatedArticle:
        return AnnotatedArticle(text, tuple(self.iter_annotate(text)))
