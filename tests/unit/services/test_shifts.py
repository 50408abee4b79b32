"""Shifts and the cash drawer on the demo station's real database: figures, refusals, Z numbers,
events and the printed X/Z reports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from station_app.counter import Counter
from station_app.devices.documents import document_from_json, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.report import TextReport
from station_app.devices.sale_receipt import PaymentMethod
from station_app.domain.outcome import LineOutcome
from station_app.services.sales import Cart, Payment, SaleRefusal, SaleRefused, Sales
from station_app.services.shifts import (
    CashKind,
    ShiftRefusal,
    ShiftRefused,
    Shifts,
    ShiftState,
)
from station_app.storage.models import Staff
from tests.helpers import READY, pickup_code, rows, scalar
from tests.oracle.oracle import parse_receipt
from tests.paper_language import report_texts, wrong_language

CLERK, MANAGER = 1, 2
SPINACH, RICE = "VEG-001", "GRA-001"  # ￥5.90, ￥49.90
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def shifts(counter: Counter) -> Shifts:
    return Shifts(counter.db, counter.station_id, lambda: NOON)


@pytest.fixture
def sales(counter: Counter) -> Sales:
    return Sales(counter.db, counter.station_id, lambda: NOON)


def sell(sales: Sales, sku: str, quantity: int, method: PaymentMethod, staff: int = CLERK,
         discount: int = 0) -> str:
    cart = Cart().add(sales.item_for_barcode(sku), quantity)
    payment = Payment(method, cash_given_fen=cart.subtotal_fen) if method is PaymentMethod.CASH \
        else Payment(method, reference="TX12345678")
    return sales.sell(cart, staff, payment, discount, MANAGER if discount else None).sale.sale_no


def footprint(shifts: Shifts) -> tuple[int, ...]:
    return tuple(int(scalar(shifts.db, f"SELECT count(*) FROM {table}")) for table in (
        "shift", "cash_movement", "cash_count", "x_report", "outbox_event", "print_job"))


def payload(shifts: Shifts, event_id: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(scalar(
        shifts.db, "SELECT payload FROM outbox_event WHERE event_id=:e", e=event_id))
    return found


def printed(report: TextReport) -> bytes:
    settings = PrinterSettings()
    return render_lines(layout_document(report, settings.columns), settings)


def report_of(shifts: Shifts, job_id: int) -> TextReport:
    row = rows(shifts.db, "SELECT kind, payload FROM print_job WHERE id=:i", i=job_id)[0]
    report = document_from_json(row.kind, row.payload)
    assert isinstance(report, TextReport)
    return report


def test_opening_a_shift_numbers_it_and_sends_the_event(shifts: Shifts) -> None:
    view = shifts.open(CLERK, 50_000)
    assert view.shift_no == "SH-XF01-20261125-01"
    assert (view.state, view.float_fen, view.expected_cash_fen) == (ShiftState.OPEN, 50_000,
                                                                    50_000)
    event_id = scalar(shifts.db, "SELECT open_event_id FROM shift")
    assert payload(shifts, event_id) == {
        "station_id": "XF01", "staff_id": CLERK, "movements": [], "shift_no": view.shift_no,
        "opened_at": NOON.isoformat(), "float_fen": 50_000, "blind": False}
    assert scalar(shifts.db, "SELECT type FROM outbox_event WHERE event_id=:e",
                  e=event_id) == "shift.opened"
    assert shifts.open(MANAGER, 0).shift_no == "SH-XF01-20261125-02"
    assert shifts.current(CLERK) == shifts.shift(view.shift_no)


@pytest.mark.parametrize("float_fen", [-1, 1_000_001, True, 12.5])
def test_a_bad_float_or_second_shift_is_refused_and_writes_nothing(shifts: Shifts,
                                                                     float_fen: Any) -> None:
    before = footprint(shifts)
    with pytest.raises(ShiftRefused) as refused:
        shifts.open(CLERK, float_fen)
    assert refused.value.reason is ShiftRefusal.BAD_FLOAT
    assert footprint(shifts) == before
    shift_no = shifts.open(CLERK, 100).shift_no
    before = footprint(shifts)
    with pytest.raises(ShiftRefused) as refused:
        shifts.open(CLERK, 100)
    assert (refused.value.reason, refused.value.detail) == (ShiftRefusal.ALREADY_OPEN, shift_no)
    with pytest.raises(ShiftRefused) as refused:
        shifts.open(99, 100)
    assert refused.value.reason is ShiftRefusal.NOT_ALLOWED
    assert footprint(shifts) == before


def test_expected_cash_is_float_plus_cash_sales_minus_refunds_plus_in_minus_out(
        shifts: Shifts, sales: Sales) -> None:
    shift_no = shifts.open(CLERK, 20_000).shift_no
    cash_sale = sell(sales, RICE, 2, PaymentMethod.CASH)  # 9980
    sell(sales, SPINACH, 1, PaymentMethod.WECHAT)  # 590: not in the drawer
    with pytest.raises(SaleRefused) as refused:  # no shift of the manager: no drawer for it
        sell(sales, SPINACH, 3, PaymentMethod.CASH, staff=MANAGER)
    assert refused.value.reason is SaleRefusal.NO_SHIFT
    sell(sales, SPINACH, 3, PaymentMethod.ALIPAY, staff=MANAGER)  # no drawer: in no shift
    sales.refund(cash_sale, {RICE: 1}, CLERK, MANAGER, "不要了")  # -4990
    shifts.cash_in(shift_no, CLERK, 5_000, "零钱")
    shifts.cash_out(shift_no, CLERK, 3_000, "买水", MANAGER)
    shifts.no_sale(shift_no, CLERK, "找零换钱")
    view = shifts.shift(shift_no)
    assert view.expected_cash_fen == 20_000 + 9_980 - 4_990 + 5_000 - 3_000
    t = view.totals
    assert (t.sales, t.sales_fen, t.refunds, t.refunds_fen) == (2, 10_570, 1, 4_990)
    assert dict(t.by_method) == {"cash": 9_980, "wechat": 590, "alipay": 0, "card": 0}
    assert (t.cash_in_fen, t.cash_out_fen, t.no_sale_opens) == (5_000, 3_000, 1)
    assert [m.kind for m in t.cash_moves] == [CashKind.CASH_IN, CashKind.CASH_OUT,
                                              CashKind.NO_SALE]
    assert scalar(shifts.db, "SELECT count(*) FROM sale WHERE shift_id IS NULL") == 1


def test_cash_moves_need_amount_reason_and_a_manager_for_cash_out(shifts: Shifts) -> None:
    shift_no = shifts.open(CLERK, 10_000).shift_no
    before = footprint(shifts)
    for call, reason in (
            (lambda: shifts.cash_in(shift_no, CLERK, 0, "x"), ShiftRefusal.BAD_AMOUNT),
            (lambda: shifts.cash_in(shift_no, CLERK, -5, "x"), ShiftRefusal.BAD_AMOUNT),
            (lambda: shifts.cash_in(shift_no, CLERK, 100, "  "), ShiftRefusal.REASON_MISSING),
            (lambda: shifts.no_sale(shift_no, CLERK, ""), ShiftRefusal.REASON_MISSING),
            (lambda: shifts.cash_out(shift_no, CLERK, 100, "银行", None),
             ShiftRefusal.NEEDS_MANAGER),
            (lambda: shifts.cash_out(shift_no, CLERK, 100, "银行", CLERK),
             ShiftRefusal.NEEDS_MANAGER),
            (lambda: shifts.cash_in("SH-NOPE", CLERK, 100, "x"), ShiftRefusal.UNKNOWN_SHIFT)):
        with pytest.raises(ShiftRefused) as refused:
            call()
        assert refused.value.reason is reason
    assert footprint(shifts) == before
    moved = shifts.cash_out(shift_no, CLERK, 100, "银行", MANAGER)
    assert payload(shifts, moved.event_id) == {
        "station_id": "XF01", "staff_id": CLERK, "movements": [], "shift_no": shift_no,
        "kind": "cash_out", "amount_fen": 100, "reason": "银行", "at": NOON.isoformat(),
        "approved_by": MANAGER}
    moved = shifts.no_sale(shift_no, CLERK, "换零钱")
    assert payload(shifts, moved.event_id)["kind"] == "no_sale"
    assert payload(shifts, moved.event_id)["amount_fen"] == 0
    assert payload(shifts, moved.event_id)["approved_by"] is None


def test_another_clerk_cannot_work_on_my_shift(shifts: Shifts, counter: Counter) -> None:
    with counter.db.writing() as session:
        session.add(Staff(id=3, name="李娜", role="clerk", active=True))
    shift_no = shifts.open(CLERK, 0).shift_no
    with pytest.raises(ShiftRefused) as refused:
        shifts.cash_in(shift_no, 3, 100, "x")
    assert refused.value.reason is ShiftRefusal.NOT_YOURS
    shifts.cash_in(shift_no, MANAGER, 100, "x")  # a manager may


def test_close_within_threshold_writes_count_z_event_and_report(shifts: Shifts,
                                                                sales: Sales) -> None:
    shift_no = shifts.open(CLERK, 10_000).shift_no
    sell(sales, RICE, 1, PaymentMethod.CASH)  # 4990 → expected 14990
    job_x = shifts.x_report(shift_no, CLERK)
    assert shifts.x_report(shift_no, CLERK) != job_x
    assert [tuple(r) for r in rows(shifts.db, "SELECT x_no FROM x_report")] == [(1,), (2,)]
    assert report_of(shifts, job_x).report_no == f"X-{shift_no}-1"

    closed = shifts.close(shift_no, CLERK, {10000: 1, 2000: 2, 500: 1, 10: 9})  # 14590: -400
    assert (closed.z_no, closed.shift.variance_fen) == (1, -400)
    assert closed.shift.state is ShiftState.CLOSED and closed.shift.approved_by is None
    assert payload(shifts, closed.event_id) == {
        "station_id": "XF01", "staff_id": CLERK, "movements": [], "shift_no": shift_no,
        "closed_at": NOON.isoformat(), "z_no": 1, "float_fen": 10_000,
        "expected_cash_fen": 14_990, "counted_cash_fen": 14_590, "variance_fen": -400,
        "approved_by": None,
        "totals": {"sales_fen": 4_990, "refunds_fen": 0,
                   "by_method": {"cash": 4_990, "wechat": 0, "alipay": 0, "card": 0},
                   "cash_in_fen": 0, "cash_out_fen": 0, "no_sale_opens": 0, "handovers": 0,
                   "sales": 1, "refunds": 0},
        "denominations": {"10000": 1, "2000": 2, "500": 1, "10": 9}}
    assert [tuple(r) for r in rows(shifts.db, "SELECT denomination_fen, pieces FROM cash_count "
                                              "ORDER BY denomination_fen DESC")] == \
        [(10000, 1), (2000, 2), (500, 1), (10, 9)]
    report = report_of(shifts, closed.job_id)
    assert report.report_no == "Z-XF01-000001"
    values = dict(row for section in report.sections for row in section.rows)
    assert values["差额"] == "短款 ￥4.00" and values["实点现金"] == "￥145.90"
    with pytest.raises(ShiftRefused) as refused:
        shifts.close(shift_no, CLERK, {})
    assert refused.value.reason is ShiftRefusal.NOT_OPEN
    with pytest.raises(ShiftRefused):
        shifts.x_report(shift_no, CLERK)
    assert shifts.current(CLERK) is None


def test_a_big_variance_needs_a_manager_and_nothing_is_written_without(shifts: Shifts) -> None:
    shift_no = shifts.open(CLERK, 10_000).shift_no
    before = footprint(shifts)
    for approver in (None, CLERK):
        with pytest.raises(ShiftRefused) as refused:
            shifts.close(shift_no, CLERK, {1000: 8}, approver)  # 8000: -2000 > ¥10
        assert refused.value.reason is ShiftRefusal.VARIANCE_NEEDS_MANAGER
        assert refused.value.variance_fen == -2_000
    for bad, reason in (({3000: 1}, ShiftRefusal.BAD_DENOMINATION),
                        ({100: -1}, ShiftRefusal.BAD_PIECES),
                        ({100: 10_001}, ShiftRefusal.BAD_PIECES)):
        with pytest.raises(ShiftRefused) as refused:
            shifts.close(shift_no, CLERK, bad, MANAGER)
        assert refused.value.reason is reason
    assert footprint(shifts) == before
    assert scalar(shifts.db, "SELECT state FROM shift") == "open"
    closed = shifts.close(shift_no, CLERK, {1000: 8}, MANAGER)
    assert closed.shift.approved_by == MANAGER and closed.shift.approver_name == "陈建国"
    assert payload(shifts, closed.event_id)["approved_by"] == MANAGER
    # Exactly at the threshold: no manager needed.
    shift_no = shifts.open(CLERK, 10_000).shift_no
    assert shifts.close(shift_no, CLERK, {1000: 9}).shift.variance_fen == -1_000


def test_z_numbers_are_gapless_across_shifts_and_refusals(shifts: Shifts) -> None:
    numbers = []
    for staff in (CLERK, MANAGER, CLERK):
        shift_no = shifts.open(staff, 1_000).shift_no
        with pytest.raises(ShiftRefused):
            shifts.close(shift_no, staff, {10000: 5})  # refused: no Z number used
        numbers.append(shifts.close(shift_no, staff, {1000: 1}).z_no)
    assert numbers == [1, 2, 3]


def test_printed_x_and_z_reports_read_back_by_the_oracle(shifts: Shifts, sales: Sales,
                                                         tmp_path: Path) -> None:
    shift_no = shifts.open(CLERK, 10_000).shift_no
    sell(sales, RICE, 1, PaymentMethod.CASH)
    sell(sales, SPINACH, 1, PaymentMethod.ALIPAY)
    shifts.no_sale(shift_no, CLERK, "换零钱")
    x = parse_receipt(printed(report_of(shifts, shifts.x_report(shift_no, CLERK))), tmp_path)
    text = "\n".join(x.text_lines)
    assert x.cuts == 1 and "X 报表（班中）" in text and shift_no in text and "#1" in text
    assert "￥149.90" in text  # expected cash: not blind
    closed = shifts.close(shift_no, CLERK, {10000: 1, 2000: 2, 500: 1, 100: 4, 50: 1, 10: 4})
    z = parse_receipt(printed(report_of(shifts, closed.job_id)), tmp_path)
    text = "\n".join(z.text_lines)
    assert z.cuts == 1 and "Z 报表（交班）" in text and "#1" in text and shift_no in text
    assert "￥149.90" in text and "￥5.90" in text and "￥55.80" in text  # counted, alipay, sales
    assert "-￥0.50" not in text and "￥0.00" in text  # variance 0


def test_handovers_exceptions_and_voids_of_the_shift_are_counted(counter: Counter) -> None:
    # The handover desk runs on the real clock: so does this shift.
    shifts, sales = Shifts(counter.db, counter.station_id), Sales(counter.db, counter.station_id)
    shift_no = shifts.open(CLERK, 0).shift_no
    code = pickup_code(counter.db, READY + " AND (SELECT count(*) FROM order_line l "
                                           "WHERE l.order_id = orders.id) >= 2")
    order = counter.handovers.lookup(code).order
    assert order is not None
    counter.handovers.confirm(order.order_no, CLERK, order.pickup_code,
                         {order.lines[1].line_id: LineOutcome.MISSING})
    other = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert other is not None
    counter.handovers.confirm(other.order_no, MANAGER, other.pickup_code)  # not this cashier
    voided = sell(sales, RICE, 1, PaymentMethod.CARD)
    kept = sell(sales, SPINACH, 2, PaymentMethod.CASH)
    sales.refund(voided, {RICE: 1}, CLERK, MANAGER, "扫错了")
    sales.refund(kept, {SPINACH: 1}, CLERK, MANAGER, "坏了")
    totals = shifts.shift(shift_no).totals
    assert (totals.handovers, totals.exceptions) == (1, 1)
    assert (totals.voids, totals.voids_fen) == (1, 4_990)
    closed = shifts.close(shift_no, CLERK, {500: 1, 50: 1, 10: 3}, None)  # 590 expected
    report = report_of(shifts, closed.job_id)
    values = {s.heading: dict(s.rows) for s in report.sections}
    assert values["提货"] == {"提货": "1", "异常行": "1"}
    assert values["退款"]["作废"] == "1 ￥49.90"
    assert payload(shifts, closed.event_id)["totals"]["handovers"] == 1


def test_every_drawer_action_is_in_the_audit_log(shifts: Shifts) -> None:
    shift_no = shifts.open(CLERK, 1_000).shift_no
    shifts.cash_in(shift_no, CLERK, 500, "零钱")
    shifts.cash_out(shift_no, CLERK, 200, "存银行", MANAGER)
    shifts.no_sale(shift_no, CLERK, "换零钱")
    shifts.close(shift_no, CLERK, {}, MANAGER)  # ¥13 short: above the threshold
    assert [tuple(r) for r in rows(shifts.db, "SELECT action, staff_id, approver_id, subject "
                                              "FROM audit_log ORDER BY id")] == [
        ("shift_opened", CLERK, None, shift_no), ("cash_in", CLERK, None, shift_no),
        ("cash_out", CLERK, MANAGER, shift_no), ("no_sale", CLERK, None, shift_no),
        ("shift_closed", CLERK, MANAGER, shift_no)]


# --- issue 13: one name per document, one language per paper, differences with their sign --


@pytest.mark.parametrize(("language", "x_title", "z_title", "short"), [
    ("zh_CN", "X 报表（班中）", "Z 报表（交班）", ("差额", "短款 ￥4.00")),
    ("en", "X report", "Z report", ("Difference", "short ￥4.00")),
])
def test_x_and_z_reports_speak_the_receipt_language_and_sign_the_difference(
        counter: Counter, sales: Sales, language: str, x_title: str, z_title: str,
        short: tuple[str, str]) -> None:
    shifts = Shifts(counter.db, counter.station_id, lambda: NOON, language=language)
    shift_no = shifts.open(CLERK, 10_000).shift_no
    sell(sales, RICE, 1, PaymentMethod.CASH)  # 4990 → expected 14990
    sell(sales, SPINACH, 1, PaymentMethod.WECHAT)
    shifts.cash_in(shift_no, CLERK, 1_000, "零钱")  # the cashier's words stay as typed
    shifts.no_sale(shift_no, CLERK, "换零钱")
    x = report_of(shifts, shifts.x_report(shift_no, CLERK))
    closed = shifts.close(shift_no, CLERK, {10000: 1, 2000: 2, 500: 3, 10: 9})  # -400
    z = report_of(shifts, closed.job_id)
    assert (x.title, z.title) == (x_title, z_title)
    data = ("幸福里社区自提点", "王丽", "零钱", "换零钱")
    for report in (x, z):
        assert wrong_language(report_texts(report), language, data) == [], report.title
    values = dict(row for section in z.sections for row in section.rows)
    assert values[short[0]] == short[1]
    printed_z = "\n".join(parse_receipt(printed(z), Path(counter.data_dir.root)).text_lines)
    assert z_title.replace(" ", "") in printed_z.replace(" ", "")
