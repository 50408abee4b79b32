"""The returns desk (售后 / 退货出库): returns at the counter, and the return shipment.

Ctrl+1, counter return: scan the order's QR, pickup code or order number; its handover, refund
requests (with head office's answer) and notes show, newest first. ↑ ↓ pick the line, a number
and Enter sets how many come back, Ctrl+R goes to the reason, Ctrl+P takes a photo, Ctrl+Enter
registers the return (the goods go back on the shelf and head office gets the request).

Ctrl+2, return shipment: the open shipment's lines with scanned/total. Scanning an order number
or an item barcode scans units out; "code*n" adds n surplus units of an item; Ctrl+G adds every
refused or returned item still here; Ctrl+D takes the selected line out; Ctrl+Enter ships and
prints the return list (refused, with what is missing, while anything is unscanned).

Each tab is its own widget (returns_counter_page.py, returns_shipment_page.py); this desk routes
the keys and scans to the tab on show and runs the core's work.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QTabBar, QVBoxLayout, QWidget

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
from ui.desks.returns_counter_page import CounterReturnPage
from ui.desks.returns_messages import ReturnsMessages
from ui.desks.returns_shipment_page import ReturnShipmentPage
from ui.desks.widgets import DeskKeys, move_row
from ui.messages import Banner, Severity

COUNTER_RETURN, SHIPMENT = range(2)
TYPED_QUANTITY = re.compile(r"\d{1,3}")  # a pickup code has 6 digits, a phone tail 4
SURPLUS = re.compile(r"(?P<code>[^*\s]+)\s*\*\s*(?P<quantity>-?\d{1,7})")


class ReturnsDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.after_sales = AfterSales(counter.db, counter.station_id, counter.clock)
        self.shipments = ReturnShipments(counter.db, counter.station_id, counter.clock,
                                         counter.settings.receipt_language)
        self.history: OrderHistory | None = None
        self.shipment: ShipmentView | None = None
        self.photo: str | None = None  # relative to the data dir
        self.busy = False
        self.words = ReturnsMessages(self)

        self.tabs = QTabBar()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab("")
        self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.counter_return = CounterReturnPage(self.words)
        self.counter_return.register.connect(self.confirm)
        self.return_shipment = ReturnShipmentPage(self.words)
        self.return_shipment.add_goods_button.clicked.connect(self.add_refund_goods)
        self.return_shipment.take_out_button.clicked.connect(self.remove_line)
        self.return_shipment.ship_button.clicked.connect(self.confirm)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.counter_return)
        self.pages.addWidget(self.return_shipment)
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
        self.retranslate()

    def retranslate(self) -> None:
        """The tabs; each page writes its own words and what it shows."""
        self.tabs.setTabText(COUNTER_RETURN, self.tr("Ctrl+1  Return at the counter"))
        self.tabs.setTabText(SHIPMENT, self.tr("Ctrl+2  Return shipment"))
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
            self.counter_return.quantity.setValue(max(1, min(int(text), MAX_RETURN_QUANTITY)))
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
        handover = self.context.counter.handovers
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
            return move_row(self.return_shipment.shipment_lines, step)
        return move_row(self.counter_return.lines, step)

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
        self.counter_return.edit_reason()

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
        self.counter_return.show_photo(path.name)
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
        page = self.counter_return
        row = page.lines.currentRow()
        if history is None or not 0 <= row < len(history.lines):
            self.refuse(Banner(Severity.STOP, self.tr("Scan the order first"),
                                 self.tr("Scan the resident's order QR or type its pickup "
                                         "code, pick the line with ↑ ↓, then press "
                                         "Ctrl+Enter.")))
            return
        line = history.lines[row]
        quantity, reason, photo = page.quantity.value(), page.reason.currentText(), self.photo
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
        row = self.return_shipment.shipment_lines.currentRow()
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
        self.shipment = outcome.shipment
        self.return_shipment.show_scanned(outcome)
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
        self.shipment = None
        self.return_shipment.show_shipped(done.shipment.shipment_no)
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
        self.counter_return.show_history(history)

    def _show_shipment(self, shipment: ShipmentView | None) -> None:
        self.shipment = shipment
        self.return_shipment.show_shipment(shipment)

    def _scan_box(self) -> QLineEdit | None:
        window = self.window()
        return window.findChild(QLineEdit, "scanBox") if window is not None else None

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
