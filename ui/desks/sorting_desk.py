"""The sorting desk (分拣): the day's bulk goods into each household's bag.

By product (the desk's resting mode): scan a product or its carton label; the desk shows, in
type read from three metres, the slot its next bag waits on, how many go in (×2), whose bag it
is and how many of the product are left, and says the slot aloud. Each further scan moves on
to the next bag in shelf order. By order: scan a bag label (the order number) and each item
as it goes in; Esc goes back to sorting by product.

Ctrl+Z takes back the last placement; Ctrl+S records that the rest of the last product is
short (it becomes the orders' shortage); Ctrl+L prints the bag labels of every order still to
sort; Ctrl+P prints the sorting sheet (分拣单) by product, Ctrl+Shift+P by slot, Ctrl+B by
building and room. Every scan is saved at once by the core: leaving the desk, or a crash,
loses nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scan_text import CodeKind
from station_app.services.authority import NotAllowed
from station_app.services.sorting import Sorting
from station_app.services.sorting_views import (
    BagView,
    Placement,
    SheetOrder,
    Shorted,
    SortingRefused,
    SortProgress,
    Undone,
)
from station_app.voice import Announcement, Spoken
from ui.appearance import set_flag
from ui.desks.base import Desk, DeskContext
from ui.desks.sorting_messages import SortingMessages
from ui.desks.widgets import read_only_rows
from ui.messages import Banner

NAME, WANTED, PLACED, SHORT, LEFT = range(5)


class SortingDesk(Desk):
    # Today's progress painted (the desk came on show, or after a result): tests wait on it.
    progress_shown = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        settings = counter.settings
        self.texts = SortingMessages(self)
        self.sorting = Sorting(counter.db, counter.station_id, counter.clock,
                               ready_when=settings.ready_when, labels=settings.sort_labels,
                               label_language=settings.receipt_language,
                               label_pickup_code=settings.shelf.label_pickup_code)
        self.bag: BagView | None = None  # the bag being sorted by order; None: by product
        self.last_sku: str | None = None  # what Ctrl+S marks short
        self._last: Placement | None = None  # the instruction on show
        self._outcome = ""  # "", "done" or "refused": the instruction's colour
        self._progress: SortProgress | None = None
        self._box: QLineEdit | None = None  # the window's scan box, once on show

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("sortStatus")
        self.status.setProperty("role", "section")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self._instruction(), 3)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("sortTable")
        read_only_rows(self.table)
        self.table.setProperty("role", "list")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (WANTED, PLACED, SHORT, LEFT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 110)
        layout.addWidget(self.table, 2)
        self.keys = QLabel()
        self.keys.setProperty("role", "hint")
        self.keys.setWordWrap(True)
        layout.addWidget(self.keys)
        for keys, slot in (("Ctrl+Z", self.undo), ("Ctrl+S", self.short),
                           ("Ctrl+L", self.print_labels),
                           ("Ctrl+P", lambda: self.print_sheet(SheetOrder.PRODUCT)),
                           ("Ctrl+Shift+P", lambda: self.print_sheet(SheetOrder.SLOT)),
                           ("Ctrl+B", lambda: self.print_sheet(SheetOrder.ADDRESS))):
            QShortcut(QKeySequence(keys), self, slot)
        self.retranslate()

    def _instruction(self) -> QFrame:
        """Where the next unit goes: slot, ×units, household, product and what is left."""
        self.instruction = QFrame()
        self.instruction.setObjectName("sortInstruction")
        self.slot_label, self.units_label = QLabel(), QLabel()
        self.slot_label.setObjectName("sortSlot")
        self.units_label.setObjectName("sortUnits")
        self.household_label, self.product_label, self.left_label = QLabel(), QLabel(), QLabel()
        self.household_label.setObjectName("sortHousehold")
        self.product_label.setObjectName("sortProduct")
        self.left_label.setObjectName("sortLeft")
        top = QHBoxLayout()
        top.addWidget(self.slot_label, 3)
        top.addWidget(self.units_label, 1, Qt.AlignmentFlag.AlignRight)
        column = QVBoxLayout(self.instruction)
        column.setContentsMargins(24, 12, 24, 12)
        column.addLayout(top)
        for label in (self.household_label, self.product_label, self.left_label):
            label.setWordWrap(True)
            column.addWidget(label)
        return self.instruction

    # --- Desk ---------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Sorting")

    @property
    def scan_hint(self) -> str:
        if self.bag is not None:
            return self.tr("Scan each item going into bag %1").replace("%1", self.bag.order_no)
        return self.tr("Scan a product or carton to sort it, or a bag label to sort by order")

    def camera_codes(self) -> frozenset[CodeKind]:
        # Products, cartons and bag labels held up to the camera while the hands are full.
        return frozenset({CodeKind.PRODUCT, CodeKind.ORDER_NO, CodeKind.OTHER})

    def activated(self) -> None:
        self._box = self.watch_scan_box()
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The scan box would take Ctrl+Z as its own text undo: here it takes back a placement.
        if (watched is self._box and event.type() == QEvent.Type.ShortcutOverride
                and self.isVisible() and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Undo)):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        self.operate(self.sorting.progress, self._show_progress)

    def scan(self, text: str) -> None:
        bag = self.bag.order_no if self.bag is not None else None
        staff = self.context.staff_id
        self.operate(lambda: self.sorting.scan(text, staff, bag), self._scanned,
                     then=self.refresh)

    def escape(self) -> None:
        if self.bag is not None:
            self.bag = None
            self._last, self._outcome = None, ""
            self._draw()
            self.refresh()

    def refusal(self, error: BaseException) -> Banner | None:
        if isinstance(error, SortingRefused):
            self._outcome = "refused"
            set_flag(self.instruction, "outcome", "refused")
            return self.texts.refusal(error)
        if isinstance(error, NotAllowed):
            return self.context.messages.manager_only(
                self.tr("Sign in with an active staff account to sort"))
        return None

    # --- keys ---------------------------------------------------------------------------------

    def undo(self) -> None:
        staff = self.context.staff_id
        self.operate(lambda: self.sorting.undo_last(staff), self._undone, then=self.refresh)

    def short(self) -> None:
        sku = self.last_sku
        if sku is None:
            return
        staff = self.context.staff_id
        bag = self.bag.order_no if self.bag is not None else None
        self.operate(lambda: self.sorting.short(sku, staff, bag), self._shorted,
                     then=self.refresh)

    def print_labels(self) -> None:
        self.operate(self.sorting.bag_labels, self._print_all)

    def print_sheet(self, order: SheetOrder) -> None:
        self.operate(lambda: self.sorting.print_sheet(order), self._print_all)

    def _print_all(self, job_ids: tuple[int, ...]) -> None:
        for job_id in job_ids:
            self.context.print_job(job_id)
        self.context.show_banner(self.texts.printing(len(job_ids)))
        self.shown.emit()

    # --- results ------------------------------------------------------------------------------

    def _scanned(self, result: Placement | BagView) -> None:
        if isinstance(result, BagView):
            self.bag, self._last, self._outcome = result, None, ""
            self.context.show_banner(self.texts.opened(result))
            self.context.feedback(True)
            self._draw()
            self.hold_result()
            self.shown.emit()
            return
        self._last, self.last_sku = result, result.sku
        if self.bag is not None:
            self.bag = result.bag
        self._outcome = "done" if result.finished else ""
        for job_id in result.label_job_ids:
            self.context.print_job(job_id)
        self.context.show_banner(self.texts.placed(result, by_order=self.bag is not None))
        self.context.feedback(True)
        self.context.say(Announcement(Spoken.SLOT, result.bag.slot or "", result.units))
        self._draw()
        self.hold_result()
        self.shown.emit()

    def _undone(self, undone: Undone) -> None:
        self._last, self._outcome = None, ""
        if self.bag is not None and self.bag.order_no == undone.bag.order_no:
            self.bag = undone.bag
        self.context.show_banner(self.texts.undone(undone))
        self.context.feedback(True)
        self._draw()
        self.shown.emit()

    def _shorted(self, shorted: Shorted) -> None:
        for job_id in shorted.label_job_ids:
            self.context.print_job(job_id)
        if self.bag is not None:
            self.bag = next((bag for bag in shorted.bags
                             if bag.order_no == self.bag.order_no), self.bag)
        self.context.show_banner(self.texts.shorted(shorted))
        self.context.feedback(True)
        self._draw()
        self.shown.emit()

    def _show_progress(self, progress: SortProgress) -> None:
        self._progress = progress
        self._draw_status()
        if self.bag is None:
            self._fill([(p.name, p.total, p.placed, p.short, p.left) for p in progress.products])
        self.progress_shown.emit()

    # --- drawing ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Ordered"),
                                              self.tr("In bags"), self.tr("Short"),
                                              self.tr("To place")])
        self.table.setAccessibleName(self.tr("What is left to sort"))
        self.table.setAccessibleDescription(self.tr(
            "One row per product (per item of the bag when sorting by order): ordered, in "
            "bags, short and still to place"))
        self.instruction.setAccessibleName(self.tr("Where the goods go"))
        self.keys.setText(self.tr(
            "Ctrl+Z undo the last · Ctrl+S the rest of this product is short · Ctrl+L bag "
            "labels · Ctrl+P sheet by product · Ctrl+Shift+P by slot · Ctrl+B by building · "
            "Esc back to sorting by product"))
        self._draw()

    def _draw(self) -> None:
        set_flag(self.instruction, "outcome", self._outcome)
        self._draw_status()
        placement, bag = self._last, self.bag
        if placement is not None:
            self.slot_label.setText(self.texts.slot(placement.bag))
            self.units_label.setText(f"×{placement.units}")
            self.household_label.setText(self.texts.household(placement.bag))
            self.product_label.setText(placement.product)
            if bag is not None:  # by order: how full this bag is
                self.left_label.setText(self.tr("%1 of %2 units in this bag").replace(
                    "%1", str(bag.placed)).replace("%2", str(bag.units)))
            else:
                self.left_label.setText(self.tr("%1 of this product still to place").replace(
                    "%1", str(placement.product_left)))
        elif bag is not None:
            self.slot_label.setText(self.texts.slot(bag))
            self.units_label.setText(f"{bag.placed}/{bag.units}")
            self.household_label.setText(self.texts.household(bag))
            self.product_label.setText(bag.address_line or bag.order_no)
            self.left_label.setText(self.tr("Scan each item going into this bag"))
        else:
            for label in (self.slot_label, self.units_label, self.household_label,
                          self.left_label):
                label.clear()
            self.product_label.setText(self.tr("Scan a product: the desk shows which bag "
                                               "it goes into"))
        if bag is not None:
            self._fill([(line.name, line.quantity, line.placed, line.short, line.left)
                        for line in bag.lines], ticked=True)

    def _draw_status(self) -> None:
        progress = self._progress
        mode = self.tr("By order: %1").replace("%1", self.bag.order_no) \
            if self.bag is not None else self.tr("By product")
        if progress is None:
            self.status.setText(mode)
            return
        self.status.setText(self.tr("%1 · orders sorted %2 of %3 · units placed %4 of %5, "
                                    "%6 short").replace("%1", mode)
                            .replace("%2", str(progress.sorted_orders))
                            .replace("%3", str(progress.orders))
                            .replace("%4", str(progress.placed))
                            .replace("%5", str(progress.units))
                            .replace("%6", str(progress.short)))

    def _fill(self, rows: list[tuple[str, int, int, int, int]], ticked: bool = False) -> None:
        self.table.setRowCount(len(rows))
        for row, (name, wanted, placed, short, left) in enumerate(rows):
            mark = "✓ " if ticked and left == 0 else ""
            for column, text in enumerate((mark + name, str(wanted), str(placed), str(short),
                                           str(left))):
                item = QTableWidgetItem(text)
                if column != NAME:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)

