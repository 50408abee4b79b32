"""Scanners, dead printers and a full disk at the counter: nothing lost, staff told what to do."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from station_app.devices.printer_settings import PrinterSettings
from tests.gui.conftest import Driver, press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar
from tests.lan_printer import LanPrinter, free_port
from tests.oracle.oracle import parse_receipt
from tests.unit.services.test_handover import fill_the_disk
from ui.desks.handover_desk import CARD
from ui.main_window import CounterWindow
from ui.messages import Severity


def test_wedge_scanner_into_another_text_field_is_taken_as_a_scan(
        qtbot: Any, window: CounterWindow) -> None:
    note = QLineEdit(window.centralWidget())  # a text field such as a later note box
    note.show()
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    code = pickup_code(window.counter.db, READY)
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        qtbot.keyClicks(note, code)  # a scanner types in a burst, a few ms a key
        qtbot.keyClick(note, Qt.Key.Key_Return)
    assert window.handover.card.order is not None and window.handover.card.order.pickup_code == code
    assert note.text() == ""  # the code was taken back out of the note


def test_slow_typing_in_a_text_field_stays_there(qtbot: Any, window: CounterWindow) -> None:
    note = QLineEdit(window.centralWidget())
    note.show()
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    for char in "2249":
        qtbot.keyClick(note, char)
        qtbot.wait(80)  # people type slower than scanners
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.wait(150)
    assert note.text() == "2249"
    assert window.handover.card.order is None


def test_keys_on_a_button_go_to_the_scan_box(qtbot: Any, window: CounterWindow) -> None:
    button = QPushButton("other", window.centralWidget())
    button.show()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    code = pickup_code(window.counter.db, READY)
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        for char in code:  # a keyboard sends each key to whatever has focus at that moment
            qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.handover.pages.currentIndex() == CARD
    assert window.scan_box.hasFocus()


def test_dead_printer_never_loses_the_handover_and_f6_prints_it_later(
        qtbot: Any, open_window: Driver, tmp_path: Any) -> None:
    port = free_port()
    settings = PrinterSettings(transport="network", host="127.0.0.1", port=port, timeout_s=1.0)
    window = open_window("en", printer=settings)
    db = window.counter.db
    type_code(qtbot, window, pickup_code(db, READY))
    order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
    press_enter_to_confirm(qtbot, window)

    # Nobody listens on the port: the printer is "off". The handover stands regardless.
    qtbot.waitUntil(lambda: window.status.printer.state == "error", timeout=10_000)
    assert scalar(db, "SELECT state FROM orders WHERE order_no=:n", n=order_no) == \
        "handed_over"
    assert scalar(db, "SELECT status FROM print_job WHERE reference=:n", n=order_no) == "failed"
    assert window.banner.title == "Receipt not printed: the printer is off or not connected"
    assert "F6" in window.banner.detail
    qtbot.waitUntil(lambda: "NOT PRINTED" in window.handover.recent.item_texts()[0], timeout=5_000)

    with LanPrinter(port) as printer:  # switched on again
        qtbot.keyClick(window.scan_box, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:n",
                                       n=order_no) == "printed", timeout=10_000)
        qtbot.waitUntil(lambda: window.status.printer.state == "ok", timeout=5_000)
        qtbot.waitUntil(lambda: len(printer.received) > 500, timeout=5_000)
        printed = parse_receipt(printer.received, tmp_path)
        assert order_no in "\n".join(printed.text_lines)
        assert printed.cuts == 1


def test_f5_reprints_the_last_receipt_marked_as_a_reprint(qtbot: Any, window: CounterWindow,
                                                          tmp_path: Any) -> None:
    db = window.counter.db
    type_code(qtbot, window, pickup_code(db, READY))
    order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
    press_enter_to_confirm(qtbot, window)
    folder = window.counter.data_dir.virtual_printer
    qtbot.waitUntil(lambda: len(list(folder.glob("*.bin"))) == 1, timeout=10_000)
    recent = window.handover.recent
    qtbot.waitUntil(lambda: recent.rows and recent.rows[0].order_no == order_no, timeout=5_000)

    qtbot.keyClick(window.scan_box, Qt.Key.Key_F5)

    qtbot.waitUntil(lambda: len(list(folder.glob("*.bin"))) == 2, timeout=10_000)
    reprint = parse_receipt(sorted(folder.glob("*.bin"))[-1].read_bytes(), tmp_path)
    text = "\n".join(reprint.text_lines)
    assert order_no in text and "重打印" in text
    assert scalar(db, "SELECT count(*) FROM handover h JOIN orders o ON o.id = h.order_id "
                      "WHERE o.order_no = :n", n=order_no) == 1  # paper only, no new fact


def test_full_disk_says_nothing_was_saved(qtbot: Any, window: CounterWindow) -> None:
    db = window.counter.db
    type_code(qtbot, window, pickup_code(db, READY))
    order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
    fill_the_disk(window.counter)
    press_enter_to_confirm(qtbot, window)
    assert window.banner.severity is Severity.STOP
    assert window.banner.title == "Not saved: the disk is full"
    assert "Nothing was recorded" in window.banner.detail
    assert scalar(db, "SELECT state FROM orders WHERE order_no=:n", n=order_no) == "ready"
