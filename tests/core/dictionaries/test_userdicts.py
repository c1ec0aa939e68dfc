"""The store of imported Yomitan dictionaries: import, lookup, order, updates, refusals."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reader.core import paths
from reader.core.dictionaries.yomitan.archive import YomitanError
from reader.core.dictionaries.yomitan.database import (
    DictInfo,
    FreqResult,
    KanjiResult,
    Lookup,
    PitchResult,
)
from reader.core.dictionaries.yomitan.importer import (
    ImportCancelled,
    _revision_key,
    import_dictionary,
)
from reader.core.dictionaries.yomitan.store import UserDictionaries
from reader.core.errors import ReaderError
from tests.conftest import ROOT
from tests.yomitan_factory import TERMS, index_json, make_large_zip, make_zip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "dictionaries.sqlite"


@pytest.fixture
def sample(tmp_path: Path, db: Path) -> UserDictionaries:
    import_dictionary(db, make_zip(tmp_path / "sample.zip"))
    store = UserDictionaries(db)
    yield store
    store.close()


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (migrations apart), to compare before and after."""
    conn = sqlite3.connect(db)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    rows = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    conn.close()
    return rows


def test_import_reports_what_it_read(tmp_path: Path, db: Path) -> None:
    seen: list[tuple[int, int]] = []
    info = import_dictionary(
        db, make_zip(tmp_path / "s.zip"), progress=lambda d, t: seen.append((d, t))
    )
    assert (info.title, info.revision, info.format) == ("Test Dictionary", "1", 3)
    assert (info.terms, info.term_meta, info.kanji, info.freqs, info.pitches) == (3, 5, 2, 2, 3)
    assert info.kinds == ("terms", "freq", "pitch", "kanji")
    assert info.enabled and info.priority == 0
    assert info.attribution == "made up for the tests, CC0"
    assert info.imported_at.endswith("+00:00")
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


LOOKUPS = [
    # expression, reading, expected terms (expression, reading, definitions), freqs, pitches
    (
        "停戦",
        "",
        [("停戦", "ていせん", ("ceasefire", "truce"))],
        [("ていせん", 5120, "5120㋕")],
        [("ていせん", (0,))],
    ),
    (
        "平和",
        "へいわ",
        [("平和", "へいわ", ("• peace\n• harmony\n平和な世界 — a peaceful world",))],
        [("", 812, "812")],
        [("へいわ", (0,))],
    ),
    ("食べる", "たべる", [("食べる", "たべる", ("to eat",))], [], [("たべる", (2,))]),
    ("たべる", "", [("食べる", "たべる", ("to eat",))], [], []),
    ("タベル", "", [("食べる", "たべる", ("to eat",))], [], []),  # katakana finds the reading
    ("停戦", "ちがう", [("停戦", "ていせん", ("ceasefire", "truce"))], [], []),  # other reading
    ("戦争", "", [], [], []),
]


@pytest.mark.parametrize(("word", "reading", "terms", "freqs", "pitches"), LOOKUPS)
def test_lookup(
    sample: UserDictionaries,
    word: str,
    reading: str,
    terms: list[Any],
    freqs: list[Any],
    pitches: list[Any],
) -> None:
    found = sample.lookup(word, reading)
    assert [(t.expression, t.reading, t.definitions) for t in found.terms] == terms
    assert [(f.reading, f.value, f.display) for f in found.freqs] == freqs
    assert [(p.reading, p.positions) for p in found.pitches] == pitches
    assert bool(found) == bool(terms or freqs or pitches)
    assert all(t.dictionary == "Test Dictionary" for t in found.terms)


def test_term_details(sample: UserDictionaries) -> None:
    [term] = sample.lookup("停戦").terms
    assert term.tags == ("n", "vs", "news")
    assert term.score == 10
    assert term.html == "<ol><li>ceasefire</li><li>truce</li></ol>"
    [peace] = sample.lookup("平和").terms
    assert peace.html.startswith("<ul><li>peace</li>")
    assert sample.lookup("平和").freqs == (FreqResult("Test Dictionary", "平和", "", 812, "812"),)
    assert sample.lookup("食べる").pitches == (
        PitchResult("Test Dictionary", "食べる", "たべる", (2,)),
    )


def test_kanji(sample: UserDictionaries) -> None:
    assert sample.kanji("停") == (
        KanjiResult(
            "Test Dictionary",
            "停",
            ("テイ",),
            ("と.める", "と.まる"),
            ("halt", "stopping"),
            (("strokes", "11"), ("grade", "5")),
        ),
    )
    assert sample.kanji("和") == ()


KANJI_FREQS = [["停", "freq", 733], ["戦", "freq", {"value": 78, "displayValue": "78㋕"}]]


def test_kanji_frequencies(tmp_path: Path, db: Path, sample: UserDictionaries) -> None:
    ranks = make_zip(
        tmp_path / "ranks.zip", title="Kanji ranks", terms=[], meta=[], kanji=[], tags=[],
        kanji_meta=KANJI_FREQS,
    )
    info = import_dictionary(db, ranks)
    assert (info.kanji_freqs, info.kinds) == (2, ("kanji freq",))
    assert sample.find("Test Dictionary").kanji_freqs == 0
    more = make_zip(
        tmp_path / "more.zip", title="More ranks", terms=[], meta=[], kanji=[], tags=[],
        kanji_meta=[["戦", "freq", "12 (news)"]],
    )
    import_dictionary(db, more)
    sample.changed()
    assert sample.kanji_frequencies("戦") == (
        FreqResult("Kanji ranks", "戦", "", 78, "78㋕"),
        FreqResult("More ranks", "戦", "", 12, "12 (news)"),
    )
    assert sample.kanji_frequencies("停") == (FreqResult("Kanji ranks", "停", "", 733, "733"),)
    assert sample.kanji_frequencies("和") == ()
    assert not sample.lookup("戦").freqs  # a kanji's rank is not the word 戦's frequency
    sample.set_enabled(sample.find("Kanji ranks").id, False)
    assert [f.dictionary for f in sample.kanji_frequencies("戦")] == ["More ranks"]
    sample.remove(sample.find("Kanji ranks").id)
    sample.remove(sample.find("More ranks").id)
    assert dump(db)["kanji_meta"] == []


def test_kanji_meta_rows_off_the_schema_are_refused(tmp_path: Path, db: Path) -> None:
    import_dictionary(db, make_zip(tmp_path / "s.zip"))
    before = dump(db)
    good = ["停", "freq", 1]  # row 1 goes in before row 2 fails: the rollback takes it out
    for bad_row, needle in (
        (["戦", "pitch", 1], r"kanji_meta_bank_1\.json row 2: unknown kanji meta mode 'pitch'"),
        (["", "freq", 1], r"kanji_meta_bank_1\.json row 2: the character"),
        (["戦", "freq"], r"kanji_meta_bank_1\.json row 2: a kanji meta row should have 3 items, not 2"),
    ):
        bad = make_zip(
            tmp_path / "bad.zip", title="Bad", terms=[], meta=[], kanji=[], tags=[],
            kanji_meta=[good, bad_row],
        )
        with pytest.raises(YomitanError, match=needle):
            import_dictionary(db, bad)
        assert dump(db) == before


def test_a_database_from_before_kanji_frequencies_is_upgraded(tmp_path: Path, db: Path) -> None:
    from sqlite_utils import Database

    from reader.core.dictionaries.yomitan import database

    conn = sqlite3.connect(db)
    database.migrations.apply(Database(conn), stop_before="m002_kanji_meta")
    conn.execute(  # a dictionary imported by a version without kanji frequencies
        "INSERT INTO dictionaries (title, revision, format, priority, terms, imported_at)"
        " VALUES ('Old', '7', 3, 0, 12, '2026-01-01T00:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    assert "kanji_meta" not in dump(db)
    with UserDictionaries(db) as store:  # opening applies m002
        old = store.find("Old")
        assert (old.revision, old.terms, old.kanji_freqs, old.kinds) == ("7", 12, 0, ("terms",))
        assert store.kanji_frequencies("停") == ()


def test_the_same_revision_again_adds_its_kanji_frequencies(tmp_path: Path, db: Path) -> None:
    """A dictionary imported before kanji_meta banks were read can be imported again."""
    plain = make_zip(tmp_path / "plain.zip", title="Ranks", revision="3")
    import_dictionary(db, plain)
    with_ranks = make_zip(tmp_path / "ranks.zip", title="Ranks", revision="3", kanji_meta=KANJI_FREQS)
    with UserDictionaries(db) as store:
        store.set_enabled(store.find("Ranks").id, False)
    info = import_dictionary(db, with_ranks)
    assert (info.revision, info.kanji_freqs, info.enabled) == ("3", 2, False)  # kept off
    with pytest.raises(YomitanError, match="already imported"):
        import_dictionary(db, with_ranks)  # now it has them: the usual refusal
    older = make_zip(tmp_path / "older.zip", title="Ranks", revision="2", kanji_meta=KANJI_FREQS)
    with pytest.raises(YomitanError, match="older than"):
        import_dictionary(db, older)


def test_reading_first_then_score(tmp_path: Path, db: Path) -> None:
    terms = [
        ["上手", "じょうず", "", "", 1, ["skilful"], 1, ""],
        ["上手", "うわて", "", "", 5, ["upper part"], 2, ""],
        ["上手", "かみて", "", "", 9, ["upstage"], 3, ""],
    ]
    import_dictionary(db, make_zip(tmp_path / "z.zip", terms=terms, meta=[], kanji=[]))
    with UserDictionaries(db) as store:
        by_score = [t.reading for t in store.lookup("上手").terms]
        by_reading = [t.reading for t in store.lookup("上手", "ジョウズ").terms]
        limited = [t.reading for t in store.lookup("上手", limit=2).terms]
    assert by_score == ["かみて", "うわて", "じょうず"]
    assert by_reading == ["じょうず", "かみて", "うわて"]
    assert limited == ["かみて", "うわて"]


def _second(tmp_path: Path, db: Path, title: str = "Second", gloss: str = "armistice") -> DictInfo:
    terms = [["停戦", "ていせん", "", "", 1, [gloss], 1, ""]]
    meta = [["停戦", "freq", 42]]
    return import_dictionary(
        db,
        make_zip(tmp_path / f"{title}.zip", title=title, terms=terms, meta=meta, kanji=[], tags=[]),
    )


def test_priority_and_enabled(tmp_path: Path, db: Path, sample: UserDictionaries) -> None:
    second = _second(tmp_path, db)
    sample.changed()
    first = sample.find("test dictionary")
    assert [d.title for d in sample.list()] == ["Test Dictionary", "Second"]
    assert second.priority == 1 and second.kinds == ("terms", "freq")

    def shown() -> tuple[list[str], list[str]]:
        found = sample.lookup("停戦")
        return [t.definitions[0] for t in found.terms], [f.display for f in found.freqs]

    assert shown() == (["ceasefire", "armistice"], ["5120㋕", "42"])
    sample.set_order([second.id, first.id])
    assert [d.title for d in sample.list()] == ["Second", "Test Dictionary"]
    assert [d.priority for d in sample.list()] == [0, 1]
    assert shown() == (["armistice", "ceasefire"], ["42", "5120㋕"])
    sample.set_enabled(second.id, False)
    assert shown() == (["ceasefire"], ["5120㋕"])
    assert not sample.find("Second").enabled
    sample.set_enabled(second.id, True)
    sample.set_order([first.id])  # the rest keep their order after it
    assert shown() == (["ceasefire", "armistice"], ["5120㋕", "42"])
    sample.set_enabled(first.id, False)
    assert sample.kanji("停") == ()


def test_find_and_errors(sample: UserDictionaries) -> None:
    info = sample.find("TEST dictionary")
    assert sample.find(str(info.id)) == info
    with pytest.raises(ReaderError, match="no imported dictionary is called 'Jitendex'") as caught:
        sample.find("Jitendex")
    assert "Test Dictionary" in caught.value.advice
    with pytest.raises(ReaderError, match="no imported dictionary has id 99"):
        sample.set_enabled(99, True)
    with pytest.raises(ReaderError, match="twice"):
        sample.set_order([info.id, info.id])


def test_find_prefers_a_title_to_an_id(tmp_path: Path, db: Path, sample: UserDictionaries) -> None:
    _second(tmp_path, db)  # id 2
    one = _second(tmp_path, db, title="1")  # id 3, titled "1"
    assert sample.find("1") == one
    assert sample.find("2").title == "Second"
    assert sample.find("3") == one


def test_remove(tmp_path: Path, db: Path, sample: UserDictionaries) -> None:
    before = dump(db)
    second = _second(tmp_path, db)
    first = sample.find("Test Dictionary")
    assert sample.remove(first.id).title == "Test Dictionary"
    assert [(d.title, d.priority) for d in sample.list()] == [("Second", 0)]
    assert [t.definitions for t in sample.lookup("停戦").terms] == [("armistice",)]
    assert sample.kanji("停") == ()
    sample.remove(second.id)
    assert sample.list() == []
    assert not sample.lookup("停戦")
    after = dump(db)
    assert all(after[t] == [] for t in ("terms", "term_meta", "kanji", "tags", "dictionaries"))
    assert before["terms"]  # the sample was there


def test_update_to_newer_revision(tmp_path: Path, db: Path, sample: UserDictionaries) -> None:
    second = _second(tmp_path, db)
    sample.set_order([second.id, sample.find("Test Dictionary").id])
    sample.set_enabled(sample.find("Test Dictionary").id, False)
    terms = [["停戦", "ていせん", "", "", 1, ["cessation of hostilities"], 1, ""]]
    newer = import_dictionary(
        db, make_zip(tmp_path / "new.zip", revision="2", terms=terms, meta=[], kanji=[])
    )
    sample.changed()
    assert (newer.revision, newer.priority, newer.enabled) == ("2", 1, False)
    assert [(d.title, d.revision) for d in sample.list()] == [
        ("Second", "1"),
        ("Test Dictionary", "2"),
    ]
    sample.set_enabled(newer.id, True)
    assert [t.definitions[0] for t in sample.lookup("停戦").terms] == [
        "armistice",
        "cessation of hostilities",
    ]
    assert not sample.lookup("平和")  # the old revision's rows are gone
    assert newer.kinds == ("terms",)


REVISIONS = [
    ("2024.01.05", "2023.12.31", 1),
    ("10", "9", 1),
    ("v1.10", "v1.9", 1),
    ("2024-01-05", "2024-01-05", 0),
    ("jmdict.2024-02-01", "jmdict.2024-01-31", 1),
    ("beta", "alpha", 1),
    ("1.0", "1.0.1", -1),
]


@pytest.mark.parametrize(("a", "b", "order"), REVISIONS)
def test_revision_order(a: str, b: str, order: int) -> None:
    ka, kb = _revision_key(a), _revision_key(b)
    assert (ka > kb) - (ka < kb) == order


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("index.json", json.dumps(index_json("Bomb")))
        zf.writestr("term_bank_1.json", "[" + " " * (30 * 1024**2) + "]")
    return path


def _files(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


BANK = json.dumps(TERMS, ensure_ascii=False)
REFUSALS = {
    "zip slip": (
        lambda p: make_zip(p, title="New", extra_files={"../evil.json": "[]"}),
        "unsafe path",
    ),
    "absolute path": (
        lambda p: make_zip(p, title="New", extra_files={"/abs.json": "[]"}),
        "unsafe path",
    ),
    "many files": (
        lambda p: make_zip(p, title="New", extra_files={f"{n}.txt": "" for n in range(10_001)}),
        "more than 10,000",
    ),
    "compressed bomb": (_bomb, "zip bomb"),
    "not a zip": (lambda p: p.write_bytes(b"PK\x03\x04 not really") and p, "not a zip file"),
    "malformed JSON": (
        lambda p: make_zip(p, title="New", extra_files={"term_bank_9.json": '[["語"'}),
        "term_bank_9.json is not valid JSON",
    ),
    "wrong row shape": (
        lambda p: make_zip(p, title="New", terms=[*TERMS, ["語", "ご"]]),
        "term_bank_1.json row 4",
    ),
    "bad row in a later bank": (
        lambda p: make_zip(
            p,
            title="New",
            bank_size=1,
            meta=[*[[f"語{n}", "freq", n] for n in range(5)], ["語", "freq", None]],
        ),
        "term_meta_bank_6.json row 1",
    ),
    "unknown format": (lambda p: make_zip(p, title="New", fmt=99), "format 99"),
    "duplicate": (lambda p: make_zip(p), "revision 1 is already imported"),
    "duplicate, other case": (lambda p: make_zip(p, title="TEST DICTIONARY"), "already imported"),
    "older revision": (lambda p: make_zip(p, revision="0.9"), "older than the installed"),
    "no index": (lambda p: _files(p, {"term_bank_1.json": BANK}), "no index.json"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refusals_leave_the_database_unchanged(
    tmp_path: Path, db: Path, sample: UserDictionaries, case: str
) -> None:
    build, message = REFUSALS[case]
    path = build(tmp_path / "bad.zip")
    before = dump(db)
    with pytest.raises(YomitanError, match=message) as caught:
        import_dictionary(db, path)
    assert caught.value.advice
    assert dump(db) == before
    assert sample.lookup("停戦").terms[0].definitions == ("ceasefire", "truce")


def test_cancel_mid_import_leaves_nothing(
    tmp_path: Path, db: Path, sample: UserDictionaries
) -> None:
    path = make_zip(
        tmp_path / "big.zip",
        title="Big",
        terms=[[f"語{n}", "ご", "", "", 0, ["x"], n, ""] for n in range(50)],
        bank_size=10,
    )
    before = dump(db)
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 4

    with pytest.raises(ImportCancelled, match="import of Big was cancelled"):
        import_dictionary(db, path, cancelled=cancelled)
    assert dump(db) == before
    assert [d.title for d in sample.list()] == ["Test Dictionary"]


def test_a_failed_update_keeps_the_old_revision(
    tmp_path: Path, db: Path, sample: UserDictionaries
) -> None:
    before = dump(db)
    path = make_zip(tmp_path / "new.zip", revision="2", terms=[*TERMS, ["語", "ご", 1]])
    with pytest.raises(YomitanError, match="row 4"):
        import_dictionary(db, path)
    assert dump(db) == before


def test_reads_continue_during_an_import(
    tmp_path: Path, db: Path, sample: UserDictionaries
) -> None:
    """The GUI's connection keeps answering from the last commit while a worker imports."""
    path = make_large_zip(tmp_path / "large.zip", 20_000, bank_size=2_000)
    halfway = threading.Event()
    carry_on = threading.Event()
    errors: list[BaseException] = []

    def progress(done: int, total: int) -> None:
        if done == total // 2:
            halfway.set()
            carry_on.wait(10)

    def work() -> None:
        try:
            import_dictionary(db, path, progress=progress)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    assert halfway.wait(30)
    assert sample.lookup("停戦").terms  # not blocked by the open write transaction
    assert not sample.lookup("語0000001")
    assert [d.title for d in sample.list()] == ["Test Dictionary"]
    carry_on.set()
    worker.join(60)
    assert not errors
    # The memo notices the other connection's commit (PRAGMA data_version): no stale "nothing".
    assert sample.lookup("語0000001").terms[0].definitions == ("word number 1", "gloss 1")
    assert sample.find("Large").terms == 20_000


def test_lookups_are_memoised_until_a_change(
    tmp_path: Path, db: Path, sample: UserDictionaries
) -> None:
    first = sample.lookup("停戦")
    assert sample.lookup("停戦") is first
    sample.set_enabled(sample.find("Test Dictionary").id, False)
    assert sample.lookup("停戦") == Lookup()


def test_open_default_and_bad_file(tmp_path: Path) -> None:
    with UserDictionaries.open_default() as store:
        assert store.path == paths.data_dir() / "dictionaries.sqlite"
        assert store.list() == []
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ReaderError, match="cannot open the dictionaries database"):
        UserDictionaries(junk)


MEMORY_SCRIPT = """
import resource, sys, time
from pathlib import Path
from reader.core.dictionaries.yomitan.importer import import_dictionary
info = import_dictionary(Path(sys.argv[1]), Path(sys.argv[2]))
print(info.terms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(tmp_path: Path, count: int) -> int:
    path = make_large_zip(tmp_path / f"large-{count}.zip", count)
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(tmp_path / f"d{count}.sqlite"), str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    terms, peak = map(int, done.stdout.split())
    assert terms == count
    return peak


def test_memory_is_bounded(tmp_path: Path) -> None:
    """Ten times the terms, about the same peak: banks are read and written one at a time."""
    small, large = _peak_kib(tmp_path, 20_000), _peak_kib(tmp_path, 200_000)
    assert large < small * 1.25 + 16 * 1024, (small, large)


def test_gui_writes_during_an_import_fail_fast_with_advice(
    tmp_path: Path, db: Path, sample: UserDictionaries
) -> None:
    """Ticking a checkbox while another connection imports: a message, not a 10 s hang."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # what an import holds for its whole run
    try:
        dict_id = sample.find("Test Dictionary").id
        started = time.monotonic()
        with pytest.raises(ReaderError, match="busy"):
            sample.set_enabled(dict_id, False)
        assert time.monotonic() - started < 5
        with pytest.raises(ReaderError, match="busy"):
            sample.remove(dict_id)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert sample.find("Test Dictionary").enabled  # nothing changed


@pytest.mark.parametrize(
    ("bank", "needle"),
    [
        ([["語", "ご", "", "", 2**70, ["x"], 1, ""]], "cannot store"),  # past 64 bits
        ([["語\ud800", "ご", "", "", 1, ["x"], 1, ""]], "cannot store"),  # a lone surrogate
        ([["語", "ご", "", "", 1, ["x"], 2**64, ""]], "cannot store"),
    ],
)
def test_values_sqlite_cannot_hold_are_refused(
    tmp_path: Path, db: Path, sample: UserDictionaries, bank, needle
) -> None:
    before = dump(db)
    bad = make_zip(tmp_path / "bad.zip", title="Bad", terms=bank, meta=[], kanji=[], tags=[])
    with pytest.raises(YomitanError, match=needle):
        import_dictionary(db, bad)
    assert dump(db) == before


def test_frequencies_and_revisions_with_thousands_of_digits(tmp_path: Path, db: Path) -> None:
    meta = [["語", "freq", "9" * 5000], ["語", "freq", {"value": 2**70}]]
    bad = make_zip(tmp_path / "freq.zip", title="Freq", terms=[], meta=meta[:1], kanji=[], tags=[])
    info = import_dictionary(db, bad)
    assert info.freqs == 1  # the display string is kept; the number is read from its start
    huge = make_zip(tmp_path / "huge.zip", title="Huge", terms=[], meta=meta[1:], kanji=[], tags=[])
    with pytest.raises(YomitanError, match="64-bit"):
        import_dictionary(db, huge)
    newer = make_zip(tmp_path / "newer.zip", title="Freq", revision="1" * 5000, terms=[], meta=meta[:1], kanji=[], tags=[])
    assert import_dictionary(db, newer).revision == "1" * 5000
