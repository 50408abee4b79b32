"""One business clock (issue 13, item 3): whatever zone the counter PC is set to, what the
station shows, prints and numbers is on the station's clock (China, UTC+8).

The moment used throughout: 17:30 UTC on 25 Nov 2026 is 01:30 on the 26th at the station.
A PC left in UTC would call it the 25th, 17:30.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from station_app.care.health import HealthReport
from station_app.care.support_bundle import write_bundle
from station_app.clock import (
    STATION_ZONE,
    ZoneMismatch,
    business_day,
    check_pc_zone,
    day_end,
    day_has_ended,
    day_start,
    station_time,
)
from station_app.counter import Counter
from station_app.devices.documents import layout_document
from station_app.devices.pickup_label import PickupLabel
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.printers import print_document
from station_app.devices.receipt_layout import PrintLine, TextLine
from station_app.devices.report import TextReport
from station_app.services.numbering import next_day_number
from station_app.services.stock_count import StockCounts, sheet_report
from station_app.services.stock_view import local_midnight
from station_app.setup.test_page import layout_test_page
from station_app.storage.models import Sale

LATE = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # 2026-11-26 01:30 at the station

PcZone = Callable[[str], None]


def texts(lines: list[PrintLine]) -> str:
    return "\n".join(line.text for line in lines if isinstance(line, TextLine))


# --- the rule ----------------------------------------------------------------------------------


def test_the_station_clock_is_china_time_whatever_the_pc_says(pc_zone: PcZone) -> None:
    pc_zone("America/New_York")
    assert station_time(LATE).strftime("%Y-%m-%d %H:%M") == "2026-11-26 01:30"
    assert station_time(LATE).utcoffset() == timedelta(hours=8)
    assert business_day(LATE) == date(2026, 11, 26)
    assert day_start(date(2026, 11, 26)) == datetime(2026, 11, 25, 16, tzinfo=UTC)
    assert day_end(date(2026, 11, 26)) == datetime(2026, 11, 26, 16, tzinfo=UTC)
    with pytest.raises(ValueError):
        station_time(datetime(2026, 11, 25, 17, 30))  # naive: whose zone?


def test_a_day_has_ended_only_after_the_station_midnight() -> None:
    day = date(2026, 11, 26)
    assert not day_has_ended(day, LATE)  # 01:30 of that very day
    assert not day_has_ended(day, datetime(2026, 11, 26, 15, 59, tzinfo=UTC))  # 23:59
    assert day_has_ended(day, datetime(2026, 11, 26, 16, 0, tzinfo=UTC))  # midnight
    assert day_has_ended(date(2026, 11, 25), LATE)


def test_pc_zone_check_names_both_offsets() -> None:
    at_station = LATE.astimezone(STATION_ZONE)
    assert check_pc_zone(at_station) is None
    assert check_pc_zone(LATE.astimezone(timezone(timedelta(hours=8), "Asia/Shanghai"))) is None
    mismatch = check_pc_zone(LATE)  # a PC in UTC
    assert mismatch == ZoneMismatch(timedelta(0), timedelta(hours=8))
    assert (mismatch.pc, mismatch.station) == ("UTC+00:00", "UTC+08:00")
    india = check_pc_zone(LATE.astimezone(timezone(timedelta(hours=5, minutes=30))))
    assert india is not None and india.pc == "UTC+05:30"
    assert check_pc_zone(LATE.astimezone(timezone(timedelta(hours=-5)))) is not None
    with pytest.raises(ValueError):
        check_pc_zone(datetime(2026, 11, 25, 17, 30))


# --- numbers -----------------------------------------------------------------------------------


def test_document_numbers_count_the_station_day_not_the_pcs(pc_zone: PcZone,
                                                            counter: Counter) -> None:
    pc_zone("UTC")
    with counter.db.writing() as session:
        number = next_day_number(session, Sale.sale_no, "S", "XF01", LATE, 4)
    assert number == "S-XF01-20261126-0001"


def test_stock_count_number_and_its_sheet_use_the_station_day(pc_zone: PcZone,
                                                              counter: Counter) -> None:
    pc_zone("UTC")
    counts = StockCounts(counter.db, counter.station_id, clock=lambda: LATE)
    view = counts.start(staff_id=2)
    assert view.count_no.startswith("PD-XF01-261126-")
    sheet = counts.variance(view.count_no)
    report = sheet_report(sheet, "幸福里", "XF01", "陈建国", LATE)
    assert "2026-11-26 01:30" in {value for _label, value in report.sections[0].rows}


def test_the_stock_screens_day_starts_at_the_station_midnight(pc_zone: PcZone) -> None:
    pc_zone("UTC")
    assert local_midnight(LATE) == datetime(2026, 11, 25, 16, tzinfo=UTC)


# --- paper -------------------------------------------------------------------------------------


def test_printed_documents_carry_station_time(pc_zone: PcZone, tmp_path: Path) -> None:
    pc_zone("UTC")
    report = TextReport("DAY-XF01-2026-11-26", "日结报表", "幸福里", "XF01", LATE, ())
    label = PickupLabel(order_no="XF01-261126-000011", slot="B-3-017", pickup_code="482913",
                        customer_name="张**", phone_tail="5521", item_count=4,
                        station_name="幸福里", station_code="XF01", labelled_at=LATE)
    for document in (report, label):
        assert "2026-11-26 01:30" in texts(layout_document(document, 48))

    sent: list[bytes] = []

    class Paper:
        def send(self, data: bytes, *, job_name: str = "job", preview: object = None) -> None:
            sent.append(data)

        def describe(self) -> str:
            return "paper"

    print_document(Paper(), report, PrinterSettings())
    assert b"2026-11-26 01:30" in sent[0]


def test_the_printer_test_page_shows_station_time(pc_zone: PcZone) -> None:
    pc_zone("UTC")
    assert "2026-11-26 01:30" in texts(layout_test_page(PrinterSettings(), "幸福里", LATE))


def test_support_bundle_is_named_by_station_time(pc_zone: PcZone, counter: Counter,
                                                 tmp_path: Path) -> None:
    pc_zone("UTC")
    report = HealthReport(taken_at=LATE, schema="x", items=())
    path = write_bundle(counter.data_dir, tmp_path, report, LATE)
    assert path.name == "station-support-20261126-013000.zip"
