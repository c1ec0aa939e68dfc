"""Before the window: one instance at a time, a sound database, a daily backup.

A second copy of reader never opens the data (QLockFile) rather than let two
processes write the same vocabulary: it hands its file to the running window
(instance.py) and exits, or, when that window cannot be reached, is refused with a
clear message. A damaged database is moved aside, never deleted, and the newest
daily backup is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.storage.lock import LOCK_NAME
from reader.core.storage.store import Store, StoreRecovery, default_path, open_store_safely


def acquire_single_instance(folder: Path | None = None) -> QLockFile:
    """Hold the instance lock for the process's life; ReaderError if another reader has it."""
    folder = folder or paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(folder / LOCK_NAME))
    lock.setStaleLockTime(0)  # a crashed reader's lock is stale once its process is gone
    if not lock.tryLock(200):
        pid = lock.getLockInfo()[0]  # PySide6 gives (pid, host name, app name)
        who = f" (process {pid})" if pid else ""
        raise ReaderError(
            f"reader is already running{who} with the data in {folder}",
            "switch to that window, or close it first: two copies would write the same vocabulary",
        )
    return lock


def acquire_or_forward(open_path: str | Path | None = None, folder: Path | None = None) -> QLockFile | None:
    """The instance lock; or, when another reader holds it, None once that reader took
    ``open_path`` (None: the request to come to the front).

    The lock decides; the socket is tried only when it is held, so a reader with no
    server to answer (an older one, a hung one) still gives the clear ReaderError.
    """
    try:
        return acquire_single_instance(folder)
    except ReaderError:
        from reader.qt import instance

        if instance.send(instance.encode(open_path), instance.server_name(folder)):
            return None
        raise


def handed_over(open_path: str | Path | None) -> str:
    """What the second process says on its way out."""
    if open_path is None:
        return "reader is already running: brought its window to the front"
    return f"reader is already running: sent {open_path} to it"


def open_store(ask_restore: Callable[[StoreRecovery], bool], path: Path | None = None) -> tuple[Store, StoreRecovery | None]:
    """Open the user's database, recovering from damage; ``ask_restore`` decides
    whether the newest backup replaces the fresh, empty database."""
    from reader.core.storage import backup

    where = path or default_path()
    store, recovery = open_store_safely(where)
    if recovery is not None and recovery.backup is not None and ask_restore(recovery):
        store.close()
        backup.restore(recovery.backup, where)
        store = Store(where)
    return store, recovery


def daily_backup(store: Store) -> Path | None:
    from reader.core.storage import backup

    return backup.daily_backup(store.path) if store.path is not None else None
