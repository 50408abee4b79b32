"""Head office from the counter window: sync now, the needs-attention inbox, the day close."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import text

from station_app.counter import Counter
from sync.demo import DemoHeadOffice
from sync.server import headoffice
from tests.gui.conftest import manager_answers, press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar
from ui.main_window import CounterWindow
from ui.sync_panel import AttentionDialog, DayCloseDialog


def pending(counter: Counter) -> int:
    return int(scalar(counter.db, "SELECT count(*) FROM outbox_event WHERE acked_at IS NULL"))


def test_f7_sends_handovers_and_the_indicator_says_online(
        qtbot: Any, synced_window: CounterWindow, counter: Counter) -> None:
    window = synced_window
    type_code(qtbot, window, pickup_code(counter.db, READY))
    press_enter_to_confirm(qtbot, window)
    assert pending(counter) >= 1
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: pending(counter) == 0, timeout=20_000)
    qtbot.waitUntil(lambda: window.status.sync.text().startswith("● Sync: online"),
                    timeout=10_000)
    assert window.status.sync.state == "ok"


def test_cancelled_after_handover_lands_in_the_inbox_and_is_settled(
        qtbot: Any, synced_window: CounterWindow, counter: Counter,
        head_office: DemoHeadOffice) -> None:
    window = synced_window
    type_code(qtbot, window, pickup_code(counter.db, READY))
    order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
    press_enter_to_confirm(qtbot, window)  # handed over while head office did not know yet
    headoffice.cancel_order(head_office.server.db, order_no, "resident cancelled in the app")
    with qtbot.waitSignal(window.sync.report_ready, timeout=20_000):  # type: ignore[union-attr]
        qtbot.keyClick(window.scan_box, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "needs attention" in window.banner.title, timeout=10_000)

    qtbot.keyClick(window.scan_box, Qt.Key.Key_F8)
    dialog = window.findChild(AttentionDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: any(item.order_no == order_no for item in dialog.items),
                    timeout=5_000)
    assert "customer service" in dialog.guide.text()
    item = next(item for item in dialog.items if item.order_no == order_no)
    head_office.service.resolve(item.id, "customer service refunds the resident")
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        dialog.reload()
    assert all(i.order_no != order_no for i in dialog.items)
    # the handover itself stands
    assert scalar(counter.db, "SELECT state FROM orders WHERE order_no=:n", n=order_no) == \
        "handed_over"


def test_day_close_refuses_with_unsent_records_then_prints_the_report(
        qtbot: Any, synced_window: CounterWindow, counter: Counter) -> None:
    window = synced_window
    type_code(qtbot, window, pickup_code(counter.db, READY))
    press_enter_to_confirm(qtbot, window)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F10)
    dialog = window.findChild(DayCloseDialog)
    assert dialog is not None
    # Today is still running: the station manager approves the early close (the real PIN
    # prompt is driven in test_sign_in.py).
    dialog.ask_manager = manager_answers(2)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.text().startswith("Asking"), timeout=20_000)
    assert dialog.message.text().startswith("Not yet"), dialog.message.text()

    window.sync.sync_now()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: pending(counter) == 0, timeout=20_000)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "confirms" in dialog.message.text(), timeout=20_000)
    printer = counter.data_dir.virtual_printer
    qtbot.waitUntil(lambda: any("DAY-" in p.name for p in printer.glob("*.bin")),
                    timeout=10_000)


def test_a_pc_clock_off_head_office_is_told_in_the_status_bar(
        qtbot: Any, synced_window: CounterWindow, counter: Counter) -> None:
    """The warning at start-up covered the time zone only: a PC clock minutes off head
    office's (which dates receipts and residents' QR expiry) went unsaid."""
    window = synced_window
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F7)  # a real sync learns head office's time
    qtbot.waitUntil(lambda: scalar(counter.db, "SELECT clock_offset_ms FROM sync_status")
                    is not None, timeout=20_000)
    assert window.sync is not None
    with qtbot.waitSignal(window.sync.status_changed, timeout=5_000):
        window.sync.refresh()
    assert not window.status.clock.isVisible()  # loopback: one clock, nothing to say
    with counter.db.writing() as session:  # as a sync from a PC 5 minutes slow records it
        session.execute(text("UPDATE sync_status SET clock_offset_ms = 300000"))
    window.sync.refresh()
    clock = window.status.clock
    qtbot.waitUntil(clock.isVisible, timeout=5_000)
    assert clock.state == "warn"
    assert "5 min behind head office" in clock.text()
