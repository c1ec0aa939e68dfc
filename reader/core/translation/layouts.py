"""Model layouts: how an unpacked model folder is recognised, and the manifest
(``reader-model.json``) that install writes into it, so that listing and translating
never guess again.

Four layouts run on the same stack (a CTranslate2 ``model.bin`` plus SentencePiece):

- ``argos``: an Argos Translate package (``metadata.json``, ``sentencepiece.model``,
  ``model/``);
- ``ct2``: a CTranslate2 folder with separate source and target SentencePiece models
  (quickmt: ``model.bin``, ``src.spm.model``, ``tgt.spm.model``, vocabularies);
- ``marian``: OPUS-MT converted to CTranslate2 (``source.spm``, ``target.spm``, a shared
  vocabulary); ``</s>`` is appended to each source sentence;
- ``prefix``: multilingual models that take language tokens (NLLB-200: ``jpn_Jpan`` …
  ``eng_Latn``; M2M100: ``__ja__`` … ``__en__``), with ``sentencepiece.bpe.model``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError
from reader.core.translation.checks import DAMAGED, check_metadata

MANIFEST = "reader-model.json"
MANIFEST_FORMAT = 1
LAYOUTS = ("argos", "ct2", "marian", "prefix")
SOURCE_CODE, TARGET_CODE = "ja", "en"
#: Licences under which a model may not be used commercially: shown, and confirmed, first.
NON_COMMERCIAL = re.compile(r"\bNC\b|non-?commercial", re.IGNORECASE)
NLLB_LICENCE = "CC-BY-NC-4.0"
NLLB_NOTICE = (
    "NLLB-200 is licensed CC-BY-NC-4.0 by Meta: non-commercial use only. Translations you "
    "make with it may not be used commercially."
)
_AGAIN = "the package is damaged or not a model reader knows: download it again"
#: Language codes recognised in a folder name (quickmt-ja-en, opus-mt-en-ja): "mt" is not one.
_CODES = frozenset("ja en zh ko fr de es it ru pt ar nl pl uk vi th id tr sv hi mul jap".split())
_LICENCE_LINE = re.compile(r"^licen[sc]e:\s*([A-Za-z0-9_.+\-]{2,40})\s*$", re.MULTILINE)
_FILES = ("model", "source_spm", "target_spm")
_KNOWN = (
    "argos package (metadata.json, sentencepiece.model, model/), CTranslate2 folder "
    "(model.bin, src.spm.model, tgt.spm.model), converted OPUS-MT (model.bin, source.spm, "
    "target.spm) or NLLB/M2M100 (model.bin, sentencepiece.bpe.model)"
)
#: Language tokens of the multilingual layouts: (source, target) for ja→en.
PREFIX_TOKENS = {"nllb": ("jpn_Jpan", "eng_Latn"), "m2m100": ("__ja__", "__en__")}


def _readme_licence(folder: Path) -> str:
    readme = folder / "README.md"
    if not readme.is_file():
        return ""
    match = _LICENCE_LINE.search(readme.read_text(encoding="utf-8", errors="replace")[:4000])
    return match.group(1) if match else ""


def _pair_from_name(name: str, where: str) -> tuple[str, str]:
    """ja→en unless the folder's name says another pair (quickmt-ja-en, opus-mt-en-ja)."""
    parts = re.split(r"[-_.]", name.lower())
    pairs = [(a, b) for a, b in zip(parts, parts[1:], strict=False) if a in _CODES and b in _CODES]
    if not pairs:
        return SOURCE_CODE, TARGET_CODE
    a, b = pairs[-1]
    return ("ja" if a == "jap" else a), ("ja" if b == "jap" else b)


def _vocabulary_tokens(model_dir: Path) -> set[str]:
    for name in ("shared_vocabulary.json", "source_vocabulary.json", "shared_vocabulary.txt"):
        path = model_dir / name
        if path.is_file():
            try:
                if path.suffix == ".json":
                    return set(json.loads(path.read_text(encoding="utf-8")))
                return set(path.read_text(encoding="utf-8").splitlines())
            except (OSError, ValueError, TypeError):
                return set()
    return set()


def _base(layout: str, name: str, pair: tuple[str, str], **more: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "layout": layout, "name": name, "from": pair[0], "to": pair[1],
        "version": "", "licence": "", "source": "", "source_prefix": [], "source_suffix": [],
        "target_prefix": [],
    }
    manifest.update(more)
    return manifest


def _argos(folder: Path, where: str) -> dict[str, Any]:
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        raise ReaderError(f"{where} has no metadata.json", _AGAIN)
    meta = read_metadata(meta_path.read_bytes(), where)
    missing = [r for r in ("sentencepiece.model", "model/model.bin", "model/config.json")
               if not (folder / r).is_file()]
    if missing:
        hint = " (it uses BPE, which reader does not support)" if (folder / "bpe.model").exists() else ""
        raise ReaderError(f"{where} lacks {', '.join(missing)}{hint}", _AGAIN)
    prefix = str(meta.get("target_prefix") or "")
    return _base(
        "argos", folder.name, (str(meta["from_code"]), str(meta["to_code"])),
        version=str(meta.get("package_version", "")), licence=_readme_licence(folder) or "see its README",
        files={"model": "model", "source_spm": "sentencepiece.model", "target_spm": "sentencepiece.model"},
        target_prefix=[prefix] if prefix else [],
    )


def read_metadata(raw: bytes, where: str) -> dict[str, object]:
    """An Argos ``metadata.json``, checked."""
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


def detect(folder: Path, where: str) -> dict[str, Any]:
    """The manifest of an unpacked model folder: the one it ships, checked, or one made
    from the files it holds. Raises a one-line ReaderError for anything else."""
    if (folder / MANIFEST).is_file():
        return read_manifest(folder, where)
    has = lambda name: (folder / name).is_file()  # noqa: E731
    if has("metadata.json") or (folder / "model").is_dir() or has("sentencepiece.model"):
        return _argos(folder, where)
    if not has("model.bin"):
        raise ReaderError(f"{where} is not a known model layout: expected an {_KNOWN}", _AGAIN)
    name = folder.name
    licence = _readme_licence(folder)
    if has("src.spm.model") or has("tgt.spm.model"):
        files = {"model": ".", "source_spm": "src.spm.model", "target_spm": "tgt.spm.model"}
        if "quickmt" in name.lower() and not licence:
            licence = "CC-BY-4.0"
        return _base("ct2", name, _pair_from_name(name, where), files=files, licence=licence or "unknown")
    if has("source.spm") or has("target.spm"):
        files = {"model": ".", "source_spm": "source.spm", "target_spm": "target.spm"}
        if "opus-mt" in name.lower() and not licence:
            licence = "CC-BY-4.0"
        return _base("marian", name, _pair_from_name(name, where), files=files,
                     licence=licence or "unknown", source_suffix=["</s>"])
    if has("sentencepiece.bpe.model"):
        vocabulary = _vocabulary_tokens(folder)
        kind = next((k for k, (s, t) in PREFIX_TOKENS.items() if s in vocabulary and t in vocabulary), None)
        if kind is None:
            raise ReaderError(
                f"{where}: its vocabulary has no Japanese and English language tokens "
                "(jpn_Jpan/eng_Latn or __ja__/__en__)", _AGAIN,
            )
        src, tgt = PREFIX_TOKENS[kind]
        if kind == "nllb":
            licence = NLLB_LICENCE
        files = {"model": ".", "source_spm": "sentencepiece.bpe.model", "target_spm": "sentencepiece.bpe.model"}
        return _base("prefix", name, (SOURCE_CODE, TARGET_CODE), files=files, licence=licence or "MIT",
                     source_prefix=[src], source_suffix=["</s>"], target_prefix=[tgt])
    raise ReaderError(f"{where} has a model.bin but no tokenizer: expected an {_KNOWN}", _AGAIN)


def _inside(folder: Path, relative: object, key: str, where: str) -> Path:
    if not isinstance(relative, str) or not relative or len(relative) > 200:
        raise ReaderError(f"{where}: {MANIFEST} has no usable files.{key}", DAMAGED)
    root = folder.resolve()
    path = (folder / relative).resolve()
    if relative.startswith(("/", "\\")) or "\\" in relative or ".." in relative.split("/") or not (
        path == root or root in path.parents
    ):
        raise ReaderError(
            f"{where}: {MANIFEST} points outside its folder (files.{key} = {relative!r})",
            "do not install it: it could read files elsewhere",
        )
    return path


def _tokens(value: object, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or len(value) > 4 or not all(
        isinstance(t, str) and 0 < len(t) <= 32 for t in value
    ):
        raise ReaderError(f"{where}: {MANIFEST}'s {key} is not a short list of tokens", DAMAGED)
    return value


def read_manifest(folder: Path, where: str) -> dict[str, Any]:
    """``reader-model.json``, every field checked and every path inside ``folder``."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReaderError(f"{where}: {MANIFEST} cannot be read ({exc})", DAMAGED) from None
    if not isinstance(manifest, dict) or manifest.get("layout") not in LAYOUTS:
        raise ReaderError(f"{where}: {MANIFEST} names no known layout ({', '.join(LAYOUTS)})", DAMAGED)
    for key in ("name", "from", "to", "version", "licence", "source"):
        value = manifest.setdefault(key, "")
        if not isinstance(value, str) or len(value) > 300:
            raise ReaderError(f"{where}: {MANIFEST}'s {key} is not a short text", DAMAGED)
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ReaderError(f"{where}: {MANIFEST} lists no files", DAMAGED)
    for key in _FILES:
        _inside(folder, files.get(key), key, where)
    for key in ("source_prefix", "source_suffix", "target_prefix"):
        manifest[key] = _tokens(manifest.get(key, []), key, where)
    if not isinstance(manifest.get("size", 0), int):
        raise ReaderError(f"{where}: {MANIFEST}'s size is not a number", DAMAGED)
    return manifest


def paths_of(folder: Path, manifest: dict[str, Any]) -> dict[str, Path]:
    """The model folder and the two tokenizers, each checked to lie inside ``folder``."""
    return {key: _inside(folder, manifest["files"][key], key, str(folder)) for key in _FILES}


def needs_consent(manifest: dict[str, Any]) -> bool:
    """A non-commercial licence, as the manifest says, or as NLLB's language tokens say
    whatever licence a manifest shipped in the archive claims."""
    nllb_target = PREFIX_TOKENS["nllb"][1] in (manifest.get("target_prefix") or [])
    return nllb_target or NON_COMMERCIAL.search(str(manifest.get("licence", ""))) is not None


def licence_notice(manifest: dict[str, Any]) -> str:
    """What the user must read before a non-commercial model is installed."""
    if manifest.get("licence") == NLLB_LICENCE or PREFIX_TOKENS["nllb"][1] in (manifest.get("target_prefix") or []):
        return NLLB_NOTICE
    return f"{manifest.get('name')} is licensed {manifest.get('licence')}: non-commercial use only."
