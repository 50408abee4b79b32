"""What the shift desk shows: the shift's heading, what to type now, its figures, and while
closing the denomination grid with the drawer's count.

A view only: the desk (shift_desk.py) hands it the shift as the core sees it (`ShiftView`) and
the count being typed (`DrawerCount`, services/shifts_views.py), which works out each row's
amount and the total the same way `Shifts.close` records it.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.money import format_fen
from station_app.services.shifts_views import DENOMINATIONS, CashKind, DrawerCount, ShiftView
from ui.desks.shift_messages import ShiftMessages
from ui.desks.widgets import read_only_rows
from ui.formatting import time_of_day
from ui.language_change import Retranslated

NOTE, PIECES, AMOUNT = range(3)


class Step(StrEnum):
    IDLE = "idle"
    FLOAT = "float"  # typing the float to open with
    AMOUNT = "amount"  # cash in / out: typing the amount
    REASON = "reason"  # cash in / out / no sale: typing why
    COUNT = "count"  # the denomination grid


class ShiftScreen(Retranslated, QWidget):
    def __init__(self, texts: ShiftMessages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.heading = QLabel()
        self.heading.setObjectName("shiftHeading")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setObjectName("shiftPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setProperty("role", "prompt")
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self.figures = QTableWidget(0, 2)
        self.figures.setObjectName("shiftFigures")
        self.figures.horizontalHeader().setVisible(False)
        self.grid = self._denomination_grid()
        for table in (self.figures, self.grid):
            self._style(table)
        self.counted_label = QLabel()
        self.counted_label.setObjectName("countedTotal")
        self.counted_label.setProperty("role", "figure")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.prompt, self.keys):
            layout.addWidget(widget)
        layout.addWidget(self.figures, 3)
        layout.addWidget(self.grid, 3)
        layout.addWidget(self.counted_label)
        self.retranslate()

    def retranslate(self) -> None:
        """The words set once; what the desk shows is drawn again by the desk."""
        self.keys.setText(self.tr(
            "Open shift (Ctrl+O) · Cash in (Ctrl+I) · Cash out (Ctrl+U) · No sale (Ctrl+N) · "
            "X report (Ctrl+X) · Close shift (Ctrl+Enter)"))
        self.figures.setAccessibleName(self.tr("Shift figures"))
        self.figures.setAccessibleDescription(self.tr("One row per figure of the shift"))
        self.grid.setAccessibleName(self.tr("Cash count"))
        self.grid.setAccessibleDescription(self.tr(
            "One row per note or coin: pieces counted and their amount"))
        self.grid.setHorizontalHeaderLabels([self.tr("Note / coin"), self.tr("Pieces"),
                                             self.tr("Amount")])


    def _denomination_grid(self) -> QTableWidget:
        grid = QTableWidget(len(DENOMINATIONS), 3)
        grid.setObjectName("denominationGrid")
        for row, denomination in enumerate(DENOMINATIONS):
            for column, text in ((NOTE, format_fen(denomination)), (PIECES, "0"),
                                 (AMOUNT, format_fen(0))):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.setItem(row, column, cell)
        return grid

    @staticmethod
    def _style(table: QTableWidget) -> None:
        read_only_rows(table)  # keys stay with the scan box
        table.setProperty("role", "list")
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    # --- painting ---------------------------------------------------------------------------

    def show_state(self, view: ShiftView | None, step: Step, kind: CashKind | None,
                   count: DrawerCount) -> None:
        """The cashier's open shift (None: none), what is being typed, the count so far."""
        if view is None:
            self.heading.setText(self.tr("No shift open · Ctrl+O opens one"))
        else:
            self.heading.setText(self.tr("Shift %1 · %2 · opened %3").replace(
                "%1", view.shift_no).replace("%2", view.staff_name).replace(
                "%3", time_of_day(view.opened_at)))
        self.prompt.setText(self._prompt(step, kind))
        counting = step is Step.COUNT
        self.figures.setVisible(not counting)  # the eight notes and coins need the room
        self.grid.setVisible(counting)
        self.counted_label.setVisible(counting)
        if counting:
            self.show_count(count, view)
        if view is not None:
            self.show_figures(view, reveal=False)
        else:
            self.figures.setRowCount(0)

    def _prompt(self, step: Step, kind: CashKind | None) -> str:
        kind_names = {CashKind.CASH_IN: self.tr("cash in"), CashKind.CASH_OUT: self.tr("cash out"),
                      CashKind.NO_SALE: self.tr("drawer opening without a sale")}
        prompts = {
            Step.IDLE: "",
            Step.FLOAT: self.tr("Type the float counted into the drawer (yuan) and press Enter"),
            Step.AMOUNT: self.tr("Type the amount of the %1 (yuan) and press Enter"),
            Step.REASON: self.tr("Type the reason for the %1 and press Enter"),
            Step.COUNT: self.tr("Type the pieces of the selected note or coin and press Enter "
                                "(↑ ↓ to choose); Ctrl+Enter submits the count"),
        }
        return prompts[step].replace("%1", kind_names[kind] if kind else "")

    def show_count(self, count: DrawerCount, view: ShiftView | None) -> None:
        """Each note's pieces and amount, and the total counted (the expected cash beside it,
        unless the shift closes blind)."""
        for row, denomination in enumerate(DENOMINATIONS):
            self._grid_cell(row, PIECES).setText(str(count.of(denomination)))
            self._grid_cell(row, AMOUNT).setText(format_fen(count.amount_fen(denomination)))
        text = self.tr("Counted %1").replace("%1", format_fen(count.total_fen))
        if view is not None and not view.blind:
            text += " · " + self.tr("expected %1").replace(
                "%1", format_fen(view.expected_cash_fen))
        self.counted_label.setText(text)

    def show_difference(self, count: DrawerCount, difference: str) -> None:
        """The count submitted and its difference, as the service worked it out."""
        self.counted_label.setText(self.tr("Counted %1 · %2").replace(
            "%1", format_fen(count.total_fen)).replace("%2", difference))

    def _grid_cell(self, row: int, column: int) -> QTableWidgetItem:
        cell = self.grid.item(row, column)
        assert cell is not None
        return cell

    def show_figures(self, view: ShiftView, reveal: bool) -> None:
        rows = self.texts.figures(view, reveal)
        self.figures.setRowCount(len(rows))
        for row, (label, value) in enumerate(rows):
            self.figures.setItem(row, 0, QTableWidgetItem(label))
            cell = QTableWidgetItem(value)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures.setItem(row, 1, cell)

    def figure(self, label: str) -> str | None:
        """The value shown next to a figure's label (tests and screen readers)."""
        for row in range(self.figures.rowCount()):
            item = self.figures.item(row, 0)
            if item is not None and item.text() == label:
                value = self.figures.item(row, 1)
                return value.text() if value else None
        return None

    # --- the grid's selected row ------------------------------------------------------------

    def denomination_row(self) -> int:
        return max(0, self.grid.currentRow())

    def select_denomination(self, row: int) -> None:
        self.grid.selectRow(max(0, min(len(DENOMINATIONS) - 1, row)))

    def move_denomination(self, step: int) -> None:
        """↑ ↓ in the grid (from no row yet, ↓ is the first)."""
        self.select_denomination(self.grid.currentRow() + step)
