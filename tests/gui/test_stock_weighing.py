"""Ctrl+W on the stock desk: an item's PLU and "sold by weight", from the keyboard; saved in
one transaction with its audit entry, a taken or malformed PLU refused with nothing changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui import test_stock_desk as stock_desk_tests
from tests.gui.test_stock_desk import scan
from tests.helpers import rows
from ui.desks.stock_desk import StockDesk
from ui.desks.stock_weighing import WeighingDialog
from ui.main_window import CounterWindow
from ui.messages import Severity

EGGS, EGGS_BARCODE = "EGG-001", "6901234500130"  # 土鸡蛋 30枚, ￥26.80 a box


# The stock desk tests' own fixtures: a counter window with the stock desk, shown.
window, desk = stock_desk_tests.window, stock_desk_tests.desk


def open_dialog(qtbot: Any, window: CounterWindow, desk: StockDesk) -> WeighingDialog:
    desk.weighing.dialog = None
    qtbot.keyClick(window.scan_box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.weighing.dialog is not None
                    and desk.weighing.dialog.isVisible(), timeout=5_000)
    dialog = desk.weighing.dialog
    assert dialog is not None
    return dialog


def scale_item(window: CounterWindow) -> tuple[Any, ...]:
    return tuple(rows(window.counter.db, "SELECT plu, sold_by_weight FROM catalogue_item "
                                         "WHERE sku = :s", s=EGGS)[0])


def test_plu_and_sold_by_weight_from_the_keyboard(qtbot: Any, window: CounterWindow,
                                                  desk: StockDesk) -> None:
    qtbot.keyClick(window.scan_box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.title == "Select an item first"

    scan(qtbot, window, desk, EGGS_BARCODE)
    assert desk.selected_sku == EGGS
    dialog = open_dialog(qtbot, window, desk)
    assert (dialog.plu.text(), dialog.by_weight.isChecked()) == ("", False)
    assert "costs ￥26.80 per 盒" in dialog.about.text()
    qtbot.keyClicks(dialog.plu, "0731")
    qtbot.keyClick(dialog.plu, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert dialog.by_weight.isChecked() and "per kilogram" in dialog.about.text()
    with qtbot.waitSignal(desk.weighing.saved, timeout=10_000):
        qtbot.keyClick(dialog.plu, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.OK
    assert window.banner.title == "土鸡蛋 30枚: PLU 731, sold by weight"
    assert scale_item(window) == ("731", 1)
    assert rows(window.counter.db, "SELECT action, subject, detail FROM audit_log "
                                   "WHERE action = 'scale_item_set'") == [
        ("scale_item_set", EGGS, "PLU -, by piece → PLU 731, by weight")]

    # The tomatoes' PLU (the demo's 103) is taken; letters are no PLU: nothing changes.
    for typed, title in (("103", "PLU 103 is taken"), ("7a", "Not a PLU: 7a")):
        dialog = open_dialog(qtbot, window, desk)
        assert (dialog.plu.text(), dialog.by_weight.isChecked()) == ("731", True)
        dialog.plu.selectAll()
        qtbot.keyClicks(dialog.plu, typed)
        with qtbot.waitSignal(desk.shown, timeout=10_000):
            qtbot.keyClick(dialog.plu, Qt.Key.Key_Return)
        assert window.banner.severity is Severity.STOP
        assert window.banner.title == title
        assert scale_item(window) == ("731", 1)

    dialog = open_dialog(qtbot, window, desk)  # Esc leaves it as it was
    qtbot.keyClick(dialog.plu, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and scale_item(window) == ("731", 1)
