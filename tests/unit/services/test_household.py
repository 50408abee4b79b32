"""The household at once: a resident with several ready orders takes them in one handover — one
transaction, one event per order, one receipt listing them — and nothing is written when any
part of it fails."""

from __future__ import annotations

from datetime import timedelta

import pytest

from station_app.clock import utc_now
from station_app.counter import Counter
from station_app.devices.receipt import HandoverReceipt
from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.services import handover as handover_module
from station_app.services.handover_views import HandoverRefused, RefusalReason
from station_app.storage.models import Order, OrderLine
from tests.helpers import READY, pickup_code, rows, scalar


def household_of_three(counter: Counter) -> tuple[str, list[str]]:
    """A ready order's resident gets two more ready orders: one overdue, one short at
    receiving. Returns the first order's pickup code and the other two order numbers."""
    code = pickup_code(counter.db, READY)
    now = utc_now()
    with counter.db.writing() as session:
        first = session.query(Order).filter(Order.pickup_code == code,
                                            Order.state == "ready").one()
        others = []
        for n, (deadline, short) in enumerate(((now - timedelta(days=1), 0),
                                               (now + timedelta(days=2), 1)), 1):
            order = Order(order_no=f"{first.order_no}-H{n}", station_id=first.station_id,
                          pickup_code=f"9{n}{code[2:]}", masked_phone=first.masked_phone,
                          phone_tail=first.phone_tail, customer_name=first.customer_name,
                          slot=f"C-1-00{n}", state="ready", holding_deadline=deadline,
                          created_at=now - timedelta(days=n), arrived_at=now - timedelta(days=n),
                          cancelled_at=None, shortage="苹果 ×1" if short else None)
            session.add(order)
            session.flush()
            line = first.lines[0]
            session.add(OrderLine(order_id=order.id, line_no=1, sku=line.sku, quantity=2,
                                  unit_price_fen=line.unit_price_fen, short_quantity=short))
            others.append(order.order_no)
    return code, others


def snapshot(counter: Counter) -> tuple[object, ...]:
    return (rows(counter.db, "SELECT order_no, state FROM orders ORDER BY id"),
            scalar(counter.db, "SELECT count(*) FROM handover"),
            scalar(counter.db, "SELECT count(*) FROM outbox_event"),
            scalar(counter.db, "SELECT count(*) FROM stock_movement"),
            scalar(counter.db, "SELECT count(*) FROM print_job"),
            scalar(counter.db, "SELECT count(*) FROM refund_request"))


def test_a_lookup_names_the_households_other_ready_orders(counter: Counter) -> None:
    code, others = household_of_three(counter)
    found = counter.handovers.lookup(code)
    assert found.order is not None
    assert sorted(found.order.household) == sorted(others)
    views = counter.handovers.household(found.order.order_no)
    assert views[0].order_no == found.order.order_no
    verdicts = {view.order_no: view.verdict for view in views}
    assert verdicts[others[0]] is Verdict.OVERDUE, "the overdue order keeps its warning"
    short = next(view for view in views if view.order_no == others[1])
    assert short.shortage and short.short_line_ids, "the short order keeps its warning"


def test_the_household_goes_out_in_one_transaction_with_an_event_each_and_one_receipt(
        counter: Counter) -> None:
    code, others = household_of_three(counter)
    found = counter.handovers.lookup(code)
    assert found.order is not None
    short = next(view for view in counter.handovers.household(found.order.order_no)
                 if view.order_no == others[1])
    jobs, events = (scalar(counter.db, f"SELECT count(*) FROM {table}")
                    for table in ("print_job", "outbox_event"))
    done = counter.handovers.confirm(
        found.order.order_no, counter.staff_id, found.proof,
        {line_id: LineOutcome.MISSING for line_id in short.short_line_ids}, more=others)
    assert [view.order_no for view in done.orders] == [found.order.order_no, *others]
    assert all(view.verdict is Verdict.ALREADY_HANDED_OVER for view in done.orders)
    handed = rows(counter.db, "SELECT json_extract(payload, '$.order_no'), "
                              "json_extract(payload, '$.method') FROM outbox_event WHERE "
                              "type = 'handover.completed' ORDER BY station_seq DESC LIMIT 3")
    assert sorted(handed) == sorted([(found.order.order_no, "pickup_code"),
                                     (others[0], "household"), (others[1], "household")])
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event") - events >= 3
    assert scalar(counter.db, "SELECT count(*) FROM print_job") == jobs + 1, "one receipt"
    payload = scalar(counter.db, "SELECT payload FROM print_job WHERE id = :j",
                     j=done.print_job_id)
    receipt = HandoverReceipt.from_json(str(payload))
    assert [order.order_no for order in receipt.more] == others
    assert scalar(counter.db, "SELECT count(*) FROM refund_request WHERE order_no = :n",
                  n=others[1]) == 1, "the short line became its after-sales case"


def test_a_failure_half_way_writes_none_of_the_households_orders(
        counter: Counter, monkeypatch: pytest.MonkeyPatch) -> None:
    code, others = household_of_three(counter)
    found = counter.handovers.lookup(code)
    assert found.order is not None
    before = snapshot(counter)
    real = handover_module.request_refunds_at_handover
    calls = []

    def fails_on_the_third(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("the disk went away")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(handover_module, "request_refunds_at_handover", fails_on_the_third)
    with pytest.raises(OSError):
        counter.handovers.confirm(found.order.order_no, counter.staff_id, found.proof,
                                  more=others)
    assert len(calls) == 3, "it failed after two orders were written in the transaction"
    assert snapshot(counter) == before


def test_an_order_of_another_resident_never_goes_out_on_this_code(counter: Counter) -> None:
    code, others = household_of_three(counter)
    found = counter.handovers.lookup(code)
    assert found.order is not None
    stranger = scalar(counter.db, "SELECT order_no FROM orders WHERE state = 'ready' AND "
                                  "masked_phone != :m LIMIT 1", m=found.order.masked_phone)
    before = snapshot(counter)
    with pytest.raises(HandoverRefused) as refused:
        counter.handovers.confirm(found.order.order_no, counter.staff_id, found.proof,
                                  more=[others[0], str(stranger)])
    assert refused.value.reason is RefusalReason.NO_PROOF
    assert snapshot(counter) == before
