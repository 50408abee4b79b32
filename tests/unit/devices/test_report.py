"""Paper reports go through the journal and the printer like receipts, checked by the oracle."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.counter import Counter
from station_app.devices.report import ReportSection, TextReport
from station_app.services.printing import print_job
from tests.oracle.oracle import parse_receipt

REPORT = TextReport(
    report_no="DAY-XF01-2026-11-25", title="日结报表", station_name="幸福里社区自提点",
    station_code="XF01", printed_at=datetime(2026, 11, 25, 12, tzinfo=UTC),
    sections=(ReportSection("提货", (("已提货订单", "41"), ("异常明细", "3"))),
              ReportSection("总部核对", (("事件", "1-44"), ("结果", "一致 ✓")))),
    footer="总部已确认")


def test_round_trip_and_malformed() -> None:
    assert TextReport.from_json(REPORT.to_json()) == REPORT
    with pytest.raises(ValueError, match="malformed"):
        TextReport.from_json('{"kind": "report"}')


def test_a_report_prints_through_the_journal(counter: Counter, tmp_path: Path) -> None:
    job = counter.journal.queue_report(REPORT)
    outcome = print_job(counter.journal, job.job_id, counter.settings.printer, counter.data_dir)
    assert outcome.error is None
    printed = sorted(counter.data_dir.virtual_printer.glob("*.bin"))[-1]
    assert printed.with_suffix(".png").exists()
    result = parse_receipt(printed.read_bytes(), tmp_path)
    text = "\n".join(result.text_lines)
    assert "日结报表" in text and "已提货订单" in text and "总部已确认" in text
    assert result.cuts == 1
    again = counter.journal.reprint(REPORT.report_no)
    assert again is not None and again.document == REPORT
