"""XLIFF 1.2, for taking an article's segments to a CAT tool and bringing them back.

XLIFF 1.2 rather than 2.0: OmegaT (through Okapi's filter), Trados Studio, memoQ,
Phrase and translate-toolkit all read and write it, while 2.0 support is patchy. One
<file> per article (``original`` is the article id), one <trans-unit> per sentence
(``id`` counts sentences from 1). A draft goes in <target>: ``state="translated"``,
or for a reviewed one ``state="signed-off"`` and ``approved="yes"``; a sentence with
no draft has no <target>. The export validates against the OASIS strict schema (the
tests check it).

Importing checks the whole file before anything changes (xmlsafe.py refuses DTDs,
entities and huge files): XLIFF 1.2, Japanese to English, one article, each unit's id
naming a sentence whose Japanese is the unit's source. A target never clears a draft:
an empty or missing target leaves the sentence as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent, register_namespace

from reader.core.errors import InputError
from reader.core.storage.atomic import replacing
from reader.core.translation.tm import normalise
from reader.core.translation.tmx import seg_text
from reader.core.translation.xmlsafe import XML_LANG, clean, is_language, local, read_xml

NS = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANG, TARGET_LANG = "ja", "en"
TRANSLATED, SIGNED_OFF = "translated", "signed-off"
#: States (XLIFF 1.2's list) that mean a reviewed translation.
REVIEWED_STATES = frozenset({"signed-off", "final"})
MAX_PROBLEMS_SHOWN = 5

register_namespace("", NS)


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass(frozen=True)
class Segment:
    """One sentence as it goes out: its index, Japanese, draft and whether reviewed."""

    index: int
    source: str
    draft: str = ""
    reviewed: bool = False


def build_xliff(article_id: str, title: str, segments: Iterable[Segment]) -> ElementTree:
    root = Element(_q("xliff"), version="1.2")
    file = SubElement(
        root, _q("file"),
        {"original": article_id, "source-language": SOURCE_LANG, "target-language": TARGET_LANG,
         "datatype": "plaintext", "product-name": "reader"},
    )
    header = SubElement(file, _q("header"))
    SubElement(header, _q("tool"), {"tool-id": "reader", "tool-name": "reader"})
    if title:
        SubElement(header, _q("note")).text = clean(title)
    body = SubElement(file, _q("body"))
    for segment in segments:
        unit = SubElement(body, _q("trans-unit"), {"id": str(segment.index + 1), "{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        SubElement(unit, _q("source"), {XML_LANG: SOURCE_LANG}).text = clean(segment.source)
        draft = segment.draft.strip()
        if draft:
            if segment.reviewed:
                unit.set("approved", "yes")
            state = SIGNED_OFF if segment.reviewed else TRANSLATED
            SubElement(unit, _q("target"), {XML_LANG: TARGET_LANG, "state": state}).text = clean(draft)
    return ElementTree(root)


def write_xliff(path: Path | str, article_id: str, title: str, segments: Iterable[Segment]) -> Path:
    """Write the article's segments as XLIFF 1.2, whole or not at all."""
    tree = build_xliff(article_id, title, segments)
    indent(tree, space=" ")  # one element a line: readable, and errors give useful line numbers
    with replacing(path) as tmp:
        tree.write(tmp, encoding="UTF-8", xml_declaration=True)
    return Path(path)


@dataclass(frozen=True)
class Unit:
    """A trans-unit as read: ``target`` None when it has none (or an empty one)."""

    id: str
    source: str
    target: str | None
    reviewed: bool


@dataclass(frozen=True)
class XliffDocument:
    article_id: str
    units: tuple[Unit, ...]


def read_xliff(path: Path | str) -> XliffDocument:
    """The units of an XLIFF 1.2 file of one Japanese article, or an InputError saying why not."""
    name = Path(path).name
    root = read_xml(path, "XLIFF")
    if local(root.tag) != "xliff":
        raise InputError(f"{name} is XML but not XLIFF (its root is <{local(root.tag)}>)", "choose an .xlf file")
    version = root.get("version", "")
    if root.tag != _q("xliff") or version != "1.2":
        raise InputError(
            f"{name} is XLIFF {version or 'of an unknown version'}; reader reads XLIFF 1.2",
            "export XLIFF 1.2 from your CAT tool",
        )
    files = [child for child in root if child.tag == _q("file")]
    if len(files) != 1:
        raise InputError(
            f"{name} holds {len(files)} documents; reader imports one article per file",
            "export each document to its own file",
        )
    file = files[0]
    for attribute, language, word in (("source-language", SOURCE_LANG, "Japanese"), ("target-language", TARGET_LANG, "English")):
        found = file.get(attribute, "")
        if not is_language(found, language):
            raise InputError(
                f"{name} has {attribute} {found or '(none)'}, not {word} ({language})",
                "reader translates Japanese into English: export a ja→en file",
            )
    units: list[Unit] = []
    seen: set[str] = set()
    for element in file.iter(_q("trans-unit")):
        unit_id = element.get("id", "")
        if not unit_id or unit_id in seen:
            raise InputError(f"{name}: a trans-unit has {'no id' if not unit_id else f'the id {unit_id} twice'}",
                             "export the file again from the tool that made it")
        seen.add(unit_id)
        source = element.find(_q("source"))
        target = element.find(_q("target"))
        if source is None:
            raise InputError(f"{name}: trans-unit {unit_id} has no <source>", "export the file again")
        text = seg_text(target).strip() if target is not None else ""
        state = target.get("state", "") if target is not None else ""
        reviewed = element.get("approved") == "yes" or state in REVIEWED_STATES
        units.append(Unit(unit_id, seg_text(source), text or None, reviewed))
    if not units:
        raise InputError(f"{name} holds no trans-units", "export the article's segments again")
    return XliffDocument(file.get("original", ""), tuple(units))


@dataclass
class Plan:
    """What an import would change: (sentence, source, draft, reviewed) per change, and
    what does not fit the article (each a sentence for the user)."""

    changes: list[tuple[int, str, str, bool]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        shown = "; ".join(self.problems[:MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        return shown + (f"; and {more} more" if more > 0 else "")


def plan_import(
    document: XliffDocument, sources: Sequence[str], drafts: dict[int, tuple[str, bool]]
) -> Plan:
    """Match units to the article's sentences by id and source text; the drafts whose
    text or review state the file changes. ``drafts`` is Drafts.load's answer."""
    plan = Plan()
    for unit in document.units:
        index = int(unit.id) - 1 if unit.id.isdecimal() and len(unit.id) <= 9 else -1  # not ² or 10⁴⁰⁰⁰
        if not 0 <= index < len(sources):
            plan.problems.append(f"unit {unit.id} names no sentence of the article (it has {len(sources)})")
            continue
        if normalise(unit.source) != normalise(sources[index]):
            plan.problems.append(f"unit {unit.id}'s Japanese is not sentence {index + 1}'s any more")
            continue
        if unit.target is None:
            plan.unchanged += 1
            continue
        old, old_reviewed = drafts.get(index, ("", False))
        if old == unit.target and old_reviewed == unit.reviewed:
            plan.unchanged += 1
            continue
        plan.changes.append((index, sources[index], unit.target, unit.reviewed))
    return plan
