"""The `reader` command as a user runs it: real files, real subprocesses."""

import json

import pytest

from tests.cli.checks import fails_cleanly
from tests.conftest import run_cli

SAMPLE = "2025年8月のアンカレッジ米ロ首脳会談以降、停戦に向けた外交は「領土交換」を軸とする。\n1.はじめに\n"


def _ok(done):
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")




@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_json_contract(sample_file, dictionary):
    data = json.loads(_ok(run_cli("annotate", str(sample_file), "--format", "json")))
    assert set(data) == {"sentences"}
    assert [s["text"] for s in data["sentences"]] == [SAMPLE.split("\n")[0], "1.はじめに"]
    for s in data["sentences"]:
        assert set(s) == {"text", "start", "end", "tokens", "words"}
        assert SAMPLE[s["start"] : s["end"]] == s["text"]
        assert "".join(t["surface"] for t in s["tokens"]) == s["text"]
        for t in s["tokens"]:
            assert set(t) == {"surface", "start", "end", "reading", "base", "pos", "ruby", "glosses"}
            assert SAMPLE[t["start"] : t["end"]] == t["surface"]
            assert "".join(r["text"] for r in t["ruby"]) == t["surface"]
            assert all(isinstance(g, str) for g in t["glosses"])
    tokens = {t["surface"]: t for s in data["sentences"] for t in s["tokens"]}
    assert tokens["2025"]["ruby"] == [{"text": "2025", "reading": "にせんにじゅうご"}]
    assert tokens["停戦"]["reading"] == "ていせん"
    assert any("ceasefire" in g for g in tokens["停戦"]["glosses"])
    assert tokens["向け"]["base"] == "向ける"
    assert tokens["向け"]["ruby"] == [{"text": "向", "reading": "む"}, {"text": "け", "reading": ""}]
    assert tokens["、"]["glosses"] == [] and tokens["、"]["ruby"][0]["reading"] == ""
    words = {w["text"]: w for s in data["sentences"] for w in s["words"]}
    assert words["首脳会談"]["kind"] == "compound" and words["首脳会談"]["tokens"][1] - words["首脳会談"]["tokens"][0] == 1
    assert words["向けた"]["base"] == "向ける" and words["向けた"]["inflections"] == ["past"]
    assert SAMPLE[words["向けた"]["start"] : words["向けた"]["end"]] == "向けた"


def test_text_format(sample_file, dictionary):
    out = _ok(run_cli("annotate", str(sample_file)))
    assert out.startswith("2025[にせんにじゅうご]年[ねん]8[はち]月[がつ]のアンカレッジ")
    assert "停戦[ていせん]に向[む]けた(向ける: past)" in out
    assert out.endswith("1[いち].はじめに\n")


def test_html_format_is_escaped_and_self_contained(tmp_path, dictionary):
    path = tmp_path / "x.txt"
    path.write_text("<script>alert(1)</script>停戦に向けた。\n", encoding="utf-8")
    out = _ok(run_cli("annotate", str(path), "--format", "html", "--title", "A & B"))
    assert out.startswith("<!DOCTYPE html>")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<ruby>停戦<rt>ていせん</rt></ruby>" in out
    assert 'title="armistice; ceasefire' in out
    assert "<title>A &amp; B</title>" in out
    assert "http://" not in out and "https://" not in out


def test_stdin_and_legacy_encodings(dictionary):
    out = _ok(run_cli("annotate", "-", stdin=SAMPLE.encode("cp932")))
    assert "停戦[ていせん]" in out
    out = _ok(run_cli("annotate", "-", "--no-glosses", stdin=SAMPLE.encode("euc_jp")))
    assert "首脳[しゅのう]" in out


def test_lookup_explains_the_word_at_the_start(dictionary):
    out = _ok(run_cli("lookup", "食べさせられなかったので"))
    assert out.startswith("食べる【たべる】")
    assert "食べさせられなかった: 食べる « causative « passive « negative « past" in out
    assert "to eat" in out
    data = json.loads(_ok(run_cli("lookup", "首脳会談が開かれた", "--format", "json")))
    assert data["base"] == "首脳会談" and data["kind"] == "compound"
    assert "summit meeting" in data["entries"][0]["senses"][0]["glosses"]
    assert [p["text"] for p in data["parts"]] == ["首脳", "会談"]
    data = json.loads(_ok(run_cli("lookup", "トランプ大統領", "-f", "json")))
    assert data["entries"][0]["kind"] == "name" and data["entries"][0]["senses"][0]["glosses"] == ["Trump"]


def test_lookup_of_no_word_fails_cleanly(dictionary):
    done = run_cli("lookup", "   ")
    assert done.returncode != 0 and b"Traceback" not in done.stderr
    assert b"no word found" in done.stderr


def test_text_that_is_not_japanese_passes_through(tmp_path, dictionary):
    text = "Hello, world. Ünïcödé 😀 e\u0301 — tabs\tand  spaces.\n"
    path = tmp_path / "en.txt"
    path.write_text(text, encoding="utf-8")
    assert _ok(run_cli("annotate", str(path))) == text


@pytest.mark.parametrize(
    "make, needles",
    [
        (lambda p: p.write_bytes(b""), ["empty"]),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), ["binary"]),
        (lambda p: p.mkdir(), ["folder"]),
        (lambda p: None, ["does not exist"]),
    ],
    ids=["empty", "binary", "directory", "missing"],
)
def test_bad_input_is_one_clear_line(tmp_path, make, needles):
    path = tmp_path / "input.txt"
    make(path)
    err = fails_cleanly(run_cli("annotate", str(path)))
    assert any(n in err.lower() for n in needles), err


def test_huge_file_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.write("日本語".encode())
        f.truncate(50 * 1024 * 1024)
    fails_cleanly(run_cli("annotate", str(path)), "MB")


def test_missing_dictionary_says_how_to_build(tmp_path, sample_file):
    done = run_cli("annotate", str(sample_file), env={"READER_DICT_DIR": str(tmp_path)})
    fails_cleanly(done, "reader setup", "reader dict build")


def test_dict_info(dictionary):
    out = _ok(run_cli("dict", "info"))
    assert "jamdict-data" in out and "2021" in out
    entries = int(next(line for line in out.splitlines() if line.startswith("entries:")).split(":")[1])
    assert entries > 150_000


def test_dict_build_from_jmdict_xml(tmp_path):
    from tests.conftest import ROOT

    out = tmp_path / "d" / "jmdict.sqlite"
    xml = ROOT / "tests" / "data" / "JMdict_tiny.xml"
    _ok(run_cli("dict", "build", "--jmdict", str(xml), "--output", str(out)))
    info = _ok(run_cli("dict", "info", env={"READER_DICT_DIR": str(out.parent)}))
    assert "2025-01-01" in info


def test_dict_build_rejects_a_bad_file(tmp_path):
    bad = tmp_path / "JMdict_e.gz"
    bad.write_bytes(b"not gzip at all")
    fails_cleanly(run_cli("dict", "build", "--jmdict", str(bad), "--output", str(tmp_path / "o.sqlite")), "JMdict_e.gz")
    assert not (tmp_path / "o.sqlite").exists()


def test_show_prints_first_article(dictionary):
    out = _ok(run_cli("show"))
    assert out.startswith("トランプ主導のウクライナ和平交渉に潜む帝国主義の影\n渡辺洋介")
    assert "首脳[しゅのう]会談[かいだん]" in out


def test_articles_list_and_show():
    out = _ok(run_cli("articles"))
    assert out.count("\n") == 8 and "2025-10-16-henoko-rally" in out
    assert _ok(run_cli("articles", "3")).startswith("10月号もくじ")
