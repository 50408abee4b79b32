"""A screen reader can name every control: the window, every desk and every dialog.

The names are what Qt's accessibility layer reports (a button's text, or the name set with
setAccessibleName), so the test sees what Orca or Narrator would read. Tables and lists also
say what their rows are. F1 lists every key of the window and of the desk on show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from station_app.counter import Counter
from sync.demo import DemoHeadOffice, start_demo_head_office
from tests.gui.screens import every_dialog
from ui.app import build_window, create_application
from ui.appearance import BASE_POINTS, LARGE_POINTS
from ui.desks.sales_desk import SalesDesk
from ui.main_window import CounterWindow
from ui.shortcuts_help import key_text
from ui.sync_panel import SyncWorker

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar,
            QSlider, QTextEdit, QPlainTextEdit)


@pytest.fixture
def head_office(counter: Counter) -> Iterator[DemoHeadOffice]:
    started = start_demo_head_office(counter)
    yield started
    started.stop()


@pytest.fixture
def window(qtbot: Any, counter: Counter, head_office: DemoHeadOffice) -> Iterator[CounterWindow]:
    create_application("en")
    opened = build_window(counter, sync=SyncWorker(head_office.service, interval_s=3600))
    qtbot.addWidget(opened)
    opened.resize(1366, 768)
    opened.show()
    with qtbot.waitSignal(opened.recent_shown, timeout=10_000):
        opened.start()
    yield opened
    opened.close()


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a control (a spin box's line edit, a tab bar's scroll arrows,
    a table's corner button): the control itself carries the name."""
    parent = widget.parentWidget()
    return widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView) \
        or type(widget).__name__ == "QTableCornerButton" \
        or isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar)


def unnamed(root: QWidget) -> list[str]:
    """Controls of `root` on show that a screen reader cannot name, and tables that do not
    say what their rows are."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or qt_internal(widget) \
                or not (widget is root or widget.isVisibleTo(root)):
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name).strip() if face is not None else ""
        where = f"{type(widget).__name__}({widget.objectName()}) in " \
                f"{type(widget.parentWidget()).__name__}"
        if not name:
            missing.append(f"no name: {where}")
        if isinstance(widget, QAbstractItemView) and not widget.accessibleDescription():
            missing.append(f"no description: {where}")
    return missing


def test_every_control_of_every_desk_has_a_name(qtbot: Any, window: CounterWindow) -> None:
    missing = {}
    for name in ["handover", *window.desks]:
        window.show_desk(name)
        qtbot.wait(100)
        found = unnamed(window)
        if found:
            missing[name] = found
    assert missing == {}, "\n".join(f"{desk}: {what}" for desk, found in missing.items()
                                    for what in found)


def test_every_control_of_every_dialog_has_a_name(qtbot: Any, window: CounterWindow,
                                                   counter: Counter,
                                                   head_office: DemoHeadOffice) -> None:
    dialogs = every_dialog(qtbot, window, counter, head_office)
    missing = [f"{name}: {what}" for name, dialog in dialogs.items()
               for what in unnamed(dialog)]
    for dialog in dialogs.values():
        dialog.close()
    assert missing == [], "\n".join(missing)


def test_a_control_without_a_name_is_caught(window: CounterWindow) -> None:
    assert unnamed(window) == []
    anonymous = QLineEdit(window.statusBar())  # no label, no accessible name
    anonymous.show()
    assert unnamed(window) == ["no name: QLineEdit() in CounterStatusBar"]


def test_f1_lists_every_key_of_the_window_and_the_desk_on_show(
        qtbot: Any, window: CounterWindow) -> None:
    for name in ["handover", *window.desks]:
        window.show_desk(name)
        desk = window.current_desk
        help_ = window.show_keys()
        listed = dict(help_.listed())
        help_.close()
        owners = [window] if desk is None else [window, desk]
        for shortcut in window.findChildren(QShortcut):
            parent = shortcut.parent()
            if not shortcut.isEnabled() or not any(
                    parent is owner or (owner is desk and owner.isAncestorOf(parent))
                    for owner in owners if isinstance(parent, QWidget)):
                continue
            keys = key_text(shortcut)
            assert keys in listed, f"{name}: {keys} is missing from F1"
            if parent is window:
                assert listed[keys] not in ("", help_.tr("(see the desk)")), keys
    # F1 itself is one of the keys, and opens the list.
    assert QKeySequence("F1").toString() in dict(window.show_keys().listed())


# --- large type, high contrast, sound ---------------------------------------------------------


def pixel_colours(widget: QWidget) -> list[tuple[int, int, int]]:
    """A sample of the colours `widget` paints: every 7th pixel each way."""
    image = widget.grab().toImage()
    return [(colour.red(), colour.green(), colour.blue())
            for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
            if (colour := image.pixelColor(x, y))]


def share(colour: tuple[int, int, int], widget: QWidget) -> float:
    sample = pixel_colours(widget)
    return sample.count(colour) / len(sample)


def test_large_font_scales_every_text_and_fits_the_smallest_screen(
        qtbot: Any, window: CounterWindow) -> None:
    sales = window.desks["sales"]
    assert isinstance(sales, SalesDesk)
    table_points = window.desks["overdue"].findChild(QTableWidget).font().pointSize()
    before = (window.scan_box.font().pixelSize(), sales.total_big.font().pixelSize(),
              QApplication.font().pointSize())
    window.apply_display(replace(window.counter.settings, large_font=True))
    try:
        after = (window.scan_box.font().pixelSize(), sales.total_big.font().pixelSize(),
                 QApplication.font().pointSize())
        # The stylesheet's 30px, a desk's own 44px and the 12 pt base all grow by 15/12.
        scale = LARGE_POINTS / BASE_POINTS
        assert after == tuple(round(size * scale) for size in before) == (38, 55, 15)
        assert window.desks["overdue"].findChild(QTableWidget).font().pointSize() == round(
            table_points * scale)
        for name in ["handover", *window.desks]:
            window.show_desk(name)
            qtbot.wait(50)
            needed = window.minimumSizeHint()
            assert needed.width() <= 1366 and needed.height() <= 768, (name, needed)
            last = window.desk_bar.tabRect(window.desk_bar.count() - 1)
            assert last.right() <= window.desk_bar.width(), "the desk bar must not scroll"
    finally:
        window.apply_display(replace(window.counter.settings, large_font=False))
    assert (window.scan_box.font().pixelSize(), sales.total_big.font().pixelSize(),
            QApplication.font().pointSize()) == before


def test_high_contrast_is_black_white_and_yellow_focus(qtbot: Any,
                                                       window: CounterWindow) -> None:
    window.activateWindow()
    window.scan_box.setFocus()
    qtbot.waitUntil(window.scan_box.hasFocus)
    black, yellow = (0, 0, 0), (255, 255, 0)
    assert share(black, window) < 0.05 and yellow not in pixel_colours(window.scan_box)
    window.apply_display(replace(window.counter.settings, high_contrast=True))
    try:
        qtbot.wait(50)
        assert share(black, window) > 0.5  # the ground is black
        assert yellow in pixel_colours(window.scan_box)  # the focus ring is yellow
        sales = window.desks["sales"]
        window.show_desk("sales")
        assert "background" not in sales.panel.styleSheet()  # its own white would win
    finally:
        window.apply_display(replace(window.counter.settings, high_contrast=False))
    assert "#ffffff" in sales.panel.styleSheet()


def test_sound_volume_zero_is_silent(window: CounterWindow) -> None:
    window.apply_display(replace(window.counter.settings, sound_volume=0.0))
    assert window.sounds.volume == 0
    assert all(effect.volume() == 0 for effect in window.sounds._effects.values())
    window.apply_display(replace(window.counter.settings, sound_volume=0.5))
    assert all(abs(effect.volume() - 0.5) < 0.01 for effect in window.sounds._effects.values())
