"""What every importer shares: the article it makes, reading a file within a limit, and
the checks its text must pass."""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reader.core.errors import InputError
from reader.core.text.decode import MAX_INPUT_BYTES

MB = 1024 * 1024
TITLE_MAX = 60
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Imported:
    """An article read from a file or the clipboard, ready for the store."""

    title: str
    text: str
    source: str
    url: str = ""
    author: str = ""
    date: str = ""
    notes: tuple[str, ...] = ()  # what had to be repaired on the way (bad UTF-8 bytes)


def os_error(name: str, error: OSError) -> InputError:
    """What went wrong with a file, in words the user can act on."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{name} does not exist", "check the file name and the folder")
    if isinstance(error, PermissionError):
        return InputError(f"{name} cannot be read: permission denied", "check its permissions")
    reason = error.strerror or str(error)
    return InputError(f"{name} cannot be read: {reason}", "check the file and try again")


def too_large(name: str, limit: int, advice: str) -> InputError:
    return InputError(f"{name} is over the {limit // MB} MB limit", advice)


def read_bytes(path: Path, limit: int, *, read: bool = True) -> bytes:
    """A file's bytes (b"" unless ``read``), refusing a missing, folder, empty or huge file."""
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name} is a folder, not a file", "choose a file inside it")
        if info.st_size > limit:
            size = f"{info.st_size / MB:.1f} MB; the limit is {limit // MB} MB"
            raise InputError(f"{name} is {size}", "save a smaller page or split the book")
        if info.st_size == 0:
            raise InputError(f"{name} is empty", "choose a file that contains text")
        if not read:
            return b""
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise os_error(name, error) from None
    if len(data) > limit:
        raise too_large(name, limit, "choose a smaller file")
    return data


def read_capped(stream: IO[bytes], limit: int, name: str, advice: str, expected: int = 0) -> bytearray:
    """Read a stream (a zip entry) into one buffer, refusing it past ``limit`` bytes
    whatever its header claims: memory stays within the limit. ``expected`` (the size the
    header gives) sizes the buffer at once, so that it is not copied as it grows."""
    data = bytearray(min(max(expected, 0), limit) + 1)
    view, size = memoryview(data), 0
    try:
        while True:
            if size == len(data):  # the header was wrong: grow, still within the limit
                if size > limit:
                    raise too_large(name, limit, advice)
                view.release()
                data.extend(bytes(min(max(size, _CHUNK), limit + 1 - size)))
                view = memoryview(data)
            got = stream.readinto(view[size : size + _CHUNK])  # type: ignore[attr-defined]
            if not got:
                break
            size += got
        if size > limit:
            raise too_large(name, limit, advice)
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise InputError(f"{name} is damaged ({error})", "check that the file opens elsewhere") from None
    finally:
        view.release()
    del data[size:]
    return data


def check_text(text: str, name: str) -> None:
    """Extracted or pasted text obeys the limit that files have, so later stages can rely on it."""
    if not text.strip():
        raise InputError(f"{name} holds no text", "choose a file that contains text")
    if len(text) * 4 > MAX_INPUT_BYTES and len(text.encode("utf-8")) > MAX_INPUT_BYTES:
        size = len(text.encode("utf-8")) / MB
        raise InputError(
            f"{name} holds {size:.1f} MB of text; the limit is {MAX_INPUT_BYTES // MB} MB",
            "split it into smaller files and import them one at a time",
        )


#: A title made from pasted text fits on a line of the heading.
PASTED_TITLE_MAX = 32
_SENTENCE_END = "。！？!?"


def pasted_title(text: str) -> str:
    """A title for pasted text: its first line when short (a heading), else that
    line's first sentence, else its start cut at a word-ish boundary with "…"."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= PASTED_TITLE_MAX:
        return first
    end = next((i for i, ch in enumerate(first) if ch in _SENTENCE_END), -1)
    if 0 < end < PASTED_TITLE_MAX:
        return first[: end + (first[end] not in "。")]  # "。" dropped, "?" kept
    cut = first[: PASTED_TITLE_MAX - 1]
    for mark in "、，, ・":  # end at the last comma or space if one is far enough in
        at = cut.rfind(mark)
        if at >= PASTED_TITLE_MAX // 2:
            cut = cut[:at]
            break
    return cut.rstrip() + "…"


def title_of(text: str, stem: str) -> str:
    """The first line when it is short enough to be a title, else the file's name."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) <= TITLE_MAX else stem
