"""AnkiConnect: notes added, duplicates refused, card states read, against a server that
speaks AnkiConnect's protocol over a real Anki collection (tests/ankiconnect_server.py);
and Anki not running, answering garbage, slowly or with an error, or far away."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.storage.store import Store
from reader.core.vocabulary import ankiconnect
from reader.core.vocabulary.ankiconnect import (
    AnkiConnect,
    AnkiDuplicate,
    AnkiSettings,
    apply_statuses,
    card_status,
    check_url,
    parse_fields,
)
from reader.core.vocabulary.words import Words
from tests.ankiconnect_server import AnkiServer

SENTENCE = "両国は停戦に合意した。"


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[AnkiServer]:
    with AnkiServer(tmp_path) as server:
        yield server


def client(server: AnkiServer, **kw) -> AnkiConnect:
    return AnkiConnect(AnkiSettings(url=server.url, **kw))


def _add(c: AnkiConnect, word: str = "停戦", reading: str = "ていせん") -> int:
    start = SENTENCE.index(word) if word in SENTENCE else 0
    return c.add_word(word, reading, glosses=["ceasefire", "truce"], sentence=SENTENCE,
                      start=start, end=start + len(word), title="平和フォーラム")


def test_requests_are_version_6(anki: AnkiServer) -> None:
    assert client(anki).version() == 6
    assert anki.requests[-1] == {"action": "version", "version": 6, "params": {}}


def test_a_word_becomes_a_note_with_the_sentence_in_bold(anki: AnkiServer) -> None:
    note_id = _add(client(anki))
    assert note_id > 0
    [note] = anki.notes('"deck:reader vocabulary"')
    assert note["Word"] == "停戦" and note["Reading"] == "ていせん"
    assert note["Glosses"] == "ceasefire; truce"
    assert note["Sentence"] == "両国は<b>停戦</b>に合意した。"
    assert note["Source"] == "平和フォーラム" and note["Audio"] == ""
    sent = next(r for r in anki.requests if r["action"] == "addNote")["params"]["note"]
    assert sent["options"] == {"allowDuplicate": False, "duplicateScope": "deck"}


def test_a_duplicate_is_refused_by_anki(anki: AnkiServer) -> None:
    c = client(anki)
    _add(c)
    note = c.note("停戦", "ていせん", ["ceasefire"])
    assert c.can_add([note, c.note("和平", "わへい")]) == [False, True]
    with pytest.raises(AnkiDuplicate, match="duplicate"):
        _add(c)
    assert len(anki.notes("")) == 1  # nothing added twice


def test_a_missing_deck_is_said_not_called_a_duplicate(anki: AnkiServer) -> None:
    c = AnkiConnect(AnkiSettings(url=anki.url, deck="No such deck"))
    with pytest.raises(ReaderError, match="deck was not found") as caught:
        _add(c)
    assert not isinstance(caught.value, AnkiDuplicate)
    with pytest.raises(ReaderError, match="no deck 'No such deck'"):
        c.check()


def test_statuses_follow_anki_new_learning_known(anki: AnkiServer) -> None:
    c = client(anki)
    keys = [("停戦", "ていせん"), ("和平", "わへい"), ("合意", "ごうい")]
    assert c.card_statuses(keys) == {}
    _add(c)
    _add(c, "和平", "わへい")
    assert c.card_statuses(keys) == {("停戦", "ていせん"): "new", ("和平", "わへい"): "new"}
    anki.learn("停戦")  # answered "Good" by Anki's scheduler
    anki.mature("和平", days=30)
    assert c.card_statuses(keys) == {("停戦", "ていせん"): "learning", ("和平", "わへい"): "known"}
    anki.mature("停戦", days=10)  # a review card, not yet mature
    assert c.card_statuses(keys)[("停戦", "ていせん")] == "learning"
    # katakana in Anki is the same reading; another reading is another word
    anki.add("合意", "ゴウイ")
    assert c.card_statuses([("合意", "ごうい"), ("合意", "あい")]) == {("合意", "ごうい"): "new"}


def test_statuses_of_many_words_are_batched(anki: AnkiServer) -> None:
    c = client(anki)
    for n in range(ankiconnect.WORDS_PER_QUERY + 5):
        anki.add(f"語{n}", "ご")
    keys = [(f"語{n}", "ご") for n in range(ankiconnect.WORDS_PER_QUERY + 5)]
    anki.requests.clear()
    assert len(c.card_statuses(keys)) == len(keys)
    assert [r["action"] for r in anki.requests].count("findCards") == 2


def test_card_status_rule() -> None:
    assert card_status({"type": 0, "queue": 0, "interval": 0}) == "new"
    assert card_status({"type": 1, "queue": 1, "interval": 0}) == "learning"
    assert card_status({"type": 3, "queue": 1, "interval": 30}) == "learning"  # relearning
    assert card_status({"type": 2, "queue": 2, "interval": 20}) == "learning"
    assert card_status({"type": 2, "queue": 2, "interval": 21}) == "known"
    assert card_status({"type": 2, "queue": -1, "interval": 40}) == "known"  # suspended, still known
    assert card_status({}) == "new"


def test_import_statuses_reads_a_deck_and_a_query(anki: AnkiServer) -> None:
    c = client(anki)
    anki.add("停戦", "ていせん")
    anki.add("和平", "<b>わへい</b>")  # fields are HTML
    anki.add("首脳", "")
    anki.add("撃墜", "げきつい", deck="Other")
    anki.mature("和平")
    anki.learn("首脳")
    assert c.import_statuses() == {
        ("停戦", "ていせん"): "new", ("和平", "わへい"): "known", ("首脳", ""): "learning",
    }
    assert c.import_statuses("reader vocabulary", "is:review") == {("和平", "わへい"): "known"}
    assert c.import_statuses("Other") == {("撃墜", "げきつい"): "new"}


def test_import_marks_words_in_the_reader_undoably(anki: AnkiServer, tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.sqlite")
    try:
        words = Words(store)
        words.set_word_status("停戦", "ていせん", "ignored")
        words.save_word("首脳", "しゅのう", ["head"], "名詞")
        found = {("停戦", "ていせん"): "new", ("和平", "わへい"): "known", ("首脳", "しゅのう"): "known",
                 ("撃墜", "げきつい"): "learning"}
        changed = apply_statuses(words, found)
        assert words.word_statuses() == {
            ("停戦", "ていせん"): "ignored",  # never lowered
            ("和平", "わへい"): "known", ("首脳", "しゅのう"): "known", ("撃墜", "げきつい"): "learning",
        }
        words.undo_mark_known(changed)
        assert words.word_statuses() == {("停戦", "ていせん"): "ignored", ("首脳", "しゅのう"): "learning"}
    finally:
        store.close()


def test_a_field_mapping_onto_basic(anki: AnkiServer) -> None:
    mapping = {"word": "Front", "reading": "Back", "glosses": "Back", "sentence": "", "title": ""}
    c = AnkiConnect(AnkiSettings(url=anki.url, model="Basic", fields=mapping))
    assert "Basic" in c.check()
    _add(c)
    [note] = anki.notes('"note:Basic"')
    assert note == {"Front": "停戦", "Back": "ていせん<br>ceasefire; truce"}
    assert c.card_statuses([("停戦", "ていせん")]) == {("停戦", "ていせん"): "new"}
    bad = AnkiConnect(AnkiSettings(url=anki.url, model="Basic", fields={"word": "Word"}))
    with pytest.raises(ReaderError, match="no field 'Word'"):
        bad.check()


def test_parse_fields_takes_only_ours() -> None:
    assert parse_fields("") == ankiconnect.DEFAULT_FIELDS
    assert parse_fields("not json") == ankiconnect.DEFAULT_FIELDS
    assert parse_fields("[1, 2]") == ankiconnect.DEFAULT_FIELDS
    got = parse_fields('{"word": " Front ", "evil": "x", "reading": null}')
    assert got["word"] == "Front" and got["reading"] == "" and "evil" not in got


def test_defaults_are_the_apkg_exports() -> None:
    from reader.core.vocabulary import anki as apkg

    assert ankiconnect.DEFAULT_MODEL == apkg.MODEL_NAME and ankiconnect.DEFAULT_DECK == apkg.DECK_NAME
    assert set(ankiconnect.DEFAULT_FIELDS.values()) - {""} <= set(apkg.FIELDS)
    assert ankiconnect.CONNECT_TIMEOUT == 2 and ankiconnect.READ_TIMEOUT == 5


# --- when it goes wrong -------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_anki_not_running_says_what_to_do() -> None:
    c = AnkiConnect(AnkiSettings(url=f"http://127.0.0.1:{_closed_port()}"))
    started = time.monotonic()
    with pytest.raises(ReaderError) as caught:
        c.add_word("停戦", "ていせん")
    assert time.monotonic() - started < 2
    assert "not running" in caught.value.message
    assert "AnkiConnect add-on" in caught.value.advice and ".apkg" in caught.value.advice


@pytest.mark.parametrize(("mode", "says"), [
    ("garbage", "not JSON"),
    ("missing", "lacks"),
    ("raw", "not AnkiConnect's"),
    ("error", "collection is not available"),
])
def test_a_malformed_or_refusing_answer_is_a_reader_error(tmp_path: Path, mode: str, says: str) -> None:
    with AnkiServer(tmp_path, mode=mode) as server:
        c = client(server)
        for call in (c.version, lambda: c.card_statuses([("停戦", "ていせん")]), lambda: _add(c)):
            with pytest.raises(ReaderError, match=says):
                call()


def test_results_of_the_wrong_shape_are_reader_errors(anki: AnkiServer, monkeypatch) -> None:
    c = client(anki)
    monkeypatch.setattr(anki, "api_findCards", lambda query=None: {"not": "a list"})
    with pytest.raises(ReaderError, match="not a list"):
        c.card_statuses([("停戦", "ていせん")])
    monkeypatch.setattr(anki, "api_canAddNotes", lambda notes: [])
    with pytest.raises(ReaderError, match="different number"):
        _add(c)


def test_a_slow_server_times_out(tmp_path: Path) -> None:
    with AnkiServer(tmp_path, mode="slow", delay=3) as server:
        c = AnkiConnect(AnkiSettings(url=server.url), read_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(ReaderError, match="did not answer within 0.3 s") as caught:
            c.version()
        assert time.monotonic() - started < 2
        assert "busy" in caught.value.advice


@pytest.mark.parametrize("url", [
    "http://192.168.1.20:8765", "http://anki.example.com:8765", "https://10.0.0.1", "http://0.0.0.0:8765",
])
def test_a_remote_host_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ReaderError, match="not on this computer") as caught:
        AnkiConnect(AnkiSettings(url=url))
    assert "Allow" in caught.value.advice
    assert AnkiConnect(AnkiSettings(url=url, allow_remote=True)).url == url


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "javascript:alert(1)", "http://", "http://127.0.0.1:port"])
def test_only_http_addresses(url: str) -> None:
    with pytest.raises(ReaderError):
        check_url(url, allow_remote=True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", "http://127.1.2.3", ""])
def test_loopback_addresses_are_fine(url: str) -> None:
    assert check_url(url) == (url or ankiconnect.DEFAULT_URL)
