"""The core's half of the LAN exchange: marks, pages, applying, and the rules for facts that
collide, on two real counter databases (no network: pages go straight from one to the other)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.domain.staff import Role
from station_app.services.exchange import Exchange
from station_app.services.handover import HandoverDone
from station_app.services.shifts import Shifts
from station_app.services.shifts_views import ShiftRefusal, ShiftRefused
from tests.helpers import READY, pickup_code, rows, scalar
from tests.sync.lan.counters import Pair, pair_of_counters


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    made = pair_of_counters(tmp_path)
    yield made
    made.close()


def hand_over(counter, code: str) -> HandoverDone:  # type: ignore[no-untyped-def]
    found = counter.handovers.lookup(code)
    assert found.order is not None, found
    return counter.handovers.confirm(found.order.order_no, counter.staff_id, code)


def sync(source: Exchange, target: Exchange) -> int:
    """What one ask does: `target` applies what `source` holds beyond `target`'s marks."""
    page = source.events_after(target.marks())
    return target.apply(page, source.acked_marks(), from_counter=source.counter_no()).applied


def test_a_second_counter_numbers_its_own_events_and_documents(pair: Pair) -> None:
    one, two = pair.exchanges()
    assert (one.counter_no(), two.counter_no()) == (1, 2)
    assert two.marks() == one.marks()  # the copy holds counter 1's history
    hand_over(pair.two, pickup_code(pair.two.db, READY))
    assert two.marks()[2] >= 1
    numbers = rows(pair.two.db, "SELECT counter_no, station_seq FROM outbox_event "
                                "WHERE counter_no = 2 ORDER BY station_seq")
    assert [n for _, n in numbers] == list(range(1, len(numbers) + 1))
    shift = Shifts(pair.two.db, pair.two.station_id, clock=pair.two.clock).open(
        pair.two.staff_id, 10_000)
    assert shift.shift_no.startswith(f"SH-{pair.two.station_id}-2-")


def test_a_handover_at_one_counter_is_handed_over_at_the_other(pair: Pair) -> None:
    one, two = pair.exchanges()
    code = pickup_code(pair.one.db, READY)
    done = hand_over(pair.one, code)
    assert sync(one, two) >= 1
    state = scalar(pair.two.db, "SELECT state FROM orders WHERE order_no = :n",
                   n=done.order.order_no)
    assert state == "handed_over"
    again = pair.two.handovers.lookup(code)
    assert again.order is not None and again.order.verdict.name == "ALREADY_HANDED_OVER"
    # The stock the handover moved is moved at counter 2 too: balances are every counter's sum.
    assert rows(pair.one.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku") == \
        rows(pair.two.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku")
    assert sync(one, two) == 0  # asked again: nothing applied twice


def test_the_same_order_handed_over_at_both_counters_is_flagged_once_at_each(
        pair: Pair) -> None:
    one, two = pair.exchanges()
    code = pickup_code(pair.one.db, READY)
    first = hand_over(pair.one, code)
    second = hand_over(pair.two, code)  # the LAN was cut: counter 2 did not know
    for _ in range(2):  # and the pages come twice, in both directions
        sync(one, two)
        sync(two, one)
    for counter in (pair.one, pair.two):
        flagged = rows(counter.db, "SELECT order_no, event_id, message FROM attention_item "
                                   "WHERE kind = 'double_handover'")
        assert len(flagged) == 1
        order_no, event_id, message = flagged[0]
        assert order_no == first.order.order_no == second.order.order_no
        assert event_id == second.event_id  # the later one is the double, at both counters
        assert "counter 1" in message and "counter 2" in message
        assert scalar(counter.db, "SELECT count(*) FROM outbox_event WHERE type = "
                                  "'handover.completed'") >= 2
    assert one.marks() == two.marks()


def test_a_page_with_a_hole_applies_up_to_the_hole_only(pair: Pair) -> None:
    one, two = pair.exchanges()
    for where in (READY, READY + " AND id > 40"):
        hand_over(pair.one, pickup_code(pair.one.db, where))
    page = one.events_after(two.marks())
    assert len(page) >= 2
    applied = two.apply(page[1:])  # the first one lost on the way
    assert applied.applied == 0 and applied.waiting == len(page) - 1
    assert two.apply(page[:1]).applied == 1
    assert sync(one, two) == len(page) - 1


def test_shifts_and_z_numbers_are_per_counter(pair: Pair) -> None:
    one, two = pair.exchanges()
    shifts_one = Shifts(pair.one.db, pair.one.station_id, clock=pair.one.clock)
    shifts_two = Shifts(pair.two.db, pair.two.station_id, clock=pair.two.clock)
    opened = shifts_one.open(pair.one.staff_id, 5_000)
    sync(one, two)
    # The same cashier may open a shift at counter 2: counter 1's drawer is not this one.
    assert shifts_two.current(pair.two.staff_id) is None
    there = shifts_two.open(pair.two.staff_id, 5_000)
    with pytest.raises(ShiftRefused) as refused:
        shifts_two.cash_in(opened.shift_no, pair.two.staff_id, 100, "change")
    assert refused.value.reason == ShiftRefusal.OTHER_COUNTER
    closed_one = shifts_one.close(opened.shift_no, pair.one.staff_id, {5000: 1})
    closed_two = shifts_two.close(there.shift_no, pair.two.staff_id, {5000: 1})
    assert closed_one.z_no == closed_two.z_no == 1
    sync(one, two)
    sync(two, one)
    for counter in (pair.one, pair.two):
        assert rows(counter.db, "SELECT counter_no, z_no FROM shift ORDER BY counter_no") == \
            [(1, 1), (2, 1)]


def test_staff_changes_meet_by_the_last_writer_whatever_the_order(pair: Pair) -> None:
    from station_app.services.staff import StaffAccounts

    one, two = pair.exchanges()
    manager = scalar(pair.one.db, "SELECT id FROM staff WHERE role = :r AND active "
                                  "ORDER BY id LIMIT 1", r=Role.MANAGER.value)
    # Both counters add someone while apart: two people, never one id for both.
    added_one = StaffAccounts(pair.one.db, pair.one.clock).add_staff(
        "早班 王", Role.CLERK, "482913", manager)
    added_two = StaffAccounts(pair.two.db, pair.two.clock).add_staff(
        "晚班 李", Role.CLERK, "739164", manager)
    assert added_one != added_two and added_two >= 20_000
    sync(one, two)
    sync(two, one)
    # The later change of the same person wins at both, whichever arrived first.
    StaffAccounts(pair.one.db, pair.one.clock).deactivate(added_two, manager)
    sync(one, two)
    sync(two, one)
    for counter in (pair.one, pair.two):
        names = dict(rows(counter.db, "SELECT id, name FROM staff WHERE id IN (:a, :b)",
                          a=added_one, b=added_two))
        assert names == {added_one: "早班 王", added_two: "晚班 李"}
        assert scalar(counter.db, "SELECT active FROM staff WHERE id = :i", i=added_two) == 0


def test_a_delivery_is_received_at_the_receiving_counter_only(pair: Pair) -> None:
    from station_app.services.receiving import Receiving
    from station_app.services.receiving_views import ReceivingRefusal, ReceivingRefused

    one, two = pair.exchanges()
    number = str(scalar(pair.one.db, "SELECT manifest_no FROM manifest WHERE state = 'open' "
                                     "ORDER BY id LIMIT 1"))
    at_two = Receiving(pair.two.db, pair.two.station_id, pair.two.clock)
    with pytest.raises(ReceivingRefused) as refused:
        at_two.receive(number, pair.two.staff_id)
    assert refused.value.reason == ReceivingRefusal.OTHER_COUNTER
    assert refused.value.detail == "1"
    Receiving(pair.one.db, pair.one.station_id, pair.one.clock).receive(number,
                                                                        pair.one.staff_id)
    sync(one, two)
    # Made the receiving counter (counter 1 out of order): it still knows the delivery is in.
    moved = Receiving(pair.two.db, pair.two.station_id, pair.two.clock, receiving_counter=2)
    with pytest.raises(ReceivingRefused) as again:
        moved.receive(number, pair.two.staff_id)
    assert again.value.reason == ReceivingRefusal.ALREADY_RECEIVED
    assert rows(pair.one.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku") == \
        rows(pair.two.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku")
