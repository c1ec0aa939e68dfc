"""Frozen dataclasses that flow through the pipeline.

Foreign objects (fugashi nodes, SQLite rows) are converted into these at the
boundary, so nothing downstream depends on a library's lifetime rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


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
    """One sense of an entry: its parts of speech, glosses, and JMdict's field and misc
    notes as ``tags`` ("field:military", "misc:archaism")."""

    pos: tuple[str, ...]
    glosses: tuple[str, ...]
    tags: tuple[str, ...] = ()


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
    guessed: bool = False  # the reading is a guess (KANJIDIC2's), no dictionary's


class Token(NamedTuple):
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
        """Same as ``Token(surface, start, lexeme)``, without the keyword handling.

        A named tuple, not a dataclass: a long article has hundreds of thousands of
        tokens, and a tuple is made in half the time.
        """
        return _new_tuple(cls, (surface, start, lexeme))

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


_new_tuple = tuple.__new__


#: Word kinds: one token (or a number and its counter); a verb, adjective or copula with
#: its conjugation; a dictionary headword MeCab cuts apart; a piece of grammar likewise.
WORD, CONJUGATED, COMPOUND, EXPRESSION = "word", "conjugated", "compound", "expression"


@dataclass(frozen=True, slots=True)
class Headword:
    """A dictionary form that MeCab cuts into tokens, as the word layer matches it: the
    first token's surface is its key; ``rest`` holds the middle tokens' surfaces and
    then the last token's dictionary form (running text may inflect it)."""

    rest: tuple[str, ...]
    text: str
    kind: str  # COMPOUND or EXPRESSION

    @property
    def length(self) -> int:
        return len(self.rest) + 1


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What a word is, apart from where it stands (shared, like a Lexeme, by a word's
    occurrences where its context cannot change it).

    ``base`` is the dictionary form (食べる for 食べさせられなかった, 準備する for
    準備した, 首脳会談), ``base_reading`` its reading and ``reading`` that of the text
    as written, both hiragana. ``key`` is how the vocabulary keys the word: the
    dictionary entry's (form, reading), which for a サ変 verb is its noun (準備).
    ``content`` says whether it is a word to learn (not punctuation, particles, Latin
    text or bare numbers). ``lexeme`` is the head token's: the verb of a conjugation.
    """

    text: str
    kind: str
    base: str
    base_reading: str
    reading: str
    key: tuple[str, str]
    lexeme: Lexeme
    inflections: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    content: bool = True
    ruby: tuple[RubySegment, ...] = ()


class Word(NamedTuple):
    """A span of whole tokens a learner looks up as one: ``tokens`` from ``first``.

    A named tuple, not a dataclass: a long article has hundreds of thousands of
    words, and a tuple is made in a third of the time.
    """

    first: int
    tokens: tuple[Token, ...]
    info: WordInfo

    @classmethod
    def make(cls, first: int, tokens: tuple[Token, ...], info: WordInfo) -> Word:
        """Same as ``Word(first, tokens, info)``, without the keyword handling."""
        return _new_tuple(cls, (first, tokens, info))

    @property
    def last(self) -> int:
        return self.first + len(self.tokens) - 1

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        return self.info.text

    @property
    def surface(self) -> str:
        return self.info.text

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def base(self) -> str:
        return self.info.base

    @property
    def base_reading(self) -> str:
        return self.info.base_reading

    @property
    def reading(self) -> str:
        return self.info.reading

    @property
    def key(self) -> tuple[str, str]:
        return self.info.key

    @property
    def inflections(self) -> tuple[str, ...]:
        return self.info.inflections

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.info.entries

    @property
    def glosses(self) -> tuple[str, ...]:
        entries = self.info.entries
        return entries[0].glosses if entries else ()

    @property
    def content(self) -> bool:
        return self.info.content

    @property
    def lexeme(self) -> Lexeme:
        return self.info.lexeme

    @property
    def pos(self) -> str:
        return self.info.lexeme.pos

    @property
    def lemma(self) -> str:
        return self.info.lexeme.lemma

    @property
    def ruby(self) -> tuple[RubySegment, ...]:
        """The word's furigana: its own reading where the dictionary corrects MeCab's
        (大喧嘩 おおげんか), else its tokens'."""
        ruby = self.info.ruby
        return ruby if ruby else tuple(seg for t in self.tokens for seg in t.ruby)




@dataclass(frozen=True, slots=True)
class AnnotatedSentence:
    sentence: Sentence
    tokens: tuple[Token, ...] = ()
    words: tuple[Word, ...] = ()

    def word_at(self, token_index: int) -> Word | None:
        """The word that holds the token at ``token_index`` (None for a space)."""
        for word in self.words:
            if word.first <= token_index <= word.last:
                return word
        return None


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    text: str
    sentences: tuple[AnnotatedSentence, ...] = field(default_factory=tuple)
