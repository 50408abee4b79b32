"""What the receiving desk shows before a manifest is confirmed: every line that differs.

The first Ctrl+Enter used to give only counts ("1 line(s) short, 1 with extra goods"); staff
then had to hunt the table for the lines. This list names each one with its figures and the
reason confirming will record (the one staff chose, or the core's inferred one). Translated
with Qt Linguist (context DiscrepancyList).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from station_app.services.receiving import LineCount
from ui.language_change import Retranslated

SHORT_COLOUR, EXTRA_COLOUR = "#b3261e", "#8a5a00"


class DiscrepancyList(Retranslated, QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discrepancyList")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        self.setMaximumHeight(220)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        """Its words; its lines are drawn again by the desk (which knows their reasons)."""
        self.setAccessibleName(self.tr("Discrepancies"))
        self.setAccessibleDescription(self.tr(
            "One row per line that differs from the manifest: expected, received, damaged and "
            "the reason"))


    def show_lines(self, lines: Sequence[LineCount],
                   reason_text: Callable[[str | None], str]) -> None:
        """The differing lines; `reason_text` words a reason code (the desk's words)."""
        self.clear()
        for line in lines:
            if not line.differs:
                continue
            item = QListWidgetItem(
                self.tr("%1 (%2): expected %3, received %4, damaged %5 · %6")
                .replace("%1", line.name).replace("%2", line.sku)
                .replace("%3", str(line.expected)).replace("%4", str(line.received))
                .replace("%5", str(line.damaged))
                .replace("%6", reason_text(line.reason_on_confirm)))
            item.setForeground(QColor(SHORT_COLOUR if line.received < line.expected
                                      else EXTRA_COLOUR))
            self.addItem(item)
        self.setVisible(self.count() > 0)

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]
