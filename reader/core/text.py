"""Bytes to text, and text to sentences with offsets into that very text.

Everything downstream (tokens, furigana, highlights) points back into the decoded
input by code-point offset, so nothing here may rewrite the text it splits.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterator

from reader.core.errors import InputError
from reader.core.models import Sentence

MAX_INPUT_BYTES: int = 16 * 1024 * 1024
LINE_BREAKS: frozenset[str] = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")

_MB = 1024 * 1024
_SAMPLE = 65536  # characters looked at when judging a decoding; enough to be sure, cheap at 16 MB
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Order breaks ties: CP932 (Windows) is by far the commonest legacy file.
_LEGACY = ("cp932", "euc_jp", "euc_jis_2004")
# What JIS X 0208 and CP932 hold beyond ASCII: kana, kanji, and their symbols ("’", "①", "×").
_JAPANESE_WIDE = re.compile(
    r"[\u00a7\u00a8\u00b0\u00b1\u00b4\u00b6\u00d7\u00f7\u0391-\u03c9\u0401-\u0451\u2010-\u203b"
    r"\u2100-\u22ff\u2460-\u24ff\u2500-\u26ff\u3000-\u30ff\u3200-\u33ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\uffe0-\uffe5]"
)
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
# Controls that text files do not hold; \x1a (SUB) ends many old DOS and Shift_JIS files.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x84\x86-\x9f]")
_ODD_CATEGORIES = frozenset({"Co", "Cn", "Cs"})  # controls are judged later, as binary


def _too_large(name: str, size: int | None) -> InputError:
    what = f"is {size / _MB:.1f} MB" if size is not None else "is too large"
    advice = "split it into smaller files and open them one at a time"
    return InputError(f"{name} {what}; the limit is {MAX_INPUT_BYTES // _MB} MB", advice)


def _binary(name: str) -> InputError:
    advice = "open a plain-text file (.txt) saved as UTF-8, Shift_JIS or EUC-JP"
    return InputError(f"{name} looks like a binary file, not text", advice)


def _undecodable(name: str, why: str = "its encoding is not one reader knows") -> InputError:
    return InputError(f"{name} cannot be decoded: {why}", "save it as UTF-8 and try again")


def _odd_count(text: str) -> int:
    """Private-use, unassigned and surrogate code points: what a wrong guess produces."""
    return sum(1 for c in text if unicodedata.category(c) in _ODD_CATEGORIES)


def _japanese_score(text: str) -> int:
    """Higher for real Japanese; mis-decoded bytes turn into half-width kana and private use."""
    sample = text[:_SAMPLE]
    wide = len(_JAPANESE_WIDE.findall(sample))
    return wide - 2 * len(_HALFWIDTH_KANA.findall(sample)) - 10 * _odd_count(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII leaves NULs on one side of each byte pair."""
    if len(data) % 2:
        return None
    nul_even, nul_odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if nul_odd >= nul_even else ("utf-16-be", "utf-16-le")
    for encoding in order:
        text = _strict(data, encoding)
        if text is not None and _odd_count(text[:_SAMPLE]) <= min(len(text), _SAMPLE) // 50:
            return text
    return None


def _legacy_japanese(data: bytes) -> str | None:
    """Shift_JIS/CP932 or EUC-JP: decode strictly with each, keep the most Japanese-looking."""
    decoded = ((i, _strict(data, encoding)) for i, encoding in enumerate(_LEGACY))
    scored = [(_japanese_score(text), -i, text) for i, text in decoded if text is not None]
    best = max(scored, default=None)
    return best[2] if best is not None and best[0] > 0 else None


def _guess(data: bytes, name: str) -> str:
    """Last resort: let charset_normalizer guess (other languages, odd code pages)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise _undecodable(name)
    try:
        return data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):
        raise _undecodable(name) from None


def _decode_bytes(data: bytes, name: str) -> str:
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return str(memoryview(data)[len(bom):], encoding)
            except UnicodeDecodeError:
                why = f"it starts with a {label} mark but is not valid {label}"
                raise _undecodable(name, why) from None
    if 0 in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise _binary(name)
        return text
    return _strict(data, "utf-8") or _legacy_japanese(data) or _guess(data, name)


def decode(data: bytes, *, name: str = "input") -> str:
    """Decode a user's file to text, refusing what is empty, huge, binary or unreadable."""
    if not data:
        raise InputError(f"{name} is empty", "choose a file that contains text")
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name, len(data))
    text = _decode_bytes(bytes(data), name)
    if not text:  # nothing but a byte order mark
        raise InputError(f"{name} is empty", "choose a file that contains text")
    if len(_BINARY_CONTROL.findall(text)) > len(text) // 20:
        raise _binary(name)
    return text


def _os_error(name: str, error: OSError) -> InputError:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return InputError(f"{name} does not exist", "check the file name and the folder")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{name} is a folder, not a file", "choose a text file inside it")
    if isinstance(error, PermissionError):
        return InputError(f"{name} cannot be read: permission denied", "check its permissions")
    reason = error.strerror or str(error)
    return InputError(f"{name} cannot be read: {reason}", "check the file and try again")


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read and decode a file; every failure becomes an InputError the user can act on."""
    name = str(os.fspath(path))
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(name)
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
            raise _too_large(name, info.st_size)
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)  # bounded: pipes and devices have no size
    except OSError as error:
        raise _os_error(name, error) from None
    except ValueError:  # embedded NUL or unencodable characters in the path
        raise InputError(f"{name!r} is not a valid file name", "check the file name") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name, None)
    return decode(data, name=name)


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
