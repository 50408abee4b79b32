"""The first-run steps: language, enrolment, printer, camera, scanner, first manager, done.

Printer, camera, scanner and display are the settings dialog's panels; these pages add what
only a first run needs (choosing demo or head office, the first manager, the summary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from station_app.devices.camera import available_devices
from station_app.domain.staff import Role
from station_app.security.pins import PIN_MAX_DIGITS, BadPin, PinProblem, check_pin_rules
from station_app.services.staff import NAME_MAX, StaffRefusal, StaffRefused
from station_app.setup.first_run import (
    LocalStation,
    SetupRefused,
    create_first_manager,
    enrol_demo,
    local_station,
    managers_without_pin,
)
from sync.client.service import SyncReport
from sync.lan.join import Joined
from ui.first_run.join_form import JoinForm
from ui.first_run.page import SetupPage, SetupState
from ui.settings.camera_page import CameraPanel, plain_camera
from ui.settings.display_panel import DisplayPanel
from ui.settings.enrolment_form import EnrolmentForm, MakeCamera
from ui.settings.forms import labelled
from ui.settings.printer_panel import PrinterPanel
from ui.settings.scanner_panel import ScannerPanel

FIELD_WIDTH = 480  # a name or a PIN does not need the whole screen


def _note(name: str = "setupNote") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName(name)
    return label


class LanguagePage(SetupPage):
    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.panel = DisplayPanel(state.settings, full=False)
        self.note = _note()
        self.stack_up(self.note, self.panel)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Language")

    def retranslate(self) -> None:
        self.note.setText(self.tr("Welcome! This sets the counter up in a few steps: enrolment "
                                  "with head office, printer, camera, scanner and the first "
                                  "manager. Enter goes on, Esc goes back."))
        self.panel.retranslate()

    def entered(self) -> None:
        self.panel.focus_first()

    def leave(self, go: Callable[[], None]) -> None:
        self.state.settings = self.panel.chosen(self.state.settings)
        go()

    def summary(self) -> str:
        return self.tr("Receipts in: %1").replace(
            "%1", self.panel.receipt_language.currentText())


class EnrolmentPage(SetupPage):
    done_enrolling = Signal()  # the station is set (tests wait on it)

    def __init__(self, state: SetupState, make_camera: MakeCamera | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.head_office = QRadioButton()
        self.join_lan = QRadioButton()
        self.demo = QRadioButton()
        group = QButtonGroup(self)
        for choice in (self.head_office, self.join_lan, self.demo):
            group.addButton(choice)
        self.head_office.setChecked(True)
        self.form = EnrolmentForm(state.make_service, state.run, make_camera or plain_camera,
                                  allow_insecure=state.settings.allow_insecure_lan)
        self.head_office.toggled.connect(self.form.setEnabled)
        self.join_form = JoinForm(state)
        self.join_form.setEnabled(False)
        self.join_lan.toggled.connect(self.join_form.setEnabled)
        QShortcut(QKeySequence("Alt+H"), self, self.choose_head_office)
        QShortcut(QKeySequence("Alt+J"), self, self.choose_join)
        QShortcut(QKeySequence("Alt+D"), self, self.choose_demo)
        self.note = _note()
        self.demo_note = _note()
        self.message = _note("demoMessage")
        self.stack_up(self.note, self.head_office, self.form, self.join_lan, self.join_form,
                      self.demo, self.demo_note, self.message)
        self._go: Callable[[], None] | None = None
        self.form.enrolled.connect(self._enrolled)
        self.form.refused.connect(self.refused)
        self.join_form.joined.connect(self._joined)
        self.join_form.refused.connect(self.refused)
        self._show_station()
        self.retranslate()

    def title(self) -> str:
        return self.tr("Enrolment")

    def retranslate(self) -> None:
        self.head_office.setText(self.tr("Alt+H  Enrol with head office (address and one-time "
                                         "code, or scan its enrolment QR)"))
        self.join_lan.setText(self.tr("Alt+J  Join as another counter of a station, from a "
                                      "counter running there (LAN, pairing code)"))
        self.join_lan.setAccessibleName(self.tr("Join as another counter of a station"))
        self.demo.setText(self.tr("Alt+D  Try the demo station (sample orders, no head office "
                                  "needed)"))
        self.head_office.setAccessibleName(self.tr("Enrol with head office"))
        self.demo.setAccessibleName(self.tr("Try the demo station"))
        self.demo_note.setText(self.tr("The demo station is for learning: its orders are made "
                                       "up. A real counter enrols with head office."))
        station = self.state.station
        if station is not None and station.counter_no > 1:
            self.note.setText(self.tr("This PC is counter %3 of station %1 · %2.").replace(
                "%1", station.station_id).replace("%2", station.name).replace(
                "%3", str(station.counter_no)))
        elif station is not None:
            self.note.setText(self.tr("This counter is enrolled as station %1 · %2.").replace(
                "%1", station.station_id).replace("%2", station.name))
        else:
            self.note.setText(self.tr("Head office gives each new counter an address and a "
                                      "one-time code (or a QR with both)."))
        self.form.retranslate()
        self.join_form.retranslate()

    def choose_join(self) -> None:
        """Alt+J: join from another counter of the station (the address field takes the keys)."""
        self.join_lan.setChecked(True)
        self.join_form.focus_first()

    def choose_head_office(self) -> None:
        """Alt+H: enrol with head office (the address field takes the keys)."""
        self.head_office.setChecked(True)
        self.form.focus_first()

    def choose_demo(self) -> None:
        """Alt+D: the demo station (Enter sets it up)."""
        self.demo.setChecked(True)
        self.demo.setFocus()

    def _show_station(self) -> None:
        enrolled = self.state.station is not None
        for widget in (self.head_office, self.form, self.join_lan, self.join_form, self.demo,
                       self.demo_note):
            widget.setVisible(not enrolled)

    def entered(self) -> None:
        if self.state.station is None:
            self.form.focus_first()

    def leave(self, go: Callable[[], None]) -> None:
        if self.state.station is not None:
            go()
            return
        self._go = go
        if self.head_office.isChecked():
            self.form.enrol()
            return
        if self.join_lan.isChecked():
            self.join_form.join()
            return
        self.message.setText(self.tr("Setting up the demo station…"))
        self.state.run(lambda: enrol_demo(self.state.db), self._set_station, self._demo_failed)

    def _enrolled(self, _station_id: str) -> None:
        db, make_service = self.state.db, self.state.make_service
        self.message.setText(self.tr("Enrolled. Asking head office what it holds for this "
                                     "station…"))

        def take_over() -> tuple[LocalStation | None, SyncReport, tuple[str, ...]]:
            # A station that exists at head office (this is a replacement PC): its orders,
            # stock, staff and holding period come back before anyone works here.
            report = make_service().sync_now()
            return local_station(db), report, managers_without_pin(db)

        self.state.run(take_over, self._taken_over, self._demo_failed)

    def _taken_over(self, result: tuple[LocalStation | None, SyncReport, tuple[str, ...]]
                    ) -> None:
        station, report, managers = result
        self.state.taken_over_managers = managers
        self._go = None  # stay here: staff read what happened, then press Enter
        self._set_station(station)
        self.refused.emit()  # (the wizard's "stayed on the page": Enter goes on from here)
        if station is None:
            return
        enrolled = self.tr("Enrolled as station %1 · %2.").replace(
            "%1", station.station_id).replace("%2", station.name)
        if report.recovered is not None:
            taken = self.tr("This station already exists at head office: its orders, stock, "
                            "staff and holding period were taken over (%1 records). The old "
                            "PC's key no longer works; staff set their PINs again on this "
                            "PC.").replace("%1", str(report.recovered.recovered))
        elif report.error is not None:
            taken = self.tr("Head office could not be asked yet (%1): the counter takes the "
                            "station over at its first sync.").replace(
                "%1", report.error.message[:120])
        else:
            taken = self.tr("A new station: nothing to take over.")
        self.message.setText(f"{enrolled} {taken} " + self.tr("Press Enter to go on."))

    def _joined(self, joined: Joined) -> None:
        # The counters line is written with the other settings at Finish; the exchange
        # starts when the counter opens.
        self.state.settings = replace(self.state.settings, counters=joined.counters)
        db = self.state.db
        self.state.run(lambda: local_station(db), self._set_station, self._demo_failed)

    def _set_station(self, station: LocalStation | None) -> None:
        self.state.station = station
        if station is not None:
            self.state.settings = replace(self.state.settings, demo=station.demo)
        self.message.clear()
        self._show_station()
        self.retranslate()
        self.done_enrolling.emit()
        go, self._go = self._go, None
        if go is not None and station is not None:
            go()

    def _demo_failed(self, error: BaseException) -> None:
        self._go = None
        self.message.setText(self.tr("The station could not be set up: %1").replace(
            "%1", str(error)[:200]))
        self.refused.emit()
        self.done_enrolling.emit()

    def summary(self) -> str:
        station = self.state.station
        if station is None:
            return ""
        text = self.tr("Station: %1 · %2").replace("%1", station.station_id).replace(
            "%2", station.name)
        return text + (self.tr(" (demo)") if station.demo else "")

    def stop(self) -> None:
        self.form.stop_camera()


class PrinterPage(SetupPage):
    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.panel = PrinterPanel(state.settings.printer, state.root, "")
        self.stack_up(self.panel, fill=True)

    def title(self) -> str:
        return self.tr("Printer")

    def retranslate(self) -> None:
        self.panel.retranslate()

    def entered(self) -> None:
        station = self.state.station  # known now: its name goes on the test page
        self.panel.station_name = station.name if station else ""
        self.panel.focus_first()

    def leave(self, go: Callable[[], None]) -> None:
        self.state.settings = replace(self.state.settings, printer=self.panel.chosen())
        go()

    def summary(self) -> str:
        chosen = self.state.settings.printer
        return self.tr("Printer: %1, %2 mm, %3").replace("%1", self.panel.describe()).replace(
            "%2", str(chosen.paper_width_mm)).replace("%3", chosen.encoding.upper())

    def stop(self) -> None:
        self.panel.shutdown()


class CameraPage(SetupPage):
    skippable = True

    def __init__(self, state: SetupState, make_camera: MakeCamera | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.panel = CameraPanel(state.settings.camera, available_devices(probe=False),
                                 make_camera or plain_camera)
        self.note = _note()
        self.stack_up(self.note, self.panel)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Camera")

    def retranslate(self) -> None:
        self.note.setText(self.tr("The webcam reads the residents' QR codes. Press Ctrl+T and "
                                  "hold a code in front of it. No camera? Press Skip."))

    def entered(self) -> None:
        self.panel.source.setFocus()

    def leave(self, go: Callable[[], None]) -> None:
        self.panel.stop_test()
        self.state.settings = replace(self.state.settings, camera=self.panel.chosen())
        go()

    def skip(self) -> None:
        self.panel.stop_test()
        self.state.settings = replace(self.state.settings, camera=replace(
            self.state.settings.camera, enabled=False))

    def summary(self) -> str:
        panel = self.panel
        shown = (panel.path.text().strip() or panel.source.currentText()) \
            if self.state.settings.camera.enabled else self.tr("none")
        return self.tr("Camera: %1").replace("%1", shown)

    def stop(self) -> None:
        self.panel.stop_test()


class ScannerPage(SetupPage):
    skippable = True

    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.panel = ScannerPanel()
        self.stack_up(self.panel, fill=True)

    def title(self) -> str:
        return self.tr("Scanner test")

    def retranslate(self) -> None:
        self.panel.retranslate()

    def entered(self) -> None:
        self.panel.focus_first()


class ManagerPage(SetupPage):
    answered = Signal()  # refused or created (tests wait on it)

    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.note = _note()
        self.name = QLineEdit()
        self.name.setObjectName("managerName")
        self.name.setMaxLength(NAME_MAX)
        self.name.setMaximumWidth(FIELD_WIDTH)
        self.pin = self._pin_field("managerPin")
        self.pin_again = self._pin_field("managerPinAgain")
        self.message = _note("managerMessage")
        form = QFormLayout()
        self.labels = [labelled(form, field) for field in (self.name, self.pin, self.pin_again)]
        self.stack_up(self.note, form, self.message)
        self.retranslate()

    @staticmethod
    def _pin_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)  # dots: a resident may be watching
        field.setMaxLength(PIN_MAX_DIGITS + 4)  # a longer PIN is refused with a message
        field.setMaximumWidth(FIELD_WIDTH)
        return field

    @property
    def skippable(self) -> bool:  # type: ignore[override]
        station = self.state.station
        return bool(station and station.demo) or bool(self.state.manager_name)

    def title(self) -> str:
        return self.tr("First manager")

    def retranslate(self) -> None:
        station = self.state.station
        if self.state.manager_name:
            self.note.setText(self.tr("%1 is the station manager. Press Enter to go on.")
                              .replace("%1", self.state.manager_name))
        elif self.state.taken_over_managers:
            self.note.setText(self.tr("This station's managers came back from head office: "
                                      "%1. Type your name as it is there and choose a new PIN "
                                      "(PINs never leave a counter).").replace(
                "%1", "、".join(self.state.taken_over_managers)))
        elif station is not None and station.demo:
            self.note.setText(self.tr("The demo station has its own staff (manager 陈建国, PIN "
                                      "2222; clerk 王丽, PIN 1111). Add yourself as a manager, "
                                      "or press Skip."))
        else:
            self.note.setText(self.tr("The station manager signs in with a PIN, approves "
                                      "refunds and adds the other staff. Choose a PIN of 6 to "
                                      "8 digits that others cannot guess: not a run like "
                                      "123456 or 1234, not a repeat like 111111 or 121212."))
        for label, text in zip(self.labels, (self.tr("Name"), self.tr("PIN (6–8 digits)"),
                                             self.tr("PIN again")), strict=True):
            label.setText(text)
        self.name.setAccessibleName(self.tr("Manager's name"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin_again.setAccessibleName(self.tr("PIN again"))

    def entered(self) -> None:
        self.retranslate()
        if self.state.taken_over_managers and not self.name.text():
            self.name.setText(self.state.taken_over_managers[0])
        self.name.setFocus()

    def leave(self, go: Callable[[], None]) -> None:
        if self.state.manager_name and not self.name.text().strip():
            go()  # came back after adding the manager: nothing more to add
            return
        name, pin, again = self.name.text().strip(), self.pin.text(), self.pin_again.text()
        problem = self._problem(name, pin, again)
        if problem:
            self._refuse(problem)
            return
        self.pin.clear()
        self.pin_again.clear()
        state = self.state
        demo = bool(state.station and state.station.demo)
        state.run(lambda: create_first_manager(state.db, name, pin, demo=demo),
                  lambda _staff_id: self._created(name, go), self._failed)

    def _problem(self, name: str, pin: str, again: str) -> str:
        if not name:
            return self.tr("Type the manager's name.")
        try:
            check_pin_rules(pin, Role.MANAGER)
        except BadPin as bad:
            return self._pin_problem(bad.problem)
        if pin != again:
            return self.tr("The two PINs differ. Type the PIN twice.")
        return ""

    def _pin_problem(self, problem: PinProblem) -> str:
        if problem is PinProblem.GUESSABLE:
            return self.tr("That PIN is easy to guess (a run like 123456 or a repeat like "
                           "111111). Choose another.")
        return self.tr("A manager's PIN is 6 to 8 digits. Type it again.")

    def _refuse(self, text: str) -> None:
        self.pin.clear()
        self.pin_again.clear()
        self.message.setText(text)
        (self.name if not self.name.text().strip() else self.pin).setFocus()
        self.refused.emit()
        self.answered.emit()

    def _created(self, name: str, go: Callable[[], None]) -> None:
        self.state.manager_name = name
        self.name.clear()
        self.message.setText(self.tr("%1 added as station manager.").replace("%1", name))
        self.answered.emit()
        go()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StaffRefused) and error.reason is StaffRefusal.BAD_PIN:
            self._refuse(self._pin_problem(error.pin_problem or PinProblem.FORMAT))
        elif isinstance(error, StaffRefused) and error.reason is StaffRefusal.BAD_NAME:
            self._refuse(self.tr("Type a name (at most %1 characters).").replace(
                "%1", str(NAME_MAX)))
        elif isinstance(error, SetupRefused):
            self._refuse(self.tr("This station already has a manager: add staff later in "
                                 "Settings → Staff."))
        else:
            self._refuse(self.tr("Nothing was saved: %1").replace("%1", str(error)[:200]))

    def summary(self) -> str:
        return self.tr("Manager: %1").replace("%1", self.state.manager_name) \
            if self.state.manager_name else ""


class DonePage(SetupPage):
    def __init__(self, state: SetupState, summaries: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._summaries = summaries
        self.note = _note()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("setupSummary")
        self.summary_label.setWordWrap(True)  # its size: the application's sheet
        self.stack_up(self.note, self.summary_label)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Done")

    def retranslate(self) -> None:
        self.note.setText(self.tr("The counter is ready. Press Enter to open it; everything "
                                  "here can be changed later in Settings (F2)."))
        if self.isVisible():
            self.entered()

    def entered(self) -> None:
        self.summary_label.setText("\n".join(f"• {line}" for line in self._summaries()
                                             if line))
