"""What every command shares, written once: output, input, progress, the dictionary and
the crash log."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.core import paths

if TYPE_CHECKING:
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.dictionaries.yomitan.store import UserDictionaries



def stdout() -> TextIO:
    """UTF-8 standard output whatever the console's code page, never failing on odd text."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8", errors="replace")
    return out


def read_input(path: str) -> tuple[str, str]:
    """(text, name) of a file, or of standard input for ``-``; what had to be repaired
    (bad UTF-8 bytes, stray control characters, as an import drops them) is noted on stderr."""
    from reader.core.text.decode import MAX_INPUT_BYTES, clean_controls, decode, read_text_file

    notes: list[str] = []
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        text, name = decode(data, name="standard input", notes=notes), "standard input"
    else:
        text, name = read_text_file(path, notes), Path(path).name
    text = clean_controls(text, name, notes)
    for note in notes:
        print(f"reader: note: {note}", file=sys.stderr)
    return text, name


class Progress:
    """A percentage on a terminal, rewritten in place (nothing when piped, so the output and
    a failure stay clean lines). ``unit`` names what ``done`` and ``total`` count."""

    def __init__(self, label: str = "", unit: str = "") -> None:
        self.shown = sys.stderr.isatty()
        self.label = f"{label}: " if label else ""
        self.unit = unit

    def __call__(self, done: int, total: int) -> None:
        if self.shown and total:
            counts = f" ({done}/{total} {self.unit})" if self.unit else ""
            sys.stderr.write(f"\r  {self.label}{done * 100 // total:3d}%{counts}")
            sys.stderr.flush()

    def end(self) -> None:
        """Clear the line, so that what follows starts on a clean one."""
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def waiting(seconds: float) -> None:
    """Told while a write waits for another reader (a window, an import) to finish: said
    once, then counted on a terminal."""
    if seconds == 0 or not sys.stderr.isatty():
        if seconds == 0:
            print("reader: waiting for another reader to finish writing…", file=sys.stderr)
        return
    sys.stderr.write(f"\r  waiting {seconds:4.0f} s")
    sys.stderr.flush()


def open_dictionary(*, required: bool = True) -> Dictionary | None:
    """The built dictionary; when missing, DictionaryMissing (with advice) or, if not
    ``required``, None."""
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.errors import DictionaryMissing

    try:
        return Dictionary.open_default()
    except DictionaryMissing:
        if required:
            raise
        return None


def log_file() -> Path:
    return paths.data_dir() / "logs" / "reader.log"


def log_crash(exc: BaseException) -> tuple[Path | None, str]:
    """Append the traceback of a bug to the log file: (its path, "") or, when it cannot be
    written (a full disk, a read-only folder), (None, why): never a second traceback."""
    import traceback
    from datetime import datetime

    where = log_file()
    text = "".join(traceback.format_exception(exc))
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with open(where, "a", encoding="utf-8") as handle:
            handle.write(f"{datetime.now().isoformat(timespec='seconds')} ERROR unexpected error\n{text}")
    except OSError as error:
        return None, error.strerror or str(error)
    return where, ""


def open_user_dictionaries() -> UserDictionaries | None:
    """The imported Yomitan dictionaries, or None where none were ever imported (a
    lookup does not create their database)."""
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    path = paths.user_dictionaries_path()
    return UserDictionaries(path) if path.exists() else None
