"""The faults a laptop meets, as a user meets them on the command line: each run in a
subprocess, each ending in a result or one line of advice, never a crash or a traceback."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.storage import backup
from reader.core.storage.store import Store
from reader.core.vocabulary.words import Words
from tests.cli.checks import fails_cleanly
from tests.conftest import ROOT, run_cli


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def _fill(path: Path, words: int) -> None:
    with Store(path) as store:
        repository = Words(store)
        with store.transaction():
            for n in range(words):
                repository.save_word(f"語{n}", f"ご{n}", [f"word {n}"], "名詞", f"語{n}を見た。" * 8, "a", 0, 2)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def _cli(data_dir: Path, *args: str, stdin: bytes | None = None, file_limit: int | None = None):
    """`reader ARGS` with READER_DATA_DIR=data_dir; ``file_limit`` caps the size of any file
    it writes (RLIMIT_FSIZE), as a full disk would."""
    env = dict(os.environ, READER_DATA_DIR=str(data_dir))

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, env=env, cwd=ROOT,
        timeout=300, preexec_fn=limited if file_limit is not None else None,
    )


# -- long unbroken runs: MeCab crashed with signal 11 ----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("unit", "count"), [("停", 400_000), ("a", 200_000)])
def test_long_runs_annotate(data_dir, dictionary, unit, count):
    out = _ok(_cli(data_dir, "annotate", "-", stdin=(unit * count + "\n").encode()))
    assert out.replace("[てい]", "") == unit * count + "\n"


# -- the vocabulary: never opened as a fresh one beside its backups --------------------


def test_an_empty_database_is_refused_and_restored(data_dir):
    db = data_dir / "reader.sqlite"
    _fill(db, 5)
    backup.daily_backup(db)
    db.write_bytes(b"")
    fails_cleanly(_cli(data_dir, "vocab", "list"), "is empty (0 bytes)", "reader restore")
    fails_cleanly(_cli(data_dir, "vocab", "add", "猫", "--reading", "ねこ", "--gloss", "cat"), "reader restore")
    listing = _ok(_cli(data_dir, "restore", "--list"))
    assert "sound" in listing and "5 words" in listing
    said = _ok(_cli(data_dir, "restore"))
    assert "restored 5 words" in said and "kept as" in said
    assert len(_ok(_cli(data_dir, "vocab", "list")).splitlines()) == 5


def test_an_overwritten_page_is_refused_not_used(data_dir):
    db = data_dir / "reader.sqlite"
    _fill(db, 3000)
    backup.daily_backup(db)
    with open(db, "r+b") as handle:  # dd if=/dev/urandom bs=4096 seek=300 count=1 conv=notrunc
        handle.seek(300 * 4096)
        handle.write(os.urandom(4096))
    for args in (("vocab", "list"), ("vocab", "stats"), ("vocab", "add", "猫", "--reading", "ねこ", "--gloss", "cat")):
        fails_cleanly(_cli(data_dir, *args), "SQLite found damage", "reader restore")
    assert backup.backups(data_dir / "backups")[0].stat().st_size > 0  # the backup was not replaced
    _ok(_cli(data_dir, "restore"))
    assert "saved words: 3000" in _ok(_cli(data_dir, "vocab", "stats"))


def test_a_file_that_is_not_reader_s_is_left_alone(data_dir):
    db = data_dir / "reader.sqlite"
    import sqlite3

    other = sqlite3.connect(db)
    other.execute("CREATE TABLE mine (x)")
    other.commit()
    other.close()
    fails_cleanly(_cli(data_dir, "vocab", "list"), "not reader's")
    assert sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


# -- exports: whole or not at all -----------------------------------------------------


def test_a_failed_export_keeps_the_old_file_and_leaves_no_empty_one(data_dir, tmp_path):
    _fill(data_dir / "reader.sqlite", 300)
    old = tmp_path / "words.csv"
    _ok(_cli(data_dir, "vocab", "export", str(old)))
    before = old.read_bytes()
    _fill(data_dir / "reader.sqlite", 600)  # the next export is larger than the cap below
    limit = len(before) + 1000
    for target in (old, tmp_path / "new.csv", tmp_path / "deck.apkg"):
        err = fails_cleanly(_cli(data_dir, "vocab", "export", str(target), file_limit=limit), "cannot write")
        assert "internal error" not in err
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "words.csv"]


def test_a_full_disk_during_a_save_is_said_in_one_line(data_dir):
    _fill(data_dir / "reader.sqlite", 50)
    backup.daily_backup(data_dir / "reader.sqlite")  # today's is taken before a change: already there
    done = _cli(data_dir, "vocab", "add", "猫", "--reading", "ねこ", "--gloss", "cat", file_limit=4096)
    err = fails_cleanly(done, "free space")  # SQLite reads a file size cap as an I/O error
    assert "internal error" not in err


# -- a damaged dictionary ---------------------------------------------------------------


def test_a_damaged_dictionary_says_to_rebuild_it(data_dir, tmp_path, dictionary):
    damaged = tmp_path / "dictionaries"
    damaged.mkdir()
    copy = damaged / "jmdict.sqlite"
    data = bytearray(dictionary.path.read_bytes())
    start = len(data) // 10
    data[start : len(data) * 9 // 10] = bytes(len(data) * 9 // 10 - start)
    copy.write_bytes(bytes(data))
    env = {"READER_DICT_DIR": str(damaged)}
    for args in (("annotate", "-"), ("show",)):
        done = run_cli(*args, stdin="停戦に向けた動きと首脳会談の行方。\n".encode() * 50, env=env)
        fails_cleanly(done, "dictionary", "is damaged", "reader dict build")


# -- decoding: UTF-8 with a few bad bytes is UTF-8 -------------------------------------


@pytest.mark.parametrize(
    ("data", "shown", "bad"),
    [
        (b"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xed\xa0\x80\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82", "です。", 3),
        ("日本語です。".encode() + b"\xff", "です。\ufffd", 1),
        ("日本語です".encode() + b"\xe3\x81", "です\ufffd", 1),
    ],
)
def test_utf8_with_bad_bytes_is_read_as_utf8_and_said(data_dir, dictionary, data, shown, bad):
    done = _cli(data_dir, "annotate", "-", stdin=data)
    out = _ok(done)
    assert out.startswith("日本[にほん]語[ご]") and shown in out
    assert f"{bad} character" in done.stderr.decode() and "could not be read as UTF-8" in done.stderr.decode()


# -- long writes do not starve others ---------------------------------------------------


@pytest.mark.slow
def test_a_large_import_lets_another_writer_in(data_dir, tmp_path):
    words = tmp_path / "known.txt"
    words.write_text("\n".join(f"語彙{n}\tごい{n}" for n in range(150_000)), encoding="utf-8")
    _ok(_cli(data_dir, "vocab", "stats"))  # the database exists before both start
    env = dict(os.environ, READER_DATA_DIR=str(data_dir))
    importing = subprocess.Popen(
        [sys.executable, "-m", "reader", "vocab", "import", str(words)], env=env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        import time

        time.sleep(2.0)  # well into the import
        assert importing.poll() is None
        _ok(_cli(data_dir, "vocab", "add", "猫", "--reading", "ねこ", "--gloss", "cat"))
    finally:
        out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err.decode()
    assert "marked known: 150000" in out.decode()
