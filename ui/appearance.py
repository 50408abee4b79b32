"""Type size and contrast for staff who read the screen from further away or in glare.

The look is one application stylesheet per theme (normal, large type, high contrast, large
type with high contrast), built from the templates in `resources/` with the theme's sizes and
colours put in from the tables below (`string.Template`: `${heading}px`, `$alert`). Widgets
never carry a stylesheet of their own: they say what they are with a `role` property
(`label.setProperty("role", "grand-total")`) or an object name, and the sheet styles each role
once. A property that changes at run time (`alert`) re-polishes its widget.

Large type grows every size of `TYPE_SCALE` and the application font by 15/12, so the
proportions staff know stay the same; `style-large-font.qss` takes some padding back so every
desk still fits a 1366×768 screen. High contrast lays `style-high-contrast.qss` (black, white,
yellow focus ring) over the normal rules and gives the roles' colours from `HIGH_CONTRAST`.
Switching applies to every window at once, and dialogs opened later get it from the
application's sheet.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from string import Template

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from station_app.config import Settings
from ui.resources import FONT_FAMILIES, resources_dir

log = logging.getLogger("station.ui.appearance")

BASE_POINTS = 12
LARGE_POINTS = 15

# The counter's type sizes at normal type, by what they are: `px` for the sheet's own rules,
# `pt` for text that reads next to the application font (tables, forms, report figures).
TYPE_SCALE: Mapping[str, int] = {
    "desk_bar": 13,  # large type only: the desk bar gives back room (style-large-font.qss)
    "small": 15, "caption": 16, "label": 17, "detail": 18, "banner_detail": 19, "body": 20,
    "large": 22, "heading": 24, "idle": 26, "banner": 28, "scan": 30,
    "grand_total": 44, "slot": 46, "change_due": 48,
    # Sorting: read from three metres away while walking the shelves.
    "sort_slot": 120, "sort_units": 72,
    # The customer display: read by the resident across the counter (ui/customer_display.py).
    "resident_small": 24, "resident_body": 32, "resident_heading": 40, "resident_title": 56,
    "resident_total": 64,
    "pt_note": 13, "pt_text": 14, "pt_list": 15, "pt_section": 16, "pt_setup": 19,
    "pt_tile": 30,
}

# The colours the roles take; the rest of the high-contrast look is its own sheet.
NORMAL_COLOURS: Mapping[str, str] = {
    "prompt": "#0b3d7a", "hint": "#4a5560", "alert": "#b3261e", "change": "#1e7b34",
    "panel": "#ffffff",
}
HIGH_CONTRAST: Mapping[str, str] = {
    "prompt": "#ffffff", "hint": "#ffffff", "alert": "#ff4040", "change": "#00ff00",
    "panel": "#000000",
}


@dataclass(frozen=True)
class Appearance:
    large_font: bool = False
    high_contrast: bool = False

    @classmethod
    def of(cls, settings: Settings) -> Appearance:
        return cls(settings.large_font, settings.high_contrast)


@dataclass(frozen=True)
class Theme:
    points: int  # the application font
    colours: Mapping[str, str]
    sheets: tuple[str, ...]  # templates in resources/, in order: a later rule wins

    def values(self) -> dict[str, str]:
        """What the templates' `$names` stand for: every size of the type scale, grown to
        this theme's application font, and its colours."""
        scale = self.points / BASE_POINTS
        sizes = {name: str(round(size * scale)) for name, size in TYPE_SCALE.items()}
        return {**sizes, **self.colours}


THEMES: Mapping[Appearance, Theme] = {
    Appearance(): Theme(BASE_POINTS, NORMAL_COLOURS, ("style.qss",)),
    Appearance(large_font=True): Theme(
        LARGE_POINTS, NORMAL_COLOURS, ("style.qss", "style-large-font.qss")),
    Appearance(high_contrast=True): Theme(
        BASE_POINTS, HIGH_CONTRAST, ("style.qss", "style-high-contrast.qss")),
    Appearance(large_font=True, high_contrast=True): Theme(
        LARGE_POINTS, HIGH_CONTRAST,
        ("style.qss", "style-high-contrast.qss", "style-large-font.qss")),
}


def stylesheet(appearance: Appearance) -> str:
    """The application's complete stylesheet for `appearance`."""
    theme = THEMES[appearance]
    parts = []
    for name in theme.sheets:
        try:
            parts.append((resources_dir() / name).read_text(encoding="utf-8"))
        except OSError as error:  # a damaged install: the normal look rather than a crash
            log.error("%s is not available: %s", name, error)
    return Template("\n".join(parts)).substitute(theme.values())


def apply_appearance(app: QApplication, settings: Settings | Appearance) -> Appearance:
    """Font size and contrast for the whole application and every window open now or later."""
    appearance = settings if isinstance(settings, Appearance) else Appearance.of(settings)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(THEMES[appearance].points)
    app.setFont(font)
    app.setStyleSheet(stylesheet(appearance))
    return appearance


def set_flag(widget: QWidget, name: str, on: bool | str) -> None:
    """A property the sheet styles that changes at run time (`alert`, an outcome): Qt only
    reads the selectors again when the widget is polished anew."""
    if widget.property(name) == on:
        return
    widget.setProperty(name, on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
