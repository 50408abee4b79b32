"""Several orders share a phone tail: staff pick the resident's with ↑ ↓ and Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station_app.services.handover_views import OrderView
from ui.language_change import Retranslated
from ui.messages import Messages


class ChoiceList(Retranslated, QFrame):
    def __init__(self, messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choices")
        self._messages = messages
        self._title = QLabel()
        self._title.setObjectName("choicesTitle")
        self._list = QListWidget()
        self._list.setObjectName("choiceList")
        self._list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self._title)
        layout.addWidget(self._list, 1)
        self._orders: tuple[OrderView, ...] = ()
        self._tail = ""
        self.retranslate()

    def retranslate(self) -> None:
        self._list.setAccessibleName(self.tr("Orders to choose from"))
        if self._orders:
            row = self._list.currentRow()
            self.show_choices(self._tail, self._orders)
            self._list.setCurrentRow(row)

    def show_choices(self, tail: str, orders: tuple[OrderView, ...]) -> None:
        self._orders, self._tail = orders, tail
        self._title.setText(self.tr("Phone ending %1").replace("%1", tail))
        self._list.clear()
        for order in orders:
            text = "   ".join([
                order.customer_name, order.masked_phone, order.slot or "—",
                self.tr("%n item(s)", "", order.item_count),
                self._messages.verdict(order.verdict),
            ])
            self._list.addItem(QListWidgetItem(text))
        self._list.setCurrentRow(0)

    def move_selection(self, step: int) -> None:
        if self._orders:
            row = min(max(self._list.currentRow() + step, 0), len(self._orders) - 1)
            self._list.setCurrentRow(row)

    @property
    def chosen(self) -> OrderView | None:
        row = self._list.currentRow()
        return self._orders[row] if 0 <= row < len(self._orders) else None

    @property
    def count(self) -> int:
        return len(self._orders)
