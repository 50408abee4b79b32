"""When the counter cannot start: what happened, in the staff's language, and the way forward.

A damaged database offers to restore the newest good backup (the damaged file is kept aside)
and then opens the counter; a folder that cannot be written, a full disk or a second copy of
the app each say what to do. The exact command is shown too, for whoever helps on the phone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.care.app_lock import CounterRunning
from station_app.care.backups import list_backups, newest_good
from station_app.care.restore import RestoreReport, restore
from station_app.clock import station_time
from station_app.counter import Counter
from station_app.paths import DataDir
from station_app.storage.database import DatabaseError, StorageProblem, storage_problem
from ui.background import Lane
from ui.language_change import Retranslated


class StartupProblemDialog(Retranslated, QDialog):
    """Shown instead of the counter when its data cannot be opened."""

    restored = Signal(object)  # RestoreReport: the caller opens the counter again

    def __init__(self, error: BaseException, data_dir: DataDir,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.data_dir = data_dir
        self.problem = storage_problem(error)
        self._lane: Lane | None = None
        self._restore_error: BaseException | None = None  # the restore failed: this is why
        self.setMinimumWidth(640)
        self.title = QLabel()
        self.title.setObjectName("problemTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command = QLabel()
        self.command.setWordWrap(True)
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_latest)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+R"), self, self.restore_latest)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.command)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("The counter cannot start"))
        self.command.setAccessibleName(self.tr("Command for support"))
        self.restore_button.setText(self.tr("Ctrl+R  Restore the latest backup"))
        self.restore_button.setAccessibleName(self.tr("Restore the latest backup"))
        self.close_button.setText(self.tr("Esc  Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        if self._restore_error is not None:
            self._show_restore_failed(self._restore_error)
        elif self._lane is not None:
            self.title.setText(self.tr("Restoring the backup…"))
        else:
            self._explain()

    def _explain(self) -> None:
        root = str(self.data_dir.root)
        program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "station-app"
        program = "station-app" if program in ("__main__.py", "-c", "") else program
        self.restore_button.setVisible(False)
        if isinstance(self.error, CounterRunning):
            self.title.setText(self.tr("The counter app is already open"))
            self.detail.setText(self.tr("Another window of the counter app uses %1. Switch to "
                                        "it (Alt+Tab), or close it and start again.")
                                .replace("%1", root))
            self.command.setText("")
            return
        match self.problem:
            case StorageProblem.READ_ONLY:
                self.title.setText(self.tr("The data folder cannot be written"))
                self.detail.setText(self.tr(
                    "The counter keeps its records in %1, and this account cannot write there "
                    "(a read-only disk or missing permission). Nothing was changed. Ask IT to "
                    "give write access, or start the app on another folder with --data-dir.")
                    .replace("%1", root))
                self.command.setText(self.tr("%1 --data-dir <another folder>")
                                     .replace("%1", program))
            case StorageProblem.FULL:
                self.title.setText(self.tr("The disk is full"))
                self.detail.setText(self.tr(
                    "There is no room left on the disk of %1, so the counter cannot open its "
                    "records. Nothing was lost. Free space (delete old files, empty the "
                    "recycle bin), then start the app again.").replace("%1", root))
                self.command.setText("")
            case _:
                self._explain_damage(program)

    def _explain_damage(self, program: str) -> None:
        backup = newest_good(list_backups(self.data_dir.backups))
        self.title.setText(self.tr("The station database is damaged"))
        if backup is None:
            self.detail.setText(self.tr(
                "The file %1 cannot be read and there is no good backup in %2. Do not delete "
                "anything: call support, and copy a backup into that folder if you have one.")
                .replace("%1", str(self.data_dir.database))
                .replace("%2", str(self.data_dir.backups)))
            self.command.setText(f"{program} backups --data-dir {self.data_dir.root}")
            return
        taken = station_time(backup.taken_at).strftime("%Y-%m-%d %H:%M")
        self.detail.setText(self.tr(
            "The file %1 cannot be read. The latest good backup is from %2. Restoring it keeps "
            "the damaged file aside for support; what was recorded after %2 and already sent "
            "to head office is kept there.").replace("%1", str(self.data_dir.database))
            .replace("%2", taken))
        self.command.setText(f"{program} restore --latest --data-dir {self.data_dir.root}")
        self.restore_button.setVisible(True)
        self.restore_button.setFocus()

    def restore_latest(self) -> None:
        """Ctrl+R: restore off the GUI thread; `restored` fires when it is in place."""
        if not self.restore_button.isVisible() or self._lane is not None:
            return
        self.restore_button.setEnabled(False)
        self._restore_error = None
        self.title.setText(self.tr("Restoring the backup…"))
        self._lane = Lane("restore")
        data_dir = self.data_dir
        self._lane.submit(lambda: restore(data_dir), self._done, self._failed)

    def _done(self, report: RestoreReport) -> None:
        self._finish_lane()
        self.restored.emit(report)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._finish_lane()
        self._restore_error = error
        self._show_restore_failed(error)
        self.restore_button.setEnabled(True)

    def _show_restore_failed(self, error: BaseException) -> None:
        self.title.setText(self.tr("The backup could not be restored"))
        self.detail.setText(self.tr("%1\nCall support; nothing was deleted.")
                            .replace("%1", str(error)))

    def _finish_lane(self) -> None:
        if self._lane is not None:
            self._lane.shutdown()
            self._lane = None


def recover(error: BaseException, data_dir: DataDir,
            reopen: Callable[[], Counter]) -> Counter | None:
    """Explain why the counter cannot start; after a restore, open it again. None: staff
    closed the dialog, or it still cannot open (then that is explained too)."""
    dialog = StartupProblemDialog(error, data_dir)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        return reopen()
    except (DatabaseError, OSError) as again:
        StartupProblemDialog(again, data_dir).exec()
        return None
