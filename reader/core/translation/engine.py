"""Sentence translation with a CTranslate2 model, offline, streamed batch by batch.

We run the model directly (ctranslate2 + sentencepiece) with our own sentence
splitter: argostranslate's translate module pulls in torch and tries to download
sentence splitters. Sentences are sorted by length and batched by token count,
which is where the speed comes from; results are cached (cache.py) so reopening an
article costs nothing.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from reader.core.errors import ReaderError
from reader.core.translation.packages import PackageInfo

StopCheck = Callable[[], bool]
Batch = list[tuple[int, str]]

MAX_DECODING_LENGTH = 512
MAX_BATCH_TOKENS = 512  # source tokens per batch, padding included: bounds decoding memory
SPREAD = 1.25  # longest / shortest source within a batch, past a few tokens
WINDOW = 256  # sentences sorted together: big enough to batch well, small enough to stream in order
_SPACES = re.compile(r"\s+")


def normalize(sentence: str) -> str:
    """The cache key of a sentence: NFKC with whitespace collapsed, so trivial variants share it."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", sentence)).strip()


def decoding_bound(source_tokens: int, cap: int = MAX_DECODING_LENGTH) -> int:
    """Most target tokens to generate: a translation is rarely over twice its source."""
    return min(cap, 2 * source_tokens + 10)


class Translator(Protocol):
    """Anything that turns sentences into translations, batch by batch."""

    @property
    def model_key(self) -> tuple[str, str]:
        """(model id, model version and settings): what a cached translation depends on."""
        ...

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        """Yield [(index into sentences, translation), ...] as each batch completes."""
        ...

    def translate_sentences(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[tuple[int, str]]:
        """Stream (index, translation) pairs, in completion order rather than input order."""
        for batch in self.translate_batches(sentences, should_stop):
            yield from batch


def resolve_compute_type(compute_type: str) -> str:
    """``auto`` means int8 where the CPU supports it: a quarter of float32's weight memory."""
    if compute_type != "auto":
        return compute_type
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    return "int8" if "int8" in supported else "default"


def length_batches(
    lengths: Sequence[int], max_tokens: int, window: int = WINDOW
) -> list[list[int]]:
    """Indices grouped into batches of similar length whose padded size stays under max_tokens.

    Sorting happens within windows of consecutive sentences, so the start of a long
    text is translated first. Lengths within a batch stay close, since one decoding
    bound serves the whole batch.
    """
    batches: list[list[int]] = []
    for start in range(0, len(lengths), window):
        order = sorted(range(start, min(start + window, len(lengths))), key=lambda i: lengths[i])
        batch: list[int] = []
        for i in order:
            longest = max(lengths[i], 1)
            full = (len(batch) + 1) * longest > max_tokens
            if batch and (full or longest > SPREAD * lengths[batch[0]] + 4):
                batches.append(batch)
                batch = []
            batch.append(i)
        if batch:
            batches.append(batch)
    return batches


class CT2Translator(Translator):
    """An installed package run through CTranslate2 on the CPU."""

    def __init__(
        self,
        package: PackageInfo,
        beam_size: int = 4,
        max_batch_size: int = MAX_BATCH_TOKENS,
        compute_type: str = "auto",
        inter_threads: int = 1,
        intra_threads: int | None = None,
        max_decoding_length: int = MAX_DECODING_LENGTH,
    ) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self.compute_type = resolve_compute_type(compute_type)
        try:
            self._model = ctranslate2.Translator(
                str(package.model_dir),
                device="cpu",
                compute_type=self.compute_type,
                inter_threads=inter_threads,
                intra_threads=intra_threads if intra_threads is not None else (os.cpu_count() or 1),
            )
            sp_model = str(package.sentencepiece_path)
            self._sp = sentencepiece.SentencePieceProcessor(model_file=sp_model)
        except Exception as exc:  # both libraries raise several kinds
            raise ReaderError(
                f"the translation model in {package.path} cannot be loaded ({exc})",
                f"reinstall it: `reader models remove {package.name}`, then install it again",
            ) from exc

    @property
    def model_key(self) -> tuple[str, str]:
        return self.package.name, f"{self.package.version} beam={self.beam_size}"

    def _run(self, tokens: list[list[str]]) -> list[str]:
        prefix = self.package.target_prefix
        results = self._model.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            max_batch_size=self.max_batch_size,
            batch_type="tokens",
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
            replace_unknowns=True,
            max_decoding_length=decoding_bound(max(map(len, tokens)), self.max_decoding_length),
        )
        out = []
        for result in results:
            pieces = result.hypotheses[0]
            if prefix and pieces[:1] == [prefix]:
                pieces = pieces[1:]
            out.append(self._sp.decode(pieces).strip())
        return out

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        tokens = [self._sp.encode(s.strip(), out_type=str) if s.strip() else [] for s in sentences]
        empty = [(i, "") for i, t in enumerate(tokens) if not t]
        if empty:
            yield empty
        todo = [i for i, t in enumerate(tokens) if t]
        lengths = [len(tokens[i]) for i in todo]
        for batch in length_batches(lengths, self.max_batch_size):
            if should_stop is not None and should_stop():
                return
            indices = [todo[b] for b in batch]
            yield list(zip(indices, self._run([tokens[i] for i in indices]), strict=True))
