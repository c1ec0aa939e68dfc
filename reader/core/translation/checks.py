"""A model checked whole before it is installed, so that translating never finds it
broken: its metadata within sane bounds, its vocabularies as large as the model's
embeddings (read from model.bin's header), its tokenizer reading Japanese back, and one
sentence really translated."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError

DAMAGED = "the package is damaged or not a usable model: download it again"
PROBE = "平和の話です。"
_VERSION = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9}){0,5}")
_TEXT_FIELDS = ("from_name", "to_name", "package_version", "argos_version", "target_prefix")
MAX_FIELD = 200


def check_metadata(meta: dict[str, Any], where: str) -> None:
    """Every field a string of a sane length; versions numbers a version key can compare."""
    for key in _TEXT_FIELDS:
        value = meta.get(key, "")
        if not isinstance(value, str) or len(value) > MAX_FIELD:
            raise ReaderError(f"{where}: metadata.json's {key} is not a short text", DAMAGED)
    for key in ("package_version", "argos_version"):
        value = meta.get(key, "")
        if value and not _VERSION.fullmatch(value.strip()):
            raise ReaderError(f"{where}: metadata.json's {key} {value[:20]!r} is not a version", DAMAGED)


def model_shapes(model_bin: Path) -> dict[str, tuple[int, ...]]:
    """The shape of each variable in a CTranslate2 model.bin, from its header alone
    (the weights are skipped): version, spec name, revision, then per variable its name,
    rank, dimensions, type and byte count."""
    shapes: dict[str, tuple[int, ...]] = {}
    size = model_bin.stat().st_size
    with open(model_bin, "rb") as f:

        def read(fmt: str) -> tuple[Any, ...]:
            data = f.read(struct.calcsize(fmt))
            if len(data) < struct.calcsize(fmt):
                raise ValueError("model.bin ends early")
            return struct.unpack(fmt, data)

        def string() -> str:
            (length,) = read("H")
            return f.read(length).rstrip(b"\0").decode("utf-8", "replace")

        read("I")  # binary version
        string()  # spec name
        read("I")  # revision
        (count,) = read("I")
        if count > 100_000:
            raise ValueError(f"model.bin claims {count} variables")
        for _ in range(count):
            name = string()
            (rank,) = read("B")
            dims = read(f"{rank}I") if rank else ()
            read("B")  # type
            (nbytes,) = read("I")
            if f.tell() + nbytes > size:
                raise ValueError(f"model.bin ends inside {name}")
            f.seek(nbytes, 1)
            shapes[name] = tuple(dims)
    return shapes


def _vocabulary(path: Path) -> list[str]:
    if path.suffix == ".json":
        tokens = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(tokens, list):
            raise ValueError(f"{path.name} is not a list")
        return tokens
    return path.read_text(encoding="utf-8").splitlines()


def _rows(shapes: dict[str, tuple[int, ...]], *names: str) -> int | None:
    return next((shapes[n][0] for n in names if n in shapes and shapes[n]), None)


def check_vocabularies(model_dir: Path, where: str) -> None:
    """Each vocabulary file holds at least as many tokens as the model has embeddings:
    fewer, and translating stops at the first token it cannot name."""
    try:
        shapes = model_shapes(model_dir / "model.bin")
    except (OSError, ValueError, struct.error) as exc:
        raise ReaderError(f"{where}: its model.bin cannot be read ({exc})", DAMAGED) from None
    wanted = {
        "source": _rows(shapes, "encoder/embeddings/weight", "encoder/embeddings_0/weight"),
        "target": _rows(shapes, "decoder/projection/weight", "decoder/embeddings/weight", "decoder/embeddings_0/weight"),
    }
    shared = sorted(model_dir.glob("shared_vocabulary.*"))
    files = {side: shared or sorted(model_dir.glob(f"{side}_vocabulary.*")) for side in wanted}
    for side, rows in wanted.items():
        if not files[side]:
            raise ReaderError(f"{where}: its model has no {side} vocabulary", DAMAGED)
        try:
            tokens = _vocabulary(files[side][0])
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ReaderError(f"{where}: {files[side][0].name} cannot be read ({exc})", DAMAGED) from None
        if not tokens:
            raise ReaderError(f"{where}: {files[side][0].name} is empty", DAMAGED)
        if rows is not None and len(tokens) < rows:
            raise ReaderError(
                f"{where}: {files[side][0].name} has {len(tokens)} tokens for a model of {rows}", DAMAGED
            )


def spells(source_sp: Any, text: str) -> bool:
    """The tokenizer writes ``text`` back as it was (no unknown pieces)."""
    return "".join(source_sp.decode(source_sp.encode(text)).split()) == text


def check_translates(
    translator: Any,
    source_sp: Any,
    where: str,
    source_prefix: Sequence[str] = (),
    source_suffix: Sequence[str] = (),
    target_prefix: Sequence[str] = (),
) -> None:
    """The tokenizer gives Japanese back as it took it, and one sentence translates."""
    pieces = source_sp.encode(PROBE, out_type=str)
    if not spells(source_sp, PROBE):  # by ids: no unknowns
        raise ReaderError(f"{where}: its tokenizer does not read Japanese back ({pieces[:8]})", DAMAGED)
    tokens = [*source_prefix, *pieces, *source_suffix]
    try:
        result = translator.translate_batch(
            [tokens], beam_size=1, max_decoding_length=16,
            target_prefix=[list(target_prefix)] if target_prefix else None,
        )
    except Exception as exc:  # CTranslate2 raises ValueError/RuntimeError for bad token ids
        raise ReaderError(f"{where}: translating a test sentence failed ({exc})", DAMAGED) from None
    if not result or not result[0].hypotheses:
        raise ReaderError(f"{where}: translating a test sentence gave nothing", DAMAGED)
