"""Walk-in sales and refunds on the demo station's real database: ledger, outbox, receipts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from station_app.counter import Counter
from station_app.devices.documents import document_from_json
from station_app.devices.sale_receipt import PaymentMethod, SaleKind, SaleReceipt
from station_app.money import round_half_up
from station_app.services.sales import (
    Cart,
    CartLine,
    Payment,
    SaleRefusal,
    SaleRefused,
    Sales,
)
from station_app.services.shifts import Shifts
from tests.helpers import rows, scalar

CLERK, MANAGER = 1, 2
SPINACH, CABBAGE, RICE = "VEG-001", "VEG-002", "GRA-001"  # ￥5.90, ￥3.90, ￥49.90
SPINACH_BARCODE = "6901234500017"
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
CLERK_SHIFT = "SH-XF01-20261125-01"  # opened by the fixture: cash goes into its drawer


@pytest.fixture
def sales(counter: Counter) -> Sales:
    """The clerk sells with a shift open (cash needs its drawer); the manager has none."""
    opened = Shifts(counter.db, counter.station_id, lambda: NOON).open(CLERK, 10_000)
    assert opened.shift_no == CLERK_SHIFT
    return Sales(counter.db, counter.station_id, lambda: NOON)


def book(sales: Sales, sku: str) -> int:
    return int(scalar(sales.db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=sku))


def movements_sum(sales: Sales, sku: str) -> int:
    return int(scalar(sales.db, "SELECT sum(delta) FROM stock_movement WHERE sku=:s", s=sku))


def cart_of(sales: Sales, *wanted: tuple[str, int]) -> Cart:
    cart = Cart()
    for sku, quantity in wanted:
        cart = cart.add(sales.item_for_barcode(sku), quantity)
    return cart


def cash(given: int) -> Payment:
    return Payment(PaymentMethod.CASH, cash_given_fen=given)


def footprint(sales: Sales) -> tuple[int, ...]:
    """Everything a sale or refund writes, counted."""
    counts = [int(scalar(sales.db, f"SELECT count(*) FROM {table}")) for table in (
        "sale", "sale_line", "stock_movement", "outbox_event", "print_job")]
    return (*counts, int(scalar(sales.db, "SELECT sum(quantity) FROM stock_balance")))


def event(sales: Sales, event_id: str) -> dict[str, Any]:
    row = rows(sales.db, "SELECT type, payload FROM outbox_event WHERE event_id=:e", e=event_id)
    payload: dict[str, Any] = json.loads(row[0].payload)
    payload["_type"] = row[0].type
    return payload


# --- looking items up ------------------------------------------------------------------------


def test_barcode_and_typed_sku_find_the_item(sales: Sales) -> None:
    by_barcode = sales.item_for_barcode(f" {SPINACH_BARCODE}\n")
    assert (by_barcode.sku, by_barcode.price_fen) == (SPINACH, 590)
    assert by_barcode.book == book(sales, SPINACH)
    assert sales.item_for_barcode("veg-001") == by_barcode


def test_a_barcode_that_matches_no_item_is_refused(sales: Sales) -> None:
    before = footprint(sales)
    for text in ["6909999999999", "", "   ", "x" * 500, "GL01-261125-0001"]:
        with pytest.raises(SaleRefused) as refused:
            sales.item_for_barcode(text)
        assert refused.value.reason is SaleRefusal.UNKNOWN_BARCODE, text
    assert footprint(sales) == before


def test_cart_adds_the_same_barcode_to_its_line(sales: Sales) -> None:
    item = sales.item_for_barcode(SPINACH_BARCODE)
    cart = Cart().add(item).add(sales.item_for_barcode(RICE)).add(item)
    assert [(line.sku, line.quantity) for line in cart.lines] == [(SPINACH, 2), (RICE, 1)]
    assert cart.subtotal_fen == 2 * 590 + 4990
    assert cart.with_quantity(RICE, 3).subtotal_fen == 2 * 590 + 3 * 4990
    assert cart.with_quantity(RICE, 0).lines == cart.without(RICE).lines
    assert len(cart.without(SPINACH).lines) == 1 and not Cart()


# --- selling ---------------------------------------------------------------------------------


def test_cash_sale_writes_sale_movements_event_and_receipt(sales: Sales) -> None:
    spinach_before, rice_before = book(sales, SPINACH), book(sales, RICE)
    cart = cart_of(sales, (SPINACH, 2), (RICE, 1))
    done = sales.sell(cart, CLERK, cash(10_000))

    sale = done.sale
    assert sale.sale_no == "S-XF01-20261125-0001"
    assert (sale.subtotal_fen, sale.discount_fen, sale.total_fen) == (6170, 0, 6170)
    assert (sale.cash_given_fen, sale.change_fen) == (10_000, 3830)
    assert book(sales, SPINACH) == spinach_before - 2 == movements_sum(sales, SPINACH)
    assert book(sales, RICE) == rice_before - 1 == movements_sum(sales, RICE)
    assert [(r.sku, r.delta, r.reason, r.staff_id) for r in rows(
        sales.db, "SELECT sku, delta, reason, staff_id FROM stock_movement WHERE reference=:n "
                  "ORDER BY id", n=sale.sale_no)] == [(SPINACH, -2, "sale", CLERK),
                                                      (RICE, -1, "sale", CLERK)]
    payload = event(sales, done.event_id)
    assert payload == {
        "_type": "sale.completed", "station_id": "XF01", "staff_id": CLERK,
        "movements": [{"sku": SPINACH, "delta": -2, "reason": "sale"},
                      {"sku": RICE, "delta": -1, "reason": "sale"}],
        "sale_no": sale.sale_no, "sold_at": NOON.isoformat(),
        "lines": [{"sku": SPINACH, "quantity": 2, "unit_price_fen": 590,
                   "oversell_reason": None},
                  {"sku": RICE, "quantity": 1, "unit_price_fen": 4990, "oversell_reason": None}],
        "subtotal_fen": 6170, "discount_fen": 0, "total_fen": 6170, "payment_method": "cash",
        "payment_ref": None, "approved_by": None,
        "cash_given_fen": 10_000, "change_fen": 3830, "shift_no": CLERK_SHIFT,
    }
    job = rows(sales.db, "SELECT kind, reference, payload FROM print_job WHERE id=:i",
               i=done.job_id)[0]
    assert (job.kind, job.reference) == ("sale_receipt", sale.sale_no)
    receipt = document_from_json(job.kind, job.payload)
    assert isinstance(receipt, SaleReceipt)
    assert (receipt.total_fen, receipt.change_fen, receipt.kind) == (6170, 3830, SaleKind.SALE)
    assert [line.name for line in receipt.lines] == ["有机菠菜 500g", "东北大米 5kg"]
    assert sales.sale(sale.sale_no) == sale


def test_sale_numbers_count_up_per_day(sales: Sales, counter: Counter) -> None:
    first = sales.sell(cart_of(sales, (SPINACH, 1)), CLERK, cash(590)).sale.sale_no
    second = sales.sell(cart_of(sales, (SPINACH, 1)), CLERK, cash(1000)).sale.sale_no
    tomorrow = Sales(counter.db, counter.station_id, lambda: datetime(2026, 11, 26, 4,
                                                                      tzinfo=UTC))
    third = tomorrow.sell(cart_of(sales, (SPINACH, 1)), CLERK, cash(590)).sale.sale_no
    assert (first, second, third) == ("S-XF01-20261125-0001", "S-XF01-20261125-0002",
                                      "S-XF01-20261126-0001")


def test_external_payment_and_manager_discount(sales: Sales) -> None:
    done = sales.sell(cart_of(sales, (RICE, 2)), CLERK,
                      Payment("wechat", reference="4200001234202611250012345678"),
                      discount_fen=980, approver_id=MANAGER)
    assert (done.sale.total_fen, done.sale.approved_by) == (9000, MANAGER)
    assert (done.sale.cash_given_fen, done.sale.change_fen) == (None, None)
    payload = event(sales, done.event_id)
    assert (payload["payment_method"], payload["payment_ref"]) == (
        "wechat", "4200001234202611250012345678")
    assert (payload["discount_fen"], payload["total_fen"], payload["approved_by"]) == (
        980, 9000, MANAGER)


def good_sale(sales: Sales) -> dict[str, Any]:
    return {"cart": cart_of(sales, (SPINACH, 1)), "staff_id": CLERK, "payment": cash(1000)}


BAD_SALES: list[tuple[str, Callable[[Sales], dict[str, Any]], SaleRefusal]] = [
    ("empty cart", lambda s: {"cart": Cart()}, SaleRefusal.EMPTY_CART),
    ("zero", lambda s: {"cart": Cart((CartLine(SPINACH, "x", "袋", 0, 590),))},
     SaleRefusal.BAD_QUANTITY),
    ("negative", lambda s: {"cart": Cart((CartLine(SPINACH, "x", "袋", -2, 590),))},
     SaleRefusal.BAD_QUANTITY),
    ("absurd", lambda s: {"cart": Cart((CartLine(SPINACH, "x", "袋", 10_000, 590),))},
     SaleRefusal.BAD_QUANTITY),
    ("duplicate", lambda s: {"cart": Cart((CartLine(SPINACH, "x", "袋", 1, 590),) * 2)},
     SaleRefusal.DUPLICATE_LINE),
    ("unknown sku", lambda s: {"cart": Cart((CartLine("NOPE-1", "x", "袋", 1, 590),))},
     SaleRefusal.UNKNOWN_SKU),
    ("price moved", lambda s: {"cart": Cart((CartLine(SPINACH, "x", "袋", 1, 500),))},
     SaleRefusal.PRICE_CHANGED),
    ("unknown clerk", lambda s: {"staff_id": 99}, SaleRefusal.NOT_ALLOWED),
    ("discount, no approver", lambda s: {"discount_fen": 90}, SaleRefusal.NEEDS_MANAGER),
    ("discount, clerk approves", lambda s: {"discount_fen": 90, "approver_id": CLERK},
     SaleRefusal.NEEDS_MANAGER),
    ("discount above subtotal", lambda s: {"discount_fen": 591, "approver_id": MANAGER},
     SaleRefusal.BAD_DISCOUNT),
    ("negative discount", lambda s: {"discount_fen": -10, "approver_id": MANAGER},
     SaleRefusal.BAD_DISCOUNT),
    ("cash short", lambda s: {"payment": cash(589)}, SaleRefusal.CASH_SHORT),
    ("no cash amount", lambda s: {"payment": Payment("cash")}, SaleRefusal.CASH_ABSURD),
    ("absurd cash", lambda s: {"payment": cash(590 + 100_001)}, SaleRefusal.CASH_ABSURD),
    ("bitcoin", lambda s: {"payment": Payment("bitcoin", reference="abcd1234")},
     SaleRefusal.BAD_PAYMENT_METHOD),
    ("alipay without reference", lambda s: {"payment": Payment("alipay")},
     SaleRefusal.PAYMENT_REF_MISSING),
    ("card, blank reference", lambda s: {"payment": Payment("card", reference="  ")},
     SaleRefusal.PAYMENT_REF_MISSING),
    ("absurd reference", lambda s: {"payment": Payment("card", reference="1; DROP TABLE")},
     SaleRefusal.BAD_PAYMENT_REF),
    ("huge reference", lambda s: {"payment": Payment("card", reference="9" * 65)},
     SaleRefusal.BAD_PAYMENT_REF),
]


def test_every_bad_sale_is_refused_and_writes_nothing(sales: Sales) -> None:
    # One database for all cases (seeding one per case is slow); each must leave it as it was.
    before = footprint(sales)
    for case, change, reason in BAD_SALES:
        arguments = good_sale(sales) | change(sales)
        with pytest.raises(SaleRefused) as refused:
            sales.sell(**arguments)
        assert refused.value.reason is reason, case
        assert footprint(sales) == before, case
    sales.sell(**good_sale(sales))  # and the good sale they all start from does go through
    assert footprint(sales) != before


# --- selling beyond the book -----------------------------------------------------------------


def test_overselling_needs_a_reason_then_goes_negative_on_record(sales: Sales) -> None:
    on_shelf = book(sales, CABBAGE)
    cart = cart_of(sales, (CABBAGE, on_shelf + 2), (SPINACH, 1))
    # The book less what ready orders keep on the shelf is free to sell.
    assert [(s.sku, s.wanted, s.book + s.reserved) for s in sales.stock_shortfalls(cart)] == [
        (CABBAGE, on_shelf + 2, on_shelf)]
    kept = sales.stock_shortfalls(cart)[0].reserved
    assert kept > 0
    assert sales.stock_shortfalls(cart_of(sales, (CABBAGE, on_shelf - kept))) == []
    assert sales.stock_shortfalls(cart_of(sales, (CABBAGE, on_shelf - kept + 1))) != []

    before = footprint(sales)
    with pytest.raises(SaleRefused) as refused:
        sales.sell(cart, CLERK, cash(100_000), oversell_reasons={SPINACH: "not this one"})
    assert refused.value.reason is SaleRefusal.OVERSELL_NEEDS_REASON
    assert refused.value.skus == (CABBAGE,)
    assert footprint(sales) == before

    done = sales.sell(cart, CLERK, cash(100_000),
                      oversell_reasons={CABBAGE: "  送货未入账  ", SPINACH: "ignored"})
    assert book(sales, CABBAGE) == -2 == movements_sum(sales, CABBAGE)
    assert [line.oversell_reason for line in done.sale.lines] == ["送货未入账", None]
    assert [line["oversell_reason"] for line in event(sales, done.event_id)["lines"]] == [
        "送货未入账", None]
    assert sales.stock_shortfalls(cart_of(sales, (CABBAGE, 1))) != []


# --- refunds ---------------------------------------------------------------------------------


def test_partial_refunds_put_goods_back_and_pay_back_their_price(sales: Sales) -> None:
    sold = sales.sell(cart_of(sales, (SPINACH, 3), (RICE, 1)), CLERK, cash(10_000)).sale
    spinach_after_sale = book(sales, SPINACH)

    first = sales.refund(sold.sale_no, {SPINACH: 1}, CLERK, MANAGER, "包装破损")
    assert first.sale.sale_no == "R-XF01-20261125-0001"
    assert (first.sale.kind, first.sale.original_sale_no) == (SaleKind.REFUND, sold.sale_no)
    assert first.sale.total_fen == 590
    assert book(sales, SPINACH) == spinach_after_sale + 1 == movements_sum(sales, SPINACH)
    assert event(sales, first.event_id) == {
        "_type": "sale.refunded", "station_id": "XF01", "staff_id": CLERK,
        "movements": [{"sku": SPINACH, "delta": 1, "reason": "sale_refund"}],
        "sale_no": first.sale.sale_no, "original_sale_no": sold.sale_no,
        "refunded_at": NOON.isoformat(),
        "lines": [{"sku": SPINACH, "quantity": 1, "unit_price_fen": 590,
                   "oversell_reason": None}],
        "total_fen": 590, "payment_method": "cash", "reason": "包装破损",
        "approved_by": MANAGER, "subtotal_fen": 590, "discount_fen": 0, "payment_ref": None,
        "shift_no": CLERK_SHIFT,
    }
    receipt = document_from_json("sale_receipt", scalar(
        sales.db, "SELECT payload FROM print_job WHERE id=:i", i=first.job_id))
    assert receipt.kind is SaleKind.REFUND and receipt.original_sale_no == sold.sale_no

    second = sales.refund(sold.sale_no, {SPINACH: 2, RICE: 1}, CLERK, MANAGER, "不要了")
    assert second.sale.total_fen == 2 * 590 + 4990
    view = sales.sale(sold.sale_no)
    assert view is not None and view.fully_refunded
    assert view.refund_nos == (first.sale.sale_no, second.sale.sale_no)
    assert view.refunded_fen == sold.total_fen


def test_refund_shares_the_discount_and_adds_up_to_what_was_paid(sales: Sales) -> None:
    # 3 × ￥5.90 + ￥49.90 = ￥67.60, ￥10.01 off: awkward on purpose
    sold = sales.sell(cart_of(sales, (SPINACH, 3), (RICE, 1)), CLERK, cash(6000),
                      discount_fen=1001, approver_id=MANAGER).sale
    assert sold.total_fen == 5759
    refunds = [sales.refund(sold.sale_no, {SPINACH: 1}, CLERK, MANAGER, "x").sale
               for _ in range(3)]
    refunds.append(sales.refund(sold.sale_no, {RICE: 1}, CLERK, MANAGER, "x").sale)
    # cumulative half up: 1001×590/6760 = 87.36 → 87; ×1180 → 174.73 → 175 (share 88);
    # ×1770 → 262.09 → 262 (share 87); the rice carries the rest, 1001 − 262 = 739
    assert [r.discount_fen for r in refunds] == [87, 88, 87, 739]
    assert [r.total_fen for r in refunds] == [503, 502, 503, 4251]
    assert sum(r.total_fen for r in refunds) == sold.total_fen


def test_half_up_rounding() -> None:
    assert [round_half_up(n, 4) for n in (1, 2, 3, 6)] == [0, 1, 1, 2]  # .25 .5 .75 1.5


def test_external_refund_goes_back_the_same_way(sales: Sales) -> None:
    sold = sales.sell(cart_of(sales, (RICE, 1)), CLERK,
                      Payment(PaymentMethod.ALIPAY, reference="2026112522001400001")).sale
    refund = sales.refund(sold.sale_no, {RICE: 1}, CLERK, MANAGER, "质量问题")
    assert refund.sale.payment_method is PaymentMethod.ALIPAY
    assert event(sales, refund.event_id)["payment_method"] == "alipay"


BAD_REFUNDS: list[tuple[str, dict[str, Any], SaleRefusal]] = [
    ("unknown receipt", {"sale_no": "S-XF01-20990101-0001"}, SaleRefusal.UNKNOWN_SALE),
    ("never sold", {"lines": {CABBAGE: 1}}, SaleRefusal.NOT_SOLD),
    ("more than sold", {"lines": {SPINACH: 3}}, SaleRefusal.MORE_THAN_SOLD),
    ("zero quantities", {"lines": {SPINACH: 0}}, SaleRefusal.NOTHING_TO_REFUND),
    ("no lines", {"lines": {}}, SaleRefusal.NOTHING_TO_REFUND),
    ("negative", {"lines": {SPINACH: -1}}, SaleRefusal.BAD_QUANTITY),
    ("no manager", {"approver_id": None}, SaleRefusal.NEEDS_MANAGER),
    ("clerk approves", {"approver_id": CLERK}, SaleRefusal.NEEDS_MANAGER),
    ("no reason", {"reason": "  "}, SaleRefusal.REASON_MISSING),
    ("unknown clerk", {"staff_id": 99}, SaleRefusal.NOT_ALLOWED),
]


def test_every_bad_refund_is_refused_and_writes_nothing(sales: Sales) -> None:
    sold = sales.sell(cart_of(sales, (SPINACH, 2)), CLERK, cash(2000)).sale
    good = {"sale_no": sold.sale_no, "lines": {SPINACH: 1}, "staff_id": CLERK,
            "approver_id": MANAGER, "reason": "broken"}
    before = footprint(sales)
    for case, change, reason in BAD_REFUNDS:
        with pytest.raises(SaleRefused) as refused:
            sales.refund(**(good | change))
        assert refused.value.reason is reason, case
        assert footprint(sales) == before, case
    sales.refund(**good)
    assert footprint(sales) != before


def test_refunded_goods_cannot_be_refunded_again_nor_a_refund_refunded(sales: Sales) -> None:
    sold = sales.sell(cart_of(sales, (SPINACH, 2)), CLERK, cash(2000)).sale
    refund = sales.refund(sold.sale_no, {SPINACH: 2}, CLERK, MANAGER, "broken").sale
    before = footprint(sales)
    for sale_no, reason in ((sold.sale_no, SaleRefusal.MORE_THAN_SOLD),
                            (refund.sale_no, SaleRefusal.REFUND_OF_REFUND)):
        with pytest.raises(SaleRefused) as refused:
            sales.refund(sale_no, {SPINACH: 1}, CLERK, MANAGER, "again")
        assert refused.value.reason is reason
    assert footprint(sales) == before


# --- money and shifts (issue 13, item 2) -----------------------------------------------------


def sale_shift(sales: Sales, sale_no: str) -> str | None:
    shift_no: str | None = scalar(sales.db, "SELECT s.shift_no FROM sale JOIN shift s ON "
                                            "s.id = sale.shift_id WHERE sale_no = :n", n=sale_no)
    return shift_no


def test_cash_needs_the_cashiers_open_shift_and_is_refused_before_anything_is_written(
        sales: Sales, counter: Counter) -> None:
    """Cash without a drawer's shift made the drawer 'over' at closing: it is refused."""
    before = footprint(sales)
    with pytest.raises(SaleRefused) as refused:  # the manager has no shift open
        sales.sell(cart_of(sales, (SPINACH, 1)), MANAGER, cash(1000))
    assert refused.value.reason is SaleRefusal.NO_SHIFT
    assert footprint(sales) == before

    sold = sales.sell(cart_of(sales, (SPINACH, 2)), CLERK, cash(2000)).sale  # the clerk's drawer
    assert sale_shift(sales, sold.sale_no) == CLERK_SHIFT
    before = footprint(sales)
    with pytest.raises(SaleRefused) as refused:  # paid back from no drawer: refused too
        sales.refund(sold.sale_no, {SPINACH: 1}, MANAGER, MANAGER, "坏了")
    assert refused.value.reason is SaleRefusal.NO_SHIFT
    assert footprint(sales) == before

    manager_shift = Shifts(counter.db, counter.station_id, lambda: NOON).open(MANAGER, 0)
    refund = sales.refund(sold.sale_no, {SPINACH: 1}, MANAGER, MANAGER, "坏了").sale
    assert sale_shift(sales, refund.sale_no) == manager_shift.shift_no
    assert Shifts(counter.db, counter.station_id).shift(
        manager_shift.shift_no).totals.refunds_by_method["cash"] == 590


def test_other_payments_need_no_drawer_and_join_the_open_shift_when_there_is_one(
        sales: Sales, counter: Counter) -> None:
    """WeChat Pay, Alipay and card pass no drawer: sold without a shift, yet counted in the
    cashier's shift (its X and Z reports) when one is open."""
    alone = sales.sell(cart_of(sales, (RICE, 1)), MANAGER,
                       Payment(PaymentMethod.WECHAT, reference="4200001234202611250099")).sale
    assert sale_shift(sales, alone.sale_no) is None
    refund = sales.refund(alone.sale_no, {RICE: 1}, MANAGER, MANAGER, "不要了").sale
    assert sale_shift(sales, refund.sale_no) is None

    in_shift = sales.sell(cart_of(sales, (RICE, 1)), CLERK,
                          Payment(PaymentMethod.CARD, reference="CARD123456")).sale
    assert sale_shift(sales, in_shift.sale_no) == CLERK_SHIFT
    totals = Shifts(counter.db, counter.station_id).shift(CLERK_SHIFT).totals
    assert (totals.sales, totals.by_method["card"], totals.by_method["wechat"]) == (1, 4990, 0)


def test_the_refund_receipt_names_the_approving_manager(sales: Sales) -> None:
    sold = sales.sell(cart_of(sales, (SPINACH, 1)), CLERK, cash(1000)).sale
    done = sales.refund(sold.sale_no, {SPINACH: 1}, CLERK, MANAGER, "坏了")
    job = rows(sales.db, "SELECT kind, payload FROM print_job WHERE id=:i", i=done.job_id)[0]
    receipt = document_from_json(job.kind, job.payload)
    assert isinstance(receipt, SaleReceipt) and receipt.approved_by == "陈建国"
