"""The dictionary's words that MeCab cuts into pieces: compounds (首脳会談, 安全保障理事会)
and expressions (ざるを得ない, に対して, かもしれない), so that the word layer can find them
in running text by their first token.

At build, every JMdict form of two characters or more is tokenized as running text is;
those that come out as two tokens or more are kept, keyed by their first token's
surface, with the surfaces of the middle tokens and the dictionary form of the last one
(which running text may inflect: ざるを得なかった). Forms that would make junk words are
left out by rules on their tokens' parts of speech, tested in tests/core/dictionaries.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from reader.core.text.kana import is_kana
from reader.core.text.model import COMPOUND, EXPRESSION, Headword, Token
from reader.core.text.tokenize import Tokenizer

#: JMdict parts of speech that make an entry an expression, a piece of grammar.
EXPRESSION_POS = ("expressions", "particle", "conjunction", "auxiliary", "copula")
SEP = "\x1f"
#: The kinds as stored (an integer column) and as the word layer names them.
KINDS = (COMPOUND, EXPRESSION)

SCHEMA = """CREATE TABLE compound(first TEXT NOT NULL, rest TEXT NOT NULL, text TEXT NOT NULL,
                      kind INTEGER NOT NULL, PRIMARY KEY (first, rest)) WITHOUT ROWID"""

_FUNCTION = ("助詞", "助動詞")
_SYMBOL = ("補助記号", "記号", "空白")
_HEADS = ("動詞", "形容詞")
_CONJUNCTIVE = "助詞-接続助詞"


def _pos1(token: Token) -> str:
    return token.pos.split("-", 1)[0]


def _function(tokens: list[Token], k: int) -> bool:
    """A particle or auxiliary, or a bound verb after the te-form (the い of てい, the
    しまう of てしまう); not one after a case particle (the し of として)."""
    pos1 = _pos1(tokens[k])
    if pos1 in _FUNCTION:
        return True
    return "非自立" in tokens[k].pos and k > 0 and tokens[k - 1].pos == _CONJUNCTIVE


def keep(tokens: list[Token], expression: bool) -> bool:
    """Whether a headword cut into ``tokens`` may be a word in running text.

    Not when it holds punctuation or spaces, or is nothing but particles and
    auxiliaries (ました, のに, では: they read as their parts); not when it starts with
    one (とし, たの) unless the dictionary calls it an expression (に対して, かもしれない);
    never when a verb or adjective ends in an auxiliary (食べさせる, 思われる): that is
    a conjugation, which the word layer explains itself.
    """
    if len(tokens) < 2 or any(_pos1(t) in _SYMBOL for t in tokens):
        return False
    if _pos1(tokens[0]) in _HEADS and _pos1(tokens[-1]) == "助動詞":
        return False
    if all(_function(tokens, k) for k in range(len(tokens))):
        return False
    return expression or not _function(tokens, 0)


def _last(token: Token) -> str:
    """How the last token is matched: by its dictionary form where the headword ends in
    one (ざるを得ない matches ざるを得なかった), else as written (静かに is not 静かだ)."""
    return token.base if token.surface == token.base else token.surface


def _is_expression(data: str, tags: list[list[str]]) -> bool:
    return any(
        any(tag.startswith(EXPRESSION_POS) for tag in tags[pos_id])
        for pos_id, _ in json.loads(data)
    )


def _candidates(con: sqlite3.Connection) -> Iterator[tuple[str, bool]]:
    """(form, is it an expression) for each form that may be a multi-token word: kanji
    forms; kana forms of words written in kana (usually, or only); and kana forms of
    expressions that are grammar (their kanji forms start in kana: ざるをえない), not
    the reading of an idiom (かいかくをさけぶ, 改革を叫ぶ)."""
    tags = [json.loads(t) for (t,) in con.execute("SELECT tags FROM pos ORDER BY id")]
    kanji_starts: dict[int, bool] = {}  # entry -> all its kanji forms start with kana
    for entry_id, text in con.execute("SELECT entry_id, text FROM form WHERE is_kana = 0"):
        kanji_starts[entry_id] = kanji_starts.get(entry_id, True) and is_kana(text[0])
    found: dict[str, bool] = {}
    rows = con.execute(
        "SELECT f.text, f.is_kana, e.id, e.uk, e.data FROM form f JOIN entry e ON e.id = f.entry_id"
        " WHERE length(f.text) >= 2"
    )
    for text, kana, entry_id, uk, data in rows:
        expression = _is_expression(data, tags)
        grammar = expression and kanji_starts.get(entry_id, True)
        if kana and not (uk or entry_id not in kanji_starts or grammar):
            continue
        found[text] = found.get(text, False) or expression
    yield from found.items()


def fill(con: sqlite3.Connection) -> int:
    """Tokenize the dictionary's forms and keep the multi-token ones (in the build's
    transaction); returns how many."""
    con.execute(SCHEMA)  # not executescript: it would commit the build's transaction
    tokenizer = Tokenizer()
    rows = []
    for text, expression in _candidates(con):
        tokens = [t for t in tokenizer.tokenize(text) if t.pos != "空白"]
        if not keep(tokens, expression):
            continue
        rest = SEP.join([t.surface for t in tokens[1:-1]] + [_last(tokens[-1])])
        rows.append((tokens[0].surface, rest, text, int(expression)))
    rows.sort()
    con.executemany("INSERT OR IGNORE INTO compound VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def decode(rows: list[tuple[str, str, int]]) -> tuple[Headword, ...]:
    """Rows (rest, text, kind) of one first token, longest first."""
    found = [Headword(tuple(rest.split(SEP)), text, KINDS[kind]) for rest, text, kind in rows]
    return tuple(sorted(found, key=lambda h: -h.length))
