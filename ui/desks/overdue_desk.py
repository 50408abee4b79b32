"""The overdue desk (滞留): ready orders past their holding deadline, oldest first.

↑ ↓ and Space tick orders (scanning an order's code ticks it too), Ctrl+A ticks all (again:
none), Ctrl+M marks the ticked orders reminded (head office sends the message), Ctrl+T moves
them into the open return shipment, scanned out and shipped on the returns desk. Ctrl+L sets
the station's holding period (a manager approves; orders received afterwards get it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.services.authority import NotAllowed
from station_app.services.overdue import (
    MAX_HOLDING_DAYS,
    MIN_HOLDING_DAYS,
    Overdue,
    OverdueOrder,
    OverdueRefused,
    RemindDone,
)
from station_app.services.return_shipments import ShipmentRefused, ShipmentView
from ui.desks.base import Desk, DeskContext
from ui.desks.widgets import DeskKeys, move_row, name_table, set_row, table
from ui.messages import Banner, Severity, local_time

TICK, ORDER, SLOT, PHONE, AGE, REMINDED, ITEMS, SHIPMENT = range(8)
TICKED = QColor("#fff3b0")


class OverdueDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.service = Overdue(counter.db, counter.station_id, counter.clock)
        self.orders: list[OverdueOrder] = []
        self.ticked: set[str] = set()
        self.busy = False
        self._holding_days: int | None = None  # as last loaded: nothing shown before

        self.status = QLabel()
        self.status.setObjectName("overdueStatus")
        self.status.setProperty("role", "section")
        self.holding = QSpinBox()
        self.holding.setRange(MIN_HOLDING_DAYS, MAX_HOLDING_DAYS)
        self.holding.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.holding_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.holding_label)
        top.addWidget(self.holding)
        buttons = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for slot in (self.tick_all, self.remind, self.move_to_return, self.set_holding_days):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons.append(button)
        self.table: QTableWidget = table(8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ORDER, header.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        for keys, slot in (("Ctrl+A", self.tick_all), ("Ctrl+M", self.remind),
                           ("Ctrl+T", self.move_to_return), ("Ctrl+L", self.set_holding_days)):
            QShortcut(QKeySequence(keys), self, slot)
        self._keys = DeskKeys(self, {Qt.Key.Key_A, Qt.Key.Key_M, Qt.Key.Key_T, Qt.Key.Key_L})
        self.retranslate()

    def retranslate(self) -> None:
        self.holding.setSuffix(self.tr(" day(s)"))
        self.holding.setAccessibleName(self.tr("Holding period"))
        self.holding_label.setText(self.tr("Holding period"))
        for button, text in zip(self.buttons, (
                self.tr("Tick all (Ctrl+A)"), self.tr("Mark reminded (Ctrl+M)"),
                self.tr("Move into return shipment (Ctrl+T)"),
                self.tr("Set holding period (Ctrl+L)")), strict=True):
            button.setText(text)
        name_table(self.table,
                   [self.tr("✓"), self.tr("Order"), self.tr("Slot"), self.tr("Phone"),
                    self.tr("Overdue"), self.tr("Reminded"), self.tr("Items"),
                    self.tr("Return")],
                   self.tr("Overdue orders"),
                   self.tr("One row per overdue order, oldest first; ↑ ↓ choose, Space ticks"))
        if self._holding_days is not None:
            self._show(self.orders, self._holding_days)

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Overdue")

    @property
    def scan_hint(self) -> str:
        return self.tr("Scan or type an order's code to tick it; Space ticks the selected line")

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        service = self.service
        self.operate(lambda: (service.overdue(), service.holding_days()), self._loaded)

    def scan(self, text: str) -> None:
        text = text.strip()
        row = next((row for row, order in enumerate(self.orders)
                    if text in (order.order_no, order.pickup_code)), None)
        if row is None:
            self.refuse(Banner(Severity.STOP, self.tr("Not on the overdue list: %1")
                                 .replace("%1", text),
                                 self.tr("Only ready orders past their holding deadline are "
                                         "listed here. Look the order up on the handover "
                                         "desk.")))
            return
        self.table.selectRow(row)
        self.ticked.add(self.orders[row].order_no)
        self._paint_ticks()
        self._banner(Severity.INFO, self.tr("%1 ticked").replace("%1", self.orders[row].order_no),
                     self.tr("%n order(s) ticked.", "", len(self.ticked)))
        self.context.feedback(True)
        self.shown.emit()

    def move_choice(self, step: int) -> bool:
        return move_row(self.table, step)

    def space(self) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.orders):
            return False
        self.ticked ^= {self.orders[row].order_no}
        self._paint_ticks()
        self.shown.emit()
        return True

    def escape(self) -> None:
        self.ticked.clear()
        self._paint_ticks()

    # --- actions ----------------------------------------------------------------------------

    def tick_all(self) -> None:
        everything = {order.order_no for order in self.orders}
        self.ticked = set() if everything and self.ticked == everything else everything
        self._paint_ticks()
        self._banner(Severity.INFO, self.tr("%n order(s) ticked", "", len(self.ticked)),
                     self.tr("Ctrl+M marks them reminded, Ctrl+T moves them into the return "
                             "shipment."))
        self.shown.emit()

    @property
    def ticked_in_order(self) -> list[str]:
        return [order.order_no for order in self.orders if order.order_no in self.ticked]

    def remind(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        staff_id = self.context.staff_id
        service = self.service
        self.busy = True
        self.operate(lambda: (service.remind(chosen, staff_id), service.overdue(),
                                  service.holding_days()), self._reminded)

    def move_to_return(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        staff_id = self.context.staff_id
        service = self.service
        self.busy = True
        self.operate(lambda: (service.move_to_return(chosen, staff_id), service.overdue(),
                                  service.holding_days()), self._moved)

    def set_holding_days(self) -> None:
        days = self.holding.value()
        self.context.ask_manager(
            self.tr("holding period of %n day(s) for orders received from now on", "", days),
            lambda approver: self._set_holding_days(days, approver))

    def _set_holding_days(self, days: int, approver: int | None) -> None:
        if approver is None:
            self.refuse(Banner(Severity.WARN, self.tr("Holding period not changed"),
                                 self.tr("A station manager must approve the change.")))
            return
        service = self.service
        self.operate(lambda: (service.set_holding_days(days, approver), days),
                         self._holding_set)

    def _chosen(self) -> list[str] | None:
        if self.busy:
            return None
        chosen = self.ticked_in_order
        if not chosen:
            self.refuse(Banner(Severity.STOP, self.tr("No order ticked"),
                                 self.tr("Tick orders with ↑ ↓ and Space, or all with Ctrl+A.")))
            return None
        return chosen

    # --- results ----------------------------------------------------------------------------

    def _loaded(self, loaded: tuple[list[OverdueOrder], int]) -> None:
        self._show(*loaded)
        self.shown.emit()

    def _reminded(self, result: tuple[RemindDone, list[OverdueOrder], int]) -> None:
        self.busy = False
        done, orders, days = result
        self.ticked.clear()
        self._show(orders, days)
        self._banner(Severity.OK, self.tr("%n order(s) marked reminded", "",
                                          len(done.order_nos)),
                     self.tr("Head office sends the residents a reminder."))
        self.context.feedback(True)
        self.shown.emit()

    def _moved(self, result: tuple[ShipmentView, list[OverdueOrder], int]) -> None:
        self.busy = False
        shipment, orders, days = result
        moved = len(self.ticked)
        self.ticked.clear()
        self._show(orders, days)
        self._banner(Severity.OK, self.tr("%n order(s) moved into %1", "", moved)
                     .replace("%1", shipment.shipment_no),
                     self.tr("Take them off the shelf; scan them out and ship on the returns "
                             "desk (%1 unit(s) in the shipment).")
                     .replace("%1", str(shipment.units)))
        self.context.feedback(True)
        self.shown.emit()

    def _holding_set(self, result: tuple[int, int]) -> None:
        previous, days = result
        self._banner(Severity.OK, self.tr("Holding period: %n day(s)", "", days),
                     self.tr("Was %1. Orders already on the shelf keep their deadline; orders "
                             "received from now on get the new period.")
                     .replace("%1", str(previous)))
        self.refresh()

    def refusal(self, error: BaseException) -> Banner | None:
        if isinstance(error, OverdueRefused | ShipmentRefused):
            items = "; ".join(error.items[:6]) or error.detail
            self.refresh()  # the list as it is now
            return Banner(Severity.STOP, self.tr("Not possible for every ticked order"),
                          self.tr("Nothing was changed. Not overdue or already in the "
                                  "shipment: %1").replace("%1", items))
        if isinstance(error, NotAllowed):
            return self.context.messages.manager_only(
                self.tr("Only a station manager can do this"))
        return None

    # --- screen -----------------------------------------------------------------------------

    def _show(self, orders: list[OverdueOrder], holding_days: int) -> None:
        selected = self.table.currentRow()
        self.orders, self._holding_days = orders, holding_days
        self.ticked &= {order.order_no for order in orders}
        self.holding.setValue(holding_days)
        self.status.setText(self.tr("%n overdue order(s)", "", len(orders)) + " · " +
                            self.tr("holding period %n day(s)", "", holding_days))
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(orders))
        for row, order in enumerate(orders):
            reminded = self.tr("✓ %1× %2").replace("%1", str(order.reminders)).replace(
                "%2", local_time(order.reminded_at)) if order.reminded_at else "—"
            set_row(self.table, row, [
                "", order.order_no, order.slot or "—", order.masked_phone,
                self.tr("%1 d %2 h").replace("%1", str(order.days))
                .replace("%2", str(order.hours)),
                reminded, str(order.item_count),
                self.tr("listed") if order.in_return_shipment else ""])
        self.table.setUpdatesEnabled(True)
        if orders:
            self.table.selectRow(max(0, min(selected, len(orders) - 1)))
        self._paint_ticks()

    def _paint_ticks(self) -> None:
        for row, order in enumerate(self.orders):
            ticked = order.order_no in self.ticked
            cell = self.table.item(row, TICK)
            if cell is not None:
                cell.setText("☑" if ticked else "☐")
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(TICKED) if ticked else QBrush())
                    font = QFont(item.font())
                    font.setBold(ticked)
                    item.setFont(font)

    def row_texts(self, row: int) -> list[str]:
        return [cell.text() if (cell := self.table.item(row, column)) else ""
                for column in range(self.table.columnCount())]

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
