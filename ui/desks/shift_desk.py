"""The shift desk (班次): open a shift with a float, cash in and out, no-sale drawer openings,
the X report, and closing with a denomination count and the Z report.

Worked from the scan box like the other desks: what the box expects next (the float, an
amount, a reason, the pieces of the selected note) is written large above the figures. In a
blind shift the expected cash stays hidden until the count is submitted; the variance is
shown then, and a manager approves one above the station's threshold.

The desk is the controller; shift_screen.py paints. The count and its total are the core's
`DrawerCount` (services/shifts_views.py), the same sum `Shifts.close` records.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from station_app.money import format_fen, parse_yuan
from station_app.services.shifts import (
    DENOMINATIONS,
    CashKind,
    CashMoved,
    DrawerCount,
    ShiftClosed,
    ShiftRefusal,
    ShiftRefused,
    Shifts,
    ShiftView,
)
from station_app.services.shifts_views import MAX_PIECES, parse_pieces
from ui.desks.base import Desk, DeskContext
from ui.desks.shift_messages import SHOWN_ON_SCREEN, ShiftMessages
from ui.desks.shift_screen import ShiftScreen, Step
from ui.messages import Banner, Severity

__all__ = ["ShiftDesk", "Step"]


class ShiftDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.shifts = Shifts(counter.db, counter.station_id, counter.clock,
                             counter.settings.cash_variance_threshold_fen,
                             counter.settings.blind_close, counter.settings.receipt_language)
        self.texts = ShiftMessages(self)
        self.view: ShiftView | None = None
        self.step = Step.IDLE
        self.kind: CashKind | None = None
        self.amount_fen = 0
        self.count = DrawerCount()  # the drawer as counted so far, while closing
        self.busy = False
        self._scan_box: QLineEdit | None = None
        self.last_closed: ShiftView | None = None  # shown after closing, until the next shift
        self.page = ShiftScreen(self.texts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

        self._loading = False  # the cashier's shift is being read: keys wait for it
        self._waiting: list[Callable[[], None]] = []
        self._actions = {Qt.Key.Key_O: self.ask_float, Qt.Key.Key_I: self.ask_cash_in,
                         Qt.Key.Key_U: self.ask_cash_out, Qt.Key.Key_N: self.ask_no_sale,
                         Qt.Key.Key_X: self.print_x}
        # Qt ignores the shortcuts of a hidden desk, so other desks may use the same keys.
        self._shortcuts = [
            QShortcut(QKeySequence(keys), self, lambda action=action: self._when_loaded(action))
            for keys, action in (
                ("Ctrl+O", self.ask_float), ("Ctrl+I", self.ask_cash_in),
                ("Ctrl+U", self.ask_cash_out), ("Ctrl+N", self.ask_no_sale),
                ("Ctrl+X", self.print_x), ("Ctrl+Return", self.close_key),
                ("Ctrl+Enter", self.close_key))]
        self._refresh()

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Shift")

    @property
    def scan_hint(self) -> str:
        if self.step is not Step.IDLE:
            return self.page.prompt.text()
        if self.view is None:
            return self.tr("Ctrl+O opens a shift")
        return self.tr("Ctrl+I cash in · Ctrl+U cash out · Ctrl+N no sale · Ctrl+X X report · "
                       "Ctrl+Enter close")

    def retranslate(self) -> None:
        self._refresh()

    def activated(self) -> None:

        # The scan box edits text on Ctrl+X / Ctrl+U itself: the desk takes those keys first.
        self._scan_box = self.watch_scan_box()
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._scan_box and self.isVisible() and isinstance(event, QKeyEvent)
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and event.key() in self._actions):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # deliver it as a key press, caught below
                return True
            if event.type() == QEvent.Type.KeyPress:
                self._when_loaded(self._actions[Qt.Key(event.key())])
                return True
        return super().eventFilter(watched, event)

    def accepts_camera(self) -> bool:
        return False  # nothing here is scanned; a code drifting past must not become an amount

    def reload(self) -> None:
        staff_id = self.context.staff_id
        self._loading = True
        self.operate(lambda: self.shifts.current(staff_id), self._loaded, self._load_failed)

    def _when_loaded(self, action: Callable[[], None]) -> None:
        """Run a key's action on the shift as it is: a key pressed the moment the desk came on
        show (before the cashier's shift was read) once said "no open shift" for a shift
        the sales desk had just opened."""
        if self._loading:
            self._waiting.append(action)
        else:
            action()

    def _run_waiting(self) -> None:
        self._loading = False
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        self._waiting.clear()  # what they were for is not known: staff press the key again
        self.show_error(error)

    def scan(self, text: str) -> None:
        text = text.strip()
        match self.step:
            case Step.FLOAT | Step.AMOUNT:
                fen = parse_yuan(text)
                if fen is None:
                    self._stop(self.tr("Not an amount: %1").replace("%1", text[:20]),
                               self.tr("Type the amount in yuan, e.g. 500 or 12.50."))
                elif self.step is Step.FLOAT:
                    self._open(fen)
                else:
                    self.amount_fen = fen
                    self.step = Step.REASON
                    self._refresh()
                    self.shown.emit()
            case Step.REASON:
                self._move(text)
            case Step.COUNT:
                self._set_pieces(text)
            case Step.IDLE:
                self._stop(self.tr("Choose what to do first"),
                           self.tr("Ctrl+O opens a shift; Ctrl+I, Ctrl+U, Ctrl+N, Ctrl+X and "
                                   "Ctrl+Enter work the open shift."))

    def enter(self) -> bool:
        if self.step is Step.COUNT:  # an empty Enter keeps the row's pieces: next row
            self.move_choice(1)
            return True
        return False

    def move_choice(self, step: int) -> bool:
        if self.step is not Step.COUNT:
            return False
        self.page.move_denomination(step)
        return True

    def escape(self) -> None:
        """Esc drops what is half typed; the window also calls it after a cashier switch, so
        the screen reloads the (new) cashier's shift."""
        self._reset()
        self.reload()

    def _reset(self) -> None:
        self.step = Step.IDLE
        self.kind = None
        self._refresh()

    # --- actions ----------------------------------------------------------------------------

    def ask_float(self) -> None:
        if self.view is not None:
            self._stop(self.tr("Shift %1 is open").replace("%1", self.view.shift_no),
                       self.tr("Close it (Ctrl+Enter) before opening another."))
            return
        self._ask(Step.FLOAT)

    def ask_cash_in(self) -> None:
        self._ask(Step.AMOUNT, CashKind.CASH_IN)

    def ask_cash_out(self) -> None:
        self._ask(Step.AMOUNT, CashKind.CASH_OUT)

    def ask_no_sale(self) -> None:
        self._ask(Step.REASON, CashKind.NO_SALE)

    def _ask(self, step: Step, kind: CashKind | None = None) -> None:
        if step is not Step.FLOAT and not self._need_shift():
            return
        self.step, self.kind, self.amount_fen = step, kind, 0
        self._refresh()
        self.shown.emit()

    def print_x(self) -> None:
        if not self._need_shift() or self.view is None:
            return
        shift_no, staff_id = self.view.shift_no, self.context.staff_id
        self.operate(lambda: self.shifts.x_report(shift_no, staff_id), self._x_printed)

    def close_key(self) -> None:
        """Ctrl+Enter: start the count; pressed again while counting, submit it."""
        if not self._need_shift():
            return
        if self.step is not Step.COUNT:
            self.count = DrawerCount()
            self.step = Step.COUNT
            self.page.select_denomination(0)
            self._refresh()
            self.shown.emit()
            return
        self._close(None)

    def _open(self, fen: int) -> None:
        staff_id = self.context.staff_id
        self.operate(lambda: self.shifts.open(staff_id, fen), self._opened)

    def _move(self, reason: str) -> None:
        if self.view is None or self.kind is None:
            return
        shift_no, staff_id, kind, amount = (self.view.shift_no, self.context.staff_id,
                                            self.kind, self.amount_fen)
        if kind is CashKind.CASH_OUT:
            def cash_out(approver: int | None) -> None:
                if approver is None:
                    self._reset()
                    self._stop(self.tr("Cash out not approved"),
                               self.tr("Nothing was recorded. A manager approves every cash "
                                       "out."))
                    return
                self.operate(lambda: self.shifts.cash_out(
                    shift_no, staff_id, amount, reason, approver), self._moved)

            self.context.ask_manager(self.tr("cash out %1: %2").replace(
                "%1", format_fen(amount)).replace("%2", reason), cash_out)
        elif kind is CashKind.CASH_IN:
            self.operate(lambda: self.shifts.cash_in(shift_no, staff_id, amount, reason),
                             self._moved)
        else:
            self.operate(lambda: self.shifts.no_sale(shift_no, staff_id, reason),
                             self._moved)

    def _set_pieces(self, text: str) -> None:
        row = self.page.denomination_row()
        pieces = parse_pieces(text)
        if pieces is None:
            self._stop(self.tr("Not a number of pieces: %1").replace("%1", text[:20]),
                       self.tr("Type how many of the selected note or coin are in the drawer "
                               "(0 to %1).").replace("%1", str(MAX_PIECES)))
            return
        self.count = self.count.with_pieces(DENOMINATIONS[row], pieces)
        self.page.show_count(self.count, self.view)
        self.page.select_denomination(row + 1)
        self.shown.emit()

    def _close(self, approver: int | None) -> None:
        if self.view is None or self.busy:
            return
        self.busy = True
        shift_no, staff_id, counts = (self.view.shift_no, self.context.staff_id,
                                      dict(self.count.pieces))
        self.operate(lambda: self.shifts.close(shift_no, staff_id, counts, approver),
                         self._closed, self._close_failed)

    # --- results ----------------------------------------------------------------------------

    def _loaded(self, view: ShiftView | None) -> None:
        self.view = view
        # A half-typed action survives a refresh only where it still makes sense.
        keep = (Step.FLOAT,) if view is None else (Step.AMOUNT, Step.REASON, Step.COUNT)
        if self.step not in keep:
            self.step, self.kind = Step.IDLE, None
        self._refresh()
        self.shown.emit()
        self._run_waiting()

    def _opened(self, view: ShiftView) -> None:
        self.view, self.step = view, Step.IDLE
        self._refresh()
        self._banner(Severity.OK, self.tr("Shift %1 opened").replace("%1", view.shift_no),
                     self.tr("Float %1 in the drawer.").replace("%1",
                                                                 format_fen(view.float_fen)))
        self.context.feedback(True)
        self.shown.emit()

    def _moved(self, moved: CashMoved) -> None:
        self.step, self.kind = Step.IDLE, None
        titles = {CashKind.CASH_IN: self.tr("Cash in %1 recorded"),
                  CashKind.CASH_OUT: self.tr("Cash out %1 recorded"),
                  CashKind.NO_SALE: self.tr("Drawer opening recorded%1")}
        amount = format_fen(moved.amount_fen) if moved.kind is not CashKind.NO_SALE else ""
        self._banner(Severity.OK, titles[moved.kind].replace("%1", amount),
                     self.tr("Shift %1").replace("%1", moved.shift_no))
        self.context.feedback(True)
        self.reload()

    def _x_printed(self, job_id: int) -> None:
        self.context.print_job(job_id)
        self._banner(Severity.OK, self.tr("X report printing"),
                     self.tr("The shift stays open."))
        self.context.feedback(True)
        self.reload()

    def _closed(self, done: ShiftClosed) -> None:
        self.busy = False
        self.context.print_job(done.job_id)
        shift = done.shift
        self.view, self.step = None, Step.IDLE
        self._refresh()
        self.last_closed = shift
        self.page.show_figures(shift, reveal=True)
        self._banner(Severity.OK if not shift.variance_fen else Severity.WARN,
                     self.tr("Shift %1 closed · Z report #%2").replace("%1", shift.shift_no)
                     .replace("%2", str(done.z_no)),
                     self.tr("Expected %1, counted %2: %3. The Z report is printing.")
                     .replace("%1", format_fen(shift.expected_cash_fen))
                     .replace("%2", format_fen(shift.counted_cash_fen or 0))
                     .replace("%3", self.texts.difference(shift.variance_fen or 0)))
        self.context.feedback(True)
        self.shown.emit()

    def _close_failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ShiftRefused) and \
                error.reason is ShiftRefusal.VARIANCE_NEEDS_MANAGER:
            variance = self.texts.difference(error.variance_fen or 0)
            self.page.show_difference(self.count, variance)
            self.context.ask_manager(
                self.tr("closing shift %1 with a difference: %2").replace(
                    "%1", self.view.shift_no if self.view else "").replace("%2", variance),
                lambda approver: self._close_approved(approver, variance))
            return
        self.show_error(error)

    def _close_approved(self, approver: int | None, variance: str) -> None:
        if approver is not None:
            self._close(approver)
            return
        self._stop(self.tr("Difference not approved: %1").replace("%1", variance),
                   self.tr("The shift stays open. Count the drawer again and press "
                           "Ctrl+Enter, or ask a manager."))

    def refusal(self, error: BaseException) -> Banner | None:
        if not isinstance(error, ShiftRefused):
            return None
        if error.reason not in SHOWN_ON_SCREEN:
            self.reload()  # the screen was behind: show the shift as it is now
        return self.texts.refusal(error)

    # --- screen ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.page.show_state(self.view, self.step, self.kind, self.count)
        if self._scan_box is not None and self.isVisible():
            self._scan_box.setPlaceholderText(self.scan_hint)

    def _need_shift(self) -> bool:
        if self.view is None:
            self._stop(self.tr("No open shift"),
                       self.tr("Press Ctrl+O to open a shift with the float counted into the "
                               "drawer."))
            return False
        return True

    def _stop(self, title: str, detail: str) -> None:
        self.refuse(Banner(Severity.STOP, title, detail))

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
