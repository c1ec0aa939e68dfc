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


def _decode_bytes(data: bytes | bytearray, name: str, notes: list[str] | None = None) -> str:
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
    and ``notes`` (when given) gains a line saying how many.
    """
    if not data:
        raise InputError(f"{name} is empty", "choose a file that contains text")
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name, len(data))
    text = _decode_bytes(data, name, notes)
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

