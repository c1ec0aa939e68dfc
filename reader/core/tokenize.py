"""MeCab (fugashi + unidic-lite) tokens, copied into our dataclasses at once.

fugashi invalidates its nodes on the next parse, so every field we need is read
out here. UniDic gives digit strings no reading, and reads counters without the
sound changes numbers cause (一本 is ippon), so numbers and their counters are
read by :mod:`reader.core.numbers` instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import numbers
from .errors import ReaderError
from .furigana import ruby_for
from .kana import has_kanji, is_all_kana, to_hiragana
from .models import RubySegment, Sentence, Token
from .text import clean

NUMBER_POS = "名詞-数詞"
SPACE_POS = "空白"
_SEPARATORS = frozenset(",，.．")
_WHITESPACE = frozenset(" \t\u3000\u00a0")
_KANJI_NUMERALS = frozenset("〇零一二三四五六七八九十百千万億兆")


@dataclass(slots=True)
class _Raw:
    """A token between fugashi and :class:`Token`: mutable while numbers are merged."""

    surface: str
    start: int
    lex: tuple[str, str, str, str, str, str, str]  # reading base base_reading pos ctype cform lemma
    unknown: bool
    ruby: tuple[RubySegment, ...] | None = None  # set where the reading is ours

    @property
    def end(self) -> int:
        return self.start + len(self.surface)

    @property
    def pos(self) -> str:
        return self.lex[3]


def strip_english(lemma: str) -> str:
    """UniDic lemmas of loanwords and names carry a gloss: アンカレジ-Anchorage, プーチン-外国."""
    head, sep, _ = lemma.partition("-")
    return head if sep and head else lemma


def english_of(lemma: str) -> str:
    """The English (or romanised) part of a lemma such as アンカレジ-Anchorage, or ""."""
    _, sep, tail = lemma.partition("-")
    return tail if sep and tail.isascii() and tail[:1].isalpha() else ""


def _feature_text(value: Any) -> str:
    return "" if value is None or value == "*" else str(value)


@lru_cache(maxsize=131072)
def _lexical(surface: str, feature: tuple[Any, ...]) -> tuple[str, str, str, str, str, str, str]:
    """(reading, base, base_reading, pos, ctype, cform, lemma) for one fugashi feature tuple.

    UniDic's fields by index: 0-3 pos levels, 4 cType, 5 cForm, 6 lForm, 7 lemma,
    8 orth, 9 pron, 10 orthBase, 11 pronBase, 12 goshu, ..., 17 kana, 18 kanaBase.
    """
    pos = "-".join(_feature_text(p) for p in feature[:4] if _feature_text(p))
    kana = _feature_text(feature[17]) if len(feature) > 18 else ""
    if not kana:
        reading = to_hiragana(surface) if is_all_kana(surface) else ""
        return reading, surface, reading, pos, "", "", ""
    lemma = _feature_text(feature[7])
    base = _feature_text(feature[10]) or strip_english(lemma) or surface
    base_reading = to_hiragana(_feature_text(feature[18]) or kana)
    return (
        to_hiragana(kana),
        base,
        base_reading,
        pos,
        _feature_text(feature[4]),
        _feature_text(feature[5]),
        lemma,
    )


class Tokenizer:
    """A fugashi tagger used from one thread at a time."""

    def __init__(self) -> None:
        try:
            import fugashi
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ReaderError(
                "the Japanese tokenizer (fugashi) is not installed",
                "reinstall reader: pip install -e .",
            ) from exc
        try:
            self._tagger = fugashi.Tagger()
        except RuntimeError as exc:  # pragma: no cover - a broken install
            raise ReaderError(
                "the tokenizer's dictionary (unidic-lite) could not be loaded",
                "pip install unidic-lite",
            ) from exc
        self._lock = threading.Lock()

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens tiling ``text`` exactly; offsets are shifted by ``offset``.

        Whitespace that MeCab skips becomes tokens of part of speech "空白", so
        the surfaces always concatenate back to ``text``.
        """
        if not text:
            return []
        with self._lock:
            raws = self._raw_tokens(clean(text))
        merged = _merge_numbers(raws)
        return [_finish(r, text, offset) for r in merged]

    def tokenize_sentence(self, sentence: Sentence) -> list[Token]:
        return self.tokenize(sentence.text, sentence.start)

    def _raw_tokens(self, text: str) -> list[_Raw]:
        raws: list[_Raw] = []
        pos = 0
        for node in self._tagger(text):
            surface = node.surface
            if not surface:
                continue
            start = text.find(surface, pos)
            if start < 0:  # MeCab changed the text; should not happen after clean()
                continue
            if start > pos:
                raws.append(_space(text[pos:start], pos))
            raws.append(_Raw(surface, start, _lexical(surface, tuple(node.feature)), node.is_unk))
            pos = start + len(surface)
        if pos < len(text):
            raws.append(_space(text[pos:], pos))
        return raws


def _space(text: str, start: int) -> _Raw:
    return _Raw(text, start, ("", text, "", SPACE_POS, "", "", ""), True)


def _is_numeral(r: _Raw) -> bool:
    return r.pos == NUMBER_POS or (r.surface.isdigit() and r.unknown)


def _split_misread_numbers(raws: list[_Raw]) -> list[_Raw]:
    """Undo MeCab reading a number and its counter as a name: 三本 (Mimoto), 千本."""
    out: list[_Raw] = []
    for r in raws:
        head = r.surface
        if "固有名詞" in r.pos and head[0] in _KANJI_NUMERALS:
            k = 1
            while k < len(head) and head[k] in _KANJI_NUMERALS:
                k += 1
            if head[k:] in numbers.COUNTERS and numbers.is_number(head[:k]):
                out.append(_number_raw(head[:k], r.start, ""))
                out.append(_counter_piece(head[k:], r.start + k))
                continue
        out.append(r)
    return out


def _merge_numbers(raws: list[_Raw]) -> list[_Raw]:
    """Join numeral pieces (7 万 1 千, 77 . 3) and read them with their counter."""
    raws = _split_misread_numbers(raws)
    out: list[_Raw] = []
    i, n = 0, len(raws)
    previous_counter = ""
    while i < n:
        r = raws[i]
        if not _is_numeral(r):
            out.append(r)
            i += 1
            if r.pos != SPACE_POS:
                previous_counter = ""
            continue
        j, number = i + 1, r.surface
        while j < n:
            nxt = raws[j]
            if _is_numeral(nxt):
                number += nxt.surface
                j += 1
            elif (
                nxt.surface in _SEPARATORS
                and j + 1 < n
                and _is_numeral(raws[j + 1])
                and numbers.is_number(number + nxt.surface + raws[j + 1].surface)
            ):
                number += nxt.surface + raws[j + 1].surface
                j += 2
            else:
                break
        if not numbers.is_number(number):
            out.extend(raws[i:j])
            i = j
            previous_counter = ""
            continue
        j, counter_raws = _counter_after(raws, j)
        start = r.start
        if counter_raws:
            words = [c for c in counter_raws if c.pos != SPACE_POS]
            counter = "".join(c.surface for c in words)
            date = counter == "日" and previous_counter in ("月", "月の")
            segments = numbers.read_counted(number, counter, date=date)
            if segments and len(segments) == 1:  # read as one word: 二十日 はつか
                text = number + "".join(c.surface for c in counter_raws)
                out.append(_number_raw(text, start, segments[0][1]))
            elif segments and len(segments) >= 2:
                num_reading = segments[0][1]
                rest_reading = "".join(seg[1] for seg in segments[1:])
                out.append(_number_raw(number, start, num_reading))
                out.extend(c for c in counter_raws if c.pos == SPACE_POS)
                out.append(_counter_raw(words, counter, rest_reading))
            else:
                out.append(_number_raw(number, start, numbers.read_number(number) or ""))
                out.extend(counter_raws)
            previous_counter = counter
        else:
            out.append(_number_raw(number, start, numbers.read_number(number) or ""))
            previous_counter = ""
        i = j
    return out


def _counter_after(raws: list[_Raw], j: int) -> tuple[int, list[_Raw]]:
    """The counter following a number, skipping spaces: the longest known one of
    one or two tokens. Returns the index after it and its raw tokens (and spaces)."""
    k = j
    while k < len(raws) and raws[k].pos == SPACE_POS and raws[k].surface.strip(" \u3000") == "":
        k += 1
    if k >= len(raws):
        return j, []
    first = raws[k]
    if k + 1 < len(raws) and first.surface + raws[k + 1].surface in numbers.COUNTERS:
        return k + 2, raws[j : k + 2]
    if first.surface in numbers.COUNTERS:
        return k + 1, raws[j : k + 1]
    return j, []


def _counter_piece(surface: str, start: int) -> _Raw:
    return _Raw(surface, start, ("", surface, "", "接尾辞-名詞的-助数詞", "", "", ""), False)


def _number_raw(number: str, start: int, reading: str) -> _Raw:
    lex = (reading, number, reading, NUMBER_POS, "", "", "")
    return _Raw(number, start, lex, False, (RubySegment(number, reading),))


def _counter_raw(words: list[_Raw], counter: str, reading: str) -> _Raw:
    """A counter read by us. Symbols such as % get their reading as ruby too."""
    first = words[0]
    base = first.lex[1] if len(words) == 1 else counter
    pos = first.pos or "接尾辞-名詞的-助数詞"
    lex = (reading, base, reading, pos, "", "", first.lex[6])
    ruby = None if has_kanji(counter) or is_all_kana(counter) else (RubySegment(counter, reading),)
    return _Raw(counter, first.start, lex, False, ruby)


def _finish(r: _Raw, original: str, offset: int) -> Token:
    """Make the public Token; the surface comes from the original (uncleaned) text."""
    surface = original[r.start : r.end]
    reading, base, base_reading, pos, ctype, cform, lemma = r.lex
    ruby = r.ruby if r.ruby is not None else ruby_for(surface, reading)
    if surface != r.surface:  # cleaned characters: keep the user's text verbatim
        base = base if base != r.surface else surface
        ruby = (RubySegment(surface, ""),)
    return Token(
        surface=surface,
        start=offset + r.start,
        end=offset + r.end,
        reading=reading,
        base=base,
        base_reading=base_reading,
        pos=pos,
        conj_type=ctype,
        conj_form=cform,
        ruby=ruby,
        lemma=lemma,
    )
