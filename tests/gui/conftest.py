"""The real counter window on the demo station, driven from the keyboard as staff would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from station_app.counter import Counter
from station_app.devices.printer_settings import PrinterSettings
from sync.demo import DemoHeadOffice, start_demo_head_office
from tests.gui.gui_thread_guard import database_off_the_gui_thread
from ui.app import build_window, create_application
from ui.desks.approval import ManagerApproval
from ui.desks.catalog import DeskFactory
from ui.main_window import CounterWindow
from ui.sign_in import PinDialog
from ui.sync_panel import SyncWorker
from ui.voice import Voice

Driver = Callable[..., CounterWindow]

# The demo station's manager (陈建国, PIN 2222; station_app.demo_data).
MANAGER = 2


def pytest_configure(config: pytest.Config) -> None:
    # The shipped clips, never the machine's speech service: the same voice on every machine
    # (a listed speech-dispatcher plug-in without its library logs a critical message).
    Voice.engine_choice = "clips"
    config.addinivalue_line("markers", "guard_itself: the test checks the GUI-thread guard")


@pytest.fixture(autouse=True)
def no_database_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every GUI test fails when screen code touched the database on the GUI thread."""
    if request.node.get_closest_marker("guard_itself"):
        yield
        return
    with database_off_the_gui_thread() as seen:
        yield
    assert not seen, "the database on the GUI thread:\n" + "\n".join(seen[:3])


@pytest.fixture
def open_window(qtbot: Any, counter: Counter) -> Iterator[Driver]:
    """Opens the window in a language, optionally with other printer settings."""
    windows: list[CounterWindow] = []

    def open_(language: str = "en", printer: PrinterSettings | None = None) -> CounterWindow:
        create_application(language)
        opened = counter if printer is None else replace(
            counter, settings=replace(counter.settings, printer=printer))
        window = build_window(opened)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: Driver) -> CounterWindow:
    return open_window("en")


@pytest.fixture
def head_office(counter: Counter) -> Iterator[DemoHeadOffice]:
    """The demo station's head office, on loopback."""
    started = start_demo_head_office(counter)
    yield started
    started.stop()


@pytest.fixture
def synced_window(qtbot: Any, counter: Counter,
                  head_office: DemoHeadOffice) -> Iterator[CounterWindow]:
    """The window (in English) syncing with `head_office`; it syncs when told (F7)."""
    create_application("en")
    window = build_window(counter, sync=SyncWorker(head_office.service, interval_s=3600))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
        window.start()
    yield window
    window.close()


DeskWindow = Callable[..., CounterWindow]


@pytest.fixture
def desk_window(qtbot: Any, counter: Counter) -> Iterator[DeskWindow]:
    """Opens the window with only the desks a test drives (in English). No keyboard-wedge
    filter: qtbot types as fast as a scanner, and the desks' own fields must get its keys."""
    windows: list[CounterWindow] = []

    def open_(desks: list[tuple[str, DeskFactory]], printer: PrinterSettings | None = None,
              sign_in: bool = False, **settings: Any) -> CounterWindow:
        create_application("en")
        if printer is not None:
            settings["printer"] = printer
        opened = replace(counter, settings=replace(counter.settings, **settings))
        window = CounterWindow(opened, desks=desks, sign_in=sign_in)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.close()


def type_code(qtbot: Any, window: CounterWindow, code: str) -> None:
    """Type a code into the scan box and press Enter; wait until the result is on screen."""
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, code)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def press_enter_to_confirm(qtbot: Any, window: CounterWindow) -> None:
    with qtbot.waitSignal(window.handover.handover_shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def manager_answers(approver: int | None, asked: list[str] | None = None) -> Callable[..., None]:
    """Stands in for the manager's PIN prompt (`ask_manager(what, then)`): answers at once
    with `approver` (None: cancelled), noting what was asked. The real prompt is driven in
    test_sign_in.py."""
    def ask(what: str, then: Callable[[int | None], None]) -> None:
        if asked is not None:
            asked.append(what)
        then(approver)
    return ask


def type_pin(qtbot: Any, dialog: PinDialog, pin: str) -> None:
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        qtbot.keyClicks(dialog.pin, pin)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def answer_prompt(qtbot: Any, pins: list[str], chosen: int = MANAGER,
                  seen: list[str] | None = None) -> None:
    """When the modal approval opens: choose, type each PIN, then Esc if still open."""
    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ManagerApproval), dialog
        dialog.choose(chosen)
        for pin in pins:
            type_pin(qtbot, dialog, pin)
            if seen is not None:
                seen.append(dialog.message.text())
        if dialog.isVisible():
            dialog.reject()
    QTimer.singleShot(0, drive)
