"""Accuracy of readings and glosses over the bundled articles, against frozen hand-checked
lists in tests/data/accuracy/:

1. First-sense accuracy on 200 content words sampled at random (glosses.tsv): right when
   the sense shown first holds one of the judged keywords, acceptable when it holds the
   acceptable one, missing when there is no gloss, wrong otherwise.
   Goal: >= 90% right, <= 2% wrong.
2. Reading accuracy over every word with kanji (readings.tsv). Goal: >= 99.5%.

A listed word the pipeline now cuts otherwise is reported as moved (and counted wrong).

Run: .venv/bin/python bench/accuracy.py   (make bench runs it too)
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.dictionaries.jmdict import Dictionary  # noqa: E402
from reader.core.library import bundled  # noqa: E402
from reader.core.text.model import Word  # noqa: E402
from reader.core.text.pipeline import Annotator  # noqa: E402

DATA = ROOT / "tests" / "data" / "accuracy"


@dataclass
class Scores:
    glosses: Counter
    readings_right: int
    readings_total: int
    wrong_readings: list[str]
    wrong_glosses: list[str]

    @property
    def reading_share(self) -> float:
        return self.readings_right / self.readings_total if self.readings_total else 1.0

    def share(self, verdict: str) -> float:
        total = sum(self.glosses.values())
        return self.glosses[verdict] / total if total else 0.0


def _rows(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _words(annotator: Annotator) -> dict[tuple[str, int, int], Word]:
    """Every word of the bundled articles by (article, sentence index, offset in it)."""
    out = {}
    for info in bundled.list_articles():
        for k, sentence in enumerate(annotator.iter_annotate(bundled.load_article(info.id).text)):
            for word in sentence.words:
                out[(info.id, k, word.start - sentence.sentence.start)] = word
    return out


def _keywords(field: str) -> list[str]:
    return [k for k in field.split("|") if k]


def score(annotator: Annotator) -> Scores:
    words = _words(annotator)
    verdicts: Counter = Counter()
    wrong_glosses = []
    for article, sentence, offset, text, _judged, right, accept, *_ in _rows("glosses.tsv"):
        word = words.get((article, int(sentence), int(offset)))
        if word is None or word.text != text:
            verdicts["moved"] += 1
            wrong_glosses.append(f"{text} (cut otherwise now)")
            continue
        first = word.entries[0].senses[0].glosses if word.entries else ()
        if not first:
            verdict = "missing"
        elif any(k.lower() in g.lower() for k in _keywords(right) for g in first):
            verdict = "right"
        elif any(k.lower() in g.lower() for k in _keywords(accept) for g in first):
            verdict = "acceptable"
        else:
            verdict = "wrong"
            wrong_glosses.append(f"{text}: {'; '.join(first[:2])} (wanted {right})")
        verdicts[verdict] += 1
    right_readings = total = 0
    wrong_readings = []
    for article, sentence, offset, text, reading in _rows("readings.tsv"):
        total += 1
        word = words.get((article, int(sentence), int(offset)))
        if word is not None and word.text == text and word.reading == reading:
            right_readings += 1
        else:
            shown = word.reading if word is not None and word.text == text else "(cut otherwise)"
            wrong_readings.append(f"{text}: {shown} (wanted {reading})")
    return Scores(verdicts, right_readings, total, wrong_readings, wrong_glosses)


def main() -> None:
    scores = score(Annotator(Dictionary.open_default()))
    total = sum(scores.glosses.values())
    right, wrong = scores.share("right"), scores.share("wrong") + scores.share("moved")
    print(f"first sense of {total} sampled content words of the bundled articles (tests/data/accuracy)")
    for verdict in ("right", "acceptable", "wrong", "missing", "moved"):
        print(f"  {verdict:11} {scores.glosses[verdict]:4}  {scores.share(verdict):6.1%}")
    print(f"  goal >= 90% right, <= 2% wrong: {'met' if right >= 0.9 and wrong <= 0.02 else 'MISSED'}")
    for line in scores.wrong_glosses:
        print(f"    wrong: {line}")
    share = scores.reading_share
    print(f"readings of {scores.readings_total} words with kanji: {scores.readings_right} right, {share:.2%}"
          f"   (goal >= 99.5%: {'met' if share >= 0.995 else 'MISSED'})")
    for line in scores.wrong_readings:
        print(f"    wrong: {line}")


if __name__ == "__main__":
    main()
