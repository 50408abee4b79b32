"""Staff at the real counter window: sign-in at start, lock (F12, idle), switch cashier (F11),
the manager's PIN prompt, the audit viewer and its CSV export."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from station_app.counter import Counter
from station_app.services.audit import entries
from station_app.services.staff import LOCK_AFTER_WRONG_PINS, StaffAccounts
from tests.gui.conftest import DeskWindow, answer_prompt, type_code, type_pin
from tests.helpers import scalar
from ui.app import create_application
from ui.audit_dialog import AuditDialog
from ui.desks.approval import ManagerApproval
from ui.desks.handover_desk import CHOICES
from ui.main_window import CounterWindow
from ui.sign_in import SignInDialog, run_here

CLERK, MANAGER = 1, 2

Opener = Callable[..., CounterWindow]


@pytest.fixture
def open_counter_window(desk_window: DeskWindow) -> Opener:
    def open_(sign_in: bool = True, idle_lock_s: int = 300) -> CounterWindow:
        return desk_window([], sign_in=sign_in, idle_lock_s=idle_lock_s)

    return open_


def press(qtbot: Any, window: CounterWindow, key: Qt.Key) -> None:
    window.activateWindow()
    window.scan_box.setFocus()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.scan_box, key)


def signed_in_dialog(window: CounterWindow) -> SignInDialog:
    dialog = window.staff.dialog
    assert dialog is not None and dialog.isVisible()
    deadline = time.monotonic() + 5  # the names come from the database lane
    while not dialog.loaded and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    return dialog


def test_the_counter_opens_locked_and_a_clerk_signs_in(qtbot: Any,
                                                        open_counter_window: Opener) -> None:
    window = open_counter_window()
    dialog = signed_in_dialog(window)
    assert not window.centralWidget().isVisible()  # nothing of the counter shows
    assert not dialog.cancellable
    window.scan("8888")  # a scanner or the camera while locked: ignored
    qtbot.wait(100)
    assert window.handover.card.order is None and window.handover.pages.currentIndex() != CHOICES
    dialog.reject()  # Esc: stays locked
    assert dialog.isVisible()
    assert dialog.chosen == CLERK
    type_pin(qtbot, dialog, "9999")
    assert "Wrong PIN. 4 tries left" in dialog.message.text()
    assert dialog.pin.text() == ""  # the PIN is not kept on screen
    type_pin(qtbot, dialog, "1111")
    assert window.staff.dialog is None
    assert window.centralWidget().isVisible()
    assert window.context.staff_id == CLERK
    assert window.status.staff.text() == "Cashier: 王丽"
    assert [e.action for e in reversed(entries(window.counter.db))] == ["sign_in_failed",
                                                                        "sign_in"]


def test_f12_locks_and_another_cashier_takes_over(qtbot: Any,
                                                  open_counter_window: Opener) -> None:
    window = open_counter_window()
    type_pin(qtbot, signed_in_dialog(window), "1111")
    press(qtbot, window, Qt.Key.Key_F12)
    dialog = signed_in_dialog(window)
    assert not window.centralWidget().isVisible()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Down)  # ↓ to the manager
    assert dialog.chosen == MANAGER
    type_pin(qtbot, dialog, "2222")
    assert window.context.staff_id == MANAGER
    assert window.status.staff.text() == "Cashier: 陈建国"
    # F11 switches; Esc keeps the current cashier.
    press(qtbot, window, Qt.Key.Key_F11)
    switch = signed_in_dialog(window)
    assert switch.cancellable and window.centralWidget().isVisible()
    qtbot.keyClick(switch.pin, Qt.Key.Key_Escape)
    assert window.staff.dialog is None and window.context.staff_id == MANAGER
    qtbot.waitUntil(lambda: "lock" in [e.action for e in entries(window.counter.db)])


def test_five_wrong_pins_show_the_lock_with_its_time(qtbot: Any,
                                                     open_counter_window: Opener) -> None:
    window = open_counter_window()
    dialog = signed_in_dialog(window)
    for _ in range(LOCK_AFTER_WRONG_PINS):
        type_pin(qtbot, dialog, "0000")
    assert "locked for 5 minutes, until" in dialog.message.text()
    type_pin(qtbot, dialog, "1111")  # even the right PIN, while locked
    assert "locked for 5 minutes, until" in dialog.message.text()
    assert window.staff.dialog is dialog and window.context.cashier_id is None


class StepClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize(("language", "five", "thirty", "reset"), [
    ("en", "locked for 5 minutes", "locked for 30 minutes", "ask a manager to reset your PIN"),
    ("zh_CN", "锁定 5 分钟", "锁定 30 分钟", "请站长重设您的 PIN"),
])
def test_the_lock_says_how_long_or_that_a_manager_must_reset_the_pin(
        qtbot: Any, counter: Counter, language: str, five: str, thirty: str,
        reset: str) -> None:
    create_application(language)
    clock = StepClock()
    staff = StaffAccounts(counter.db, clock)
    dialog = SignInDialog(staff, run_here)
    qtbot.addWidget(dialog)
    dialog.show()
    for expected, wait in ((five, timedelta(minutes=5)), (thirty, timedelta(minutes=30)),
                           (reset, timedelta(days=2))):
        for _ in range(LOCK_AFTER_WRONG_PINS):
            type_pin(qtbot, dialog, "0000")
        assert expected in dialog.message.text()
        clock.now += wait
    type_pin(qtbot, dialog, "1111")  # days later, the right PIN: still locked
    assert reset in dialog.message.text()
    # The manager's prompt says the same of a manager's own account.
    with counter.db.writing() as session:
        session.execute(text("UPDATE staff SET lockouts = 3 WHERE id = 2"))
    approval = ManagerApproval(lambda: [(MANAGER, "陈建国")], "a refund", None, staff=staff,
                               cashier_id=CLERK)
    qtbot.addWidget(approval)
    approval.show()
    type_pin(qtbot, approval, "2222")
    assert reset in approval.message.text() and approval.approver() is None


def test_idle_locks_the_counter(qtbot: Any, open_counter_window: Opener) -> None:
    window = open_counter_window(idle_lock_s=30)
    type_pin(qtbot, signed_in_dialog(window), "1111")
    window.staff.check_idle()
    assert window.staff.dialog is None  # just signed in: not idle
    window.staff.activity.last -= 31
    window.staff.check_idle()
    assert not signed_in_dialog(window).cancellable


def test_without_sign_in_the_window_opens_as_before(open_counter_window: Opener) -> None:
    window = open_counter_window(sign_in=False)
    assert window.staff.dialog is None and window.centralWidget().isVisible()
    assert window.context.staff_id == CLERK


# --- the manager's PIN prompt ----------------------------------------------------------------


def handover_footprint(window: CounterWindow) -> tuple[int, ...]:
    db = window.counter.db
    return tuple(int(scalar(db, f"SELECT count(*) FROM {table}")) for table in (
        "handover", "stock_movement", "outbox_event", "print_job"))


def choose_phone_tail_order(qtbot: Any, window: CounterWindow) -> str:
    type_code(qtbot, window, "8888")
    assert window.handover.pages.currentIndex() == CHOICES
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.handover.card.order is not None
    return window.handover.card.order.order_no


def test_a_phone_tail_handover_needs_the_managers_pin(qtbot: Any,
                                                      open_counter_window: Opener) -> None:
    window = open_counter_window(sign_in=False)  # 王丽, a clerk, at the counter
    order_no = choose_phone_tail_order(qtbot, window)
    before = handover_footprint(window)
    seen: list[str] = []
    answer_prompt(qtbot, ["0000"], seen=seen)  # a wrong PIN, then Esc
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert "Wrong PIN" in seen[0]
    assert window.banner.title == "Not handed over"
    assert handover_footprint(window) == before
    answer_prompt(qtbot, ["2222"])
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert scalar(window.counter.db, "SELECT state FROM orders WHERE order_no=:n",
                  n=order_no) == "handed_over"
    logged = [(e.action, e.staff_id, e.approver_id) for e in reversed(entries(
        window.counter.db))]
    assert logged == [("override_refused", CLERK, MANAGER), ("override", CLERK, MANAGER),
                      ("phone_tail_handover", CLERK, MANAGER)]


def test_a_clerk_in_the_prompt_approves_nothing(qtbot: Any, counter: Counter) -> None:
    create_application("en")
    # Even if a clerk's name reached the list, the core refuses their PIN as an approval.
    dialog = ManagerApproval(lambda: [(CLERK, "王丽"), (MANAGER, "陈建国")], "a refund", None,
                             staff=StaffAccounts(counter.db), cashier_id=CLERK)
    qtbot.addWidget(dialog)
    dialog.show()
    type_pin(qtbot, dialog, "1111")
    assert "Only a station manager" in dialog.message.text()
    assert dialog.approver() is None and dialog.isVisible()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Down)
    type_pin(qtbot, dialog, "2221")
    assert dialog.approver() is None
    type_pin(qtbot, dialog, "2222")
    assert dialog.approver() == MANAGER and not dialog.isVisible()


# --- the audit viewer ------------------------------------------------------------------------


def test_the_audit_viewer_filters_and_exports(qtbot: Any, open_counter_window: Opener,
                                              tmp_path: Path) -> None:
    window = open_counter_window()
    dialog = signed_in_dialog(window)
    type_pin(qtbot, dialog, "0000")
    type_pin(qtbot, dialog, "1111")
    # A clerk needs a manager's PIN to open the log.
    answer_prompt(qtbot, ["2222"])
    window.back_office.open_audit()
    qtbot.waitUntil(lambda: window.findChild(AuditDialog) is not None, timeout=10_000)
    viewer = window.findChild(AuditDialog)
    qtbot.waitUntil(lambda: viewer.table.rowCount() == 3)
    assert [viewer.table.item(row, 1).text() for row in range(3)] == [
        "override", "sign_in", "sign_in_failed"]
    viewer.action.setCurrentIndex(viewer.action.findData("sign_in_failed"))
    with qtbot.waitSignal(viewer.loaded, timeout=5_000):
        viewer.refresh()
    assert viewer.table.rowCount() == 1
    path = viewer.export(tmp_path / "audit.csv")
    assert path is not None
    with path.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    assert table[0][:3] == ["id", "at", "action"]
    assert [(row[2], row[4]) for row in table[1:]] == [("sign_in_failed", "王丽")]
    viewer.close()
