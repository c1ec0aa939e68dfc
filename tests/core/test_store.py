"""The user's database: migrations, articles, reading state, words, damage."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core import store as store_module
from reader.core.errors import ReaderError
from reader.core.store import SCHEMA_NAME, Store, StoreCorrupt, default_path
from reader.core.store_words import WordsMixin


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
    assert names == [m.name for m in store_module.migrations._migrations]
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
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_memory_database_works() -> None:
    with Store(":memory:") as memory:
        info = memory.add_article("題", "本文")
        assert memory.article(info.id).text == "本文"


def test_add_list_and_load_articles(store: Store) -> None:
    first = store.add_article("一つ目", "本文一", source="a.txt", author="著者", date="2025-01-02")
    second = store.add_article("二つ目", "本文二", url="https://example.jp/2", origin="paste")
    assert first.id.startswith("imp-") and second.id != first.id
    assert [info.id for info in store.articles()] == [second.id, first.id]
    loaded = store.article(first.id)
    assert loaded.text == "本文一"
    assert loaded.info == first
    assert loaded.info.source == "a.txt" and loaded.info.author == "著者"
    with pytest.raises(ReaderError):
        store.article("imp-999")
    with pytest.raises(ReaderError):
        store.article("2025-10-30-ukraine-peace-talks")


def test_rename_returns_old_title(store: Store) -> None:
    info = store.add_article("旧題", "本文")
    assert store.rename_article(info.id, "  新題 ") == "旧題"
    assert store.article(info.id).info.title == "新題"
    with pytest.raises(ReaderError):
        store.rename_article(info.id, "   ")


def test_delete_restore_and_purge(store: Store) -> None:
    keep = store.add_article("残す", "本文")
    gone = store.add_article("消す", "本文")
    store.delete_article(gone.id)
    assert [info.id for info in store.articles()] == [keep.id]
    with pytest.raises(ReaderError):
        store.article(gone.id)
    store.restore_article(gone.id)
    assert store.article(gone.id).info.title == "消す"

    store.delete_article(gone.id)
    assert store.purge_deleted() == 0  # deleted just now: kept for 30 days
    store.save_position(gone.id, 1, 0.5, 10)
    with store.db.atomic():
        store.db.execute("UPDATE articles SET deleted_at = '2000-01-01T00:00:00.000+00:00'")
    store.restore_article(keep.id)  # keep was never deleted: restoring it is harmless
    assert store.purge_deleted() == 1
    assert store.position(gone.id) is None
    with pytest.raises(ReaderError):
        store.restore_article(gone.id)
    assert [info.id for info in store.articles()] == [keep.id]
    newer = store.add_article("新しい", "本文")
    assert newer.id not in (keep.id, gone.id)  # ids are never reused


def test_positions_and_progress(store: Store) -> None:
    assert store.position("2025-10-30-ukraine-peace-talks") is None
    store.save_position("2025-10-30-ukraine-peace-talks", 4, 0.25, 10)
    assert store.position("2025-10-30-ukraine-peace-talks") == (4, 0.25)
    store.save_position("2025-10-30-ukraine-peace-talks", 1, 0.05, 10)
    assert store.position("2025-10-30-ukraine-peace-talks") == (1, 0.05)
    assert store.progress() == {"2025-10-30-ukraine-peace-talks": pytest.approx(0.5)}
    store.save_position("2025-10-30-ukraine-peace-talks", 9, 1.0, 10)
    assert store.progress()["2025-10-30-ukraine-peace-talks"] == pytest.approx(1.0)
    store.save_position("empty", 0, 0.0, 0)
    assert store.progress()["empty"] == 0.0
    with pytest.raises(ValueError):
        store.save_position("x", -1, 0.0, 3)


def test_last_article(store: Store) -> None:
    assert store.last_article() is None
    imported = store.add_article("題", "本文")
    store.save_position("2025-10-30-ukraine-peace-talks", 0, 0.0, 5)
    store.save_position(imported.id, 0, 0.0, 5)
    assert store.last_article() == imported.id
    store.delete_article(imported.id)
    assert store.last_article() == "2025-10-30-ukraine-peace-talks"
    store.restore_article(imported.id)
    store.save_position("2025-10-30-ukraine-peace-talks", 1, 0.1, 5)
    assert store.last_article() == "2025-10-30-ukraine-peace-talks"


def test_word_statuses(store: Store) -> None:
    store.set_word_status("猫", "ねこ", "known")
    store.set_word_status("犬", "いぬ", "learning")
    store.set_word_status("ええ", "ええ", "ignored")
    store.set_word_status("犬", "いぬ", "new")
    assert store.word_statuses() == {
        ("猫", "ねこ"): "known",
        ("犬", "いぬ"): "new",
        ("ええ", "ええ"): "ignored",
    }
    assert store.known_words() == {("猫", "ねこ"), ("ええ", "ええ")}
    with pytest.raises(ValueError):
        store.set_word_status("猫", "ねこ", "forgotten")
    assert store.saved_words() == []  # statuses alone are not vocabulary


def test_save_word_merges_contexts(store: Store) -> None:
    first = store.save_word("猫", "ねこ", ["cat"], "名詞", "猫がいる。", "a", 0, 1)
    second = store.save_word("猫", "ねこ", ["cat"], "名詞", "黒い猫だ。", "b", 2, 3)
    assert first == second
    assert store.word_statuses() == {("猫", "ねこ"): "learning"}
    other = store.save_word("犬", "いぬ", ["dog"], "名詞", "犬が走る。", "a", 0, 1)
    words = store.saved_words()
    assert [w["base"] for w in words] == ["犬", "猫"]
    cat = words[1]
    assert cat["id"] == first and cat["contexts"] == 2 and cat["glosses"] == ["cat"]
    assert cat["status"] == "learning" and cat["pos"] == "名詞"
    sql = 'SELECT sentence, article_id, start, "end" FROM word_contexts WHERE word_id = ?'
    contexts = store.db.execute(sql + " ORDER BY id", [first]).fetchall()
    assert contexts == [("猫がいる。", "a", 0, 1), ("黒い猫だ。", "b", 2, 3)]
    assert other != first


def test_save_word_keeps_a_known_status(store: Store) -> None:
    store.set_word_status("猫", "ねこ", "known")
    store.save_word("猫", "ねこ", ["cat"], "名詞", "猫。", "a", 0, 1)
    assert store.word_statuses()[("猫", "ねこ")] == "known"
    assert store.saved_words()[0]["glosses"] == ["cat"]


def test_search_imported_articles(store: Store) -> None:
    text = "今日はNHKのニュースを見た。\n明日もnhkを見る。"
    first = store.add_article("一", text)
    second = store.add_article("二", "ニュースは面白い。")
    gone = store.add_article("三", "ニュース")
    store.delete_article(gone.id)
    hits = store.search_articles("ニュース")
    assert [(article, offset) for article, offset, _ in hits] == [(second.id, 0), (first.id, 7)]
    assert all("ニュース" in snippet for _, _, snippet in hits)
    nhk = store.search_articles("Nhk")
    expected = [(first.id, 3), (first.id, text.index("nhk"))]
    assert [(article, offset) for article, offset, _ in nhk] == expected
    assert "\n" not in nhk[0][2]
    assert store.search_articles("Ｎｈｋ") == []
    assert store.search_articles("") == []
    assert len(store.search_articles("ニュース", limit=1)) == 1


def test_search_folds_non_ascii_latin(store: Store) -> None:
    info = store.add_article("café", "CAFÉ で会った。")
    assert store.search_articles("café") == [(info.id, 0, "CAFÉ で会った。")]


def test_reopen_keeps_everything(db_path: Path) -> None:
    first = Store(db_path)
    info = first.add_article("題", "本文", source="x.txt")
    first.save_position(info.id, 2, 0.3, 4)
    first.save_word("猫", "ねこ", ["cat"], "名詞", "猫。", info.id, 0, 1)
    first.close()
    again = Store(db_path)
    assert again.article(info.id).text == "本文"
    assert again.position(info.id) == (2, 0.3)
    assert again.last_article() == info.id
    assert again.saved_words()[0]["contexts"] == 1
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
    info = store.add_article("題", "本文")
    with pytest.raises(RuntimeError), store.db.atomic():
        store.rename_article(info.id, "途中")
        raise RuntimeError("crash")
    assert store.article(info.id).info.title == "題"


def test_mixin_methods_hold_the_lock(store: Store) -> None:
    """WordsMixin's public methods are wrapped once, like Store's own: a call waits
    while another thread holds the lock."""
    public = [n for n in dir(Store) if not n.startswith("_") and callable(getattr(Store, n))]
    assert {"save_word", "search_words", "add_article"} <= set(public)
    assert all(getattr(getattr(Store, name), "_holds_lock", False) for name in public)
    assert Store.save_word.__wrapped__ is WordsMixin.save_word  # not wrapped twice

    saved = threading.Event()

    def save() -> None:
        store.save_word("猫", "ねこ", ["cat"], "noun")
        saved.set()

    with store._lock:
        worker = threading.Thread(target=save)
        worker.start()
        assert not saved.wait(0.3)
    worker.join(10)
    assert saved.is_set() and store.find_word("猫", "ねこ") is not None
