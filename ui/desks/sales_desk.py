"""The walk-in sales desk (门店零售): scan goods into a cart, take payment, print; refunds.

Everything is worked from the window's scan box. What the box expects next (a barcode, the
cash given, a payment reference, a reason, a receipt code) is written large above the cart, so
staff never guess what Enter will do. The cart lives here, on screen, until the sale is paid:
nothing reaches the database before that.

The desk is the controller: it keeps the state, runs the core's work with `operate`, and hands
the screen (sales_screen.py) a snapshot to paint. The money on screen (totals, change, the
discount cap, what a refund takes back and pays back) is the core's (services/sales_views.py).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.devices.sale_receipt import PaymentMethod
from station_app.domain.scan_text import CodeKind
from station_app.money import parse_yuan
from station_app.services.sales import (
    MAX_QUANTITY,
    Cart,
    ItemView,
    Payment,
    SaleDone,
    SaleRefusal,
    SaleRefused,
    SaleView,
    Shortfall,
)
from station_app.services.sales_views import Checkout, discount_fits
from station_app.services.shifts import Shifts, ShiftView
from ui.desks.base import Desk, DeskContext
from ui.desks.sales_drawer import DrawerShift
from ui.desks.sales_messages import SalesMessages
from ui.desks.sales_refunds import SaleRefunds
from ui.desks.sales_scale import SalesScale, selling
from ui.desks.sales_screen import SalesScreen, SalesState, Step
from ui.messages import Banner, Severity

# "*3" (or x3) + Enter: the selected line's quantity. Barcodes and SKUs never start with these.
QUANTITY = re.compile(r"[*xX×](\d{1,7})")
# A sale or refund receipt's code, e.g. S-XF01-20261125-0001: scanned at the cart, it starts a
# refund (staff hold up the receipt rather than press Ctrl+R first).
RECEIPT_CODE = re.compile(r"[SR]-[A-Z0-9]{1,16}-\d{8}-\d{4,}")
METHOD_KEYS = (PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.CARD)
__all__ = ["SalesDesk", "Step", "parse_yuan"]  # parse_yuan: the core's, where it always was


class SalesDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.sales = selling(counter)  # with the counter's scale-label rules
        self.texts = SalesMessages(self)
        # Cash needs the cashier's open shift (services/sales.py): the desk asks for it before
        # payment and offers to open one here, the sale waiting on screen.
        self.shifts = Shifts(counter.db, counter.station_id, counter.clock,
                             counter.settings.cash_variance_threshold_fen,
                             counter.settings.blind_close, counter.settings.receipt_language)
        self.drawer = DrawerShift(self)  # the cashier's shift, whose drawer takes the cash
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
        self.refunds = SaleRefunds(self)  # Ctrl+R, or a receipt scanned at the cart
        self.scale = SalesScale(self)  # goods sold by weight, scale labels, the pole display
        self.last_sale: SaleView | None = None
        self.busy = False  # a sale or refund is on its way: a second Enter sends nothing
        self._esc_armed = False
        self._scan_box: QLineEdit | None = None
        self.page = SalesScreen(self.texts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        # Qt ignores the shortcuts of a hidden desk, so other desks may use the same keys.
        self._shortcuts = [
            QShortcut(QKeySequence(keys), self, action)
            for keys, action in (("Ctrl+D", self.ask_discount), ("Ctrl+R", self.start_refund),
                                 ("Ctrl+O", self.drawer.ask_float),
                                 *((f"Ctrl+{n}", lambda m=m: self.choose_method(m))
                                   for n, m in enumerate(METHOD_KEYS, 1)))]
        self.refresh()

    def retranslate(self) -> None:
        self.refresh()

    @property
    def title(self) -> str:
        return self.tr("Sales")

    @property
    def scan_hint(self) -> str:
        return self.page.scan_hint(self.step, self.method)

    # The accessibility checks read these two on the desk (tests/gui/test_accessibility.py).
    @property
    def panel(self) -> QFrame:
        return self.page.panel

    @property
    def total_big(self) -> QLabel:
        return self.page.total_big

    @property
    def checkout(self) -> Checkout:
        """The cart's money as the core works it out: subtotal, discount, total, change."""
        return Checkout.of(self.cart, self.discount_fen, self.cash_given_fen)

    # --- the window's keys ------------------------------------------------------------------

    def activated(self) -> None:
        # + − and Delete on an empty scan box work the cart; the window only routes Enter,
        # ↑ ↓, Space and Esc to desks, so the desk listens on the box itself.
        self._scan_box = self.watch_scan_box()
        self.refresh()

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
                self.refunds.clear()
                self.step = Step.REFUND_FIND
                self.scan(typed)
            case Step.CART | Step.REFUND_PICK:
                if quantity := QUANTITY.fullmatch(typed):
                    self._typed_quantity(int(quantity.group(1)), typed)
                else:
                    self.operate(lambda: self.sales.item_for_barcode(typed), self._item_found)
            case Step.REFUND_FIND | Step.REFUND_REASON:
                self.refunds.scan(typed)
            case Step.DISCOUNT:
                self._discount_typed(typed)
            case Step.REASON:
                if self._short:
                    self.reasons[self._short.pop(0).sku] = typed
                self.go(Step.REASON if self._short else Step.PAY)
            case Step.PAY:
                self._payment_typed(typed)
            case Step.FLOAT:
                self.drawer.float_typed(typed)

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
                self.operate(lambda: (self.sales.stock_shortfalls(cart), shifts.current(staff)),
                             self._payment_ready)
            case Step.PAY:
                self._confirm_sale()
            case Step.DISCOUNT:  # nothing typed: no discount after all
                self.go(Step.CART)
            case Step.REFUND_FIND | Step.REFUND_PICK | Step.REFUND_REASON:
                self.refunds.enter()
            case _:
                self.done_showing()  # a reason or code is still expected: the prompt says so
        return True

    def move_choice(self, step: int) -> bool:
        rows = self._row_count()
        if self.step not in (Step.CART, Step.REFUND_PICK) or not rows:
            return False
        self.selected = max(0, min(rows - 1, self.selected + step))
        self.refresh()
        self.done_showing()
        return True

    def space(self) -> bool:
        """In a refund: the selected line all back, or none of it."""
        return self.refunds.all_or_none()

    def escape(self) -> None:
        if self.busy:
            return
        match self.step:
            case Step.CART:
                if self.scale.cancel():  # waiting for the scale: stop waiting, keep the cart
                    return
                if self.cart and not self._esc_armed:
                    self._esc_armed = True  # one stray Esc must not lose a full cart
                    self.say(self.texts.empty_cart_asked(self.cart.units))
                    return
                self._clear_sale()
                self.go(Step.CART)
            case Step.REFUND_FIND | Step.REFUND_PICK | Step.REFUND_REASON:
                self.refunds.clear()
                self.go(Step.CART)
            case Step.FLOAT:  # no shift after all: back to the waiting sale or refund
                self.drawer.back()
            case _:  # discount, reason or payment: back to the cart, which stays
                self.cash_given_fen = None
                self.reference = None
                self._short = []
                self.go(Step.CART)

    # --- the cart ---------------------------------------------------------------------------

    def _item_found(self, item: ItemView) -> None:
        if self.step is Step.REFUND_PICK:
            self.refunds.returned_item(item)
            return
        # The step changed while the lookup ran, or the scale side deals with it (sales_scale.py)
        if self.step is not Step.CART or self.scale.takes(item):
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
        quantity = None if index is None else self.cart.lines[index].quantity
        self.say(self.texts.cart_changed(name, quantity, self.checkout.total_fen))

    def _typed_quantity(self, quantity: int, typed: str) -> None:
        if quantity > MAX_QUANTITY:
            self.say(self.texts.bad_quantity(typed))
            return
        if self.step is Step.REFUND_PICK:
            self.refunds.typed_quantity(quantity)
            return
        if self.cart:
            chosen = self.cart.lines[self.selected]
            self.cart = self.cart.with_quantity(chosen.sku, quantity)
            self._cart_changed(chosen.sku, chosen.name)
            return
        self.refresh()
        self.done_showing()

    def step_quantity(self, step: int) -> bool:
        """+ / −: one more or one fewer of the selected line (refund: of what comes back)."""
        if self.step is not Step.CART or not self.cart:
            return self.refunds.step_quantity(step)
        chosen = self.cart.lines[self.selected]
        self.cart = self.cart.with_quantity(chosen.sku, min(MAX_QUANTITY, chosen.quantity + step))
        self._cart_changed(chosen.sku, chosen.name)
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
        if not self.checkout.discount_fits:  # the approval was for a bigger cart
            self.discount_fen, self.approver_id = 0, None

    def ask_discount(self) -> None:
        if self.isVisible() and self.step is Step.CART and self.cart and not self.busy:
            self.go(Step.DISCOUNT)

    def _discount_typed(self, typed: str) -> None:
        amount = parse_yuan(typed)
        if amount is None:
            self.say(self.texts.typed_amount_unreadable(typed))
            return
        if not discount_fits(amount, self.cart.subtotal_fen):
            self.say(self.texts.refused(SaleRefused(SaleRefusal.BAD_DISCOUNT)))
            return
        if amount:
            self.context.ask_manager(self.texts.discount_asked(amount),
                                     lambda approver: self._discount_approved(amount, approver))
        else:
            self._discount_approved(0, None)

    def _discount_approved(self, amount: int, approver: int | None) -> None:
        if amount and approver is None:
            self.go(Step.CART)
            self.say(self.texts.no_discount())
            return
        self.discount_fen, self.approver_id = amount, approver
        self.go(Step.CART)

    def _payment_ready(self, found: tuple[list[Shortfall], ShiftView | None]) -> None:
        short, shift = found
        self.busy = False
        self.drawer.known(shift)
        self._short = [s for s in short if not self.reasons.get(s.sku)]
        self.go(Step.REASON if self._short else Step.PAY)

    # --- payment ----------------------------------------------------------------------------

    def choose_method(self, method: PaymentMethod) -> None:
        if self.isVisible() and self.step is Step.PAY and not self.busy:
            self.method = method
            self.cash_given_fen = None
            self.reference = None
            self.refresh()
            self.context.show_banner(self._pay_banner())  # the banner asks for this method
            self.done_showing()

    def _pay_banner(self) -> Banner:
        if self.drawer.needs_shift(self.method):
            return self.texts.no_shift(refund=False)
        return Banner(Severity.INFO, self.texts.to_pay(self.checkout.total_fen, self.method),
                      self.page.prompt.text())

    def _payment_typed(self, typed: str) -> None:
        if self.drawer.needs_shift(self.method):
            self.drawer.refuse()
            return
        if self.method is PaymentMethod.CASH:
            given = parse_yuan(typed)
            if given is None:
                self.say(self.texts.typed_amount_unreadable(typed))
                return
            self.cash_given_fen = given
            if self.checkout.cash_short:
                self.say(self.texts.refused(SaleRefused(SaleRefusal.CASH_SHORT)))
                return
        else:
            self.reference = typed
        self.refresh()
        self.done_showing()

    def _confirm_sale(self) -> None:
        if self.drawer.needs_shift(self.method):
            self.drawer.refuse()
            return
        if self.method is PaymentMethod.CASH and self.cash_given_fen is None:
            self.say(self.texts.cash_given_needed())
            return
        cart, payment = self.cart, Payment(self.method, self.cash_given_fen, self.reference)
        discount, approver, reasons = self.discount_fen, self.approver_id, dict(self.reasons)
        staff = self.context.staff_id
        self.busy = True
        self.operate(lambda: self.sales.sell(cart, staff, payment, discount, approver, reasons),
                     self._sold)

    def _sold(self, done: SaleDone) -> None:
        self.busy = False
        self.last_sale = done.sale
        self._clear_sale()
        self.step = Step.CART
        self.context.print_job(done.job_id)
        self.context.feedback(True)
        self.say(self.texts.sold(done.sale))

    # --- refunds (sales_refunds.py) ----------------------------------------------------------

    def start_refund(self) -> None:
        if self.isVisible() and self.step is Step.CART and not self.busy:
            self.refunds.start()

    # --- refusals ---------------------------------------------------------------------------

    def refusal(self, error: BaseException) -> Banner | None:
        if not isinstance(error, SaleRefused):
            return None
        if error.reason is SaleRefusal.NO_SHIFT:  # closed meanwhile (the shift desk)
            self.drawer.known(None)
        if error.reason is SaleRefusal.OVERSELL_NEEDS_REASON:  # the book moved meanwhile
            self._short = [Shortfall(line.sku, line.name, line.quantity, 0)
                           for line in self.cart.lines if line.sku in error.skus]
            self.step = Step.REASON
        self.refresh()
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

    def go(self, step: Step) -> None:
        self.step = step
        if step is Step.CART and self.refunds.pick is None:
            self._keep_selection()
        self.refresh()
        if step is Step.PAY:  # the last scan's banner no longer matters: the sum does
            self.context.show_banner(self._pay_banner())
        self.done_showing()

    def say(self, banner: Banner) -> None:
        self.refresh()
        self.context.show_banner(banner)
        self.done_showing()

    def _row_count(self) -> int:
        return self.refunds.rows if self.step is Step.REFUND_PICK else len(self.cart.lines)

    def refresh(self) -> None:
        state = SalesState(
            step=self.step, cart=self.cart, checkout=self.checkout, selected=self.selected,
            method=self.method, reference=self.reference,
            shift_open=self.drawer.shift_no is not None,
            needs_shift=self.drawer.needs_shift(self.method),
            short=self._short[0] if self._short else None, refund=self.refunds.pick,
            last_sale=self.last_sale)
        self.page.show_state(state)
        if self.isVisible():  # the customer display follows the desk on show
            self.context.tell_resident(state.for_resident())
            self.scale.follow(state)  # and the pole display
        if self._scan_box is not None and self.isVisible():
            self._scan_box.setPlaceholderText(self.scan_hint)
