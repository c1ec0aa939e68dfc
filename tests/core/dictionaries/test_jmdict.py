"""Dictionary building and lookup: a hand-made JMdict XML, bad sources, and the real data."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.dictionaries.build import (
    BuildInfo,
    build_from_jamdict,
    build_from_jmdict_xml,
    is_current,
)
from reader.core.dictionaries.jmdict import Dictionary
from reader.core.errors import DictionaryError, DictionaryMissing
from tests.conftest import DATA

TINY = DATA / "JMdict_tiny.xml"
TINY_ENTRIES = 16


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "jmdict.sqlite"
    build_from_jmdict_xml(TINY, out)
    return out


@pytest.fixture(scope="module")
def tiny(tiny_db: Path):
    d = Dictionary(tiny_db)
    yield d
    d.close()


# --- building from XML ------------------------------------------------------------------------


def test_build_reports_what_it_built(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = tmp_path / "sub" / "jmdict.sqlite"
    info = build_from_jmdict_xml(TINY, out, progress=lambda done, total: seen.append((done, total)))
    assert isinstance(info, BuildInfo)
    assert (info.entries, info.date, info.path) == (TINY_ENTRIES, "2025-01-01", out)
    assert "JMdict_tiny.xml" in info.source
    assert seen and seen[-1][0] == seen[-1][1]
    assert out.is_file() and not list(out.parent.glob("*.tmp"))


def test_info(tiny: Dictionary, tiny_db: Path) -> None:
    info = tiny.info()
    assert info["date"] == "2025-01-01"
    assert "JMdict_tiny.xml" in info["source"]
    assert info["entries"] == str(TINY_ENTRIES)
    assert info["path"] == str(tiny_db)
    assert info["built_at"].endswith("Z")


def test_gzipped_xml_builds_the_same(tmp_path: Path, tiny: Dictionary) -> None:
    gz = tmp_path / "JMdict_e.gz"
    gz.write_bytes(gzip.compress(TINY.read_bytes()))
    info = build_from_jmdict_xml(gz, tmp_path / "jmdict.sqlite")
    assert (info.entries, info.date) == (TINY_ENTRIES, "2025-01-01")
    with Dictionary(info.path) as d:
        assert d.lookup("停戦", "ていせん") == tiny.lookup("停戦", "ていせん")


# --- lookups on the tiny dictionary -------------------------------------------------------------

# name: (base, reading, surface, entry ids best first, word and reading of the first entry)
TINY_LOOKUPS: dict[str, tuple[str, str, str, list[int], tuple[str, str] | None]] = {
    "plain": ("停戦", "ていせん", "", [1434980], ("停戦", "ていせん")),
    "katakana-reading": ("停戦", "テイセン", "", [1434980], ("停戦", "ていせん")),
    "inflected": ("向ける", "むける", "向けた", [1277100], ("向ける", "むける")),
    "variant-spelling": ("主脳", "しゅのう", "", [1329360], ("主脳", "しゅのう")),
    "okurigana": ("取り引き", "とりひき", "", [1599120], ("取り引き", "とりひき")),
    "second-reading": ("日本", "にっぽん", "", [1582710], ("日本", "にっぽん")),
    "no-reading": ("日本", "", "", [1582710], ("日本", "にほん")),
    "reading-picks-pair": ("今日", "こんにち", "", [1579110], ("今日", "こんにち")),
    "homograph-1": ("生物", "なまもの", "", [1379440], ("生物", "なまもの")),
    "homograph-2": ("生物", "せいぶつ", "", [1379430], ("生物", "せいぶつ")),
    "homograph-common": ("生物", "", "", [1379430, 1379440], ("生物", "せいぶつ")),
    "restricted-reading": ("琴", "そう", "", [1241450], ("琴", "こと")),
    "restriction-target": ("箏", "そう", "", [1241450], ("箏", "そう")),
    "uk-first": ("する", "する", "", [1157170, 1298670], ("する", "する")),
    "uk-kanji": ("為る", "する", "", [1157170], ("為る", "する")),
    "kana-ranking": ("こと", "こと", "", [1313580, 2524270, 1241450], ("こと", "こと")),
    "katakana": ("コト", "こと", "コト", [1313580, 2524270, 1241450], ("こと", "こと")),
    "loanword": ("ニュース", "にゅーす", "", [1091500], ("ニュース", "ニュース")),
    "nokanji": ("カタログ", "かたろぐ", "", [1037560], ("カタログ", "カタログ")),
    "surface": ("未知語", "", "会談", [1198760], ("会談", "かいだん")),
    "prefix": ("停戦交渉", "", "停戦交渉", [1434980], ("停戦", "ていせん")),
    "kana-no-prefix": ("アンカレッジ", "あんかれっじ", "アンカレッジ", [], None),
    "empty": ("", "", "", [], None),
}


@pytest.mark.parametrize(
    ("base", "reading", "surface", "ids", "first"),
    list(TINY_LOOKUPS.values()),
    ids=list(TINY_LOOKUPS),
)
def test_tiny_lookup(
    tiny: Dictionary,
    base: str,
    reading: str,
    surface: str,
    ids: list[int],
    first: tuple[str, str] | None,
) -> None:
    entries = tiny.lookup(base, reading, surface)
    assert [e.id for e in entries] == ids
    if first:
        assert (entries[0].word, entries[0].reading) == first


def test_entry_fields(tiny: Dictionary) -> None:
    (entry,) = tiny.lookup("停戦", "ていせん")
    assert entry.glosses == ("ceasefire", "armistice", "truce")
    assert entry.common and entry.nf == 12
    assert entry.senses[0].pos == (
        "noun (common) (futsuumeishi)",
        "noun or participle which takes the aux. verb suru",
    )


@pytest.mark.parametrize(
    ("base", "reading", "common", "nf"),
    [
        ("日本", "にほん", True, 25),
        ("日本", "にっぽん", False, None),
        ("今日", "きょう", True, None),
    ],
)
def test_priority_belongs_to_the_pairing(
    tiny: Dictionary, base: str, reading: str, common: bool, nf: int | None
) -> None:
    entry = tiny.lookup(base, reading)[0]
    assert (entry.common, entry.nf) == (common, nf)


def test_sense_without_pos_inherits_the_previous_one(tiny: Dictionary) -> None:
    head = tiny.lookup("首脳", "しゅのう")[0]
    assert head.senses[1].glosses == ("important part",)
    assert head.senses[1].pos == head.senses[0].pos == ("noun (common) (futsuumeishi)",)


def test_english_glosses_only(tiny: Dictionary) -> None:
    assert tiny.lookup("ニュース", "にゅーす")[0].glosses == ("news",)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("琴", ["こと"]),
        ("箏", ["こと"]),
        ("型録", ["かたろぐ"]),
        ("生物", ["せいぶつ", "なまもの"]),
        ("ことば", []),
    ],
)
def test_lookup_form(tiny: Dictionary, text: str, readings: list[str]) -> None:
    assert [e.reading for e in tiny.lookup_form(text)] == readings


@pytest.mark.parametrize(
    ("text", "length", "ids"),
    [
        ("日本語", 2, [1582710]),
        ("会談", 2, [1198760]),
        ("語", 0, []),
        ("カタログ集", 4, [1037560]),
    ],
)
def test_longest_prefix(tiny: Dictionary, text: str, length: int, ids: list[int]) -> None:
    found, entries = tiny.longest_prefix(text)
    assert (found, [e.id for e in entries]) == (length, ids)


def test_repeated_lookups_return_the_same_answer(tiny: Dictionary) -> None:
    first = tiny.lookup("会談", "かいだん")
    tiny.clear_cache()
    assert tiny.lookup("会談", "かいだん") == first
    assert tiny.lookup("会談", "かいだん") is tiny.lookup("会談", "かいだん")


# --- atomic builds and bad sources --------------------------------------------------------------


def _truncated_xml(tmp_path: Path) -> Path:
    bad = tmp_path / "JMdict_e"
    data = TINY.read_bytes()
    bad.write_bytes(data[: int(len(data) * 0.8)])  # several whole entries, then cut mid-entry
    return bad


def test_failed_build_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "jmdict.sqlite"
    with pytest.raises(DictionaryError):
        build_from_jmdict_xml(_truncated_xml(tmp_path), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["JMdict_e"]


def test_failed_build_keeps_the_previous_dictionary(tmp_path: Path, tiny_db: Path) -> None:
    out = tmp_path / "jmdict.sqlite"
    shutil.copy(tiny_db, out)
    before = out.read_bytes()
    with pytest.raises(DictionaryError):
        build_from_jmdict_xml(_truncated_xml(tmp_path), out)
    assert out.read_bytes() == before
    assert not list(out.parent.glob("*.tmp"))
    with Dictionary(out) as d:
        assert d.info()["entries"] == str(TINY_ENTRIES)


def test_interrupted_build_cleans_up(tmp_path: Path) -> None:
    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "jmdict.sqlite"
    with pytest.raises(KeyboardInterrupt):
        build_from_jmdict_xml(TINY, out, progress=interrupt)
    assert not out.exists() and not list(out.parent.glob("*.tmp"))


def _not_xml(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("this is not XML at all\n", encoding="utf-8")
    return path


def _html(tmp_path: Path) -> Path:
    path = tmp_path / "page.xml"
    path.write_text("<?xml version='1.0'?><html><body>hi</body></html>", encoding="utf-8")
    return path


def _empty_jmdict(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xml"
    path.write_text("<?xml version='1.0'?><JMdict></JMdict>", encoding="utf-8")
    return path


def _truncated_gz(tmp_path: Path) -> Path:
    path = tmp_path / "JMdict_e.gz"
    data = gzip.compress(TINY.read_bytes())
    path.write_bytes(data[: len(data) // 2])
    return path


def _fake_gz(tmp_path: Path) -> Path:
    path = tmp_path / "JMdict_e.gz"
    path.write_bytes(b"not gzip at all")
    return path


def _undefined_entity(tmp_path: Path) -> Path:
    path = tmp_path / "nodtd.xml"
    path.write_text("<JMdict><entry><ent_seq>1</ent_seq><pos>&n;</pos></entry></JMdict>")
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_not_xml, "not valid or complete XML"),
        (lambda tmp: tmp, "is not a file"),
        (lambda tmp: tmp / "missing.xml", "is not a file"),
        (_html, "not a JMdict file"),
        (_empty_jmdict, "no JMdict entries"),
        (_truncated_gz, "truncated or corrupt gzip"),
        (_fake_gz, "not a gzip file"),
        (_truncated_xml, "not valid or complete XML"),
        (_undefined_entity, "not valid or complete XML"),
    ],
    ids=[
        "not-xml", "directory", "missing", "not-jmdict", "empty", "truncated-gz", "fake-gz",
        "cut", "entity",
    ],
)
def test_bad_xml_sources(tmp_path: Path, make, says: str) -> None:
    source = make(tmp_path)
    out = tmp_path / "out" / "jmdict.sqlite"
    with pytest.raises(DictionaryError) as caught:
        build_from_jmdict_xml(source, out)
    assert says in caught.value.message
    assert str(source) in caught.value.message
    assert caught.value.advice
    assert not out.exists() and not list(out.parent.glob("*.tmp"))


@pytest.mark.parametrize("kind", ["missing", "not-sqlite", "other-sqlite"])
def test_bad_jamdict_sources(tmp_path: Path, tiny_db: Path, kind: str) -> None:
    source = {"missing": tmp_path / "nope.db", "other-sqlite": tiny_db}.get(kind, TINY)
    with pytest.raises(DictionaryError) as caught:
        build_from_jamdict(tmp_path / "jmdict.sqlite", source_db=source)
    assert str(source) in caught.value.message
    assert not (tmp_path / "jmdict.sqlite").exists()


# --- opening ------------------------------------------------------------------------------------


def test_missing_dictionary(tmp_path: Path) -> None:
    with pytest.raises(DictionaryMissing) as caught:
        Dictionary(tmp_path / "jmdict.sqlite")
    assert str(tmp_path) in caught.value.message


def _other_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t(x)")
    con.close()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_bytes(b"random bytes, not a database" * 100), "not a reader dictionary"),
        (lambda p: p.write_bytes(b""), "not a reader dictionary"),
        (_other_sqlite, "not a reader dictionary"),
    ],
    ids=["random", "empty", "other-sqlite"],
)
def test_not_a_dictionary(tmp_path: Path, make, says: str) -> None:
    path = tmp_path / "jmdict.sqlite"
    make(path)
    with pytest.raises(DictionaryError) as caught:
        Dictionary(path)
    assert says in caught.value.message and str(path) in caught.value.message
    assert "reader dict build" in caught.value.advice


def test_other_schema_version(tmp_path: Path, tiny_db: Path) -> None:
    path = tmp_path / "jmdict.sqlite"
    shutil.copy(tiny_db, path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(DictionaryError, match="another version"):
        Dictionary(path)


# --- the real dictionary (conftest builds it from jamdict-data if missing) ---------------------

REAL_LOOKUPS = [
    ("停戦", "ていせん", "", "ceasefire"),
    ("首脳", "しゅのう", "", "head"),
    ("会談", "かいだん", "", "conference"),
    ("向ける", "むける", "向けた", "to turn towards"),
    ("領土", "りょうど", "", "territory"),
    ("侵犯", "しんぱん", "", "violation"),
    ("撃墜", "げきつい", "", "shooting down"),
    ("する", "する", "", "to do"),
    ("大統領", "だいとうりょう", "", "president"),
    ("日本", "にっぽん", "", "Japan"),
    ("日本", "にほん", "", "Japan"),
    ("ニュース", "にゅーす", "", "news"),
    ("こと", "こと", "", "thing"),
    ("ある", "ある", "", "to be"),
    ("いう", "いう", "", "to say"),
    ("首脳会談", "しゅのうかいだん", "", "summit"),
    ("NATO", "", "NATO", "North Atlantic Treaty Organization"),  # JMdict spells it ＮＡＴＯ
    ("撃墜する", "", "撃墜", "shooting down"),  # surface fallback
    ("防空支援", "", "防空支援", "air defense"),  # not in JMdict: prefix 防空
    ("航空監視任務", "", "航空監視任務", "aviation"),  # prefix 航空
]


@pytest.mark.parametrize(("base", "reading", "surface", "gloss"), REAL_LOOKUPS)
def test_real_lookup(
    dictionary: Dictionary, base: str, reading: str, surface: str, gloss: str
) -> None:
    entries = dictionary.lookup(base, reading, surface)
    assert entries, f"nothing for {base}"
    assert any(gloss in g for g in entries[0].glosses), entries[0].glosses


def test_real_anchorage_is_not_in_jmdict(dictionary: Dictionary) -> None:
    assert dictionary.lookup("アンカレッジ", "あんかれっじ", "アンカレッジ") == ()


def test_real_priority_and_info(dictionary: Dictionary) -> None:
    (ceasefire,) = dictionary.lookup("停戦", "ていせん")
    assert (ceasefire.id, ceasefire.common, ceasefire.nf) == (1434980, True, 2)
    info = dictionary.info()
    assert int(info["entries"]) > 180_000
    assert info["date"] and info["source"]


# --- schema 2: names and kanji -----------------------------------------------------------------


def test_xml_build_has_no_names_or_kanji(tiny: Dictionary) -> None:
    # JMdict XML carries neither JMnedict nor KANJIDIC2: lookups find nothing, never fail.
    assert (tiny.info()["names"], tiny.info()["kanji"]) == ("0", "0")
    assert tiny.lookup_names("渡辺", "わたなべ") == ()
    assert tiny.lookup_names("アンカレッジ") == ()
    assert tiny.kanji("停") is None


def test_real_names_and_kanji_are_built(dictionary: Dictionary) -> None:
    info = dictionary.info()
    assert int(info["names"]) > 700_000 and int(info["kanji"]) > 13_000
    (henoko,) = dictionary.lookup_names("辺野古")
    assert (henoko.word, henoko.reading, henoko.glosses, henoko.is_name) == (
        "辺野古", "へのこ", ("Henoko",), True
    )


def _with_schema(path: Path, version: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    con.close()


def test_is_current(tmp_path: Path, tiny_db: Path) -> None:
    assert is_current(tiny_db)
    old = tmp_path / "old.sqlite"
    shutil.copy(tiny_db, old)
    _with_schema(old, "1")
    assert not is_current(old)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    assert not is_current(garbage)
    assert not is_current(tmp_path / "missing.sqlite")
    assert not is_current(tmp_path)
