"""Exporting a translation, in process: the English draft as text, Markdown and Word, and
the bilingual page; a sentence's English is its draft, else its machine translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.translation import export

TEXT = "停戦への道\n\n平和が大切だ。戦争は終わる。\n・第一の点\n"


@pytest.fixture(scope="module")
def sentences(annotator):
    return list(annotator.iter_annotate(TEXT))


@pytest.fixture
def rows(sentences):
    drafts = ["The road to a ceasefire", "Peace matters.", "", ""]
    machine = ["", "", "The war ends.", "The first point"]
    return export.lines(sentences, drafts, machine)


def test_a_draft_wins_over_the_machine_and_missing_ones_are_empty(sentences):
    got = export.lines(sentences, ["Mine", ""], ["MT one", "MT two", "MT three"])
    assert [line.english for line in got] == ["Mine", "MT two", "MT three", ""]
    assert [line.sentence for line in got] == sentences


def test_paragraphs_follow_the_input_lines(rows):
    assert export.paragraphs(rows) == [
        ("heading", "The road to a ceasefire"),
        ("text", "Peace matters. The war ends."),
        ("list", "The first point"),
    ]


def test_text_and_markdown(rows):
    assert export.draft_text("Title", rows) == (
        "Title\n\nThe road to a ceasefire\n\nPeace matters. The war ends.\n\nThe first point\n"
    )
    assert export.draft_markdown("Title", rows) == (
        "# Title\n\n## The road to a ceasefire\n\nPeace matters. The war ends.\n\n- The first point\n"
    )
    assert export.draft_text("", rows).startswith("The road")


def test_empty_english_leaves_no_empty_paragraphs(sentences):
    rows = export.lines(sentences, [], [])
    assert export.paragraphs(rows) == []
    assert export.draft_text("T", rows) == "T\n\n\n"


def test_files_by_suffix(rows, tmp_path: Path):
    import docx

    for name in ("a.txt", "a.md", "a.docx", "a.html", "a.HTM"):
        assert export.export(tmp_path / name, "Title", rows) == tmp_path / name
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("Title\n\nThe road")
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# Title")
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(tmp_path / "a.docx")).paragraphs]
    assert paragraphs == [
        ("Heading 1", "Title"),
        ("Heading 2", "The road to a ceasefire"),
        ("Normal", "Peace matters. The war ends."),
        ("List Bullet", "The first point"),
    ]
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 4 and "<ruby>停戦<rt>ていせん</rt></ruby>" in page
    assert "default-src 'none'" in page


def test_the_bilingual_page_escapes_both_sides(sentences):
    rows = export.lines(sentences, ["<script>alert(1)</script>"], [])
    page = export.bilingual_html("<i>title</i>", rows)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<i>" not in page and "&lt;i&gt;title&lt;/i&gt;" in page


def test_unknown_formats_and_unwritable_places_say_what_to_do(rows, tmp_path: Path):
    with pytest.raises(ReaderError, match="cannot export to a.xyz") as caught:
        export.export(tmp_path / "a.xyz", "T", rows)
    assert ".txt" in caught.value.advice
    with pytest.raises(ReaderError, match="cannot write .*a.txt: it does not exist") as caught:
        export.export(tmp_path / "missing" / "a.txt", "T", rows)
    assert "folder" in caught.value.advice
