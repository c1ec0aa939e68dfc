"""Downloads against a real HTTP server on 127.0.0.1 serving models the tests build:
progress, resume after a cut, cancel, checksums, a 404 and a server that hangs."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.translation import download, packages
from reader.core.translation.download import Choice, RemoteFile
from tests.core.translation.tinymodel import build_layout_dir, zip_package


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.files: dict[str, bytes] = {}
        self.etags: dict[str, str] = {}
        self.cut: set[str] = set()  # served half, once, then whole
        self.ranges: list[tuple[str, str | None]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        name = self.path.lstrip("/")
        self.server.ranges.append((name, self.headers.get("Range")))
        if name.startswith("hang/"):
            time.sleep(3)
            return
        data = self.server.files.get(name)
        if data is None:
            self.send_error(404)
            return
        start = int(self.headers["Range"].split("=")[1].split("-")[0]) if self.headers.get("Range") else 0
        if start >= len(data) and start:
            self.send_error(416)
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(data) - start))
        if name in self.server.etags:
            self.send_header("ETag", f'"{self.server.etags[name]}"')
        self.end_headers()
        if name in self.server.cut:
            self.server.cut.discard(name)
            self.wfile.write(data[start : start + (len(data) - start) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data[start:])


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def quickmt_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = build_layout_dir(tmp_path_factory.mktemp("quickmt"), "ct2")
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "README.md"}


def _quickmt(server: Server, files: dict[str, bytes], **sha: str) -> Choice:
    for name, data in files.items():
        server.files[f"q/{name}"] = data
    remote = [RemoteFile(f"{server.url}/q/{n}", n, size=len(files[n]), sha256=sha.get(n.replace(".", "_")))
              for n in sorted(files)]
    remote.append(RemoteFile(f"{server.url}/q/README.md", "README.md", optional=True))  # not served
    return Choice("quickmt-ja-en", "quickmt (test)", ("ja", "en"), "ct2", "CC-BY-4.0", 1,
                  f"{server.url}/q", tuple(remote))


def _nothing_installed() -> bool:
    return packages.list_packages() == []


def test_the_table_offers_quickmt_first_then_argos():
    offered = download.choices("ja", "en")
    assert [c.key for c in offered] == ["quickmt-ja-en", "translate-ja_en"]
    assert all(f.url.startswith("https://") for c in offered for f in c.files)
    assert offered[1].archive and not offered[0].archive
    assert "CC-BY-4.0" in download.describe(offered[0]) and "117 MB" in download.describe(offered[1])
    assert download.choices("ko", "en") == []


def test_a_folder_model_downloads_with_progress_and_installs(server, quickmt_files):
    seen: list[tuple[int, int, str]] = []
    info = download.download(_quickmt(server, quickmt_files), progress=lambda *a: seen.append(a))
    assert (info.name, info.layout, info.source) == ("quickmt-ja-en", "ct2", f"{server.url}/q")
    assert {name for _, _, name in seen} == set(quickmt_files)
    last = {name: (done, total) for done, total, name in seen}
    assert all(done == total == len(quickmt_files[n]) for n, (done, total) in last.items())
    assert not download.downloads_dir().exists()  # partial files are gone once installed


def test_an_archive_with_a_published_checksum_installs(server, tiny_package_file: Path):
    data = tiny_package_file.read_bytes()
    server.files["a/pkg.argosmodel"] = data
    server.etags["a/pkg.argosmodel"] = hashlib.sha256(data).hexdigest()
    choice = Choice("argos", "argos", ("ja", "en"), "argos", "x", 1, server.url,
                    (RemoteFile(f"{server.url}/a/pkg.argosmodel", "pkg.argosmodel"),))
    assert download.download(choice).layout == "argos"
    server.etags["a/pkg.argosmodel"] = "0" * 64  # a damaged file fails its check
    packages.remove_package("translate-ja_en-tiny")
    with pytest.raises(ReaderError, match="failed its SHA-256 check"):
        download.download(choice)
    assert _nothing_installed() and not list(download.downloads_dir().rglob("*.part"))


def test_a_cut_download_resumes_where_it_stopped(server, quickmt_files):
    choice = _quickmt(server, quickmt_files)
    server.cut.add("q/model.bin")
    with pytest.raises(ReaderError, match="was cut at") as caught:
        download.download(choice)
    assert "resumes" in caught.value.advice and _nothing_installed()
    part = download.downloads_dir() / "quickmt-ja-en" / "quickmt-ja-en" / "model.bin.part"
    half = part.stat().st_size
    assert 0 < half < len(quickmt_files["model.bin"])
    download.download(choice)
    assert ("q/model.bin", f"bytes={half}-") in server.ranges  # only the rest was fetched
    assert packages.require_package().name == "quickmt-ja-en"


def test_a_cancelled_download_keeps_its_part_and_resumes(server, quickmt_files):
    choice = _quickmt(server, quickmt_files)
    with pytest.raises(download.Cancelled):
        download.download(choice, should_stop=lambda: True)
    assert _nothing_installed() and list(download.downloads_dir().rglob("*.part"))
    assert download.download(choice).layout == "ct2"


def test_a_checksum_in_the_table_is_checked(server, quickmt_files):
    choice = _quickmt(server, quickmt_files, tgt_spm_model="1" * 64)
    with pytest.raises(ReaderError, match="tgt.spm.model failed its SHA-256 check"):
        download.download(choice)
    assert _nothing_installed()


def test_a_missing_file_says_http_404(server, quickmt_files):
    choice = _quickmt(server, quickmt_files)
    del server.files["q/src.spm.model"]
    with pytest.raises(ReaderError, match=r"could not download .*/q/src.spm.model \(HTTP 404"):
        download.download(choice)
    assert _nothing_installed()


def test_a_server_that_hangs_times_out(server):
    choice = Choice("hang", "hang", ("ja", "en"), "ct2", "x", 1, server.url,
                    (RemoteFile(f"{server.url}/hang/model.bin", "model.bin"),))
    started = time.monotonic()
    with pytest.raises(ReaderError, match="timed out"):
        download.download(choice, timeout=0.5)
    assert time.monotonic() - started < 2.5 and _nothing_installed()


def test_zipped_packages_from_the_server_install(server, tmp_path: Path):
    folder = build_layout_dir(tmp_path, "marian")
    server.files["m.zip"] = zip_package(folder, tmp_path / "m.zip").read_bytes()
    choice = Choice("opus", "opus", ("ja", "en"), "marian", "x", 1, server.url,
                    (RemoteFile(f"{server.url}/m.zip", "opus-mt-ja-en.zip"),))
    assert download.download(choice).layout == "marian"


def test_a_download_that_is_not_a_model_is_refused_and_not_kept(server):
    server.files["junk.zip"] = b"not a zip at all" * 100
    choice = Choice("junk", "junk", ("ja", "en"), "argos", "x", 1, server.url,
                    (RemoteFile(f"{server.url}/junk.zip", "junk.zip"),))
    with pytest.raises(ReaderError, match="not a zip archive"):
        download.download(choice)
    assert _nothing_installed() and not (download.downloads_dir() / "junk").exists()
