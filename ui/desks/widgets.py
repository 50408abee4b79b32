"""Small widgets and helpers the desks share: big type, read-only tables, keyboard routing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


class DeskKeys(QObject):
    """Lets the desk's Ctrl shortcuts through while the scan box (a line edit) has the focus.

    A line edit claims some Ctrl keys for itself (Ctrl+A selects all, Ctrl+K deletes to the
    end on some systems); while `desk` is on show, the desk's own keys win."""

    def __init__(self, desk: QWidget, keys: set[int]) -> None:
        super().__init__(desk)
        self._desk = desk
        self._keys = keys
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Filtered out but not accepted: the line edit never claims the key, the shortcut fires.
        return event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier \
            and event.key() in self._keys and self._desk.isVisible() \
            and QApplication.activeWindow() is self._desk.window()  # not in a dialog over it





def read_only_rows(view: QTableView) -> None:
    """A list staff read and pick rows from, one at a time, with ↑ ↓ in the scan box: never
    edited in place, never taking the keyboard from the scan box, no row numbers."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.verticalHeader().setVisible(False)


def table(columns: int) -> QTableWidget:
    """A read-only table; its words come from `name_table` in the desk's `retranslate()`."""
    view = QTableWidget(0, columns)
    read_only_rows(view)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setProperty("role", "list")  # its type size comes from the application's sheet
    return view


def name_table(view: QTableWidget, headers: list[str], name: str, description: str) -> None:
    """A table's column headers, and its `name` and `description` (what one row is) for
    screen readers."""
    view.setHorizontalHeaderLabels(headers)
    view.setAccessibleName(name)
    view.setAccessibleDescription(description)


def move_row(view: QTableWidget, step: int) -> bool:
    if view.rowCount() == 0:
        return False
    row = view.currentRow()
    row = 0 if row < 0 else max(0, min(view.rowCount() - 1, row + step))
    view.selectRow(row)
    return True


def set_row(view: QTableWidget, row: int, texts: list[str]) -> None:
    for column, text in enumerate(texts):
        view.setItem(row, column, QTableWidgetItem(text))
