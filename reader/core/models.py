"""Frozen dataclasses that flow through the pipeline.

Foreign objects (fugashi nodes, SQLite rows) are converted into these at the
boundary, so nothing downstream depends on a library's lifetime rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RubySegment:
    """A piece of a token's surface and the furigana over it ("" for none)."""

    text: str
    reading: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A span of the decoded input: ``text == source[start:end]``.

    ``kind`` is "text", "heading" or "list"; ``paragraph`` counts input lines that
    hold text, so sentences of one line share it.
    """

    text: str
    start: int
    end: int
    kind: str = "text"
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Token:
    """One word as MeCab cut it, copied out of fugashi at once.

    ``reading`` and ``base_reading`` are hiragana ("" when unknown); ``pos`` joins
    UniDic's part-of-speech levels with "-", e.g. "名詞-普通名詞-一般".
    ``base`` is the dictionary form as written (orthBase), ``lemma`` UniDic's
    headword, which names the kanji of kana-written words.
    """

    surface: str
    start: int
    end: int
    reading: str
    base: str
    base_reading: str
    pos: str
    conj_type: str = ""
    conj_form: str = ""
    ruby: tuple[RubySegment, ...] = ()
    lemma: str = ""  # UniDic's lemma as given: 居る for いる, アンカレジ-Anchorage

    @property
    def pos1(self) -> str:
        return self.pos.split("-", 1)[0]


@dataclass(frozen=True, slots=True)
class Sense:
    pos: tuple[str, ...]
    glosses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """A dictionary entry: JMdict's sequence number, headword, reading and senses.

    ``common`` follows JMdict's priority tags (news1, ichi1, spec1/2, gai1);
    ``nf`` is the newspaper frequency band 1..48 (nf01 = the 500 most frequent
    words), or None.
    """

    id: int
    word: str
    reading: str
    senses: tuple[Sense, ...]
    common: bool = False
    nf: int | None = None

    @property
    def glosses(self) -> tuple[str, ...]:
        return tuple(g for s in self.senses for g in s.glosses)


@dataclass(frozen=True, slots=True)
class AnnotatedToken:
    token: Token
    entries: tuple[Entry, ...] = ()

    @property
    def glosses(self) -> tuple[str, ...]:
        return self.entries[0].glosses if self.entries else ()


@dataclass(frozen=True, slots=True)
class AnnotatedSentence:
    sentence: Sentence
    tokens: tuple[AnnotatedToken, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """Metadata of an article, bundled or imported."""

    id: str
    title: str
    date: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    series: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    info: ArticleInfo
    text: str


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    text: str
    sentences: tuple[AnnotatedSentence, ...] = field(default_factory=tuple)
