"""The counter in Chinese and in English: every screen in one language, switched at run time
without losing the work on screen, and dates in the language's own form."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from station_app.clock import station_time
from station_app.counter import Counter
from station_app.paths import DataDir
from tests.gui.conftest import Driver
from tests.gui.language_check import data_text, wrong_language
from tests.gui.screens import first_run_wizard, settings_pages, wizard_steps
from tests.gui.test_receiving_desk import demo_manifest
from ui import formatting
from ui.app import create_application
from ui.desks.receiving_desk import ReceivingDesk
from ui.desks.sales_desk import SalesDesk
from ui.main_window import CounterWindow

SPINACH, RICE = "6901234500017", "6901234500093"


def scan(qtbot: Any, window: CounterWindow, code: str) -> None:
    desk = window.current_desk
    assert desk is not None
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, code)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def every_desk(qtbot: Any, window: CounterWindow) -> dict[str, list[str]]:
    """Bring each desk on show (as Alt+N does), let it load, and note what is in the wrong
    language on the whole window."""
    language = "en" if window.desk_switch.tr("Desks") == "Desks" else "zh_CN"
    data = data_text(window.counter.data_dir.database)
    problems: dict[str, list[str]] = {}
    for name in window.desks:
        desk = window.desks.get(name)
        if desk is not None and name in ("count", "overdue", "reports", "returns", "shift",
                                         "stock"):
            with qtbot.waitSignal(desk.shown, timeout=10_000):
                window.show_desk(name)
        else:
            window.show_desk(name)
        qtbot.wait(50)
        found = wrong_language(window, language, data)
        if found:
            problems[name] = found
    return problems


def start_work(qtbot: Any, window: CounterWindow, counter: Counter) -> None:
    """A cart with two products, and a receiving draft with a carton counted."""
    window.show_desk("sales")
    for code in (SPINACH, SPINACH, RICE):
        scan(qtbot, window, code)
    window.show_desk("receiving")
    manifest_no, lines = demo_manifest(counter)
    scan(qtbot, window, manifest_no)
    scan(qtbot, window, lines[0].barcode)


def work_on_screen(window: CounterWindow) -> tuple[object, ...]:
    sales, receiving = window.desks["sales"], window.desks["receiving"]
    assert isinstance(sales, SalesDesk) and isinstance(receiving, ReceivingDesk)
    assert receiving.view is not None
    return (tuple(sales.cart.lines), receiving.view.manifest_no,
            tuple((line.sku, line.received) for line in receiving.view.lines),
            window.context.staff_id, window.desk_name)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_desk_speaks_one_language(qtbot: Any, open_window: Driver, counter: Counter,
                                        language: str) -> None:
    window = open_window(language)
    start_work(qtbot, window, counter)
    problems = every_desk(qtbot, window)
    assert problems == {}, "\n".join(f"{desk}: {text}" for desk, texts in problems.items()
                                      for text in texts)


def test_switching_language_keeps_the_work_on_screen(qtbot: Any, open_window: Driver,
                                                     counter: Counter) -> None:
    window = open_window("zh_CN")
    start_work(qtbot, window, counter)
    window.context.cashier_id = 2  # 陈建国 signed in
    window.show_desk("sales")
    before = work_on_screen(window)
    chinese_title = window.desk_bar.tabText(2)

    window.apply_display(replace(window.counter.settings, language="en"))
    assert work_on_screen(window) == before  # nothing rebuilt, nothing lost
    assert window.desk_bar.tabText(2) == "Alt+3  Sales" != chinese_title
    sales = window.desks["sales"]
    assert isinstance(sales, SalesDesk)
    assert sales.total_big.text().startswith("Total ")
    assert every_desk(qtbot, window) == {}

    window.show_desk("sales")
    window.apply_display(replace(window.counter.settings, language="zh_CN"))
    assert work_on_screen(window) == before
    assert window.desk_bar.tabText(2) == chinese_title
    assert every_desk(qtbot, window) == {}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_first_run_step_speaks_one_language(qtbot: Any, tmp_path: Path,
                                                  language: str) -> None:
    root = tmp_path / "data"
    problems: dict[str, list[str]] = {}
    with first_run_wizard(qtbot, root, language) as wizard:
        for step in wizard_steps(qtbot, wizard):
            # English steps may show the demo station's own Chinese once it is set up.
            found = wrong_language(wizard, language, data_text(DataDir(root).database))
            if found:
                problems[step] = found
    assert problems == {}, "\n".join(f"{step}: {text}" for step, texts in problems.items()
                                      for text in texts)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_settings_page_speaks_one_language(qtbot: Any, open_window: Driver,
                                                 language: str) -> None:
    window = open_window(language)
    data = data_text(window.counter.data_dir.database)
    problems = {page: found for page, dialog in settings_pages(qtbot, window)
                if (found := wrong_language(dialog, language, data))}
    assert problems == {}, "\n".join(f"{page}: {text}" for page, texts in problems.items()
                                      for text in texts)


def test_a_text_without_tr_is_caught(qtbot: Any, open_window: Driver) -> None:
    window = open_window("zh_CN")
    assert wrong_language(window, "zh_CN") == []
    stray = QLabel("Hello, counter")  # a developer forgot self.tr()
    window.statusBar().addWidget(stray)
    qtbot.waitUntil(stray.isVisible)
    assert wrong_language(window, "zh_CN") == ["text of QLabel(): 'Hello, counter'"]
    stray.setText("收银台")
    data = data_text(window.counter.data_dir.database)
    assert wrong_language(window, "en", data) != []  # and Chinese on an English screen


def test_dates_follow_the_language() -> None:
    moment = datetime(2026, 11, 25, 6, 5, tzinfo=UTC)
    local = station_time(moment)  # the station's clock, whatever the PC's zone
    clock = f"{local.hour:02d}:{local.minute:02d}"
    create_application("zh_CN")
    assert formatting.date_time(moment) == f"{local.year}年{local.month}月{local.day}日 {clock}"
    assert formatting.day(date(2026, 11, 25)) == "2026年11月25日"
    assert formatting.money(1250) == "￥12.50"
    create_application("en")
    assert formatting.date_time(moment) == \
        f"{local.day} {local.strftime('%b')} {local.year} {clock}"
    assert formatting.day(date(2026, 11, 25)) == "25 Nov 2026"
    assert formatting.money(-1250) == "-￥12.50"
