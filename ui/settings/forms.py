"""Small form helpers: labels re-translated at run time, fields with their own Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QLineEdit, QWidget


def shortened(text: str) -> str:
    """A scanned text as a message shows it: at most 60 characters."""
    return text if len(text) <= 60 else text[:57] + "…"


def labelled(form: QFormLayout, field: QWidget | QLayout) -> QLabel:
    """Add a row; the returned label gets its text in the panel's `retranslate()`."""
    label = QLabel()
    if isinstance(field, QWidget):
        label.setBuddy(field)
    form.addRow(label, field)
    return label


class EnterKey(QObject):
    """Enter in `field` runs `action` and goes no further: in a dialog whose Enter means Next,
    a field with an Enter of its own (check this address) must keep it."""

    def __init__(self, field: QLineEdit, action: Callable[[], None]) -> None:
        super().__init__(field)
        self._action = action
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._action()
            return True
        return super().eventFilter(watched, event)


class AltKeysToShortcuts(QObject):
    """Alt+letter in a text field goes to the dialog's shortcut (Alt+S skip), not into the
    text: on X11 such a key carries its letter, and a line edit would type it."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        for field in root.findChildren(QLineEdit):
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return True  # not accepted: the shortcut map takes it
        return super().eventFilter(watched, event)
