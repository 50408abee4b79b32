"""What the receiving desk (到货签收) shows, laid out and painted; the desk decides when.

Under a heading and the progress of the count, two pages: the open manifests (配送单) waiting
to be received, and one manifest being counted: its lines, the discrepancies (差异) listed
before confirming, the line's count editor and the desk's buttons (each names its key). The
line "scan to slot" shows while that mode is on. Translated with Qt Linguist (contexts
ReceivingScreen and ManifestTable).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services.receiving import LineCount, ManifestSummary, ManifestView, Progress
from ui.desks.receiving_discrepancies import DiscrepancyList
from ui.desks.receiving_line_editor import LineEditor
from ui.desks.receiving_slots import SlotMode
from ui.desks.widgets import read_only_rows
from ui.language_change import Retranslated

LIST, MANIFEST = range(2)
COLUMNS = 6  # #, item, expected, received, damaged, difference
SHORT_COLOUR, EXTRA_COLOUR, DAMAGED_COLOUR, DONE_COLOUR = "#b3261e", "#8a5a00", "#b3261e", \
    "#1e7b34"


class ManifestTable(Retranslated, QTableWidget):
    """The manifest's lines, one row each. A scan redraws only the rows it changed, so a
    2,000-line manifest answers as fast as a short one (benchmarks/bench_receiving.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.lines: list[LineCount] = []  # as on screen, row by row
        self._row_of: dict[int, int] = {}  # line id → row
        self.setObjectName("manifestLines")
        read_only_rows(self)  # keys stay with the scan box
        self.verticalHeader().setDefaultSectionSize(34)
        header = self.horizontalHeader()
        # Fixed widths: sizing columns to their contents would measure all rows at every scan.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 56), (2, 110), (3, 110), (4, 110), (5, 120)):
            self.setColumnWidth(column, width)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Manifest lines"))
        self.setAccessibleDescription(self.tr(
            "One row per item: expected, received, damaged and the difference"))
        self.setHorizontalHeaderLabels([
            self.tr("#"), self.tr("Item"), self.tr("Expected"), self.tr("Received"),
            self.tr("Damaged"), self.tr("Difference")])

    def show_lines(self, lines: Sequence[LineCount]) -> None:
        """Every line of a manifest just opened; the first one selected."""
        self.lines = list(lines)
        self._row_of = {line.line_id: row for row, line in enumerate(self.lines)}
        self.setUpdatesEnabled(False)
        self.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            self._draw(row, line)
        self.setUpdatesEnabled(True)
        if self.lines:
            self.selectRow(0)

    def count_in(self, lines: Sequence[LineCount]) -> None:
        """Lines a scan or a typed count changed (an extra line is appended); the last one
        is selected and scrolled to."""
        for line in lines:
            row = self._row_of.get(line.line_id)
            if row is None:  # an extra line: append it
                row = len(self.lines)
                self.lines.append(line)
                self._row_of[line.line_id] = row
                self.insertRow(row)
            else:
                self.lines[row] = line
            self._draw(row, line)
        self.select(self._row_of[lines[-1].line_id])

    def select(self, row: int) -> None:
        self.selectRow(row)
        self.scrollTo(self.model().index(row, 0))

    def move_selection(self, step: int) -> None:
        """↑ (-1) or ↓ (+1): the line above or below, within the manifest."""
        if self.rowCount():
            self.select(min(max(self.selected_row + step, 0), self.rowCount() - 1))

    @property
    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    @property
    def selected_line(self) -> LineCount | None:
        return self.lines[self.selected_row] if self.lines else None

    def row_texts(self, row: int) -> list[str]:
        items = (self.item(row, column) for column in range(COLUMNS))
        return [item.text() if item is not None else "" for item in items]

    def _draw(self, row: int, line: LineCount) -> None:
        difference = line.difference
        cells = (str(line.line_no), f"{line.name}  ({line.sku})", f"{line.expected:,}",
                 f"{line.received:,}", f"{line.damaged:,}" if line.damaged else "",
                 f"{difference:+,}" if difference else "✓")
        colour = SHORT_COLOUR if difference < 0 else EXTRA_COLOUR if difference > 0 \
            else DONE_COLOUR
        for column, text in enumerate(cells):
            item = self.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(row, column, item)
            item.setText(text)
            if column == 5 or (column == 1 and line.is_extra):
                item.setForeground(QColor(colour if column == 5 else EXTRA_COLOUR))
            if column == 4 and line.damaged:
                item.setForeground(QColor(DAMAGED_COLOUR))


class ReceivingScreen(Retranslated, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = self._label("receivingHeading")
        self.progress = self._label("receivingProgress")
        self.slot_mode = SlotMode()
        self.slot_button = self._button()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._list_page())
        self.pages.addWidget(self._manifest_page())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.slot_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.slot_mode)
        layout.addWidget(self.pages, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """The words set once; what the desk shows is drawn again by the desk."""
        self.slot_button.setText(self.tr("Scan to slot (Ctrl+L)"))
        self.manifest_list.setAccessibleName(self.tr("Open manifests"))
        self.manifest_list.setAccessibleDescription(
            self.tr("Deliveries to receive; ↑ ↓ and Enter open one"))
        self.empty.setText(self.tr("No manifest waiting. They arrive with the sync, or "
                                   "import one from a file (Ctrl+I)."))
        self.import_button.setText(self.tr("Import manifest file (Ctrl+I)"))
        self.photo_button.setText(self.tr("Take photo (Ctrl+P)"))
        self.reason_button.setText(self.tr("Reason (Ctrl+R)"))
        self.confirm_button.setText(self.tr("Confirm receiving (Ctrl+Enter)"))

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        return label

    @staticmethod
    def _button() -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        return button

    def _list_page(self) -> QWidget:
        self.manifest_list = QListWidget()
        self.manifest_list.setObjectName("manifestList")
        self.manifest_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        self.manifest_list.setProperty("role", "list")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.import_button = self._button()
        page = QWidget()
        listing = QVBoxLayout(page)
        listing.setContentsMargins(0, 0, 0, 0)
        listing.addWidget(self.empty)
        listing.addWidget(self.manifest_list, 1)
        listing.addWidget(self.import_button)
        return page

    def _manifest_page(self) -> QWidget:
        self.table = ManifestTable()
        self.discrepancy_list = DiscrepancyList()  # the first Ctrl+Enter shows it
        self.editor = LineEditor()
        self.photo_button = self._button()
        self.reason_button = self._button()
        self.confirm_button = self._button()
        buttons = QHBoxLayout()
        for button in (self.photo_button, self.reason_button, self.confirm_button):
            buttons.addWidget(button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.discrepancy_list)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        return page

    # --- the list of open manifests ---------------------------------------------------------

    def show_list_page(self) -> None:
        self.pages.setCurrentIndex(LIST)
        self.heading.setText(self.tr("Receiving: open manifests"))
        self.progress.clear()

    def show_manifests(self, manifests: Sequence[ManifestSummary]) -> None:
        self.manifest_list.clear()
        for summary in manifests:
            self.manifest_list.addItem(
                self.tr("%1  ·  %2  ·  %3 lines  ·  %4 / %5 units  ·  %6 orders")
                .replace("%1", summary.manifest_no).replace("%2", summary.delivery_date)
                .replace("%3", str(summary.line_count))
                .replace("%4", f"{summary.received_units:,}")
                .replace("%5", f"{summary.expected_units:,}")
                .replace("%6", str(summary.order_count)))
        if manifests:
            self.manifest_list.setCurrentRow(0)
        self.empty.setVisible(not manifests)

    def move_in_list(self, step: int) -> None:
        if self.manifest_list.count():
            self.manifest_list.setCurrentRow(min(max(self.manifest_list.currentRow() + step, 0),
                                                 self.manifest_list.count() - 1))

    def list_texts(self) -> list[str]:
        return [self.manifest_list.item(row).text() for row in range(self.manifest_list.count())]

    # --- one manifest -------------------------------------------------------------------------

    def show_manifest(self, view: ManifestView) -> None:
        self.table.show_lines(view.lines)
        self.show_heading(view)
        self.show_progress(view.progress)
        self.pages.setCurrentIndex(MANIFEST)

    def show_heading(self, view: ManifestView) -> None:
        bags = sum(1 for _order, scanned in view.orders if scanned)
        self.heading.setText(self.tr("Manifest %1 · %2 · bags %3 / %4")
                             .replace("%1", view.manifest_no).replace("%2", view.delivery_date)
                             .replace("%3", str(bags)).replace("%4", str(len(view.orders))))


    def show_progress(self, progress: Progress) -> None:
        # Units alone hide discrepancies: one line short and one over add up to "104 / 104".
        parts = [self.tr("%1 / %2 units").replace("%1", f"{progress.received_units:,}")
                 .replace("%2", f"{progress.expected_units:,}")]
        if progress.short_lines:
            parts.append(self.tr("%n line(s) short", "", progress.short_lines))
        if progress.extra_lines:
            parts.append(self.tr("%n line(s) extra", "", progress.extra_lines))
        if progress.damaged_units:
            parts.append(self.tr("%1 damaged").replace("%1", f"{progress.damaged_units:,}"))
        self.progress.setText("  ·  ".join(parts))
