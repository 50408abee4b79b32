"""The walk-in sales desk (门店零售): scan goods into a cart, take payment, print; refunds.

Everything is worked from the window's scan box. What the box expects next (a barcode, the
cash given, a payment reference, a reason, a receipt code) is written large above the cart, so
staff never guess what Enter will do. The cart lives here, on screen, until the sale is paid:
nothing reaches the database before that.
"""

from __future__ import annotations

import re
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.sale_receipt import PaymentMethod
from station_app.domain.scan_text import CodeKind
from station_app.money import format_fen, parse_yuan
from station_app.services.sales import (
    MAX_QUANTITY,
    Cart,
    ItemView,
    Payment,
    SaleDone,
    SaleRefusal,
    SaleRefused,
    Sales,
    SaleView,
    Shortfall,
)
from station_app.services.shifts import ShiftRefusal, ShiftRefused, Shifts, ShiftView
from ui.desks.base import Desk, DeskContext
from ui.desks.sales_messages import SalesMessages
from ui.desks.shift_messages import ShiftMessages
from ui.messages import Banner, Severity

# "*3" (or x3) + Enter: the selected line's quantity. Barcodes and SKUs never start with these.
QUANTITY = re.compile(r"[*xX×](\d{1,7})")
# A sale or refund receipt's code, e.g. S-XF01-20261125-0001: scanned at the cart, it starts a
# refund (staff hold up the receipt rather than press Ctrl+R first).
RECEIPT_CODE = re.compile(r"[SR]-[A-Z0-9]{1,16}-\d{8}-\d{4,}")
METHOD_KEYS = (PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.CARD)
__all__ = ["SalesDesk", "Step", "parse_yuan"]  # parse_yuan: the core's, where it always was


class Step(StrEnum):
    CART = "cart"  # scanning goods
    DISCOUNT = "discount"  # typing a discount amount
    REASON = "reason"  # typing why a line sells beyond the book
    PAY = "pay"  # cash given or payment reference, Enter confirms
    REFUND_FIND = "refund_find"  # scanning the receipt code
    REFUND_PICK = "refund_pick"  # choosing what comes back
    REFUND_REASON = "refund_reason"  # typing why, then a manager approves
    FLOAT = "float"  # Ctrl+O: the float of a new shift, for cash to have a drawer


class SalesDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.sales = Sales(counter.db, counter.station_id, counter.desk.clock,
                           counter.settings.receipt_language)
        self.texts = SalesMessages(self)
        # Cash needs the cashier's open shift (services/sales.py): the desk asks for it before
        # payment and offers to open one here, the sale waiting on screen.
        self.shifts = Shifts(counter.db, counter.station_id, counter.desk.clock,
                             counter.settings.cash_variance_threshold_fen,
                             counter.settings.blind_close, counter.settings.receipt_language)
        self.shift_no: str | None = None  # the cashier's open shift, as last asked
        self._after_float = Step.CART  # where Ctrl+O came from: the sale or refund waits there
        self.step = Step.CART
        self.cart = Cart()
        self.selected = 0
        self.discount_fen = 0
        self.approver_id: int | None = None
        self.reasons: dict[str, str] = {}
        self._short: list[Shortfall] = []
        self.method = PaymentMethod.CASH
        self.cash_given_fen: int | None = None
        self.reference: str | None = None
        self.refund_of: SaleView | None = None
        self.refund_qty: dict[str, int] = {}
        self.refund_reason = ""
        self.last_sale: SaleView | None = None
        self.busy = False  # a sale or refund is on its way: a second Enter sends nothing
        self._esc_armed = False
        self._scan_box: QLineEdit | None = None
        self._build()
        # Qt ignores the shortcuts of a hidden desk, so other desks may use the same keys.
        self._shortcuts = [
            QShortcut(QKeySequence(keys), self, action)
            for keys, action in (("Ctrl+D", self.ask_discount), ("Ctrl+R", self.start_refund),
                                 ("Ctrl+O", self.ask_float),
                                 *((f"Ctrl+{n}", lambda m=m: self.choose_method(m))
                                   for n, m in enumerate(METHOD_KEYS, 1)))]
        self._refresh()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 22px; color: #0b3d7a; font-weight: bold;")
        self.prompt.setAccessibleName(self.tr("What to type now"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("lines")
        self.table.setAccessibleName(self.tr("Cart"))
        self.table.setAccessibleDescription(self.tr(
            "One row per product: quantity, unit price and amount; ↑ ↓ choose"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-size: 20px;")
        self.total_big = QLabel()
        self.total_big.setAccessibleName(self.tr("Total"))
        self.total_big.setStyleSheet("font-size: 44px; font-weight: bold;")
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self.keys.setObjectName("hints")

        self.panel = QFrame()
        self.panel.setStyleSheet("QFrame { background: #ffffff; border-radius: 10px; }")
        self.panel.setFixedWidth(380)
        self.method_label = QLabel()
        self.method_label.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.given_label = QLabel()
        self.given_label.setStyleSheet("font-size: 24px;")
        self.change_label = QLabel()
        self.change_label.setAccessibleName(self.tr("Change"))
        self.change_label.setStyleSheet("font-size: 48px; font-weight: bold; color: #1e7b34;")
        self.change_label.setWordWrap(True)
        for label in (self.method_label, self.given_label):
            label.setWordWrap(True)
        self.methods = QLabel()
        self.methods.setWordWrap(True)
        self.methods.setStyleSheet("font-size: 17px; color: #4a5560;")
        side = QVBoxLayout(self.panel)
        for widget in (self.method_label, self.given_label, self.change_label, self.methods):
            side.addWidget(widget)
        side.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.prompt)
        left.addWidget(self.table, 1)
        left.addWidget(self.totals)
        left.addWidget(self.total_big)
        left.addWidget(self.keys)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.panel)

    @property
    def title(self) -> str:
        return self.tr("Sales")

    @property
    def scan_hint(self) -> str:
        match self.step:
            case Step.PAY if self.method is PaymentMethod.CASH:
                return self.tr("Cash given, e.g. 100")
            case Step.PAY:
                return self.tr("Payment reference")
            case Step.DISCOUNT:
                return self.tr("Discount in yuan, e.g. 5")
            case Step.REASON | Step.REFUND_REASON:
                return self.tr("Reason")
            case Step.REFUND_FIND:
                return self.tr("Sale receipt code (S-…)")
            case Step.FLOAT:
                return self.tr("Float in yuan, e.g. 500")
            case _:
                return self.tr("Scan the product barcode, or type its SKU")

    # --- the window's keys ------------------------------------------------------------------

    def activated(self) -> None:
        # + − and Delete on an empty scan box work the cart; the window only routes Enter,
        # ↑ ↓, Space and Esc to desks, so the desk listens on the box itself.
        self._scan_box = self.watch_scan_box()
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._scan_box and event.type() == QEvent.Type.KeyPress
                and self.isVisible() and isinstance(event, QKeyEvent)
                and not self._scan_box.text()):
            key = event.key()
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Minus):
                return self.step_quantity(1 if key == Qt.Key.Key_Plus else -1)
            if key == Qt.Key.Key_Delete:
                return self.remove_selected()
        return super().eventFilter(watched, event)

    def camera_codes(self) -> frozenset[CodeKind]:
        return frozenset({CodeKind.PRODUCT, CodeKind.DOCUMENT})  # goods and receipt numbers

    def accepts_camera(self) -> bool:
        # Goods and receipt codes from the camera are welcome; mid-payment a code drifting
        # into view must not add goods behind the total the customer is paying.
        return self.step in (Step.CART, Step.REFUND_FIND, Step.REFUND_PICK) and not self.busy

    def scan(self, text: str) -> None:
        typed = text.strip()
        if self.busy or not typed:
            return
        self._esc_armed = False
        match self.step:
            case Step.CART if RECEIPT_CODE.fullmatch(typed):
                self._clear_refund()
                self.step = Step.REFUND_FIND
                self.scan(typed)
            case Step.CART | Step.REFUND_PICK:
                if quantity := QUANTITY.fullmatch(typed):
                    self._typed_quantity(int(quantity.group(1)), typed)
                else:
                    self.operate(lambda: self.sales.item_for_barcode(typed),
                                     self._item_found)
            case Step.DISCOUNT:
                self._discount_typed(typed)
            case Step.REASON:
                if self._short:
                    self.reasons[self._short.pop(0).sku] = typed
                self._go(Step.REASON if self._short else Step.PAY)
            case Step.PAY:
                self._payment_typed(typed)
            case Step.REFUND_FIND:
                self.operate(lambda: self.sales.sale(typed),
                                 lambda found: self._receipt_found(found, typed))
            case Step.REFUND_REASON:
                self.refund_reason = typed
                self._confirm_refund()
            case Step.FLOAT:
                self._float_typed(typed)

    def enter(self) -> bool:
        if self.busy:
            return True
        self._esc_armed = False
        match self.step:
            case Step.CART:
                if not self.cart:
                    return False
                cart, shifts, staff = self.cart, self.shifts, self.context.staff_id
                self.busy = True
                self.operate(lambda: (self.sales.stock_shortfalls(cart),
                                          shifts.current(staff)), self._payment_ready)
            case Step.PAY:
                self._confirm_sale()
            case Step.DISCOUNT:  # nothing typed: no discount after all
                self._go(Step.CART)
            case Step.REFUND_REASON if self.refund_reason:  # ask the manager again
                self._confirm_refund()
            case Step.REFUND_PICK:
                if not any(self.refund_qty.values()):
                    self._show(self.texts.refused(SaleRefused(SaleRefusal.NOTHING_TO_REFUND)))
                elif self.refund_of is not None and \
                        self.refund_of.payment_method is PaymentMethod.CASH:
                    # Cash goes back from a drawer: ask before the reason and the manager.
                    shifts, staff = self.shifts, self.context.staff_id
                    self.busy = True
                    self.operate(lambda: shifts.current(staff), self._refund_drawer)
                else:
                    self._go(Step.REFUND_REASON)
            case _:
                self.done_showing()  # a reason or code is still expected: the prompt says so
        return True

    def move_choice(self, step: int) -> bool:
        rows = self._row_count()
        if self.step not in (Step.CART, Step.REFUND_PICK) or not rows:
            return False
        self.selected = max(0, min(rows - 1, self.selected + step))
        self._refresh()
        self.done_showing()
        return True

    def space(self) -> bool:
        """In a refund: the selected line all back, or none of it."""
        if self.step is not Step.REFUND_PICK or self.refund_of is None:
            return False
        line = self.refund_of.lines[self.selected]
        current = self.refund_qty.get(line.sku, 0)
        self.refund_qty[line.sku] = 0 if current else line.refundable
        self._refresh()
        self.done_showing()
        return True

    def escape(self) -> None:
        if self.busy:
            return
        match self.step:
            case Step.CART:
                if self.cart and not self._esc_armed:
                    self._esc_armed = True  # one stray Esc must not lose a full cart
                    self._show(Banner(Severity.WARN, self.tr("Empty the cart?"),
                                      self.tr("Press Esc again to remove all %n item(s).", "",
                                              self.cart.units)))
                    return
                self._clear_sale()
                self._go(Step.CART)
            case Step.REFUND_FIND | Step.REFUND_PICK | Step.REFUND_REASON:
                self._clear_refund()
                self._go(Step.CART)
            case Step.FLOAT:  # no shift after all: back to the waiting sale or refund
                self._go(self._after_float)
            case _:  # discount, reason or payment: back to the cart, which stays
                self.cash_given_fen = None
                self.reference = None
                self._short = []
                self._go(Step.CART)

    # --- the cart ---------------------------------------------------------------------------

    def _item_found(self, item: ItemView) -> None:
        if self.step is Step.REFUND_PICK:
            self._returned_item(item)
            return
        if self.step is not Step.CART:  # the step changed while the lookup ran
            self.done_showing()
            return
        self.cart = self.cart.add(item)
        self.selected = self.cart.index_of(item.sku) or 0
        self.context.feedback(True)
        self._cart_changed(item.sku, item.name)

    def _cart_changed(self, sku: str, name: str) -> None:
        """Every change of the cart (scan, + − *N, Delete) says the line and the new total:
        a banner left from an earlier scan would show a total that is no longer true."""
        self._keep_selection()
        index = self.cart.index_of(sku)
        title = self.tr("%1 removed").replace("%1", name) if index is None else \
            f"{name} × {self.cart.lines[index].quantity}"
        self._show(Banner(Severity.OK, title,
                          self.tr("Total now %1. Scan the next item, or press Enter to take "
                                  "payment.").replace("%1", format_fen(self._total()))))

    def _typed_quantity(self, quantity: int, typed: str) -> None:
        if quantity > MAX_QUANTITY:
            self._show(self.texts.bad_quantity(typed))
            return
        if self.step is Step.REFUND_PICK and self.refund_of is not None:
            line = self.refund_of.lines[self.selected]
            if quantity > line.refundable:
                self._show(self.texts.refused(SaleRefused(
                    SaleRefusal.MORE_THAN_SOLD, f"{line.name}: {quantity} > {line.refundable}")))
                return
            self.refund_qty[line.sku] = quantity
        elif self.cart:
            chosen = self.cart.lines[self.selected]
            self.cart = self.cart.with_quantity(chosen.sku, quantity)
            self._cart_changed(chosen.sku, chosen.name)
            return
        self._refresh()
        self.done_showing()

    def step_quantity(self, step: int) -> bool:
        """+ / −: one more or one fewer of the selected line (refund: of what comes back)."""
        if self.step is Step.REFUND_PICK and self.refund_of is not None:
            line = self.refund_of.lines[self.selected]
            wanted = self.refund_qty.get(line.sku, 0) + step
            self.refund_qty[line.sku] = max(0, min(line.refundable, wanted))
        elif self.step is Step.CART and self.cart:
            chosen = self.cart.lines[self.selected]
            self.cart = self.cart.with_quantity(chosen.sku, min(MAX_QUANTITY,
                                                                chosen.quantity + step))
            self._cart_changed(chosen.sku, chosen.name)
            return True
        else:
            return False
        self._refresh()
        self.done_showing()
        return True

    def remove_selected(self) -> bool:
        if self.step is not Step.CART or not self.cart:
            return False
        chosen = self.cart.lines[self.selected]
        self.cart = self.cart.without(chosen.sku)
        self._cart_changed(chosen.sku, chosen.name)
        return True

    def _keep_selection(self) -> None:
        self.selected = max(0, min(self.selected, len(self.cart.lines) - 1))
        if self.discount_fen > self.cart.subtotal_fen:  # the approval was for a bigger cart
            self.discount_fen, self.approver_id = 0, None

    def ask_discount(self) -> None:
        if self.isVisible() and self.step is Step.CART and self.cart and not self.busy:
            self._go(Step.DISCOUNT)

    def _discount_typed(self, typed: str) -> None:
        amount = parse_yuan(typed)
        if amount is None:
            self._show(self.texts.typed_amount_unreadable(typed))
            return
        if amount > self.cart.subtotal_fen:
            self._show(self.texts.refused(SaleRefused(SaleRefusal.BAD_DISCOUNT)))
            return
        if amount:
            self.context.ask_manager(
                self.tr("a discount of %1").replace("%1", format_fen(amount)),
                lambda approver: self._discount_approved(amount, approver))
        else:
            self._discount_approved(0, None)

    def _discount_approved(self, amount: int, approver: int | None) -> None:
        if amount and approver is None:
            self._go(Step.CART)
            self._show(Banner(Severity.INFO, self.tr("No discount"),
                              self.tr("The manager did not approve it; the price stays.")))
            return
        self.discount_fen, self.approver_id = amount, approver
        self._go(Step.CART)

    def _payment_ready(self, found: tuple[list[Shortfall], ShiftView | None]) -> None:
        short, shift = found
        self.busy = False
        self.shift_no = shift.shift_no if shift is not None else None
        self._short = [s for s in short if not self.reasons.get(s.sku)]
        self._go(Step.REASON if self._short else Step.PAY)

    # --- payment ----------------------------------------------------------------------------

    def choose_method(self, method: PaymentMethod) -> None:
        if self.isVisible() and self.step is Step.PAY and not self.busy:
            self.method = method
            self.cash_given_fen = None
            self.reference = None
            self._refresh()
            self.context.show_banner(self._pay_banner())  # the banner asks for this method
            self.done_showing()

    def _pay_banner(self) -> Banner:
        if self._needs_shift():
            return self.texts.no_shift(refund=False)
        total = format_fen(self._total())
        title = self.tr("To pay: %1").replace("%1", total) if self.method is \
            PaymentMethod.CASH else self.tr("To pay: %1 by %2").replace("%1", total).replace(
                "%2", self.texts.method(self.method))
        return Banner(Severity.INFO, title, self.prompt.text())

    def _needs_shift(self) -> bool:
        """Paying in cash with no shift open: no drawer would take the money."""
        return self.method is PaymentMethod.CASH and self.shift_no is None

    def _payment_typed(self, typed: str) -> None:
        if self._needs_shift():
            self._refuse_no_shift()
            return
        if self.method is PaymentMethod.CASH:
            given = parse_yuan(typed)
            if given is None:
                self._show(self.texts.typed_amount_unreadable(typed))
                return
            self.cash_given_fen = given
            if given < self._total():
                self._show(self.texts.refused(SaleRefused(SaleRefusal.CASH_SHORT)))
                return
        else:
            self.reference = typed
        self._refresh()
        self.done_showing()

    def _confirm_sale(self) -> None:
        if self._needs_shift():
            self._refuse_no_shift()
            return
        if self.method is PaymentMethod.CASH and self.cash_given_fen is None:
            self._show(Banner(Severity.INFO, self.tr("Type the cash given"),
                              self.tr("Type what the customer handed over (e.g. 100) and press "
                                      "Enter; the change shows here.")))
            return
        cart, payment = self.cart, Payment(self.method, self.cash_given_fen, self.reference)
        discount, approver, reasons = self.discount_fen, self.approver_id, dict(self.reasons)
        staff = self.context.staff_id
        self.busy = True
        self.operate(lambda: self.sales.sell(cart, staff, payment, discount, approver,
                                                 reasons), self._sold)

    def _refuse_no_shift(self) -> None:
        self.context.feedback(False)
        self._show(self.texts.no_shift(refund=self.step is not Step.PAY))

    # --- a shift for the drawer -------------------------------------------------------------

    def ask_float(self) -> None:
        """Ctrl+O: open the cashier's shift from here (the sale or refund waits on screen)."""
        if not self.isVisible() or self.busy or self.step not in (
                Step.CART, Step.PAY, Step.REFUND_PICK):
            return
        if self.shift_no is not None:
            self._show(Banner(Severity.INFO, self.tr("Shift %1 is open").replace(
                "%1", self.shift_no), self.tr("Cash goes into its drawer.")))
            return
        self._after_float = self.step
        self._go(Step.FLOAT)

    def _float_typed(self, typed: str) -> None:
        fen = parse_yuan(typed)
        if fen is None:
            self._show(self.texts.typed_amount_unreadable(typed))
            return
        shifts, staff = self.shifts, self.context.staff_id
        self.busy = True
        self.operate(lambda: shifts.open(staff, fen), self._shift_opened,
                         self._float_refused)

    def _shift_opened(self, shift: ShiftView) -> None:
        self.busy = False
        self.shift_no = shift.shift_no
        self.step = self._after_float
        self._refresh()
        self.context.feedback(True)
        detail = self.prompt.text()
        if self.step is Step.PAY:
            detail = self.tr("To pay: %1").replace("%1", format_fen(self._total())) + ". " \
                + detail
        self._show(Banner(Severity.OK, self.tr("Shift %1 opened with float %2").replace(
            "%1", shift.shift_no).replace("%2", format_fen(shift.float_fen)), detail))

    def _float_refused(self, error: BaseException) -> None:
        self.busy = False
        if not isinstance(error, ShiftRefused):
            self.show_error(error)
            return
        if error.reason is ShiftRefusal.ALREADY_OPEN:  # opened meanwhile (the shift desk)
            self.shift_no = error.detail
            self.step = self._after_float
        self.context.feedback(False)
        self._show(ShiftMessages(self).refusal(error))

    def _sold(self, done: SaleDone) -> None:
        self.busy = False
        self.last_sale = done.sale
        self._clear_sale()
        self.step = Step.CART
        self.context.print_job(done.job_id)
        self.context.feedback(True)
        self._show(self.texts.sold(done.sale))

    # --- refunds ----------------------------------------------------------------------------

    def start_refund(self) -> None:
        if self.isVisible() and self.step is Step.CART and not self.busy:
            self._clear_refund()
            self._go(Step.REFUND_FIND)
            self.context.show_banner(Banner(Severity.INFO, self.tr(
                "Refund: scan the sale receipt"), self.prompt.text()))

    def _receipt_found(self, sale: SaleView | None, typed: str) -> None:
        if sale is None or sale.original_sale_no is not None or sale.fully_refunded:
            if sale is None:
                refusal = SaleRefused(SaleRefusal.UNKNOWN_SALE, typed[:40])
            elif sale.original_sale_no is not None:
                refusal = SaleRefused(SaleRefusal.REFUND_OF_REFUND, sale.sale_no)
            else:
                refusal = SaleRefused(SaleRefusal.MORE_THAN_SOLD, sale.sale_no)
            self.context.feedback(False)
            self._show(self.texts.refused(refusal))
            return
        self.refund_of = sale
        self.refund_qty = {}
        self.selected = 0
        self._go(Step.REFUND_PICK)

    def _returned_item(self, item: ItemView) -> None:
        assert self.refund_of is not None
        index = next((i for i, line in enumerate(self.refund_of.lines) if line.sku == item.sku),
                     None)
        if index is None:
            self.context.feedback(False)
            self._show(self.texts.refused(SaleRefused(SaleRefusal.NOT_SOLD, item.name)))
            return
        self.selected = index
        line = self.refund_of.lines[index]
        if self.refund_qty.get(item.sku, 0) >= line.refundable:
            self.context.feedback(False)
            self._show(self.texts.refused(SaleRefused(
                SaleRefusal.MORE_THAN_SOLD, f"{line.name}: {line.refundable}")))
            return
        self.refund_qty[item.sku] = self.refund_qty.get(item.sku, 0) + 1
        self.context.feedback(True)
        self._refresh()
        self.done_showing()

    def _refund_drawer(self, shift: ShiftView | None) -> None:
        self.busy = False
        self.shift_no = shift.shift_no if shift is not None else None
        if shift is None:
            self._refuse_no_shift()
        else:
            self._go(Step.REFUND_REASON)

    def _confirm_refund(self) -> None:
        assert self.refund_of is not None
        sale_no, lines = self.refund_of.sale_no, dict(self.refund_qty)
        self.context.ask_manager(self.tr("a refund of %1").replace("%1", sale_no),
                                 lambda approver: self._refund(sale_no, lines, approver))

    def _refund(self, sale_no: str, lines: dict[str, int], approver: int | None) -> None:
        if approver is None:
            self._show(Banner(Severity.INFO, self.tr("Refund not approved"),
                              self.tr("Nothing was refunded. Press Enter to ask again, or Esc "
                                      "to leave the refund.")))
            return
        staff, reason = self.context.staff_id, self.refund_reason
        self.busy = True
        self.operate(lambda: self.sales.refund(sale_no, lines, staff, approver, reason),
                         self._refunded)

    def _refunded(self, done: SaleDone) -> None:
        self.busy = False
        self.last_sale = done.sale  # the panel shows the money paid back, not a sale's change
        self._clear_refund()
        self.step = Step.CART
        self.context.print_job(done.job_id)
        self.context.feedback(True)
        self._show(self.texts.refunded(done.sale))

    # --- refusals ---------------------------------------------------------------------------

    def refusal(self, error: BaseException) -> Banner | None:
        if not isinstance(error, SaleRefused):
            return None
        if error.reason is SaleRefusal.NO_SHIFT:  # closed meanwhile (the shift desk)
            self.shift_no = None
        if error.reason is SaleRefusal.OVERSELL_NEEDS_REASON:  # the book moved meanwhile
            self._short = [Shortfall(line.sku, line.name, line.quantity, 0)
                           for line in self.cart.lines if line.sku in error.skus]
            self.step = Step.REASON
        self._refresh()
        return self.texts.refused(error)

    # --- state and screen -------------------------------------------------------------------

    def _clear_sale(self) -> None:
        self.cart = Cart()
        self.selected = 0
        self.discount_fen, self.approver_id = 0, None
        self.reasons = {}
        self._short = []
        self.method = PaymentMethod.CASH
        self.cash_given_fen = None
        self.reference = None
        self._esc_armed = False

    def _clear_refund(self) -> None:
        self.refund_of = None
        self.refund_qty = {}
        self.refund_reason = ""
        self.selected = 0

    def _go(self, step: Step) -> None:
        self.step = step
        if step is Step.CART and self.refund_of is None:
            self._keep_selection()
        self._refresh()
        if step is Step.PAY:  # the last scan's banner no longer matters: the sum does
            self.context.show_banner(self._pay_banner())
        self.done_showing()

    def _show(self, banner: Banner) -> None:
        self._refresh()
        self.context.show_banner(banner)
        self.done_showing()

    def _total(self) -> int:
        return self.cart.subtotal_fen - self.discount_fen

    def _row_count(self) -> int:
        if self.step is Step.REFUND_PICK and self.refund_of is not None:
            return len(self.refund_of.lines)
        return len(self.cart.lines)

    def _refresh(self) -> None:
        refunding = self.step in (Step.REFUND_PICK, Step.REFUND_REASON) and \
            self.refund_of is not None
        if refunding:
            self._show_refund_table()
        else:
            self._show_cart_table()
        self.prompt.setText(self._prompt())
        self.keys.setText(self._keys())
        if self._scan_box is not None and self.isVisible():
            self._scan_box.setPlaceholderText(self.scan_hint)
        self._show_panel()

    def _show_cart_table(self) -> None:
        self.heading.setText(self.tr("Refund: scan the receipt") if self.step is
                             Step.REFUND_FIND else self.tr("Walk-in sale"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Amount")])
        if self.step is Step.REFUND_FIND:  # the cart waits, out of the way, until the refund
            self._fill([])
            self.totals.setText("")
            self.total_big.setText("")
            return
        self._fill([(line.name, str(line.quantity), format_fen(line.unit_price_fen),
                     format_fen(line.amount_fen)) for line in self.cart.lines])
        parts = [self.tr("%n item(s)", "", self.cart.units),
                 self.tr("Subtotal %1").replace("%1", format_fen(self.cart.subtotal_fen))]
        if self.discount_fen:
            parts.append(self.tr("Discount −%1 (manager approved)")
                         .replace("%1", format_fen(self.discount_fen)))
        self.totals.setText("   ".join(parts))
        self.total_big.setText(self.tr("Total %1").replace("%1", format_fen(self._total())))

    def _show_refund_table(self) -> None:
        sale = self.refund_of
        assert sale is not None
        self.heading.setText(self.tr("Refund of %1 (%2)").replace("%1", sale.sale_no)
                             .replace("%2", self.texts.method(sale.payment_method)))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Sold"), self.tr("Refundable"), self.tr("Refund now")])
        self._fill([(line.name, str(line.quantity), str(line.refundable),
                     str(self.refund_qty.get(line.sku, 0))) for line in sale.lines])
        gross = sum(self.refund_qty.get(line.sku, 0) * line.unit_price_fen
                    for line in sale.lines)
        self.totals.setText(self.tr("Sold for %1, discount %2").replace(
            "%1", format_fen(sale.total_fen)).replace("%2", format_fen(sale.discount_fen)))
        self.total_big.setText(self.tr("Refund goods worth %1").replace("%1", format_fen(gross)))
        if sale.discount_fen:  # the service takes off their share (see services/sales.py)
            self.totals.setText(self.totals.text() + "  " + self.tr(
                "(paid back: less their share of the discount)"))

    def _fill(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if rows:
            self.table.selectRow(min(self.selected, len(rows) - 1))
        else:
            self.table.clearSelection()

    def _show_panel(self) -> None:
        paying = self.step is Step.PAY
        if paying:
            self.method_label.setText(self.tr("Payment: %1").replace(
                "%1", self.texts.method(self.method)))
            if self.method is PaymentMethod.CASH:
                given = self.cash_given_fen
                self.given_label.setText(self.tr("Cash given %1").replace(
                    "%1", format_fen(given) if given is not None else "—"))
                change = given - self._total() if given is not None else None
                self.change_label.setText(self.tr("Change %1").replace(
                    "%1", format_fen(change)) if change is not None and change >= 0 else "")
            else:
                self.given_label.setText(self.tr("Reference %1").replace(
                    "%1", self.reference or "—"))
                self.change_label.setText("")
            self.methods.setText(self.tr("Ctrl+1 Cash · Ctrl+2 WeChat Pay · Ctrl+3 Alipay · "
                                         "Ctrl+4 Bank card"))
        elif self.last_sale is not None and self.step is Step.CART and not self.cart:
            last = self.last_sale
            if last.original_sale_no is not None:  # a refund: money went back, no change
                self.method_label.setText(self.tr("Last refund %1").replace("%1", last.sale_no))
                self.given_label.setText(self.tr("Paid back %1 by %2").replace(
                    "%1", format_fen(last.total_fen)).replace(
                    "%2", self.texts.method(last.payment_method)))
                self.change_label.setText("")
            else:
                self.method_label.setText(self.tr("Last sale %1").replace("%1", last.sale_no))
                self.given_label.setText(self.tr("Total %1").replace(
                    "%1", format_fen(last.total_fen)))
                self.change_label.setText(self.tr("Change %1").replace(
                    "%1", format_fen(last.change_fen)) if last.change_fen is not None else "")
            self.methods.setText("")
        else:
            for label in (self.method_label, self.given_label, self.change_label, self.methods):
                label.setText("")
        self.panel.setVisible(bool(self.method_label.text()))

    def _prompt(self) -> str:
        match self.step:
            case Step.CART:
                return self.tr("Scan the goods.") if not self.cart else self.tr(
                    "Scan more goods, or press Enter to take payment.")
            case Step.DISCOUNT:
                return self.tr("Type the discount in yuan and press Enter (a manager approves "
                               "it). Enter alone: no discount.")
            case Step.REASON if self._short:
                short = self._short[0]
                return (self.tr("%1: selling %2 but only %3 are free to sell (%4 kept for "
                                "ready orders). Type why and press Enter.")
                        .replace("%1", short.name).replace("%2", str(short.wanted))
                        .replace("%3", str(short.book)).replace("%4", str(short.reserved)))
            case Step.PAY:
                if self._needs_shift():
                    return self.tr("No shift open: press Ctrl+O to open one with its float "
                                   "(the sale waits), or take WeChat Pay, Alipay or card "
                                   "(Ctrl+2…4).")
                if self.method is PaymentMethod.CASH:
                    return self.tr("Type the cash given and press Enter; Enter again "
                                   "confirms the sale.")
                return self.tr("Scan or type the payment reference, then press Enter to "
                               "confirm the sale.")
            case Step.REFUND_FIND:
                return self.tr("Scan the QR code on the sale receipt, or type its number.")
            case Step.REFUND_PICK:
                return self.tr("Choose what comes back: ↑ ↓ line, + − or *N quantity, Space "
                               "all of the line, or scan the goods. Enter continues.")
            case Step.REFUND_REASON:
                return self.tr("Type the reason for the refund and press Enter; a manager "
                               "approves it.")
            case Step.FLOAT:
                return self.tr("Open a shift: type the float counted into the drawer (yuan) "
                               "and press Enter. Esc goes back.")
            case _:
                return ""

    def _keys(self) -> str:
        if self.step is Step.CART:
            return self.tr("↑ ↓ line · + − quantity · *3 Enter: quantity 3 · Delete remove · "
                           "Ctrl+D discount · Enter pay · Ctrl+R or scan a receipt: refund · "
                           "Esc Esc empty cart")
        if self.step in (Step.PAY, Step.REFUND_PICK) and self.shift_no is None:
            return self.tr("Ctrl+O open a shift · Esc back")
        return self.tr("Esc back")
