"""Today's latest handovers at this counter, with the state of each receipt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station_app.services.handover_views import RecentHandover
from ui.language_change import Retranslated
from ui.messages import local_time


class RecentPanel(Retranslated, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recent")
        self._heading = title = QLabel()
        title.setObjectName("recentTitle")
        self._list = QListWidget()
        self._list.setObjectName("recentList")
        self._list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setWordWrap(True)
        self._hint = hint = QLabel()
        hint.setObjectName("hints")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(title)
        layout.addWidget(self._list, 1)
        layout.addWidget(hint)
        self.rows: list[RecentHandover] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._heading.setText(self.tr("Recent handovers"))
        self._list.setAccessibleName(self.tr("Recent handovers"))
        self._list.setAccessibleDescription(self.tr("The last handovers, newest first"))
        self._hint.setText(self.tr("F5 reprint last receipt · F6 print failed receipts again · "
                                   "F9 camera"))
        self.show_recent(self.rows)

    def show_recent(self, rows: list[RecentHandover]) -> None:
        self.rows = rows
        self._list.clear()
        for row in rows:
            receipt = {
                "printed": self.tr("printed"),
                "queued": self.tr("printing…"),
                "failed": self.tr("NOT PRINTED"),
            }.get(row.print_status or "", "")
            exceptions = (" · " + self.tr("%n exception(s)", "", row.exception_count)
                          if row.exception_count else "")
            text = (f"{local_time(row.handed_over_at)}  {row.customer_name} "
                    f"{row.masked_phone[-4:]}  {row.staff_name}\n{row.order_no}\n"
                    + self.tr("%n item(s)", "", row.item_count) + exceptions
                    + f" · {receipt}")
            item = QListWidgetItem(text)
            if row.print_status == "failed":
                item.setForeground(QColor("#b3261e"))
            self._list.addItem(item)

    def item_texts(self) -> list[str]:
        return [self._list.item(i).text() for i in range(self._list.count())]
