"""The customer display (客显): a second window, facing the resident, in large type.

It paints only the plain data it is handed (ui/resident_view.py): at handover the order(s),
the masked name, the items and their count, the slot and where the handover stands, coloured
as the staff banner; at a walk-in sale the cart, the total, the cash given and the change, and
the station's payment code when WeChat Pay or Alipay is chosen; idle, the station's name and
its notice. Nothing it shows comes from what staff type, and the data types have no field for
a phone number, a pickup code or a PIN.

It never makes the counter wait: `show_view` only keeps the view and asks for one paint on the
next pass of the event loop (several views told in one pass paint once, the last), after the
staff window painted its own result. The payment codes are read and scaled once, off the GUI
thread, when the settings change (ui/resident_side.py), never per update. It never takes the
focus: the scanner types into the staff window's scan box.

Its words are the resident's language, not the window's (ui/resident_words.py), so it is not
`Retranslated`: a staff language switch leaves it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.money import format_fen
from ui.appearance import set_flag
from ui.desks.widgets import read_only_rows
from ui.resident_view import (
    ResidentCart,
    ResidentHandover,
    ResidentIdle,
    ResidentOrder,
    ResidentView,
)
from ui.resident_words import (
    AMOUNT,
    CASH_GIVEN,
    CHANGE,
    INVITE,
    ITEM,
    ITEMS,
    METHOD_WORDS,
    MORE,
    NO_PAYMENT_CODE,
    ORDER,
    ORDERS,
    OUTCOME_WORDS,
    PAID,
    PAYMENT,
    QUANTITY,
    SCAN_TO_PAY,
    SLOT,
    TOTAL,
    WINDOW_TITLE,
    YOUR_PURCHASE,
    ResidentWords,
)

IDLE, HANDOVER, CART = range(3)
PAYMENT_CODES = ("wechat", "alipay")  # the methods paid by scanning the station's code
MAX_ROWS = 10  # rows a resident reads at a glance; more are summed up in the last one
ROW_HEIGHT = 56
# A name is masked by head office ("张**"); should a number ever ride in it, the resident's
# screen still shows no run of digits as long as a pickup code or a phone number.
LONG_NUMBER = re.compile(r"\d{6,}")


def without_numbers(text: str) -> str:
    """`text` with every run of six or more digits starred out."""
    return LONG_NUMBER.sub(lambda found: "*" * len(found[0]), text)


class CustomerDisplay(QWidget):
    """The resident's window; `ResidentSide` decides where it shows and what it is told."""

    painted = Signal(object)  # the view, once on screen: tests and the benchmark wait on it
    activated = Signal()  # something made it the active window: the counter takes the keys back

    def __init__(self, words: ResidentWords, station: str, notice: str) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("customerDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words = words
        self.view: ResidentView = ResidentIdle()
        self._station, self._notice = station, notice
        self._due = False
        self._codes: dict[str, QPixmap] = {}
        self._code_shown: str | None = None
        self.pages = QStackedWidget()
        for page in (self._idle_page(), self._handover_page(), self._cart_page()):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.pages)
        self._draw(self.view)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.activated.emit()
        return super().event(event)

    # --- what it is told --------------------------------------------------------------------

    def show_view(self, view: ResidentView) -> None:
        """Show `view` on the next pass of the event loop; returns at once."""
        self.view = view
        if not self._due:
            self._due = True
            QTimer.singleShot(0, self, self._paint_due)

    @property
    def up_to_date(self) -> bool:
        """The view last told is drawn (no paint is due)."""
        return not self._due

    def use_words(self, words: ResidentWords) -> None:
        """The resident's language changed (settings): every text again, from the view."""
        self.words = words
        self._code_shown = None
        self.show_view(self.view)

    def set_station(self, station: str, notice: str) -> None:
        self._station, self._notice = station, notice
        self.show_view(self.view)

    def set_payment_codes(self, codes: Mapping[str, QPixmap]) -> None:
        """The station's payment codes, read and scaled (ui/resident_side.py); a method
        missing here shows a text asking the resident to ask the staff."""
        self._codes = dict(codes)
        self._code_shown = None
        self.show_view(self.view)

    def payment_code(self, method: str) -> QPixmap | None:
        return self._codes.get(method)

    def _paint_due(self) -> None:
        self._due = False
        self._draw(self.view)
        if self.isVisible():
            self.repaint()  # on screen now, not at the next pass: "painted" means painted
        self.painted.emit(self.view)

    def _draw(self, view: ResidentView) -> None:
        self.setWindowTitle(self.words(WINDOW_TITLE))
        if isinstance(view, ResidentHandover):
            self._draw_handover(view)
            self.pages.setCurrentIndex(HANDOVER)
        elif isinstance(view, ResidentCart):
            self._draw_cart(view)
            self.pages.setCurrentIndex(CART)
        else:
            self._draw_idle()
            self.pages.setCurrentIndex(IDLE)

    # --- the pages --------------------------------------------------------------------------

    def _idle_page(self) -> QWidget:
        self.station = _label("residentStation", Qt.AlignmentFlag.AlignCenter)
        self.invite = _label("residentInvite", Qt.AlignmentFlag.AlignCenter)
        self.notice = _label("residentNotice", Qt.AlignmentFlag.AlignCenter)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # the station's own text, as typed
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for label in (self.station, self.invite, self.notice):
            layout.addWidget(label)
            layout.addSpacing(24)
        layout.addStretch(2)
        return page

    def _handover_page(self) -> QWidget:
        self.band = QFrame()
        self.band.setObjectName("residentOutcome")
        self.band.setProperty("tone", "info")
        self.outcome = _label("residentOutcomeText", Qt.AlignmentFlag.AlignCenter)
        band = QVBoxLayout(self.band)
        band.setContentsMargins(24, 18, 24, 18)
        band.addWidget(self.outcome)
        self.summary = _label("residentSummary")
        self.handover_lines = _lines_table(2)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.band)
        layout.addWidget(self.summary)
        layout.addWidget(self.handover_lines, 1)
        return page

    def _cart_page(self) -> QWidget:
        self.heading = _label("residentHeading")
        self.cart_lines = _lines_table(3)
        self.total = _label("residentTotal", Qt.AlignmentFlag.AlignRight)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.cart_lines, 1)
        left.addWidget(self.total)
        self.pay_panel = QFrame()
        self.pay_panel.setObjectName("residentPay")
        self.pay_panel.setMinimumWidth(400)
        self.method = _label("residentMethod")
        self.code = QLabel()
        self.code.setObjectName("residentCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_note = _label("residentCodeNote", Qt.AlignmentFlag.AlignCenter)
        self.code.hide()  # until a method paid by the station's code is chosen
        self.code_note.hide()
        self.given = _label("residentGiven")
        self.change = _label("residentChange")
        side = QVBoxLayout(self.pay_panel)
        for widget in (self.method, self.code, self.code_note, self.given, self.change):
            side.addWidget(widget)
        side.addStretch(1)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.pay_panel, 2)
        return page

    # --- painting the views -----------------------------------------------------------------

    def _draw_idle(self) -> None:
        self.station.setText(self._station)
        self.invite.setText(self.words(INVITE))
        self.notice.setText(self._notice)
        self.notice.setVisible(bool(self._notice))

    def _draw_handover(self, view: ResidentHandover) -> None:
        words, orders = self.words, view.orders
        self.outcome.setText(words(OUTCOME_WORDS[view.outcome]))
        self._tone(view.tone.value)
        names = "、".join(dict.fromkeys(without_numbers(order.customer_name)
                                        for order in orders if order.customer_name))
        parts = [names] if names else []
        if len(orders) > 1:
            parts.append(words(ORDERS, len(orders)))
        if orders:
            parts.append(words(ITEMS, sum(order.count for order in orders)))
        self.summary.setText("    ".join(parts))
        self.summary.setVisible(bool(parts))
        rows: list[tuple[str, ...]] = []
        for order in orders:
            rows.append((self._order_title(order), ""))
            rows.extend((item.name, f"×{item.quantity}") for item in order.items)
        _fill(self.handover_lines, [words(ITEM), words(QUANTITY)], rows, words(MORE),
              titles={index for index, row in enumerate(rows) if not row[1]})
        self.handover_lines.setVisible(bool(rows))

    def _order_title(self, order: ResidentOrder) -> str:
        title = self.words(ORDER, order.order_no)
        return f"{title}    {self.words(SLOT, order.slot)}" if order.slot else title

    def _tone(self, tone: str) -> None:
        if self.band.property("tone") != tone:
            set_flag(self.band, "tone", tone)
            self.outcome.style().unpolish(self.outcome)  # its colour follows the band's
            self.outcome.style().polish(self.outcome)

    def _draw_cart(self, view: ResidentCart) -> None:
        words = self.words
        self.heading.setText(words(PAID) if view.paid else words(YOUR_PURCHASE))
        _fill(self.cart_lines, [words(ITEM), words(QUANTITY), words(AMOUNT)],
              [(line.name, f"×{line.quantity}", format_fen(line.amount_fen))
               for line in view.lines], words(MORE))
        self.total.setText(words(TOTAL, format_fen(view.total_fen)))
        method = view.method
        self.method.setText(words(PAYMENT, words(METHOD_WORDS.get(method, method)))
                            if method else "")
        self.given.setText(words(CASH_GIVEN, format_fen(view.tendered_fen))
                           if view.tendered_fen is not None else "")
        self.change.setText(words(CHANGE, format_fen(view.change_fen))
                            if view.change_fen is not None else "")
        for label in (self.given, self.change):
            label.setVisible(bool(label.text()))
        self._draw_code(method if method in PAYMENT_CODES and not view.paid else None)
        self.pay_panel.setVisible(bool(method))

    def _draw_code(self, method: str | None) -> None:
        """The station's code for `method` (None: no code to show), or a text instead when
        the image is missing or unreadable."""
        if method == self._code_shown:
            return
        self._code_shown = method
        pixmap = self._codes.get(method) if method is not None else None
        if pixmap is None:
            self.code.clear()
        else:
            self.code.setPixmap(pixmap)
        self.code.setVisible(pixmap is not None)
        if method is None:
            self.code_note.clear()
        elif pixmap is None:
            self.code_note.setText(self.words(NO_PAYMENT_CODE))
        else:
            self.code_note.setText(self.words(SCAN_TO_PAY, self.words(METHOD_WORDS[method])))
        self.code_note.setVisible(method is not None)


def _label(name: str, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return label


def _lines_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName("residentLines")
    read_only_rows(table)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setShowGrid(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, headers: list[str], rows: Sequence[tuple[str, ...]],
          more: str, titles: set[int] | frozenset[int] = frozenset()) -> None:
    """`rows` into `table`, at most MAX_ROWS: the last then says how many more there are.
    Rows in `titles` (an order's number) are bold and span the table."""
    if len(rows) > MAX_ROWS:
        rows = [*rows[:MAX_ROWS - 1], (more.replace("%1", str(len(rows) - MAX_ROWS + 1)),)]
    table.setHorizontalHeaderLabels(headers)
    table.clearSpans()
    table.setRowCount(len(rows))
    table.ensurePolished()  # the sheet's type size, also on a page not yet shown
    bold = QFont(table.font())
    bold.setBold(True)
    for row, cells in enumerate(rows):
        for column in range(table.columnCount()):
            item = QTableWidgetItem(cells[column] if column < len(cells) else "")
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row in titles:
                item.setFont(bold)
            table.setItem(row, column, item)
        if row in titles or len(cells) == 1:
            table.setSpan(row, 0, 1, table.columnCount())
