"""The receiving desk (到货签收): pick a manifest, scan or type the delivery in, confirm it.

Keys (the scan box keeps the focus; shortcuts are shown on the buttons):
- list of open manifests: ↑ ↓ and Enter open one; scanning a manifest number opens it too;
- an open manifest: scans add (carton, product barcode, order bag); ↑ ↓ pick a line;
  Ctrl+T types its good count, Ctrl+D its damaged count, Ctrl+N a note (Enter saves, Esc
  drops), Ctrl+R cycles the reason, Ctrl+P takes a photo; Ctrl+Enter shows the discrepancies
  and a second Ctrl+Enter confirms; Esc goes back to the list (the draft is kept);
- Ctrl+L: scan to slot (scan the order, then the slot); Ctrl+L or Esc leaves it;
- Ctrl+I: import a manifest file.

A scan redraws only the lines it changed, so a 2,000-line manifest answers as fast as a short
one (benchmarks/bench_receiving.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scan_text import CodeKind
from station_app.services.manifests import import_manifest_file
from station_app.services.receiving import (
    DiscrepancyReason,
    LineCount,
    ManifestSummary,
    ManifestView,
    Progress,
    ReceiveDone,
    Receiving,
    ReceivingRefusal,
    ReceivingRefused,
    ScanCounted,
)
from station_app.services.slots import SlotDone, slot_order
from ui.desks.base import Desk, DeskContext
from ui.desks.receiving_discrepancies import DiscrepancyList
from ui.desks.receiving_messages import ReceivingMessages
from ui.messages import Banner, Severity

LIST, MANIFEST = range(2)
COLUMNS = 6  # #, item, expected, received, damaged, difference
SHORT_COLOUR, EXTRA_COLOUR, DAMAGED_COLOUR, DONE_COLOUR = "#b3261e", "#8a5a00", "#b3261e", \
    "#1e7b34"
REASONS: tuple[str | None, ...] = (None, *(reason.value for reason in DiscrepancyReason))


class ReceivingDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.texts = ReceivingMessages(self)
        self.service = Receiving(counter.db, counter.station_id, counter.desk.clock,
                                 counter.settings.shelf, counter.settings.receipt_language)
        self.manifests: list[ManifestSummary] = []
        self.view: ManifestView | None = None
        self._lines: list[LineCount] = []
        self._row_of: dict[int, int] = {}  # line id → table row
        self._confirming = False  # the first Ctrl+Enter showed the discrepancies
        self._progress: Progress | None = None  # as last shown: redrawn in a new language
        self.busy = False
        self._slot_mode = False
        self._opening: str | None = None  # a manifest asked for, not on screen yet
        self._slot_order: str | None = None  # slot mode: the order waiting for its slot

        self.heading = QLabel()
        self.heading.setObjectName("receivingHeading")
        self.heading.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.progress = QLabel()
        self.progress.setObjectName("receivingProgress")
        self.progress.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.mode = QLabel()
        self.mode.setObjectName("receivingMode")
        self.mode.setStyleSheet("font-size: 20px; font-weight: bold; color: #0b57d0;")
        self.mode.hide()

        self.list = QListWidget()
        self.list.setObjectName("manifestList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan box
        self.list.setStyleSheet("font-size: 20px;")
        self.list.setAccessibleName(self.tr("Open manifests"))
        self.list.setAccessibleDescription(self.tr("Deliveries to receive; ↑ ↓ and Enter open one"))
        self.list.itemActivated.connect(lambda _item: self.enter())

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("manifestLines")
        self.table.setAccessibleName(self.tr("Manifest lines"))
        self.table.setAccessibleDescription(self.tr(
            "One row per item: expected, received, damaged and the difference"))
        self.table.setHorizontalHeaderLabels([
            self.tr("#"), self.tr("Item"), self.tr("Expected"), self.tr("Received"),
            self.tr("Damaged"), self.tr("Difference")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAccessibleName(self.tr("Manifest lines"))
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing columns to their contents would measure all rows at every scan.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 56), (2, 110), (3, 110), (4, 110), (5, 120)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._fill_fields)
        self.discrepancy_list = DiscrepancyList()  # the first Ctrl+Enter shows it

        self.count_field = self._field("countField", self.tr("Good units"))
        self.damaged_field = self._field("damagedField", self.tr("Damaged units"))
        self.note_field = self._field("noteField", self.tr("Note"), digits=False)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("reasonLabel")
        fields = QGridLayout()
        fields.addWidget(QLabel(self.tr("Received (Ctrl+T)")), 0, 0)
        fields.addWidget(self.count_field, 0, 1)
        fields.addWidget(QLabel(self.tr("Damaged (Ctrl+D)")), 0, 2)
        fields.addWidget(self.damaged_field, 0, 3)
        fields.addWidget(QLabel(self.tr("Note (Ctrl+N)")), 1, 0)
        fields.addWidget(self.note_field, 1, 1, 1, 3)
        fields.addWidget(self.reason_label, 2, 0, 1, 4)

        buttons = QHBoxLayout()
        self.photo_button = self._button(self.tr("Take photo (Ctrl+P)"), "Ctrl+P",
                                         self.take_photo)
        self.reason_button = self._button(self.tr("Reason (Ctrl+R)"), "Ctrl+R",
                                          self.cycle_reason)
        self.confirm_button = self._button(self.tr("Confirm receiving (Ctrl+Enter)"),
                                           "Ctrl+Return", self.confirm)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.confirm)
        QShortcut(QKeySequence("Ctrl+T"), self, lambda: self._edit(self.count_field))
        QShortcut(QKeySequence("Ctrl+D"), self, lambda: self._edit(self.damaged_field))
        QShortcut(QKeySequence("Ctrl+N"), self, lambda: self._edit(self.note_field))
        for button in (self.photo_button, self.reason_button, self.confirm_button):
            buttons.addWidget(button)
        self.slot_button = self._button(self.tr("Scan to slot (Ctrl+L)"), "Ctrl+L",
                                        self.toggle_slot_mode)
        self.import_button = self._button(self.tr("Import manifest file (Ctrl+I)"), "Ctrl+I",
                                          self.import_file)

        manifest_page = QWidget()
        page = QVBoxLayout(manifest_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.discrepancy_list)
        page.addWidget(self.table, 1)
        page.addLayout(fields)
        page.addLayout(buttons)
        list_page = QWidget()
        listing = QVBoxLayout(list_page)
        listing.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(self.tr("No manifest waiting. They arrive with the sync, or "
                                    "import one from a file (Ctrl+I)."))
        self.empty.setWordWrap(True)
        listing.addWidget(self.empty)
        listing.addWidget(self.list, 1)
        listing.addWidget(self.import_button)
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(manifest_page)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.slot_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.mode)
        layout.addWidget(self.pages, 1)
        self._show_list_page()

    def _field(self, name: str, accessible: str, digits: bool = True) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaxLength(6 if digits else 200)
        field.setStyleSheet("font-size: 20px;")
        field.returnPressed.connect(self.save_line)
        return field

    def _button(self, text: str, key: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        QShortcut(QKeySequence(key), self, action)
        return button

    # --- the desk's part of the window ----------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Receiving")

    @property
    def scan_hint(self) -> str:
        if self._slot_mode:
            return self.tr("Scan the order, then its shelf slot")
        if self.view is None:
            return self.tr("Scan a manifest number, or pick one with ↑ ↓ and Enter")
        return self.tr("Scan a carton, product barcode or order bag")

    def activated(self) -> None:
        if self.view is None:
            self.refresh_list()
        elif self._progress is not None:  # texts glued from several messages: draw them again
            self._show_progress(self._progress)
            self._set_confirming(self._confirming)

    def camera_codes(self) -> frozenset[CodeKind]:
        # Manifest numbers, goods barcodes and SKUs, bag labels and slot labels; never a
        # resident's pickup QR held up at the counter nearby.
        return frozenset({CodeKind.DOCUMENT, CodeKind.PRODUCT, CodeKind.ORDER_NO,
                          CodeKind.OTHER})

    def accepts_camera(self) -> bool:
        # Typing a count, or the discrepancies shown for the second Ctrl+Enter: a code
        # drifting past must neither overwrite the one nor take back the other.
        return not self._editing() and not self._confirming

    def scan(self, text: str) -> None:
        code = text.strip()
        if not code:
            return
        if self._slot_mode:
            self._slot_scan(code)
        elif any(summary.manifest_no == code for summary in self.manifests) and (
                self.view is None or self.view.manifest_no != code):
            self.open_manifest(code)
        elif self.view is None and self._opening is not None:
            # Scanned right behind the manifest number, before it is on screen: the lane runs
            # in order, so this count lands after the manifest opened.
            manifest_no = self._opening
            self.operate(lambda: self.service.scan(manifest_no, code), self._counted)
        elif self.view is None:
            # Perhaps a manifest the list has not shown yet (just pulled, or the desk opened a
            # moment ago): head office's numbering is not ours to guess, so ask the service.
            self.open_manifest(code, quiet_unknown=True)
        else:
            manifest_no = self.view.manifest_no
            self._set_confirming(False)
            self.operate(lambda: self.service.scan(manifest_no, code), self._counted)

    def enter(self) -> bool:
        if self.view is None and self.manifests:
            row = max(self.list.currentRow(), 0)
            self.open_manifest(self.manifests[row].manifest_no)
            return True
        return False

    def move_choice(self, step: int) -> bool:
        if self.view is None:
            if self.list.count():
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
            return True
        if self.table.rowCount():
            row = min(max(self.selected_row + step, 0), self.table.rowCount() - 1)
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        return True

    def escape(self) -> None:
        if self._editing():
            self._fill_fields()  # drop what was typed
            self._return_focus()
        elif self._confirming:
            self._set_confirming(False)
            self._banner(Severity.INFO, self.tr("Back to counting"),
                         self.tr("Nothing was confirmed. Ctrl+Enter shows the discrepancies "
                                 "again."))
            self.shown.emit()
        elif self._slot_mode:
            self.toggle_slot_mode()
        elif self.view is not None:
            self.view = None
            self._show_list_page()
            self.refresh_list()

    # --- the list of open manifests ---------------------------------------------------------

    def refresh_list(self) -> None:
        self.operate(self.service.open_manifests, self._show_list)

    def _show_list(self, manifests: list[ManifestSummary]) -> None:
        self.manifests = manifests
        self.list.clear()
        for summary in manifests:
            self.list.addItem(self.tr("%1  ·  %2  ·  %3 lines  ·  %4 / %5 units  ·  %6 orders")
                              .replace("%1", summary.manifest_no)
                              .replace("%2", summary.delivery_date)
                              .replace("%3", str(summary.line_count))
                              .replace("%4", f"{summary.received_units:,}")
                              .replace("%5", f"{summary.expected_units:,}")
                              .replace("%6", str(summary.order_count)))
        if manifests:
            self.list.setCurrentRow(0)
        self.empty.setVisible(not manifests)
        self.shown.emit()

    def _show_list_page(self) -> None:
        self.pages.setCurrentIndex(LIST)
        self.heading.setText(self.tr("Receiving: open manifests"))
        self.progress.clear()
        self._set_confirming(False)

    def list_texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    # --- one manifest ------------------------------------------------------------------------

    def open_manifest(self, manifest_no: str, quiet_unknown: bool = False) -> None:
        self._opening = manifest_no

        def failed(error: BaseException) -> None:
            self._opening = None
            if quiet_unknown and isinstance(error, ReceivingRefused) and \
                    error.reason is ReceivingRefusal.UNKNOWN_MANIFEST:
                self._not_a_manifest(manifest_no)
            else:
                self.show_error(error)

        self.operate(lambda: self.service.manifest(manifest_no), self._show_manifest,
                         failed)

    def _not_a_manifest(self, code: str) -> None:
        self._banner(Severity.STOP, self.tr("Not a manifest: %1").replace("%1", code[:40]),
                     self.tr("Open a manifest first: scan its number, or pick it with "
                             "↑ ↓ and Enter."))
        self.context.feedback(False)
        self.shown.emit()

    def _show_manifest(self, view: ManifestView) -> None:
        self._opening = None
        self.view = view
        self._set_confirming(False)
        self._lines = list(view.lines)
        self._row_of = {line.line_id: row for row, line in enumerate(self._lines)}
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            self._draw(row, line)
        self.table.setUpdatesEnabled(True)
        if self._lines:
            self.table.selectRow(0)
        bags = sum(1 for _order, scanned in view.orders if scanned)
        self.heading.setText(self.tr("Manifest %1 · %2 · bags %3 / %4")
                             .replace("%1", view.manifest_no).replace("%2", view.delivery_date)
                             .replace("%3", str(bags)).replace("%4", str(len(view.orders))))
        self._show_progress(view.progress)
        self.pages.setCurrentIndex(MANIFEST)
        self._banner(Severity.INFO, self.tr("Counting %1").replace("%1", view.manifest_no),
                     self.tr("Scan cartons, products or order bags. Ctrl+Enter confirms; Esc "
                             "goes back (the counts are kept)."))
        self.shown.emit()

    def _draw(self, row: int, line: LineCount) -> None:
        difference = line.difference
        cells = (str(line.line_no), f"{line.name}  ({line.sku})", f"{line.expected:,}",
                 f"{line.received:,}", f"{line.damaged:,}" if line.damaged else "",
                 f"{difference:+,}" if difference else "✓")
        colour = SHORT_COLOUR if difference < 0 else EXTRA_COLOUR if difference > 0 \
            else DONE_COLOUR
        for column, text in enumerate(cells):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            item.setText(text)
            if column == 5 or (column == 1 and line.is_extra):
                item.setForeground(QColor(colour if column == 5 else EXTRA_COLOUR))
            if column == 4 and line.damaged:
                item.setForeground(QColor(DAMAGED_COLOUR))

    def _show_progress(self, progress: Progress) -> None:
        self._progress = progress
        # Units alone hide discrepancies: one line short and one over add up to "104 / 104".
        parts = [self.tr("%1 / %2 units").replace("%1", f"{progress.received_units:,}")
                 .replace("%2", f"{progress.expected_units:,}")]
        if progress.short_lines:
            parts.append(self.tr("%n line(s) short", "", progress.short_lines))
        if progress.extra_lines:
            parts.append(self.tr("%n line(s) extra", "", progress.extra_lines))
        if progress.damaged_units:
            parts.append(self.tr("%1 damaged").replace("%1", f"{progress.damaged_units:,}"))
        self.progress.setText("  ·  ".join(parts))

    def _counted(self, counted: ScanCounted) -> None:
        for line in counted.lines:
            row = self._row_of.get(line.line_id)
            if row is None:  # an extra line: append it
                row = len(self._lines)
                self._lines.append(line)
                self._row_of[line.line_id] = row
                self.table.insertRow(row)
            else:
                self._lines[row] = line
            self._draw(row, line)
        last = self._row_of[counted.lines[-1].line_id]
        self.table.selectRow(last)
        self.table.scrollTo(self.table.model().index(last, 0))
        if not self._editing():
            self._fill_fields()  # the same row stays selected: show its new counts
        self._show_progress(counted.progress)
        if counted.order_no and self.view is not None:
            orders = tuple((no, scanned or no == counted.order_no)
                           for no, scanned in self.view.orders)
            self.view = replace(self.view, orders=orders)
        line = counted.lines[-1]
        what = {"carton": self.tr("Carton"), "item": self.tr("Item"),
                "bag": self.tr("Order bag")}[counted.kind.value]
        severity = Severity.WARN if line.is_extra else Severity.OK
        title = self.tr("%1 +%2: %3").replace("%1", what).replace(
            "%2", str(counted.added_units)).replace("%3", line.name)
        if counted.typed:
            severity, title = Severity.OK, self.tr("Line %1 saved: %2").replace(
                "%1", str(line.line_no)).replace("%2", line.name)
        detail = self.tr("%1 of %2 received").replace("%1", str(line.received)).replace(
            "%2", str(line.expected))
        if line.damaged:
            detail += " · " + self.tr("%1 damaged").replace("%1", str(line.damaged))
        if line.is_extra and not counted.typed:
            detail = self.tr("Not on the manifest: counted as extra goods.")
        self._banner(severity, title, detail)
        self.context.feedback(True)
        self.table.viewport().repaint()
        self.shown.emit()

    @property
    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    def row_texts(self, row: int) -> list[str]:
        items = (self.table.item(row, column) for column in range(COLUMNS))
        return [item.text() if item is not None else "" for item in items]

    @property
    def selected_line(self) -> LineCount | None:
        return self._lines[self.selected_row] if self._lines else None

    # --- typed counts, reasons, notes and photos ------------------------------------------

    def _editing(self) -> bool:
        return any(field.hasFocus() for field in (self.count_field, self.damaged_field,
                                                  self.note_field))

    def _edit(self, field: QLineEdit) -> None:
        if self.view is None or self.selected_line is None:
            return
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def _fill_fields(self) -> None:
        line = self.selected_line
        if line is None:
            return
        self.count_field.setText(str(line.received))
        self.damaged_field.setText(str(line.damaged))
        self.note_field.setText(line.note or "")
        self.reason_label.setText(self.tr("Line %1 · reason: %2").replace(
            "%1", str(line.line_no)).replace("%2", self._reason_text(line.reason)))

    def _reason_text(self, reason: str | None) -> str:
        texts = {None: self.tr("none"), "short": self.tr("short"),
                 "damaged": self.tr("damaged"), "extra": self.tr("extra"),
                 "wrong_item": self.tr("wrong item"), "expired": self.tr("expired"),
                 "other": self.tr("other")}
        return texts.get(reason, reason or "")

    def save_line(self, reason: str | None = None, photo: str | None = None) -> None:
        """Enter in a count or note field (or a new reason / photo): save the selected line."""
        line = self.selected_line
        if self.view is None or line is None:
            return
        try:
            received = int(self.count_field.text().strip() or "0")
            damaged = int(self.damaged_field.text().strip() or "0")
        except ValueError:
            self._banner(Severity.STOP, self.tr("Counts are whole numbers"),
                         self.tr("Type the number of units, e.g. 12, and press Enter."))
            self.context.feedback(False)
            self.shown.emit()
            return
        if reason is None and damaged > line.damaged and line.reason is None:
            reason = DiscrepancyReason.DAMAGED.value
        note = self.note_field.text()
        manifest_no, sku = self.view.manifest_no, line.sku
        self._set_confirming(False)
        self._return_focus()
        self.operate(lambda: self.service.set_count(manifest_no, sku, received, damaged,
                                                        reason, note, photo),
                         self._counted)

    def cycle_reason(self) -> None:
        line = self.selected_line
        if self.view is None or line is None:
            return
        following = REASONS[(REASONS.index(line.reason) + 1) % len(REASONS)] \
            if line.reason in REASONS else REASONS[1]
        # None cannot be saved as "no reason" by set_count: after the last it wraps to the
        # first real reason.
        self.save_line(reason=following or REASONS[1])

    def take_photo(self) -> None:
        line = self.selected_line
        if self.view is None or line is None:
            return
        path = self.context.take_photo(f"{self.view.manifest_no}-{line.sku}")
        if path is None:
            self._banner(Severity.WARN, self.tr("No photo taken"),
                         self.tr("No camera is on. The line is counted without a photo."))
            self.shown.emit()
            return
        self.save_line(photo=str(path))

    def _return_focus(self) -> None:
        box = getattr(self.window(), "scan_box", None)
        if isinstance(box, QLineEdit):
            box.setFocus()
        else:
            self.setFocus()

    # --- confirming ------------------------------------------------------------------------

    def confirm(self) -> None:
        if self.view is None or self.busy or self._slot_mode:
            return
        if not self._confirming:
            self._set_confirming(True)
            self._banner(Severity.WARN, self.tr("Confirm receiving %1?").replace(
                "%1", self.view.manifest_no), self.discrepancies() + "  " +
                self.tr("Ctrl+Enter again confirms; Esc goes back to counting."))
            self.shown.emit()
            return
        self._set_confirming(False)
        self.busy = True
        manifest_no, staff_id = self.view.manifest_no, self.context.staff_id
        self.operate(lambda: self.service.receive(manifest_no, staff_id), self._received)

    def _set_confirming(self, confirming: bool) -> None:
        """The first Ctrl+Enter lists every differing line; anything else hides the list."""
        self._confirming = confirming
        if confirming:
            self.discrepancy_list.show_lines(self._lines, self._reason_text)
        else:
            self.discrepancy_list.hide()

    def discrepancy_texts(self) -> list[str]:
        return self.discrepancy_list.texts() if self.discrepancy_list.isVisibleTo(self) else []

    def discrepancies(self) -> str:
        short = sum(1 for line in self._lines if line.received < line.expected)
        extra = sum(1 for line in self._lines if line.received > line.expected)
        damaged = sum(1 for line in self._lines if line.damaged)
        if not (short or extra or damaged):
            return self.tr("Every line is complete.")
        return self.tr("%1 line(s) short, %2 with extra goods, %3 with damage.") \
            .replace("%1", str(short)).replace("%2", str(extra)).replace("%3", str(damaged))

    def _received(self, done: ReceiveDone) -> None:
        self.busy = False
        for job_id in done.print_job_ids:
            self.context.print_job(job_id)
        title = self.tr("Received %1: %2 orders ready, %3 short, %4 labels printing") \
            .replace("%1", done.manifest_no).replace("%2", str(len(done.ready_orders))) \
            .replace("%3", str(len(done.short_orders))) \
            .replace("%4", str(len(done.print_job_ids)))
        details = []
        if done.short_orders:
            details.append(self.tr("Short orders are ready with their missing goods marked; "
                                   "the handover shows them."))
        if done.waiting_orders:
            details.append(self.tr("%1 order(s) got none of their goods and still wait.")
                           .replace("%1", str(len(done.waiting_orders))))
        if done.unslotted_orders:
            details.append(self.tr("The shelf is full: %1 order(s) have no slot. Scan them "
                                   "to a slot (Ctrl+L) once one is free.")
                           .replace("%1", str(len(done.unslotted_orders))))
        severity = Severity.WARN if details else Severity.OK
        self.view = None
        self._show_list_page()
        self._banner(severity, title, " ".join(details) or self.tr("Put the orders on their "
                                                                   "slots with their labels."))
        self.context.feedback(True)
        self.operate(self.service.open_manifests, self._show_list)

    # --- scan to slot ----------------------------------------------------------------------

    def toggle_slot_mode(self) -> None:
        self._slot_mode = not self._slot_mode
        self._slot_order = None
        self.mode.setVisible(self._slot_mode)
        self.mode.setText(self.tr("Scan to slot: scan the order's label or number"))
        if not self._slot_mode:
            self._banner(Severity.INFO, self.tr("Scan to slot finished"), "")
        self.shown.emit()

    def _slot_scan(self, code: str) -> None:
        if self._slot_order is None:
            self._slot_order = code
            self.mode.setText(self.tr("Scan to slot: now scan the slot for %1")
                              .replace("%1", code))
            self._banner(Severity.INFO, self.tr("Order %1").replace("%1", code),
                         self.tr("Now scan the shelf slot label (e.g. A-3-017)."))
            self.shown.emit()
            return
        order_no, self._slot_order = self._slot_order, None
        self.mode.setText(self.tr("Scan to slot: scan the order's label or number"))
        counter = self.context.counter
        self.operate(lambda: slot_order(
            counter.db, order_no, code, self.context.staff_id, layout=counter.settings.shelf,
            station_id=counter.station_id, clock=counter.desk.clock,
            language=counter.settings.receipt_language), self._slotted)

    def _slotted(self, done: SlotDone) -> None:
        if done.print_job_id is not None:
            self.context.print_job(done.print_job_id)
        self._banner(Severity.OK, self.tr("%1 → slot %2").replace("%1", done.order_no)
                     .replace("%2", done.slot),
                     self.tr("A new label is printing.") if done.print_job_id else
                     self.tr("Scan the next order."))
        self.context.feedback(True)
        self.shown.emit()

    # --- import --------------------------------------------------------------------------------

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import manifest file"), "",
                                              self.tr("Manifest (*.json)"))
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        counter = self.context.counter
        self.operate(lambda: import_manifest_file(counter.db, path, counter.station_id,
                                                      counter.desk.clock()),
                         lambda stored: self._imported(stored.manifest_no))

    def _imported(self, manifest_no: str) -> None:
        self._banner(Severity.OK, self.tr("Manifest %1 imported").replace("%1", manifest_no),
                     self.tr("Pick it with ↑ ↓ and Enter, or scan its number."))
        self.refresh_list()

    # --- refusals ------------------------------------------------------------------------------

    def refusal(self, error: BaseException) -> Banner | None:
        return self.texts.refusal(error)

    def _banner(self, severity: Severity, title: str, detail: str) -> None:
        self.context.show_banner(Banner(severity, title, detail))
