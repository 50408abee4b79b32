"""The money rules the sales desk shows and the sales service records, from one place
(services/sales_views.py): a checkout's total, change and cash short; the discount cap; what a
refund may take back and what it pays back. The last tests hold the screen's figures against
what `Sales.sell` and `Sales.refund` record on a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from station_app.counter import Counter
from station_app.devices.sale_receipt import PaymentMethod, SaleKind
from station_app.services.sales import Cart, Payment, Sales
from station_app.services.sales_views import (
    Checkout,
    ItemView,
    RefundPick,
    RefundQuote,
    SaleLineView,
    SaleRefusal,
    SaleRefused,
    SaleView,
    check_refund,
    discount_fits,
    needs_drawer,
    quote_refund,
    refund_source,
)
from station_app.services.shifts import Shifts

CLERK, MANAGER = 1, 2
SPINACH, RICE = "VEG-001", "GRA-001"  # ￥5.90, ￥49.90
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def line(sku: str, quantity: int, price: int, refunded: int = 0) -> SaleLineView:
    return SaleLineView(sku, sku.lower(), "袋", quantity, price, refunded, None)


def sale_of(*lines: SaleLineView, discount: int = 0, refunded_gross: int = 0,
            refunded_discount: int = 0, kind: SaleKind = SaleKind.SALE) -> SaleView:
    subtotal = sum(item.amount_fen for item in lines)
    return SaleView(
        sale_no="S-XF01-20261125-0001", kind=kind, sold_at=NOON, staff_name="王丽",
        lines=lines, subtotal_fen=subtotal, discount_fen=discount,
        total_fen=subtotal - discount, payment_method=PaymentMethod.CASH, payment_ref=None,
        cash_given_fen=None, change_fen=None, approved_by=None, reason=None,
        original_sale_no=None, refund_nos=(), refunded_fen=refunded_gross - refunded_discount,
        refunded_gross_fen=refunded_gross, refunded_discount_fen=refunded_discount)


# --- a checkout ------------------------------------------------------------------------------


def test_a_checkout_works_out_total_change_and_what_is_short() -> None:
    before = Checkout(subtotal_fen=6760, discount_fen=760)
    assert (before.total_fen, before.change_fen, before.short_by_fen, before.cash_short) == (
        6000, None, 0, False)  # nothing given yet: no change, nothing short
    paid = replace(before, cash_given_fen=10_000)
    assert (paid.change_fen, paid.short_by_fen, paid.cash_short) == (4000, 0, False)
    exact = replace(before, cash_given_fen=6000)
    assert (exact.change_fen, exact.cash_short) == (0, False)
    short = replace(before, cash_given_fen=5000)
    assert (short.change_fen, short.short_by_fen, short.cash_short) == (None, 1000, True)


def test_a_checkout_of_a_cart() -> None:
    cart = Cart().add(ItemView(SPINACH, "有机菠菜 500g", "袋", 590, None, 10), 3)
    checkout = Checkout.of(cart, 70, 2000)
    assert (checkout.subtotal_fen, checkout.total_fen, checkout.change_fen) == (1770, 1700, 300)


@pytest.mark.parametrize(("discount", "fits"), [(0, True), (1, True), (1770, True),
                                                (1771, False), (-1, False)])
def test_the_discount_cap_is_the_subtotal(discount: int, fits: bool) -> None:
    assert discount_fits(discount, 1770) is fits
    assert Checkout(1770, discount).discount_fits is fits


def test_only_cash_needs_a_drawer() -> None:
    assert [needs_drawer(method) for method in PaymentMethod] == [
        method is PaymentMethod.CASH for method in PaymentMethod]


# --- a refund --------------------------------------------------------------------------------


def test_a_refund_without_discount_pays_back_the_goods_price() -> None:
    sale = sale_of(line(SPINACH, 3, 590), line(RICE, 1, 4990))
    assert quote_refund(sale, {SPINACH: 2}) == RefundQuote(1180, 0)
    assert quote_refund(sale, {SPINACH: 0, "OTHER": 5}).total_fen == 0


def test_a_refund_takes_its_share_of_the_discount_cumulatively() -> None:
    """3 × ￥5.90 + ￥49.90 = ￥67.60 less ￥10.01: the shares 87, 88, 87 and the rest, 739."""
    sale = sale_of(line(SPINACH, 3, 590), line(RICE, 1, 4990), discount=1001)
    quotes = []
    for wanted in ({SPINACH: 1}, {SPINACH: 1}, {SPINACH: 1}, {RICE: 1}):
        quote = quote_refund(sale, wanted)
        quotes.append(quote)
        sale = replace(sale, refunded_gross_fen=sale.refunded_gross_fen + quote.gross_fen,
                       refunded_discount_fen=sale.refunded_discount_fen + quote.discount_fen)
    assert [q.discount_fen for q in quotes] == [87, 88, 87, 739]
    assert [q.total_fen for q in quotes] == [503, 502, 503, 4251]
    assert sum(q.total_fen for q in quotes) == 5759  # exactly what the customer paid


def test_what_a_refund_may_start_from() -> None:
    sale = sale_of(line(SPINACH, 2, 590, refunded=1))
    assert refund_source(sale, sale.sale_no) is sale
    for found, reason in ((None, SaleRefusal.UNKNOWN_SALE),
                          (replace(sale, kind=SaleKind.REFUND), SaleRefusal.REFUND_OF_REFUND),
                          (sale_of(line(SPINACH, 2, 590, refunded=2)),
                           SaleRefusal.MORE_THAN_SOLD)):
        with pytest.raises(SaleRefused) as refused:
            refund_source(found, " S-XF01-20990101-0001 ")
        assert refused.value.reason is reason
    with pytest.raises(SaleRefused) as refused:
        refund_source(None, " S-XF01-20990101-0001 ")
    assert refused.value.detail == "S-XF01-20990101-0001"


@pytest.mark.parametrize(("wanted", "reason"), [
    ({}, SaleRefusal.NOTHING_TO_REFUND),
    ({"VEG-002": 1}, SaleRefusal.NOT_SOLD),
    ({SPINACH: 2}, SaleRefusal.MORE_THAN_SOLD),  # one of the two came back already
])
def test_what_a_refund_may_take_back(wanted: dict[str, int], reason: SaleRefusal) -> None:
    sale = sale_of(line(SPINACH, 2, 590, refunded=1))
    check_refund(sale, {SPINACH: 1})
    with pytest.raises(SaleRefused) as refused:
        check_refund(sale, wanted)
    assert refused.value.reason is reason


def test_choosing_what_comes_back_line_by_line() -> None:
    spinach, rice = line(SPINACH, 3, 590, refunded=1), line(RICE, 1, 4990)
    pick = RefundPick(sale_of(spinach, rice))
    assert not pick and pick.wanted == {}
    pick = pick.one_more(SPINACH, "spinach").one_more(SPINACH, "spinach")
    assert pick.quantity(SPINACH) == 2 and pick.quote.total_fen == 1180
    with pytest.raises(SaleRefused) as refused:  # the third was refunded before
        pick.one_more(SPINACH, "spinach")
    assert (refused.value.reason, refused.value.detail) == (SaleRefusal.MORE_THAN_SOLD,
                                                            "veg-001: 2")
    with pytest.raises(SaleRefused) as refused:
        pick.one_more("VEG-002", "白菜")
    assert (refused.value.reason, refused.value.detail) == (SaleRefusal.NOT_SOLD, "白菜")
    with pytest.raises(SaleRefused) as refused:
        pick.with_quantity(rice, 2)
    assert refused.value.detail == "gra-001: 2 > 1"
    assert pick.stepped(spinach, +1).quantity(SPINACH) == 2  # kept at what is refundable
    assert pick.stepped(spinach, -5).quantity(SPINACH) == 0
    assert pick.all_or_none(rice).quantity(RICE) == 1
    assert pick.all_or_none(spinach).quantity(SPINACH) == 0  # some chosen: none of it
    assert pick.with_quantity(spinach, 0).wanted == {}  # no zero lines go to the service
    assert pick.quantity(SPINACH) == 2  # each change made a new pick


# --- the screen and the money agree ----------------------------------------------------------


@pytest.fixture
def sales(counter: Counter) -> Sales:
    Shifts(counter.db, counter.station_id, lambda: NOON).open(CLERK, 10_000)
    return Sales(counter.db, counter.station_id, lambda: NOON)


def test_the_sale_records_the_checkout_the_desk_showed(sales: Sales) -> None:
    cart = Cart().add(sales.item_for_barcode(SPINACH), 3).add(sales.item_for_barcode(RICE))
    shown = Checkout.of(cart, 760, 10_000)
    done = sales.sell(cart, CLERK, Payment(PaymentMethod.CASH, 10_000), 760, MANAGER).sale
    assert (done.total_fen, done.change_fen) == (shown.total_fen, shown.change_fen) == (
        6000, 4000)


def test_the_refund_on_screen_is_what_the_service_pays_back(sales: Sales) -> None:
    """The desk once showed the goods' price ("gross") while the service paid back less their
    share of the discount; now both are `quote_refund` of the same sale."""
    cart = Cart().add(sales.item_for_barcode(SPINACH), 3).add(sales.item_for_barcode(RICE))
    sold = sales.sell(cart, CLERK, Payment(PaymentMethod.CASH, 6000), 1001, MANAGER).sale
    paid_back = 0
    for sku in (SPINACH, SPINACH, RICE, SPINACH):
        sale = sales.refundable_sale(sold.sale_no)  # as the desk finds it
        pick = RefundPick(sale).one_more(sku, sku)
        on_screen = pick.quote
        refund = sales.refund(sale.sale_no, pick.wanted, CLERK, MANAGER, "坏了").sale
        assert refund.total_fen == on_screen.total_fen
        assert (refund.subtotal_fen, refund.discount_fen) == (on_screen.gross_fen,
                                                              on_screen.discount_fen)
        assert on_screen.gross_fen != on_screen.total_fen  # what the screen used to show
        paid_back += refund.total_fen
    assert paid_back == sold.total_fen == 5759
    with pytest.raises(SaleRefused) as refused:
        sales.refundable_sale(sold.sale_no)  # all of it came back
    assert refused.value.reason is SaleRefusal.MORE_THAN_SOLD
