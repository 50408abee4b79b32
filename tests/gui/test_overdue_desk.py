"""The overdue desk at the counter window, from the keyboard: tick, remind, bulk move into the
return shipment, holding period."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import DeskWindow, manager_answers
from tests.helpers import OVERDUE, rows, scalar
from tests.unit.services.test_after_sales import snapshot
from ui.desks.overdue_desk import AGE, ORDER, PHONE, REMINDED, SHIPMENT, SLOT, TICK, OverdueDesk
from ui.desks.returns_desk import ReturnsDesk
from ui.main_window import CounterWindow
from ui.messages import Severity


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("returns", ReturnsDesk), ("overdue", OverdueDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> OverdueDesk:
    found = window.desks["overdue"]
    assert isinstance(found, OverdueDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("overdue")
    return found


def keys(qtbot: Any, window: CounterWindow, desk: OverdueDesk, text: str) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def press(qtbot: Any, window: CounterWindow, desk: OverdueDesk, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, key, modifier)


def ticks(desk: OverdueDesk) -> list[str]:
    return [desk.row_texts(row)[TICK] for row in range(desk.table.rowCount())]


def test_remind_and_bulk_move_from_the_keyboard(qtbot: Any, window: CounterWindow,
                                                desk: OverdueDesk) -> None:
    db = window.counter.db
    expected = [r.order_no for r in rows(db, f"SELECT order_no FROM orders WHERE {OVERDUE} "
                                             f"ORDER BY holding_deadline, id")]
    shown = [desk.row_texts(row) for row in range(desk.table.rowCount())]
    assert [row[ORDER] for row in shown] == expected  # oldest first
    first = rows(db, "SELECT slot, masked_phone FROM orders WHERE order_no = :n",
                 n=expected[0])[0]
    assert (shown[0][SLOT], shown[0][PHONE]) == (first.slot, first.masked_phone)
    assert shown[0][AGE].endswith(" h") and shown[0][REMINDED] == "—"
    assert f"{len(expected)} overdue order" in desk.status.text()

    press(qtbot, window, desk, Qt.Key.Key_M)  # nothing ticked yet
    assert window.banner.title == "No order ticked"

    # Tick the two oldest with Space and ↓, and mark them reminded.
    press(qtbot, window, desk, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)
    press(qtbot, window, desk, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    assert ticks(desk)[:3] == ["☑", "☑", "☐"]
    assert window.scan_box.text() == ""  # Space ticked, it typed nothing
    press(qtbot, window, desk, Qt.Key.Key_M)
    assert window.banner.title == "2 orders marked reminded"
    assert [r.reminders for r in rows(db, "SELECT reminders FROM orders WHERE order_no IN "
                                          "(:a, :b)", a=expected[0], b=expected[1])] == [1, 1]
    payloads = [json.loads(r.payload) for r in rows(
        db, "SELECT payload FROM outbox_event WHERE type = 'order.reminded' ORDER BY "
            "station_seq")]
    assert [p["order_no"] for p in payloads] == expected[:2]
    assert desk.row_texts(0)[REMINDED].startswith("✓ 1×")
    assert ticks(desk)[:2] == ["☐", "☐"]

    # The demo's overdue pickup code ticks its order when scanned; an unknown code is refused.
    keys(qtbot, window, desk, "580486")
    assert window.banner.severity is Severity.INFO
    assert ticks(desk).count("☑") == 1
    keys(qtbot, window, desk, "123")
    assert window.banner.severity is Severity.STOP

    # Ctrl+A ticks everything (from the scan box, which would otherwise select its text).
    press(qtbot, window, desk, Qt.Key.Key_A)
    assert set(ticks(desk)) == {"☑"}
    press(qtbot, window, desk, Qt.Key.Key_A)
    assert set(ticks(desk)) == {"☐"}
    press(qtbot, window, desk, Qt.Key.Key_A)
    press(qtbot, window, desk, Qt.Key.Key_T)
    shipment_no = scalar(db, "SELECT shipment_no FROM return_shipment WHERE state = 'open'")
    assert window.banner.severity is Severity.OK
    assert shipment_no in window.banner.title
    listed = [r.order_no for r in rows(db, "SELECT DISTINCT order_no FROM return_shipment_line "
                                           "ORDER BY order_no")]
    assert listed == sorted(expected)
    assert scalar(db, "SELECT sum(quantity) FROM return_shipment_line") == scalar(
        db, f"SELECT sum(l.quantity) FROM order_line l JOIN orders o ON o.id = l.order_id "
            f"WHERE o.{OVERDUE.replace(' AND ', ' AND o.')}")
    assert {desk.row_texts(row)[SHIPMENT] for row in range(desk.table.rowCount())} == \
        {"listed"}

    # Again: every order is already listed. A clear message, nothing written.
    before = snapshot(window.counter)
    press(qtbot, window, desk, Qt.Key.Key_A)
    press(qtbot, window, desk, Qt.Key.Key_T)
    assert window.banner.severity is Severity.STOP
    assert snapshot(window.counter) == before

    # The returns desk shows the shipment to scan out.
    returns = window.desks["returns"]
    assert isinstance(returns, ReturnsDesk)
    with qtbot.waitSignal(returns.shown, timeout=10_000):
        window.show_desk("returns")
    with qtbot.waitSignal(returns.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert shipment_no in returns.return_shipment.shipment_label.text()
    assert len(returns.return_shipment.cells()) == scalar(db, "SELECT count(*) FROM "
                                                       "return_shipment_line")


def test_holding_period_needs_a_manager(qtbot: Any, window: CounterWindow,
                                        desk: OverdueDesk) -> None:
    db = window.counter.db
    deadlines = rows(db, "SELECT holding_deadline FROM orders ORDER BY id")
    assert desk.holding.value() == 3
    desk.holding.setValue(5)
    window.context.ask_manager = manager_answers(1)  # a clerk's name picked: the core says no
    press(qtbot, window, desk, Qt.Key.Key_L)
    assert window.banner.title == "Only a station manager can do this"
    assert scalar(db, "SELECT holding_days FROM station WHERE id = 'XF01'") == 3
    window.context.ask_manager = manager_answers(2)
    press(qtbot, window, desk, Qt.Key.Key_L)
    assert window.banner.title == "Holding period: 5 days"
    assert scalar(db, "SELECT holding_days FROM station WHERE id = 'XF01'") == 5
    assert "holding period 5 day" in desk.status.text()
    assert rows(db, "SELECT holding_deadline FROM orders ORDER BY id") == deadlines
