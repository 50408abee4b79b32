"""Scanner test: scan any barcode into a field and see what arrived, how fast, and how it ended.

A USB scanner is a keyboard: when it is set to the wrong keyboard layout or code page, the
counter gets wrong characters, and without its Enter suffix every scan waits for a key press.
Both are set on the scanner itself (by scanning its manual's set-up codes), so the panel says
what it saw and what to scan in the manual; nothing is saved here.
"""

from __future__ import annotations

import itertools
import statistics
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.devices.wedge import BURST_MAX_GAP_S
from ui.language_change import Retranslated
from ui.settings.forms import shortened

NO_ENTER_AFTER_MS = 800


class ScannerPanel(Retranslated, QWidget):
    scanned = Signal(str)  # after a scan was judged (tests wait on it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._times: list[float] = []
        # A scanner sends a code in well under a second; text that then sits in the field
        # without an Enter came from a scanner without its Enter suffix (or a person).
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(NO_ENTER_AFTER_MS)
        self._quiet.timeout.connect(self._no_enter)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("scannerTestField")
        self.field.setMaxLength(4096)
        self.field.installEventFilter(self)
        self.result = QLabel()
        self.result.setObjectName("scannerTestResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.field)
        layout.addWidget(self.result, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Scan any barcode or QR code now (a product, a pickup code on a phone). "
            "This checks the USB scanner; skip it if you have none."))
        self.field.setPlaceholderText(self.tr("Scan here"))
        self.field.setAccessibleName(self.tr("Scanner test field"))

    def focus_first(self) -> None:
        self.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.field.text():
                self._quiet.stop()
                self._judge(self.field.text(), ended_with_enter=True)
                return True  # a scan's Enter must not press the dialog's Next button
            if event.text() and event.text().isprintable():
                if not self.field.text():
                    self._times.clear()
                self._times.append(time.monotonic())
                self._quiet.start()
        return super().eventFilter(watched, event)

    def _judge(self, text: str, ended_with_enter: bool) -> None:
        self.field.clear()
        times, self._times = self._times, []
        if not text:
            return
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        per_key_ms = statistics.median(gaps) * 1000 if gaps else 0.0
        fast = bool(gaps) and per_key_ms <= BURST_MAX_GAP_S * 1000
        lines = [self.tr("Read: %1 (%2 characters)").replace("%1", shortened(text))
                 .replace("%2", str(len(text)))]
        if fast:
            lines.append(self.tr("✔ As fast as a scanner: %1 ms per character.").replace(
                "%1", f"{per_key_ms:.0f}"))
        else:
            lines.append(self.tr("✘ That came slowly (%1 ms per character), as if typed by "
                                 "hand. If the scanner sent it, it is set too slow: see its "
                                 "manual (“keyboard speed”).").replace("%1", f"{per_key_ms:.0f}"))
        if ended_with_enter:
            lines.append(self.tr("✔ The scanner ends each code with Enter."))
        else:
            lines.append(self.tr(
                "✘ No Enter came after the code: set the scanner to add an Enter (CR) suffix "
                "with the set-up code in its manual."))
        if not text.isascii() or any(not char.isprintable() for char in text):
            lines.append(self.tr(
                "✘ Some characters are not plain letters or digits. If the code has none, set "
                "the scanner's keyboard language to US English and its code page to "
                "GBK/GB18030 with the set-up codes in its manual, then scan again."))
        self.result.setText("\n".join(lines))
        self.scanned.emit(text)

    def _no_enter(self) -> None:
        if self.field.text():
            self._judge(self.field.text(), ended_with_enter=False)
