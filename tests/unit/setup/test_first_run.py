"""First-run state on a real database file: what is missing, demo enrolment, the first manager,
and the test page through the real rendering."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.printers import PrinterError
from station_app.services.staff import StaffAccounts, StaffRefusal, StaffRefused
from station_app.setup.first_run import (
    SetupRefused,
    SetupStep,
    create_first_manager,
    enrol_demo,
    local_station,
    missing_step,
    open_station_database,
)
from station_app.setup.test_page import CHINESE_LINE, TEST_QR, layout_test_page, print_test_page
from station_app.storage.models import AuditEntry, Staff, Station
from tests.oracle.oracle import decode_qr_png, parse_receipt


def test_empty_data_dir_needs_enrolment_then_a_manager(tmp_path: Path) -> None:
    db = open_station_database(tmp_path / "data")
    try:
        assert missing_step(db) is SetupStep.ENROL
        with pytest.raises(SetupRefused):
            create_first_manager(db, "张站长", "482619")
        with db.writing() as session:  # what a real enrolment writes (see SyncService.enrol)
            session.add(Station(id="GL07", name="光明里自提点", holding_days=3, is_local=True))
        assert missing_step(db) is SetupStep.MANAGER
        with pytest.raises(StaffRefused) as short:
            create_first_manager(db, "张站长", "12")
        assert short.value.reason is StaffRefusal.BAD_PIN
        with pytest.raises(StaffRefused) as nameless:
            create_first_manager(db, "  ", "482619")
        assert nameless.value.reason is StaffRefusal.BAD_NAME
        for weak in ("1234", "123456", "111111", "4826"):  # issue 13, item 7a
            with pytest.raises(StaffRefused) as guessable:
                create_first_manager(db, "张站长", weak)
            assert guessable.value.reason is StaffRefusal.BAD_PIN
        assert missing_step(db) is SetupStep.MANAGER
        staff_id = create_first_manager(db, " 张站长 ", "482619")
        assert missing_step(db) is None
        signed = StaffAccounts(db).sign_in(staff_id, "482619")
        assert (signed.name, signed.is_manager) == ("张站长", True)
        with db.reading() as session:
            entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "staff_added"))
            assert entry is not None and entry.staff_id == staff_id
            assert "482619" not in entry.detail
        with pytest.raises(SetupRefused):  # never a back door once a manager exists
            create_first_manager(db, "李四", "570394")
        with pytest.raises(SetupRefused):  # nor a second, demo station
            enrol_demo(db)
    finally:
        db.close()


def test_demo_enrolment_and_an_own_manager_there(tmp_path: Path) -> None:
    db = open_station_database(tmp_path / "data")
    try:
        station = enrol_demo(db, datetime(2026, 11, 25, 2, tzinfo=UTC))
        assert (station.station_id, station.demo) == ("XF01", True)
        assert missing_step(db) is None  # the demo has its managers
        own = create_first_manager(db, "我自己", "903716", demo=True)
        with db.reading() as session:
            assert session.get(Staff, own) is not None
        assert local_station(db) == station
    finally:
        db.close()


def test_test_page_on_the_virtual_printer(tmp_path: Path) -> None:
    settings = PrinterSettings(paper_width_mm=58)
    page = print_test_page(settings, tmp_path, "幸福里", datetime(2026, 11, 25, tzinfo=UTC))
    assert page.preview_png.startswith(b"\x89PNG")
    job = next((tmp_path / "virtual-printer").glob("*test-page.bin")).read_bytes()
    assert CHINESE_LINE.encode("gb18030") in job
    assert b"12345678901234567890123456789012\n" in job  # the 58 mm ruler: 32 columns
    assert b"123456789012345678901234567890123" not in job


def test_test_page_to_an_unreachable_printer_says_so(tmp_path: Path) -> None:
    settings = PrinterSettings(transport="network", host="127.0.0.1", port=9, timeout_s=0.5)
    with pytest.raises(PrinterError) as failed:
        print_test_page(settings, tmp_path, "幸福里", datetime(2026, 11, 25, tzinfo=UTC))
    assert failed.value.kind == "offline"


def test_test_page_read_back_by_the_oracle(tmp_path: Path) -> None:
    settings = PrinterSettings(paper_width_mm=58, qr_native=False)
    data = render_lines(layout_test_page(settings, "幸福里", datetime(2026, 11, 25, tzinfo=UTC)),
                        settings)
    parsed = parse_receipt(data, tmp_path, width_dots=384)
    assert any(CHINESE_LINE in line for line in parsed.text_lines)
    assert any("12345678901234567890123456789012" in line for line in parsed.text_lines)
    assert parsed.cuts == 1 and not parsed.unknown_commands
    assert TEST_QR in decode_qr_png(parsed.receipts[0].png)
