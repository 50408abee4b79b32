"""The status bar: database, printer, camera and sync at a glance, plus who is at the counter;
and, only when the PC's time zone is not the station's or its clock is off head office's, a
clock warning."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from station_app.clock import CLOCK_WARN, ZoneMismatch


class Indicator(QLabel):
    """A dot and a word; the colour comes from the stylesheet by `state`."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicator")
        self.state = "off"
        self.setAccessibleName(name)

    def set_state(self, state: str, text: str, tooltip: str = "") -> None:
        self.state = state
        self.setProperty("state", state)
        self.setText(f"● {self.accessibleName()}: {text}")
        self.setToolTip(tooltip)
        self.setAccessibleDescription(text)
        self.style().unpolish(self)
        self.style().polish(self)

    def refresh(self) -> None:
        """Show the name and state again after the language changed (ui/retranslate.py has
        translated both where a screen reader reads them)."""
        self.set_state(self.state, self.accessibleDescription(), self.toolTip())


class CounterStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.database = Indicator(self.tr("Database"))
        self.printer = Indicator(self.tr("Printer"))
        self.camera = Indicator(self.tr("Camera"))
        self.sync = Indicator(self.tr("Sync"))
        self.staff = QLabel()
        self.staff.setObjectName("staff")
        for widget in (self.database, self.printer, self.camera, self.sync):
            self.addWidget(widget)
        self.addPermanentWidget(self.staff)
        # Shown only when the PC's time zone differs from the station's (ui.app at start-up).
        self.clock = Indicator(self.tr("Clock"))
        self.addWidget(self.clock)
        self.clock.hide()
        self._zone: ZoneMismatch | None = None
        self._offset: timedelta | None = None
        # Placeholders until the scanning and sync issues bring these devices.
        self.camera.set_state("off", self.tr("not set up"))
        self.sync.set_state("off", self.tr("offline mode"))

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
