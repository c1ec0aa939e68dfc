"""Annotating articles in a process of its own, so the window's GUI thread never
waits for the GIL while a long article annotates (the worker thread it replaces
stalled the window by 65-150 ms at a time on a 200k-character article).

This module runs in that process, which starts with the window and loads the
pipeline (MeCab, the dictionary) while Chromium starts; it needs no QApplication
(only bridge.py's page payload brings QtCore in). The window's side is
annotate_client.py.

The conversation, one pickled tuple a message:

- window -> process: ``("load", generation, text, statuses, limits)``; ``("cancel",)``;
  ``("headwords",)`` and ``("reset",)`` (the imported dictionaries changed, the
  dictionary was built); ``("stop",)``.
- process -> window: ``("chunk", generation, done, total, count, pickled, fresh, payload)``;
  ``("done", generation)``; ``("failed", generation, kind, message, advice)``;
  ``("problem", message, advice)`` (no dictionary: the text is read without glosses).

A chunk's sentences are pickled (ChunkWriter) and unpickled on the GUI thread
(ChunkReader), a few milliseconds a chunk. What the words of a text share (their
Lexeme, WordInfo and entries) is sent once in the process's life and referred to
by number after that: the window then holds one object for each, as the
annotator does, and not a copy an occurrence (which tripled the objects the
garbage collector walks).
"""

from __future__ import annotations

import copyreg
import io
import operator
import os
import pickle
import sys
import time
from typing import Any

from reader.core.text import model

#: (first chunk's sentences, later chunks' sentences, seconds, bytes): a chunk is
#: sent when any is reached. Bytes bound what the GUI thread unpickles at a time.
Limits = tuple[int, int, float, int]

_tuple_new = tuple.__new__


def _dispatch_table() -> dict[type, Any]:
    """Reducers that rebuild the model's objects with one call each: its frozen
    dataclasses by their constructor (not __setstate__, which looks up their
    fields each time), its named tuples by tuple.__new__ (no Python frame)."""
    def by_constructor(cls: type, fields: dict[str, Any]) -> Any:
        get = operator.attrgetter(*fields)
        return lambda obj: (cls, get(obj))

    def by_tuple_new(cls: type) -> Any:
        return lambda obj: (_tuple_new, (cls, tuple(obj)))

    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for cls in vars(model).values():
        if not isinstance(cls, type) or cls.__module__ != model.__name__:
            continue
        fields = getattr(cls, "__dataclass_fields__", None)
        if fields and len(fields) > 1 and all(f.init for f in fields.values()):
            table[cls] = by_constructor(cls, fields)
        elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
            table[cls] = by_tuple_new(cls)
    return table


_DISPATCH = _dispatch_table()


#: The objects a text's words share (one Lexeme for every 停戦 in it): sent once in
#: the process's life, and referred to by number after that.
_SHARED = frozenset({model.Lexeme, model.WordInfo, model.Entry})
#: Past this many shared objects both sides start afresh (checked as a load starts).
MAX_SHARED = 100_000


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, writer: ChunkWriter) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = _DISPATCH
        self._writer = writer

    def persistent_id(self, obj: Any) -> int | None:
        if type(obj) in _SHARED:
            return self._writer.shared_key(obj)
        return None


class ChunkWriter:
    """Pickles sentences, one at a time, into the chunk being filled; a chunk is read
    by one ChunkReader.read, every chunk in the order it was taken."""

    def __init__(self) -> None:
        self._keys: dict[int, int] = {}  # id(obj) -> its number
        self._objects: list[Any] = []  # kept alive: their ids must not be reused
        self._first_new = 0  # objects numbered from here on were new in this chunk
        self._fresh = True  # the reader is to forget what it has (the first chunk)
        self._start_chunk()

    def _start_chunk(self) -> None:
        self._out = io.BytesIO()
        self._pickler = _Pickler(self._out, self)
        self._first_new = len(self._objects)

    def shared_key(self, obj: Any) -> int | None:
        """Its number if the reader has it; None (pickle it here) if it is new."""
        key = self._keys.get(id(obj))
        if key is None:
            self._keys[id(obj)] = len(self._objects)
            self._objects.append(obj)
            return None
        return key if key < self._first_new else None  # new in this chunk: the memo has it

    def discard(self) -> None:
        """Drop the chunk being filled (its load was cut short): what was new in it is
        new again."""
        for obj in self._objects[self._first_new:]:
            del self._keys[id(obj)]
        del self._objects[self._first_new:]
        self._start_chunk()

    def forget(self) -> None:
        """Start afresh (too many shared objects): the next chunk tells the reader to."""
        self._keys.clear()
        self._objects.clear()
        self._fresh = True
        self._start_chunk()

    @property
    def shared(self) -> int:
        return len(self._objects)

    def add(self, sentence: model.AnnotatedSentence) -> int:
        """Pickle ``sentence``; the size of the chunk so far."""
        self._pickler.dump(sentence)
        return self._out.tell()

    def take(self) -> tuple[bytes, bool]:
        """The chunk's bytes (its sentences, then its new shared objects), and whether
        the reader is to forget what it had first."""
        self._pickler.dump(self._objects[self._first_new:])  # memo references, mostly
        data, fresh = self._out.getvalue(), self._fresh
        self._fresh = False
        self._start_chunk()
        return data, fresh


class ChunkReader:
    """Unpickles the chunks of a ChunkWriter, every one, in order (stale ones too:
    the shared objects they bring are referred to later)."""

    def __init__(self) -> None:
        self._shared: list[Any] = []

    def read(self, data: bytes, count: int, fresh: bool) -> list[model.AnnotatedSentence]:
        if fresh:
            self._shared = []
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self._shared.__getitem__  # type: ignore[method-assign]
        load = unpickler.load
        sentences = [load() for _ in range(count)]
        self._shared.extend(load())
        return sentences


# --- the process ---------------------------------------------------------------------


def serve(conn: Any) -> None:
    """Answer the window until it says stop or goes away."""
    from reader.qt.page.annotators import Annotators, open_user_dictionaries

    annotators = Annotators(open_user_dictionaries)
    _warm_up(annotators)
    _yield_to_the_window()
    writer = ChunkWriter()  # one for the process's life: words are sent once
    request = None
    while True:
        if request is None:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
        kind, args = request[0], request[1:]
        request = None
        if kind == "load":
            request = _annotate(conn, annotators, writer, *args)
        elif kind == "stop":
            return
        else:
            _control(annotators, kind)


def _control(annotators: Any, kind: str) -> None:
    if kind == "headwords":
        annotators.headwords_changed()
    elif kind == "reset":
        annotators.reset()


#: How much lower the process's CPU priority is than the window's, once warmed up.
NICENESS = 10


def _yield_to_the_window() -> None:
    """Give way to the window and its page on a busy CPU: on two cores the process,
    the page's renderer and the GUI thread contend, and the GUI thread's 10 ms of work
    a chunk took 100 ms to get done. Idle cores are used all the same."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # no nice (Windows), or not allowed
        pass


def _warm_up(annotators: Any) -> None:
    """Load what the first chunk needs before it is asked for (while Chromium starts)."""
    try:
        annotator = annotators.get()
        from reader.core.text.sentences import split_sentences
        from reader.qt.page.bridge import sentences_payload

        done = [annotator.annotate_sentence(s) for s in split_sentences("日本語の文章を読みました。")]
        sentences_payload(0, 0, done, {})
    except Exception:  # noqa: BLE001 - the load that needs it reports the error
        pass


def _annotate(
    conn: Any, annotators: Any, writer: ChunkWriter, generation: int, text: str, statuses: dict, limits: Limits
) -> Any:
    """Annotate ``text``, sending chunks; returns the request that cut it short, if any."""
    from reader.core.errors import ReaderError

    try:
        return _stream(conn, annotators, writer, generation, text, statuses, limits)
    except (EOFError, OSError):
        raise
    except ReaderError as exc:
        conn.send(("failed", generation, "reader", exc.message, exc.advice))
    except Exception as exc:  # noqa: BLE001 - the window shows it
        conn.send(("failed", generation, type(exc).__name__, str(exc), ""))
    return None


def _stream(
    conn: Any, annotators: Any, writer: ChunkWriter, generation: int, text: str, statuses: dict, limits: Limits
) -> Any:
    from reader.core.text.sentences import split_sentences
    from reader.qt.page.bridge import sentences_payload

    first_chunk, max_chunk, seconds, max_bytes = limits
    annotator = annotators.get()
    if annotators.problem is not None:
        conn.send(("problem", annotators.problem.message, annotators.problem.advice))
    annotator.new_text()  # names met in the last article are not names here
    sentences = split_sentences(text)
    total = len(sentences)
    writer.discard()  # what a load cut short had pickled
    if writer.shared > MAX_SHARED:
        writer.forget()
    chunk: list[model.AnnotatedSentence] = []
    sent, limit, started, size = 0, first_chunk, time.perf_counter(), 0

    def send(done: int) -> None:
        payload = sentences_payload(generation, sent, chunk, statuses)
        data, fresh = writer.take()
        conn.send(("chunk", generation, done, total, len(chunk), data, fresh, payload))

    for n, sentence in enumerate(sentences, 1):
        while conn.poll():  # a newer request ends this load; a note does not
            request = conn.recv()
            if request[0] in ("load", "cancel", "stop"):
                return request if request[0] != "cancel" else None
            _control(annotators, request[0])
        done = annotator.annotate_sentence(sentence)
        chunk.append(done)
        size = writer.add(done)
        if len(chunk) >= limit or size >= max_bytes or time.perf_counter() - started > seconds:
            send(n)
            sent += len(chunk)
            chunk, started, limit = [], time.perf_counter(), max_chunk
    if chunk:
        send(total)
    conn.send(("done", generation))
    return None


def main() -> None:
    """``python -c ... FD``: serve the window on the socket it passed as FD."""
    from multiprocessing.connection import Connection

    conn = Connection(int(sys.argv[1]))
    try:
        serve(conn)
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        os._exit(0)  # nothing to flush: skip the interpreter's slow teardown
