"""MeCab (fugashi + unidic-lite) tokens, copied into our dataclasses at once.

fugashi invalidates its nodes on the next parse, so every field we need is read
out here. Each distinct word becomes one shared :class:`Lexeme` (its reading,
forms, ruby and dictionary entries), cached by MeCab's feature string, so a
token costs little more than MeCab itself.

UniDic gives digit strings no reading, and reads counters without the sound
changes numbers cause (一本 is いっぽん), so numbers and their counters are read
by :mod:`reader.core.numbers` instead.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import threading
from collections.abc import Callable
from functools import lru_cache

from reader.core.errors import ReaderError
from reader.core.text import numbers, runs
from reader.core.text.furigana import ruby_for
from reader.core.text.kana import has_kanji, is_all_kana, to_hiragana
from reader.core.text.model import Entry, Lexeme, RubySegment, Sentence, Token
from reader.core.text.sentences import clean

NUMBER_POS = "名詞-数詞"
SPACE_POS = "空白"
COUNTER_POS = "接尾辞-名詞的-助数詞"
_SEPARATORS = frozenset(",，.．")
_KANJI_NUMERALS = frozenset("〇零一二三四五六七八九十百千万億兆")
_SPACE = re.compile(r"\s")
_URL = re.compile(r"https?://[^\s<>\"「」『』（）【】、。]+")
_NUMERALS = re.compile("[0-9０-９〇零一二三四五六七八九十百千万億兆]")
_CACHE_LIMIT = 200_000

# Numbers repeat (dates, counts): read each distinct one once.
_is_number = lru_cache(maxsize=8192)(numbers.is_number)
_read_number = lru_cache(maxsize=8192)(numbers.read_number)
_read_counted = lru_cache(maxsize=8192)(numbers.read_counted)

#: Looks up a word's dictionary entries: (lexeme without entries) -> entries.
Glosser = Callable[[Lexeme], tuple[Entry, ...]]

_Raw = Token
_make = Token.make
_new_tuple = tuple.__new__  # Token.make inlined in the hot loop


def strip_english(lemma: str) -> str:
    """UniDic lemmas of loanwords and names carry a gloss: アンカレジ-Anchorage, プーチン-外国."""
    head, sep, _ = lemma.partition("-")
    return head if sep and head else lemma


def english_of(lemma: str) -> str:
    """The English (or romanised) part of a lemma such as アンカレジ-Anchorage, or ""."""
    _, sep, tail = lemma.partition("-")
    return tail if sep and tail.isascii() and tail[:1].isalpha() else ""


def _field(fields: list[str], i: int) -> str:
    value = fields[i] if i < len(fields) else ""
    return "" if value == "*" else value


#: unidic-lite reads 日本 ニッポン everywhere; にほん is the everyday reading (日本語 is
#: にほんご, 世界と日本 にほん). Names that are officially にっぽん are read so by context.
_READINGS = {("日本", "ニッポン"): "ニホン"}
NIPPON = "日本"
#: What follows 日本 in names read にっぽん: 日本銀行, 日本維新の会, 日本放送協会, 日本郵便.
_NIPPON_NEXT = ("銀行", "維新", "放送協会", "郵便", "武道館")


def parse_feature(surface: str, feature: str) -> Lexeme:
    """A Lexeme from MeCab's feature CSV for unidic-lite.

    UniDic's fields by index: 0-3 pos levels, 4 cType, 5 cForm, 6 lForm, 7 lemma,
    8 orth, 9 pron, 10 orthBase, ..., 17 kana, 18 kanaBase. Unknown words have
    only the first six, and no reading.
    """
    fields = next(csv.reader([feature])) if '"' in feature else feature.split(",")
    pos = "-".join(f for f in fields[:4] if f and f != "*")
    kana = _field(fields, 17)
    if not kana:
        reading = to_hiragana(surface) if is_all_kana(surface) else ""
        return Lexeme(surface, reading, surface, reading, pos, ruby=ruby_for(surface, reading))
    lemma = _field(fields, 7)
    kana = _READINGS.get((surface, kana), kana)
    reading = to_hiragana(kana)
    return Lexeme(
        surface,
        reading,
        _field(fields, 10) or strip_english(lemma) or surface,
        to_hiragana(_READINGS.get((surface, _field(fields, 18)), _field(fields, 18)) or kana),
        pos,
        _field(fields, 4),
        _field(fields, 5),
        lemma,
        ruby_for(surface, reading),
    )


def _space(text: str) -> Lexeme:
    return Lexeme(text, "", text, "", SPACE_POS, ruby=(RubySegment(text, ""),))


@lru_cache(maxsize=8192)
def _number(number: str, reading: str) -> Lexeme:
    return Lexeme(number, reading, number, reading, NUMBER_POS, ruby=(RubySegment(number, reading),))


def _counter(counter: str, reading: str, like: Lexeme | None) -> Lexeme:
    """A counter read by us. Symbols such as % get their reading as ruby too."""
    if has_kanji(counter) or is_all_kana(counter):
        ruby = ruby_for(counter, reading)
    else:
        ruby = (RubySegment(counter, reading),)
    base = like.base if like is not None and like.surface == counter else counter
    pos = like.pos if like is not None and like.pos else COUNTER_POS
    lemma = like.lemma if like is not None else ""
    return Lexeme(counter, reading, base, reading, pos, lemma=lemma, ruby=ruby)


class Tokenizer:
    """A fugashi tagger, used from one thread at a time (calls are serialised).

    ``glosser``, when given, is asked once per distinct word for its dictionary
    entries, which then travel with every token of that word.
    """

    def __init__(self, glosser: Glosser | None = None) -> None:
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
        self._glosser = glosser
        self._lexemes: dict[str, Lexeme] = {}
        self._counters: dict[tuple[str, str, str, str], Lexeme] = {}
        self._nippons: dict[str, Lexeme] = {}  # 日本 read にっぽん, by part of speech

    def _finish_lexeme(self, lexeme: Lexeme) -> Lexeme:
        if self._glosser is None:
            return lexeme
        entries = self._glosser(lexeme)
        return dataclasses.replace(lexeme, entries=entries) if entries else lexeme

    def _lexeme(self, surface: str, feature: str) -> Lexeme:
        """The shared Lexeme of a word, by feature string and, for unknown words
        (whose features are generic), by surface too."""
        lex = self._lexemes.get(feature)
        if lex is not None and lex.surface == surface:
            return lex
        key = surface + "\0" + feature
        lex = self._lexemes.get(key)
        if lex is None:
            lex = self._lexemes[key] = self._finish_lexeme(parse_feature(surface, feature))
            self._lexemes.setdefault(feature, lex)
        return lex

    def _counted_lexeme(self, whole: str, reading: str, counter: str) -> Lexeme:
        """A number read as one word with its counter (8日 ようか), glossed as the counter."""
        key = (whole, reading, "\0counted", counter)
        lex = self._counters.get(key)
        if lex is None:
            lex = _number(whole, reading)
            if self._glosser is not None:
                entries = self._glosser(_counter(counter, "", None))
                lex = dataclasses.replace(lex, entries=entries) if entries else lex
            self._counters[key] = lex
        return lex

    def _counter_lexeme(self, counter: str, reading: str, like: Lexeme | None) -> Lexeme:
        key = (counter, reading, like.pos if like else "", like.lemma if like else "")
        lex = self._counters.get(key)
        if lex is None:
            lex = self._counters[key] = self._finish_lexeme(_counter(counter, reading, like))
        return lex

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens tiling ``text`` exactly; offsets are shifted by ``offset``.

        Whitespace that MeCab skips becomes tokens of part of speech "空白", so
        the surfaces always concatenate back to ``text``.
        """
        if not text:
            return []
        cleaned = clean(text)
        with self._lock:
            pieces = runs.spans(cleaned)
            if len(pieces) == 1:
                tokens = self._raw_tokens(cleaned, offset)
            else:  # pathological text: cut where MeCab neither crawls nor crashes
                tokens = []
                for start, end in pieces:
                    tokens += self._raw_tokens(cleaned[start:end], offset + start)
            if _NUMERALS.search(cleaned):
                tokens = self._merge_numbers(tokens)
                if "://" in cleaned:
                    tokens = _unread_in_urls(tokens, cleaned, offset)
            if NIPPON in cleaned:
                self._read_nippon(tokens)
        if cleaned != text:
            return [self._restore(text, t, offset) for t in tokens]
        return tokens

    def _read_nippon(self, tokens: list[Token]) -> None:
        """日本 before 銀行, 維新 (の会) and the like is にっぽん, as those names are read."""
        for k in range(len(tokens) - 1):
            token = tokens[k]
            if token.surface == NIPPON and token.reading == "にほん":
                following = "".join(t.surface for t in tokens[k + 1 : k + 3])
                if following.startswith(_NIPPON_NEXT):
                    tokens[k] = Token(token.surface, token.start, self._nippon(token.lexeme))

    def _nippon(self, like: Lexeme) -> Lexeme:
        lex = self._nippons.get(like.pos)
        if lex is None:
            reading = "にっぽん"
            plain = dataclasses.replace(
                like, reading=reading, base_reading=reading, ruby=ruby_for(NIPPON, reading), entries=()
            )
            lex = self._nippons[like.pos] = self._finish_lexeme(plain)
        return lex

    def tokenize_sentence(self, sentence: Sentence) -> list[Token]:
        return self.tokenize(sentence.text, sentence.start)

    @staticmethod
    def _restore(text: str, token: Token, offset: int) -> Token:
        """Keep the user's characters where clean() replaced odd ones (surrogates, controls)."""
        original = text[token.start - offset : token.end - offset]
        if original == token.surface:
            return token
        lex = token.lexeme
        plain = Lexeme(original, "", original, "", lex.pos, ruby=(RubySegment(original, ""),))
        return Token(original, token.start, plain)

    def _raw_tokens(self, text: str, offset: int, spaced: bool | None = None) -> list[Token]:
        """MeCab's tokens, with tokens of their own for the whitespace it skips."""
        tokens: list[Token] = []
        append, find, make, new = tokens.append, text.find, _make, _new_tuple
        if len(self._lexemes) > _CACHE_LIMIT:
            self._lexemes.clear()
        get = self._lexemes.get
        if spaced is None:
            # MeCab skips only whitespace: without any, tokens follow each other exactly.
            spaced = _SPACE.search(text) is not None
        pos = offset
        for node in self._tagger(text):
            surface = node.surface
            if spaced:
                start = find(surface, pos - offset) + offset
                if start != pos:
                    if start < offset or not surface:  # cannot happen after clean()
                        continue
                    gap = text[pos - offset : start - offset]
                    append(make(gap, pos, _space(gap)))
                    pos = start
            feature = node.feature_raw
            lex = get(feature)  # a known word's features name its spelling too
            if lex is None or lex.surface != surface:
                lex = self._lexeme(surface, feature)
            append(new(Token, (surface, pos, lex)))  # Token.make, inlined: the hot spot
            pos += len(surface)
        if pos - offset < len(text):
            if not spaced:  # MeCab skipped something \s does not cover: align by search
                return self._raw_tokens(text, offset, spaced=True)
            gap = text[pos - offset :]
            append(make(gap, pos, _space(gap)))
        return tokens

    def _merge_numbers(self, raws: list[_Raw]) -> list[_Raw]:
        """Join numeral pieces (7 万 1 千, 77 . 3) and read them with their counter."""
        numerals = [
            k for k, t in enumerate(raws) if t.lexeme.pos == NUMBER_POS or t.surface[0] in _KANJI_NUMERALS
        ]
        if any("固有名詞" in raws[k].lexeme.pos for k in numerals):
            raws = _split_misread_numbers(raws)
            numerals = [k for k, t in enumerate(raws) if t.lexeme.pos == NUMBER_POS]
        numerals = [k for k in numerals if raws[k].lexeme.pos == NUMBER_POS]
        if not numerals:
            return raws
        out: list[_Raw] = []
        i = 0
        previous_counter = ""
        for k in numerals:
            if k < i:  # already read as part of an earlier number
                continue
            if any(t.lexeme.pos != SPACE_POS for t in raws[i:k]):
                previous_counter = ""
            out.extend(raws[i:k])
            i = k
            start = raws[i].start
            j, number = _number_end(raws, i)
            if not _is_number(number):
                out.extend(raws[i:j])
                i, previous_counter = j, ""
                continue
            if _model_number(raws, i):  # F-16機: a name, read digit by digit, not counted
                out.append(_make(number, start, _number(number, _read_number(number) or "")))
                i, previous_counter = j, ""
                continue
            dotted = _dotted_date(number, raws[j] if j < len(raws) else None)
            if dotted:  # 10.28東京集会: October 28th, not ten point two eight
                out.append(_make(number, start, _number(number, dotted)))
                i, previous_counter = j, ""
                continue
            j, counter_raws = _counter_after(raws, j)
            words = [c for c in counter_raws if c.lexeme.pos != SPACE_POS]
            counter = "".join(c.surface for c in words)
            segments = None
            if counter:
                date = counter == "日" and previous_counter == "月"
                segments = _read_counted(number, counter, date=date)
            if segments and len(segments) == 1:  # read as one word: 二十日 はつか
                whole = number + "".join(c.surface for c in counter_raws)
                out.append(_make(whole, start, self._counted_lexeme(whole, segments[0][1], counter)))
            elif segments:
                out.append(_make(number, start, _number(number, segments[0][1])))
                out.extend(c for c in counter_raws if c.lexeme.pos == SPACE_POS)
                reading = "".join(seg[1] for seg in segments[1:])
                like = words[0].lexeme if len(words) == 1 else None
                out.append(_make(counter, words[0].start, self._counter_lexeme(counter, reading, like)))
            else:
                out.append(_make(number, start, _number(number, _read_number(number) or "")))
                out.extend(counter_raws)
            previous_counter = counter
            i = j
        out.extend(raws[i:])
        return out


_DOTTED_DATE = re.compile(r"(1[0-2]|0?[1-9])\.(3[01]|[12][0-9]|0[1-9])")
_MODEL_DASHES = frozenset("-‐－")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+")
#: What a dotted date stands before: a noun, written in kanji or katakana (10.28東京集会).
_DATE_BEFORE = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa]")


def _dotted_date(number: str, after: _Raw | None) -> str:
    """The reading of a month.day date (10.28 じゅうがつにじゅうはちにち) where ``number``
    is one and a noun follows it directly, not a counter; else ""."""
    found = _DOTTED_DATE.fullmatch(number)
    if not found or after is None or after.surface in numbers.COUNTERS:
        return ""
    if not after.lexeme.pos.startswith("名詞") or not _DATE_BEFORE.match(after.surface):
        return ""
    month, day = found.group(1).lstrip("0"), found.group(2).lstrip("0")
    month_reading = _read_counted(month, "月")
    day_reading = _read_counted(day, "日")
    if not month_reading or not day_reading:
        return ""
    return "".join(seg[1] for seg in month_reading) + "".join(seg[1] for seg in day_reading)


def _model_number(raws: list[_Raw], i: int) -> bool:
    """Whether the number at ``i`` ends a model name: Latin letters, a dash, digits (F-16)."""
    return i >= 2 and raws[i - 1].surface in _MODEL_DASHES and _LATIN.fullmatch(raws[i - 2].surface) is not None


def _unread_in_urls(tokens: list[Token], text: str, offset: int) -> list[Token]:
    """Numbers inside a web address are no numbers to read: their readings removed."""
    spans = [(m.start() + offset, m.end() + offset) for m in _URL.finditer(text)]
    out = []
    for token in tokens:
        if token.lexeme.pos == NUMBER_POS and any(a <= token.start < b for a, b in spans):
            token = _make(token.surface, token.start, _number(token.surface, ""))
        out.append(token)
    return out


def _number_end(raws: list[_Raw], i: int) -> tuple[int, str]:
    """The index after the numeral run starting at i, and its text: 7 万 1 千, 77 . 3."""
    j, number, n = i + 1, raws[i].surface, len(raws)
    while j < n:
        surface = raws[j].surface
        if raws[j].lexeme.pos == NUMBER_POS:
            number += surface
            j += 1
        elif (
            surface in _SEPARATORS
            and j + 1 < n
            and raws[j + 1].lexeme.pos == NUMBER_POS
            and _is_number(number + surface + raws[j + 1].surface)
        ):
            number += surface + raws[j + 1].surface
            j += 2
        else:
            break
    return j, number


def _split_misread_numbers(raws: list[_Raw]) -> list[_Raw]:
    """Undo MeCab reading a number and its counter as a name: 三本 (Mimoto), 千本."""
    out: list[_Raw] = []
    for raw in raws:
        surface, start = raw.surface, raw.start
        if "固有名詞" in raw.lexeme.pos and surface[0] in _KANJI_NUMERALS:
            k = 1
            while k < len(surface) and surface[k] in _KANJI_NUMERALS:
                k += 1
            head, rest = surface[:k], surface[k:]
            if rest in numbers.COUNTERS and _is_number(head):
                out.append(_make(head, start, _number(head, "")))
                out.append(_make(rest, start + k, _counter(rest, "", None)))
                continue
        out.append(raw)
    return out


def _counter_after(raws: list[_Raw], j: int) -> tuple[int, list[_Raw]]:
    """The counter following a number, skipping spaces: the longest known one of
    one or two tokens. Returns the index after it and its raw tokens (and spaces)."""
    k = j
    while k < len(raws) and raws[k].lexeme.pos == SPACE_POS and not raws[k].surface.strip(" \u3000"):
        k += 1
    if k >= len(raws):
        return j, []
    first = raws[k].surface
    if k + 1 < len(raws) and first + raws[k + 1].surface in numbers.COUNTERS:
        return k + 2, raws[j : k + 2]
    if first in numbers.COUNTERS:
        return k + 1, raws[j : k + 1]
    return j, []
