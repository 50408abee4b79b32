"""The stock desk's movement history (库存流水): one item's stock movements, newest first, under
the list of balances.

A title names the item (and says when Ctrl+O brings older movements), a reason filter
(Ctrl+R) narrows the movements, and the table shows when, the change, the balance after, the
reason, the reference and who. The desk asks the core for a page of movements and hands it
here. Translated with Qt Linguist (context MovementHistory).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.stock import MovementReason
from station_app.services.stock_view import HistoryPage, MovementRow
from ui.desks.rows_model import Index, RowsModel
from ui.desks.widgets import read_only_rows
from ui.formatting import date_time
from ui.language_change import Retranslated

NEGATIVE = QColor("#c62828")


def model_table(model: QAbstractTableModel, stretch: int) -> QTableView:
    """A read-only table over `model`, rows picked from the scan box (↑ ↓), one column
    stretched; its owner's `retranslate()` names it for screen readers."""
    table = QTableView()
    table.setModel(model)
    read_only_rows(table)  # keys stay with the scan box
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setProperty("role", "ledger")
    return table


class HistoryModel(RowsModel[MovementRow]):
    """One SKU's movements, newest first: when, change, balance after, reason, reference, who."""

    def __init__(self) -> None:
        super().__init__([])
        self._words: dict[str, str] = {}
        self._nobody = ""

    def reword_all(self, headers: list[str], reason_words: dict[str, str], nobody: str) -> None:
        """Headers, reasons and "nobody" in the language on show."""
        self._words, self._nobody = reason_words, nobody
        self.reword(headers)

    def append(self, rows: list[MovementRow]) -> None:
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def text(self, row: MovementRow, column: int) -> str:
        return (date_time(row.occurred_at), f"{row.delta:+d}",
                str(row.balance_after), self._words.get(row.reason, row.reason), row.reference,
                row.staff_name or self._nobody)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (1, 2) and (
                row.delta < 0 if index.column() == 1 else row.balance_after < 0):
            return QBrush(NEGATIVE)
        return None


class MovementHistory(Retranslated, QWidget):
    # Staff chose another reason to show: the desk loads the item's history again.
    reason_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sku: str | None = None  # the item whose history is on show
        self.has_more = False  # older movements than those on show (Ctrl+O)
        self._page: tuple[HistoryPage, str] | None = None  # the title's page and item name
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        self.reason = QComboBox()
        self.reason.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reason.addItem("", "")
        for value in self.reason_words():
            self.reason.addItem("", str(value))
        self.reason.currentIndexChanged.connect(lambda _index: self.reason_changed.emit())
        self.reason_label, self.older_label = QLabel(), QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.reason_label)
        bar.addWidget(self.reason)
        bar.addWidget(self.older_label)
        self.model = HistoryModel()
        self.table = model_table(self.model, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.reason.setAccessibleName(self.tr("Movement reason (Ctrl+R)"))
        words = self.reason_words()
        for index, text in enumerate([self.tr("All reasons"), *words.values()]):
            self.reason.setItemText(index, text)
        self.reason_label.setText(self.tr("Reason (Ctrl+R)"))
        self.older_label.setText(self.tr("Older (Ctrl+O)"))
        self.table.setAccessibleName(self.tr("Movement history"))
        self.table.setAccessibleDescription(self.tr(
            "One row per stock movement: when, change, reason, reference, who"))
        self.model.reword_all(
            [self.tr("When"), self.tr("Change"), self.tr("Balance"), self.tr("Reason"),
             self.tr("Reference"), self.tr("Who")], words, self.tr("system"))
        self._show_title()

    def reason_words(self) -> dict[str, str]:
        return {
            MovementReason.RECEIVED: self.tr("Received"),
            MovementReason.HANDOVER: self.tr("Handed over"),
            MovementReason.DAMAGED: self.tr("Damaged"),
            MovementReason.SALE: self.tr("Walk-in sale"),
            MovementReason.SALE_REFUND: self.tr("Sale refunded"),
            MovementReason.CUSTOMER_RETURN: self.tr("Returned by resident"),
            MovementReason.RETURN_SHIPMENT: self.tr("Sent back to head office"),
            MovementReason.COUNT_ADJUSTMENT: self.tr("Stock count adjustment"),
            MovementReason.OPENING: self.tr("Opening stock"),
        }

    @property
    def shown_reason(self) -> MovementReason | None:
        value = self.reason.currentData()
        return MovementReason(value) if value else None

    def next_reason(self) -> None:
        """Ctrl+R: the next reason to show (after the last: all of them)."""
        self.reason.setCurrentIndex((self.reason.currentIndex() + 1) % self.reason.count())

    def show_page(self, page: HistoryPage, name: str) -> None:
        """A page of movements: older ones of the item on show go under it, any other page
        replaces what was shown. `name` is the item's name for the title."""
        if page.offset and page.sku == self.sku:
            self.model.append(list(page.rows))
        else:
            self.sku = page.sku
            self.model.show(list(page.rows))
            self.table.scrollToTop()
        self.has_more = page.has_more
        self._page = page, name
        self._show_title()

    def _show_title(self) -> None:
        if self._page is None:
            self.title.setText(self.tr("Press Enter for the selected item's history"))
            return
        page, name = self._page
        more = self.tr(" · Ctrl+O for older") if page.has_more else ""
        self.title.setText(self.tr("History of %1 · %2").replace("%1", name)
                           .replace("%2", page.sku) + more)
