"""Cleaning text before a voice sees it, and cutting it into chunks.

Speech engines choke on what readers paste: a 10,000-character paragraph, emoji, lone
surrogates from broken files, control characters. ``speakable`` keeps what can be said
(Japanese, Latin letters, digits, punctuation) and drops the rest; ``chunks`` cuts the
result at sentence ends, then at commas and spaces, so no chunk is longer than
MAX_CHUNK characters and the first one (cut shorter, at a comma) can play while the
others are made.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest chunk handed to a voice: a long sentence, short enough to start quickly.
MAX_CHUNK = 120
#: The text's first chunk is cut at a comma to about this length, so the first sound
#: comes after a phrase is made rather than a whole sentence.
FIRST_CHUNK = 40

_SENTENCE_END = re.compile(r"(?<=[。．！？!?…\n])")
_SOFT_BREAK = re.compile(r"(?<=[、，,;；：:\s」』）)])")
# Unicode categories that a voice cannot say: surrogates, private use, unassigned, format
# characters (zero-width joiners, variation selectors' kin), symbols such as emoji.
_DROPPED = {"Cs", "Co", "Cn", "Cf", "So", "Sk", "Mn", "Me"}
_KEPT_MARKS = {"\u3099", "\u309a"}  # combining (han)dakuten: NFC folds them into kana


def speakable(text: str) -> str:
    """The text with what no voice can say removed; "" when nothing is left to say.

    Never raises, whatever the string holds (lone surrogates included)."""
    if not isinstance(text, str):
        return ""
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    text = unicodedata.normalize("NFC", text)
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\n\t":
            kept.append("\n" if ch == "\n" else " ")
        elif category == "Cc" or (category in _DROPPED and ch not in _KEPT_MARKS):
            kept.append(" ")
        else:
            kept.append(ch)
    cleaned = re.sub(r"[ \u3000]+", " ", "".join(kept))
    cleaned = re.sub(r" *\n[\s]*", "\n", cleaned).strip()
    return cleaned if any(unicodedata.category(ch)[0] in "LN" for ch in cleaned) else ""


def _split(piece: str, pattern: re.Pattern[str], limit: int) -> list[str]:
    """``piece`` cut at ``pattern``'s places into parts of at most ``limit`` characters
    where it can, greedily packing neighbours together."""
    out: list[str] = []
    current = ""
    for part in pattern.split(piece):
        if current and len(current) + len(part) > limit:
            out.append(current)
            current = ""
        current += part
    if current:
        out.append(current)
    return out


def chunks(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """The speakable text cut into chunks of at most ``limit`` characters, at sentence
    ends where it can, then at commas and spaces, and as a last resort anywhere. Chunks
    with nothing to say are left out, so "" gives []."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(speakable(text)):
        for piece in _split(sentence, _SOFT_BREAK, limit) if len(sentence) > limit else [sentence]:
            for start in range(0, len(piece), limit):
                chunk = piece[start : start + limit].strip()
                if any(unicodedata.category(ch)[0] in "LN" for ch in chunk):
                    out.append(chunk)
    if out and len(out[0]) > FIRST_CHUNK:
        head, *rest = _split(out[0], _SOFT_BREAK, FIRST_CHUNK)
        if rest and len(head.strip()) >= FIRST_CHUNK // 4:
            out[:1] = [head.strip(), "".join(rest).strip()]
    return out
