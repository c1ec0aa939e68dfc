"""Quality checks on an article's drafts, as a translator's QA tool runs them.

Each issue names its sentence (0-based, as Segment.index) and a code:

- ``number``: a number of the source is not in the draft (2025 → 2024; 8月 → "August"
  counts; 1,200 and 1200 are one; 二千二十五 is 2025; see qanumbers.py);
- ``term``: a glossary term is in the source but its English is not in the draft;
- ``empty``: no draft yet;
- ``untranslated``: the draft is the source again, or still holds Japanese kana;
- ``inconsistent``: the same source (normalised) is translated differently elsewhere;
- ``brackets``: brackets or quotes in the draft do not pair up;
- ``spaces``: double spaces in the draft.

Messages count sentences from 1, as the editor shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.core.translation.qanumbers import missing_numbers
from reader.core.translation.tm import normalise

CODES = ("number", "term", "empty", "untranslated", "inconsistent", "brackets", "spaces")
_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "」": "「", "』": "『", "）": "（", "】": "【"}
_OPENERS = set(_PAIRS.values())
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]{2,}")


@dataclass(frozen=True)
class Segment:
    index: int
    source: str
    draft: str
    machine: str = ""


@dataclass(frozen=True)
class QAIssue:
    sentence: int
    code: str
    message: str


def _terms_in(source: str, terms: Mapping[str, str]) -> list[tuple[str, str]]:
    """(term, English) for each term in the source, longest first where they overlap."""
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if t))
    seen = dict.fromkeys(m.group() for m in pattern.finditer(source))
    return [(term, terms[term]) for term in seen]


def bracket_problem(draft: str) -> str:
    """What does not pair up in ``draft``: "" when everything does."""
    stack: list[str] = []
    for ch in draft:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack or stack[-1] != _PAIRS[ch]:
                return f"{ch} closes nothing" if not stack else f"{ch} closes {stack[-1]}"
            stack.pop()
    if stack:
        return f"{stack[-1]} is never closed"
    if draft.count('"') % 2:
        return 'an odd number of " quotes'
    return ""


def _one(segment: Segment, terms: Mapping[str, str]) -> Iterable[QAIssue]:
    source, draft = segment.source.strip(), segment.draft.strip()
    at = segment.index
    if not source:
        return
    if not draft:
        yield QAIssue(at, "empty", "no draft yet")
        return
    if normalise(draft) == normalise(source):
        yield QAIssue(at, "untranslated", "the draft is the Japanese source again")
        return
    kana = _KANA.search(draft)
    if kana:
        yield QAIssue(at, "untranslated", f"the draft still holds Japanese ({kana.group()})")
    missing, extra = missing_numbers(source, draft)
    if missing:
        found = f" (the draft has {', '.join(extra)})" if extra else ""
        yield QAIssue(at, "number", f"{', '.join(missing)} of the source not in the draft{found}")
    lowered = draft.casefold()
    for term, english in _terms_in(source, terms):
        if english.strip() and english.strip().casefold() not in lowered:
            yield QAIssue(at, "term", f"{term} is in the glossary as “{english}”, not used in the draft")
    problem = bracket_problem(segment.draft)
    if problem:
        yield QAIssue(at, "brackets", f"unbalanced brackets or quotes: {problem}")
    if "  " in segment.draft.strip():
        yield QAIssue(at, "spaces", "double space in the draft")


def _inconsistent(segments: list[Segment]) -> Iterable[QAIssue]:
    groups: dict[str, list[Segment]] = {}
    for segment in segments:
        if segment.draft.strip() and normalise(segment.source):
            groups.setdefault(normalise(segment.source), []).append(segment)
    for group in groups.values():
        if len({normalise(s.draft) for s in group}) < 2:
            continue
        for segment in group:
            others = [s.index + 1 for s in group if s is not segment and normalise(s.draft) != normalise(segment.draft)]
            yield QAIssue(
                segment.index, "inconsistent",
                f"the same sentence is translated differently in sentence {', '.join(map(str, others))}",
            )


def check(segments: Iterable[Segment], terms: Mapping[str, str]) -> list[QAIssue]:
    """Every issue in the drafts, by sentence, then in the order of CODES."""
    segments = list(segments)
    issues = [issue for segment in segments for issue in _one(segment, terms)]
    issues.extend(_inconsistent(segments))
    issues.sort(key=lambda issue: (issue.sentence, CODES.index(issue.code)))
    return issues
