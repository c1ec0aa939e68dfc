"""Build Argos-style ``.argosmodel`` packages with random weights, for tests and the benchmark.

No real Japanese→English weights are available offline, so we make our own: a
SentencePiece model trained on the bundled articles and a Transformer whose weights
are seeded random numbers. The output is nonsense but deterministic, and costs what
a real model of the same shape costs.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

TINY_NAME = "translate-ja_en-tiny"
_NEVER = -30.0  # logit bias that keeps <unk> and padding entries out of every beam


def article_sentences() -> list[str]:
    from reader.core.library import bundled
    from reader.core.text.sentences import split_sentences

    texts = [bundled.load_article(info.id).text for info in bundled.list_articles()]
    return [s.text for text in texts for s in split_sentences(text)]


def train_sentencepiece(vocab_size: int = 1000, hard_vocab_limit: bool = True) -> bytes:
    """A SentencePiece model of the bundled articles (they allow at most ~1600 pieces)."""
    import sentencepiece

    out = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(article_sentences()),
        model_writer=out,
        vocab_size=vocab_size,
        character_coverage=0.9995,
        hard_vocab_limit=hard_vocab_limit,
        minloglevel=2,
    )
    return out.getvalue()


def save_model(
    out_dir: Path,
    vocab: list[str],
    *,
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    seed: int = 0,
    never: Iterable[int] = (0,),
    quantization: str | None = None,
) -> None:
    """Write a CTranslate2 Transformer with seeded random weights to ``out_dir``."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, size = d_model, len(vocab)

    def weight(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, np.float32)
        spec.beta = np.zeros(d, np.float32)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight = weight(rows, cols)
        spec.bias = np.zeros(rows, np.float32)

    def attention(spec, fused: list[int]) -> None:
        for linear_spec, rows in zip(spec.linear, fused, strict=True):
            linear(linear_spec, rows, d)
        norm(spec.layer_norm)

    def feed_forward(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d)
        linear(spec.linear_1, d, ffn)

    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    for stack in (spec.encoder, spec.decoder):
        embeddings = stack.embeddings[0] if isinstance(stack.embeddings, list) else stack.embeddings
        embeddings.weight = weight(size, d)
        norm(stack.layer_norm)
    for layer in spec.encoder.layer:
        attention(layer.self_attention, [3 * d, d])
        feed_forward(layer.ffn)
    for layer in spec.decoder.layer:
        attention(layer.self_attention, [3 * d, d])
        attention(layer.attention, [d, 2 * d, d])
        feed_forward(layer.ffn)
    linear(spec.decoder.projection, size, d)
    spec.decoder.projection.bias[list(never)] = _NEVER
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.decoder_start_token = "<s>"
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def metadata(from_code: str = "ja", to_code: str = "en", version: str = "1.0") -> dict[str, object]:
    names = {"ja": "Japanese", "en": "English"}
    return {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": names.get(from_code, from_code),
        "to_code": to_code,
        "to_name": names.get(to_code, to_code),
        "type": "translate",
        "links": [],
    }


def build_package_dir(
    root: Path,
    name: str = TINY_NAME,
    *,
    vocab_size: int = 1000,
    hard_vocab_limit: bool = True,
    pad_vocab_to: int = 0,
    meta: Mapping[str, object] | None = None,
    **model: object,
) -> Path:
    """An unpacked package: metadata.json, README.md, sentencepiece.model, model/."""
    import sentencepiece

    sp_bytes = train_sentencepiece(vocab_size, hard_vocab_limit)
    sp = sentencepiece.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    real = len(vocab)
    vocab += [f"<extra_{i}>" for i in range(max(0, pad_vocab_to - real))]
    never = [sp.unk_id(), *range(real, len(vocab))]
    package = root / name
    save_model(package / "model", vocab, never=never, **model)  # type: ignore[arg-type]
    (package / "sentencepiece.model").write_bytes(sp_bytes)
    (package / "metadata.json").write_text(json.dumps(meta or metadata()), encoding="utf-8")
    (package / "README.md").write_text("Random weights, for tests only.\n", encoding="utf-8")
    return package


def zip_package(package: Path, out: Path, stored: bool = False) -> Path:
    """Zip an unpacked package the way Argos ships them: one top-level folder."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(package.parent).as_posix())
    return out


def rezip(
    src: Path,
    out: Path,
    *,
    drop: Iterable[str] = (),
    replace: Mapping[str, bytes] | None = None,
    add: Mapping[str, bytes] | None = None,
) -> Path:
    """A copy of a package zip with entries dropped, replaced or added (for broken packages)."""
    dropped, replaced = set(drop), dict(replace or {})
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for entry in zin.infolist():
            if entry.filename in dropped:
                continue
            data = replaced.pop(entry.filename, None)
            zout.writestr(entry.filename, data if data is not None else zin.read(entry))
        for name, data in {**replaced, **dict(add or {})}.items():
            zout.writestr(name, data)
    return out
