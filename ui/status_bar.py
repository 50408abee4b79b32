"""The status bar: database, printer, camera and sync at a glance, plus who is at the counter;
and, only when the PC's time zone is not the station's or its clock is off head office's, a
clock warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from station_app.clock import CLOCK_WARN, ZoneMismatch
from ui.language_change import Retranslated

# A state's words: as they are (data, an error's own text), or how to word them in the
# language on show (called again when it changes).
Wording = str | Callable[[], str]


def worded(wording: Wording) -> str:
    return wording if isinstance(wording, str) else wording()


class Indicator(Retranslated, QLabel):
    """A dot and a word; the colour comes from the stylesheet by `state`."""

    def __init__(self, name: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicator")
        self.state = "off"
        self._name = name
        self._text: Wording = ""
        self._tooltip: Wording = ""
        self.retranslate()

    def set_state(self, state: str, text: Wording, tooltip: Wording = "") -> None:
        self.state, self._text, self._tooltip = state, text, tooltip
        self.setProperty("state", state)
        self.retranslate()
        self.style().unpolish(self)
        self.style().polish(self)

    def retranslate(self) -> None:
        name, text = worded(self._name), worded(self._text)
        self.setAccessibleName(name)
        self.setText(f"● {name}: {text}" if text else "")
        self.setToolTip(worded(self._tooltip))
        self.setAccessibleDescription(text)


class CounterStatusBar(Retranslated, QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.database = Indicator(lambda: self.tr("Database"))
        self.printer = Indicator(lambda: self.tr("Printer"))
        self.camera = Indicator(lambda: self.tr("Camera"))
        self.sync = Indicator(lambda: self.tr("Sync"))
        self.staff = QLabel()
        self.staff.setObjectName("staff")
        for widget in (self.database, self.printer, self.camera, self.sync):
            self.addWidget(widget)
        self.addPermanentWidget(self.staff)
        # The station's other counters (ui/counters_link.py): shown only where there are some.
        self.counters = Indicator(lambda: self.tr("Counters"))
        self.addWidget(self.counters)
        self.counters.hide()
        # Shown only when the PC's time zone differs from the station's (ui.app at start-up).
        self.clock = Indicator(lambda: self.tr("Clock"))
        self.addWidget(self.clock)
        self.clock.hide()
        self._zone: ZoneMismatch | None = None
        self._offset: timedelta | None = None
        # Placeholders until the scanning and sync issues bring these devices.
        self.camera.set_state("off", lambda: self.tr("not set up"))
        self.sync.set_state("off", lambda: self.tr("offline mode"))

    def retranslate(self) -> None:
        self._show_clock()  # the indicators word their own states again

    def warn_time_zone(self, mismatch: ZoneMismatch) -> None:
        """Say, until the counter restarts, that the PC's own clock shows other hours."""
        self._zone = mismatch
        self._show_clock()

    def show_clock_offset(self, offset: timedelta | None) -> None:
        """Head office's clock minus the PC's, as the last sync saw it (None: not known)."""
        self._offset = offset if offset is not None and abs(offset) > CLOCK_WARN else None
        self._show_clock()

    def _show_clock(self) -> None:
        texts: list[str] = []
        tips: list[str] = []
        if self._zone is not None:
            texts.append(self.tr("PC time zone %1, station %2").replace("%1", self._zone.pc)
                         .replace("%2", self._zone.station))
            tips.append(self.tr(
                "Screens, receipts, numbers and reports use the station's time (China, %1). "
                "Set the PC's time zone to China (UTC+8) so its own clock agrees.")
                .replace("%1", self._zone.station))
        if self._offset is not None:
            minutes = max(1, round(abs(self._offset.total_seconds()) / 60))
            texts.append(self.tr("PC clock %n min behind head office", "", minutes)
                          if self._offset > timedelta(0) else
                          self.tr("PC clock %n min ahead of head office", "", minutes))
            tips.append(self.tr("Receipts, reports and residents' QR expiry use this PC's "
                                "clock: set its time right (or turn on network time)."))
        if not texts:
            self.clock.hide()
            return
        self.clock.set_state("warn", " · ".join(texts), "\n".join(tips))
        self.clock.show()
