"""Translation models: install (any layout of layouts.py), list, remove.

We install and read models ourselves: argostranslate's own install and removal
import ``argostranslate.translate``, which pulls in stanza and torch and tries to
download sentence splitters. argostranslate is used only to fetch a package from
its online index, and only when the user asks for that (download.py fetches the rest).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from reader.core import paths
from reader.core.errors import ReaderError, explain
from reader.core.translation import layouts, unpack
from reader.core.translation.checks import check_translates, check_vocabularies

SOURCE_CODE, TARGET_CODE = layouts.SOURCE_CODE, layouts.TARGET_CODE
METADATA, SP_MODEL, MODEL_DIR = "metadata.json", "sentencepiece.model", "model"
NETWORK_TIMEOUT_S = 60
_AGAIN = unpack.AGAIN
_NO_MODEL_ADVICE = "run `reader models install FILE.argosmodel` or `reader models download ja en`"
_NAMES = {"ja": "Japanese", "en": "English"}
#: Asked before a model under a non-commercial licence is installed: (model name, notice).
Consent = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """An installed model, read from its manifest (layouts.MANIFEST)."""

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
    layout: str = "argos"
    licence: str = ""
    source: str = ""
    model_subdir: str = MODEL_DIR
    source_spm: str = SP_MODEL
    target_spm: str = SP_MODEL
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_tokens: tuple[str, ...] = ()

    @property
    def model_dir(self) -> Path:
        return self.path / self.model_subdir

    @property
    def sentencepiece_path(self) -> Path:
        return self.path / self.source_spm

    @property
    def target_sentencepiece_path(self) -> Path:
        return self.path / self.target_spm


def packages_dir() -> Path:
    return paths.data_dir() / "models"


def _version_key(version: str) -> tuple[int, ...]:
    # A run of digits is compared as a number, at most 18 digits of it (int() refuses
    # thousands of digits, and no version has them).
    return tuple(int(n[:18]) for n in re.findall(r"\d+", version))


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _info(path: Path, manifest: dict[str, Any]) -> PackageInfo:
    readme = path / "README.md"
    files = manifest["files"]
    argos_version = ""
    if manifest["layout"] == "argos" and (path / METADATA).is_file():
        try:
            argos_version = str(json.loads((path / METADATA).read_bytes()).get("argos_version", ""))
        except (ValueError, OSError, AttributeError):
            argos_version = ""
    target = tuple(manifest.get("target_prefix", []))
    return PackageInfo(
        name=path.name,
        from_code=manifest["from"],
        to_code=manifest["to"],
        from_name=_NAMES.get(manifest["from"], manifest["from"]),
        to_name=_NAMES.get(manifest["to"], manifest["to"]),
        version=manifest.get("version", ""),
        argos_version=argos_version,
        target_prefix=target[0] if target else "",
        size=manifest.get("size") or _folder_size(path),
        readme=readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else None,
        path=path,
        layout=manifest["layout"],
        licence=manifest.get("licence", ""),
        source=manifest.get("source", ""),
        model_subdir=str(files["model"]),
        source_spm=str(files["source_spm"]),
        target_spm=str(files["target_spm"]),
        source_prefix=tuple(manifest.get("source_prefix", [])),
        source_suffix=tuple(manifest.get("source_suffix", [])),
        target_tokens=target,
    )


def _read_installed(path: Path) -> PackageInfo:
    """An installed folder: its manifest, or (installed before manifests) its metadata.json."""
    return _info(path, layouts.detect(path, str(path)))


def list_packages() -> list[PackageInfo]:
    """The installed models, by name. Directories that are not models are skipped."""
    found: list[PackageInfo] = []
    root = packages_dir()
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if path.name.startswith(".") or not path.is_dir():
            continue
        if not ((path / layouts.MANIFEST).is_file() or (path / METADATA).is_file()):
            continue
        try:
            found.append(_read_installed(path))
        except (ReaderError, OSError):
            continue
    return found


def _rank(info: PackageInfo) -> tuple[int, tuple[int, ...]]:
    """Stronger layouts first (quickmt, then OPUS-MT, NLLB, Argos), then the newest."""
    order = {"ct2": 3, "marian": 2, "prefix": 1, "argos": 0}
    return order.get(info.layout, 0), _version_key(info.version)


def find_package(from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE) -> PackageInfo | None:
    """The best installed model for the pair, or None."""
    matches = [p for p in list_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matches, key=_rank, default=None)


def require_package(from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE) -> PackageInfo:
    """Like find_package, but says how to get a model when none is installed."""
    found = find_package(from_code, to_code)
    if found is None:
        raise ReaderError("no Japanese→English model installed", _NO_MODEL_ADVICE)
    return found


def _check_loads(folder: Path, manifest: dict[str, Any], where: str) -> None:
    """Load the model as translation will and translate one sentence, so that a bad
    model fails now, not mid-article (translation/checks.py)."""
    import ctranslate2
    import sentencepiece

    found = layouts.paths_of(folder, manifest)
    model_bin = found["model"] / "model.bin"
    if not model_bin.is_file():
        raise ReaderError(f"{where} lacks {manifest['files']['model']}/model.bin", _AGAIN)
    if model_bin.stat().st_size == 0:
        raise ReaderError(f"{where}: its model.bin is empty (0 bytes)", _AGAIN)
    try:
        translator = ctranslate2.Translator(str(found["model"]), device="cpu")
    except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError/OSError
        raise ReaderError(
            f"{where}: CTranslate2 {ctranslate2.__version__} cannot load its model ({exc})",
            "the package is damaged or made for another CTranslate2 version: "
            "download it again, or update reader",
        ) from exc
    check_vocabularies(found["model"], where)
    sps = []
    for key in ("source_spm", "target_spm"):
        name = manifest["files"][key]
        if not found[key].is_file():
            raise ReaderError(f"{where} lacks {name}", _AGAIN)
        try:
            sps.append(sentencepiece.SentencePieceProcessor(model_file=str(found[key])))
        except Exception as exc:  # sentencepiece raises OSError/RuntimeError
            raise ReaderError(f"{where}: {name} cannot be loaded ({exc})", _AGAIN) from exc
    check_translates(
        translator, sps[0], where, manifest["source_prefix"], manifest["source_suffix"],
        manifest["target_prefix"],
    )


def _move_into_place(staged: Path, target: Path) -> None:
    """Swap the new model in; an older copy is kept until the swap succeeded."""
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


def _stage(source: Path, staging: Path, where: str) -> Path:
    """Unpack a zip or copy a folder into ``staging``; the unpacked model folder."""
    if source.is_dir():
        folder = staging / unpack.folder_name(source, "")
        unpack.copy_folder(source, folder, where)
        return folder
    try:
        with open(source, "rb"):  # unreadable (permissions) is not "not a zip"
            pass
    except OSError as exc:
        raise explain(exc) or ReaderError(f"{where} cannot be read ({exc})") from None
    if not zipfile.is_zipfile(source):
        raise ReaderError(f"{where} is not a model package (not a zip archive)", _AGAIN)
    try:
        with zipfile.ZipFile(source) as zf:
            top = unpack.top_dir(zf, where)
            name = unpack.folder_name(source, top)
            unpack.extract(zf, staging if top else staging / name, where)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ReaderError(f"{where} is a damaged zip archive ({exc})", _AGAIN) from exc
    except OSError as exc:
        known = explain(exc)  # a full disk says so; anything else names itself
        message = known.message if known else str(exc)
        raise ReaderError(f"{where} cannot be unpacked: {message}", known.advice if known else _AGAIN) from exc
    return staging / name


class LicenceRefused(ReaderError):
    """The model is sound, but its licence was not accepted: nothing was installed."""


def install_package(
    path: str | os.PathLike[str], accept_licence: Consent | None = None, source: str = ""
) -> PackageInfo:
    """Validate a model (an ``.argosmodel`` or zip file, or a folder), write its manifest
    and move it into packages_dir() atomically: nothing is left half-installed.

    A model under a non-commercial licence (NLLB-200) is installed only when
    ``accept_licence(name, notice)`` says yes.
    """
    where_from = Path(path)
    where = str(where_from)
    if not where_from.exists():
        raise ReaderError(f"{where} is not a file", "give the path of a model file, zip or folder")
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        folder = _stage(where_from, staging, where)
        manifest = layouts.detect(folder, where)
        pair = (manifest["from"], manifest["to"])
        if pair != (SOURCE_CODE, TARGET_CODE):
            raise ReaderError(
                f"{where} translates {pair[0]}→{pair[1]}; reader needs ja→en",
                "install a Japanese→English model (quickmt-ja-en or translate-ja_en)",
            )
        if layouts.needs_consent(manifest):
            notice = layouts.licence_notice(manifest)
            if accept_licence is None or not accept_licence(folder.name, notice):
                raise LicenceRefused(
                    f"{where} is licensed {manifest['licence']} and was not accepted",
                    "read its licence; install it with --accept-licence if you agree",
                )
        _check_loads(folder, manifest, where)
        manifest.update(name=folder.name, source=source or manifest.get("source") or where,
                        size=_folder_size(folder))
        (folder / layouts.MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        target = root / folder.name
        _move_into_place(folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _read_installed(target)


def remove_package(name: str) -> PackageInfo:
    """Delete an installed model by name; returns what was removed."""
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
