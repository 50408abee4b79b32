"""Sale and refund receipts: the model round-trips, and the bytes pass the emupos oracle."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from station_app.devices.documents import document_from_json, kind_of, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt_layout import DrawerKick, TextLine, display_width
from station_app.devices.sale_receipt import (
    PaymentMethod,
    SaleKind,
    SaleReceipt,
    SaleReceiptLine,
)
from tests.oracle.oracle import decode_qr_png, parse_receipt

SALE_NO = "S-XF01-20261125-0007"


def sample(**changes: Any) -> SaleReceipt:
    fields: dict[str, Any] = {
        "sale_no": SALE_NO, "kind": SaleKind.SALE, "station_name": "幸福里社区自提点",
        "station_code": "XF01", "sold_at": datetime(2026, 11, 25, 4, 30, tzinfo=UTC),
        "staff_name": "王丽",
        "lines": (SaleReceiptLine("有机菠菜 500g", 2, "袋", 590),
                  SaleReceiptLine("新疆阿克苏冰糖心苹果 5斤装 特级大果 产地直发", 1, "箱", 5990)),
        "subtotal_fen": 7170, "discount_fen": 170, "total_fen": 7000,
        "payment_method": PaymentMethod.CASH, "cash_given_fen": 10_000, "change_fen": 3000,
    }
    fields.update(changes)
    return SaleReceipt(**fields)


def printed(receipt: SaleReceipt, tmp_path: Path, settings: PrinterSettings) -> Any:
    lines = layout_document(receipt, settings.columns, cut=settings.cut,
                            drawer_kick=settings.drawer_kick, tz=UTC)
    return parse_receipt(render_lines(lines, settings), tmp_path,
                         width_dots=576 if settings.paper_width_mm == 80 else 384)


def test_round_trips_through_the_print_journal() -> None:
    for receipt in (sample(), sample(kind=SaleKind.REFUND, original_sale_no="S-X-1",
                                     reason="破损", payment_method=PaymentMethod.WECHAT,
                                     payment_ref="4200001", cash_given_fen=None,
                                     change_fen=None, language="en")):
        assert kind_of(receipt).kind == "sale_receipt"
        assert kind_of(receipt).reference(receipt) == receipt.sale_no
        assert document_from_json("sale_receipt", receipt.to_json()) == receipt
    for broken in ("{", "[]", sample().to_json().replace('"quantity": 2', '"quantity": true')):
        with pytest.raises(ValueError):
            SaleReceipt.from_json(broken)


def test_cash_sale_prints_total_change_and_a_scannable_sale_number(tmp_path: Path) -> None:
    result = printed(sample(), tmp_path, PrinterSettings(drawer_kick=True))
    text = "\n".join(result.text_lines)
    assert result.text_lines[0] == "销售小票"
    assert "应收 ￥70.00" in text and "￥100.00" in text
    assert any(line.startswith("找零") and line.endswith("￥30.00") for line in result.text_lines)
    assert any(line.startswith("优惠") and line.endswith("-￥1.70") for line in result.text_lines)
    assert "2袋 x ￥5.90  ￥11.80" in text and "现金" in text
    assert SALE_NO in text
    assert decode_qr_png(result.receipts[0].png) == [SALE_NO]
    assert (result.cuts, result.drawer_kicks) == (1, 1)
    assert result.unknown_commands == []


def test_external_payment_never_opens_the_drawer(tmp_path: Path) -> None:
    receipt = sample(payment_method=PaymentMethod.ALIPAY, payment_ref="2026112522001400001",
                     cash_given_fen=None, change_fen=None)
    result = printed(receipt, tmp_path, PrinterSettings(drawer_kick=True))
    text = "\n".join(result.text_lines)
    assert "支付宝" in text and "2026112522001400001" in text and "找零" not in text
    assert (result.cuts, result.drawer_kicks) == (1, 0)


def test_no_drawer_without_one_in_the_printer_settings() -> None:
    lines = layout_document(sample(), 48, drawer_kick=False)
    assert not any(isinstance(line, DrawerKick) for line in lines)
    assert any(isinstance(line, DrawerKick) for line in layout_document(sample(), 48,
                                                                         drawer_kick=True))


def test_refund_receipt_is_marked_and_names_the_original_sale(tmp_path: Path) -> None:
    refund = sample(sale_no="R-XF01-20261125-0001", kind=SaleKind.REFUND,
                    original_sale_no=SALE_NO, reason="包装破损", cash_given_fen=None,
                    change_fen=None, total_fen=5711, discount_fen=279, subtotal_fen=5990,
                    lines=(SaleReceiptLine("东北大米 5kg", 1, "袋", 5990),))
    result = printed(refund, tmp_path, PrinterSettings(drawer_kick=True))
    text = "\n".join(result.text_lines)
    assert result.text_lines[0] == "退款小票"
    assert "** 退款 **" in text and "退款金额 -￥57.11" in text
    assert SALE_NO in text and "包装破损" in text
    assert decode_qr_png(result.receipts[0].png) == ["R-XF01-20261125-0001"]
    assert (result.cuts, result.drawer_kicks) == (1, 1)  # cash goes back out of the drawer


def test_58mm_and_english_lines_fit_the_paper() -> None:
    for language in ("zh_CN", "en"):
        for columns in (32, 48):
            lines = layout_document(replace(sample(), language=language, reprint=True),
                                    columns)
            for line in lines:
                if isinstance(line, TextLine):
                    assert display_width(line.text) * (2 if line.double else 1) <= columns, line


def test_a_refund_and_a_discount_name_the_approving_manager() -> None:
    refund = sample(kind=SaleKind.REFUND, original_sale_no="S-X-1", reason="破损",
                    cash_given_fen=None, change_fen=None, approved_by="陈建国")
    for language, label in (("zh_CN", "经理批准"), ("en", "Approved by")):
        for receipt in (replace(refund, language=language), replace(sample(
                approved_by="陈建国"), language=language)):
            texts = [line.text for line in layout_document(receipt, 48)
                     if isinstance(line, TextLine)]
            assert any(text.startswith(label) and text.endswith("陈建国") for text in texts)
    assert SaleReceipt.from_json(refund.to_json()) == refund
    stored_before = json.loads(sample().to_json())
    stored_before.pop("approved_by")  # a receipt journaled before the field existed
    assert SaleReceipt.from_json(json.dumps(stored_before)) == sample()
