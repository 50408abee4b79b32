"""What the receipt printer's and the label printer's set-up panels share: the list of printers
(the virtual one and the configured one first, then those found), the search (Ctrl+F, pressed
again stops the LAN scan), the network address typed in (Enter checks it), the message under
them, the test print (Ctrl+T) and its picture on the right. Everything that talks to a printer
runs on the panel's own lane.

Each panel says in its own words what was found, what failed and what the test print shows
(the methods that raise NotImplementedError here), and asks the printer at an address its own
way (`PanelKind.ask`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypedDict, Unpack

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.printer_link import PrinterLink
from station_app.devices.printers import PrinterError
from station_app.setup.printer_discovery import (
    VIRTUAL,
    Discovery,
    FoundPrinter,
    configured_printer,
    discover_local,
    discover_network,
    parse_host,
)
from ui.background import Lane
from ui.language_change import Retranslated, Said
from ui.messages import Messages
from ui.settings.forms import EnterKey

PREVIEW_WIDTH = 300


class TestPrint(Protocol):
    @property
    def preview_png(self) -> bytes: ...


@dataclass(frozen=True)
class PanelKind:
    """What sets a panel apart, besides its words: its lane's name, its test print, how it
    asks a network address, the object names of the shared widgets (what tests and style
    sheets find) and the least height of the list of printers."""

    lane: str
    # (the settings of `_test_settings`, the data folder, the station's name, now) → what was
    # printed; Any: each panel's own settings class
    test_print: Callable[[Any, Path, str, datetime], TestPrint]
    # (host, port, timeout in seconds) → the answer `_checked` words: who is at an address
    ask: Callable[[str, int, float], Any]
    found: str
    host: str
    test_button: str
    message: str
    preview: str
    list_height: int


class Finders(TypedDict, total=False):
    """How printers are found: tests pass their own (made-up USB lists, a loopback LAN)."""

    local: Callable[[], Discovery]  # USB and serial
    network: Callable[[threading.Event], Discovery]  # the LAN, until the event is set


class TestWords(NamedTuple):
    printing: str
    printed: str  # %1: the printer it went to
    not_printed: str  # %1: why


class PrinterSetupPanel(Retranslated, QWidget):
    """A subclass adds its own widgets, lays them out with the shared ones (`_address_row`,
    `_lay_out`) and calls `retranslate()` at the end of its `__init__`; its `retranslate()`
    calls this one first."""

    searched = Signal()  # a search or an address check finished (tests wait on it)
    tested = Signal(bool)  # the test print came out (True) or failed

    def __init__(self, configured: PrinterLink, data_dir: Path, station_name: str,
                 parent: QWidget | None, kind: PanelKind, **finders: Unpack[Finders]) -> None:
        super().__init__(parent)
        self._discover_local = finders.get("local", discover_local)
        self._discover_network = finders.get("network", discover_network)
        self._data_dir = data_dir
        self.station_name = station_name  # on the test print
        self._kind = kind
        self._lane = Lane(kind.lane)
        self._cancel = threading.Event()
        self._searching = False
        self._printer_list(configured)
        self._test_print_area()
        self.found.setMinimumHeight(kind.list_height)
        for widget, name in ((self.found, kind.found), (self.host, kind.host),
                             (self.test_button, kind.test_button),
                             (self.message, kind.message), (self.preview, kind.preview)):
            widget.setObjectName(name)

    def _test_print_area(self) -> None:
        """The test print's button and keys, the message and the test print's picture."""
        self.test_button = QPushButton()
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test)
        # Window-wide, while this panel is on show (a hidden page's shortcut is off).
        for keys, slot in (("Ctrl+T", self.print_test), ("Ctrl+F", self.find_printers)):
            QShortcut(QKeySequence(keys), self, slot)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.said = Said(self.message)  # the last search or test, worded again on a switch
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setFixedWidth(PREVIEW_WIDTH + 30)

    def _address_row(self, *after: QWidget) -> QHBoxLayout:
        """The network address field, and `after` it, as a form row."""
        row = QHBoxLayout()
        row.addWidget(self.host, 1)
        for widget in after:
            row.addWidget(widget)
        return row

    def _lay_out(self, form: QFormLayout, buttons: QLayout | QWidget) -> None:
        """The printers found and the search button over `form`, `buttons` and the message;
        the test print's picture on the right."""
        left = QVBoxLayout()
        left.addWidget(self.found, 1)
        left.addWidget(self.find_button)
        left.addLayout(form)
        if isinstance(buttons, QLayout):
            left.addLayout(buttons)
        else:
            left.addWidget(buttons)
        left.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview_area)

    def _printer_list(self, configured: PrinterLink) -> None:
        """The list of printers, its search button and the network address field."""
        self.found = QListWidget()
        row = self._add(VIRTUAL)
        current = configured_printer(configured)
        if current is not None:
            row = self._add(current)
        self.found.setCurrentRow(row)
        self.find_button = QPushButton()
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_printers)
        self.host = QLineEdit()
        EnterKey(self.host, self.check_host)

    def retranslate(self) -> None:
        self.said.again()
        self.find_button.setText(self.tr("Stop search") if self._searching
                                 else self.tr("Ctrl+F  Find printers"))
        self.find_button.setAccessibleName(self.tr("Find printers"))

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    # --- the printer chosen -----------------------------------------------------------------

    def printer(self) -> FoundPrinter:
        """The printer chosen in the list."""
        item = self.found.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else VIRTUAL
        assert isinstance(found, FoundPrinter)
        return found

    def describe(self) -> str:
        item = self.found.currentItem()
        return item.text() if item is not None else ""

    def _add(self, printer: FoundPrinter) -> int:
        """The row of `printer` in the list, added when it is not there yet (the choice stays
        where staff left it: a search does not move it)."""
        for row in range(self.found.count()):
            if self.found.item(row).data(Qt.ItemDataRole.UserRole) == printer:
                return row
        item = QListWidgetItem(self._label(printer))
        item.setData(Qt.ItemDataRole.UserRole, printer)
        self.found.addItem(item)
        return self.found.count() - 1

    def _label(self, printer: FoundPrinter) -> str:
        """How `printer` is listed."""
        raise NotImplementedError

    # --- finding ----------------------------------------------------------------------------

    def find_printers(self) -> None:
        """Ctrl+F: USB and serial printers, then the LAN; pressed again, stops the LAN scan."""
        if self._searching:
            self._cancel.set()
            return
        self._searching = True
        self._cancel = threading.Event()
        cancel = self._cancel
        self.retranslate()
        self._say(self._looking_text)
        find_local, find_network = self._discover_local, self._discover_network

        def search() -> Discovery:
            local = find_local()
            network = find_network(cancel)
            return Discovery(local.printers + network.printers, local.notes + network.notes,
                             local.silent_serial, local.closed_serial)

        self._lane.submit(search, self._found, self._search_failed)

    def _found(self, discovery: Discovery) -> None:
        self._searching = False
        self.retranslate()
        for printer in discovery.printers:
            self._add(printer)
        stopped = self._cancel.is_set()
        self._say(lambda: self._found_text(discovery, stopped))
        self.searched.emit()

    def _search_failed(self, error: BaseException) -> None:
        self._searching = False
        self.retranslate()
        self._say(lambda: self._search_failed_text(str(error)[:200]))
        self.searched.emit()

    def check_host(self) -> None:
        """Enter in the address field: is a printer listening there?"""
        try:
            host, port = parse_host(self.host.text())
        except ValueError:
            self._say(self._address_hint)
            return
        self._say(lambda: self.tr("Checking %1…").replace("%1", f"{host}:{port}"))
        ask = self._kind.ask
        self._lane.submit(lambda: ask(host, port, 2.0),
                          lambda answer: self._checked(host, port, answer), self._search_failed)

    def _looking_text(self) -> str:
        """What is said while the search runs."""
        raise NotImplementedError

    def _found_text(self, discovery: Discovery, stopped: bool) -> str:
        """What the search found (`stopped`: staff stopped it)."""
        raise NotImplementedError

    def _search_failed_text(self, reason: str) -> str:
        """A search or an address check failed for `reason`."""
        raise NotImplementedError

    def _address_hint(self) -> str:
        """What a printer's address looks like (the one typed in is not one)."""
        raise NotImplementedError

    def _checked(self, host: str, port: int, answer: Any) -> None:
        """`PanelKind.ask`'s `answer` from `host:port`, said; ends in `searched`."""
        raise NotImplementedError

    # --- the test print ---------------------------------------------------------------------

    def print_test(self) -> None:
        """Ctrl+T: the test print on the chosen printer, with its picture here."""
        settings, data_dir, station = self._test_settings(), self._data_dir, self.station_name
        test_print = self._kind.test_print
        self.test_button.setEnabled(False)
        self._say(lambda: self._test_words().printing)
        self._lane.submit(lambda: test_print(settings, data_dir, station, datetime.now(UTC)),
                          self._printed, self._print_failed)

    def _printed(self, printed: TestPrint) -> None:
        self.test_button.setEnabled(True)
        pixmap = QPixmap()
        pixmap.loadFromData(printed.preview_png, "PNG")
        self.preview.setPixmap(pixmap.scaledToWidth(
            PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
        self._say(lambda: self._test_words().printed.replace("%1", self.describe()))
        self.tested.emit(True)

    def _print_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        # What happened in the staff's language; the core's detail (address, OS error) below
        # for whoever helps them.
        detail = error.message if isinstance(error, PrinterError) else str(error)[:200]
        self._say(lambda: self._test_words().not_printed.replace(
            "%1", Messages(self).printer_problem(error)) + "\n" + detail)
        self.tested.emit(False)

    def _test_settings(self) -> PrinterLink:
        """The settings the test print goes out with."""
        raise NotImplementedError

    def _test_words(self) -> TestWords:
        """What the panel says about its test print."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stop a search and let the lane finish (the dialog closes)."""
        self._cancel.set()
        self._lane.shutdown()
