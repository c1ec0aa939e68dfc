"""Protected terms: placeholders in, glossary English / romanised names / numbers out;
a lost placeholder falls back to the unprotected translation; a scheme the tokenizer
cannot spell or the model drops is detected."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
import sentencepiece

from reader.core.translation import protect
from reader.core.translation.engine import Batch, CT2Translator, StopCheck
from reader.core.translation.protect import Protector, ProtectedTranslator, glossary_pairs

GLOSSARY = {"首脳会談": "summit", "首脳": "leader", "停戦": "ceasefire"}
NAMES = {"ゼレンスキー": "Zelensky", "髙良沙哉": "Takara Saya"}


def names(sentence: str) -> list[tuple[str, str]]:
    return [(n, r) for n, r in NAMES.items() if n in sentence]


def _protector(scheme: str = protect.SCHEMES[0]) -> Protector:
    found, fingerprint = glossary_pairs(GLOSSARY)
    return Protector(found, names, scheme, fingerprint)


class Copy:
    """A model that copies its input piece by piece (a copy-friendly stand-in): what a
    placeholder-safe model does with ZXA. ``drop`` removes a placeholder, as a weak
    model may."""

    model_key = ("copy", "1")

    def __init__(self, sp: sentencepiece.SentencePieceProcessor, drop: str = "") -> None:
        self.sp, self.drop, self.seen = sp, drop, []

    def translate_batches(self, sentences: Sequence[str], should_stop: StopCheck | None = None) -> Iterator[Batch]:
        self.seen.append(list(sentences))
        out = [self.sp.decode(self.sp.encode(s)).replace(self.drop, "") if self.drop else
               self.sp.decode(self.sp.encode(s)) for s in sentences]
        yield list(enumerate(out))

    def translate_sentences(self, sentences, should_stop=None):
        for batch in self.translate_batches(sentences, should_stop):
            yield from batch


@pytest.fixture(scope="module")
def sp() -> sentencepiece.SentencePieceProcessor:
    from tests.core.translation.tinymodel import train_sentencepiece

    return sentencepiece.SentencePieceProcessor(model_proto=train_sentencepiece())


@pytest.mark.parametrize(
    ("sentence", "protected", "kinds"),
    [
        ("2025年8月の首脳会談で停戦が議論された。", "ZXA年8月のZXBでZXCが議論された。", ["number", "term", "term"]),
        ("ゼレンスキー大統領は３,５００人と会った。", "ZXA大統領はZXB人と会った。", ["name", "number"]),
        ("髙良沙哉さんは首脳と話した。", "ZXAさんはZXBと話した。", ["name", "term"]),
        ("平和の話です。", "平和の話です。", []),
    ],
)
def test_terms_names_and_numbers_become_placeholders(sentence: str, protected: str, kinds: list[str]):
    text, terms = _protector().protect(sentence)
    assert text == protected and [t.kind for t in terms] == kinds
    back = Protector.restore(text, terms)
    assert back is not None and "ZX" not in back
    for term in terms:
        assert term.english in back
    assert "3500" not in back and ("3,500" in back) == ("３,５００" in sentence)


def test_a_lost_or_doubled_placeholder_is_noticed():
    text, terms = _protector().protect("首脳会談で停戦")
    assert Protector.restore(text.replace("ZXB", ""), terms) is None
    assert Protector.restore(text + " ZXA", terms) is None


def test_a_copying_model_keeps_the_terms(sp):
    sentences = ["2025年の首脳会談で停戦が議論された。", "ゼレンスキー大統領が話した。", "平和の話です。"]
    copy = Copy(sp)
    translator = ProtectedTranslator(copy, _protector())
    got = dict(translator.translate_sentences(sentences))
    assert copy.seen[0][0] == "ZXA年のZXBでZXCが議論された。"  # the model saw placeholders
    assert got[0] == "2025年のsummitでceasefireが議論された。"
    assert got[1] == "Zelensky大統領が話した。" and got[2] == "平和の話です。"
    assert translator.fallbacks == 0


def test_a_sentence_that_lost_a_placeholder_falls_back_and_is_flagged(sp):
    copy = Copy(sp, drop="ZXB")
    translator = ProtectedTranslator(copy, _protector())
    got = dict(translator.translate_sentences(["首脳会談で停戦。", "ゼレンスキーが話した。"]))
    assert got[0] == "首脳会談で停戦。"  # unprotected, as the model gave it
    assert got[1] == "Zelenskyが話した。"  # one placeholder only: kept
    assert translator.fallbacks == 1 and translator.flagged == ["首脳会談で停戦。"]
    assert copy.seen[1] == ["首脳会談で停戦。"]


def test_the_cache_key_follows_the_scheme_and_the_glossary():
    plain = ProtectedTranslator(Copy.__new__(Copy), _protector(None))
    plain.inner.model_key = ("copy", "1")  # type: ignore[misc]
    assert plain.model_key == ("copy", "1")
    one = ProtectedTranslator(plain.inner, _protector()).model_key
    found, fingerprint = glossary_pairs({**GLOSSARY, "和平": "peace"})
    two = ProtectedTranslator(plain.inner, Protector(found, names, "ZX{}", fingerprint)).model_key
    assert one[1].startswith("1 protect=ZX{} glossary=") and one != two


def test_probe_finds_a_scheme_the_model_copies(sp):
    assert protect.probe(Copy(sp), sp) == ("ZX{}", [])
    scheme, why = protect.probe(Copy(sp, drop="ZXA"), sp)  # dropped; the others unspellable
    assert scheme is None and why == [
        "ZXA: the model does not copy it", "XQAZ: the tokenizer cannot spell it",  # no Q in it
        "[A]: the tokenizer cannot spell it",
    ]
    assert protect.probe(Copy(sp, drop="ZXA"), sp, schemes=["ZX{}", "ZZ{}"])[0] == "ZZ{}"
    scheme, why = protect.probe(Copy(sp), sp, schemes=["⟦{}⟧", "ZX{}"])
    assert scheme == "ZX{}" and why == ["⟦A⟧: the tokenizer cannot spell it"]


def test_a_random_model_drops_placeholders_so_protection_stays_off(installed, sp):
    translator = CT2Translator(installed, beam_size=1)
    scheme, why = protect.probe(translator, sp)
    assert scheme is None and len(why) == len(protect.SCHEMES)
    off = ProtectedTranslator(translator, _protector(scheme))
    sentence = "首脳会談で停戦。"
    assert dict(off.translate_sentences([sentence])) == dict(translator.translate_sentences([sentence]))


def test_jmnedict_names_of_people_with_their_romanisation(dictionary, tokenizer):
    found = protect.jmnedict_names(tokenizer.tokenize, dictionary.lookup_names)
    assert found("田中さんは米国に行った。") == [("田中", "Tanaka")]  # 米 is a place: the model's
    assert ("プーチン", "Putin") in found("ゼレンスキー大統領とプーチン大統領が会談した。")
    protector = Protector(None, found, "ZX{}")
    text, terms = protector.protect("田中さんは3時に来た。")
    assert text == "ZXAさんはZXB時に来た。" and [t.english for t in terms] == ["Tanaka", "3"]


def test_protected_engine_probes_once_and_passes_through_when_nothing_works(installed):
    engine = CT2Translator(installed, beam_size=1)
    wrapped = protect.protected(engine, GLOSSARY)
    assert engine.placeholder_scheme is None and len(engine.placeholder_problems) == len(protect.SCHEMES)
    assert wrapped.model_key == engine.model_key  # unprotected: the same cache entries
    engine.placeholder_problems = ["(probed)"]
    protect.protected(engine, GLOSSARY)
    assert engine.placeholder_problems == ["(probed)"]  # not probed again


@pytest.fixture(scope="module")
def copy_models(tmp_path_factory: pytest.TempPathFactory, sp) -> dict[str, object]:
    """Real CTranslate2 models whose weights copy the input (tinymodel.save_copy_model):
    one whole, one that can never write the letter Z."""
    from tests.core.translation.tinymodel import build_layout_dir

    root = tmp_path_factory.mktemp("copy")
    z = sp.piece_to_id("Z")
    return {
        "copy": build_layout_dir(root / "a", "marian", "opus-mt-ja-en-copy", copy=True),
        "no-z": build_layout_dir(root / "b", "marian", "opus-mt-ja-en-noz", copy=True, bias={z: -30.0}),
    }


def test_a_real_copying_model_keeps_terms_names_and_numbers(copy_models):
    from reader.core.translation import packages

    info = packages.install_package(copy_models["copy"])
    engine = CT2Translator(info)
    assert dict(engine.translate_sentences(["平和の話です。"])) == {0: "平和の話です。"}  # it copies
    wrapped = protect.protected(engine, GLOSSARY, names)
    assert engine.placeholder_scheme == "ZX{}" and engine.placeholder_problems == []
    sentences = ["2025年の首脳会談で停戦が議論された。", "ゼレンスキー大統領は３,５００人と会った。"]
    got = dict(wrapped.translate_sentences(sentences))
    assert got == {0: "2025年のsummitでceasefireが議論された。", 1: "Zelensky大統領は3,500人と会った。"}
    assert wrapped.fallbacks == 0


def test_a_real_model_that_drops_the_placeholder_is_detected(copy_models):
    from reader.core.translation import packages

    engine = CT2Translator(packages.install_package(copy_models["no-z"]))
    mangled = dict(engine.translate_sentences(["ZXAは平和です。"]))[0]
    assert "ZXA" not in mangled and mangled.endswith("XAは平和です。")  # Z became another token
    wrapped = protect.protected(engine, GLOSSARY, names)
    assert engine.placeholder_scheme is None
    assert engine.placeholder_problems[0] == "ZXA: the model does not copy it"
    assert dict(wrapped.translate_sentences(["首脳会談"])) == {0: "首脳会談"}  # passed through as is
