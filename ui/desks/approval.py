"""Manager approval: a station manager at the counter confirms a void, a discount, a refund, a
count, a phone-tail handover… by choosing their name and typing their PIN.

The PIN is checked by the core (`StaffAccounts.verify_override`, audited as an override, wrong PINs
count towards the manager's lock-out) on the database lane. `approver()` gives the manager's id
only after that check passed; the service the desk then calls checks the role again, so this
dialog is the prompt, not the guard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from station_app.services.staff import StaffAccounts
from ui.sign_in import PinDialog, Runner, run_here

# An amount as the counter writes it (money.format_fen), with its sign: "-￥12.50", "−￥5.00".
AMOUNT = re.compile(r"[-−+]?[￥¥]\d[\d,]*(?:\.\d+)?")
WORD_JOINER = "\u2060"  # no line break here (Unicode line breaking), drawn as nothing


def whole_amounts(text: str) -> str:
    """`text` with each amount glued together: a narrow prompt once wrapped "-" and "￥12.50"
    onto two lines, and a manager must read the amount they approve at a glance."""
    return AMOUNT.sub(lambda found: WORD_JOINER.join(found.group()), text)


class ManagerApproval(PinDialog):
    def __init__(self, managers: Callable[[], list[tuple[int, str]]], what: str,
                 parent: QWidget | None = None, *, staff: StaffAccounts,
                 runner: Runner = run_here, cashier_id: int | None = None,
                 subject: str | None = None) -> None:
        super().__init__(managers, runner, parent)
        self.setObjectName("managerApproval")
        self._staff = staff
        self._what = what
        self._cashier_id = cashier_id
        self._subject = subject
        self._approver: int | None = None
        self._no_manager: QLabel | None = None
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Manager approval"))
        self.prompt.setText(self.tr("A station manager must approve: %1\nManager: choose your "
                                    "name and type your PIN.").replace(
                                        "%1", whole_amounts(self._what)))
        if self._no_manager is not None:
            self._no_manager.setText(self.tr("No manager account exists at this station."))

    def people_shown(self) -> None:
        if not self._people:
            self._no_manager = QLabel()
            self.body.insertWidget(1, self._no_manager)
            self.retranslate()

    def attempt(self, staff_id: int, pin: str) -> int:
        return self._staff.verify_override(staff_id, pin, self._what, self._subject,
                                           staff_id=self._cashier_id)

    def _succeeded(self, value: Any) -> None:
        self._approver = int(value)
        self.accept()

    def approver(self) -> int | None:
        """The manager whose PIN the core verified; None until then (or when cancelled)."""
        return self._approver
