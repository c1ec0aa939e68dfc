"""The list of segments: every sentence's Japanese and English, wrapped, never cut.

A QListView with a delegate that paints each row and knows its height at the view's
width. Measuring wrapped text costs about 0.1 ms a row, so a 2,000-sentence article
is not measured all at once: rows start with an estimate (from their length), the rows
on screen are measured before they are painted, and the rest are measured a few
milliseconds at a time while the event loop is idle; one relayout then puts the exact
heights in, keeping the row at the top of the view where it was. The open segment
(the current row) is a SegmentEditor widget laid over its row.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.qt.panels.segment_model import Row, SentenceModel

PAD = 5
GAP = 3
STATUS_COLOURS = {
    "untranslated": QColor(150, 150, 150),
    "machine": QColor(80, 140, 210),
    "draft": QColor(225, 150, 30),
    "reviewed": QColor(60, 165, 90),
}
_TEXT_HEIGHTS: dict[tuple[str, int, str], int] = {}  # (text, width, font) -> height, for all views


def text_height(text: str, font: QFont, width: int) -> int:
    """The height ``text`` needs wrapped at ``width`` (cached: widths repeat)."""
    key = (text, width, font.key())
    height = _TEXT_HEIGHTS.get(key)
    if height is None:
        if len(_TEXT_HEIGHTS) > 100_000:
            _TEXT_HEIGHTS.clear()
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 1_000_000), wrap_flags(text), text or " ")
        height = _TEXT_HEIGHTS[key] = rect.height()
    return height


def wrap_flags(_text: str) -> int:
    """Word wrap by the Unicode line-breaking rules: between Japanese characters
    (never before 。 or after 「), and at spaces in English."""
    return int(Qt.TextFlag.TextWordWrap)


class SegmentDelegate(QStyledItemDelegate):
    """Paints rows and knows their heights; the open row's height is its editor's.

    ``heights`` holds every row's height at the current width, estimated or measured
    (``measured``), so that the view's layout, which asks for every row, costs a list
    lookup a row."""

    def __init__(self, view: SegmentList) -> None:
        super().__init__(view)
        self.view = view
        self.heights: list[int] = []
        self.measured: list[bool] = []
        self.width = 0  # the width text wraps at, for which ``heights`` hold
        self.row_width = 0
        self.editor_row = -1  # the open segment, under its editor (not painted)
        self.editor_height = 0
        self.refresh_metrics()

    @property
    def model(self) -> SentenceModel:
        return self.view.source

    # --- fonts and widths ------------------------------------------------------------
    def refresh_metrics(self) -> None:
        base = self.view.font()
        machine = QFont(base)
        machine.setItalic(True)
        self._fonts = (base, QFont(base), machine)
        fm = QFontMetrics(base)
        self._gutter = fm.horizontalAdvance("0000") + 6
        self._line, self._wide, self._narrow = fm.lineSpacing(), fm.horizontalAdvance("あ"), fm.averageCharWidth()

    def fonts(self) -> tuple[QFont, QFont, QFont]:
        """The Japanese, the English, and the machine's English (italic)."""
        return self._fonts

    def gutter(self) -> int:
        return self._gutter

    def text_width(self) -> int:
        """The width text wraps at: a multiple of 8, so a few pixels of resizing keep
        the measured heights."""
        width = self.view.viewport().width() - self._gutter - 2 * PAD
        return max(40, width - width % 8)

    def english_of(self, row: Row) -> tuple[str, str]:
        """(text, kind) under the Japanese: kind is draft, machine, glosses or none."""
        if row.draft:
            return row.draft, "draft"
        if (self.model.glosses_only or row.no_mt) and row.glosses:
            return "Glosses: " + row.glosses, "glosses"
        if row.machine:
            return row.machine, "machine"
        return "—", "none"

    # --- heights ---------------------------------------------------------------------
    def sync(self) -> bool:
        """Estimates for the rows not known at the current width (all of them when the
        width changed); True if there were any."""
        rows, width = self.model.rows if self.model is not None else [], self.text_width()
        known = len(self.heights) if width == self.width and len(self.heights) <= len(rows) else 0
        if known == len(rows) and width == self.width:
            return False
        self.width, self.row_width = width, self.view.viewport().width()
        del self.heights[known:], self.measured[known:]
        self.heights.extend(self.estimate(row) for row in rows[known:])
        self.measured.extend([False] * (len(rows) - known))
        self.push(range(known, len(rows)) if known else range(len(rows)))
        return True

    def push(self, rows) -> None:
        """Give the view's model the rows' heights (its SizeHintRole: the view's layout
        reads them without calling Python, so it stays fast while a worker holds the GIL)."""
        model, role, width = self.view.rows, Qt.ItemDataRole.SizeHintRole, self.row_width
        heights, editor_row, editor_height = self.heights, self.editor_row, self.editor_height
        blocked = model.blockSignals(True)  # the view is laid out again when it is time
        try:
            for r in rows:
                h = editor_height if r == editor_row and editor_height else heights[r]
                model.setData(model.index(r, 0), QSize(width, h), role)
        finally:
            model.blockSignals(blocked)

    def set_editor_height(self, height: int) -> None:
        self.editor_height = height
        if 0 <= self.editor_row < len(self.heights):
            self.push([self.editor_row])

    def estimate(self, row: Row) -> int:
        """A row's height from its length alone (glosses, not made yet, guessed)."""
        width = self.width
        ja_lines = -(-len(row.japanese) * self._wide // width) or 1
        if row.draft or (row.machine and not self.model.glosses_only):
            chars = len(row.draft or row.machine)
        else:
            chars = 3 * len(row.japanese) if self.model.glosses_only or row.no_mt else 1
        en_lines = -(-int(chars * self._narrow * 1.15) // width) or 1
        return 2 * PAD + GAP + (ja_lines + en_lines) * self._line

    def measure(self, r: int) -> bool:
        """Measure a row at the current width; True if its height moved."""
        row = self.model.rows[r]
        ja, en, machine = self._fonts
        text, kind = self.english_of(row)
        height = PAD + text_height(row.japanese, ja, self.width) + GAP
        height += text_height(text, en if kind == "draft" else machine, self.width) + PAD
        self.measured[r] = True
        if self.heights[r] != height:
            self.heights[r] = height
            self.push([r])
            return True
        return False

    def forget(self, first: int, last: int) -> None:
        for r in range(max(0, first), min(last + 1, len(self.measured))):
            self.measured[r] = False

    # --- painting ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        r = index.row()
        if not 0 <= r < len(self.heights) or r == self.editor_row:
            return
        if not self.measured[r] and self.measure(r):
            self.view.relayout_soon()  # an estimate was on screen: put the exact height in
        row, rect = self.model.rows[r], option.rect
        palette = option.palette
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight).lighter(170))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.fillRect(QRect(rect.left(), rect.top() + 2, 3, rect.height() - 4), STATUS_COLOURS[row.status])
        ja, en, machine = self._fonts
        width, left = self.width, rect.left() + self._gutter + PAD
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        small = QFont(ja)
        small.setPointSizeF(max(6.0, ja.pointSizeF() * 0.8))
        painter.setFont(small)
        mark = "✓" if row.reviewed else ""
        painter.drawText(QRect(rect.left() + 5, rect.top() + PAD, self._gutter - 5, 40),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), f"{r + 1}\n{mark}")
        top = rect.top() + PAD
        ja_height = text_height(row.japanese, ja, width)
        painter.setFont(ja)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(left, top, width, ja_height), wrap_flags(row.japanese), row.japanese)
        text, kind = self.english_of(row)
        font = en if kind == "draft" else machine
        painter.setFont(font)
        if kind != "draft":
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        top += ja_height + GAP
        painter.drawText(QRect(left, top, width, text_height(text, font, width)), wrap_flags(text), text)
        painter.restore()

    def set_editor_row(self, row: int, height: int = 0) -> None:
        """The open row (-1: none) and its height (its editor's); the old one gets its own back."""
        old, self.editor_row, self.editor_height = self.editor_row, row, height
        self.push([r for r in {old, row} if 0 <= r < len(self.heights)])


class SegmentList(QListView):
    """The segment list, with the table view's few calls the window uses (selectRow;
    setCurrentIndex takes the segment model's index too)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sentenceTable")
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(self.fontMetrics().lineSpacing())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no width see-saw
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.source: SentenceModel | None = None
        self.editor = None  # the open segment's editor (segment_editor.SegmentEditor)
        self.rows = QStandardItemModel(0, 1, self)
        self.setModel(self.rows)
        self.delegate = SegmentDelegate(self)
        self.setItemDelegate(self.delegate)
        self._measure = QTimer(self)
        self._measure.setInterval(0)
        self._measure.timeout.connect(self._measure_some)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.relayout)
        self._pending_scroll = -1
        self._next, self._moved = 0, False
        self.measure_budget_ms = 8.0

    def set_source(self, model: SentenceModel) -> None:
        """Show the rows of ``model``. The view's own model holds one empty item a row
        with its height (C++ through and through: the layout asks it about every row)."""
        self.source = model
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(self._data_changed)
        model.rowsInserted.connect(self._rows_inserted)

    def set_editor(self, editor) -> None:
        """The one widget laid over the open row (made once: making one for each segment
        opened cost more than the rest of opening it)."""
        self.editor = editor
        editor.setParent(self.viewport())
        editor.hide()

    def open_row(self, row: int, height: int) -> None:
        """Lay the editor, ``height`` tall, over ``row`` (-1: close it)."""
        self.delegate.set_editor_row(row, height)
        self.doItemsLayout()
        self.place_editor()

    def place_editor(self) -> None:
        editor = getattr(self, "editor", None)  # Qt lays out before __init__ is through
        if editor is None:
            return
        row = self.delegate.editor_row
        if row < 0 or row >= self.rows.rowCount():
            editor.hide()
            return
        rect = self.visualRect(self.row_index(row))
        editor.setGeometry(0, rect.top(), self.viewport().width(), rect.height())
        editor.show()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt API: after every layout
        super().updateGeometries()
        self.place_editor()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt API
        super().scrollContentsBy(dx, dy)
        self.place_editor()

    def row_index(self, row: int) -> QModelIndex:
        """The view's index of a row."""
        return self.rows.index(row, 0)

    def _reset(self) -> None:
        self.rows.clear()
        self.rows.setColumnCount(1)
        self.rows.setRowCount(len(self.source.rows))
        self.delegate.editor_row, self.delegate.editor_height = -1, 0
        self.place_editor()
        self.delegate.width = 0  # every row estimated again
        self.delegate.sync()
        self.measure_visible(0)

    def _rows_inserted(self, _parent, first: int, last: int) -> None:
        self.rows.insertRows(first, last - first + 1)
        if self.delegate.sync():
            self.measure_later()

    def _data_changed(self, first: QModelIndex, last: QModelIndex, _roles=()) -> None:
        delegate = self.delegate
        delegate.forget(first.row(), last.row())
        rows = range(first.row(), min(last.row() + 1, len(delegate.heights)))
        if len(rows) <= 64:  # a few rows: measure now, relayout only if a height moved
            if any([delegate.measure(r) for r in rows]):
                self.relayout_soon()
        else:
            self.measure_later()
        self.viewport().update()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.source is not None and self.delegate.sync():
            self.measure_visible()
        row, editor = self.delegate.editor_row, self.editor
        if editor is not None and row >= 0:  # its text wraps anew: its height follows
            height = editor.height_for(self.viewport().width())
            if height != self.delegate.editor_height:
                self.open_row(row, height)
        self.place_editor()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.delegate.refresh_metrics()
            self.delegate.width = 0
            if self.source is not None:
                self.delegate.sync()
                self.measure_visible()

    # --- the table's calls ------------------------------------------------------------
    def selectRow(self, row: int) -> None:  # noqa: N802 - as QTableView's
        self.setCurrentIndex(self.row_index(row))

    def setCurrentIndex(self, index: QModelIndex) -> None:  # noqa: N802 - any column means its row
        if index.isValid() and index.model() is not self.rows:  # the segment model's: its row
            index = self.row_index(index.row())
        super().setCurrentIndex(index)

    # --- measuring ---------------------------------------------------------------------
    def measure_visible(self, first: int = -1) -> None:
        """Measure the rows that will show first (from ``first``, or the top row on
        screen), so none is painted from an estimate; the rest are measured later, a
        little at a time."""
        delegate = self.delegate
        if not delegate.heights:
            return
        if first < 0:
            first = max(0, self.indexAt(QPoint(1, 1)).row())
        changed = False
        shown, r = 0, first
        while r < len(delegate.heights) and shown < self.viewport().height() + 200:
            changed |= delegate.measure(r)
            shown += delegate.heights[r]
            r += 1
        if changed:
            self.relayout()
        self.measure_later()

    def measure_later(self) -> None:
        self._next = 0  # from the top again: rows already passed may have been forgotten
        if not self._measure.isActive():
            self._moved = False
            self._measure.start()

    def _measure_some(self) -> None:
        """Measure rows for a few milliseconds; when every row is known, relayout once."""
        delegate = self.delegate
        measured, start = delegate.measured, time.perf_counter()
        budget = self.measure_budget_ms / 1000
        r = self._next
        while r < len(measured):
            if not measured[r]:
                self._moved |= delegate.measure(r)
                if time.perf_counter() - start > budget:
                    self._next = r + 1
                    return
            r += 1
        self._measure.stop()
        if self._moved:
            self.relayout()

    def relayout_soon(self) -> None:
        if not self._relayout.isActive():
            self._relayout.start()

    def relayout(self) -> None:
        """Lay the rows out again with the heights now known, keeping the row at the
        top of the view (and how far it was scrolled into) where it was."""
        anchor = self.indexAt(QPoint(1, 1))
        offset = self.visualRect(anchor).top() if anchor.isValid() else 0
        self.doItemsLayout()
        self.place_editor()
        if anchor.isValid():
            rect = self.visualRect(anchor)
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - offset)
        if self._pending_scroll >= 0:
            self.scroll_to_row(self._pending_scroll)

    def scroll_to_row(self, row: int, hint=QAbstractItemView.ScrollHint.PositionAtCenter) -> None:
        index = self.row_index(row)
        if not index.isValid():
            return
        self._pending_scroll = row if self._measure.isActive() else -1  # again once heights are in
        self.scrollTo(index, hint)
