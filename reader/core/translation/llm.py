"""Translation by a local LLM server, one sentence per request, with context.

Each request holds a stable system prompt (so the server can reuse its prompt cache),
the previous few source/translation pairs as chat turns (the translator's drafts where
there are some, else what came before), and the glossary terms and names found in the
sentence as ``term → English`` lines. Batching several sentences in one request is not
done: models then merge, drop or misalign lines.

The reply is cleaned (quotes, a "Translation:" label, a trailing note) and checked: an
empty reply, a copy of the Japanese, or one with more sentences than the source had is
NO_USABLE_MT, and the pane shows the gloss line there instead. Translations are cached
under a key naming the engine, the model, the prompt version, the settings and a hash of
the context the request carried.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

# NO_USABLE_MT (guards.py): what a sentence gets when the reply is no usable translation;
# the pane shows the gloss line instead. It is never cached, so a later run asks again.
from reader.core.translation.engine import NO_USABLE_MT, Batch, StopCheck, Translator, normalize
from reader.core.translation.llm_client import DEFAULT_URL, READ_TIMEOUT, LLMClient

#: Bumped whenever SYSTEM_PROMPT or the shape of the requests changes: cached
#: translations made with another prompt are not served.
PROMPT_VERSION = 1
ENGINE = "llm"
SYSTEM_PROMPT = (
    "You are a professional Japanese-to-English translator. Translate the Japanese "
    "sentence the user sends into natural, accurate English. Reply with the English "
    "translation only: no quotes, no notes, no romaji, no explanation. Translate one "
    "sentence as one sentence. Earlier turns are the sentences just before it in the "
    "same text, with their translations: keep names and terms consistent with them."
)
GLOSSARY_HEAD = "Use these translations:"
DEFAULT_CONTEXT = 3
DEFAULT_MAX_TOKENS = 256
#: Seconds between two partial-text updates of one sentence.
PARTIAL_EVERY = 0.1

Pair = tuple[str, str]
#: The translator's draft for sentence ``index`` of the text being translated, or None.
DraftSource = Callable[[int], "str | None"]
#: (term, English) pairs for sentence ``index`` whose text is given: glossary terms, names.
HintSource = Callable[[int, str], Sequence[Pair]]

_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:english\s+)?(?:translation|english|answer|output)(?:\s*\(english\))?\s*[:：]\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"(?:\n|\s)[(\[]?(?:note|notes|explanation|translator'?s note|literally|literal translation"
    r"|romaji|this (?:sentence|translation) )\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("「", "」"), ("『", "』"), ("‘", "’"))
_JA_END = re.compile(r"[。！？!?]+[」』）)]*")
_EN_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9]|\s*$)")
_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|No|Vol|Co|Inc|Ltd|Corp|Gov|Gen|Lt|Col|Sgt)\.|\b(?:[A-Z]\.){2,}"
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def clean_reply(text: str) -> str:
    """The translation in a model's reply: its first paragraph, a label, a trailing note
    and surrounding quotes removed."""
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL).strip()  # reasoning models
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if paragraphs:
        text = paragraphs[0]
        if _LABEL.match(text) and not _LABEL.sub("", text).strip() and len(paragraphs) > 1:
            text = paragraphs[1]  # "Translation:" on a paragraph of its own
    text = _LABEL.sub("", text, count=1)
    text = _NOTE.sub("", text).strip()
    text = " ".join(text.split())
    for _ in range(2):
        for left, right in _QUOTES:
            if len(text) >= 2 and text.startswith(left) and text.endswith(right) and text.count(left) <= 2:
                text = text[len(left) : -len(right)].strip()
    return text


def sentence_count_ja(text: str) -> int:
    if not text.strip():
        return 0
    return len(_JA_END.findall(text.rstrip("。！？!?」』）) "))) + 1


def sentence_count_en(text: str) -> int:
    return max(1, len(_EN_END.findall(_ABBREVIATIONS.sub("X", text)))) if text.strip() else 0


def unusable(source: str, reply: str) -> str:
    """Why a cleaned reply is no usable translation of ``source``; "" when it is one."""
    if not reply.strip():
        return "the reply is empty"
    if normalize(reply) == normalize(source) or (
        len(_JAPANESE.findall(reply)) > len(reply) / 3
    ):
        return "the reply repeats the Japanese"
    expected, got = sentence_count_ja(source), sentence_count_en(reply)
    if got > expected + 1:  # one more is fine: a long Japanese sentence is often two
        return f"the reply has {got} sentences for {expected}"
    return ""


def build_messages(sentence: str, previous: Sequence[Pair], hints: Sequence[Pair]) -> list[dict[str, str]]:
    """The chat for one sentence: the system prompt, the previous pairs as turns, then
    the sentence, after its glossary lines if it has any."""
    messages = [{"role": "system", "content": SYSTEM_PROMPT}]
    for source, english in previous:
        messages.append({"role": "user", "content": source})
        messages.append({"role": "assistant", "content": english})
    content = sentence
    if hints:
        lines = "\n".join(f"{term} → {english}" for term, english in hints)
        content = f"{GLOSSARY_HEAD}\n{lines}\n\n{sentence}"
    messages.append({"role": "user", "content": content})
    return messages


def context_hash(previous: Sequence[Pair], hints: Sequence[Pair]) -> str:
    digest = hashlib.sha256()
    for a, b in (*previous, ("\x00", "\x00"), *hints):
        digest.update(a.encode("utf-8") + b"\x1f" + b.encode("utf-8") + b"\x1e")
    return digest.hexdigest()[:16]


@dataclass
class LLMSettings:
    url: str = DEFAULT_URL
    model: str = ""
    context: int = DEFAULT_CONTEXT
    temperature: float = 0.0
    max_tokens: int = DEFAULT_MAX_TOKENS
    allow_remote: bool = False
    timeout: float = READ_TIMEOUT

    def describe(self) -> str:
        return f"t={self.temperature:g} n={self.context} max={self.max_tokens}"


class TranslationStore(Protocol):
    """What LLMTranslator needs of a cache (cache.TranslationCache fits)."""

    def get_many(self, key: tuple[str, str], sources: Sequence[str]) -> dict[str, str]: ...

    def put_many(self, key: tuple[str, str], pairs: Sequence[tuple[str, str]]) -> None: ...


class LLMTranslator(Translator):
    """Sentences translated in order, one request each, by a model on an LLM server.

    ``drafts`` gives the translator's draft of a sentence (preferred as context over
    what the model said); ``hints`` the glossary terms and names of a sentence.
    ``partials``: translate_batches also yields the text so far of the sentence being
    streamed, as [(index, text + " …")], replaced by its final batch.
    """

    def __init__(
        self,
        client: LLMClient,
        settings: LLMSettings,
        *,
        drafts: DraftSource | None = None,
        hints: HintSource | None = None,
        cache: TranslationStore | None = None,
        partials: bool = False,
        article: Sequence[str] | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.drafts = drafts
        self.hints = hints
        self.cache = cache
        self.partials = partials
        self.last_reason = ""  # why the last NO_USABLE_MT was one
        self.requests = 0
        # With ``article`` (its sentences, in order), translate_batches may be given any
        # ordered part of it (the window translates what is on screen first): indices
        # for drafts, hints and context are then the article's, and translations are
        # kept across calls as context for the sentences after them.
        self.article = list(article) if article is not None else None
        self._done: dict[int, str] = {}

    @property
    def model_key(self) -> tuple[str, str]:
        s = self.settings
        return f"{ENGINE}:{s.model}", f"prompt={PROMPT_VERSION} {s.describe()}"

    def _key(self, digest: str) -> tuple[str, str]:
        model, version = self.model_key
        return model, f"{version} ctx={digest}"

    def translate_one(
        self,
        sentence: str,
        previous: Sequence[Pair] = (),
        hints: Sequence[Pair] = (),
        should_stop: StopCheck | None = None,
        on_partial: Callable[[str], None] | None = None,
    ) -> str:
        """One sentence's translation, or NO_USABLE_MT; an LLMUnavailable when the
        server cannot be used, an LLMCancelled when should_stop says so."""
        s = self.settings
        self.requests += 1
        reply = self.client.chat(
            s.model, build_messages(sentence, previous, hints), temperature=s.temperature,
            max_tokens=s.max_tokens, on_partial=on_partial, should_stop=should_stop,
        )
        text = clean_reply(reply.text)
        self.last_reason = unusable(sentence, text)
        return NO_USABLE_MT if self.last_reason else text

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        article = self.article if self.article is not None else list(sentences)
        where = self._locate(sentences) if self.article is not None else list(range(len(sentences)))
        if self.article is None:
            self._done = {}
        n = max(0, self.settings.context)
        for index, sentence in enumerate(sentences):
            if should_stop is not None and should_stop():
                return
            text = sentence.strip()
            if not text:
                yield [(index, "")]
                continue
            at = where[index]
            previous = self._previous(article, at, n) if at >= 0 else []
            hints = list(self.hints(at, text)) if self.hints is not None else []
            key = self._key(context_hash(previous, hints))
            hit = self.cache.get_many(key, [normalize(text)]) if self.cache is not None else {}
            if hit:
                translation = next(iter(hit.values()))
            else:
                translation = yield from self._streamed(index, text, previous, hints, should_stop)
                if translation != NO_USABLE_MT and self.cache is not None:
                    self.cache.put_many(key, [(normalize(text), translation)])
            if at >= 0:
                self._done[at] = translation
            yield [(index, translation)]

    def _locate(self, sentences: Sequence[str]) -> list[int]:
        """The article index of each of ``sentences`` (an ordered part of the article);
        -1 for one not found in order."""
        assert self.article is not None
        found, j = [], 0
        for sentence in sentences:
            k = j
            while k < len(self.article) and self.article[k] != sentence:
                k += 1
            if k < len(self.article):
                found.append(k)
                j = k + 1
            else:
                found.append(-1)
        return found

    def _streamed(
        self, index: int, text: str, previous: list[Pair], hints: list[Pair], should_stop: StopCheck | None
    ) -> Generator[Batch, None, str]:
        """Runs one request; with ``partials``, yields its text so far between chunks.

        The request runs inside this generator: the client calls back on each chunk,
        and the partial text is handed out at the next chunk boundary."""
        if not self.partials:
            return self.translate_one(text, previous, hints, should_stop)
        import queue
        import threading

        box: queue.Queue[tuple[str, object]] = queue.Queue()
        last = [0.0]

        def on_partial(so_far: str) -> None:
            now = time.monotonic()
            if now - last[0] >= PARTIAL_EVERY:
                last[0] = now
                box.put(("partial", so_far))

        def run() -> None:
            try:
                box.put(("done", self.translate_one(text, previous, hints, should_stop, on_partial)))
            except BaseException as exc:  # handed to the consumer's thread
                box.put(("error", exc))

        threading.Thread(target=run, name="llm-request", daemon=True).start()
        while True:
            kind, value = box.get()
            if kind == "partial":
                cleaned = clean_reply(str(value))
                if cleaned:
                    yield [(index, f"{cleaned} …")]
            elif kind == "error":
                assert isinstance(value, BaseException)
                raise value
            else:
                return str(value)

    def _previous(self, article: Sequence[str], index: int, n: int) -> list[Pair]:
        """Up to ``n`` pairs just before ``index``: the draft of each, else its usable
        machine translation; a sentence with neither is left out."""
        pairs: list[Pair] = []
        for j in range(index - 1, max(-1, index - 1 - 2 * n), -1):
            if len(pairs) >= n:
                break
            source = article[j].strip()
            if not source:
                continue
            draft = self.drafts(j) if self.drafts is not None else None
            english = (draft or "").strip() or self._done.get(j, "")
            if english and english != NO_USABLE_MT:
                pairs.append((source, english))
        pairs.reverse()
        return pairs
