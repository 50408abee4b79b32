"""The keyboard goes back to the counter whenever a dialog closes.

Kiosk set-ups run without a window manager: nobody hands the keyboard back to the counter
window when a dialog (F8, F10, F2, a file dialog…) goes away, so Alt+3 typed "3" into the
scan box and F10 or Ctrl+D did nothing until someone clicked. One watcher on the application
sees every dialog hide and, once no other dialog is up, gives the window the keyboard back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class KeyboardHome(QObject):
    def __init__(self, window: QWidget, home: Callable[[], QWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._home = home  # where the keys go when nothing else wants them (the scan box)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def take_back(self, where: QWidget | None = None) -> None:
        """The window takes the keyboard back: `where`, else the field staff were in before
        the dialog, else home."""
        window = self._window
        if not window.isVisible():
            return
        window.activateWindow()
        window.raise_()
        target = where or window.focusWidget()
        if target is None or not target.isVisible() or not target.isEnabled():
            target = self._home()
        target.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog) \
                and watched.isWindow():
            # After the hide is done (the next turn of the event loop), and only when no
            # other dialog still wants the keys.
            QTimer.singleShot(0, self._if_no_dialog)
        return False

    def _if_no_dialog(self) -> None:
        if QApplication.activeModalWidget() is None:
            self.take_back()
