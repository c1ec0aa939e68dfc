"""Unpacking a model safely: a zip (``.argosmodel`` or a plain ``.zip``) or a folder is
copied into a staging folder with every path checked (no absolute paths, no ``..``, no
links), entry counts and sizes bounded (zip bombs), and real bytes counted."""

from __future__ import annotations

import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

from reader.core.errors import ReaderError

MAX_UNPACKED_BYTES = 4 * 1024**3  # ja→en models unpack to well under 1 GB (NLLB-600M: 2.5 GB float32)
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # compression ratio past which an entry over 1 MB is taken for a zip bomb
AGAIN = "the package is damaged or not a usable model: download it again"
UNSAFE = "it could write outside the models folder: do not install it"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def _unsafe(name: str) -> bool:
    absolute = name.startswith("/") or re.match(r"[A-Za-z]:", name) is not None
    return absolute or "\\" in name or ".." in name.split("/")


def top_dir(zf: zipfile.ZipFile, where: str) -> str:
    """Check every entry; return the one top-level folder they share, or "" when files
    lie at the top of the archive (a zipped CTranslate2 folder)."""
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ReaderError(f"{where} holds {len(entries)} files; a model package holds a few")
    total = 0
    tops: set[str] = set()
    for entry in entries:
        if _unsafe(entry.filename):
            raise ReaderError(f"{where} holds an unsafe path {entry.filename!r}", UNSAFE)
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise ReaderError(f"{where} holds a symbolic link {entry.filename!r}", UNSAFE)
        total += entry.file_size
        if entry.file_size > 1024**2 and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise ReaderError(f"{where}: {entry.filename} unpacks to an implausible size", UNSAFE)
        tops.add(entry.filename.split("/")[0])
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(f"{where} would unpack to {total / 1024**3:.1f} GB", UNSAFE)
    files = {e.filename for e in entries if not e.is_dir()}
    folders = {name.rsplit("/", n)[0] for name in files for n in range(1, name.count("/") + 1)}
    clash = min(files & folders, default=None)
    if clash is not None or len(files) != sum(1 for e in entries if not e.is_dir()):
        what = f"{clash!r} is both a file and a folder" if clash else "it holds a file twice"
        raise ReaderError(f"{where} cannot be unpacked: {what}", AGAIN)
    if any("/" not in name for name in files):
        return ""
    if len(tops) != 1:
        raise ReaderError(f"{where} is not a model package (no single top-level folder)", AGAIN)
    top = tops.pop()
    if not SAFE_NAME.fullmatch(top):
        raise ReaderError(f"{where}: its folder name {top!r} is not usable", "rename the package")
    return top


def extract(zf: zipfile.ZipFile, dest: Path, where: str) -> None:
    """Unpack, counting real bytes: a header's declared size may lie."""
    budget = MAX_UNPACKED_BYTES
    for entry in zf.infolist():
        target = dest / entry.filename
        if entry.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(entry) as src, open(target, "wb") as out:
            while chunk := src.read(1024 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise ReaderError(f"{where} unpacks to more than it declares", UNSAFE)
                out.write(chunk)


def copy_folder(source: Path, dest: Path, where: str) -> None:
    """Copy a model folder, refusing links and anything past the size bounds."""
    count, total = 0, 0
    for root, dirs, files in os.walk(source, followlinks=False):
        here = Path(root)
        for name in dirs + files:
            if (here / name).is_symlink():
                raise ReaderError(f"{where} holds a symbolic link {name!r}", UNSAFE)
        for name in files:
            count += 1
            total += (here / name).stat().st_size
            if count > MAX_ENTRIES or total > MAX_UNPACKED_BYTES:
                raise ReaderError(f"{where} is too large for a model folder", UNSAFE)
    shutil.copytree(source, dest, symlinks=True)


def folder_name(source: Path, top: str) -> str:
    """The installed folder's name: the archive's top folder, else the file or folder name."""
    name = top or (source.name if source.is_dir() else source.stem)
    if not SAFE_NAME.fullmatch(name):
        name = re.sub(r"[^A-Za-z0-9_.\-]", "-", name).strip("-.") or "model"
        name = name if SAFE_NAME.fullmatch(name) else f"model-{name}"
    return name
