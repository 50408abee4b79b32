"""Sorting: by product in shelf order, by order, refusals that write nothing, undo, shortages,
readiness at sorting, the order.sorted event and its replay."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from station_app.counter import Counter
from station_app.services.receiving import Receiving
from station_app.services.slots import ShelfLayout
from station_app.services.sorting import Sorting
from station_app.services.sorting_views import (
    BagView,
    Placement,
    SheetOrder,
    SortingRefusal,
    SortingRefused,
)
from station_app.storage.database import Database
from tests.helpers import rows, scalar
from tests.unit.services.test_receiving import MANIFEST, manifest_for, store, waiting_orders

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
LATER = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def received(counter: Counter, ready_when: str = "received",
             at: datetime = NOW) -> dict[str, dict[str, int]]:
    """The demo's not-arrived orders, their goods all delivered and received at NOW. The
    demo's orders already on the shelf arrived on an earlier day: nothing to sort of them."""
    with counter.db.writing() as session:
        session.execute(text("UPDATE orders SET arrived_at = '2026-11-20T08:00:00.000000Z' "
                             "WHERE arrived_at IS NOT NULL"))
    wanted = waiting_orders(counter.db)
    store(counter.db, manifest_for(counter.db))
    receiving = Receiving(counter.db, "XF01", lambda: at, ShelfLayout(print_labels=False),
                          ready_when=ready_when)
    for line in receiving.manifest(MANIFEST).lines:
        receiving.set_count(MANIFEST, line.sku, line.expected)
    receiving.receive(MANIFEST, counter.staff_id)
    return wanted


def sorting(counter: Counter, **options: str) -> Sorting:
    return Sorting(counter.db, "XF01", lambda: LATER, **options)  # type: ignore[arg-type]


def barcode(db: Database, sku: str) -> str:
    return str(scalar(db, "SELECT barcode FROM catalogue_item WHERE sku = :sku", sku=sku))


def placed_by_order(db: Database) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for order_no, sku, placed in rows(
            db, "SELECT o.order_no, l.sku, l.placed_quantity + l.short_quantity FROM orders o "
                "JOIN order_line l ON l.order_id = o.id WHERE o.station_id = 'XF01' AND "
                "(l.placed_quantity + l.short_quantity) > 0"):
        found.setdefault(order_no, {})
        found[order_no][sku] = found[order_no].get(sku, 0) + placed
    return found


def snapshot(db: Database) -> tuple[object, ...]:
    return (rows(db, "SELECT id, placed_quantity, short_quantity FROM order_line ORDER BY id"),
            rows(db, "SELECT id, state, sorted_at, shortage FROM orders ORDER BY id"),
            scalar(db, "SELECT count(*) FROM sort_placement"),
            scalar(db, "SELECT count(*) FROM outbox_event"),
            scalar(db, "SELECT count(*) FROM print_job"))


def test_by_product_walks_the_shelf_one_way_and_every_unit_lands_in_its_order(
        counter: Counter) -> None:
    wanted = received(counter)
    service = sorting(counter)
    stock_before = rows(counter.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku")
    progress = service.progress()
    assert progress.units == sum(sum(lines.values()) for lines in wanted.values())
    finished = []
    for product in progress.products:
        slots = []
        while True:
            try:
                result = service.scan(barcode(counter.db, product.sku), counter.staff_id)
            except SortingRefused as refused:
                assert refused.reason is SortingRefusal.ALL_PLACED
                break
            assert isinstance(result, Placement)
            slots.append(result.bag.slot)
            if result.finished:
                finished.append(result.bag.order_no)
                assert len(result.label_job_ids) == 1, "its bag label, as it completes"
                assert all(isinstance(job, int) for job in result.label_job_ids)
        assert slots == sorted(slots), "staff walk the shelf one way"
    assert placed_by_order(counter.db) == wanted
    assert sorted(finished) == sorted(wanted)
    assert rows(counter.db, "SELECT sku, quantity FROM stock_balance ORDER BY sku") == \
        stock_before, "sorting moves no stock"
    events = rows(counter.db, "SELECT count(*) FROM outbox_event WHERE type = 'order.sorted'")
    assert events == [(len(wanted),)]
    assert service.progress().left == 0


def test_by_order_ticks_each_unit_and_refuses_wrong_and_extra_products(
        counter: Counter) -> None:
    wanted = received(counter)
    service = sorting(counter)
    order_no = sorted(wanted)[0]
    bag = service.scan(order_no, counter.staff_id)
    assert isinstance(bag, BagView) and bag.placed == 0
    other = next(sku for lines in wanted.values() for sku in lines
                 if sku not in wanted[order_no])
    before = snapshot(counter.db)
    with pytest.raises(SortingRefused) as wrong:
        service.scan(barcode(counter.db, other), counter.staff_id, bag=order_no)
    assert wrong.value.reason is SortingRefusal.NOT_IN_ORDER
    assert snapshot(counter.db) == before
    for sku, quantity in wanted[order_no].items():
        for _ in range(quantity):
            result = service.scan(barcode(counter.db, sku), counter.staff_id, bag=order_no)
            assert isinstance(result, Placement) and result.units == 1
    assert result.finished and result.event_id
    with pytest.raises(SortingRefused) as again:
        service.scan(barcode(counter.db, sku), counter.staff_id, bag=order_no)
    assert again.value.reason is SortingRefusal.NOT_TO_SORT and again.value.state == "sorted"


def test_bad_scans_write_nothing(counter: Counter) -> None:
    received(counter)
    service = sorting(counter)
    before = snapshot(counter.db)
    cases = {"0000000000000": SortingRefusal.UNKNOWN_CODE,
             "XF02-261125-0001": SortingRefusal.OTHER_STATION}
    for code, reason in cases.items():
        with pytest.raises(SortingRefused) as refused:
            service.scan(code, counter.staff_id)
        assert refused.value.reason is reason, code
    with counter.db.writing() as session:  # a product the station sells, not in today's goods
        session.execute(text("INSERT INTO catalogue_item (sku, name, barcode, unit, "
                             "price_fen) VALUES ('NEW-001', '新品', '6909999900019', '件', 100)"))
        # … and its carton on some earlier delivery list.
        session.execute(text(
            "INSERT INTO manifest_line (manifest_id, line_no, sku, expected, carton_code, "
            "carton_units, received, damaged) SELECT id, 999, 'NEW-001', 0, 'CT-NEW-001', 6, 0, "
            "0 FROM manifest LIMIT 1"))
    before = snapshot(counter.db)
    for code in ("6909999900019", "CT-NEW-001"):
        with pytest.raises(SortingRefused) as refused:
            service.scan(code, counter.staff_id)
        assert refused.value.reason is SortingRefusal.NOT_DELIVERED, code
        assert refused.value.product == "新品"
    assert snapshot(counter.db) == before


def test_undo_takes_back_the_last_placement_and_reopens_a_sorted_order(
        counter: Counter) -> None:
    wanted = received(counter, ready_when="sorted")
    service = sorting(counter, ready_when="sorted")
    order_no = next(no for no, lines in wanted.items() if sum(lines.values()) == 1)
    sku = next(iter(wanted[order_no]))
    service.scan(order_no, counter.staff_id)
    done = service.scan(barcode(counter.db, sku), counter.staff_id, bag=order_no)
    assert isinstance(done, Placement) and done.finished
    state = "SELECT state FROM orders WHERE order_no = :no"
    assert scalar(counter.db, state, no=order_no) == "ready"
    undone = service.undo_last(counter.staff_id)
    assert undone.reopened and undone.bag.order_no == order_no
    assert scalar(counter.db, "SELECT state FROM orders WHERE order_no = :no", no=order_no) == \
        "arrived"
    assert scalar(counter.db, "SELECT count(*) FROM sort_placement") == 0
    kinds = [sorted_ for (sorted_,) in rows(
        counter.db, "SELECT json_extract(payload, '$.sorted') FROM outbox_event WHERE type = "
                    "'order.sorted' ORDER BY station_seq")]
    assert kinds == [1, 0]
    with pytest.raises(SortingRefused) as nothing:
        service.undo_last(counter.staff_id)
    assert nothing.value.reason is SortingRefusal.NOTHING_TO_UNDO


def test_ready_at_sorting_keeps_orders_from_the_counter_until_their_bag_is_whole(
        counter: Counter) -> None:
    wanted = received(counter, ready_when="sorted")
    numbers = ",".join(f"'{no}'" for no in wanted)
    states = {state for (state,) in rows(
        counter.db, f"SELECT state FROM orders WHERE order_no IN ({numbers})")}
    assert states == {"arrived"}
    slots = [slot for (slot,) in rows(counter.db, "SELECT slot FROM orders WHERE state = "
                                                  "'arrived'")]
    assert all(slots) and len(set(slots)) == len(slots), "arrived bags hold their slots"
    order_no = sorted(wanted)[0]
    view = counter.handovers.order(order_no)
    assert view is not None and view.verdict.value == "not_sorted"
    assert not view.verdict.can_hand_over


def test_a_shortage_found_while_sorting_becomes_the_orders_shortage(counter: Counter) -> None:
    wanted = received(counter)
    service = sorting(counter, labels="off")
    sku = max({sku for lines in wanted.values() for sku in lines},
              key=lambda s: sum(lines.get(s, 0) for lines in wanted.values()))
    service.scan(barcode(counter.db, sku), counter.staff_id)
    shorted = service.short(sku, counter.staff_id)
    placed = scalar(counter.db, "SELECT sum(placed_quantity) FROM order_line WHERE sku = :sku",
                    sku=sku)
    assert shorted.units == sum(lines.get(sku, 0) for lines in wanted.values()) - int(placed)
    for bag in shorted.bags:
        shortage = scalar(counter.db, "SELECT shortage FROM orders WHERE order_no = :no",
                          no=bag.order_no)
        assert shortage and "×" in str(shortage)
        view = counter.handovers.order(bag.order_no)
        assert view is not None and view.short_line_ids
    with pytest.raises(SortingRefused) as gone:
        service.scan(barcode(counter.db, sku), counter.staff_id)
    assert gone.value.reason is SortingRefusal.ALL_PLACED


def test_a_ready_order_whose_sorting_began_warns_at_the_handover(counter: Counter) -> None:
    wanted = received(counter)
    service = sorting(counter)
    order_no = next(no for no, lines in wanted.items() if len(lines) > 1)
    service.scan(order_no, counter.staff_id)
    service.scan(barcode(counter.db, next(iter(wanted[order_no]))), counter.staff_id,
                 bag=order_no)
    view = counter.handovers.order(order_no)
    assert view is not None and view.verdict.can_hand_over
    assert view.sorting_unfinished is not None
    placed, units = view.sorting_unfinished
    assert placed == 1 and units == sum(wanted[order_no].values())


def test_labels_as_each_order_completes_or_all_at_the_start(counter: Counter) -> None:
    wanted = received(counter)
    at_start = sorting(counter, labels="at_start")
    sku = next(iter(wanted[sorted(wanted)[0]]))
    first = at_start.scan(barcode(counter.db, sku), counter.staff_id)
    assert isinstance(first, Placement)
    assert len(first.label_job_ids) == len(wanted)
    second = at_start.scan(barcode(counter.db, sku), counter.staff_id)
    assert isinstance(second, Placement) and not second.label_job_ids


def test_the_sheet_lists_every_unit_still_to_place_in_the_chosen_order(
        counter: Counter) -> None:
    wanted = received(counter)
    service = sorting(counter)
    for order in SheetOrder:
        sheet = service.sheet(order)
        assert sheet.units == sum(sum(lines.values()) for lines in wanted.values())
        assert sheet.orders == len(wanted)
    by_product = service.sheet(SheetOrder.PRODUCT).entries
    assert [e.product for e in by_product] == sorted(e.product for e in by_product)
    by_slot = service.sheet(SheetOrder.SLOT).entries
    assert [e.slot for e in by_slot] == sorted(e.slot or "" for e in by_slot)
    by_address = [e.address_line for e in service.sheet(SheetOrder.ADDRESS).entries]
    buildings = [int(line.split("栋")[0]) for line in by_address]
    assert buildings == sorted(buildings), "building 2 before building 10"
