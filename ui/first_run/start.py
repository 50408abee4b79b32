"""At start-up: open the first-run wizard when this data dir cannot open as a counter yet."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from station_app.setup.first_run import (
    LocalStation,
    SetupStep,
    local_station,
    missing_step,
    open_station_database,
)
from station_app.storage.database import Database, DatabaseError

log = logging.getLogger("station.ui.first_run")


def read_at_start_up(root: Path) -> tuple[Database, SetupStep | None, LocalStation | None]:
    """The station database, the first set-up step still missing, and the station a resumed
    set-up already enrolled. Read before any window is up, so nothing waits on the GUI
    thread (tests/gui/gui_thread_guard.py allows this function by name)."""
    db = open_station_database(root)
    try:
        return db, missing_step(db), local_station(db)
    except BaseException:
        db.close()
        raise


def run_if_needed(root: Path, language: str | None = None) -> bool:
    """Walk the keeper through set-up if the data dir has no station, or no manager who could
    sign in (an interrupted set-up). Returns False when they closed it unfinished.

    A database that does not open is left to the counter's start-up, which explains it."""
    try:
        db, step, station = read_at_start_up(root)
    except DatabaseError:
        return True
    try:
        if step is None:
            return True
        log.info("first run: %s is missing", step.value)
        # Imported only now: the wizard pulls in printer discovery and the camera panels,
        # which every later start of a set-up counter would pay for in its start-up time.
        from ui.first_run.wizard import FirstRunWizard  # noqa: PLC0415

        wizard = FirstRunWizard(root, db, language=language, station=station)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            wizard.setGeometry(app.primaryScreen().availableGeometry())
        wizard.showMaximized()
        # Kiosk set-ups have no window manager to give the wizard the keyboard (its
        # shortcuts, Alt+S and Alt+Left, work only in the active window).
        wizard.activateWindow()
        wizard.raise_()
        return wizard.exec() == QDialog.DialogCode.Accepted.value
    finally:
        db.close()
