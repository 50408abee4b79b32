"""What the sales desk shows: the cart or the refund, what to type now, the totals and the
payment panel.

A view only: `SalesScreen.show_state` paints a `SalesState` snapshot the desk (the controller,
sales_desk.py) hands it. Every figure comes from the core's views (`Checkout`, `RefundPick`
and its `RefundQuote`, services/sales_views.py), formatted by `station_app.money`: the refund
shown is what `Sales.refund` pays back, to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.sale_receipt import PaymentMethod
from station_app.money import format_fen
from station_app.services.sales_views import (
    Cart,
    Checkout,
    RefundPick,
    SaleView,
    Shortfall,
)
from ui.desks.sales_messages import SalesMessages
from ui.desks.sales_scale_words import quantity_text
from ui.desks.widgets import read_only_rows
from ui.language_change import Retranslated
from ui.resident_view import ResidentCart, ResidentCartLine, ResidentIdle, ResidentView


class Step(StrEnum):
    CART = "cart"  # scanning goods
    DISCOUNT = "discount"  # typing a discount amount
    REASON = "reason"  # typing why a line sells beyond the book
    PAY = "pay"  # cash given or payment reference, Enter confirms
    REFUND_FIND = "refund_find"  # scanning the receipt code
    REFUND_PICK = "refund_pick"  # choosing what comes back
    REFUND_REASON = "refund_reason"  # typing why, then a manager approves
    FLOAT = "float"  # Ctrl+O: the float of a new shift, for cash to have a drawer


@dataclass(frozen=True)
class SalesState:
    """The desk as the screen paints it."""

    step: Step
    cart: Cart
    checkout: Checkout  # the cart's money: subtotal, discount, total, cash given, change
    selected: int  # the chosen row of the cart or the refund
    method: PaymentMethod
    reference: str | None
    shift_open: bool  # the cashier's shift, as last asked
    needs_shift: bool  # paying cash with no shift open: no drawer would take the money
    short: Shortfall | None  # the line whose reason is asked
    refund: RefundPick | None
    last_sale: SaleView | None  # or refund, shown in the panel until the next cart

    @property
    def refunding(self) -> bool:
        return self.step in (Step.REFUND_PICK, Step.REFUND_REASON) and self.refund is not None

    def for_resident(self) -> ResidentView:
        """What the customer display shows: the cart with its payment (the method, and for
        cash the cash given and the change once it covers the total), then the sale just
        paid; idle for a refund or an empty cart. Never the payment reference, a reason or
        anything else staff type."""
        if self.step in (Step.REFUND_FIND, Step.REFUND_PICK, Step.REFUND_REASON):
            return ResidentIdle()
        if self.cart:
            paying = self.step is Step.PAY
            change = self.checkout.change_fen if paying else None
            return ResidentCart(
                tuple(ResidentCartLine(line.name, line.quantity, line.amount_fen)
                      for line in self.cart.lines), self.checkout.total_fen,
                self.method.value if paying else None,
                self.checkout.cash_given_fen if change is not None else None, change)
        last = self.last_sale
        if last is None or last.original_sale_no is not None:  # nothing sold, or a refund
            return ResidentIdle()
        return ResidentCart(tuple(ResidentCartLine(line.name, line.quantity, line.amount_fen)
                                  for line in last.lines), last.total_fen,
                            last.payment_method.value, last.cash_given_fen, last.change_fen,
                            paid=True)


class SalesScreen(Retranslated, QWidget):
    def __init__(self, texts: SalesMessages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setProperty("role", "prompt")
        self.table = self._lines_table()
        self.totals = QLabel()
        self.totals.setObjectName("cartTotals")
        self.total_big = QLabel()
        self.total_big.setProperty("role", "grand-total")
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self.keys.setObjectName("hints")
        self.panel = self._payment_panel()

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
        self.retranslate()

    def retranslate(self) -> None:
        """The words set once; what the desk shows is drawn again by the desk."""
        self.prompt.setAccessibleName(self.tr("What to type now"))
        self.total_big.setAccessibleName(self.tr("Total"))
        self.table.setAccessibleName(self.tr("Cart"))
        self.table.setAccessibleDescription(self.tr(
            "One row per product: quantity, unit price and amount; ↑ ↓ choose"))
        self.change_label.setAccessibleName(self.tr("Change"))


    def _lines_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setObjectName("lines")
        read_only_rows(table)  # keys stay with the scan box
        table.setShowGrid(False)
        table.verticalHeader().setDefaultSectionSize(44)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _payment_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        panel.setFixedWidth(380)
        self.method_label = QLabel()
        self.method_label.setObjectName("paymentMethod")
        self.given_label = QLabel()
        self.given_label.setObjectName("cashGiven")
        self.change_label = QLabel()
        self.change_label.setProperty("role", "change-due")
        self.change_label.setWordWrap(True)
        for label in (self.method_label, self.given_label):
            label.setWordWrap(True)
        self.methods = QLabel()
        self.methods.setWordWrap(True)
        self.methods.setProperty("role", "hint")
        side = QVBoxLayout(panel)
        for widget in (self.method_label, self.given_label, self.change_label, self.methods):
            side.addWidget(widget)
        side.addStretch(1)
        return panel

    # --- painting ---------------------------------------------------------------------------

    def show_state(self, state: SalesState) -> None:
        if state.refunding and state.refund is not None:
            self._show_refund(state.refund, state.selected)
        else:
            self._show_cart(state)
        self.prompt.setText(self._prompt(state))
        self.keys.setText(self._keys(state))
        self._show_panel(state)

    def scan_hint(self, step: Step, method: PaymentMethod) -> str:
        """The scan box's placeholder: what Enter takes now."""
        match step:
            case Step.PAY if method is PaymentMethod.CASH:
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

    def _show_cart(self, state: SalesState) -> None:
        finding = state.step is Step.REFUND_FIND
        self.heading.setText(self.tr("Refund: scan the receipt") if finding
                             else self.tr("Walk-in sale"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Amount")])
        if finding:  # the cart waits, out of the way, until the refund
            self._fill([], state.selected)
            self.totals.setText("")
            self.total_big.setText("")
            return
        cart, checkout = state.cart, state.checkout
        self._fill([(line.name, quantity_text(line), format_fen(line.unit_price_fen),
                     format_fen(line.amount_fen)) for line in cart.lines], state.selected)
        parts = [self.tr("%n item(s)", "", cart.units),
                 self.tr("Subtotal %1").replace("%1", format_fen(checkout.subtotal_fen))]
        if checkout.discount_fen:
            parts.append(self.tr("Discount −%1 (manager approved)")
                         .replace("%1", format_fen(checkout.discount_fen)))
        self.totals.setText("   ".join(parts))
        self.total_big.setText(self.tr("Total %1").replace("%1",
                                                           format_fen(checkout.total_fen)))

    def _show_refund(self, pick: RefundPick, selected: int) -> None:
        sale, quote = pick.sale, pick.quote
        self.heading.setText(self.tr("Refund of %1 (%2)").replace("%1", sale.sale_no)
                             .replace("%2", self.texts.method(sale.payment_method)))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Sold"), self.tr("Refundable"), self.tr("Refund now")])
        self._fill([(line.name, str(line.quantity), str(line.refundable),
                     str(pick.quantity(line.sku))) for line in sale.lines], selected)
        totals = self.tr("Sold for %1, discount %2").replace(
            "%1", format_fen(sale.total_fen)).replace("%2", format_fen(sale.discount_fen))
        if quote.discount_fen:  # the goods' share of the sale's discount stays with the sale
            totals += "   " + self.tr("Goods %1 − their share of the discount %2").replace(
                "%1", format_fen(quote.gross_fen)).replace("%2", format_fen(quote.discount_fen))
        self.totals.setText(totals)
        self.total_big.setText(self.tr("Pay back %1").replace("%1",
                                                              format_fen(quote.total_fen)))

    def _fill(self, rows: list[tuple[str, str, str, str]], selected: int) -> None:
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if rows:
            self.table.selectRow(min(selected, len(rows) - 1))
        else:
            self.table.clearSelection()

    def _show_panel(self, state: SalesState) -> None:
        if state.step is Step.PAY:
            self._show_payment(state)
        elif state.last_sale is not None and state.step is Step.CART and not state.cart:
            self._show_last(state.last_sale)
        else:
            for label in (self.method_label, self.given_label, self.change_label, self.methods):
                label.setText("")
        self.panel.setVisible(bool(self.method_label.text()))

    def _show_payment(self, state: SalesState) -> None:
        self.method_label.setText(self.tr("Payment: %1").replace(
            "%1", self.texts.method(state.method)))
        if state.method is PaymentMethod.CASH:
            given, change = state.checkout.cash_given_fen, state.checkout.change_fen
            self.given_label.setText(self.tr("Cash given %1").replace(
                "%1", format_fen(given) if given is not None else "—"))
            self.change_label.setText(self.tr("Change %1").replace(
                "%1", format_fen(change)) if change is not None else "")
        else:
            self.given_label.setText(self.tr("Reference %1").replace(
                "%1", state.reference or "—"))
            self.change_label.setText("")
        self.methods.setText(self.tr("Ctrl+1 Cash · Ctrl+2 WeChat Pay · Ctrl+3 Alipay · "
                                     "Ctrl+4 Bank card"))

    def _show_last(self, last: SaleView) -> None:
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

    def _prompt(self, state: SalesState) -> str:
        match state.step:
            case Step.CART:
                return self.tr("Scan the goods.") if not state.cart else self.tr(
                    "Scan more goods, or press Enter to take payment.")
            case Step.DISCOUNT:
                return self.tr("Type the discount in yuan and press Enter (a manager approves "
                               "it). Enter alone: no discount.")
            case Step.REASON if state.short is not None:
                short = state.short
                return (self.tr("%1: selling %2 but only %3 are free to sell (%4 kept for "
                                "ready orders). Type why and press Enter.")
                        .replace("%1", short.name).replace("%2", str(short.wanted))
                        .replace("%3", str(short.book)).replace("%4", str(short.reserved)))
            case Step.PAY:
                return self._pay_prompt(state)
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

    def _pay_prompt(self, state: SalesState) -> str:
        if state.needs_shift:
            return self.tr("No shift open: press Ctrl+O to open one with its float (the sale "
                           "waits), or take WeChat Pay, Alipay or card (Ctrl+2…4).")
        if state.method is PaymentMethod.CASH:
            return self.tr("Type the cash given and press Enter; Enter again confirms the "
                           "sale.")
        return self.tr("Scan or type the payment reference, then press Enter to confirm the "
                       "sale.")

    def _keys(self, state: SalesState) -> str:
        if state.step is Step.CART:
            return self.tr("↑ ↓ line · + − quantity · *3 Enter: quantity 3 · Delete remove · "
                           "Ctrl+D discount · Enter pay · Ctrl+R or scan a receipt: refund · "
                           "Esc Esc empty cart")
        if state.step in (Step.PAY, Step.REFUND_PICK) and not state.shift_open:
            return self.tr("Ctrl+O open a shift · Esc back")
        return self.tr("Esc back")
