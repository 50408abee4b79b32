"""A whole day at the counter, from the keyboard, with the demo's camera playing throughout
(issue 13): sign in, hand over (typed and scanned), receive the morning's delivery, sell, refund,
open and close a shift, close the day with head office.

The camera keeps showing residents' QR codes the whole time, as a webcam on a busy counter
does. After every action the test reads the banner at once and again a moment later, with the
camera still reading: each time it must belong to the action just taken."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.counter import Counter
from station_app.demo_camera import demo_visits, ensure_demo_clip
from station_app.devices.camera import VideoFileSource
from sync.demo import DemoHeadOffice
from tests.gui.conftest import answer_prompt, type_pin
from tests.gui.test_receiving_desk import demo_manifest, scan_all_of
from tests.helpers import rows, scalar
from ui.app import build_camera, build_window, create_application
from ui.desks.base import Desk
from ui.desks.handover_desk import CARD
from ui.desks.sales_desk import Step
from ui.main_window import CounterWindow
from ui.messages import Severity
from ui.sync_panel import DayCloseDialog, SyncWorker

SPINACH, RICE = "6901234500017", "6901234500185"  # ￥5.90, ￥49.90
CAMERA_KEEPS_READING_S = 2.5  # longer than MIN_READABLE_S: the camera has had its chance


@pytest.fixture
def window(qtbot: Any, counter: Counter,
           head_office: DemoHeadOffice) -> Iterator[CounterWindow]:
    """The real window as `station-app --demo` opens it: PIN sign-in, the virtual camera
    looping the demo clip, head office on loopback (synced on F7 only)."""
    create_application("en")
    clip = ensure_demo_clip(counter.db, counter.station_id, counter.data_dir.root)
    camera = build_camera(counter, source=VideoFileSource(clip, loop=True))
    window = build_window(counter, camera, SyncWorker(head_office.service, interval_s=3600),
                          sign_in=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    yield window
    window.close()


def banner(window: CounterWindow) -> tuple[Severity | None, str, str]:
    return window.banner.severity, window.banner.title, window.banner.detail


def still_true(qtbot: Any, window: CounterWindow, check: Callable[[], None]) -> None:
    """The banner is right now, and still right after the camera kept reading a while."""
    check()
    qtbot.wait(int(CAMERA_KEEPS_READING_S * 1000))
    check()


def keys(qtbot: Any, window: CounterWindow, desk: Desk, text: str = "",
         key: Qt.Key = Qt.Key.Key_Return,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Type into the scan box (as staff or the USB scanner do), press `key`; wait for the
    desk to show its answer."""
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        if text:
            qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, key, modifier)


def alt(qtbot: Any, window: CounterWindow, number: int) -> None:
    window.scan_box.setFocus()
    qtbot.keyClick(window.scan_box, Qt.Key(Qt.Key.Key_0 + number),
                   Qt.KeyboardModifier.AltModifier)


def state_of(counter: Counter, order_no: str) -> str:
    return str(scalar(counter.db, "SELECT state FROM orders WHERE order_no = :n", n=order_no))


def test_a_whole_day_from_the_keyboard_with_the_camera_playing(
        qtbot: Any, window: CounterWindow, counter: Counter, tmp_path: Path) -> None:
    db = counter.db

    # --- sign in: 王丽, a clerk ---------------------------------------------------------------
    dialog = window.staff.dialog
    assert dialog is not None
    type_pin(qtbot, dialog, "1111")
    assert window.status.staff.text() == "Cashier: 王丽"
    qtbot.waitUntil(lambda: window.camera.view.frames_shown > 5, timeout=20_000)

    # --- a handover typed at the keyboard, while the camera reads other residents' phones ----
    clip_orders = {order_no for _, order_no in demo_visits(db, counter.station_id)
                   if state_of(counter, order_no) == "ready"}  # the phones the clip shows
    typed_no, code, slot = next(
        (r.order_no, r.pickup_code, r.slot) for r in rows(
            db, "SELECT order_no, pickup_code, slot FROM orders WHERE state = 'ready' "
                "AND slot IS NOT NULL ORDER BY id") if r.order_no not in clip_orders)
    window.scan_box.setFocus()
    qtbot.keyClicks(window.scan_box, code)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.handover.card.order is not None
                    and window.handover.card.order.order_no == typed_no, timeout=10_000)

    def typed_order_on_show() -> None:
        card = window.handover.card
        assert card.order is not None and card.order.order_no == typed_no
        assert banner(window)[:2] == (Severity.OK, f"Ready for pickup · slot {slot}")

    still_true(qtbot, window, typed_order_on_show)
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert state_of(counter, typed_no) == "handed_over"

    def typed_handover_done() -> None:
        severity, title, detail = banner(window)
        assert severity is Severity.OK and title.startswith("Handed over")
        assert detail.startswith(f"{typed_no} · receipt ")

    typed_handover_done()  # and it stays readable while the camera goes on
    qtbot.wait(1000)
    typed_handover_done()

    # --- a handover scanned by the camera: a resident holds up the QR, staff press Enter ------
    card = window.handover.card
    qtbot.waitUntil(lambda: window.handover.pages.currentIndex() == CARD and card.handable
                    and card.order is not None and card.order.order_no in clip_orders,
                    timeout=60_000)
    assert window.handover.card.order is not None
    scanned_no = window.handover.card.order.order_no
    scanned_slot = window.handover.card.order.slot
    assert banner(window)[:2] == (Severity.OK, f"Ready for pickup · slot {scanned_slot}")
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert state_of(counter, scanned_no) == "handed_over"
    assert banner(window)[2].startswith(f"{scanned_no} · receipt ")

    # --- receiving the morning's delivery (Alt+2); the camera goes on reading phones ----------
    receiving = window.desks["receiving"]
    alt(qtbot, window, 2)
    assert window.current_desk is receiving
    manifest_no, lines = demo_manifest(counter)
    keys(qtbot, window, receiving, manifest_no)
    for line in lines:
        scan_all_of(qtbot, window, line)
    keys(qtbot, window, receiving, key=Qt.Key.Key_Return,
         modifier=Qt.KeyboardModifier.ControlModifier)  # shows the discrepancies: none

    def confirm_asked() -> None:  # not "unknown code PT1…" for a phone the camera saw
        assert banner(window)[:2] == (Severity.WARN, f"Confirm receiving {manifest_no}?")
        assert banner(window)[2].startswith("Every line is complete.")

    still_true(qtbot, window, confirm_asked)
    assert scalar(db, "SELECT state FROM manifest WHERE manifest_no = :m",
                  m=manifest_no) == "open"  # the camera did not take the confirmation back
    keys(qtbot, window, receiving, key=Qt.Key.Key_Return,
         modifier=Qt.KeyboardModifier.ControlModifier)
    assert scalar(db, "SELECT state FROM manifest WHERE manifest_no = :m",
                  m=manifest_no) == "received"

    def received() -> None:
        assert banner(window)[1].startswith(f"Received {manifest_no}: ")

    still_true(qtbot, window, received)

    # --- sorting one bag of that delivery by order (Alt+0); the phones the camera reads are no
    # products or bag labels, so nothing of theirs lands in the bag ------------------------------
    sorting = window.desks["sorting"]
    alt(qtbot, window, 0)
    assert window.current_desk is sorting
    bag_no = str(scalar(db, "SELECT o.order_no FROM orders o JOIN manifest_order m ON "
                            "m.order_no = o.order_no JOIN manifest f ON f.id = m.manifest_id "
                            "WHERE f.manifest_no = :m ORDER BY o.slot LIMIT 1", m=manifest_no))
    keys(qtbot, window, sorting, bag_no)
    assert banner(window)[1].startswith(f"Sorting order {bag_no}")
    bag = rows(db, "SELECT c.barcode, l.quantity FROM order_line l JOIN orders o ON o.id = "
                   "l.order_id JOIN catalogue_item c ON c.sku = l.sku WHERE o.order_no = :n",
               n=bag_no)
    for barcode, quantity in bag:
        for _ in range(quantity):
            keys(qtbot, window, sorting, barcode)

    def sorted_bag() -> None:
        assert banner(window)[0] is Severity.OK
        assert f"Order {bag_no} is sorted" in banner(window)[2]

    still_true(qtbot, window, sorted_bag)
    assert scalar(db, "SELECT sum(units) FROM sort_placement WHERE order_no = :n",
                  n=bag_no) == sum(quantity for _, quantity in bag)
    assert scalar(db, "SELECT count(*) FROM sort_placement WHERE order_no != :n",
                  n=bag_no) == 0, "the camera put nothing anywhere"

    # --- a cash sale (Alt+3): no shift yet, so Ctrl+O opens one with a ￥300 float ------------
    sales = window.desks["sales"]
    alt(qtbot, window, 3)
    assert window.current_desk is sales
    keys(qtbot, window, sales, SPINACH)
    keys(qtbot, window, sales, RICE)
    assert banner(window)[1] == "东北大米 5kg × 1" and "Total now ￥55.80" in banner(window)[2]
    keys(qtbot, window, sales)  # Enter: payment, cash
    assert banner(window)[1] == "No shift open"
    keys(qtbot, window, sales, key=Qt.Key.Key_O, modifier=Qt.KeyboardModifier.ControlModifier)
    keys(qtbot, window, sales, "300")
    shift_no = scalar(db, "SELECT shift_no FROM shift WHERE state = 'open'")
    assert banner(window)[1] == f"Shift {shift_no} opened with float ￥300.00"
    keys(qtbot, window, sales, "100")
    keys(qtbot, window, sales)
    sale_no = scalar(db, "SELECT sale_no FROM sale WHERE kind = 'sale'")

    def sold() -> None:
        assert banner(window)[:2] == (Severity.OK,
                                      f"Sale {sale_no} total ￥55.80, change ￥44.20")

    still_true(qtbot, window, sold)

    # --- the resident brings the spinach back: Ctrl+R, the receipt, the line, a reason --------
    keys(qtbot, window, sales, key=Qt.Key.Key_R, modifier=Qt.KeyboardModifier.ControlModifier)
    assert banner(window)[1] == "Refund: scan the sale receipt"
    keys(qtbot, window, sales, sale_no)
    keys(qtbot, window, sales, SPINACH)
    keys(qtbot, window, sales)
    assert sales.step is Step.REFUND_REASON  # type: ignore[attr-defined]
    answer_prompt(qtbot, ["2222"])  # a clerk's refund: the manager types their PIN
    keys(qtbot, window, sales, "damaged")
    refund_no = scalar(db, "SELECT sale_no FROM sale WHERE kind = 'refund'")

    def refunded() -> None:
        assert banner(window)[1] == f"Refund {refund_no}: pay back ￥5.90"
        assert sales.page.change_label.text() == ""  # type: ignore[attr-defined]

    still_true(qtbot, window, refunded)

    # --- the shift closes (Alt+4): the drawer holds 300 + 55.80 − 5.90 = ￥349.90 -------------
    shift = window.desks["shift"]
    alt(qtbot, window, 4)
    assert window.current_desk is shift
    keys(qtbot, window, shift, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    # ￥100, 50, 20, 10, 5, 1, 0.5, 0.1: 3×100 + 2×20 + 1×5 + 4×1 + 1×0.5 + 4×0.1
    for pieces in ("3", "0", "2", "0", "1", "4", "1", "4"):
        keys(qtbot, window, shift, pieces)
    keys(qtbot, window, shift, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    assert scalar(db, "SELECT state FROM shift WHERE shift_no = :s", s=shift_no) == "closed", \
        banner(window)

    def shift_closed() -> None:
        severity, title, detail = banner(window)
        assert (severity, title) == (Severity.OK, f"Shift {shift_no} closed · Z report #1")
        assert detail.startswith("Expected ￥349.90, counted ￥349.90: ")

    still_true(qtbot, window, shift_closed)

    # --- back at handover; F7 sends the day, F10 closes it (early: the manager approves) -------
    alt(qtbot, window, 1)
    assert window.current_desk is window.handover
    window.scan_box.setFocus()
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: scalar(db, "SELECT count(*) FROM outbox_event "
                                       "WHERE acked_at IS NULL") == 0, timeout=30_000)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F10)
    day_close = window.findChild(DayCloseDialog)
    assert day_close is not None and day_close.isVisible()
    assert "still running" in day_close.message.text()
    answer_prompt(qtbot, ["2222"])
    qtbot.keyClick(day_close.focusWidget() or day_close.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "confirms" in day_close.message.text(), timeout=30_000)
    qtbot.waitUntil(lambda: any("DAY-" in p.name for p in
                                counter.data_dir.virtual_printer.glob("*.bin")), timeout=10_000)
    qtbot.keyClick(day_close, Qt.Key.Key_Escape)
    assert not day_close.isVisible()

    # The day in the database is what the screens said.
    assert rows(db, "SELECT o.order_no, h.method FROM handover h JOIN orders o ON o.id = "
                    "h.order_id WHERE o.order_no IN (:a, :b) ORDER BY h.id",
                a=typed_no, b=scanned_no) == [(typed_no, "pickup_code"), (scanned_no, "token")]
    assert rows(db, "SELECT kind, total_fen FROM sale ORDER BY id") == [("sale", 5580),
                                                                       ("refund", 590)]
