"""Type size and contrast for staff who read the screen from further away or in glare.

Large font scales everything: the application font (12 → 15 pt), every `font-size` of the
stylesheet, the sizes some widgets set on themselves (an inline `font-size: 44px`, a
`big_font()`), so the proportions staff know stay the same, only bigger; `style-large-font.qss`
takes some padding back so every desk still fits a 1366×768 screen. High contrast lays
`style-high-contrast.qss` (black, white, yellow focus ring) over the normal sheet and takes the
inline colours off widgets, which would otherwise win over it. Both apply at start and at run
time (the settings), and to dialogs opened later: the application watches for new windows.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from station_app.config import Settings
from ui.resources import FONT_FAMILIES, resources_dir

log = logging.getLogger("station.ui.appearance")

BASE_POINTS = 12
LARGE_POINTS = 15
FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")
# Inline colours would beat the high-contrast sheet (a widget's own sheet wins over the app's).
COLOUR = re.compile(r"(?<![\w-])(background(?:-color)?|color|border-color)\s*:[^;}]*;?")
ORIGINAL_SHEET = "appearanceSheet"  # widget property: the sheet as the code set it
ORIGINAL_POINTS = "appearancePoints"  # widget property: its own font size as the code set it


@dataclass(frozen=True)
class Appearance:
    large_font: bool = False
    high_contrast: bool = False

    @property
    def scale(self) -> float:
        return LARGE_POINTS / BASE_POINTS if self.large_font else 1.0

    @classmethod
    def of(cls, settings: Settings) -> Appearance:
        return cls(settings.large_font, settings.high_contrast)


def stylesheet(appearance: Appearance) -> str:
    """The application's stylesheet for `appearance`: the normal sheet, then the
    high-contrast colours, then the large-type sizes (last, so its paddings win)."""
    folder = resources_dir()
    sheet = (folder / "style.qss").read_text(encoding="utf-8")
    for wanted, name in ((appearance.high_contrast, "style-high-contrast.qss"),
                         (appearance.large_font, "style-large-font.qss")):
        if not wanted:
            continue
        try:
            sheet += "\n" + (folder / name).read_text(encoding="utf-8")
        except OSError as error:  # a damaged install: the normal look rather than a crash
            log.error("%s is not available: %s", name, error)
    return scaled_sheet(sheet, appearance)


def scaled_sheet(sheet: str, appearance: Appearance) -> str:
    if appearance.scale != 1.0:
        sheet = FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * appearance.scale)}px",
                              sheet)
    return sheet


class _Watcher(QObject):
    """Restyles each window as it first shows (dialogs are built after the settings apply)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.appearance = Appearance()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow():
            restyle(watched, self.appearance)
        return False


def apply_appearance(app: QApplication, settings: Settings | Appearance) -> Appearance:
    """Font size and contrast for the whole application and every window open now or later."""
    appearance = settings if isinstance(settings, Appearance) else Appearance.of(settings)
    before = Appearance(_base_points() == LARGE_POINTS)
    for window in app.topLevelWidgets():  # note their own sizes before the base changes
        for widget in [window, *window.findChildren(QWidget)]:
            _rescale_font(widget, before)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(LARGE_POINTS if appearance.large_font else BASE_POINTS)
    app.setFont(font)
    app.setStyleSheet(stylesheet(appearance))
    watcher = app.findChild(_Watcher, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if watcher is None:  # the first time: from now on it restyles every window as it shows
        watcher = _Watcher(app)
        app.installEventFilter(watcher)
    watcher.appearance = appearance
    for window in app.topLevelWidgets():
        restyle(window, appearance)
    return appearance


def restyle(root: QWidget, appearance: Appearance) -> None:
    """Scale the sizes and drop the colours the widgets of `root` set on themselves."""
    for widget in [root, *root.findChildren(QWidget)]:
        _restyle_sheet(widget, appearance)
        _rescale_font(widget, appearance)


def _restyle_sheet(widget: QWidget, appearance: Appearance) -> None:
    original = widget.property(ORIGINAL_SHEET)
    if original is None:
        original = widget.styleSheet()
        if not original:
            return
        widget.setProperty(ORIGINAL_SHEET, original)
    sheet = scaled_sheet(str(original), appearance)
    if appearance.high_contrast:
        sheet = COLOUR.sub("", sheet)
    if sheet != widget.styleSheet():
        widget.setStyleSheet(sheet)


def _rescale_font(widget: QWidget, appearance: Appearance) -> None:
    # Only fonts a widget set itself (big_font() and the like); the rest follow the app font.
    # Such a size was worked out from the app font of its day ("3 pt above"): keep that base,
    # so a widget built in large-font mode is not enlarged twice.
    recorded = widget.property(ORIGINAL_POINTS)
    if recorded is None:
        if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) \
                or widget.font().pointSize() <= 0:
            return
        recorded = f"{widget.font().pointSize()}/{_base_points()}"
        widget.setProperty(ORIGINAL_POINTS, recorded)
    points, base = (int(part) for part in str(recorded).split("/"))
    target = LARGE_POINTS if appearance.large_font else BASE_POINTS
    font = QFont(widget.font())
    font.setPointSize(max(1, round(points * target / base)))
    if font.pointSize() != widget.font().pointSize():
        widget.setFont(font)


def _base_points() -> int:
    size = QApplication.font().pointSize()
    return size if size > 0 else BASE_POINTS
