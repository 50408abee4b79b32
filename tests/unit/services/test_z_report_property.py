"""Property: over random shifts, the Z report's totals (the `shift.closed` event and the printed
report rows) equal the sums of the shift's recorded facts, queried independently in SQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.counter import Counter
from station_app.devices.documents import document_from_json
from station_app.devices.report import TextReport
from station_app.devices.sale_receipt import PaymentMethod
from station_app.money import format_difference, format_fen
from station_app.services.sales import Cart, Payment, Sales
from station_app.services.shifts import DENOMINATIONS, Shifts
from tests.helpers import rows, scalar

CLERK, MANAGER = 1, 2
SKUS = ("VEG-001", "VEG-002", "GRA-001")
METHODS = (PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.CARD)

sale_op = st.tuples(st.just("sale"), st.sampled_from(SKUS), st.integers(1, 3),
                    st.sampled_from(METHODS), st.integers(0, 200))
refund_op = st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 3))
cash_op = st.tuples(st.sampled_from(["cash_in", "cash_out"]), st.integers(1, 50_000))
no_sale_op = st.tuples(st.just("no_sale"))
shift_story = st.tuples(
    st.integers(0, 100_000),  # the float
    st.lists(st.one_of(sale_op, refund_op, cash_op, no_sale_op), max_size=12),
    st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(0, 40), max_size=8))


class Ticking:
    """A clock moving a second per reading: every fact has its own time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def run_story(sales: Sales, shifts: Shifts, story: Any) -> str:
    float_fen, ops, _ = story
    shift_no = shifts.open(CLERK, float_fen).shift_no
    sold: list[str] = []
    for op in ops:
        match op:
            case ("sale", sku, quantity, method, discount):
                cart = Cart().add(sales.item_for_barcode(sku), quantity)
                discount = min(discount, cart.subtotal_fen)
                total = cart.subtotal_fen - discount
                payment = Payment(method, cash_given_fen=total + 37) \
                    if method is PaymentMethod.CASH else Payment(method, reference="TX98765432")
                done = sales.sell(cart, CLERK, payment, discount,
                                  MANAGER if discount else None,
                                  dict.fromkeys(SKUS, "货架有货"))
                sold.append(done.sale.sale_no)
            case ("refund", pick, quantity):
                if not sold:
                    continue
                view = sales.sale(sold[pick % len(sold)])
                assert view is not None
                line = next((line for line in view.lines if line.refundable), None)
                if line is not None:
                    sales.refund(view.sale_no, {line.sku: min(quantity, line.refundable)},
                                 CLERK, MANAGER, "顾客退货")
            case ("cash_in", amount):
                shifts.cash_in(shift_no, CLERK, amount, "零钱")
            case ("cash_out", amount):
                shifts.cash_out(shift_no, CLERK, amount, "存银行", MANAGER)
            case ("no_sale",):
                shifts.no_sale(shift_no, CLERK, "换零钱")
    return shift_no


def facts(db: Any, shift_no: str) -> dict[str, Any]:
    """The shift's recorded facts, summed straight from the tables."""
    shift_id = scalar(db, "SELECT id FROM shift WHERE shift_no=:n", n=shift_no)

    def one(sql: str) -> int:
        return int(scalar(db, sql, s=shift_id) or 0)

    by_method = {method.value: one(
        f"SELECT sum(total_fen) FROM sale WHERE shift_id=:s AND kind='sale' "
        f"AND payment_method='{method.value}'") for method in METHODS}
    return {
        "sales": one("SELECT count(*) FROM sale WHERE shift_id=:s AND kind='sale'"),
        "sales_fen": one("SELECT sum(total_fen) FROM sale WHERE shift_id=:s AND kind='sale'"),
        "refunds": one("SELECT count(*) FROM sale WHERE shift_id=:s AND kind='refund'"),
        "refunds_fen": one("SELECT sum(total_fen) FROM sale WHERE shift_id=:s "
                           "AND kind='refund'"),
        "cash_refunds_fen": one("SELECT sum(total_fen) FROM sale WHERE shift_id=:s "
                                "AND kind='refund' AND payment_method='cash'"),
        "by_method": by_method,
        "cash_in_fen": one("SELECT sum(amount_fen) FROM cash_movement WHERE shift_id=:s "
                           "AND kind='cash_in'"),
        "cash_out_fen": one("SELECT sum(amount_fen) FROM cash_movement WHERE shift_id=:s "
                            "AND kind='cash_out'"),
        "no_sale_opens": one("SELECT count(*) FROM cash_movement WHERE shift_id=:s "
                             "AND kind='no_sale'"),
        "discounts_fen": one("SELECT sum(discount_fen) FROM sale WHERE shift_id=:s "
                             "AND kind='sale'"),
        # cash given minus change is what stayed in the drawer for each cash sale
        "cash_kept_fen": one("SELECT sum(cash_given_fen - change_fen) FROM sale "
                             "WHERE shift_id=:s AND kind='sale' AND payment_method='cash'"),
    }


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(story=shift_story)
def test_z_totals_equal_the_sums_of_the_shift_facts(counter: Counter, story: Any) -> None:
    clock = Ticking()
    sales = Sales(counter.db, counter.station_id, clock)
    # A threshold nobody reaches: the property is about the sums, approval has its own tests.
    shifts = Shifts(counter.db, counter.station_id, clock, variance_threshold_fen=10**9)
    shift_no = run_story(sales, shifts, story)
    counts = story[2]
    closed = shifts.close(shift_no, CLERK, counts)

    f = facts(counter.db, shift_no)
    payload = json.loads(scalar(counter.db, "SELECT payload FROM outbox_event "
                                            "WHERE event_id=:e", e=closed.event_id))
    totals = payload["totals"]
    for key in ("sales", "sales_fen", "refunds", "refunds_fen", "by_method", "cash_in_fen",
                "cash_out_fen", "no_sale_opens"):
        assert totals[key] == f[key], key
    assert totals["handovers"] == 0
    assert f["cash_kept_fen"] == f["by_method"]["cash"]
    expected = (story[0] + f["by_method"]["cash"] - f["cash_refunds_fen"] + f["cash_in_fen"]
                - f["cash_out_fen"])
    counted = sum(d * p for d, p in counts.items())
    assert (payload["float_fen"], payload["expected_cash_fen"], payload["counted_cash_fen"],
            payload["variance_fen"]) == (story[0], expected, counted, counted - expected)
    assert payload["z_no"] == scalar(counter.db, "SELECT max(z_no) FROM shift")
    assert int(scalar(counter.db, "SELECT coalesce(sum(denomination_fen * pieces), 0) FROM "
                                  "cash_count WHERE shift_id=(SELECT id FROM shift "
                                  "WHERE shift_no=:n)", n=shift_no)) == counted

    job = rows(counter.db, "SELECT kind, payload FROM print_job WHERE id=:i", i=closed.job_id)[0]
    report = document_from_json(job.kind, job.payload)
    assert isinstance(report, TextReport)
    section = {s.heading: dict(s.rows) for s in report.sections}
    assert section["销售"]["笔数"] == str(f["sales"])
    assert section["销售"]["合计"] == format_fen(f["sales_fen"])
    assert section["销售"]["现金"] == format_fen(f["by_method"]["cash"])
    assert section["销售"]["微信支付"] == format_fen(f["by_method"]["wechat"])
    assert section["销售"]["支付宝"] == format_fen(f["by_method"]["alipay"])
    assert section["销售"]["银行卡"] == format_fen(f["by_method"]["card"])
    assert section["销售"]["优惠"] == format_fen(f["discounts_fen"])
    assert section["退款"]["笔数"] == str(f["refunds"])
    assert section["退款"]["合计"] == format_fen(f["refunds_fen"])
    assert section["钱箱"]["无销售开箱"] == str(f["no_sale_opens"])
    assert section["钱箱"]["存入"] == format_fen(f["cash_in_fen"])
    assert section["钱箱"]["取出"] == format_fen(f["cash_out_fen"])
    assert section["现金"]["应有现金"] == format_fen(expected)
    assert section["现金"]["实点现金"] == format_fen(counted)
    assert section["现金"]["差额"] == format_difference(counted - expected, "zh_CN")
    assert section["班次"]["Z 报表序号"] == f"#{payload['z_no']}"
    assert section["班次"]["班次号"] == shift_no
