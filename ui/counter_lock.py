"""Who is at the counter: sign-in at start and after idle, lock (F12), switch cashier (F11).

PINs are checked by the core (`services/staff.py`) on the database lane; this only decides when
the sign-in screen comes up and what the counter shows while it is up (nothing: orders, names
and phone tails are hidden behind it).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from station_app.services.staff import SignedIn, StaffAccounts
from ui.sign_in import ActivityWatch, SignInDialog

if TYPE_CHECKING:
    from ui.main_window import CounterWindow


class CounterLock(QObject):
    def __init__(self, window: CounterWindow, sign_in: bool) -> None:
        super().__init__(window)
        self.window = window
        self.staff_desk = StaffAccounts(window.counter.db)
        self.enabled = sign_in  # tests build the window without sign-in
        self.dialog: SignInDialog | None = None
        self.activity = ActivityWatch(self)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(5_000)
        self._idle_timer.timeout.connect(self.check_idle)
        # The start-up staff may be a manager: asked on the lane, never the GUI thread.
        staff, first = self.staff_desk, window.counter.staff_id
        window.context.run(lambda: staff.member(first), self._start_staff)

    def _start_staff(self, member: object) -> None:
        context = self.window.context
        if context.cashier_id is None:
            context.cashier_is_manager = bool(getattr(member, "is_manager", False))

    def start(self) -> None:
        if not self.enabled:
            return
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.activity)
        if self.window.counter.settings.idle_lock_s:
            self._idle_timer.start()
        self.lock()

    def stop(self) -> None:
        self._idle_timer.stop()
        app = QApplication.instance()
        if self.enabled and app is not None:
            app.removeEventFilter(self.activity)

    def lock(self) -> SignInDialog:
        """F12, idle, start-up: hide the counter behind the sign-in screen until someone signs
        in (Esc does not close it)."""
        if self.dialog is not None and not self.dialog.cancellable:
            return self.dialog
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        context = self.window.context
        if context.cashier_id is not None:
            cashier, staff = context.cashier_id, self.staff_desk
            context.run(lambda: staff.lock(cashier), lambda _none: None)
        self.window.show_counter(False)
        return self._ask(cancellable=False)

    def switch_cashier(self) -> SignInDialog:
        """F11: another cashier signs in (Esc keeps the current one)."""
        if self.dialog is not None:
            return self.dialog
        return self._ask(cancellable=True)

    def _ask(self, cancellable: bool) -> SignInDialog:
        window = self.window
        dialog = SignInDialog(self.staff_desk, window.context.run, window,
                              current=window.context.staff_id, cancellable=cancellable,
                              station_name=window.counter.station_name)
        dialog.signed_in.connect(self._signed_in)
        dialog.finished.connect(lambda _code, dialog=dialog: self._closed(dialog))
        self.dialog = dialog
        dialog.open()  # window-modal, not blocking: the lanes keep delivering
        return dialog

    def _closed(self, dialog: SignInDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window.keyboard_home.take_back()

    def _signed_in(self, who: SignedIn) -> None:
        self.window.context.cashier_id = who.staff_id
        self.window.context.cashier_is_manager = who.is_manager
        self.activity.last = time.monotonic()
        self.window.signed_in(who.name)

    def check_idle(self) -> None:
        """Lock after the settings' idle time without a key or click (0: never)."""
        limit = self.window.counter.settings.idle_lock_s
        if limit and self.dialog is None and QApplication.activeModalWidget() is None \
                and self.activity.idle_for() >= limit:
            self.lock()
