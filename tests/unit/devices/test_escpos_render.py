"""ESC/POS bytes checked by emupos, an independent printer emulator (the receipt oracle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.devices.escpos_render import CUT, DRAWER_KICK, render_escpos
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt import HandoverReceipt, ReceiptLine, ReceiptOrder
from station_app.domain.outcome import LineOutcome
from tests.oracle.oracle import decode_qr_png, parse_receipt
from tests.unit.devices.conftest import ORDER_NO, sample_receipt


def test_chinese_receipt_text_reaches_the_printer(tmp_path: Path) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings())
    result = parse_receipt(data, tmp_path)
    lines = result.text_lines
    assert lines[0] == "提货小票"
    assert "幸福里社区自提点" in lines
    assert any(line.startswith("有机菠菜") and "￥6.50" in line for line in lines)
    assert any(line.startswith("土鸡蛋 30枚") and "￥32.90" in line for line in lines)
    assert any(line.startswith("合计") and line.endswith("￥45.90") for line in lines)
    assert "谢谢惠顾" in lines
    assert result.unknown_commands == []


def test_exactly_one_cut_when_cutting(tmp_path: Path) -> None:
    result = parse_receipt(render_escpos(sample_receipt(), PrinterSettings(cut=True)), tmp_path)
    assert result.cuts == 1
    assert [receipt.boundary for receipt in result.receipts] == ["cut"]


def test_no_cut_when_the_printer_has_no_cutter(tmp_path: Path) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings(cut=False))
    result = parse_receipt(data, tmp_path)
    assert result.cuts == 0
    assert CUT not in data
    assert [receipt.boundary for receipt in result.receipts] == ["connection-closed"]


@pytest.mark.parametrize("kick", [True, False])
def test_drawer_kick_follows_the_setting(tmp_path: Path, kick: bool) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings(drawer_kick=kick))
    result = parse_receipt(data, tmp_path)
    assert result.drawer_kicks == (1 if kick else 0)
    assert (DRAWER_KICK in data) is kick


@pytest.mark.parametrize("native", [True, False])
def test_printed_qr_decodes_to_the_order_number(tmp_path: Path, native: bool) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings(qr_native=native))
    assert (b"\x1d(k" in data) is native  # GS ( k, or a raster image instead
    result = parse_receipt(data, tmp_path)
    assert result.unknown_commands == []
    assert decode_qr_png(result.receipts[0].png) == [ORDER_NO]


def test_58mm_receipt_fits_the_head_without_wrapping(tmp_path: Path) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings(paper_width_mm=58))
    result = parse_receipt(data, tmp_path, width_dots=384)
    assert result.unknown_commands == []
    # emupos wraps any line wider than the 384-dot head, which would add lines to its dump
    dump = [line for line in result.receipts[0].text.splitlines() if line and "[qr" not in line]
    assert len(dump) == len([line for line in result.text_lines if line])
    assert decode_qr_png(result.receipts[0].png) == [ORDER_NO]


def test_kanji_mode_wraps_chinese_lines(tmp_path: Path) -> None:
    data = render_escpos(sample_receipt(), PrinterSettings(kanji_mode=True))
    assert b"\x1c\x26" + "提货小票".encode("gb18030") + b"\x1c\x2e" in data
    result = parse_receipt(data, tmp_path)
    assert result.text_lines[0] == "提货小票"
    assert result.unknown_commands == []


def test_gbk_printer_gets_gbk_bytes_and_no_four_byte_yen(tmp_path: Path) -> None:
    receipt = sample_receipt(station_name="幸福里¥自提点😀")
    data = render_escpos(receipt, PrinterSettings(encoding="gbk"))
    assert "幸福里￥自提点?".encode("gbk") in data
    assert b"\x81\x30\x84\x36" not in data  # GB18030's four-byte U+00A5
    result = parse_receipt(data, tmp_path)
    assert "幸福里￥自提点?" in result.text_lines


def test_a_households_receipt_lists_each_order_and_charges_what_was_taken(
        tmp_path: Path) -> None:
    more = (ReceiptOrder("GL01-251124-000087", "C-1-004",
                         (ReceiptLine("鲜牛奶 950ml", 2, "瓶", 1290, LineOutcome.TAKEN),)),
            ReceiptOrder("GL01-251123-000031", None,
                         (ReceiptLine("红富士苹果", 1, "箱", 3580, LineOutcome.MISSING),)))
    receipt = sample_receipt(more=more)
    assert HandoverReceipt.from_json(receipt.to_json()) == receipt
    result = parse_receipt(render_escpos(receipt, PrinterSettings()), tmp_path)
    lines = result.text_lines
    for order in more:
        assert any(order.order_no in line for line in lines), order.order_no
    assert any("C-1-004" in line for line in lines)
    assert any(line.startswith("鲜牛奶 950ml") and "￥12.90" in line for line in lines)
    assert any(line.startswith("红富士苹果") and "缺货" in line for line in lines)
    # 45.90 of the first order plus the milk; the missing apples are not charged.
    assert any(line.startswith("合计") and line.endswith("￥71.70") for line in lines)
    assert decode_qr_png(result.receipts[0].png) == [ORDER_NO], "the first order's QR"
    assert result.unknown_commands == []
