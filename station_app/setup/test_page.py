"""The printer test page: what the set-up prints so the keeper sees the printer really works.

It goes through the same rendering and transports as every receipt (so "the test page came
out right" means receipts will): Chinese and English lines in the chosen encoding, a ruler as
wide as the chosen paper, a QR code in the chosen QR mode, and the cut.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station_app.clock import station_time
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.printers import open_transport
from station_app.devices.receipt_layout import (
    Align,
    Cut,
    Feed,
    PrintLine,
    QrCode,
    Rule,
    TextLine,
)
from station_app.devices.receipt_preview import render_lines_png

log = logging.getLogger("station.printer")

TEST_QR = "STATIONAPP-TEST-PAGE"
CHINESE_LINE = "中文测试：打印机设置成功 ￥12.50"


@dataclass(frozen=True)
class PrintedTestPage:
    preview_png: bytes  # what the paper shows, drawn by the receipt preview


def layout_test_page(settings: PrinterSettings, station: str, at: datetime) -> list[PrintLine]:
    columns = settings.columns
    ruler = "".join(str(n % 10) for n in range(1, columns + 1))
    lines: list[PrintLine] = [
        TextLine("打印测试 TEST PAGE", Align.CENTER, bold=True, double=True),
        TextLine(station[: columns // 2], Align.CENTER),
        Rule(),
        TextLine(CHINESE_LINE),
        TextLine("English: the printer works."),
        TextLine(f"{settings.paper_width_mm} mm / {columns} columns / "
                 f"{settings.encoding.upper()}"),
        TextLine(ruler),
        TextLine(station_time(at).strftime("%Y-%m-%d %H:%M")),
        Rule("="),
        QrCode(TEST_QR, module_dots=6),
        TextLine("扫描此码测试扫码 · scan to test", Align.CENTER),
        Feed(2),
    ]
    if settings.cut:
        lines.append(Cut())
    return lines


def print_test_page(settings: PrinterSettings, data_dir: Path, station: str,
                    at: datetime) -> PrintedTestPage:
    """Print the test page on the printer `settings` name. Raises PrinterError."""
    lines = layout_test_page(settings, station, at)
    preview = render_lines_png(lines, settings)
    transport = open_transport(settings, data_dir)
    transport.send(render_lines(lines, settings), job_name="test-page", preview=lambda: preview)
    log.info("test page printed on the %s", transport.describe())
    return PrintedTestPage(preview)
