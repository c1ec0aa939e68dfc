"""What surrounds the LLM engine: the hints a request carries (glossary terms, names),
the fallback to the installed model when the server fails, and building it all from
settings.

Names come from the annotated sentence (the pipeline already joined and looked them up
in JMnedict); the glossary's terms from the user's termbase. Both go in as
``term → English`` lines, the glossary's first: the user's choice wins over a dictionary's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from reader.core.translation.engine import Batch, StopCheck, Translator
from reader.core.translation.llm import NO_USABLE_MT, HintSource, LLMTranslator, Pair
from reader.core.translation.llm_client import LLMCancelled, LLMUnavailable

if TYPE_CHECKING:
    from reader.core.text.model import AnnotatedSentence
    from reader.core.translation.glossary import Termbase

MAX_HINTS = 12
_PARENS = re.compile(r"\s*[(（][^)）]*[)）]")


def english_name(gloss: str) -> str:
    """A dictionary gloss as a name: "Kishida Fumio (1957.7.29-)" -> "Kishida Fumio"."""
    return _PARENS.sub("", gloss).strip()


def names_in(sentence: AnnotatedSentence) -> list[Pair]:
    """(name as written, English) for each proper noun of an annotated sentence whose
    first entry gives an English name (JMnedict, or JMdict for places like 広島)."""
    found: dict[str, str] = {}
    for token in sentence.tokens:
        entries = token.entries
        if not entries or not (entries[0].is_name or "固有名詞" in token.pos):
            continue
        glosses = entries[0].glosses
        english = english_name(glosses[0]) if glosses else ""
        if english and token.surface not in found:
            found[token.surface] = english
    return list(found.items())


def hint_source(
    termbase: Termbase | None = None,
    names: Callable[[int, str], Sequence[Pair]] | None = None,
    limit: int = MAX_HINTS,
) -> HintSource:
    """Hints for a sentence: the glossary's terms found in it, then its names."""

    def hints(index: int, text: str) -> list[Pair]:
        pairs: dict[str, str] = {}
        if termbase is not None:
            pairs.update(termbase.found_in(text))
        if names is not None:
            for term, english in names(index, text):
                if not any(term in t for t in pairs):
                    pairs.setdefault(term, english)
        return list(pairs.items())[:limit]

    return hints


def annotated_names(sentences: Sequence[AnnotatedSentence]) -> Callable[[int, str], Sequence[Pair]]:
    """Names by sentence index, from sentences already annotated (the window's)."""

    def names(index: int, text: str) -> Sequence[Pair]:
        if 0 <= index < len(sentences) and sentences[index].sentence.text.strip() == text:
            return names_in(sentences[index])
        return ()

    return names


def dictionary_names() -> Callable[[int, str], Sequence[Pair]] | None:
    """Names found by annotating each sentence with the installed dictionary; None when
    there is no dictionary (the requests then carry the glossary's terms only)."""
    from reader.core import paths
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.text.pipeline import Annotator
    from reader.core.text.sentences import split_sentences

    if not paths.dictionary_path().exists():
        return None
    annotator = Annotator(Dictionary.open_default())

    def names(index: int, text: str) -> Sequence[Pair]:
        pairs: list[Pair] = []
        for sentence in split_sentences(text):
            pairs += names_in(annotator.annotate_sentence(sentence))
        return pairs

    return names


class FallbackTranslator(Translator):
    """The LLM engine, and when its server fails (down, garbage, closed mid-stream), the
    installed model for the sentences not done yet, or NO_USABLE_MT (the gloss line)
    where none is installed. ``notify`` hears which engine makes the lines from then on."""

    def __init__(
        self,
        primary: LLMTranslator,
        fallback: Callable[[], Translator | None],
        notify: Callable[[str], None] | None = None,
        fallback_name: Callable[[], str] | None = None,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.notify = notify
        self.fallback_name = fallback_name
        self.error: LLMUnavailable | None = None
        self.engine = "llm"
        self._other: Translator | None = None

    @property
    def model_key(self) -> tuple[str, str]:
        return self.primary.model_key

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        done: set[int] = set()
        if self.error is not None:  # failed in an earlier call: the server is not asked again
            yield from self._rest(sentences, list(range(len(sentences))), should_stop)
            return
        try:
            for batch in self.primary.translate_batches(sentences, should_stop):
                yield batch
                done.update(i for i, text in batch if not text.endswith(" …"))
            return
        except LLMCancelled:
            return
        except LLMUnavailable as exc:
            self.error = exc
        other = self._other = self.fallback()
        name = self.fallback_name() if (other is not None and self.fallback_name) else "the installed model"
        self.engine = name if other is not None else "glosses"
        if self.notify is not None:
            then = f"the rest from {name}" if other is not None else "glosses for the rest (no model installed)"
            self.notify(f"LLM server failed: {self.error.message}; {then}")
        yield from self._rest(sentences, [i for i in range(len(sentences)) if i not in done], should_stop)

    def _rest(self, sentences: Sequence[str], rest: list[int], should_stop: StopCheck | None) -> Iterator[Batch]:
        other = self._other
        if other is None:
            if rest:
                yield [(i, NO_USABLE_MT) for i in rest]
            return
        for batch in other.translate_batches([sentences[i] for i in rest], should_stop):
            yield [(rest[j], text) for j, text in batch]
