"""Keyboard-wedge scanners work whatever has focus.

A USB scanner is a keyboard: its code lands in whichever widget has focus. Keys meant for no
text field are sent to the scan box. In another text field, a fast burst ending in Enter is a
scan (see `station_app.devices.wedge`): it is taken back out of that field and scanned.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from station_app.devices.wedge import KeyBurst

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WedgeFilter(QObject):
    def __init__(self, window: QWidget, scan_box: QLineEdit,
                 on_scan: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._scan_box = scan_box
        self._on_scan = on_scan
        self._burst = KeyBurst()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if focus is None or focus is self._scan_box or focus.window() is not self._window:
            return False  # the scan box handles itself; dialogs keep their own keys
        if watched is not focus:
            return False  # each key passes several objects; act once, at the focus widget
        if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
            return self._in_text_field(focus, event)
        if (event.text().isprintable() and event.text()) or event.key() in ENTER_KEYS:
            self._scan_box.setFocus()
            QApplication.sendEvent(self._scan_box, QKeyEvent(event))
            return True
        return False

    def _in_text_field(self, field: QWidget, event: QKeyEvent) -> bool:
        now = time.monotonic()
        if event.key() in ENTER_KEYS:
            scanned = self._burst.finish(now)
            if scanned is None:
                return False
            if isinstance(field, QLineEdit) and field.text().endswith(scanned):
                field.setText(field.text()[: -len(scanned)])
            self._on_scan(scanned)
            return True
        if event.text() and event.text().isprintable():
            self._burst.feed(event.text(), now)
        else:
            self._burst.reset()
        return False
