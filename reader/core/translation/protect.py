"""Protected terms: glossary terms, JMnedict names and numbers are replaced by
placeholders before translation, which the model copies; afterwards the glossary's
English, the name's romanisation and the number are put back.

A sentence whose translation lost (or doubled) a placeholder is translated again
unprotected, and counted in ``fallbacks``. Whether a model copies placeholders at all
is checked first (``probe``): a scheme the tokenizer cannot spell, or one the model
drops, is skipped for the next; if none works, protection is off (``scheme`` is None)
and sentences go to the model as they are.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.translation.checks import spells
from reader.core.translation.engine import Batch, StopCheck, Translator

#: Placeholder schemes, tried in order; ``{}`` is a capital letter A, B, C…
SCHEMES = ("ZX{}", "XQ{}Z", "[{}]")
MAX_TERMS = 26
#: A number, unless it names a month (8月 must become "August", not a copied "8").
NUMBER = re.compile(r"[0-9０-９]+(?:[.,．，][0-9０-９]+)*(?![0-9０-９]*月)")
PROBES = ("{0}は平和の話です。", "{0}と{1}が会談した。")
Pairs = Callable[[str], list[tuple[str, str]]]  # sentence -> [(Japanese, English)]


@dataclass(frozen=True, slots=True)
class Term:
    placeholder: str
    japanese: str
    english: str
    kind: str  # "term", "name" or "number"


def placeholder(scheme: str, n: int) -> str:
    return scheme.format(chr(ord("A") + n))


class Protector:
    """Turns a sentence into its protected form and a translation back."""

    def __init__(self, glossary: Pairs | None = None, names: Pairs | None = None,
                 scheme: str | None = SCHEMES[0], fingerprint: str = "") -> None:
        self.glossary = glossary
        self.names = names
        self.scheme = scheme
        self.fingerprint = fingerprint  # what the glossary holds, for the cache key

    def _spans(self, sentence: str) -> list[tuple[int, int, str, str]]:
        found: list[tuple[int, int, str, str]] = []
        for kind, source in (("term", self.glossary), ("name", self.names)):
            for japanese, english in source(sentence) if source else []:
                start = sentence.find(japanese)
                while start >= 0 and japanese:
                    found.append((start, start + len(japanese), kind, english))
                    start = sentence.find(japanese, start + len(japanese))
        for match in NUMBER.finditer(sentence):
            found.append((match.start(), match.end(), "number", unicodedata.normalize("NFKC", match.group())))
        taken: list[tuple[int, int, str, str]] = []  # longest first where spans overlap
        for span in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
            if not taken or span[0] >= taken[-1][1]:
                taken.append(span)
        return taken[:MAX_TERMS]

    def protect(self, sentence: str) -> tuple[str, list[Term]]:
        if self.scheme is None:
            return sentence, []
        out: list[str] = []
        terms: list[Term] = []
        at = 0
        for start, end, kind, english in self._spans(sentence):
            mark = placeholder(self.scheme, len(terms))
            terms.append(Term(mark, sentence[start:end], english, kind))
            out += [sentence[at:start], mark]
            at = end
        return "".join(out) + sentence[at:], terms

    @staticmethod
    def restore(translation: str, terms: Sequence[Term]) -> str | None:
        """The translation with each placeholder replaced, or None if one is missing or doubled."""
        for term in terms:
            if translation.count(term.placeholder) != 1:
                return None
        for term in terms:
            translation = translation.replace(term.placeholder, term.english)
        return translation


def _copies(translator: Translator, scheme: str) -> bool:
    sentences = [p.format(*(placeholder(scheme, n) for n in range(2))) for p in PROBES]
    got = dict(translator.translate_sentences(sentences))
    return all(
        got.get(i, "").count(placeholder(scheme, n)) == 1
        for i, probe in enumerate(PROBES) for n in range(probe.count("{"))
    )


def probe(
    translator: Translator, source_sp: Any | None = None, schemes: Sequence[str] = SCHEMES
) -> tuple[str | None, list[str]]:
    """The first scheme the tokenizer spells and the model copies, and why others failed."""
    why: list[str] = []
    for scheme in schemes:
        sample = placeholder(scheme, 0)
        if source_sp is not None and not spells(source_sp, sample):
            why.append(f"{sample}: the tokenizer cannot spell it")
        elif not _copies(translator, scheme):
            why.append(f"{sample}: the model does not copy it")
        else:
            return scheme, why
    return None, why


class ProtectedTranslator(Translator):
    """Translates protected sentences through ``inner``; falls back per sentence."""

    def __init__(self, inner: Translator, protector: Protector) -> None:
        self.inner = inner
        self.protector = protector
        self.fallbacks = 0
        self.flagged: list[str] = []  # sentences translated unprotected after a lost placeholder

    @property
    def model_key(self) -> tuple[str, str]:
        name, version = self.inner.model_key
        if self.protector.scheme is None:
            return name, version
        digest = hashlib.sha1(self.protector.fingerprint.encode()).hexdigest()[:10]
        return name, f"{version} protect={self.protector.scheme} glossary={digest}"

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        protected = [self.protector.protect(s) for s in sentences]
        lost: list[int] = []
        for batch in self.inner.translate_batches([p for p, _ in protected], should_stop):
            ready = []
            for i, text in batch:
                terms = protected[i][1]
                restored = self.protector.restore(text, terms) if terms else text
                if restored is None:
                    lost.append(i)
                else:
                    ready.append((i, restored))
            if ready:
                yield ready
        if lost and not (should_stop is not None and should_stop()):
            self.fallbacks += len(lost)
            self.flagged += [sentences[i] for i in lost]
            for batch in self.inner.translate_batches([sentences[i] for i in lost], should_stop):
                yield [(lost[j], text) for j, text in batch]


def glossary_pairs(terms: dict[str, str]) -> tuple[Pairs, str]:
    """A glossary lookup over ``{term: english}`` and its fingerprint (for the cache key)."""
    ordered = sorted(terms, key=len, reverse=True)

    def found(sentence: str) -> list[tuple[str, str]]:
        return [(t, terms[t]) for t in ordered if t in sentence]

    return found, "\n".join(f"{t}\t{e}" for t, e in sorted(terms.items()))


def jmnedict_names(tokenize: Callable[[str], Sequence[Any]], lookup_names: Callable[..., Sequence[Any]]) -> Pairs:
    """People's names in a sentence (UniDic's 人名) that JMnedict lists, with their
    romanisation (the name entry's first gloss): ``tokenize`` gives tokens,
    ``lookup_names`` is the dictionary's. Places are left to the model (米 is America,
    not the given name Yone)."""

    def found(sentence: str) -> list[tuple[str, str]]:
        pairs = []
        for token in tokenize(sentence):
            lexeme = token.lexeme
            if "人名" not in lexeme.pos:
                continue
            entries = lookup_names(token.surface, lexeme.reading)
            glosses = [g for e in entries[:1] for s in e.senses[:1] for g in s.glosses[:1]]
            if glosses:
                pairs.append((token.surface, glosses[0]))
        return pairs

    return found


def default_names() -> Pairs | None:
    """JMnedict names through the installed dictionary; None when there is none."""
    from reader.core import paths
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.text.tokenize import Tokenizer

    if not paths.dictionary_path().exists():
        return None
    tokenizer, dictionary = Tokenizer(), Dictionary(paths.dictionary_path())
    return jmnedict_names(tokenizer.tokenize, dictionary.lookup_names)


def protected(engine: Any, terms: dict[str, str], names: Pairs | None = None) -> ProtectedTranslator:
    """``engine`` (a CT2Translator) with protected terms, its placeholder scheme probed
    once per engine; with no scheme that works, sentences pass through unchanged."""
    if not hasattr(engine, "placeholder_scheme"):
        engine.placeholder_scheme, engine.placeholder_problems = probe(engine, getattr(engine, "_sp", None))
    found, fingerprint = glossary_pairs(terms)
    return ProtectedTranslator(engine, Protector(found, names, engine.placeholder_scheme, fingerprint))
