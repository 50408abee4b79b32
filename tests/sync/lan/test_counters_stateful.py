"""Two counters of one station converge whatever the LAN does (hypothesis, stateful).

Two real counter databases (the second a copy of the first, as a second counter joins) run
random actions through the real services: handovers (often of the same few ready orders, so
both counters hand one over while they are apart), walk-in sales (beyond the book with a
reason), shifts opened and closed. The LAN between them is cut and healed; while it is up,
pages go from one counter to the other as `Exchange.events_after` gives them, but as a LAN
delivers them: cut short, repeated, reordered, some events lost, or an old page arriving
late. `apply` must take each event once, right after its predecessor, and nothing past a hole.

After every step, at each counter: every counter's numbers are gapless and the ledger
reconciles (each balance is the sum of its movements). Whenever the LAN heals and both sides
have asked until nothing is new: the same marks, the same events, the same stock, the same
orders, shifts and sales, each movement once, and every order handed over at both counters
flagged exactly once at each, naming the same later handover.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter as Tally
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from station_app.counter import Counter, open_counter
from station_app.services.exchange import CounterEvent, Exchange
from station_app.services.sales import Cart, Payment, PaymentMethod, SaleRefused, Sales
from station_app.services.shifts import Shifts
from tests.helpers import READY, rows, scalar
from tests.sync.lan.counters import pair_of_counters

MANAGER = 2  # the demo's manager: approves a drawer that does not count out
FLOAT_FEN = 10_000
CONTESTED = 4  # handovers pick among the first few ready orders: both counters often meet


def prepared_pair(folder: Path) -> tuple[Path, Path, set[str], int]:
    """Counter 1 (the demo station) and counter 2 made from it, closed, to copy per example.
    Also what they already hold: the event ids and the number of stock movements."""
    pair = pair_of_counters(folder)
    base_events = {row[0] for row in rows(pair.one.db, "SELECT event_id FROM outbox_event")}
    base_movements = int(scalar(pair.one.db, "SELECT count(*) FROM stock_movement"))
    pair.close()
    return folder / "one", folder / "two", base_events, base_movements


class TwoCounters(RuleBasedStateMachine):
    """Counter 1 and counter 2; `linked` is the LAN between them."""

    template: tuple[Path, Path, set[str], int]
    scratch: Callable[[], Path]

    def __init__(self) -> None:
        super().__init__()
        one_dir, two_dir, self.base_events, self.base_movements = self.template
        folder = self.scratch()
        shutil.copytree(one_dir, folder / "one")
        shutil.copytree(two_dir, folder / "two")
        self.folder = folder
        self.counters: dict[int, Counter] = {1: open_counter(folder / "one"),
                                             2: open_counter(folder / "two")}
        self.exchanges = {n: Exchange(c.db, c.station_id, c.clock)
                          for n, c in self.counters.items()}
        self.linked = True
        self.handed: dict[str, set[int]] = {}  # order → the counters that handed it over
        self.pages: list[tuple[int, list[CounterEvent]]] = []  # (target, page) as captured
        self.skus = [row[0] for row in rows(self.counters[1].db,
                                            "SELECT sku FROM catalogue_item ORDER BY sku")]

    def teardown(self) -> None:
        try:
            self.settle()
        finally:
            for counter in self.counters.values():
                counter.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- actions at a counter ---------------------------------------------------------------

    @rule(at=st.sampled_from([1, 2]), pick=st.integers(0, CONTESTED - 1))
    def hand_over(self, at: int, pick: int) -> None:
        codes = self.ready_codes(at)
        if codes:
            self.confirm(at, codes[pick % len(codes)])

    @precondition(lambda self: not self.linked)
    @rule(pick=st.integers(0, CONTESTED - 1))
    def hand_over_at_both(self, pick: int) -> None:
        """The resident comes back to the other counter while the LAN is cut."""
        codes = [code for code in self.ready_codes(1) if code in set(self.ready_codes(2))]
        if codes:
            self.confirm(1, codes[pick % len(codes)])
            self.confirm(2, codes[pick % len(codes)])

    def ready_codes(self, at: int) -> list[str]:
        return [row[0] for row in rows(self.counters[at].db, f"SELECT pickup_code FROM orders "
                                       f"WHERE {READY} ORDER BY id LIMIT {CONTESTED}")]

    def confirm(self, at: int, code: str) -> None:
        counter = self.counters[at]
        found = counter.handovers.lookup(code)
        assert found.order is not None and found.order.verdict.can_hand_over, found
        done = counter.handovers.confirm(found.order.order_no, counter.staff_id, found.proof)
        self.handed.setdefault(done.order.order_no, set()).add(at)

    @rule(at=st.sampled_from([1, 2]), pick=st.integers(0, 1_000), quantity=st.integers(1, 30))
    def sell(self, at: int, pick: int, quantity: int) -> None:
        counter = self.counters[at]
        sales = Sales(counter.db, counter.station_id, counter.clock)
        cart = Cart().add(sales.item_for_barcode(self.skus[pick % len(self.skus)]), quantity)
        # Beyond what is free to sell the keeper says why; the other counter may have sold
        # the same goods meanwhile: after the merge the balance may go below zero.
        reasons = {short.sku: "货架上还有" for short in sales.stock_shortfalls(cart)}
        shift = Shifts(counter.db, counter.station_id, counter.clock).current(counter.staff_id)
        payment = (Payment(PaymentMethod.CASH, cash_given_fen=cart.subtotal_fen) if shift
                   else Payment(PaymentMethod.WECHAT, reference=f"WX{at}{pick:04d}{quantity}"))
        try:
            sales.sell(cart, counter.staff_id, payment, oversell_reasons=reasons)
        except SaleRefused as refused:
            pytest.fail(f"a sale with every reason given was refused: {refused}")

    @rule(at=st.sampled_from([1, 2]))
    def open_or_close_shift(self, at: int) -> None:
        counter = self.counters[at]
        shifts = Shifts(counter.db, counter.station_id, counter.clock)
        shift = shifts.current(counter.staff_id)
        if shift is None:
            shifts.open(counter.staff_id, FLOAT_FEN)
        else:  # whatever the drawer holds, the manager approves the count
            shifts.close(shift.shift_no, counter.staff_id, {10000: 1}, approver_id=MANAGER)

    # --- the LAN ----------------------------------------------------------------------------

    @precondition(lambda self: self.linked)
    @rule()
    def cut(self) -> None:
        self.linked = False

    @precondition(lambda self: not self.linked)
    @rule()
    def heal(self) -> None:
        self.linked = True

    @precondition(lambda self: self.linked)
    @rule(source=st.sampled_from([1, 2]), limit=st.integers(1, 40), data=st.data())
    def exchange(self, source: int, limit: int, data: st.DataObject) -> None:
        """One ask from the other counter, its answer delivered as a LAN may."""
        target = 3 - source
        page = self.exchanges[source].events_after(self.exchanges[target].marks(), limit)
        self.pages.append((target, page))
        how = data.draw(st.sampled_from(["whole", "cut_short", "one_lost", "mangled"]),
                        label="delivery")
        if how == "cut_short":
            page = page[:data.draw(st.integers(0, len(page)), label="kept")]
        elif how == "one_lost" and page:
            lost = data.draw(st.integers(0, len(page) - 1), label="lost")
            page = page[:lost] + page[lost + 1:]
        elif how == "mangled" and page:
            kept = data.draw(st.lists(st.sampled_from(range(len(page))), max_size=2 * len(page)),
                             label="indices")  # lost, repeated, in any order
            page = [page[index] for index in kept]
        self.deliver(source, target, page)

    @precondition(lambda self: bool(self.pages))
    @rule(data=st.data())
    def late_page(self, data: st.DataObject) -> None:
        """An old answer that was on the wire all along arrives now."""
        target, page = data.draw(st.sampled_from(self.pages), label="old page")
        self.deliver(3 - target, target, page)

    def deliver(self, source: int, target: int, page: list[CounterEvent]) -> None:
        before = self.exchanges[target].marks()
        result = self.exchanges[target].apply(page, self.exchanges[source].acked_marks(),
                                              from_counter=source,
                                              peer_marks=self.exchanges[source].marks())
        after = self.exchanges[target].marks()
        # Exactly the events that continue a prefix were applied, each once.
        expected = 0
        marks = dict(before)
        for one in sorted({e.event_id: e for e in page}.values(),
                          key=lambda e: (e.counter_no, e.station_seq)):
            if one.counter_no != target and one.station_seq == marks.get(one.counter_no, 0) + 1:
                marks[one.counter_no] = one.station_seq
                expected += 1
        assert result.applied == expected, (result, expected)
        assert after == marks
        if result.waiting:
            event("a page with a hole: applied up to it")

    # --- always -----------------------------------------------------------------------------

    @invariant()
    def numbers_are_gapless_and_the_ledger_reconciles(self) -> None:
        for number, counter in self.counters.items():
            for counter_no, count, top in rows(counter.db, "SELECT counter_no, count(*), "
                                               "max(station_seq) FROM outbox_event "
                                               "GROUP BY counter_no"):
                assert count == top, f"counter {number} holds a hole in {counter_no}'s events"
            off = rows(counter.db, """
                SELECT b.sku, b.quantity, coalesce(sum(m.delta), 0) FROM stock_balance b
                LEFT JOIN stock_movement m ON m.sku = b.sku GROUP BY b.sku
                HAVING b.quantity != coalesce(sum(m.delta), 0)""")
            assert off == [], f"counter {number}: balances not the sum of movements: {off}"

    # --- after a heal ----------------------------------------------------------------------

    @rule()
    def settle(self) -> None:
        """The LAN heals and each counter asks until nothing is new: the two agree."""
        self.linked = True
        for _ in range(100):
            moved = 0
            for source, target in ((1, 2), (2, 1)):
                page = self.exchanges[source].events_after(self.exchanges[target].marks())
                moved += self.exchanges[target].apply(
                    page, self.exchanges[source].acked_marks(), from_counter=source).applied
            if not moved:
                break
        one, two = (self.counters[1].db, self.counters[2].db)
        assert self.exchanges[1].marks() == self.exchanges[2].marks()
        for sql in FACTS:
            assert rows(one, sql) == rows(two, sql), sql
        self.nothing_twice()
        self.doubles_flagged_once()

    def nothing_twice(self) -> None:
        db = self.counters[1].db
        stated: Tally[tuple[str, int, str, str]] = Tally()
        for event_id, payload in rows(db, "SELECT event_id, payload FROM outbox_event"):
            if event_id in self.base_events:
                continue
            body: dict[str, Any] = json.loads(payload)
            reference = body.get("order_no") or body.get("sale_no") or ""
            for movement in body.get("movements") or []:
                stated[(movement["sku"], movement["delta"], movement["reason"], reference)] += 1
        for counter in self.counters.values():
            moved = Tally(tuple(row) for row in rows(
                counter.db, "SELECT sku, delta, reason, reference FROM stock_movement "
                            "ORDER BY id LIMIT -1 OFFSET :n", n=self.base_movements))
            assert moved == stated, "a movement posted twice, or one missing"
            assert rows(counter.db, "SELECT order_id FROM handover GROUP BY order_id "
                                    "HAVING count(*) > 1") == []
            assert rows(counter.db, "SELECT o.order_no FROM orders o LEFT JOIN handover h "
                                    "ON h.order_id = o.id WHERE (o.state = 'handed_over') "
                                    "!= (h.id IS NOT NULL)") == []

    def doubles_flagged_once(self) -> None:
        at_both = {order for order, counters in self.handed.items() if counters == {1, 2}}
        flags = []
        for counter in self.counters.values():
            by_events = {row[0] for row in rows(counter.db, """
                SELECT json_extract(payload, '$.order_no') FROM outbox_event
                WHERE type = 'handover.completed' GROUP BY 1
                HAVING count(DISTINCT counter_no) > 1""")}
            flagged = rows(counter.db, "SELECT order_no, event_id FROM attention_item "
                                       "WHERE kind = 'double_handover' ORDER BY order_no")
            assert len(flagged) == len({order for order, _ in flagged}), "flagged twice"
            assert {order for order, _ in flagged} == by_events == at_both
            flags.append(flagged)
        event(f"orders handed over at both counters: {min(len(at_both), 3)}+")
        assert flags[0] == flags[1], "the counters name different handovers the double one"


# What both counters must hold alike once they agree (balances_after and local ids differ).
FACTS = [
    "SELECT event_id, counter_no, station_seq, type, payload FROM outbox_event "
    "ORDER BY counter_no, station_seq",
    "SELECT sku, quantity FROM stock_balance ORDER BY sku",
    "SELECT order_no, state FROM orders ORDER BY order_no",
    "SELECT counter_no, shift_no, state, z_no, float_fen FROM shift ORDER BY shift_no",
    "SELECT sale_no, total_fen, payment_method FROM sale ORDER BY sale_no",
]


def test_two_counters_converge_whatever_the_lan_does(tmp_path_factory: pytest.TempPathFactory
                                                      ) -> None:
    template = prepared_pair(tmp_path_factory.mktemp("template"))
    machine = type("Machine", (TwoCounters,), {
        "template": template, "scratch": staticmethod(lambda: tmp_path_factory.mktemp("ex"))})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
