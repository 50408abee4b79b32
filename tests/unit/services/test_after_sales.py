"""Refund requests on a real database: at handover, over the counter, and head office's answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from station_app.counter import Counter
from station_app.domain.outcome import LineOutcome
from station_app.services.after_sales import (
    AfterSales,
    AnswerRefused,
    RefundState,
    ReturnProblem,
    ReturnRefused,
    apply_answer,
)
from station_app.services.authority import NotAllowed
from tests.helpers import READY, rows, scalar

TABLES = ("refund_request", "stock_movement", "outbox_event", "order_note", "return_shipment",
          "return_shipment_line", "print_job", "handover")


def snapshot(counter: Counter) -> dict[str, Any]:
    """Everything an after-sales or return action could write: a refusal must change none."""
    state: dict[str, Any] = {table: scalar(counter.db, f"SELECT count(*) FROM {table}")
                             for table in TABLES}
    state["balances"] = rows(counter.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku")
    state["orders"] = rows(counter.db, "SELECT order_no, state, reminders FROM orders "
                                       "ORDER BY id")
    state["scanned"] = scalar(counter.db, "SELECT coalesce(sum(scanned), 0) FROM "
                                          "return_shipment_line")
    state["holding"] = rows(counter.db, "SELECT id, holding_days FROM station ORDER BY id")
    return state


def assert_ledger_balanced(counter: Counter) -> None:
    off = rows(counter.db, "SELECT b.sku, b.quantity, (SELECT coalesce(sum(m.delta), 0) FROM "
                           "stock_movement m WHERE m.sku = b.sku) AS total FROM stock_balance b "
                           "WHERE b.quantity != total")
    assert off == []


def events(counter: Counter, event_type: str) -> list[dict[str, Any]]:
    return [json.loads(r.payload) for r in rows(
        counter.db, "SELECT payload FROM outbox_event WHERE type = :t ORDER BY station_seq",
        t=event_type)]


def hand_over(counter: Counter, where: str = READY, outcomes: dict[int, LineOutcome] | None
              = None, min_lines: int = 1) -> str:
    """Hand over a ready demo order with at least `min_lines` lines; `outcomes` by line index."""
    order_no = scalar(counter.db, f"SELECT order_no FROM orders WHERE {where} AND (SELECT "
                                  f"count(*) FROM order_line l WHERE l.order_id = orders.id) >= "
                                  f"{min_lines} AND (SELECT count(DISTINCT sku) FROM order_line l"
                                  f" WHERE l.order_id = orders.id) = (SELECT count(*) FROM "
                                  f"order_line l WHERE l.order_id = orders.id) ORDER BY id "
                                  f"LIMIT 1")
    order = counter.handovers.order(order_no)
    assert order is not None
    by_id = {order.lines[index].line_id: outcome for index, outcome in (outcomes or {}).items()}
    counter.handovers.confirm(order_no, 1, order.pickup_code, by_id)
    return str(order_no)


def after_sales(counter: Counter) -> AfterSales:
    return AfterSales(counter.db, counter.station_id)


# --- at handover ------------------------------------------------------------------------------


def test_refused_damaged_and_missing_lines_become_requests_with_the_handover(
        counter: Counter) -> None:
    requests_before = scalar(counter.db, "SELECT count(*) FROM refund_request")
    order_no = hand_over(counter, outcomes={1: LineOutcome.REFUSED, 2: LineOutcome.DAMAGED,
                                            3: LineOutcome.MISSING}, min_lines=4)
    order = counter.handovers.order(order_no)
    assert order is not None

    made = rows(counter.db, "SELECT r.request_no, r.sku, r.quantity, r.source, r.state, "
                            "r.event_id, e.station_seq FROM refund_request r JOIN outbox_event e "
                            "ON e.event_id = r.event_id WHERE r.order_no = :n ORDER BY r.id",
                n=order_no)
    assert scalar(counter.db, "SELECT count(*) FROM refund_request") == requests_before + 3
    assert [(r.sku, r.quantity, r.source, r.state) for r in made] == [
        (order.lines[1].sku, order.lines[1].quantity, "refused", "requested"),
        (order.lines[2].sku, order.lines[2].quantity, "damaged", "requested"),
        (order.lines[3].sku, order.lines[3].quantity, "missing", "requested")]
    # One transaction: the handover event and the three requests are consecutive.
    handover_seq = scalar(counter.db, "SELECT station_seq FROM outbox_event WHERE type = "
                                      "'handover.completed' AND json_extract(payload, "
                                      "'$.order_no') = :n", n=order_no)
    assert [r.station_seq for r in made] == [handover_seq + 1, handover_seq + 2,
                                             handover_seq + 3]
    payload = events(counter, "refund.requested")[-3]
    assert payload == {
        "station_id": "XF01", "staff_id": 1, "movements": [], "request_no": made[0].request_no,
        "order_no": order_no, "sku": order.lines[1].sku, "quantity": order.lines[1].quantity,
        "source": "refused", "reason": payload["reason"], "requested_at":
            payload["requested_at"], "has_photo": False}
    assert payload["reason"] and datetime.fromisoformat(payload["requested_at"]).tzinfo
    assert made[0].request_no.startswith("AS-XF01-") and len({r.request_no for r in made}) == 3
    assert_ledger_balanced(counter)


def test_a_handover_all_taken_makes_no_request(counter: Counter) -> None:
    before = scalar(counter.db, "SELECT count(*) FROM refund_request")
    hand_over(counter)
    assert scalar(counter.db, "SELECT count(*) FROM refund_request") == before


# --- returns at the counter -------------------------------------------------------------------


def test_a_return_at_the_counter_is_one_transaction(counter: Counter) -> None:
    order_no = hand_over(counter, where=READY + " AND EXISTS (SELECT 1 FROM order_line l WHERE "
                                                 "l.order_id = orders.id AND l.quantity >= 2)")
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    line = next(line for line in history.lines if line.taken >= 2)
    balance = scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku = :s", s=line.sku)

    done = after_sales(counter).register_return(order_no, line.sku, 1, " 包装破损，顾客退回 ", 1,
                                                "photos/return.jpg")

    assert done.request_no.startswith("AS-XF01-")
    request = rows(counter.db, "SELECT * FROM refund_request WHERE request_no = :r",
                   r=done.request_no)[0]
    assert (request.source, request.quantity, request.reason, request.state,
            request.photo_path) == ("returned", 1, "包装破损，顾客退回", "requested",
                                    "photos/return.jpg")
    movement = rows(counter.db, "SELECT delta, reason, reference FROM stock_movement WHERE "
                                "reference = :r", r=done.request_no)
    assert [tuple(m) for m in movement] == [(1, "customer_return", done.request_no)]
    assert scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku = :s",
                  s=line.sku) == balance + 1
    payload = events(counter, "refund.requested")[-1]
    assert payload["movements"] == [{"sku": line.sku, "delta": 1, "reason": "customer_return"}]
    assert (payload["source"], payload["has_photo"], payload["quantity"]) == ("returned", True, 1)
    assert scalar(counter.db, "SELECT count(*) FROM order_note WHERE order_no = :n AND kind = "
                              "'refund_requested'", n=order_no) == 1
    after = after_sales(counter).order_history(order_no)
    assert after is not None
    assert next(li for li in after.lines if li.sku == line.sku).returnable == line.taken - 1
    assert after.requests[0].request_no == done.request_no
    assert_ledger_balanced(counter)


def test_request_numbers_are_unique_and_increasing(counter: Counter) -> None:
    order_no = hand_over(counter, where=READY + " AND EXISTS (SELECT 1 FROM order_line l WHERE "
                                                 "l.order_id = orders.id AND l.quantity >= 2)")
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    line = next(line for line in history.lines if line.taken >= 2)
    first = after_sales(counter).register_return(order_no, line.sku, 1, "r1", 1)
    second = after_sales(counter).register_return(order_no, line.sku, 1, "r2", 1)
    assert int(second.request_no[-6:]) == int(first.request_no[-6:]) + 1
    # ... and the third would be more than was taken
    if line.taken == 2:
        with pytest.raises(ReturnRefused) as refused:
            after_sales(counter).register_return(order_no, line.sku, 1, "r3", 1)
        assert refused.value.reason is ReturnProblem.MORE_THAN_TAKEN
        assert refused.value.returnable == 0


def test_returning_more_than_was_taken_writes_nothing(counter: Counter) -> None:
    order_no = hand_over(counter, outcomes={1: LineOutcome.REFUSED}, min_lines=2)
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    taken, refused = history.lines[0], history.lines[1]
    before = snapshot(counter)
    for sku, quantity in ((taken.sku, taken.taken + 1), (refused.sku, 1)):
        with pytest.raises(ReturnRefused) as error:
            after_sales(counter).register_return(order_no, sku, quantity, "changed mind", 1)
        assert error.value.reason is ReturnProblem.MORE_THAN_TAKEN
    assert snapshot(counter) == before


def test_bad_returns_are_refused_and_write_nothing(counter: Counter) -> None:
    order_no = hand_over(counter)
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    sku = history.lines[0].sku
    ready = scalar(counter.db, f"SELECT order_no FROM orders WHERE {READY}")
    other_station = scalar(counter.db, "SELECT order_no FROM orders WHERE station_id = 'XF02'")
    not_in_order = scalar(counter.db, "SELECT sku FROM catalogue_item WHERE sku NOT IN (SELECT "
                                      "sku FROM order_line l JOIN orders o ON o.id = l.order_id "
                                      "WHERE o.order_no = :n) LIMIT 1", n=order_no)
    cases: list[tuple[dict[str, Any], ReturnProblem]] = [
        ({"order_no": "XF01-000000-9999"}, ReturnProblem.UNKNOWN_ORDER),
        ({"order_no": ready}, ReturnProblem.NOT_HANDED_OVER),
        ({"order_no": other_station}, ReturnProblem.NOT_HANDED_OVER),
        ({"sku": not_in_order}, ReturnProblem.UNKNOWN_SKU),
        ({"quantity": 0}, ReturnProblem.BAD_QUANTITY),
        ({"quantity": -1}, ReturnProblem.BAD_QUANTITY),
        ({"quantity": 1_000_000}, ReturnProblem.BAD_QUANTITY),
        ({"reason": "   "}, ReturnProblem.NO_REASON),
    ]
    before = snapshot(counter)
    for change, problem in cases:
        args: dict[str, Any] = {"order_no": order_no, "sku": sku, "quantity": 1,
                                "reason": "broken", "staff_id": 1, **change}
        with pytest.raises(ReturnRefused) as refused:
            after_sales(counter).register_return(**args)
        assert refused.value.reason is problem, change
        assert snapshot(counter) == before, change


def test_an_unknown_staff_may_not_register_a_return(counter: Counter) -> None:
    order_no = hand_over(counter)
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    before = snapshot(counter)
    with pytest.raises(NotAllowed):
        after_sales(counter).register_return(order_no, history.lines[0].sku, 1, "x", 99)
    assert snapshot(counter) == before


def test_order_history_is_newest_first(counter: Counter) -> None:
    order_no = hand_over(counter, outcomes={0: LineOutcome.MISSING})
    history = after_sales(counter).order_history(order_no)
    assert history is not None
    assert [entry.kind for entry in history.entries] == ["refund_requested", "handover"]
    assert history.requests[0].source.value == "missing"
    assert after_sales(counter).order_history("nope") is None


# --- head office's answer ---------------------------------------------------------------------


def test_apply_answer_is_idempotent_and_refuses_a_changed_mind(counter: Counter) -> None:
    request_no = str(scalar(counter.db, "SELECT request_no FROM refund_request WHERE state = "
                                        "'requested' ORDER BY id LIMIT 1"))
    notes_before = scalar(counter.db, "SELECT count(*) FROM order_note WHERE kind = "
                                      "'refund_answered'")
    answered = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    now = datetime(2026, 11, 26, 9, 31, tzinfo=UTC)
    with counter.db.writing() as session:
        assert apply_answer(session, request_no, "approved", "refund 5.90", answered, now)
    request = rows(counter.db, "SELECT * FROM refund_request WHERE request_no = :r",
                   r=request_no)[0]
    assert (request.state, request.answer_note) == ("approved", "refund 5.90")
    notes = scalar(counter.db, "SELECT count(*) FROM order_note WHERE kind = 'refund_answered'")
    assert notes == notes_before + 1
    before = snapshot(counter)
    with counter.db.writing() as session:  # the same page pulled again
        assert not apply_answer(session, request_no, "approved", "refund 5.90", answered, now)
    assert snapshot(counter) == before
    for decision, number in (("rejected", request_no), ("approved", "AS-XF01-999999"),
                             ("maybe", request_no), ("requested", request_no)):
        with pytest.raises(ValueError), counter.db.writing() as session:
            apply_answer(session, number, decision, None, answered, now)
    with pytest.raises(AnswerRefused), counter.db.writing() as session:
        apply_answer(session, request_no, "approved", None, answered.replace(tzinfo=None), now)
    assert snapshot(counter) == before
    assert request_no in [r.request_no for r in
                          after_sales(counter).requests(RefundState.APPROVED)]
    assert request_no not in [r.request_no for r in
                              after_sales(counter).requests(RefundState.REQUESTED)]
