"""`reader drafts export|import|list`, `reader qa`, `reader tm import|export|match`, run as a
user would, against a scratch data folder (tests/conftest.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.storage.store import Store
from reader.core.translation.drafts import Drafts
from reader.core.translation.xliff import NS
from tests.conftest import run_cli

ARTICLE = "東京で2025年に会議が開かれた。首脳会談は8月15日だった。\n参加者は1,200人だった。東京で2025年に会議が開かれた。\n"


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "kaigi.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _drafts(article_id: str = "imp-1") -> dict[int, tuple[str, bool]]:
    with Store() as store:
        return Drafts(store).load(article_id)


def _edit(path: Path, targets: dict[str, tuple[str, str]]) -> None:
    """Set targets (id -> (text, state)) as a CAT tool would."""
    tree = ET.parse(path)
    for unit in tree.getroot().iterfind(f".//{{{NS}}}trans-unit"):
        if unit.get("id") in targets:
            text, state = targets[unit.get("id")]
            target = unit.find(f"{{{NS}}}target")
            if target is None:
                target = ET.SubElement(unit, f"{{{NS}}}target")
            target.text, target.attrib["state"] = text, state
    tree.write(path, encoding="utf-8", xml_declaration=True)


def test_xliff_out_and_back_then_qa(article, tmp_path, capsys):
    xlf = tmp_path / "kaigi.xlf"
    code, out, err = _run(capsys, "drafts", "export", str(article), "-o", str(xlf))
    assert code == 0 and "imported kaigi.txt as article imp-1" in err
    assert out == f"wrote {xlf}: 0 of 4 sentences drafted, 0 reviewed\n"
    _edit(xlf, {"1": ("A meeting was held in Tokyo in 2024.", "signed-off"),
                "3": ("There were 1200 participants  (all.", "translated")})
    code, out, err = _run(capsys, "drafts", "import", str(xlf))
    assert (code, err) == (0, "")
    assert out == "updated 2 drafts of imp-1 (1 reviewed, now in the memory); 2 unchanged\n"
    assert _drafts() == {0: ("A meeting was held in Tokyo in 2024.", True),
                         2: ("There were 1200 participants  (all.", False)}

    code, out, _ = _run(capsys, "qa", str(article), "--format", "json")  # the same file: the same article
    assert code == 4
    report = json.loads(out)
    assert report["article"] == "imp-1" and report["sentences"] == 4
    assert [(i["sentence"], i["code"]) for i in report["issues"]] == [
        (0, "number"), (1, "empty"), (2, "brackets"), (2, "spaces"), (3, "empty")]
    assert report["issues"][0]["message"] == "2025 of the source not in the draft (the draft has 2024)"
    code, out, _ = _run(capsys, "qa", "imp-1", "--ignore", "empty", "--ignore", "number",
                        "--ignore", "brackets", "--ignore", "spaces")
    assert (code, out) == (0, "0 issues in 4 sentences\n")
    code, out, _ = _run(capsys, "drafts", "list")
    assert out.splitlines()[0] == "imp-1  2 drafted, 1 reviewed  東京で2025年に会議が開かれた。首脳会談は8月15日だった。"

    code, out, _ = _run(capsys, "tm", "match", "東京で2026年に会議が開かれた。", "--format", "json")
    [match] = json.loads(out)["matches"]
    assert match["target"] == "A meeting was held in Tokyo in 2024." and match["diff"] == [[6, 7]]
    assert 90 < match["score"] < 100


@pytest.mark.parametrize(
    "suffix, expected",
    [
        (".txt", "It is Tokyo."),
        (".md", "It is Tokyo."),
        (".html", "<ruby>東京<rt>とうきょう</rt></ruby>"),
        (".tmx", '<prop type="x-reader-sentence">0</prop>'),
    ],
)
def test_exports_and_the_qa_warning(article, tmp_path, capsys, suffix, expected):
    _run(capsys, "drafts", "export", str(article), "-o", str(tmp_path / "first.xlf"))
    with Store() as store:
        Drafts(store).save("imp-1", 0, "東京で2025年に会議が開かれた。", "It is Tokyo.", True)
    path = tmp_path / f"out{suffix}"
    code, out, err = _run(capsys, "drafts", "export", "imp-1", "-o", str(path))
    assert code == 0 and out.startswith(f"wrote {path}: 1 of 4 sentences drafted, 1 reviewed")
    assert err == "reader: warning: QA found 1 issue in the drafts (number); see `reader qa imp-1`\n"
    assert expected in path.read_text(encoding="utf-8")


def test_docx_export(article, tmp_path, capsys):
    import docx

    path = tmp_path / "out.docx"
    assert _run(capsys, "drafts", "export", str(article), "-o", str(path))[0] == 0
    assert "[untranslated]" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_pdf_export_in_its_own_process(article, tmp_path):
    path = tmp_path / "out.pdf"
    done = run_cli("drafts", "export", str(article), "--format", "pdf", "-o", str(path),
                   env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr.decode()
    assert path.read_bytes().startswith(b"%PDF")


def test_a_hostile_file_is_refused_in_one_line_and_nothing_changes(article, tmp_path, capsys):
    xlf = tmp_path / "kaigi.xlf"
    _run(capsys, "drafts", "export", str(article), "-o", str(xlf))
    text = xlf.read_text(encoding="utf-8")
    bad = tmp_path / "bad.xlf"
    bad.write_text(text.replace("?>", '?><!DOCTYPE x [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;">]>', 1)
                   .replace("東京で2025年", "&b;", 1), encoding="utf-8")
    code, out, err = _run(capsys, "drafts", "import", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("reader: bad.xlf declares XML entities (line 1):") and err.count("\n") == 1
    assert _drafts() == {}


def test_mismatched_units_refuse_the_file_unless_asked_to_skip(article, tmp_path, capsys):
    xlf = tmp_path / "kaigi.xlf"
    _run(capsys, "drafts", "export", str(article), "-o", str(xlf))
    _edit(xlf, {"2": ("The summit was on August 15.", "translated")})
    xlf.write_text(xlf.read_text(encoding="utf-8").replace("参加者は1,200人", "参加者は1,300人")
                   .replace('id="3"', 'id="3"').replace('id="4"', 'id="40"'), encoding="utf-8")
    _edit(xlf, {"3": ("1,300 took part.", "translated"), "40": ("x", "translated")})
    code, _, err = _run(capsys, "drafts", "import", str(xlf))
    assert code == 2
    assert ("does not fit article imp-1: unit 3's Japanese is not sentence 3's any more; "
            "unit 40 names no sentence of the article (it has 4); nothing was changed") in err
    assert _drafts() == {}
    code, out, err = _run(capsys, "drafts", "import", str(xlf), "--skip-mismatched")
    assert code == 0 and "skipped 2 units" in err
    assert _drafts() == {1: ("The summit was on August 15.", False)}


def test_tm_export_import_match(article, tmp_path, capsys):
    _run(capsys, "drafts", "export", str(article), "-o", str(tmp_path / "first.xlf"))
    with Store() as store:
        Drafts(store).save("imp-1", 2, "参加者は1,200人だった。", "There were 1,200 participants.", True)
    tmx = tmp_path / "memory.tmx"
    assert _run(capsys, "tm", "export", str(tmx))[1] == f"wrote 1 units to {tmx}\n"
    code, out, _ = _run(capsys, "tm", "import", str(tmx))
    assert (code, out) == (0, "added or updated 1 units; the memory holds 1\n")
    code, out, _ = _run(capsys, "tm", "match", "参加者は１，３００人だった。")
    assert out.splitlines()[0].endswith("%  There were 1,200 participants.")
    assert out.splitlines()[2] == "        differs: 参加者は１，[３]００人だった。"
    code, out, _ = _run(capsys, "tm", "match", "全く違う文です。")
    assert out == "no match of 70% or more\n"
    code, _, err = _run(capsys, "tm", "match", "x", "--threshold", "0")
    assert code == 2 and "--threshold 0 is not between 1 and 100" in err


def test_tmx_drafts_round_trip(article, tmp_path, capsys):
    _run(capsys, "drafts", "export", str(article), "-o", str(tmp_path / "first.xlf"))
    with Store() as store:
        Drafts(store).save("imp-1", 1, "首脳会談は8月15日だった。", "The summit was on August 15.", False)
    tmx = tmp_path / "drafts.tmx"
    _run(capsys, "drafts", "export", "imp-1", "-o", str(tmx))
    tmx.write_text(tmx.read_text(encoding="utf-8").replace("August 15.", "15 August.")
                   .replace('<prop type="x-reader-reviewed">no</prop>', ""), encoding="utf-8")
    code, out, _ = _run(capsys, "drafts", "import", str(tmx))
    assert (code, out) == (0, "updated 1 drafts; 1 units into the memory (which holds 1)\n")
    assert _drafts() == {1: ("The summit was on 15 August.", True)}


def test_unknown_article(capsys):
    code, _, err = _run(capsys, "qa", "no-such-article")
    assert code == 2 and err.startswith("reader: no article or file named 'no-such-article'")
