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
from reader.core.translation import guards
from reader.core.translation.guards import MAX_DECODING_LENGTH, NO_USABLE_MT, Settings, no_usable_mt
from reader.core.translation.packages import PackageInfo

__all__ = ["NO_USABLE_MT", "CT2Translator", "Translator", "no_usable_mt", "normalize"]

StopCheck = Callable[[], bool]
Batch = list[tuple[int, str]]

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


def fixed_target_length(source_tokens: int, ratio: float, bucket: int = 16) -> int:
    """A benchmark's fixed target length: ``ratio`` x the source tokens, rounded up to a
    multiple of ``bucket`` so that sentences of near lengths share one batch."""
    return max(bucket, -(-int(ratio * source_tokens) // bucket) * bucket)


def resolve_compute_type(compute_type: str) -> str:
    """``auto`` means int8 where the CPU supports it: a quarter of float32's weight memory."""
    if compute_type != "auto":
        return compute_type
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    return "int8" if "int8" in supported else "default"


def length_batches(
    lengths: Sequence[int], max_tokens: int, window: int = WINDOW, spread: float = SPREAD
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
            slack = 4 if spread > 1 else 0
            if batch and (full or longest > spread * lengths[batch[0]] + slack):
                batches.append(batch)
                batch = []
            batch.append(i)
        if batch:
            batches.append(batch)
    return batches


class CT2Translator(Translator):
    """An installed model, of any layout, run through CTranslate2 on the CPU, with the
    decoding guards of guards.py.

    ``fixed_length`` (benchmarks only) makes every sentence decode exactly that many
    target tokens per source token, guards off, so that two ways of running a model
    can be compared step for step.
    """

    def __init__(
        self,
        package: PackageInfo,
        beam_size: int = 4,
        max_batch_size: int = MAX_BATCH_TOKENS,
        compute_type: str = "auto",
        inter_threads: int = 1,
        intra_threads: int | None = None,
        max_decoding_length: int = MAX_DECODING_LENGTH,
        fixed_length: float | None = None,
    ) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self.fixed_length = fixed_length
        self.compute_type = resolve_compute_type(compute_type)
        self.retried = 0  # sentences decoded a second time
        self.unusable = 0  # sentences marked NO_USABLE_MT
        try:
            self._model = ctranslate2.Translator(
                str(package.model_dir),
                device="cpu",
                compute_type=self.compute_type,
                inter_threads=inter_threads,
                intra_threads=intra_threads if intra_threads is not None else (os.cpu_count() or 1),
            )
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_path))
            target = package.target_sentencepiece_path
            same = target == package.sentencepiece_path
            self._target_sp = self._sp if same else sentencepiece.SentencePieceProcessor(model_file=str(target))
        except Exception as exc:  # both libraries raise several kinds
            raise ReaderError(
                f"the translation model in {package.path} cannot be loaded ({exc})",
                f"reinstall it: `reader models remove {package.name}`, then install it again",
            ) from exc

    @property
    def model_key(self) -> tuple[str, str]:
        return self.package.name, f"{self.package.version} {guards.guard_label(self.beam_size)}"

    def _target_length(self, source_tokens: int) -> int:
        assert self.fixed_length is not None
        return fixed_target_length(source_tokens, self.fixed_length)

    def _decode(self, tokens: list[list[str]], settings: Settings) -> list[tuple[list[str], str]]:
        prefix = list(self.package.target_tokens)
        longest = max(map(len, tokens))
        options: dict[str, object] = {
            "beam_size": settings.beam_size, "length_penalty": settings.length_penalty,
            "repetition_penalty": settings.repetition_penalty,
            "no_repeat_ngram_size": settings.no_repeat_ngram_size,
            "min_decoding_length": settings.min_decoding_length,
            "max_decoding_length": settings.bound(longest, self.max_decoding_length),
        }
        if self.fixed_length is not None:
            steps = self._target_length(longest) + len(prefix)
            options.update(min_decoding_length=steps, max_decoding_length=steps,
                           repetition_penalty=1.0, no_repeat_ngram_size=0)
        results = self._model.translate_batch(
            tokens,
            target_prefix=[prefix] * len(tokens) if prefix else None,
            max_batch_size=self.max_batch_size,
            batch_type="tokens",
            num_hypotheses=1,
            replace_unknowns=True,
            **options,
        )
        out = []
        for result in results:
            pieces = result.hypotheses[0]
            if prefix and pieces[: len(prefix)] == prefix:
                pieces = pieces[len(prefix) :]
            out.append((pieces, self._target_sp.decode(pieces).strip()))
        return out

    def _run(self, tokens: list[list[str]]) -> list[str]:
        """Decode a batch; degenerate outputs are decoded once more, then given up on."""
        first = self._decode(tokens, guards.first_pass(self.beam_size))
        texts = [text for _, text in first]
        if self.fixed_length is not None:
            return texts
        bad = [i for i, (pieces, text) in enumerate(first) if guards.degenerate(pieces, text)]
        if bad:
            self.retried += len(bad)
            second = self._decode([tokens[i] for i in bad], guards.retry_pass(self.beam_size))
            for i, (pieces, text) in zip(bad, second, strict=True):
                usable = not guards.degenerate(pieces, text)
                texts[i] = text if usable else NO_USABLE_MT
                self.unusable += not usable
        return texts

    def encode(self, sentence: str) -> list[str]:
        """Source tokens as the model takes them, language tokens and end mark included."""
        pieces = self._sp.encode(sentence.strip(), out_type=str) if sentence.strip() else []
        if not pieces:
            return []
        return [*self.package.source_prefix, *pieces, *self.package.source_suffix]

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        tokens = [self.encode(s) for s in sentences]
        empty = [(i, "") for i, t in enumerate(tokens) if not t]
        if empty:
            yield empty
        todo = [i for i, t in enumerate(tokens) if t]
        if self.fixed_length is not None:  # one decoding length per batch: group by it
            lengths = [self._target_length(len(tokens[i])) for i in todo]
            spread = 1.0  # equal lengths only
        else:
            lengths, spread = [len(tokens[i]) for i in todo], SPREAD
        for batch in length_batches(lengths, self.max_batch_size, spread=spread):
            if should_stop is not None and should_stop():
                return
            indices = [todo[b] for b in batch]
            yield list(zip(indices, self._run([tokens[i] for i in indices]), strict=True))
