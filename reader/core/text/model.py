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
class Sense:
    pos: tuple[str, ...]
    glosses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """A dictionary entry: JMdict's sequence number, headword, reading and senses.

    ``common`` follows JMdict's priority tags (news1, ichi1, spec1/2, gai1);
    ``nf`` is the newspaper frequency band 1..48 (nf01 = the 500 most frequent
    words), or None. ``kind`` is "word" for JMdict, "name" for JMnedict (``id``
    is then JMnedict's sequence number and the senses' ``pos`` the name types).
    """

    id: int
    word: str
    reading: str
    senses: tuple[Sense, ...]
    common: bool = False
    nf: int | None = None
    kind: str = "word"

    @property
    def is_name(self) -> bool:
        return self.kind == "name"

    @property
    def glosses(self) -> tuple[str, ...]:
        return tuple(g for s in self.senses for g in s.glosses)


@dataclass(frozen=True, slots=True)
class Lexeme:
    """What a word is, apart from where it stands: shared by every occurrence.

    ``reading`` and ``base_reading`` are hiragana ("" when unknown); ``pos`` joins
    UniDic's part-of-speech levels with "-", e.g. "名詞-普通名詞-一般". ``base`` is
    the dictionary form as written (orthBase); ``lemma`` is UniDic's headword as
    given, which names the kanji of kana-written words (居る for いる) and carries
    English for names (アンカレジ-Anchorage). ``entries`` are the dictionary's
    entries for the word, best first (empty when not looked up).
    """

    surface: str
    reading: str
    base: str
    base_reading: str
    pos: str
    conj_type: str = ""
    conj_form: str = ""
    lemma: str = ""
    ruby: tuple[RubySegment, ...] = ()
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Token:
    """One word at one place in the text: ``text[start:end] == surface``.

    Copied out of fugashi at once (fugashi reuses its nodes on the next parse).
    The word's properties live in a shared :class:`Lexeme`, so a long article
    costs one small object per token.
    """

    surface: str
    start: int
    lexeme: Lexeme

    @property
    def end(self) -> int:
        return self.start + len(self.surface)

    @classmethod
    def make(cls, surface: str, start: int, lexeme: Lexeme) -> Token:
        """Same as ``Token(surface, start, lexeme)``, twice as fast.

        The generated frozen ``__init__`` calls ``object.__setattr__`` per field;
        setting the slots directly halves the cost, which matters for the
        hundreds of thousands of tokens a long article has.
        """
        token = _new(cls)
        _set_surface(token, surface)
        _set_start(token, start)
        _set_lexeme(token, lexeme)
        return token

    @property
    def reading(self) -> str:
        return self.lexeme.reading

    @property
    def base(self) -> str:
        return self.lexeme.base

    @property
    def base_reading(self) -> str:
        return self.lexeme.base_reading

    @property
    def pos(self) -> str:
        return self.lexeme.pos

    @property
    def pos1(self) -> str:
        return self.lexeme.pos.split("-", 1)[0]

    @property
    def conj_type(self) -> str:
        return self.lexeme.conj_type

    @property
    def conj_form(self) -> str:
        return self.lexeme.conj_form

    @property
    def lemma(self) -> str:
        return self.lexeme.lemma

    @property
    def ruby(self) -> tuple[RubySegment, ...]:
        return self.lexeme.ruby

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.lexeme.entries

    @property
    def glosses(self) -> tuple[str, ...]:
        entries = self.lexeme.entries
        return entries[0].glosses if entries else ()


_new = object.__new__
_set_surface = Token.__dict__["surface"].__set__
_set_start = Token.__dict__["start"].__set__
_set_lexeme = Token.__dict__["lexeme"].__set__


@dataclass(frozen=True, slots=True)
class AnnotatedSentence:
    sentence: Sentence
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    text: str
    sentences: tuple[AnnotatedSentence, ...] = field(default_factory=tuple)
