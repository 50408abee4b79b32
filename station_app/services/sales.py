"""Walk-in sales (门店零售) and refunds of past sales.

The cart is plain data the desk keeps; nothing reaches the database until the customer has
paid. Selling is then one write transaction holding the sale and its lines, one `sale`
movement per line, the `sale.completed` event and the journaled receipt; a refund is the same
with `sale_refund` movements. Every refusal is raised before anything is written.

Money and shifts: cash passes a drawer, and a drawer belongs to a cashier's open shift. A cash
sale or a cash refund without the cashier's open shift is refused (NO_SHIFT): recorded
anyway, it would be in no shift's Z report and the drawer would count "over" at closing.
WeChat Pay, Alipay and card pass no drawer: they are sold without a shift (a counter must not
turn a paying customer away for want of a float), and belong to the cashier's open shift when
there is one, so the X and Z reports show them by method.

Money rules live in sales_views.py, shared with the desk so the screen and the money agree:
`Checkout` (subtotal, discount, total, change), `discount_fits`, and `quote_refund`: a refund
pays back the refunded goods at their sale price minus their proportional share of the sale's
discount, computed cumulatively over all refunds of one sale and rounded half up to the fen,
so refunding everything, in any number of steps, pays back exactly what the customer paid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.devices.sale_receipt import (
    PaymentMethod,
    SaleKind,
    SaleReceipt,
    SaleReceiptLine,
)
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.scale_barcode import (
    MAX_WEIGHT_G,
    BarcodeRule,
    ScaleCodeProblem,
    ScaleCodeRefused,
    ScaleLabel,
    decode,
)
from station_app.domain.stock import MovementReason
from station_app.services.authority import NotAllowed, require_manager, require_staff
from station_app.services.numbering import next_day_number
from station_app.services.outbox import append_event
from station_app.services.print_journal import journal_document
from station_app.services.sales_views import (
    MAX_QUANTITY,
    PRICE_FROM_CODE,
    PRICE_FROM_WEIGHT,
    Cart,
    CartLine,
    Checkout,
    ItemView,
    Payment,
    SaleDone,
    SaleLineView,
    SaleRefusal,
    SaleRefused,
    SaleView,
    Shortfall,
    check_refund,
    discount_fits,
    needs_drawer,
    quote_refund,
    refund_source,
    weighed_price_fen,
)
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Order,
    OrderLine,
    Sale,
    SaleLine,
    Shift,
    Staff,
    Station,
    StockBalance,
)

__all__ = [  # the views travel with the service: callers import both from here
    "MAX_QUANTITY", "Cart", "CartLine", "ItemView", "Payment", "PaymentMethod", "SaleDone",
    "SaleKind", "SaleLineView", "SaleRefusal", "SaleRefused", "SaleView", "Sales", "Shortfall",
]

SALE_EVENT = EventType.SALE_COMPLETED
REFUND_EVENT = EventType.SALE_REFUNDED

MAX_LINES = 200
MAX_CHANGE_FEN = 100_000  # ¥1,000 change: a mistyped amount given, not a banknote
MAX_REASON = 200
# What WeChat Pay, Alipay and card terminals print as a transaction or voucher number.
PAYMENT_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{3,63}")


# --- the service -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sales:
    """The walk-in sales use case for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    receipt_language: str = "zh_CN"
    # How scale labels are read (domain/scale_barcode.py); empty: no scale labels.
    barcode_rules: tuple[BarcodeRule, ...] = ()

    def item_for_barcode(self, text: str) -> ItemView:
        """The catalogue item a scanned barcode (or a SKU typed by staff) names; for a scale
        label, the weighed pack it describes, at the label's price when it carries one.

        Raises SaleRefused(UNKNOWN_BARCODE) when nothing matches, SaleRefused(SCALE_LABEL)
        with the problem as detail for a scale label that must not sell (bad check digit,
        unknown PLU, zero or absurd weight or price). Reads only."""
        code = text.strip()
        if not code or len(code) > 32:
            raise SaleRefused(SaleRefusal.UNKNOWN_BARCODE, code[:32])
        try:
            label = decode(code, self.barcode_rules)
        except ScaleCodeRefused as refused:
            raise SaleRefused(SaleRefusal.SCALE_LABEL, refused.problem.value) from None
        with self.db.reading() as session:
            if label is not None:
                return _labelled(session, label)
            item = session.scalar(select(CatalogueItem).where(CatalogueItem.barcode == code))
            if item is None:
                item = session.get(CatalogueItem, code.upper())
            if item is None:
                raise SaleRefused(SaleRefusal.UNKNOWN_BARCODE, code)
            return _item_view(session, item)

    def weighed(self, sku: str, weight_g: int) -> ItemView:
        """A pack of an item sold by weight as the counter scale weighed it, at the
        catalogue's price per kilogram. Raises SaleRefused(UNKNOWN_SKU, or SCALE_LABEL with
        zero_weight / absurd_weight). Reads only."""
        _check_weight(weight_g)
        with self.db.reading() as session:
            item = session.get(CatalogueItem, sku)
            if item is None:
                raise SaleRefused(SaleRefusal.UNKNOWN_SKU, sku, (sku,))
            return replace(_item_view(session, item), weight_g=weight_g,
                           price_fen=weighed_price_fen(item.price_fen, weight_g),
                           price_source=PRICE_FROM_WEIGHT)

    def stock_shortfalls(self, cart: Cart) -> list[Shortfall]:
        """Cart lines asking for more than the book holds: the desk asks staff why first."""
        with self.db.reading() as session:
            return _shortfalls(session, cart.lines)

    def sell(self, cart: Cart, staff_id: int, payment: Payment, discount_fen: int = 0,
             approver_id: int | None = None,
             oversell_reasons: Mapping[str, str] | None = None) -> SaleDone:
        """Record a paid walk-in sale: sale, lines, stock movements, event, receipt.

        The total and the change are the cart's `Checkout` (sales_views.py), as the desk
        showed them. Raises SaleRefused (see SaleRefusal) for an empty cart, a bad quantity or
        SKU, a price that changed, an inactive seller, a discount without a manager or beyond
        the subtotal, a bad payment (method, cash short or absurd, reference missing or
        malformed), cash without the seller's open shift (NO_SHIFT), or lines selling beyond
        the book without a reason. Nothing is written then.
        """
        _check_lines(cart.lines)
        method = _method(payment.method)
        with self.db.writing() as session:
            seller = _staff(session, staff_id)
            shift = _drawer_shift(session, staff_id, method)
            items = _items(session, cart.lines)
            approver = None
            if discount_fen:
                if not discount_fits(discount_fen, cart.subtotal_fen):
                    raise SaleRefused(SaleRefusal.BAD_DISCOUNT, str(discount_fen))
                approver = _manager(session, approver_id)
            checkout = Checkout.of(cart, discount_fen)
            cash_given, change, reference = _payment(method, payment, checkout)
            reasons = _oversell_reasons(session, cart.lines, oversell_reasons or {})

            now = self.clock()
            sale = Sale(sale_no=next_day_number(session, Sale.sale_no, "S", self.station_id,
                                                now, 4),
                        kind=SaleKind.SALE.value, original_sale_id=None, staff_id=staff_id,
                        approved_by=approver.id if approver else None, sold_at=now,
                        subtotal_fen=checkout.subtotal_fen, discount_fen=discount_fen,
                        total_fen=checkout.total_fen, payment_method=method.value,
                        payment_ref=reference, cash_given_fen=cash_given, change_fen=change,
                        reason=None, shift_id=shift.id if shift else None)
            movements = _post_movements(session, {line.sku: -line.quantity
                                                  for line in cart.lines},
                                        MovementReason.SALE, sale.sale_no, staff_id, now)
            event = append_event(session, self.station_id, SALE_EVENT, _sale_payload(
                self.station_id, sale, movements, cart.lines, reasons, shift), now)
            session.flush()  # the event row first: the sale refers to it
            sale.event_id = event.event_id
            session.add(sale)
            session.flush()
            session.add_all(SaleLine(sale_id=sale.id, line_no=number, sku=line.sku,
                                     quantity=line.quantity, unit_price_fen=line.unit_price_fen,
                                     oversell_reason=reasons.get(line.sku),
                                     weight_g=line.weight_g, price_source=line.price_source)
                            for number, line in enumerate(cart.lines, start=1))
            receipt = self._receipt(session, sale, seller.name, [
                _receipt_line(items[line.sku], line) for line in cart.lines],
                approver_name=approver.name if approver else None)
            return self._done(session, sale, event.event_id, receipt, now)

    def sale(self, sale_no: str) -> SaleView | None:
        """A sale or refund by its receipt code (as scanned from the receipt's QR)."""
        with self.db.reading() as session:
            found = session.scalar(select(Sale).where(Sale.sale_no == sale_no.strip()))
            return None if found is None else _view(session, found)

    def refundable_sale(self, sale_no: str) -> SaleView:
        """The sale a refund starts from, by its receipt code. Raises SaleRefused
        (UNKNOWN_SALE / REFUND_OF_REFUND / MORE_THAN_SOLD when all of it came back). Reads only.
        """
        return refund_source(self.sale(sale_no), sale_no)

    def refund(self, sale_no: str, lines: Mapping[str, int], staff_id: int,
               approver_id: int | None, reason: str) -> SaleDone:
        """Refund goods of a past sale (manager approval always): refund record, lines,
        `sale_refund` movements, event and receipt, in one transaction.

        `lines` maps SKU → units to refund; zero entries are ignored. The money is
        `quote_refund` (sales_views.py): the goods' price minus their share of the sale's
        discount, as the desk showed it. Paid back by the sale's own payment method. Raises
        SaleRefused for an unknown receipt code, a refund's code, an item the sale did not
        have, more than sold minus refunded, nothing to refund, a missing reason, an inactive
        clerk, no manager, or cash to pay back without the clerk's open shift (NO_SHIFT).
        Nothing is written then.
        """
        why = _refund_reason(reason)
        wanted = {sku: qty for sku, qty in lines.items() if qty != 0}
        for sku, qty in wanted.items():
            if isinstance(qty, bool) or not isinstance(qty, int) or not 0 < qty <= MAX_QUANTITY:
                raise SaleRefused(SaleRefusal.BAD_QUANTITY, f"{sku}: {qty}", (sku,))
        with self.db.writing() as session:
            original = session.scalar(select(Sale).where(Sale.sale_no == sale_no.strip()))
            if original is None:
                raise SaleRefused(SaleRefusal.UNKNOWN_SALE, sale_no.strip()[:40])
            before = _view(session, original)
            check_refund(before, wanted)
            clerk = _staff(session, staff_id)
            approver = _manager(session, approver_id)
            shift = _drawer_shift(session, staff_id, _method(original.payment_method))

            quote = quote_refund(before, wanted)
            refund_lines = [line for line in before.lines if line.sku in wanted]
            now = self.clock()
            refund = Sale(sale_no=next_day_number(session, Sale.sale_no, "R", self.station_id,
                                                  now, 4),
                          kind=SaleKind.REFUND.value, original_sale_id=original.id,
                          staff_id=staff_id, approved_by=approver.id, sold_at=now,
                          subtotal_fen=quote.gross_fen, discount_fen=quote.discount_fen,
                          total_fen=quote.total_fen, payment_method=original.payment_method,
                          payment_ref=original.payment_ref, cash_given_fen=None,
                          change_fen=None, reason=why, shift_id=shift.id if shift else None)
            movements = _post_movements(session, {line.sku: wanted[line.sku]
                                                  for line in refund_lines},
                                        MovementReason.SALE_REFUND, refund.sale_no, staff_id, now)
            event = append_event(session, self.station_id, REFUND_EVENT, _refund_payload(
                self.station_id, refund, movements, refund_lines, original.sale_no, shift), now)
            session.flush()
            refund.event_id = event.event_id
            session.add(refund)
            session.flush()
            session.add_all(SaleLine(sale_id=refund.id, line_no=number, sku=line.sku,
                                     quantity=wanted[line.sku],
                                     unit_price_fen=line.unit_price_fen, oversell_reason=None)
                            for number, line in enumerate(refund_lines, start=1))
            receipt = self._receipt(session, refund, clerk.name, [
                SaleReceiptLine(line.name, wanted[line.sku], line.unit, line.unit_price_fen)
                for line in refund_lines], original_sale_no=original.sale_no,
                approver_name=approver.name)
            return self._done(session, refund, event.event_id, receipt, now)

    def _done(self, session: Session, sale: Sale, event_id: str, receipt: SaleReceipt,
              now: datetime) -> SaleDone:
        """Journal the receipt; the sale or refund as recorded, with its event and print job."""
        job = journal_document(session, receipt, now)
        session.flush()
        session.refresh(sale)
        return SaleDone(_view(session, sale), event_id, job.id)

    def _receipt(self, session: Session, sale: Sale, staff_name: str,
                 lines: Sequence[SaleReceiptLine], original_sale_no: str | None = None,
                 approver_name: str | None = None) -> SaleReceipt:
        station = session.get(Station, self.station_id)
        return SaleReceipt(
            sale_no=sale.sale_no, kind=SaleKind(sale.kind),
            station_name=station.name if station else self.station_id,
            station_code=self.station_id, sold_at=sale.sold_at, staff_name=staff_name,
            lines=tuple(lines), subtotal_fen=sale.subtotal_fen,
            discount_fen=sale.discount_fen, total_fen=sale.total_fen,
            payment_method=PaymentMethod(sale.payment_method), payment_ref=sale.payment_ref,
            cash_given_fen=sale.cash_given_fen, change_fen=sale.change_fen,
            original_sale_no=original_sale_no, reason=sale.reason,
            language=self.receipt_language, approved_by=approver_name)


# --- checks, all before the first write ------------------------------------------------------


def _check_lines(lines: Sequence[CartLine]) -> None:
    if not lines:
        raise SaleRefused(SaleRefusal.EMPTY_CART)
    if len(lines) > MAX_LINES:
        raise SaleRefused(SaleRefusal.BAD_QUANTITY, f"{len(lines)} lines")
    seen: set[str] = set()
    for line in lines:
        qty: Any = line.quantity
        if isinstance(qty, bool) or not isinstance(qty, int) or not 0 < qty <= MAX_QUANTITY:
            raise SaleRefused(SaleRefusal.BAD_QUANTITY, f"{line.sku}: {qty}", (line.sku,))
        if line.sku in seen:
            raise SaleRefused(SaleRefusal.DUPLICATE_LINE, line.sku, (line.sku,))
        seen.add(line.sku)
        if line.weight_g is not None or line.price_source is not None:
            if line.quantity != 1 or line.price_source not in (PRICE_FROM_CODE,
                                                               PRICE_FROM_WEIGHT):
                raise SaleRefused(SaleRefusal.BAD_QUANTITY, f"{line.sku}: weighed", (line.sku,))
            if line.weight_g is not None:
                _check_weight(line.weight_g)


def _check_weight(weight_g: int) -> None:
    if weight_g <= 0:
        raise SaleRefused(SaleRefusal.SCALE_LABEL, ScaleCodeProblem.ZERO_WEIGHT.value)
    if weight_g > MAX_WEIGHT_G:
        raise SaleRefused(SaleRefusal.SCALE_LABEL, ScaleCodeProblem.ABSURD_WEIGHT.value)


def _item_view(session: Session, item: CatalogueItem) -> ItemView:
    return ItemView(item.sku, item.name, item.unit, item.price_fen, item.barcode,
                    _book(session, item.sku), item.sold_by_weight)


def _labelled(session: Session, label: ScaleLabel) -> ItemView:
    """The pack a scale label describes: the label's price wins over the catalogue; a label
    with only the weight is priced from the catalogue's price per kilogram."""
    item = session.scalar(select(CatalogueItem).where(CatalogueItem.plu == label.plu))
    if item is None:
        raise SaleRefused(SaleRefusal.SCALE_LABEL,
                          f"{ScaleCodeProblem.UNKNOWN_PLU.value}: {label.plu}")
    view = _item_view(session, item)
    if label.price_fen is not None:
        return replace(view, price_fen=label.price_fen, weight_g=label.weight_g,
                       price_source=PRICE_FROM_CODE)
    assert label.weight_g is not None  # a rule has a price or a weight field
    return replace(view, price_fen=weighed_price_fen(item.price_fen, label.weight_g),
                   weight_g=label.weight_g, price_source=PRICE_FROM_WEIGHT)


def _receipt_line(item: CatalogueItem, line: CartLine) -> SaleReceiptLine:
    """A line as the receipt prints it: a weighed pack with its weight, and the price per
    kilogram it was priced at unless the scale label's price won."""
    per_kg = item.price_fen if line.price_source == PRICE_FROM_WEIGHT else None
    return SaleReceiptLine(item.name, line.quantity, item.unit, line.unit_price_fen,
                           line.weight_g, per_kg, line.price_source)


def _refund_reason(reason: str) -> str:
    why = reason.strip()
    if not why:
        raise SaleRefused(SaleRefusal.REASON_MISSING)
    if len(why) > MAX_REASON:
        raise SaleRefused(SaleRefusal.REASON_MISSING, "reason too long")
    return why


def _method(method: PaymentMethod | str) -> PaymentMethod:
    try:
        return PaymentMethod(method)
    except ValueError:
        raise SaleRefused(SaleRefusal.BAD_PAYMENT_METHOD, str(method)[:20]) from None


def _payment(method: PaymentMethod, payment: Payment,
             checkout: Checkout) -> tuple[int | None, int | None, str | None]:
    """(cash given, change, reference) as recorded, or SaleRefused."""
    if method is PaymentMethod.CASH:
        given: Any = payment.cash_given_fen
        if isinstance(given, bool) or not isinstance(given, int) or given < 0:
            raise SaleRefused(SaleRefusal.CASH_ABSURD, str(given))
        change = replace(checkout, cash_given_fen=given).change_fen
        if change is None:  # less than the total
            raise SaleRefused(SaleRefusal.CASH_SHORT, f"{given} < {checkout.total_fen}")
        if change > MAX_CHANGE_FEN:
            raise SaleRefused(SaleRefusal.CASH_ABSURD, str(given))
        return given, change, None
    reference = (payment.reference or "").strip()
    if not reference:
        raise SaleRefused(SaleRefusal.PAYMENT_REF_MISSING, method.value)
    if not PAYMENT_REF.fullmatch(reference):
        raise SaleRefused(SaleRefusal.BAD_PAYMENT_REF, reference[:64])
    return None, None, reference


def _staff(session: Session, staff_id: int) -> Staff:
    try:
        return require_staff(session, staff_id)
    except NotAllowed:
        raise SaleRefused(SaleRefusal.NOT_ALLOWED, str(staff_id)) from None


def _manager(session: Session, approver_id: int | None) -> Staff:
    try:
        return require_manager(session, approver_id)
    except NotAllowed:
        raise SaleRefused(SaleRefusal.NEEDS_MANAGER, str(approver_id)) from None


def _items(session: Session, lines: Sequence[CartLine]) -> dict[str, CatalogueItem]:
    """The catalogue items of the cart, each still at the price the cart shows."""
    skus = [line.sku for line in lines]
    items = {item.sku: item for item in session.scalars(
        select(CatalogueItem).where(CatalogueItem.sku.in_(skus)))}
    if missing := [sku for sku in skus if sku not in items]:
        raise SaleRefused(SaleRefusal.UNKNOWN_SKU, ", ".join(missing), tuple(missing))
    for line in lines:
        if line.price_source == PRICE_FROM_CODE:
            continue  # the scale label's price wins over the catalogue (recorded as such)
        price = items[line.sku].price_fen
        if line.price_source == PRICE_FROM_WEIGHT and line.weight_g is not None:
            price = weighed_price_fen(price, line.weight_g)
        if price != line.unit_price_fen:
            raise SaleRefused(SaleRefusal.PRICE_CHANGED, line.sku, (line.sku,))
    return items


def _book(session: Session, sku: str) -> int:
    balance = session.get(StockBalance, sku)
    return balance.quantity if balance else 0


def _shortfalls(session: Session, lines: Sequence[CartLine]) -> list[Shortfall]:
    """Lines wanting more than is free to sell. Walk-in sales sell surplus: the goods of ready
    orders are on the same shelf but belong to residents, so they do not count as free."""
    skus = [line.sku for line in lines]
    books: dict[str, int] = {sku: quantity for sku, quantity in session.execute(
        select(StockBalance.sku, StockBalance.quantity).where(StockBalance.sku.in_(skus)))}
    reserved: dict[str, int] = {sku: int(units or 0) for sku, units in session.execute(
        select(OrderLine.sku, func.sum(OrderLine.quantity - OrderLine.short_quantity))
        .join(Order, OrderLine.order_id == Order.id)
        .join(Station, Station.id == Order.station_id)
        .where(Order.state == OrderState.READY.value, Station.is_local.is_(True),
               OrderLine.sku.in_(skus))
        .group_by(OrderLine.sku))}
    result = []
    for line in lines:
        kept = reserved.get(line.sku, 0)
        free = books.get(line.sku, 0) - kept
        if line.quantity > free:
            result.append(Shortfall(line.sku, line.name, line.quantity, max(free, 0), kept))
    return result


def _oversell_reasons(session: Session, lines: Sequence[CartLine],
                      given: Mapping[str, str]) -> dict[str, str]:
    """The reason recorded per line that sells beyond the book (only those lines); refused
    when one of them has none: stock never goes negative silently."""
    reasons: dict[str, str] = {}
    missing: list[str] = []
    for short in _shortfalls(session, lines):
        why = (given.get(short.sku) or "").strip()[:MAX_REASON]
        if why:
            reasons[short.sku] = why
        else:
            missing.append(short.sku)
    if missing:
        raise SaleRefused(SaleRefusal.OVERSELL_NEEDS_REASON, ", ".join(missing), tuple(missing))
    return reasons


def _post_movements(session: Session, deltas: Mapping[str, int], reason: MovementReason,
                    document_no: str, staff_id: int, now: datetime) -> list[dict[str, Any]]:
    """One stock movement per SKU; returns them as the event's `movements`."""
    for sku, delta in deltas.items():
        post_movement(session, sku, delta, reason, document_no, staff_id, now)
    return [{"sku": sku, "delta": delta, "reason": reason.value} for sku, delta in deltas.items()]


def _sale_payload(station_id: str, sale: Sale, movements: list[dict[str, Any]],
                  lines: Sequence[CartLine], reasons: Mapping[str, str],
                  shift: Shift | None) -> dict[str, Any]:
    """The `sale.completed` event (contract), from the sale row about to be written."""
    return {
        "station_id": station_id,
        "staff_id": sale.staff_id,
        "movements": movements,
        "sale_no": sale.sale_no,
        "sold_at": sale.sold_at.isoformat(),
        "lines": [_line_payload(line, reasons.get(line.sku)) for line in lines],
        "subtotal_fen": sale.subtotal_fen,
        "discount_fen": sale.discount_fen,
        "total_fen": sale.total_fen,
        "payment_method": sale.payment_method,
        "payment_ref": sale.payment_ref,
        "approved_by": sale.approved_by,
        # What a replay needs to write the same sale (services/replay).
        "cash_given_fen": sale.cash_given_fen,
        "change_fen": sale.change_fen,
        "shift_no": shift.shift_no if shift else None,
    }


def _line_payload(line: CartLine, reason: str | None) -> dict[str, Any]:
    """One line of `sale.completed`. A weighed line adds its weight and price source; other
    lines carry exactly what they always did, so a head office that predates scales still
    takes them."""
    payload: dict[str, Any] = {"sku": line.sku, "quantity": line.quantity,
                               "unit_price_fen": line.unit_price_fen, "oversell_reason": reason}
    if line.weight_g is not None:
        payload["weight_g"] = line.weight_g
    if line.price_source is not None:
        payload["price_source"] = line.price_source
    return payload


def _refund_payload(station_id: str, refund: Sale, movements: list[dict[str, Any]],
                    lines: Sequence[SaleLineView], original_sale_no: str,
                    shift: Shift | None) -> dict[str, Any]:
    """The `sale.refunded` event (contract), from the refund row about to be written."""
    quantities = {movement["sku"]: movement["delta"] for movement in movements}
    return {
        "station_id": station_id,
        "staff_id": refund.staff_id,
        "movements": movements,
        "sale_no": refund.sale_no,
        "original_sale_no": original_sale_no,
        "refunded_at": refund.sold_at.isoformat(),
        "lines": [{"sku": line.sku, "quantity": quantities[line.sku],
                   "unit_price_fen": line.unit_price_fen, "oversell_reason": None}
                  for line in lines],
        "total_fen": refund.total_fen,
        "payment_method": refund.payment_method,
        "reason": refund.reason,
        "approved_by": refund.approved_by,
        "subtotal_fen": refund.subtotal_fen,
        "discount_fen": refund.discount_fen,
        "payment_ref": refund.payment_ref,
        "shift_no": shift.shift_no if shift else None,
    }


def _drawer_shift(session: Session, staff_id: int, method: PaymentMethod) -> Shift | None:
    """The cashier's open shift, which the sale or refund belongs to (module docstring).
    Cash needs it: its drawer takes or pays the money. Raises SaleRefused(NO_SHIFT)."""
    shift = session.scalar(select(Shift).join(Station, Station.is_local.is_(True)).where(
        Shift.staff_id == staff_id, Shift.state == "open",
        Shift.counter_no == Station.counter_no).limit(1))  # this counter's drawer only
    if shift is None and needs_drawer(method):
        raise SaleRefused(SaleRefusal.NO_SHIFT, str(staff_id))
    return shift


def _view(session: Session, sale: Sale) -> SaleView:
    refunded: dict[str, int] = {}
    refund_nos: tuple[str, ...] = ()
    refunded_gross = refunded_discount = 0
    original_no = None
    if sale.kind == SaleKind.SALE.value:
        refunds = session.scalars(select(Sale).where(Sale.original_sale_id == sale.id)
                                  .order_by(Sale.id)).all()
        for refund in refunds:
            for line in refund.lines:
                refunded[line.sku] = refunded.get(line.sku, 0) + line.quantity
        refund_nos = tuple(refund.sale_no for refund in refunds)
        refunded_gross = sum(refund.subtotal_fen for refund in refunds)
        refunded_discount = sum(refund.discount_fen for refund in refunds)
    elif sale.original_sale_id is not None:
        original_no = session.scalar(select(Sale.sale_no).where(
            Sale.id == sale.original_sale_id))
    staff = session.get(Staff, sale.staff_id)
    return SaleView(
        sale_no=sale.sale_no, kind=SaleKind(sale.kind), sold_at=sale.sold_at,
        staff_name=staff.name if staff else str(sale.staff_id),
        lines=tuple(SaleLineView(line.sku, line.item.name, line.item.unit, line.quantity,
                                 line.unit_price_fen, refunded.get(line.sku, 0),
                                 line.oversell_reason) for line in sale.lines),
        subtotal_fen=sale.subtotal_fen, discount_fen=sale.discount_fen,
        total_fen=sale.total_fen, payment_method=PaymentMethod(sale.payment_method),
        payment_ref=sale.payment_ref, cash_given_fen=sale.cash_given_fen,
        change_fen=sale.change_fen, approved_by=sale.approved_by, reason=sale.reason,
        original_sale_no=original_no, refund_nos=refund_nos,
        refunded_fen=refunded_gross - refunded_discount, refunded_gross_fen=refunded_gross,
        refunded_discount_fen=refunded_discount)
