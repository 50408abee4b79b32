"""Report figures against independent SQL counts on the seeded demo station."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from station_app.clock import CHINA
from station_app.counter import Counter, open_counter
from station_app.demo_data import CATALOGUE
from station_app.services.report_sheets import (
    as_table,
    as_text_report,
    csv_table,
    staff_csv_table,
    staff_table,
)
from station_app.services.reports import ReportRefused, Reports, TodayReport
from station_app.services.sales import Cart, CartLine, Payment, Sales
from station_app.services.shifts import Shifts
from station_app.storage.models import CatalogueItem, Order
from tests.helpers import rows, scalar
from tests.paper_language import report_texts, wrong_language

# 14:00 in China: the demo's handovers (6 h before, over 5 h 20 min) all fall on this local day.
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
YESTERDAY = NOW - timedelta(days=1)
DAY = date(2026, 11, 25)
CLERK, MANAGER = 1, 2
(SKU_A, _NAME_A, UNIT_A, PRICE_A, _), (SKU_B, _NAME_B, UNIT_B, PRICE_B, _) = CATALOGUE[:2]
# Local day as UTC ISO text bounds, exactly as the column stores them.
START, END = "2026-11-24T16:00:00.000000Z", "2026-11-25T16:00:00.000000Z"


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Counter]:
    opened = open_counter(tmp_path / "data", demo=True, clock=lambda: NOW)
    yield opened
    opened.close()


def open_shift(counter: Counter, staff: int) -> None:
    shifts = Shifts(counter.db, counter.station_id, lambda: NOW)
    if shifts.current(staff) is None:
        shifts.open(staff, 0)


def sell(counter: Counter, at: datetime, sku: str, unit: str, price: int, qty: int,
         method: str, staff: int = CLERK) -> str:
    cart = Cart((CartLine(sku, sku, unit, qty, price),))
    payment = Payment("cash", cash_given_fen=price * qty) if method == "cash" \
        else Payment(method, reference=f"REF{qty}{price}{at:%H%M%S}")
    if method == "cash":  # cash goes into the cashier's drawer: their shift is open
        open_shift(counter, staff)
    done = Sales(counter.db, counter.station_id, lambda: at).sell(cart, staff, payment)
    return done.sale.sale_no


@pytest.fixture
def trading(station: Counter) -> Counter:
    """Sales today and yesterday, one refund today, by both staff."""
    first = sell(station, NOW - timedelta(hours=1), SKU_A, UNIT_A, PRICE_A, 2, "cash")
    sell(station, NOW - timedelta(minutes=30), SKU_B, UNIT_B, PRICE_B, 1, "wechat", MANAGER)
    sell(station, NOW - timedelta(minutes=10), SKU_B, UNIT_B, PRICE_B, 3, "alipay")
    sell(station, YESTERDAY, SKU_A, UNIT_A, PRICE_A, 1, "card")
    Sales(station.db, station.station_id, lambda: NOW).refund(
        first, {SKU_A: 1}, CLERK, MANAGER, "坏了 broken")
    return station


def test_today_counts_orders_and_handovers_like_sql(station: Counter) -> None:
    today = Reports(station.db, station.station_id, lambda: NOW).today()
    now = NOW.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    ready = "station_id='XF01' AND state='ready'"
    assert today.day == DAY
    assert today.waiting == scalar(station.db, f"SELECT count(*) FROM orders WHERE {ready} "
                                               "AND holding_deadline > :n", n=now) > 0
    assert today.overdue == scalar(station.db, f"SELECT count(*) FROM orders WHERE {ready} "
                                               "AND holding_deadline <= :n", n=now) > 0
    assert today.not_arrived == scalar(station.db, "SELECT count(*) FROM orders WHERE "
                                                   "station_id='XF01' AND state='not_arrived'")
    handed = scalar(station.db, "SELECT count(*) FROM handover WHERE handed_over_at >= :s "
                                "AND handed_over_at < :e", s=START, e=END)
    assert today.handed_over == handed == sum(today.pickups_per_hour) > 0
    # The first demo handover is at 08:08 local (6 h before 14:00, plus 8 minutes).
    assert today.pickups_per_hour[:8] == (0,) * 8 and today.pickups_per_hour[8] > 0
    assert len(today.pickups_per_hour) == 24
    assert today.sync.pending == scalar(station.db, "SELECT count(*) FROM outbox_event "
                                                    "WHERE acked_at IS NULL") > 0
    assert today.sync.oldest_pending_at is not None and today.sync.last_success_at is None


def test_due_today_is_a_ready_order_whose_deadline_ends_today(station: Counter) -> None:
    reports = Reports(station.db, station.station_id, lambda: NOW)
    before = reports.today()
    with station.db.writing() as session:  # test setup: two deadlines later today
        orders = session.query(Order).filter(Order.station_id == "XF01",
                                             Order.state == "ready").limit(2).all()
        for order in orders:
            order.holding_deadline = NOW + timedelta(hours=3)  # 17:00 local
    after = reports.today()
    assert after.due_today == before.due_today + 2


def test_sales_today_by_method_equal_the_sums_of_sale_rows(trading: Counter) -> None:
    sales = Reports(trading.db, trading.station_id, lambda: NOW).today().sales
    today = "sold_at >= :s AND sold_at < :e"
    assert sales.sales == scalar(trading.db, f"SELECT count(*) FROM sale WHERE kind='sale' "
                                             f"AND {today}", s=START, e=END) == 3
    assert sales.sales_fen == scalar(trading.db, f"SELECT sum(total_fen) FROM sale WHERE "
                                                 f"kind='sale' AND {today}", s=START, e=END)
    by_method = dict(rows(trading.db, f"SELECT payment_method, sum(total_fen) FROM sale WHERE "
                                      f"kind='sale' AND {today} GROUP BY payment_method",
                          s=START, e=END))
    assert {m: f for m, f in sales.by_method if f} == by_method
    assert dict(sales.by_method)["card"] == 0  # yesterday's card sale is not today's
    assert (sales.refunds, sales.refunds_fen) == (1, PRICE_A)
    assert dict(sales.refunds_by_method)["cash"] == PRICE_A
    assert sales.net_fen == sales.sales_fen - PRICE_A


def test_a_range_takes_both_days_and_a_day_only_its_own(trading: Counter) -> None:
    reports = Reports(trading.db, trading.station_id, lambda: NOW)
    day, both = reports.day(DAY), reports.range(DAY - timedelta(days=1), DAY)
    assert day.sales.sales == 3 and both.sales.sales == 4
    assert both.sales.sales_fen == scalar(trading.db, "SELECT sum(total_fen) FROM sale "
                                                      "WHERE kind='sale'")
    assert reports.day(DAY - timedelta(days=1)).sales.by_method == \
        (("cash", 0), ("wechat", 0), ("alipay", 0), ("card", PRICE_A))
    assert day.handovers == scalar(trading.db, "SELECT count(*) FROM handover")
    taken = scalar(trading.db, "SELECT count(*) FROM handover_line WHERE outcome='taken'")
    assert (day.lines_taken, day.lines_not_taken) == (
        taken, scalar(trading.db, "SELECT count(*) FROM handover_line") - taken)
    assert day.refund_requests == scalar(trading.db, "SELECT count(*) FROM refund_request")
    assert reports.day(DAY + timedelta(days=1)).handovers == 0
    with pytest.raises(ReportRefused):
        reports.range(DAY, DAY - timedelta(days=1))


def test_per_staff_figures_add_up_to_the_station(trading: Counter) -> None:
    report = Reports(trading.db, trading.station_id, lambda: NOW).day(DAY)
    by_id = {s.staff_id: s for s in report.staff}
    for staff_id in (CLERK, MANAGER):
        assert by_id[staff_id].handovers == scalar(
            trading.db, "SELECT count(*) FROM handover WHERE staff_id=:i", i=staff_id)
    assert by_id[MANAGER].sales == 1 and by_id[CLERK].sales == 2
    assert by_id[CLERK].sales_fen == 2 * PRICE_A + 3 * PRICE_B
    assert by_id[CLERK].refunds == 1 and by_id[MANAGER].refunds == 0
    assert sum(s.sales_fen for s in report.staff) == report.sales.sales_fen
    assert sum(s.handovers for s in report.staff) == report.handovers
    headers, table = staff_table(report)
    assert headers[0].startswith("员工") and [r[0] for r in table] == ["王丽", "陈建国"]


def test_stock_alerts_low_and_below_zero(station: Counter) -> None:
    with station.db.writing() as session:  # test setup: watch A at its book, drive B below 0
        book_a = scalar(station.db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=SKU_A)
        item = session.get(CatalogueItem, SKU_A)
        assert item is not None
        item.low_stock_level = book_a
    book_b = scalar(station.db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=SKU_B)
    cart = Cart((CartLine(SKU_B, SKU_B, UNIT_B, book_b + 2, PRICE_B),))
    open_shift(station, CLERK)
    Sales(station.db, station.station_id, lambda: NOW).sell(
        cart, CLERK, Payment("cash", cash_given_fen=PRICE_B * (book_b + 2)),
        oversell_reasons={SKU_B: "货架上有 on the shelf"})
    today = Reports(station.db, station.station_id, lambda: NOW).today()
    assert SKU_A in [a.sku for a in today.low_stock]
    assert [(a.sku, a.book) for a in today.below_zero] == [(SKU_B, -2)]


def test_table_and_paper_carry_the_same_figures(trading: Counter) -> None:
    report = Reports(trading.db, trading.station_id, lambda: NOW).day(DAY)
    headers, table = as_table(report)
    assert len(headers) == 3
    figures = {label: value for _section, label, value in table}
    assert figures["取件单数"] == str(report.handovers)
    assert figures["微信支付"] == f"￥{PRICE_B // 100}.{PRICE_B % 100:02d}"
    paper = as_text_report(report)
    assert paper.title.startswith("日报表") and "2026-11-25" in paper.title
    assert paper.report_no == "RPT-XF01-20261125-20261125"
    assert [row for s in paper.sections for row in s.rows] == [(r[1], r[2]) for r in table]
    assert paper.printed_at.astimezone(CHINA).hour == 14


# --- issue 13: one language per document, amounts a spreadsheet can add ----------------------


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_report_text_is_in_one_language(trading: Counter, language: str) -> None:
    reports = Reports(trading.db, trading.station_id, lambda: NOW)
    data = ["幸福里社区自提点", "王丽", "陈建国", *(name for _sku, name, *_ in CATALOGUE)]
    for report in (reports.today(), reports.day(DAY), reports.range(DAY - timedelta(1), DAY)):
        paper = as_text_report(report, language)
        assert wrong_language(report_texts(paper), language, data) == [], paper.title
        for headers, table in (as_table(report, language), csv_table(report, language)):
            texts = [*headers, *(cell for row in table for cell in row)]
            assert wrong_language(texts, language, data) == [], headers
        if not isinstance(report, TodayReport):
            headers, table = staff_table(report, language)
            assert wrong_language([*headers, *(c for r in table for c in r)], language,
                                  data) == []


def test_csv_amounts_are_numbers_with_the_currency_in_the_header(trading: Counter) -> None:
    report = Reports(trading.db, trading.station_id, lambda: NOW).day(DAY)
    for language, amount_header in (("zh_CN", "金额（元）"), ("en", "Amount (CNY)")):
        headers, table = csv_table(report, language)
        assert headers[-1] == amount_header
        amounts = {row[1]: row[-1] for row in table if row[-1]}
        for amount in amounts.values():
            assert "￥" not in amount and "¥" not in amount
            float(amount)  # a spreadsheet reads it as a number
        net = report.sales.net_fen
        assert any(float(value) * 100 == net for value in amounts.values())
        assert all(row[2] == "" for row in table if row[-1])  # counts and amounts apart
        headers, staff = staff_csv_table(report, language)
        money = [i for i, header in enumerate(headers) if "元" in header or "CNY" in header]
        assert len(money) == 2  # sales and refunds totals
        for row in staff:
            for column in money:
                float(row[column])
