"""Goods sold by weight at the sales desk, driven from the keyboard: scale labels scanned at the
cart (the code's price wins, on screen and on paper; misreads add nothing), the counter scale
on a pseudo-terminal (the scale simulator: unstable readings, then a steady one adds the line;
garbage and an unplugged cable leave the desk selling), and the virtual pole display following
item, total, tendered and change. The demo's tomatoes (VEG-003, PLU 103, ￥8.80/kg) and grapes
(FRU-004, PLU 204, ￥39.90/kg) are sold by weight."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.scale_settings import PoleDisplaySettings, ScaleSettings
from station_app.devices.scale_simulator import ScaleSimulator
from station_app.domain.scale_barcode import encode, gs1_check_digit, nomenclature
from station_app.services.shifts import Shifts
from tests.gui.conftest import DeskWindow
from tests.gui.test_sales_desk import footprint, printed_job, table, type_in
from tests.helpers import rows
from ui.app import demo_devices
from ui.desks.sales_desk import SalesDesk, Step
from ui.main_window import CounterWindow
from ui.messages import Severity

ACLAS = nomenclature("aclas")
TOMATOES, SPINACH = "6901234500031", "6901234500017"
# 412 g of grapes the label scale priced at ￥16.38 (the catalogue would say ￥16.44).
GRAPES_LABEL = encode(ACLAS[2], "204", price_fen=1638, weight_g=412)


@pytest.fixture
def scale() -> Iterator[ScaleSimulator]:
    with ScaleSimulator() as simulated:
        yield simulated


@pytest.fixture
def window(qtbot: Any, desk_window: DeskWindow, scale: ScaleSimulator) -> CounterWindow:
    window = desk_window([("sales", SalesDesk)], printer=PrinterSettings(),
                         scale=ScaleSettings(port=scale.port),
                         pole_display=PoleDisplaySettings(port="virtual"))
    window.show_desk("sales")
    window.activateWindow()
    qtbot.waitActive(window)
    Shifts(window.counter.db, window.counter.station_id).open(window.context.staff_id, 10_000)
    return window


@pytest.fixture
def desk(window: CounterWindow) -> SalesDesk:
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    return desk


def pole(desk: SalesDesk) -> tuple[str, str]:
    assert desk.scale.pole is not None and desk.scale.pole.virtual is not None
    return desk.scale.pole.virtual.shown


def wait_for_pole(qtbot: Any, desk: SalesDesk, *parts: str) -> None:
    """The pole display's two lines, read back from its bytes, come to hold `parts`."""
    qtbot.waitUntil(lambda: all(part in " / ".join(pole(desk)) for part in parts),
                    timeout=5_000)


def pay_cash(qtbot: Any, window: CounterWindow, desk: SalesDesk, given: str) -> str:
    type_in(qtbot, window, desk)  # Enter on an empty scan box: payment
    assert desk.step is Step.PAY
    type_in(qtbot, window, desk, given)
    type_in(qtbot, window, desk)
    return str(desk.last_sale.sale_no) if desk.last_sale else ""


def test_scale_labels_sell_at_the_codes_price_and_misreads_add_nothing(
        qtbot: Any, window: CounterWindow, desk: SalesDesk, tmp_path: Path) -> None:
    db = window.counter.db
    type_in(qtbot, window, desk, GRAPES_LABEL)
    assert table(desk) == [["阳光玫瑰葡萄 1kg", "0.412 kg", "￥16.38", "￥16.38"]]
    assert window.banner.severity is Severity.OK

    before = footprint(db)
    body = GRAPES_LABEL[:-1]
    wrong = body + str((int(gs1_check_digit(body)) + 1) % 10)
    unknown = encode(ACLAS[0], "99999", price_fen=500)
    zero = encode(ACLAS[1], "103", weight_g=1)[:7] + "00000"
    zero += gs1_check_digit(zero)
    for code, title in ((wrong, "Scale label misread"),
                        (unknown, "No item with this scale number 99999"),
                        (zero, "The weight is zero"),
                        (GRAPES_LABEL, "is weighed already")):
        type_in(qtbot, window, desk, code)
        assert window.banner.severity is Severity.STOP, code
        assert title in window.banner.title, (code, window.banner.title)
        assert "Nothing was added" in window.banner.detail
        assert len(table(desk)) == 1
    assert footprint(db) == before

    sale_no = pay_cash(qtbot, window, desk, "20")
    assert sale_no.startswith("S-XF01-")
    assert rows(db, "SELECT sku, quantity, unit_price_fen, weight_g, price_source "
                    "FROM sale_line") == [("FRU-004", 1, 1638, 412, "code")]
    paper = printed_job(qtbot, window, sale_no, tmp_path)
    assert "0.412kg  ￥16.38" in paper.text_lines  # the weight, and the label's price
    assert paper.unknown_commands == []


def test_the_scale_weighs_and_the_pole_display_follows_the_sale(
        qtbot: Any, window: CounterWindow, desk: SalesDesk, scale: ScaleSimulator,
        tmp_path: Path) -> None:
    # (The display's words are the resident's language: the amounts are what is checked.)
    type_in(qtbot, window, desk, TOMATOES)
    assert window.banner.title == "Put 西红柿 1kg on the scale"
    assert table(desk) == []  # nothing yet: it waits for a steady weight

    # The tomatoes go on the pan: unsteady readings for half a second, then 532 g at rest.
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        scale.put(532, settle_s=0.5)
    assert table(desk) == [["西红柿 1kg", "0.532 kg", "￥4.68", "￥4.68"]]  # 8.80 × 0.532
    wait_for_pole(qtbot, desk, "西红柿", "4.68")
    assert all(line.rstrip().endswith("4.68") for line in pole(desk))  # item, total
    scale.take_off()

    type_in(qtbot, window, desk, SPINACH)  # goods by the piece sell as ever
    wait_for_pole(qtbot, desk, "有机菠菜", "5.90", "10.58")
    type_in(qtbot, window, desk)  # payment
    type_in(qtbot, window, desk, "20")
    wait_for_pole(qtbot, desk, "20.00", "9.42")  # tendered, change
    type_in(qtbot, window, desk)  # the sale is made
    assert desk.last_sale is not None
    sale_no = desk.last_sale.sale_no
    wait_for_pole(qtbot, desk, "20.00", "9.42")  # the change stays up for the resident
    assert "10.58" not in " ".join(pole(desk))
    paper = printed_job(qtbot, window, sale_no, tmp_path)
    assert "0.532kg x ￥8.80/kg  ￥4.68" in paper.text_lines
    assert rows(window.counter.db, "SELECT weight_g, price_source FROM sale_line "
                                   "ORDER BY line_no") == [(532, "weight"), (None, None)]


def test_garbage_and_an_unplugged_scale_leave_the_desk_selling(
        qtbot: Any, window: CounterWindow, desk: SalesDesk, scale: ScaleSimulator) -> None:
    type_in(qtbot, window, desk, TOMATOES)
    for _ in range(5):  # line noise while the tomatoes settle
        scale.noise(120)
        qtbot.wait(20)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        scale.put(1250, settle_s=0.3)
    assert table(desk)[0][:2] == ["西红柿 1kg", "1.250 kg"]
    scale.take_off()

    # The cable is pulled: the desk says so and goes on selling.
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        scale.unplug()
    assert window.banner.severity is Severity.WARN
    assert window.banner.title == "The counter scale is not answering"
    type_in(qtbot, window, desk, SPINACH)
    type_in(qtbot, window, desk, GRAPES_LABEL)  # labels need no scale
    assert [row[0] for row in table(desk)] == ["西红柿 1kg", "有机菠菜 500g", "阳光玫瑰葡萄 1kg"]

    # Plugged in again: said, and the next weighing works.
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        scale.plug_in()
    assert window.banner.title == "The counter scale is back"
    type_in(qtbot, window, desk, "*1")  # staff go on typing meanwhile (the grapes stay 1)
    type_in(qtbot, window, desk)  # payment, then Esc back: the desk answers keys
    assert desk.step is Step.PAY
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Escape)
    assert desk.step is Step.CART and len(table(desk)) == 3


def test_the_demo_weighs_on_its_simulated_scale(qtbot: Any, counter: Any,
                                                 desk_window: DeskWindow) -> None:
    demo = demo_devices(counter)
    assert (demo.settings.scale.port, demo.settings.pole_display.port) == ("simulator",
                                                                           "virtual")
    window = desk_window([("sales", SalesDesk)], scale=demo.settings.scale,
                         pole_display=demo.settings.pole_display)
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, TOMATOES)
    assert window.banner.title == "Put 西红柿 1kg on the scale"
    qtbot.waitUntil(lambda: len(table(desk)) == 1, timeout=10_000)  # the demo's pan weighs
    assert table(desk)[0][1].endswith(" kg")
    window.close()
    assert desk.scale.simulator is None and desk.scale.worker is None  # closed with it
