"""The sales desk's drawer (钱箱): cash passes a drawer, and a drawer belongs to the cashier's
open shift (services/sales.py). The desk asks for the shift before cash is taken or paid back;
without one, Ctrl+O opens it here with its float while the sale or refund waits on screen.
WeChat Pay, Alipay and card need no drawer (`needs_drawer`, services/sales_views.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from station_app.devices.sale_receipt import PaymentMethod
from station_app.money import parse_yuan
from station_app.services.sales_views import needs_drawer
from station_app.services.shifts_views import ShiftRefusal, ShiftRefused, ShiftView
from ui.desks.sales_screen import Step
from ui.desks.shift_messages import ShiftMessages

if TYPE_CHECKING:
    from ui.desks.sales_desk import SalesDesk


class DrawerShift:
    def __init__(self, desk: SalesDesk) -> None:
        self.desk = desk
        self.shift_no: str | None = None  # the cashier's open shift, as last asked
        self._after_float = Step.CART  # where Ctrl+O came from: the sale or refund waits there

    def needs_shift(self, method: PaymentMethod) -> bool:
        """Money by `method` with no shift open: no drawer would take or pay it."""
        return needs_drawer(method) and self.shift_no is None

    def known(self, shift: ShiftView | None) -> None:
        """The cashier's shift as the core just said (None: none open)."""
        self.shift_no = shift.shift_no if shift is not None else None

    def refuse(self) -> None:
        """Cash with no shift open: the banner offers Ctrl+O."""
        desk = self.desk
        desk.context.feedback(False)
        desk.say(desk.texts.no_shift(refund=desk.step is not Step.PAY))

    def ask_float(self) -> None:
        """Ctrl+O: open the cashier's shift from here (the sale or refund waits on screen)."""
        desk = self.desk
        if not desk.isVisible() or desk.busy or desk.step not in (
                Step.CART, Step.PAY, Step.REFUND_PICK):
            return
        if self.shift_no is not None:
            desk.say(desk.texts.shift_is_open(self.shift_no))
            return
        self._after_float = desk.step
        desk.go(Step.FLOAT)

    def back(self) -> None:
        """Esc while typing the float: no shift after all, back to the waiting sale or refund."""
        self.desk.go(self._after_float)

    def float_typed(self, typed: str) -> None:
        desk = self.desk
        fen = parse_yuan(typed)
        if fen is None:
            desk.say(desk.texts.typed_amount_unreadable(typed))
            return
        shifts, staff = desk.shifts, desk.context.staff_id
        desk.busy = True
        desk.operate(lambda: shifts.open(staff, fen), self._opened, self._refused)

    def _opened(self, shift: ShiftView) -> None:
        desk = self.desk
        desk.busy = False
        self.shift_no = shift.shift_no
        desk.step = self._after_float
        desk.refresh()
        desk.context.feedback(True)
        detail = desk.page.prompt.text()
        if desk.step is Step.PAY:
            detail = desk.texts.to_pay(desk.checkout.total_fen, PaymentMethod.CASH) + ". " \
                + detail
        desk.say(desk.texts.shift_opened(shift.shift_no, shift.float_fen, detail))

    def _refused(self, error: BaseException) -> None:
        desk = self.desk
        desk.busy = False
        if not isinstance(error, ShiftRefused):
            desk.show_error(error)
            return
        if error.reason is ShiftRefusal.ALREADY_OPEN:  # opened meanwhile (the shift desk)
            self.shift_no = error.detail
            desk.step = self._after_float
        desk.context.feedback(False)
        desk.say(ShiftMessages(desk).refusal(error))
