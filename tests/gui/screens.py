"""Every dialog the counter window opens, every first-run step and every settings page, for
the tests that look at all of them at once (accessible names, language)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from station_app.counter import Counter
from station_app.setup.first_run import enrol_demo, local_station, open_station_database
from sync.demo import DemoHeadOffice
from tests.gui.conftest import manager_answers
from ui.app import create_application
from ui.audit_dialog import AuditDialog
from ui.desks.approval import ManagerApproval
from ui.first_run.wizard import FirstRunWizard
from ui.main_window import CounterWindow
from ui.settings.dialog import SettingsDialog
from ui.staff_dialog import StaffDialog
from ui.sync_panel import AttentionDialog, DayCloseDialog

MANAGER = 2


def every_dialog(qtbot: Any, window: CounterWindow, counter: Counter,
                 head_office: DemoHeadOffice) -> dict[str, QDialog]:
    """Sign-in, F1 keys, staff, audit, camera settings, attention, day close and the manager's
    approval, each opened over `window` as the counter does."""
    run = window.context.run
    service, lane = head_office.service, window.db_lane
    window.ask_manager = manager_answers(MANAGER)  # type: ignore[method-assign]
    window.camera.open_settings()
    camera = window.camera.settings_dialog
    assert camera is not None, "build_window sets make_camera"
    dialogs: dict[str, QDialog] = {
        "sign-in": window.staff.switch_cashier(),
        "keys": window.show_keys(),
        "staff": StaffDialog(window.staff.staff_desk, MANAGER, run, window),
        "audit": AuditDialog(counter.db, run, window),
        "camera": camera,
        "attention": AttentionDialog(service, parent=window),
        "day close": DayCloseDialog(service, lane, window),
        "approval": ManagerApproval(lambda: [(MANAGER, "陈建国")], window.tr("manage staff"),
                                    window, staff=window.staff.staff_desk, runner=run),
    }
    for dialog in dialogs.values():
        dialog.show()
        qtbot.waitExposed(dialog)
    qtbot.wait(300)  # their first loads (staff list, audit rows) come back from the lane
    return dialogs


@contextmanager
def first_run_wizard(qtbot: Any, root: Path, language: str) -> Iterator[FirstRunWizard]:
    """The wizard on an empty data dir, in `language`, at the smallest counter screen."""
    create_application(language)
    db = open_station_database(root)
    # No webcam here: the camera step offers its choices and "none found".
    wizard = FirstRunWizard(root, db, make_camera=lambda _settings: None, language=language,
                            station=local_station(db))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    try:
        yield wizard
    finally:
        wizard.close()
        db.close()
        create_application("en")  # the next tests expect English


def wizard_steps(qtbot: Any, wizard: FirstRunWizard) -> Iterator[str]:
    """Shows each first-run step in turn and yields its name while it is on screen. Each
    step shows what staff see after using it: the printer's test page (virtual printer), the
    test label (virtual label printer), a scanned code; after the enrolment step the demo
    station is set up, so that the later steps (manager, summary) show a station."""
    for index, page in enumerate(wizard.pages):
        wizard.show_page(index)
        if page is wizard.printer:
            with qtbot.waitSignal(wizard.printer.panel.tested, timeout=20_000):
                wizard.printer.panel.print_test()
        if page is wizard.label_printer:  # the virtual label printer's test label
            with qtbot.waitSignal(wizard.label_printer.panel.tested, timeout=20_000):
                wizard.label_printer.panel.print_test()
        if page is wizard.scanner:
            field = wizard.scanner.panel.field
            with qtbot.waitSignal(wizard.scanner.panel.scanned, timeout=5_000):
                qtbot.keyClicks(field, "6901234500017")
                qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.wait(50)
        yield type(page).__name__.removesuffix("Page").lower()
        if page is wizard.enrolment:
            wizard.state.station = enrol_demo(wizard.state.db)
            wizard.enrolment.retranslate()


SETTINGS_PAGES = ("display", "station", "printer", "label_printer", "scale", "camera",
                  "scanner", "staff")


def settings_pages(qtbot: Any, window: CounterWindow) -> Iterator[tuple[str, SettingsDialog]]:
    """F2 (a manager's PIN answered at once), then each settings page in turn
    (Ctrl+PgDown), yielded while it is on screen; the dialog is closed at the end."""
    window.ask_manager = manager_answers(MANAGER)  # type: ignore[method-assign]
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F2)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.wait(200)  # the station's details come back from the lane
    assert dialog.pages.count() == len(SETTINGS_PAGES), "a new page: name it here"
    try:
        for index, name in enumerate(SETTINGS_PAGES):
            if index:
                qtbot.keyClick(dialog.pages, Qt.Key.Key_PageDown,
                               Qt.KeyboardModifier.ControlModifier)
            assert dialog.stack.currentIndex() == index
            qtbot.wait(50)
            yield name, dialog
    finally:
        dialog.close()
