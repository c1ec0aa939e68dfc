"""Word and sentence audio in the .apkg export, imported into a real Anki collection."""

from __future__ import annotations

import io
import wave
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.audio import speech
from reader.core.storage.store import Store
from reader.core.vocabulary import anki
from reader.core.vocabulary.words import Words

collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # noqa: E402

T0 = 1_767_600_000.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "reader.sqlite")
    words = Words(opened)
    words.save_word("停戦", "ていせん", ["ceasefire"], "名詞", "両国は停戦に合意した。", "imp-1", 3, 5)
    words.save_word("今日", "こんにち", ["these days"], "名詞")
    yield opened
    opened.close()


def _word_wav(word: str, reading: str) -> bytes | None:
    return speech.synthesize_word(word, reading).to_wav_bytes()


def _sentence_wav(sentence: str) -> bytes | None:
    return speech.synthesize(sentence).to_wav_bytes()


def _import(col, package: Path) -> None:
    condition = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    col.import_anki_package(
        collection.ImportAnkiPackageRequest(
            package_path=str(package),
            options=collection.ImportAnkiPackageOptions(
                update_notes=condition, update_notetypes=condition, with_scheduling=False
            ),
        )
    )


def _notes(col) -> dict[str, dict[str, str]]:
    return {n["Word"]: dict(n.items()) for n in (col.get_note(i) for i in col.find_notes(""))}


def _frames(data: bytes) -> int:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnframes()


def test_audio_arrives_in_anki_as_media(store: Store, tmp_path: Path) -> None:
    package = tmp_path / "words.apkg"
    asked: list[tuple[str, ...]] = []

    def word_wav(word: str, reading: str) -> bytes | None:
        asked.append((word, reading))
        return _word_wav(word, reading)

    assert anki.export_apkg(store, package, word_audio=word_wav, sentence_audio=_sentence_wav, timestamp=T0) == 2
    assert sorted(asked) == [("今日", "こんにち"), ("停戦", "ていせん")]
    with zipfile.ZipFile(package) as z:
        assert len([n for n in z.namelist() if n.isdigit()]) == 3  # two words, one sentence

    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, package)
        notes = _notes(col)
        media = Path(col.media.dir())
        truce = notes["停戦"]
        assert list(truce)[: len(anki.FIELDS) + 2] == [*anki.FIELDS, *anki.AUDIO_FIELDS]
        for field in ("Audio", "SentenceAudio"):
            assert truce[field].startswith("[sound:reader-") and truce[field].endswith(".wav]")
            arrived = media / truce[field][len("[sound:") : -1]
            assert arrived.is_file() and _frames(arrived.read_bytes()) > 10_000
        assert notes["今日"]["SentenceAudio"] == ""  # saved without a sentence
        konnichi = media / notes["今日"]["Audio"][len("[sound:") : -1]
        assert konnichi.read_bytes() == speech.synthesize("こんにち").to_wav_bytes()
        card = col.get_note(col.find_notes("Word:停戦")[0]).cards()[0]
        assert truce["Audio"] in card.answer() or "[anki:play" in card.answer()
    finally:
        col.close()


def test_without_audio_the_fields_stay_empty(store: Store, tmp_path: Path) -> None:
    package = tmp_path / "plain.apkg"
    anki.export_apkg(store, package, timestamp=T0)
    with zipfile.ZipFile(package) as z:
        assert not [n for n in z.namelist() if n.isdigit()]
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, package)
        assert {n["Audio"] for n in _notes(col).values()} == {""}
        # the same notes exported again with audio are updated, not duplicated
        anki.export_apkg(store, tmp_path / "again.apkg", word_audio=_word_wav, timestamp=T0 + 60)
        _import(col, tmp_path / "again.apkg")
        assert col.note_count() == 2
        assert all(n["Audio"].startswith("[sound:") for n in _notes(col).values())
    finally:
        col.close()


def test_audio_that_cannot_be_made_is_left_out(store: Store, tmp_path: Path) -> None:
    package = tmp_path / "none.apkg"
    anki.export_apkg(store, package, word_audio=lambda w, r: None, timestamp=T0)
    with zipfile.ZipFile(package) as z:
        assert not [n for n in z.namelist() if n.isdigit()]
