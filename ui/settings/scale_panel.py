"""Scale, pole display and scale labels (F2): the counter scale's port, baud rate and protocol,
with a read of the scale; the pole display's port and font, with a test text; and the barcode
rules scale labels are read by, with a check of a sample code.

Keys while the page is on show: Ctrl+W reads the scale (its own thread, ui/scale_worker.py:
the weight now, then the steady weight; pressed again, with the choices on screen), Ctrl+T
tares it, Ctrl+D shows the test text on the pole display, Enter in the sample field reads the
code by the rules on screen. Nothing here touches the database; the display is written on the
panel's own lane.
"""

from __future__ import annotations

from collections.abc import Callable

import serial
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from serial.tools import list_ports

from station_app.devices.pole_display import (
    Charset,
    PoleView,
    SerialPoleDisplay,
    VirtualPoleDisplay,
    display_bytes,
    pole_lines,
)
from station_app.devices.scale import ScaleProtocol
from station_app.devices.scale_settings import (
    BAUD_RATES,
    BarcodeRuleSettings,
    PoleDisplaySettings,
    ScaleSettings,
)
from station_app.devices.scale_simulator import ScaleSimulator
from station_app.domain.scale_barcode import (
    PRESETS,
    ScaleCodeRefused,
    ScaleLabel,
    decode,
    parse_rule,
)
from ui.background import Lane
from ui.language_change import Retranslated, Said
from ui.scale_worker import ScaleWorker
from ui.settings.forms import EnterKey, labelled

SILENT_AFTER_MS = 3000  # no reading by then: the scale does not answer on this port
DEMO_LOAD_G = 500  # what the simulated scale has on its pan when read here
CHARSETS = ("gb18030", "gbk", "ascii")
TEST_VIEW = PoleView("显示测试 Test", 1234, None, 5678)


def serial_ports() -> list[str]:
    """The serial ports this PC has (COM3, /dev/ttyUSB0…), as pyserial lists them."""
    return sorted(port.device for port in list_ports.comports())


def _kg(grams: int) -> str:
    sign = "-" if grams < 0 else ""
    return f"{sign}{abs(grams) // 1000}.{abs(grams) % 1000:03d} kg"


def _show_on_display(port: str, baudrate: int, charset: Charset) -> tuple[str, str]:
    """The test text on the pole display (the panel's lane). Returns the two lines shown:
    read back from the virtual display, or as sent to a real one."""
    lines = pole_lines(TEST_VIEW, charset != "ascii")
    data = display_bytes(lines, charset)
    if port == "virtual":
        virtual = VirtualPoleDisplay(charset)
        virtual.write(data)
        return virtual.shown
    display = SerialPoleDisplay(port, baudrate)
    try:
        display.write(data)
    finally:
        display.close()
    return lines


def _combo(values: tuple[object, ...], current: object, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    for value in values:
        combo.addItem(str(value), value)
    found = combo.findData(current)
    if found < 0 and editable:
        combo.addItem(str(current), current)
        found = combo.count() - 1
    combo.setCurrentIndex(max(found, 0))
    return combo


class ScalePanel(Retranslated, QWidget):
    weighed = Signal(int)  # the scale read gave a steady weight (tests wait on it)
    scale_heard = Signal(str)  # "ok" | "offline" | "silent"
    display_tested = Signal(bool)
    checked = Signal()  # a sample code was read by the rules

    def __init__(self, scale: ScaleSettings, pole: PoleDisplaySettings,
                 rules: BarcodeRuleSettings, parent: QWidget | None = None,
                 ports: Callable[[], list[str]] = serial_ports) -> None:
        super().__init__(parent)
        self._settings = (scale, pole, rules)
        self._lane = Lane("scale-setup")
        self.worker: ScaleWorker | None = None
        self.simulator: ScaleSimulator | None = None
        self._heard = False
        self._silence = QTimer(self)
        self._silence.setSingleShot(True)
        self._silence.setInterval(SILENT_AFTER_MS)
        self._silence.timeout.connect(self._silent)
        found = ports()
        self._bad_lines: list[int] = []
        self._bad_lines_said = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scale_box(scale, found))
        layout.addWidget(self._pole_box(pole, found))
        layout.addWidget(self._rules_box(rules), 1)
        for keys, slot in (("Ctrl+W", self.read_scale), ("Ctrl+T", self.tare),
                           ("Ctrl+D", self.test_display)):
            QShortcut(QKeySequence(keys), self, slot)
        self.retranslate()
        self._check_custom()

    # --- building ---------------------------------------------------------------------------

    def _scale_box(self, scale: ScaleSettings, found: list[str]) -> QGroupBox:
        self.scale_port = _combo(("", "simulator", *found), scale.port, editable=True)
        self.scale_port.setObjectName("scalePort")
        self.protocol = _combo(tuple(p.value for p in ScaleProtocol), scale.protocol)
        self.scale_baud = _combo(BAUD_RATES, scale.baudrate)
        self.read_button, self.tare_button = QPushButton(), QPushButton()
        self.read_button.setObjectName("readScale")
        self.weight = QLabel()
        self.weight.setObjectName("scaleWeight")
        self.scale_message = QLabel()
        self.scale_message.setObjectName("scaleMessage")
        self.scale_message.setWordWrap(True)
        self.scale_box = QGroupBox()
        form = QFormLayout()
        self.scale_labels = [labelled(form, field) for field in
                             (self.scale_port, self.protocol, self.scale_baud)]
        buttons = QHBoxLayout()
        for button, slot in ((self.read_button, self.read_scale), (self.tare_button, self.tare)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.weight, 1)
        box = QVBoxLayout(self.scale_box)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.scale_message)
        return self.scale_box

    def _pole_box(self, pole: PoleDisplaySettings, found: list[str]) -> QGroupBox:
        self.pole_port = _combo(("", "virtual", *found), pole.port, editable=True)
        self.pole_port.setObjectName("polePort")
        self.pole_baud = _combo(BAUD_RATES, pole.baudrate)
        self.charset = _combo(CHARSETS, pole.charset)
        self.display_button = QPushButton()
        self.display_button.setObjectName("testPoleDisplay")
        self.display_button.setAutoDefault(False)
        self.display_button.clicked.connect(self.test_display)
        self.pole_message = QLabel()
        self.pole_message.setObjectName("poleMessage")
        self.pole_message.setWordWrap(True)
        self.pole_box = QGroupBox()
        form = QFormLayout()
        self.pole_labels = [labelled(form, field) for field in
                            (self.pole_port, self.pole_baud, self.charset)]
        box = QVBoxLayout(self.pole_box)
        box.addLayout(form)
        box.addWidget(self.display_button)
        box.addWidget(self.pole_message)
        return self.pole_box

    def _rules_box(self, rules: BarcodeRuleSettings) -> QGroupBox:
        self.preset = _combo((*PRESETS, "none"), rules.preset)
        self.preset.setObjectName("barcodePreset")
        self.preset.currentIndexChanged.connect(lambda _index: self._show_preset())
        self.preset_rules = QLabel()
        self.preset_rules.setWordWrap(True)
        self.custom = QPlainTextEdit("\n".join(rules.custom))
        self.custom.setObjectName("customRules")
        self.custom.setTabChangesFocus(True)
        self.custom.setMaximumHeight(80)
        self.custom.textChanged.connect(self._check_custom)
        self.sample = QLineEdit()
        self.sample.setObjectName("sampleCode")
        EnterKey(self.sample, self.check_sample)
        self.rules_message = QLabel()
        self.rules_message.setObjectName("rulesMessage")
        self.rules_message.setWordWrap(True)
        self.said = Said(self.scale_message, self.pole_message, self.rules_message)
        self.rules_box = QGroupBox()
        form = QFormLayout()
        self.rules_labels = [labelled(form, field) for field in
                             (self.preset, self.preset_rules, self.custom, self.sample)]
        box = QVBoxLayout(self.rules_box)
        box.addLayout(form)
        box.addWidget(self.rules_message)
        return self.rules_box

    def retranslate(self) -> None:
        self.scale_box.setTitle(self.tr("Counter scale"))
        self.pole_box.setTitle(self.tr("Pole display"))
        self.rules_box.setTitle(self.tr("Scale labels (barcode rules)"))
        for label, text in zip(self.scale_labels + self.pole_labels + self.rules_labels, (
                self.tr("Scale port"), self.tr("Protocol"), self.tr("Scale baud rate"),
                self.tr("Display port"), self.tr("Display baud rate"), self.tr("Display font"),
                self.tr("Preset (make of scale)"), self.tr("Preset rules"),
                self.tr("Own rules, one a line"), self.tr("Sample code")), strict=True):
            label.setText(text)
        for combo in (self.scale_port, self.pole_port):
            if (typed := combo.lineEdit()) is not None:
                typed.setPlaceholderText(self.tr("none"))
        self.scale_port.setToolTip(self.tr("Empty: no scale. simulator: the demo's scale."))
        self.pole_port.setToolTip(self.tr("Empty: no pole display. virtual: one on screen "
                                          "only."))
        for row, text in enumerate((self.tr("Continuous (Aclas, Dahua: sends by itself)"),
                                    self.tr("SICS (Mettler Toledo: answers when asked)"))):
            self.protocol.setItemText(row, text)
        for row, text in enumerate((self.tr("Chinese font (GB18030)"),
                                    self.tr("Chinese font (GBK)"),
                                    self.tr("No Chinese font: amounts only"))):
            self.charset.setItemText(row, text)
        for row, text in enumerate((self.tr("Aclas"), self.tr("Dahua"),
                                    self.tr("Toledo"), self.tr("Odoo's defaults"),
                                    self.tr("None: only the station's own rules"))):
            self.preset.setItemText(row, text)
        self.read_button.setText(self.tr("Ctrl+W  Read the scale"))
        self.read_button.setAccessibleName(self.tr("Read the scale"))
        self.tare_button.setText(self.tr("Ctrl+T  Tare"))
        self.tare_button.setAccessibleName(self.tr("Tare"))
        self.display_button.setText(self.tr("Ctrl+D  Show test text"))
        self.display_button.setAccessibleName(self.tr("Show test text on the pole display"))
        self.custom.setAccessibleName(self.tr("Own barcode rules"))
        self.custom.setPlaceholderText(self.tr("e.g. 21.....{price:NNNDD}"))
        self.sample.setPlaceholderText(self.tr("Scan or type a scale label, then Enter"))
        self.sample.setAccessibleName(self.tr("Sample scale label"))
        self._show_preset()
        self.said.again()

    def focus_first(self) -> None:
        self.scale_port.setFocus()

    def _show_preset(self) -> None:
        preset = self.preset.currentData()
        self.preset_rules.setText(", ".join(PRESETS.get(preset, ())) or "–")

    # --- what is chosen ---------------------------------------------------------------------

    def chosen_scale(self) -> ScaleSettings:
        return ScaleSettings(self.scale_port.currentText().strip(),
                             int(self.scale_baud.currentData()), self.protocol.currentData())

    def chosen_pole(self) -> PoleDisplaySettings:
        return PoleDisplaySettings(self.pole_port.currentText().strip(),
                                   int(self.pole_baud.currentData()),
                                   self.charset.currentData())

    def chosen_rules(self) -> BarcodeRuleSettings:
        """The preset and the own rules on screen; a line that is not a rule is left out (the
        page says which while staff type)."""
        good = []
        for line in self.custom.toPlainText().splitlines():
            try:
                good.append(parse_rule(line).pattern)
            except ScaleCodeRefused:
                continue
        return BarcodeRuleSettings(self.preset.currentData(), tuple(good))

    # --- the scale --------------------------------------------------------------------------

    def read_scale(self) -> None:
        """Ctrl+W: read the scale on the chosen port (again: with the choices now on screen)."""
        self._stop_scale()
        chosen = self.chosen_scale()
        port = chosen.port
        if not port:
            self._say(self.scale_message, lambda: self.tr("Choose the scale's port first "
                                                          "(simulator: the demo's scale)."))
            return
        if port == "simulator":
            self.simulator = ScaleSimulator(chosen.protocol).start()
            self.simulator.put(DEMO_LOAD_G)
            port = self.simulator.port
        self.worker = ScaleWorker(chosen.view(port))
        self.worker.reading.connect(self._reading)
        self.worker.weighed.connect(self._weighed)
        self.worker.status.connect(self._status)
        self._heard = False
        self.weight.setText("")
        self._say(self.scale_message, lambda: self.tr("Reading the scale on %1…").replace(
            "%1", chosen.port))
        self._silence.start()
        self.worker.start()

    def tare(self) -> None:
        """Ctrl+T: the scale takes what is on the pan as zero."""
        if self.worker is None:
            self._say(self.scale_message, lambda: self.tr("Press Ctrl+W to read the scale "
                                                          "first."))
            return
        self.worker.tare()
        if self.simulator is not None:
            self.simulator.tare()  # the simulated pan is tared as the command would
        self.worker.fresh()
        self._say(self.scale_message, lambda: self.tr("Tare sent: the scale shows zero now."))

    def _reading(self, grams: int, stable: bool) -> None:
        self._heard = True
        self.weight.setText(_kg(grams) + "  " + (self.tr("steady") if stable
                                                 else self.tr("moving")))

    def _weighed(self, grams: int) -> None:
        self._say(self.scale_message, lambda: self.tr("The scale works: a steady %1.").replace(
            "%1", _kg(grams)))
        self.weighed.emit(grams)

    def _status(self, status: str) -> None:
        if status == "offline":
            port = self.chosen_scale().port
            self._say(self.scale_message, lambda: self.tr(
                "No scale on %1: check the cable and the port name.").replace("%1", port))
        else:
            self._heard = True
        self.scale_heard.emit(status)

    def _silent(self) -> None:
        if self._heard or self.worker is None:
            return
        port = self.chosen_scale().port
        self._say(self.scale_message, lambda: self.tr(
            "Nothing heard from a scale on %1: check that it is on, the protocol and the baud "
            "rate.").replace("%1", port))
        self.scale_heard.emit("silent")

    def _stop_scale(self) -> None:
        self._silence.stop()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self.simulator is not None:
            self.simulator.close()
            self.simulator = None

    # --- the pole display -------------------------------------------------------------------

    def test_display(self) -> None:
        """Ctrl+D: the test text on the chosen display."""
        pole = self.chosen_pole()
        if not pole.port:
            self._say(self.pole_message, lambda: self.tr("Choose the display's port first "
                                                         "(virtual: on screen only)."))
            return
        charset: Charset = pole.charset  # type: ignore[assignment]  # one of CHARSETS
        self._lane.submit(lambda: _show_on_display(pole.port, pole.baudrate, charset),
                          self._display_shown, self._display_failed)

    def _display_shown(self, lines: tuple[str, str]) -> None:
        shown = " | ".join(line.rstrip() for line in lines)
        self._say(self.pole_message, lambda: self.tr(
            "The display shows: %1. Check it reads the same.").replace("%1", shown))
        self.display_tested.emit(True)

    def _display_failed(self, error: BaseException) -> None:
        why = str(error)[:160] if isinstance(error, serial.SerialException | OSError) \
            else type(error).__name__
        self._say(self.pole_message, lambda: self.tr(
            "The pole display did not answer: %1. Check the port and the cable.").replace(
            "%1", why))
        self.display_tested.emit(False)

    # --- the barcode rules ------------------------------------------------------------------

    def _check_custom(self) -> None:
        """Say at once which own rule is not a rule (it is left out when saved)."""
        bad = []
        for number, line in enumerate(self.custom.toPlainText().splitlines(), start=1):
            if line.strip():
                try:
                    parse_rule(line)
                except ScaleCodeRefused:
                    bad.append(number)
        self._bad_lines = bad
        if bad:
            lines = ", ".join(str(n) for n in bad)
            self._say(self.rules_message, lambda: self.tr(
                "Line %1 is not a rule and is not saved. A rule is the prefix, one dot per PLU "
                "digit, then {price:NNNDD} or {weight:NNDDD}: 13 or 18 digits with the check "
                "digit.").replace("%1", lines))
        elif self._bad_lines_said:
            self._say(self.rules_message, str)
        self._bad_lines_said = bool(bad)

    def check_sample(self) -> None:
        """Enter in the sample field: what the rules on screen read in the code."""
        code = self.sample.text().strip()
        try:
            label = decode(code, self.chosen_rules().rules())
        except ScaleCodeRefused as refused:
            problem = refused.problem.value
            self._say(self.rules_message, lambda: self.tr("Refused at the counter: %1.")
                      .replace("%1", self._problem(problem)))
        else:
            self._say(self.rules_message, lambda: self._read(code, label))
        self.checked.emit()

    def _read(self, code: str, label: ScaleLabel | None) -> str:
        if label is None:
            return self.tr("No rule reads %1: it sells as an ordinary barcode.").replace(
                "%1", code)
        parts = [self.tr("PLU %1").replace("%1", label.plu)]
        if label.price_fen is not None:
            parts.append(self.tr("price ¥%1").replace(
                "%1", f"{label.price_fen // 100}.{label.price_fen % 100:02d}"))
        if label.weight_g is not None:
            parts.append(self.tr("weight %1").replace("%1", _kg(label.weight_g)))
        return self.tr("%1 (rule %2)").replace("%1", ", ".join(parts)).replace(
            "%2", label.rule.pattern)

    def _problem(self, problem: str) -> str:
        return {"bad_check_digit": self.tr("the check digit is wrong (a misread)"),
                "bad_price_check": self.tr("the price check digit is wrong (a misread)"),
                "zero_weight": self.tr("the weight is zero"),
                "absurd_weight": self.tr("the weight is over 30 kg"),
                "zero_price": self.tr("the price is zero"),
                "absurd_price": self.tr("the price is not believable"),
                }.get(problem, problem)

    def _say(self, label: QLabel, wording: Callable[[], str]) -> None:
        self.said.tell(label, wording)

    def shutdown(self) -> None:
        self._stop_scale()
        self._lane.shutdown()
