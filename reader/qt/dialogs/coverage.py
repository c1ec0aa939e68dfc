"""Coverage and progress: how much of an article you know, and your vocabulary over time.

The figures come from :func:`reader.core.vocabulary.coverage.coverage`; the charts are QtCharts.
Coverage per article annotates the library in a worker.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.dictionaries.levels import level_label, news_band, word_level
from reader.core.text.kana import shown_reading
from reader.core.vocabulary.coverage import Coverage


def growth_series(saved_dates: list[str]) -> list[tuple[datetime, int]]:
    """Cumulative count of saved words per day, from ISO timestamps."""
    per_day = Counter(d[:10] for d in saved_dates if d)
    total, points = 0, []
    for day in sorted(per_day):
        total += per_day[day]
        points.append((datetime.fromisoformat(day), total))
    return points


def _chart_view(chart: QChart, parent: QWidget) -> QChartView:
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return view


class CoverageDialog(QDialog):
    saveRequested = Signal(list)  # noqa: N815 - the selected unknown words' (base, reading)
    knownRequested = Signal(list)  # noqa: N815 - the same, to mark known

    def __init__(self, title: str, coverage: Coverage, saved_dates: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Coverage and progress")
        self.setObjectName("coverageDialog")
        self.resize(760, 520)
        tabs = QTabWidget(self)
        tabs.addTab(self._article_tab(title, coverage), "This article")
        tabs.addTab(self._growth_tab(saved_dates), "Vocabulary growth")
        self.per_article = QWidget(self)
        self.per_article_layout = QVBoxLayout(self.per_article)
        self.per_article_layout.addWidget(QLabel("Annotating the library…", self.per_article))
        tabs.addTab(self.per_article, "Coverage per article")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)

    def _article_tab(self, title: str, c: Coverage) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.summary = QLabel(
            f"<b>{title}</b><br>You know {c.running_share:.0%} of the running words "
            f"({c.running_known}/{c.running_words}) and {c.distinct_share:.0%} of the distinct words "
            f"({c.distinct_known}/{c.distinct_words}). "
            + (f"{len(c.one_unknown)} sentence has" if len(c.one_unknown) == 1 else f"{len(c.one_unknown)} sentences have")
            + " exactly one unknown word (i+1); they are underlined in the text.",
            tab,
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.unknown = QTableWidget(0, 5, tab)
        self.unknown.setObjectName("unknownWords")
        self.unknown.setHorizontalHeaderLabels(["Unknown word", "Reading", "In this article", "JLPT", "Newspaper band"])
        for row, word in enumerate(c.unknown_by_frequency[:200]):
            self.unknown.insertRow(row)
            level = level_label(word_level(word.base, word.reading)) or "—"
            values = (word.base, shown_reading(word.base, word.reading), str(word.count), level, news_band(word.nf) or "—")
            for col, value in enumerate(values):
                self.unknown.setItem(row, col, QTableWidgetItem(value))
            self.unknown.item(row, 0).setData(Qt.ItemDataRole.UserRole, (word.base, word.reading))
        self.unknown.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.unknown)
        self._mining_buttons(layout)
        return tab

    # --- many unknown words at once: save them, or mark them known ---------------------
    def _mining_buttons(self, layout: QVBoxLayout) -> None:
        table = self.unknown
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        self.mining_note = QLabel("Select words (Shift or Ctrl to add more) to save them or mark them known.", self)
        self.mining_note.setObjectName("miningNote")
        self.save_selected = QPushButton("&Save Selected", self)
        self.save_selected.setObjectName("saveSelected")
        self.known_selected = QPushButton("Mark Selected &Known", self)
        self.known_selected.setObjectName("knownSelected")
        for button in (self.save_selected, self.known_selected):
            button.setEnabled(False)
        row.addWidget(self.mining_note, 1)
        row.addWidget(self.save_selected)
        row.addWidget(self.known_selected)
        layout.addLayout(row)
        table.itemSelectionChanged.connect(self._selection_changed)
        self.save_selected.clicked.connect(lambda: self._chosen(self.saveRequested))
        self.known_selected.clicked.connect(lambda: self._chosen(self.knownRequested))

    def selected_keys(self) -> list[tuple[str, str]]:
        """(base, reading) of the selected unknown words, in the table's order."""
        rows = sorted({index.row() for index in self.unknown.selectionModel().selectedRows()})
        return [tuple(self.unknown.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]

    def _selection_changed(self) -> None:
        chosen = bool(self.unknown.selectionModel().selectedRows())
        self.save_selected.setEnabled(chosen)
        self.known_selected.setEnabled(chosen)

    def _chosen(self, signal) -> None:
        keys = self.selected_keys()
        if keys:
            signal.emit(keys)

    def words_done(self, keys: list[tuple[str, str]], what: str) -> None:
        """Saved (what="saved") or marked known ("known"): known ones leave the list."""
        if what == "known":
            wanted = set(keys)
            for r in reversed(range(self.unknown.rowCount())):
                if tuple(self.unknown.item(r, 0).data(Qt.ItemDataRole.UserRole)) in wanted:
                    self.unknown.removeRow(r)
            self.mining_note.setText(f"{len(keys)} word(s) marked known — Edit → Undo takes it back.")
        else:
            self.mining_note.setText(f"{len(keys)} word(s) saved to your vocabulary.")

    def _growth_tab(self, saved_dates: list[str]) -> QWidget:
        series = QLineSeries()
        points = growth_series(saved_dates)
        if points:  # from nothing the day before the first word: a line even for one day
            points.insert(0, (points[0][0] - timedelta(days=1), 0))
        for day, total in points:
            series.append(QDateTime(day).toMSecsSinceEpoch(), total)
        self.growth_series = series
        if not points:
            self.growth_message = QLabel(
                "No saved words yet. Save words while reading (hover a word and press S, or "
                "click it and choose Save) and their number over time is drawn here.", self)
            self.growth_message.setWordWrap(True)
            self.growth_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return self.growth_message
        chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setTitle("Saved words over time")
        x, y = QDateTimeAxis(), QValueAxis()
        x.setFormat("yyyy-MM-dd")
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        # Explicit ranges: Qt's own collapse to a point when all words share a day.
        first, last = points[0][0], max(points[-1][0], points[0][0] + timedelta(days=6))
        x.setRange(QDateTime(first), QDateTime(last + timedelta(days=1)))
        x.setTickCount(min(8, (last - first).days + 2))
        top = points[-1][1]
        y.setRange(0, max(5, top + max(1, top // 10)))
        y.applyNiceNumbers()
        return _chart_view(chart, self)

    def show_per_article(self, rows: list[tuple[str, float]]) -> None:
        """(article title, share of running words known) for each article."""
        bars = QBarSet("known")
        titles = []
        for title, share in rows:
            bars.append(round(share * 100, 1))
            titles.append(title[:14] + ("…" if len(title) > 14 else ""))
        series = QBarSeries()
        series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setTitle("Running words known, per article (%)")
        x, y = QBarCategoryAxis(), QValueAxis()
        x.append(titles)
        y.setRange(0, 100)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        while self.per_article_layout.count():
            item = self.per_article_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.per_article_bars = bars
        self.per_article_layout.addWidget(_chart_view(chart, self.per_article))
