"""A stock count at the counter window, from the keyboard and with scans, to the printed sheet."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.counter import Counter
from station_app.demo_data import CATALOGUE
from tests.gui.conftest import DeskWindow, manager_answers
from tests.helpers import rows, scalar
from tests.oracle.oracle import parse_receipt
from ui.desks.count_desk import CountDesk
from ui.main_window import CounterWindow
from ui.messages import Severity

CLERK, MANAGER = 1, 2
(SKU_A, NAME_A, _, PRICE_A, BARCODE_A), (SKU_B, NAME_B, _, PRICE_B, BARCODE_B) = CATALOGUE[:2]


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("count", CountDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> CountDesk:
    found = window.desks["count"]
    assert isinstance(found, CountDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("count")
    return found


def keys(qtbot: Any, window: CounterWindow, desk: CountDesk, text: str) -> None:
    """Type (or scan) into the scan box and press Enter; wait until the desk shows the result."""
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def ctrl(qtbot: Any, window: CounterWindow, desk: CountDesk, key: Qt.Key) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, key, Qt.KeyboardModifier.ControlModifier)


def book(counter: Counter, sku: str) -> int:
    return int(scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=sku))


def cells(desk: CountDesk, row: int) -> list[str]:
    return [desk.table.item(row, column).text() for column in range(5)]


def drafted(counter: Counter) -> list[Any]:
    return rows(counter.db, "SELECT sku, book, counted FROM stock_count_line ORDER BY id")


def test_a_count_from_scans_to_the_printed_variance_sheet(
        qtbot: Any, window: CounterWindow, desk: CountDesk, tmp_path: Any) -> None:
    counter = window.counter
    db = counter.db
    book_a, book_b = book(counter, SKU_A), book(counter, SKU_B)
    ctrl(qtbot, window, desk, Qt.Key.Key_N)
    count_no = scalar(db, "SELECT count_no FROM stock_count WHERE state='open'")
    assert count_no and desk.count_no == count_no
    assert window.banner.title == f"Count {count_no} started"

    for _ in range(3):
        keys(qtbot, window, desk, BARCODE_A)
    keys(qtbot, window, desk, BARCODE_B)
    assert cells(desk, 0) == [NAME_A, SKU_A, str(book_a), "3", f"{3 - book_a:+d}"]
    assert desk.last_counted_row == 1 and desk.table.currentRow() == 1
    keys(qtbot, window, desk, str(book_b + 2))  # typed: the selected (last scanned) line
    assert cells(desk, 1)[3:] == [str(book_b + 2), "+2"]
    assert window.banner.severity is Severity.OK

    qtbot.keyClick(window.scan_box, Qt.Key.Key_Up)  # back to line A, type its real count
    keys(qtbot, window, desk, str(book_a - 1))
    assert cells(desk, 0)[3:] == [str(book_a - 1), "-1"]
    assert desk.last_counted_row == 0
    assert [tuple(r) for r in drafted(counter)] == [(SKU_A, book_a, book_a - 1),
                                                    (SKU_B, book_b, book_b + 2)]

    asked: list[str] = []
    window.context.ask_manager = manager_answers(MANAGER, asked)
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)

    assert asked and count_no in asked[0]
    assert window.banner.title == f"Count {count_no} approved"
    assert "2 adjustments posted" in window.banner.detail
    assert desk.count_no is None and desk.table.rowCount() == 0
    assert desk.sheet.isVisible() and NAME_A in desk.sheet.toPlainText()
    assert (book(counter, SKU_A), book(counter, SKU_B)) == (book_a - 1, book_b + 2)
    assert [tuple(r) for r in rows(db, "SELECT sku, delta, staff_id FROM stock_movement "
                                       "WHERE reference=:n ORDER BY id", n=count_no)] == \
        [(SKU_A, -1, MANAGER), (SKU_B, 2, MANAGER)]
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE type="
                                    "'stock.counted'"))
    assert payload["count_no"] == count_no and payload["approved_by"] == MANAGER
    assert payload["staff_id"] == counter.staff_id
    assert payload["lines"] == [{"sku": SKU_A, "book": book_a, "counted": book_a - 1},
                                {"sku": SKU_B, "book": book_b, "counted": book_b + 2}]
    assert payload["movements"] == [
        {"sku": SKU_A, "delta": -1, "reason": "count_adjustment"},
        {"sku": SKU_B, "delta": 2, "reason": "count_adjustment"}]
    assert scalar(db, "SELECT state FROM stock_count WHERE count_no=:n", n=count_no) == \
        "approved"

    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:n",
                                   n=count_no) == "printed", timeout=10_000)
    printed_files = sorted(counter.data_dir.virtual_printer.glob(f"*{count_no}*.bin"))
    assert printed_files
    printed = parse_receipt(printed_files[-1].read_bytes(), tmp_path)
    text = "\n".join(printed.text_lines)
    assert printed.cuts == 1
    assert "盘点差异表" in text and count_no in text
    assert NAME_A.split()[0] in text and NAME_B.split()[0] in text
    total = -PRICE_A + 2 * PRICE_B
    assert f"￥{total // 100}.{total % 100:02d}" in text


def test_bad_input_is_refused_on_screen_and_writes_nothing(
        qtbot: Any, window: CounterWindow, desk: CountDesk) -> None:
    counter = window.counter
    keys(qtbot, window, desk, BARCODE_A)
    assert window.banner.title == "No count is open"
    ctrl(qtbot, window, desk, Qt.Key.Key_N)
    keys(qtbot, window, desk, "7")  # a count, but no line chosen yet
    assert window.banner.title == "Select a line first"
    keys(qtbot, window, desk, BARCODE_A)
    before = [tuple(r) for r in drafted(counter)]
    for text, title in (("6900000000000", "No item with this code"),
                        ("-3", "Count not possible: -3"),
                        ("2000000", "Count not possible: 2000000")):
        keys(qtbot, window, desk, text)
        assert window.banner.severity is Severity.STOP
        assert window.banner.title == title
        assert window.banner.detail
        assert [tuple(r) for r in drafted(counter)] == before
    assert cells(desk, 0)[3] == "1"
    ctrl(qtbot, window, desk, Qt.Key.Key_N)
    assert window.banner.title == "A count is already open"
    assert scalar(counter.db, "SELECT count(*) FROM stock_count") == 1


def test_approval_needs_a_manager_and_leaving_keeps_the_count(
        qtbot: Any, window: CounterWindow, desk: CountDesk) -> None:
    counter = window.counter
    events = scalar(counter.db, "SELECT count(*) FROM outbox_event")
    ctrl(qtbot, window, desk, Qt.Key.Key_N)
    keys(qtbot, window, desk, BARCODE_A)

    window.context.ask_manager = manager_answers(None)  # the manager said no
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    assert window.banner.title == "Not approved"
    window.context.ask_manager = manager_answers(CLERK)  # a clerk cannot approve, even so
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    assert window.banner.title == "Only a station manager can approve a count"
    assert scalar(counter.db, "SELECT state FROM stock_count") == "open"
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event") == events
    assert scalar(counter.db, "SELECT count(*) FROM stock_movement WHERE reason="
                              "'count_adjustment'") == 0

    qtbot.keyClick(window.scan_box, Qt.Key.Key_Escape)
    assert window.banner.title == "The count stays open"
    window.show_desk("handover")
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.show_desk("count")  # coming back shows the saved counting
    assert cells(desk, 0)[1:4] == [SKU_A, str(book(counter, SKU_A)), "1"]
