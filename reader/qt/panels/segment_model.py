"""The segments of the article on screen, one row per sentence, aligned with the reader.

Columns (kept for the tooltip, the status and tests that read cells): the number, the
Japanese, the machine translation (or, with no model installed, a word-by-word gloss
line that says it is one), the translator's English draft, and the row's status. Rows
are created once per article; translations and drafts then change rows in place, so a
long article stays cheap to update. The English shown for each sentence (the draft if
there is one, else the machine translation) is announced by ``englishChanged``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from reader.core.text.model import AnnotatedSentence

Index = QModelIndex | QPersistentModelIndex
STATUSES = ("untranslated", "machine", "draft", "reviewed")
COL_N, COL_JA, COL_MT, COL_DRAFT, COL_STATUS = range(5)


@dataclass
class Row:
    japanese: str
    sentence: AnnotatedSentence | None = None  # for the gloss line, made when first shown
    machine: str = ""
    draft: str = ""
    reviewed: bool = False
    no_mt: bool = False  # the model answered nothing usable (engine.NO_USABLE_MT): glosses instead

    _glosses: str | None = None

    @property
    def glosses(self) -> str:
        if self._glosses is None:
            self._glosses = gloss_line(self.sentence) if self.sentence is not None else ""
        return self._glosses

    @property
    def english(self) -> str:
        """What the reader shows under the sentence: the draft, else the machine's."""
        return self.draft or self.machine

    @property
    def status(self) -> str:
        if self.reviewed:
            return "reviewed"
        if self.draft:
            return "draft"
        return "machine" if self.machine else "untranslated"


def gloss_line(sentence: AnnotatedSentence, limit: int = 12) -> str:
    """Word glosses for a sentence with no machine translation: 停戦 ceasefire · …"""
    parts = []
    for word in sentence.words:
        if word.content and word.glosses and len(parts) < limit:
            parts.append(f"{word.base} {word.glosses[0]}")
    return " · ".join(parts)


class SentenceModel(QAbstractTableModel):
    HEADERS = ("#", "Japanese", "Machine translation", "Your draft", "Status")
    GLOSS_HEADER = "Glosses (not a translation)"

    draftEdited = Signal(int, str)  # noqa: N815 - row, text
    #: sentence index -> the English now shown for it (only the rows that changed)
    englishChanged = Signal(object)  # noqa: N815 - a dict (int keys: not a QVariantMap)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.glosses_only = False
        self.termbase = None  # the window's Termbase, for term hints and draft warnings

    def clear(self) -> None:
        self.set_sentences([])

    def set_sentences(self, sentences: list[AnnotatedSentence]) -> None:
        self.beginResetModel()
        self.rows = [Row(s.sentence.text, s) for s in sentences]
        self.endResetModel()

    def append(self, sentences: list[AnnotatedSentence]) -> None:
        if not sentences:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(sentences) - 1)
        self.rows.extend(Row(s.sentence.text, s) for s in sentences)
        self.endInsertRows()

    def set_glosses_only(self, on: bool) -> None:
        self.glosses_only = on
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_MT, COL_MT)
        self._changed(0, len(self.rows) - 1, COL_MT, COL_MT)

    def set_machine(self, pairs: list[tuple[int, str]]) -> None:
        touched = [i for i, _ in pairs if 0 <= i < len(self.rows)]
        for i, text in pairs:
            if 0 <= i < len(self.rows):
                self.rows[i].machine = text
                self.rows[i].no_mt = not text and bool(self.rows[i].japanese.strip())
        if touched:
            self._changed(min(touched), max(touched), COL_MT, COL_STATUS)
            shown = {i: self.rows[i].machine for i in touched if not self.rows[i].draft}
            if shown:
                self.englishChanged.emit(shown)

    def set_draft(self, row: int, text: str, reviewed: bool | None = None) -> None:
        if not 0 <= row < len(self.rows):
            return
        before = self.rows[row].english
        self.rows[row].draft = text
        if reviewed is not None:
            self.rows[row].reviewed = reviewed
        self._changed(row, row, COL_DRAFT, COL_STATUS)
        if self.rows[row].english != before:
            self.englishChanged.emit({row: self.rows[row].english})

    def set_drafts(self, drafts: dict[int, tuple[str, bool]]) -> None:
        """Many drafts at once (an article's saved drafts): one change, one signal."""
        touched = [n for n in drafts if 0 <= n < len(self.rows)]
        for n in touched:
            self.rows[n].draft, self.rows[n].reviewed = drafts[n]
        if touched:
            self._changed(min(touched), max(touched), COL_DRAFT, COL_STATUS)
            self.englishChanged.emit({n: self.rows[n].english for n in touched})

    def reviewed_count(self) -> int:
        return sum(1 for r in self.rows if r.reviewed)

    def drafted_count(self) -> int:
        return sum(1 for r in self.rows if r.draft.strip())

    def _changed(self, first: int, last: int, col0: int, col1: int) -> None:
        if self.rows and first <= last:
            self.dataChanged.emit(self.index(first, col0), self.index(last, col1))

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COL_DRAFT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if self.termbase is not None and col in (COL_JA, COL_STATUS):
            special = self._term_data(row, col, role)
            if special is not None:
                return special
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            if col == COL_N:
                return str(index.row() + 1)
            if col == COL_JA:
                return row.japanese
            if col == COL_MT:
                return row.glosses if self.glosses_only or row.no_mt else row.machine
            if col == COL_DRAFT:
                return row.draft
            return row.status
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_MT and (self.glosses_only or row.no_mt):
            return QColor(120, 120, 120)
        return None

    def _term_data(self, row: Row, col: int, role: int):
        """Glossary terms: a tint and their English on the Japanese; a warning on the
        status when the draft does not use a term's preferred English."""
        if col == COL_JA:
            found = self.termbase.found_in(row.japanese)
            if found and role == Qt.ItemDataRole.BackgroundRole:
                return QColor(255, 214, 102, 60)
            if found and role == Qt.ItemDataRole.ToolTipRole:
                return row.japanese + "\n\nGlossary: " + "; ".join(f"{t} → {e}" for t, e in found)
            return None
        missing = self.termbase.missing(row.japanese, row.draft)
        if not missing:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.status} ⚠"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "The draft does not use the glossary's " + ", ".join(f"“{e}” ({t})" for t, e in missing)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(200, 120, 0)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != COL_DRAFT or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if text == self.rows[index.row()].draft:
            return False
        self.draftEdited.emit(index.row(), text)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if section == COL_MT and self.glosses_only:
                return self.GLOSS_HEADER
            return self.HEADERS[section]
        return None
