"""Loading the Open JTalk binding, with its dictionary from a package, never a download.

pyopenjtalk-plus ships the NAIST-jdic dictionary and the Mei HTS voice inside its wheel.
Upstream pyopenjtalk instead downloads a dictionary the first time it is imported when
``OPEN_JTALK_DICT_DIR`` does not name one; so before the import we find a dictionary
ourselves (the user's choice, the one inside the wheel, or Debian's
open-jtalk-mecab-naist-jdic) and point ``OPEN_JTALK_DICT_DIR`` at it, and when there is
none we refuse with advice instead of importing.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import threading
from pathlib import Path
from types import ModuleType

from reader.core.errors import ReaderError

#: Set to a folder holding an Open JTalk dictionary (sys.dic) to use it instead.
DICT_ENV = "READER_OPENJTALK_DICT"
#: Where Debian and Ubuntu's open-jtalk-mecab-naist-jdic package puts its dictionary.
SYSTEM_DICTS = (Path("/var/lib/mecab/dic/open-jtalk/naist-jdic"),)
ADVICE = (
    "install the Open JTalk voice with `pip install pyopenjtalk-plus` (its wheel carries the "
    "dictionary and the voice; nothing is downloaded at run time), or set "
    f"{DICT_ENV} to a folder with an Open JTalk dictionary (sys.dic), e.g. Debian's "
    "open-jtalk-mecab-naist-jdic in /var/lib/mecab/dic/open-jtalk/naist-jdic"
)

_lock = threading.RLock()
_module: ModuleType | None = None
#: Held around every use of Open JTalk's text analysis (its MeCab and NJD state is one
#: per process), by speech and by the accent estimate alike; the voice's synthesis from
#: the analysis has its own lock in the binding.
frontend_lock = threading.Lock()


class SpeechUnavailable(ReaderError):
    """No voice can speak: the engine or its dictionary is missing. The advice says how
    to get one."""

    exit_code = 4

    def __init__(self, message: str, advice: str = ADVICE) -> None:
        super().__init__(message, advice)


def _is_dictionary(folder: Path) -> bool:
    return (folder / "sys.dic").is_file() and (folder / "matrix.bin").is_file()


def _package_dir() -> Path | None:
    try:
        spec = importlib.util.find_spec("pyopenjtalk")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def dictionary_dir() -> Path | None:
    """The Open JTalk dictionary we would use, or None when there is none.

    The order: ``READER_OPENJTALK_DICT`` (when set, only it), ``OPEN_JTALK_DICT_DIR``, the
    dictionary inside the installed package, the system's."""
    chosen = os.environ.get(DICT_ENV)
    if chosen:
        return Path(chosen) if _is_dictionary(Path(chosen)) else None
    candidates: list[Path] = []
    if os.environ.get("OPEN_JTALK_DICT_DIR"):
        candidates.append(Path(os.environ["OPEN_JTALK_DICT_DIR"]))
    package = _package_dir()
    if package is not None:  # pyopenjtalk-plus's, or one upstream pyopenjtalk once fetched
        candidates += [package / "dictionary", package / "open_jtalk_dic_utf_8-1.11"]
    candidates.extend(SYSTEM_DICTS)
    return next((c for c in candidates if _is_dictionary(c)), None)


def installed() -> bool:
    """Whether the binding is installed (without importing it)."""
    return _package_dir() is not None


def load() -> ModuleType:
    """The pyopenjtalk module, imported once with its dictionary fixed first.

    Raises SpeechUnavailable, with what to install, when the binding or a dictionary is
    missing; importing would otherwise download one."""
    global _module
    with _lock:
        if _module is not None:
            return _module
        if not installed():
            raise SpeechUnavailable("the Open JTalk voice is not installed")
        folder = dictionary_dir()
        if folder is None:
            raise SpeechUnavailable("no Open JTalk dictionary was found (reader never downloads one by itself)")
        os.environ["OPEN_JTALK_DICT_DIR"] = str(folder)
        try:
            # pyopenjtalk-plus prints a notice on stdout at import when onnxruntime is
            # absent; stdout is the command line's output (JSON), so it goes nowhere.
            with contextlib.redirect_stdout(io.StringIO()):
                import pyopenjtalk
        except (ImportError, OSError) as exc:
            raise SpeechUnavailable(f"the Open JTalk voice could not be loaded ({exc})") from exc
        if Path(os.fsdecode(pyopenjtalk.OPEN_JTALK_DICT_DIR)).resolve() != folder.resolve():
            raise SpeechUnavailable(
                "the Open JTalk voice was already loaded with another dictionary",
                "restart reader",
            )
        _module = pyopenjtalk
        return pyopenjtalk


def reset_for_tests() -> None:
    """Forget the loaded module (tests that hide the dictionary use it)."""
    global _module
    with _lock:
        _module = None
