"""Downloading a model, only when the user asks: the known models in one table, best
first; files fetched with progress, cancellation and resumption (HTTP Range into a
``.part`` file), checked against the size and SHA-256 their source publishes, and
installed atomically through packages.install_package.

Nothing else in reader uses the network.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import shutil
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.translation import packages

TIMEOUT_S = 30  # seconds without a byte before a download counts as stalled
CHUNK = 256 * 1024
#: progress(bytes done, bytes in all or 0 when unknown, file name)
Progress = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]
_SHA256 = re.compile(r"[0-9a-f]{64}")
_RESUME = "run the download again: it resumes where it stopped"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    url: str
    name: str  # where it goes inside the model folder
    size: int | None = None  # bytes, where the source publishes it
    sha256: str | None = None  # where the source publishes it (else its ETag, if a SHA-256)
    optional: bool = False  # a 404 is skipped (a vocabulary the model may not ship)


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    title: str
    pair: tuple[str, str]
    layout: str
    licence: str
    approx_mb: int | None  # for the list; the real size comes with the download
    page: str  # the model's public page
    files: tuple[RemoteFile, ...]
    quality: str = ""

    @property
    def archive(self) -> bool:
        """One file that is itself the package (an .argosmodel or .zip)."""
        return len(self.files) == 1 and self.files[0].name.endswith((".argosmodel", ".zip"))


_QUICKMT = "https://huggingface.co/quickmt/quickmt-ja-en"
_QUICKMT_FILES = ("model.bin", "src.spm.model", "tgt.spm.model", "config.json")
_QUICKMT_MAYBE = ("source_vocabulary.json", "target_vocabulary.json", "shared_vocabulary.json", "README.md")

#: Every model reader can download, best first for each pair: the one table of real URLs.
CATALOGUE: tuple[Choice, ...] = (
    Choice(
        key="quickmt-ja-en",
        title="quickmt ja→en (CTranslate2)",
        pair=("ja", "en"),
        layout="ct2",
        licence="CC-BY-4.0",
        approx_mb=None,
        page=_QUICKMT,
        files=tuple(RemoteFile(f"{_QUICKMT}/resolve/main/{n}", n) for n in _QUICKMT_FILES)
        + tuple(RemoteFile(f"{_QUICKMT}/resolve/main/{n}", n, optional=True) for n in _QUICKMT_MAYBE),
        quality="FLORES devtest BLEU 27.9, COMET22 87.3",
    ),
    Choice(
        key="translate-ja_en",
        title="Argos Translate ja→en 1.1",
        pair=("ja", "en"),
        layout="argos",
        licence="see its README (OPUS data)",
        approx_mb=117,
        page="https://www.argosopentech.com/argospm/index/",
        files=(RemoteFile("https://argos-net.com/v1/translate-ja_en-1_1.argosmodel", "translate-ja_en-1_1.argosmodel"),),
        quality="FLORES devtest BLEU 13.6, COMET22 76.0",
    ),
)


def choices(from_code: str, to_code: str, catalogue: tuple[Choice, ...] | None = None) -> list[Choice]:
    """The downloadable models for a pair, best first."""
    return [c for c in (CATALOGUE if catalogue is None else catalogue) if c.pair == (from_code, to_code)]


def describe(choice: Choice) -> str:
    size = f"about {choice.approx_mb} MB" if choice.approx_mb else "size shown when it starts"
    quality = f", {choice.quality}" if choice.quality else ""
    return f"{choice.title}: {size}, licence {choice.licence}{quality}; {choice.page}"


def downloads_dir() -> Path:
    """Partial downloads, kept between attempts so that a download resumes."""
    return packages.packages_dir() / ".downloads"


class Cancelled(ReaderError):
    def __init__(self) -> None:
        super().__init__("download cancelled", _RESUME)


def _no_network(url: str, detail: object) -> ReaderError:
    return ReaderError(
        f"no network: could not download {url} ({detail})",
        "connect to the internet and try again, or download the model elsewhere and run "
        "`reader models install PATH`",
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _published_sha(rf: RemoteFile, headers: object) -> str | None:
    if rf.sha256:
        return rf.sha256.lower()
    for key in ("X-Linked-Etag", "ETag"):
        value = str(getattr(headers, "get", lambda _k, _d=None: None)(key) or "")
        value = value.removeprefix("W/").strip('"').lower()
        if _SHA256.fullmatch(value):
            return value
    return None


def _open(rf: RemoteFile, have: int, timeout: float):  # noqa: ANN202 - an HTTP response
    request = urllib.request.Request(rf.url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - the table's URLs
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing past what we have: it is complete
            return None
        if exc.code == 404 and rf.optional:
            raise FileNotFoundError(rf.url) from None
        raise ReaderError(
            f"could not download {rf.url} (HTTP {exc.code} {exc.reason})",
            "the model may have moved: see its page, or try again later",
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise _no_network(rf.url, getattr(exc, "reason", exc)) from None


def fetch_file(
    rf: RemoteFile,
    folder: Path,
    progress: Progress | None = None,
    should_stop: StopCheck | None = None,
    timeout: float = TIMEOUT_S,
) -> Path | None:
    """Download one file into ``folder`` (resuming its ``.part``); its path once verified,
    or None for an optional file the source does not have."""
    final = folder / rf.name
    if final.is_file():
        return final
    part = final.with_name(final.name + ".part")
    folder.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.is_file() else 0
    try:
        response = _open(rf, have, timeout)
    except FileNotFoundError:
        return None
    expected_sha: str | None = rf.sha256
    if response is not None:
        with response:
            if have and response.status != 206:  # the server ignored Range: start again
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length and length.isdigit() else 0
            if rf.size and total and total != rf.size:
                raise ReaderError(f"{rf.url} is {total} bytes, not the {rf.size} published", "try again later")
            expected_sha = _published_sha(rf, response.headers)
            done = have
            try:
                with open(part, "ab" if have else "wb") as out:
                    while chunk := response.read(CHUNK):
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, total, rf.name)
                        if should_stop is not None and should_stop():
                            raise Cancelled()
            except (TimeoutError, socket.timeout, ConnectionError, http.client.IncompleteRead) as exc:
                raise ReaderError(f"the download of {rf.name} stalled ({exc or 'timed out'})", _RESUME) from None
            if total and done < total:
                raise ReaderError(f"the download of {rf.name} was cut at {done} of {total} bytes", _RESUME)
    size = part.stat().st_size if part.is_file() else 0
    if rf.size is not None and size != rf.size:
        part.unlink(missing_ok=True)
        raise ReaderError(f"{rf.name} is {size} bytes, not the {rf.size} published", "download it again")
    if expected_sha is not None and _sha256(part) != expected_sha:
        part.unlink(missing_ok=True)
        raise ReaderError(f"{rf.name} failed its SHA-256 check: the download is damaged", "download it again")
    os.replace(part, final)
    return final


def download(
    choice: Choice,
    progress: Progress | None = None,
    should_stop: StopCheck | None = None,
    accept_licence: packages.Consent | None = None,
    timeout: float = TIMEOUT_S,
) -> packages.PackageInfo:
    """Fetch a catalogue choice and install it; partial files stay for a later resume
    (and whole ones when only the licence was refused), and are removed once the model
    is installed."""
    root = downloads_dir() / choice.key
    folder = root if choice.archive else root / choice.key
    for rf in choice.files:
        fetch_file(rf, folder, progress, should_stop, timeout)
    target = folder / choice.files[0].name if choice.archive else folder
    try:
        info = packages.install_package(target, accept_licence=accept_licence, source=choice.page)
    except packages.LicenceRefused:
        raise  # the files stay: accepting the licence later installs them without a download
    except ReaderError:
        shutil.rmtree(root, ignore_errors=True)  # whole but unusable: a retry starts afresh
        raise
    shutil.rmtree(root, ignore_errors=True)
    if downloads_dir().is_dir() and not any(downloads_dir().iterdir()):
        downloads_dir().rmdir()
    return info
