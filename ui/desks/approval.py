"""Manager approval: a manager at the counter confirms a discount, a refund or a count.

Until staff sign-in with PINs lands (staff issue), the manager picks their name. The service
checks the role again, so this dialog is a convenience, not the guard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)


class ManagerApproval(QDialog):
    def __init__(self, managers: list[tuple[int, str]], what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Manager approval"))
        self._managers = managers
        layout = QVBoxLayout(self)
        prompt = QLabel(self.tr("A station manager must approve: %1").replace("%1", what))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.names = QListWidget()
        self.names.setAccessibleName(self.tr("Approving manager"))
        for _staff_id, name in managers:
            self.names.addItem(name)
        if managers:
            self.names.setCurrentRow(0)
        else:
            layout.addWidget(QLabel(self.tr("No manager account exists at this station.")))
        layout.addWidget(self.names)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.names.itemActivated.connect(lambda _item: self.accept())
        self.names.setFocus(Qt.FocusReason.OtherFocusReason)

    def approver(self) -> int | None:
        row = self.names.currentRow()
        return self._managers[row][0] if 0 <= row < len(self._managers) else None
