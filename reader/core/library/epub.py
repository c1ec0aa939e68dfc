"""EPUB books: the chapters in reading order, each an untrusted HTML page (html.py).

Read here rather than by an EPUB library, which loads the whole book, images
included, into memory: only the package file and the chapters are read, each a
chunk at a time under a cap, whatever sizes the archive claims. A book is refused
with the limit it breaks: a 19 MB chapter, a chapter that unpacks past what its
header says, a book of mostly whitespace.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from reader.core.errors import InputError
from reader.core.library import html
from reader.core.library.files import MB, Imported, check_text, os_error, read_bytes, read_capped
from reader.core.text.decode import MAX_INPUT_BYTES

MAX_EPUB_BYTES = 256 * MB  # the book's file
MAX_CHAPTER_BYTES = MAX_INPUT_BYTES  # one chapter's HTML, as a file of text would be
MAX_PACKAGE_BYTES = 4 * MB  # container.xml, the package (.opf) file, encryption.xml
MAX_TEXT_CHARS = MAX_INPUT_BYTES // 2  # the book's text, in characters (Japanese: 3 bytes each)
MAX_BOOK_BYTES = 8 * MAX_INPUT_BYTES  # all its chapters' HTML: markup is a few times the text
_DOCUMENTS = {"application/xhtml+xml", "text/html", "application/xml"}
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ALGORITHM = re.compile(rb"""Algorithm\s*=\s*["']([^"']+)""")
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
_NOT_EPUB = "choose an .epub e-book; reader cannot open other archives"
_SPACES = re.compile(r"\s+")


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _read(archive: zipfile.ZipFile, member: str, limit: int, name: str, what: str) -> bytearray:
    try:
        info = archive.getinfo(member)
        stream = archive.open(info)
    except KeyError:
        raise InputError(f"{name} is damaged: {what} ({member}) is missing", "check that the book opens in an e-book reader") from None
    with stream:
        advice = "split the book into smaller ones" if "chapter" in what else "check that the book opens in an e-book reader"
        return read_capped(stream, limit, f"{name}: {what} ({member})", advice, info.file_size)


def _xml(data: bytes | bytearray, name: str, what: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _XML)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise InputError(f"{name} is damaged: its {what} is not XML", "check that the book opens in an e-book reader")
    return root


def _drm_protected(archive: zipfile.ZipFile, name: str) -> bool:
    """Encrypted content, as opposed to the font obfuscation that many free books use."""
    names = set(archive.namelist())
    if "META-INF/rights.xml" in names or "META-INF/encryption.xml" not in names:
        return "META-INF/rights.xml" in names  # Adobe ADEPT keeps its licence there
    data = _read(archive, "META-INF/encryption.xml", MAX_PACKAGE_BYTES, name, "its encryption list")
    algorithms = _ALGORITHM.findall(data)
    return any(a.decode("utf-8", "replace").strip() not in _FONT_OBFUSCATION for a in algorithms)


class _Package:
    """The package (.opf) file: metadata, and the chapters in reading order."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        container = _xml(_read(archive, "META-INF/container.xml", MAX_PACKAGE_BYTES, name, "its container"), name, "container")
        path = next((e.get("full-path", "") for e in container.iter() if _local(e.tag) == "rootfile"), "")
        if not path:
            raise InputError(f"{name} is damaged: its container names no package file", "check that the book opens in an e-book reader")
        opf = _xml(_read(archive, path, MAX_PACKAGE_BYTES, name, "its package file"), name, "package file")
        base = posixpath.dirname(path)
        self.metadata: dict[str, list[str]] = {}
        manifest: dict[str, tuple[str, str, str]] = {}  # id -> (member, media type, properties)
        spine: list[str] = []
        for element in opf.iter():
            tag = _local(element.tag)
            if tag in ("title", "creator", "date") and etree.QName(element).namespace == "http://purl.org/dc/elements/1.1/":
                value = _SPACES.sub(" ", "".join(element.itertext())).strip()
                if value:
                    self.metadata.setdefault(tag, []).append(value)
            elif tag == "item" and element.get("id") and element.get("href"):
                member = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
                manifest[element.get("id", "")] = (member, element.get("media-type", ""), element.get("properties", ""))
            elif tag == "itemref" and element.get("idref"):
                spine.append(element.get("idref", ""))

        def chapter(item: tuple[str, str, str]) -> bool:
            return item[1] in _DOCUMENTS and "nav" not in item[2].split()

        ordered = [manifest[i] for i in spine if i in manifest and chapter(manifest[i])]
        # A book without a spine: its documents in manifest order.
        self.chapters = [m for m, _, _ in ordered or [item for item in manifest.values() if chapter(item)]]


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    name = str(path)
    if "META-INF/container.xml" not in archive.namelist():
        raise InputError(f"{name} is not an EPUB: it has no container.xml", _NOT_EPUB)
    if _drm_protected(archive, name):
        raise InputError(
            f"{name} is protected by DRM (its contents are encrypted)",
            "reader can only open books without copy protection",
        )


def _chapter_page(archive: zipfile.ZipFile, member: str, name: str) -> tuple[str, int]:
    """A chapter's HTML as text ("" for an empty or binary one), and its size in bytes;
    its bytes are dropped before it is parsed."""
    data = _read(archive, member, MAX_CHAPTER_BYTES, name, "a chapter")
    try:
        return html.decode_html(data, f"{name} ({member})"), len(data)
    except InputError:
        return "", len(data)  # an empty or binary document inside the book: nothing to read


def _chapter_text(page: str, book_title: str) -> str:
    """A chapter's title on its own line, then its paragraphs; "" when it holds no text."""
    if not page:
        return ""
    root = html.sanitize(page, xhtml=True)
    body = html.text_of(root.body)
    if not body:
        return ""
    title = html.first_text(root.body, "h1", "h2") or html.first_text(root, "title")
    if not title or title == book_title or title in body.split("\n"):
        return body
    return f"{title}\n{body}"


def import_epub(path: Path) -> Imported:
    name = str(path)
    read_bytes(path, MAX_EPUB_BYTES, read=False)  # missing, folder, empty, too large
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive)
            package = _Package(archive, name)
            book_title = (package.metadata.get("title") or [""])[0]
            sections, size, read = [], 0, 0
            for member in package.chapters:
                page, length = _chapter_page(archive, member, name)
                read += length
                if read > MAX_BOOK_BYTES:
                    raise InputError(
                        f"{name}'s chapters hold more than {MAX_BOOK_BYTES // MB} MB of HTML "
                        f"(the limit), with little text in it",
                        "split the book into smaller ones",
                    )
                text = _chapter_text(page, book_title)
                del page
                size += len(text)
                if size > MAX_TEXT_CHARS:
                    raise InputError(
                        f"{name} holds more than {MAX_TEXT_CHARS // 1_000_000} million characters of text; "
                        f"the limit is {MAX_INPUT_BYTES // MB} MB",
                        "split the book into smaller ones",
                    )
                if text:
                    sections.append(text)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise InputError(f"{name} is not an EPUB: it is not a zip archive", _NOT_EPUB) from None
    except OSError as error:
        raise os_error(name, error) from None
    if not sections:
        raise InputError(
            f"{name} has no readable text",
            "it may hold only images (a scanned book or manga), which reader cannot read",
        )
    text = "\n\n".join(sections)
    check_text(text, name)
    author = ", ".join(package.metadata.get("creator", []))
    date = (package.metadata.get("date") or [""])[0]
    return Imported(book_title or path.stem, text, path.name, "", author, date)
