"""The pole display: the bytes follow ESC/POS display commands, Chinese only where the display
has a GB font, and the virtual display reads its two lines back from the bytes."""

from __future__ import annotations

from station_app.devices.pole_display import (
    WIDTH,
    PoleView,
    VirtualPoleDisplay,
    columns,
    display_bytes,
    item_line,
    pole_lines,
    reset_bytes,
)


def test_reset_clears_and_hides_the_cursor() -> None:
    assert reset_bytes() == b"\x1b\x40\x1f\x43\x00\x0c"


def test_item_and_total_fit_two_lines_of_twenty_columns_in_gb18030() -> None:
    view = PoleView("阳光玫瑰葡萄 特级 1kg装", 3990, None, 12_580)
    lines = pole_lines(view, chinese=True, language="zh_CN")
    assert all(columns(line) == WIDTH for line in lines)
    data = display_bytes(lines, "gb18030")
    assert data.startswith(b"\x0c\x1f\x24\x01\x01")
    assert b"\x1f\x24\x01\x02" in data
    display = VirtualPoleDisplay("gb18030")
    display.write(reset_bytes() + data)
    top, bottom = display.shown
    assert top.startswith("阳光玫瑰") and top.endswith("39.90")
    assert bottom.endswith("125.80")


def test_a_display_without_chinese_font_shows_amounts_only_in_ascii() -> None:
    view = PoleView("红富士苹果", 638, 532, 2580)
    data = display_bytes(pole_lines(view, chinese=False), "ascii")
    assert all(byte < 0x80 for byte in data)
    display = VirtualPoleDisplay("ascii")
    display.write(data)
    assert display.shown == (" " * 16 + "6.38", " " * 15 + "25.80")


def test_payment_shows_tendered_and_change() -> None:
    display = VirtualPoleDisplay("ascii")
    display.write(display_bytes(pole_lines(PoleView(total_fen=2580, tendered_fen=10_000,
                                                    change_fen=7420), False), "ascii"))
    assert [line.strip() for line in display.shown] == ["100.00", "74.20"]


def test_a_weighed_line_shows_its_weight_on_a_chinese_display() -> None:
    top, _ = pole_lines(PoleView("苹果", 638, 532, 638), chinese=True)
    assert "0.532kg" in top and top.endswith("6.38")


def test_no_sale_greets() -> None:
    top, bottom = pole_lines(PoleView(), chinese=False)
    assert top.strip() == bottom.strip() == ""


def test_a_long_weighed_name_is_shortened_and_the_weight_and_amount_show_whole() -> None:
    view = PoleView("山东烟台栖霞红富士苹果特级大果", 12_345, 2_468, 12_345)
    display = VirtualPoleDisplay("gb18030")
    display.write(display_bytes(pole_lines(view, chinese=True), "gb18030"))
    top, _ = display.shown
    assert top == "山东  2.468kg 123.45"  # the name keeps the room that is left: 2 hanzi


def test_an_item_line_keeps_its_amount_whatever_the_name_and_weight() -> None:
    for name in ("", "苹果", "a" * 40, "红" * 30):
        for weight in (None, "0.532kg", "12345.678kg", "x" * 30):
            line = item_line(name, "99999.99", weight)
            assert columns(line) == WIDTH and line.endswith("99999.99")
            if weight is not None and len(weight) < 12:
                assert line.endswith(f"{weight} 99999.99")
