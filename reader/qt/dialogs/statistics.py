"""Words → Statistics: today's reading against the daily goal, the streak, characters a
minute, and bar charts (QtCharts, as Coverage uses) per day and per week.

The figures come from :func:`reader.core.library.stats.summarize`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.library.stats import DAYS, WEEKS, Summary, Total, duration

EMPTY = (
    "Nothing read yet. Open an article and read: the time you spend reading (while you "
    "scroll, type or move the mouse in the window, up to two minutes after the last time) "
    "and the characters you scroll past are counted, and shown here per day and week."
)


def _bar_chart(title: str, totals: list[Total], label: Callable[[Total], str], goal: int = 0) -> tuple[QChart, QBarSet]:
    """Characters per day or week; days that met the goal in a second colour (two stacked
    sets, one of them 0 on each day)."""
    read, met = QBarSet("characters"), QBarSet(f"goal of {goal:,} met")
    for t in totals:
        reached = goal > 0 and t.chars >= goal
        read.append(0 if reached else t.chars)
        met.append(t.chars if reached else 0)
    series = QStackedBarSeries()
    series.append(read)
    if goal > 0:
        series.append(met)
    series.setBarWidth(0.9)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle(title)
    if goal <= 0:
        chart.legend().hide()
    x, y = QBarCategoryAxis(), QValueAxis()
    x.append([label(t) for t in totals])
    x.setLabelsAngle(-60)
    top = max([t.chars for t in totals] + [goal, 10])
    y.setRange(0, top * 1.1)
    y.setLabelFormat("%d")
    y.applyNiceNumbers()
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    return chart, read


class StatisticsDialog(QDialog):
    def __init__(self, summary: Summary, parent: QWidget | None = None,
                 on_goal: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reading statistics")
        self.setObjectName("statisticsDialog")
        self.resize(820, 560)
        self.on_goal = on_goal
        self.today = QLabel(self)
        self.today.setObjectName("statsToday")
        self.today.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.streak = QLabel(self)
        self.streak.setObjectName("statsStreak")
        self.speed = QLabel(self)
        self.speed.setWordWrap(True)
        self.goal = QSpinBox(self)
        self.goal.setRange(100, 1_000_000)
        self.goal.setSingleStep(500)
        self.goal.setGroupSeparatorShown(True)
        self.goal.setSuffix(" characters")
        self.goal.setValue(summary.goal)
        apply_goal = QPushButton("Set", self)
        apply_goal.clicked.connect(self._set_goal)
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.goal)
        goal_row.addWidget(apply_goal)
        goal_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Today", self.today)
        form.addRow("", self.progress)
        form.addRow("Streak", self.streak)
        form.addRow("Speed", self.speed)
        form.addRow("Daily goal", goal_row)
        self.tabs = QTabWidget(self)
        self.message = QLabel(EMPTY, self)
        self.message.setObjectName("statsEmpty")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.tabs, 1)
        self.day_bars: QBarSet | None = None
        self.week_bars: QBarSet | None = None
        self.show_summary(summary)

    def show_summary(self, s: Summary) -> None:
        self.summary = s
        t = s.today
        self.today.setText(
            f"{t.chars:,} of {s.goal:,} characters ({s.goal_share:.0%}), {duration(t.seconds)} of reading"
            + (" — goal met!" if t.chars >= s.goal else "")
        )
        self.progress.setValue(round(s.goal_share * 100))
        self.streak.setText(
            f"{s.streak} day{'s' if s.streak != 1 else ''} in a row meeting the goal"
            if s.streak else "no streak yet: meet the goal today to start one"
        )
        month = Total(s.days[0].day, sum(d.seconds for d in s.days), sum(d.chars for d in s.days))
        self.speed.setText(
            f"today {t.cpm:,.0f} characters a minute; last {DAYS} days {month.chars:,} characters in "
            f"{duration(month.seconds)} ({month.cpm:,.0f} a minute); all told {s.total.chars:,} "
            f"characters in {duration(s.total.seconds)}"
        )
        self.message.setVisible(s.empty)
        self.tabs.setVisible(not s.empty)
        self.tabs.clear()
        if s.empty:
            return
        day_chart, self.day_bars = _bar_chart(
            f"Characters read per day, the last {DAYS} days", s.days, lambda d: d.day.strftime("%m-%d"), s.goal)
        week_chart, self.week_bars = _bar_chart(
            f"Characters read per week, the last {WEEKS} weeks", s.weeks, lambda w: w.day.strftime("%m-%d"))
        for chart, title in ((day_chart, "Per day"), (week_chart, "Per week")):
            view = QChartView(chart, self.tabs)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.tabs.addTab(view, title)

    def _set_goal(self) -> None:
        if self.on_goal is not None:
            self.on_goal(self.goal.value())
