"""Conjugation chains: which tokens after a verb, adjective or copula belong to it, and
what they add, in English ("causative", "passive", "negative", "past").

The rules are one table, ``CHAIN``: each row is a run of tokens, given by UniDic's
lemma or surface (and conjugation form where it matters), and the inflections that
run adds. At each place after the head the longest row that fits is taken, so
なければならない reads as one "obligation", not "negative, conditional, ...". What a
token's own conjugation form says (行こう, volitional; 行け, imperative) comes from
``FORMS``. Nothing here knows a particular verb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.text.kana import is_kana, to_hiragana
from reader.core.text.model import Lexeme, Token
from reader.core.text.tokenize import strip_english

PAST, NEGATIVE, POLITE, TE = "past", "negative", "polite", "te-form"
CAUSATIVE, PASSIVE, POTENTIAL, PASSIVE_POTENTIAL = (
    "causative", "passive", "potential", "passive/potential",
)
VOLITIONAL, IMPERATIVE, CONDITIONAL, CONCESSIVE = "volitional", "imperative", "conditional", "concessive"
DESIRE, PROGRESSIVE, COMPLETION, ATTEMPT, PREPARATION = (
    "desire", "progressive", "completion", "attempt", "preparation",
)
APPEARANCE, HEARSAY, CONJECTURE, ADVERBIAL = "appearance", "hearsay", "conjecture", "adverbial"
REQUEST, PERMISSION, PROHIBITION, OBLIGATION = "request", "permission", "prohibition", "obligation"
CONTINUATIVE, ATTRIBUTIVE, WITHOUT, WHILE, TARI, EXCESS, SHOULD = (
    "continuative", "attributive", "without", "while", "tari", "excess", "should",
)

#: Every inflection name, in the order the table introduces them.
NAMES = (
    PAST, NEGATIVE, POLITE, TE, CAUSATIVE, PASSIVE, POTENTIAL, PASSIVE_POTENTIAL, VOLITIONAL,
    IMPERATIVE, CONDITIONAL, CONCESSIVE, DESIRE, PROGRESSIVE, COMPLETION, ATTEMPT, PREPARATION,
    APPEARANCE, HEARSAY, CONJECTURE, ADVERBIAL, REQUEST, PERMISSION, PROHIBITION, OBLIGATION,
    CONTINUATIVE, ATTRIBUTIVE, WITHOUT, WHILE, TARI, EXCESS, SHOULD,
)

_MUST = "成る|行く|いける"  # ならない, いけない: lemma 成る; いけ has lemma 行く, base いける
_GOOD = "良い|宜しい|構う"

#: (tokens, inflections): each token is "name|name" (a lemma, base or surface) with an
#: optional "@form" (its conjugation form starts so). Longest rows win; among rows of
#: one length, the first listed.
CHAIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    # obligation: なければならない, なくてはいけない, なくちゃ, ないといけない, なきゃ, ねばならない
    (f"ない|ず@仮定形 ば {_MUST} ない", (OBLIGATION,)),
    (f"ない て は {_MUST} ない", (OBLIGATION,)),
    (f"ない ちゃ|ちゃあ {_MUST} ない", (OBLIGATION,)),
    (f"ない と {_MUST} ない", (OBLIGATION,)),
    (f"ない@仮定形-融合 {_MUST} ない", (OBLIGATION,)),
    ("ない@仮定形-融合", (OBLIGATION,)),
    ("ない ちゃ|ちゃあ", (OBLIGATION,)),
    # prohibition, permission, concession
    (f"て は {_MUST} ない", (PROHIBITION,)),
    (f"ちゃ|じゃ {_MUST} ない", (PROHIBITION,)),
    ("て は 駄目 だ|です", (PROHIBITION,)),
    ("て は 駄目", (PROHIBITION,)),
    ("て も 構う ない", (PERMISSION,)),
    (f"て も {_GOOD}", (PERMISSION,)),
    ("て も", (CONCESSIVE,)),
    # auxiliary verbs after the te-form
    ("て 居る", (PROGRESSIVE,)),
    ("てる", (PROGRESSIVE,)),
    ("て 仕舞う", (COMPLETION,)),
    ("ちゃう|ちまう|じまう", (COMPLETION,)),
    ("て 置く", (PREPARATION,)),
    ("とく", (PREPARATION,)),
    ("て 見る", (ATTEMPT,)),
    ("て 下さる", (REQUEST,)),
    ("て", (TE,)),
    # conditional, while, tari, without
    ("ば", (CONDITIONAL,)),
    ("た@仮定形", (CONDITIONAL,)),  # たら
    ("ながら", (WHILE,)),
    ("たり", (TARI,)),
    ("ず に", (WITHOUT,)),
    # auxiliaries
    ("させる|せる", (CAUSATIVE,)),
    ("れる", (PASSIVE,)),
    ("られる", (PASSIVE_POTENTIAL,)),
    ("ぬ|ず です", (NEGATIVE,)),  # ませんでした: polite (ませ), negative, past
    ("ない|無い|ぬ|ず", (NEGATIVE,)),
    ("は ない|無い", (NEGATIVE,)),
    ("た", (PAST,)),
    ("ます", (POLITE,)),
    ("たい|たがる", (DESIRE,)),
    ("過ぎる", (EXCESS,)),
    ("べし だ|です", (SHOULD,)),
    ("べし", (SHOULD,)),
    ("そう-様態 だ|です", (APPEARANCE,)),
    ("そう-様態", (APPEARANCE,)),
    ("そう-伝聞 だ|です", (HEARSAY,)),
    ("らしい", (CONJECTURE,)),
    ("みたい だ|です", (CONJECTURE,)),
    ("みたい", (CONJECTURE,)),
    ("様 だ|です@終止形", (CONJECTURE,)),
    ("だ|です@意志推量形", (CONJECTURE,)),
)

#: What a token's own conjugation form adds, when no row above has named it.
FORMS: tuple[tuple[str, str], ...] = (
    ("意志推量形", VOLITIONAL),
    ("命令形", IMPERATIVE),
)

#: Forms at the end of a chain that name themselves: 早く (adverbial), 行き、(continuative).
ENDINGS: dict[tuple[str, str], str] = {
    ("形容詞", "連用形-一般"): ADVERBIAL,
    ("動詞", "連用形-一般"): CONTINUATIVE,
}

#: Inflections after which られる can only be passive (食べさせられる).
_PASSIVE_AFTER = frozenset({CAUSATIVE})


@dataclass(frozen=True, slots=True)
class _Step:
    names: frozenset[str]
    form: str

    def fits(self, token: Token) -> bool:
        lexeme = token.lexeme
        names = self.names
        return (
            lexeme.lemma in names or lexeme.base in names or token.surface in names
        ) and lexeme.conj_form.startswith(self.form)


@dataclass(frozen=True, slots=True)
class Rule:
    steps: tuple[_Step, ...]
    names: tuple[str, ...]
    order: int  # its row in CHAIN
    forms: bool  # whether the last token's own form (volitional, imperative) counts too


def _parse(pattern: str) -> tuple[_Step, ...]:
    steps = []
    for item in pattern.split():
        names, _, form = item.partition("@")
        steps.append(_Step(frozenset(names.split("|")), form))
    return tuple(steps)


def _rules() -> dict[str, tuple[Rule, ...]]:
    """The table indexed by the names its first token may have."""
    by_first: dict[str, list[Rule]] = {}
    for order, (pattern, names) in enumerate(CHAIN):
        steps = _parse(pattern)
        # だろう is conjecture, not volitional; ください a request, not an imperative.
        forms = not steps[-1].form and REQUEST not in names
        rule = Rule(steps, names, order, forms)
        for name in steps[0].names:
            by_first.setdefault(name, []).append(rule)
    return {k: tuple(v) for k, v in by_first.items()}


RULES = _rules()
_FIRSTS = frozenset(RULES)


_CANDIDATES: dict[tuple[str, str, str], tuple[Rule, ...]] = {}


def candidates(lemma: str, base: str, surface: str) -> tuple[Rule, ...]:
    """The rules a token so named may start, longest first (the first listed among equals)."""
    key = (lemma, base, surface)
    found = _CANDIDATES.get(key)
    if found is None:
        rules = {id(r): r for k in key for r in RULES.get(k, ())}.values()
        found = tuple(sorted(rules, key=lambda r: (-len(r.steps), r.order)))
        if len(_CANDIDATES) > 50_000:
            _CANDIDATES.clear()
        _CANDIDATES[key] = found
    return found


def starts_rule(token: Token) -> bool:
    """Whether a rule may start at this token (cheap: three set lookups)."""
    lexeme = token.lexeme
    return lexeme.lemma in _FIRSTS or lexeme.base in _FIRSTS or token.surface in _FIRSTS


def match(tokens: Sequence[Token], j: int, end: int) -> Rule | None:
    """The longest rule that fits ``tokens[j:end]`` from ``j`` (the first listed among
    equals), or None."""
    token = tokens[j]
    lexeme = token.lexeme
    for rule in candidates(lexeme.lemma, lexeme.base, token.surface):
        steps = rule.steps
        n = len(steps)
        if j + n <= end and all(steps[k].fits(tokens[j + k]) for k in range(n)):
            return rule
    return None


def form_names(token: Token) -> tuple[str, ...]:
    """What a token's conjugation form says by itself (行こう: volitional)."""
    form = token.lexeme.conj_form
    return tuple(name for prefix, name in FORMS if form.startswith(prefix))


def ending(token: Token) -> str:
    """The name of a form that ends a chain by itself (早く: adverbial), or ""."""
    pos1 = token.lexeme.pos.split("-", 1)[0]
    return ENDINGS.get((pos1, token.lexeme.conj_form), "")


def add(names: list[str], more: tuple[str, ...]) -> None:
    """Append a rule's inflections; られる after a causative is passive."""
    for name in more:
        if name == PASSIVE_POTENTIAL and names and names[-1] in _PASSIVE_AFTER:
            name = PASSIVE
        names.append(name)


#: What the copula's own form adds after a na-adjective or a noun.
_COPULA_FORMS = (
    ("意志推量形", CONJECTURE),  # だろう
    ("連体形", ATTRIBUTIVE),  # 静かな
    ("連用形-ニ", ADVERBIAL),  # 静かに
)
_COPULA_TE = "で"  # 静かで, 学生で: the copula's te-form (でし of でした is not)


def copula_names(token: Token) -> tuple[str, ...]:
    """What a copula (だ, です) after a na-adjective or a noun says by itself."""
    form = token.lexeme.conj_form
    names = [POLITE] if token.lexeme.lemma == "です" else []
    names.extend(name for prefix, name in _COPULA_FORMS if form.startswith(prefix))
    if token.surface == _COPULA_TE:
        names.append(TE)
    return tuple(names)


def potential(lexeme: Lexeme) -> tuple[str, str] | None:
    """(dictionary form, reading) of the verb a potential verb comes from (読める: 読む),
    as UniDic's lemma names it; None for other verbs."""
    lemma = strip_english(lexeme.lemma)
    base, reading = lexeme.base, lexeme.base_reading
    if (
        lemma == base or not lemma or not base.endswith("る") or lemma.endswith("る")
        or not lexeme.pos.startswith("動詞") or len(base) < 2 or base[:-2] != lemma[:-1]
        or not is_kana(lemma[-1]) or len(reading) < 2
    ):
        return None
    return lemma, reading[:-2] + to_hiragana(lemma[-1])
