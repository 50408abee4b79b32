"""The customer display (客显) facing the resident: it follows the real handover and sales desks
driven from the keyboard, speaks the resident's language whatever the window's, shows the
station's payment code (read back with zxing-cpp), never anything secret, and survives its
screen being unplugged (in process, and on two real offscreen screens in a child process)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import qrcode
import zxingcpp
from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from station_app.demo_data import DEMO_PINS
from station_app.money import format_fen
from station_app.services.shifts import Shifts
from tests.gui.conftest import DeskWindow, press_enter_to_confirm, type_code, type_pin
from tests.gui.test_sales_desk import CABBAGE, RICE, SPINACH, key, type_in
from tests.helpers import READY, pickup_code, scalar
from ui.customer_display import CART, HANDOVER, IDLE, CustomerDisplay
from ui.desks.sales_desk import SalesDesk, Step
from ui.main_window import CounterWindow
from ui.resident_view import (
    Outcome,
    ResidentHandover,
    ResidentItem,
    ResidentOrder,
    ResidentView,
    Tone,
)
from ui.resident_words import (
    CASH_GIVEN,
    CHANGE,
    ITEMS,
    METHOD_WORDS,
    NO_PAYMENT_CODE,
    ORDER,
    OUTCOME_WORDS,
    PAID,
    PAYMENT,
    SCAN_TO_PAY,
    SLOT,
    TOTAL,
    YOUR_PURCHASE,
    ResidentWords,
)

REPO = Path(__file__).resolve().parents[2]
WECHAT_CODE = "wxp://f2f0XF01-demo-station-payment-code"
NOTICE = "营业时间 8:00–20:00 · 订单保留 3 天"
# Orders of two lines or more, whose number holds no staff PIN (the secrets check looks for them).
TWO_LINES = (READY + " AND (SELECT count(*) FROM order_line l WHERE l.order_id = orders.id) >= 2"
             " AND order_no NOT LIKE '%1111%' AND order_no NOT LIKE '%2222%'")
Opener = Callable[..., CounterWindow]


@pytest.fixture
def wechat_png(tmp_path: Path) -> Path:
    """The station's WeChat Pay code, as a keeper would save it from the merchant app."""
    path = tmp_path / "wechat-pay.png"
    qrcode.make(WECHAT_CODE).save(path)
    return path


@pytest.fixture
def open_display(qtbot: Any, desk_window: DeskWindow, wechat_png: Path,
                 tmp_path: Path) -> Opener:
    """The window with the handover and sales desks and the customer display as a window (one
    offscreen screen), its notice, the WeChat code, and an Alipay code whose file is gone."""
    def open_(**settings: Any) -> CounterWindow:
        chosen: dict[str, Any] = {
            "customer_display": "window", "customer_notice": NOTICE,
            "payment_qr_wechat": str(wechat_png),
            "payment_qr_alipay": str(tmp_path / "alipay-deleted.png"), **settings}
        window = desk_window([("sales", SalesDesk)], **chosen)
        window.activateWindow()
        qtbot.waitActive(window)
        window.resident.result_timer.setInterval(60_000)  # a test shortens it when it waits
        display = window.resident.display
        if display is not None and chosen["payment_qr_wechat"]:
            qtbot.waitUntil(lambda: display.payment_code("wechat") is not None)
        return window
    return open_


def display_of(window: CounterWindow) -> CustomerDisplay:
    display = window.resident.display
    assert display is not None
    return display


def drawn(qtbot: Any, display: CustomerDisplay, page: int) -> None:
    """Until the display has painted what it was told last, on `page`."""
    qtbot.waitUntil(lambda: display.up_to_date and display.pages.currentIndex() == page,
                    timeout=5_000)


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [[item.text() if (item := table.item(row, column)) is not None else ""
             for column in range(table.columnCount())] for row in range(table.rowCount())]


def decoded(image: QImage, folder: Path) -> list[str]:
    """Every QR code zxing-cpp reads in `image`, as a phone held up to the screen would."""
    path = folder / f"shown-{len(list(folder.glob('shown-*.png')))}.png"
    assert image.save(str(path))
    with Image.open(path) as picture:
        return [found.text for found in zxingcpp.read_barcodes(picture.convert("L"))]


def open_shift(window: CounterWindow) -> None:
    Shifts(window.counter.db, window.counter.station_id).open(window.context.staff_id, 10_000)


# --- handover ------------------------------------------------------------------------------


def test_the_display_follows_a_handover_then_goes_idle(qtbot: Any, open_display: Opener) -> None:
    window = open_display()
    shown = display_of(window)
    assert shown.isVisible() and not shown.isActiveWindow()  # the scanner's keys stay with staff
    assert window.isActiveWindow()
    drawn(qtbot, shown, IDLE)
    assert shown.station.text() == window.counter.station_name
    assert shown.notice.text() == NOTICE

    type_code(qtbot, window, pickup_code(window.counter.db, TWO_LINES))
    order = window.handover.card.order
    assert order is not None and order.slot
    drawn(qtbot, shown, HANDOVER)
    words = shown.words
    assert shown.outcome.text() == words(OUTCOME_WORDS[Outcome.CHECK])
    assert shown.band.property("tone") == window.banner.severity.value == "ok"
    assert shown.summary.text() == f"{order.customer_name}    {words(ITEMS, order.item_count)}"
    assert table_rows(shown.handover_lines) == [
        [f"{words(ORDER, order.order_no)}    {words(SLOT, order.slot)}", ""],
        *([line.name, f"×{line.quantity}"] for line in order.lines)]

    press_enter_to_confirm(qtbot, window)
    qtbot.waitUntil(lambda: shown.outcome.text() == words(OUTCOME_WORDS[Outcome.HANDED_OVER]))
    assert shown.band.property("tone") == window.banner.severity.value == "ok"

    window.resident.result_timer.setInterval(200)  # the resident read it: idle again
    window.resident.result_timer.start()
    drawn(qtbot, shown, IDLE)
    assert shown.notice.text() == NOTICE


def test_a_partial_handover_and_a_code_that_does_not_work(qtbot: Any,
                                                          open_display: Opener) -> None:
    window = open_display()
    shown = display_of(window)
    type_code(qtbot, window, pickup_code(window.counter.db, TWO_LINES))
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)  # line 2
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Space)  # → missing
    press_enter_to_confirm(qtbot, window)
    words = shown.words
    qtbot.waitUntil(lambda: shown.outcome.text() == words(OUTCOME_WORDS[Outcome.PARTLY]))
    assert shown.band.property("tone") == window.banner.severity.value == "warn"

    type_code(qtbot, window, "000000")  # no such pickup code
    qtbot.waitUntil(lambda: shown.outcome.text() == words(OUTCOME_WORDS[Outcome.REFUSED]))
    assert shown.band.property("tone") == window.banner.severity.value == "stop"
    assert not shown.summary.isVisible() and not shown.handover_lines.isVisible()

    # A household at once, as the handover desk tells it: every order with its slot.
    household = ResidentHandover(tuple(
        ResidentOrder(f"XF01-20261205-00{n}", "张**", f"A-1-00{n}", (ResidentItem("大米", n),))
        for n in (1, 2)), Outcome.CHECK, Tone.WARN)
    window.context.tell_resident(household)
    drawn(qtbot, shown, HANDOVER)
    assert shown.summary.text() == "张**    " + "    ".join(
        (words("Orders: %1", 2), words(ITEMS, 3)))
    assert [row[0] for row in table_rows(shown.handover_lines)] == [
        f"{words(ORDER, 'XF01-20261205-001')}    {words(SLOT, 'A-1-001')}", "大米",
        f"{words(ORDER, 'XF01-20261205-002')}    {words(SLOT, 'A-1-002')}", "大米"]
    assert shown.band.property("tone") == "warn"


# --- walk-in sales -------------------------------------------------------------------------


def test_a_cash_sale_shows_the_cart_the_cash_given_and_the_change(qtbot: Any,
                                                                  open_display: Opener) -> None:
    window = open_display()
    shown = display_of(window)
    open_shift(window)
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    drawn(qtbot, shown, IDLE)  # an empty cart shows nothing of the last resident
    for code in (SPINACH, RICE, SPINACH):
        type_in(qtbot, window, desk, code)
    drawn(qtbot, shown, CART)
    words = shown.words
    assert table_rows(shown.cart_lines) == [["有机菠菜 500g", "×2", "￥11.80"],
                                            ["东北大米 5kg", "×1", "￥49.90"]]
    assert shown.heading.text() == words(YOUR_PURCHASE)
    assert shown.total.text() == words(TOTAL, "￥61.70")
    assert not shown.pay_panel.isVisible()

    type_in(qtbot, window, desk)  # Enter: payment, cash
    drawn(qtbot, shown, CART)
    assert shown.method.text() == words(PAYMENT, words(METHOD_WORDS["cash"]))
    assert shown.pay_panel.isVisible() and not shown.change.isVisible()
    assert not shown.code.isVisible()  # cash needs no code
    type_in(qtbot, window, desk, "50")  # short: refused on the staff screen, nothing shown
    drawn(qtbot, shown, CART)
    assert not shown.given.isVisible() and not shown.change.isVisible()
    type_in(qtbot, window, desk, "100")
    drawn(qtbot, shown, CART)
    assert shown.given.text() == words(CASH_GIVEN, "￥100.00")
    assert shown.change.text() == words(CHANGE, "￥38.30")

    type_in(qtbot, window, desk)  # Enter: sold
    assert scalar(window.counter.db, "SELECT change_fen FROM sale") == 3830
    drawn(qtbot, shown, CART)
    assert shown.heading.text() == words(PAID)
    assert shown.change.text() == words(CHANGE, "￥38.30")
    assert shown.total.text() == words(TOTAL, "￥61.70")

    window.resident.result_timer.setInterval(200)
    window.resident.result_timer.start()
    drawn(qtbot, shown, IDLE)
    # The desk redraws its last sale (another desk and back): old news, not shown again.
    window.show_desk("handover")
    window.show_desk("sales")
    qtbot.wait(50)
    drawn(qtbot, shown, IDLE)
    type_in(qtbot, window, desk, CABBAGE)  # the next resident's cart
    drawn(qtbot, shown, CART)
    assert table_rows(shown.cart_lines) == [["本地小白菜 500g", "×1", "￥3.90"]]


def test_wechat_pay_shows_the_station_code_and_a_missing_one_says_so(
        qtbot: Any, open_display: Opener, tmp_path: Path) -> None:
    window = open_display()
    shown = display_of(window)
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk)
    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    drawn(qtbot, shown, CART)
    words = shown.words
    assert shown.method.text() == words(PAYMENT, words(METHOD_WORDS["wechat"]))
    assert shown.code.isVisible()
    assert shown.code_note.text() == words(SCAN_TO_PAY, words(METHOD_WORDS["wechat"]))
    pixmap = shown.code.pixmap()
    assert decoded(pixmap.toImage(), tmp_path) == [WECHAT_CODE]
    assert WECHAT_CODE in decoded(shown.grab().toImage(), tmp_path)  # as a phone sees it

    key(qtbot, window, desk, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Alipay
    drawn(qtbot, shown, CART)
    assert not shown.code.isVisible()  # its file is gone: a clear text, no crash
    assert shown.code_note.text() == words(NO_PAYMENT_CODE)

    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, "4200001234202611250012345678")
    type_in(qtbot, window, desk)
    assert scalar(window.counter.db, "SELECT payment_method FROM sale") == "wechat"
    drawn(qtbot, shown, CART)
    assert shown.heading.text() == words(PAID)
    assert not shown.code.isVisible() and not shown.change.isVisible()


def test_an_unreadable_code_image_is_a_text_never_a_crash(qtbot: Any, open_display: Opener,
                                                          tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really an image")
    window = open_display(payment_qr_wechat="")
    shown = display_of(window)
    with qtbot.waitSignal(window.resident.codes_read, timeout=5_000):
        window.apply_settings(replace(window.counter.settings, payment_qr_wechat=str(broken),
                                      language="en"))
    assert shown.payment_code("wechat") is None
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk)
    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    drawn(qtbot, shown, CART)
    assert shown.code_note.text() == shown.words(NO_PAYMENT_CODE)


# --- nothing secret ------------------------------------------------------------------------


def everything_on(display: CustomerDisplay, folder: Path) -> str:
    """Every text of the display, shown or hidden, and every QR code readable off it."""
    texts = [display.windowTitle()]
    for label in display.findChildren(QLabel):
        texts.append(label.text())
        if not label.pixmap().isNull():
            texts.extend(decoded(label.pixmap().toImage(), folder))
    for table in display.findChildren(QTableWidget):
        texts.extend(cell for row in table_rows(table) for cell in row)
        texts.extend(item.text() for column in range(table.columnCount())
                     if (item := table.horizontalHeaderItem(column)) is not None)
    texts.extend(decoded(display.grab().toImage(), folder))
    return "\n".join(texts)


def test_nothing_secret_ever_reaches_the_display(qtbot: Any, open_display: Opener,
                                                 tmp_path: Path) -> None:
    window = open_display(sign_in=True)
    shown = display_of(window)
    dialog = window.staff.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded)
    type_pin(qtbot, dialog, DEMO_PINS[1])  # the clerk signs in with her PIN
    db = window.counter.db
    code = pickup_code(db, TWO_LINES)
    masked_phone, tail = (scalar(db, f"SELECT {column} FROM orders WHERE pickup_code = :c",
                                 c=code) for column in ("masked_phone", "phone_tail"))
    reference = "4200001234202611250012345678"
    seen: list[str] = []

    type_code(qtbot, window, code)
    drawn(qtbot, shown, HANDOVER)
    seen.append(everything_on(shown, tmp_path))
    press_enter_to_confirm(qtbot, window)
    qtbot.waitUntil(lambda: shown.outcome.text() == shown.words(
        OUTCOME_WORDS[Outcome.HANDED_OVER]))
    seen.append(everything_on(shown, tmp_path))
    type_code(qtbot, window, tail)  # the last four phone digits, as staff type them
    qtbot.waitUntil(lambda: shown.up_to_date)
    seen.append(everything_on(shown, tmp_path))
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk)
    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, reference)  # the payment reference staff scan
    drawn(qtbot, shown, CART)
    seen.append(everything_on(shown, tmp_path))
    type_in(qtbot, window, desk)
    drawn(qtbot, shown, CART)
    seen.append(everything_on(shown, tmp_path))

    # A name from head office that carries a number after all: starred out on the display.
    window.context.tell_resident(ResidentHandover((ResidentOrder(
        "XF01-261204-000009", "王13812345678", "A-1-009", (ResidentItem("豆浆 1L", 1),)),),
        Outcome.CHECK, Tone.OK))
    drawn(qtbot, shown, HANDOVER)
    assert shown.summary.text().startswith("王***********")
    seen.append(everything_on(shown, tmp_path))

    assert WECHAT_CODE in seen[3]  # the check reads images: the station's own code is there
    for snapshot in seen:
        assert code not in snapshot and masked_phone not in snapshot
        assert not re.search(r"(?<!\d)1\d{10}(?!\d)", snapshot)  # no phone number
        sixes = re.findall(r"(?<!\d)\d{6}(?!\d)", snapshot)  # order numbers have some
        assert not scalar(db, "SELECT count(*) FROM orders WHERE pickup_code IN "
                              "(SELECT value FROM json_each(:found))", found=json.dumps(sixes))
        for pin in DEMO_PINS.values():
            assert not re.search(rf"(?<!\d){pin}(?!\d)", snapshot)
        assert reference not in snapshot


# --- language ------------------------------------------------------------------------------


def chinese_catalogue(folder: Path) -> Path:
    """A catalogue with a few of the display's words in Chinese, built as the real one is."""
    messages = {OUTCOME_WORDS[Outcome.CHECK]: "请核对商品", ITEMS: "共 %1 件",
                OUTCOME_WORDS[Outcome.HANDED_OVER]: "取件成功，谢谢！"}
    body = "".join(f"<message><source>{source}</source><translation>{chinese}</translation>"
                   "</message>" for source, chinese in messages.items())
    ts = folder / "station_zh_CN.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" '
                  f'language="zh_CN"><context><name>CustomerDisplay</name>{body}</context></TS>',
                  encoding="utf-8")
    subprocess.run([str(Path(sys.executable).with_name("pyside6-lrelease")), "-silent", str(ts),
                    "-qm", str(ts.with_suffix(".qm"))], check=True)
    return folder


def check_view() -> ResidentView:
    return ResidentHandover((ResidentOrder("XF01-20261205-0001", "李*", "B-2-004",
                                           (ResidentItem("鸡蛋 10枚", 2),)),),
                            Outcome.CHECK, Tone.OK)


def test_the_display_speaks_the_residents_language_not_the_windows(
        qtbot: Any, open_display: Opener, tmp_path: Path) -> None:
    window = open_display(customer_display_language="en")
    shown = display_of(window)
    window.context.tell_resident(check_view())
    drawn(qtbot, shown, HANDOVER)
    english = shown.outcome.text()
    assert english == "Please check your goods"

    # Staff switch their window to Chinese: the display keeps the resident's English, even
    # with a catalogue that has its words installed on the application.
    window.apply_settings(replace(window.counter.settings, language="zh_CN"))
    assert window.settings_button.text() != "F2  Settings"  # the window did switch
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    catalogue = chinese_catalogue(tmp_path)
    staff_words = QTranslator()
    assert staff_words.load(str(catalogue / "station_zh_CN.qm"))
    app.installTranslator(staff_words)
    try:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        assert QCoreApplication.translate("CustomerDisplay", english) == "请核对商品"
        assert shown.outcome.text() == english
        window.context.tell_resident(ResidentHandover((), Outcome.HANDED_OVER, Tone.OK))
        qtbot.waitUntil(lambda: shown.outcome.text() == "Picked up. Thank you!")
    finally:
        app.removeTranslator(staff_words)

    # The resident's language is a setting of its own: applied at once.
    window.apply_settings(replace(window.counter.settings, customer_display_language="zh_CN"))
    assert shown.words.language == "zh_CN"
    window.context.tell_resident(check_view())
    qtbot.waitUntil(lambda: shown.outcome.text() == ResidentWords("zh_CN")(english))
    shown.use_words(ResidentWords("zh_CN", folder=catalogue))  # its own translator, Chinese
    qtbot.waitUntil(lambda: shown.outcome.text() == "请核对商品")
    assert shown.summary.text() == "李*    共 2 件"


# --- settings and screens ------------------------------------------------------------------


def test_settings_turn_the_display_on_and_off_at_once(qtbot: Any, open_display: Opener) -> None:
    window = open_display(customer_display="off")
    assert window.resident.display is None  # off: nothing is built
    window.context.tell_resident(check_view())  # nobody listens, nothing breaks

    settings = replace(window.counter.settings, language="en")
    window.apply_settings(replace(settings, customer_display="window"))
    shown = display_of(window)
    assert shown.isVisible() and not shown.isFullScreen()
    window.context.tell_resident(check_view())
    drawn(qtbot, shown, HANDOVER)

    # One screen, set to the second screen: no screen for it, hidden; the counter works on.
    window.apply_settings(replace(settings, customer_display="second_screen"))
    assert not shown.isVisible()
    type_code(qtbot, window, pickup_code(window.counter.db, READY))
    assert window.handover.card.order is not None

    window.apply_settings(replace(settings, customer_display="off"))
    assert not shown.isVisible()
    window.context.tell_resident(check_view())
    qtbot.wait(50)
    assert shown.pages.currentIndex() == IDLE  # off: told nothing, and cleared


def test_the_counter_keeps_working_while_the_display_is_unplugged(qtbot: Any,
                                                                  open_display: Opener) -> None:
    window = open_display()
    shown = display_of(window)
    screen = shown.screen()
    window.resident.screen_removed(screen)  # as Qt says it, while the screen goes away
    assert not shown.isVisible()
    type_code(qtbot, window, pickup_code(window.counter.db, TWO_LINES))  # the counter works
    order = window.handover.card.order
    assert order is not None
    press_enter_to_confirm(qtbot, window)
    assert window.banner.severity is not None and window.banner.severity.value == "ok"

    window.resident.screen_added(screen)  # plugged back in: the display returns, up to date
    assert shown.isVisible() and shown.screen() is screen
    drawn(qtbot, shown, HANDOVER)
    assert shown.outcome.text() == shown.words(OUTCOME_WORDS[Outcome.HANDED_OVER])
    qtbot.waitUntil(window.isActiveWindow)  # shown again, it never keeps the scanner's keys
    type_code(qtbot, window, pickup_code(window.counter.db, READY))


def test_locking_the_counter_clears_the_display_and_closing_closes_it(
        qtbot: Any, open_display: Opener) -> None:
    window = open_display()
    shown = display_of(window)
    type_code(qtbot, window, pickup_code(window.counter.db, READY))
    drawn(qtbot, shown, HANDOVER)
    window.staff.lock()  # F12: nothing of the counter stays on either screen
    drawn(qtbot, shown, IDLE)
    assert shown.isVisible()
    window.close()  # the display goes with the counter window (or the app would run on)
    assert not shown.isVisible() and window.resident.display is None


TWO_SCREENS = {"screens": [
    {"name": "counter", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
    {"name": "resident", "x": 1366, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1}]}


def test_on_two_screens_it_goes_full_screen_on_the_second_and_comes_back(
        tmp_path: Path) -> None:
    """Qt's offscreen platform with two screens, in a process of its own (the platform is
    chosen when the application starts)."""
    config = tmp_path / "two-screens.json"
    config.write_text(json.dumps(TWO_SCREENS), encoding="utf-8")
    environment = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.gui.test_customer_display import "
                               "two_screens_child as child; child(sys.argv[1])",
         str(tmp_path / "station")], cwd=REPO, env=environment, capture_output=True, text=True,
        timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"screens": ["counter", "resident"], "staff": "counter",
                    "display": ["resident", True, True, [1366, 0, 1024, 768]],
                    "unplugged": False, "counter_works": True,
                    "plugged_back": ["resident", True, True], "staff_after": "counter"}


def two_screens_child(data_dir: str) -> None:
    """In the child: the real window on the demo station, display on "second_screen"."""
    from station_app.counter import open_counter
    from ui.app import create_application

    app = create_application("en")
    counter = open_counter(Path(data_dir), demo=True)
    counter = replace(counter, settings=replace(counter.settings, language="en",
                                                customer_display="second_screen"))
    window = CounterWindow(counter)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    shown = display_of(window)
    staff, resident = app.screens()
    geometry = shown.geometry()
    seen: dict[str, Any] = {
        "screens": [screen.name() for screen in app.screens()],
        "staff": window.screen().name(),
        "display": [shown.screen().name(), shown.isVisible(), shown.isFullScreen(),
                    [geometry.x(), geometry.y(), geometry.width(), geometry.height()]]}
    window.resident.screen_removed(resident)  # Qt says so before it moves what is left
    seen["unplugged"] = shown.isVisible()
    loop = QEventLoop()
    window.handover.lookup_shown.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    window.scan(pickup_code(counter.db, READY))
    loop.exec()
    seen["counter_works"] = window.handover.card.order is not None
    window.resident.screen_added(resident)
    seen["plugged_back"] = [shown.screen().name(), shown.isVisible(), shown.isFullScreen()]
    seen["staff_after"] = window.screen().name()
    assert staff is not resident
    print(json.dumps(seen), flush=True)
    window.close()
    counter.close()
    os._exit(0)  # Qt objects torn down by the interpreter can crash PySide6 at exit


def test_amounts_on_the_display_are_the_cores(qtbot: Any, open_display: Opener) -> None:
    """A discount approved by the manager: the resident's total is the sale's, to the fen."""
    window = open_display()
    shown = display_of(window)
    open_shift(window)
    window.context.ask_manager = lambda _what, then: then(2)  # the manager approves
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, RICE)
    key(qtbot, window, desk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, "9.90")
    type_in(qtbot, window, desk)
    assert desk.step is Step.PAY
    type_in(qtbot, window, desk, "50")
    type_in(qtbot, window, desk)
    total, change = (scalar(window.counter.db, f"SELECT {column} FROM sale")
                     for column in ("total_fen", "change_fen"))
    drawn(qtbot, shown, CART)
    assert shown.total.text() == shown.words(TOTAL, format_fen(total))
    assert shown.change.text() == shown.words(CHANGE, format_fen(change))
