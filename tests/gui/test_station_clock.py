"""What the screen says is on the station's clock (issue 13, item 3), with the PC left in UTC:
times on every desk, the audit log's days, and the pickups-per-hour chart agree with each other
and with the paper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from station_app.clock import station_time
from station_app.counter import Counter
from station_app.storage.models import Handover
from tests.gui.conftest import DeskWindow
from ui import formatting
from ui.app import create_application, warn_about_time_zone
from ui.audit_dialog import AuditDialog
from ui.desks.reports_desk import ReportsDesk
from ui.messages import Severity, local_time

LATE = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # 2026-11-26 01:30 at the station

PcZone = Callable[[str], None]


def test_screen_times_are_station_times(pc_zone: PcZone) -> None:
    pc_zone("UTC")
    create_application("en")
    assert formatting.time_of_day(LATE) == "01:30"
    assert formatting.date_time(LATE) == "26 Nov 2026 01:30"
    assert formatting.short_date_time(LATE) == "26 Nov 01:30"
    assert local_time(LATE) == "26 Nov 01:30"
    create_application("zh_CN")
    assert formatting.date_time(LATE, seconds=True) == "2026年11月26日 01:30:00"
    create_application("en")


def test_the_audit_logs_days_are_station_days(qtbot: Any, pc_zone: PcZone,
                                              counter: Counter) -> None:
    pc_zone("UTC")
    create_application("en")
    dialog = AuditDialog(counter.db, clock=lambda: LATE)
    qtbot.addWidget(dialog)
    until = dialog.until.date()
    assert (until.year(), until.month(), until.day()) == (2026, 11, 26)
    dialog.since.setDate(until)
    assert dialog._bounds() == (datetime(2026, 11, 25, 16, tzinfo=UTC),
                                datetime(2026, 11, 26, 16, tzinfo=UTC))


def test_the_chart_puts_pickups_at_the_hour_the_screen_shows(
        qtbot: Any, pc_zone: PcZone, desk_window: DeskWindow, counter: Counter) -> None:
    pc_zone("UTC")
    window = desk_window([("reports", ReportsDesk)])
    desk = window.desks["reports"]
    assert isinstance(desk, ReportsDesk)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.show_desk("reports")
    report = desk.today_report
    assert report is not None
    start = datetime.combine(report.day, datetime.min.time(), station_time(report.at).tzinfo)
    with counter.db.reading() as session:
        latest = session.scalar(select(func.max(Handover.handed_over_at)).where(
            Handover.handed_over_at >= start, Handover.handed_over_at < start + timedelta(1)))
    assert latest is not None, "the demo hands over orders in the 6 hours before now"
    shown_hour = int(formatting.time_of_day(latest)[:2])  # as the recent list says it
    bars = desk.pickup_bars
    assert bars is not None
    axis = desk.chart.axes()[0]
    hours = [int(label) for label in axis.categories()]  # type: ignore[attr-defined]
    assert bars.at(hours.index(shown_hour)) >= 1
    assert report.day == station_time(report.at).date() != date(1970, 1, 1)


def test_a_pc_in_another_zone_is_told_at_start_up(qtbot: Any, pc_zone: PcZone,
                                                  open_window: Any) -> None:
    pc_zone("UTC")
    window = open_window("en")
    mismatch = warn_about_time_zone(window)
    assert mismatch is not None and mismatch.pc == "UTC+00:00"
    clock = window.status.clock
    assert clock.isVisible() and clock.state == "warn"
    assert "UTC+00:00" in clock.text() and "UTC+08:00" in clock.text()
    assert window.banner.severity is Severity.WARN
    assert "time zone" in window.banner.title
    window.clear()  # Esc clears the banner; the status bar keeps saying it all day
    assert clock.isVisible()


def test_a_pc_on_china_time_is_not_warned(pc_zone: PcZone, open_window: Any) -> None:
    pc_zone("CST-8")  # POSIX: UTC+8
    window = open_window("en")
    assert warn_about_time_zone(window) is None
    assert not window.status.clock.isVisible()
    assert window.banner.severity is not Severity.WARN
