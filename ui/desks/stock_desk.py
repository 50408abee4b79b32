"""The stock desk: the book per SKU, each SKU's movement history, low-stock marks.

Type in the search field (Ctrl+F) or the scan box to narrow the list, Ctrl+G to change the
filter, ↑ ↓ to pick a SKU and Enter for its history; scanning a product selects it. Ctrl+L sets
the selected SKU's low-stock level, Ctrl+W its PLU and whether it is sold by weight
(stock_weighing.py). The list lives in a Qt model, so a new search swaps one
list rather than rebuilding thousands of widgets, and searches wait for a pause in typing.
The history panel under the list is its own widget (stock_history.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scan_text import CodeKind
from station_app.services.authority import NotAllowed
from station_app.services.stock_view import (
    MAX_LOW_STOCK_LEVEL,
    HistoryPage,
    StockFilter,
    StockRefusal,
    StockRefused,
    StockRow,
    StockView,
)
from ui.desks.base import Desk, DeskContext
from ui.desks.rows_model import Index, RowsModel
from ui.desks.stock_history import MovementHistory, model_table
from ui.desks.stock_weighing import StockWeighing
from ui.messages import Banner, Severity, local_time

SEARCH_PAUSE_MS = 200
LOW = QColor("#fff3b0")
NEGATIVE = QColor("#c62828")


class BalanceModel(RowsModel[StockRow]):
    """Balances as rows: SKU, item, unit, book, low-stock level, mark, last movement."""

    def __init__(self) -> None:
        super().__init__([])
        self._marks = ("", "")

    def reword_all(self, headers: list[str], low_mark: str, negative_mark: str) -> None:
        """Headers and marks in the language on show."""
        self._marks = (low_mark, negative_mark)
        self.reword(headers)

    def replace(self, changed: StockRow) -> None:
        for number, row in enumerate(self.rows):
            if row.sku == changed.sku:
                self.rows[number] = changed
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, len(self._headers) - 1))

    def mark(self, row: StockRow) -> str:
        return self._marks[1] if row.negative else self._marks[0] if row.low else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.sku, row.name, row.unit, str(row.book),
                    "" if row.low_level is None else str(row.low_level), self.mark(row),
                    local_time(row.last_moved_at) if row.last_moved_at else "")[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.negative:
            return QBrush(NEGATIVE)
        if role == Qt.ItemDataRole.BackgroundRole and row.low and not row.negative:
            return QBrush(LOW)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class StockDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.stock = StockView(context.counter.db)
        self._generation = 0  # answers to older searches are dropped
        self._focus_before_level: QWidget | None = None
        self._loaded = False  # balances shown: their count is written

        search_bar = self._search_bar()
        self.balances = BalanceModel()
        self.table = model_table(self.balances, 1)
        self.movements = MovementHistory()
        self.movements.reason_changed.connect(self._reload_history)
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.movements, 2)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.search.returnPressed.connect(self.refresh)
        self.filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.level.returnPressed.connect(self._apply_level)
        for keys, slot in (("Ctrl+F", self._focus_search), ("Ctrl+G", self.next_filter),
                           ("Ctrl+L", self.edit_level), ("Ctrl+R", self.movements.next_reason),
                           ("Ctrl+O", self.older)):
            QShortcut(QKeySequence(keys), self, slot)
        self.weighing = StockWeighing(self)  # Ctrl+W: the item's PLU, sold by weight
        self.retranslate()

    def retranslate(self) -> None:
        self.weighing.retranslate()
        self.search.setPlaceholderText(self.tr("Search name, SKU or barcode (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search stock"))
        self.filter.setAccessibleName(self.tr("Filter (Ctrl+G)"))
        for index, text in enumerate((self.tr("All items"), self.tr("Low stock"),
                                      self.tr("Below zero"), self.tr("Moved today"),
                                      self.tr("In stock"))):
            self.filter.setItemText(index, text)
        self.level.setPlaceholderText(self.tr("Low-stock level, empty: none"))
        self.filter_label.setText(self.tr("Filter (Ctrl+G)"))
        self.level_label.setText(self.tr("Low-stock level (Ctrl+L)"))
        self.balances.reword_all(
            [self.tr("SKU"), self.tr("Item"), self.tr("Unit"), self.tr("Book"),
             self.tr("Low at"), self.tr("Mark"), self.tr("Last moved")],
            self.tr("LOW"), self.tr("BELOW ZERO"))
        self.table.setAccessibleName(self.tr("Stock balances"))
        self.table.setAccessibleDescription(self.tr(
            "One row per item: book quantity, low-stock level, last movement"))
        self._show_count()

    def _search_bar(self) -> QHBoxLayout:
        """The search field, the filter and the low-stock level being typed."""
        self.search = QLineEdit()
        self.search.setObjectName("stockSearch")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for shown in (StockFilter.ALL, StockFilter.LOW, StockFilter.NEGATIVE,
                      StockFilter.MOVED_TODAY, StockFilter.IN_STOCK):
            self.filter.addItem("", shown.value)  # worded by retranslate()
        self.level = QLineEdit()
        self.level.setObjectName("lowStockLevel")
        self.level.setMaximumWidth(260)
        self.level.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        self.filter_label, self.level_label = QLabel(), QLabel()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter)
        bar.addWidget(self.level)
        bar.addWidget(self.level_label)
        return bar

    # --- Desk -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Stock")

    def camera_codes(self) -> frozenset[CodeKind]:
        return frozenset({CodeKind.PRODUCT})  # goods held up to find their balance

    @property
    def scan_hint(self) -> str:
        return self.tr("Scan a product, or type a name to search; ↑ ↓ and Enter for history")

    def activated(self) -> None:
        self.refresh()

    def scan(self, text: str) -> None:
        code = text.strip()
        self.operate(lambda: self.stock.item_for_code(code),
                         lambda sku: self._scanned(code, sku))

    def move_choice(self, step: int) -> bool:
        count = self.balances.rowCount()
        if count == 0:
            return False
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else max(0, min(count - 1, current + step))
        self._select(row)
        return True

    def enter(self) -> bool:
        sku = self.selected_sku
        if sku is None:  # Enter did nothing here once: say how to choose an item
            self.context.show_banner(Banner(
                Severity.INFO, self.tr("Choose an item first"),
                self.tr("↑ ↓ choose an item (or scan it, or search with Ctrl+F), then Enter "
                        "shows its history.")))
            self.shown.emit()
            return True
        self.show_history(sku)
        return True

    def escape(self) -> None:
        if self.level.isVisible():
            self._close_level()

    # --- the list ---------------------------------------------------------------------------

    @property
    def shown_filter(self) -> StockFilter:
        return StockFilter(self.filter.currentData())

    @property
    def selected_sku(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.balances.rows[row].sku if 0 <= row < len(self.balances.rows) else None

    def refresh(self, then_select: str | None = None) -> None:
        """Run the search on the database lane; only the newest answer reaches the screen."""
        self._pause.stop()
        self._generation += 1
        generation = self._generation
        search, shown = self.search.text(), self.shown_filter
        self.operate(lambda: self.stock.balances(search, shown),
                         lambda rows: self._show_rows(generation, rows, then_select))

    def next_filter(self) -> None:
        self.filter.setCurrentIndex((self.filter.currentIndex() + 1) % self.filter.count())

    def _show_count(self) -> None:
        if not self._loaded:
            return
        rows = self.balances.rows
        self.count_label.setText(self.tr("%n item(s)", "", len(rows)) + " · " + self.tr(
            "%1 low, %2 below zero").replace("%1", str(sum(r.low for r in rows))).replace(
            "%2", str(sum(r.negative for r in rows))))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_rows(self, generation: int, rows: list[StockRow], then_select: str | None) -> None:
        if generation != self._generation:
            return  # staff typed on: a newer search is on its way
        keep = then_select or self.selected_sku
        self.balances.show(rows)
        self._loaded = True
        self._show_count()
        found = next((n for n, row in enumerate(rows) if row.sku == keep), None)
        if found is not None:
            self._select(found)
        if then_select is not None and found is not None:
            self.show_history(then_select)
            return
        self.shown.emit()

    def _select(self, row: int) -> None:
        index = self.balances.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def _scanned(self, code: str, sku: str | None) -> None:
        if sku is not None:
            # Show the scanned item whatever the search and filter were.
            found = next((n for n, row in enumerate(self.balances.rows) if row.sku == sku),
                         None)
            if found is not None:
                self._select(found)
                self.show_history(sku)
                return
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.filter.blockSignals(True)
            self.filter.setCurrentIndex(0)
            self.filter.blockSignals(False)
            self.refresh(then_select=sku)
            return
        if code.isdigit() and len(code) >= 8:
            self.context.show_banner(Banner(
                Severity.STOP, self.tr("No item with this barcode"),
                self.tr("%1 is not in the catalogue. Check the label, or search by name.")
                .replace("%1", code)))
            self.context.feedback(False)
            self.shown.emit()
            return
        self.search.setText(code)  # a name typed into the scan box: search for it
        self.refresh()

    # --- history ----------------------------------------------------------------------------

    def show_history(self, sku: str) -> None:
        reason = self.movements.shown_reason
        self.operate(lambda: self.stock.history(sku, reason), self._show_history)

    def _reload_history(self) -> None:
        if self.movements.sku is not None:
            self.show_history(self.movements.sku)

    def older(self) -> None:
        """Ctrl+O: the next page of older movements, under the ones on screen."""
        sku = self.movements.sku
        if sku is None or not self.movements.has_more:
            return
        reason, offset = self.movements.shown_reason, self.movements.model.rowCount()
        self.operate(lambda: self.stock.history(sku, reason, offset=offset),
                     self._show_history)

    def _show_history(self, page: HistoryPage) -> None:
        name = next((row.name for row in self.balances.rows if row.sku == page.sku), page.sku)
        self.movements.show_page(page, name)
        self.shown.emit()

    # --- low-stock level --------------------------------------------------------------------

    def edit_level(self) -> None:
        sku = self.selected_sku
        if sku is None:
            self.context.show_banner(Banner(Severity.INFO, self.tr("Select an item first"),
                                            self.tr("Pick it with ↑ ↓ or scan it, then press "
                                                    "Ctrl+L.")))
            return
        row = self.balances.rows[self.table.currentIndex().row()]
        self.level.setText("" if row.low_level is None else str(row.low_level))
        self._focus_before_level = QApplication.focusWidget()
        self.level.show()
        self.level.setFocus()
        self.level.selectAll()

    def _close_level(self) -> None:
        self.level.hide()
        if self._focus_before_level is not None:  # back to the scan box
            self._focus_before_level.setFocus()
            self._focus_before_level = None

    def _apply_level(self) -> None:
        sku = self.selected_sku
        text = self.level.text().strip()
        self._close_level()
        if sku is None:
            return
        try:
            level = int(text) if text else None
        except ValueError:
            self.show_error(StockRefused(StockRefusal.BAD_LEVEL, text[:20]))
            return
        staff_id = self.context.staff_id
        self.operate(lambda: self.stock.set_low_stock_level(sku, level, staff_id),
                         self._level_set)

    def _level_set(self, row: StockRow) -> None:
        self.balances.replace(row)
        if row.low_level is None:
            title = self.tr("%1 is no longer watched").replace("%1", row.name)
        else:
            title = self.tr("%1 marked low at %2 or fewer").replace("%1", row.name).replace(
                "%2", str(row.low_level))
        self.context.show_banner(Banner(Severity.OK, title, ""))
        self.shown.emit()

    def refusal(self, error: BaseException) -> Banner | None:
        if (weighing := self.weighing.refusal(error)) is not None:
            return weighing
        if isinstance(error, StockRefused) and error.reason is StockRefusal.BAD_LEVEL:
            return Banner(Severity.STOP, self.tr("Level not possible: %1").replace(
                "%1", error.detail), self.tr(
                "A low-stock level is a whole number from 0 to %1; leave it empty to stop "
                "watching the item.").replace("%1", str(MAX_LOW_STOCK_LEVEL)))
        if isinstance(error, StockRefused):
            return Banner(Severity.STOP, self.tr("Unknown item"),
                          self.tr("%1 is not in the catalogue.").replace("%1", error.detail))
        if isinstance(error, NotAllowed):
            return Banner(Severity.STOP, self.tr("Not allowed"),
                          self.tr("Sign in as active staff first."))
        return None
