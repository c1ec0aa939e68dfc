"""Bytes to text: the user's files decoded, or refused with a message that says why."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata

from reader.core.errors import InputError

MAX_INPUT_BYTES: int = 16 * 1024 * 1024

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
# Binary or text. Text copied out of a PDF or a terminal carries stray controls, a few
# in a line at most; binary carries them everywhere: structured data (tables of small
# numbers, headers) is mostly NULs and low bytes, and compressed data, whose bytes are
# random, is 0.4% NULs but is neither UTF-8 nor Japanese, and NULs in what does not
# read as text make it binary. So a text may hold up to 8 controls whatever its length
# (a short line with "\x01\x02" is text) and up to a tenth of its first 64K
# characters; NULs, which no editor writes, up to 1% of its bytes. A known format's
# signature is binary whatever follows it.
_FEW_CONTROLS = 8
_CONTROL_SHARE = 10  # at most one character in 10
_NUL_SHARE = 100  # at most one byte in 100
# What binary formats start with: refused whatever their bytes happen to decode to (an
# uncompressed PDF or a zip of stored text is mostly text). Only signatures that no text
# starts with.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (or a Word, EPUB or OpenDocument file)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Cleaning an accepted text: form feeds, vertical tabs and NEL are line breaks; other
# C0 and C1 controls (and DEL) are dropped. Tabs, line feeds and carriage returns stay:
# they are layout, which `reader annotate` keeps.
_LINE_CONTROLS = "\x0b\x0c\x85"
_DROPPED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _too_large(name: str, size: int | None) -> InputError:
    what = f"is {size / _MB:.1f} MB" if size is not None else "is too large"
    advice = "split it into smaller files and open them one at a time"
    return InputError(f"{name} {what}; the limit is {MAX_INPUT_BYTES // _MB} MB", advice)


def _binary(name: str, kind: str = "") -> InputError:
    advice = "open a plain-text file (.txt) saved as UTF-8, Shift_JIS or EUC-JP"
    if kind == "a PDF":
        advice = "copy the PDF's text and paste it into reader, or save it as a plain-text file (.txt)"
    elif kind:
        advice = f"it is {kind}; {advice}"
    return InputError(f"{name} looks like a binary file, not text", advice)


def _signature(data: bytes | bytearray) -> str:
    """What binary format the bytes start like ("a PNG image"), or ""."""
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), "")


def _too_many(count: int, total: int, share: int, few: int = 0) -> bool:
    """More than ``few`` and more than one in ``share`` of ``total``."""
    return count > max(few, total // share)


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


def _strict(data: bytes | bytearray, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes | bytearray) -> str | None:
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


def _legacy_japanese(data: bytes | bytearray) -> str | None:
    """Shift_JIS/CP932 or EUC-JP: decode strictly with each, keep the most Japanese-looking."""
    decoded = ((i, _strict(data, encoding)) for i, encoding in enumerate(_LEGACY))
    scored = [(_japanese_score(text), -i, text) for i, text in decoded if text is not None]
    best = max(scored, default=None)
    return best[2] if best is not None and best[0] > 0 else None


def _mostly_utf8(data: bytes | bytearray) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a stray byte, a file cut mid-character): the text with
    each bad sequence replaced by U+FFFD, and how many there were. None when the bytes
    are not UTF-8 with a few slips, but another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for c in text[:_SAMPLE * 4] if c > "\x7f") - bad
    if bad <= max(8, len(text) // 100) and wide >= 2 * bad:
        return text, bad
    return None


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _plausible(text: str) -> bool:
    """Japanese, or text in a Latin script: what a wrong guess is not."""
    sample = text[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    latin = len(_LATIN.findall(sample))
    return _japanese_score(sample) > 0 or (letters > 0 and latin >= 0.9 * letters and not _odd_count(sample))


def _guess(data: bytes | bytearray, name: str) -> str:
    """Last resort: let charset_normalizer guess (another language, an odd code page),
    trusted only when what it gives reads as Japanese or a Latin-script language:
    mojibake is never returned as text."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise _undecodable(name)
    try:
        text = data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):
        raise _undecodable(name) from None
    if not _plausible(text):
        raise _undecodable(name, "it is neither UTF-8 nor Shift_JIS/EUC-JP, and no other encoding reads as text")
    return text


def _with_nuls(data: bytes | bytearray, name: str) -> str:
    """Bytes that hold NULs: a text with a few stray NULs (UTF-8, or Shift_JIS/EUC-JP
    that reads as Japanese), else UTF-16 without a BOM, else binary. The stray NULs are
    left for decode() to judge with the other controls.

    Few NULs cannot be UTF-16 with ASCII in it (each ASCII character brings one), and
    UTF-16 Japanese is neither valid UTF-8 nor Japanese-looking Shift_JIS/EUC-JP
    beyond a few characters; the other way round, Shift_JIS read as UTF-16 reads as
    kanji, so the 8-bit readings go first."""
    if not _too_many(data.count(0), len(data), _NUL_SHARE):
        text = _strict(data, "utf-8") or _legacy_japanese(data)
        if text is not None:
            return text
    text = _utf16_without_bom(data)
    if text is None:
        raise _binary(name)
    return text


def _decode_bytes(data: bytes | bytearray, name: str, notes: list[str] | None = None) -> str:
    kind = _signature(data)
    if kind:
        raise _binary(name, kind)
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return str(memoryview(data)[len(bom):], encoding)
            except UnicodeDecodeError:
                why = f"it starts with a {label} mark but is not valid {label}"
                raise _undecodable(name, why) from None
    if 0 in data:
        return _with_nuls(data, name)
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    slipped = _mostly_utf8(data)
    if slipped is not None:
        text, bad = slipped
        if notes is not None:
            what = "character" if bad == 1 else "characters"
            notes.append(f"{name}: {bad} {what} could not be read as UTF-8 and show as \ufffd")
        return text
    return _legacy_japanese(data) or _guess(data, name)


def decode(data: bytes | bytearray, *, name: str = "input", notes: list[str] | None = None) -> str:
    """Decode a user's file to text, refusing what is empty, huge, binary or unreadable.

    UTF-8 with a few bad bytes is read as UTF-8, each bad sequence replaced by U+FFFD,
    and ``notes`` (when given) gains a line saying how many. A text with a few control
    characters is text, returned with them (see clean_controls); binary is a known
    format's signature, or controls everywhere (see _FEW_CONTROLS).
    """
    if not data:
        raise InputError(f"{name} is empty", "choose a file that contains text")
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name, len(data))
    text = _decode_bytes(data, name, notes)
    if not text:  # nothing but a byte order mark
        raise InputError(f"{name} is empty", "choose a file that contains text")
    sample = text[:_SAMPLE]
    if _too_many(len(_BINARY_CONTROL.findall(sample)), len(sample), _CONTROL_SHARE, _FEW_CONTROLS):
        raise _binary(name)
    return text


def clean_controls(text: str, name: str = "input", notes: list[str] | None = None) -> str:
    """An accepted text without its stray control characters: form feeds, vertical tabs
    and NEL become line breaks; other C0 and C1 controls are dropped, and ``notes``
    (when given) gains a line saying how many and which. Tabs and line endings stay, and
    so does the text's length unless something is dropped. A DOS end-of-file mark
    (U+001A, Ctrl-Z) at the very end is dropped without a note: it was never part of the text."""
    if text.endswith("\x1a"):
        text = text[:-1]
    if not _ANY_CONTROL.search(text):
        return text
    dropped = _DROPPED_CONTROL.findall(text)
    if dropped and notes is not None:
        kinds = sorted(set(dropped))
        codes = ", ".join(f"U+{ord(c):04X}" for c in kinds[:4]) + (", …" if len(kinds) > 4 else "")
        what = "control character" if len(dropped) == 1 else "control characters"
        notes.append(f"{name}: {len(dropped)} {what} removed ({codes})")
    for control in _LINE_CONTROLS:  # str.replace: ten times faster than translate on 16 MB
        text = text.replace(control, "\n")
    return _DROPPED_CONTROL.sub("", text) if dropped else text


def _os_error(name: str, error: OSError) -> InputError:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return InputError(f"{name} does not exist", "check the file name and the folder")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{name} is a folder, not a file", "choose a text file inside it")
    if isinstance(error, PermissionError):
        return InputError(f"{name} cannot be read: permission denied", "check its permissions")
    reason = error.strerror or str(error)
    return InputError(f"{name} cannot be read: {reason}", "check the file and try again")


def read_text_file(path: str | os.PathLike[str], notes: list[str] | None = None) -> str:
    """Read and decode a file; every failure becomes an InputError the user can act on
    (``notes``: see decode)."""
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
    return decode(data, name=name, notes=notes)

