"""The LLM engine against a real server: llama-cpp-python's, running a tiny model written
by tests/llm_server.py that always answers ANSWER. A pass-through proxy records what each
request carried: the context turns, the glossary lines, the names."""

from __future__ import annotations

import threading
import time

import pytest

from reader.core.library import bundled
from reader.core.storage.store import Store
from reader.core.text.pipeline import Annotator
from reader.core.text.sentences import split_sentences
from reader.core.translation.cache import TranslationCache
from reader.core.translation.glossary import Termbase
from reader.core.translation.llm import GLOSSARY_HEAD, SYSTEM_PROMPT, LLMSettings, LLMTranslator
from reader.core.translation.llm_client import LLMCancelled, LLMClient
from reader.core.translation.llm_support import FallbackTranslator, annotated_names, hint_source
from tests.llm_server import (  # noqa: F401 - proxy_fixture, server_fixture: the fixtures
    ANSWER,
    LlamaServer,
    proxy_fixture,
    server_available,
    server_fixture,
    write_model,
)

pytestmark = pytest.mark.skipif(bool(server_available()), reason=server_available() or "")


def test_connection_lists_models_and_chat_answers(server):
    client = LLMClient(server.url)
    assert client.models() == ["tiny"]
    messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "和平交渉。"}]
    seen: list[str] = []
    streamed = client.chat("tiny", messages, on_partial=seen.append)
    assert (streamed.text.strip(), streamed.finish_reason) == (ANSWER, "stop")
    assert seen and seen[-1] == streamed.text and len(seen) == 3  # one per word, growing
    whole = client.chat("tiny", messages, stream=False)
    assert (whole.text.strip(), whole.finish_reason) == (ANSWER, "stop")


def article_sentences(count: int) -> list[str]:
    text = bundled.load_article("1").text  # the Ukraine peace talks
    return [s.text for s in split_sentences(text)][:count]


def test_sentence_aligned_run_with_context_glossary_and_names(proxy, dictionary, tmp_path):
    sentences = article_sentences(6)
    assert "首脳会談" in sentences[1] and "ウクライナ" in sentences[2]
    store = Store(tmp_path / "reader.sqlite")
    termbase = Termbase(store)
    termbase.set("首脳会談", "summit")
    termbase.set("停戦", "ceasefire")
    annotator = Annotator(dictionary)
    annotated = [annotator.annotate_sentence(s) for s in split_sentences("\n".join(sentences))]
    drafts = {0: "1. Introduction"}
    cache = TranslationCache(tmp_path / "translations.sqlite")
    llm = LLMTranslator(
        LLMClient(proxy.url), LLMSettings(model="tiny", context=3),
        drafts=drafts.get, hints=hint_source(termbase, annotated_names(annotated)), cache=cache,
    )
    batches = list(llm.translate_batches(sentences))
    assert batches == [[(i, ANSWER)] for i in range(len(sentences))]  # one request, one sentence
    chats = proxy.chats()
    assert len(chats) == len(sentences)
    for n, body in enumerate(chats):
        messages = body["messages"]
        assert body["temperature"] == 0 and body["model"] == "tiny" and body["stream"] is True
        assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}  # the stable prefix
        turns = messages[1:-1]
        assert len(turns) == 2 * min(n, 3)
        # the previous sentences, in order, each with its draft or else the model's answer
        assert [t["content"] for t in turns[::2]] == sentences[max(0, n - 3) : n]
        assert [t["content"] for t in turns[1::2]] == [drafts.get(j, ANSWER) for j in range(max(0, n - 3), n)]
        assert messages[-1]["content"].endswith(sentences[n])
    second = chats[1]["messages"][-1]["content"]
    assert second.startswith(GLOSSARY_HEAD)
    assert "首脳会談 → summit" in second and "停戦 → ceasefire" in second
    assert "アンカレッジ → Anchorage" in second  # a name, from the dictionary
    assert "ウクライナ → Ukraine" in chats[2]["messages"][-1]["content"]
    assert GLOSSARY_HEAD not in chats[0]["messages"][-1]["content"]  # "1.はじめに": nothing to add

    # Cached under the context: a second run sends nothing; a new draft for sentence 1
    # changes the context of sentences 2-4 only, which are asked again.
    assert list(llm.translate_batches(sentences)) == batches
    assert len(proxy.chats()) == len(sentences)
    drafts[1] = "2. The Anchorage summit and moves towards a ceasefire"
    assert list(llm.translate_batches(sentences)) == batches
    again = proxy.chats()[len(sentences) :]
    assert [b["messages"][-1]["content"].endswith(sentences[k]) for b, k in zip(again, (2, 3, 4))] == [True] * 3
    assert len(again) == 3
    assert again[0]["messages"][-2]["content"] == drafts[1]
    cache.close()
    store.close()


def test_streaming_shows_partial_text_then_the_final_line(proxy):
    proxy.delay = 0.15
    llm = LLMTranslator(LLMClient(proxy.url), LLMSettings(model="tiny"), partials=True)
    batches = list(llm.translate_batches(["和平交渉が再開された。"]))
    assert batches[-1] == [(0, ANSWER)]
    partials = [text for batch in batches[:-1] for _, text in batch]
    assert partials and all(t.endswith(" …") for t in partials)
    assert partials[0] == "Peace …"


@pytest.mark.slow  # a slowed stream, so that a loaded machine cannot finish it first
def test_cancel_mid_stream_stops_the_request(proxy):
    proxy.delay = 1.0  # per line: the whole answer (6 lines) would take 6 s
    stop = threading.Event()
    llm = LLMTranslator(LLMClient(proxy.url), LLMSettings(model="tiny"), partials=True)
    got = []
    start = time.monotonic()
    with pytest.raises(LLMCancelled):
        for batch in llm.translate_batches(["和平交渉が再開された。", "停戦した。"], should_stop=stop.is_set):
            got += batch
            stop.set()  # at the first partial text
    assert time.monotonic() - start < 4
    assert got == [(0, "Peace …")]
    assert len(proxy.chats()) == 1  # the second sentence was never sent
    assert proxy.hung_up.wait(5)  # the connection really was closed

    # Through the fallback wrapper, a cancel is no failure: it just ends.
    stop.clear()
    wrapped = FallbackTranslator(llm, lambda: pytest.fail("no fallback on cancel"))
    got = []
    for batch in wrapped.translate_batches(["停戦した。"], stop.is_set):
        got += batch
        stop.set()
    assert got == [(0, "Peace …")] and wrapped.error is None


class Installed:
    model_key = ("installed", "1")

    def translate_batches(self, sentences, should_stop=None):
        yield [(i, f"NMT {s}") for i, s in enumerate(sentences)]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return write_model(tmp_path_factory.mktemp("llm-own") / "tiny.gguf")


def test_server_killed_mid_run_falls_back(model, tmp_path):
    own = LlamaServer(model, tmp_path / "own.log")
    sentences = article_sentences(4)

    def hints(index: int, text: str):
        if index == 2:
            own.stop()  # dies before the third sentence is sent
        return []

    told: list[str] = []
    llm = LLMTranslator(LLMClient(own.url), LLMSettings(model="tiny"), hints=hints)
    wrapped = FallbackTranslator(llm, Installed, told.append, lambda: "the installed model (tiny-nmt)")
    got = dict(p for b in wrapped.translate_batches(sentences) for p in b)
    assert got == {0: ANSWER, 1: ANSWER, 2: f"NMT {sentences[2]}", 3: f"NMT {sentences[3]}"}
    assert "nothing is listening" in told[0] and "the rest from the installed model (tiny-nmt)" in told[0]


def test_on_screen_first_keeps_the_article_context(proxy):
    """The window translates what is on screen first (schedule.py), in rounds of parts
    of the article: context and hints still follow the article's order."""
    from reader.core.translation.schedule import nearest_first

    sentences = article_sentences(8)
    seen: list[int] = []

    def hints(index: int, text: str):
        seen.append(index)
        return []

    llm = LLMTranslator(LLMClient(proxy.url), LLMSettings(model="tiny", context=2), hints=hints, article=sentences)
    got = dict(p for b in nearest_first(llm, sentences, lambda: 4, first_round=2, round_size=8) for p in b)
    assert got == {i: ANSWER for i in range(8)}
    assert seen == [4, 5, 0, 1, 2, 3, 6, 7]
    context = {}
    for index, body in zip(seen, proxy.chats()):
        assert body["messages"][-1]["content"] == sentences[index]
        context[index] = [m["content"] for m in body["messages"][1:-1:2]]
    # only sentences already translated (or drafted) before it are context
    assert context == {
        4: [], 5: [sentences[4]], 0: [], 1: [sentences[0]], 2: sentences[0:2], 3: sentences[1:3],
        6: sentences[4:6], 7: sentences[5:7],
    }
