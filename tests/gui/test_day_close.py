"""The day close (F10) on the station's clock (issue 13, items 3 and 6): the day it closes is the
station's business day whatever the PC's zone, closing a day that is still running needs the
station manager and says so, and the printed slip names its day in the counter's words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.clock import business_day
from station_app.counter import Counter
from station_app.devices.documents import layout_document
from station_app.devices.receipt_layout import TextLine
from station_app.domain.event_types import EventType
from station_app.services.authority import NotAllowed
from sync.client.dayclose import DaySummary
from sync.client.service import DayCloseResult, SyncService
from sync.demo import DemoHeadOffice
from tests.gui.conftest import manager_answers
from ui.app import create_application
from ui.background import Lane
from ui.sync_panel import AttentionDialog, DayCloseDialog, SyncWorker

LATE = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # 2026-11-26 01:30 at the station
CLERK, MANAGER = 1, 2


@pytest.fixture
def lane() -> Iterator[Lane]:
    opened = Lane("day-close-test")
    yield opened
    opened.shutdown()


def opened(qtbot: Any, service: SyncService, lane: Lane,
           ask: Callable[..., None] | None) -> DayCloseDialog:
    create_application("en")
    dialog = DayCloseDialog(service, lane, ask_manager=ask)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_day_closed_is_the_station_day_and_still_running_needs_the_manager(
        qtbot: Any, pc_zone: Callable[[str], None], counter: Counter, lane: Lane,
        tmp_path: Path) -> None:
    pc_zone("UTC")  # the PC calls it the 25th, 17:30
    service = SyncService(counter.db, tmp_path, clock=lambda: LATE, use_keyring=False)
    asked: list[str] = []
    dialog = opened(qtbot, service, lane, manager_answers(None, asked))
    assert dialog.day == date(2026, 11, 26)
    assert "2026-11-26" in dialog.message.text()
    assert "The day is still running: closing it now needs the station manager." in \
        dialog.message.text()

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert asked == ["close the day before it ends"]
    assert "Not closed" in dialog.message.text()  # the manager said no: nothing was asked
    assert dialog.close_button.isEnabled()


def test_without_a_manager_prompt_a_running_day_cannot_be_closed(
        qtbot: Any, counter: Counter, lane: Lane, tmp_path: Path) -> None:
    service = SyncService(counter.db, tmp_path, use_keyring=False)
    dialog = opened(qtbot, service, lane, None)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert "needs the station manager" in dialog.message.text()


def test_the_core_refuses_an_early_close_without_a_manager(
        counter: Counter, head_office: DemoHeadOffice) -> None:
    service = head_office.service
    service.sync_now()
    today = business_day(service.clock())
    for approver in (None, CLERK):
        with pytest.raises(NotAllowed):
            service.day_close(today, approved_by=approver)
    assert service.day_close(today, approved_by=MANAGER).status == "match"
    # A day that is over closes without anyone's approval.
    yesterday = today - timedelta(days=1)
    assert service.day_close(yesterday).status in ("match", "empty")


def test_a_manager_closes_the_running_day_and_it_is_confirmed(
        qtbot: Any, counter: Counter, head_office: DemoHeadOffice, lane: Lane) -> None:
    service = head_office.service
    service.sync_now()
    asked: list[str] = []
    dialog = opened(qtbot, service, lane, manager_answers(MANAGER, asked))
    with qtbot.waitSignal(dialog.closed, timeout=20_000) as closed:
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert asked == ["close the day before it ends"]
    assert closed.args[0].status == "match"
    assert "confirms" in dialog.message.text()


def test_the_slip_names_its_day_and_the_events_in_the_counters_words(
        qtbot: Any, pc_zone: Callable[[str], None], counter: Counter, tmp_path: Path) -> None:
    pc_zone("UTC")
    create_application("en")
    worker = SyncWorker(SyncService(counter.db, tmp_path, use_keyring=False))
    day = business_day(LATE)
    summary = DaySummary("XF01", day, 1, 9, {
        EventType.HANDOVER_COMPLETED.value: 5, EventType.CASH_MOVED.value: 2,
        EventType.SALE_COMPLETED.value: 1, EventType.GOODS_RECEIVED.value: 1}, (), 0)
    report = worker.day_report(DayCloseResult("match", summary), "幸福里", "XF01", day, LATE)
    worker.lane.shutdown()
    text = "\n".join(line.text for line in layout_document(report, 48)
                     if isinstance(line, TextLine))
    assert "Day report 2026-11-26" in text  # the header names the day it closes
    assert "2026-11-26 01:30" in text  # and was printed on that day, on the station's clock
    assert "Events of 2026-11-26" in text
    rows = dict(report.sections[0].rows)
    assert rows == {"Handovers": "5", "Cash in and out": "2", "Walk-in sales": "1",
                    "Receipts of goods": "1"}
    assert "handover.completed" not in text and "cash.moved" not in text

    # Every kind of event has the counter's words (translated with the window's language).
    names = {worker.event_kind(kind.value) for kind in EventType}
    assert len(names) == len(EventType)
    assert not any("." in name for name in names)
    assert worker.event_kind("something.new") == "something.new"  # a newer counter's kind


def test_an_empty_inbox_says_so_in_plain_words(qtbot: Any, counter: Counter,
                                               tmp_path: Path) -> None:
    # Issue 13, item 6: counters without an emoji font drew the 👍 as a box.
    create_application("en")
    dialog = AttentionDialog(SyncService(counter.db, tmp_path, use_keyring=False))
    qtbot.addWidget(dialog)
    assert dialog.items == []
    assert dialog.guide.text() == "Nothing needs attention."
    assert all(ord(ch) < 0x2600 for ch in dialog.guide.text())
