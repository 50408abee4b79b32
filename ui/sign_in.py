"""Sign-in and lock screen (登录 / 锁屏): pick your name with ↑ ↓, type your PIN, Enter.

Shown when the counter starts, when it is locked (F12, or after the idle time) and to switch
the cashier (F11). The PIN is checked by the core (`StaffAccounts.sign_in`) on the database lane,
never on the GUI thread, and never kept or logged here: the field is cleared after each try.
`PinDialog` is shared with the manager-approval prompt (`ui/desks/approval.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.security.pins import PIN_MAX_DIGITS
from station_app.services.staff import SignedIn, StaffAccounts, StaffRefusal, StaffRefused
from ui.formatting import time_of_day
from ui.language_change import Retranslated, Said

# (work, done, failed): run `work` off the GUI thread, then `done` or `failed` on it.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]],
                  None]


def run_here(work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
    """A runner without a lane (tools, tests): runs on the caller's thread."""
    try:
        value = work()
    except Exception as error:
        failed(error)
    else:
        done(value)


def refusal_text(refused: StaffRefused) -> str:
    """What staff read when a PIN was refused: what happened and what to do."""
    translate = QCoreApplication.translate  # literal texts below: lupdate finds them
    match refused.reason:
        case StaffRefusal.WRONG_PIN:
            return translate("SignIn", "Wrong PIN. %1 tries left before the account locks."
                             ).replace("%1", str(refused.attempts_left))
        case StaffRefusal.LOCKED:
            # Lock-outs escalate (services.staff): say how long this one is, and until when.
            until = time_of_day(refused.locked_until) \
                if refused.locked_until else "?"
            return translate("SignIn", "Too many wrong PINs: this account is locked for %1 "
                             "minutes, until %2. Another staff member can sign in, or a "
                             "manager can set a new PIN.").replace(
                "%1", str(refused.lock_minutes or "?")).replace("%2", until)
        case StaffRefusal.LOCKED_UNTIL_RESET:
            return translate("SignIn", "Too many wrong PINs: this account is locked: ask a "
                             "manager to reset your PIN. Another staff member can sign in "
                             "meanwhile.")
        case StaffRefusal.INACTIVE:
            return translate("SignIn", "This account is no longer active. Ask the station "
                             "manager.")
        case StaffRefusal.NO_PIN:
            return translate("SignIn", "No PIN is set for this account yet. Ask the station "
                             "manager to set one.")
        case StaffRefusal.NOT_MANAGER:
            return translate("SignIn", "Only a station manager can approve this. Choose a "
                             "manager.")
        case _:
            return translate("SignIn", "Not allowed. Choose your name and type your PIN "
                             "again.")


class PinDialog(Retranslated, QDialog):
    """A list of names (↑ ↓ move it, from the PIN field too), a PIN field and a message line.
    Enter submits `attempt(staff_id, pin)` through the runner; the answer comes back in
    `_succeeded` or as a refusal shown in `message`. `answered` is emitted after each try.
    Subclasses word their title and `prompt` in `retranslate()`, and call it at the end of
    their `__init__`."""

    answered = Signal()

    def __init__(self, people: Callable[[], Sequence[tuple[int, str]]],
                 runner: Runner, parent: QWidget | None = None,
                 current: int | None = None) -> None:
        super().__init__(parent)
        self._people: list[tuple[int, str]] = []
        self._runner = runner
        self._busy = False
        self._loaded = False  # the names come from the database lane, like everything else
        self._submit_when_loaded = False  # Enter pressed before the names arrived
        self._wanted: int | None = None  # chosen before the names arrived
        self.body = layout = QVBoxLayout(self)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setObjectName("signInPrompt")
        layout.addWidget(self.prompt)
        self.names = QListWidget()
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the PIN field keeps the keys
        layout.addWidget(self.names)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinField")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_MAX_DIGITS)
        self.pin.setValidator(QRegularExpressionValidator(r"\d{0,8}", self.pin))
        self.pin.installEventFilter(self)
        layout.addWidget(self.pin)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.said = Said(self.message)  # the last answer, worded again on a switch
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
        self._runner(people, lambda found: self._show_people(found, current), self._refused)

    def retranslate(self) -> None:
        self.names.setAccessibleName(self.tr("Name"))
        self.names.setAccessibleDescription(self.tr("Staff who may sign in; ↑ ↓ choose"))
        self.pin.setPlaceholderText(self.tr("PIN (4-8 digits), then Enter"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK (Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Cancel (Esc)"))
        self.said.again()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    @property
    def loaded(self) -> bool:
        """The names arrived from the database lane."""
        return self._loaded

    def _show_people(self, people: Sequence[tuple[int, str]], current: int | None) -> None:
        self._people = list(people)
        self._loaded = True
        current = self._wanted if self._wanted is not None else current
        self.names.clear()
        for _staff_id, name in self._people:
            self.names.addItem(name)
        ids = [staff_id for staff_id, _ in self._people]
        if self._people:
            self.names.setCurrentRow(ids.index(current) if current in ids else 0)
        self.people_shown()
        if self._submit_when_loaded:
            self._submit_when_loaded = False
            self.submit()

    def people_shown(self) -> None:
        """The names are on screen (subclasses add what depends on them)."""

    @property
    def chosen(self) -> int | None:
        row = self.names.currentRow()
        return self._people[row][0] if 0 <= row < len(self._people) else None

    def choose(self, staff_id: int) -> None:
        self._wanted = None if self._loaded else staff_id
        for row, (candidate, _name) in enumerate(self._people):
            if candidate == staff_id:
                self.names.setCurrentRow(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pin and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._people:
                step = -1 if key == Qt.Key.Key_Up else 1
                self.names.setCurrentRow((self.names.currentRow() + step) % len(self._people))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        if not self._loaded:
            self._submit_when_loaded = True
            return
        staff_id, pin = self.chosen, self.pin.text()
        if self._busy:
            return
        if staff_id is None or not pin:
            self._say(lambda: self.tr("Choose a name with ↑ ↓ and type the PIN."))
            self.answered.emit()
            return
        self._busy = True
        self.pin.clear()  # the PIN is not kept on screen, whatever the answer
        self._runner(lambda: self.attempt(staff_id, pin), self._answer, self._refused)

    def attempt(self, staff_id: int, pin: str) -> Any:
        raise NotImplementedError

    def _answer(self, value: Any) -> None:
        self._busy = False
        self._say(str)
        self._succeeded(value)
        self.answered.emit()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, StaffRefused):
            self._say(lambda: refusal_text(error))
        else:
            self._say(lambda: self.tr("The PIN could not be checked: %1").replace(
                "%1", type(error).__name__))
        self.pin.setFocus()
        self.answered.emit()

    def _succeeded(self, value: Any) -> None:
        self.accept()


class SignInDialog(PinDialog):
    """The sign-in / lock screen. Locked (not `cancellable`), Esc and closing do nothing: the
    counter stays locked until someone signs in."""

    signed_in = Signal(object)  # SignedIn

    def __init__(self, staff: StaffAccounts, runner: Runner, parent: QWidget | None = None,
                 current: int | None = None, cancellable: bool = False,
                 station_name: str = "") -> None:
        super().__init__(lambda: [(m.staff_id, m.name) for m in staff.roster()], runner,
                         parent, current)
        self.setObjectName("signInDialog")
        self._staff = staff
        self._station_name = station_name
        self.cancellable = cancellable
        if not cancellable:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.signed: SignedIn | None = None
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        title = self.tr("Switch cashier") if self.cancellable else self.tr("Sign in")
        self.setWindowTitle(title)
        prompt = self.tr("%1 — choose your name (↑ ↓), type your PIN and press Enter.")
        self.prompt.setText(prompt.replace("%1", self._station_name or title))

    def attempt(self, staff_id: int, pin: str) -> SignedIn:
        return self._staff.sign_in(staff_id, pin)

    def _succeeded(self, value: Any) -> None:
        assert isinstance(value, SignedIn)
        self.signed = value
        self.signed_in.emit(value)
        self.accept()

    def reject(self) -> None:
        if self.cancellable:
            super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.cancellable or self.result() == QDialog.DialogCode.Accepted:
            super().closeEvent(event)
        else:
            event.ignore()


class ActivityWatch(QObject):
    """Installed on the application: notes the time of the last key, click or wheel, so the
    window can lock after the idle time. Never consumes an event."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                            QEvent.Type.Wheel):
            self.last = time.monotonic()
        return False

    def idle_for(self) -> float:
        return time.monotonic() - self.last
