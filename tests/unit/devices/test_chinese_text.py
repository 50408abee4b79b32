from __future__ import annotations

import pytest

from station_app.devices.chinese_text import FS_KANJI_OFF, FS_KANJI_ON, Encoding, encode_text

ENCODINGS: list[Encoding] = ["gb18030", "gbk"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_yen_sign_prints_as_fullwidth_yen_in_both_encodings(encoding: Encoding) -> None:
    encoded = encode_text("¥12.50", encoding)
    assert encoded.data == b"\xa3\xa412.50"
    assert encoded.replaced == ()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_fullwidth_yen_alone_is_not_lost(encoding: Encoding) -> None:
    # the case python-escpos' magic encoder turns into "?": no hanzi on the line
    assert encode_text("￥6.50", encoding).data == b"\xa3\xa46.50"


def test_chinese_is_gb18030_by_default() -> None:
    assert encode_text("有机菠菜").data == "有机菠菜".encode("gb18030")


@pytest.mark.parametrize("char", ["😀", "𠀀"])
def test_gbk_replaces_characters_outside_gbk_and_reports_them(char: str) -> None:
    encoded = encode_text(f"土鸡蛋{char}30枚", "gbk")
    assert encoded.data == "土鸡蛋".encode("gbk") + b"?30" + "枚".encode("gbk")
    assert encoded.replaced == (char,)


def test_gb18030_holds_the_extension_b_character() -> None:
    encoded = encode_text("𠀀", "gb18030")
    assert encoded.data == "𠀀".encode("gb18030")
    assert len(encoded.data) == 4
    assert encoded.replaced == ()


def test_control_characters_cannot_inject_printer_commands() -> None:
    encoded = encode_text("菠菜\x1bp\x00\x19\x1dV\x00")
    assert all(byte >= 0x20 for byte in encoded.data)
    assert encoded.replaced == ("\x1b", "\x00", "\x19", "\x1d", "\x00")


def test_kanji_mode_wraps_chinese_lines_in_fs_ampersand_and_fs_period() -> None:
    encoded = encode_text("合计 ￥6.50", "gbk", kanji_mode=True)
    assert encoded.data == FS_KANJI_ON + "合计 ￥6.50".encode("gbk") + FS_KANJI_OFF
    assert FS_KANJI_ON == b"\x1c\x26"
    assert FS_KANJI_OFF == b"\x1c\x2e"


def test_kanji_mode_leaves_ascii_lines_alone() -> None:
    assert encode_text("GL01-261125-0042", kanji_mode=True).data == b"GL01-261125-0042"


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError):
        encode_text("x", "big5")  # type: ignore[arg-type]
