"""The pickup label on paper, checked by the independent ESC/POS parser."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.devices.documents import as_reprint, document_from_json, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.pickup_label import PickupLabel
from station_app.devices.printer_settings import PrinterSettings
from tests.oracle.oracle import decode_qr_png, parse_receipt

LABEL = PickupLabel(
    order_no="XF01-261125-0011", slot="B-3-017", pickup_code="482913",
    customer_name="张**", phone_tail="5521", item_count=4, station_name="幸福里社区自提点",
    station_code="XF01", labelled_at=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
    shortage="红富士苹果 2.5kg ×1")


def printed(label: PickupLabel, settings: PrinterSettings, tmp_path: Path) -> object:
    lines = layout_document(label, settings.columns, cut=settings.cut, tz=UTC)
    return parse_receipt(render_lines(lines, settings), tmp_path)


@pytest.mark.parametrize(("width", "native"), [(80, True), (58, False)])
def test_label_shows_slot_code_customer_and_a_qr_of_the_order(tmp_path: Path, width: int,
                                                              native: bool) -> None:
    settings = PrinterSettings(paper_width_mm=width, qr_native=native)
    result = printed(LABEL, settings, tmp_path)
    text = "\n".join(result.text_lines)  # type: ignore[attr-defined]
    assert "提货标签" in text
    assert "B-3-017" in text and "XF01-261125-0011" in text
    assert "482913" in text and "张** 尾号 5521" in text
    assert "共 4 件" in text and "缺货" in text
    assert "** 重打印 **" not in text
    assert result.cuts == 1  # type: ignore[attr-defined]
    assert result.unknown_commands == []  # type: ignore[attr-defined]
    assert decode_qr_png(result.receipts[0].png) == [LABEL.order_no]  # type: ignore[attr-defined]


def test_reprint_is_marked(tmp_path: Path) -> None:
    again = document_from_json("pickup_label", as_reprint(LABEL).to_json())
    assert again == replace(LABEL, reprint=True)
    text = "\n".join(printed(again, PrinterSettings(), tmp_path).text_lines)  # type: ignore[attr-defined]
    assert "** 重打印 **" in text


def test_json_round_trip_and_garbage() -> None:
    assert PickupLabel.from_json(LABEL.to_json()) == LABEL
    english = replace(LABEL, language="en", shortage=None)
    assert PickupLabel.from_json(english.to_json()) == english
    for bad in ("{}", "[]", '{"kind": "report"}', "nope"):
        with pytest.raises(ValueError):
            PickupLabel.from_json(bad)
