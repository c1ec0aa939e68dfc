"""The user's database: migrations, articles, reading state, words, damage."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.library.imported import ImportedArticles
from reader.core.library.position import ReadingPositions
from reader.core.storage import schema
from reader.core.storage.schema import SCHEMA_NAME
from reader.core.storage.store import BUSY_STEP_MS, Store, StoreCorrupt, default_path
from reader.core.vocabulary.words import Words


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reader.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store(db_path)
    yield opened
    opened.close()


def _applied(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [SCHEMA_NAME]
    )
    return [row[0] for row in rows]


def test_default_path_honours_reader_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_path() == tmp_path / "elsewhere" / "reader.sqlite"


def test_migrations_are_recorded_and_idempotent(db_path: Path) -> None:
    first = Store(db_path)
    names = _applied(first)
    assert names == [m.name for m in schema.migrations._migrations]
    first.close()
    again = Store(db_path)
    assert _applied(again) == names
    tables = set(again.db.table_names())
    assert {"articles", "reading_state", "words", "word_contexts"} <= tables
    again.close()


def test_creates_parent_folders_and_uses_wal(store: Store, db_path: Path) -> None:
    assert db_path.is_file()
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_STEP_MS


def test_memory_database_works() -> None:
    with Store(":memory:") as memory:
        info = ImportedArticles(memory).add("題", "本文")
        assert ImportedArticles(memory).get(info.id).text == "本文"


def test_add_list_and_load_articles(store: Store) -> None:
    first = ImportedArticles(store).add("一つ目", "本文一", source="a.txt", author="著者", date="2025-01-02")
    second = ImportedArticles(store).add("二つ目", "本文二", url="https://example.jp/2", origin="paste")
    assert first.id.startswith("imp-") and second.id != first.id
    assert [info.id for info in ImportedArticles(store).all()] == [second.id, first.id]
    loaded = ImportedArticles(store).get(first.id)
    assert loaded.text == "本文一"
    assert loaded.info == first
    assert loaded.info.source == "a.txt" and loaded.info.author == "著者"
    with pytest.raises(ReaderError):
        ImportedArticles(store).get("imp-999")
    with pytest.raises(ReaderError):
        ImportedArticles(store).get("2025-10-30-ukraine-peace-talks")


def test_rename_returns_old_title(store: Store) -> None:
    info = ImportedArticles(store).add("旧題", "本文")
    assert ImportedArticles(store).rename(info.id, "  新題 ") == "旧題"
    assert ImportedArticles(store).get(info.id).info.title == "新題"
    with pytest.raises(ReaderError):
        ImportedArticles(store).rename(info.id, "   ")


def test_delete_restore_and_purge(store: Store) -> None:
    keep = ImportedArticles(store).add("残す", "本文")
    gone = ImportedArticles(store).add("消す", "本文")
    ImportedArticles(store).delete(gone.id)
    assert [info.id for info in ImportedArticles(store).all()] == [keep.id]
    with pytest.raises(ReaderError):
        ImportedArticles(store).get(gone.id)
    ImportedArticles(store).restore(gone.id)
    assert ImportedArticles(store).get(gone.id).info.title == "消す"

    ImportedArticles(store).delete(gone.id)
    assert ImportedArticles(store).purge_deleted() == 0  # deleted just now: kept for 30 days
    ReadingPositions(store).save(gone.id, 1, 0.5, 10)
    with store.db.atomic():
        store.db.execute("UPDATE articles SET deleted_at = '2000-01-01T00:00:00.000+00:00'")
    ImportedArticles(store).restore(keep.id)  # keep was never deleted: restoring it is harmless
    assert ImportedArticles(store).purge_deleted() == 1
    assert ReadingPositions(store).get(gone.id) is None
    with pytest.raises(ReaderError):
        ImportedArticles(store).restore(gone.id)
    assert [info.id for info in ImportedArticles(store).all()] == [keep.id]
    newer = ImportedArticles(store).add("新しい", "本文")
    assert newer.id not in (keep.id, gone.id)  # ids are never reused


def test_positions_and_progress(store: Store) -> None:
    assert ReadingPositions(store).get("2025-10-30-ukraine-peace-talks") is None
    ReadingPositions(store).save("2025-10-30-ukraine-peace-talks", 4, 0.25, 10)
    assert ReadingPositions(store).get("2025-10-30-ukraine-peace-talks") == (4, 0.25)
    ReadingPositions(store).save("2025-10-30-ukraine-peace-talks", 1, 0.05, 10)
    assert ReadingPositions(store).get("2025-10-30-ukraine-peace-talks") == (1, 0.05)
    assert ReadingPositions(store).progress() == {"2025-10-30-ukraine-peace-talks": pytest.approx(0.5)}
    ReadingPositions(store).save("2025-10-30-ukraine-peace-talks", 9, 1.0, 10)
    assert ReadingPositions(store).progress()["2025-10-30-ukraine-peace-talks"] == pytest.approx(1.0)
    ReadingPositions(store).save("empty", 0, 0.0, 0)
    assert ReadingPositions(store).progress()["empty"] == 0.0
    with pytest.raises(ValueError):
        ReadingPositions(store).save("x", -1, 0.0, 3)


def test_last_article(store: Store) -> None:
    assert ReadingPositions(store).last_article() is None
    imported = ImportedArticles(store).add("題", "本文")
    ReadingPositions(store).save("2025-10-30-ukraine-peace-talks", 0, 0.0, 5)
    ReadingPositions(store).save(imported.id, 0, 0.0, 5)
    assert ReadingPositions(store).last_article() == imported.id
    ImportedArticles(store).delete(imported.id)
    assert ReadingPositions(store).last_article() == "2025-10-30-ukraine-peace-talks"
    ImportedArticles(store).restore(imported.id)
    ReadingPositions(store).save("2025-10-30-ukraine-peace-talks", 1, 0.1, 5)
    assert ReadingPositions(store).last_article() == "2025-10-30-ukraine-peace-talks"


def test_word_statuses(store: Store) -> None:
    Words(store).set_word_status("猫", "ねこ", "known")
    Words(store).set_word_status("犬", "いぬ", "learning")
    Words(store).set_word_status("ええ", "ええ", "ignored")
    Words(store).set_word_status("犬", "いぬ", "new")
    assert Words(store).word_statuses() == {
        ("猫", "ねこ"): "known",
        ("犬", "いぬ"): "new",
        ("ええ", "ええ"): "ignored",
    }
    assert Words(store).known_words() == {("猫", "ねこ"), ("ええ", "ええ")}
    with pytest.raises(ValueError):
        Words(store).set_word_status("猫", "ねこ", "forgotten")
    assert Words(store).saved_words() == []  # statuses alone are not vocabulary


def test_save_word_merges_contexts(store: Store) -> None:
    first = Words(store).save_word("猫", "ねこ", ["cat"], "名詞", "猫がいる。", "a", 0, 1)
    second = Words(store).save_word("猫", "ねこ", ["cat"], "名詞", "黒い猫だ。", "b", 2, 3)
    assert first == second
    assert Words(store).word_statuses() == {("猫", "ねこ"): "learning"}
    other = Words(store).save_word("犬", "いぬ", ["dog"], "名詞", "犬が走る。", "a", 0, 1)
    words = Words(store).saved_words()
    assert [w["base"] for w in words] == ["犬", "猫"]
    cat = words[1]
    assert cat["id"] == first and cat["contexts"] == 2 and cat["glosses"] == ["cat"]
    assert cat["status"] == "learning" and cat["pos"] == "名詞"
    sql = 'SELECT sentence, article_id, start, "end" FROM word_contexts WHERE word_id = ?'
    contexts = store.db.execute(sql + " ORDER BY id", [first]).fetchall()
    assert contexts == [("猫がいる。", "a", 0, 1), ("黒い猫だ。", "b", 2, 3)]
    assert other != first


def test_save_word_keeps_a_known_status(store: Store) -> None:
    Words(store).set_word_status("猫", "ねこ", "known")
    Words(store).save_word("猫", "ねこ", ["cat"], "名詞", "猫。", "a", 0, 1)
    assert Words(store).word_statuses()[("猫", "ねこ")] == "known"
    assert Words(store).saved_words()[0]["glosses"] == ["cat"]


def test_search_imported_articles(store: Store) -> None:
    text = "今日はNHKのニュースを見た。\n明日もnhkを見る。"
    first = ImportedArticles(store).add("一", text)
    second = ImportedArticles(store).add("二", "ニュースは面白い。")
    gone = ImportedArticles(store).add("三", "ニュース")
    ImportedArticles(store).delete(gone.id)
    hits = ImportedArticles(store).search("ニュース")
    assert [(article, offset) for article, offset, _ in hits] == [(second.id, 0), (first.id, 7)]
    assert all("ニュース" in snippet for _, _, snippet in hits)
    nhk = ImportedArticles(store).search("Nhk")
    expected = [(first.id, 3), (first.id, text.index("nhk"))]
    assert [(article, offset) for article, offset, _ in nhk] == expected
    assert "\n" not in nhk[0][2]
    assert ImportedArticles(store).search("Ｎｈｋ") == []
    assert ImportedArticles(store).search("") == []
    assert len(ImportedArticles(store).search("ニュース", limit=1)) == 1


def test_search_folds_non_ascii_latin(store: Store) -> None:
    info = ImportedArticles(store).add("café", "CAFÉ で会った。")
    assert ImportedArticles(store).search("café") == [(info.id, 0, "CAFÉ で会った。")]


def test_reopen_keeps_everything(db_path: Path) -> None:
    first = Store(db_path)
    info = ImportedArticles(first).add("題", "本文", source="x.txt")
    ReadingPositions(first).save(info.id, 2, 0.3, 4)
    Words(first).save_word("猫", "ねこ", ["cat"], "名詞", "猫。", info.id, 0, 1)
    first.close()
    again = Store(db_path)
    assert ImportedArticles(again).get(info.id).text == "本文"
    assert ReadingPositions(again).get(info.id) == (2, 0.3)
    assert ReadingPositions(again).last_article() == info.id
    assert Words(again).saved_words()[0]["contexts"] == 1
    again.close()


def test_not_a_database_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(os.urandom(8192))
    with pytest.raises(StoreCorrupt) as caught:
        Store(bad)
    assert "broken.sqlite" in caught.value.message
    assert "backups" in caught.value.advice


def test_a_folder_in_the_way_is_a_reader_error(tmp_path: Path) -> None:
    folder = tmp_path / "reader.sqlite"
    folder.mkdir()
    with pytest.raises(ReaderError) as caught:
        Store(folder)
    assert "reader.sqlite" in caught.value.message


def test_writes_are_atomic(store: Store) -> None:
    info = ImportedArticles(store).add("題", "本文")
    with pytest.raises(RuntimeError), store.db.atomic():
        ImportedArticles(store).rename(info.id, "途中")
        raise RuntimeError("crash")
    assert ImportedArticles(store).get(info.id).info.title == "題"


@pytest.mark.parametrize("repository", [Words, ImportedArticles, ReadingPositions])
def test_repository_methods_hold_the_lock(store: Store, repository: type) -> None:
    """Every public method of a repository is wrapped once in its store's lock: a call
    waits while another thread holds it."""
    public = [
        n for n in dir(repository)
        if not n.startswith("_") and callable(getattr(repository, n)) and n != "db"
    ]
    assert public
    assert all(getattr(getattr(repository, name), "_holds_lock", False) for name in public)
    method = getattr(repository, public[0])
    assert not getattr(method.__wrapped__, "_holds_lock", False)  # not wrapped twice

    saved = threading.Event()

    def save() -> None:
        Words(store).save_word("猫", "ねこ", ["cat"], "noun")
        saved.set()

    with store.lock:
        worker = threading.Thread(target=save)
        worker.start()
        assert not saved.wait(0.3)
    worker.join(10)
    assert saved.is_set() and Words(store).find_word("猫", "ねこ") is not None
