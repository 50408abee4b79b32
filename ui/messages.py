"""Every sentence the counter says to staff, in one place and translated (Qt Linguist).

The core returns codes (verdicts, problems, refusal reasons); this turns each into a banner:
what happened and what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QObject
from sqlalchemy.exc import SQLAlchemyError

from station_app.clock import ZoneMismatch
from station_app.devices.printers import PrinterError
from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import ScanProblem
from station_app.services.handover_views import (
    HandoverDone,
    HandoverRefused,
    LookupOutcome,
    LookupResult,
    OrderView,
    RefusalReason,
    TokenProblem,
)
from station_app.storage.database import StorageProblem, storage_problem
from ui.formatting import short_date_time


class Severity(StrEnum):
    OK = "ok"
    INFO = "info"
    WARN = "warn"
    STOP = "stop"


@dataclass(frozen=True)
class Banner:
    severity: Severity
    title: str
    detail: str


def local_time(moment: datetime) -> str:
    return short_date_time(moment)


class Messages(QObject):
    """Translatable texts. A QObject so `self.tr` gives lupdate one context for all of them."""

    # --- looked-up orders -------------------------------------------------------------------

    def for_lookup(self, result: LookupResult) -> Banner | None:
        match result.outcome:
            case LookupOutcome.FOUND:
                assert result.order is not None
                return self.for_order(result.order)
            case LookupOutcome.CHOOSE:
                return Banner(Severity.INFO,
                              self.tr("%n orders end in %1", "", len(result.choices))
                              .replace("%1", result.shown),
                              self.tr("Ask the resident's name, pick the order with ↑ ↓ "
                                      "and press Enter."))
            case LookupOutcome.NOT_FOUND:
                return Banner(Severity.STOP, self.tr("No order with this code"),
                              self.tr("Nothing matches %1. Check the code with the resident, "
                                      "or ask for the last 4 digits of their phone.")
                              .replace("%1", result.shown))
            case LookupOutcome.OTHER_STATION:
                return self.other_station(result.other_station or "?")
            case LookupOutcome.TOKEN_REJECTED:
                return self.for_rejected_token(result)
            case LookupOutcome.UNUSABLE:
                return self.for_problem(result.problem, result.shown)

    def for_rejected_token(self, result: LookupResult) -> Banner:
        """A pickup QR code the counter must not honour: why, and how to go on without it."""
        match result.token_problem:
            case TokenProblem.FORGED:
                return Banner(Severity.STOP, self.tr("Forged QR code"),
                              self.tr("Head office did not issue this code. Hand over nothing "
                                      "on it: ask for the 6-digit pickup code and check the "
                                      "order in the resident's app."))
            case TokenProblem.TAMPERED:
                return Banner(Severity.STOP, self.tr("Altered QR code"),
                              self.tr("This code for order %1 was changed after head office "
                                      "issued it. Hand over nothing on it: ask for the "
                                      "6-digit pickup code.").replace("%1", result.shown))
            case TokenProblem.EXPIRED:
                return Banner(Severity.STOP, self.tr("QR code expired"),
                              self.tr("Ask the resident to refresh the code in the app, or "
                                      "use the 6-digit code."))
            case TokenProblem.UNKNOWN_KEY:
                return Banner(Severity.STOP, self.tr("QR code signed with an unknown key"),
                              self.tr("This counter has not received head office's newest "
                                      "keys: sync, or type the 6-digit code."))
            case TokenProblem.OTHER_STATION:
                return self.other_station(result.other_station or "?")
            case TokenProblem.UNSUPPORTED_VERSION:
                return Banner(Severity.STOP, self.tr("QR code from a newer app version"),
                              self.tr("This counter cannot read this kind of code yet: update "
                                      "the station app, or type the 6-digit code."))
            case TokenProblem.MALFORMED | None:
                return Banner(Severity.STOP, self.tr("Damaged QR code"),
                              self.tr("The code was not read completely or was changed. Scan "
                                      "it again, or type the 6-digit code."))

    def for_problem(self, problem: ScanProblem | None, shown: str) -> Banner | None:
        match problem:
            case ScanProblem.EMPTY | None:
                return None
            case ScanProblem.TOO_LONG:
                return Banner(Severity.STOP, self.tr("This is not a pickup code"),
                              self.tr("The scan was far too long to be an order code. Scan "
                                      "the QR code in the resident's app again."))
            case ScanProblem.UNREADABLE:
                return Banner(Severity.STOP, self.tr("The scan could not be read"),
                              self.tr("Scan again, or type the 6-digit pickup code."))
            case ScanProblem.NOT_A_CODE:
                return Banner(Severity.STOP, self.tr("Not a pickup code"),
                              self.tr("“%1” is not a pickup code, phone tail or order number. "
                                      "Scan the QR code in the resident's app, or type the "
                                      "6-digit code.").replace("%1", shown))

    def for_order(self, order: OrderView) -> Banner:
        banner = self._for_order(order)
        if not order.household or not order.verdict.can_hand_over:
            return banner
        return Banner(banner.severity, banner.title, self.tr(
            "This household has %n more ready order(s): Ctrl+H adds them to this handover.",
            "", len(order.household)) + " " + banner.detail)

    def _for_order(self, order: OrderView) -> Banner:
        slot = order.slot or self.tr("no slot")
        match order.verdict:
            case Verdict.READY if order.sorting_unfinished is not None:
                placed, units = order.sorting_unfinished
                return Banner(Severity.WARN, self.tr("Ready · slot %1 · not sorted yet").replace(
                    "%1", slot), self.tr("Only %1 of %2 units are in the bag. Check every line "
                                         "against the goods before you press Enter.")
                    .replace("%1", str(placed)).replace("%2", str(units)))
            case Verdict.READY:
                return Banner(Severity.OK, self.tr("Ready for pickup · slot %1").replace(
                    "%1", slot), self.tr("Fetch the goods, check them with the resident, then "
                                         "press Enter to hand over."))
            case Verdict.OVERDUE:
                return Banner(Severity.WARN, self.tr("Overdue since %1").replace(
                    "%1", local_time(order.holding_deadline)),
                    self.tr("Slot %1. Hand it over now and remind the resident of the "
                            "holding period.").replace("%1", slot))
            case Verdict.ALREADY_HANDED_OVER:
                when = local_time(order.handed_over_at) if order.handed_over_at else "?"
                return Banner(Severity.STOP, self.tr("Already picked up"),
                              self.tr("Handed over %1 by %2. Do not hand it over again; ask "
                                      "the resident for their receipt.")
                              .replace("%1", when).replace("%2", order.handed_over_by or "?"))
            case Verdict.CANCELLED:
                return Banner(Severity.STOP, self.tr("Order cancelled"),
                              self.tr("Head office cancelled this order. Do not hand it over; "
                                      "the resident can contact customer service."))
            case Verdict.RETURNED:
                return Banner(Severity.STOP, self.tr("Sent back to head office"),
                              self.tr("The goods were returned after the holding period. The "
                                      "resident can contact customer service."))
            case Verdict.NOT_ARRIVED:
                return Banner(Severity.STOP, self.tr("Goods not arrived yet"),
                              self.tr("This order has not been received at the station. Ask "
                                      "the resident to come back after the next delivery."))
            case Verdict.NOT_SORTED:
                return Banner(Severity.STOP, self.tr("Goods here, bag not sorted yet"),
                              self.tr("Sort this order first: press Alt+0, scan its bag label "
                                      "and then each item. Hand it over once it is sorted."))
            case Verdict.OTHER_STATION:
                return self.other_station(order.station_id)
            case Verdict.UNKNOWN:
                return Banner(Severity.STOP, self.tr("No order with this code"), "")

    def for_household(self, card: OrderView, orders: int) -> Banner:
        """The household's orders on one card: fetch every bag, check, Enter hands all over."""
        severity = Severity.WARN if card.verdict is Verdict.OVERDUE or card.shortage \
            else Severity.OK
        return Banner(severity, self.tr("%n orders of this household · slots %1", "", orders)
                      .replace("%1", card.slot or "—"), self.tr(
                          "Fetch every bag and check the goods with the resident; Enter hands "
                          "them all over on one receipt."))

    def other_station(self, station: str) -> Banner:
        return Banner(Severity.STOP, self.tr("Another station's order"),
                      self.tr("This order belongs to station %1. Ask the resident to collect "
                              "it there.").replace("%1", station))

    # --- confirming -------------------------------------------------------------------------

    def for_done(self, done: HandoverDone) -> Banner:
        if done.exception_count:
            return Banner(Severity.WARN,
                          self.tr("Handed over with %n exception(s)", "", done.exception_count),
                          self.tr("%1 · receipt %2 is printing. Missing, damaged and refused "
                                  "lines are recorded for after-sales.")
                          .replace("%1", done.order.order_no).replace("%2", done.receipt_no))
        return Banner(Severity.OK, self.tr("Handed over · %n item(s)", "", done.order.item_count),
                      self.tr("%1 · receipt %2 is printing. Ready for the next resident.")
                      .replace("%1", done.order.order_no).replace("%2", done.receipt_no))

    def for_refusal(self, refused: HandoverRefused) -> Banner:
        if refused.reason is RefusalReason.NO_PROOF:
            return Banner(Severity.STOP, self.tr("Not handed over: the code is not this order's"),
                          self.tr("What was scanned does not prove this order. Ask the "
                                  "resident for the pickup code or the QR code on their "
                                  "phone, and scan it again."))
        if refused.order is not None:
            return self.for_order(refused.order)
        return Banner(Severity.STOP, self.tr("This order cannot be handed over"),
                      self.tr("Scan the order again."))

    def manager_only(self, title: str) -> Banner:
        """Something only a station manager may do was tried by another account."""
        return Banner(Severity.STOP, title,
                      self.tr("Ask the manager to approve with their own name."))

    def for_failure(self, error: BaseException) -> Banner:
        match storage_problem(error):  # one mapping of SQLite and disk errors for every desk
            case StorageProblem.FULL:
                return Banner(Severity.STOP, self.tr("Not saved: the disk is full"),
                              self.tr("Nothing was recorded for this order. Free disk space "
                                      "(F3 shows how much is left) or call support, then scan "
                                      "the order again."))
            case StorageProblem.READ_ONLY:
                return Banner(Severity.STOP, self.tr("Not saved: the data folder cannot be "
                                                     "written"),
                              self.tr("Nothing was recorded for this order. The disk may have "
                                      "been unplugged or become read-only: restart the "
                                      "counter; if it repeats, call support."))
            case StorageProblem.CORRUPT:
                return Banner(Severity.STOP, self.tr("Not saved: the database is damaged"),
                              self.tr("Nothing was recorded for this order. Press F3, save a "
                                      "support bundle and call support: the latest backup can "
                                      "be restored."))
            case StorageProblem.IO:
                return Banner(Severity.STOP, self.tr("Not saved: the disk failed"),
                              self.tr("Nothing was recorded for this order. Try again; if it "
                                      "repeats the disk may be failing: press F3, save a "
                                      "support bundle and call support."))
            case StorageProblem.BUSY:
                return Banner(Severity.STOP, self.tr("Not saved: the database is busy"),
                              self.tr("Another program holds the station database. Try again "
                                      "in a moment; if it repeats, restart the counter."))
        if isinstance(error, SQLAlchemyError):
            return Banner(Severity.STOP, self.tr("Not saved: database error"),
                          self.tr("Nothing was recorded for this order. Try again; if it "
                                  "repeats, restart the app or call support."))
        return Banner(Severity.STOP, self.tr("Something went wrong"),
                      self.tr("Nothing was recorded. Try again; if it repeats, call support."))

    # --- printing ---------------------------------------------------------------------------

    def printer_problem(self, error: BaseException) -> str:
        kind = error.kind if isinstance(error, PrinterError) else "io"
        return {
            "offline": self.tr("the printer is off or not connected"),
            "not_found": self.tr("the printer was not found"),
            "permission": self.tr("the printer may not be used by this account"),
            "paper_out": self.tr("the printer is out of paper"),
            "unsupported": self.tr("this printer connection is not available here"),
        }.get(kind, self.tr("the printer did not answer"))

    def time_zone_differs(self, mismatch: ZoneMismatch) -> Banner:
        """At start-up: the PC's zone is not the station's (station_app.clock)."""
        return Banner(
            Severity.WARN, self.tr("This PC's time zone is not the station's"),
            self.tr("The PC is set to %1; the station works on China time (%2). The counter "
                    "shows, prints and numbers everything in China time. Set the PC's time "
                    "zone to China (UTC+8) so its own clock agrees.")
            .replace("%1", mismatch.pc).replace("%2", mismatch.station))

    def print_failed(self, error: BaseException, order_no: str) -> Banner:
        return Banner(Severity.WARN, self.tr("Receipt not printed: %1").replace(
            "%1", self.printer_problem(error)),
            self.tr("The handover of %1 is saved. Fix the printer, then press F6 to print "
                    "again.").replace("%1", order_no))

    # --- labels -----------------------------------------------------------------------------

    def outcome(self, outcome: LineOutcome | None) -> str:
        return {
            LineOutcome.TAKEN: self.tr("Taken"),
            LineOutcome.MISSING: self.tr("Missing"),
            LineOutcome.DAMAGED: self.tr("Damaged"),
            LineOutcome.REFUSED: self.tr("Refused"),
            None: "",
        }[outcome]

    def verdict(self, verdict: Verdict) -> str:
        return {
            Verdict.READY: self.tr("Ready"),
            Verdict.OVERDUE: self.tr("Overdue"),
            Verdict.ALREADY_HANDED_OVER: self.tr("Picked up"),
            Verdict.CANCELLED: self.tr("Cancelled"),
            Verdict.RETURNED: self.tr("Returned"),
            Verdict.NOT_ARRIVED: self.tr("Not arrived"),
            Verdict.NOT_SORTED: self.tr("Not sorted"),
            Verdict.OTHER_STATION: self.tr("Other station"),
            Verdict.UNKNOWN: self.tr("Unknown"),
        }[verdict]
