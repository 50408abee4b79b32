"""The coloured banner: one glance tells staff whether to hand over, wait or stop."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.language_change import Retranslated
from ui.messages import Banner, Severity
from ui.resources import icon_path


class BannerView(Retranslated, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._icon = QLabel()
        self._icon.setFixedSize(QSize(52, 52))
        self._title = QLabel()
        self._title.setObjectName("bannerTitle")
        self._title.setWordWrap(True)
        self._detail = QLabel()
        self._detail.setObjectName("bannerDetail")
        self._detail.setWordWrap(True)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self._title)
        texts.addWidget(self._detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        self.severity: Severity | None = None
        self.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Status banner"))
        # What it shows is the last action's outcome, worded when it happened: it goes rather
        # than stay in the old language (the desk's own screen is drawn again in the new one).
        self.clear()

    def show_banner(self, banner: Banner) -> None:
        restyle = banner.severity is not self.severity
        self.severity = banner.severity
        self._title.setText(banner.title)
        self._detail.setText(banner.detail)
        self._detail.setVisible(bool(banner.detail))
        self.setAccessibleDescription(f"{banner.title}. {banner.detail}")
        self.show()
        if not restyle:
            return
        self.setProperty("severity", banner.severity.value)
        self._icon.setPixmap(QIcon(icon_path(banner.severity.value)).pixmap(48, 48))
        for widget in (self, self._title, self._detail):  # re-read colours for the severity
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def clear(self) -> None:
        self.severity = None
        self._title.setText("")
        self._detail.setText("")
        self.hide()

    @property
    def title(self) -> str:
        return self._title.text()

    @property
    def detail(self) -> str:
        return self._detail.text()
