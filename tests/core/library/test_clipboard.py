"""The clipboard feed's rules, as pure functions, and its article in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import clipboard
from reader.core.library.imported import ImportedArticles
from reader.core.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "reader.sqlite")
    yield opened
    opened.close()


def test_only_japanese_text_is_taken() -> None:
    assert clipboard.take("今日は晴れです。").text == "今日は晴れです。"
    assert clipboard.take("  カタカナ\r\n").text == "カタカナ"
    assert clipboard.take("hello world").text == ""
    assert clipboard.take("   ").text == ""
    assert clipboard.take("").note == ""  # nothing to say about nothing


def test_line_endings_and_controls_are_cleaned() -> None:
    assert clipboard.take("一行目\r\n二行目\x00").text == "一行目\n二行目"


def test_one_append_is_capped() -> None:
    long = ("今日は晴れです。" * 100 + "\n") * 40  # 32,040 characters
    clip = clipboard.take(long)
    assert 10_000 < len(clip.text) <= clipboard.MAX_APPEND
    assert clip.text.endswith("。")  # cut at a line end
    assert "first" in clip.note and f"{len(clip.text):,}" in clip.note
    one_line = "あ" * 50_000
    assert len(clipboard.take(one_line).text) == clipboard.MAX_APPEND


def test_a_huge_clipboard_is_refused() -> None:
    clip = clipboard.take("あ" * (10 * 1024 * 1024))
    assert clip.text == ""
    assert f"{10 * 1024 * 1024:,} characters, too much to add" in clip.note
    assert "nothing was added" in clip.note


def test_append_makes_a_paragraph_and_says_where() -> None:
    done = clipboard.append("一つ目。", "二つ目。")
    assert done is not None
    assert done.text == "一つ目。\n\n二つ目。" and done.text[done.offset:] == "二つ目。"
    first = clipboard.append("", "最初。")
    assert first is not None and first.text == "最初。" and first.offset == 0


def test_the_same_text_twice_is_appended_once() -> None:
    assert clipboard.append("一つ目。\n\n二つ目。", "二つ目。") is None
    assert clipboard.append("二つ目。", "二つ目。") is None
    # a text that only ends like the last one is new
    assert clipboard.append("明日も晴れです。", "晴れです。") is not None
    assert clipboard.append("x", "") is None


def test_the_oldest_text_is_trimmed_at_a_paragraph() -> None:
    article = "\n\n".join(f"第{n}段落。" + "あ" * 20 for n in range(100))
    done = clipboard.append(article, "新しい。", limit=1000)
    assert done is not None and 900 < len(done.text) <= 1000
    assert done.text.startswith("第") and done.text.endswith("\n\n新しい。")
    assert "第0段落" not in done.text and "第99段落" in done.text
    assert done.text[done.offset:] == "新しい。"


def test_without_paragraphs_the_oldest_characters_go() -> None:
    done = clipboard.append("古" * 200, "新しい。", limit=50)
    assert done is not None and len(done.text) == 50 and done.text.endswith("新しい。")
    assert done.text[done.offset:] == "新しい。"


def test_the_feed_article_is_found_and_appended(store) -> None:
    articles = ImportedArticles(store)
    assert articles.find_origin(clipboard.ORIGIN) is None
    info = articles.add(clipboard.TITLE, "一つ目。", source="clipboard", origin=clipboard.ORIGIN)
    articles.add("Other", "他。")
    assert articles.find_origin(clipboard.ORIGIN) == info.id
    done = articles.append(info.id, "二つ目。")
    assert done is not None and articles.get(info.id).text == "一つ目。\n\n二つ目。"
    assert articles.append(info.id, "二つ目。") is None  # de-duplicated
    articles.delete(info.id)
    assert articles.find_origin(clipboard.ORIGIN) is None  # a deleted one is not fed
