"""The reports desk (报表): today at a glance, a day or a range of days, per-staff figures.

Ctrl+1 today, Ctrl+2 day/range, Ctrl+3 staff. On the range tab a date typed into the scan box
("2026-11-20") shows that day, two dates ("2026-11-20 2026-11-25") the range; the date fields
take the mouse too. Ctrl+R refreshes, Ctrl+E saves a CSV, Ctrl+D a PDF, Ctrl+P prints the
report on the receipt printer. Reading changes nothing: no outbox event, only a print job.

Languages: the screen, the CSV and the PDF speak the window's language (a file says what the
screen said); the paper slip speaks the receipt language, like every other slip.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.money import format_fen
from station_app.services.report_sheets import (
    as_table,
    as_text_report,
    csv_table,
    period_label,
    report_title,
    staff_csv_table,
    staff_table,
)
from station_app.services.reports import PeriodReport, ReportRefused, Reports, TodayReport
from ui.appearance import set_flag
from ui.desks.base import Desk, DeskContext
from ui.desks.widgets import DeskKeys, name_table, set_row, table
from ui.formatting import short_date_time
from ui.i18n import current_language
from ui.messages import Banner, Severity
from ui.report_export import Table, export_csv, export_pdf

TODAY, RANGE, STAFF = range(3)
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class Tile(QFrame):
    """One figure readable at arm's length: a big number over its caption."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–")
        self.value.setObjectName("tileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()  # written by the desk's retranslate()
        self.caption.setObjectName("tileCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        set_flag(self.value, "alert", alert)


class ReportsDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.reports = Reports(counter.db, counter.station_id, counter.journal.clock)
        self.today_report: TodayReport | None = None
        self.period_report: PeriodReport | None = None

        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for page in (self._today_tab(), self._range_tab(), self._staff_tab()):
            self.tabs.addTab(page, "")

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: list[QPushButton] = []
        for slot in (self.refresh, self.ask_csv, self.ask_pdf, self.print_report):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan box keeps the keyboard
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons.append(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        for keys, slot in (("Ctrl+1", lambda: self.show_tab(TODAY)),
                           ("Ctrl+2", lambda: self.show_tab(RANGE)),
                           ("Ctrl+3", lambda: self.show_tab(STAFF)),
                           ("Ctrl+R", self.refresh), ("Ctrl+E", self.ask_csv),
                           ("Ctrl+D", self.ask_pdf), ("Ctrl+P", self.print_report)):
            QShortcut(QKeySequence(keys), self, slot)
        self._keys = DeskKeys(self, {Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_R,
                                     Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_P})
        self.retranslate()

    def retranslate(self) -> None:
        for index, text in enumerate((self.tr("Today (Ctrl+1)"), self.tr("Day / range (Ctrl+2)"),
                                      self.tr("Staff (Ctrl+3)"))):
            self.tabs.setTabText(index, text)
        for button, text in zip(self.buttons, (
                self.tr("Refresh (Ctrl+R)"), self.tr("Save CSV (Ctrl+E)"),
                self.tr("Save PDF (Ctrl+D)"), self.tr("Print (Ctrl+P)")), strict=True):
            button.setText(text)
        for name, caption in (
                ("due", self.tr("Due today")), ("waiting", self.tr("Waiting on the shelf")),
                ("handed", self.tr("Handed over today")), ("overdue", self.tr("Overdue")),
                ("arrived", self.tr("Not arrived")), ("sales", self.tr("Sales today")),
                ("refunds", self.tr("Refunds today")), ("stock", self.tr("Stock alerts")),
                ("sync", self.tr("Waiting to send"))):
            self.tiles[name].caption.setText(caption)
        self.chart.setTitle(self.tr("Pickups per hour"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        name_table(self.range_table, [self.tr("Section"), self.tr("Item"), self.tr("Value")],
                   self.tr("Report figures"), self.tr("One row per figure of the report"))
        name_table(self.staff_table,
                   [self.tr("Staff"), self.tr("Handovers"), self.tr("Sales"),
                    self.tr("Sales total"), self.tr("Refunds"), self.tr("Refunds total"),
                    self.tr("Manifests received")],
                   self.tr("Figures per staff"), self.tr("One row per staff member"))
        if self.today_report is not None:  # the figures loaded, in the new words
            self._show_today(self.today_report)
        if self.period_report is not None:
            self._show_period(self.period_report)

    # --- the tabs ---------------------------------------------------------------------------

    def _today_tab(self) -> QWidget:
        page = QWidget()
        self.tiles = {name: Tile(name) for name in (
            "due", "waiting", "handed", "overdue", "arrived", "sales", "refunds", "stock",
            "sync")}
        grid = QGridLayout()
        for index, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, index // 5, index % 5)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.pickup_bars: QBarSet | None = None  # the hours on the chart (from 7:00)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(160)
        self.details = QLabel()
        self.details.setObjectName("todayDetails")
        self.details.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(self.chart_view, 1)
        layout.addWidget(self.details)
        return page

    def _range_tab(self) -> QWidget:
        page = QWidget()
        day = self.reports.business_day()  # the station's day, not the PC's time zone
        today = QDate(day.year, day.month, day.day)
        self.first_date, self.last_date = QDateEdit(today), QDateEdit(today)
        for edit in (self.first_date, self.last_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setProperty("role", "entry")
            edit.dateChanged.connect(self._dates_changed)
        dates = QHBoxLayout()
        self.from_label, self.to_label = QLabel(), QLabel()
        dates.addWidget(self.from_label)
        dates.addWidget(self.first_date)
        dates.addWidget(self.to_label)
        dates.addWidget(self.last_date)
        dates.addStretch(1)
        self.range_title = QLabel()
        self.range_title.setProperty("role", "section")
        self.range_table = table(3)
        self.range_table.setObjectName("rangeTable")
        layout = QVBoxLayout(page)
        layout.addLayout(dates)
        layout.addWidget(self.range_title)
        layout.addWidget(self.range_table, 1)
        return page

    def _staff_tab(self) -> QWidget:
        page = QWidget()
        self.staff_title = QLabel()
        self.staff_title.setProperty("role", "section")
        self.staff_table = table(7)
        self.staff_table.setObjectName("staffTable")
        layout = QVBoxLayout(page)
        layout.addWidget(self.staff_title)
        layout.addWidget(self.staff_table, 1)
        return page

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Reports")

    @property
    def scan_hint(self) -> str:
        return self.tr("Type a day (2026-11-20) or two days for a range, and press Enter")

    def activated(self) -> None:
        self.refresh()

    def scan(self, text: str) -> None:
        found = DATE.findall(text)
        try:
            days = [date.fromisoformat("-".join(f"{int(p):02d}" for p in d.split("-")))
                    for d in found]
        except ValueError:
            days = []
        if not days:
            self.refuse(Banner(Severity.WARN, self.tr("Not a date: %1").replace("%1", text[:40]),
                               self.tr("Type a day as 2026-11-20, or two days for a range.")))
            return
        first, last = days[0], days[-1]
        self.tabs.setCurrentIndex(RANGE if self.tabs.currentIndex() == TODAY
                                  else self.tabs.currentIndex())
        self._set_dates(first, last)
        self.refresh()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.shown.emit()

    # --- loading ----------------------------------------------------------------------------

    def _set_dates(self, first: date, last: date) -> None:
        for edit, day in ((self.first_date, first), (self.last_date, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_changed(self) -> None:
        self.refresh()

    def dates(self) -> tuple[date, date]:
        first, last = self.first_date.date(), self.last_date.date()
        return (date(first.year(), first.month(), first.day()),
                date(last.year(), last.month(), last.day()))

    def refresh(self) -> None:
        first, last = self.dates()
        reports = self.reports

        def work() -> tuple[TodayReport, PeriodReport | ReportRefused]:
            try:
                period: PeriodReport | ReportRefused = reports.range(first, last)
            except ReportRefused as refused:
                period = refused
            return reports.today(), period

        self.operate(work, self._show_loaded)

    def _show_loaded(self, loaded: tuple[TodayReport, PeriodReport | ReportRefused]) -> None:
        today, period = loaded
        self._show_today(today)
        if isinstance(period, ReportRefused):
            self.refuse(Banner(Severity.WARN, self.tr("The range ends before it starts"),
                               self.tr("Set the first day on or before the last day "
                                       "(at most a year).")))
            return
        self._show_period(period)
        self.shown.emit()

    def _show_today(self, report: TodayReport) -> None:
        self.today_report = report
        alerts = len(report.low_stock) + len(report.below_zero)
        for name, text, alert in (
                ("due", str(report.due_today), False), ("waiting", str(report.waiting), False),
                ("handed", str(report.handed_over), False),
                ("overdue", str(report.overdue), report.overdue > 0),
                ("arrived", str(report.not_arrived), False),
                ("sales", format_fen(report.sales.sales_fen), False),
                ("refunds", format_fen(report.sales.refunds_fen), report.sales.refunds > 0),
                ("stock", str(alerts), alerts > 0),
                ("sync", str(report.sync.pending), report.sync.open_attention > 0)):
            self.tiles[name].show_value(text, alert)
        self._show_chart(report.pickups_per_hour)
        lines = [self.tr("%1 sales · %2 refunds · net %3").replace("%1", str(report.sales.sales))
                 .replace("%2", str(report.sales.refunds))
                 .replace("%3", format_fen(report.sales.net_fen))]
        if report.below_zero or report.low_stock:
            names = [f"{a.name} ({a.book})" for a in report.below_zero + report.low_stock]
            lines.append(self.tr("Stock alerts: %1").replace(
                "%1", "、".join(names[:6]) + (" …" if len(names) > 6 else "")))
        sync = report.sync
        last = "-" if sync.last_success_at is None \
            else short_date_time(sync.last_success_at)
        lines.append(self.tr("Sync: %1 waiting to send, last success %2, %3 open attention "
                             "items").replace("%1", str(sync.pending)).replace("%2", last)
                     .replace("%3", str(sync.open_attention)))
        self.details.setText("\n".join(lines))

    def _show_chart(self, hours: tuple[int, ...]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        # The counter's working hours: 7:00–22:00, widened to any hour with a pickup.
        busy = [h for h, n in enumerate(hours) if n]
        first, last = min([7, *busy]), max([21, *busy])
        bars = self.pickup_bars = QBarSet(self.tr("Pickups"))
        bars.append([float(hours[h]) for h in range(first, last + 1)])
        bars.setColor(Qt.GlobalColor.darkCyan)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        self.chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{h}" for h in range(first, last + 1)])
        axis_y = QValueAxis()
        axis_y.setRange(0, max([4, *hours]) + 1)
        axis_y.applyNiceNumbers()  # whole-number grid lines: 0 2 4 6 8 10
        axis_y.setLabelFormat("%d")
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    def _show_period(self, report: PeriodReport) -> None:
        self.period_report = report
        label = period_label(report)
        language = current_language()
        self.range_title.setText(report_title(report, language))
        self.staff_title.setText(self.tr("Staff figures %1").replace("%1", label))
        for view, (_headers, rows) in ((self.range_table, as_table(report, language)),
                                       (self.staff_table, staff_table(report, language))):
            view.setRowCount(len(rows))
            for row, texts in enumerate(rows):
                set_row(view, row, texts)
            view.resizeColumnsToContents()

    # --- export and print -------------------------------------------------------------------

    def current_tables(self, for_csv: bool = False
                       ) -> tuple[str, list[tuple[str, Table]]] | None:
        """(title, titled tables) of the tab on show, in the window's language; None until a
        report is loaded. For CSV the amounts are plain numbers (services/report_sheets)."""
        language = current_language()
        figures = csv_table if for_csv else as_table
        staff_figures = staff_csv_table if for_csv else staff_table
        index = self.tabs.currentIndex()
        if index == TODAY:
            if self.today_report is None:
                return None
            title = report_title(self.today_report, language)
            return title, [(title, figures(self.today_report, language))]
        if self.period_report is None:
            return None
        title = report_title(self.period_report, language)
        staff = (self.tr("Staff figures %1").replace("%1", period_label(self.period_report)),
                 staff_figures(self.period_report, language))
        return title, ([staff] if index == STAFF
                       else [(self.tr("Figures"), figures(self.period_report, language)),
                             staff])

    def _subtitle(self) -> str:
        counter = self.context.counter
        return f"{counter.station_name} {counter.station_id}"

    def export_csv(self, path: Path) -> Path | None:
        """Save the tab on show as CSV (UTF-8 with BOM); None when nothing is loaded yet."""
        tables = self.current_tables(for_csv=True)
        if tables is None:
            return None
        saved = export_csv(path, tables[1])
        self._saved(saved)
        return saved

    def export_pdf(self, path: Path) -> Path | None:
        """Save the tab on show as an A4 PDF; None when nothing is loaded yet."""
        tables = self.current_tables()
        if tables is None:
            return None
        saved = export_pdf(path, tables[0], self._subtitle(), tables[1])
        self._saved(saved)
        return saved

    def _saved(self, path: Path) -> None:
        self.context.show_banner(Banner(Severity.OK, self.tr("Report saved"), str(path)))
        self.shown.emit()

    def _ask_path(self, suffix: str, pattern: str) -> Path | None:
        tables = self.current_tables()
        if tables is None:
            return None
        name = re.sub(r"[^\w.-]+", "_", tables[0]).strip("_") + suffix
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), str(Path.home() / name), pattern)
        return Path(chosen) if chosen else None

    def ask_csv(self) -> None:
        path = self._ask_path(".csv", "CSV (*.csv)")
        if path is not None:
            self._export(self.export_csv, path)

    def ask_pdf(self) -> None:
        path = self._ask_path(".pdf", "PDF (*.pdf)")
        if path is not None:
            self._export(self.export_pdf, path)

    def _export(self, export: Callable[[Path], Path | None], path: Path) -> None:
        try:
            export(path)
        except OSError as error:
            self.refuse(Banner(Severity.STOP, self.tr("The report could not be saved"),
                               self.tr("%1. Choose another folder (a USB stick may be "
                                       "full or read-only).").replace("%1", str(error))))

    def print_report(self) -> None:
        """Journal the report on show and print it (the Staff tab prints the range report)."""
        report: TodayReport | PeriodReport | None = \
            self.today_report if self.tabs.currentIndex() == TODAY else self.period_report
        if report is None:
            return
        paper = as_text_report(report, self.context.counter.settings.receipt_language)
        journal = self.context.counter.journal
        self.operate(lambda: journal.queue_report(paper),
                         lambda job: self._printing(job.job_id, paper.title))

    def _printing(self, job_id: int, title: str) -> None:
        self.context.print_job(job_id)
        self.context.show_banner(Banner(Severity.OK, self.tr("Printing %1").replace("%1", title),
                                        self.tr("Take the slip from the receipt printer.")))
        self.shown.emit()
