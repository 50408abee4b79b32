"""Staff management (员工管理) for the station manager: the roster, adding an account with its
first PIN, setting a forgotten PIN (which also unlocks the account, the lock that holds until a
manager resets the PIN included), deactivating an account.

Opened only after a manager approved with their PIN (`CounterWindow.open_staff`); the
approver's id goes to the service as `manager_id` / `by_id`, and the service checks it again.
Every change runs through `runner` (the database lane, off the GUI thread); a refusal shows in
the red message line and writes nothing. PINs are read from the fields, handed to the service
and the fields cleared: never kept or logged here.

Keys: Ctrl+N add, Ctrl+P new PIN for the selected person, Delete deactivate (asks first),
Enter saves the open form, Esc closes the open form, then the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.staff import Role
from station_app.security.pins import PIN_MAX_DIGITS, PinProblem
from station_app.services.staff import (
    NAME_MAX,
    StaffAccounts,
    StaffMember,
    StaffRefusal,
    StaffRefused,
)
from ui.formatting import date_time
from ui.language_change import Retranslated, Said
from ui.sign_in import Runner, run_here

NO_FORM, ADD_FORM, PIN_FORM = 0, 1, 2


class StaffDialog(Retranslated, QDialog):
    loaded = Signal()  # after the table shows the roster (tests wait on it)
    answered = Signal()  # after a change was saved or refused (the message says which)

    def __init__(self, staff: StaffAccounts, manager_id: int, runner: Runner = run_here,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffDialog")
        self.resize(760, 520)
        self._staff = staff
        self._manager_id = manager_id
        self._runner = runner
        self._busy = False
        self.members: list[StaffMember] = []
        self.confirmation: QMessageBox | None = None
        self.labels: dict[str, QLabel] = {}  # form captions and rules, worded by retranslate()

        self.table = self._roster_table()
        buttons = self._action_buttons()
        self.forms = QStackedWidget()
        self.forms.addWidget(QWidget())
        self.forms.addWidget(self._add_page())
        self.forms.addWidget(self._pin_page())
        self.forms.hide()

        self.message = QLabel()
        self.message.setObjectName("staffMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "alert")
        self.notice = QLabel()  # what was saved (not an error)
        self.notice.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.forms)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.said = Said(self.message, self.notice)  # results, worded again on a switch
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staff"))
        self.table.setAccessibleName(self.tr("Staff accounts"))
        self.table.setAccessibleDescription(self.tr("One row per staff member"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Role"), self.tr("Active"), self.tr("Locked until")])
        for button, text in ((self.add_button, self.tr("Add… (Ctrl+N)")),
                             (self.pin_button, self.tr("Reset PIN… (Ctrl+P)")),
                             (self.deactivate_button, self.tr("Deactivate… (Delete)")),
                             (self.close_button, self.tr("Close (Esc)")),
                             (self.add_save, self.tr("Add (Enter)")),
                             (self.pin_save, self.tr("Set PIN (Enter)"))):
            button.setText(text)
        self.role.setItemText(0, self.tr("Clerk"))
        self.role.setItemText(1, self.tr("Station manager"))
        rule = self.tr("4–8 digits, a station manager's 6–8; never a run like 1234 or a repeat "
                       "like 1111.")
        for key, text in (("name", self.tr("Name")), ("role", self.tr("Role")),
                          ("pin", self.tr("PIN")), ("pin again", self.tr("PIN again")),
                          ("new pin", self.tr("New PIN")),
                          ("new pin again", self.tr("New PIN again")),
                          ("rule", rule), ("pin rule", rule)):
            self.labels[key].setText(text)
        self._fill(self.members)
        self.said.again()

    def _roster_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        return table

    def _action_buttons(self) -> QHBoxLayout:
        """Add, Reset PIN, Deactivate and Close, each with its key."""
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.show_add_form)
        self.pin_button = QPushButton()
        self.pin_button.clicked.connect(self.show_pin_form)
        self.deactivate_button = QPushButton()
        self.deactivate_button.clicked.connect(self.ask_deactivate)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self._close)
        for button in (self.add_button, self.pin_button, self.deactivate_button,
                       self.close_button):
            button.setAutoDefault(False)
        # QShortcut, as the desks do (a field that uses the key, e.g. Delete, gets it first).
        for keys, slot in ((QKeySequence("Ctrl+N"), self.show_add_form),
                           (QKeySequence("Ctrl+P"), self.show_pin_form),
                           (QKeySequence(Qt.Key.Key_Delete), self.ask_deactivate)):
            QShortcut(keys, self, slot)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pin_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        return buttons

    def _add_page(self) -> QWidget:
        """Add: name, role, PIN twice; Enter in any field adds."""
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.role = QComboBox()
        self.role.addItem("", Role.CLERK.value)
        self.role.addItem("", Role.MANAGER.value)
        self.new_pin = self._pin_field()
        self.new_pin_again = self._pin_field()
        add_page = QWidget()
        add_form = QFormLayout(add_page)
        for key, field in (("name", self.name), ("role", self.role), ("pin", self.new_pin),
                           ("pin again", self.new_pin_again)):
            add_form.addRow(self._label(key), field)
        self.pin_rule = self._label("pin rule")
        add_form.addRow("", self.pin_rule)
        self.add_save = add_save = QPushButton()
        add_save.setAutoDefault(False)
        add_save.clicked.connect(self.add)
        add_form.addRow("", add_save)
        for field in (self.name, self.new_pin, self.new_pin_again):
            field.returnPressed.connect(self.add)
        return add_page

    def _pin_page(self) -> QWidget:
        """Reset PIN: the new PIN twice; Enter in either field sets it."""
        self.pin_for = QLabel()
        self.reset_pin = self._pin_field()
        self.reset_pin_again = self._pin_field()
        pin_page = QWidget()
        pin_form = QFormLayout(pin_page)
        pin_form.addRow(self.pin_for)
        pin_form.addRow(self._label("new pin"), self.reset_pin)
        pin_form.addRow(self._label("new pin again"), self.reset_pin_again)
        pin_form.addRow("", self._label("rule"))
        self.pin_save = pin_save = QPushButton()
        pin_save.setAutoDefault(False)
        pin_save.clicked.connect(self.reset)
        pin_form.addRow("", pin_save)
        for field in (self.reset_pin, self.reset_pin_again):
            field.returnPressed.connect(self.reset)
        return pin_page

    def _label(self, key: str) -> QLabel:
        """A caption, or the PIN rule the core applies (security.pins.check_pin_rules) said
        before it refuses."""
        label = self.labels[key] = QLabel()
        label.setWordWrap(key.endswith("rule"))
        return label

    def _pin_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(PIN_MAX_DIGITS + 4)  # a longer PIN is refused with a message
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                  | Qt.InputMethodHint.ImhSensitiveData)
        return field

    # --- the roster ---------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        staff = self._staff
        self._runner(lambda: staff.roster(include_inactive=True),
                     lambda found: self._show(found, select), self._read_failed)

    def _show(self, found: list[StaffMember], select: int | None = None) -> None:
        self._fill(found, select)
        self.loaded.emit()

    def _fill(self, found: list[StaffMember], select: int | None = None) -> None:
        keep = select if select is not None else self.selected_id()
        self.members = found
        self.table.setRowCount(len(found))
        for row, member in enumerate(found):
            locked = member.locked_until
            if member.needs_reset:  # the third lock-out: Reset PIN (Ctrl+P) lifts it
                lock_text = self.tr("Until a manager resets the PIN")
            elif locked is not None and locked > _now(locked):
                lock_text = _local(locked)
            else:
                lock_text = ""
            cells = (member.name, self.role_text(member.role),
                     self.tr("Yes") if member.active else self.tr("No"), lock_text)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setData(Qt.ItemDataRole.UserRole, member.staff_id)
                self.table.setItem(row, column, item)
            if member.staff_id == keep:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and found:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()

    def _read_failed(self, error: BaseException) -> None:
        self.said.tell(self.message, lambda: self.tr(
            "The staff list could not be read: %1").replace("%1", str(error)[:200]))
        self.loaded.emit()

    def role_text(self, role: str) -> str:
        if role == Role.MANAGER.value:
            return self.tr("Station manager")
        if role == Role.CLERK.value:
            return self.tr("Clerk")
        return role

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.members):
            return None
        return self.members[row].staff_id

    def selected(self) -> StaffMember | None:
        staff_id = self.selected_id()
        return next((m for m in self.members if m.staff_id == staff_id), None)

    # --- forms --------------------------------------------------------------------------------

    def show_add_form(self) -> None:
        """Ctrl+N: name, role, PIN twice; Enter adds."""
        self._clear_feedback()
        self.name.clear()
        self.role.setCurrentIndex(0)
        self._clear_pins()
        self.forms.setCurrentIndex(ADD_FORM)
        self.forms.show()
        self.name.setFocus()

    def show_pin_form(self) -> None:
        """Ctrl+P: a new PIN (twice) for the selected person; Enter sets it."""
        self._clear_feedback()
        member = self.selected()
        if member is None:
            self.said.tell(self.message, lambda: self.tr("Select someone in the list first (↑ ↓)."))
            return
        self._clear_pins()
        self.said.tell(self.pin_for, lambda: self.tr("New PIN for %1").replace("%1", member.name))
        self.forms.setCurrentIndex(PIN_FORM)
        self.forms.show()
        self.reset_pin.setFocus()

    def _hide_form(self) -> None:
        self._clear_pins()
        self.forms.setCurrentIndex(NO_FORM)
        self.forms.hide()
        self.table.setFocus()

    def _clear_pins(self) -> None:
        for field in (self.new_pin, self.new_pin_again, self.reset_pin, self.reset_pin_again):
            field.clear()

    def _clear_feedback(self) -> None:
        self.said.tell(self.message, str)
        self.said.tell(self.notice, str)

    def reject(self) -> None:
        # Esc: first closes an open form, then the dialog.
        if self.forms.isVisible():
            self._hide_form()
            return
        super().reject()

    def _close(self) -> None:
        super().reject()

    # --- changes ------------------------------------------------------------------------------

    def add(self) -> None:
        if self._busy or self.forms.currentIndex() != ADD_FORM:
            return
        self._clear_feedback()
        name, role = self.name.text(), self.role.currentData()
        pin, again = self.new_pin.text(), self.new_pin_again.text()
        if pin != again:
            self._refuse_locally(lambda: self.tr("The two PINs differ. Type the PIN twice."),
                                 self.new_pin)
            return
        self._clear_pins()
        staff, manager_id = self._staff, self._manager_id
        self._submit(lambda: staff.add_staff(name, role, pin, manager_id),
                     lambda new_id: self._added(new_id, name.strip()), self.new_pin)

    def _added(self, new_id: int, name: str) -> None:
        self._hide_form()
        self.said.tell(self.notice, lambda: self.tr("%1 added.").replace("%1", name))
        self.refresh(select=new_id)

    def reset(self) -> None:
        if self._busy or self.forms.currentIndex() != PIN_FORM:
            return
        self._clear_feedback()
        member = self.selected()
        if member is None:
            self._hide_form()
            self.said.tell(self.message, lambda: self.tr("Select someone in the list first (↑ ↓)."))
            return
        pin, again = self.reset_pin.text(), self.reset_pin_again.text()
        if pin != again:
            self._refuse_locally(lambda: self.tr("The two PINs differ. Type the PIN twice."),
                                 self.reset_pin)
            return
        self._clear_pins()
        staff, manager_id, staff_id = self._staff, self._manager_id, member.staff_id
        self._submit(lambda: staff.set_pin(staff_id, pin, by_id=manager_id),
                     lambda _none: self._pin_set(member), self.reset_pin)

    def _pin_set(self, member: StaffMember) -> None:
        self._hide_form()
        self.said.tell(self.notice,
                       lambda: self.tr("New PIN set for %1.").replace("%1", member.name))
        self.refresh(select=member.staff_id)

    def ask_deactivate(self) -> QMessageBox | None:
        """Delete: deactivate the selected person after a confirmation (No is the default)."""
        if self._busy:
            return None
        self._clear_feedback()
        member = self.selected()
        if member is None:
            self.said.tell(self.message, lambda: self.tr("Select someone in the list first (↑ ↓)."))
            return None
        if not member.active:
            self.said.tell(self.message, lambda: self.tr("%1 is already deactivated.").replace(
                "%1", member.name))
            return None
        if member.staff_id == self._manager_id:
            self.said.tell(self.message, lambda: self.tr("You cannot deactivate your own account."))
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Deactivate"),
                          self.tr("Deactivate %1? They can no longer sign in. Their history "
                                  "is kept.").replace("%1", member.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _code, box=box: self._confirmed(box, member))
        self.confirmation = box
        box.open()
        return box

    def _confirmed(self, box: QMessageBox, member: StaffMember) -> None:
        yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        if self.confirmation is box:
            self.confirmation = None
        box.deleteLater()
        if not yes:
            return
        staff, manager_id, staff_id = self._staff, self._manager_id, member.staff_id
        self._submit(lambda: staff.deactivate(staff_id, manager_id),
                     lambda _none: self._deactivated(member), None)

    def _deactivated(self, member: StaffMember) -> None:
        self.said.tell(self.notice, lambda: self.tr("%1 deactivated.").replace("%1", member.name))
        self.refresh(select=member.staff_id)

    def _submit(self, work: Any, done: Any, focus: QLineEdit | None) -> None:
        self._busy = True

        def succeeded(value: Any) -> None:
            self._busy = False
            done(value)
            self.answered.emit()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.said.tell(self.message, lambda: self.refusal_text(error))
            if focus is not None and self.forms.isVisible():
                focus.setFocus()
            self.answered.emit()

        self._runner(work, succeeded, failed)

    def _refuse_locally(self, text: Callable[[], str], focus: QLineEdit) -> None:
        self._clear_pins()
        self.said.tell(self.message, text)
        focus.setFocus()
        self.answered.emit()

    def refusal_text(self, error: BaseException) -> str:
        if not isinstance(error, StaffRefused):
            return self.tr("Nothing was saved: %1").replace("%1", str(error)[:200])
        match error.reason:
            case StaffRefusal.BAD_PIN if error.pin_problem is PinProblem.GUESSABLE:
                return self.tr("That PIN is easy to guess (a run like 1234 or a repeat like "
                               "1111): choose another. Nothing was saved.")
            case StaffRefusal.BAD_PIN if error.pin_problem is PinProblem.TOO_SHORT:
                return self.tr("A station manager's PIN has 6 to 8 digits. Nothing was saved.")
            case StaffRefusal.BAD_PIN:
                return self.tr("A PIN is 4 to 8 digits. Nothing was saved.")
            case StaffRefusal.BAD_NAME:
                return self.tr("Type a name (at most %1 characters). Nothing was saved."
                               ).replace("%1", str(NAME_MAX))
            case StaffRefusal.BAD_ROLE:
                return self.tr("Choose a role. Nothing was saved.")
            case StaffRefusal.NOT_MANAGER:
                return self.tr("Only a station manager can change staff accounts. Nothing "
                               "was saved.")
            case StaffRefusal.INACTIVE:
                return self.tr("This account is deactivated: its PIN cannot be set.")
            case StaffRefusal.UNKNOWN if error.staff_id == self._manager_id:
                return self.tr("You cannot deactivate your own account.")
            case StaffRefusal.UNKNOWN:
                return self.tr("This staff member no longer exists. Nothing was saved.")
            case _:
                return self.tr("Refused (%1). Nothing was saved.").replace(
                    "%1", error.reason.value)


def _now(like: datetime) -> datetime:
    # The database may hand back naive UTC times: compare like with like.
    now = datetime.now(UTC)
    return now if like.tzinfo is not None else now.replace(tzinfo=None)


def _local(at: datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return date_time(aware)
