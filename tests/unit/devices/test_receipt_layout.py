from __future__ import annotations

import json
import unicodedata
from datetime import timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.devices.chinese_text import encode_text
from station_app.devices.receipt import HandoverReceipt, ReceiptLine
from station_app.devices.receipt_layout import (
    Cut,
    DrawerKick,
    QrCode,
    TextLine,
    format_fen,
    layout_receipt,
    wrap,
)
from station_app.domain.outcome import LineOutcome
from tests.unit.devices.conftest import LONG_NAME, ORDER_NO, sample_receipt

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PRINTABLE_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
FULLWIDTH = st.sampled_from("（）：，。￥×·！")
names = st.text(st.one_of(CJK, PRINTABLE_ASCII, FULLWIDTH), min_size=1, max_size=60)


def eaw_columns(text: str) -> int:
    """Independent of the layout's own width function: W/F count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_lines(lines: list[object]) -> list[TextLine]:
    return [line for line in lines if isinstance(line, TextLine)]


@settings(max_examples=200, deadline=None)
@given(
    item_names=st.lists(names, min_size=1, max_size=4),
    station=names,
    staff=names,
    price=st.integers(0, 99_999_99),
    quantity=st.integers(1, 9999),
    language=st.sampled_from(["zh_CN", "en"]),
)
def test_58mm_layout_never_exceeds_32_columns(
    *, item_names: list[str], station: str, staff: str, price: int, quantity: int, language: str
) -> None:
    receipt = sample_receipt(
        station_name=station,
        staff_name=staff,
        language=language,
        reprint=True,
        lines=tuple(
            ReceiptLine(name, quantity, "袋", price, LineOutcome.TAKEN) for name in item_names
        ),
    )
    for line in text_lines(layout_receipt(receipt, 32)):
        scale = 2 if line.double else 1
        assert eaw_columns(line.text) * scale <= 32, line
        # on a GB printer every byte is one half-width cell
        assert len(encode_text(line.text, "gbk").data) * scale <= 32, line


@given(text=names, width=st.integers(2, 48))
def test_wrap_keeps_every_character_in_order(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    assert "".join(wrapped).replace(" ", "") == text.replace(" ", "")
    assert all(eaw_columns(line) <= width for line in wrapped)


def test_long_item_name_wraps_instead_of_being_cut() -> None:
    for columns in (32, 48):
        texts = [line.text for line in text_lines(layout_receipt(sample_receipt(), columns))]
        joined = "".join(texts).replace(" ", "").replace("1箱￥59.90破损", "")
        assert LONG_NAME.replace(" ", "") in joined
        assert any(text.startswith("新疆") and "破损" in text for text in texts)


def test_chinese_labels_amounts_and_outcomes() -> None:
    texts = [line.text for line in text_lines(layout_receipt(sample_receipt(), 48))]
    assert texts[0] == "提货小票"
    for expected in ("订单号", "取件码", "货架位", "数量", "单价", "操作员", "时间", "谢谢惠顾"):
        assert any(expected in text for text in texts), expected
    assert any("有机菠菜" in t and "￥6.50" in t and "已提" in t for t in texts)
    assert any("五常大米" in t and "拒收" in t for t in texts)
    assert any("破损" in t for t in texts)
    total = next(t for t in texts if t.startswith("合计"))
    assert total.endswith(format_fen(2 * 650 + 3290))
    assert eaw_columns(total) == 48


def test_english_receipt_and_reprint_marker() -> None:
    texts = [
        line.text
        for line in text_lines(layout_receipt(sample_receipt(language="en", reprint=True), 48))
    ]
    assert texts[0] == "HANDOVER RECEIPT"
    assert any("REPRINT" in text for text in texts)
    assert any("Refused" in text for text in texts)
    assert not any("重打印" in text for text in texts)


def test_time_prints_in_the_given_zone() -> None:
    beijing = timezone(timedelta(hours=8))
    texts = [line.text for line in text_lines(layout_receipt(sample_receipt(), 48, tz=beijing))]
    assert any("2025-11-25 18:30:05" in text for text in texts)


def test_qr_cut_and_drawer_elements_follow_the_flags() -> None:
    lines = layout_receipt(sample_receipt(), 48, cut=False, drawer_kick=True)
    assert [line.data for line in lines if isinstance(line, QrCode)] == [ORDER_NO]
    assert not any(isinstance(line, Cut) for line in lines)
    assert sum(isinstance(line, DrawerKick) for line in lines) == 1
    assert isinstance(layout_receipt(sample_receipt(), 48)[-1], Cut)


def test_money_uses_the_fullwidth_yen() -> None:
    assert format_fen(1250) == "\uffe512.50"
    assert format_fen(5) == "\uffe50.05"
    assert format_fen(-300) == "-\uffe53.00"


def test_a_manager_approved_handover_names_the_manager() -> None:
    """A phone-tail handover needs a manager: the receipt says who approved it."""
    for language, label in (("zh_CN", "经理批准"), ("en", "Approved by")):
        approved = sample_receipt(approved_by="陈建国", language=language)
        texts = [line.text for line in text_lines(layout_receipt(approved, 48))]
        assert any(text.startswith(label) and text.endswith("陈建国") for text in texts), texts
        plain = [line.text for line in text_lines(layout_receipt(
            sample_receipt(language=language), 48))]
        assert not any(text.startswith(label) for text in plain)
    assert HandoverReceipt.from_json(sample_receipt(approved_by="陈建国").to_json()) == \
        sample_receipt(approved_by="陈建国")
    stored_before = json.loads(sample_receipt().to_json())
    stored_before.pop("approved_by")  # a receipt journaled before the field existed
    assert HandoverReceipt.from_json(json.dumps(stored_before)) == sample_receipt()
