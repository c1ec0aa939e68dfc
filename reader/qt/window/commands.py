"""Undoable changes. Each direction writes through the window's one writer thread, in
order, so an undo never overtakes the change it takes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

#: Runs a write on the writer thread, then ``then(result)`` on the GUI thread.
Write = Callable[..., None]


class WriteCommand(QUndoCommand):
    """A change to the user's database. ``do()`` runs on the writer thread and may return
    what ``undo(result)`` needs to take it back (the rows a deletion removed); ``after``
    refreshes the views on the GUI thread once either has run."""

    def __init__(
        self, text: str, write: Write, do: Callable[[], Any], undo: Callable[[Any], Any],
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._write, self._do, self._undo, self._after = write, do, undo, after
        self._result: Any = None

    def _done(self, _result: Any = None) -> None:
        if self._after is not None:
            self._after()

    def _run_do(self) -> None:
        self._result = self._do()

    def redo(self) -> None:
        self._write(self._run_do, then=self._done)

    def undo(self) -> None:
        # Read the result on the writer thread: the redo before it has run by then.
        self._write(lambda: self._undo(self._result), then=self._done)


class DraftCommand(QUndoCommand):
    """An edit of one sentence's draft (and its reviewed mark), shown at once and saved
    as soon as it is made; undo puts both back."""

    def __init__(
        self, text: str, apply: Callable[[str, bool], None], old: tuple[str, bool], new: tuple[str, bool]
    ) -> None:
        super().__init__(text)
        self._apply, self.old, self.new = apply, old, new

    def redo(self) -> None:
        self._apply(*self.new)

    def undo(self) -> None:
        self._apply(*self.old)
