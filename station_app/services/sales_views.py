"""What walk-in sales hand the desk: refusals, the cart (plain data the desk keeps), views.

Nothing here touches the database; `station_app.services.sales` does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from station_app.devices.sale_receipt import PaymentMethod, SaleKind

MAX_QUANTITY = 9999  # more of one item over the counter is a typing slip, not a sale


class SaleRefusal(StrEnum):
    UNKNOWN_BARCODE = "unknown_barcode"  # no catalogue item has this barcode or SKU
    EMPTY_CART = "empty_cart"
    BAD_QUANTITY = "bad_quantity"  # zero, negative or absurd (> MAX_QUANTITY)
    DUPLICATE_LINE = "duplicate_line"
    UNKNOWN_SKU = "unknown_sku"
    PRICE_CHANGED = "price_changed"  # the catalogue price moved while the cart was built
    NOT_ALLOWED = "not_allowed"  # the seller is not active staff
    NEEDS_MANAGER = "needs_manager"  # a discount or a refund without a manager's approval
    BAD_DISCOUNT = "bad_discount"  # negative, or more than the subtotal
    BAD_PAYMENT_METHOD = "bad_payment_method"
    CASH_SHORT = "cash_short"  # less cash given than the total
    CASH_ABSURD = "cash_absurd"  # cash given missing, or far above the total
    PAYMENT_REF_MISSING = "payment_ref_missing"
    BAD_PAYMENT_REF = "bad_payment_ref"
    OVERSELL_NEEDS_REASON = "oversell_needs_reason"
    UNKNOWN_SALE = "unknown_sale"  # no sale with this receipt code
    REFUND_OF_REFUND = "refund_of_refund"
    NOT_SOLD = "not_sold"  # the refund names an item the sale did not have
    MORE_THAN_SOLD = "more_than_sold"  # more than sold minus already refunded
    NOTHING_TO_REFUND = "nothing_to_refund"
    REASON_MISSING = "reason_missing"
    NO_SHIFT = "no_shift"  # cash with no open shift of the cashier: no drawer to take it


class SaleRefused(Exception):
    """A sale or refund the counter must not record. Nothing was written.

    `skus` names the lines concerned (for oversell: those needing a reason).
    """

    def __init__(self, reason: SaleRefusal, detail: str = "",
                 skus: tuple[str, ...] = ()) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.skus = skus


# --- plain data the desk holds ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    sku: str
    name: str
    unit: str
    price_fen: int
    barcode: str | None
    book: int  # the stock balance now


@dataclass(frozen=True)
class CartLine:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price_fen: int

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class Cart:
    """What the customer is buying, in scan order. Immutable: each change returns a new cart."""

    lines: tuple[CartLine, ...] = ()

    @property
    def subtotal_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def index_of(self, sku: str) -> int | None:
        return next((i for i, line in enumerate(self.lines) if line.sku == sku), None)

    def add(self, item: ItemView, quantity: int = 1) -> Cart:
        """One more of `item` (the same barcode again adds to its line)."""
        index = self.index_of(item.sku)
        if index is None:
            return Cart((*self.lines, CartLine(item.sku, item.name, item.unit, quantity,
                                               item.price_fen)))
        line = self.lines[index]
        return self.with_quantity(item.sku, line.quantity + quantity)

    def with_quantity(self, sku: str, quantity: int) -> Cart:
        """The line's quantity set; 0 or less removes it. The service judges absurd numbers."""
        if quantity <= 0:
            return self.without(sku)
        return Cart(tuple(replace(line, quantity=quantity) if line.sku == sku else line
                          for line in self.lines))

    def without(self, sku: str) -> Cart:
        return Cart(tuple(line for line in self.lines if line.sku != sku))


@dataclass(frozen=True)
class Payment:
    method: PaymentMethod | str
    cash_given_fen: int | None = None  # cash only
    reference: str | None = None  # WeChat, Alipay, card: the transaction number


@dataclass(frozen=True)
class Shortfall:
    sku: str
    name: str
    wanted: int
    book: int  # what is free to sell: the book less the goods kept for ready orders
    reserved: int = 0  # units on the shelf that belong to ready orders


@dataclass(frozen=True)
class SaleLineView:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price_fen: int
    refunded: int  # units of this line refunded so far (sales only)
    oversell_reason: str | None

    @property
    def refundable(self) -> int:
        return self.quantity - self.refunded

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class SaleView:
    sale_no: str
    kind: SaleKind
    sold_at: datetime
    staff_name: str
    lines: tuple[SaleLineView, ...]
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    payment_method: PaymentMethod
    payment_ref: str | None
    cash_given_fen: int | None
    change_fen: int | None
    approved_by: int | None
    reason: str | None
    original_sale_no: str | None  # refunds only
    refund_nos: tuple[str, ...]  # sales only: its refunds, oldest first
    refunded_fen: int  # sales only: money paid back so far

    @property
    def fully_refunded(self) -> bool:
        return all(line.refundable == 0 for line in self.lines)


@dataclass(frozen=True)
class SaleDone:
    sale: SaleView
    event_id: str
    job_id: int
