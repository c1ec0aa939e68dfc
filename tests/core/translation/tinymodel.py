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
    target_vocab: list[str] | None = None,
    bias: Mapping[int, float] | None = None,
) -> None:
    """Write a CTranslate2 Transformer with seeded random weights to ``out_dir``."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    target = target_vocab if target_vocab is not None else vocab
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
    for stack, rows in ((spec.encoder, size), (spec.decoder, len(target))):
        embeddings = stack.embeddings[0] if isinstance(stack.embeddings, list) else stack.embeddings
        embeddings.weight = weight(rows, d)
        norm(stack.layer_norm)
    for layer in spec.encoder.layer:
        attention(layer.self_attention, [3 * d, d])
        feed_forward(layer.ffn)
    for layer in spec.decoder.layer:
        attention(layer.self_attention, [3 * d, d])
        attention(layer.attention, [d, 2 * d, d])
        feed_forward(layer.ffn)
    linear(spec.decoder.projection, len(target), d)
    spec.decoder.projection.bias[list(never)] = _NEVER
    for token, value in (bias or {}).items():  # e.g. end-of-sentence first, or one token forever
        spec.decoder.projection.bias[token] = value
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(target)
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


#: The folder names of the other layouts; their names carry the language pair.
LAYOUT_NAMES = {
    "argos": TINY_NAME,
    "ct2": "quickmt-ja-en-tiny",
    "marian": "opus-mt-ja-en-tiny",
    "nllb": "nllb-200-tiny",
    "m2m100": "m2m100-tiny",
}


def build_layout_dir(
    root: Path, layout: str, name: str | None = None, copy: bool = False, **model: object
) -> Path:
    """A tiny model folder in one of the layouts reader installs (layouts.py): ``argos``,
    ``ct2`` (quickmt: src/tgt SentencePiece, separate vocabularies), ``marian`` (converted
    OPUS-MT: source.spm/target.spm, shared vocabulary), ``nllb`` or ``m2m100`` (language
    tokens, sentencepiece.bpe.model). ``copy`` (marian only): weights that copy the
    source (save_copy_model); ``bias={id: -30.0}`` then silences tokens."""
    import sentencepiece

    name = name or LAYOUT_NAMES[layout]
    if layout == "argos":
        return build_package_dir(root, name, **model)  # type: ignore[arg-type]
    sp_bytes = train_sentencepiece()
    sp = sentencepiece.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    folder = root / name
    never = [sp.unk_id()]
    readme = "---\nlicense: {}\n---\nRandom weights, for tests only.\n"
    if layout == "ct2":
        target = [*vocab, "<target_only>"]  # the two vocabularies differ, as quickmt's do
        save_model(folder, vocab, target_vocab=target, never=[*never, len(vocab)], **model)  # type: ignore[arg-type]
        (folder / "src.spm.model").write_bytes(sp_bytes)
        (folder / "tgt.spm.model").write_bytes(sp_bytes)
        (folder / "README.md").write_text(readme.format("cc-by-4.0"), encoding="utf-8")
    elif layout == "marian" and copy:
        silenced = [i for i, v in dict(model.get("bias") or {}).items() if v < 0]  # type: ignore[call-overload]
        save_copy_model(folder, vocab, never=[*never, *silenced])
        (folder / "source.spm").write_bytes(sp_bytes)
        (folder / "target.spm").write_bytes(sp_bytes)
        (folder / "README.md").write_text(readme.format("apache-2.0"), encoding="utf-8")
    elif layout == "marian":
        save_model(folder, vocab, never=never, **model)  # type: ignore[arg-type]
        (folder / "source.spm").write_bytes(sp_bytes)
        (folder / "target.spm").write_bytes(sp_bytes)
        (folder / "README.md").write_text(readme.format("apache-2.0"), encoding="utf-8")
    elif layout in ("nllb", "m2m100"):
        tokens = ["jpn_Jpan", "eng_Latn", "fra_Latn"] if layout == "nllb" else ["__ja__", "__en__", "__fr__"]
        full = [*vocab, *tokens]
        never += range(len(vocab), len(full))
        save_model(folder, full, never=never, **model)  # type: ignore[arg-type]
        (folder / "sentencepiece.bpe.model").write_bytes(sp_bytes)
    else:
        raise ValueError(layout)
    return folder


def zip_folder(folder: Path, out: Path, top: bool = False) -> Path:
    """Zip a model folder, its files at the top of the archive (or under its name)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder.parent if top else folder).as_posix())
    return out


def save_copy_model(out_dir: Path, vocab: list[str], never: Iterable[int] = (0,), seed: int = 0) -> None:
    """A Transformer whose weights copy the source, token by token, with no learning:
    token identity and position live in separate dimensions (learned one-hot position
    codes); decoder step t attends to source position t only and emits its token. With
    ``</s>`` appended to the source (the Marian layout) it stops where the source ends."""
    from ctranslate2.specs import transformer_spec

    tok, pos = 192, 64  # dimensions for token identity, then one per position
    d, size = tok + pos, len(vocab)
    rng = np.random.default_rng(seed)
    table = np.zeros((size, d), np.float32)
    table[:, :tok] = rng.standard_normal((size, tok)) / np.sqrt(d)  # x sqrt(d) at run time: N(0, 1)
    codes = np.zeros((pos, d), np.float32)
    codes[np.arange(pos), tok + np.arange(pos)] = 10.0

    def norm(spec, gamma: np.ndarray | None = None) -> None:
        spec.gamma = np.ones(d, np.float32) if gamma is None else gamma
        spec.beta = np.zeros(d, np.float32)

    def linear(spec, weight: np.ndarray) -> None:
        spec.weight = weight.astype(np.float32)
        spec.bias = np.zeros(weight.shape[0], np.float32)

    def silent_attention(spec, fused: list[int]) -> None:  # adds nothing to the residual
        for linear_spec, rows in zip(spec.linear, fused, strict=True):
            linear(linear_spec, np.zeros((rows, d)))
        norm(spec.layer_norm)

    def silent_ffn(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, np.zeros((4, d)))
        linear(spec.linear_1, np.zeros((d, 4)))

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    spec.encoder.embeddings[0].weight = table
    spec.decoder.embeddings.weight = np.zeros((size, d), np.float32)  # the decoder sees positions only
    for stack in (spec.encoder, spec.decoder):
        stack.position_encodings.encodings = codes
    norm(spec.encoder.layer_norm)
    only_tokens = np.concatenate([np.ones(tok), np.zeros(pos)]).astype(np.float32)
    norm(spec.decoder.layer_norm, only_tokens)  # the output reads the copied token alone
    silent_attention(spec.encoder.layer[0].self_attention, [3 * d, d])
    silent_ffn(spec.encoder.layer[0].ffn)
    layer = spec.decoder.layer[0]
    silent_attention(layer.self_attention, [3 * d, d])
    silent_ffn(layer.ffn)
    position_only = np.diag(np.concatenate([np.zeros(tok), np.ones(pos)]))
    token_only = np.diag(only_tokens)
    cross = layer.attention
    linear(cross.linear[0], 3.0 * position_only)  # query: where the decoder is
    linear(cross.linear[1], np.concatenate([position_only, token_only]))  # key: where; value: what
    linear(cross.linear[2], token_only)
    norm(cross.layer_norm)
    linear(spec.decoder.projection, 20.0 * table)
    spec.decoder.projection.bias[list(never)] = -1e4  # copy logits are in the hundreds
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.decoder_start_token = "<s>"
    spec.validate()
    spec.optimize()
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
