"""The handover service on a real database: lookups, verdicts, confirms and what they write."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from station_app.counter import Counter
from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import ScanKind
from station_app.services.handover_views import (
    HandoverRefused,
    LookupOutcome,
    RefusalReason,
    TokenProblem,
)
from tests.helpers import OVERDUE, READY, pickup_code, rows, scalar


def test_lookup_by_pickup_code_finds_a_ready_order(counter: Counter) -> None:
    result = counter.handovers.lookup(pickup_code(counter.db, READY))
    assert result.outcome is LookupOutcome.FOUND
    assert result.method is ScanKind.PICKUP_CODE
    assert result.order is not None
    assert result.order.verdict is Verdict.READY
    assert result.order.lines and all(line.name for line in result.order.lines)


@pytest.mark.parametrize(("where", "verdict"), [
    (OVERDUE, Verdict.OVERDUE),
    ("state = 'handed_over'", Verdict.ALREADY_HANDED_OVER),
    ("state = 'cancelled'", Verdict.CANCELLED),
    ("state = 'not_arrived'", Verdict.NOT_ARRIVED),
    ("station_id = 'XF02'", Verdict.OTHER_STATION),
])
def test_every_warning_state(counter: Counter, where: str, verdict: Verdict) -> None:
    result = counter.handovers.lookup(pickup_code(counter.db, where))
    assert result.order is not None
    assert result.order.verdict is verdict


def test_already_handed_over_says_when_and_by_whom(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, "state = 'handed_over'")).order
    assert order is not None
    assert order.handed_over_at is not None
    assert order.handed_over_by in ("王丽", "陈建国")


def test_phone_tail_shared_by_three_orders_asks_to_choose(counter: Counter) -> None:
    result = counter.handovers.lookup("8888")
    assert result.outcome is LookupOutcome.CHOOSE
    assert len(result.choices) == 3
    assert all(choice.masked_phone.endswith("8888") for choice in result.choices)


def test_order_number_of_another_station_that_is_not_held_here(counter: Counter) -> None:
    result = counter.handovers.lookup("GL07-261125-0001")
    assert result.outcome is LookupOutcome.OTHER_STATION
    assert result.other_station == "GL07"


def test_unknown_code(counter: Counter) -> None:
    assert counter.handovers.lookup("000000").outcome is LookupOutcome.NOT_FOUND


def test_a_token_that_is_no_token_of_ours_is_rejected(counter: Counter) -> None:
    result = counter.handovers.lookup("PT1.eyJvIjoxfQ")  # JSON in base64: not our format
    assert result.outcome is LookupOutcome.TOKEN_REJECTED
    assert result.token_problem is TokenProblem.MALFORMED


def test_full_handover_writes_everything_in_one_go(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    balances = {line.sku: scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku=:s",
                                 s=line.sku) for line in order.lines}
    last_seq = scalar(counter.db, "SELECT max(station_seq) FROM outbox_event")

    done = counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)

    assert done.order.verdict is Verdict.ALREADY_HANDED_OVER
    assert done.station_seq == last_seq + 1
    assert done.taken_count == len(order.lines) and done.exception_count == 0
    for line in order.lines:
        assert scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku=:s",
                      s=line.sku) == balances[line.sku] - line.quantity
    movements = rows(counter.db, "SELECT sku, delta, reason, balance_after FROM stock_movement "
                                 "WHERE reference=:r ORDER BY id", r=order.order_no)
    assert [(m.sku, m.delta, m.reason) for m in movements] == [
        (line.sku, -line.quantity, "handover") for line in order.lines]
    event = rows(counter.db, "SELECT type, payload FROM outbox_event WHERE event_id=:e",
                 e=done.event_id)[0]
    payload = json.loads(event.payload)
    assert event.type == "handover.completed"
    assert payload["order_no"] == order.order_no
    assert [line["outcome"] for line in payload["lines"]] == ["taken"] * len(order.lines)
    job = rows(counter.db, "SELECT status, payload FROM print_job WHERE id=:j",
               j=done.print_job_id)[0]
    assert job.status == "queued"
    assert json.loads(job.payload)["order_no"] == order.order_no


def test_partial_handover_moves_stock_only_for_taken_and_damaged(counter: Counter) -> None:
    code = pickup_code(counter.db, READY + " AND (SELECT count(*) FROM order_line l "
                                           "WHERE l.order_id = orders.id) >= 3")
    order = counter.handovers.lookup(code).order
    assert order is not None
    first, second, third = order.lines[:3]
    outcomes = {second.line_id: LineOutcome.DAMAGED, third.line_id: LineOutcome.REFUSED}
    done = counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code,
                                outcomes)
    moved = {r.sku: (r.delta, r.reason) for r in rows(
        counter.db, "SELECT sku, delta, reason FROM stock_movement WHERE reference=:r",
        r=order.order_no)}
    assert moved[first.sku] == (-first.quantity, "handover")
    assert moved[second.sku] == (-second.quantity, "damaged")
    assert third.sku not in moved
    assert done.exception_count == 2
    shown = {line.line_id: line.outcome for line in done.order.lines}
    assert shown[third.line_id] is LineOutcome.REFUSED


def test_second_confirm_is_refused_and_counts_nothing(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)
    counts = [scalar(counter.db, f"SELECT count(*) FROM {table}")
              for table in ("stock_movement", "outbox_event", "handover", "print_job")]

    with pytest.raises(HandoverRefused) as refused:
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)

    assert refused.value.verdict is Verdict.ALREADY_HANDED_OVER
    assert counts == [scalar(counter.db, f"SELECT count(*) FROM {table}")
                      for table in ("stock_movement", "outbox_event", "handover", "print_job")]


def test_two_counters_confirming_at_once_hand_over_once(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    results: list[object] = []
    barrier = threading.Barrier(4)

    def confirm() -> None:
        barrier.wait()
        try:
            results.append(counter.handovers.confirm(order.order_no, 1, order.pickup_code))
        except HandoverRefused as refused:
            results.append(refused)

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(not isinstance(r, HandoverRefused) for r in results) == 1
    assert scalar(counter.db, "SELECT count(*) FROM handover h JOIN orders o ON o.id = "
                              "h.order_id WHERE o.order_no = :n", n=order.order_no) == 1
    assert scalar(counter.db, "SELECT count(*) FROM stock_movement WHERE reference = :n",
                  n=order.order_no) == len(order.lines)


@pytest.mark.parametrize(("where", "verdict"), [
    ("state = 'cancelled'", Verdict.CANCELLED),
    ("state = 'not_arrived'", Verdict.NOT_ARRIVED),
    ("station_id = 'XF02'", Verdict.OTHER_STATION),
])
def test_orders_that_must_not_be_handed_over_are_refused(counter: Counter, where: str,
                                                         verdict: Verdict) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, where)).order
    assert order is not None
    with pytest.raises(HandoverRefused) as refused:
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)
    assert refused.value.verdict is verdict


def test_outcomes_for_lines_of_another_order_are_refused(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    with pytest.raises(HandoverRefused) as refused:
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code,
                             {999_999: LineOutcome.MISSING})
    assert refused.value.reason is RefusalReason.BAD_OUTCOMES


def test_outbox_sequence_stays_gapless(counter: Counter) -> None:
    for where in (READY, OVERDUE, READY):
        order = counter.handovers.lookup(pickup_code(counter.db, where)).order
        assert order is not None
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)
    sequence = [r[0] for r in rows(counter.db, "SELECT station_seq FROM outbox_event "
                                               "ORDER BY station_seq")]
    assert sequence == list(range(1, len(sequence) + 1))


def fill_the_disk(counter: Counter) -> None:
    """Make every connection see a full disk (SQLITE_FULL, as a real full disk gives)."""
    with counter.db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(counter.db.engine, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    counter.db.engine.dispose()
    # Use up the free pages, then the room left in the print journal's last page, so the
    # receipt a handover journals cannot fit anywhere.
    for size in (4000, 1000, 300, 100):
        with pytest.raises(OperationalError, match="full"):
            for _ in range(1000):
                with counter.db.writing() as session:
                    session.execute(text(
                        "INSERT INTO print_job (kind, reference, payload, status, attempts, "
                        "created_at) VALUES ('filler', 'filler', :p, 'printed', 1, "
                        "'2026-01-01T00:00:00.000000Z')"), {"p": "x" * size})


def test_a_full_disk_refuses_the_handover_and_writes_nothing(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    tables = ("stock_movement", "outbox_event", "handover",
              "print_job WHERE kind != 'filler'")
    before = [scalar(counter.db, f"SELECT count(*) FROM {table}") for table in tables]
    fill_the_disk(counter)

    with pytest.raises(OperationalError, match="full"):
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)

    assert [scalar(counter.db, f"SELECT count(*) FROM {table}") for table in tables] == before
    again = counter.handovers.order(order.order_no)
    assert again is not None and again.verdict is Verdict.READY


# --- the proof of pickup is judged by the core, from what was scanned -----------------------

def ready(counter: Counter, offset: int = 0) -> tuple[str, str, str]:
    """(order number, pickup code, phone tail) of a ready order at this station."""
    row = rows(counter.db, f"SELECT order_no, pickup_code, phone_tail FROM orders WHERE "
                           f"{READY} ORDER BY id LIMIT 1 OFFSET {offset}")[0]
    return str(row[0]), str(row[1]), str(row[2])


def test_only_the_residents_own_code_hands_over_without_a_manager(counter: Counter) -> None:
    """`confirm` used to trust the caller's word for how the order was found: a caller
    saying "pickup code" handed over an order found by its number, with no manager."""
    from station_app.demo_data import demo_token
    from station_app.services.authority import NotAllowed

    order_no, _code, tail = ready(counter)
    other_no, other_code, _other_tail = ready(counter, 1)
    clerk = 1
    for weak in (order_no, tail):  # a bag label, four digits anyone can say
        with pytest.raises(NotAllowed):
            counter.handovers.confirm(order_no, clerk, weak)
    for wrong in (other_code, demo_token(counter.db, other_no), "hello", "", "PT1.AAAA"):
        with pytest.raises(HandoverRefused) as refused:
            counter.handovers.confirm(order_no, clerk, wrong)
        assert refused.value.reason is RefusalReason.NO_PROOF
    assert scalar(counter.db, "SELECT state FROM orders WHERE order_no = :n",
                  n=order_no) == "ready"
    done = counter.handovers.confirm(order_no, clerk, order_no, approver_id=2)  # a manager says so
    assert done.order.verdict is Verdict.ALREADY_HANDED_OVER
    assert scalar(counter.db, "SELECT method FROM handover h JOIN orders o ON "
                              "o.id = h.order_id WHERE o.order_no = :n", n=order_no) == "order_no"
    counter.handovers.confirm(other_no, clerk, other_code)  # the resident's code: no manager needed


def test_the_pickup_code_is_on_the_bag_label_only_when_the_station_chooses_it(
        counter: Counter) -> None:
    from station_app.services.slots import ShelfLayout, slot_order

    order_no, code, _tail = ready(counter)
    free = [slot for slot in ShelfLayout().codes() if not scalar(
        counter.db, "SELECT count(*) FROM orders WHERE slot = :s AND state = 'ready'",
        s=slot)][:2]
    for layout, printed in ((ShelfLayout(), ""), (ShelfLayout(label_pickup_code=True), code)):
        slot = free[1] if printed else free[0]
        done = slot_order(counter.db, order_no, slot, 1, layout=layout,
                          station_id=counter.station_id)
        assert done.print_job_id is not None
        label = json.loads(str(scalar(counter.db, "SELECT payload FROM print_job WHERE id = :i",
                                      i=done.print_job_id)))
        assert label["pickup_code"] == printed
