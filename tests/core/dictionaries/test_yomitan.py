"""Reading Yomitan zips (layout, index, rows) and rendering their glossaries."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.dictionaries.yomitan import archive, render, rows
from reader.core.dictionaries.yomitan.archive import Archive, YomitanError
from reader.core.dictionaries.yomitan.render import render_html, render_text
from tests.yomitan_factory import KANJI, META, TAGS, TERMS, index_json, make_zip


def sc(*content: Any) -> dict[str, Any]:
    """A structured-content glossary item."""
    return {"type": "structured-content", "content": list(content)}


RUBY = {
    "tag": "ruby",
    "content": [
        "停戦",
        {"tag": "rp", "content": "("},
        {"tag": "rt", "content": "ていせん"},
        {"tag": "rp", "content": ")"},
    ],
}

TEXT_CASES = [
    ("plain string", "to eat", "to eat"),
    ("text item", {"type": "text", "text": "ceasefire"}, "ceasefire"),
    ("image item: its alt", {"type": "image", "path": "img/a.png", "alt": "a map"}, "a map"),
    ("image item: no text", {"type": "image", "path": "img/a.png"}, ""),
    (
        "list becomes bullet lines",
        sc(
            {
                "tag": "ul",
                "content": [{"tag": "li", "content": "peace"}, {"tag": "li", "content": "harmony"}],
            }
        ),
        "• peace\n• harmony",
    ),
    ("sample 平和", TERMS[1][5][0], "• peace\n• harmony\n平和な世界 — a peaceful world"),
    (
        "nested list indents",
        sc(
            {
                "tag": "ul",
                "content": {
                    "tag": "li",
                    "content": [
                        "war",
                        {"tag": "ol", "content": {"tag": "li", "content": "armed conflict"}},
                    ],
                },
            }
        ),
        "• war\n  • armed conflict",
    ),
    ("ruby: reading in brackets, rp dropped", sc(RUBY), "停戦(ていせん)"),
    ("br", sc("one", {"tag": "br"}, "two"), "one\ntwo"),
    (
        "table cells on one line per row",
        sc(
            {
                "tag": "table",
                "content": [
                    {
                        "tag": "tr",
                        "content": [
                            {"tag": "th", "content": "form"},
                            {"tag": "td", "content": "停戦する"},
                        ],
                    }
                ],
            }
        ),
        "form 停戦する",
    ),
    ("script dropped with its code", sc("safe", {"tag": "script", "content": "alert(1)"}), "safe"),
    ("unknown tag: its text kept", sc({"tag": "blink", "content": "still here"}), "still here"),
    ("link: text kept", sc({"tag": "a", "href": "?query=戦", "content": "戦"}), "戦"),
    (
        "image node: its title",
        sc({"tag": "img", "path": "x.png", "title": "stroke order"}),
        "stroke order",
    ),
    ("numbers as text", sc({"tag": "span", "content": [1, " mora"]}), "1 mora"),
    ("deinflection item", ["食べる", ["past"]], "(a form of 食べる)"),
    ("junk ignored", sc(None, True, {"no": "tag"}, "ok"), "ok"),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES]
)
def test_render_text(name: str, content: Any, expected: str) -> None:
    assert render_text(content) == expected


HTML_CASES = [
    ("text is escaped", "<b>&\"'", "&lt;b&gt;&amp;&quot;&#x27;"),
    ("newline becomes br", "one\ntwo", "one<br>two"),
    ("text item escaped", {"type": "text", "text": "<i>x</i>"}, "&lt;i&gt;x&lt;/i&gt;"),
    (
        "script and style dropped with content",
        sc({"tag": "script", "content": "alert(1)"}, {"tag": "style", "content": "b{}"}, "ok"),
        "ok",
    ),
    (
        "attributes dropped",
        sc(
            {
                "tag": "span",
                "style": {"fontWeight": "bold"},
                "data": {"content": "x"},
                "onclick": "alert(1)",
                "lang": "ja",
                "content": "語",
            }
        ),
        "<span>語</span>",
    ),
    (
        "link kept without href",
        sc({"tag": "a", "href": "javascript:alert(1)", "content": "戦"}),
        "<a>戦</a>",
    ),
    ("unknown tag dropped, text escaped", sc({"tag": "iframe2", "content": "<x>"}), "&lt;x&gt;"),
    (
        "img becomes its alt, escaped",
        sc({"tag": "img", "path": "a.png", "alt": "<map>"}),
        "&lt;map&gt;",
    ),
    ("image item becomes its title", {"type": "image", "path": "a.png", "title": "map"}, "map"),
    ("ruby kept", sc(RUBY), "<ruby>停戦<rp>(</rp><rt>ていせん</rt><rp>)</rp></ruby>"),
    (
        "cell spans kept as numbers only",
        sc({"tag": "td", "colSpan": 2, "rowSpan": '3" onload="x', "content": "a"}),
        '<td colspan="2">a</td>',
    ),
    ("a tag name is never echoed", sc({"tag": "img onerror=alert(1)", "content": "t"}), "t"),
    (
        "glossary list becomes ol",
        ["ceasefire", "truce"],
        "<ol><li>ceasefire</li><li>truce</li></ol>",
    ),
    ("one-item glossary stays bare", ["to eat"], "to eat"),
    (
        "sample 平和",
        TERMS[1][5],
        "<ul><li>peace</li><li>harmony</li></ul><div>平和な世界 — a peaceful world</div>",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), HTML_CASES, ids=[c[0] for c in HTML_CASES]
)
def test_render_html(name: str, content: Any, expected: str) -> None:
    assert render_html(content) == expected


def test_render_survives_deep_nesting() -> None:
    node: Any = "bottom"
    for _ in range(5000):
        node = {"tag": "span", "content": node}
    assert render_text(sc(node)) == ""  # too deep to render, but no RecursionError
    assert render_html(sc(node)).startswith("<span><span>")


def test_render_html_never_emits_unlisted_tags() -> None:
    import re

    nasty = sc(
        *(
            {"tag": t, "content": "x"}
            for t in [
                "script",
                "object",
                "embed",
                "form",
                "input",
                "img",
                "svg",
                "meta",
                "link",
                "video",
                "base",
                "body",
                "html",
                "head",
                "title",
                "button",
                "select",
            ]
        )
    )
    tags = set(re.findall(r"</?([a-z0-9]+)", render_html(nasty)))
    assert tags <= render.HTML_TAGS


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["tag", "content", "type", "text", "alt", "colSpan", "href", "data"]),
        inner | st.sampled_from(["script", "td", "ul", "li", "img", "structured-content"]),
        max_size=4,
    ),
    max_leaves=30,
)


@given(JSON)
def test_rendering_never_raises_and_stays_whitelisted(content: Any) -> None:
    import re

    assert isinstance(render_text(content), str)
    html = render_html(content)
    for inner in re.findall(r"<([^>]*)>", html):
        tag = re.fullmatch(r'/?([a-z]+)(?: (?:colspan|rowspan)="\d+")*', inner)
        assert tag and tag.group(1) in render.HTML_TAGS, inner
    assert "<" not in re.sub(r"<[^>]*>", "", html)


# -- the archive ---------------------------------------------------------------


def test_sample_archive(tmp_path: Path) -> None:
    with Archive(make_zip(tmp_path / "sample.zip")) as archive:
        assert archive.index.title == "Test Dictionary"
        assert archive.index.format == 3
        assert archive.index.sequenced
        assert [b.kind for b in archive.banks] == ["tag", "kanji", "term_meta", "term"]
        terms = [list(archive.parsed(b)) for b in archive.banks if b.kind == "term"][0]
    assert terms[0] == (
        "停戦",
        "ていせん",
        "n vs news",
        "vs",
        10,
        "ceasefire\x1ftruce",
        "<ol><li>ceasefire</li><li>truce</li></ol>",
        1,
    )
    assert terms[1][2] == "n adj-na"  # no term tags
    assert terms[1][5:7] == (render_text(TERMS[1][5][0]), render_html(TERMS[1][5]))
    assert terms[2][2] == "v1 common"


def test_banks_load_in_kind_order_kanji_meta_included(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "all.zip", kanji_meta=[["停", "freq", 1]], bank_size=1)
    with Archive(path) as archive:
        kinds = [b.kind for b in archive.banks]
        rows = [list(archive.parsed(b)) for b in archive.banks if b.kind == "kanji_meta"]
    assert kinds == ["tag"] * 3 + ["kanji"] * 2 + ["kanji_meta"] + ["term_meta"] * 5 + ["term"] * 3
    assert rows == [[("停", 1, "1")]]


def test_a_zip_without_banks_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "empty.zip", terms=[], meta=[], kanji=[], tags=[])
    with pytest.raises(YomitanError, match="no term, term meta, kanji or kanji meta banks"):
        Archive(path)


def _zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _index(**extra: Any) -> str:
    return json.dumps(index_json(**extra))


BANK = json.dumps(TERMS, ensure_ascii=False)

LAYOUT_REFUSALS = [
    (
        "zip slip",
        {"index.json": _index(), "term_bank_1.json": BANK, "../evil.json": "[]"},
        "unsafe path",
    ),
    (
        "absolute path",
        {"index.json": _index(), "term_bank_1.json": BANK, "/abs.json": "[]"},
        "unsafe path",
    ),
    (
        "drive letter",
        {"index.json": _index(), "term_bank_1.json": BANK, "C:/x.json": "[]"},
        "unsafe path",
    ),
    (
        "backslash slip",
        {"index.json": _index(), "term_bank_1.json": BANK, "a\\..\\..\\x": "[]"},
        "unsafe path",
    ),
    ("no index", {"term_bank_1.json": BANK}, "no index.json"),
    (
        "zipped folder",
        {"jitendex/index.json": _index(), "jitendex/term_bank_1.json": BANK},
        "inside the folder 'jitendex/'",
    ),
    ("no banks", {"index.json": _index()}, "no term"),
    (
        "index not JSON",
        {"index.json": "{title:", "term_bank_1.json": BANK},
        "index.json is not valid JSON",
    ),
    ("index not an object", {"index.json": "[]", "term_bank_1.json": BANK}, "not a JSON object"),
    (
        "no title",
        {"index.json": json.dumps({"revision": "1", "format": 3}), "term_bank_1.json": BANK},
        "no title",
    ),
    (
        "no revision",
        {"index.json": json.dumps({"title": "x", "format": 3}), "term_bank_1.json": BANK},
        "no revision",
    ),
    ("format 99", {"index.json": _index(fmt=99), "term_bank_1.json": BANK}, "format 99"),
    (
        "format missing",
        {"index.json": json.dumps({"title": "x", "revision": "1"}), "term_bank_1.json": BANK},
        "format None",
    ),
]


@pytest.mark.parametrize(
    ("name", "files", "message"), LAYOUT_REFUSALS, ids=[c[0] for c in LAYOUT_REFUSALS]
)
def test_layout_refusals(tmp_path: Path, name: str, files: dict[str, str], message: str) -> None:
    with pytest.raises(YomitanError, match=message.replace("(", r"\(")) as caught:
        Archive(_zip(tmp_path / "bad.zip", files))
    assert caught.value.advice
    assert caught.value.exit_code == 2


def test_format_1_index_uses_version(tmp_path: Path) -> None:
    files = {
        "index.json": json.dumps({"title": "Old", "revision": "v1", "version": 1}),
        "term_bank_1.json": json.dumps([["犬", "いぬ", "n", "", 1, "dog", "hound"]]),
    }
    with Archive(_zip(tmp_path / "old.zip", files)) as archive:
        rows = list(archive.parsed(archive.banks[0]))
    assert archive.index.format == 1
    assert rows[0] == (
        "犬",
        "いぬ",
        "n",
        "",
        1,
        "dog\x1fhound",
        "<ol><li>dog</li><li>hound</li></ol>",
        0,
    )


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "dict.zip"
    path.write_text("just text", encoding="utf-8")
    with pytest.raises(YomitanError, match="not a zip file"):
        Archive(path)
    with pytest.raises(YomitanError, match="does not exist"):
        Archive(tmp_path / "missing.zip")


def test_zip_bomb_many_files(tmp_path: Path) -> None:
    files = {"index.json": _index(), "term_bank_1.json": BANK}
    files.update({f"img/{n}.png": "" for n in range(archive.MAX_FILES)})
    with pytest.raises(YomitanError, match="files, more than 10,000"):
        Archive(_zip(tmp_path / "many.zip", files))


def test_zip_bomb_high_ratio(tmp_path: Path) -> None:
    files = {"index.json": _index(), "term_bank_1.json": " " * (40 * 1024**2) + "[]"}
    path = _zip(tmp_path / "bomb.zip", files)
    assert path.stat().st_size < 200_000
    with pytest.raises(YomitanError, match="zip bomb"):
        Archive(path)


def test_total_and_bank_size_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(tmp_path / "sample.zip")
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(YomitanError, match="unpacks to more than"):
        Archive(path)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10**9)
    monkeypatch.setattr(archive, "MAX_BANK_BYTES", 200)
    with pytest.raises(YomitanError, match="more than 0 MB for one bank"):
        Archive(path)


def _rows_error(tmp_path: Path, **banks: Any) -> str:
    path = make_zip(tmp_path / "rows.zip", **banks)
    with Archive(path) as archive, pytest.raises(YomitanError) as caught:
        for bank in archive.banks:
            list(archive.parsed(bank))
    return caught.value.message


ROW_ERRORS = [
    (
        "term not a list",
        {"terms": [TERMS[0], "停戦"]},
        "term_bank_1.json row 2: a term row should be a list",
    ),
    ("term too short", {"terms": [TERMS[0][:7]]}, "row 1: a term row should have 8 items, not 7"),
    (
        "empty expression",
        {"terms": [["", "よみ", "", "", 0, ["x"], 0, ""]]},
        "the expression should be a non-empty string",
    ),
    (
        "score not a number",
        {"terms": [["語", "ご", "", "", "high", ["x"], 0, ""]]},
        "the score should be a number, not a string 'high'",
    ),
    (
        "glossary not a list",
        {"terms": [["語", "ご", "", "", 0, "word", 0, ""]]},
        "the glossary should be a list",
    ),
    (
        "glossary item type",
        {"terms": [["語", "ご", "", "", 0, [{"type": "video"}], 0, ""]]},
        "glossary item of unknown type 'video'",
    ),
    (
        "glossary item number",
        {"terms": [["語", "ご", "", "", 0, [5], 0, ""]]},
        "a glossary item should be a string or an object, not a number 5",
    ),
    (
        "freq mode unknown",
        {"meta": [["語", "loudness", 3]]},
        "term_meta_bank_1.json row 1: unknown term meta mode 'loudness'",
    ),
    (
        "freq value a list",
        {"meta": [["語", "freq", [1]]]},
        "the frequency should be a number, not a list",
    ),
    (
        "pitch without pitches",
        {"meta": [["語", "pitch", {"reading": "ご"}]]},
        "non-empty list of pitches",
    ),
    (
        "pitch position bad",
        {"meta": [["語", "pitch", {"reading": "ご", "pitches": [{"position": "up"}]}]]},
        "H/L pattern",
    ),
    (
        "kanji meanings",
        {"kanji": [["停", "テイ", "", "", "halt", {}]]},
        "kanji_bank_1.json row 1: the meanings should be a list of strings",
    ),
    (
        "kanji stat object",
        {"kanji": [["停", "テイ", "", "", [], {"strokes": {"n": 11}}]]},
        "stat 'strokes' should be a string or number",
    ),
    (
        "tag row",
        {"tags": [["n", "partOfSpeech", 0, "noun"]]},
        "tag_bank_1.json row 1: a tag row should have 5 items, not 4",
    ),
]


@pytest.mark.parametrize(("name", "banks", "message"), ROW_ERRORS, ids=[c[0] for c in ROW_ERRORS])
def test_row_errors_name_bank_and_row(
    tmp_path: Path, name: str, banks: dict[str, Any], message: str
) -> None:
    assert message in _rows_error(tmp_path, **banks)


def test_row_error_in_a_later_bank(tmp_path: Path) -> None:
    terms = [[f"語{n}", "ご", "", "", 0, ["x"], n, ""] for n in range(25)]
    terms[16 + 3] = ["語", "ご", "", "", 0, ["x"], "seven", ""]
    message = _rows_error(tmp_path, terms=terms, bank_size=8)
    assert message.startswith("term_bank_3.json row 4: the sequence should be a number")


def test_malformed_bank_json(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bad.zip", extra_files={"term_bank_2.json": '[["語", "ご",'})
    with (
        Archive(path) as archive,
        pytest.raises(YomitanError, match=r"term_bank_2.json is not valid JSON \(line 1"),
    ):
        for bank in archive.banks:
            list(archive.parsed(bank))


def test_bank_not_an_array(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bad.zip", extra_files={"term_bank_2.json": '{"a": 1}'})
    with (
        Archive(path) as archive,
        pytest.raises(YomitanError, match="term_bank_2.json is not a JSON array"),
    ):
        for bank in archive.banks:
            list(archive.parsed(bank))


def test_deeply_nested_bank_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "deep.zip", extra_files={"term_bank_2.json": "[" * 200_000})
    with Archive(path) as archive, pytest.raises(YomitanError, match="term_bank_2.json"):
        for bank in archive.banks:
            list(archive.parsed(bank))


FREQ_CASES = [
    ("number", 812, ("", 812, "812")),
    ("float", 81.6, ("", 82, "82")),
    ("string with number", "5120㋕", ("", 5120, "5120㋕")),
    ("string without", "rare", ("", None, "rare")),
    ("value and display", {"value": 7, "displayValue": "7 (top)"}, ("", 7, "7 (top)")),
    ("value only", {"value": 7}, ("", 7, "7")),
    ("reading-specific", META[0][2], ("ていせん", 5120, "5120㋕")),
    ("reading-specific number", {"reading": "へいわ", "frequency": 3}, ("へいわ", 3, "3")),
]


@pytest.mark.parametrize(("name", "data", "expected"), FREQ_CASES, ids=[c[0] for c in FREQ_CASES])
def test_frequency_forms(name: str, data: Any, expected: tuple[Any, ...]) -> None:
    reading, value, display = expected
    assert rows._meta_row(["語", "freq", data], 3) == ("語", "freq", reading, value, display)


PITCH_CASES = [
    ("heiban", [{"position": 0}], 0, "0"),
    ("two accents", [{"position": 2, "nasal": [1]}, {"position": 0, "devoice": 3}], 2, "2,0"),
    ("pattern atamadaka", [{"position": "HLL"}], 1, "1"),
    ("pattern nakadaka", [{"position": "LHHL"}], 3, "3"),
    ("pattern heiban", [{"position": "LHHH"}], 0, "0"),
]


@pytest.mark.parametrize(
    ("name", "pitches", "first", "display"), PITCH_CASES, ids=[c[0] for c in PITCH_CASES]
)
def test_pitch_forms(name: str, pitches: list[Any], first: int, display: str) -> None:
    row = ["語", "pitch", {"reading": "ご", "pitches": pitches}]
    assert rows._meta_row(row, 3) == ("語", "pitch", "ご", first, display)


def test_ipa_rows_are_skipped() -> None:
    assert rows._meta_row(["語", "ipa", {"reading": "ご", "transcriptions": []}], 3) is None


TAG_MERGES = [
    ("n vs", "news", "n vs news"),
    ("n", "", "n"),
    ("", "common", "common"),
    ("v1 vs", "vs common", "v1 vs common"),
]


@pytest.mark.parametrize(("definition_tags", "term_tags", "merged"), TAG_MERGES)
def test_term_tags_merge(definition_tags: str, term_tags: str, merged: str) -> None:
    row = ["語", "ご", definition_tags, "", 0, ["x"], 0, term_tags]
    assert rows._term_row(row, 3)[2] == merged


def test_separator_inside_a_definition() -> None:
    row = ["語", "ご", "", "", 0, ["a\x1fb", "c"], 0, ""]
    assert rows._term_row(row, 3)[5] == "a b\x1fc"


PLAIN_GLOSSARIES = [
    [],
    ["a"],
    ["a", "b"],
    [" a ", ""],
    ["<x>", "y"],
    ["x\ny"],
    ["", " "],
    ["a & b", '"q"'],
    ["語\x1f", "x"],
]


@pytest.mark.parametrize("glossary", PLAIN_GLOSSARIES)
def test_plain_glossary_fast_path_matches_the_renderer(glossary: list[str]) -> None:
    row = ["語", "ご", "", "", 0, glossary, 0, ""]
    texts, html = render.render_glossary(glossary)
    assert rows._term_row(row, 3)[5:7] == (render.joined_definitions(texts), html)
    assert rows._checked_term_row(row, 3)[5:7] == (
        render.joined_definitions(texts),
        html,
    )


@given(st.lists(st.text(max_size=12), max_size=4))
def test_plain_glossary_fast_path_any_strings(glossary: list[str]) -> None:
    texts, html = render.render_glossary(glossary)
    assert render.plain_glossary(glossary) == (
        render.joined_definitions(texts),
        html,
    )


def test_kanji_and_tag_rows() -> None:
    char, on, kun, tags, meanings, stats = rows._kanji_row(KANJI[0], 3)
    assert (char, on, kun, tags) == ("停", "テイ", "と.める と.まる", "jouyou")
    assert json.loads(meanings) == ["halt", "stopping"]
    assert json.loads(stats) == {"strokes": "11", "grade": "5"}
    assert rows.tag_row(TAGS[2], 3) == ("news", "frequent", 0, "appears in newspapers", 10)


def test_a_bank_of_millions_of_tiny_containers_is_refused_before_parsing(tmp_path) -> None:
    """A few MB of "[]" and "{}" would need hundreds of MB of Python objects: refused."""
    from reader.core.dictionaries.yomitan.archive import MAX_CONTAINERS, YomitanError
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    rng = random.Random(6)  # mixed, so that it compresses too poorly to look like a bomb
    pieces = ("[]", "{}", "[[]]", "[{}]", "[[],[]]", "{ }", "[ ]")
    bank = "[" + ",".join(rng.choice(pieces) for _ in range(MAX_CONTAINERS)) + "]"
    zip_path = make_zip(tmp_path / "lists.zip", terms=[], meta=[], kanji=[], tags=[], extra_files={"term_bank_1.json": bank})
    with pytest.raises(YomitanError, match="arrays and objects"):
        import_dictionary(tmp_path / "d.sqlite", zip_path)
