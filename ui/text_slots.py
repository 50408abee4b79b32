"""Every text a widget tree shows or tells a screen reader, found by walking it.

The tests use it to find text in the wrong language (tests/gui/language_check.py) and widgets
without an accessible name; F1 reads the keys a desk writes on its buttons and hints from it
(ui/shortcuts_help.py). It only reads: changing the language is each widget's own
`retranslate()` (ui/language_change.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTableWidget,
    QTextEdit,
    QWidget,
)


@dataclass(frozen=True)
class TextSlot:
    """One text a widget shows or tells a screen reader, with how to change it."""

    widget: QWidget
    kind: str  # "text", "placeholder", "tooltip", "title", "tab", "header", "cell", "item"…
    text: str
    set: Callable[[str], None]
    data: bool = False  # a table cell or list entry: may hold names and product names


def text_slots(root: QWidget) -> Iterator[TextSlot]:
    """Every text of `root` and the widgets in it, visible or not."""
    for widget in [root, *root.findChildren(QWidget)]:
        yield from _slots(widget)


def _slots(widget: QWidget) -> Iterator[TextSlot]:
    if widget.isWindow():
        yield TextSlot(widget, "title", widget.windowTitle(), widget.setWindowTitle)
    yield TextSlot(widget, "tooltip", widget.toolTip(), widget.setToolTip)
    yield TextSlot(widget, "accessible name", widget.accessibleName(), widget.setAccessibleName)
    yield TextSlot(widget, "accessible description", widget.accessibleDescription(),
                   widget.setAccessibleDescription)
    if isinstance(widget, QLabel | QAbstractButton):
        yield TextSlot(widget, "text", widget.text(), widget.setText)
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QComboBox):
        yield TextSlot(widget, "placeholder", widget.placeholderText(),
                       widget.setPlaceholderText)
    if isinstance(widget, QGroupBox):
        yield TextSlot(widget, "title", widget.title(), widget.setTitle)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield TextSlot(widget, "tab", widget.tabText(i), partial(widget.setTabText, i))
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield TextSlot(widget, "item", widget.itemText(i), partial(widget.setItemText, i),
                           data=True)
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            entry = widget.item(i)
            yield TextSlot(widget, "item", entry.text(), entry.setText, data=True)
    if isinstance(widget, QTableWidget):
        yield from _table_slots(widget)
    elif isinstance(widget, QTableView) and _our_model(widget) is not None:
        yield from _model_slots(widget)


def _table_slots(table: QTableWidget) -> Iterator[TextSlot]:
    for column in range(table.columnCount()):
        header = table.horizontalHeaderItem(column)
        if header is not None:
            yield TextSlot(table, "header", header.text(), header.setText)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            cell = table.item(row, column)
            if cell is not None:
                yield TextSlot(table, "cell", cell.text(), cell.setText, data=True)


def _our_model(view: QAbstractItemView) -> QAbstractItemModel | None:
    model = view.model()
    return model if model is not None and type(model).__module__.startswith("ui.") else None


def _model_slots(view: QTableView) -> Iterator[TextSlot]:
    """What a table over one of our models shows. Its texts live in the model, which writes
    them again itself: the slots only report them."""
    model = view.model()
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        yield TextSlot(view, "header", str(model.headerData(column, Qt.Orientation.Horizontal,
                                                            display) or ""), _unchanged)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            yield TextSlot(view, "cell", str(model.data(model.index(row, column), display)
                                             or ""), _unchanged, data=True)


def _unchanged(_text: str) -> None:
    """Texts only a model can change."""
