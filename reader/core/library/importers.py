"""Bring a user's file in as an article: plain text, Markdown, a saved web page
(html.py), an EPUB (epub.py). Each importer stays within the 16 MB text limit, and
says which limit a file is over."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from reader.core.errors import InputError
from reader.core.library import epub, html
from reader.core.library.files import Imported, check_text, pasted_title, title_of
from reader.core.text.decode import clean_controls, read_text_file

__all__ = ["SUPPORTED", "Imported", "import_file", "import_text"]

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")

_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")


def import_file(path: Path | str) -> Imported:
    """Read a file as an article, choosing the reader by suffix; unknown suffixes as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return html.import_html(path)
    if suffix == ".epub":
        return epub.import_epub(path)
    notes: list[str] = []
    text = read_text_file(path, notes)  # bounded in bytes by read_text_file itself
    text = clean_controls(text, path.name, notes)  # stray controls pasted in: dropped, and said
    if not text.strip():
        raise InputError(f"{path} holds no text", "choose a file that contains text")
    if suffix in (".md", ".markdown"):
        return dataclasses.replace(_import_markdown(path, text), notes=tuple(notes))
    return Imported(title_of(text, path.stem), text, path.name, notes=tuple(notes))


def import_text(text: str, *, title: str = "") -> Imported:
    """Pasted text as an article; only line endings change, and stray control characters
    go as in a file (which ``notes`` says)."""
    notes: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = clean_controls(text, "the pasted text", notes)
    check_text(text, "the pasted text")
    return Imported(title.strip() or pasted_title(text), text, "", notes=tuple(notes))


def _import_markdown(path: Path, text: str) -> Imported:
    """Markdown with its heading marks and emphasis asterisks taken off."""
    plain = _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub(r"\1", text))
    heading = re.match(r"#[ \t]", text.lstrip())  # a leading "# Title"
    title = plain.lstrip().partition("\n")[0].strip() if heading else ""
    return Imported(title or title_of(plain, path.stem), plain, path.name)
