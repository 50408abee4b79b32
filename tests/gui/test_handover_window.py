"""Handover at the counter window, from the keyboard: screen, database, ledger, outbox, paper."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.domain.order_state import Verdict
from station_app.money import format_fen
from tests.gui.conftest import Driver, manager_answers, press_enter_to_confirm, type_code
from tests.helpers import OVERDUE, READY, pickup_code, rows, scalar
from tests.oracle.oracle import decode_qr_png, parse_receipt
from ui.desks.handover_desk import CHOICES, IDLE
from ui.main_window import CounterWindow
from ui.messages import Severity


def test_scan_confirm_and_the_receipt_prints(qtbot: Any, window: CounterWindow,
                                             tmp_path: Any) -> None:
    db = window.counter.db
    code = pickup_code(db, READY)
    type_code(qtbot, window, code)

    order = window.handover.card.order
    assert order is not None and order.pickup_code == code
    assert window.banner.severity is Severity.OK
    assert order.slot and order.slot in window.banner.title
    assert window.scan_box.hasFocus()

    press_enter_to_confirm(qtbot, window)

    assert window.banner.title.startswith("Handed over")
    assert scalar(db, "SELECT state FROM orders WHERE order_no=:n", n=order.order_no) == \
        "handed_over"
    assert scalar(db, "SELECT count(*) FROM outbox_event WHERE json_extract(payload, "
                      "'$.order_no') = :n", n=order.order_no) == 1
    assert [r.delta for r in rows(db, "SELECT delta FROM stock_movement WHERE reference=:n "
                                      "ORDER BY id", n=order.order_no)] == \
        [-line.quantity for line in order.lines]

    printer_dir = window.counter.data_dir.virtual_printer
    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:n",
                                   n=order.order_no) == "printed", timeout=10_000)
    data = sorted(printer_dir.glob("*.bin"))[-1].read_bytes()
    printed = parse_receipt(data, tmp_path)
    text = "\n".join(printed.text_lines)
    assert printed.cuts == 1
    assert order.order_no in text and "提货小票" in text
    for line in order.lines:
        assert line.name.split()[0] in text
    assert decode_qr_png(printed.receipts[0].png) == [order.order_no]
    qtbot.waitUntil(lambda: "printed" in window.handover.recent.item_texts()[0], timeout=10_000)
    assert order.order_no in window.handover.recent.item_texts()[0]


def test_partial_pickup_line_by_line(qtbot: Any, window: CounterWindow) -> None:
    db = window.counter.db
    code = pickup_code(db, READY + " AND (SELECT count(*) FROM order_line l "
                                   "WHERE l.order_id = orders.id) >= 3")
    type_code(qtbot, window, code)
    order = window.handover.card.order
    assert order is not None

    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)   # line 2
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Space)  # → missing
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)   # line 3
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Space)  # → missing
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Space)  # → damaged
    assert [window.handover.card.outcome_text(row) for row in range(3)] == ["Taken", "Missing",
                                                                   "Damaged"]
    assert window.scan_box.text() == ""  # Space chose an outcome, it typed nothing

    press_enter_to_confirm(qtbot, window)

    assert window.banner.severity is Severity.WARN
    assert "2 exception" in window.banner.title
    outcomes = [r.outcome for r in rows(
        db, "SELECT hl.outcome FROM handover_line hl JOIN order_line ol ON ol.id = "
            "hl.order_line_id JOIN orders o ON o.id = ol.order_id WHERE o.order_no = :n "
            "ORDER BY ol.line_no", n=order.order_no)]
    assert outcomes[:3] == ["taken", "missing", "damaged"]
    reasons = {r.sku: r.reason for r in rows(
        db, "SELECT sku, reason FROM stock_movement WHERE reference = :n", n=order.order_no)}
    assert reasons.get(order.lines[0].sku) == "handover"
    assert order.lines[1].sku not in reasons
    assert reasons.get(order.lines[2].sku) == "damaged"
    # The card now says what was taken, as the receipt does: not the whole order any more.
    taken, price = rows(db, "SELECT quantity, unit_price_fen FROM order_line WHERE id=:i",
                        i=order.lines[0].line_id)[0]
    taken_fen = sum(line.quantity * line.unit_price_fen for line in order.lines
                    if line.line_id != order.lines[1].line_id
                    and line.line_id != order.lines[2].line_id)
    assert taken_fen == taken * price + sum(line.quantity * line.unit_price_fen
                                            for line in order.lines[3:])
    taken_units = sum(line.quantity for line in order.lines) - order.lines[1].quantity \
        - order.lines[2].quantity
    shown = window.handover.card.totals_text  # "item(s)", or "items" once English has its plural
    assert shown.startswith(f"Taken {taken_units} of {order.item_count} item")
    assert shown.endswith(f" · {format_fen(taken_fen)}")


@pytest.mark.parametrize(("where", "severity", "title"), [
    (OVERDUE, Severity.WARN, "Overdue since"),
    ("state = 'handed_over'", Severity.STOP, "Already picked up"),
    ("state = 'cancelled'", Severity.STOP, "Order cancelled"),
    ("state = 'not_arrived'", Severity.STOP, "Goods not arrived yet"),
    ("station_id = 'XF02'", Severity.STOP, "Another station's order"),
])
def test_every_warning_gets_its_banner(qtbot: Any, window: CounterWindow, where: str,
                                       severity: Severity, title: str) -> None:
    type_code(qtbot, window, pickup_code(window.counter.db, where))
    assert window.banner.severity is severity
    assert window.banner.title.startswith(title)
    assert window.banner.detail  # and says what to do next


def test_enter_on_an_order_that_must_not_go_out_does_nothing(qtbot: Any,
                                                             window: CounterWindow) -> None:
    db = window.counter.db
    type_code(qtbot, window, pickup_code(db, "state = 'cancelled'"))
    before = scalar(db, "SELECT count(*) FROM handover")
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert scalar(db, "SELECT count(*) FROM handover") == before
    assert window.banner.title == "Order cancelled"


def test_double_enter_and_rescan_never_hand_over_twice(qtbot: Any,
                                                        window: CounterWindow) -> None:
    db = window.counter.db
    code = pickup_code(db, READY)
    type_code(qtbot, window, code)
    order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    qtbot.wait(300)
    type_code(qtbot, window, code)
    assert window.banner.title == "Already picked up"
    assert window.handover.card.verdict is Verdict.ALREADY_HANDED_OVER
    assert scalar(db, "SELECT count(*) FROM handover h JOIN orders o ON o.id = h.order_id "
                      "WHERE o.order_no = :n", n=order_no) == 1
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert scalar(db, "SELECT count(*) FROM outbox_event WHERE json_extract(payload, "
                      "'$.order_no') = :n", n=order_no) == 1


def test_phone_tail_lists_the_orders_to_choose_from(qtbot: Any, window: CounterWindow) -> None:
    type_code(qtbot, window, "8888")
    assert window.handover.pages.currentIndex() == CHOICES
    assert window.handover.choices.count == 3
    assert window.banner.title == "3 orders end in 8888"
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)
    second = window.handover.choices.chosen
    assert second is not None
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.handover.card.order == second
    # Without the code a manager approves (the PIN prompt itself: tests/gui/test_sign_in.py).
    asked: list[str] = []
    window.context.ask_manager = manager_answers(2, asked)
    press_enter_to_confirm(qtbot, window)
    assert asked and second.order_no in asked[0]
    assert scalar(window.counter.db, "SELECT method FROM handover h JOIN orders o ON "
                                     "o.id = h.order_id WHERE o.order_no = :n",
                  n=second.order_no) == "phone_tail"
    assert scalar(window.counter.db, "SELECT approver_id FROM audit_log WHERE action = "
                                     "'phone_tail_handover' AND subject = :n",
                  n=second.order_no) == 2


def test_a_bag_label_scanned_at_the_counter_needs_a_manager(qtbot: Any,
                                                             window: CounterWindow) -> None:
    """The label on the bag (its QR is the order number) is no proof from the resident: it
    used to hand the order over with no code and no manager."""
    order_no = str(scalar(window.counter.db, f"SELECT order_no FROM orders WHERE {READY} "
                                             "ORDER BY id LIMIT 1"))
    type_code(qtbot, window, order_no)
    assert window.handover.card.order is not None and window.handover.card.handable
    asked: list[str] = []
    window.context.ask_manager = manager_answers(None, asked)  # nobody approves
    press_enter_to_confirm(qtbot, window)
    assert asked and "order number" in asked[0]
    assert scalar(window.counter.db, "SELECT state FROM orders WHERE order_no = :n",
                  n=order_no) == "ready"
    window.context.ask_manager = manager_answers(2, asked)
    press_enter_to_confirm(qtbot, window)
    assert scalar(window.counter.db, "SELECT method FROM handover h JOIN orders o ON "
                                     "o.id = h.order_id WHERE o.order_no = :n",
                  n=order_no) == "order_no"
    assert "order number" in str(scalar(
        window.counter.db, "SELECT detail FROM audit_log WHERE action = "
                           "'phone_tail_handover' AND subject = :n", n=order_no))


@pytest.mark.parametrize(("scanned", "title"), [
    ("000000", "No order with this code"),
    ("'; DROP TABLE orders; --", "Not a pickup code"),
    ("\x00\x1b\x07\x7f", "The scan could not be read"),
    ("\x00\x1b[2J\x07", "Not a pickup code"),
    (b"\xff\xfe\xfd224906", "The scan could not be read"),
    ("9" * 10_240, "This is not a pickup code"),
    ("GL07-261125-0001", "Another station's order"),
])
def test_bad_input_gets_a_message_and_writes_nothing(qtbot: Any, window: CounterWindow,
                                                     scanned: str | bytes, title: str) -> None:
    db = window.counter.db
    before = scalar(db, "SELECT count(*) FROM outbox_event")
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=10_000):
        window.scan(scanned)  # as the wedge scanner or the camera hand it over
    assert window.banner.title == title
    assert window.banner.severity is Severity.STOP
    assert len(window.banner.detail) < 400
    assert window.handover.pages.currentIndex() == IDLE
    assert scalar(db, "SELECT count(*) FROM outbox_event") == before
    assert scalar(db, "SELECT count(*) FROM orders") > 300  # the SQL text was only text


def test_empty_enter_and_escape(qtbot: Any, window: CounterWindow) -> None:
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert window.banner.severity is None
    type_code(qtbot, window, pickup_code(window.counter.db, READY))
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Escape)
    assert window.handover.pages.currentIndex() == IDLE
    assert window.banner.severity is None


def test_chinese_window(qtbot: Any, open_window: Driver) -> None:
    window = open_window("zh_CN")
    type_code(qtbot, window, pickup_code(window.counter.db, "state = 'cancelled'"))
    assert window.banner.title == "订单已取消"
    assert "总部" in window.banner.detail
    assert window.status.printer.text().startswith("● 打印机")


def test_the_log_holds_no_phone_numbers_or_codes(qtbot: Any, window: CounterWindow) -> None:
    code = pickup_code(window.counter.db, READY)
    type_code(qtbot, window, code)
    press_enter_to_confirm(qtbot, window)
    log_file = window.counter.data_dir.logs / "station.log"
    text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    assert code not in text
    masked = json.dumps(window.handover.card.order.masked_phone)  # type: ignore[union-attr]
    assert masked.strip('"') not in text


def test_every_dialog_gives_the_keyboard_back_to_the_counter(qtbot: Any,
                                                             window: CounterWindow) -> None:
    """On a kiosk without a window manager, after F8, F10, F2 or a file dialog closed,
    Alt+3 typed "3" into the scan box and F10 or Ctrl+D did nothing until a click."""
    from PySide6.QtWidgets import QApplication, QFileDialog

    window.activateWindow()
    for open_dialog in (window.back_office.open_health, window.show_keys,
                        lambda: QFileDialog(window, "export")):
        dialog = open_dialog()
        dialog.show()
        dialog.activateWindow()
        dialog.setFocus()
        qtbot.waitUntil(lambda dialog=dialog: QApplication.activeWindow() is dialog,
                        timeout=5_000)
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.scan_box, timeout=5_000)
        assert QApplication.activeWindow() is window
    qtbot.keyClick(window.scan_box, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.desk_name == "sales" and window.scan_box.text() == ""
