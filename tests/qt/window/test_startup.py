"""One instance at a time; a damaged database is moved aside and restored from a backup."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from reader.core.errors import ReaderError
from reader.core.storage import backup
from reader.core.storage.store import Store
from reader.core.vocabulary.words import Words
from reader.qt.startup import acquire_single_instance, daily_backup, open_store


def test_second_instance_is_refused(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from PySide6.QtCore import QLockFile; "
         f"l = QLockFile({str(tmp_path / 'reader.lock')!r}); assert l.tryLock(1000); "
         "print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ReaderError, match="already running"):
            acquire_single_instance(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    lock = acquire_single_instance(tmp_path)  # the dead holder's lock is stale: taken over
    assert lock.isLocked()
    lock.unlock()


def test_damaged_database_is_restored_from_backup(tmp_path):
    path = tmp_path / "reader.sqlite"
    store = Store(path)
    Words(store).save_word("停戦", "ていせん", ["ceasefire"], "名詞", "停戦は不可欠だ。", "a", 0, 2)
    assert daily_backup(store) is not None
    store.close()
    path.write_bytes(b"this is not a database any more" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"reader.sqlite{suffix}").unlink(missing_ok=True)

    asked = []
    restored, recovery = open_store(lambda r: asked.append(r) or True, path)
    assert recovery is not None and recovery.damaged.exists() and asked
    assert [w["base"] for w in Words(restored).saved_words()] == ["停戦"]
    restored.close()


def test_declining_the_restore_keeps_a_fresh_database(tmp_path):
    path = tmp_path / "reader.sqlite"
    store = Store(path)
    Words(store).save_word("停戦", "ていせん", ["ceasefire"], "名詞", "停戦は不可欠だ。", "a", 0, 2)
    backup.daily_backup(path)
    store.close()
    path.write_bytes(b"\x00" * 4096)
    fresh, recovery = open_store(lambda r: False, path)
    assert recovery is not None and Words(fresh).saved_words() == []
    assert recovery.damaged.read_bytes() == b"\x00" * 4096  # nothing deleted
    fresh.close()


def test_an_empty_database_offers_the_newest_sound_backup(tmp_path):
    """A 0-byte reader.sqlite (a sync tool, a crash) opened as a new, empty vocabulary
    while seven good backups sat beside it."""
    path = tmp_path / "reader.sqlite"
    store = Store(path)
    Words(store).save_word("停戦", "ていせん", ["ceasefire"], "名詞", "停戦は不可欠だ。", "a", 0, 2)
    assert daily_backup(store) is not None
    store.close()
    path.write_bytes(b"")
    asked = []
    restored, recovery = open_store(lambda r: asked.append(r) or True, path)
    assert asked and "empty (0 bytes)" in recovery.reason
    assert [w["base"] for w in Words(restored).saved_words()] == ["停戦"]
    restored.close()
