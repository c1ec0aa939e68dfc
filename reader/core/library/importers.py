"""Bring a user's file in as an article: plain text, Markdown, a saved web page, an EPUB.

Pages and chapters are untrusted HTML: nh3 strips scripts, frames, embeds, event
handlers and images before anything reads them. Nothing here touches the network:
trafilatura only gets strings, and downloads only in ``fetch_url``, never called.
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import os
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import nh3
import trafilatura
from ebooklib import ITEM_DOCUMENT, epub
from lxml import etree
from trafilatura.settings import use_config

from reader.core.errors import InputError
from reader.core.text.decode import MAX_INPUT_BYTES, decode, read_text_file

MAX_HTML_BYTES = 16 * 1024 * 1024
MAX_EPUB_BYTES = 256 * 1024 * 1024
MAX_EPUB_UNPACKED = 1024 * 1024 * 1024  # a zip bomb unpacks far beyond any book
SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")
TITLE_MAX = 60
EXTRACT_MAX = 4 * 1024 * 1024  # characters; trafilatura takes about a minute over 16 MB

_MB = 1024 * 1024
# Removed with everything inside: active content, media, widgets, and ruby readings.
# <ruby> itself is unwrapped: reader adds its own furigana, and a page's would
# double every annotated word ("漢字かんじ") or split it onto lines of its own.
_DROP_WITH_CONTENT = set(
    "script style iframe frame frameset object embed applet noscript template svg math canvas"
    " video audio picture select button rt rp rtc".split()
)
_TAGS = (nh3.ALLOWED_TAGS - {"img", "map", "area", "ruby", "rt", "rp", "rtc"}) | set(
    "title meta link main section address".split()
)
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items() if tag in _TAGS},
    "*": {"class", "id", "lang", "role", "itemprop"},  # inert; trafilatura reads them
    "meta": {"name", "property", "content", "charset"},
    "link": {"rel", "href"},
    "time": {"datetime"},
}
_HEAD_TAGS = ("title", "meta", "link")
_BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer"
    " h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tr td th ul".split()
)
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# What pages declare against what they mean, as browsers read it; x-sjis and windows-31j,
# which Python does not know, fall through to decode(), which tries CP932 anyway.
_CHARSET_ALIASES = {"shift_jis": "cp932", "iso8859-1": "cp1252", "ascii": "utf-8"}
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ALGORITHM = re.compile(rb"""Algorithm\s*=\s*["']([^"']+)""")

_CONFIG = use_config()  # private: reader's limits, never trafilatura's shared default
_CONFIG.set("DEFAULT", "MAX_FILE_SIZE", str(4 * MAX_HTML_BYTES))


@dataclass(frozen=True)
class Imported:
    """An article read from a file or the clipboard, ready for the store."""

    title: str
    text: str
    source: str
    url: str = ""
    author: str = ""
    date: str = ""
    notes: tuple[str, ...] = ()  # what had to be repaired on the way (bad UTF-8 bytes)


def import_file(path: Path | str) -> Imported:
    """Read a file as an article, choosing the reader by suffix; unknown suffixes as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return _import_html(path)
    if suffix == ".epub":
        return _import_epub(path)
    notes: list[str] = []
    text = read_text_file(path, notes)  # bounded in bytes by read_text_file itself
    if not text.strip():
        raise InputError(f"{path} holds no text", "choose a file that contains text")
    if suffix in (".md", ".markdown"):
        return dataclasses.replace(_import_markdown(path, text), notes=tuple(notes))
    return Imported(_title(text, path.stem), text, path.name, notes=tuple(notes))


def import_text(text: str, *, title: str = "") -> Imported:
    """Pasted text as an article; only line endings change."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(text, "the pasted text")
    first = next(line.strip() for line in text.splitlines() if line.strip())
    return Imported(title.strip() or first[:TITLE_MAX], text, "")


def _check_text(text: str, name: str) -> None:
    """Extracted or pasted text obeys the limit that files have, so later stages can rely on it."""
    if not text.strip():
        raise InputError(f"{name} holds no text", "choose a file that contains text")
    if len(text) * 4 > MAX_INPUT_BYTES and len(text.encode("utf-8")) > MAX_INPUT_BYTES:
        size = len(text.encode("utf-8")) / _MB
        raise InputError(
            f"{name} holds {size:.1f} MB of text; the limit is {MAX_INPUT_BYTES // _MB} MB",
            "split it into smaller files and import them one at a time",
        )


def _title(text: str, stem: str) -> str:
    """The first line when it is short enough to be a title, else the file's name."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) <= TITLE_MAX else stem


def _import_markdown(path: Path, text: str) -> Imported:
    """Markdown with its heading marks and emphasis asterisks taken off."""
    plain = _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub(r"\1", text))
    heading = re.match(r"#[ \t]", text.lstrip())  # a leading "# Title"
    title = plain.lstrip().partition("\n")[0].strip() if heading else ""
    return Imported(title or _title(plain, path.stem), plain, path.name)


def _os_error(name: str, error: OSError) -> InputError:
    """What went wrong with a file, in words the user can act on."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{name} does not exist", "check the file name and the folder")
    if isinstance(error, PermissionError):
        return InputError(f"{name} cannot be read: permission denied", "check its permissions")
    reason = error.strerror or str(error)
    return InputError(f"{name} cannot be read: {reason}", "check the file and try again")


def _read_bytes(path: Path, limit: int, *, read: bool = True) -> bytes:
    """A file's bytes (b"" unless ``read``), refusing a missing, folder, empty or huge file."""
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name} is a folder, not a file", "choose a file inside it")
        if info.st_size > limit:
            size = f"{info.st_size / _MB:.1f} MB; the limit is {limit // _MB} MB"
            raise InputError(f"{name} is {size}", "save a smaller page or split the book")
        if info.st_size == 0:
            raise InputError(f"{name} is empty", "choose a file that contains text")
        if not read:
            return b""
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise _os_error(name, error) from None
    if len(data) > limit:
        raise InputError(f"{name} is over the {limit // _MB} MB limit", "choose a smaller file")
    return data


def _decode_html(data: bytes, name: str) -> str:
    """The encoding the page declares when it fits, else text.decode's guess.

    A byte order mark overrides a declaration, and a declared UTF-16 in a page
    that could be read as ASCII is a mistake, as browsers treat it.
    """
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _CHARSET.search(head)
    if match and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
            encoding = _CHARSET_ALIASES.get(encoding, encoding)
            if not encoding.startswith(("utf-16", "utf-32")):
                return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):  # unknown or wrong: guess instead
            pass
    return decode(data, name=name)


def _as_html(xhtml: str) -> str:
    """XHTML as HTML (unchanged if not well-formed): an HTML parser reads ``<script/>``
    as an opening tag that swallows the rest of the page. Resolves no entities, loads nothing.
    """
    try:
        root = etree.fromstring(_XML_DECLARATION.sub("", xhtml, count=1), _XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return xhtml
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, method="html", encoding="unicode"))


def _sanitize(html: str, *, xhtml: bool = False) -> lxml.html.HtmlElement:
    """Clean the page with nh3, then parse it with the head's title and metadata in <head>."""
    clean = nh3.clean(
        _as_html(html) if xhtml or _XML_DECLARATION.match(html) else html,
        tags=_TAGS, clean_content_tags=_DROP_WITH_CONTENT, attributes=_ATTRIBUTES,
        strip_comments=True, link_rel=None, url_schemes={"http", "https"},
    )
    root = lxml.html.document_fromstring(f"<html><head></head><body>{clean}</body></html>")
    head = root.find("head")
    for element in [e for e in root.body.iter(*_HEAD_TAGS)]:
        moved = copy.deepcopy(element)
        moved.tail = None
        element.drop_tree()  # keeps the text that followed it
        head.append(moved)
    return root


def _text(element: lxml.html.HtmlElement, skip: tuple[str, ...] = ()) -> str:
    """The text of ``element``, one line per block, blank lines and repeated spaces dropped.

    Elements tagged ``skip`` are left out. Walks the tree without recursion, so
    deeply nested pages cannot exhaust the stack.
    """
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            parts.append("\n" if tag in _BLOCKS else "")
            if tag in skip:
                walker.skip_subtree()
            elif tag and tag not in _HEAD_TAGS:
                parts.append(node.text or "")
        else:
            parts.append("\n" if tag in _BLOCKS else "")
            parts.append((node.tail or "") if node is not element else "")
    lines = (_SPACES.sub(" ", line).strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _first_text(root: lxml.html.HtmlElement, *tags: str) -> str:
    for element in root.iter(*tags):
        text = _SPACES.sub(" ", element.text_content()).strip()
        if text:
            return text
    return ""


def _meta_author(root: lxml.html.HtmlElement) -> str:
    """The page's own author tag: trafilatura rejects one-word names such as "山田太郎"."""
    found = root.xpath("//meta[@name='author' or @property='article:author']/@content")
    return next((_SPACES.sub(" ", c).strip() for c in found if c.strip()), "")


def _import_html(path: Path) -> Imported:
    name = str(path)
    html = _decode_html(_read_bytes(path, MAX_HTML_BYTES), name)
    root = _sanitize(html, xhtml=path.suffix.lower() == ".xhtml")
    page = lxml.html.tostring(root, encoding="unicode")
    small = len(page) <= EXTRACT_MAX  # a huge page is most likely a whole book: all main text
    extracted = None
    if small:
        extracted = trafilatura.extract(
            page, include_comments=False, include_tables=True, favor_precision=True,
            output_format="txt", with_metadata=False, config=_CONFIG,
        )
    text = "\n".join(line.strip() for line in (extracted or "").splitlines() if line.strip())
    if not text:  # menus are boilerplate, unless they are all there is
        text = _text(root.body, skip=("nav",)) or _text(root.body)
    if not text:
        raise InputError(
            f"{name} has no readable text",
            "the page may build its text with scripts; copy the text in a browser and paste it",
        )
    _check_text(text, name)
    if not small:  # metadata from the head alone: scanning 16 MB for dates takes long
        page = f"<html>{lxml.html.tostring(root.find('head'), encoding='unicode')}</html>"
    meta = trafilatura.extract_metadata(page)
    title = (meta.title or "").strip() or _first_text(root, "h1", "title") or path.stem
    url = meta.url if (meta.url or "").startswith(("http://", "https://")) else ""
    author = (meta.author or "").strip() or _meta_author(root)
    return Imported(title, text, path.name, url or "", author, meta.date or "")


def _drm_protected(archive: zipfile.ZipFile) -> bool:
    """Encrypted content, as opposed to the font obfuscation that many free books use."""
    names = set(archive.namelist())
    if "META-INF/rights.xml" in names or "META-INF/encryption.xml" not in names:
        return "META-INF/rights.xml" in names  # Adobe ADEPT keeps its licence there
    algorithms = _ALGORITHM.findall(archive.read("META-INF/encryption.xml"))
    return any(a.decode("utf-8", "replace").strip() not in _FONT_OBFUSCATION for a in algorithms)


def _check_epub_archive(path: Path) -> None:
    name = str(path)
    not_epub = "choose an .epub e-book; reader cannot open other archives"
    try:
        with zipfile.ZipFile(path) as archive:
            if "META-INF/container.xml" not in archive.namelist():
                raise InputError(f"{name} is not an EPUB: it has no container.xml", not_epub)
            if sum(info.file_size for info in archive.infolist()) > MAX_EPUB_UNPACKED:
                raise InputError(f"{name} unpacks to more than 1 GB", "choose a smaller book")
            if _drm_protected(archive):
                raise InputError(
                    f"{name} is protected by DRM (its contents are encrypted)",
                    "reader can only open books without copy protection",
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise InputError(f"{name} is not an EPUB: it is not a zip archive", not_epub) from None
    except OSError as error:
        raise _os_error(name, error) from None


def _chapter(item: epub.EpubItem, name: str, book_title: str) -> str:
    """A chapter's title on its own line, then its paragraphs; "" when it holds no text."""
    try:
        html = _decode_html(item.get_content(), f"{name} ({item.get_name()})")
    except InputError:
        return ""  # an empty or binary document inside the book: nothing to read
    root = _sanitize(html, xhtml=True)
    body = _text(root.body)
    if not body:
        return ""
    title = _first_text(root.body, "h1", "h2") or _first_text(root, "title")
    if not title or title == book_title or title in body.split("\n"):
        return body
    return f"{title}\n{body}"


def _dc(book: epub.EpubBook, field: str) -> list[str]:
    """The book's Dublin Core metadata ``field`` (title, creator, date), blanks left out."""
    values = (_SPACES.sub(" ", value or "").strip() for value, _ in book.get_metadata("DC", field))
    return [value for value in values if value]


def _import_epub(path: Path) -> Imported:
    name = str(path)
    _read_bytes(path, MAX_EPUB_BYTES, read=False)  # missing, folder, empty, too large
    _check_epub_archive(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except Exception as error:  # ebooklib fails on bad books in many ways: all mean "unreadable"
        advice = "check that the file opens in an e-book reader"
        raise InputError(f"{name} is not a readable EPUB ({error})", advice) from None

    def is_chapter(item: epub.EpubItem | None) -> bool:
        if item is None or isinstance(item, epub.EpubNav):
            return False
        return item.get_type() == ITEM_DOCUMENT and "nav" not in getattr(item, "properties", [])

    spine = [book.get_item_with_id(idref) for idref, _ in book.spine]
    chapters = [i for i in spine if is_chapter(i)] or [
        i for i in book.get_items_of_type(ITEM_DOCUMENT) if is_chapter(i)
    ]  # a book without a spine: its documents in manifest order
    book_title = (_dc(book, "title") or [""])[0]
    sections = [s for s in (_chapter(item, name, book_title) for item in chapters) if s]
    if not sections:
        raise InputError(
            f"{name} has no readable text",
            "it may hold only images (a scanned book or manga), which reader cannot read",
        )
    text = "\n\n".join(sections)
    _check_text(text, name)
    author, date = ", ".join(_dc(book, "creator")), (_dc(book, "date") or [""])[0]
    return Imported(book_title or path.stem, text, path.name, "", author, date)
