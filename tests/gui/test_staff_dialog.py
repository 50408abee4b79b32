"""Staff management (Ctrl+Shift+S) at the real counter window, from the keyboard: a manager
approves, adds a clerk, sets a forgotten PIN, deactivates; refusals show and write nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import text

from station_app.services.audit import entries
from station_app.services.staff import (
    LOCK_AFTER_WRONG_PINS,
    StaffAccounts,
    StaffRefusal,
    StaffRefused,
)
from tests.gui.conftest import manager_answers
from tests.helpers import rows, scalar
from ui.main_window import CounterWindow
from ui.staff_dialog import StaffDialog

CLERK, MANAGER = 1, 2

Driver = Callable[..., CounterWindow]


def footprint(window: CounterWindow) -> tuple[Any, ...]:
    db = window.counter.db
    return (rows(db, "SELECT id, name, role, active, pin_hash, failed_pins, locked_until "
                     "FROM staff ORDER BY id"),
            scalar(db, "SELECT count(*) FROM audit_log"))


def open_staff(qtbot: Any, window: CounterWindow, approver: int | None = MANAGER,
               asked: list[str] | None = None) -> StaffDialog:
    """Ctrl+Shift+S at the counter; the manager prompt answered with `approver`."""
    window.ask_manager = manager_answers(approver, asked)  # type: ignore[method-assign]
    window.activateWindow()
    window.scan_box.setFocus()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(StaffDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 2)
    focus(qtbot, dialog)
    return dialog


def focus(qtbot: Any, dialog: QWidget) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def key(qtbot: Any, dialog: StaffDialog, key_: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = dialog.focusWidget() or dialog
    qtbot.keyClick(widget, key_, modifier)


def type_into(qtbot: Any, dialog: StaffDialog, text: str, then: Qt.Key = Qt.Key.Key_Tab
              ) -> None:
    """Type into the focused field, then Tab to the next (or Enter to save). ASCII only:
    QTest cannot type Chinese (an input method does that)."""
    widget = dialog.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, then)


def add_clerk(qtbot: Any, dialog: StaffDialog, name: str, pin: str, again: str | None = None
              ) -> None:
    key(qtbot, dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.forms.isVisible() and dialog.focusWidget() is dialog.name
    type_into(qtbot, dialog, name)
    assert dialog.focusWidget() is dialog.role  # the first role: Clerk
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_into(qtbot, dialog, pin)
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        type_into(qtbot, dialog, pin if again is None else again, then=Qt.Key.Key_Return)


def select(qtbot: Any, dialog: StaffDialog, staff_id: int) -> None:
    row = [m.staff_id for m in dialog.members].index(staff_id)
    dialog.table.setFocus()
    while dialog.table.currentRow() != row:
        key(qtbot, dialog, Qt.Key.Key_Down if dialog.table.currentRow() < row else Qt.Key.Key_Up)


def cells(dialog: StaffDialog, staff_id: int) -> list[str]:
    row = [m.staff_id for m in dialog.members].index(staff_id)
    items = [dialog.table.item(row, column) for column in range(4)]
    return [item.text() if item is not None else "" for item in items]


def test_a_manager_adds_resets_and_deactivates_a_clerk(qtbot: Any, open_window: Driver
                                                       ) -> None:
    window = open_window("en")
    asked: list[str] = []
    dialog = open_staff(qtbot, window, asked=asked)
    assert asked == ["manage staff"]
    assert cells(dialog, MANAGER)[1:3] == ["Station manager", "Yes"]

    # Add: Ctrl+N, name, role, the PIN twice, Enter.
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        add_clerk(qtbot, dialog, "Liu Yang", "4826")
    assert dialog.message.text() == ""
    new_id = scalar(window.counter.db, "SELECT id FROM staff WHERE name = 'Liu Yang'")
    assert new_id is not None and dialog.selected_id() == new_id
    assert cells(dialog, new_id) == ["Liu Yang", "Clerk", "Yes", ""]
    assert not dialog.forms.isVisible()
    pin_hash = scalar(window.counter.db, "SELECT pin_hash FROM staff WHERE id = :i", i=new_id)
    assert pin_hash.startswith("$argon2id$") and "4826" not in pin_hash
    assert scalar(window.counter.db, "SELECT role FROM staff WHERE id = :i", i=new_id) == "clerk"
    desk = StaffAccounts(window.counter.db)
    assert desk.sign_in(new_id, "4826").name == "Liu Yang"

    # Reset PIN: Ctrl+P on the selected row, the new PIN twice, Enter.
    focus(qtbot, dialog)
    select(qtbot, dialog, new_id)
    key(qtbot, dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert dialog.focusWidget() is dialog.reset_pin and "Liu Yang" in dialog.pin_for.text()
    type_into(qtbot, dialog, "9386")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        type_into(qtbot, dialog, "9386", then=Qt.Key.Key_Return)
    assert dialog.message.text() == "" and "Liu Yang" in dialog.notice.text()
    with pytest.raises(StaffRefused) as wrong:
        desk.sign_in(new_id, "4826")  # the old PIN
    assert wrong.value.reason == StaffRefusal.WRONG_PIN
    assert desk.sign_in(new_id, "9386").staff_id == new_id

    # Deactivate: Delete asks first; No (the default, Enter) keeps the account.
    focus(qtbot, dialog)
    select(qtbot, dialog, new_id)
    key(qtbot, dialog, Qt.Key.Key_Delete)
    box = dialog.confirmation
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirmation is None)
    assert scalar(window.counter.db, "SELECT active FROM staff WHERE id = :i", i=new_id) == 1
    focus(qtbot, dialog)
    key(qtbot, dialog, Qt.Key.Key_Delete)
    box = dialog.confirmation
    assert box is not None
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_Y)
    assert scalar(window.counter.db, "SELECT active FROM staff WHERE id = :i", i=new_id) == 0
    assert cells(dialog, new_id)[2] == "No"
    with pytest.raises(StaffRefused) as inactive:
        desk.sign_in(new_id, "9386")
    assert inactive.value.reason == StaffRefusal.INACTIVE

    logged = [(e.action, e.staff_id, e.subject) for e in reversed(entries(window.counter.db))
              if e.action in ("staff_added", "pin_changed", "staff_deactivated")]
    assert logged == [("staff_added", MANAGER, f"staff {new_id}"),
                      ("pin_changed", MANAGER, f"staff {new_id}"),
                      ("staff_deactivated", MANAGER, f"staff {new_id}")]

    # Esc closes the dialog.
    focus(qtbot, dialog)
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_reset_pin_lifts_the_lock_that_waits_for_a_manager(qtbot: Any, open_window: Driver
                                                              ) -> None:
    window = open_window("en")
    desk = StaffAccounts(window.counter.db)
    with window.counter.db.writing() as session:  # the clerk's third lock-out
        session.execute(text("UPDATE staff SET lockouts = 2 WHERE id = 1"))
    for _ in range(LOCK_AFTER_WRONG_PINS):
        with pytest.raises(StaffRefused):
            desk.sign_in(CLERK, "0000")
    with pytest.raises(StaffRefused) as locked:
        desk.sign_in(CLERK, "1111")
    assert locked.value.reason.value == "locked_until_reset"
    dialog = open_staff(qtbot, window)
    assert cells(dialog, CLERK)[3] == "Until a manager resets the PIN"
    select(qtbot, dialog, CLERK)
    key(qtbot, dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, dialog, "9386")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        type_into(qtbot, dialog, "9386", then=Qt.Key.Key_Return)
    assert cells(dialog, CLERK)[3] == ""
    assert desk.sign_in(CLERK, "9386").staff_id == CLERK


def test_refusals_show_in_the_dialog_and_write_nothing(qtbot: Any, open_window: Driver
                                                       ) -> None:
    window = open_window("en")
    dialog = open_staff(qtbot, window)
    before = footprint(window)

    add_clerk(qtbot, dialog, "Zhao Min", "12")  # too short
    assert "4 to 8 digits" in dialog.message.text()
    assert dialog.forms.isVisible() and dialog.new_pin.text() == ""
    assert footprint(window) == before

    add_clerk(qtbot, dialog, "Zhao Min", "4826", again="4827")  # the two PINs differ
    assert "differ" in dialog.message.text()
    # Issue 13, item 7a: runs and repeats are refused, and the dialog says why.
    for weak in ("1111", "4321", "121212"):
        add_clerk(qtbot, dialog, "Zhao Min", weak)
        assert "easy to guess" in dialog.message.text(), dialog.message.text()
    assert "4–8 digits" in dialog.pin_rule.text() and "1234" in dialog.pin_rule.text()
    add_clerk(qtbot, dialog, "   ", "4826")  # no name
    assert "Type a name" in dialog.message.text()
    assert footprint(window) == before

    # A PIN reset with a bad PIN.
    key(qtbot, dialog, Qt.Key.Key_Escape)  # closes the form, not the dialog
    assert dialog.isVisible() and not dialog.forms.isVisible()
    select(qtbot, dialog, CLERK)
    key(qtbot, dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, dialog, "12ab")
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        type_into(qtbot, dialog, "12ab", then=Qt.Key.Key_Return)
    assert "4 to 8 digits" in dialog.message.text()
    assert footprint(window) == before

    # The manager cannot deactivate themself: no confirmation, a message.
    key(qtbot, dialog, Qt.Key.Key_Escape)
    select(qtbot, dialog, MANAGER)
    key(qtbot, dialog, Qt.Key.Key_Delete)
    assert dialog.confirmation is None
    assert "your own account" in dialog.message.text()
    # Nor through the service, if the dialog's own check were bypassed.
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        dialog._submit(lambda: dialog._staff.deactivate(MANAGER, MANAGER), lambda _n: None,
                       None)
    assert "your own account" in dialog.message.text()
    assert footprint(window) == before


def test_a_clerk_as_approver_changes_nothing(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    # Even if a clerk's id came back from the prompt, the service refuses their changes.
    dialog = open_staff(qtbot, window, approver=CLERK)
    before = footprint(window)
    add_clerk(qtbot, dialog, "Zhao Min", "4826")
    assert "Only a station manager" in dialog.message.text()
    assert footprint(window) == before


def test_cancelling_the_manager_prompt_opens_nothing(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    window.ask_manager = manager_answers(None)  # type: ignore[method-assign]
    window.back_office.open_staff()
    assert window.findChild(StaffDialog) is None
