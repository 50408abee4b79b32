"""The order card: big lines a station keeper reads at arm's length, and per-line outcomes.

The card only shows an `OrderView` and holds the outcomes staff pick before confirming; what an
outcome means for stock is decided by the core when the handover is confirmed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
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
from ui.desks.widgets import read_only_rows
from ui.language_change import Retranslated
from ui.messages import Messages

OUTCOME_CYCLE = (LineOutcome.TAKEN, LineOutcome.MISSING, LineOutcome.DAMAGED,
                 LineOutcome.REFUSED)
OUTCOME_COLOURS = {
    LineOutcome.TAKEN: "#1e7b34",
    LineOutcome.MISSING: "#b3261e",
    LineOutcome.DAMAGED: "#b3261e",
    LineOutcome.REFUSED: "#8a5a00",
}


class OrderCard(Retranslated, QFrame):
    outcomes_changed = Signal()

    def __init__(self, messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderCard")
        self._messages = messages
        self.order: OrderView | None = None
        self._outcomes: dict[int, LineOutcome] = {}
        self._badge = self._label("verdictBadge")
        self._code = self._label("pickupCode")
        self._order_no = self._label("orderNo")
        self._customer = self._label("customer")
        self._slot_caption = self._label("slotCaption")
        self._slot = self._label("slot")
        self._table = self._lines_table()
        self._shortage = self._label("shortage")
        self._shortage.setWordWrap(True)
        # Red and bold in every theme (the alert role): staff must not hand over without it.
        self._shortage.setProperty("role", "alert")
        self._shortage.hide()
        self._totals = self._label("totals")
        self._hints = self._label("hints")
        self._hints.setWordWrap(True)
        self._lay_out()
        self.retranslate()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        return label

    def _lines_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setObjectName("lines")
        read_only_rows(table)  # keys stay with the scan box
        table.setShowGrid(False)
        header = table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        table.verticalHeader().setDefaultSectionSize(46)
        return table

    def _lay_out(self) -> None:
        slot_box = QFrame()
        slot_box.setObjectName("slotBox")
        slot_layout = QVBoxLayout(slot_box)
        slot_layout.addWidget(self._slot_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        slot_layout.addWidget(self._slot, 0, Qt.AlignmentFlag.AlignHCenter)
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

    def retranslate(self) -> None:
        self._slot_caption.setText(self.tr("Slot"))
        self._slot.setAccessibleName(self.tr("Shelf slot"))
        self._table.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("Item"), self.tr("Qty"), self.tr("Outcome")])
        self._table.setAccessibleName(self.tr("Order lines"))
        self._shortage.setAccessibleName(self.tr("Short at receiving"))
        if self.order is not None:
            self._draw()  # the order on show, its picked outcomes kept

    # --- showing ----------------------------------------------------------------------------

    def show_order(self, order: OrderView) -> None:
        self.order = order
        # Goods that never came cannot be handed over: start those lines as missing.
        self._outcomes = dict.fromkeys(order.short_line_ids, LineOutcome.MISSING) \
            if order.verdict.can_hand_over else {}
        self._draw()
        if order.verdict.can_hand_over:
            self._table.selectRow(0)
        else:
            self._table.clearSelection()

    def _draw(self) -> None:
        # Every scan lands here while staff wait: the card's labels and cells are updated in
        # place (no widget or cell is made or thrown away), and the badge is restyled only
        # when its verdict changes.
        order = self.order
        assert order is not None
        self._badge.setText(self._messages.verdict(order.verdict))
        if self._badge.property("verdict") != order.verdict.value:
            self._badge.setProperty("verdict", order.verdict.value)
            self._badge.style().unpolish(self._badge)
            self._badge.style().polish(self._badge)
        self._code.setText(self.tr("Code %1").replace("%1", order.pickup_code))
        self._order_no.setText(order.order_no)
        self._customer.setText(f"{order.customer_name}  {order.masked_phone}")
        self._slot.setText(order.slot or "—")
        self._shortage.setText(self.tr("Short at receiving: %1 (marked missing)")
                               .replace("%1", order.shortage) if order.shortage else "")
        self._shortage.setVisible(bool(order.shortage))
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
        self._hints.setText(self.tr("Enter: hand over · ↑ ↓: choose a line · Space: "
                                    "taken / missing / damaged / refused · Esc: cancel")
                            if order.verdict.can_hand_over
                            else self.tr("Esc: clear · scan the next code"))

    def _set(self, row: int, column: int, text: str, colour: str | None = None) -> None:
        item = self._table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self._table.setItem(row, column, item)
        # Both leave an unchanged cell alone (no repaint, no new column widths).
        item.setText(text)
        item.setData(Qt.ItemDataRole.ForegroundRole, QColor(colour) if colour else None)

    def _refresh_outcomes(self) -> None:
        assert self.order is not None
        for row, line in enumerate(self.order.lines):
            outcome: LineOutcome | None
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
