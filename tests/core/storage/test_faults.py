"""The user's database under the faults a laptop meets: an empty or damaged file, ten days
of backups with damage on day five, another writer holding the lock, errors with advice."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from reader.core.errors import ReaderError, database_error, explain
from reader.core.storage import backup, store as store_module
from reader.core.storage.store import Store, StoreCorrupt, diagnose, open_store_checked, open_store_safely
from reader.core.vocabulary.words import Words


def _fill(path: Path, words: int, start: int = 0) -> None:
    with Store(path) as store:
        repository = Words(store)
        with store.transaction():
            for n in range(start, start + words):
                repository.save_word(f"語{n}", f"ご{n}", [f"word {n}"], "名詞", f"語{n}を見た。" * 8, "a", 0, 2)


def _overwrite_page(path: Path, page: int) -> None:
    """As `dd if=/dev/urandom of=reader.sqlite bs=4096 seek=PAGE count=1 conv=notrunc` does."""
    import random

    with open(path, "r+b") as handle:
        handle.seek(page * 4096)
        handle.write(random.Random(page).randbytes(4096))


def _words(path: Path) -> int:
    with Store(path) as store:
        return Words(store).count_words()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reader.sqlite"
    _fill(path, 3000)
    with Store(path) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > 301 * 4096
    return path


def test_an_empty_file_is_not_a_new_vocabulary_when_backups_exist(db: Path) -> None:
    backup.daily_backup(db)
    db.write_bytes(b"")
    assert "is empty (0 bytes)" in diagnose(db)
    with pytest.raises(StoreCorrupt, match="cannot be trusted") as caught:
        open_store_checked(db)  # the command line: left as it is, with advice
    assert "reader restore" in caught.value.advice and db.stat().st_size == 0
    store, recovery = open_store_safely(db)  # the window: moved aside, the backup offered
    assert recovery is not None and recovery.backup is not None and "empty" in recovery.reason
    store.close()


def test_an_empty_file_without_backups_is_simply_new(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite"
    path.write_bytes(b"")
    with open_store_checked(path) as store:
        assert Words(store).count_words() == 0
    path.unlink()
    path.write_bytes(b"")
    store, recovery = open_store_safely(path)
    assert recovery is None
    store.close()


def test_one_overwritten_page_is_caught_at_open(db: Path) -> None:
    _overwrite_page(db, 300)
    assert diagnose(db).startswith("SQLite found damage")
    with pytest.raises(StoreCorrupt):
        open_store_checked(db)


def test_a_damaged_database_is_never_backed_up(db: Path) -> None:
    folder = db.parent / "backups"
    good = backup.daily_backup(db, folder, today=date(2026, 3, 1))
    _overwrite_page(db, 300)
    with pytest.raises(backup.BackupRefused, match="today's backup was not taken"):
        backup.daily_backup(db, folder, today=date(2026, 3, 2))
    assert backup.backups(folder) == [good]


def test_ten_days_with_damage_on_day_five_leave_a_sound_backup_offered(db: Path) -> None:
    """Each day: open as the window does (restoring when offered), add words, back up.
    The file is damaged on day five, before the day's backup."""
    folder, first = db.parent / "backups", date(2026, 3, 1)
    offered = []
    for day in range(10):
        store, recovery = open_store_safely(db)
        if recovery is not None:
            assert recovery.backup is not None and backup.check(recovery.backup) == []
            offered.append((day, recovery.backup))
            store.close()
            backup.restore(recovery.backup, db)
            store = Store(db)
        store.close()
        _fill(db, 20, start=10_000 + 100 * day)
        if day == 4:
            _overwrite_page(db, 300)
        try:
            backup.daily_backup(db, folder, today=first + timedelta(days=day), keep=3)
        except backup.BackupRefused:
            assert day == 4
    assert [day for day, _ in offered] == [5]
    assert offered[0][1] == folder / "reader-2026-03-04.sqlite"  # the newest sound one
    sound = [p for p in backup.backups(folder) if not backup.check(p)]
    assert sound and backup.newest_backup(folder) == sound[-1]


def test_pruning_keeps_the_newest_sound_backup_when_the_kept_ones_went_bad(tmp_path: Path) -> None:
    db, folder = tmp_path / "reader.sqlite", tmp_path / "backups"
    _fill(db, 5)
    for day in range(3):
        backup.daily_backup(db, folder, today=date(2026, 3, 1 + day), keep=2)
    for name in ("reader-2026-03-02.sqlite", "reader-2026-03-03.sqlite"):
        (folder / name).write_bytes(b"bit rot" * 100)
    backup._prune(folder, 2)
    names = [p.name for p in backup.backups(folder)]
    assert "reader-2026-03-01.sqlite" not in names  # pruned before the others went bad
    (folder / "reader-2026-03-04.sqlite").write_bytes(b"bad" * 10)
    backup.daily_backup(db, folder, today=date(2026, 3, 5), keep=2)
    assert backup.newest_backup(folder) == folder / "reader-2026-03-05.sqlite"


def test_a_write_waits_for_another_writer_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: holder.execute("COMMIT")).start()
    waited: list[float] = []
    with Store(path) as store:
        store.on_busy = waited.append
        Words(store).save_word("猫", "ねこ", ["cat"], "名詞")
        assert Words(store).find_word("猫", "ねこ") is not None
    assert waited and waited[-1] >= 0.5
    holder.close()


def test_a_transaction_waits_too(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.8, lambda: holder.execute("COMMIT")).start()
    with Store(path) as store, store.transaction() as db:
        db.execute("INSERT INTO terms (term, english, updated) VALUES ('停戦', 'ceasefire', 'now')")
    holder.close()


def test_a_writer_that_never_lets_go_gives_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_WAIT_S", 0.6)
    path = tmp_path / "reader.sqlite"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with Store(path) as store, pytest.raises(ReaderError, match="is busy: another reader") as caught:
        Words(store).save_word("猫", "ねこ", ["cat"], "名詞")
    assert time.monotonic() - started >= 0.6 and "try again" in caught.value.advice
    holder.close()


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "is read-only"),
        (sqlite3.OperationalError("database is locked"), "is busy"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be opened"),
    ],
)
def test_sqlite_errors_read_as_advice(error: Exception, says: str) -> None:
    found = database_error("your database", error)
    assert says in found.message and found.advice


@pytest.mark.parametrize(
    ("errno_name", "says"),
    [("ENOSPC", "the disk is full"), ("EROFS", "read-only"), ("EACCES", "permission denied"), ("EFBIG", "grew past")],
)
def test_os_errors_read_as_advice(errno_name: str, says: str) -> None:
    import errno
    import os

    code = getattr(errno, errno_name)
    found = explain(OSError(code, os.strerror(code), "/data/words.csv"))
    assert found is not None and says in found.message and "/data/words.csv" in found.message and found.advice
    assert explain(ValueError("a bug")) is None
