"""How the sales desk words the scale's refusals: scale labels and weighed packs
(sales_scale.py). Apart from it so the desk's messages can use it without importing the screen."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.domain.scale_barcode import ScaleCodeProblem
from station_app.services.sales_views import CartLine, SaleRefusal, SaleRefused
from ui.messages import Banner, Severity

SCALE_REFUSALS = (SaleRefusal.SCALE_LABEL, SaleRefusal.ALREADY_WEIGHED)


def quantity_text(line: CartLine) -> str:
    """A cart line's quantity column: a weighed pack shows its weight ("0.412 kg")."""
    if line.weight_g is None:
        return str(line.quantity)
    return f"{line.weight_g // 1000}.{line.weight_g % 1000:03d} kg"


class ScaleWords(QObject):
    """The scale refusals of the sales service, worded for staff."""

    def refused(self, error: SaleRefused) -> Banner:
        stop = Severity.STOP
        if error.reason is SaleRefusal.ALREADY_WEIGHED:
            return Banner(stop, self.tr("%1 is weighed already").replace("%1", error.detail),
                          self.tr("Nothing was added. Put all of it on the scale together, "
                                  "or sell the second pack in its own sale."))
        problem = error.detail.split(":")[0]
        titles = {
            ScaleCodeProblem.BAD_CHECK_DIGIT.value: self.tr("Scale label misread"),
            ScaleCodeProblem.BAD_PRICE_CHECK.value: self.tr("Scale label misread"),
            ScaleCodeProblem.UNKNOWN_PLU.value: self.tr("No item with this scale number"),
            ScaleCodeProblem.ZERO_WEIGHT.value: self.tr("The weight is zero"),
            ScaleCodeProblem.ABSURD_WEIGHT.value: self.tr("The weight is not believable"),
            ScaleCodeProblem.ZERO_PRICE.value: self.tr("The label's price is zero"),
            ScaleCodeProblem.ABSURD_PRICE.value: self.tr("The label's price is not believable"),
        }
        title = titles.get(problem, self.tr("Scale label not accepted"))
        plu = error.detail.partition(": ")[2]
        return Banner(stop, f"{title} {plu}".strip(),
                      self.tr("Nothing was added. Scan the label again, or weigh the goods "
                              "again and print a new label."))
