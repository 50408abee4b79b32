"""What the receiving desk tells staff when the core has counted or received, and when it
refuses: in the desk's words, with what to do next. Translated with Qt Linguist (context
ReceivingMessages)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.services.authority import NotAllowed
from station_app.services.manifests import ManifestRefused
from station_app.services.receiving import (
    ReceiveDone,
    ReceivingRefusal,
    ReceivingRefused,
    ScanCounted,
)
from station_app.services.slots import SlotRefusal, SlotRefused
from ui.messages import Banner, Severity


class ReceivingMessages(QObject):
    def counted(self, counted: ScanCounted) -> Banner:
        """A scan or a typed count saved: what it added to which line, and where it stands."""
        line = counted.lines[-1]
        what = {"carton": self.tr("Carton"), "item": self.tr("Item"),
                "bag": self.tr("Order bag")}[counted.kind.value]
        severity = Severity.WARN if line.is_extra else Severity.OK
        title = self.tr("%1 +%2: %3").replace("%1", what).replace(
            "%2", str(counted.added_units)).replace("%3", line.name)
        if counted.typed:
            severity, title = Severity.OK, self.tr("Line %1 saved: %2").replace(
                "%1", str(line.line_no)).replace("%2", line.name)
        detail = self.tr("%1 of %2 received").replace("%1", str(line.received)).replace(
            "%2", str(line.expected))
        if line.damaged:
            detail += " · " + self.tr("%1 damaged").replace("%1", str(line.damaged))
        if line.is_extra and not counted.typed:
            detail = self.tr("Not on the manifest: counted as extra goods.")
        return Banner(severity, title, detail)

    def received(self, done: ReceiveDone) -> Banner:
        """A manifest confirmed: how many orders are ready, short or still waiting."""
        title = self.tr("Received %1: %2 orders ready, %3 short, %4 labels printing") \
            .replace("%1", done.manifest_no).replace("%2", str(len(done.ready_orders))) \
            .replace("%3", str(len(done.short_orders))) \
            .replace("%4", str(len(done.print_job_ids)))
        details = []
        if done.short_orders:
            details.append(self.tr("Short orders are ready with their missing goods marked; "
                                   "the handover shows them."))
        if done.to_sort_orders:
            details.append(self.tr("%1 order(s) wait to be sorted into their bags: sort them "
                                   "on the sorting desk (Alt+0).")
                           .replace("%1", str(len(done.to_sort_orders))))
        if done.waiting_orders:
            details.append(self.tr("%1 order(s) got none of their goods and still wait.")
                           .replace("%1", str(len(done.waiting_orders))))
        if done.unslotted_orders:
            details.append(self.tr("The shelf is full: %1 order(s) have no slot. Scan them "
                                   "to a slot (Ctrl+L) once one is free.")
                           .replace("%1", str(len(done.unslotted_orders))))
        severity = Severity.WARN if details else Severity.OK
        return Banner(severity, title, " ".join(details) or self.tr(
            "Put the orders on their slots with their labels."))

    def _receiving_texts(self) -> dict[ReceivingRefusal, tuple[str, str]]:
        return {
            ReceivingRefusal.UNKNOWN_MANIFEST: (
                self.tr("No such manifest: %1"),
                self.tr("Pull the latest data (F7) or import the manifest file.")),
            ReceivingRefusal.ALREADY_RECEIVED: (
                self.tr("Manifest already received: %1"),
                self.tr("Nothing was changed. Its goods are in stock.")),
            ReceivingRefusal.UNKNOWN_CODE: (
                self.tr("Unknown code: %1"),
                self.tr("No carton, product or order bag of this manifest has this code. "
                        "Nothing was counted; type the count instead (↑ ↓, Ctrl+T).")),
            ReceivingRefusal.BAG_ALREADY_SCANNED: (
                self.tr("Bag %1 was already counted"),
                self.tr("A bag counts once. Nothing was added.")),
            ReceivingRefusal.BAD_COUNT: (
                self.tr("Count refused for %1"),
                self.tr("Counts are 0 to 100,000 units. Nothing was saved.")),
            ReceivingRefusal.UNKNOWN_SKU: (
                self.tr("Unknown item %1"),
                self.tr("It is not in the catalogue. Nothing was saved.")),
            ReceivingRefusal.BAD_REASON: (
                self.tr("Unknown reason for %1"), self.tr("Pick a reason with Ctrl+R.")),
            ReceivingRefusal.NOTE_TOO_LONG: (
                self.tr("Note too long for %1"),
                self.tr("Keep the note under 200 characters.")),
            ReceivingRefusal.OTHER_COUNTER: (
                self.tr("Deliveries are received at counter %1"),
                self.tr("Receive it there. If that PC is out of order, a manager makes "
                        "this counter the receiving one in F2.")),
        }

    def refusal(self, error: BaseException) -> Banner | None:
        """The banner for a refused receiving, slot or import; None for anything else (a
        storage fault: the window's failure banner)."""
        stop = Severity.STOP
        if isinstance(error, ReceivingRefused):
            code = error.code
            texts = self._receiving_texts()
            title, detail = texts[error.reason]
            shown = {ReceivingRefusal.UNKNOWN_MANIFEST: error.manifest_no,
                     ReceivingRefusal.ALREADY_RECEIVED: error.manifest_no,
                     ReceivingRefusal.OTHER_COUNTER: error.detail}.get(error.reason, code)
            return Banner(stop, title.replace("%1", shown or "—"), detail)
        if isinstance(error, SlotRefused):
            slot_texts = {
                SlotRefusal.UNKNOWN_ORDER: (self.tr("Unknown order %1"),
                                            self.tr("Scan the order's label again.")),
                SlotRefusal.NOT_READY: (self.tr("Order %1 is not waiting on the shelf"),
                                        self.tr("Only ready orders get a slot.")),
                SlotRefusal.UNKNOWN_SLOT: (self.tr("No such slot: %2"),
                                           self.tr("Scan a slot label of this shelf, e.g. "
                                                   "A-3-017. Nothing was changed.")),
                SlotRefusal.SLOT_TAKEN: (self.tr("Slot %2 is taken by %3"),
                                         self.tr("Pick another slot, or move that order "
                                                 "first. Nothing was changed.")),
                SlotRefusal.OTHER_COUNTER: (self.tr("Slots are given at counter %3"),
                                            self.tr("Put the order on its slot there. "
                                                    "Nothing was changed.")),
            }
            title, detail = slot_texts[error.reason]
            return Banner(stop, title.replace("%1", error.order_no).replace("%2", error.slot)
                          .replace("%3", error.holder or ""), detail)
        if isinstance(error, ManifestRefused):
            return Banner(stop, self.tr("Manifest refused: %1").replace("%1", str(error)),
                          self.tr("Nothing was imported. Ask head office for a corrected "
                                  "manifest."))
        if isinstance(error, NotAllowed):
            return Banner(stop, self.tr("Not allowed"),
                          self.tr("The signed-in staff cannot confirm receiving."))
        return None

