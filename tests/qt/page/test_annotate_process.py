"""Annotating in a process of its own: what the window gets equals what the annotator
makes, stale chunks are dropped (and still read), imported dictionaries reach the
process, and a dead process hands its article to a thread without losing any of it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.core.library import bundled
from reader.core.library.imported import ImportedArticles
from reader.core.text.model import AnnotatedSentence
from reader.qt.page.annotate_process import ChunkReader, ChunkWriter
from tests.qt.conftest import open_and_wait, page_state
from tests.yomitan_factory import make_zip

FIRST = bundled.list_articles()[0].id


def _long_text(chars: int = 40_000) -> str:
    return (("\n".join(bundled.load_article(i.id).text for i in bundled.list_articles()) + "\n") * 10)[:chars]


def _round_trip(writer: ChunkWriter, reader: ChunkReader, sentences, size: int) -> list:
    out = []
    for first in range(0, len(sentences), size):
        chunk = sentences[first : first + size]
        for s in chunk:
            writer.add(s)
        data, fresh = writer.take()
        out.extend(reader.read(data, len(chunk), fresh))
    return out


def test_chunks_read_back_equal_and_share_their_words(annotator):
    writer, reader = ChunkWriter(), ChunkReader()
    first = list(annotator.annotate(bundled.first_article().text).sentences)
    got = _round_trip(writer, reader, first, 7)
    assert got == first
    # A second text: words met in the first come as numbers, and are the same objects.
    second = list(annotator.annotate(bundled.load_article(bundled.list_articles()[1].id).text).sentences)
    got += _round_trip(writer, reader, second, 11)
    assert got[len(first) :] == second
    # One object where the annotator had one: a word's Lexeme, in both texts.
    copies: dict[int, object] = {}
    for source, copy in zip((t for s in first + second for t in s.tokens), (t for s in got for t in s.tokens)):
        assert copies.setdefault(id(source.lexeme), copy.lexeme) is copy.lexeme
    assert len({id(t.lexeme) for s in got for t in s.tokens}) < sum(len(s.tokens) for s in got) / 3


def test_a_chunk_cut_short_is_not_half_remembered(annotator):
    writer, reader = ChunkWriter(), ChunkReader()
    texts = [bundled.load_article(i.id).text for i in bundled.list_articles()[:3]]
    one, two, three = (list(annotator.annotate(t).sentences) for t in texts)
    assert _round_trip(writer, reader, one, 20) == one
    for s in two[:15]:  # pickled, never sent: the load was cut short
        writer.add(s)
    writer.discard()
    assert _round_trip(writer, reader, two + three, 13) == two + three
    writer.forget()  # too many shared objects: both start afresh
    data, fresh = writer.take()
    assert fresh and reader.read(data, 0, fresh) == []
    assert _round_trip(writer, reader, one, 30) == one


def test_the_window_annotates_in_a_process(qtbot, window, annotator):
    assert window.loader.in_process
    open_and_wait(qtbot, window, FIRST)
    sentences = window.reader_view.document.sentences
    assert all(type(s) is AnnotatedSentence for s in sentences)
    assert sentences == list(annotator.annotate(bundled.load_article(FIRST).text).sentences)
    assert window.reader_view.word_at(0, 0) is not None


def _open_and_wait_for_a_chunk(qtbot, window, article_id: str) -> None:
    with qtbot.waitSignal(window.loader.progress, timeout=30000):
        window.library.open_article(article_id)


def test_stale_chunks_are_dropped_and_later_ones_still_read(qtbot, window, annotator):
    long_text = _long_text()
    long_id = ImportedArticles(window.store).add("long", long_text).id
    _open_and_wait_for_a_chunk(qtbot, window, long_id)
    time.sleep(0.6)  # the process sends more of it meanwhile: queued for the GUI thread
    open_and_wait(qtbot, window, FIRST)
    assert window.loader.dropped > 0
    view = window.reader_view
    assert view.document.article_id == FIRST
    assert view.document.sentences == list(annotator.annotate(bundled.load_article(FIRST).text).sentences)
    # The dropped chunks brought words later chunks refer to: read all the same.
    open_and_wait(qtbot, window, long_id)
    assert view.document.sentences == list(annotator.annotate(long_text).sentences)


def test_a_dead_process_hands_its_article_to_a_thread(qtbot, window, annotator):
    loader, view = window.loader, window.reader_view
    long_text = _long_text()
    long_id = ImportedArticles(window.store).add("long", long_text).id
    _open_and_wait_for_a_chunk(qtbot, window, long_id)
    shown = len(view.document.sentences)
    with qtbot.waitSignal(loader.process.died, timeout=10000):
        loader.process.kill()
    assert not loader.in_process
    qtbot.waitUntil(lambda: view.document.finished, timeout=60000)
    expected = list(annotator.annotate(long_text).sentences)
    assert shown < len(expected)
    assert view.document.sentences == expected  # nothing lost, nothing twice
    qtbot.waitUntil(lambda: page_state(qtbot, view)["rendered"] == len(expected), timeout=20000)
    open_and_wait(qtbot, window, FIRST)  # and the next article, on a thread
    assert view.document.sentences == list(annotator.annotate(bundled.load_article(FIRST).text).sentences)


def test_imported_headwords_reach_the_process(qtbot, window, tmp_path):
    from reader.core import paths
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    terms = [["米ロ首脳会談", "べいろしゅのうかいだん", "", "", 10, ["US-Russia summit"], 1, ""]]
    text = "米ロ首脳会談が開かれた。"
    article_id = ImportedArticles(window.store).add("summit", text).id

    def words() -> list[str]:
        open_and_wait(qtbot, window, article_id)
        return [w.text for s in window.reader_view.document.sentences for w in s.words]

    assert "米ロ首脳会談" not in words()
    path = paths.user_dictionaries_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    import_dictionary(path, make_zip(tmp_path / "more.zip", title="More", terms=terms))
    window.annotators.headwords_changed()  # as the Dictionaries dialog says after an import
    assert window.loader.in_process
    assert "米ロ首脳会談" in words()


def test_without_the_process_a_thread_annotates(qtbot, dictionary, monkeypatch, annotator):
    from reader.qt.window.main_window import MainWindow
    from tests.qt.conftest import delete_now

    monkeypatch.setenv("READER_ANNOTATE_PROCESS", "0")
    w = MainWindow()
    w.show()
    try:
        qtbot.waitUntil(lambda: w.reader_view.ready, timeout=20000)
        assert not w.loader.in_process and w.loader.process is None
        open_and_wait(qtbot, w, FIRST)
        assert w.reader_view.document.sentences == list(annotator.annotate(bundled.load_article(FIRST).text).sentences)
    finally:
        w.close()
        delete_now(w)


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="looks the process up in /proc")
def test_closing_the_window_ends_the_process(qtbot, dictionary):
    from reader.qt.window.main_window import MainWindow
    from tests.qt.conftest import delete_now

    w = MainWindow()
    w.show()
    qtbot.waitUntil(lambda: w.reader_view.ready, timeout=20000)
    pid = w.loader.process.pid
    assert Path(f"/proc/{pid}").exists()
    w.close()
    delete_now(w)
    qtbot.waitUntil(lambda: not Path(f"/proc/{pid}").exists(), timeout=10000)  # ended and reaped
