"""Scan to slot (货架位), the receiving desk's second mode: staff scan a ready order's label or
number, then the shelf slot label it goes on (e.g. `A-3-017`); the pair goes to the core.

This is the line under the receiving progress that says which of the two scans comes next,
and remembers the order until its slot is scanned. Ctrl+L turns the mode on and off.
Translated with Qt Linguist (context SlotMode).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.language_change import Retranslated


class SlotMode(Retranslated, QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivingMode")  # styled by the application's sheet
        self.hide()
        self.active = False
        self.order_no: str | None = None  # the order scanned, waiting for its slot

    def toggle(self) -> None:
        self.active = not self.active
        self.order_no = None
        self.setVisible(self.active)
        self._ask_for_the_order()

    def take(self, code: str) -> tuple[str, str] | None:
        """A scan in this mode: the order (None: now its slot), or the slot for the order
        scanned before (the pair: order number, slot)."""
        if self.order_no is None:
            self.order_no = code
            self.retranslate()
            return None

        order_no, self.order_no = self.order_no, None
        self._ask_for_the_order()
        return order_no, code

    def retranslate(self) -> None:
        if self.order_no is None:
            self._ask_for_the_order()
        else:
            self.setText(self.tr("Scan to slot: now scan the slot for %1").replace(
                "%1", self.order_no))

    def _ask_for_the_order(self) -> None:
        self.setText(self.tr("Scan to slot: scan the order's label or number"))

