"""TMX 1.4b, the translation-memory exchange format of OmegaT, Trados, memoQ and Okapi.

A file is read whole and checked before anything is stored (xmlsafe.py refuses DTDs,
entities and huge files): it must be TMX, Japanese to English, and every unit must have
both a Japanese and an English variant. reader writes its own properties on each unit
(``x-reader-article``, ``x-reader-sentence``, ``x-reader-reviewed``) so that a file
exported from an article's drafts can bring them back; other tools keep or ignore them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

from reader.core.errors import InputError
from reader.core.storage.atomic import replacing
from reader.core.translation.xmlsafe import XML_LANG, clean, is_language, local, read_xml

SOURCE_LANG, TARGET_LANG = "ja", "en"
PROP_ARTICLE, PROP_SENTENCE, PROP_REVIEWED = "x-reader-article", "x-reader-sentence", "x-reader-reviewed"
#: Inline codes whose text is the original file's markup, not the sentence.
_CODES = {"bpt", "ept", "ph", "it", "ut"}
_TMX_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")


@dataclass(frozen=True)
class Unit:
    """One translation unit. ``updated`` is an ISO-8601 UTC time ("" if unknown);
    ``sentence`` and ``reviewed`` are reader's own, when the file carries them."""

    source: str
    target: str
    article_id: str = ""
    updated: str = ""
    sentence: int | None = None
    reviewed: bool = True


@dataclass(frozen=True)
class TmxDocument:
    units: tuple[Unit, ...]
    blank: int  # units left out as one side was empty

    def reviewed_units(self) -> list[Unit]:
        """The units a memory takes: drafts marked not reviewed stay out."""
        return [unit for unit in self.units if unit.reviewed]


def tmx_date(iso: str) -> str:
    """An ISO time as TMX writes it (YYYYMMDDThhmmssZ); "" when it is not one."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def iso_date(value: str | None) -> str:
    """A TMX date as reader stores times; "" when it is missing or not a date."""
    match = _TMX_DATE.fullmatch((value or "").strip())
    if not match:
        return ""
    try:
        year, month, day, hour, minute, second = map(int, match.groups())
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return ""
    return moment.isoformat(timespec="microseconds")


def seg_text(element: Element) -> str:
    """The text of a <seg> (or an XLIFF <source>/<target>): inline codes' own text is the
    original file's markup and is left out; what follows them is kept."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in _CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _props(tu: Element) -> dict[str, str]:
    return {p.get("type", ""): (p.text or "").strip() for p in tu if local(p.tag) == "prop"}


def _lang(element: Element) -> str | None:
    return element.get(XML_LANG) or element.get("lang")  # TMX 1.1 used "lang"


def read_tmx(path: Path | str) -> TmxDocument:
    """Every unit of a Japanese-to-English TMX file, or an InputError saying why not."""
    name = Path(path).name
    root = read_xml(path, "TMX")
    if local(root.tag) != "tmx":
        raise InputError(f"{name} is XML but not TMX (its root is <{local(root.tag)}>)", "choose a .tmx file")
    header = next((child for child in root if local(child.tag) == "header"), None)
    body = next((child for child in root if local(child.tag) == "body"), None)
    if header is None or body is None:
        raise InputError(f"{name} has no TMX header or body", "export it again from the tool that made it")
    srclang = header.get("srclang", "")
    if srclang.lower() != "*all*" and not is_language(srclang, SOURCE_LANG):
        raise InputError(
            f"{name} is a memory from {srclang or 'an unnamed language'}, not Japanese",
            "reader's memory is Japanese to English: export a ja→en TMX",
        )
    units: list[Unit] = []
    blank = 0
    for number, tu in enumerate((el for el in body if local(el.tag) == "tu"), 1):
        variants = [tuv for tuv in tu if local(tuv.tag) == "tuv"]
        texts: dict[str, str] = {}
        for language in (SOURCE_LANG, TARGET_LANG):
            tuv = next((v for v in variants if is_language(_lang(v), language)), None)
            seg = None if tuv is None else next((s for s in tuv if local(s.tag) == "seg"), None)
            if seg is None:
                found = ", ".join(sorted({_lang(v) or "?" for v in variants})) or "none"
                raise InputError(
                    f"{name}: unit {number} has no {'Japanese' if language == 'ja' else 'English'} "
                    f"variant (its languages: {found})",
                    "reader's memory is Japanese to English: export a ja→en TMX",
                )
            texts[language] = seg_text(seg).strip()
        if not texts[SOURCE_LANG] or not texts[TARGET_LANG]:
            blank += 1
            continue
        props = _props(tu)
        sentence = props.get(PROP_SENTENCE, "")
        units.append(
            Unit(
                texts[SOURCE_LANG],
                texts[TARGET_LANG],
                props.get(PROP_ARTICLE, ""),
                iso_date(tu.get("changedate") or tu.get("creationdate")),
                int(sentence) if sentence.isdecimal() and len(sentence) <= 9 else None,  # not ²
                props.get(PROP_REVIEWED, "yes") != "no",
            )
        )
    if not units and not blank:
        raise InputError(f"{name} holds no translation units", "choose a TMX file with units")
    return TmxDocument(tuple(units), blank)


def build_tmx(units: Iterable[Unit], tool_version: str = "0.1.0") -> ElementTree:
    root = Element("tmx", version="1.4")
    SubElement(
        root, "header", creationtool="reader", creationtoolversion=tool_version, segtype="sentence",
        attrib={"o-tmf": "reader", "adminlang": "en", "srclang": SOURCE_LANG, "datatype": "plaintext",
                "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")},
    )
    body = SubElement(root, "body")
    for unit in units:
        tu = SubElement(body, "tu")
        date = tmx_date(unit.updated)
        if date:
            tu.set("creationdate", date)
            tu.set("changedate", date)
        props = [(PROP_ARTICLE, unit.article_id)]
        if unit.sentence is not None:
            props.append((PROP_SENTENCE, str(unit.sentence)))
        if not unit.reviewed:
            props.append((PROP_REVIEWED, "no"))
        for kind, value in props:
            if value:
                SubElement(tu, "prop", type=kind).text = clean(value)
        for language, text in ((SOURCE_LANG, unit.source), (TARGET_LANG, unit.target)):
            tuv = SubElement(tu, "tuv", {XML_LANG: language})
            SubElement(tuv, "seg").text = clean(text)
    return ElementTree(root)


def write_tmx(path: Path | str, units: Iterable[Unit]) -> Path:
    """Write a TMX 1.4b file whole, or leave an old one as it was."""
    tree = build_tmx(units)
    indent(tree, space=" ")  # one element a line: readable, and errors give useful line numbers
    with replacing(path) as tmp:
        tree.write(tmp, encoding="UTF-8", xml_declaration=True)
    return Path(path)
