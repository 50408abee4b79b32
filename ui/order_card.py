"""The order card: big lines a station keeper reads at arm's length, and per-line outcomes.

The card only shows an `OrderView` and holds the outcomes staff pick before confirming; what an
outcome means for stock is decided by the core when the handover is confirmed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.money import format_fen
from station_app.services.handover_views import OrderView
from ui.messages import Messages

OUTCOME_CYCLE = (LineOutcome.TAKEN, LineOutcome.MISSING, LineOutcome.DAMAGED,
                 LineOutcome.REFUSED)
OUTCOME_COLOURS = {
    LineOutcome.TAKEN: "#1e7b34",
    LineOutcome.MISSING: "#b3261e",
    LineOutcome.DAMAGED: "#b3261e",
    LineOutcome.REFUSED: "#8a5a00",
}


class OrderCard(QFrame):
    outcomes_changed = Signal()

    def __init__(self, messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderCard")
        self._messages = messages
        self.order: OrderView | None = None
        self._outcomes: dict[int, LineOutcome] = {}

        self._badge = QLabel()
        self._badge.setObjectName("verdictBadge")
        self._code = QLabel()
        self._code.setObjectName("pickupCode")
        self._order_no = QLabel()
        self._order_no.setObjectName("orderNo")
        self._customer = QLabel()
        self._customer.setObjectName("customer")
        self._slot_caption = QLabel(self.tr("Slot"))
        self._slot_caption.setObjectName("slotCaption")
        self._slot = QLabel()
        self._slot.setObjectName("slot")
        self._slot.setAccessibleName(self.tr("Shelf slot"))
        slot_box = QFrame()
        slot_box.setObjectName("slotBox")
        slot_layout = QVBoxLayout(slot_box)
        slot_layout.addWidget(self._slot_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        slot_layout.addWidget(self._slot, 0, Qt.AlignmentFlag.AlignHCenter)

        self._table = QTableWidget(0, 4)
        self._table.setObjectName("lines")
        self._table.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("Item"), self.tr("Qty"), self.tr("Outcome")])
        self._table.verticalHeader().hide()
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        self._table.setShowGrid(False)
        self._table.setAccessibleName(self.tr("Order lines"))
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self._table.verticalHeader().setDefaultSectionSize(46)

        self._shortage = QLabel()
        self._shortage.setObjectName("shortage")
        self._shortage.setWordWrap(True)
        # Red and bold whatever the stylesheet says: staff must not hand over without seeing it.
        self._shortage.setStyleSheet("color: #b3261e; font-weight: bold; font-size: 20px;")
        self._shortage.setAccessibleName(self.tr("Short at receiving"))
        self._shortage.hide()
        self._totals = QLabel()
        self._totals.setObjectName("totals")
        self._hints = QLabel()
        self._hints.setObjectName("hints")
        self._hints.setWordWrap(True)

        top = QGridLayout()
        top.addWidget(self._badge, 0, 0, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self._code, 0, 1, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self._order_no, 1, 0, 1, 2)
        top.addWidget(self._customer, 2, 0, 1, 2)
        top.setColumnStretch(1, 1)
        top.addWidget(slot_box, 0, 2, 3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(top)
        layout.addWidget(self._shortage)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._totals)
        layout.addWidget(self._hints)

    # --- showing ----------------------------------------------------------------------------

    def show_order(self, order: OrderView) -> None:
        self.order = order
        self._outcomes = {}
        self._badge.setText(self._messages.verdict(order.verdict))
        self._badge.setProperty("verdict", order.verdict.value)
        self._badge.style().unpolish(self._badge)
        self._badge.style().polish(self._badge)
        self._code.setText(self.tr("Code %1").replace("%1", order.pickup_code))
        self._order_no.setText(order.order_no)
        self._customer.setText(f"{order.customer_name}  {order.masked_phone}")
        self._slot.setText(order.slot or "—")
        if order.shortage:
            self._shortage.setText(self.tr("Short at receiving: %1 (marked missing)")
                                   .replace("%1", order.shortage))
            self._shortage.show()
        else:
            self._shortage.clear()
            self._shortage.hide()
        if order.verdict.can_hand_over:
            # Goods that never came cannot be handed over: start those lines as missing.
            self._outcomes = dict.fromkeys(order.short_line_ids, LineOutcome.MISSING)
        self._table.setRowCount(len(order.lines))
        for row, line in enumerate(order.lines):
            self._set(row, 0, str(row + 1))
            self._set(row, 1, line.name)
            self._set(row, 2, f"{line.quantity} {line.unit}")
        self._refresh_outcomes()
        if order.handed_over:  # what was taken, as on the receipt, not what was ordered
            self._totals.setText(self.tr("Taken %1 of %n item(s) · %2", "", order.item_count)
                                 .replace("%1", str(order.taken_count))
                                 .replace("%2", format_fen(order.taken_fen)))
        else:
            self._totals.setText(self.tr("%n item(s)", "", order.item_count) + "  ·  "
                                 + format_fen(order.total_fen))
        if order.verdict.can_hand_over:
            self._hints.setText(self.tr("Enter: hand over · ↑ ↓: choose a line · Space: "
                                        "taken / missing / damaged / refused · Esc: cancel"))
            self._table.selectRow(0)
        else:
            self._hints.setText(self.tr("Esc: clear · scan the next code"))
            self._table.clearSelection()

    def _set(self, row: int, column: int, text: str, colour: str | None = None) -> None:
        item = QTableWidgetItem(text)
        if colour:
            item.setForeground(QColor(colour))
        self._table.setItem(row, column, item)

    def _refresh_outcomes(self) -> None:
        assert self.order is not None
        for row, line in enumerate(self.order.lines):
            if self.order.verdict.can_hand_over:
                outcome = self._outcomes.get(line.line_id, LineOutcome.TAKEN)
            else:
                outcome = line.outcome  # recorded at the handover, if any
            colour = OUTCOME_COLOURS.get(outcome) if outcome else None
            self._set(row, 3, self._messages.outcome(outcome), colour)

    # --- choosing outcomes ------------------------------------------------------------------

    @property
    def handable(self) -> bool:
        return self.order is not None and self.order.verdict.can_hand_over

    def move_selection(self, step: int) -> None:
        if not self.handable or not self._table.rowCount():
            return
        row = min(max(self.selected_row + step, 0), self._table.rowCount() - 1)
        self._table.selectRow(row)

    @property
    def selected_row(self) -> int:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    def cycle_outcome(self) -> None:
        """Space: taken → missing → damaged → refused → taken, on the selected line."""
        if not self.handable:
            return
        assert self.order is not None
        line = self.order.lines[self.selected_row]
        current = self._outcomes.get(line.line_id, LineOutcome.TAKEN)
        following = OUTCOME_CYCLE[(OUTCOME_CYCLE.index(current) + 1) % len(OUTCOME_CYCLE)]
        self.set_outcome(self.selected_row, following)

    def set_outcome(self, row: int, outcome: LineOutcome) -> None:
        assert self.order is not None
        line_id = self.order.lines[row].line_id
        if outcome is LineOutcome.TAKEN:
            self._outcomes.pop(line_id, None)
        else:
            self._outcomes[line_id] = outcome
        self._refresh_outcomes()
        self._table.selectRow(row)
        self.outcomes_changed.emit()

    @property
    def outcomes(self) -> dict[int, LineOutcome]:
        """Lines staff marked other than taken (the rest are taken)."""
        return dict(self._outcomes)

    @property
    def totals_text(self) -> str:
        return self._totals.text()

    @property
    def shortage_text(self) -> str:
        return "" if self._shortage.isHidden() else self._shortage.text()

    def outcome_text(self, row: int) -> str:
        item = self._table.item(row, 3)
        return item.text() if item else ""

    @property
    def verdict(self) -> Verdict | None:
        return self.order.verdict if self.order else None
