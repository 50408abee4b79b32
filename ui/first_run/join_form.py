"""The wizard's third way in: join a station as another counter, from a counter running there
(its address and the pairing code it shows in F2, Counters). Works with the internet down."""

from __future__ import annotations

from collections.abc import Callable

import requests
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from station_app.security.pairing import BadPairingCode
from station_app.services.exchange import MAX_COUNTERS
from station_app.setup.second_counter import CannotBecomeCounter
from sync.lan.counters import DEFAULT_PORT, CountersSettingError
from sync.lan.join import Joined, join_station
from sync.lan.wire import LanRefused
from ui.first_run.page import SetupState
from ui.language_change import Retranslated, Said
from ui.settings.forms import labelled

FIELD_WIDTH = 480


class JoinForm(Retranslated, QWidget):
    joined = Signal(object)  # Joined
    refused = Signal()

    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.address = QLineEdit()
        self.address.setObjectName("joinAddress")
        self.code = QLineEdit()
        self.code.setObjectName("joinCode")
        self.number = QSpinBox()
        self.number.setRange(2, MAX_COUNTERS)
        self.replacing = QCheckBox()
        self.replacing.setObjectName("joinReplacing")
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(DEFAULT_PORT)
        for field in (self.address, self.code):
            field.setMaximumWidth(FIELD_WIDTH)
        for number in (self.number, self.port):
            number.setMaximumWidth(160)
        self.message = QLabel()
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        self.said = Said(self.message)
        form = QFormLayout(self)
        self.labels = [labelled(form, field) for field in (self.address, self.code,
                                                           self.number, self.port)]
        form.addRow(self.replacing)
        form.addRow(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (
                self.tr("Address of a counter of the station"), self.tr("Pairing code"),
                self.tr("This PC becomes counter"), self.tr("This PC answers on port")),
                strict=True):
            label.setText(text)
        self.address.setPlaceholderText(self.tr("e.g. 192.168.1.20 (F2, Counters on that PC)"))
        self.code.setPlaceholderText(self.tr("e.g. 7K2Q-M4XD-… as that counter shows it"))
        self.replacing.setText(self.tr("This PC replaces that counter (its PC is gone, or its "
                                       "disk was restored from a backup)"))
        self.said.again()

    def focus_first(self) -> None:
        self.address.setFocus()

    def join(self) -> None:
        """Copy the station from the other counter (on the set-up lane) and become counter N."""
        address, code = self.address.text().strip(), self.code.text()
        number, port = self.number.value(), self.port.value()
        replacing = self.replacing.isChecked()
        if not address:
            self._say(lambda: self.tr("Type the address of a counter of the station."))
            self.refused.emit()
            return
        db, root = self.state.db, self.state.root
        self._say(lambda: self.tr("Copying the station from that counter…"))
        self.state.run(lambda: join_station(db, root, address, code, number, port,
                                            replacing=replacing),
                       self._joined, self._failed)

    def _joined(self, joined: Joined) -> None:
        self._say(lambda: self.tr("This PC is now counter %1 of station %2.").replace(
            "%1", str(joined.counter_no)).replace("%2", joined.station_id))
        self.joined.emit(joined)

    def _failed(self, error: BaseException) -> None:
        self._say(self._why(error))
        self.refused.emit()

    def _why(self, error: BaseException) -> Callable[[], str]:
        if isinstance(error, BadPairingCode):
            return lambda: self.tr("The pairing code has a typo: check it against the other "
                                   "counter's F2, Counters.")
        if isinstance(error, LanRefused) and error.code == "bad_signature":
            return lambda: self.tr("That counter does not accept this pairing code: it "
                                   "belongs to another station, or a new code was made.")
        if isinstance(error, CannotBecomeCounter):
            return lambda: self.tr("%1. Choose another number.").replace("%1", str(error))
        if isinstance(error, requests.RequestException | OSError | CountersSettingError):
            return lambda: self.tr("No counter answers at that address: check the address, "
                                   "that the counter's app is open and the network cable "
                                   "is in.")
        return lambda: self.tr("Joining failed: %1").replace("%1", str(error)[:200])

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)
