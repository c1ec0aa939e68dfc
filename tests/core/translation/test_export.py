"""Exporting a translation, in process: the English draft as text, Markdown and Word, and
the bilingual page. An export says what it holds: a sentence's English is its draft;
machine text only when asked, marked [MT]; gaps marked [untranslated]; a count first."""

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
    return export.lines(sentences, drafts, machine, fill_with_machine=True)


def test_a_draft_wins_and_machine_text_comes_only_when_asked_and_marked(sentences):
    drafts, machine = ["Mine", ""], ["MT one", "MT two", "MT three"]
    got = export.lines(sentences, drafts, machine)
    assert [line.shown for line in got] == ["Mine", "[untranslated]", "[untranslated]", "[untranslated]"]
    filled = export.lines(sentences, drafts, machine, fill_with_machine=True)
    assert [line.shown for line in filled] == ["Mine", "[MT] MT two", "[MT] MT three", "[untranslated]"]
    assert [line.source for line in filled] == ["draft", "machine", "machine", "untranslated"]
    assert [line.sentence for line in got] == sentences
    assert export.summary(filled) == (
        "1 of 4 sentences in your draft; 2 machine-translated, marked [MT]; 1 untranslated, marked [untranslated]."
    )


def test_paragraphs_follow_the_input_lines(rows):
    assert export.paragraphs(rows) == [
        ("heading", "The road to a ceasefire"),
        ("text", "Peace matters. [MT] The war ends."),
        ("list", "[MT] The first point"),
    ]


def test_text_and_markdown(rows):
    counted = "(2 of 4 sentences in your draft; 2 machine-translated, marked [MT].)"
    assert export.draft_text("Title", rows) == (
        f"Title\n\n{counted}\n\nThe road to a ceasefire\n\nPeace matters. [MT] The war ends.\n\n[MT] The first point\n"
    )
    assert export.draft_markdown("Title", rows) == (
        f"# Title\n\n*{counted[1:-1]}*\n\n## The road to a ceasefire\n\n"
        "Peace matters. [MT] The war ends.\n\n- [MT] The first point\n"
    )
    assert export.draft_text("", rows).startswith(counted)


def test_empty_english_leaves_no_empty_paragraphs(sentences):
    rows = export.lines(sentences, [], [])
    assert [kind for kind, _ in export.paragraphs(rows)] == ["heading", "text", "list"]  # each marked
    assert all("[untranslated]" in text for _, text in export.paragraphs(rows))


def test_files_by_suffix(rows, tmp_path: Path):
    import docx

    for name in ("a.txt", "a.md", "a.docx", "a.html", "a.HTM"):
        assert export.export(tmp_path / name, "Title", rows) == tmp_path / name
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("Title\n\n(2 of 4 sentences")
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# Title")
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(tmp_path / "a.docx")).paragraphs]
    assert paragraphs == [
        ("Heading 1", "Title"),
        ("Normal", "2 of 4 sentences in your draft; 2 machine-translated, marked [MT]."),
        ("Heading 2", "The road to a ceasefire"),
        ("Normal", "Peace matters. [MT] The war ends."),
        ("List Bullet", "[MT] The first point"),
    ]
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 5 and "<th>English</th>" in page and "<ruby>停戦<rt>ていせん</rt></ruby>" in page
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
