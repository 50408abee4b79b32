"""The household at once at the counter: the card says the resident has more ready orders,
Ctrl+H adds them, Enter hands them all over on one receipt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from station_app.counter import Counter
from tests.gui.conftest import Driver, press_enter_to_confirm, type_code
from tests.helpers import scalar
from tests.unit.services.test_household import household_of_three


def test_ctrl_h_adds_the_households_orders_and_enter_hands_them_all_over(
        qtbot: Any, counter: Counter, open_window: Driver) -> None:
    code, others = household_of_three(counter)
    window = open_window()
    type_code(qtbot, window, code)
    assert "2 more ready orders" in window.banner.detail and "Ctrl+H" in window.banner.detail
    first_lines = window.handover.card.order.lines  # type: ignore[union-attr]
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    card = window.handover.card.order
    assert card is not None and len(card.lines) == len(first_lines) + 2
    assert "C-1-001" in (card.slot or "") and "C-1-002" in (card.slot or "")
    assert card.verdict.value == "overdue", "an overdue order in the set keeps its warning"
    assert "3 orders of this household" in window.banner.title
    receipts = scalar(counter.db, "SELECT count(*) FROM print_job")
    press_enter_to_confirm(qtbot, window)
    states = {scalar(counter.db, "SELECT state FROM orders WHERE order_no = :n", n=n)
              for n in others}
    assert states == {"handed_over"}
    assert scalar(counter.db, "SELECT count(*) FROM print_job") == receipts + 1
