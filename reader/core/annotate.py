"""The reading pipeline: text -> sentences -> tokens with furigana and glosses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .models import AnnotatedArticle, AnnotatedSentence, AnnotatedToken, Entry, Sentence, Token
from .text import iter_sentences
from .tokenize import NUMBER_POS, Tokenizer

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


def wants_gloss(token: Token) -> bool:
    return token.pos1 not in _NO_GLOSS and token.pos != NUMBER_POS and bool(token.surface.strip())


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

    def _lookup(self, pos1: str, base: str, reading: str, surface: str) -> tuple[Entry, ...]:
        assert self.dictionary is not None
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
        return self._entries(token.pos1, token.base, token.base_reading, token.surface)

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
