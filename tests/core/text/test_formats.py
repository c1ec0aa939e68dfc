"""The output formats, in process: bracketed furigana, the JSON contract, printable HTML."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

import pytest

from reader.core.text import formats
from reader.core.text.furigana import bracketed

TEXT = "停戦に向けた動き\n\n2025年8月15日、首脳会談が行われた。「戦争は終わる」と述べた。\n"


@pytest.fixture(scope="module")
def sentences(annotator):
    return list(annotator.iter_annotate(TEXT))


def _write(writer, *args) -> str:
    out = io.StringIO()
    writer(*args, out)
    return out.getvalue()


def test_text_keeps_the_layout_and_brackets_the_readings(sentences):
    out = _write(formats.write_text, TEXT, sentences)
    assert out.replace("[", "").count("\n") == TEXT.count("\n")  # lines and blank lines kept
    # Conjugated words say what they are after them, in parentheses.
    assert "停戦[ていせん]に向[む]けた(向ける: past)動[うご]き\n\n" in out
    assert "2025[にせんにじゅうご]年[ねん]8[はち]月[がつ]15[じゅうご]日[にち]" in out
    assert "首脳[しゅのう]会談[かいだん]が行[おこな]われた(行う: passive, past)。" in out
    assert "述[の]べた(述べる: past)。" in out
    # Removing the brackets and the explanations gives the input back.
    import re

    assert re.sub(r"\[[^\]]*\]|\([^)]*: [^)]*\)", "", out) == TEXT


def test_text_explains_conjugations(annotator):
    text = "食べさせられなかった"
    out = _write(formats.write_text, text, list(annotator.iter_annotate(text)))
    assert out == "食[た]べさせられなかった(食べる: causative, passive, negative, past)\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),  # nothing in, nothing out
        ("平和", "平和[へいわ]\n"),  # a final line break is added
        ("平和\r\n戦争\r\n", "平和[へいわ]\n戦争[せんそう]\n"),  # line endings normalised
    ],
)
def test_text_edge_cases(annotator, text, expected):
    assert _write(formats.write_text, text, list(annotator.iter_annotate(text))) == expected


def test_json_is_the_documented_contract(sentences):
    data = json.loads(_write(formats.write_json, sentences))
    assert [s["text"] for s in data["sentences"]] == [s.sentence.text for s in sentences]
    for s in data["sentences"]:
        assert TEXT[s["start"] : s["end"]] == s["text"]
        assert "".join(t["surface"] for t in s["tokens"]) == s["text"]
        for t in s["tokens"]:
            assert set(t) == {"surface", "start", "end", "reading", "base", "pos", "ruby", "glosses"}
            assert TEXT[t["start"] : t["end"]] == t["surface"]
            assert "".join(r["text"] for r in t["ruby"]) == t["surface"]
    tokens = {t["surface"]: t for s in data["sentences"] for t in s["tokens"]}
    assert tokens["向け"]["base"] == "向ける" and tokens["向け"]["reading"] == "むけ"
    assert "ceasefire" in tokens["停戦"]["glosses"]
    assert tokens["に"]["glosses"] == []  # particles get none
    # words beside the tokens: spans of whole tokens, tiling them
    for s in data["sentences"]:
        assert [k for w in s["words"] for k in range(w["tokens"][0], w["tokens"][1] + 1)] == list(
            range(len(s["tokens"]))
        )
        for w in s["words"]:
            assert set(w) == {"start", "end", "text", "base", "reading", "kind", "inflections", "glosses", "tokens"}
            assert TEXT[w["start"] : w["end"]] == w["text"]
    words = {w["text"]: w for s in data["sentences"] for w in s["words"]}
    assert words["首脳会談"]["kind"] == "compound" and "summit meeting" in words["首脳会談"]["glosses"]
    assert words["行われた"] == {
        "start": words["行われた"]["start"], "end": words["行われた"]["start"] + 4, "text": "行われた",
        "base": "行う", "reading": "おこなわれた", "kind": "conjugated", "inflections": ["passive", "past"],
        "glosses": words["行われた"]["glosses"], "tokens": words["行われた"]["tokens"],
    }


def test_json_of_nothing_is_still_json():
    assert json.loads(_write(formats.write_json, [])) == {"sentences": []}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.in_rt = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.in_rt = tag == "rt"

    def handle_endtag(self, tag):
        if tag == "rt":
            self.in_rt = False

    def handle_data(self, data):
        if not self.in_rt:
            self.text.append(data)


def test_html_is_a_standalone_page_with_ruby_and_headings(sentences):
    page = _write(lambda s, out: formats.write_html(s, out, title="記事 <1>"), sentences)
    parsed = _Collect()
    parsed.feed(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags  # loads nothing
    assert "default-src 'none'" in page
    assert "<title>記事 &lt;1&gt;</title>" in page  # the title escaped
    assert parsed.tags.count("h2") == 1  # the short first line is a heading
    assert "<ruby>停戦<rt>ていせん</rt></ruby>" in page
    assert 'title="armistice; ceasefire' in page  # glosses as tooltips
    assert 'title="行う: passive, past — ' in page  # conjugations explained
    body = "".join(parsed.text)
    assert "首脳会談が行われた。" in body and "「戦争は終わる」と述べた。" in body


def test_html_escapes_the_text(annotator):
    text = "<b>停戦</b> & 'x'\n"
    page = _write(lambda s, out: formats.write_html(s, out), list(annotator.iter_annotate(text)))
    assert "<b>" not in page.split("<body>", 1)[1]
    assert "&lt;b&gt;" in page and "&amp;" in page


def test_bracketed_ruby():
    from reader.core.text.model import RubySegment

    assert bracketed([RubySegment("向", "む"), RubySegment("けた")]) == "向[む]けた"
    assert bracketed([]) == ""
