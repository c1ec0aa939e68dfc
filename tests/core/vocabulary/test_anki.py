"""Anki export, checked by importing into a real Anki collection (the anki package)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.storage.store import Store
from reader.core.vocabulary import anki
from reader.core.vocabulary.words import Words

collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # noqa: E402

T0 = 1_767_600_000.0  # note modification times of the two exports, a minute apart


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "reader.sqlite")
    Words(opened).save_word(
        "停戦",
        "ていせん",
        ["ceasefire", "truce"],
        "名詞",
        "両国は停戦に合意した。",
        "2025-10-30-ukraine-peace-talks",
        3,
        5,
        tags=["news"],
    )
    Words(opened).save_word(
        "向ける", "むける", ["to turn <towards>"], "動詞", "目を向けた。", "imp-9", 2, 4
    )
    Words(opened).save_word("テレビ", "てれび", ["television"], "名詞")
    yield opened
    opened.close()


def _import(col, package: Path) -> None:
    condition = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    col.import_anki_package(
        collection.ImportAnkiPackageRequest(
            package_path=str(package),
            options=collection.ImportAnkiPackageOptions(
                update_notes=condition,
                update_notetypes=condition,
                with_scheduling=False,
            ),
        )
    )


def _notes(col) -> dict[str, dict[str, str]]:
    notes = (col.get_note(note_id) for note_id in col.find_notes(""))
    return {note["Word"]: dict(note.items()) | {"tags": " ".join(note.tags)} for note in notes}


def test_fields_html() -> None:
    assert anki.furigana_html("向ける", "むける") == "<ruby>向<rt>む</rt></ruby>ける"
    assert anki.furigana_html("テレビ", "てれび") == "テレビ"
    assert anki.sentence_html("a<b停戦", 3, 5) == "a&lt;b<b>停戦</b>"
    assert anki.sentence_html("停戦", 0, 9) == "停戦"


def test_package_imports_into_anki_and_updates_in_place(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.apkg"
    translations = {"両国は停戦に合意した。": "The two countries agreed to a ceasefire."}
    count = anki.export_apkg(store, first, translation_for=translations.get, timestamp=T0)
    assert count == 3 and zipfile.is_zipfile(first)

    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, first)
        notes = _notes(col)
        assert set(notes) == {"停戦", "向ける", "テレビ"}
        truce = notes["停戦"]
        assert list(truce)[:7] == list(anki.FIELDS)
        assert truce["Reading"] == "ていせん"
        assert truce["Furigana"] == "<ruby>停戦<rt>ていせん</rt></ruby>"
        assert truce["Glosses"] == "ceasefire; truce"
        assert truce["Sentence"] == "両国は<b>停戦</b>に合意した。"
        assert truce["Translation"] == "The two countries agreed to a ceasefire."
        assert truce["Source"] == "トランプ主導のウクライナ和平交渉に潜む帝国主義の影"
        assert truce["tags"] == "news"
        assert notes["向ける"]["Glosses"] == "to turn &lt;towards&gt;"
        assert notes["向ける"]["Source"] == "imp-9"  # an imported article since deleted
        assert notes["テレビ"]["Sentence"] == "" and notes["テレビ"]["Translation"] == ""
        model = col.models.by_name(anki.MODEL_NAME)
        assert model["id"] == anki.MODEL_ID
        assert col.decks.by_name(anki.DECK_NAME) is not None
        assert col.card_count() == 3

        word_id = Words(store).search_words("cease")[0]["id"]
        Words(store).update_word(word_id, glosses=["armistice"])
        second = tmp_path / "second.apkg"
        anki.export_apkg(store, second, timestamp=T0 + 60)
        _import(col, second)
        again = _notes(col)
        assert col.note_count() == 3 and col.card_count() == 3  # no duplicates
        assert again["停戦"]["Glosses"] == "armistice"
        assert again["停戦"]["Translation"] == ""  # no callback this time
    finally:
        col.close()


def test_guids_and_ids_are_stable() -> None:
    import genanki

    assert anki.MODEL.model_id == 1_733_021_504 and anki.DECK_ID == 2_041_785_962
    note = genanki.Note(
        model=anki.MODEL, fields=["猫"] + [""] * 6, guid=genanki.guid_for("猫", "ねこ")
    )
    assert note.guid == genanki.guid_for("猫", "ねこ") != genanki.guid_for("猫", "びょう")
