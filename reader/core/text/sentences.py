"""Text to sentences, with offsets into that very text.

Everything downstream (tokens, furigana, highlights) points back into the decoded
input by code-point offset, so nothing here may rewrite the text it splits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.text.model import Sentence

LINE_BREAKS: frozenset[str] = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Replace what later stages choke on, one code point for one, so offsets stay valid."""
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", text))


_OPENERS = "「『（(【〈《“‘"
_CLOSERS = "」』）)】〉》”’"
_PAIR = dict(zip(_CLOSERS, _OPENERS))
_URL_BODY = r"https?://[^\s<>\"「」『』（）【】〈〉《》、。，．！？]+"
_EVENT = re.compile(
    rf"(?P<url>{_URL_BODY})"
    r"|(?P<br>\r\n|[\n\r\u2028\u2029\x85\x0b\x0c])"
    r"|(?P<term>[。！？!?．][。！？!?．…‥]*)"
    r"|(?P<dot>\.+)"
    rf"|(?P<open>[{_OPENERS}])"
    rf"|(?P<close>[{_CLOSERS}])"
    r'|(?P<quote>")'
)
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_ALNUM = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_WORD_BEFORE = re.compile(r"[A-Za-z]+\Z")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st no vs etc jr sr inc ltd co fig vol pp".split())
_URL_START = re.compile(r"https?://")
_LIST = re.compile(
    r"[・*＊\-‐•●○■□◆◇▽※]"
    r"|注\s*[0-9０-９]+\s*[:：]"
    r"|[(（]\s*[0-9０-９]+\s*[)）]"
    r"|[\u2460-\u2473\u2776-\u277f\u3251-\u325f\u32b1-\u32bf]"
)
_ENDS_SENTENCE = re.compile(rf"[。！？!?．.…‥、，,][{_CLOSERS}\"]*\Z")
_WORD = re.compile(r"\w")
_HEADING_MAX = 40


def _is_blank(c: str) -> bool:
    return c.isspace() or c == "\ufeff"


def _trim_url(text: str, start: int, end: int) -> int:
    """Give back trailing punctuation and an unbalanced ")" that belong to the prose."""
    unbalanced = text.count(")", start, end) - text.count("(", start, end)
    while end > start and (text[end - 1] in ".,;:!?'" or (text[end - 1] == ")" and unbalanced > 0)):
        unbalanced -= text[end - 1] == ")"
        end -= 1
    return end


def _ends_at_dot(text: str, start: int, end: int, segment: int) -> bool:
    """An ASCII period ends a sentence only before a space or line end, after no abbreviation."""
    if end < len(text) and not text[end].isspace():
        return False
    word = _WORD_BEFORE.search(text, max(segment, start - 7), start)
    if word is None:
        return True
    if word.start() > segment and text[word.start() - 1].isalpha():
        return True  # a longer word than the window: not an abbreviation
    return len(word.group()) > 1 and word.group().lower() not in _ABBREVIATIONS


def _line_kind(text: str, spans: list[tuple[int, int]]) -> str:
    """Classify a whole line as "list", "heading" or "text"."""
    start, end = spans[0][0], spans[-1][1]
    if _URL_START.match(text, start, end):
        return "text"
    if _LIST.match(text, start, end):
        return "list"
    short = len(spans) == 1 and end - start <= _HEADING_MAX and text[start] not in "「“\""
    if short and not _ENDS_SENTENCE.search(text, start, end) and _WORD.search(text, start, end):
        return "heading"  # dialogue lines ("「おはよう」") are not headings
    return "text"


def _line_sentences(text: str, pieces: list[tuple[int, int]], paragraph: int) -> list[Sentence]:
    spans = []
    for start, end in pieces:
        while start < end and _is_blank(text[start]):
            start += 1
        while end > start and _is_blank(text[end - 1]):
            end -= 1
        if start < end:
            spans.append((start, end))
    if not spans:
        return []
    kind = _line_kind(text, spans)
    return [Sentence(text[a:b], a, b, kind, paragraph) for a, b in spans]


def iter_sentences(text: str) -> Iterator[Sentence]:
    """Yield sentences in order; ``text[s.start:s.end] == s.text`` for each.

    One pass of a regex over "interesting" characters keeps it linear: brackets
    are tracked on a stack (with per-opener counts so a stray closer costs O(1)),
    and the stack is dropped at every line break.
    """
    n, pos, paragraph = len(text), 0, 0
    pieces: list[tuple[int, int]] = []  # this line's sentences, before trimming spaces
    segment = 0  # start of the current sentence
    stack: list[str] = []
    open_count: dict[str, int] = {}
    japanese_from, has_japanese = 0, False
    while (match := _EVENT.search(text, pos)) is not None:
        event, start, pos = match.lastgroup, match.start(), match.end()
        split_at = -1
        if event == "url":
            pos = _trim_url(text, start, pos)
        elif event == "br":
            pieces.append((segment, start))
            sentences = _line_sentences(text, pieces, paragraph)
            yield from sentences
            paragraph += bool(sentences)
            pieces, segment, stack, open_count = [], pos, [], {}
            japanese_from, has_japanese = pos, False
        elif event == "open" or (event == "quote" and not open_count.get('"')):
            stack.append(text[start])
            open_count[text[start]] = open_count.get(text[start], 0) + 1
        elif event in ("close", "quote"):
            opener = _PAIR.get(text[start], '"')
            if open_count.get(opener):
                while True:  # pop down to the matching opener; each push pops once
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == opener:
                        break
        elif stack:
            pass  # terminators inside brackets or quotes never split
        elif event == "term":
            beside_alnum = _ALNUM.match(text, max(start - 1, 0)) or _ALNUM.match(text, pos)
            if not (beside_alnum and text[start:pos] == "．"):  # "１．５", "Ｎｏ．６１"
                split_at = pos
        elif event == "dot" and _ends_at_dot(text, start, pos, segment):
            if not has_japanese:  # scan each stretch once: long Japanese lines stay linear
                found = _JAPANESE.search(text, max(japanese_from, segment), start)
                has_japanese, japanese_from = found is not None, start
            if not has_japanese:
                split_at = pos
        if split_at >= 0:
            while split_at < n and text[split_at] in _CLOSERS:
                split_at += 1  # "…だ。」" keeps its closer
            pieces.append((segment, split_at))
            segment = pos = split_at
            japanese_from, has_japanese = split_at, False
    pieces.append((segment, n))
    yield from _line_sentences(text, pieces, paragraph)


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of ``text``; see :func:`iter_sentences`."""
    return list(iter_sentences(text))
