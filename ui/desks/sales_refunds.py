"""The sales desk's refunds (退款): Ctrl+R, or a sale receipt scanned at the cart.

Staff scan the receipt, choose what comes back (↑ ↓ line, + − or *N, Space all of the line, or
scan the goods), Enter; cash goes back from a drawer, so the cashier's shift is asked for
first; then the reason, a manager's approval and `Sales.refund`. What may come back and what
it pays back are the core's `RefundPick` and its quote (services/sales_views.py), which
`Sales.refund` uses too: the screen shows the money the customer gets, to the fen.

The desk (sales_desk.py) routes the refund steps' keys here; this holds what is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from station_app.services.sales_views import (
    ItemView,
    RefundPick,
    SaleDone,
    SaleRefusal,
    SaleRefused,
    SaleView,
    needs_drawer,
)
from station_app.services.shifts_views import ShiftView
from ui.desks.sales_screen import Step

if TYPE_CHECKING:
    from ui.desks.sales_desk import SalesDesk


class SaleRefunds:
    def __init__(self, desk: SalesDesk) -> None:
        self.desk = desk
        self.pick: RefundPick | None = None  # the sale being refunded, and what comes back
        self.reason = ""

    def clear(self) -> None:
        self.pick = None
        self.reason = ""
        self.desk.selected = 0

    def start(self) -> None:
        """Ctrl+R at the cart: the receipt is asked for."""
        desk = self.desk
        self.clear()
        desk.go(Step.REFUND_FIND)
        desk.context.show_banner(desk.texts.refund_started(desk.page.prompt.text()))

    @property
    def rows(self) -> int:
        return len(self.pick.sale.lines) if self.pick is not None else 0

    # --- the keys of the refund steps -------------------------------------------------------

    def scan(self, typed: str) -> None:
        """The receipt code, or the reason (goods and "*N" go through the desk's cart keys)."""
        desk = self.desk
        if desk.step is Step.REFUND_FIND:
            desk.operate(lambda: desk.sales.refundable_sale(typed), self._found)
        elif desk.step is Step.REFUND_REASON:
            self.reason = typed
            self._confirm()

    def enter(self) -> None:
        desk = self.desk
        if desk.step is Step.REFUND_PICK:
            self._chosen()
        elif desk.step is Step.REFUND_REASON and self.reason:  # ask the manager again
            self._confirm()
        else:
            desk.done_showing()  # a reason or code is still expected: the prompt says so

    def step_quantity(self, step: int) -> bool:
        """+ / −: one more or one fewer of the selected line to come back."""
        if self.desk.step is not Step.REFUND_PICK or self.pick is None:
            return False
        self.pick = self.pick.stepped(self.pick.sale.lines[self.desk.selected], step)
        self._shown()
        return True

    def all_or_none(self) -> bool:
        """Space: the selected line all back, or none of it."""
        if self.desk.step is not Step.REFUND_PICK or self.pick is None:
            return False
        self.pick = self.pick.all_or_none(self.pick.sale.lines[self.desk.selected])
        self._shown()
        return True

    # --- choosing ---------------------------------------------------------------------------

    def _found(self, sale: SaleView) -> None:
        self.pick = RefundPick(sale)
        self.desk.selected = 0
        self.desk.go(Step.REFUND_PICK)

    def typed_quantity(self, quantity: int) -> None:
        """*N: that many of the selected line come back."""
        desk = self.desk
        if self.pick is not None:
            try:
                self.pick = self.pick.with_quantity(self.pick.sale.lines[desk.selected],
                                                    quantity)
            except SaleRefused as refused:
                desk.say(desk.texts.refused(refused))
                return
        self._shown()

    def returned_item(self, item: ItemView) -> None:
        """Goods scanned while choosing: one more of their line comes back."""
        desk = self.desk
        if self.pick is None:
            desk.done_showing()
            return
        if (index := self.pick.sale.line_index(item.sku)) is not None:
            desk.selected = index
        try:
            self.pick = self.pick.one_more(item.sku, item.name)
        except SaleRefused as refused:
            desk.context.feedback(False)
            desk.say(desk.texts.refused(refused))
            return
        desk.context.feedback(True)
        self._shown()

    def _shown(self) -> None:
        self.desk.refresh()
        self.desk.done_showing()

    # --- the drawer, the reason, the manager ------------------------------------------------

    def _chosen(self) -> None:
        """Enter on the chosen lines: cash goes back from a drawer, so the cashier's shift is
        asked for before the reason and the manager."""
        desk = self.desk
        if not self.pick:
            desk.say(desk.texts.refused(SaleRefused(SaleRefusal.NOTHING_TO_REFUND)))
        elif needs_drawer(self.pick.sale.payment_method):
            shifts, staff = desk.shifts, desk.context.staff_id
            desk.busy = True
            desk.operate(lambda: shifts.current(staff), self._drawer)
        else:
            desk.go(Step.REFUND_REASON)

    def _drawer(self, shift: ShiftView | None) -> None:
        desk = self.desk
        desk.busy = False
        desk.drawer.known(shift)
        if shift is None:
            desk.drawer.refuse()
        else:
            desk.go(Step.REFUND_REASON)

    def _confirm(self) -> None:
        assert self.pick is not None
        sale_no, lines = self.pick.sale.sale_no, self.pick.wanted
        self.desk.context.ask_manager(self.desk.texts.refund_asked(sale_no),
                                      lambda approver: self._refund(sale_no, lines, approver))

    def _refund(self, sale_no: str, lines: dict[str, int], approver: int | None) -> None:
        desk = self.desk
        if approver is None:
            desk.say(desk.texts.refund_not_approved())
            return
        sales, staff, reason = desk.sales, desk.context.staff_id, self.reason
        desk.busy = True
        desk.operate(lambda: sales.refund(sale_no, lines, staff, approver, reason),
                     self._refunded)

    def _refunded(self, done: SaleDone) -> None:
        desk = self.desk
        desk.busy = False
        desk.last_sale = done.sale  # the panel shows the money paid back, not a sale's change
        self.clear()
        desk.step = Step.CART
        desk.context.print_job(done.job_id)
        desk.context.feedback(True)
        desk.say(desk.texts.refunded(done.sale))
