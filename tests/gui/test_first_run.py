"""The first-run wizard, walked from the keyboard from an EMPTY data dir to a working counter:
once as the demo station, once enrolled with the real head-office server on loopback (a bad
code first), with a network printer that is a real TCP server receiving the test page."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION
from station_app.security.secret_store import SECRET_FILE
from station_app.setup.first_run import (
    SetupStep,
    local_station,
    missing_step,
    open_station_database,
)
from station_app.setup.test_page import CHINESE_LINE, TEST_QR
from station_app.storage.database import Database
from sync.client.backoff import Backoff
from sync.client.service import SyncService
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from tests.gui.conftest import press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar
from tests.lan_printer import LanPrinter
from ui.app import build_window, create_application
from ui.first_run.start import run_if_needed
from ui.first_run.wizard import FirstRunWizard

LANGUAGE, ENROLMENT, PRINTER, LABEL_PRINTER, CAMERA, SCANNER, MANAGER, DONE = range(8)


def local_service(db: Database, root: Path) -> SyncService:
    # No keyring on the test machine: the secret goes to the 0600 file.
    return SyncService(db, root, use_keyring=False, timeout=(2.0, 5.0),
                       backoff=Backoff(base_s=0.01, cap_s=0.05))


@pytest.fixture
def wizard_for(qtbot: Any) -> Iterator[Callable[[Path], FirstRunWizard]]:
    opened: list[tuple[FirstRunWizard, Database]] = []

    def open_(root: Path) -> FirstRunWizard:
        create_application("zh_CN")
        db = open_station_database(root)
        # No webcam here: the camera page offers its choices and "none found".
        wizard = FirstRunWizard(root, db, make_service=local_service,
                                make_camera=lambda _settings: None, station=local_station(db))
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
        opened.append((wizard, db))
        return wizard

    yield open_
    for wizard, db in opened:
        wizard.close()
        db.close()
    create_application("en")


def press(qtbot: Any, wizard: FirstRunWizard, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(wizard.focusWidget() or wizard, key, modifier)


def next_page(qtbot: Any, wizard: FirstRunWizard, expected: int) -> None:
    with qtbot.waitSignal(wizard.page_shown, timeout=20_000,
                          check_params_cb=lambda index: index == expected):
        press(qtbot, wizard, Qt.Key.Key_Return)


def choose_english(qtbot: Any, wizard: FirstRunWizard) -> None:
    assert wizard.heading.text() == "第 1 步，共 8 步：语言"
    press(qtbot, wizard, Qt.Key.Key_Down)  # 简体中文 → English: every page switches at once
    qtbot.waitUntil(lambda: wizard.heading.text() == "Step 1 of 8: Language")
    assert wizard.enrolment.demo.text().startswith("Alt+D  Try the demo station")


def test_demo_walk_from_an_empty_data_dir_to_a_handover(
        qtbot: Any, tmp_path: Path, wizard_for: Callable[[Path], FirstRunWizard]) -> None:
    root = tmp_path / "data"
    wizard = wizard_for(root)
    choose_english(qtbot, wizard)
    next_page(qtbot, wizard, ENROLMENT)
    press(qtbot, wizard, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert wizard.enrolment.demo.isChecked() and not wizard.enrolment.form.isEnabled()
    next_page(qtbot, wizard, PRINTER)
    assert wizard.state.station is not None and wizard.state.station.station_id == DEMO_STATION

    # The virtual printer is chosen; Ctrl+T prints the test page and shows its picture.
    panel = wizard.printer.panel
    with qtbot.waitSignal(panel.tested, timeout=20_000) as printed:
        press(qtbot, wizard, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == [True]
    assert not panel.preview.pixmap().isNull()
    assert list((root / "virtual-printer").glob("*test-page.png"))
    next_page(qtbot, wizard, LABEL_PRINTER)
    next_page(qtbot, wizard, CAMERA)
    with qtbot.waitSignal(wizard.page_shown, timeout=5_000):
        press(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # no camera
    assert wizard.state.settings.camera.enabled is False

    # The scanner test: a burst as fast as a scanner, ending in Enter.
    field = wizard.scanner.panel.field
    assert QApplication.focusWidget() is field
    with qtbot.waitSignal(wizard.scanner.panel.scanned, timeout=5_000):
        qtbot.keyClicks(field, "6901234500017")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    result = wizard.scanner.panel.result.text()
    assert "Read: 6901234500017 (13 characters)" in result
    assert "As fast as a scanner" in result and "ends each code with Enter" in result
    assert wizard.stack.currentIndex() == SCANNER  # the scan's Enter did not leave the page
    next_page(qtbot, wizard, MANAGER)

    # The demo has its managers; adding one's own is offered (and refused when wrong).
    manager = wizard.manager
    assert wizard.skip_button.isVisible()
    manager.name.insert("赵站长")  # an input method commits hanzi whole (QTest types ASCII only)
    for pin, again, why in (("12", "12", "6 to 8 digits"), ("482619", "482610", "differ")):
        qtbot.keyClicks(manager.pin, pin)
        qtbot.keyClicks(manager.pin_again, again)
        with qtbot.waitSignal(manager.answered, timeout=5_000):
            press(qtbot, wizard, Qt.Key.Key_Return)
        assert why in manager.message.text()
        assert manager.pin.text() == "" and wizard.stack.currentIndex() == MANAGER
    qtbot.keyClicks(manager.pin, "482619")
    qtbot.keyClicks(manager.pin_again, "482619")
    next_page(qtbot, wizard, DONE)
    summary = wizard.done_page.summary_label.text()
    assert "XF01" in summary and "(demo)" in summary and "Manager: 赵站长" in summary
    with qtbot.waitSignal(wizard.finished, timeout=10_000):
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert wizard.result() == QDialog.DialogCode.Accepted.value

    saved = tomllib.loads((root / "settings.toml").read_text(encoding="utf-8"))
    assert (saved["language"], saved["demo"], saved["camera"]["enabled"]) == ("en", True, False)
    assert run_if_needed(root)  # set up: the next start goes straight to sign-in, no wizard

    # The counter opens on what the wizard set up: scan a ready order and hand it over.
    counter = open_counter(root)
    try:
        assert counter.settings.demo and counter.station_id == DEMO_STATION
        assert scalar(counter.db, "SELECT role FROM staff WHERE name = '赵站长'") == "manager"
        window = build_window(counter)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        code = pickup_code(counter.db, READY)
        type_code(qtbot, window, code)
        press_enter_to_confirm(qtbot, window)
        assert scalar(counter.db, "SELECT state FROM orders WHERE pickup_code = :code",
                      code=code) == "handed_over"
        window.close()
    finally:
        counter.close()


@pytest.fixture
def head_office(tmp_path: Path) -> Iterator[EmbeddedHeadOffice]:
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.start()
    create_station(server.db, "GL07", "光明里自提点")
    yield server
    server.stop()


@pytest.fixture
def lan_printer() -> Iterator[LanPrinter]:
    with LanPrinter() as printer:
        yield printer


def test_real_enrolment_bad_code_then_good_network_printer_first_manager(
        qtbot: Any, tmp_path: Path, wizard_for: Callable[[Path], FirstRunWizard],
        head_office: EmbeddedHeadOffice, lan_printer: LanPrinter) -> None:
    root = tmp_path / "data"
    wizard = wizard_for(root)
    choose_english(qtbot, wizard)
    next_page(qtbot, wizard, ENROLMENT)
    form = wizard.enrolment.form
    assert QApplication.focusWidget() is form.address

    # A code head office never gave: refused, said so, nothing written.
    qtbot.keyClicks(form.address, head_office.url)
    qtbot.keyClicks(form.code, "ABCD-EFGH-JKMN")
    with qtbot.waitSignal(wizard.enrolment.refused, timeout=20_000):
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert "does not know this code" in form.message.text()
    assert "Nothing was saved" in form.message.text()
    assert wizard.stack.currentIndex() == ENROLMENT
    assert missing_step(wizard.state.db) is SetupStep.ENROL
    assert not (root / SECRET_FILE).exists()

    # The enrolment QR, typed by the USB scanner into the address field.
    code = new_enrolment_code(head_office.db, "GL07")
    form.address.clear()
    form.code.clear()
    qtbot.keyClicks(form.address, f"STATIONAPP-ENROL:1:{head_office.url}:{code}")
    with qtbot.waitSignal(wizard.enrolment.done_enrolling, timeout=20_000):
        press(qtbot, wizard, Qt.Key.Key_Return)
    # It says what happened before it goes on (it used to jump on without a word).
    assert wizard.stack.currentIndex() == ENROLMENT
    said = wizard.enrolment.message.text()
    assert "Enrolled as station GL07" in said and "A new station" in said, said
    next_page(qtbot, wizard, PRINTER)
    assert wizard.state.station is not None and wizard.state.station.station_id == "GL07"
    assert missing_step(wizard.state.db) is SetupStep.MANAGER

    # The network printer: typed address, checked, 58 mm, GB18030, test page.
    port, jobs = lan_printer.port, lan_printer.jobs
    panel = wizard.printer.panel
    qtbot.keyClicks(panel.host, f"127.0.0.1:{port}")
    with qtbot.waitSignal(panel.searched, timeout=10_000):
        qtbot.keyClick(panel.host, Qt.Key.Key_Return)
    assert "A printer answers" in panel.message.text()
    panel.paper.setCurrentIndex(panel.paper.findData(58))
    with qtbot.waitSignal(panel.tested, timeout=20_000) as printed:
        press(qtbot, wizard, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == [True], panel.message.text()
    # (the address check connected once without sending anything)
    qtbot.waitUntil(lambda: len([job for job in jobs if job]) == 1, timeout=5_000)
    page = next(job for job in jobs if job)
    assert CHINESE_LINE.encode("gb18030") in page
    assert "光明里自提点".encode("gb18030") in page
    assert b"12345678901234567890123456789012\n" in page  # the 58 mm ruler
    assert TEST_QR.encode() in page  # (the oracle reads the page: tests/unit/setup)
    next_page(qtbot, wizard, LABEL_PRINTER)
    next_page(qtbot, wizard, CAMERA)
    with qtbot.waitSignal(wizard.page_shown, timeout=5_000):
        press(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(wizard.page_shown, timeout=5_000):
        press(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # no scanner

    # A real station has no manager yet: this page cannot be skipped.
    assert wizard.stack.currentIndex() == MANAGER and not wizard.skip_button.isVisible()
    manager = wizard.manager
    manager.name.insert("张站长")
    assert "6 to 8 digits" in manager.note.text() and "1234" in manager.note.text()
    # Issue 13, item 7a: what the page asks for is what it accepts.
    for pin, why in (("123456789", "6 to 8 digits"), ("4826", "6 to 8 digits"),
                     ("1234", "6 to 8 digits"), ("123456", "easy to guess"),
                     ("111111", "easy to guess"), ("987654", "easy to guess")):
        qtbot.keyClicks(manager.pin, pin)
        qtbot.keyClicks(manager.pin_again, pin)
        with qtbot.waitSignal(manager.answered, timeout=5_000):
            press(qtbot, wizard, Qt.Key.Key_Return)
        assert why in manager.message.text(), (pin, manager.message.text())
        assert wizard.stack.currentIndex() == MANAGER
    assert missing_step(wizard.state.db) is SetupStep.MANAGER
    qtbot.keyClicks(manager.pin, "20261125")
    qtbot.keyClicks(manager.pin_again, "20261125")
    next_page(qtbot, wizard, DONE)
    assert missing_step(wizard.state.db) is None
    with qtbot.waitSignal(wizard.finished, timeout=10_000):
        press(qtbot, wizard, Qt.Key.Key_Return)

    saved = tomllib.loads((root / "settings.toml").read_text(encoding="utf-8"))
    assert saved["demo"] is False
    assert (saved["printer"]["transport"], saved["printer"]["port"],
            saved["printer"]["paper_width_mm"]) == ("network", port, 58)
    counter = open_counter(root)
    try:
        assert (counter.station_id, counter.staff_name) == ("GL07", "张站长")
    finally:
        counter.close()


def test_interrupted_set_up_resumes_at_the_manager(
        qtbot: Any, tmp_path: Path, wizard_for: Callable[[Path], FirstRunWizard],
        head_office: EmbeddedHeadOffice) -> None:
    root = tmp_path / "data"
    db = open_station_database(root)
    local_service(db, root).enrol(head_office.url, new_enrolment_code(head_office.db, "GL07"))
    db.close()
    wizard = wizard_for(root)
    choose_english(qtbot, wizard)
    next_page(qtbot, wizard, ENROLMENT)
    assert "enrolled as station GL07" in wizard.enrolment.note.text()
    assert not wizard.enrolment.form.isVisible()
    next_page(qtbot, wizard, PRINTER)
