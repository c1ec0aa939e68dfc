"""The local LLM engine in the window, against a real llama-cpp-python server (tiny model,
tests/llm_server.py): the pane's lines come from it when it is chosen, nothing is sent
while it is not, a dead server falls back to glosses with the engine named in the status
bar, and Preferences → Translation lists the server's models."""

from __future__ import annotations

import pytest

from reader.core.translation.llm import NO_USABLE_MT
from tests.llm_server import (  # noqa: F401 - proxy_fixture, server_fixture: the fixtures
    ANSWER,
    free_port,
    proxy_fixture,
    server_available,
    server_fixture,
)
from tests.qt.conftest import open_and_wait

SHORT = "2025-10-24-news-paper-2025-10"  # 8 sentences

pytestmark = pytest.mark.skipif(bool(server_available()), reason=server_available() or "")


def _choose_llm(window, url: str) -> None:
    window.settings.set("translation/engine", "llm")
    window.settings.set("translation/llm_url", url)
    window.settings.set("translation/llm_model", "tiny")


@pytest.mark.slow
def test_the_pane_gets_the_llm_lines_when_chosen(qtbot, window, proxy):
    _choose_llm(window, proxy.url)
    open_and_wait(qtbot, window, SHORT)
    rows = window.translation_pane.model.rows
    qtbot.waitUntil(lambda: all(r.machine == ANSWER for r in rows if r.japanese.strip()), timeout=30000)
    assert len(proxy.chats()) == sum(1 for r in rows if r.japanese.strip())
    assert "local LLM: tiny" in window.statusBar().currentMessage()


def test_nothing_is_sent_while_the_engine_is_not_chosen(qtbot, window, proxy):
    window.settings.set("translation/llm_url", proxy.url)  # set up, but not chosen
    window.settings.set("translation/llm_model", "tiny")
    open_and_wait(qtbot, window, SHORT)
    qtbot.wait(500)
    assert proxy.requests == []


def test_a_dead_server_falls_back_to_glosses_and_says_so(qtbot, window):
    _choose_llm(window, f"http://127.0.0.1:{free_port()}/v1")
    open_and_wait(qtbot, window, SHORT)
    qtbot.waitUntil(lambda: "LLM server failed" in window.statusBar().currentMessage(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert "LLM server failed: nothing is listening" in message and "glosses" in message
    qtbot.wait(200)
    assert all(r.machine == NO_USABLE_MT for r in window.translation_pane.model.rows)


def test_preferences_test_connection_lists_the_models(qtbot, window, proxy):
    from reader.qt.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    group = dialog.llm
    group.url.setText(proxy.url)
    group.test()
    qtbot.waitUntil(lambda: group.result.text().startswith("Connected"), timeout=10000)
    assert group.result.text() == "Connected: 1 model: tiny"
    assert group.model.currentText() == "tiny"
    group.url.setText("http://192.168.3.3:8080/v1")
    group.test()
    assert "not this computer" in group.result.text()
    group.url.setText(proxy.url)
    group.engine.setCurrentIndex(group.engine.findData("llm"))
    dialog.store()
    assert window.settings.get("translation/engine") == "llm"
    assert window.settings.get("translation/llm_model") == "tiny"
    assert [p for _, p, _ in proxy.requests] == ["/v1/models"]  # the test asks nothing else
