"""The stock desk at the counter window: search, filters, scans, history, low-stock levels."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.demo_data import CATALOGUE
from station_app.domain.stock import MovementReason
from station_app.services.stock_count import StockCounts
from station_app.services.stock_ledger import post_movement
from tests.gui.conftest import DeskWindow
from tests.helpers import scalar
from ui.desks.stock_desk import StockDesk
from ui.main_window import CounterWindow
from ui.messages import Severity

CLERK, MANAGER = 1, 2
(SKU_A, NAME_A, _, _, BARCODE_A), (SKU_B, NAME_B, _, _, BARCODE_B) = CATALOGUE[:2]


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("stock", StockDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> StockDesk:
    found = window.desks["stock"]
    assert isinstance(found, StockDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("stock")
    return found


def scan(qtbot: Any, window: CounterWindow, desk: StockDesk, text: str) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def shown_skus(desk: StockDesk) -> list[str]:
    model = desk.balances
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def cell(desk: StockDesk, sku: str, column: int, role: Qt.ItemDataRole =
         Qt.ItemDataRole.DisplayRole) -> Any:
    row = shown_skus(desk).index(sku)
    return desk.balances.index(row, column).data(role)


def history(desk: StockDesk) -> list[list[str]]:
    model = desk.movements.model
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_search_scan_and_history(qtbot: Any, window: CounterWindow, desk: StockDesk) -> None:
    db = window.counter.db
    assert len(shown_skus(desk)) == len(CATALOGUE)
    assert cell(desk, SKU_A, 3) == str(scalar(db, "SELECT quantity FROM stock_balance "
                                                  "WHERE sku=:s", s=SKU_A))

    # Typing waits for a pause, then one search answers (not one per key).
    searches: list[int] = []
    desk.balances.modelReset.connect(lambda: searches.append(1))
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(desk.search, "fru-00")
    assert shown_skus(desk) == [sku for sku, *_ in CATALOGUE if sku.startswith("FRU-00")]
    assert searches == [1]
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        desk.search.setText("菠菜")  # as the input method commits it
    assert shown_skus(desk) == [SKU_A]
    assert desk.count_label.text().startswith("1 item")

    # Scanning an item that the search hides brings the whole list back, selects it, and
    # shows its history.
    scan(qtbot, window, desk, BARCODE_B)
    assert desk.search.text() == "" and desk.selected_sku == SKU_B
    assert len(shown_skus(desk)) == len(CATALOGUE)
    assert NAME_B in desk.movements.title.text()
    opening = history(desk)[-1]
    assert opening[3:] == ["Opening stock", "demo-opening", "system"]

    # A count approved by the manager shows up with its reason, reference and approver.
    counts = StockCounts(db, window.counter.station_id)
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, SKU_B, 0, CLERK)
    counts.approve(count.count_no, MANAGER)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        desk.refresh()
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Up)
    assert desk.selected_sku == SKU_A
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)  # Enter: the history
    latest = history(desk)[0]
    assert latest[2] == "0"
    assert latest[3:] == ["Stock count adjustment", count.count_no, "陈建国"]
    assert cell(desk, SKU_B, 3) == "0"

    # A name typed into the scan box searches; a barcode of nothing says so.
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.scan_box.setText("香蕉")
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert shown_skus(desk) == ["FRU-002"]
    scan(qtbot, window, desk, "6900000000000")
    assert window.banner.severity is Severity.STOP
    assert window.banner.title == "No item with this barcode"


def test_low_stock_level_marks_and_filters(qtbot: Any, window: CounterWindow,
                                          desk: StockDesk) -> None:
    db = window.counter.db
    events = scalar(db, "SELECT count(*) FROM outbox_event")
    scan(qtbot, window, desk, BARCODE_A)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert desk.level.isVisible() and desk.level.hasFocus()
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(desk.level, "500")
        qtbot.keyClick(desk.level, Qt.Key.Key_Return)
    assert window.banner.title == f"{NAME_A} marked low at 500 or fewer"
    assert window.scan_box.hasFocus()
    assert scalar(db, "SELECT low_stock_level FROM catalogue_item WHERE sku=:s", s=SKU_A) == 500
    assert cell(desk, SKU_A, 5) == "LOW"
    assert cell(desk, SKU_A, 4, Qt.ItemDataRole.BackgroundRole) is not None
    assert scalar(db, "SELECT count(*) FROM outbox_event") == events  # a setting, not a fact

    for bad in ("-2", "abc"):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        desk.level.clear()
        with qtbot.waitSignal(desk.shown, timeout=10_000):
            qtbot.keyClicks(desk.level, bad)
            qtbot.keyClick(desk.level, Qt.Key.Key_Return)
        assert window.banner.severity is Severity.STOP
        assert window.banner.title == f"Level not possible: {bad}"
        assert scalar(db, "SELECT low_stock_level FROM catalogue_item WHERE sku=:s",
                      s=SKU_A) == 500

    # Sold into the red: marked and coloured; the filters pick both out.
    with db.writing() as session:
        post_movement(session, SKU_B, -1000, MovementReason.SALE, "S-X", CLERK,
                      datetime.now(UTC))
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert desk.filter.currentText() == "Low stock"
    assert SKU_A in shown_skus(desk)
    assert all(cell(desk, sku, 5) in ("LOW", "BELOW ZERO") for sku in shown_skus(desk))
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert shown_skus(desk) == [SKU_B]
    assert cell(desk, SKU_B, 5) == "BELOW ZERO"
    assert cell(desk, SKU_B, 3, Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"


def test_history_pages_and_reason_filter(qtbot: Any, window: CounterWindow,
                                         desk: StockDesk) -> None:
    with window.counter.db.writing() as session:
        for n in range(60):
            post_movement(session, SKU_A, -1, MovementReason.SALE, f"S-{n:02d}", CLERK,
                          datetime.now(UTC))
    scan(qtbot, window, desk, BARCODE_A)
    assert len(history(desk)) == 50 and history(desk)[0][4] == "S-59"
    assert "Ctrl+O for older" in desk.movements.title.text()
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    shown = history(desk)
    assert [row[4] for row in shown[:60]] == [f"S-{n:02d}" for n in range(59, -1, -1)]
    assert shown[-1][3] == "Opening stock" and "Ctrl+O" not in desk.movements.title.text()

    with qtbot.waitSignal(desk.shown, timeout=10_000):
        desk.movements.reason.setCurrentIndex(desk.movements.reason.findData("opening"))
    assert [row[3] for row in history(desk)] == ["Opening stock"]
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert desk.movements.reason.currentText() == "All reasons"
    assert len(history(desk)) == 50


def test_enter_with_no_item_chosen_says_what_to_do(qtbot: Any, window: CounterWindow,
                                                   desk: StockDesk) -> None:
    assert desk.selected_sku is None
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.INFO
    assert window.banner.title == "Choose an item first"
    assert "↑ ↓" in window.banner.detail and "Enter" in window.banner.detail
