"""The page protocol: Python and reader's page name the same keys, signals and slots, and
the page colours words exactly as coverage counts them."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from PySide6.QtCore import QMetaMethod

from reader.core.vocabulary.coverage import StatusView, coverage
from reader.core.vocabulary.status import display_class
from reader.qt.page import bridge
from reader.qt.page.bridge import Bridge, Key, sentences_payload
from reader.qt.page.view import SCRIPTS

WEB = resources.files("reader.qt.page").joinpath("web")


def _script() -> str:
    return "\n".join(WEB.joinpath(name).read_text(encoding="utf-8") for name in SCRIPTS)


def _js_object(name: str) -> str:
    """The body of ``const NAME = ... {`` ... up to its closing brace at the same depth."""
    source = _script()
    start = re.search(rf"const {name} = [^{{]*\{{", source).end()
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        i += 1
    return source[start : i - 1]


def test_the_payload_keys_agree():
    js_keys = dict(re.findall(r"(\w+): \"([^\"]+)\"", _js_object("KEY")))
    assert js_keys == bridge.keys()
    assert len(set(js_keys.values())) == len(js_keys)  # no two keys alike


def _top_level_members(body: str) -> set[str]:
    """Names of an object literal's members (methods, arrow functions), depth 0 only."""
    names, depth = set(), 0
    for line in body.splitlines():
        if depth == 0 and (m := re.match(r"\s*(\w+)(\(|: )", line)):
            names.add(m.group(1))
        depth += line.count("{") + line.count("(") + line.count("[") - line.count("}") - line.count(")") - line.count("]")
    return names


def test_the_page_handles_every_signal_it_is_sent():
    handlers = _top_level_members(_js_object("handlers"))
    assert handlers == set(Bridge.TO_PAGE)
    meta = Bridge.staticMetaObject
    signals = {
        bytes(meta.method(i).name()).decode()
        for i in range(meta.methodOffset(), meta.methodCount())
        if meta.method(i).methodType() == QMetaMethod.MethodType.Signal
    }
    assert set(Bridge.TO_PAGE) <= signals


def test_the_page_calls_only_the_bridge_slots():
    meta = Bridge.staticMetaObject
    slots = {
        bytes(meta.method(i).name()).decode()
        for i in range(meta.methodOffset(), meta.methodCount())
        if meta.method(i).methodType() == QMetaMethod.MethodType.Slot
    }
    source = _script()
    called = set(re.findall(r"call\(\"(\w+)\"", source)) | set(re.findall(r"bridge\.(\w+)\(", source))
    assert called == slots


def test_python_builds_no_javascript():
    package = resources.files("reader")
    offenders = [
        str(p) for p in package.joinpath("qt").rglob("*.py")  # type: ignore[attr-defined]
        if "runJavaScript" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


#: Stored statuses: a learning word, a known one, an ignored one, and one saved without
#: a reading (which stands for every reading of its form).
STATUSES = {
    ("停戦", "ていせん"): "learning",
    ("首脳", "しゅのう"): "known",
    ("会談", "かいだん"): "ignored",
    ("向ける", ""): "known",
}
#: i+1 counts distinct words: 平和 twice in the last sentence is one unknown word.
TEXT = "首脳会談で停戦に向けた動きがあった。停戦の話だ。首脳会談は続く。平和の話だ。平和と平和だ。"


def test_the_page_and_coverage_agree(annotator):
    from reader.core.text.model import Word
    from reader.qt.page.bridge import units

    sentences = list(annotator.iter_annotate(TEXT))
    payload = json.loads(sentences_payload(1, 0, sentences, STATUSES))["sentences"]
    view = StatusView(STATUSES)
    shown = {}
    for sentence, sent in zip(sentences, payload, strict=True):
        for unit, item in zip(units(sentence), sent[Key.WORDS], strict=True):
            word = isinstance(unit, Word) and view.is_word(unit)
            assert bool(item.get(Key.WORD)) == word
            if word:
                assert item[Key.STATUS] == display_class(view.status(unit))
                shown[unit.text] = item[Key.STATUS]
    assert shown == {
        # 首脳会談 is one word: its parts' statuses (known, ignored) are not its own
        "首脳会談": "new", "停戦": "learning", "向けた": "known",  # (向ける, "") counts
        "動き": "new", "あった": "new", "話": "new", "続く": "new", "平和": "new", "平和だ": "new",
    }
    one_unknown = [n + 1 for n, sent in enumerate(payload) if sent[Key.ONE_UNKNOWN]]
    assert one_unknown == list(coverage(sentences, STATUSES).one_unknown) == [5]


def test_the_page_knows_every_colour_a_status_can_have():
    from reader.core.vocabulary.status import STATUSES

    js = re.search(r"const STATUS_CLASSES = \[([^\]]*)\]", _script()).group(1)
    assert set(re.findall(r'"(\w+)"', js)) == {display_class(s) for s in STATUSES}


@pytest.mark.parametrize(
    ("status", "shown"),
    [("new", "new"), ("learning", "learning"), ("known", "known"), ("ignored", "known")],
)
def test_display_classes(status, shown):
    assert display_class(status) == shown
