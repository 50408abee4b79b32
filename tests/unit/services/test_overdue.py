"""The overdue list (滞留) on a real database: order, reminders, bulk return, holding period."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from station_app.counter import Counter
from station_app.services.authority import NotAllowed
from station_app.services.overdue import Overdue, OverdueProblem, OverdueRefused, deadline_for
from station_app.services.return_shipments import ReturnShipments, ShipmentRefused
from tests.helpers import OVERDUE, READY, rows, scalar
from tests.unit.services.test_after_sales import snapshot


def overdue(counter: Counter) -> Overdue:
    return Overdue(counter.db, counter.station_id)


def test_the_list_holds_only_overdue_orders_oldest_first(counter: Counter) -> None:
    listed = overdue(counter).overdue()
    expected = {r.order_no for r in rows(counter.db, f"SELECT order_no FROM orders WHERE "
                                                     f"{OVERDUE}")}
    assert listed and {order.order_no for order in listed} == expected
    deadlines = [order.holding_deadline for order in listed]
    assert deadlines == sorted(deadlines)
    assert listed[0].overdue_for >= listed[-1].overdue_for > timedelta(0)
    first = listed[0]
    assert first.days == first.overdue_for.days and 0 <= first.hours < 24
    assert first.masked_phone.count("*") >= 4 and first.slot
    assert first.item_count == scalar(counter.db, "SELECT sum(quantity) FROM order_line l JOIN "
                                                  "orders o ON o.id = l.order_id WHERE "
                                                  "o.order_no = :n", n=first.order_no)
    assert "580486" in {order.pickup_code for order in listed}  # the demo's overdue example
    # Seen a week later, every ready order of the station is overdue.
    later = overdue(counter).overdue(datetime.now().astimezone() + timedelta(days=7))
    assert len(later) == scalar(counter.db, "SELECT count(*) FROM orders WHERE state = 'ready' "
                                            "AND station_id = 'XF01'")


def test_remind_marks_each_order_with_its_event(counter: Counter) -> None:
    order_nos = [order.order_no for order in overdue(counter).overdue()[:3]]
    done = overdue(counter).remind(order_nos, 1)
    assert done.order_nos == tuple(order_nos) and len(done.event_ids) == 3
    for order_no in order_nos:
        row = rows(counter.db, "SELECT reminders, reminded_at FROM orders WHERE order_no = :n",
                   n=order_no)[0]
        assert row.reminders == 1 and row.reminded_at
        assert scalar(counter.db, "SELECT count(*) FROM order_note WHERE order_no = :n AND kind "
                                  "= 'reminded'", n=order_no) == 1
    payloads = [json.loads(r.payload) for r in rows(
        counter.db, "SELECT payload FROM outbox_event WHERE type = 'order.reminded' ORDER BY "
                    "station_seq")]
    assert payloads == [{"station_id": "XF01", "staff_id": 1, "movements": [], "order_no": no,
                         "reminded_at": done.reminded_at.isoformat()} for no in order_nos]
    overdue(counter).remind(order_nos[:1], 2)
    again = next(o for o in overdue(counter).overdue() if o.order_no == order_nos[0])
    assert again.reminders == 2 and again.reminded_at is not None


def test_reminding_an_order_that_is_not_overdue_writes_nothing(counter: Counter) -> None:
    good = overdue(counter).overdue()[0].order_no
    before = snapshot(counter)
    for where in (READY, "state = 'handed_over'", "station_id = 'XF02'"):
        bad = str(scalar(counter.db, f"SELECT order_no FROM orders WHERE {where} LIMIT 1"))
        with pytest.raises(OverdueRefused) as refused:
            overdue(counter).remind([good, bad], 1)
        assert refused.value.reason is OverdueProblem.NOT_OVERDUE
        assert refused.value.items == (refused.value.detail,) and bad in refused.value.detail
    with pytest.raises(OverdueRefused):
        overdue(counter).remind([" "], 1)
    with pytest.raises(NotAllowed):
        overdue(counter).remind([good], 77)
    assert snapshot(counter) == before


def test_bulk_move_into_the_return_shipment(counter: Counter) -> None:
    order_nos = [order.order_no for order in overdue(counter).overdue()[:4]]
    shipment = overdue(counter).move_to_return(order_nos, 1)
    assert shipment.order_nos == tuple(order_nos)
    marked = {o.order_no for o in overdue(counter).overdue() if o.in_return_shipment}
    assert marked == set(order_nos)
    before = snapshot(counter)
    with pytest.raises(ShipmentRefused):
        overdue(counter).move_to_return(order_nos[:1], 1)
    assert snapshot(counter) == before
    assert ReturnShipments(counter.db, "XF01").open_shipment() == shipment


def test_holding_days_is_a_managers_setting_for_orders_received_afterwards(
        counter: Counter) -> None:
    deadlines = rows(counter.db, "SELECT order_no, holding_deadline FROM orders ORDER BY id")
    before = snapshot(counter)
    for days, approver, error in ((5, 1, NotAllowed), (5, 99, NotAllowed),
                                  (0, 2, OverdueRefused), (31, 2, OverdueRefused),
                                  (-1, 2, OverdueRefused)):
        with pytest.raises(error):
            overdue(counter).set_holding_days(days, approver)
    assert snapshot(counter) == before
    assert overdue(counter).set_holding_days(7, 2) == 3
    assert overdue(counter).holding_days() == 7
    assert rows(counter.db, "SELECT order_no, holding_deadline FROM orders ORDER BY id") == \
        deadlines
    ready_at = datetime.now().astimezone()
    with counter.db.reading() as session:
        assert deadline_for(session, "XF01", ready_at) == ready_at + timedelta(days=7)
