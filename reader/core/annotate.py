"""The reading pipeline: text -> sentences -> tokens with furigana and glosses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .kana import has_kanji, is_all_kana, is_kana, is_kanji
from .models import (
    AnnotatedArticle,
    AnnotatedSentence,
    AnnotatedToken,
    Entry,
    Sense,
    Sentence,
    Token,
)
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


def wants_gloss(token: Token) -> bool:
    """Content words written in Japanese; English words and URLs in the text are left be."""
    return (
        token.pos1 not in _NO_GLOSS
        and token.pos != NUMBER_POS
        and any(is_kana(c) or is_kanji(c) for c in token.surface)
    )


def _name_entry(token: Token) -> tuple[Entry, ...]:
    """A name JMdict lacks, labelled with the English UniDic gives it: アンカレジ-Anchorage."""
    english = english_of(token.lemma)
    if "固有名詞" not in token.pos or not english:
        return ()
    return (Entry(0, token.base, token.base_reading, (Sense((NAME_POS,), (english,)),)),)


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

    Use one Annotator per thread: the tokenizer serialises its calls.
    """

    def __init__(self, dictionary: Dictionary | None = None, tokenizer: Tokenizer | None = None):
        self.dictionary = dictionary
        self.tokenizer = tokenizer or Tokenizer()
        self._entries = lru_cache(maxsize=65536)(self._lookup)

    def _lookup(self, pos1: str, base: str, reading: str, surface: str, lemma: str) -> tuple[Entry, ...]:
        assert self.dictionary is not None
        entries: tuple[Entry, ...] = ()
        if lemma != base and is_all_kana(base) and has_kanji(lemma):
            # Kana-written words: UniDic's lemma tells いる (居る, to be) from いる (要る, to need).
            entries = self.dictionary.lookup(lemma, reading, surface)
        if not entries:
            entries = self.dictionary.lookup(base, reading, surface)
        hints = _POS_HINTS.get(pos1)
        if not hints or len(entries) < 2:
            return entries
        verb = pos1 == "動詞"
        fitting = [e for e in entries if _fits(e, hints, verb)]
        return tuple(fitting + [e for e in entries if e not in fitting])

    def entries_for(self, token: Token) -> tuple[Entry, ...]:
        if self.dictionary is None or not wants_gloss(token):
            return ()
        lemma = strip_english(token.lemma)
        entries = self._entries(token.pos1, token.base, token.base_reading, token.surface, lemma)
        return entries or _name_entry(token)

    def annotate_sentence(self, sentence: Sentence) -> AnnotatedSentence:
        tokens = self.tokenizer.tokenize_sentence(sentence)
        return AnnotatedSentence(
            sentence, tuple(AnnotatedToken(t, self.entries_for(t)) for t in tokens)
        )

    def iter_annotate(self, text: str) -> Iterator[AnnotatedSentence]:
        """Annotated sentences one by one, so long texts stream."""
        for sentence in iter_sentences(text):
            yield self.annotate_sentence(sentence)

    def annotate_sentences(self, sentences: Iterable[Sentence]) -> Iterator[AnnotatedSentence]:
        for sentence in sentences:
            yield self.annotate_sentence(sentence)

    def annotate(self, text: str) -> AnnotatedArticle:
        return AnnotatedArticle(text, tuple(self.iter_annotate(text)))
