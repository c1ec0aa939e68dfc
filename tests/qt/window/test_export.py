"""Exporting the translation: each format written and opened back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from reader.core.library import bundled
from tests.qt.conftest import open_and_wait

ARTICLE = bundled.list_articles()[1].id


@pytest.fixture
def drafted(qtbot, window):
    open_and_wait(qtbot, window, ARTICLE)
    window.translation.edit_draft(0, "On October 21, Sanae Takaichi took office as prime minister.")
    window.translation.edit_draft(1, "Komeito left the government.")
    return window


def test_text_markdown_docx_html(drafted, tmp_path):
    import docx

    title = bundled.load_article(ARTICLE).info.title
    for name in ("t.txt", "t.md", "t.docx", "t.html"):
        drafted.translation.export(tmp_path / name)
    text = (tmp_path / "t.txt").read_text(encoding="utf-8")
    # the two sentences stand on one line of the original, so they make one paragraph
    assert text.startswith(title + "\n\n")
    assert "took office as prime minister. Komeito left the government.\n" in text
    assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith(f"# {title}")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "t.docx")).paragraphs]
    assert paragraphs[0] == title and any(p.endswith("Komeito left the government.") for p in paragraphs)
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<ruby>" in html and "Sanae Takaichi" in html and "<script" not in html


def test_pdf_has_both_languages(qtbot, drafted, tmp_path):
    import pypdf

    from tests.qt.fonts import require_japanese_font

    require_japanese_font()  # without one the PDF has no Japanese: say what to install

    path = tmp_path / "t.pdf"
    drafted.translation.export(path)
    qtbot.waitUntil(lambda: path.exists() and path.stat().st_size > 1000, timeout=30000)
    qtbot.wait(300)
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages)
    assert "October" in text and "Komeito" in text  # the English column
    assert "衆議院議員" in text and "たかいち" in text  # the Japanese with its furigana


def test_copy_the_whole_draft(drafted):
    drafted.translation.copy_draft()
    assert "Komeito left the government." in QApplication.clipboard().text()


def test_unknown_format_is_a_dialog(qtbot, drafted, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    drafted.translation.export(tmp_path / "t.xyz")
    qtbot.waitUntil(lambda: any(b.objectName() == "errorDialog" for b in drafted.findChildren(QMessageBox)), timeout=5000)
