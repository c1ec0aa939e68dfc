"""Daily backups, damaged databases moved aside, and restoring from a backup."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.library.imported import ImportedArticles
from reader.core.storage import backup
from reader.core.storage.store import Store, StoreCorrupt, open_store_safely
from reader.core.vocabulary.words import Words


def _fill(path: Path, words: int = 300) -> None:
    with Store(path) as store:
        for n in range(words):
            Words(store).save_word(f"語{n}", f"ご{n}", [f"word {n}"], "名詞", f"語{n}だ。", "a", 0, 2)
        ImportedArticles(store).add("題", "本文" * 2000)


def _bases(path: Path) -> set[str]:
    with Store(path) as store:
        return {w["base"] for w in Words(store).search_words(limit=None)}


def test_daily_backup_once_a_day_keeping_seven(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    _fill(db, 3)
    backups = tmp_path / "backups"
    day = date(2026, 3, 1)
    first = backup.daily_backup(db, backups, today=day)
    assert first == backups / "reader-2026-03-01.sqlite"
    assert backup.daily_backup(db, backups, today=day) is None  # once a day
    assert _bases(first) == {"語0", "語1", "語2"}
    for n in range(1, 10):
        backup.daily_backup(db, backups, today=day + timedelta(days=n))
    kept = sorted(p.name for p in backups.iterdir())
    assert kept == [f"reader-2026-03-{d:02d}.sqlite" for d in range(4, 11)]
    assert backup.newest_backup(backups) == backups / "reader-2026-03-10.sqlite"
    assert backup.newest_backup(tmp_path / "none") is None
    assert backup.daily_backup(tmp_path / "missing.sqlite", backups) is None


def test_backup_while_the_store_is_open_sees_committed_words(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    with Store(db) as store:
        Words(store).save_word("猫", "ねこ", ["cat"], "名詞")
        copy = backup.daily_backup(db)  # the WAL is not checkpointed yet
        assert copy == tmp_path / "backups" / f"reader-{date.today().isoformat()}.sqlite"
    assert _bases(copy) == {"猫"}
    assert not Path(f"{copy}-wal").exists()


def _damage_random(db: Path) -> None:
    db.write_bytes(os.urandom(16384))


def _damage_truncate(db: Path) -> None:
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        handle.truncate(size // 2)


def _damage_page(db: Path) -> None:
    """Garbage inside one b-tree page: the file opens, only quick_check sees it."""
    with open(db, "r+b") as handle:
        handle.seek(5 * 4096 + 8)
        handle.write(b"\xff" * 64)


@pytest.mark.parametrize("damage", [_damage_random, _damage_truncate, _damage_page])
def test_damaged_database_is_moved_aside_and_restored(tmp_path: Path, damage) -> None:
    db = tmp_path / "reader.sqlite"
    _fill(db)
    saved = _bases(db)
    assert len(saved) == 300
    copy = backup.daily_backup(db)
    damage(db)

    store, event = open_store_safely(db)
    assert event is not None and event.backup == copy
    assert event.damaged.name.startswith("reader.sqlite.damaged-") and event.damaged.is_file()
    if damage is _damage_page:
        assert event.reason.startswith("SQLite found damage")  # caught by quick_check
    assert Words(store).search_words() == []  # a fresh, working database meanwhile
    store.close()

    backup.restore(event.backup, db)
    store, event = open_store_safely(db)
    assert event is None
    store.close()
    assert _bases(db) == saved


def test_move_aside_takes_the_side_files(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    for suffix, data in (("", b"main"), ("-wal", b"wal"), ("-shm", b"shm")):
        Path(f"{db}{suffix}").write_bytes(data)
    moved = backup.move_aside(db)
    assert [Path(f"{moved}{s}").read_bytes() for s in ("", "-wal", "-shm")] == [
        b"main",
        b"wal",
        b"shm",
    ]
    assert list(tmp_path.iterdir()) != [] and not any(
        Path(f"{db}{s}").exists() for s in ("", "-wal", "-shm")
    )


def test_a_sound_database_opens_without_event(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    _fill(db, 2)
    store, event = open_store_safely(db)
    assert event is None and store.quick_check() == []
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reader.sqlite"]


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    _fill(db, 2)
    bad = tmp_path / "reader-2026-01-01.sqlite"
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(ReaderError):
        backup.restore(bad, db)
    with pytest.raises(ReaderError):
        backup.restore(tmp_path / "nothing.sqlite", db)
    assert len(_bases(db)) == 2  # untouched


def test_store_corrupt_is_still_raised_by_plain_open(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite"
    _damage_random(db)
    with pytest.raises(StoreCorrupt):
        Store(db)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
