"""Every dialog the counter window opens, for the tests that look at all of them at once
(accessible names, language)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from station_app.counter import Counter
from sync.demo import DemoHeadOffice
from ui.audit_dialog import AuditDialog
from ui.desks.approval import ManagerApproval
from ui.main_window import CounterWindow
from ui.staff_dialog import StaffDialog
from ui.sync_panel import AttentionDialog, DayCloseDialog

MANAGER = 2


def every_dialog(qtbot: Any, window: CounterWindow, counter: Counter,
                 head_office: DemoHeadOffice) -> dict[str, QDialog]:
    """Sign-in, F1 keys, staff, audit, camera settings, attention, day close and the manager's
    approval, each opened over `window` as the counter does."""
    run = window.context.run
    service, lane = head_office.service, window.db_lane
    camera = window.open_camera_settings()
    assert camera is not None, "build_window sets make_camera"
    dialogs: dict[str, QDialog] = {
        "sign-in": window.switch_cashier(),
        "keys": window.show_keys(),
        "staff": StaffDialog(window.staff_desk, MANAGER, run, window),
        "audit": AuditDialog(counter.db, run, window),
        "camera": camera,
        "attention": AttentionDialog(service, window),
        "day close": DayCloseDialog(service, lane, window),
        "approval": ManagerApproval([(MANAGER, "陈建国")], window.tr("manage staff"), window,
                                    staff=window.staff_desk, runner=run),
    }
    for dialog in dialogs.values():
        dialog.show()
        qtbot.waitExposed(dialog)
    qtbot.wait(300)  # their first loads (staff list, audit rows) come back from the lane
    return dialogs
