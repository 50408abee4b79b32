"""The reports desk at the counter window: tabs by keys, figures, CSV, PDF and the printed slip."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QTableWidget

from station_app.clock import CHINA
from tests.gui.conftest import DeskWindow
from tests.helpers import rows, scalar
from tests.oracle.oracle import parse_receipt
from tests.paper_language import wrong_language
from ui.desks.reports_desk import RANGE, STAFF, TODAY, ReportsDesk
from ui.main_window import CounterWindow
from ui.messages import Severity

STORED = "%Y-%m-%dT%H:%M:%S.%fZ"


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("reports", ReportsDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> ReportsDesk:
    found = window.desks["reports"]
    assert isinstance(found, ReportsDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("reports")
    return found


def ctrl(qtbot: Any, window: CounterWindow, desk: ReportsDesk, key: Qt.Key) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, key, Qt.KeyboardModifier.ControlModifier)


def handovers_on(window: CounterWindow, day: date) -> int:
    start = datetime.combine(day, time(0), CHINA)
    bounds = [(start + timedelta(days=n)).astimezone(UTC).strftime(STORED) for n in (0, 1)]
    return int(scalar(window.counter.db, "SELECT count(*) FROM handover WHERE "
                      "handed_over_at >= :s AND handed_over_at < :e", s=bounds[0], e=bounds[1]))


def cell(view: QTableWidget, row: int, column: int) -> str:
    item = view.item(row, column)
    assert item is not None
    return item.text()


def pdf_text(path: Path) -> str:
    document = QPdfDocument()
    document.load(str(path))
    text = "".join(document.getAllText(page).text() for page in range(document.pageCount()))
    return "".join(text.split())  # Qt breaks CJK text into one glyph a line


def test_reports_from_the_keyboard_to_files_and_paper(
        qtbot: Any, window: CounterWindow, desk: ReportsDesk, tmp_path: Path) -> None:
    day = datetime.now(CHINA).date()
    today = desk.today_report
    assert today is not None and desk.tabs.currentIndex() == TODAY
    handed = handovers_on(window, day)
    assert desk.tiles["handed"].value.text() == str(handed) == str(today.handed_over)
    assert desk.tiles["overdue"].value.text() == str(scalar(
        window.counter.db, "SELECT count(*) FROM orders WHERE station_id='XF01' AND "
        "state='ready' AND holding_deadline <= :n",
        n=today.at.strftime(STORED)))
    bars = desk.pickup_bars
    assert bars is not None and sum(bars.at(i) for i in range(bars.count())) == handed

    # A range typed into the scan box: yesterday and today.
    ctrl(qtbot, window, desk, Qt.Key.Key_2)
    assert desk.tabs.currentIndex() == RANGE
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, f"{day - timedelta(days=1)} {day}")
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    period = desk.period_report
    assert period is not None and (period.first, period.last) == (day - timedelta(days=1), day)
    all_handovers = int(scalar(window.counter.db, "SELECT count(*) FROM handover"))
    shown = {cell(desk.range_table, r, 1): cell(desk.range_table, r, 2)
             for r in range(desk.range_table.rowCount())}
    assert shown["Orders handed over"] == str(all_handovers)  # demo: the last 6 hours

    csv_path = desk.export_csv(tmp_path / "range.csv")
    assert csv_path is not None and csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as opened:
        read = list(csv.reader(opened))
    assert ["Handovers", "Orders handed over", str(all_handovers), ""] in read
    assert any(row and row[0] == "王丽" for row in read)  # the staff table follows

    pdf_path = desk.export_pdf(tmp_path / "range.pdf")
    assert pdf_path is not None and pdf_path.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf_path)
    assert "王丽" in text and "幸福里社区自提点" in text  # English: the window's
    assert f"Ordershandedover{all_handovers}" in text
    assert window.banner.severity is Severity.OK

    ctrl(qtbot, window, desk, Qt.Key.Key_3)
    assert desk.tabs.currentIndex() == STAFF
    staff_rows = {cell(desk.staff_table, r, 0): cell(desk.staff_table, r, 1)
                  for r in range(desk.staff_table.rowCount())}
    for staff_id, name in ((1, "王丽"), (2, "陈建国")):
        assert staff_rows[name] == str(scalar(
            window.counter.db, "SELECT count(*) FROM handover WHERE staff_id=:i", i=staff_id))
    staff_csv = desk.export_csv(tmp_path / "staff.csv")
    assert staff_csv is not None
    with staff_csv.open(encoding="utf-8-sig", newline="") as opened:
        assert [row[0] for row in csv.reader(opened)][2:] == ["王丽", "陈建国"]

    # Print the range report: journaled, printed, read back by the independent parser.
    ctrl(qtbot, window, desk, Qt.Key.Key_2)
    ctrl(qtbot, window, desk, Qt.Key.Key_P)
    reference = f"RPT-XF01-{day - timedelta(days=1):%Y%m%d}-{day:%Y%m%d}"
    db = window.counter.db
    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:r",
                                   r=reference) == "printed", timeout=10_000)
    assert scalar(db, "SELECT count(*) FROM outbox_event WHERE type LIKE 'report%'") == 0
    printed_files = sorted(window.counter.data_dir.virtual_printer.glob(f"*{reference}*.bin"))
    assert printed_files
    printed = parse_receipt(printed_files[-1].read_bytes(), tmp_path)
    paper = "\n".join(printed.text_lines)
    assert "期间报表" in paper and "取件单数" in paper and str(all_handovers) in paper


def test_a_range_that_ends_before_it_starts_is_refused(
        qtbot: Any, window: CounterWindow, desk: ReportsDesk) -> None:
    ctrl(qtbot, window, desk, Qt.Key.Key_2)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, "2026-11-20 2026-11-10")
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.WARN
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, "not a day")
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.WARN


def test_screen_and_files_speak_the_window_language_and_paper_the_receipt_language(
        qtbot: Any, desk_window: DeskWindow, tmp_path: Path) -> None:
    window = desk_window([("reports", ReportsDesk)], receipt_language="zh_CN")
    desk = window.desks["reports"]
    assert isinstance(desk, ReportsDesk)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.show_desk("reports")
    ctrl(qtbot, window, desk, Qt.Key.Key_2)
    data = [str(row[0]) for row in rows(window.counter.db, "SELECT name FROM catalogue_item "
                                                           "UNION SELECT name FROM staff "
                                                           "UNION SELECT name FROM station")]
    shown = [cell(desk.range_table, r, c) for r in range(desk.range_table.rowCount())
             for c in range(3)]
    assert wrong_language([desk.range_title.text(), *shown], "en", data) == []

    csv_path = desk.export_csv(tmp_path / "range.csv")
    assert csv_path is not None
    with csv_path.open(encoding="utf-8-sig", newline="") as opened:
        read = list(csv.reader(opened))
    assert wrong_language([c for row in read for c in row], "en", data) == []
    assert read[1] == ["Section", "Item", "Value", "Amount (CNY)"]
    amounts = [row[3] for row in read[2:] if len(row) == 4 and row[3]]
    assert amounts and all(float(amount) >= 0 or amount.startswith("-") for amount in amounts)
    staff_headers = next(row for row in read if row and row[0] == "Staff")
    assert "Sales total (CNY)" in staff_headers

    ctrl(qtbot, window, desk, Qt.Key.Key_P)  # the slip: the receipt language, Chinese only
    day = datetime.now(CHINA).date()
    reference = f"RPT-XF01-{day:%Y%m%d}-{day:%Y%m%d}"
    db = window.counter.db
    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:r",
                                   r=reference) == "printed", timeout=10_000)
    printed = sorted(window.counter.data_dir.virtual_printer.glob(f"*{reference}*.bin"))[-1]
    paper = parse_receipt(printed.read_bytes(), tmp_path).text_lines
    assert "日报表" in paper[0] and wrong_language(paper, "zh_CN", data) == []
