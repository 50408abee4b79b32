"""The receiving desk (到货签收): pick a manifest, scan or type the delivery in, confirm it.

Keys (the scan box keeps the focus; shortcuts are shown on the buttons):
- list of open manifests: ↑ ↓ and Enter open one; scanning a manifest number opens it too;
- an open manifest: scans add (carton, product barcode, order bag); ↑ ↓ pick a line;
  Ctrl+T types its good count, Ctrl+D its damaged count, Ctrl+N a note (Enter saves, Esc
  drops), Ctrl+R cycles the reason, Ctrl+P takes a photo; Ctrl+Enter shows the discrepancies
  and a second Ctrl+Enter confirms; Esc goes back to the list (the draft is kept);
- Ctrl+L: scan to slot (the order, then the slot; Ctrl+L or Esc leaves); Ctrl+I: import.

A scan redraws only the lines it changed, so a 2,000-line manifest answers as fast as a short
one (benchmarks/bench_receiving.py). This desk decides what happens; what it shows is laid out
in receiving_screen.py (the lines' table, the count editor in receiving_line_editor.py, the
scan-to-slot line in receiving_slots.py), and its words in receiving_messages.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

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
from ui.desks.receiving_messages import ReceivingMessages
from ui.desks.receiving_screen import ReceivingScreen
from ui.messages import Banner, Severity

REASONS: tuple[str | None, ...] = (None, *(reason.value for reason in DiscrepancyReason))


class ReceivingDesk(Desk):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        counter = context.counter
        self.texts = ReceivingMessages(self)
        self.service = Receiving(counter.db, counter.station_id, counter.clock,
                                 counter.settings.shelf, counter.settings.receipt_language,
                                 counter.settings.ready_when,
                                 counter.settings.receiving_counter)
        self.manifests: list[ManifestSummary] = []
        self.view: ManifestView | None = None
        self._confirming = False  # the first Ctrl+Enter showed the discrepancies
        self._progress: Progress | None = None  # as last shown: redrawn in a new language
        self.busy = False
        self._opening: str | None = None  # a manifest asked for, not on screen yet

        self.ui = ReceivingScreen()
        self.table = self.ui.table  # the manifest's lines
        self.editor = self.ui.editor  # the selected line's counts, note and reason
        self.slot_mode = self.ui.slot_mode
        self.progress = self.ui.progress  # the count's figures
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ui)
        self.ui.manifest_list.itemActivated.connect(lambda _item: self.enter())
        self.table.itemSelectionChanged.connect(self._fill_fields)
        self.editor.entered.connect(self.save_line)
        self._bind_keys()
        self._show_list_page()

    def _bind_keys(self) -> None:
        """Each button's key (written on it), and the keys that reach the count editor."""
        ui, editor = self.ui, self.editor
        buttons: tuple[tuple[QPushButton, str, Callable[[], object]], ...] = (
            (ui.photo_button, "Ctrl+P", self.take_photo),
            (ui.reason_button, "Ctrl+R", self.cycle_reason),
            (ui.confirm_button, "Ctrl+Return", self.confirm),
            (ui.slot_button, "Ctrl+L", self.toggle_slot_mode),
            (ui.import_button, "Ctrl+I", self.import_file))
        for button, key, action in buttons:
            button.clicked.connect(action)
            QShortcut(QKeySequence(key), self, action)
        for key, field in (("Ctrl+T", editor.count_field), ("Ctrl+D", editor.damaged_field),
                           ("Ctrl+N", editor.note_field)):
            QShortcut(QKeySequence(key), self, lambda field=field: self._edit(field))
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.confirm)

    # --- the desk's part of the window ----------------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Receiving")

    @property
    def scan_hint(self) -> str:
        if self.slot_mode.active:
            return self.tr("Scan the order, then its shelf slot")
        if self.view is None:
            return self.tr("Scan a manifest number, or pick one with ↑ ↓ and Enter")
        return self.tr("Scan a carton, product barcode or order bag")

    def activated(self) -> None:
        if self.view is None:
            self.refresh_list()

    def retranslate(self) -> None:
        if self.view is None:
            self.ui.show_list_page()
            self.ui.show_manifests(self.manifests)
            return
        self.ui.show_heading(self.view)
        if self._progress is not None:
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
        return not self.editor.editing() and not self._confirming

    def scan(self, text: str) -> None:
        code = text.strip()
        if not code:
            return
        if self.slot_mode.active:
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
            row = max(self.ui.manifest_list.currentRow(), 0)
            self.open_manifest(self.manifests[row].manifest_no)
            return True
        return False

    def move_choice(self, step: int) -> bool:
        if self.view is None:
            self.ui.move_in_list(step)
        else:
            self.table.move_selection(step)
        return True

    def escape(self) -> None:
        if self.editor.editing():
            self._fill_fields()  # drop what was typed
            self._return_focus()
        elif self._confirming:
            self._set_confirming(False)
            self._banner(Severity.INFO, self.tr("Back to counting"),
                         self.tr("Nothing was confirmed. Ctrl+Enter shows the discrepancies "
                                 "again."))
            self.shown.emit()
        elif self.slot_mode.active:
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
        self.ui.show_manifests(manifests)
        self.shown.emit()

    def _show_list_page(self) -> None:
        self.ui.show_list_page()
        self._set_confirming(False)

    def list_texts(self) -> list[str]:
        return self.ui.list_texts()

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
        self.ui.show_manifest(view)
        self._progress = view.progress
        self._banner(Severity.INFO, self.tr("Counting %1").replace("%1", view.manifest_no),
                     self.tr("Scan cartons, products or order bags. Ctrl+Enter confirms; Esc "
                             "goes back (the counts are kept)."))
        self.shown.emit()

    def _show_progress(self, progress: Progress) -> None:
        self._progress = progress
        self.ui.show_progress(progress)

    def _counted(self, counted: ScanCounted) -> None:
        self.table.count_in(counted.lines)
        if not self.editor.editing():
            self._fill_fields()  # the same row stays selected: show its new counts
        self._show_progress(counted.progress)
        if counted.order_no and self.view is not None:
            orders = tuple((no, scanned or no == counted.order_no)
                           for no, scanned in self.view.orders)
            self.view = replace(self.view, orders=orders)
        self.context.show_banner(self.texts.counted(counted))
        self.context.feedback(True)
        self.table.viewport().repaint()
        self.shown.emit()

    @property
    def selected_row(self) -> int:
        return self.table.selected_row

    def row_texts(self, row: int) -> list[str]:
        return self.table.row_texts(row)

    @property
    def selected_line(self) -> LineCount | None:
        return self.table.selected_line

    # --- typed counts, reasons, notes and photos ------------------------------------------

    def _edit(self, field: QLineEdit) -> None:
        if self.view is None or self.selected_line is None:
            return
        self.editor.edit(field)

    def _fill_fields(self) -> None:
        line = self.selected_line
        if line is not None:
            self.editor.fill(line)

    def save_line(self, reason: str | None = None, photo: str | None = None) -> None:
        """Enter in a count or note field (or a new reason / photo): save the selected line."""
        line = self.selected_line
        if self.view is None or line is None:
            return
        try:
            received, damaged = self.editor.counts()
        except ValueError:
            self._banner(Severity.STOP, self.tr("Counts are whole numbers"),
                         self.tr("Type the number of units, e.g. 12, and press Enter."))
            self.context.feedback(False)
            self.shown.emit()
            return
        if reason is None and damaged > line.damaged and line.reason is None:
            reason = DiscrepancyReason.DAMAGED.value
        note = self.editor.note()
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
        if self.view is None or self.busy or self.slot_mode.active:
            return
        if not self._confirming:
            # The manifest as the core holds it, after every count still on its way (a fast
            # scanner's last carton once missed the list: "1 line(s) short").
            manifest_no = self.view.manifest_no
            self.operate(lambda: self.service.manifest(manifest_no), self._ask_to_confirm,
                         exclusive=True)
            return
        self._set_confirming(False)
        self.busy = True
        manifest_no, staff_id = self.view.manifest_no, self.context.staff_id
        self.operate(lambda: self.service.receive(manifest_no, staff_id), self._received)

    def _ask_to_confirm(self, view: ManifestView) -> None:
        """The first Ctrl+Enter: every differing line listed, and what Ctrl+Enter does next."""
        self.view = view
        self.ui.show_manifest(view)
        self._show_progress(view.progress)
        self._set_confirming(True)
        self._banner(Severity.WARN, self.tr("Confirm receiving %1?").replace(
            "%1", view.manifest_no), self.discrepancies(view.progress) + "  " +
            self.tr("Ctrl+Enter again confirms; Esc goes back to counting."))
        self.shown.emit()

    def _set_confirming(self, confirming: bool) -> None:
        """The first Ctrl+Enter lists every differing line; anything else hides the list."""
        self._confirming = confirming
        if confirming:
            self.ui.discrepancy_list.show_lines(self.table.lines, self.editor.reason_text)
        else:
            self.ui.discrepancy_list.hide()

    def discrepancy_texts(self) -> list[str]:
        shown = self.ui.discrepancy_list
        return shown.texts() if shown.isVisibleTo(self) else []

    def discrepancies(self, progress: Progress) -> str:
        if progress.complete:
            return self.tr("Every line is complete.")
        return self.tr("%1 line(s) short, %2 with extra goods, %3 with damage.") \
            .replace("%1", str(progress.short_lines)) \
            .replace("%2", str(progress.extra_lines)) \
            .replace("%3", str(progress.damaged_lines))

    def _received(self, done: ReceiveDone) -> None:
        self.busy = False
        for job_id in done.print_job_ids:
            self.context.print_job(job_id)
        self.view = None
        self._show_list_page()
        self.context.show_banner(self.texts.received(done))
        self.context.feedback(True)
        self.operate(self.service.open_manifests, self._show_list)

    # --- scan to slot ----------------------------------------------------------------------

    def toggle_slot_mode(self) -> None:
        self.slot_mode.toggle()
        if not self.slot_mode.active:
            self._banner(Severity.INFO, self.tr("Scan to slot finished"), "")
        self.shown.emit()

    def _slot_scan(self, code: str) -> None:
        pair = self.slot_mode.take(code)
        if pair is None:  # the order: now its slot
            self._banner(Severity.INFO, self.tr("Order %1").replace("%1", code),
                         self.tr("Now scan the shelf slot label (e.g. A-3-017)."))
            self.shown.emit()
            return
        order_no, slot = pair
        counter, settings = self.context.counter, self.context.counter.settings
        self.operate(lambda: slot_order(
            counter.db, order_no, slot, self.context.staff_id, layout=settings.shelf,
            station_id=counter.station_id, clock=counter.clock,
            language=settings.receipt_language, receiving_counter=settings.receiving_counter),
            self._slotted)

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
                                                  counter.clock()),
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
