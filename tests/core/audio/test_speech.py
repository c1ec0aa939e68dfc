"""Speech with the Open JTalk voice: real WAVs read back with the standard library's
wave module, and bad input that must never crash."""

from __future__ import annotations

import array
import io
import math
import wave

import pytest

from reader.core.audio import speech
from reader.core.audio.accent import sentence_phrases
from reader.core.errors import InputError

#: Quiet room noise in 16-bit samples; speech is far above it.
RMS_FLOOR = 300
#: Open JTalk's Mei says about 6 to 12 morae a second at normal speed.
SECONDS_PER_MORA = (0.06, 0.2)


def _rms(audio: speech.Audio) -> float:
    samples = array.array("h", audio.samples)
    return math.sqrt(sum(s * s for s in samples[::7]) / max(1, len(samples[::7])))


def _read_wav(data: bytes) -> tuple[int, int, int, int]:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()


def test_a_sentence_is_a_valid_wav_of_plausible_length_and_not_silent() -> None:
    text = "今日は良い天気ですね。"
    audio = speech.synthesize(text)
    channels, width, rate, frames = _read_wav(audio.to_wav_bytes())
    assert (channels, width, rate) == (1, 2, audio.sample_rate) and frames == audio.frames
    morae = sum(len(p.morae) for p in sentence_phrases(text))
    assert morae == 11  # キョ ー ワ, ヨ イ, テ ン キ デ ス ネ
    low, high = SECONDS_PER_MORA
    assert morae * low <= audio.duration_s <= morae * high + 0.6  # + leading/trailing silence
    assert _rms(audio) > RMS_FLOOR


def test_rate_and_volume() -> None:
    normal = speech.synthesize("ありがとうございます")
    fast = speech.synthesize("ありがとうございます", rate=2.0)
    quiet = speech.synthesize("ありがとうございます", volume=0.25)
    assert fast.duration_s < normal.duration_s * 0.7
    assert quiet.duration_s == normal.duration_s
    assert _rms(quiet) == pytest.approx(_rms(normal) * 0.25, rel=0.05)
    assert speech.synthesize("はい", volume=0).samples.count(0) == len(speech.synthesize("はい").samples)
    with pytest.raises(InputError):
        speech.synthesize("はい", rate="fast")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        speech.synthesize("はい", volume=float("nan"))


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("", False),
        ("   \n\t", False),
        ("😀🎌👍🏽", False),
        ("\ud800\udfff", False),  # lone surrogates, as from a broken file
        ("。、！？", False),
        ("日本語😀です", True),
        ("Hello, world", True),  # Latin: said letter by letter or as words, but said
        ("a\ud800b", True),
        ("ｶﾀｶﾅ と ｶﾞｷﾞ", True),  # half-width kana
        ("か\u3099き", True),  # a combining voiced mark
        ("e\u0301te\u200d", True),  # combining accent, zero-width joiner
        ("\x00\x07ベル\x1b[31m", True),  # control characters
    ],
)
def test_bad_input_never_crashes(text: str, spoken: bool) -> None:
    audio = speech.synthesize(text)
    assert (audio.duration_s > 0) is spoken
    assert (speech.speakable(text) != "") is spoken
    _read_wav(audio.to_wav_bytes())


def test_cleaning() -> None:
    assert speech.speakable("日本語😀です") == "日本語 です"
    assert speech.speakable("か\u3099") == "が"
    assert speech.speakable(None) == ""  # type: ignore[arg-type]
    assert speech.speakable("  改行\n\n\nのあと  ") == "改行\nのあと"


def test_long_sentences_are_cut_into_chunks() -> None:
    long = "私は、" * 3000 + "終わり。"  # 9,004 characters, one sentence
    parts = speech.chunks(long)
    assert all(0 < len(p) <= speech.MAX_CHUNK for p in parts)
    assert "".join(parts).replace(" ", "") == long
    assert speech.chunks("一つ目。二つ目！三つ目？") == ["一つ目。", "二つ目！", "三つ目？"]
    assert speech.chunks("あ" * 250) == ["あ" * 120, "あ" * 120, "あ" * 10]
    assert speech.chunks("😀。 。") == []
    # the first chunk is cut at a comma, so that the first sound comes sooner
    sentence = "特にトランプ主導の和平交渉は、紛争当事者であるウクライナの主張を軽視し、「武力による紛争解決の禁止」といった国際ルールを踏みにじる。"
    first, second = speech.chunks(sentence)
    assert first.endswith("軽視し、") and len(first) <= 40 and first + second == sentence
    assert speech.chunks("今日は、良い天気ですね。") == ["今日は、良い天気ですね。"]


@pytest.mark.slow
def test_a_ten_thousand_character_sentence_is_spoken_chunk_by_chunk() -> None:
    text = "今日は晴れ、" * 1666  # 9,996 characters without a sentence end
    first_chunk, first_audio = next(speech.synthesize_chunks(text))
    assert len(first_chunk) <= speech.MAX_CHUNK and first_audio.duration_s > 1
    parts = speech.chunks(text)
    assert len(parts) >= len(text) // speech.MAX_CHUNK and all(len(p) <= speech.MAX_CHUNK for p in parts)
    audio = speech.synthesize(text[:300])
    assert audio.duration_s > 15 and _rms(audio) > RMS_FLOOR


def test_audio_helpers() -> None:
    one = speech.Audio(b"\x01\x00" * 480, 48000)
    joined = speech.Audio.join([one, one], gap_s=0.01)
    assert joined.frames == 480 * 2 + 480 and joined.duration_s == pytest.approx(0.03)
    assert speech.Audio.join([]).frames == 0
    with pytest.raises(ValueError):
        speech.Audio.join([one, speech.Audio(b"\0\0", 22050)])
    assert speech.Audio.silence(0.5, 1000).frames == 500


def test_voices() -> None:
    voices = speech.available_voices()
    assert voices[0] == speech.VoiceInfo("openjtalk", "Open JTalk (Mei)", "openjtalk")
    with pytest.raises(speech.SpeechUnavailable) as caught:
        speech.synthesize("はい", voice="nobody")
    assert "openjtalk" in caught.value.advice


def test_a_registered_voice_is_used() -> None:
    class Beep:
        info = speech.VoiceInfo("test-beep", "Beep", "system")

        def available(self) -> bool:
            return True

        def speak(self, chunk: str, rate: float, volume: float) -> speech.Audio:
            return speech.Audio(b"\x10\x00" * len(chunk), 1000)

    speech.register_voice(Beep())
    try:
        assert speech.VoiceInfo("test-beep", "Beep", "system") in speech.available_voices()
        assert speech.synthesize("一つ。二つ。", voice="test-beep").frames == len("一つ。") + len("二つ。")
    finally:
        speech._voices.pop("test-beep")


def test_a_word_is_said_with_its_dictionary_reading() -> None:
    kyou = speech.synthesize_word("今日", "きょう")
    konnichi = speech.synthesize_word("今日", "こんにち")
    assert konnichi.samples == speech.synthesize("こんにち").samples
    assert kyou.samples == speech.synthesize("今日").samples


def test_speech_and_the_accent_estimate_can_run_on_two_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = ["今日は良い天気ですね。", "雨が降った。", "箸で食べる。", "橋を渡る。"] * 2
    alone = [(speech.synthesize(t).samples, sentence_phrases(t)) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        sounds = pool.map(lambda t: speech.synthesize(t).samples, texts)
        phrases = pool.map(sentence_phrases, texts)
        together = list(zip(sounds, phrases))
    assert together == alone
