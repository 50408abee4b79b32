"""A widget's texts in the language of the day, set again from their sources when it changes.

Installing or removing a translator makes Qt post one `LanguageChange` to every top-level
widget, shown or hidden, and each widget passes it on to all its children (checked: a page
hidden in a stack, a child of that page and a hidden top-level window all receive it, once per
switch however many translators changed). So a widget needs no registration: it writes its
texts in `retranslate()`, which runs when it is built and on every `LanguageChange`.

`retranslate()` writes texts from where they come from: `self.tr(...)` for the words a widget
sets once, and its own state for what it shows as a result (a desk draws its cart or report
again). Nothing reads back what is painted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _Widget = QWidget
else:
    _Widget = object


class Retranslated(_Widget):
    """Mixin for a QWidget class: `retranslate()` again on each language change.

    List it before the Qt class (`class Foo(Retranslated, QDialog)`), and call
    `self.retranslate()` at the end of `__init__`, once the widgets it writes exist.
    """

    def retranslate(self) -> None:
        """Set every text this widget writes, in the language installed now."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Said:
    """What a widget's labels say about the last thing done (a result, a refusal), kept as
    how to word it, so that `retranslate()` can say it again in the new language."""

    def __init__(self, *labels: QLabel) -> None:
        self._wordings: dict[QLabel, Callable[[], str]] = dict.fromkeys(labels, str)

    def tell(self, label: QLabel, wording: Callable[[], str]) -> None:
        self._wordings[label] = wording
        label.setText(wording())

    def again(self) -> None:
        """Every label's words once more, in the language installed now."""
        for label, wording in self._wordings.items():
            label.setText(wording())
