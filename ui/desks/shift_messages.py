"""What the shift desk says to staff: refusals as banners, the shift's figures as rows."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.money import Difference, difference_of, format_fen
from station_app.services.shifts import ShiftRefusal, ShiftRefused, ShiftView
from ui.messages import Banner, Messages, Severity

# Refusals the screen already explains; any other (no shift, closed) means it was behind.
SHOWN_ON_SCREEN = frozenset(set(ShiftRefusal) - {ShiftRefusal.NO_OPEN_SHIFT,
                                                  ShiftRefusal.UNKNOWN_SHIFT,
                                                  ShiftRefusal.NOT_OPEN})


class ShiftMessages(QObject):
    def difference(self, fen: int) -> str:
        """Counted − expected with its sign in words (core: money.difference_of), as the Z
        report prints it: 长款 over, 短款 short."""
        amount = format_fen(abs(fen))
        match difference_of(fen):
            case Difference.OVER:
                return self.tr("over %1").replace("%1", amount)
            case Difference.SHORT:
                return self.tr("short %1").replace("%1", amount)
            case Difference.EVEN:
                return amount

    def refusal(self, refused: ShiftRefused) -> Banner:
        stop = Severity.STOP
        match refused.reason:
            case ShiftRefusal.ALREADY_OPEN:
                return Banner(stop, self.tr("A shift is already open"),
                              self.tr("Shift %1 is open for this cashier; close it first.")
                              .replace("%1", refused.detail))
            case ShiftRefusal.BAD_FLOAT | ShiftRefusal.BAD_AMOUNT:
                return Banner(stop, self.tr("Amount not possible: %1").replace(
                    "%1", refused.detail), self.tr("Type an amount from ¥0.01 to ¥10,000."))
            case ShiftRefusal.REASON_MISSING:
                return Banner(stop, self.tr("A reason is needed"),
                              self.tr("Type why (up to 200 characters) and press Enter."))
            case ShiftRefusal.NEEDS_MANAGER:
                return Messages(self).manager_only(
                    self.tr("Only a station manager can approve this"))
            case ShiftRefusal.BAD_DENOMINATION | ShiftRefusal.BAD_PIECES:
                return Banner(stop, self.tr("The count is not possible"),
                              self.tr("Type the pieces of each note and coin again."))
            case ShiftRefusal.NOT_ALLOWED:
                return Banner(stop, self.tr("This cashier cannot use the drawer"),
                              self.tr("The account is unknown or inactive. Switch cashier (F11) "
                                      "and sign in again."))
            case ShiftRefusal.NOT_YOURS:
                return Banner(stop, self.tr("Another cashier's shift"),
                              self.tr("Only its cashier or a manager may work on it."))
            case ShiftRefusal.OTHER_COUNTER:
                return Banner(stop, self.tr("This shift's drawer is at counter %1")
                              .replace("%1", refused.detail),
                              self.tr("Count and close it at that counter."))
            case _:  # no shift, unknown or closed: the desk reloads
                return Banner(stop, self.tr("No open shift"),
                              self.tr("Press Ctrl+O to open a shift with the float counted "
                                      "into the drawer."))

    def figures(self, view: ShiftView, reveal: bool) -> list[tuple[str, str]]:
        """The shift's live figures; the expected cash hidden in a blind shift unless
        `reveal` (after the count)."""
        t = view.totals
        rows = [(self.tr("Float"), format_fen(view.float_fen)),
                (self.tr("Sales"), f"{t.sales} · {format_fen(t.sales_fen)}"),
                (self.tr("Cash"), format_fen(t.by_method.get("cash", 0))),
                (self.tr("WeChat"), format_fen(t.by_method.get("wechat", 0))),
                (self.tr("Alipay"), format_fen(t.by_method.get("alipay", 0))),
                (self.tr("Card"), format_fen(t.by_method.get("card", 0))),
                (self.tr("Refunds"), f"{t.refunds} · {format_fen(t.refunds_fen)}"),
                (self.tr("Cash in"), format_fen(t.cash_in_fen)),
                (self.tr("Cash out"), format_fen(t.cash_out_fen)),
                (self.tr("Drawer opened without a sale"), str(t.no_sale_opens)),
                (self.tr("Handovers"), f"{t.handovers} ({t.exceptions} "
                 + self.tr("exception lines") + ")")]
        if reveal or not view.blind:
            rows.append((self.tr("Expected cash"), format_fen(view.expected_cash_fen)))
        else:
            rows.append((self.tr("Expected cash"), self.tr("hidden until the count (blind)")))
        if view.counted_cash_fen is not None:
            rows += [(self.tr("Counted cash"), format_fen(view.counted_cash_fen)),
                     (self.tr("Difference"), self.difference(view.variance_fen or 0))]
        return rows
