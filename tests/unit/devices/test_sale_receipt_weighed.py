"""A weighed line on the sale receipt: its weight and price per kilogram (or the scale label's
price, said so), read back from the printed bytes by the independent ESC/POS oracle; and the
receipt a real weighed sale journals."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from station_app.counter import Counter
from station_app.devices.documents import document_from_json, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt_layout import TextLine, display_width
from station_app.devices.sale_receipt import (
    PaymentMethod,
    SaleKind,
    SaleReceipt,
    SaleReceiptLine,
)
from station_app.domain.scale_barcode import encode, nomenclature
from station_app.services.sales import Cart, Payment, Sales
from station_app.services.shifts import Shifts
from tests.helpers import rows
from tests.oracle.oracle import parse_receipt

TOMATOES = SaleReceiptLine("西红柿 1kg", 1, "盒", 468, 532, 880, "weight")
GRAPES = SaleReceiptLine("阳光玫瑰葡萄 1kg", 1, "盒", 1638, 412, None, "code")
SPINACH = SaleReceiptLine("有机菠菜 500g", 2, "袋", 590)


def receipt(language: str = "zh_CN") -> SaleReceipt:
    return SaleReceipt(
        sale_no="S-XF01-20261125-0009", kind=SaleKind.SALE, station_name="幸福里社区自提点",
        station_code="XF01", sold_at=datetime(2026, 11, 25, 4, 30, tzinfo=UTC),
        staff_name="王丽", lines=(TOMATOES, GRAPES, SPINACH), subtotal_fen=3286,
        discount_fen=0, total_fen=3286, payment_method=PaymentMethod.CASH,
        cash_given_fen=5000, change_fen=1714, language=language)


def printed(made: SaleReceipt, tmp_path: Path, settings: PrinterSettings) -> Any:
    lines = layout_document(made, settings.columns, cut=settings.cut, tz=UTC)
    return parse_receipt(render_lines(lines, settings), tmp_path,
                         width_dots=576 if settings.paper_width_mm == 80 else 384)


def test_weight_and_price_per_kilogram_are_printed(tmp_path: Path) -> None:
    for settings in (PrinterSettings(), PrinterSettings(paper_width_mm=58)):
        result = printed(receipt("en"), tmp_path, settings)
        text = result.text_lines
        assert "0.532kg x ￥8.80/kg  ￥4.68" in text
        assert "0.412kg  ￥16.38" in text  # the label's price: no per-kilogram figure
        at = text.index("0.412kg  ￥16.38")
        assert text[at + 1] == "Price from the scale label"
        assert "2袋 x ￥5.90  ￥11.80" in text  # a line by the piece as before
        assert text.count("Price from the scale label") == 1
        assert result.unknown_commands == []


def test_weighed_lines_fit_the_paper_and_round_trip_the_journal() -> None:
    for language in ("zh_CN", "en"):
        made = receipt(language)
        assert document_from_json("sale_receipt", made.to_json()) == made
        for columns in (32, 48):
            for line in layout_document(made, columns):
                if isinstance(line, TextLine):
                    assert display_width(line.text) * (2 if line.double else 1) <= columns
    stored = json.loads(receipt().to_json())
    assert "weight_g" not in stored["lines"][2]  # a piece line is journaled as before


def test_a_weighed_sale_journals_a_receipt_with_its_weight(counter: Counter,
                                                           tmp_path: Path) -> None:
    noon = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    Shifts(counter.db, counter.station_id, lambda: noon).open(1, 10_000)
    sales = Sales(counter.db, counter.station_id, lambda: noon, "en",
                  barcode_rules=nomenclature("aclas"))
    weighed = sales.weighed("VEG-003", 532)  # the demo's tomatoes: ￥8.80 per kilogram
    label = sales.item_for_barcode(encode(nomenclature("aclas")[2], "204", price_fen=1638,
                                          weight_g=412))
    done = sales.sell(Cart().add(weighed).add(label), 1, Payment(PaymentMethod.CASH, 5000))
    payload = rows(counter.db, "SELECT payload FROM print_job WHERE id = :id", id=done.job_id)
    journaled = SaleReceipt.from_json(payload[0][0])
    assert journaled.lines[0] == replace(TOMATOES, name="西红柿 1kg", unit="盒")
    assert (journaled.lines[1].weight_g, journaled.lines[1].price_source,
            journaled.lines[1].price_per_kg_fen) == (412, "code", None)
    text = printed(journaled, tmp_path, PrinterSettings()).text_lines
    assert "0.532kg x ￥8.80/kg  ￥4.68" in text and "0.412kg  ￥16.38" in text
