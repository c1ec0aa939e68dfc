"""Translation model packages (Argos Translate ``.argosmodel`` files): install, list, remove.

We install and read packages ourselves: argostranslate's own install and removal
import ``argostranslate.translate``, which pulls in stanza and torch and tries to
download sentence splitters. argostranslate is used only to fetch a package from
its online index, and only when the user asks for that.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from reader.core import paths
from reader.core.errors import ReaderError, explain
from reader.core.translation.checks import check_metadata, check_translates, check_vocabularies

SOURCE_CODE, TARGET_CODE = "ja", "en"
METADATA, SP_MODEL, MODEL_DIR = "metadata.json", "sentencepiece.model", "model"
REQUIRED = (METADATA, SP_MODEL, f"{MODEL_DIR}/model.bin", f"{MODEL_DIR}/config.json")
MAX_UNPACKED_BYTES = 4 * 1024**3  # the largest Argos packages unpack to well under 1 GB
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # compression ratio past which an entry over 1 MB is taken for a zip bomb
NETWORK_TIMEOUT_S = 60
_AGAIN = "the package is damaged or not an Argos Translate model: download it again"
_UNSAFE = "it could write outside the models folder: do not install it"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_NO_MODEL_ADVICE = "run `reader models install FILE.argosmodel` or `reader models download ja en`"


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """An installed package, read from its ``metadata.json``."""

    name: str
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    argos_version: str
    target_prefix: str
    size: int
    readme: str | None
    path: Path

    @property
    def model_dir(self) -> Path:
        return self.path / MODEL_DIR

    @property
    def sentencepiece_path(self) -> Path:
        return self.path / SP_MODEL


def packages_dir() -> Path:
    return paths.data_dir() / "models"


def _version_key(version: str) -> tuple[int, ...]:
    # A run of digits is compared as a number, at most 18 digits of it (int() refuses
    # thousands of digits, and no version has them).
    return tuple(int(n[:18]) for n in re.findall(r"\d+", version))


def _read_metadata(raw: bytes, where: str) -> dict[str, object]:
    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReaderError(f"{where}: metadata.json is not valid JSON ({exc})", _AGAIN) from exc
    if not isinstance(meta, dict):
        raise ReaderError(f"{where}: metadata.json is not a JSON object", _AGAIN)
    for key in ("from_code", "to_code"):
        value = meta.get(key)
        if not isinstance(value, str) or not value or len(value) > 16:
            raise ReaderError(f"{where}: metadata.json has no {key}", _AGAIN)
    check_metadata(meta, where)
    return meta


def _info(path: Path, meta: dict[str, object]) -> PackageInfo:
    readme = path / "README.md"
    def text(key: str) -> str:
        return str(meta.get(key, ""))

    return PackageInfo(
        name=path.name,
        from_code=text("from_code"),
        to_code=text("to_code"),
        from_name=text("from_name"),
        to_name=text("to_name"),
        version=text("package_version"),
        argos_version=text("argos_version"),
        target_prefix=text("target_prefix"),
        size=sum(p.stat().st_size for p in path.rglob("*") if p.is_file()),
        readme=readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else None,
        path=path,
    )


def list_packages() -> list[PackageInfo]:
    """The installed packages, by name. Directories that are not packages are skipped."""
    found: list[PackageInfo] = []
    root = packages_dir()
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        meta_path = path / METADATA
        if path.name.startswith(".") or not meta_path.is_file():
            continue
        try:
            found.append(_info(path, _read_metadata(meta_path.read_bytes(), str(path))))
        except (ReaderError, OSError):
            continue
    return found


def find_package(from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE) -> PackageInfo | None:
    """The newest installed package for the pair, or None."""
    matches = [p for p in list_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matches, key=lambda p: _version_key(p.version), default=None)


def require_package(from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE) -> PackageInfo:
    """Like find_package, but says how to get a model when none is installed."""
    found = find_package(from_code, to_code)
    if found is None:
        raise ReaderError("no Japanese→English model installed", _NO_MODEL_ADVICE)
    return found


def _unsafe(name: str) -> bool:
    absolute = name.startswith("/") or re.match(r"[A-Za-z]:", name) is not None
    return absolute or "\\" in name or ".." in name.split("/")


def _top_dir(zf: zipfile.ZipFile, where: str) -> str:
    """Check every entry and return the one top-level directory they share."""
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ReaderError(f"{where} holds {len(entries)} files; a model package holds a few")
    total = 0
    tops: set[str] = set()
    for entry in entries:
        if _unsafe(entry.filename):
            raise ReaderError(f"{where} holds an unsafe path {entry.filename!r}", _UNSAFE)
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise ReaderError(f"{where} holds a symbolic link {entry.filename!r}", _UNSAFE)
        total += entry.file_size
        if entry.file_size > 1024**2 and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise ReaderError(f"{where}: {entry.filename} unpacks to an implausible size", _UNSAFE)
        tops.add(entry.filename.split("/")[0])
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(f"{where} would unpack to {total / 1024**3:.1f} GB", _UNSAFE)
    files = {e.filename for e in entries if not e.is_dir()}
    folders = {name.rsplit("/", n)[0] for name in files for n in range(1, name.count("/") + 1)}
    clash = min(files & folders, default=None)
    if clash is not None or len(files) != sum(1 for e in entries if not e.is_dir()):
        what = f"{clash!r} is both a file and a folder" if clash else "it holds a file twice"
        raise ReaderError(f"{where} cannot be unpacked: {what}", _AGAIN)
    if len(tops) != 1 or not any("/" in e.filename.rstrip("/") for e in entries):
        message = f"{where} is not an Argos Translate package (no single top-level folder)"
        raise ReaderError(message, _AGAIN)
    top = tops.pop()
    if not _SAFE_NAME.fullmatch(top):
        raise ReaderError(f"{where}: its folder name {top!r} is not usable", "rename the package")
    return top


def _check_contents(zf: zipfile.ZipFile, top: str, where: str) -> dict[str, object]:
    names = set(zf.namelist())
    if f"{top}/{METADATA}" not in names:
        raise ReaderError(f"{where} has no metadata.json", _AGAIN)
    meta = _read_metadata(zf.read(f"{top}/{METADATA}"), where)
    pair = (meta["from_code"], meta["to_code"])
    if pair != (SOURCE_CODE, TARGET_CODE):
        raise ReaderError(
            f"{where} translates {pair[0]}→{pair[1]}; reader needs ja→en",
            "install the Japanese→English package (translate-ja_en)",
        )
    missing = [r for r in REQUIRED if f"{top}/{r}" not in names]
    if missing:
        bpe = f"{top}/bpe.model" in names
        hint = " (it uses BPE, which reader does not support)" if bpe else ""
        raise ReaderError(f"{where} lacks {', '.join(missing)}{hint}", _AGAIN)
    return meta


def _extract(zf: zipfile.ZipFile, dest: Path, where: str) -> None:
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
                    raise ReaderError(f"{where} unpacks to more than it declares", _UNSAFE)
                out.write(chunk)


def _check_loads(package: Path, where: str) -> None:
    """Load the model as translation will and translate one sentence, so that a bad
    package fails now, not mid-article (translation/checks.py)."""
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(str(package / MODEL_DIR), device="cpu")
    except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError/OSError
        raise ReaderError(
            f"{where}: CTranslate2 {ctranslate2.__version__} cannot load its model ({exc})",
            "the package is damaged or made for another CTranslate2 version: "
            "download it again, or update reader",
        ) from exc
    check_vocabularies(package / MODEL_DIR, where)
    try:
        sp = sentencepiece.SentencePieceProcessor(model_file=str(package / SP_MODEL))
    except Exception as exc:  # sentencepiece raises OSError/RuntimeError
        raise ReaderError(f"{where}: sentencepiece.model cannot be loaded ({exc})", _AGAIN) from exc
    check_translates(translator, sp, where)


def _move_into_place(staged: Path, target: Path) -> None:
    """Swap the new package in; an older copy is kept until the swap succeeded."""
    old, replacing = target.with_name(f".old-{target.name}-{os.getpid()}"), target.exists()
    if replacing:
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        if replacing:
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def install_package(path: str | os.PathLike[str]) -> PackageInfo:
    """Validate an ``.argosmodel`` file and unpack it into packages_dir(), atomically."""
    source = Path(path)
    where = str(source)
    if not source.is_file():
        raise ReaderError(f"{where} is not a file", "give the path of an .argosmodel file")
    try:
        with open(source, "rb"):  # unreadable (permissions) is not "not a zip"
            pass
    except OSError as exc:
        raise explain(exc) or ReaderError(f"{where} cannot be read ({exc})") from None
    if not zipfile.is_zipfile(source):
        raise ReaderError(f"{where} is not an Argos Translate package (not a zip archive)", _AGAIN)
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        try:
            with zipfile.ZipFile(source) as zf:
                top = _top_dir(zf, where)
                _check_contents(zf, top, where)
                _extract(zf, staging, where)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
            raise ReaderError(f"{where} is a damaged zip archive ({exc})", _AGAIN) from exc
        except OSError as exc:
            known = explain(exc)  # a full disk says so; anything else names itself
            message = known.message if known else str(exc)
            raise ReaderError(f"{where} cannot be unpacked: {message}", known.advice if known else _AGAIN) from exc
        _check_loads(staging / top, where)
        target = root / top
        _move_into_place(staging / top, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _info(target, _read_metadata((target / METADATA).read_bytes(), str(target)))


def remove_package(name: str) -> PackageInfo:
    """Delete an installed package by name; returns what was removed."""
    for info in list_packages():
        if info.name == name:
            trash = info.path.with_name(f".remove-{name}-{os.getpid()}")
            os.replace(info.path, trash)
            shutil.rmtree(trash, ignore_errors=True)
            return info
    known = ", ".join(p.name for p in list_packages()) or "none is installed"
    raise ReaderError(f"no model package named {name!r}", f"installed: {known}")


def _argos() -> ModuleType:
    """argostranslate.package, imported with all its directories inside our data directory.

    Its settings module reads the environment and creates directories at import time,
    so the variables are set around the first import and restored afterwards; later
    calls re-point its paths, since READER_DATA_DIR may have changed.
    """
    base = paths.data_dir() / "argos"
    env = {key: str(base) for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    env["ARGOS_PACKAGES_DIR"] = str(packages_dir())
    saved = {key: os.environ.get(key) for key in (*env, "KMP_DUPLICATE_LIB_OK")}  # it sets that
    os.environ.update(env)
    try:
        from argostranslate import package, settings
    except ImportError as exc:
        advice = "run `pip install --no-deps argostranslate==1.11.0`, or install a file you have"
        raise ReaderError("argostranslate (for downloads) is not installed", advice) from exc
    except Exception as exc:  # its settings fail on odd ARGOS_* values
        raise ReaderError(f"argostranslate cannot start ({exc})", "reinstall reader") from exc
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    home = base / "argos-translate"
    for where in (home, home / "downloads", packages_dir()):
        where.mkdir(parents=True, exist_ok=True)
    settings.data_dir = settings.config_dir = settings.cache_dir = home
    settings.downloads_dir = home / "downloads"
    settings.local_package_index = home / "index.json"
    settings.package_data_dir = packages_dir()
    settings.package_dirs = [packages_dir()]
    return package


class _LastMessage(logging.Handler):
    """argostranslate reports a failed download only by logging it: keep that for our error."""

    text = ""

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()  # it logs str() of its arguments' tuple
        self.text = text[1:-2] if text.startswith("(") and text.endswith(",)") else text


def _no_network(what: str, detail: object = "") -> ReaderError:
    return ReaderError(
        f"no network: could not {what}" + (f" ({detail})" if detail else ""),
        "connect to the internet, or download the .argosmodel file elsewhere "
        "and run `reader models install FILE.argosmodel`",
    )


def _fetch(argos: ModuleType, pair: tuple[str, str], log: _LastMessage) -> Path:
    index = paths.data_dir() / "argos" / "argos-translate" / "index.json"
    index.unlink(missing_ok=True)  # a failed update is only logged, and would keep the old index
    argos.update_package_index()
    if not index.is_file():
        raise _no_network("fetch the Argos Translate package index", log.text)
    wanted = [p for p in argos.get_available_packages() if (p.from_code, p.to_code) == pair]
    if not wanted:
        raise ReaderError(f"the package index has no {pair[0]}→{pair[1]} package")
    best = max(wanted, key=lambda p: _version_key(str(p.package_version)))
    try:
        return Path(best.download())
    except Exception as exc:  # it raises a bare Exception on failure
        raise _no_network(f"download the {pair[0]}→{pair[1]} package", log.text or exc) from exc


def download_package(from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE) -> PackageInfo:
    """Fetch the pair's package from the Argos Translate index and install it.

    The only function in reader that uses the network, and only on the user's request.
    """
    argos = _argos()
    log, logger = _LastMessage(logging.WARNING), logging.getLogger("argostranslate")
    logger.addHandler(log)
    logger.propagate = False  # its messages go into our one-line error instead
    timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT_S)  # it opens URLs with no timeout
    try:
        downloaded = _fetch(argos, (from_code, to_code), log)
    except ValueError as exc:
        raise ReaderError(f"the package index is damaged ({exc})", "try again later") from exc
    except OSError as exc:
        raise _no_network("reach the Argos Translate package index", exc) from exc
    finally:
        socket.setdefaulttimeout(timeout)
        logger.removeHandler(log)
        logger.propagate = True
    try:
        return install_package(downloaded)
    finally:
        downloaded.unlink(missing_ok=True)
