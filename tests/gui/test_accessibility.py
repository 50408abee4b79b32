"""A screen reader can name every control: the window, every desk and every dialog.

The names are what Qt's accessibility layer reports (a button's text, or the name set with
setAccessibleName), so the test sees what Orca or Narrator would read. Tables and lists also
say what their rows are. F1 lists every key of the window and of the desk on show.
"""

from __future__ import annotations

import errno
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QStyle,
    QStyleOptionFrame,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QWidget,
)
from sqlalchemy import text

from station_app.counter import Counter
from sync.demo import DemoHeadOffice
from tests.gui.screens import every_dialog, first_run_wizard, settings_pages, wizard_steps
from ui.appearance import BASE_POINTS, LARGE_POINTS
from ui.desks.reports_desk import ReportsDesk, Tile
from ui.desks.sales_desk import SalesDesk
from ui.main_window import CounterWindow
from ui.shortcuts_help import key_text

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar,
            QSlider, QTextEdit, QPlainTextEdit)


@pytest.fixture
def window(synced_window: CounterWindow) -> CounterWindow:
    """With head office: the attention and day-close dialogs need it."""
    return synced_window


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
    for name in window.desks:
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


def test_every_control_of_every_first_run_step_has_a_name(qtbot: Any, tmp_path: Path) -> None:
    with first_run_wizard(qtbot, tmp_path / "data", "en") as wizard:
        missing = [f"{step}: {what}" for step in wizard_steps(qtbot, wizard)
                   for what in unnamed(wizard)]
    assert missing == [], "\n".join(missing)


def test_every_control_of_every_settings_page_has_a_name(qtbot: Any,
                                                         window: CounterWindow) -> None:
    missing = [f"{page}: {what}" for page, dialog in settings_pages(qtbot, window)
               for what in unnamed(dialog)]
    assert missing == [], "\n".join(missing)


def test_a_control_without_a_name_is_caught(window: CounterWindow) -> None:
    assert unnamed(window) == []
    anonymous = QLineEdit(window.statusBar())  # no label, no accessible name
    anonymous.show()
    assert unnamed(window) == ["no name: QLineEdit() in CounterStatusBar"]


def test_f1_lists_every_key_of_the_window_and_the_desk_on_show(
        qtbot: Any, window: CounterWindow) -> None:
    for name in window.desks:
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


def test_large_font_scales_every_text(
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
    finally:
        window.apply_display(replace(window.counter.settings, large_font=False))
    assert (window.scan_box.font().pixelSize(), sales.total_big.font().pixelSize(),
            QApplication.font().pointSize()) == before


def cut_off(window: CounterWindow) -> list[str]:
    """What of the window on show would not fit a 1366×768 counter screen: the window
    itself (a hidden desk counts too: the desk stack takes the largest), a desk bar that
    scrolls, a scan-box hint ending in "…"."""
    problems = []
    needed = window.minimumSizeHint()
    if needed.width() > 1366 or needed.height() > 768:
        problems.append(f"needs {needed.width()}×{needed.height()}")
    window.resize(1366, 768)  # word-wrapped labels may ask more height than the hint says
    QApplication.processEvents()
    if (window.width(), window.height()) != (1366, 768):
        problems.append(f"grew to {window.width()}×{window.height()}")
    if window.desk_bar.tabRect(window.desk_bar.count() - 1).right() > window.desk_bar.width():
        problems.append("the desk bar scrolls")
    box = window.scan_box
    option = QStyleOptionFrame()
    box.initStyleOption(option)
    # As QLineEdit paints its placeholder: the contents rect less 2 px each side.
    room = box.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option,
                                      box).width() - 4
    hint = box.fontMetrics().horizontalAdvance(box.placeholderText())
    if hint > room:
        problems.append(f"the scan hint needs {hint} px of {room}")
    return problems


def desk_read(qtbot: Any, window: CounterWindow) -> None:
    """Wait until the desk on show has what it read from the database on screen: the lane
    has one worker, so an answer to a request made now comes after the desk's own."""
    answered: list[object] = []
    window.db_lane.submit(lambda: None, answered.append, answered.append)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.wait(50)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_large_type_with_high_contrast_fits_the_smallest_screen(
        qtbot: Any, window: CounterWindow, counter: Counter, language: str) -> None:
    """Every desk, with a banner up, an order card on the handover and two goods in the
    cart: the thick borders of high contrast come on top of the large letters."""
    with counter.db.reading() as session:
        ready = session.execute(text(
            "SELECT pickup_code FROM orders WHERE state='ready' AND station_id='XF01' "
            "ORDER BY id LIMIT 1")).scalar_one()
    window.apply_display(replace(window.counter.settings, language=language, large_font=True,
                                 high_contrast=True))
    problems = []
    try:
        window.show_desk("handover")
        with qtbot.waitSignal(window.handover.lookup_shown, timeout=10_000):
            qtbot.keyClicks(window.scan_box, ready)
            qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
        assert window.handover.card.isVisible() and window.banner.isVisible()
        problems += [f"handover with an order: {what}" for what in cut_off(window)]
        for name in window.desks:
            window.show_desk(name)
            # The longest banner of every desk: a storage fault, two lines of what to do.
            window.show_storage_fault(OSError(errno.ENOSPC, "No space left on device"))
            desk_read(qtbot, window)
            problems += [f"{name}: {what}" for what in cut_off(window)]
        sales = window.desks["sales"]
        window.show_desk("sales")
        for code in ("6901234500017", "6901234500093"):
            with qtbot.waitSignal(sales.shown, timeout=10_000):
                qtbot.keyClicks(window.scan_box, code)
                qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
        assert isinstance(sales, SalesDesk) and len(sales.cart.lines) == 2
        problems += [f"sales with a cart: {what}" for what in cut_off(window)]
    finally:
        window.apply_display(replace(window.counter.settings, language="en", large_font=False,
                                     high_contrast=False))
    assert problems == [], "\n".join(problems)


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
        assert isinstance(sales, SalesDesk)
        window.show_desk("sales")
        qtbot.wait(50)
        assert share(black, sales.panel) > 0.5  # the payment panel's white gives way
    finally:
        window.apply_display(replace(window.counter.settings, high_contrast=False))
    qtbot.wait(50)
    assert share((255, 255, 255), sales.panel) > 0.5


def test_the_theme_styles_each_role(qtbot: Any, window: CounterWindow) -> None:
    """Widgets say what they are (a `role`), the theme's sheet sizes and colours it: the
    grand total grows with large type, the change and an alert take the theme's colours."""
    sales, reports = window.desks["sales"], window.desks["reports"]
    assert isinstance(sales, SalesDesk) and isinstance(reports, ReportsDesk)
    tile = reports.findChild(Tile)
    assert tile is not None

    def ink(label: QLabel) -> str:
        return label.palette().color(label.foregroundRole()).name()

    def look() -> tuple[int, str, str, str]:
        return (sales.total_big.font().pixelSize(), ink(sales.page.change_label),
                ink(tile.value), ink(sales.page.prompt))

    tile.show_value("3", alert=True)
    normal = look()
    assert normal == (44, "#1e7b34", "#b3261e", "#0b3d7a")
    tile.show_value("0")
    assert ink(tile.value) != "#b3261e"  # the alert goes off at run time
    tile.show_value("3", alert=True)
    window.apply_display(replace(window.counter.settings, large_font=True, high_contrast=True))
    try:
        assert look() == (55, "#00ff00", "#ff4040", "#ffffff")
        # No widget carries a sheet of its own.
        assert [widget.objectName() for widget in window.findChildren(QWidget)
                if widget.styleSheet()] == []
    finally:
        window.apply_display(replace(window.counter.settings, large_font=False,
                                     high_contrast=False))
    assert look() == normal


def test_sound_volume_zero_is_silent(window: CounterWindow) -> None:
    window.apply_display(replace(window.counter.settings, sound_volume=0.0))
    assert window.sounds.volume == 0
    assert all(effect.volume() == 0 for effect in window.sounds._effects.values())
    window.apply_display(replace(window.counter.settings, sound_volume=0.5))
    assert all(abs(effect.volume() - 0.5) < 0.01 for effect in window.sounds._effects.values())
