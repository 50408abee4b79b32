"""The returns desk's second tab (Ctrl+2): the return shipment (退货出库) going back to head
office.

It shows the open shipment, one row per item with what is scanned out of what goes, and the
buttons for its keys: add the refused and returned goods still here, take a line out, ship and
print the list. The desk fills it from the core's `ShipmentView` and does the work.
Translated with Qt Linguist (context ReturnShipmentPage).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.services.return_shipments import ScanOutcome, ShipmentView
from ui.desks.returns_messages import ReturnsMessages
from ui.desks.widgets import name_table, set_row, table
from ui.language_change import Retranslated


class ReturnShipmentPage(Retranslated, QWidget):
    def __init__(self, words: ReturnsMessages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.shipment_label = QLabel()
        self.shipment_label.setObjectName("shipmentStatus")
        self.shipment_label.setProperty("role", "section")
        self.shipment_lines = table(4)
        self.add_goods_button = self._button()
        self.take_out_button = self._button()
        self.ship_button = self._button()
        # What is on show: the open shipment, or the number of the one just shipped.
        self._shipment: ShipmentView | None = None
        self._shipped: str | None = None
        buttons = QHBoxLayout()
        for button in (self.add_goods_button, self.take_out_button, self.ship_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.shipment_label)
        layout.addWidget(self.shipment_lines, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        name_table(self.shipment_lines, [self.tr("Item"), self.tr("Order"), self.tr("Reason"),
                                         self.tr("Scanned")], self.tr("Return shipment lines"),
                   self.tr("One row per item going back to head office"))
        self.add_goods_button.setText(self.tr("Add refused / returned goods (Ctrl+G)"))
        self.take_out_button.setText(self.tr("Take line out (Ctrl+D)"))
        self.ship_button.setText(self.tr("Ship and print list (Ctrl+Enter)"))
        if self._shipped is not None:
            self.show_shipped(self._shipped)
        elif self.shipment_label.text():  # a shipment (or none) was shown: show it again
            self.show_shipment(self._shipment)

    @staticmethod
    def _button() -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def show_shipment(self, shipment: ShipmentView | None) -> None:
        """The open shipment (None: none is open); the selected row stays where it was."""
        selected = self.shipment_lines.currentRow()
        self._shipment, self._shipped = shipment, None
        self.shipment_lines.setRowCount(0)
        if shipment is None:
            self.shipment_label.setText(self.tr("No return shipment open · Ctrl+G adds "
                                                "refused/returned goods"))
            return
        self.shipment_label.setText(self.tr("%1 · %2/%3 scanned")
                                    .replace("%1", shipment.shipment_no)
                                    .replace("%2", str(shipment.scanned_units))
                                    .replace("%3", str(shipment.units)))
        self.shipment_lines.setRowCount(len(shipment.lines))
        for row, line in enumerate(shipment.lines):
            set_row(self.shipment_lines, row, [
                line.name, line.order_no or "—", self.words.source_text(line.reason.value),
                f"{line.scanned}/{line.quantity}" + (" ✓" if line.complete else "")])
        if shipment.lines:
            self.shipment_lines.selectRow(max(0, min(selected, len(shipment.lines) - 1)))

    def show_scanned(self, outcome: ScanOutcome) -> None:
        """The shipment after a scan out, with the line it counted selected."""
        self.show_shipment(outcome.shipment)
        for row, line in enumerate(outcome.shipment.lines):
            if outcome.code in (line.order_no, line.sku) or line.name == outcome.label:
                self.shipment_lines.selectRow(row)
                break

    def show_shipped(self, shipment_no: str) -> None:
        self.show_shipment(None)
        self._shipped = shipment_no
        self.shipment_label.setText(self.tr("Shipped %1 · no shipment open")
                                    .replace("%1", shipment_no))

    def cells(self) -> list[list[str]]:
        """What the shipment table shows, row by row (for tests and screen readers)."""
        return [[cell.text() if (cell := self.shipment_lines.item(row, column)) else ""
                 for column in range(self.shipment_lines.columnCount())]
                for row in range(self.shipment_lines.rowCount())]
