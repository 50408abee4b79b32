"""The returns desk (售后 / 退货出库): returns at the counter, and the return shipment.

Ctrl+1, counter return: scan the order's QR, pickup code or order number; its handover, refund
requests (with head office's answer) and notes show, newest first. ↑ ↓ pick the line, a number
and Enter sets how many come back, Ctrl+R goes to the reason, Ctrl+P takes a photo, Ctrl+Enter
registers the return (the goods go back on the shelf and head office gets the request).

Ctrl+2, return shipment: the open shipment's lines with scanned/total. Scanning an order number
or an item barcode scans units out; "code*n" adds n surplus units of an item; Ctrl+G adds every
refused or returned item still here; Ctrl+D takes the selected line out; Ctrl+Enter ships and
prints the return list (refused, with what is missing, while anything is unscanned).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scan_text import CodeKind
from station_app.services.after_sales import (
    MAX_RETURN_QUANTITY,
    AfterSales,
    OrderHistory,
    ReturnDone,
    ReturnRefused,
)
from station_app.services.authority import NotAllowed
from station_app.services.handover_views import LookupOutcome, LookupResult
from station_app.services.return_shipments import (
    ReturnShipments,
    ScanOutcome,
    ShipDone,
    ShipmentProblem,
    ShipmentRefused,
    ShipmentView,
)
from ui.desks.base import Desk, DeskContext
from ui.desks.returns_messages import ReturnsMessages
from ui.desks.widgets import DeskKeys, big_font, move_row, set_row, table
from ui.messages import Banner, Severity, local_time

COUNTER_RETURN, SHIPMENT = range(2)
TYPED_QUANTITY = re.compile(r"\d{1,3}")  # a pickup code has 6 digits, a phone tail 4
SURPLUS = re.compile(r"(?P<code>[^*\s]+)\s*\*\s*(?P<quantity>-?\d{1,7})")


class ReturnsDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.after_sales = AfterSales(counter.db, counter.station_id, counter.desk.clock)
        self.shipments = ReturnShipments(counter.db, counter.station_id, counter.desk.clock,
                                         counter.settings.receipt_language)
        self.history: OrderHistory | None = None
        self.shipment: ShipmentView | None = None
        self.photo: str | None = None  # relative to the data dir
        self.busy = False
        self.words = ReturnsMessages(self)

        self.tabs = QTabBar()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(self.tr("Ctrl+1  Return at the counter"))
        self.tabs.addTab(self.tr("Ctrl+2  Return shipment"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._counter_page())
        self.pages.addWidget(self._shipment_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)

        for keys, slot in (("Ctrl+1", lambda: self.show_tab(COUNTER_RETURN)),
                           ("Ctrl+2", lambda: self.show_tab(SHIPMENT)),
                           ("Ctrl+R", self.edit_reason), ("Ctrl+P", self.take_photo),
                           ("Ctrl+Return", self.confirm), ("Ctrl+Enter", self.confirm),
                           ("Ctrl+G", self.add_refund_goods), ("Ctrl+D", self.remove_line)):
            QShortcut(QKeySequence(keys), self, slot)
        self._keys = DeskKeys(self, {Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_R, Qt.Key.Key_P,
                                     Qt.Key.Key_G, Qt.Key.Key_D, Qt.Key.Key_Return,
                                     Qt.Key.Key_Enter})
        self._show_history(None)
        self._show_shipment(None)

    def _counter_page(self) -> QWidget:
        self.order_label = QLabel()
        self.order_label.setObjectName("returnOrder")
        self.order_label.setFont(big_font(self, 5, bold=True))
        self.order_label.setWordWrap(True)
        self.lines = table([self.tr("Item"), self.tr("SKU"), self.tr("Taken"),
                            self.tr("Returned"), self.tr("Can return")], self.tr("Order lines"),
                           self.tr("One row per item of the order; ↑ ↓ choose"))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, MAX_RETURN_QUANTITY)
        self.quantity.setAccessibleName(self.tr("Quantity returned"))
        self.quantity.setFont(big_font(self, 3))
        self.quantity.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        # Recorded as shown: in the language of the counter (head office reads both).
        self.reason.addItems([self.tr("Quality problem"), self.tr("Damaged packaging"),
                              self.tr("Not fresh"), self.tr("Wrong item"),
                              self.tr("Changed mind")])
        self.reason.setCurrentIndex(-1)
        self.reason.setFont(big_font(self, 3))
        self.reason.setAccessibleName(self.tr("Reason for the return"))
        self.reason.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        reason_edit = self.reason.lineEdit()
        assert reason_edit is not None
        reason_edit.setPlaceholderText(self.tr("Reason (Ctrl+R)"))
        reason_edit.returnPressed.connect(self.confirm)
        self.photo_label = QLabel(self.tr("No photo (Ctrl+P)"))
        self.confirm_button = QPushButton(self.tr("Register return (Ctrl+Enter)"))
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Quantity (type it + Enter)")))
        form.addWidget(self.quantity)
        form.addWidget(self.reason, 2)
        form.addWidget(self.photo_label)
        form.addWidget(self.confirm_button)
        self.requests = QListWidget()
        self.requests.setObjectName("refundRequests")
        self.requests.setAccessibleName(self.tr("Refund requests"))
        self.requests.setAccessibleDescription(self.tr(
            "The order's refund requests and head office's answers"))
        self.requests.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.requests.setFont(big_font(self, 1))
        self.notes = QListWidget()
        self.notes.setObjectName("orderHistory")
        self.notes.setAccessibleName(self.tr("Order history"))
        self.notes.setAccessibleDescription(self.tr("What happened to the order, oldest first"))
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lists = QHBoxLayout()
        lists.addWidget(self.requests)
        lists.addWidget(self.notes)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.order_label)
        layout.addWidget(self.lines, 2)
        layout.addLayout(form)
        layout.addLayout(lists, 2)
        return page

    def _shipment_page(self) -> QWidget:
        self.shipment_label = QLabel()
        self.shipment_label.setObjectName("shipmentStatus")
        self.shipment_label.setFont(big_font(self, 5, bold=True))
        self.shipment_lines = table([self.tr("Item"), self.tr("Order"), self.tr("Reason"),
                                     self.tr("Scanned")], self.tr("Return shipment lines"),
                                    self.tr("One row per item going back to head office"))
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add refused / returned goods (Ctrl+G)"),
                            self.add_refund_goods),
                           (self.tr("Take line out (Ctrl+D)"), self.remove_line),
                           (self.tr("Ship and print list (Ctrl+Enter)"), self.confirm)):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.shipment_label)
        layout.addWidget(self.shipment_lines, 1)
        layout.addLayout(buttons)
        return page

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Returns")

    @property
    def scan_hint(self) -> str:
        if self.tabs.currentIndex() == SHIPMENT:
            return self.tr("Scan an order or item to pack it; type code*quantity to add surplus")
        return self.tr("Scan the order QR or type its pickup code; a small number sets the "
                       "quantity")

    def activated(self) -> None:
        self.operate(self.shipments.open_shipment, self._shipment_loaded)

    def scan(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self.tabs.currentIndex() == SHIPMENT:
            self._scan_out(text)
            return
        if self.history is not None and TYPED_QUANTITY.fullmatch(text):
            self.quantity.setValue(max(1, min(int(text), MAX_RETURN_QUANTITY)))
            if int(text) < 1 or int(text) > MAX_RETURN_QUANTITY:
                self.refuse(Banner(Severity.STOP, self.tr("Quantity not possible: %1")
                                     .replace("%1", text),
                                     self.tr("Type how many units come back, from 1 to what "
                                             "the resident took.")))
                return
            self._banner(Severity.INFO, self.tr("Quantity %1").replace("%1", text),
                         self.tr("Add the reason (Ctrl+R), then press Ctrl+Enter."))
            self.shown.emit()
            return
        handover = self.context.counter.desk
        after_sales = self.after_sales

        def find() -> OrderHistory | LookupResult:
            result = handover.lookup(text)
            if result.outcome is LookupOutcome.FOUND and result.order is not None:
                history = after_sales.order_history(result.order.order_no)
                if history is not None:
                    return history
            return result

        self.operate(find, self._found)

    def camera_codes(self) -> frozenset[CodeKind]:
        if self.tabs.currentIndex() == SHIPMENT:
            return frozenset({CodeKind.ORDER_NO, CodeKind.PRODUCT})  # bags and goods going out
        # The resident's QR or a bag label finds the order that comes back.
        return frozenset({CodeKind.TOKEN, CodeKind.ORDER_NO})

    def accepts_camera(self) -> bool:
        # With an order's history on screen staff are choosing a line, a quantity and a
        # reason: another resident's QR must not swap the order under them.
        return self.tabs.currentIndex() == SHIPMENT or self.history is None

    def move_choice(self, step: int) -> bool:
        if self.tabs.currentIndex() == SHIPMENT:
            return move_row(self.shipment_lines, step)
        return move_row(self.lines, step)

    def escape(self) -> None:
        if self.tabs.currentIndex() == COUNTER_RETURN:
            self._show_history(None)

    # --- actions ----------------------------------------------------------------------------

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _tab_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        scan_box = self._scan_box()
        if scan_box is not None:
            scan_box.setPlaceholderText(self.scan_hint)
        if index == SHIPMENT:
            self.activated()
        else:
            self.shown.emit()

    def edit_reason(self) -> None:
        if self.tabs.currentIndex() != COUNTER_RETURN:
            return
        self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit = self.reason.lineEdit()
        if edit is not None:
            edit.selectAll()

    def take_photo(self) -> None:
        if self.tabs.currentIndex() != COUNTER_RETURN or self.history is None:
            return
        path = self.context.take_photo(f"return-{self.history.order_no}")
        if path is None:
            self.refuse(Banner(Severity.WARN, self.tr("No photo taken"),
                                 self.tr("No camera picture is available. The return can be "
                                         "registered without one.")))
            return
        self.photo = str(path)
        self.photo_label.setText(self.tr("Photo: %1").replace("%1", path.name))
        self._banner(Severity.OK, self.tr("Photo attached"), str(path))
        self.shown.emit()

    def confirm(self) -> None:
        """Ctrl+Enter: register the return, or ship the shipment on show."""
        if self.busy:
            return
        if self.tabs.currentIndex() == SHIPMENT:
            self.ship()
        else:
            self.register_return()

    def register_return(self) -> None:
        history = self.history
        row = self.lines.currentRow()
        if history is None or not 0 <= row < len(history.lines):
            self.refuse(Banner(Severity.STOP, self.tr("Scan the order first"),
                                 self.tr("Scan the resident's order QR or type its pickup "
                                         "code, pick the line with ↑ ↓, then press "
                                         "Ctrl+Enter.")))
            return
        line = history.lines[row]
        quantity, reason, photo = self.quantity.value(), self.reason.currentText(), self.photo
        staff_id = self.context.staff_id
        order_no = history.order_no
        self.busy = True
        self.operate(
            lambda: (self.after_sales.register_return(order_no, line.sku, quantity, reason,
                                                      staff_id, photo),
                     self.after_sales.order_history(order_no)),
            self._returned)

    def add_refund_goods(self) -> None:
        if self.tabs.currentIndex() != SHIPMENT:
            self.show_tab(SHIPMENT)
        staff_id = self.context.staff_id
        self.operate(lambda: self.shipments.add_refund_goods(staff_id), self._filled)

    def remove_line(self) -> None:
        row = self.shipment_lines.currentRow()
        if self.tabs.currentIndex() != SHIPMENT or self.shipment is None \
                or not 0 <= row < len(self.shipment.lines):
            return
        line_id = self.shipment.lines[row].line_id
        staff_id = self.context.staff_id
        self.operate(lambda: self.shipments.remove_line(line_id, staff_id), self._filled)

    def ship(self) -> None:
        if self.shipment is None:
            self.refuse(Banner(Severity.STOP, self.tr("No return shipment is open"),
                                 self.tr("Add overdue orders (overdue desk) or refused goods "
                                         "(Ctrl+G) first.")))
            return
        shipment_no = self.shipment.shipment_no
        staff_id = self.context.staff_id
        self.busy = True
        self.operate(lambda: self.shipments.ship(shipment_no, staff_id), self._shipped)

    def _scan_out(self, text: str) -> None:
        staff_id = self.context.staff_id
        surplus = SURPLUS.fullmatch(text)
        if surplus:
            code, quantity = surplus["code"], int(surplus["quantity"])
            self.operate(lambda: self.shipments.add_surplus(code, quantity, staff_id),
                             self._filled)
            return
        self.operate(lambda: self.shipments.scan(text), self._scanned)

    # --- results ----------------------------------------------------------------------------

    def _found(self, found: OrderHistory | LookupResult) -> None:
        if isinstance(found, OrderHistory):
            self._show_history(found)
            self.context.feedback(True)
            if found.handed_over_at is None:
                self._banner(Severity.WARN, self.tr("Order %1 was not handed over")
                             .replace("%1", found.order_no),
                             self.tr("Only goods the resident took can come back. Its history "
                                     "is shown."))
            else:
                self._banner(Severity.OK, self.tr("Order %1").replace("%1", found.order_no),
                             self.tr("Pick the line with ↑ ↓, type the quantity, give a "
                                     "reason (Ctrl+R) and press Ctrl+Enter."))
            self.shown.emit()
            return
        banner = self.context.messages.for_lookup(found) or Banner(
            Severity.STOP, self.tr("No order with this code"), found.shown)
        if found.outcome is LookupOutcome.CHOOSE:
            banner = Banner(Severity.STOP, self.tr("Scan the order's QR or pickup code"),
                            self.tr("A phone tail finds only orders still waiting here."))
        self.refuse(Banner(Severity.STOP, banner.title, banner.detail))

    def _returned(self, result: tuple[ReturnDone, OrderHistory | None]) -> None:
        self.busy = False
        done, history = result
        self._show_history(history)
        scan_box = self._scan_box()
        if scan_box is not None:  # the next resident's code goes to the scan box, not the reason
            scan_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self._banner(Severity.OK, self.tr("Return %1 registered").replace("%1", done.request_no),
                     self.tr("%1 unit(s) back on the shelf; head office will answer the refund "
                             "request. Press Ctrl+G on the return shipment to send them back.")
                     .replace("%1", str(done.quantity)))
        self.context.feedback(True)
        self.shown.emit()

    def _shipment_loaded(self, shipment: ShipmentView | None) -> None:
        self._show_shipment(shipment)
        self.shown.emit()

    def _filled(self, shipment: ShipmentView) -> None:
        self._show_shipment(shipment)
        self._banner(Severity.OK, self.tr("Return shipment %1: %2 unit(s)")
                     .replace("%1", shipment.shipment_no).replace("%2", str(shipment.units)),
                     self.tr("Scan every order and item out as it goes into the crate, then "
                             "press Ctrl+Enter to ship."))
        self.context.feedback(True)
        self.shown.emit()

    def _scanned(self, outcome: ScanOutcome) -> None:
        self._show_shipment(outcome.shipment)
        for row, line in enumerate(outcome.shipment.lines):
            if outcome.code in (line.order_no, line.sku) or line.name == outcome.label:
                self.shipment_lines.selectRow(row)
                break
        left = outcome.shipment.units - outcome.shipment.scanned_units
        self._banner(Severity.OK, self.tr("%1: %2 unit(s) scanned out")
                     .replace("%1", outcome.label).replace("%2", str(outcome.units)),
                     self.tr("%1 unit(s) still to scan.").replace("%1", str(left)) if left
                     else self.tr("Everything is scanned: press Ctrl+Enter to ship."))
        self.context.feedback(True)
        self.shown.emit()

    def _shipped(self, done: ShipDone) -> None:
        self.busy = False
        self.context.print_job(done.print_job_id)
        self._show_shipment(None)
        self.shipment_label.setText(self.tr("Shipped %1 · no shipment open")
                                    .replace("%1", done.shipment.shipment_no))
        self._banner(Severity.OK, self.tr("Return shipment %1 shipped")
                     .replace("%1", done.shipment.shipment_no),
                     self.tr("%1 unit(s), %2 order(s) returned. The list is printing: have "
                             "the driver sign it.").replace("%1", str(done.shipment.units))
                     .replace("%2", str(len(done.returned_orders))))
        self.context.feedback(True)
        self.shown.emit()

    def refusal(self, error: BaseException) -> Banner | None:
        if isinstance(error, ReturnRefused):
            return self.words.return_refusal(error)
        if isinstance(error, ShipmentRefused):
            if error.reason in (ShipmentProblem.NOT_OPEN, ShipmentProblem.UNKNOWN_LINE):
                self.activated()  # the screen was behind: show the shipment as it stands
            return self.words.shipment_refusal(error)
        if isinstance(error, NotAllowed):
            return Banner(Severity.STOP, self.tr("Not allowed"),
                          self.tr("The signed-in staff account may not do this."))
        return None

    # --- screen -----------------------------------------------------------------------------

    def _show_history(self, history: OrderHistory | None) -> None:
        self.history = history
        self.photo = None
        self.photo_label.setText(self.tr("No photo (Ctrl+P)"))
        self.quantity.setValue(1)
        self.reason.setCurrentIndex(-1)
        self.reason.setEditText("")
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
            self.lines.selectRow(first)
        for request in history.requests:
            source = self.words.source_text(request.source.value)
            self.requests.addItem(
                f"{request.request_no} · {request.name} ×{request.quantity} · {source} · "
                f"{self.words.state_text(request.state)}"
                + (f" · {request.answer_note}" if request.answer_note else ""))
        for entry in history.entries:
            who = f" · {entry.staff_name}" if entry.staff_name else ""
            self.notes.addItem(f"{local_time(entry.at)} · {self.words.history_text(entry)}{who}")

    def _show_shipment(self, shipment: ShipmentView | None) -> None:
        self.shipment = shipment
        selected = self.shipment_lines.currentRow()
        self.shipment_lines.setRowCount(0)
        if shipment is None:
            self.shipment_label.setText(self.tr("No return shipment open · Ctrl+G adds "
                                                "refused/returned goods"))
            return
        self.shipment_label.setText(self.tr("%1 · %2/%3 scanned")
                                    .replace("%1", shipment.shipment_no)
                                    .replace("%2", str(shipment.scanned_units))
                                    .replace("%3", str(shipment.units)))
        self.shipment_lines.setRowCount(len(shipment.lines))
        for row, line in enumerate(shipment.lines):
            set_row(self.shipment_lines, row, [
                line.name, line.order_no or "—", self.words.source_text(line.reason.value),
                f"{line.scanned}/{line.quantity}" + (" ✓" if line.complete else "")])
        if shipment.lines:
            self.shipment_lines.selectRow(max(0, min(selected, len(shipment.lines) - 1)))

    def shipment_cells(self) -> list[list[str]]:
        """What the shipment table shows, row by row (for tests and screen readers)."""
        return [[cell.text() if (cell := self.shipment_lines.item(row, column)) else ""
                 for column in range(self.shipment_lines.columnCount())]
                for row in range(self.shipment_lines.rowCount())]

    def request_texts(self) -> list[str]:
        return [self.requests.item(row).text() for row in range(self.requests.count())]

    def _scan_box(self) -> QLineEdit | None:
        window = self.window()
        return window.findChild(QLineEdit, "scanBox") if window is not None else None

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
