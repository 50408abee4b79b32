"""The stock count desk (盘点): scan the shelves, type counts, approve the variance sheet.

Every scan adds one to the item's line (the line appears on its first count); a plain number
typed into the scan box and Enter sets the selected line's count. A scan changes one row of
the table only, so a count of hundreds of lines stays as quick per scan as the first one.
Ctrl+Enter shows the variance sheet and asks a manager to approve it; the approved sheet
prints. Esc (or leaving the desk) keeps the count open: the counting is saved at every scan.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scan_text import CodeKind
from station_app.money import format_fen
from station_app.services.authority import NotAllowed
from station_app.services.stock_count import (
    MAX_COUNTED,
    CountApproved,
    CountLine,
    CountRefusal,
    CountRefused,
    CountView,
    StockCounts,
    VarianceSheet,
)
from ui.desks.base import Desk, DeskContext
from ui.desks.widgets import read_only_rows
from ui.messages import Banner, Severity

# Up to 7 digits (an optional minus included) is a typed count; a barcode has 8 or more
# (EAN-8, UPC-A, EAN-13). So "-3" and "2000000" reach the service and are refused there.
TYPED_COUNT = re.compile(r"-?\d{1,7}")

NAME, SKU, BOOK, COUNTED, DIFFERENCE = range(5)
LAST_COUNTED = QColor("#fff3b0")
SHORT = QColor("#c62828")
OVER = QColor("#1565c0")


class CountDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.counts = StockCounts(counter.db, counter.station_id,
                                  language=counter.settings.receipt_language)
        self.count_no: str | None = None
        self._rows: dict[str, int] = {}  # sku → table row
        self._last: str | None = None  # the sku counted last: highlighted
        self._sheet: VarianceSheet | None = None  # the variance sheet shown, if any

        controls = self._controls()
        self.table = self._count_table()
        self.sheet = QPlainTextEdit()
        self.sheet.setObjectName("varianceSheet")
        self.sheet.setReadOnly(True)
        self.sheet.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheet.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.sheet, 2)

        for keys, slot in (("Ctrl+N", self.start), ("Ctrl+Return", self.review),
                           ("Ctrl+Enter", self.review), ("Ctrl+U", self.uncounted.toggle)):
            QShortcut(QKeySequence(keys), self, slot)
        self._show_count(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.sheet.setAccessibleName(self.tr("Variance sheet"))
        self.start_button.setText(self.tr("Start a count (Ctrl+N)"))
        self.approve_button.setText(self.tr("Variance sheet and approval (Ctrl+Enter)"))
        self.uncounted.setText(self.tr("List uncounted items (Ctrl+U)"))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("SKU"), self.tr("Book"),
                                              self.tr("Counted"), self.tr("Difference")])
        self.table.setAccessibleName(self.tr("Counted items"))
        self.table.setAccessibleDescription(self.tr(
            "One row per item: book quantity, counted and the difference"))
        self._update_status()
        if self._sheet is not None and not self.sheet.isHidden():
            self.sheet.setPlainText(self.sheet_text(self._sheet))

    def _controls(self) -> QVBoxLayout:
        """The count's title, and the buttons to start one and to approve it."""
        self.status = QLabel()
        self.status.setObjectName("countStatus")
        self.status.setProperty("role", "section")
        self.start_button = QPushButton()
        self.approve_button = QPushButton()
        self.uncounted = QCheckBox()
        for widget in (self.start_button, self.approve_button, self.uncounted):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan box keeps the keyboard
        self.start_button.clicked.connect(self.start)
        self.approve_button.clicked.connect(self.review)
        # The count's title on its own line: a long count number and the three controls
        # side by side would push the window wider than a 1366-pixel counter screen.
        self.status.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(self.status)
        controls = QHBoxLayout()
        controls.addWidget(self.uncounted)
        controls.addStretch(1)
        controls.addWidget(self.start_button)
        controls.addWidget(self.approve_button)
        column.addLayout(controls)
        return column

    def _count_table(self) -> QTableWidget:
        """One row per item counted: book, counted and the difference."""
        table = QTableWidget(0, 5)
        table.setObjectName("countTable")
        read_only_rows(table)  # keys stay with the scan box
        header = table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (SKU, BOOK, COUNTED, DIFFERENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 130)
        table.setProperty("role", "list")
        return table

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Stock count")

    @property
    def scan_hint(self) -> str:
        return self.tr("Scan an item (+1), or type a count for the selected line and press Enter")

    def activated(self) -> None:
        self.operate(self.counts.open_count, self._show_loaded)

    def scan(self, text: str) -> None:
        count_no = self.count_no
        if count_no is None:
            self._banner(Severity.STOP, self.tr("No count is open"),
                         self.tr("Press Ctrl+N to start a stock count, then scan the items."))
            self.context.feedback(False)
            self.shown.emit()
            return
        staff_id = self.context.staff_id
        text = text.strip()
        if TYPED_COUNT.fullmatch(text):
            sku = self.selected_sku
            if sku is None:
                self._banner(Severity.STOP, self.tr("Select a line first"),
                             self.tr("Scan the item (or pick its line with ↑ ↓), then type "
                                     "how many are on the shelf."))
                self.context.feedback(False)
                self.shown.emit()
                return
            quantity = int(text)
            self.operate(lambda: self.counts.set_counted(count_no, sku, quantity, staff_id),
                             self._show_line)
            return
        self.operate(lambda: self.counts.scan(count_no, text, staff_id), self._show_line)

    def move_choice(self, step: int) -> bool:
        if self.table.rowCount() == 0:
            return False
        row = self.table.currentRow()
        row = 0 if row < 0 else max(0, min(self.table.rowCount() - 1, row + step))
        self.table.selectRow(row)
        self.table.scrollToItem(self._cell(row, NAME))
        return True

    def escape(self) -> None:
        self.sheet.hide()
        if self.count_no is not None:
            self._banner(Severity.INFO, self.tr("The count stays open"),
                         self.tr("Everything counted is saved. Come back to this desk to go "
                                 "on counting, or press Ctrl+Enter to approve it."))

    def camera_codes(self) -> frozenset[CodeKind]:
        return frozenset({CodeKind.PRODUCT})

    def accepts_camera(self) -> bool:
        return True  # a product code from the camera is just one more scan

    # --- actions ----------------------------------------------------------------------------

    @property
    def selected_sku(self) -> str | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        item = self.table.item(row, SKU)
        return None if item is None else item.text()

    def start(self) -> None:
        staff_id = self.context.staff_id
        self.operate(lambda: self.counts.start(staff_id), self._started)

    def review(self) -> None:
        """Ctrl+Enter: show the variance sheet, then ask a manager to approve it."""
        count_no = self.count_no
        if count_no is None:
            self.scan("")  # the same "no count is open" banner
            return
        include = self.uncounted.isChecked()
        self.operate(lambda: self.counts.variance(count_no, include),
                         self._show_sheet)

    # --- results ----------------------------------------------------------------------------

    def _started(self, count: CountView) -> None:
        self._show_count(count)
        self._banner(Severity.OK, self.tr("Count %1 started").replace("%1", count.count_no),
                     self.tr("Scan every item on the shelves. A scan counts one; type a number "
                             "and Enter to set the selected line."))
        self.context.feedback(True)
        self.shown.emit()

    def _show_loaded(self, count: CountView | None) -> None:
        self._show_count(count)
        self.shown.emit()

    def _show_count(self, count: CountView | None) -> None:
        """Rebuild the whole table: on start, on coming back to the desk, after approval."""
        self.count_no = None if count is None else count.count_no
        self._rows.clear()
        self._last = None
        self.table.setRowCount(0)
        self.sheet.hide()
        if count is not None:
            self.table.setUpdatesEnabled(False)
            for line in count.lines:
                self._put(line)
            self.table.setUpdatesEnabled(True)
        self.approve_button.setEnabled(count is not None)
        self._update_status()

    def _update_status(self) -> None:
        if self.count_no is None:
            self.status.setText(self.tr("No count open · Ctrl+N starts one"))
        else:
            self.status.setText(self.tr("Count %1 · %n line(s)", "", len(self._rows))
                                .replace("%1", self.count_no))

    def _show_line(self, line: CountLine) -> None:
        row = self._put(line)
        self._mark_last(line.sku)
        self.table.selectRow(row)
        self.table.scrollToItem(self._cell(row, NAME))
        self._update_status()
        self._banner(Severity.OK, self.tr("%1: %2 counted").replace("%1", line.name)
                     .replace("%2", str(line.counted)),
                     self.tr("Book %1, difference %2").replace("%1", str(line.book))
                     .replace("%2", f"{line.difference:+d}"))
        self.context.feedback(True)
        self.shown.emit()

    def _put(self, line: CountLine) -> int:
        """Write one line into its row (appended on the first count). Returns the row."""
        row = self._rows.get(line.sku)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[line.sku] = row
            for column, text in ((NAME, line.name), (SKU, line.sku)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            for column in (BOOK, COUNTED, DIFFERENCE):
                cell = QTableWidgetItem()
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self._cell(row, BOOK).setText(str(line.book))
        self._cell(row, COUNTED).setText(str(line.counted))
        difference = self._cell(row, DIFFERENCE)
        difference.setText(f"{line.difference:+d}" if line.difference else "0")
        difference.setForeground(QBrush(SHORT if line.difference < 0 else
                                        OVER if line.difference > 0 else QColor("#2e7d32")))
        return row

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        cell = self.table.item(row, column)
        assert cell is not None  # _put fills every cell of a row it adds
        return cell

    def _mark_last(self, sku: str) -> None:
        if self._last == sku:
            return
        for previous, brush in ((self._last, QBrush()), (sku, QBrush(LAST_COUNTED))):
            row = self._rows.get(previous) if previous else None
            if row is not None:
                for column in range(self.table.columnCount()):
                    self._cell(row, column).setBackground(brush)
        self._last = sku

    @property
    def last_counted_row(self) -> int | None:
        return None if self._last is None else self._rows.get(self._last)

    def _show_sheet(self, sheet: VarianceSheet) -> None:
        self._sheet = sheet
        self.sheet.setPlainText(self.sheet_text(sheet))
        self.sheet.show()
        # Let the sheet paint before the (modal) approval dialog opens over it.
        QTimer.singleShot(0, lambda: self._ask_approval(sheet))

    def sheet_text(self, sheet: VarianceSheet) -> str:
        lines = [self.tr("Variance sheet %1").replace("%1", sheet.count_no),
                 self.tr("%1 item(s) counted, %2 with a difference, value %3")
                 .replace("%1", str(len(sheet.lines))).replace("%2", str(len(sheet.differing)))
                 .replace("%3", format_fen(sheet.total_value_fen)), ""]
        lines += [f"{line.name}  {line.book} → {line.counted}  {line.difference:+d}  "
                  f"{format_fen(line.value_fen)}" for line in sheet.differing]
        if sheet.uncounted:
            lines += ["", self.tr("Not counted (not adjusted):")]
            book = self.tr("book %1")
            lines += [f"{line.name}  {book.replace('%1', str(line.book))}"
                      for line in sheet.uncounted]
        return "\n".join(lines)

    def _ask_approval(self, sheet: VarianceSheet) -> None:
        what = self.tr("stock count %1: %2 difference(s), value %3").replace(
            "%1", sheet.count_no).replace("%2", str(len(sheet.differing))).replace(
            "%3", format_fen(sheet.total_value_fen))
        self.context.ask_manager(what, lambda approver: self._approve(sheet, approver))

    def _approve(self, sheet: VarianceSheet, approver: int | None) -> None:
        if approver is None:
            self._banner(Severity.WARN, self.tr("Not approved"),
                         self.tr("The count stays open. Count again where the sheet looks "
                                 "wrong, then press Ctrl+Enter."))
            self.shown.emit()
            return
        include = self.uncounted.isChecked()
        count_no = sheet.count_no
        self.operate(lambda: self.counts.approve(count_no, approver, include),
                         self._approved)

    def _approved(self, done: CountApproved) -> None:
        self.context.print_job(done.job_id)
        self._show_count(None)
        self._sheet = done.sheet
        self.sheet.setPlainText(self.sheet_text(done.sheet))
        self.sheet.show()
        self._banner(Severity.OK, self.tr("Count %1 approved").replace("%1", done.count_no),
                     self.tr("%n adjustment(s) posted to the stock book; the variance sheet "
                             "is printing.", "", done.movements))
        self.context.feedback(True)
        self.shown.emit()

    def refusal(self, error: BaseException) -> Banner | None:
        if isinstance(error, CountRefused):
            return self.refusal_banner(error)
        if isinstance(error, NotAllowed):
            return self.context.messages.manager_only(
                self.tr("Only a station manager can approve a count"))
        return None

    def refusal_banner(self, refused: CountRefused) -> Banner:
        match refused.reason:
            case CountRefusal.ALREADY_OPEN:
                return Banner(Severity.STOP, self.tr("A count is already open"),
                              self.tr("Finish count %1 first: go on scanning, or approve it "
                                      "with Ctrl+Enter.").replace("%1", refused.detail))
            case CountRefusal.UNKNOWN_CODE:
                return Banner(Severity.STOP, self.tr("No item with this code"),
                              self.tr("%1 is not in the catalogue. Count the item by hand and "
                                      "tell head office; nothing was counted.")
                              .replace("%1", refused.detail))
            case CountRefusal.BAD_QUANTITY:
                return Banner(Severity.STOP, self.tr("Count not possible: %1")
                              .replace("%1", refused.detail),
                              self.tr("A count is a whole number from 0 to %1. Type it again.")
                              .replace("%1", str(MAX_COUNTED)))
            case CountRefusal.EMPTY:
                return Banner(Severity.STOP, self.tr("Nothing counted yet"),
                              self.tr("Scan the items on the shelves before asking for "
                                      "approval."))
            case CountRefusal.NOT_OPEN | CountRefusal.UNKNOWN_COUNT:
                self.activated()  # the screen was behind: show what the book holds now
                return Banner(Severity.STOP, self.tr("This count is closed"),
                              self.tr("It was approved or cancelled already. Press Ctrl+N to "
                                      "start a new count."))
            case CountRefusal.UNKNOWN_SKU:
                return Banner(Severity.STOP, self.tr("Unknown item"),
                              self.tr("%1 is not in the catalogue.").replace("%1",
                                                                              refused.detail))

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
