"""The status bar: database, printer, camera and sync at a glance, plus who is at the counter."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


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
        # Placeholders until the scanning and sync issues bring these devices.
        self.camera.set_state("off", self.tr("not set up"))
        self.sync.set_state("off", self.tr("offline mode"))
