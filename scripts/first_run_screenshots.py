"""Screenshots of every first-run step and of the settings dialog, in Chinese and English.

    QT_QPA_PLATFORM=offscreen python scripts/first_run_screenshots.py docs/screenshots
The wizard runs on a fresh data dir set up as the demo station (so the later steps show a
station), at 1366×768, the smallest counter screen: nothing may be cut off there.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from station_app.counter import open_counter
from station_app.setup.first_run import enrol_demo, local_station, open_station_database
from ui.app import build_window, create_application
from ui.first_run.wizard import FirstRunWizard
from ui.settings.dialog import DISPLAY, LABEL_PRINTER, PRINTER, SCALE, STATION, SettingsDialog


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wizard_pages(out: Path, language: str) -> None:
    with tempfile.TemporaryDirectory() as data:
        root = Path(data)
        db = open_station_database(root)
        wizard = FirstRunWizard(root, db, make_camera=lambda _settings: None, language=language,
                            station=local_station(db))
        wizard.resize(1366, 768)
        wizard.show()
        for index, page in enumerate(wizard.pages):
            wizard.show_page(index)
            if page is wizard.printer:
                wizard.printer.panel.print_test()  # the test page's picture on the page
                settle(1500)
            if page is wizard.scanner:
                QTest.keyClicks(wizard.scanner.panel.field, "6901234500017")
                QTest.keyClick(wizard.scanner.panel.field, Qt.Key.Key_Return)
            settle()
            name = type(page).__name__.removesuffix("Page").lower()
            wizard.grab().save(str(out / f"first-run-{index + 1}-{name}-{language}.png"))
            if page is wizard.enrolment:  # the later steps show a station
                wizard.state.station = enrol_demo(db)
                wizard.enrolment.retranslate()
        wizard.close()
        settle()
        assert local_station(db) is not None
        db.close()


def settings_dialog(out: Path, language: str) -> None:
    with tempfile.TemporaryDirectory() as data:
        counter = open_counter(Path(data), demo=True)
        window = build_window(counter)
        window.resize(1366, 768)
        dialog = SettingsDialog(counter, 2, window.context.run, lambda _settings: None,
                                lambda: None,  # type: ignore[arg-type, return-value]
                                window.back_office.open_health, window)
        dialog.resize(1100, 700)
        dialog.show()
        for page, name in ((DISPLAY, "display"), (STATION, "station"), (PRINTER, "printer"),
                           (LABEL_PRINTER, "label-printer"), (SCALE, "scale")):
            dialog.pages.setCurrentRow(page)
            settle()
            dialog.grab().save(str(out / f"settings-{name}-{language}.png"))
        dialog.close()
        window.close()
        settle()
        counter.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for language in ("zh_CN", "en"):
        create_application(language)
        wizard_pages(out, language)
        settings_dialog(out, language)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
