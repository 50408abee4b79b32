"""The first-run wizard: a new counter's steps, one screen each, worked from the keyboard.

Enter = Next (or Finish), Esc / Alt+Left = Back, Alt+S = Skip where a step may be skipped.
Chinese first; picking English on the first page switches every page at once. Enrolment and
the first manager are written when their page is left (so an interrupted set-up resumes at the
manager: `missing_step`); the settings file is written by Finish. The database work runs on
the wizard's own lane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.config import load_settings, save_settings
from station_app.paths import DataDir
from station_app.setup.first_run import LocalStation
from station_app.storage.database import Database
from sync.client.service import SyncService
from ui.background import Lane
from ui.first_run.label_printer_page import LabelPrinterPage
from ui.first_run.page import SetupPage, SetupState
from ui.first_run.pages import (
    CameraPage,
    DonePage,
    EnrolmentPage,
    LanguagePage,
    ManagerPage,
    PrinterPage,
    ScannerPage,
)
from ui.i18n import install_language
from ui.language_change import Retranslated
from ui.settings.enrolment_form import MakeCamera
from ui.settings.forms import AltKeysToShortcuts

log = logging.getLogger("station.ui.first_run")

MakeService = Callable[[Database, Path], SyncService]


def default_service(db: Database, root: Path, ca_bundle: str = "",
                    allow_insecure: bool = False) -> SyncService:
    return SyncService(db, root, verify=ca_bundle or True, allow_insecure=allow_insecure)


class FirstRunWizard(Retranslated, QDialog):
    page_shown = Signal(int)  # the index of the step on screen (tests wait on it)
    saved = Signal()  # settings written: the counter may open

    def __init__(self, root: Path, db: Database, make_service: MakeService | None = None,
                 make_camera: MakeCamera | None = None, language: str | None = None,
                 parent: QWidget | None = None, station: LocalStation | None = None) -> None:
        """`station`: the station a resumed set-up already enrolled (read by the caller at
        start-up: the wizard itself never reads the database on the GUI thread)."""
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.resize(1000, 700)
        self.lane = Lane("setup")
        settings = load_settings(DataDir(root).settings_file).settings
        if language is not None:  # --lang on the command line wins over settings.toml
            settings = replace(settings, language=language)
        make = make_service or (lambda db, root: default_service(
            db, root, settings.sync_ca_bundle, settings.allow_insecure_lan))
        self.state = SetupState(
            root=root, db=db, run=self.lane.submit, make_service=lambda: make(db, root),
            settings=settings, station=station)
        self.switch_language(settings.language)
        self._busy = False
        self._make_pages(make_camera)
        self._make_headings()
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        buttons = self._make_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        AltKeysToShortcuts(self)
        self.show_page(0)

    def _make_pages(self, make_camera: MakeCamera | None) -> None:
        """One page per step, in the order a new counter is set up."""
        self.language = LanguagePage(self.state)
        self.enrolment = EnrolmentPage(self.state, make_camera)
        self.printer = PrinterPage(self.state)
        self.label_printer = LabelPrinterPage(self.state)
        self.camera = CameraPage(self.state, make_camera)
        self.scanner = ScannerPage(self.state)
        self.manager = ManagerPage(self.state)
        self.done_page = DonePage(self.state, self._summaries)
        self.pages: list[SetupPage] = [self.language, self.enrolment, self.printer,
                                       self.label_printer, self.camera, self.scanner,
                                       self.manager, self.done_page]
        self.language.panel.language_chosen.connect(self.switch_language)
        for page in self.pages:
            page.refused.connect(self._stay)

    def _make_headings(self) -> None:
        """Every step's name (the one on show underlined) and the current step's heading."""
        self.steps = QLabel()
        self.steps.setObjectName("setupSteps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.heading = QLabel()
        self.heading.setObjectName("setupHeading")  # its size: the application's sheet

    def _make_buttons(self) -> QHBoxLayout:
        """Back, Skip and Next, big enough to touch, with their keys."""
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back)
        self.skip_button = QPushButton()
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self.skip)
        self.next_button = QPushButton()
        self.next_button.setObjectName("setupNext")
        self.next_button.setDefault(True)  # Enter anywhere on a page
        self.next_button.clicked.connect(self.next)
        for button in (self.back_button, self.skip_button, self.next_button):
            button.setMinimumHeight(48)
            button.setMinimumWidth(160)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        QShortcut(QKeySequence("Alt+S"), self, self.skip)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.next_button)
        return buttons

    # --- language ---------------------------------------------------------------------------

    def switch_language(self, language: str) -> None:
        """Every page changes language at once (they re-translate on LanguageChange)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_language(app, language)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up the counter"))
        index = self.stack.currentIndex()
        page = self.pages[index]
        names = [f"<b><u>{i + 1} {p.title()}</u></b>" if i == index else f"{i + 1} {p.title()}"
                 for i, p in enumerate(self.pages)]
        self.steps.setText(" · ".join(names))
        self.heading.setText(self.tr("Step %1 of %2: %3").replace("%1", str(index + 1))
                             .replace("%2", str(len(self.pages))).replace("%3", page.title()))
        self.back_button.setText(self.tr("Esc  Back"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.skip_button.setText(self.tr("Alt+S  Skip"))
        self.skip_button.setAccessibleName(self.tr("Skip"))
        last = index == len(self.pages) - 1
        self.next_button.setText(self.tr("Enter  Finish") if last else self.tr("Enter  Next"))
        self.next_button.setAccessibleName(self.tr("Finish") if last else self.tr("Next"))

    # --- moving -----------------------------------------------------------------------------

    @property
    def current(self) -> SetupPage:
        return self.pages[self.stack.currentIndex()]

    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        self.back_button.setEnabled(index > 0)
        self.skip_button.setVisible(page.skippable)
        self.retranslate()
        page.entered()
        self.page_shown.emit(index)

    def next(self) -> None:
        """Enter: the page checks and saves its step, then the next page shows."""
        if self._busy:
            return
        index = self.stack.currentIndex()
        if index == len(self.pages) - 1:
            self.finish()
            return
        self._busy = True
        self.next_button.setEnabled(False)

        def go() -> None:
            self._busy = False
            self.next_button.setEnabled(True)
            if self.stack.currentIndex() == index:
                self.show_page(index + 1)

        self.current.leave(go)  # a page that stays emits `refused` instead

    def _stay(self) -> None:
        self._busy = False
        self.next_button.setEnabled(True)

    def back(self) -> None:
        """Esc / Alt+Left: the previous step (what was saved stays saved)."""
        index = self.stack.currentIndex()
        if index > 0 and not self._busy:
            self.current.stop()
            self.show_page(index - 1)

    def skip(self) -> None:
        """Alt+S on a step that may be skipped."""
        if self.current.skippable and not self._busy:
            self.current.skip()
            self.show_page(self.stack.currentIndex() + 1)

    def reject(self) -> None:
        # Esc is Back here; the window's close button still ends the set-up (closeEvent).
        self.back()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_all()
        super().done(QDialog.DialogCode.Rejected)
        event.accept()

    def finish(self) -> None:
        """Enter on the last page: write settings.toml, then the counter opens."""
        if self._busy:
            return
        self._busy = True
        path, settings = DataDir(self.state.root).settings_file, self.state.settings
        self.lane.submit(lambda: save_settings(path, settings), self._saved, self._not_saved)

    def _saved(self, _none: object) -> None:
        self._busy = False
        log.info("first run finished: station %s", self.state.station and
                 self.state.station.station_id)
        self.saved.emit()
        self._stop_all()
        super().done(QDialog.DialogCode.Accepted)

    def _not_saved(self, error: BaseException) -> None:
        self._busy = False
        self.done_page.note.setText(self.tr("The settings could not be saved: %1. Check that "
                                            "the disk is not full, then press Enter again.")
                                    .replace("%1", str(error)[:200]))

    def _stop_all(self) -> None:
        for page in self.pages:
            page.stop()
        self.lane.shutdown()

    def _summaries(self) -> list[str]:
        return [page.summary() for page in self.pages[:-1]]
