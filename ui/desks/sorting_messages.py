"""What the sorting desk tells staff: where the goods go, and why a scan was refused, with
what to do next. Translated with Qt Linguist (context SortingMessages)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.services.sorting_views import (
    BagView,
    Placement,
    Shorted,
    SortingRefusal,
    SortingRefused,
    Undone,
)
from ui.messages import Banner, Severity


class SortingMessages(QObject):
    def household(self, bag: BagView) -> str:
        """Who the bag is for, as staff may read it aloud: masked name and phone tail."""
        tail = self.tr("phone tail %1").replace("%1", bag.household.phone_tail) \
            if bag.household.phone_tail else ""
        return " · ".join(part for part in (bag.household.customer_name, tail) if part)

    def slot(self, bag: BagView) -> str:
        return bag.slot or self.tr("no slot: %1").replace("%1", bag.order_no)

    def placed(self, placement: Placement, by_order: bool = False) -> Banner:
        title = self.tr("%1 ×%2 → %3").replace("%1", placement.product).replace(
            "%2", str(placement.units)).replace("%3", self.slot(placement.bag))
        if placement.finished:
            return Banner(Severity.OK, title, self.tr(
                "Order %1 is sorted: every unit is in its bag.").replace(
                "%1", placement.bag.order_no))
        if by_order:
            return Banner(Severity.OK, title, self.tr("%1 of %2 units are in the bag.").replace(
                "%1", str(placement.bag.placed)).replace("%2", str(placement.bag.units)))
        return Banner(Severity.OK, title, self.tr("%1 of this product still to place.")
                      .replace("%1", str(placement.product_left)))

    def opened(self, bag: BagView) -> Banner:
        return Banner(Severity.INFO, self.tr("Sorting order %1 · %2").replace(
            "%1", bag.order_no).replace("%2", self.slot(bag)), self.tr(
            "Scan each item as it goes into the bag. Esc goes back to sorting by product."))

    def undone(self, undone: Undone) -> Banner:
        detail = self.tr("Take it out of the bag at %1.").replace("%1", self.slot(undone.bag))
        if undone.reopened:
            detail += " " + self.tr("Order %1 is not sorted any more.").replace(
                "%1", undone.bag.order_no)
        return Banner(Severity.WARN, self.tr("Undone: %1 ×%2").replace(
            "%1", undone.product).replace("%2", str(undone.units)), detail)

    def shorted(self, shorted: Shorted) -> Banner:
        return Banner(Severity.WARN, self.tr("%1: %2 unit(s) short").replace(
            "%1", shorted.product).replace("%2", str(shorted.units)), self.tr(
            "%1 order(s) get it as a shortage; the handover marks it missing.").replace(
            "%1", str(len(shorted.bags))))

    def refusal(self, refused: SortingRefused) -> Banner:
        """Why a scan or key was refused: nothing was counted."""
        product = refused.product or refused.code
        match refused.reason:
            case SortingRefusal.UNKNOWN_CODE:
                return Banner(Severity.STOP, self.tr("Unknown code: %1").replace(
                    "%1", refused.code or refused.order_no), self.tr(
                    "Nothing was counted. Scan the product's barcode, its carton label or a "
                    "bag label."))
            case SortingRefusal.NOT_DELIVERED:
                return Banner(Severity.STOP, self.tr("%1 is not in today's deliveries").replace(
                    "%1", product), self.tr("Nothing was counted. Put it aside: no order "
                                            "waiting to be sorted needs it."))
            case SortingRefusal.ALL_PLACED:
                return Banner(Severity.STOP, self.tr("One too many: %1").replace(
                    "%1", product), self.tr("Every unit of it is already in its bag. Put this "
                                            "one aside as surplus, or Ctrl+Z if one went "
                                            "into the wrong bag."))
            case SortingRefusal.NOT_IN_ORDER:
                return Banner(Severity.STOP, self.tr("Wrong product: %1").replace(
                    "%1", product), self.tr("Order %1 did not buy it. Keep it out of this "
                                            "bag.").replace("%1", refused.order_no))
            case SortingRefusal.ORDER_HAS_IT:
                return Banner(Severity.STOP, self.tr("One too many: %1").replace(
                    "%1", product), self.tr("Order %1 has all it bought of it already.")
                    .replace("%1", refused.order_no))
            case SortingRefusal.OTHER_STATION:
                return Banner(Severity.STOP, self.tr("Another station's bag: %1").replace(
                    "%1", refused.order_no), self.tr(
                    "This bag is not for this station. Put it aside for the driver."))
            case SortingRefusal.NOT_TO_SORT:
                return Banner(Severity.STOP, self.tr("Order %1 is not waiting to be sorted")
                              .replace("%1", refused.order_no), self._state(refused.state))
            case SortingRefusal.NOTHING_TO_UNDO:
                return Banner(Severity.INFO, self.tr("Nothing to undo"), "")
            case SortingRefusal.UNDO_TOO_LATE:
                return Banner(Severity.STOP, self.tr("Too late to undo"), self.tr(
                    "Order %1 has left the shelf since.").replace("%1", refused.order_no))
        return Banner(Severity.STOP, self.tr("Nothing was counted"), "")

    def printing(self, jobs: int) -> Banner:
        if not jobs:
            return Banner(Severity.INFO, self.tr("Nothing to print"), self.tr(
                "No order is waiting to be sorted."))
        return Banner(Severity.OK, self.tr("%n document(s) printing", "", jobs), "")

    def _state(self, state: str) -> str:
        return {
            "sorted": self.tr("Its bag is already sorted."),
            "not_arrived": self.tr("Its goods have not been received yet: receive the "
                                   "delivery first."),
            "handed_over": self.tr("It was handed over already."),
            "cancelled": self.tr("It was cancelled."),
            "returned": self.tr("It was sent back to head office."),
        }.get(state, self.tr("It was made ready on an earlier day without sorting."))
