"""Sorting at the counter window, as staff do it: scans and keys in the scan box; then the
instruction on screen, what the counter said, and the database are checked."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.clock import utc_now
from station_app.counter import Counter, open_counter
from station_app.voice import Announcement, Spoken
from tests.gui.conftest import DeskWindow
from tests.helpers import rows, scalar
from tests.unit.services.test_sorting import barcode, received
from ui.desks.sorting_desk import SortingDesk
from ui.main_window import CounterWindow
from ui.messages import Severity


@pytest.fixture
def wanted(counter: Counter) -> dict[str, dict[str, int]]:
    return received(counter, at=utc_now())  # the window's clock: sorted today


def open_sorting(desk_window: DeskWindow, qtbot: Any) -> tuple[CounterWindow, list[Any]]:
    window = desk_window([("sorting", SortingDesk)])
    said: list[Announcement] = []
    window.context.say = said.append
    with qtbot.waitSignal(desk_of(window).progress_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    return window, said


def desk_of(window: CounterWindow) -> SortingDesk:
    desk = window.desks["sorting"]
    assert isinstance(desk, SortingDesk)
    return desk


def scan(qtbot: Any, window: CounterWindow, code: str) -> None:
    """A code and Enter; waits for its result and the progress painted after it."""
    desk = desk_of(window)
    with qtbot.waitSignals([desk.shown, desk.progress_shown], timeout=10_000):
        qtbot.keyClicks(window.scan_box, code)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def key(qtbot: Any, window: CounterWindow, key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    with qtbot.waitSignal(desk_of(window).shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, key, modifier)


def first_in_shelf_order(counter: Counter, sku: str) -> tuple[str, str, int]:
    found = rows(counter.db, "SELECT o.slot, o.order_no, l.quantity FROM order_line l JOIN "
                             "orders o ON o.id = l.order_id WHERE l.sku = :sku AND "
                             "o.arrived_at > '2026-11-21' AND o.sorted_at IS NULL AND "
                             "l.placed_quantity + l.short_quantity < l.quantity "
                             "ORDER BY o.slot, o.order_no LIMIT 1", sku=sku)
    slot, order_no, quantity = found[0]
    return str(slot), str(order_no), int(quantity)


def placements(counter: Counter) -> int:
    return int(scalar(counter.db, "SELECT count(*) FROM sort_placement"))


def test_by_product_shows_and_says_where_the_goods_go_and_undo_takes_it_back(
        qtbot: Any, counter: Counter, desk_window: DeskWindow,
        wanted: dict[str, dict[str, int]]) -> None:
    window, said = open_sorting(desk_window, qtbot)
    desk = desk_of(window)
    sku = next(iter(wanted[sorted(wanted)[0]]))
    slot, _order_no, quantity = first_in_shelf_order(counter, sku)
    scan(qtbot, window, barcode(counter.db, sku))
    assert desk.slot_label.text() == slot, (window.banner.title, window.banner.detail)
    assert desk.units_label.text() == f"×{quantity}"
    assert said[-1] == Announcement(Spoken.SLOT, slot, quantity)
    assert window.banner.severity is Severity.OK
    assert placements(counter) == 1
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert placements(counter) == 0
    assert window.banner.severity is Severity.WARN and "Undone" in window.banner.title


def test_by_order_ticks_each_item_refuses_the_wrong_one_and_turns_green(
        qtbot: Any, counter: Counter, desk_window: DeskWindow,
        wanted: dict[str, dict[str, int]]) -> None:
    window, _said = open_sorting(desk_window, qtbot)
    desk = desk_of(window)
    order_no = next(no for no, lines in wanted.items() if len(lines) > 1)
    scan(qtbot, window, order_no)
    assert desk.bag is not None and desk.bag.order_no == order_no
    assert desk.table.rowCount() == len(desk.bag.lines)
    wrong = next(sku for lines in wanted.values() for sku in lines
                 if sku not in wanted[order_no])
    scan(qtbot, window, barcode(counter.db, wrong))
    assert window.banner.severity is Severity.STOP and "Wrong product" in window.banner.title
    assert desk.instruction.property("outcome") == "refused"
    assert placements(counter) == 0, "a wrong product counts nothing"
    for sku, quantity in wanted[order_no].items():
        for _ in range(quantity):
            scan(qtbot, window, barcode(counter.db, sku))
    assert desk.instruction.property("outcome") == "done", window.banner.title
    assert "is sorted" in window.banner.detail
    assert all(desk.table.item(row, 0).text().startswith("✓")
               for row in range(desk.table.rowCount()))
    assert scalar(counter.db, "SELECT sorted_at IS NOT NULL FROM orders WHERE order_no = :no",
                  no=order_no) == 1
    with qtbot.waitSignal(desk.progress_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Escape)
    assert desk.bag is None and desk.table.rowCount() > len(wanted[order_no])


def test_a_restart_mid_sort_resumes_where_it_was(
        qtbot: Any, counter: Counter, desk_window: DeskWindow,
        wanted: dict[str, dict[str, int]]) -> None:
    window, _said = open_sorting(desk_window, qtbot)
    sku = max({sku for lines in wanted.values() for sku in lines},
              key=lambda s: sum(lines.get(s, 0) for lines in wanted.values()))
    scan(qtbot, window, barcode(counter.db, sku))
    scan(qtbot, window, barcode(counter.db, sku))
    placed = placements(counter)
    window.close()
    counter.close()
    again = open_counter(counter.data_dir.root)
    try:
        reopened = CounterWindow(replace(again, settings=replace(again.settings,
                                                                 language="en")),
                                 desks=[("sorting", SortingDesk)])
        qtbot.addWidget(reopened)
        reopened.show()
        with qtbot.waitSignal(reopened.handover.recent_shown, timeout=10_000):
            reopened.start()
        reopened.context.say = lambda _announcement: None
        with qtbot.waitSignal(desk_of(reopened).progress_shown, timeout=10_000):
            reopened.show_desk("sorting")
        assert placements(again) == placed == 2
        progress = desk_of(reopened)._progress
        assert progress is not None and progress.placed >= 2
        next_slot, _order, _units = first_in_shelf_order(again, sku)
        scan(qtbot, reopened, barcode(again.db, sku))
        assert desk_of(reopened).slot_label.text() == next_slot, "the next bag, not the first"
        reopened.close()
    finally:
        again.close()


def test_bad_scans_say_what_happened_and_count_nothing(
        qtbot: Any, counter: Counter, desk_window: DeskWindow,
        wanted: dict[str, dict[str, int]]) -> None:
    window, _said = open_sorting(desk_window, qtbot)
    for code, title in (("0000000000000", "Unknown code"),
                        ("XF02-261125-0001", "Another station's bag")):
        scan(qtbot, window, code)
        assert window.banner.severity is Severity.STOP
        assert title in window.banner.title
    assert placements(counter) == 0
