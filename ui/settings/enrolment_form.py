"""Enrolment with head office: its address and one-time code, typed or from its enrolment QR.

The QR can come three ways: the USB scanner types it into the address field (it is read as a
whole payload there), the webcam reads it (Ctrl+K), or staff type address and code. Nothing is
sent before the payload or the fields parse; the code is redeemed on the database lane by the
sync client, which writes the station only when head office said yes, so a refused code
leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.camera import CameraSettings
from station_app.setup.enrolment_code import (
    Enrolment,
    EnrolmentCodeError,
    EnrolmentProblem,
    parse_enrolment_payload,
    read_enrolment,
)
from sync.client.service import OTHER_STATION, SyncService
from sync.client.transport import AUTH, OFFLINE, PROTOCOL, SERVER, THROTTLED, SyncError
from ui.camera_panel import CameraView, CameraWorker
from ui.language_change import Retranslated, Said
from ui.settings.forms import labelled
from ui.sign_in import Runner

MakeCamera = Callable[[CameraSettings], CameraWorker | None]


class EnrolmentForm(Retranslated, QWidget):
    enrolled = Signal(str)  # station id, after head office said yes
    refused = Signal()  # the message says why (tests wait on it)

    def __init__(self, make_service: Callable[[], SyncService], runner: Runner,
                 make_camera: MakeCamera, parent: QWidget | None = None, *,
                 allow_insecure: bool = False) -> None:
        super().__init__(parent)
        self.allow_insecure = allow_insecure  # the station's allow_insecure_lan setting
        self._make_service = make_service
        self._runner = runner
        self._make_camera = make_camera
        self._camera: CameraWorker | None = None
        self.busy = False
        self.address = QLineEdit()
        self.address.setObjectName("headOfficeAddress")
        self.address.setMaxLength(512)
        self.code = QLineEdit()
        self.code.setObjectName("enrolmentCode")
        self.code.setMaxLength(20)
        self.scan_button = QPushButton()
        self.scan_button.setAutoDefault(False)
        self.scan_button.clicked.connect(self.scan_with_camera)
        QShortcut(QKeySequence("Ctrl+K"), self, self.scan_with_camera)  # while on show
        self.view = CameraView()
        self.view.setFixedSize(320, 180)
        self.view.hide()
        self.message = QLabel()
        self.message.setObjectName("enrolmentMessage")
        self.message.setWordWrap(True)
        self.said = Said(self.message)  # the last answer, worded again on a switch
        form = QFormLayout()
        self.labels = (labelled(form, self.address), labelled(form, self.code))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.scan_button)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.labels[0].setText(self.tr("Head office address"))
        self.labels[1].setText(self.tr("Enrolment code"))
        self.address.setPlaceholderText(self.tr("e.g. https://ho.example.cn — or scan head "
                                                "office's enrolment QR here"))
        self.address.setAccessibleName(self.tr("Head office address"))
        self.code.setPlaceholderText("K7QM-3XHP-VN9D")
        self.code.setAccessibleName(self.tr("Enrolment code"))
        self.scan_button.setText(self.tr("Ctrl+K  Scan the enrolment QR with the webcam"))
        self.scan_button.setAccessibleName(self.tr("Scan the enrolment QR with the webcam"))
        self.said.again()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    def focus_first(self) -> None:
        self.address.setFocus()

    # --- reading ----------------------------------------------------------------------------

    def read(self) -> Enrolment | None:
        """The address and code on screen, or None with the reason shown."""
        try:
            enrolment = read_enrolment(self.address.text(), self.code.text(),
                                       self.allow_insecure)
        except EnrolmentCodeError as error:
            problem = error.problem
            self._say(lambda: self.problem_text(problem))
            return None
        self.address.setText(enrolment.base_url)
        self.code.setText(enrolment.code)
        return enrolment

    def problem_text(self, problem: EnrolmentProblem) -> str:
        return {
            EnrolmentProblem.NOT_ENROLMENT: self.tr(
                "That is not head office's enrolment QR. Scan the QR on head office's "
                "enrolment sheet, or type the address and code."),
            EnrolmentProblem.VERSION: self.tr(
                "This enrolment QR was made by a newer head office. Update this app, or type "
                "the address and code."),
            EnrolmentProblem.BAD_ADDRESS: self.tr(
                "Type head office's address, e.g. https://ho.example.cn (ask head office)."),
            EnrolmentProblem.BAD_CODE: self.tr(
                "The enrolment code is three groups of four letters or digits, e.g. "
                "K7QM-3XHP-VN9D. Check it on the enrolment sheet."),
            EnrolmentProblem.INSECURE: self.tr(
                "That address is plain http: anyone on the network could change orders and "
                "answers. Use head office's https address (ask head office)."),
        }[problem]

    # --- enrolling --------------------------------------------------------------------------

    def enrol(self) -> None:
        """Redeem the code with head office (on the lane); `enrolled` or `refused` follows."""
        if self.busy:
            return
        enrolment = self.read()
        if enrolment is None:
            self.refused.emit()
            return
        self.busy = True
        self._say(lambda: self.tr("Asking head office…"))
        service = self._make_service()
        self._runner(lambda: service.enrol(enrolment.base_url, enrolment.code),
                     self._enrolled, self._failed)

    def _enrolled(self, station_id: str) -> None:
        self.busy = False
        self._say(lambda: self.tr("Enrolled as station %1.").replace("%1", station_id))
        self.enrolled.emit(station_id)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._say(lambda: self.failure_text(error) + "\n" + self.tr(
            "Nothing was saved on this counter."))
        self.refused.emit()

    def failure_text(self, error: BaseException) -> str:
        if not isinstance(error, SyncError):
            return self.tr("Enrolment failed: %1").replace("%1", str(error)[:200])
        if error.code == "enrolment_code_used":
            return self.tr("This code was already used. Ask head office for a new one.")
        if error.code == OTHER_STATION:
            return self.tr("This code is for another station. This counter keeps its own "
                           "station's orders and stock: ask head office for a code for this "
                           "station.")
        if error.code == "unknown_enrolment_code":
            return self.tr("Head office does not know this code: it is mistyped or has "
                           "expired. Check it, or ask head office for a new one.")
        return {
            OFFLINE: self.tr("Head office cannot be reached at this address. Check the "
                             "address and this PC's network, then try again."),
            AUTH: self.tr("Head office's security certificate could not be checked (TLS). "
                          "Check the address, this PC's date and time, or ask head office "
                          "for its certificate."),
            PROTOCOL: self.tr("The answer did not come from a head office this app knows. "
                              "Check the address (or update the app)."),
            SERVER: self.tr("Head office has a problem right now. Try again in a few "
                            "minutes."),
            THROTTLED: self.tr("Head office is busy. Try again in a minute."),
        }.get(error.kind, self.tr("Head office refused the enrolment: %1").replace(
            "%1", error.message[:200]))

    # --- the webcam -------------------------------------------------------------------------

    def scan_with_camera(self) -> None:
        """Ctrl+K: read head office's enrolment QR with the webcam; pressed again, stops."""
        if self._camera is not None:
            self.stop_camera()
            return
        worker = self._make_camera(CameraSettings())
        if worker is None:
            self._say(lambda: self.tr("No webcam found. Scan the QR with the USB scanner "
                                         "into the address field, or type address and code."))
            return
        worker.preview.connect(self.view.show_frame)
        worker.status_changed.connect(self.view.show_status)
        worker.scanned.connect(self._camera_read)
        self._camera = worker
        self.view.show()
        self._say(lambda: self.tr("Hold head office's enrolment QR in front of the camera."))
        worker.start()

    def _camera_read(self, text: str) -> None:
        try:
            enrolment = parse_enrolment_payload(text, self.allow_insecure)
        except EnrolmentCodeError as error:
            problem = error.problem
            self._say(lambda: self.problem_text(problem))
            return
        self.stop_camera()
        self.address.setText(enrolment.base_url)
        self.code.setText(enrolment.code)
        self._say(lambda: self.tr("Read. Press Enter to enrol."))

    def stop_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera = None
        self.view.hide()
