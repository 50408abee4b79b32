"""The sales desk's scale side: goods sold by weight, scale labels, and the pole display.

- A scale label scanned at the cart (domain/scale_barcode.py) adds its pack at the label's
  price; the core refuses a bad one, and the words for that are here.
- An item sold by weight scanned or typed without a label waits for the counter scale: "put
  it on the scale"; the first stable weight (ui/scale_worker.py) adds it, priced per kilogram
  by the core. Esc stops waiting; Ctrl+T tares the scale.
- The pole display (ui/pole_display.py) follows the desk: the line just changed, the total,
  then the cash tendered and the change.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from station_app.config import Settings
from station_app.counter import Counter
from station_app.devices.pole_display import Charset, PoleView
from station_app.devices.scale_simulator import ScaleSimulator
from station_app.services.sales import ItemView, SaleRefusal, SaleRefused, Sales
from ui.desks.sales_screen import SalesState, Step
from ui.messages import Banner, Severity
from ui.pole_display import PoleDisplayLink
from ui.scale_worker import ScaleWorker

if TYPE_CHECKING:
    from ui.desks.sales_desk import SalesDesk

def selling(counter: Counter) -> Sales:
    """The desk's sales service, reading scale labels by the counter's barcode rules."""
    settings = counter.settings
    return Sales(counter.db, counter.station_id, counter.clock, settings.receipt_language,
                 settings.barcode_rules.rules())


def _devices(settings: Settings) -> tuple[object, ...]:
    return (settings.scale, settings.pole_display, settings.barcode_rules)


class SalesScale(QObject):
    def __init__(self, desk: SalesDesk) -> None:
        super().__init__(desk)
        self.desk = desk
        self.waiting: ItemView | None = None
        self.simulator: ScaleSimulator | None = None
        self.worker: ScaleWorker | None = None
        self.pole: PoleDisplayLink | None = None
        self._demo_loads = random.Random(18)
        self.offline_said = False  # the desk said the scale went quiet: say when it is back
        # The devices open when the desk first shows (keep_up), inside its window: the
        # window's closing closes them, so no scale thread outlives the counter.
        self._using: tuple[object, ...] | None = None
        self._watched: QWidget | None = None
        self._tare_key = QShortcut(QKeySequence("Ctrl+T"), desk, self.tare)
        desk.destroyed.connect(self.close)

    def _open(self, settings: Settings) -> None:
        self._using = _devices(settings)
        port = settings.scale.port
        if port == "simulator":  # the demo's scale, on a pseudo-terminal
            self.simulator = ScaleSimulator(settings.scale.protocol).start()
            port = self.simulator.port
        if port:
            self.worker = ScaleWorker(settings.scale.view(port))
            self.worker.weighed.connect(self._weighed)
            self.worker.status.connect(self._status)
            self.worker.start()
        pole = settings.pole_display
        charset: Charset = pole.charset  # type: ignore[assignment]  # checked on load
        self.pole = PoleDisplayLink(pole.port, pole.baudrate, charset) if pole.port else None

    def keep_up(self) -> None:
        """The devices open on the desk's first showing; settings saved in F2 (the window
        applies them to the counter) reach the desk: the scale, the pole display and the
        scale-label rules are opened again when they changed."""
        counter = self.desk.context.counter
        if _devices(counter.settings) == self._using:
            return
        if self._using is not None:
            self.waiting = None
            self.desk.sales = selling(counter)
        self.close()
        self._open(counter.settings)
        window = self.desk.window()
        if window is not self._watched and window is not self.desk:
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.close()
        return super().eventFilter(watched, event)

    def close(self) -> None:
        self._using = None  # opened again if the desk shows again
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self.pole is not None:
            self.pole.close()
            self.pole = None
        if self.simulator is not None:
            self.simulator.close()
            self.simulator = None

    # --- weighing ------------------------------------------------------------------------

    def takes(self, item: ItemView) -> bool:
        """Whether the scale side deals with `item` found at the cart (the desk adds it
        otherwise): a second weighed pack of one item is refused, an item sold by weight
        without a weight waits for the scale."""
        desk = self.desk
        weighed = item.weight_g is not None or item.sold_by_weight
        if weighed and desk.cart.index_of(item.sku) is not None:
            self._refuse(SaleRefused(SaleRefusal.ALREADY_WEIGHED, item.name, (item.sku,)))
            return True
        if item.weight_g is not None or not item.sold_by_weight:
            return False
        if self.worker is None:
            desk.say(Banner(Severity.WARN, self.tr("%1 is sold by weight").replace(
                "%1", item.name), self.tr("No counter scale is set up: scan the label the "
                                          "scale printed for it.")))
            return True
        self.waiting = item
        self.worker.fresh()
        if self.simulator is not None:  # the demo: the simulated pan gets goods to weigh
            self.simulator.put(self._demo_loads.randrange(250, 1800), settle_s=0.6)
        desk.say(Banner(Severity.INFO, self.tr("Put %1 on the scale").replace("%1", item.name),
                        self.tr("It is added when the weight is steady. Esc: not weighed; "
                                "Ctrl+T: tare.")))
        return True

    def cancel(self) -> bool:
        """Esc while waiting for the scale: stop waiting (the cart stays)."""
        if self.waiting is None:
            return False
        self.waiting = None
        if self.simulator is not None:
            self.simulator.take_off()
        self.desk.say(Banner(Severity.INFO, self.tr("Not weighed"), ""))
        return True

    def tare(self) -> None:
        if self.worker is not None and self.desk.isVisible():
            self.worker.tare()
            self.desk.say(Banner(Severity.INFO, self.tr("Scale tared"), ""))

    def _weighed(self, grams: int) -> None:
        desk, item = self.desk, self.waiting
        if item is None or desk.step is not Step.CART or desk.busy:
            return
        self.waiting = None
        if self.simulator is not None:
            self.simulator.take_off()
        sales = desk.sales
        desk.operate(lambda: sales.weighed(item.sku, grams), desk._item_found)

    def _status(self, status: str) -> None:
        """The scale unplugged or back: said on the desk, which sells on either way."""
        desk = self.desk
        if status == "offline" and desk.isVisible():
            self.offline_said = True
            desk.say(Banner(Severity.WARN, self.tr("The counter scale is not answering"),
                            self.tr("Check its cable and that it is on. Sales go on: scan "
                                    "the labels the scale printed, or sell other goods.")))
        elif status == "ok" and self.offline_said:
            self.offline_said = False
            item = self.waiting
            desk.say(Banner(Severity.INFO, self.tr("The counter scale is back"),
                            self.tr("Put %1 on the scale.").replace("%1", item.name)
                            if item is not None else ""))

    def _refuse(self, refusal: SaleRefused) -> None:
        self.desk.context.feedback(False)
        self.desk.say(self.desk.texts.refused(refusal))

    # --- the pole display ----------------------------------------------------------------

    def follow(self, state: SalesState) -> None:
        self.keep_up()
        if self.pole is not None:
            self.pole.show(pole_view(state))


def pole_view(state: SalesState) -> PoleView:
    """What the pole display shows for the desk's state (amounts are the core's)."""
    if state.step in (Step.REFUND_FIND, Step.REFUND_PICK, Step.REFUND_REASON):
        return PoleView()
    if state.cart:
        line = state.cart.lines[min(state.selected, len(state.cart.lines) - 1)]
        change = state.checkout.change_fen if state.step is Step.PAY else None
        return PoleView(line.name, line.amount_fen, line.weight_g, state.checkout.total_fen,
                        state.checkout.cash_given_fen if change is not None else None, change)
    last = state.last_sale
    if last is None or last.original_sale_no is not None:
        return PoleView()
    return PoleView(total_fen=last.total_fen, tendered_fen=last.cash_given_fen,
                    change_fen=last.change_fen if last.cash_given_fen is not None else None)
