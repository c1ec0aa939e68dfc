"""Anki, live: notes added and card states read through the AnkiConnect add-on.

AnkiConnect (https://ankiweb.net/shared/info/2055492159) answers HTTP POSTs of JSON,
``{"action": ..., "version": 6, "params": {...}}``, with ``{"result": ..., "error": ...}``.
This client speaks version 6 with the standard library only, with short timeouts (2 s to
connect, 5 s for each read), and never raises anything but a ReaderError that says what
went wrong and what to do: Anki not running, a slow or garbled answer, Anki refusing.

It talks to Anki on this computer only (127.0.0.1, ::1, localhost) unless the user has
typed another host *and* allowed it (``allow_remote``): the add-on can change the whole
collection, so reader never sends notes across the network by default.

What goes into a note is the user's choice of note type (model), deck and field mapping:
which note field gets the word, its reading, glosses, the sentence (the word in <b>), the
article's title and (later) audio. The .apkg export (vocabulary/anki.py) stays for
people without the add-on; its note type and deck are the defaults here, so notes added
live and notes imported from an export are the same kind.
"""

from __future__ import annotations

import html
import json
import re
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader.core.net import is_loopback
from reader.core.errors import ReaderError
from reader.core.text.kana import to_hiragana

if TYPE_CHECKING:
    from reader.core.vocabulary.words import Words

API_VERSION = 6
DEFAULT_URL = "http://127.0.0.1:8765"
#: The .apkg export's note type and deck (vocabulary/anki.py's MODEL_NAME and DECK_NAME).
DEFAULT_MODEL = "reader vocabulary"
DEFAULT_DECK = "reader vocabulary"
CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 5.0
#: An answer larger than this is not AnkiConnect's (64 MiB).
MAX_ANSWER = 64 * 1024 * 1024

#: Our fields, in the order the Preferences list them: what each holds.
FIELDS = {
    "word": "the dictionary form (Anki checks duplicates on the note type's first field)",
    "reading": "its reading, in hiragana",
    "glosses": "the English glosses",
    "sentence": "the sentence, the word in bold",
    "title": "the article's title",
    "audio": "the word's audio (not yet: left empty)",
}
#: Our fields -> the .apkg note type's fields ("" leaves a field out).
DEFAULT_FIELDS = {
    "word": "Word", "reading": "Reading", "glosses": "Glosses", "sentence": "Sentence",
    "title": "Source", "audio": "",
}

#: Anki's card states as reader names them.
NEW, LEARNING, KNOWN = "new", "learning", "known"
_RANK = {NEW: 0, LEARNING: 1, KNOWN: 2}
#: A review card with an interval of this many days or more is known ("mature" in Anki).
KNOWN_INTERVAL = 21
#: Words per findCards query, and cards per cardsInfo request.
WORDS_PER_QUERY = 50
CARDS_PER_REQUEST = 200

NOT_RUNNING_ADVICE = (
    "start Anki with the AnkiConnect add-on, or export an .apkg (Words → Export Vocabulary) and import that"
)
_CHECK_ADDRESS = "check the AnkiConnect address in Preferences → Anki"

Key = tuple[str, str]


class AnkiDuplicate(ReaderError):
    """Anki refused a note because one like it (same first field) is in the deck."""


@dataclass(frozen=True)
class AnkiSettings:
    """What the user set in Preferences → Anki."""

    url: str = DEFAULT_URL
    deck: str = DEFAULT_DECK
    model: str = DEFAULT_MODEL
    fields: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    allow_remote: bool = False


def parse_fields(text: str | Mapping[str, Any] | None) -> dict[str, str]:
    """A field mapping from its JSON (as settings store it): our known fields only, each a
    note field's name or ""; missing or unreadable: the defaults."""
    if isinstance(text, Mapping):
        raw: Any = text
    else:
        try:
            raw = json.loads(text) if text else {}
        except ValueError:
            raw = {}
    if not isinstance(raw, Mapping) or not raw:
        return dict(DEFAULT_FIELDS)
    return {name: str(raw.get(name) or "").strip() for name in FIELDS}


def check_url(url: str, allow_remote: bool = False) -> str:
    """The AnkiConnect address, checked: http(s) with a host, on this computer unless
    ``allow_remote``; a ReaderError otherwise."""
    url = (url or "").strip() or DEFAULT_URL
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - ValueError for a port that is not a number
    except ValueError as exc:
        raise ReaderError(f"the AnkiConnect address {url!r} is not a valid address ({exc})", _CHECK_ADDRESS) from exc
    if parts.scheme not in ("http", "https"):
        raise ReaderError(
            f"the AnkiConnect address {url!r} is not an http:// address",
            f"AnkiConnect listens on {DEFAULT_URL}; {_CHECK_ADDRESS}",
        )
    if not host:
        raise ReaderError(f"the AnkiConnect address {url!r} names no computer", _CHECK_ADDRESS)
    if not allow_remote and not is_loopback(host):
        raise ReaderError(
            f"the AnkiConnect address {url!r} is not on this computer",
            "reader only talks to Anki on this computer (127.0.0.1) unless you tick "
            "“Allow an address on another computer” in Preferences → Anki",
        )
    return url


def card_status(card: Mapping[str, Any]) -> str:
    """A card's state from cardsInfo's ``type`` and ``interval`` (``queue`` only says
    whether it is suspended or buried, which does not change what the learner knows):
    a new card (type 0) is "new"; one in learning or relearning (1, 3) "learning"; a
    review card (2) is "known" once its interval reaches KNOWN_INTERVAL (21) days, Anki's
    own line for a mature card, and "learning" before."""
    kind = _int(card.get("type"))
    if kind == 2:
        return KNOWN if _int(card.get("interval")) >= KNOWN_INTERVAL else LEARNING
    if kind in (1, 3):
        return LEARNING
    return NEW


def best(a: str | None, b: str) -> str:
    """The further along of two states: a word with a mature card is known."""
    return b if a is None or _RANK[b] > _RANK[a] else a


def field_text(value: str) -> str:
    """A note field as plain text: tags, [sound:…] and entities gone, spaces trimmed."""
    value = re.sub(r"\[sound:[^\]]*\]", "", value)
    value = re.sub(r"<[^>]*>", "", value)
    return html.unescape(value).replace("\xa0", " ").strip()


def search_text(text: str) -> str:
    """Text for an Anki search term inside double quotes: its special characters escaped."""
    return re.sub(r'([\\"*_])', r"\\\1", text)


def sentence_html(sentence: str, start: int, end: int) -> str:
    """The sentence, escaped, with the word at [start, end) in <b>."""
    if not 0 <= start < end <= len(sentence):
        return html.escape(sentence)
    return f"{html.escape(sentence[:start])}<b>{html.escape(sentence[start:end])}</b>{html.escape(sentence[end:])}"


class AnkiConnect:
    """One AnkiConnect, as the settings name it; every call is one HTTP request."""

    def __init__(
        self, settings: AnkiSettings | None = None, *,
        connect_timeout: float = CONNECT_TIMEOUT, read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.settings = settings or AnkiSettings()
        self.url = check_url(self.settings.url, self.settings.allow_remote)
        self.fields = parse_fields(self.settings.fields)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout

    # --- the protocol --------------------------------------------------------------
    def request(self, action: str, **params: Any) -> Any:
        """One action's result; a ReaderError for anything but a proper answer."""
        body = json.dumps({"action": action, "version": API_VERSION, "params": params}, ensure_ascii=False)
        raw = self._post(body.encode("utf-8"))
        try:
            answer = json.loads(raw.decode("utf-8"))
        except ValueError as exc:
            raise self._garbled("it is not JSON") from exc
        if not isinstance(answer, dict) or "result" not in answer or "error" not in answer:
            raise self._garbled("it lacks “result” and “error”")
        if answer["error"] is not None:
            message = str(answer["error"])[:500]
            if "duplicate" in message.lower():
                raise AnkiDuplicate(f"Anki says: {message}", "the word is in that deck already")
            raise ReaderError(f"Anki says: {message}", f"check the deck, note type and fields in Preferences → Anki ({action})")
        return answer["result"]

    def _garbled(self, why: str) -> ReaderError:
        return ReaderError(
            f"the answer from {self.url} is not AnkiConnect's: {why}",
            f"is another program using that port? {_CHECK_ADDRESS}",
        )

    def _post(self, body: bytes) -> bytes:
        import http.client  # here: not on the window's start-up path

        parts = urlsplit(self.url)
        https = parts.scheme == "https"
        factory = http.client.HTTPSConnection if https else http.client.HTTPConnection
        connection = factory(parts.hostname or "", parts.port, timeout=self.connect_timeout)
        try:
            try:
                connection.connect()
            except ConnectionRefusedError as exc:
                raise ReaderError(f"Anki is not running: nothing answers at {self.url}", NOT_RUNNING_ADVICE) from exc
            except (TimeoutError, socket.timeout) as exc:
                raise ReaderError(
                    f"no answer from {self.url} within {self.connect_timeout:g} s", NOT_RUNNING_ADVICE
                ) from exc
            if connection.sock is not None:
                connection.sock.settimeout(self.read_timeout)
            connection.request("POST", parts.path or "/", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                raise ReaderError(
                    f"{self.url} answered HTTP {response.status} {response.reason}",
                    f"is AnkiConnect listening there? {_CHECK_ADDRESS}",
                )
            data = response.read(MAX_ANSWER + 1)
            if len(data) > MAX_ANSWER:
                raise self._garbled("it is too large")
            return data
        except ReaderError:
            raise
        except (TimeoutError, socket.timeout) as exc:
            raise ReaderError(
                f"Anki did not answer within {self.read_timeout:g} s",
                "Anki may be busy (syncing, or a dialog is open): try again",
            ) from exc
        except (http.client.HTTPException, UnicodeError, ValueError) as exc:
            raise self._garbled(f"{type(exc).__name__}: {exc}") from exc
        except ConnectionError as exc:
            raise ReaderError(f"the connection to {self.url} broke: {exc}", NOT_RUNNING_ADVICE) from exc
        except OSError as exc:
            raise ReaderError(f"cannot reach {self.url}: {exc.strerror or exc}", _CHECK_ADDRESS) from exc
        finally:
            connection.close()

    # --- actions -------------------------------------------------------------------
    def version(self) -> int:
        return _int(self.request("version"))

    def deck_names(self) -> list[str]:
        return [str(name) for name in _list(self.request("deckNames"), "deckNames")]

    def model_names(self) -> list[str]:
        return [str(name) for name in _list(self.request("modelNames"), "modelNames")]

    def model_field_names(self, model: str | None = None) -> list[str]:
        names = self.request("modelFieldNames", modelName=model or self.settings.model)
        return [str(name) for name in _list(names, "modelFieldNames")]

    def check(self) -> str:
        """What "Test connection" says: the version, and whether the deck, note type and
        mapped fields exist (ReaderError when one does not, naming what does)."""
        version = self.version()
        decks, models = self.deck_names(), self.model_names()
        s = self.settings
        if s.model not in models:
            raise ReaderError(
                f"AnkiConnect {version} answers, but Anki has no note type {s.model!r}",
                f"choose one of: {', '.join(models[:20])}; or import an .apkg export once, which brings ours",
            )
        fields = self.model_field_names(s.model)
        missing = [name for name in self.fields.values() if name and name not in fields]
        if missing:
            raise ReaderError(
                f"the note type {s.model!r} has no field {missing[0]!r}",
                f"its fields are: {', '.join(fields)}",
            )
        if s.deck not in decks:
            raise ReaderError(
                f"AnkiConnect {version} answers, but Anki has no deck {s.deck!r}",
                f"create it in Anki, or choose one of: {', '.join(decks[:20])}",
            )
        return f"AnkiConnect {version}: deck “{s.deck}”, note type “{s.model}” with its fields, all there"

    def note(
        self, word: str, reading: str = "", glosses: Sequence[str] = (), sentence: str = "",
        start: int = 0, end: int = 0, title: str = "", tags: Sequence[str] = ("reader",),
    ) -> dict[str, Any]:
        """An AnkiConnect note for a word: fields filled by the mapping (HTML, escaped),
        the sentence with the word at [start, end) in bold. Duplicates are refused
        within the deck."""
        ours = {
            "word": html.escape(word),
            "reading": html.escape(reading),
            "glosses": "; ".join(html.escape(g) for g in glosses),
            "sentence": sentence_html(sentence, start, end) if sentence else "",
            "title": html.escape(title),
            "audio": "",
        }
        fields: dict[str, str] = {}
        for name, target in self.fields.items():
            if target and ours.get(name):  # two of ours in one note field: one after the other
                fields[target] = f"{fields[target]}<br>{ours[name]}" if fields.get(target) else ours[name]
        return {
            "deckName": self.settings.deck,
            "modelName": self.settings.model,
            "fields": fields,
            "options": {"allowDuplicate": False, "duplicateScope": "deck"},
            "tags": list(tags),
        }

    def can_add(self, notes: Sequence[Mapping[str, Any]]) -> list[bool]:
        """canAddNotes: False for a note Anki would refuse (a duplicate, an empty first
        field, a deck or note type that is not there)."""
        found = _list(self.request("canAddNotes", notes=list(notes)), "canAddNotes")
        if len(found) != len(notes):
            raise self._garbled("canAddNotes answered for a different number of notes")
        return [bool(x) for x in found]

    def add_note(self, note: Mapping[str, Any]) -> int:
        """addNote, checked first with canAddNotes: the new note's id. A duplicate is an
        AnkiDuplicate; any other refusal a ReaderError with Anki's reason."""
        self.can_add([note])  # a refusal: addNote refuses it too, saying why ("…is a duplicate")
        note_id = self.request("addNote", note=dict(note))
        if not isinstance(note_id, int) or isinstance(note_id, bool) or note_id <= 0:
            raise self._garbled("addNote gave no note id")
        return note_id

    def add_word(self, word: str, reading: str = "", **kwargs: Any) -> int:
        """Make and add the note of one word (see ``note``)."""
        return self.add_note(self.note(word, reading, **kwargs))

    def _cards(self, query: str) -> list[dict[str, Any]]:
        """cardsInfo of the cards a search finds, asked in batches."""
        ids = [i for i in _list(self.request("findCards", query=query), "findCards") if isinstance(i, int)]
        out: list[dict[str, Any]] = []
        for k in range(0, len(ids), CARDS_PER_REQUEST):
            batch = ids[k : k + CARDS_PER_REQUEST]
            infos = _list(self.request("cardsInfo", cards=batch), "cardsInfo")
            out += [info for info in infos if isinstance(info, dict) and info]
        return out

    def _key(self, card: Mapping[str, Any]) -> Key | None:
        """(word, reading in hiragana) of a card's note by the mapping; reading "" when the
        mapping has none (it then stands for every reading)."""
        fields = card.get("fields")
        if not isinstance(fields, Mapping):
            return None

        def value(ours: str) -> str:
            name = self.fields.get(ours, "")
            found = fields.get(name) if name else None
            return field_text(str(found.get("value", ""))) if isinstance(found, Mapping) else ""

        word = value("word")
        # A reading that shares its note field with glosses cannot be told apart: "" then.
        shared = list(self.fields.values()).count(self.fields.get("reading") or "-") > 1
        return (word, "" if shared else to_hiragana(value("reading"))) if word else None

    def deck_query(self, deck: str | None = None) -> str:
        return f'"deck:{search_text(deck or self.settings.deck)}"'

    def card_statuses(self, words: Iterable[Key]) -> dict[Key, str]:
        """Which of these (word, reading) are in the deck, and how far along:
        "new", "learning" or "known" (see ``card_status``; a word with several cards
        takes its furthest). findCards on the mapped word field, WORDS_PER_QUERY words
        a query, then cardsInfo. A note without a reading counts for every reading."""
        wanted = list(dict.fromkeys(words))
        target = self.fields.get("word") or ""
        if not wanted or not target:
            return {}
        by_word: dict[str, list[Key]] = {}
        for key in wanted:
            by_word.setdefault(key[0], []).append(key)
        bases = list(by_word)
        out: dict[Key, str] = {}
        for k in range(0, len(bases), WORDS_PER_QUERY):
            terms = " OR ".join(
                f'"{search_text(target)}:{search_text(html.escape(base))}"' for base in bases[k : k + WORDS_PER_QUERY]
            )
            for card in self._cards(f"{self.deck_query()} ({terms})"):
                found = self._key(card)
                if found is None:
                    continue
                status = card_status(card)
                for asked in by_word.get(found[0], []):
                    if not found[1] or not asked[1] or to_hiragana(asked[1]) == found[1]:
                        out[asked] = best(out.get(asked), status)
        return out

    def import_statuses(self, deck: str | None = None, query: str = "") -> dict[Key, str]:
        """Every note a search finds in a deck, as {(word, reading): state}: the cards of
        ``deck`` (the settings' when None) matching ``query`` (Anki's search syntax, e.g.
        "is:review"; "" for all), their words and readings read by the field mapping."""
        search = self.deck_query(deck) + (f" ({query.strip()})" if query.strip() else "")
        out: dict[Key, str] = {}
        for card in self._cards(search):
            key = self._key(card)
            if key is not None:
                out[key] = best(out.get(key), card_status(card))
        return out


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _list(value: Any, action: str) -> list[Any]:
    if not isinstance(value, list):
        raise ReaderError(
            f"AnkiConnect's answer to {action} is not a list",
            f"is another program using that port? {_CHECK_ADDRESS}",
        )
    return value


def apply_statuses(words: Words, found: Mapping[Key, str]) -> list[tuple[str, str, str | None]]:
    """Raise reader's statuses to Anki's, in one transaction: known in Anki -> known,
    new or learning in Anki -> learning. Nothing is lowered, and known or ignored words
    stay as they are. Returns what ``Words.undo_mark_known`` takes back: each word
    changed, with its old status (None: it had no row)."""
    from reader.core.vocabulary.status import IGNORED
    from reader.core.vocabulary.status import KNOWN as READER_KNOWN
    from reader.core.vocabulary.status import LEARNING as READER_LEARNING

    def run() -> list[tuple[str, str, str | None]]:
        changed: list[tuple[str, str, str | None]] = []
        with words.db.atomic():
            before = words.word_statuses(found)
            for (base, reading), state in found.items():
                target = READER_KNOWN if state == KNOWN else READER_LEARNING
                old = before.get((base, reading))
                if old in (READER_KNOWN, IGNORED, target):
                    continue
                words.set_word_status(base, reading, target)
                changed.append((base, reading, old))
        return changed

    return words.store.run(run)
