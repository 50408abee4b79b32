"""The desks and the bar that picks one: Alt+1 … Alt+9, Alt+0 or a click shows a desk.

A stack is as large as its largest page, so only the desk on show asks for room: a desk off
screen (the reports' tiles and chart) would keep the one on show from fitting the counter's
1366-pixel screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QTabBar, QWidget

from ui.desks.base import Desk
from ui.language_change import Retranslated


class DeskSwitch(Retranslated, QStackedWidget):
    def __init__(self, picked: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desks: dict[str, Desk] = {}
        self.bar = QTabBar()
        self.bar.setObjectName("deskBar")
        self.bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Large type or a long translation: the names shorten, "Alt+N" always shows; a bar
        # that scrolls would hide desks and widen the window past the counter's screen.
        self.bar.setUsesScrollButtons(False)
        self.bar.setElideMode(Qt.TextElideMode.ElideRight)
        self.bar.currentChanged.connect(lambda index: picked(list(self.desks)[index]))
        self.currentChanged.connect(self._size_to_desk)
        self.retranslate()

    def add(self, name: str, desk: Desk) -> None:
        desk.setObjectName(f"{name}Desk")
        self.desks[name] = desk
        self.addWidget(desk)
        self.bar.addTab(self._tab_text(len(self.desks), desk))

    def show_desk(self, name: str) -> bool:
        """Bring `name` on show; returns whether it was another desk before."""
        desk = self.desks[name]
        changed = desk is not self.currentWidget()
        self.setCurrentWidget(desk)
        self.bar.blockSignals(True)
        self.bar.setCurrentIndex(self.currentIndex())
        self.bar.blockSignals(False)
        return changed

    @property
    def current(self) -> Desk:
        desk = self.currentWidget()
        assert isinstance(desk, Desk)
        return desk

    @property
    def current_name(self) -> str:
        return list(self.desks)[self.currentIndex()]

    def retranslate(self) -> None:
        self.bar.setAccessibleName(self.tr("Desks"))
        for index, desk in enumerate(self.desks.values()):
            self.bar.setTabText(index, self._tab_text(index + 1, desk))

    @staticmethod
    def _tab_text(number: int, desk: Desk) -> str:
        return f"Alt+{number % 10}  {desk.title}"

    def _size_to_desk(self, index: int) -> None:
        for number in range(self.count()):
            policy = QSizePolicy.Policy.Preferred if number == index \
                else QSizePolicy.Policy.Ignored
            widget = self.widget(number)
            if widget is not None:
                widget.setSizePolicy(policy, policy)
