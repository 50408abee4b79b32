"""The station's counters, on the settings' station page: which counter this PC is, the
`counters` line (the same on every counter), and the pairing code a new counter types.

The pairing code is the station's LAN secret: it is made here the first time a manager asks
for one (F2 is behind a manager's PIN), kept in the secret store, never in settings.toml. A
counter that joined from another has it already; one that did not can have it typed in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.counter import Counter
from station_app.security.pairing import (
    BadPairingCode,
    new_lan_secret,
    pairing_code,
    read_pairing_code,
)
from station_app.security.secret_store import SecretStore, SecretUnavailable
from station_app.services.exchange import Exchange
from sync.lan.counters import CountersSettingError, parse_counters
from sync.lan.join import LAN_SECRET
from ui.language_change import Retranslated, Said
from ui.settings.forms import labelled
from ui.sign_in import Runner


class CountersPanel(Retranslated, QWidget):
    def __init__(self, counter: Counter, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._runner = runner
        self._store = SecretStore(counter.data_dir.root, counter.station_id)
        self._number: int | None = None
        self._code = ""
        self.heading = QLabel()
        self.heading.setObjectName("countersHeading")
        self.line = QLineEdit(counter.settings.counters)
        self.line.setObjectName("countersLine")
        self.code = QLineEdit()
        self.code.setObjectName("pairingCode")
        self.new_code = QPushButton()
        self.new_code.setAutoDefault(False)
        self.new_code.clicked.connect(self.make_code)
        self.take_code = QPushButton()
        self.take_code.setAutoDefault(False)
        self.take_code.clicked.connect(self.keep_typed_code)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.said = Said(self.message)
        codes = QHBoxLayout()
        codes.addWidget(self.code, 1)
        codes.addWidget(self.take_code)
        codes.addWidget(self.new_code)
        form = QFormLayout()
        self.labels = [labelled(form, self.line), labelled(form, codes)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.retranslate()
        self._read()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Counters of this station") if self._number is None else
                             self.tr("Counters of this station: this PC is counter %1")
                             .replace("%1", str(self._number)))
        self.labels[0].setText(self.tr("Counters on the LAN"))
        self.labels[1].setText(self.tr("Pairing code"))
        self.line.setPlaceholderText(self.tr("1=192.168.1.20:7441, 2=192.168.1.21:7441 "
                                             "(the same line on every counter)"))
        self.code.setPlaceholderText(self.tr("none yet: make one, or type counter 1's"))
        self.line.setAccessibleName(self.tr("Counters on the LAN"))
        self.code.setAccessibleName(self.tr("Pairing code"))
        self.new_code.setText(self.tr("New code"))
        self.take_code.setText(self.tr("Use typed code"))
        self.said.again()

    def chosen_line(self) -> str:
        """The counters line to save; raises CountersSettingError (said on the panel)."""
        text = self.line.text().strip()
        try:
            parse_counters(text)
        except CountersSettingError as error:
            why = str(error)
            self._say(lambda: self.tr("Counters line: %1").replace("%1", why))
            raise
        return text

    def _read(self) -> None:
        exchange = Exchange(self._counter.db, self._counter.station_id)

        def read() -> tuple[int, str]:
            try:
                code = pairing_code(self._store.load(LAN_SECRET))
            except SecretUnavailable:
                code = ""
            return exchange.counter_no(), code

        self._runner(read, self._shown, lambda _error: None)

    def _shown(self, found: tuple[int, str]) -> None:
        self._number, self._code = found
        self.code.setText(self._code)
        self.retranslate()

    def make_code(self) -> None:
        """A new pairing code (a new LAN secret): every other counter must take it too."""
        secret = new_lan_secret()
        self._keep(secret, lambda: self.tr("New pairing code kept. Type it at every other "
                                           "counter of the station (F2, Counters), then "
                                           "restart them."))

    def keep_typed_code(self) -> None:
        try:
            secret = read_pairing_code(self.code.text())
        except BadPairingCode:
            self._say(lambda: self.tr("The pairing code has a typo: check it against counter "
                                      "1's."))
            return
        self._keep(secret, lambda: self.tr("Pairing code kept: the exchange with the other "
                                           "counters starts after Save."))

    def _keep(self, secret: bytes, done: Callable[[], str]) -> None:
        store = self._store
        self._runner(lambda: store.save(LAN_SECRET, secret),
                     lambda _where: self._kept(secret, done),
                     lambda error: self._say(lambda: self.tr("Not kept: %1").replace(
                         "%1", str(error)[:200])))

    def _kept(self, secret: bytes, done: Callable[[], str]) -> None:
        self._code = pairing_code(secret)
        self.code.setText(self._code)
        self._say(done)

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)
