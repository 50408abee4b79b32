"""The returns desk's first tab (Ctrl+1): a return at the counter (售后).

It shows the order the resident brought back: its lines (taken, returned so far, what can
still come back), the quantity, reason and photo of the return being registered, the order's
refund requests with head office's answers, and its history. The desk fills it from the core's
`OrderHistory` and registers the return. Translated with Qt Linguist (context
CounterReturnPage).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.services.after_sales import MAX_RETURN_QUANTITY, OrderHistory
from ui.desks.returns_messages import ReturnsMessages
from ui.desks.widgets import name_table, set_row, table
from ui.language_change import Retranslated
from ui.messages import local_time


class CounterReturnPage(Retranslated, QWidget):
    # The button, or Enter in the reason: the desk registers the return.
    register = Signal()

    def __init__(self, words: ReturnsMessages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.order_label = QLabel()
        self.order_label.setObjectName("returnOrder")
        self.order_label.setProperty("role", "section")
        self.order_label.setWordWrap(True)
        self.lines = table(5)
        self.history: OrderHistory | None = None  # the order on show (None: waiting for one)
        self._photo: str | None = None
        form = self._return_form()
        lists = QHBoxLayout()
        lists.addWidget(self._requests_list())
        lists.addWidget(self._history_list())
        layout = QVBoxLayout(self)
        layout.addWidget(self.order_label)
        layout.addWidget(self.lines, 2)
        layout.addLayout(form)
        layout.addLayout(lists, 2)
        self.retranslate()

    def retranslate(self) -> None:
        name_table(self.lines, [self.tr("Item"), self.tr("SKU"), self.tr("Taken"),
                                self.tr("Returned"), self.tr("Can return")],
                   self.tr("Order lines"), self.tr("One row per item of the order; ↑ ↓ choose"))
        self.quantity.setAccessibleName(self.tr("Quantity returned"))
        # Recorded as shown: in the language of the counter (head office reads both).
        for index, text in enumerate((self.tr("Quality problem"), self.tr("Damaged packaging"),
                                      self.tr("Not fresh"), self.tr("Wrong item"),
                                      self.tr("Changed mind"))):
            self.reason.setItemText(index, text)
        self.reason.setAccessibleName(self.tr("Reason for the return"))
        self.reason_edit.setPlaceholderText(self.tr("Reason (Ctrl+R)"))
        self.confirm_button.setText(self.tr("Register return (Ctrl+Enter)"))
        self.quantity_label.setText(self.tr("Quantity (type it + Enter)"))
        self.requests.setAccessibleName(self.tr("Refund requests"))
        self.requests.setAccessibleDescription(self.tr(
            "The order's refund requests and head office's answers"))
        self.notes.setAccessibleName(self.tr("Order history"))
        self.notes.setAccessibleDescription(self.tr("What happened to the order, oldest first"))
        self.show_photo(self._photo)
        self._show_order(self.history)

    def _return_form(self) -> QHBoxLayout:
        """Quantity, reason, photo and the button of the return being registered."""
        self.quantity = QSpinBox()
        self.quantity.setRange(1, MAX_RETURN_QUANTITY)
        self.quantity.setProperty("role", "entry")
        self.quantity.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([""] * 5)  # the usual reasons, worded by retranslate()
        self.reason.setCurrentIndex(-1)
        self.reason.setProperty("role", "entry")
        # As wide as a usual reason, whatever the language: the longest wording (or the
        # placeholder) once pushed the desk past a 1366-pixel screen in large type.
        self.reason.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reason.setMinimumContentsLength(10)
        self.reason.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        reason_edit = self.reason.lineEdit()
        assert reason_edit is not None
        self.reason_edit = reason_edit
        reason_edit.returnPressed.connect(self.register)
        self.photo_label = QLabel()
        self.confirm_button = QPushButton()
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.register)
        form = QHBoxLayout()
        self.quantity_label = QLabel()
        form.addWidget(self.quantity_label)
        form.addWidget(self.quantity)
        form.addWidget(self.reason, 2)
        form.addWidget(self.photo_label)
        form.addWidget(self.confirm_button)
        return form

    def _requests_list(self) -> QListWidget:
        self.requests = QListWidget()
        self.requests.setObjectName("refundRequests")
        self.requests.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return self.requests

    def _history_list(self) -> QListWidget:
        self.notes = QListWidget()
        self.notes.setObjectName("orderHistory")
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return self.notes

    def edit_reason(self) -> None:
        self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit = self.reason.lineEdit()
        if edit is not None:
            edit.selectAll()

    def show_photo(self, name: str | None) -> None:
        self._photo = name
        self.photo_label.setText(self.tr("No photo (Ctrl+P)") if name is None
                                 else self.tr("Photo: %1").replace("%1", name))

    def show_history(self, history: OrderHistory | None) -> None:
        """The order scanned (None: waiting for one), with a new return started on it."""
        self.show_photo(None)
        self.quantity.setValue(1)
        self.reason.setCurrentIndex(-1)
        self.reason.setEditText("")
        self.lines.setRowCount(0)  # a new order: its first returnable line is selected
        self._show_order(history)

    def _show_order(self, history: OrderHistory | None) -> None:
        self.history = history
        selected = self.lines.currentRow()
        self.lines.setRowCount(0)
        self.requests.clear()
        self.notes.clear()
        if history is None:
            self.order_label.setText(self.tr("Scan the order of the goods coming back"))
            return
        handed = local_time(history.handed_over_at) if history.handed_over_at else "—"
        self.order_label.setText(self.tr("%1 · %2 · handed over %3")
                                 .replace("%1", history.order_no)
                                 .replace("%2", history.masked_phone).replace("%3", handed))
        self.lines.setRowCount(len(history.lines))
        for row, line in enumerate(history.lines):
            set_row(self.lines, row, [line.name, line.sku, str(line.taken), str(line.returned),
                                      str(line.returnable)])
        first = next((row for row, line in enumerate(history.lines) if line.returnable > 0), 0)
        if history.lines:
            self.lines.selectRow(selected if 0 <= selected < len(history.lines) else first)
        for request in history.requests:
            source = self.words.source_text(request.source.value)
            self.requests.addItem(
                f"{request.request_no} · {request.name} ×{request.quantity} · {source} · "
                f"{self.words.state_text(request.state)}"
                + (f" · {request.answer_note}" if request.answer_note else ""))
        for entry in history.entries:
            who = f" · {entry.staff_name}" if entry.staff_name else ""
            self.notes.addItem(f"{local_time(entry.at)} · {self.words.history_text(entry)}{who}")

    def request_texts(self) -> list[str]:
        return [self.requests.item(row).text() for row in range(self.requests.count())]
