"""Manager approval: a station manager at the counter confirms a void, a discount, a refund, a
count, a phone-tail handover… by choosing their name and typing their PIN.

The PIN is checked by the core (`StaffDesk.verify_override`, audited as an override, wrong PINs
count towards the manager's lock-out) on the database lane. `approver()` gives the manager's id
only after that check passed; the service the desk then calls checks the role again, so this
dialog is the prompt, not the guard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from station_app.services.staff import StaffDesk
from ui.sign_in import PinDialog, Runner, run_here


class ManagerApproval(PinDialog):
    def __init__(self, managers: list[tuple[int, str]], what: str,
                 parent: QWidget | None = None, *, staff: StaffDesk,
                 runner: Runner = run_here, cashier_id: int | None = None,
                 subject: str | None = None) -> None:
        prompt = self.tr("A station manager must approve: %1\nManager: choose your name and "
                         "type your PIN.").replace("%1", what)
        super().__init__(managers, prompt, runner, parent)
        self.setWindowTitle(self.tr("Manager approval"))
        self.setObjectName("managerApproval")
        self._staff = staff
        self._what = what
        self._cashier_id = cashier_id
        self._subject = subject
        self._approver: int | None = None
        if not managers:
            self.body.insertWidget(1, QLabel(self.tr("No manager account exists at this "
                                                   "station.")))

    def attempt(self, staff_id: int, pin: str) -> int:
        return self._staff.verify_override(staff_id, pin, self._what, self._subject,
                                           staff_id=self._cashier_id)

    def _succeeded(self, value: Any) -> None:
        self._approver = int(value)
        self.accept()

    def approver(self) -> int | None:
        """The manager whose PIN the core verified; None until then (or when cancelled)."""
        return self._approver
