"""The search box (Edit → Look Up a Word, Ctrl+L): type kana, kanji or romaji, or paste
text, and see what the popup shows for the longest word at its start, the other
matches below, and save the one shown.

The look-up (reader.core.dictionaries.search) runs on a worker, a moment after the
typing stops; an answer to older typing is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.kana import shown_reading
from reader.qt.panels.word import context_html, entry_html
from reader.qt.workers import run_in_pool

if TYPE_CHECKING:
    from reader.core.dictionaries.search import Match, SearchResult
    from reader.qt.window.main_window import MainWindow

#: Typing settles for this long before a look-up starts.
TYPING_MS = 150
#: One look-up at a time; one that was overtaken by more typing before it started is skipped.
_ONE_AT_A_TIME = threading.Lock()


def match_line(match: Match) -> str:
    """One line of the matches list: 停戦【ていせん】 armistice; ceasefire."""
    word = match.word
    reading = shown_reading(word.base, word.base_reading)
    head = word.base + (f"【{reading}】" if reading and reading != word.base else "")
    return f"{head}  {'; '.join(word.glosses[:3])}"


class SearchDialog(QDialog):
    """Look up a word without an article. ``annotator`` and ``user_dicts`` are called on a
    worker; ``save(word, sentence)`` saves to the vocabulary; ``status_of(word)`` is its
    status ("new", "learning", …)."""

    searched = Signal(object)  # noqa: N815 - the SearchResult shown (tests wait for it)

    def __init__(
        self,
        annotator: Callable[[], Any],
        user_dicts: Callable[[], Any],
        save: Callable[[Any, Any], None],
        status_of: Callable[[Any], str] = lambda word: "new",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Look up a word")
        self.setObjectName("searchDialog")
        self.resize(560, 620)
        self._annotator, self._user_dicts, self._save, self._status_of = annotator, user_dicts, save, status_of
        self.result: SearchResult | None = None
        self._asked = 0  # the look-up whose answer is wanted; older ones are dropped
        self.input = QLineEdit(self)
        self.input.setObjectName("searchInput")
        self.input.setPlaceholderText("kana, kanji or romaji (teisen, toukyou), or paste Japanese text")
        self.input.setClearButtonEnabled(True)
        self.message = QLabel(self)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.entry = QTextBrowser(self)
        self.entry.setObjectName("searchEntry")
        self.entry.setOpenLinks(False)
        self.matches = QListWidget(self)
        self.matches.setObjectName("searchMatches")
        self.matches.setToolTip("Other words the text may be: choose one to see it above")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.entry)
        split.addWidget(self.matches)
        split.setSizes([420, 160])
        self.save_button = QPushButton("&Save to Vocabulary", self)
        self.save_button.setObjectName("searchSave")
        self.save_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.input)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_MS)
        self._timer.timeout.connect(self.look_up)
        self.input.textChanged.connect(lambda _t: self._timer.start())
        self.input.returnPressed.connect(self.look_up)
        self.matches.currentRowChanged.connect(self._show_match)
        self.save_button.clicked.connect(self.save_current)
        self._show_nothing("Type a word in kana, kanji or romaji, or paste Japanese text.")

    # --- looking up ----------------------------------------------------------------------
    def search_for(self, text: str) -> None:
        """Look up ``text`` now, as if typed."""
        self.input.setText(text)
        self.look_up()

    def look_up(self) -> None:
        from reader.core.dictionaries.search import search

        self._timer.stop()
        self._asked += 1
        asked, text = self._asked, self.input.text()
        annotator, user_dicts = self._annotator, self._user_dicts()  # opened on this thread
        self.message.setText("Looking up…")

        def work(task) -> SearchResult | None:
            with _ONE_AT_A_TIME:  # the annotator is shared: typing fast queues, not races
                return search(text, annotator(), user_dicts) if asked == self._asked else None

        def done(result: SearchResult | None) -> None:
            if result is not None and asked == self._asked:
                self.show_result(result)

        def failed(exc: BaseException) -> None:
            if asked == self._asked:
                from reader.qt.errors import describe

                message, advice = describe(exc)
                self._show_nothing(f"{message} ({advice})" if advice else message)

        run_in_pool(work, done, failed)

    def show_result(self, result: SearchResult) -> None:
        self.result = result
        self.matches.blockSignals(True)
        self.matches.clear()
        for match in result.matches:
            self.matches.addItem(QListWidgetItem(match_line(match)))
        self.matches.blockSignals(False)
        if result.best is None:
            self._show_nothing(result.message)
        else:
            read = f"Read as {' / '.join(result.readings)}. " if result.readings else ""
            more = len(result.matches) - 1
            self.message.setText(read + (f"{more} other match{'es' * (more != 1)} below." if more else ""))
            self.matches.setCurrentRow(0)
        self.searched.emit(result)

    def _show_nothing(self, message: str) -> None:
        self.message.setText(message)
        self.entry.setHtml(f"<p style='color:gray'>{escape(message)}</p>")
        self.save_button.setEnabled(False)
        self.save_button.setText("&Save to Vocabulary")

    def current(self) -> Match | None:
        row = self.matches.currentRow()
        if self.result is None or not 0 <= row < len(self.result.matches):
            return None
        return self.result.matches[row]

    def _show_match(self, _row: int = 0) -> None:
        match = self.current()
        if match is None:
            return
        word, sentence = match.word, match.sentence
        html = entry_html(word, match.found.more)
        if sentence.sentence.text.strip() != word.text:  # pasted text: the word in it
            html += f"<p style='color:gray'>{context_html(word, sentence)}</p>"
        self.entry.setHtml(html)
        saved = self._status_of(word) == "learning"
        self.save_button.setEnabled(word.content)
        self.save_button.setText("Saved ✓" if saved else "&Save to Vocabulary")

    # --- saving ------------------------------------------------------------------------
    def save_current(self) -> None:
        match = self.current()
        if match is None:
            return
        self._save(match.word, match.sentence)
        self.save_button.setText("Saved ✓")


def open_search(window: MainWindow) -> SearchDialog:
    """The window's search box (one, kept), shown with its text selected to type over."""
    from reader.core.vocabulary.status import status_of

    dialog: SearchDialog | None = getattr(window, "search_dialog", None)
    if dialog is None:
        view = window.reader_view
        dialog = SearchDialog(
            window.annotators.get, window.dictionaries.user_dictionaries, window.vocabulary.save_word,
            lambda word: status_of(view.statuses, word.key), window,
        )
        window.search_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.input.setFocus()
    dialog.input.selectAll()
    return dialog
