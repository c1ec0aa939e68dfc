"""Romaji typed in the search box, read as kana.

jaconv's table does the reading: the one Japanese input methods use (shi, chi, tsu, fu,
ja, kya, small kana with x or l, nn for ん, a doubled consonant for っ, - for ー). Three
things are added around it:

- Hepburn as textbooks write it: macrons (Tōkyō), spaces between words, and n before
  a vowel where an input method wants nn: "konnichiha" is こんにちは to a learner and
  こんいちは to an input method, so both readings are offered, the learner's first.
- Full-width letters (ｔｅｉｓｅｎ) read as ASCII.
- Nonsense is said to be nonsense: jaconv turns a consonant it cannot place into っ
  ("xqz" becomes っっっ); a っ with nothing to double, or a letter left over, is refused
  with an InputError that says what to type instead.
"""

from __future__ import annotations

import re
import unicodedata

from reader.core.errors import InputError
from reader.core.text.kana import to_katakana

#: What romaji is made of: Latin letters, apostrophes (kan'i), hyphens for ー, spaces.
_ROMAJI = re.compile(r"[a-zA-Z'’\-\s\u0100-\u017f\u00c0-\u00ff]+")
_LETTER = re.compile(r"[a-zA-Z]")
#: Hepburn's long vowels: ō is おう (Tōkyō), ū うう, ā ああ, ī いい, ē えい; ^ as ¯.
_MACRONS = str.maketrans({
    "ā": "aa", "ī": "ii", "ū": "uu", "ē": "ei", "ō": "ou",
    "â": "aa", "î": "ii", "û": "uu", "ê": "ei", "ô": "ou",
})
#: n + n + a vowel or y: an input method reads ん + vowel, Hepburn ん + な-row (onna おんな).
_DOUBLE_N = re.compile(r"(?<!n)nn(?=[aiueoy])")
#: Where romaji asks for っ: a doubled consonant (kitte), tch (matcha), xtu or ltsu.
_SOKUON = re.compile(r"([bcdfghjkmpqrstvwxyz])\1|tch|[xl]tsu?")
#: What っ may stand before: a kana with a consonant of its own.
_NOT_AFTER_SOKUON = frozenset("あいうえおんっゃゅょぁぃぅぇぉゎーアイウエオンッャュョァィゥェォヮ")
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
ADVICE = "type romaji such as toukyou, shinbun or kon'nichiha, or kana or kanji"


def looks_like_romaji(text: str) -> bool:
    """Latin letters (with apostrophes, hyphens, spaces, macrons) and nothing Japanese."""
    text = unicodedata.normalize("NFKC", text).strip()
    return bool(text) and bool(_LETTER.search(text)) and _ROMAJI.fullmatch(text) is not None


def _jaconv(text: str) -> str:
    import jaconv  # a small pure-Python module: loaded only when romaji is typed

    return jaconv.alphabet2kana(text)


def _sound(kana: str) -> bool:
    """Whether a reading holds no letter left over and no っ with nothing to double."""
    if _LETTER.search(kana) or not _KANA.search(kana):
        return False
    for k, ch in enumerate(kana):
        if ch in "っッ" and (k + 1 == len(kana) or kana[k + 1] in _NOT_AFTER_SOKUON):
            return False
    return True


def _read(word: str) -> str:
    kana = _jaconv(word).replace("'", "")
    asked = len(_SOKUON.findall(word))
    if not _sound(kana) or kana.count("っ") > asked:
        raise InputError(f"“{word}” cannot be read as romaji", ADVICE)
    return kana


def to_hiragana(text: str) -> list[str]:
    """The hiragana a romaji text stands for, likeliest first (usually one; two where
    Hepburn and input methods part: konnichiha). InputError for what is not romaji."""
    plain = unicodedata.normalize("NFKC", text).strip().lower().replace("’", "'")
    if not plain:
        raise InputError("nothing to look up", ADVICE)
    if not looks_like_romaji(plain):
        raise InputError(f"“{text.strip()}” is not romaji", ADVICE)
    plain = plain.translate(_MACRONS)
    words = plain.split()
    readings = []
    for variant in (lambda w: _DOUBLE_N.sub("n'n", w), lambda w: w):  # Hepburn, then IME
        readings.append("".join(_read(variant(w)) for w in words))
    return list(dict.fromkeys(readings))


def to_kana(text: str) -> list[str]:
    """Each hiragana reading of :func:`to_hiragana`, then each in katakana (terebi: てれび,
    テレビ)."""
    hiragana = to_hiragana(text)
    return list(dict.fromkeys(hiragana + [to_katakana(h) for h in hiragana]))
