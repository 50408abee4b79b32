"""The customer display's words, in the resident's language (`customer_display_language`),
whatever language the staff window speaks.

The window's texts come from the translators installed on the application: installing one
posts `LanguageChange` to every top-level widget, and each `Retranslated` widget writes its
texts again with `self.tr()` (ui/language_change.py). The customer display must not follow:
a cashier who switches the counter to English does not switch the resident's screen. So the
display never calls `tr()` and is not `Retranslated` (it ignores `LanguageChange`); its words
come from a `QTranslator` of its own, loaded from the same catalogue (`station_<lang>.qm`) but
never installed on the application, so it neither receives nor causes a language change.

The texts are marked for lupdate with `QT_TRANSLATE_NOOP("CustomerDisplay", …)`, so
`scripts/translations.py update` collects them with the window's; a missing translation shows
the English source, as Qt does.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator

from ui.resident_view import Outcome
from ui.resources import resources_dir

log = logging.getLogger("station.ui.customer_display")

CONTEXT = "CustomerDisplay"


def _marked(text: object) -> str:
    return str(text)


# At handover: where the resident's order stands (the staff banner says why, to staff).
OUTCOME_WORDS: Mapping[Outcome, str] = {
    Outcome.CHECK: _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Please check your goods")),
    Outcome.HANDED_OVER: _marked(QT_TRANSLATE_NOOP("CustomerDisplay",
                                                   "Picked up. Thank you!")),
    Outcome.PARTLY: _marked(QT_TRANSLATE_NOOP("CustomerDisplay",
                                              "Picked up (some items not taken)")),
    Outcome.ALREADY: _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Already picked up")),
    Outcome.CANCELLED: _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Order cancelled")),
    Outcome.OTHER_STATION: _marked(QT_TRANSLATE_NOOP("CustomerDisplay",
                                                     "Not an order of this station")),
    Outcome.NOT_READY: _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Please wait a moment")),
    Outcome.REFUSED: _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Please ask the staff")),
}
METHOD_WORDS: Mapping[str, str] = {
    "cash": _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Cash")),
    "wechat": _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "WeChat Pay")),
    "alipay": _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Alipay")),
    "card": _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Bank card")),
}
WINDOW_TITLE = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Customer display"))
INVITE = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Please show your pickup code to the staff"))
SLOT = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Slot %1"))
ITEMS = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Items: %1"))
ORDERS = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Orders: %1"))
ORDER = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Order %1"))
MORE = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "… and %1 more"))
ITEM = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Item"))
QUANTITY = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Qty"))
AMOUNT = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Amount"))
YOUR_PURCHASE = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Your purchase"))
TOTAL = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Total %1"))
PAYMENT = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Payment: %1"))
CASH_GIVEN = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Cash given %1"))
CHANGE = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Change %1"))
SCAN_TO_PAY = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Scan to pay with %1"))
NO_PAYMENT_CODE = _marked(QT_TRANSLATE_NOOP(
    "CustomerDisplay", "The payment code cannot be shown. Please ask the staff."))
PAID = _marked(QT_TRANSLATE_NOOP("CustomerDisplay", "Payment received. Thank you!"))


class ResidentWords:
    """The display's texts in one language, from a translator of its own (see the module)."""

    def __init__(self, language: str, folder: Path | None = None) -> None:
        self.language = language
        self._translator = QTranslator()
        path = (folder or resources_dir() / "translations") / f"station_{language}.qm"
        if not self._translator.load(str(path)):
            log.error("customer display: translation %s is missing", path)

    def __call__(self, source: str, *arguments: object) -> str:
        """`source` in the display's language, `%1`… filled with `arguments`."""
        text = self._translator.translate(CONTEXT, source) or source
        for number, argument in reversed(list(enumerate(arguments, 1))):
            text = text.replace(f"%{number}", str(argument))
        return text
