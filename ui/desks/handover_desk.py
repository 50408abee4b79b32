"""Handover: the desk the counter lives on (Alt+1).

A resident's code (their QR on the camera or the scanner, the 6-digit pickup code, the last
four phone digits, a bag label) is looked up by the core; the desk shows the order card, the
list of orders behind a phone tail, or why nothing can go out. Enter on a card that can go out
hands it over; the core decides what stock moves, what is queued for head office and what
prints. A handover without the resident's own code (phone tail, bag label) needs a manager.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import CodeKind, ScanKind
from station_app.services.handover_views import (
    HandoverDone,
    HandoverRefused,
    LookupOutcome,
    LookupResult,
    OrderView,
    RecentHandover,
)
from station_app.voice import Announcement, Spoken
from ui.choice_list import ChoiceList
from ui.desks.base import Desk, DeskContext
from ui.desks.handover_household import as_one_card
from ui.desks.handover_resident import handed_over, looked_up, refused
from ui.messages import Banner, Severity
from ui.order_card import OrderCard
from ui.recent_panel import RecentPanel
from ui.resident_view import ResidentIdle

IDLE, CARD, CHOICES = range(3)


class HandoverDesk(Desk):
    # After the screen shows a result: tests and benchmarks wait on these.
    lookup_shown = Signal()
    handover_shown = Signal()
    recent_shown = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # The lookup the card came from: its proof goes back to the core with the handover.
        self._found: LookupResult | None = None
        # What staff typed or scanned is on screen: the camera waits for their Enter or Esc.
        self._staff_result = False
        # The household's other orders added to the card (+): they go out with it.
        self._more: tuple[str, ...] = ()
        self.card = OrderCard(context.messages)
        self.choices = ChoiceList(context.messages)
        self.idle = QLabel()
        self.idle.setObjectName("idle")
        self.idle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle.setWordWrap(True)
        self.pages = QStackedWidget()
        for page in (self.idle, self.card, self.choices):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.recent = RecentPanel()
        QShortcut(QKeySequence("Ctrl+H"), self, self.add_household)
        self.retranslate()

    def retranslate(self) -> None:
        self.idle.setText(self.tr(
            "Ready for the next resident.\n\nHold the order QR code up to the camera, scan it "
            "with the scanner, or type the pickup code and press Enter."))

    @property
    def title(self) -> str:
        return self.tr("Handover")

    @property
    def scan_hint(self) -> str:
        return self.tr("Scan the QR code, or type the 6-digit pickup code / last 4 phone digits")

    def side_panel(self) -> QWidget:
        return self.recent

    # --- what comes in ----------------------------------------------------------------------

    def scan(self, text: str) -> None:
        # What staff typed or scanned themselves stays until they press Enter or Esc.
        self._staff_result = True
        self._look_up(text)

    def camera_scan(self, text: str) -> None:
        self._staff_result = False
        self._look_up(text)

    def camera_codes(self) -> frozenset[CodeKind]:
        # The resident's signed pickup QR; a bag label (an order number) or a product barcode
        # in view must not open anything here.
        return frozenset({CodeKind.TOKEN})

    def accepts_camera(self) -> bool:
        # Never over what staff typed, an order that can go out under their Enter key, or a
        # phone-tail list they are choosing from.
        page = self.pages.currentIndex()
        return not (self._staff_result or page == CHOICES
                    or (page == CARD and self.card.handable))

    def enter(self) -> bool:
        page = self.pages.currentIndex()
        if page == CHOICES and self.choices.chosen:
            self._show_order(self.choices.chosen)
        elif page == CARD and self.card.handable:
            self.confirm()
        else:
            self._staff_result = False  # Enter on what staff read: the camera may go on
        return True

    def move_choice(self, step: int) -> bool:
        (self.card if self.pages.currentIndex() == CARD else self.choices).move_selection(step)
        return True

    def space(self) -> bool:
        if self.pages.currentIndex() != CARD:
            return False
        self.card.cycle_outcome()
        return True

    def add_household(self) -> None:
        """Ctrl+H: the resident's other ready orders join the card and go out with it."""
        order = self.card.order
        if order is None or not order.household or not self.card.handable or self.busy:
            return
        service = self.context.counter.handovers
        self.operate(lambda: service.household(order.order_no), self._show_household)

    def _show_household(self, orders: tuple[OrderView, ...]) -> None:
        if not orders or self.card.order is None or \
                orders[0].order_no != self.card.order.order_no:
            return  # another order came up meanwhile
        self._more = tuple(order.order_no for order in orders[1:])
        card = as_one_card(orders)
        self.card.show_order(card)
        banner = self.context.messages.for_household(card, len(orders))
        self.context.show_banner(banner)
        self.context.tell_resident(looked_up(orders, banner.severity))
        self._painted(self.lookup_shown)

    def escape(self) -> None:
        self._staff_result = False
        self._more = ()
        self.context.tell_resident(ResidentIdle())
        self.card.order = None
        self.pages.setCurrentIndex(IDLE)

    # --- handing over -----------------------------------------------------------------------

    def confirm(self) -> None:
        order, found = self.card.order, self._found
        if order is None or found is None or self.busy or not self.card.handable:
            return
        outcomes = self.card.outcomes
        self.busy = True  # a second Enter, also while the manager prompt is up, sends nothing
        if not (found.needs_manager and not self.context.cashier_is_manager):
            self._hand_over(order, found.proof, outcomes, None)
            return
        # Four digits or a bag label anyone could hold: without the resident's code a manager
        # must approve (the core checks it again).
        what = self.tr("handing over %1 by phone tail, without the pickup code") \
            if found.method is ScanKind.PHONE_TAIL else self.tr(
            "handing over %1 by its order number, without the pickup code")
        self.context.ask_manager(what.replace("%1", order.order_no), lambda approver: (
            self._hand_over(order, found.proof, outcomes, approver) if approver is not None
            else self._not_approved()))

    def _not_approved(self) -> None:
        self.busy = False
        self.refuse(Banner(Severity.WARN, self.tr("Not handed over"), self.tr(
            "A handover by phone tail needs a manager's PIN. Ask the resident for the pickup "
            "code, or ask the station manager.")))
        self.handover_shown.emit()

    def _hand_over(self, order: OrderView, proof: str, outcomes: dict[int, LineOutcome],
                   approver: int | None) -> None:
        service, staff_id, more = self.context.counter.handovers, self.context.staff_id, \
            self._more
        self.operate(lambda: service.confirm(order.order_no, staff_id, proof, outcomes, approver,
                                             more), self._show_done, then=self._confirmed)

    def reprint_last(self) -> None:
        """F5: the last handover's receipt again."""
        rows = self.recent.rows
        if rows:
            self.hold_result()  # F5's word on the reprint stays readable
            self.context.reprint(rows[0].order_no)

    def refresh_recent(self) -> None:
        service = self.context.counter.handovers
        self.operate(lambda: service.recent(20), self._show_recent)

    # --- results ----------------------------------------------------------------------------

    def _look_up(self, text: str) -> None:
        service = self.context.counter.handovers
        self.operate(lambda: service.lookup(text), self._show_lookup)

    def _show_lookup(self, result: LookupResult) -> None:
        self._found = result
        self.hold_result()
        banner = self.context.messages.for_lookup(result)
        if banner is not None:
            self._feedback(banner.severity)
        if result.outcome is LookupOutcome.FOUND and result.order is not None:
            self._show_order(result.order)
            return
        if result.outcome is LookupOutcome.OTHER_STATION:
            self.context.say(Announcement(Spoken.OTHER_STATION))
        if result.outcome is LookupOutcome.CHOOSE:
            self.choices.show_choices(result.shown, result.choices)
            self.pages.setCurrentIndex(CHOICES)
        else:
            self.card.order = None
            self.pages.setCurrentIndex(IDLE)
        if banner:
            self.context.show_banner(banner)
            self.context.tell_resident(ResidentIdle() if result.outcome is LookupOutcome.CHOOSE
                                       else refused(banner.severity))
        self._painted(self.lookup_shown)

    def _show_order(self, order: OrderView) -> None:
        self._more = ()
        self.card.show_order(order)
        self.pages.setCurrentIndex(CARD)
        banner = self.context.messages.for_order(order)
        self.context.show_banner(banner)
        self._painted(self.lookup_shown)
        self.context.tell_resident(looked_up((order,), banner.severity))
        self.context.say(announcement_for(order))

    def _show_done(self, result: HandoverDone) -> None:
        self._staff_result = False  # Enter was pressed: after a moment the camera may go on
        self._more = ()
        self.card.show_order(as_one_card(result.orders))
        banner = self.context.messages.for_done(result)
        self.context.show_banner(banner)
        self.context.tell_resident(handed_over(result, banner.severity))
        self.context.say(Announcement(Spoken.HANDED_OVER))
        self.context.print_job(result.print_job_id)
        self.refresh_recent()

    def refusal(self, error: BaseException) -> Banner | None:
        if not isinstance(error, HandoverRefused):
            return None
        if error.order is not None:  # the order as it is now: why it cannot go out
            self.card.show_order(error.order)
            self.pages.setCurrentIndex(CARD)
        banner = self.context.messages.for_refusal(error)
        self.context.tell_resident(refused(banner.severity))
        return banner

    def _confirmed(self) -> None:
        self.busy = False
        self.hold_result()
        self._painted(self.handover_shown)

    def _show_recent(self, rows: list[RecentHandover]) -> None:
        self.recent.show_recent(rows)
        self.recent_shown.emit()

    def _feedback(self, severity: Severity) -> None:
        """Green flash and a chirp when the order can go out; red and a buzz when it cannot."""
        self.context.feedback(severity in (Severity.OK, Severity.WARN, Severity.INFO))

    def _painted(self, signal: SignalInstance) -> None:
        # Paint now rather than at the next event-loop pass, so "shown" means on screen: one
        # repaint of the banner paints every part of the window waiting for paint (this card,
        # the choices) in the same pass; repainting the pages too painted the card twice.
        self.context.paint_now()
        signal.emit()
        self.shown.emit()


def announcement_for(order: OrderView) -> Announcement:
    """What the counter says when an order comes up: where to fetch it, or why not."""
    match order.verdict:
        case Verdict.READY | Verdict.OVERDUE:
            return Announcement(Spoken.SLOT, order.slot or "")
        case Verdict.ALREADY_HANDED_OVER:
            return Announcement(Spoken.ALREADY_HANDED_OVER)
        case Verdict.CANCELLED:
            return Announcement(Spoken.CANCELLED)
        case Verdict.OTHER_STATION:
            return Announcement(Spoken.OTHER_STATION)
        case _:  # not arrived, not sorted, returned: staff explain, the resident waits
            return Announcement(Spoken.PLEASE_WAIT)
