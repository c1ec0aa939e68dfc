"""The models dialog: layouts and licences listed, NLLB's licence asked before install,
and a download from a local server with progress, installed into the list."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from reader.core.translation import download, packages
from reader.qt.dialogs import models as models_dialog
from tests.core.translation.tinymodel import build_layout_dir


@pytest.fixture(scope="module")
def nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_layout_dir(tmp_path_factory.mktemp("nllb"), "nllb")


def _dialog(qtbot):
    dialog = models_dialog.ModelsDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_nllb_licence_is_asked_before_install(qtbot, nllb, monkeypatch: pytest.MonkeyPatch):
    asked: list[str] = []

    def answer(parent, name, notice):
        asked.append(notice)
        return len(asked) > 1  # no the first time, yes the second

    monkeypatch.setattr(models_dialog, "ask_licence", answer)
    dialog = _dialog(qtbot)
    dialog.install(nllb)
    qtbot.waitUntil(lambda: dialog.install_button.isEnabled(), timeout=30000)
    assert asked and "CC-BY-NC-4.0" in asked[0] and packages.list_packages() == []
    with qtbot.waitSignal(dialog.changed, timeout=30000):
        dialog.install(nllb)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[0] == "nllb-200-tiny" and row[4:] == ["prefix", "CC-BY-NC-4.0"]
    assert "prefix layout, licence CC-BY-NC-4.0" in dialog.readme.toPlainText()


def test_download_from_a_local_server_with_progress(qtbot, tiny_package_file: Path, monkeypatch):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tiny_package_file.parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}/{tiny_package_file.name}"
    choice = download.Choice("local", "local model", ("ja", "en"), "argos", "MIT", 1, url,
                             (download.RemoteFile(url, tiny_package_file.name),))
    monkeypatch.setattr(download, "CATALOGUE", (choice, *download.CATALOGUE))
    monkeypatch.setattr(models_dialog.QInputDialog, "getItem",
                        staticmethod(lambda parent, title, label, items, *a: (items[0], True)))
    try:
        dialog = _dialog(qtbot)
        with qtbot.waitSignal(dialog.changed, timeout=30000):
            dialog._download_clicked()
            assert dialog.download_button.text() == "Cancel download"
    finally:
        srv.shutdown()
        srv.server_close()
    assert dialog.table.rowCount() == 1 and dialog.download_button.text() == "Download…"
    assert dialog.table.item(0, 4).text() == "argos"


def test_the_download_list_shows_size_and_licence(qtbot, monkeypatch):
    shown: list[list[str]] = []

    def get_item(parent, title, label, items, *args):
        shown.append(list(items))
        return "", False

    monkeypatch.setattr(models_dialog.QInputDialog, "getItem", staticmethod(get_item))
    assert models_dialog.pick_download(None) is None
    assert shown[0][0].startswith("1. quickmt ja→en") and "CC-BY-4.0" in shown[0][0]
    assert "about 117 MB" in shown[0][1]
