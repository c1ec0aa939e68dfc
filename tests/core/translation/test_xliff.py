"""XLIFF 1.2: the export validates against OASIS's strict schema and is read by
translate-toolkit; a round trip with targets edited by a script changes exactly those
drafts; hostile, wrong or mismatched files are refused with nothing changed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from translate.storage import xliff as toolkit_xliff

from reader.core.errors import InputError
from reader.core.storage.store import Store
from reader.core.translation import xliff
from reader.core.translation.drafts import Drafts
from reader.core.translation.tm import TranslationMemory
from tests.conftest import DATA

SCHEMAS = DATA / "xliff"
NS = {"x": xliff.NS}
SOURCES = [
    "アンカレッジ米ロ首脳会談以降、停戦に向けた動きが続いている。",
    "欧州首脳がワシントンに集結し、2025年8月18日に会談した。",
    "参加者は1,200人だった & <多い>。",
    "ありがとう。",
    "ありがとう。",
]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "reader.sqlite")
    drafts = Drafts(s)
    drafts.save("imp-1", 0, SOURCES[0], "Since the Anchorage summit, moves towards a ceasefire continue.", True)
    drafts.save("imp-1", 1, SOURCES[1], "European leaders gathered in Washington.", False)
    yield s
    s.close()


def _export(store: Store, path: Path) -> Path:
    found = Drafts(store).load("imp-1", SOURCES)
    segments = [xliff.Segment(i, s, *found.get(i, ("", False))) for i, s in enumerate(SOURCES)]
    return xliff.write_xliff(path, "imp-1", "欧州首脳 & 停戦", segments)


def _import(store: Store, path: Path) -> xliff.Plan:
    drafts = Drafts(store)
    plan = xliff.plan_import(xliff.read_xliff(path), SOURCES, drafts.load("imp-1", SOURCES))
    if not plan.problems:
        drafts.save_many("imp-1", plan.changes)
    return plan


def test_the_export_is_valid_xliff_1_2(store, tmp_path):
    path = _export(store, tmp_path / "a.xlf")
    schema = xmlschema.XMLSchema(
        str(SCHEMAS / "xliff-core-1.2-strict.xsd"),
        locations={"http://www.w3.org/XML/1998/namespace": str(SCHEMAS / "xml.xsd")},
    )
    schema.validate(str(path))
    broken = tmp_path / "broken.xlf"  # the schema really checks: a state it does not know
    broken.write_text(path.read_text(encoding="utf-8").replace('state="translated"', 'state="done"'), encoding="utf-8")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        schema.validate(str(broken))


def test_translate_toolkit_reads_the_export(store, tmp_path):
    path = _export(store, tmp_path / "a.xlf")
    units = toolkit_xliff.xlifffile.parsefile(str(path)).units
    assert [u.source for u in units] == SOURCES
    assert [u.target or "" for u in units][:3] == [
        "Since the Anchorage summit, moves towards a ceasefire continue.", "European leaders gathered in Washington.", ""]
    assert [u.isapproved() for u in units][:2] == [True, False]


def test_a_round_trip_with_targets_edited_by_a_script_changes_exactly_those(store, tmp_path):
    path = _export(store, tmp_path / "a.xlf")
    tree = ET.parse(path)
    units = {u.get("id"): u for u in tree.getroot().iterfind(".//x:trans-unit", NS)}
    # As a CAT tool would: sentence 2's draft edited and signed off; sentence 4 translated.
    target = units["2"].find("x:target", NS)
    target.text = "European leaders gathered in Washington on August 18, 2025."
    target.set("state", "signed-off")
    new = ET.SubElement(units["4"], f"{{{xliff.NS}}}target", {"state": "translated"})
    new.text = "Thank you."
    tree.write(path, encoding="utf-8", xml_declaration=True)
    before = Drafts(store).load("imp-1", SOURCES)

    plan = _import(store, path)
    assert plan.problems == [] and plan.unchanged == 3
    after = Drafts(store).load("imp-1", SOURCES)
    changed = {i for i in set(before) | set(after) if before.get(i) != after.get(i)}
    assert changed == {1, 3}
    assert after[1] == ("European leaders gathered in Washington on August 18, 2025.", True)
    assert after[3] == ("Thank you.", False)
    assert TranslationMemory(store).exact(SOURCES[1]).target == after[1][0]  # signed off: in the memory
    assert _import(store, path).changes == []  # importing again changes nothing


def _unit(i: int, source: str, target: str = "x") -> str:
    return f'<trans-unit id="{i}"><source>{source}</source><target state="translated">{target}</target></trans-unit>'


def _xliff(units: str, source_language: str = "ja", target_language: str = "en", version: str = "1.2",
           ns: str = xliff.NS) -> str:
    return (f'<?xml version="1.0"?>\n<xliff version="{version}" xmlns="{ns}">\n'
            f'<file original="imp-1" source-language="{source_language}" target-language="{target_language}" '
            f'datatype="plaintext">\n<body>\n{units}\n</body>\n</file>\n</xliff>\n')


@pytest.mark.parametrize(
    "content, message",
    [
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
         + _xliff(_unit(4, "&b;")), "declares XML entities (line 1)"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + _xliff(_unit(4, "&e;")),
         "declares XML entities"),
        (_xliff(_unit(4, "ありがとう。"), target_language="de"), "has target-language de, not English (en)"),
        (_xliff(_unit(4, "ありがとう。"), source_language="zh"), "has source-language zh, not Japanese (ja)"),
        (_xliff(_unit(4, "ありがとう。"), version="2.0", ns="urn:oasis:names:tc:xliff:document:2.0"),
         "is XLIFF 2.0; reader reads XLIFF 1.2"),
        (_xliff(_unit(4, "ありがとう。") + "<trans-unit id='5'>"), "is not well-formed XML: mismatched tag (line 6, column 3)"),
        (_xliff(_unit(4, "ありがとう。") + _unit(4, "ありがとう。")), "the id 4 twice"),
    ],
)
def test_hostile_or_wrong_files_are_refused(store, tmp_path, content, message):
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        _import(store, path)
    assert message in refused.value.message
    assert refused.value.advice


@pytest.mark.parametrize(
    "units, problems",
    [
        (_unit(4, "ありがとう。", "Thanks.") + _unit(99, "新しい文。"), ["unit 99 names no sentence of the article (it has 5)"]),
        (_unit(4, "ありがとう。", "Thanks.") + _unit(1, "別の文。"), ["unit 1's Japanese is not sentence 1's any more"]),
        (_unit(4, "ありがとう。", "Thanks.") + _unit("s3", "x"), ["unit s3 names no sentence of the article (it has 5)"]),
    ],
)
def test_unknown_ids_and_changed_sources_are_reported_and_nothing_changes(store, tmp_path, units, problems):
    path = tmp_path / "mismatched.xlf"
    path.write_text(_xliff(units), encoding="utf-8")
    before = Drafts(store).load("imp-1")
    plan = _import(store, path)
    assert plan.problems == problems
    assert [c[0] for c in plan.changes] == [3]  # what would have been applied
    assert Drafts(store).load("imp-1") == before


def test_a_huge_file_is_refused(store, tmp_path):
    path = tmp_path / "huge.xlf"
    with open(path, "wb") as f:
        f.write(_xliff(_unit(4, "ありがとう。")).encode())
        f.truncate(100 * 1024 * 1024)
    with pytest.raises(InputError, match="huge.xlf is 100 MB; reader reads XLIFF files of up to 50 MB"):
        _import(store, path)


def test_an_empty_target_never_clears_a_draft(store, tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(_xliff('<trans-unit id="1"><source>' + SOURCES[0] + '</source><target/></trans-unit>'),
                    encoding="utf-8")
    plan = _import(store, path)
    assert plan.changes == [] and plan.unchanged == 1
    assert Drafts(store).load("imp-1")[0][0].startswith("Since the Anchorage summit")
