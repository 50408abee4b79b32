"""A cashier's shift at the counter window, from the keyboard: open with a float, a cash sale,
cash in and out, a no-sale opening, the X report, a blind close with the denomination count, a
manager's approval of the variance and the printed Z report."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.counter import Counter
from station_app.devices.sale_receipt import PaymentMethod
from station_app.services.sales import Cart, Payment, Sales
from tests.gui.conftest import DeskWindow, manager_answers
from tests.helpers import rows, scalar
from tests.oracle.oracle import parse_receipt
from tests.paper_language import wrong_language
from ui.desks.shift_desk import ShiftDesk
from ui.main_window import CounterWindow
from ui.messages import Severity

MANAGER = 2
RICE = "GRA-001"  # ￥49.90


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("shift", ShiftDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> ShiftDesk:
    found = window.desks["shift"]
    assert isinstance(found, ShiftDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("shift")
    return found


def keys(qtbot: Any, window: CounterWindow, desk: ShiftDesk, text: str) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        if text.isascii():
            qtbot.keyClicks(window.scan_box, text)
        else:  # QTest cannot type Chinese: an input method commits it into the box
            window.scan_box.insert(text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def ctrl(qtbot: Any, window: CounterWindow, desk: ShiftDesk, key: Qt.Key) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, key, Qt.KeyboardModifier.ControlModifier)


def printed_text(qtbot: Any, counter: Counter, reference: str, tmp_path: Path) -> str:
    qtbot.waitUntil(lambda: scalar(counter.db, "SELECT status FROM print_job WHERE "
                                               "reference=:r", r=reference) == "printed",
                    timeout=10_000)
    files = sorted(counter.data_dir.virtual_printer.glob(f"*{reference}*.bin"))
    assert files
    result = parse_receipt(files[-1].read_bytes(), tmp_path)
    assert result.cuts == 1
    return "\n".join(result.text_lines)


def test_a_shift_from_float_to_the_printed_z_report(qtbot: Any, window: CounterWindow,
                                                    desk: ShiftDesk, tmp_path: Path) -> None:
    counter = window.counter
    db = counter.db
    desk.shifts = replace(desk.shifts, blind=True)  # as with blind_close = true in settings
    assert desk.page.heading.text() == "No shift open · Ctrl+O opens one"

    ctrl(qtbot, window, desk, Qt.Key.Key_O)
    keys(qtbot, window, desk, "500")
    shift_no = scalar(db, "SELECT shift_no FROM shift WHERE state='open'")
    assert window.banner.title == f"Shift {shift_no} opened"
    assert shift_no in desk.page.heading.text()

    sales = Sales(db, counter.station_id)
    cart = Cart().add(sales.item_for_barcode(RICE), 2)
    sales.sell(cart, counter.staff_id, Payment(PaymentMethod.CASH, cash_given_fen=10_000))
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        desk.reload()
    assert desk.page.figure("Cash") == "￥99.80"
    assert desk.page.figure("Expected cash") == "hidden until the count (blind)"

    ctrl(qtbot, window, desk, Qt.Key.Key_I)
    keys(qtbot, window, desk, "200")
    keys(qtbot, window, desk, "银行换零钱")
    assert window.banner.title == "Cash in ￥200.00 recorded"
    asked: list[str] = []
    window.context.ask_manager = manager_answers(MANAGER, asked)
    ctrl(qtbot, window, desk, Qt.Key.Key_U)
    keys(qtbot, window, desk, "50")
    keys(qtbot, window, desk, "买水")
    assert asked and "￥50.00" in asked[-1]
    assert window.banner.title == "Cash out ￥50.00 recorded"
    ctrl(qtbot, window, desk, Qt.Key.Key_N)
    keys(qtbot, window, desk, "顾客换零钱")
    assert desk.page.figure("Drawer opened without a sale") == "1"
    assert [tuple(r) for r in rows(db, "SELECT kind, amount_fen, approved_by FROM "
                                       "cash_movement ORDER BY id")] == \
        [("cash_in", 20_000, None), ("cash_out", 5_000, MANAGER), ("no_sale", 0, None)]

    ctrl(qtbot, window, desk, Qt.Key.Key_X)
    assert window.banner.title == "X report printing"
    text = printed_text(qtbot, counter, f"X-{shift_no}-1", tmp_path)
    assert "X 报表（班中）" in text and shift_no in text and "￥99.80" in text
    assert "应有现金" not in text  # blind: the X report keeps the expected cash hidden

    # Expected: 500 + 99.80 + 200 − 50 = 749.80. Count 7×100 + 2×20 = 740: ¥9.80 short…
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    assert desk.page.grid.isVisible() and desk.page.grid.currentRow() == 0
    assert desk.page.figure("Expected cash") == "hidden until the count (blind)"
    keys(qtbot, window, desk, "7")
    keys(qtbot, window, desk, "0")  # ¥50
    keys(qtbot, window, desk, "1")  # ¥20: a first, wrong count
    assert desk.page.counted_label.text() == "Counted ￥720.00"
    # …¥29.80 short is above the ¥10 threshold: the manager says no first.
    window.context.ask_manager = manager_answers(None, asked)
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    assert "short ￥29.80" in asked[-1]
    assert window.banner.severity is Severity.STOP
    assert window.banner.title == "Difference not approved: short ￥29.80"
    assert scalar(db, "SELECT state FROM shift") == "open"
    assert scalar(db, "SELECT count(*) FROM cash_count") == 0

    qtbot.keyClick(window.scan_box, Qt.Key.Key_Up)  # back to ¥20: there were two
    keys(qtbot, window, desk, "2")
    assert desk.page.counted_label.text() == "Counted ￥740.00"
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)  # ¥9.80 short: within the threshold
    assert window.banner.title == f"Shift {shift_no} closed · Z report #1"
    assert "counted ￥740.00: short ￥9.80" in window.banner.detail
    assert desk.page.figure("Expected cash") == "￥749.80"
    assert desk.page.figure("Difference") == "short ￥9.80"
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE "
                                    "type='shift.closed'"))
    assert (payload["expected_cash_fen"], payload["counted_cash_fen"], payload["variance_fen"],
            payload["approved_by"], payload["z_no"]) == (74_980, 74_000, -980, None, 1)
    assert payload["totals"]["by_method"]["cash"] == 9_980
    text = printed_text(qtbot, counter, "Z-XF01-000001", tmp_path)
    assert "Z 报表（交班）" in text and "#1" in text and shift_no in text
    assert "￥749.80" in text and "￥740.00" in text
    assert "短款 ￥9.80" in text


def test_a_big_variance_closes_with_the_manager_and_a_clerk_cannot_skip_it(
        qtbot: Any, window: CounterWindow, desk: ShiftDesk, tmp_path: Path) -> None:
    db = window.counter.db
    ctrl(qtbot, window, desk, Qt.Key.Key_U)
    assert window.banner.title == "No open shift"
    ctrl(qtbot, window, desk, Qt.Key.Key_O)
    keys(qtbot, window, desk, "-5")
    assert window.banner.title == "Not an amount: -5"
    keys(qtbot, window, desk, "100")
    assert desk.page.figure("Expected cash") == "￥100.00"  # not blind: shown
    window.context.ask_manager = manager_answers(None)
    ctrl(qtbot, window, desk, Qt.Key.Key_U)
    keys(qtbot, window, desk, "20")
    keys(qtbot, window, desk, "存银行")
    assert window.banner.title == "Cash out not approved"
    assert scalar(db, "SELECT count(*) FROM cash_movement") == 0

    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    keys(qtbot, window, desk, "abc")
    assert window.banner.title == "Not a number of pieces: abc"
    window.context.ask_manager = manager_answers(MANAGER)
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)  # nothing counted: ¥100 short, approved
    assert window.banner.title.endswith("Z report #1")
    assert scalar(db, "SELECT approved_by FROM shift") == MANAGER
    assert "陈建国" in printed_text(qtbot, window.counter, "Z-XF01-000001", tmp_path)


def test_the_difference_says_over_or_short_and_the_paper_speaks_the_receipt_language(
        qtbot: Any, desk_window: DeskWindow, tmp_path: Path) -> None:
    window = desk_window([("shift", ShiftDesk)], receipt_language="en")
    desk = window.desks["shift"]
    assert isinstance(desk, ShiftDesk)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.show_desk("shift")
    counter = window.counter
    ctrl(qtbot, window, desk, Qt.Key.Key_O)
    keys(qtbot, window, desk, "100")
    shift_no = scalar(counter.db, "SELECT shift_no FROM shift WHERE state='open'")
    ctrl(qtbot, window, desk, Qt.Key.Key_X)
    for folder in ("x", "z"):
        (tmp_path / folder).mkdir()
    x_text = printed_text(qtbot, counter, f"X-{shift_no}-1", tmp_path / "x")
    assert x_text.splitlines()[0].replace(" ", "") == "Xreport"
    assert wrong_language(x_text.splitlines(), "en", ("幸福里社区自提点", "王丽")) == []

    # ¥100 expected; counted 1×100 + 1×10 + 1×1 + 8×0.1 = ¥111.80: ¥11.80 over.
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    for pieces in ("1", "0", "0", "1", "0", "1", "0", "8"):
        keys(qtbot, window, desk, pieces)
    window.context.ask_manager = manager_answers(MANAGER)
    ctrl(qtbot, window, desk, Qt.Key.Key_Return)
    assert "over ￥11.80" in window.banner.detail
    assert desk.page.figure("Difference") == "over ￥11.80"
    z_text = printed_text(qtbot, counter, "Z-XF01-000001", tmp_path / "z")
    assert z_text.splitlines()[0].replace(" ", "") == "Zreport"
    assert "over ￥11.80" in z_text and "Difference" in z_text
    assert wrong_language(z_text.splitlines(), "en", ("幸福里社区自提点", "王丽", "陈建国")) == []
