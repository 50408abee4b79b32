"""Paper reports (the day report now; X/Z reports later): titled sections of label/value rows.

Printed through the same layout, ESC/POS and preview back-ends as receipts, and journaled the
same way, so a report survives a dead printer too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import normalize
from station_app.devices.receipt_layout import (
    Align,
    Cut,
    Feed,
    PrintLine,
    Rule,
    TextLine,
    two_columns,
    wrap,
)


@dataclass(frozen=True)
class ReportSection:
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class TextReport:
    report_no: str  # the journal's reference, e.g. "DAY-XF01-2026-11-25"
    title: str
    station_name: str
    station_code: str
    printed_at: datetime
    sections: tuple[ReportSection, ...]
    footer: str = ""

    def __post_init__(self) -> None:
        if self.printed_at.tzinfo is None:
            raise ValueError("printed_at must be timezone-aware")

    def to_json(self) -> str:
        return json.dumps({
            "kind": "report", "report_no": self.report_no, "title": self.title,
            "station_name": self.station_name, "station_code": self.station_code,
            "printed_at": self.printed_at.isoformat(), "footer": self.footer,
            "sections": [{"heading": s.heading, "rows": [list(r) for r in s.rows]}
                         for s in self.sections],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TextReport:
        """Raises ValueError for anything that is not a report written by `to_json`."""
        try:
            raw = json.loads(text)
            sections = tuple(
                ReportSection(str(s["heading"]),
                              tuple((str(label), str(value)) for label, value in s["rows"]))
                for s in raw["sections"])
            return cls(str(raw["report_no"]), str(raw["title"]), str(raw["station_name"]),
                       str(raw["station_code"]), datetime.fromisoformat(raw["printed_at"]),
                       sections, str(raw.get("footer", "")))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"report JSON is malformed: {error}") from None


def layout_report(report: TextReport, columns: int, *, cut: bool = True,
                  tz: tzinfo = STATION_ZONE) -> list[PrintLine]:
    out: list[PrintLine] = [TextLine(line, Align.CENTER, bold=True, double=True)
                            for line in wrap(normalize(report.title), columns // 2)]
    out += [TextLine(line, Align.CENTER, bold=True)
            for line in wrap(normalize(f"{report.station_name} {report.station_code}"), columns)]
    out.append(TextLine(report.printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                        Align.CENTER))
    for section in report.sections:
        out.append(Rule())
        out += [TextLine(line, bold=True) for line in wrap(normalize(section.heading), columns)]
        for label, value in section.rows:
            out += [TextLine(line) for line in two_columns(normalize(label), normalize(value),
                                                           columns)]
    out.append(Rule())
    if report.footer:
        out += [TextLine(line, Align.CENTER) for line in wrap(normalize(report.footer), columns)]
    out.append(Feed(3))
    if cut:
        out.append(Cut())
    return out
