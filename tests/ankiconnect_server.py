"""An AnkiConnect-compatible server for tests: HTTP on 127.0.0.1, backed by a real Anki
collection (the ``anki`` package), so duplicates and card states come from Anki itself.

It answers the actions reader uses, with AnkiConnect's request and response shapes
(API version 6: ``{"action", "version", "params"}`` in, ``{"result", "error"}`` out;
the add-on's own code, plugin/__init__.py, is the model): version, deckNames,
modelNames, modelFieldNames, canAddNotes, addNote, findCards, findNotes, cardsInfo and
notesInfo. ``mode`` makes it misbehave: "garbage" (not JSON), "raw" (not HTTP), "missing" (JSON without
"result"/"error"), "error" (every answer an error), "slow" (answers after ``delay``).

    with AnkiServer(tmp_path) as anki:
        AnkiConnect(AnkiSettings(url=anki.url)).version()
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from anki.collection import Collection

from reader.core.vocabulary.ankiconnect import DEFAULT_DECK, DEFAULT_MODEL

#: The .apkg note type's fields (vocabulary/anki.py), less Furigana and Translation, plus Audio.
FIELDS = ("Word", "Reading", "Glosses", "Sentence", "Source", "Audio")


class AnkiError(Exception):
    """Answered as AnkiConnect answers an exception: {"result": null, "error": str}."""


class AnkiServer:
    """A collection in ``folder`` with our deck and note type, served over HTTP."""

    def __init__(self, folder: Path, mode: str = "ok", delay: float = 1.0) -> None:
        import anki.lang

        if anki.lang.current_i18n is None:  # field_checksum strips HTML through it
            anki.lang.set_lang("en_US")
        self.col = Collection(str(Path(folder) / "collection.anki2"))
        self.lock = threading.RLock()  # one request at a time on the collection
        self.mode = mode
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._add_model(DEFAULT_MODEL, FIELDS)
        self.col.decks.id(DEFAULT_DECK)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> AnkiServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            self.col.close()

    # --- helpers for tests -------------------------------------------------------
    def _add_model(self, name: str, fields: tuple[str, ...]) -> None:
        mm = self.col.models
        model = mm.new(name)
        for f in fields:
            mm.add_field(model, mm.new_field(f))
        template = mm.new_template("Recognition")
        template["qfmt"] = "{{Word}}<br>{{Sentence}}"
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Reading}}<br>{{Glosses}}"
        mm.add_template(model, template)
        mm.add(model)

    def notes(self, query: str = "") -> list[dict[str, str]]:
        """Every note a search finds, as {field: value}."""
        with self.lock:
            return [dict(self.col.get_note(nid).items()) for nid in self.col.find_notes(query)]

    def card_ids(self, word: str) -> list[int]:
        with self.lock:
            return list(self.col.find_cards(f'"Word:{word}"'))

    def learn(self, word: str) -> None:
        """Answer the word's new cards "Good" once: Anki's scheduler puts them in learning."""
        with self.lock:
            for cid in self.card_ids(word):
                card = self.col.get_card(cid)
                card.start_timer()
                self.col.sched.answerCard(card, 3)

    def mature(self, word: str, days: int = 30) -> None:
        """Make the word's cards review cards with a ``days`` interval (Anki's "set due
        date" with "!", which sets the interval too)."""
        with self.lock:
            self.col.sched.set_due_date(self.card_ids(word), f"{days}!")

    def add(self, word: str, reading: str = "", deck: str = DEFAULT_DECK, **fields: str) -> int:
        """A note added straight to the collection (as if made in Anki)."""
        with self.lock:
            note = self.col.new_note(self.col.models.by_name(DEFAULT_MODEL))
            note["Word"], note["Reading"] = word, reading
            for name, value in fields.items():
                note[name] = value
            self.col.add_note(note, self.col.decks.id(deck))
            return int(note.id)

    # --- HTTP --------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if server.mode == "slow" and server._stop.wait(server.delay):
                    return
                if server.mode == "garbage":
                    self._send(b"<html><body>Hello from some other program</body></html>", "text/html")
                    return
                if server.mode == "raw":  # not even HTTP
                    self.wfile.write(b"\x00\xffSSH-2.0-something else\r\n\r\n")
                    return
                if server.mode == "missing":
                    self._send(json.dumps({"answer": 6}).encode())
                    return
                self._send(json.dumps(server.answer(body)).encode())

            def _send(self, data: bytes, kind: str = "application/json") -> None:
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

        return Handler

    def answer(self, body: bytes) -> dict[str, Any]:
        try:
            request = json.loads(body)
            self.requests.append(request)
            if self.mode == "error":
                raise AnkiError("collection is not available")
            action = request.get("action", "")
            method = getattr(self, f"api_{action}", None)
            if method is None:
                raise AnkiError("unsupported action")
            with self.lock:
                return {"result": method(**request.get("params", {})), "error": None}
        except Exception as exc:  # noqa: BLE001 - AnkiConnect answers every exception
            return {"result": None, "error": str(exc)}

    # --- actions, as AnkiConnect has them ---------------------------------------------
    def api_version(self) -> int:
        return 6

    def api_deckNames(self) -> list[str]:  # noqa: N802
        return [d.name for d in self.col.decks.all_names_and_ids()]

    def api_modelNames(self) -> list[str]:  # noqa: N802
        return [m.name for m in self.col.models.all_names_and_ids()]

    def api_modelFieldNames(self, modelName: str) -> list[str]:  # noqa: N802, N803
        model = self.col.models.by_name(modelName)
        if model is None:
            raise AnkiError(f"model was not found: {modelName}")
        return [f["name"] for f in model["flds"]]

    def _create_note(self, note: dict[str, Any]):  # noqa: ANN202 - an anki Note
        """AnkiConnect's createNote: the note, or why Anki would refuse it."""
        import anki.utils

        model = self.col.models.by_name(note["modelName"])
        if model is None:
            raise AnkiError(f"model was not found: {note['modelName']}")
        deck = self.col.decks.by_name(note["deckName"])
        if deck is None:
            raise AnkiError(f"deck was not found: {note['deckName']}")
        anki_note = self.col.new_note(model)
        anki_note.tags = list(note.get("tags", []))
        for name, value in note["fields"].items():
            for anki_name in anki_note.keys():
                if name.lower() == anki_name.lower():
                    anki_note[anki_name] = value
                    break
        options = note.get("options", {})
        allow = options.get("allowDuplicate", False)
        if not isinstance(allow, bool):
            raise AnkiError('option parameter "allowDuplicate" must be boolean')
        scope = options.get("duplicateScope")
        if scope != "deck":
            state = anki_note.fields_check()  # Anki's own check, collection-wide
            empty, duplicate = state == 1, state == 2
        else:  # AnkiConnect's deck scope: same first field (checksum), same note type, in the deck
            first = anki_note.fields[0]
            empty, duplicate = not first.strip(), False
            if not empty:
                csum = anki.utils.field_checksum(first)
                for nid in self.col.db.list("select id from notes where csum=? and mid=?", csum, model["id"]):
                    if deck["id"] in self.col.db.list("select did from cards where nid=?", nid):
                        duplicate = True
        if empty:
            raise AnkiError("cannot create note because it is empty")
        if duplicate and not allow:
            raise AnkiError("cannot create note because it is a duplicate")
        return anki_note, deck["id"]

    def api_canAddNotes(self, notes: list[dict[str, Any]]) -> list[bool]:  # noqa: N802
        out = []
        for note in notes:
            try:
                out.append(bool(self._create_note(note)))
            except Exception:  # noqa: BLE001 - as AnkiConnect's canAddNote
                out.append(False)
        return out

    def api_addNote(self, note: dict[str, Any]) -> int:  # noqa: N802
        anki_note, deck_id = self._create_note(note)
        self.col.add_note(anki_note, deck_id)
        if not anki_note.id or not anki_note.card_ids():
            raise AnkiError("The field values you have provided would make an empty question on all cards.")
        return int(anki_note.id)

    def api_findCards(self, query: str | None = None) -> list[int]:  # noqa: N802
        return [] if query is None else [int(c) for c in self.col.find_cards(query)]

    def api_findNotes(self, query: str | None = None) -> list[int]:  # noqa: N802
        return [] if query is None else [int(n) for n in self.col.find_notes(query)]

    def _fields(self, note, model) -> dict[str, dict[str, Any]]:  # noqa: ANN001
        return {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]}

    def api_cardsInfo(self, cards: list[int]) -> list[dict[str, Any]]:  # noqa: N802
        out: list[dict[str, Any]] = []
        for cid in cards:
            try:
                card = self.col.get_card(cid)
            except Exception:  # noqa: BLE001 - AnkiConnect gives {} for a card not found
                out.append({})
                continue
            model, note = card.note_type(), card.note()
            out.append({
                "cardId": card.id,
                "fields": self._fields(note, model),
                "fieldOrder": card.ord,
                "question": card.question(),
                "answer": card.answer(),
                "modelName": model["name"],
                "ord": card.ord,
                "deckName": self.col.decks.name(card.did),
                "css": model["css"],
                "factor": card.factor,
                "interval": card.ivl,
                "note": card.nid,
                "type": card.type,
                "queue": card.queue,
                "due": card.due,
                "reps": card.reps,
                "lapses": card.lapses,
                "left": card.left,
                "mod": card.mod,
            })
        return out

    def api_notesInfo(self, notes: list[int] | None = None, query: str | None = None) -> list[dict[str, Any]]:  # noqa: N802
        if notes is None and query is None:
            raise AnkiError('Must provide either "notes" or a "query"')
        ids = self.api_findNotes(query) if query is not None else notes or []
        out: list[dict[str, Any]] = []
        for nid in ids:
            try:
                note = self.col.get_note(nid)
            except Exception:  # noqa: BLE001
                out.append({})
                continue
            model = note.note_type()
            out.append({
                "noteId": note.id,
                "tags": note.tags,
                "fields": self._fields(note, model),
                "modelName": model["name"],
                "mod": note.mod,
                "cards": [int(c) for c in note.card_ids()],
            })
        return out
