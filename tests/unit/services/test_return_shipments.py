"""Return shipments (退货出库) on a real database: filling, scanning out, shipping, the paper."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from station_app.clock import business_day, utc_now
from station_app.counter import Counter
from station_app.devices.documents import layout_document
from station_app.devices.receipt_layout import TextLine
from station_app.domain.outcome import LineOutcome
from station_app.services.after_sales import AfterSales
from station_app.services.authority import NotAllowed
from station_app.services.print_journal import PrintJournal
from station_app.services.return_shipments import (
    LineReason,
    ReturnShipments,
    ShipmentProblem,
    ShipmentRefused,
    ShipmentState,
    return_list,
)
from tests.helpers import OVERDUE, READY, rows, scalar
from tests.paper_language import report_texts, wrong_language
from tests.unit.services.test_after_sales import (
    assert_ledger_balanced,
    events,
    hand_over,
    snapshot,
)


def shipments(counter: Counter) -> ReturnShipments:
    return ReturnShipments(counter.db, counter.station_id)


def overdue_orders(counter: Counter, count: int) -> list[str]:
    return [r.order_no for r in rows(counter.db, f"SELECT order_no FROM orders WHERE {OVERDUE} "
                                                 f"ORDER BY id LIMIT {count}")]


def scan_everything(counter: Counter) -> None:
    shipment = shipments(counter).open_shipment()
    assert shipment is not None
    for order_no in shipment.order_nos:
        shipments(counter).scan(order_no)  # an order number scans all its lines, loose ones too
    shipment = shipments(counter).open_shipment()
    assert shipment is not None
    for line in shipment.lines:
        barcode = scalar(counter.db, "SELECT barcode FROM catalogue_item WHERE sku = :s",
                         s=line.sku)
        for _ in range(line.quantity - line.scanned):
            shipments(counter).scan(barcode)


def test_overdue_orders_go_in_whole_into_one_open_shipment(counter: Counter) -> None:
    first, second = overdue_orders(counter, 2)
    shipment = shipments(counter).add_overdue([first], 1)
    assert shipment.state is ShipmentState.OPEN
    day = business_day(utc_now()).strftime("%Y%m%d")
    assert shipment.shipment_no == f"RS-XF01-{day}-01"
    lines = rows(counter.db, "SELECT sku, quantity FROM order_line l JOIN orders o ON o.id = "
                             "l.order_id WHERE o.order_no = :n ORDER BY line_no", n=first)
    assert [(li.sku, li.quantity, li.reason) for li in shipment.lines] == \
        [(li.sku, li.quantity, LineReason.OVERDUE) for li in lines]
    again = shipments(counter).add_overdue([second], 1)
    assert again.shipment_no == shipment.shipment_no
    assert again.order_nos == (first, second)
    assert scalar(counter.db, "SELECT count(*) FROM return_shipment") == 1

    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as listed:
        shipments(counter).add_overdue([first], 1)
    assert listed.value.reason is ShipmentProblem.ALREADY_LISTED
    assert snapshot(counter) == before


def test_orders_that_are_not_overdue_are_refused_with_nothing_written(
        counter: Counter) -> None:
    good = overdue_orders(counter, 1)
    before = snapshot(counter)
    for where in (READY, "state = 'handed_over'", "state = 'not_arrived'",
                  "station_id = 'XF02'", "order_no = 'nope'"):
        bad = scalar(counter.db, f"SELECT order_no FROM orders WHERE {where} LIMIT 1") or "nope"
        with pytest.raises(ShipmentRefused) as refused:
            shipments(counter).add_overdue([*good, bad], 1)  # all or nothing
        assert refused.value.reason is ShipmentProblem.NOT_OVERDUE
        assert len(refused.value.items) == 1 and bad in refused.value.items[0]
        assert snapshot(counter) == before
    with pytest.raises(ShipmentRefused):
        shipments(counter).add_overdue([], 1)
    with pytest.raises(NotAllowed):
        shipments(counter).add_overdue(good, 42)
    assert snapshot(counter) == before


def test_refused_and_returned_goods_go_in_once(counter: Counter) -> None:
    refused_order = hand_over(counter, outcomes={0: LineOutcome.REFUSED})
    returned_order = hand_over(counter)
    history = AfterSales(counter.db, "XF01").order_history(returned_order)
    assert history is not None
    AfterSales(counter.db, "XF01").register_return(returned_order, history.lines[0].sku, 1,
                                                   "不新鲜", 1)
    shipment = shipments(counter).add_refund_goods(1)
    reasons = {(li.order_no, li.reason) for li in shipment.lines}
    assert (refused_order, LineReason.REFUSED) in reasons
    assert (returned_order, LineReason.RETURNED) in reasons
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as none_left:
        shipments(counter).add_refund_goods(1)
    assert none_left.value.reason is ShipmentProblem.NOTHING_PENDING
    assert snapshot(counter) == before


def test_surplus_up_to_the_book_only(counter: Counter) -> None:
    sku, book = rows(counter.db, "SELECT sku, quantity FROM stock_balance WHERE quantity > 2 "
                                 "ORDER BY sku LIMIT 1")[0]
    shipment = shipments(counter).add_surplus(sku, book - 1, 1)
    assert [(li.sku, li.quantity, li.reason) for li in shipment.lines] == \
        [(sku, book - 1, LineReason.SURPLUS)]
    before = snapshot(counter)
    for code, quantity, problem in ((sku, 2, ShipmentProblem.MORE_THAN_BOOK),
                                    ("NO-SUCH", 1, ShipmentProblem.UNKNOWN_SKU),
                                    (sku, 0, ShipmentProblem.BAD_QUANTITY),
                                    (sku, -3, ShipmentProblem.BAD_QUANTITY),
                                    (sku, 10**6, ShipmentProblem.BAD_QUANTITY)):
        with pytest.raises(ShipmentRefused) as refused:
            shipments(counter).add_surplus(code, quantity, 1)
        assert refused.value.reason is problem
    assert snapshot(counter) == before
    barcode = scalar(counter.db, "SELECT barcode FROM catalogue_item WHERE sku = :s", s=sku)
    assert shipments(counter).add_surplus(barcode, 1, 1).units == book  # by barcode too


def test_removing_an_overdue_line_takes_the_whole_order_out(counter: Counter) -> None:
    first, second = overdue_orders(counter, 2)
    shipment = shipments(counter).add_overdue([first, second], 1)
    line = next(li for li in shipment.lines if li.order_no == first)
    after = shipments(counter).remove_line(line.line_id, 1)
    assert after.order_nos == (second,)
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as refused:
        shipments(counter).remove_line(line.line_id, 1)
    assert refused.value.reason is ShipmentProblem.UNKNOWN_LINE
    assert snapshot(counter) == before


def test_scanning_out_marks_units_and_refuses_strangers(counter: Counter) -> None:
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as nothing_open:
        shipments(counter).scan("6901234500017")
    assert nothing_open.value.reason is ShipmentProblem.UNKNOWN_SHIPMENT
    (order_no,) = overdue_orders(counter, 1)
    shipment = shipments(counter).add_overdue([order_no], 1)
    sku, _book = rows(counter.db, "SELECT sku, quantity FROM stock_balance WHERE quantity > 2 AND "
                                 "sku NOT IN (SELECT sku FROM return_shipment_line) ORDER BY sku "
                                 "LIMIT 1")[0]
    shipments(counter).add_surplus(sku, 2, 1)
    barcode = scalar(counter.db, "SELECT barcode FROM catalogue_item WHERE sku = :s", s=sku)

    result = shipments(counter).scan(order_no)
    assert result.units == shipment.units
    assert result.shipment.scanned_units == shipment.units
    assert shipments(counter).scan(barcode).shipment.scanned_units == shipment.units + 1
    assert shipments(counter).scan(barcode).shipment.scanned_units == shipment.units + 2

    middle = snapshot(counter)
    for code, problem in ((barcode, ShipmentProblem.OVER_SCANNED),
                          (order_no, ShipmentProblem.OVER_SCANNED),
                          ("0000000000000", ShipmentProblem.NOT_IN_SHIPMENT),
                          ("XF01-000000-0000", ShipmentProblem.NOT_IN_SHIPMENT)):
        with pytest.raises(ShipmentRefused) as refused:
            shipments(counter).scan(code)
        assert refused.value.reason is problem
    assert snapshot(counter) == middle
    assert before != middle


def test_ship_refuses_unscanned_goods_and_names_them(counter: Counter) -> None:
    first, second = overdue_orders(counter, 2)
    shipment = shipments(counter).add_overdue([first, second], 1)
    shipments(counter).scan(first)
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as refused:
        shipments(counter).ship(shipment.shipment_no, 1)
    assert refused.value.reason is ShipmentProblem.UNSCANNED
    assert refused.value.items and all(second in item for item in refused.value.items)
    assert snapshot(counter) == before


def test_an_empty_shipment_cannot_ship(counter: Counter) -> None:
    (order_no,) = overdue_orders(counter, 1)
    shipment = shipments(counter).add_overdue([order_no], 1)
    shipments(counter).remove_line(shipment.lines[0].line_id, 1)
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as refused:
        shipments(counter).ship(shipment.shipment_no, 1)
    assert refused.value.reason is ShipmentProblem.EMPTY
    with pytest.raises(ShipmentRefused) as unknown:
        shipments(counter).ship("RS-XF01-19990101-01", 1)
    assert unknown.value.reason is ShipmentProblem.UNKNOWN_SHIPMENT
    assert snapshot(counter) == before


def test_shipping_is_one_transaction_with_event_and_printed_list(counter: Counter) -> None:
    orders = overdue_orders(counter, 2)
    refused_order = hand_over(counter, outcomes={0: LineOutcome.REFUSED})
    sku = str(scalar(counter.db, "SELECT sku FROM stock_balance WHERE quantity > 1 ORDER BY sku "
                                 "DESC LIMIT 1"))
    shipments(counter).add_overdue(orders, 1)
    shipments(counter).add_refund_goods(1)
    shipment = shipments(counter).add_surplus(sku, 1, 1)
    scan_everything(counter)
    balances = dict(rows(counter.db, "SELECT sku, quantity FROM stock_balance"))

    done = shipments(counter).ship(shipment.shipment_no, 2)

    assert done.shipment.state is ShipmentState.SHIPPED
    assert set(done.returned_orders) == set(orders)
    assert refused_order not in done.returned_orders
    states = {r.order_no: r.state for r in rows(
        counter.db, "SELECT order_no, state FROM orders WHERE order_no IN (:a, :b, :c)",
        a=orders[0], b=orders[1], c=refused_order)}
    assert states == {orders[0]: "returned", orders[1]: "returned",
                      refused_order: "handed_over"}
    assert scalar(counter.db, "SELECT count(*) FROM order_note WHERE kind = 'returned'") == 2
    movements = rows(counter.db, "SELECT sku, delta, reason FROM stock_movement WHERE reference "
                                 "= :r ORDER BY id", r=shipment.shipment_no)
    assert [(m.sku, m.delta) for m in movements] == \
        [(li.sku, -li.quantity) for li in done.shipment.lines]
    for line in done.shipment.lines:
        balances[line.sku] -= line.quantity
    assert dict(rows(counter.db, "SELECT sku, quantity FROM stock_balance")) == balances
    assert_ledger_balanced(counter)

    payload = events(counter, "return.shipped")[-1]
    assert payload == {
        "station_id": "XF01", "staff_id": 2, "shipment_no": shipment.shipment_no,
        "shipped_at": payload["shipped_at"],
        "movements": [{"sku": m.sku, "delta": m.delta, "reason": "return_shipment"}
                      for m in movements],
        "lines": [{"sku": li.sku, "quantity": li.quantity, "reason": li.reason.value,
                   "order_no": li.order_no} for li in done.shipment.lines],
        "returned_orders": list(done.returned_orders),
        "opened_at": done.shipment.created_at.isoformat(),
        "opened_by": scalar(counter.db, "SELECT created_by FROM return_shipment")}
    assert datetime.fromisoformat(payload["shipped_at"]).tzinfo is not None
    assert scalar(counter.db, "SELECT event_id FROM return_shipment WHERE shipment_no = :s",
                  s=shipment.shipment_no) == done.event_id

    job = PrintJournal(counter.db).job(done.print_job_id)
    assert job is not None and job.reference == shipment.shipment_no
    text = "\n".join(line.text for line in layout_document(job.document, 48)
                     if isinstance(line, TextLine))
    for order_no in [*orders, refused_order]:
        assert order_no in text
    assert "退货出库单" in text and "司机签字" in text and "陈建国" in text
    units_row = next(line for line in text.splitlines() if line.startswith("件数"))
    assert units_row.split()[-1] == str(done.shipment.units)

    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as again:
        shipments(counter).ship(shipment.shipment_no, 2)
    assert again.value.reason is ShipmentProblem.NOT_OPEN
    assert snapshot(counter) == before
    # The next shipment is a new one, numbered on.
    next_one = shipments(counter).add_surplus(sku, 1, 1)
    assert next_one.shipment_no.endswith("-02")
    assert json.loads(scalar(counter.db, "SELECT payload FROM print_job WHERE id = :i",
                             i=done.print_job_id))["report_no"] == shipment.shipment_no


def test_every_event_fits_head_offices_models(counter: Counter) -> None:
    """The payloads of a whole after-sales day pass head office's own validation."""
    from station_app.services.overdue import Overdue
    from sync.protocol import EVENT_PAYLOADS

    refused_order = hand_over(counter, outcomes={0: LineOutcome.REFUSED, 1: LineOutcome.MISSING},
                              min_lines=2)
    returned_order = hand_over(counter)
    history = AfterSales(counter.db, "XF01").order_history(returned_order)
    assert history is not None
    AfterSales(counter.db, "XF01").register_return(returned_order, history.lines[0].sku, 1,
                                                   "顾客退回：不新鲜", 1, "photos/x.jpg")
    orders = overdue_orders(counter, 2)
    Overdue(counter.db, "XF01").remind(orders, 1)
    Overdue(counter.db, "XF01").move_to_return(orders, 1)
    shipments(counter).add_refund_goods(1)
    scan_everything(counter)
    shipment = shipments(counter).open_shipment()
    assert shipment is not None
    shipments(counter).ship(shipment.shipment_no, 1)

    checked = 0
    for event_type in ("refund.requested", "order.reminded", "return.shipped"):
        for payload in events(counter, event_type):
            EVENT_PAYLOADS[event_type].model_validate(payload)
            checked += 1
    assert checked >= 3 + 2 + 1
    assert refused_order in json.dumps(events(counter, "return.shipped"))


def test_an_overdue_order_collected_after_listing_stops_the_shipment(counter: Counter) -> None:
    collected, other = overdue_orders(counter, 2)
    shipments(counter).add_overdue([collected, other], 1)
    hand_over(counter, where=f"order_no = '{collected}'")  # the resident came after all
    scan_everything(counter)
    shipment = shipments(counter).open_shipment()
    assert shipment is not None
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused) as refused:
        shipments(counter).ship(shipment.shipment_no, 1)
    assert refused.value.reason is ShipmentProblem.NO_LONGER_READY
    assert refused.value.items == (f"{collected}: handed_over",)
    assert snapshot(counter) == before
    line = next(li for li in shipment.lines if li.order_no == collected)
    shipments(counter).remove_line(line.line_id, 1)
    done = shipments(counter).ship(shipment.shipment_no, 1)
    assert done.returned_orders == (other,)
    assert_ledger_balanced(counter)


@pytest.mark.parametrize(("language", "title"), [("zh_CN", "退货出库单"),
                                                 ("en", "Return shipment list")])
def test_the_return_list_prints_in_the_receipt_language_only(counter: Counter, language: str,
                                                             title: str) -> None:
    shipments(counter).add_overdue(overdue_orders(counter, 1), 1)
    sku = str(scalar(counter.db, "SELECT sku FROM stock_balance WHERE quantity > 1 ORDER BY sku "
                                 "DESC LIMIT 1"))
    shipment = shipments(counter).add_surplus(sku, 1, 1)
    paper = return_list(shipment, "幸福里社区自提点", "XF01", "陈建国", datetime.now(UTC),
                        language)
    assert paper.title == title
    names = [str(name) for (name,) in rows(counter.db, "SELECT name FROM catalogue_item")]
    data = ["幸福里社区自提点", "陈建国", *names, *(line.unit for line in shipment.lines)]
    assert wrong_language(report_texts(paper), language, data) == []
