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
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from ui.formatting import date_time

NEGATIVE = QColor("#c62828")


def model_table(model: QAbstractTableModel, name: str, description: str,
                stretch: int) -> QTableView:
    """A read-only table over `model`, rows picked from the scan box (↑ ↓), one column
    stretched; `name` and `description` (what one row is) for screen readers."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setAccessibleDescription(description)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    font = QFont(table.font())
    font.setPointSize(font.pointSize() + 2)
    table.setFont(font)
    return table


class HistoryModel(RowsModel[MovementRow]):
    """One SKU's movements, newest first: when, change, balance after, reason, reference, who."""

    def __init__(self, headers: list[str], reason_words: dict[str, str], nobody: str) -> None:
        super().__init__(headers)
        self._words = reason_words
        self._nobody = nobody

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


class MovementHistory(QWidget):
    # Staff chose another reason to show: the desk loads the item's history again.
    reason_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sku: str | None = None  # the item whose history is on show
        self.has_more = False  # older movements than those on show (Ctrl+O)
        self.title = QLabel(self.tr("Press Enter for the selected item's history"))
        self.title.setObjectName("historyTitle")
        self.reason = QComboBox()
        self.reason.setAccessibleName(self.tr("Movement reason (Ctrl+R)"))
        self.reason.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reason.addItem(self.tr("All reasons"), "")
        for value, words in self.reason_words().items():
            self.reason.addItem(words, str(value))
        self.reason.currentIndexChanged.connect(lambda _index: self.reason_changed.emit())
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(QLabel(self.tr("Reason (Ctrl+R)")))
        bar.addWidget(self.reason)
        bar.addWidget(QLabel(self.tr("Older (Ctrl+O)")))
        self.model = HistoryModel(
            [self.tr("When"), self.tr("Change"), self.tr("Balance"), self.tr("Reason"),
             self.tr("Reference"), self.tr("Who")], self.reason_words(), self.tr("system"))
        self.table = model_table(self.model, self.tr("Movement history"), self.tr(
            "One row per stock movement: when, change, reason, reference, who"), 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

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
        more = self.tr(" · Ctrl+O for older") if page.has_more else ""
        self.title.setText(self.tr("History of %1 · %2").replace("%1", name)
                           .replace("%2", page.sku) + more)
