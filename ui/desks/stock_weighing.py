"""The stock desk's scale side: Ctrl+W gives the selected item its PLU (the number the scales
print in their labels) and says whether it is sold by weight (its price then is per
kilogram, and the sales desk weighs it). The core (services/scale_items.py) checks and
audits the change; this only asks and words the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.money import format_fen
from station_app.services.scale_items import (
    MAX_PLU_DIGITS,
    ScaleItem,
    ScaleItemRefusal,
    ScaleItemRefused,
    ScaleItems,
)
from ui.language_change import Retranslated
from ui.messages import Banner, Severity
from ui.settings.forms import labelled

if TYPE_CHECKING:
    from ui.desks.stock_desk import StockDesk


class WeighingDialog(Retranslated, QDialog):
    """One item's PLU and way of selling: Enter saves, Esc leaves it as it was."""

    def __init__(self, item: ScaleItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weighingDialog")
        self.item = item
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.plu = QLineEdit(item.plu or "")
        self.plu.setObjectName("pluField")
        self.plu.setMaxLength(MAX_PLU_DIGITS)
        self.by_weight = QCheckBox()
        self.by_weight.setObjectName("soldByWeight")
        self.by_weight.setChecked(item.sold_by_weight)
        self.by_weight.toggled.connect(lambda _on: self._explain())
        self.save_button, self.cancel_button = QPushButton(), QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Alt+W"), self, self.by_weight.toggle)
        form = QFormLayout()
        self.labels = [labelled(form, self.plu), labelled(form, self.by_weight)]
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.retranslate()
        self.plu.setFocus()
        self.plu.selectAll()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Scale: %1").replace("%1", self.item.name))
        self.labels[0].setText(self.tr("PLU (the scale's number, empty: none)"))
        self.labels[1].setText(self.tr("Sold by weight (Alt+W)"))
        self.by_weight.setText(self.tr("weighed at the counter, priced per kilogram"))
        self.plu.setAccessibleName(self.tr("PLU"))
        self.by_weight.setAccessibleName(self.tr("Sold by weight"))
        self.save_button.setText(self.tr("Enter  Save"))
        self.save_button.setAccessibleName(self.tr("Save"))
        self.cancel_button.setText(self.tr("Esc  Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self._explain()

    def _explain(self) -> None:
        price = format_fen(self.item.price_fen)
        if self.by_weight.isChecked():
            text = self.tr("%1 then costs %2 per kilogram.")
        else:
            text = self.tr("%1 costs %2 per %3.").replace("%3", self.item.unit)
        self.about.setText(text.replace("%1", self.item.name).replace("%2", price))

    def chosen(self) -> tuple[str, bool]:
        return self.plu.text().strip(), self.by_weight.isChecked()


class StockWeighing(QObject):
    saved = Signal(object)  # the ScaleItem as saved (tests wait on it)

    def __init__(self, desk: StockDesk) -> None:
        super().__init__(desk)
        self.desk = desk
        self.items = ScaleItems(desk.context.counter.db, desk.context.counter.clock)
        self.dialog: WeighingDialog | None = None
        self._key = QShortcut(QKeySequence("Ctrl+W"), desk, self.edit)

    def retranslate(self) -> None:
        """F1 says what Ctrl+W does (the desk calls this when the language changes)."""
        self._key.setWhatsThis(self.tr("The selected item's PLU and whether it is sold by "
                                       "weight"))

    def edit(self) -> None:
        """Ctrl+W: the selected item's PLU and way of selling."""
        sku = self.desk.selected_sku
        if sku is None:
            self.desk.context.show_banner(Banner(
                Severity.INFO, self.tr("Select an item first"),
                self.tr("Pick it with ↑ ↓ or scan it, then press Ctrl+W.")))
            return
        items = self.items
        self.desk.operate(lambda: items.item(sku), self._ask)

    def _ask(self, item: ScaleItem) -> None:
        self.dialog = WeighingDialog(item, self.desk)
        self.dialog.accepted.connect(lambda: self._save(item))
        self.dialog.open()

    def _save(self, item: ScaleItem) -> None:
        assert self.dialog is not None
        plu, by_weight = self.dialog.chosen()
        items, staff_id = self.items, self.desk.context.staff_id
        self.desk.operate(lambda: items.set_scale_item(item.sku, plu, by_weight, staff_id),
                          self._saved)

    def _saved(self, item: ScaleItem) -> None:
        how = self.tr("sold by weight") if item.sold_by_weight else self.tr("sold by the piece")
        plu = self.tr("PLU %1").replace("%1", item.plu) if item.plu else self.tr("no PLU")
        self.desk.context.show_banner(Banner(
            Severity.OK, self.tr("%1: %2, %3").replace("%1", item.name).replace("%2", plu)
            .replace("%3", how), ""))
        self.saved.emit(item)
        self.desk.shown.emit()

    def refusal(self, error: BaseException) -> Banner | None:
        """The core's refusals of a PLU, worded for staff; None for anything else."""
        if not isinstance(error, ScaleItemRefused):
            return None
        stop = Severity.STOP
        if error.reason is ScaleItemRefusal.PLU_TAKEN:
            plu, _, holder = error.detail.partition(": ")
            return Banner(stop, self.tr("PLU %1 is taken").replace("%1", plu), self.tr(
                "%1 has it. Nothing was changed: give this item another number, or take it "
                "from the other item first.").replace("%1", holder))
        if error.reason is ScaleItemRefusal.BAD_PLU:
            return Banner(stop, self.tr("Not a PLU: %1").replace("%1", error.detail), self.tr(
                "A PLU is 1 to %1 digits, as the scale prints it. Nothing was changed.")
                .replace("%1", str(MAX_PLU_DIGITS)))
        return Banner(stop, self.tr("Unknown item"),
                      self.tr("%1 is not in the catalogue.").replace("%1", error.detail))
