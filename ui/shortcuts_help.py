"""F1: every key that works now, read from the window itself rather than from a list kept by hand.

The keys are the window's QShortcuts and those of the desk on show. What a key does comes from
the shortcut's `whatsThis` (the window's own keys set it, and word it again with the window's
texts when the language changes), or else from the desk's screen,
where every desk already writes its keys on its buttons and hints ("Refresh (Ctrl+R)",
"Ctrl+2  Return shipment", "Ctrl+I cash in · Ctrl+U cash out"): a key that appears nowhere
is still listed, so nothing a key does stays hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.language_change import Retranslated
from ui.text_slots import text_slots

SEPARATORS = re.compile(r"\s*(?:·|\n|;|；|,|，|。|:|：)\s*")


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # as written on screen: "F5", "Ctrl+Enter"
    what: str  # what it does, in the language on show; "" when the screen does not say
    section: str  # "" for the window's keys, else the desk's title


def key_text(shortcut: QShortcut) -> str:
    # The desks write "Enter" on screen for the Return key, as staff call it.
    return shortcut.key().toString(QKeySequence.SequenceFormat.PortableText).replace(
        "Return", "Enter")


def window_keys(window: QWidget, desk: QWidget | None, desk_title: str) -> list[KeyHelp]:
    """The keys of `window` and of `desk` (the desk on show), window keys first."""
    own: list[KeyHelp] = []
    on_desk: list[KeyHelp] = []
    segments = _segments(desk) if desk is not None else []
    on_window = _segments(window)  # the desk bar: "Alt+3  Sales"
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(parent, QWidget):
            continue
        keys = key_text(shortcut)
        if parent is window:
            own.append(KeyHelp(keys, shortcut.whatsThis()
                               or _described(keys, on_window), ""))
        elif desk is not None and (parent is desk or desk.isAncestorOf(parent)):
            what = shortcut.whatsThis() or _described(keys, segments)
            on_desk.append(KeyHelp(keys, what, desk_title))
    order = {keys: index for index, keys in enumerate(_natural_order())}
    own.sort(key=lambda help_: (order.get(help_.keys, 99), help_.keys))
    return own + sorted(set(on_desk), key=lambda help_: help_.keys)


def _natural_order() -> list[str]:
    return [*(f"Alt+{n}" for n in range(1, 10)), "Esc", *(f"F{n}" for n in range(1, 13))]


def _segments(root: QWidget) -> list[str]:
    """The pieces of text on show in `root` that may name a key and what it does."""
    found: list[str] = []
    for slot in text_slots(root):
        if slot.kind in ("text", "tab", "placeholder", "tooltip") and slot.text \
                and (slot.widget is root or slot.widget.isVisibleTo(root)):
            found.extend(piece for piece in SEPARATORS.split(slot.text) if piece)
    return found


def _described(keys: str, segments: list[str]) -> str:
    """"Refresh (Ctrl+R)" or "Ctrl+2  Return shipment" or "Ctrl+I cash in" → what Ctrl+I does."""
    escaped = re.escape(keys)
    for segment in segments:
        match = re.fullmatch(rf"(.+?)\s*[(（]{escaped}[)）]", segment) or re.fullmatch(
            rf"{escaped}\s+(.+)", segment)
        if match:
            return match.group(1).strip()
    return ""


class ShortcutsHelp(Retranslated, QDialog):
    """The list of keys over the window; Esc or F1 closes it."""

    def __init__(self, keys: list[KeyHelp], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsHelp")
        self.keys = keys
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("shortcuts")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.resize(720, 600)
        self.retranslate()
        self.table.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keys (F1)"))
        self.heading.setText(self.tr("Every key that works now. Esc or F1 closes this list."))
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("What it does")])
        self.table.setAccessibleName(self.tr("Keys"))
        self.table.setAccessibleDescription(self.tr(
            "One row per key: the key, then what it does on the desk on show."))
        self.table.setRowCount(0)
        section = None
        for entry in self.keys:
            if entry.section != section:
                section = entry.section
                self._add_row(section or self.tr("Everywhere"), "", heading=True)
            self._add_row(entry.keys, entry.what or self.tr("(see the desk)"))

    def _add_row(self, keys: str, what: str, heading: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        key_cell, what_cell = QTableWidgetItem(keys), QTableWidgetItem(what)
        if heading:
            font = key_cell.font()
            font.setBold(True)
            key_cell.setFont(font)
        self.table.setItem(row, 0, key_cell)
        self.table.setItem(row, 1, what_cell)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F1:
            self.accept()
            return
        super().keyPressEvent(event)

    def listed(self) -> list[tuple[str, str]]:
        """(key, what) per row as shown: for tests and screen readers' sake."""
        return [tuple(cell.text() if (cell := self.table.item(row, column)) else ""
                      for column in (0, 1)) for row in range(self.table.rowCount())]  # type: ignore[misc]
