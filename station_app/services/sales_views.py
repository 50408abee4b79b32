"""What walk-in sales hand the desk: refusals, the cart (plain data the desk keeps), views,
and the money rules both the desk and the service apply: a checkout's total and change, the
discount cap, what a refund may take back and what it pays back.

Nothing here touches the database; `station_app.services.sales` does. The desk shows these
figures and the service records them from the same functions, so the screen and the money
cannot differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from station_app.devices.sale_receipt import PaymentMethod, SaleKind
from station_app.money import round_half_up

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
    # A scale label that must not sell (domain/scale_barcode.py: the detail names the problem:
    # bad check digit, unknown PLU, zero or absurd weight or price).
    SCALE_LABEL = "scale_label"
    ALREADY_WEIGHED = "already_weighed"  # a weighed line of this item is in the cart already


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
    sold_by_weight: bool = False  # price_fen is per kilogram: weigh it before it sells
    # A weighed pack (scale label or counter scale): what it weighed, and where price_fen,
    # the pack's price, came from (PRICE_FROM_CODE or PRICE_FROM_WEIGHT).
    weight_g: int | None = None
    price_source: str | None = None


@dataclass(frozen=True)
class CartLine:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price_fen: int
    weight_g: int | None = None  # a weighed pack: always quantity 1, its price the pack's
    price_source: str | None = None  # None: the catalogue's price

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


# Where a weighed line's price came from (sale_line.price_source; None: the catalogue).
PRICE_FROM_CODE = "code"  # printed in the scale label: it wins over the catalogue
PRICE_FROM_WEIGHT = "weight"  # the catalogue's price per kilogram times the weight


def weighed_price_fen(price_per_kg_fen: int, weight_g: int) -> int:
    """A weighed pack's price: price per kilogram × weight, to the nearest fen (halves up)."""
    return round_half_up(price_per_kg_fen * weight_g, 1000)


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
        """One more of `item` (the same barcode again adds to its line). A weighed pack is a
        line of its own, once: the desk refuses a second (ALREADY_WEIGHED) before adding."""
        index = self.index_of(item.sku)
        if index is None:
            return Cart((*self.lines, CartLine(
                item.sku, item.name, item.unit, 1 if item.weight_g else quantity, item.price_fen,
                item.weight_g, item.price_source)))
        line = self.lines[index]
        return self.with_quantity(item.sku, line.quantity + quantity)

    def with_quantity(self, sku: str, quantity: int) -> Cart:
        """The line's quantity set; 0 or less removes it. The service judges absurd numbers."""
        if quantity <= 0:
            return self.without(sku)
        return Cart(tuple(replace(line, quantity=quantity)
                          if line.sku == sku and line.weight_g is None else line
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
    # Sales only: its refunds' goods at their sale price, and their shares of the discount
    # (refunded_fen = refunded_gross_fen − refunded_discount_fen); see quote_refund.
    refunded_gross_fen: int = 0
    refunded_discount_fen: int = 0

    @property
    def fully_refunded(self) -> bool:
        return all(line.refundable == 0 for line in self.lines)

    def line_index(self, sku: str) -> int | None:
        return next((i for i, line in enumerate(self.lines) if line.sku == sku), None)


@dataclass(frozen=True)
class SaleDone:
    sale: SaleView
    event_id: str
    job_id: int


# --- the money of a sale ---------------------------------------------------------------------


def needs_drawer(method: PaymentMethod) -> bool:
    """Cash passes a drawer, so it needs the cashier's open shift (services/sales.py)."""
    return method is PaymentMethod.CASH


def discount_fits(discount_fen: int, subtotal_fen: int) -> bool:
    """A discount the counter may give: not negative, and not more than the subtotal."""
    return 0 <= discount_fen <= subtotal_fen


@dataclass(frozen=True)
class Checkout:
    """What a cart costs and what the cash given comes to. The desk shows these figures while
    the customer pays; `Sales.sell` records the total and the change from the same view."""

    subtotal_fen: int
    discount_fen: int = 0
    cash_given_fen: int | None = None  # cash only, once typed

    @classmethod
    def of(cls, cart: Cart, discount_fen: int = 0,
           cash_given_fen: int | None = None) -> Checkout:
        return cls(cart.subtotal_fen, discount_fen, cash_given_fen)

    @property
    def discount_fits(self) -> bool:
        return discount_fits(self.discount_fen, self.subtotal_fen)

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen - self.discount_fen

    @property
    def short_by_fen(self) -> int:
        """Cash still missing: 0 once enough is given, and before any is."""
        given = self.cash_given_fen
        return 0 if given is None else max(0, self.total_fen - given)

    @property
    def cash_short(self) -> bool:
        return self.short_by_fen > 0

    @property
    def change_fen(self) -> int | None:
        """The change to hand back; None before the cash is given, and while it is short."""
        given = self.cash_given_fen
        return None if given is None or self.cash_short else given - self.total_fen


# --- the money of a refund -------------------------------------------------------------------


@dataclass(frozen=True)
class RefundQuote:
    """One refund's money: the goods at their sale price less their share of the sale's
    discount. `Sales.refund` records and pays back exactly `total_fen`."""

    gross_fen: int
    discount_fen: int  # this refund's share of the sale's discount

    @property
    def total_fen(self) -> int:
        return self.gross_fen - self.discount_fen


def quote_refund(sale: SaleView, quantities: Mapping[str, int]) -> RefundQuote:
    """What refunding `quantities` (SKU → units) of `sale` pays back, after its earlier refunds.

    The discount's share is cumulative, rounded half up to the fen: the discount refunded once
    this refund is done is round(discount × gross refunded so far / subtotal), and this refund
    carries the difference to what the earlier ones carried. Refunding everything, in any
    number of steps, pays back exactly what the customer paid."""
    gross = sum(quantities.get(line.sku, 0) * line.unit_price_fen for line in sale.lines)
    if not sale.discount_fen or not sale.subtotal_fen:
        return RefundQuote(gross, 0)
    after = round_half_up(sale.discount_fen * (sale.refunded_gross_fen + gross),
                          sale.subtotal_fen)
    return RefundQuote(gross, after - sale.refunded_discount_fen)


def refund_source(sale: SaleView | None, code: str) -> SaleView:
    """The sale a refund may start from, found by its receipt code. Raises
    SaleRefused(UNKNOWN_SALE / REFUND_OF_REFUND / MORE_THAN_SOLD when all of it came back)."""
    if sale is None:
        raise SaleRefused(SaleRefusal.UNKNOWN_SALE, code.strip()[:40])
    if sale.kind is not SaleKind.SALE:
        raise SaleRefused(SaleRefusal.REFUND_OF_REFUND, sale.sale_no)
    if sale.fully_refunded:
        raise SaleRefused(SaleRefusal.MORE_THAN_SOLD, sale.sale_no)
    return sale


def check_refund(sale: SaleView, wanted: Mapping[str, int]) -> None:
    """Whether `wanted` (SKU → units above 0) may come back of `sale`. Raises
    SaleRefused(REFUND_OF_REFUND / NOTHING_TO_REFUND / NOT_SOLD / MORE_THAN_SOLD)."""
    if sale.kind is not SaleKind.SALE:
        raise SaleRefused(SaleRefusal.REFUND_OF_REFUND, sale.sale_no)
    if not wanted:
        raise SaleRefused(SaleRefusal.NOTHING_TO_REFUND, sale.sale_no)
    sold = {line.sku: line for line in sale.lines}
    if unknown := sorted(set(wanted) - set(sold)):
        raise SaleRefused(SaleRefusal.NOT_SOLD, ", ".join(unknown), tuple(unknown))
    if over := sorted(sku for sku, qty in wanted.items() if qty > sold[sku].refundable):
        raise SaleRefused(SaleRefusal.MORE_THAN_SOLD, ", ".join(
            f"{sku}: {wanted[sku]} > {sold[sku].refundable}" for sku in over), tuple(over))


@dataclass(frozen=True)
class RefundPick:
    """What comes back of one sale, chosen line by line at the desk. Immutable like the cart:
    each change returns a new pick. `quote` is what `Sales.refund` pays back for it."""

    sale: SaleView
    quantities: Mapping[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.quantities.values())

    def quantity(self, sku: str) -> int:
        return self.quantities.get(sku, 0)

    @property
    def wanted(self) -> dict[str, int]:
        """SKU → units for `Sales.refund` (lines with none left out)."""
        return {sku: qty for sku, qty in self.quantities.items() if qty}

    @property
    def quote(self) -> RefundQuote:
        return quote_refund(self.sale, self.quantities)

    def with_quantity(self, line: SaleLineView, quantity: int) -> RefundPick:
        """Raises SaleRefused(MORE_THAN_SOLD) beyond what is left to refund of the line."""
        if quantity > line.refundable:
            raise SaleRefused(SaleRefusal.MORE_THAN_SOLD,
                              f"{line.name}: {quantity} > {line.refundable}", (line.sku,))
        return self._set(line.sku, quantity)

    def one_more(self, sku: str, name: str) -> RefundPick:
        """One more unit of a returned item (scanned). Raises SaleRefused(NOT_SOLD) for an item
        the sale did not have, MORE_THAN_SOLD when all of its line is chosen already."""
        index = self.sale.line_index(sku)
        if index is None:
            raise SaleRefused(SaleRefusal.NOT_SOLD, name, (sku,))
        line = self.sale.lines[index]
        if self.quantity(sku) >= line.refundable:
            raise SaleRefused(SaleRefusal.MORE_THAN_SOLD, f"{line.name}: {line.refundable}",
                              (sku,))
        return self._set(sku, self.quantity(sku) + 1)

    def stepped(self, line: SaleLineView, step: int) -> RefundPick:
        """One more or one fewer (+1 / −1), kept between none and all that is refundable."""
        return self._set(line.sku, max(0, min(line.refundable, self.quantity(line.sku) + step)))

    def all_or_none(self, line: SaleLineView) -> RefundPick:
        """All that is refundable of the line, or none of it when some was chosen."""
        return self._set(line.sku, 0 if self.quantity(line.sku) else line.refundable)

    def _set(self, sku: str, quantity: int) -> RefundPick:
        return RefundPick(self.sale, {**self.quantities, sku: quantity})
