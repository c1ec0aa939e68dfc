"""Saved web pages (and EPUB chapters), as untrusted HTML: flattened where it nests
absurdly deep, cleaned by nh3 (no scripts, frames, embeds, event handlers or images)
before anything reads it, parsed by lxml, and its main text taken by trafilatura.
Nothing here touches the network: trafilatura only gets strings.
"""

from __future__ import annotations

import codecs
import copy
import re
from pathlib import Path

import lxml.html
import nh3
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from reader.core.errors import InputError
from reader.core.library.files import Imported, check_text, read_bytes
from reader.core.text.decode import decode

_SPACES = re.compile(r"[ \t\n\r\f\v]+")

MAX_HTML_BYTES = 16 * 1024 * 1024


EXTRACT_MAX = 1024 * 1024  # characters: a page past this is a book, all main text (trafilatura took a minute over 16 MB)


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


_CONFIG = use_config()  # private: reader's limits, never trafilatura's shared default
_CONFIG.set("DEFAULT", "MAX_FILE_SIZE", str(4 * MAX_HTML_BYTES))


#: A long run of whitespace says no more than a short one, and every copy of the page
#: carries it: 15 MB of spaces in a chapter cost seconds and hundreds of MB.
_LONG_SPACE = re.compile(rb"[ \t\r\n\f]{64,}")


def _squeeze(data: bytes | bytearray) -> bytes | bytearray:
    """Long runs of whitespace as one line break (or space), in the bytes, before they are
    decoded. Only where no NUL byte says UTF-16: in UTF-8, Shift_JIS and EUC-JP these
    bytes are never part of a wider character."""
    if 0 in data or not _LONG_SPACE.search(data):
        return data
    return _LONG_SPACE.sub(lambda m: b"\n" if data.find(b"\n", m.start(), m.end()) >= 0 else b" ", data)


def decode_html(data: bytes | bytearray, name: str, notes: list[str] | None = None) -> str:
    """The encoding the page declares when it fits, else text.decode's guess.

    A byte order mark overrides a declaration, and a declared UTF-16 in a page
    that could be read as ASCII is a mistake, as browsers treat it.
    """
    data = _squeeze(data)
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
    return decode(data, name=name, notes=notes)


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


#: Pages nest a few dozen elements deep; past this, tags are dropped (blocks become line
#: breaks) and their text kept. nh3 took two minutes over 100,000 nested <div>s, and lxml
#: keeps only what lies within 256 levels (unclosed <div>s: the first paragraphs alone).
MAX_DEPTH = 64
_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:_-]*)(?:\s[^>]*)?(/?)>", re.S)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CLOSE_SEARCH = 256  # how far down the open elements a closing tag looks for its own


def flatten(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` with no element nested deeper than ``limit``; a page within it is returned
    as it was. Linear: one pass over the tags with a stack of the open ones."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, kept)
    kept = pos = 0
    changed = False
    broken = False  # the output ends in a line break made here: one is enough
    for match in _MARKUP.finditer(html):
        closing, name, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if not name or name in _VOID or self_closing:
            continue
        if not closing:
            keep = kept < limit
            stack.append((name, keep))
            kept += keep
            if keep:
                continue
        else:
            found = next(
                (i for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_SEARCH), -1) if stack[i][0] == name),
                None,
            )
            if found is None:
                continue  # a stray closing tag: the parsers ignore it too
            keep = stack[found][1]
            kept -= sum(k for _, k in stack[found:])
            del stack[found:]
            if keep:
                continue
        between = html[pos : match.start()]
        out.append(between)
        if name in _BLOCKS and not (broken and not between.strip()):
            out.append("<br>")
            broken = True
        elif between.strip():
            broken = False
        pos, changed = match.end(), True
    if not changed:
        return html
    out.append(html[pos:])
    return "".join(out)


#: huge_tree lifts libxml2's cap on one text node (10 MB: a long <p> was lost whole);
#: nesting is already bounded by flatten.
_HTML_PARSER = lxml.html.HTMLParser(huge_tree=True, no_network=True)


def prepare(html: str, *, xhtml: bool = False) -> tuple[str, bool]:
    """The page ready for sanitize: XHTML read as HTML, nesting flattened; and whether it
    had to be flattened (then it is no ordinary page: take all its text)."""
    page = _as_html(html) if xhtml or _XML_DECLARATION.match(html) else html
    flat = flatten(page)
    return flat, flat is not page


def sanitize(html: str, *, xhtml: bool = False) -> lxml.html.HtmlElement:
    """Clean the page with nh3, then parse it with the head's title and metadata in <head>."""
    clean = nh3.clean(
        prepare(html, xhtml=xhtml)[0],
        tags=_TAGS, clean_content_tags=_DROP_WITH_CONTENT, attributes=_ATTRIBUTES,
        strip_comments=True, link_rel=None, url_schemes={"http", "https"},
    )
    root = lxml.html.document_fromstring(f"<html><head></head><body>{clean}</body></html>", parser=_HTML_PARSER)
    head = root.find("head")
    for element in [e for e in root.body.iter(*_HEAD_TAGS)]:
        moved = copy.deepcopy(element)
        moved.tail = None
        element.drop_tree()  # keeps the text that followed it
        head.append(moved)
    return root


def text_of(element: lxml.html.HtmlElement, skip: tuple[str, ...] = ()) -> str:
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


def first_text(root: lxml.html.HtmlElement, *tags: str) -> str:
    for element in root.iter(*tags):
        text = _SPACES.sub(" ", element.text_content()).strip()
        if text:
            return text
    return ""


def _meta_author(root: lxml.html.HtmlElement) -> str:
    """The page's own author tag: trafilatura rejects one-word names such as "山田太郎"."""
    found = root.xpath("//meta[@name='author' or @property='article:author']/@content")
    return next((_SPACES.sub(" ", c).strip() for c in found if c.strip()), "")


def _date_in_page(date: str, page: str) -> str:
    """``date`` (YYYY-MM-DD, as trafilatura found it) if the page writes that day out
    somewhere (2025-10-30, 2025/10/30, 2025年10月30日, 20251030, Oct 30, 2025 in a
    meta tag or the text), else "": a lone year ("© 2025" in a footer) is no date."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not m:
        return ""
    y, mo, d = m.groups()
    mo_, d_ = str(int(mo)), str(int(d))
    month = r"(?:0?%s)" % mo_
    day = r"(?:0?%s)" % d_
    patterns = (
        rf"{y}\s*[-/.年]\s*{month}\s*[-/.月]\s*{day}(?!\d)",
        rf"{y}{mo}{d}",
        rf"{day}\s*[-/.]\s*{month}\s*[-/.]\s*{y}",
        rf"(?i)\b{_MONTHS[int(mo) - 1]}[a-z]*\.?\s+{day}(?:st|nd|rd|th)?,?\s+{y}",
        rf"(?i)\b{day}(?:st|nd|rd|th)?\s+{_MONTHS[int(mo) - 1]}[a-z]*\.?,?\s+{y}",
    )
    return date if any(re.search(p, page) for p in patterns) else ""


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def import_html(path: Path) -> Imported:
    name = str(path)
    notes: list[str] = []
    page, deep = prepare(decode_html(read_bytes(path, MAX_HTML_BYTES), name, notes), xhtml=path.suffix.lower() == ".xhtml")
    root = sanitize(page)
    page = lxml.html.tostring(root, encoding="unicode")
    # A huge page is most likely a whole book, and an absurdly deep one no ordinary page:
    # all their text is the main text.
    small = len(page) <= EXTRACT_MAX and not deep
    extracted = None
    if small:
        extracted = trafilatura.extract(
            page, include_comments=False, include_tables=True, favor_precision=True,
            output_format="txt", with_metadata=False, config=_CONFIG,
        )
    text = "\n".join(line.strip() for line in (extracted or "").splitlines() if line.strip())
    if not text:  # menus are boilerplate, unless they are all there is
        text = text_of(root.body, skip=("nav",)) or text_of(root.body)
    if not text:
        raise InputError(
            f"{name} has no readable text",
            "the page may build its text with scripts; copy the text in a browser and paste it",
        )
    check_text(text, name)
    if not small:  # metadata from the head alone: scanning 16 MB for dates takes long
        page = f"<html>{lxml.html.tostring(root.find('head'), encoding='unicode')}</html>"
    meta = trafilatura.extract_metadata(page)
    title = (meta.title or "").strip() or first_text(root, "h1", "title") or path.stem
    url = meta.url if (meta.url or "").startswith(("http://", "https://")) else ""
    author = (meta.author or "").strip() or _meta_author(root)
    date = _date_in_page(meta.date or "", page)
    return Imported(title, text, path.name, url or "", author, date, tuple(notes))
