"""The translation memory: normalising, units kept once, exact and fuzzy matches with their
differing characters, the prefix index against scoring everything, drafts feeding it."""

from __future__ import annotations

import random
import sqlite3
import time

import pytest
from rapidfuzz import fuzz

from reader.core.errors import InputError
from reader.core.storage.store import Store
from reader.core.translation.drafts import Drafts
from reader.core.translation.tm import TranslationMemory, diff_spans, normalise
from reader.core.translation.tmindex import FuzzyIndex, scan
from tests.conftest import DATA

SENTENCES = [
    line.split("\t")[1] for line in (DATA / "tatoeba_sentences.tsv").read_text(encoding="utf-8").splitlines() if "\t" in line
]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "reader.sqlite")
    yield s
    s.close()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("２０２５年に", "2025年に"),  # full-width digits
        ("ＡＢＣ社", "ABC社"),  # full-width letters
        ("ｶﾀｶﾅ", "カタカナ"),  # half-width katakana
        ("東京　タワー", "東京タワー"),  # ideographic space between Japanese
        ("  東京 で 会議  ", "東京で会議"),
        ("G7  summit\tin 東京", "G7 summit in東京"),
        ("１，２００円", "1,200円"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_units_are_kept_once_per_normalised_source_and_target(store):
    tm = TranslationMemory(store)
    tm.add("２０２５年に会議が開かれた。", "A meeting was held in 2025.", "a1")
    tm.add("2025年に 会議が開かれた。", "A meeting was held in 2025.", "a2")  # the same unit
    assert tm.count() == 1
    assert tm.exact("2025年に会議が開かれた。").article_id == "a2"  # the newer one's article
    tm.add("2025年に会議が開かれた。", "In 2025 a meeting was held.", "a3")  # another target
    assert tm.count() == 2
    with pytest.raises(InputError):
        tm.add("  ", "x", "a1")
    with pytest.raises(InputError):
        tm.add("東京", " ", "a1")
    assert tm.count() == 2


def test_an_older_import_does_not_overwrite_a_newer_unit(store):
    tm = TranslationMemory(store)
    tm.add("会議", "meeting", "new", when="2026-01-01T00:00:00.000000+00:00")
    tm.add("会議", "meeting", "old", when="2020-01-01T00:00:00.000000+00:00")
    assert tm.exact("会議").article_id == "new"


def test_matches_exact_first_then_fuzzy_with_the_differing_characters(store):
    tm = TranslationMemory(store)
    tm.add("２０２５年に東京で会議が開かれた。", "A meeting was held in Tokyo in 2025.", "a1")
    tm.add("2024年に東京で会議が開かれた。", "A meeting was held in Tokyo in 2024.", "a1")
    tm.add("猫が好きです。", "I like cats.", "a2")
    found = tm.matches("2025年に東京で会議が開かれた。")
    assert [m.target for m in found] == ["A meeting was held in Tokyo in 2025.", "A meeting was held in Tokyo in 2024."]
    assert found[0].score == 100.0 and found[0].diff == ()
    assert 70 <= found[1].score < 100
    assert found[1].diff == ((3, 4),)  # the 5 of 2025
    assert found[1].score == pytest.approx(fuzz.ratio("2025年に東京で会議が開かれた。", "2024年に東京で会議が開かれた。"))
    assert tm.matches("犬が好きです。", threshold=90) == []
    assert [m.target for m in tm.matches("犬が好きです。")] == ["I like cats."]
    assert tm.matches("全く関係のない長い文章をここに書いておきます。") == []
    assert len(tm.matches("2025年に東京で会議が開かれた。", limit=1)) == 1


@pytest.mark.parametrize(
    "query, unit, spans",
    [
        ("2025年に京都で", "2025年に東京で", ((6, 8),)),  # 京都 where the unit has 東京
        ("２０２５年に", "2024年に", ((3, 4),)),  # spans are on the query as typed (full-width)
        ("東京 で 会議", "東京で会談", ((6, 7),)),  # spaces dropped by normalising keep offsets right
        ("東京で会議", "東京で大きな会議", ((3, 4),)),  # the unit has more: the character after the gap
        ("東京で会議", "東京で会議です", ((4, 5),)),  # more at the end: the last character
        ("同じ文", "同じ文", ()),
    ],
)
def test_diff_spans(query, unit, spans):
    assert diff_spans(query, normalise(unit)) == spans


def test_the_index_finds_what_scoring_everything_finds():
    """The prefix filter is exact: same units and scores as scoring every unit."""
    rng = random.Random(5)
    units = list(dict.fromkeys(normalise(s) for s in SENTENCES))
    for s in SENTENCES:  # near-duplicates of every length, so matches exist at each threshold
        for _ in range(6):
            chars = list(s)
            for _ in range(rng.randint(1, 6)):
                op = rng.random()
                i = rng.randrange(len(chars))
                if op < 0.4:
                    chars[i] = rng.choice("のにはをがで東京年月")
                elif op < 0.7:
                    chars.insert(i, rng.choice("とても大きな"))
                elif len(chars) > 2:
                    del chars[i]
            units.append(normalise("".join(chars)))
    half = len(units) // 2
    index = FuzzyIndex(units[:half])
    for text in units[half:]:
        index.add(text)  # added later, ranked on the fly
    queries = [normalise(s) for s in SENTENCES] + [u[:-1] + "。" for u in units[::7]] + ["東", "はい。"]
    compared = 0
    for threshold in (70.0, 80.0, 95.0):
        for query in queries:
            want = scan(query, units, threshold, 500)
            got = index.search(query, threshold, 500)
            assert sorted(got) == sorted(want), (query, threshold)
            compared += len(want)
    assert compared > 100  # the table really has matches to find


def test_a_memory_sees_units_added_elsewhere(store, tmp_path):
    tm = TranslationMemory(store)
    for n in range(3):  # the second search builds the index; later ones use it
        assert tm.matches(f"東京で会議が開かれた{n}。") == []
    Drafts(store).save("a1", 0, "東京で会議が開かれた。", "A meeting was held in Tokyo.", reviewed=True)
    assert TranslationMemory(store).matches("東京で会議が開かれた。")[0].score == 100.0
    other = Store(tmp_path / "reader.sqlite")  # another process, on the same file
    TranslationMemory(other).add("東京で会議が開かれる。", "A meeting will be held in Tokyo.", "a2")
    other.close()
    assert [m.target for m in tm.matches("東京で会議が開かれる。")][0] == "A meeting will be held in Tokyo."


def test_reviewed_drafts_become_units_in_the_same_transaction(store):
    drafts, tm = Drafts(store), TranslationMemory(store)
    drafts.save("a1", 0, "東京です。", "It is Tokyo.", reviewed=False)
    assert tm.count() == 0
    drafts.save("a1", 0, "東京です。", "It is Tokyo.", reviewed=True)
    assert tm.count() == 1
    drafts.save("a1", 0, "東京です。", "It is Tokyo.", reviewed=False)  # un-reviewing keeps the unit
    assert tm.count() == 1
    with pytest.raises(RuntimeError), store.transaction():
        drafts.save("a1", 1, "大阪です。", "It is Osaka.", reviewed=True)
        raise RuntimeError("the writer fails half-way")
    assert tm.count() == 1 and drafts.load("a1") == {0: ("It is Tokyo.", False)}


def test_progress(store):
    drafts = Drafts(store)
    drafts.save("a1", 0, "東京です。", "It is Tokyo.", reviewed=True)
    drafts.save("a1", 1, "大阪です。", "It is Osaka.", reviewed=False)
    drafts.save("a1", 2, "京都です。", "", reviewed=False)  # emptied: not drafted
    drafts.save("a2", 0, "猫です。", "A cat.", reviewed=False)
    assert drafts.progress("a1") == (2, 1)
    assert drafts.progress("none") == (0, 0)
    assert drafts.progress_all() == {"a1": (2, 1), "a2": (1, 0)}


def test_the_migration_brings_in_drafts_reviewed_before_the_memory(tmp_path):
    path = tmp_path / "reader.sqlite"
    Store(path).close()
    con = sqlite3.connect(path)  # as a database from before the memory existed
    con.execute("DROP TABLE tm_units")
    con.execute("DELETE FROM _sqlite_migrations WHERE migration_set = 'reader-tm'")
    con.executemany(
        "INSERT INTO drafts (article_id, sentence, source, draft, reviewed, updated) VALUES (?, ?, ?, ?, ?, ?)",
        [("a1", 0, "２０２５年です。", "It is 2025.", 1, "2025-01-01"),
         ("a2", 0, "2025年です。", "It is 2025.", 1, "2025-01-02"),  # the same unit, normalised
         ("a2", 1, "未確認です。", "Unchecked.", 0, "2025-01-02")],
    )
    con.commit()
    con.close()
    store = Store(path)
    tm = TranslationMemory(store)
    assert tm.count() == 1  # the duplicate is gone before anything counts
    assert tm.exact("2025年です。").article_id == "a2"
    assert [m.target for m in tm.matches("2025年です。")] == ["It is 2025."]
    store.close()


def test_a_large_memory_builds_its_index_on_a_thread_and_scans_meanwhile(store, monkeypatch):
    from reader.core.translation import tm as tm_module

    monkeypatch.setattr(tm_module, "_BUILD_INLINE_UP_TO", 3)
    memory = TranslationMemory(store)
    for n, source in enumerate(SENTENCES):
        memory.add(source, f"translation {n}", "a1")
    query = SENTENCES[0][:-1] + "よ。"
    first = memory.matches(query)  # scans
    second = memory.matches(query)  # starts the build, scans
    for _ in range(200):
        with memory._cache.lock:
            if memory._cache.index is not None:
                break
        time.sleep(0.01)
    memory.add("新しい文です。", "A new sentence.", "a2")
    assert memory.matches(query) == first == second  # now from the index
    assert memory._cache.index is not None and len(memory._cache.index) == len(SENTENCES) + 1
    assert memory.matches("新しい文です。")[0].target == "A new sentence."
