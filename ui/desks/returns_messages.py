"""What the returns desk says to staff: refusals of returns and of the return shipment,
and the words for sources and answers. Translated with Qt Linguist (context ReturnsMessages)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.domain.outcome import LineOutcome
from station_app.services.after_sales import (
    HANDOVER_SOURCES,
    HistoryEntry,
    RefundState,
    ReturnProblem,
    ReturnRefused,
)
from station_app.services.return_shipments import ShipmentProblem, ShipmentRefused
from ui.messages import Banner, Severity


class ReturnsMessages(QObject):
    def source_text(self, source: str) -> str:
        return {"refused": self.tr("refused"), "damaged": self.tr("damaged"),
                "missing": self.tr("missing"), "returned": self.tr("returned"),
                "overdue": self.tr("overdue"), "surplus": self.tr("surplus")}.get(source, source)

    def outcome_text(self, outcome: LineOutcome) -> str:
        return {LineOutcome.TAKEN: self.tr("taken"), LineOutcome.MISSING: self.tr("missing"),
                LineOutcome.DAMAGED: self.tr("damaged"),
                LineOutcome.REFUSED: self.tr("refused")}[outcome]

    def history_text(self, entry: HistoryEntry) -> str:
        """An entry of the order's history in the window's words, from its kind and facts
        (the stored note may be in another language); the stored text for anything else."""
        facts = entry.facts
        if entry.kind == "handover" and entry.lines:
            separator = self.tr(", ", "between the lines of a handover")  # 、 in Chinese
            line_text = self.tr("%1 ×%2 (%3)", "a handover line: item, quantity, outcome")
            return self.tr("Handed over: %1").replace("%1", separator.join(
                line_text.replace("%1", line.name).replace("%2", str(line.quantity))
                .replace("%3", self.outcome_text(line.outcome)) for line in entry.lines))
        if not facts:
            return entry.text
        match entry.kind:
            case "refund_requested":
                text = (self.tr("Refund requested %1: %2 ×%3 (%4)")
                        .replace("%1", facts["request_no"]).replace("%2", facts["name"])
                        .replace("%3", facts["quantity"])
                        .replace("%4", self.source_text(facts["source"])))
                if facts["source"] not in HANDOVER_SOURCES and facts.get("reason"):
                    text += " · " + facts["reason"]  # staff's own words at a counter return
                return text
            case "refund_answered":
                text = self.tr("Head office answered %1: %2").replace(
                    "%1", facts["request_no"]).replace(
                    "%2", self.state_text(RefundState(facts["decision"])))
                return text + (f" · {facts['note']}" if facts.get("note") else "")
            case "reminded":
                return self.tr("Reminder %1 sent").replace("%1", facts["count"])
            case "return_listed" if facts["change"] == "taken_out":
                return self.tr("Taken out of return shipment %1").replace(
                    "%1", facts["shipment_no"])
            case "return_listed":
                return self.tr("Put into return shipment %1").replace(
                    "%1", facts["shipment_no"])
            case "returned":
                return self.tr("Shipped back to head office in %1").replace(
                    "%1", facts["shipment_no"])
            case "slotted":
                return self.tr("Shelf slot %1 → %2").replace("%1", facts["previous"]).replace(
                    "%2", facts["slot"])
            case "received":
                text = self.tr("Goods received (manifest %1), shelf slot %2").replace(
                    "%1", facts["manifest_no"]).replace("%2", facts["slot"])
                if facts.get("shortage"):
                    text += " · " + self.tr("short: %1").replace("%1", facts["shortage"])
                return text
            case _:
                return entry.text

    def state_text(self, state: RefundState) -> str:
        return {RefundState.REQUESTED: self.tr("waiting for head office"),
                RefundState.APPROVED: self.tr("approved"),
                RefundState.REJECTED: self.tr("rejected")}[state]

    def return_refusal(self, refused: ReturnRefused) -> Banner:
        match refused.reason:
            case ReturnProblem.MORE_THAN_TAKEN:
                return Banner(Severity.STOP, self.tr("More than the resident took"),
                              self.tr("Only %1 unit(s) of this item can still come back: it "
                                      "was never sold to them. Nothing was written.")
                              .replace("%1", str(refused.returnable or 0)))
            case ReturnProblem.BAD_QUANTITY:
                return Banner(Severity.STOP, self.tr("Quantity not possible"),
                              self.tr("Type how many units come back, from 1 up."))
            case ReturnProblem.NO_REASON:
                return Banner(Severity.STOP, self.tr("Give a reason"),
                              self.tr("Press Ctrl+R and type or pick why the goods come back; "
                                      "head office needs it for the refund."))
            case ReturnProblem.UNKNOWN_SKU:
                return Banner(Severity.STOP, self.tr("Not in this order"),
                              self.tr("%1 is not part of the order. Nothing was written.")
                              .replace("%1", refused.detail))
            case ReturnProblem.NOT_HANDED_OVER:
                return Banner(Severity.STOP, self.tr("Not handed over here"),
                              self.tr("Order %1 was not handed over at this counter, so "
                                      "nothing of it can come back here.")
                              .replace("%1", refused.detail))
            case ReturnProblem.UNKNOWN_ORDER:
                return Banner(Severity.STOP, self.tr("No order with this code"),
                              refused.detail)

    def shipment_refusal(self, refused: ShipmentRefused) -> Banner:
        items = "; ".join(refused.items[:6]) + (" …" if len(refused.items) > 6 else "")
        match refused.reason:
            case ShipmentProblem.UNSCANNED:
                return Banner(Severity.STOP, self.tr("Not everything is scanned out"),
                              self.tr("Scan these before shipping: %1").replace("%1", items))
            case ShipmentProblem.NO_LONGER_READY:
                return Banner(Severity.STOP, self.tr("An order was collected meanwhile"),
                              self.tr("Take it out of the shipment (↑ ↓, Ctrl+D), then ship: "
                                      "%1").replace("%1", items))
            case ShipmentProblem.EMPTY:
                return Banner(Severity.STOP, self.tr("The shipment is empty"),
                              self.tr("Add goods before shipping."))
            case ShipmentProblem.NOT_IN_SHIPMENT:
                return Banner(Severity.STOP, self.tr("Not in this shipment: %1")
                              .replace("%1", refused.detail),
                              self.tr("Keep it on the shelf, or add it to the shipment first."))
            case ShipmentProblem.OVER_SCANNED:
                return Banner(Severity.STOP, self.tr("Already scanned: %1")
                              .replace("%1", refused.detail),
                              self.tr("Every unit of it is already in the crate. Do not pack "
                                      "it twice."))
            case ShipmentProblem.NOTHING_PENDING:
                return Banner(Severity.INFO, self.tr("No refused or returned goods waiting"),
                              self.tr("Everything refused or brought back is already in a "
                                      "shipment."))
            case ShipmentProblem.MORE_THAN_BOOK:
                return Banner(Severity.STOP, self.tr("More than the stock book shows"),
                              self.tr("At most: %1. Count the shelf first.").replace("%1",
                                                                                   items))
            case ShipmentProblem.UNKNOWN_SKU:
                return Banner(Severity.STOP, self.tr("No item with this code"),
                              refused.detail)
            case ShipmentProblem.BAD_QUANTITY:
                return Banner(Severity.STOP, self.tr("Quantity not possible"),
                              self.tr("Type code*quantity with a quantity from 1 up."))
            case ShipmentProblem.UNKNOWN_SHIPMENT:
                return Banner(Severity.STOP, self.tr("No return shipment is open"),
                              self.tr("Add overdue orders (overdue desk) or refused goods "
                                      "(Ctrl+G) first."))
            case _:
                return Banner(Severity.STOP, self.tr("Not possible: %1")
                              .replace("%1", refused.reason.value), refused.detail or items)
