"""The one-instance lock: the window holds reader.lock in the data folder (a QLockFile,
qt/startup.py); the command line reads it to stay away from a database the window has
open while it replaces it (``reader restore``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.core import paths

LOCK_NAME = "reader.lock"


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def window_pid(folder: Path | None = None) -> int | None:
    """The process id of a running reader window using ``folder``, or None."""
    lock = (folder or paths.data_dir()) / LOCK_NAME
    try:
        first = lock.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return None
    if not first.isdigit():
        return None
    pid = int(first)
    return pid if pid != os.getpid() and _alive(pid) else None
