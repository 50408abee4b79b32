"""The sales desk at the counter window, from the keyboard with scans: a cash sale, an external
payment beyond the book, a refund. Checks screen, database, ledger, outbox and paper."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from station_app.counter import Counter
from station_app.devices.printer_settings import PrinterSettings
from station_app.services.shifts import Shifts
from tests.gui.conftest import DeskWindow, manager_answers
from tests.helpers import rows, scalar
from tests.oracle.oracle import decode_qr_png, parse_receipt
from ui.app import create_application
from ui.desks.base import Desk, DeskContext
from ui.desks.sales_desk import SalesDesk, Step, parse_yuan
from ui.main_window import CounterWindow
from ui.messages import Severity

SPINACH, CABBAGE, RICE = "6901234500017", "6901234500024", "6901234500185"
MANAGER = 2


@pytest.fixture
def window(qtbot: Any, desk_window: DeskWindow) -> CounterWindow:
    window = desk_window([("sales", SalesDesk)], printer=PrinterSettings(drawer_kick=True))
    window.show_desk("sales")
    window.activateWindow()
    qtbot.waitActive(window)
    return window


@pytest.fixture
def desk(window: CounterWindow) -> SalesDesk:
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    return desk


@pytest.fixture
def approvals(window: CounterWindow) -> list[str]:
    """The manager approves whatever is asked (the dialog is the window's, tested there)."""
    asked: list[str] = []
    window.context.ask_manager = manager_answers(MANAGER, asked)
    return asked


@pytest.fixture
def shift(window: CounterWindow) -> str:
    """The cashier's shift is open: cash has a drawer (without one the desk offers Ctrl+O)."""
    return Shifts(window.counter.db, window.counter.station_id).open(
        window.context.staff_id, 10_000).shift_no


def type_in(qtbot: Any, window: CounterWindow, desk: SalesDesk, text: str = "") -> None:
    """Type into the scan box (a USB scanner does the same) and press Enter; wait for the desk."""
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        if text:
            qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def key(qtbot: Any, window: CounterWindow, desk: SalesDesk, pressed: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(window.scan_box, pressed, modifier)


def table(desk: SalesDesk) -> list[list[str]]:
    return [[desk.page.table.item(row, column).text() for column in range(4)]
            for row in range(desk.page.table.rowCount())]


def footprint(db: Any) -> tuple[int, ...]:
    return tuple(int(scalar(db, f"SELECT count(*) FROM {name}")) for name in (
        "sale", "stock_movement", "outbox_event", "print_job"))


def book(db: Any, sku: str) -> int:
    return int(scalar(db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=sku))


def printed_job(qtbot: Any, window: CounterWindow, reference: str, tmp_path: Path) -> Any:
    db = window.counter.db
    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:r",
                                   r=reference) == "printed", timeout=10_000)
    [job] = [path for path in window.counter.data_dir.virtual_printer.glob("*.bin")
             if reference in path.name]
    folder = tmp_path / reference
    folder.mkdir()
    return parse_receipt(job.read_bytes(), folder)


def test_cash_sale_then_a_refund_from_the_keyboard(qtbot: Any, window: CounterWindow,
                                                   desk: SalesDesk, approvals: list[str],
                                                   tmp_path: Path, shift: str) -> None:
    db = window.counter.db
    spinach_book, rice_book = book(db, "VEG-001"), book(db, "GRA-001")
    assert desk.accepts_camera()

    for code in (SPINACH, RICE, SPINACH, CABBAGE):
        type_in(qtbot, window, desk, code)
    assert table(desk) == [["有机菠菜 500g", "2", "￥5.90", "￥11.80"],
                           ["东北大米 5kg", "1", "￥49.90", "￥49.90"],
                           ["本地小白菜 500g", "1", "￥3.90", "￥3.90"]]
    assert window.banner.severity is Severity.OK and "本地小白菜" in window.banner.title

    before = footprint(db)
    type_in(qtbot, window, desk, "6909999999999")  # a barcode no item has
    assert window.banner.severity is Severity.STOP
    assert "6909999999999" in window.banner.title
    assert len(table(desk)) == 3 and footprint(db) == before

    key(qtbot, window, desk, Qt.Key.Key_Delete)  # the cabbage (last scanned) goes
    key(qtbot, window, desk, Qt.Key.Key_Up)
    key(qtbot, window, desk, Qt.Key.Key_Up)  # the spinach
    type_in(qtbot, window, desk, "*4")
    key(qtbot, window, desk, Qt.Key.Key_Minus)
    assert table(desk) == [["有机菠菜 500g", "3", "￥5.90", "￥17.70"],
                           ["东北大米 5kg", "1", "￥49.90", "￥49.90"]]
    assert desk.page.total_big.text() == "Total ￥67.60"

    key(qtbot, window, desk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert desk.step is Step.DISCOUNT
    type_in(qtbot, window, desk, "7.60")
    assert approvals == ["a discount of ￥7.60"]
    assert desk.page.total_big.text() == "Total ￥60.00"
    assert "Discount −￥7.60" in desk.page.totals.text()

    type_in(qtbot, window, desk)  # Enter on an empty scan box: payment
    assert desk.step is Step.PAY and not desk.accepts_camera()
    assert window.banner.title == "To pay: ￥60.00"
    assert window.scan_box.placeholderText() == "Cash given, e.g. 100"
    type_in(qtbot, window, desk, "100")
    assert desk.page.change_label.text() == "Change ￥40.00"
    assert footprint(db) == before  # nothing is written before the sale is confirmed
    type_in(qtbot, window, desk)

    sale_no = scalar(db, "SELECT sale_no FROM sale WHERE kind='sale'")
    assert sale_no.startswith("S-XF01-") and sale_no.endswith("-0001")
    assert window.banner.title == f"Sale {sale_no} total ￥60.00, change ￥40.00"
    assert table(desk) == [] and desk.step is Step.CART and desk.accepts_camera()
    assert book(db, "VEG-001") == spinach_book - 3 and book(db, "GRA-001") == rice_book - 1
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE type="
                                    "'sale.completed'"))
    assert (payload["total_fen"], payload["discount_fen"], payload["approved_by"]) == (
        6000, 760, MANAGER)
    assert payload["movements"] == [{"sku": "VEG-001", "delta": -3, "reason": "sale"},
                                    {"sku": "GRA-001", "delta": -1, "reason": "sale"}]
    paper = printed_job(qtbot, window, sale_no, tmp_path)
    text = "\n".join(paper.text_lines)
    assert "应收 ￥60.00" in text and "￥40.00" in text and sale_no in text
    assert decode_qr_png(paper.receipts[0].png) == [sale_no]
    assert (paper.cuts, paper.drawer_kicks) == (1, 1)

    # --- the customer brings one spinach back ---
    key(qtbot, window, desk, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert desk.step is Step.REFUND_FIND
    type_in(qtbot, window, desk, "S-XF01-20000101-0001")
    assert window.banner.severity is Severity.STOP and desk.step is Step.REFUND_FIND
    type_in(qtbot, window, desk, sale_no)  # as the receipt's QR scans
    assert desk.step is Step.REFUND_PICK
    before = footprint(db)
    type_in(qtbot, window, desk, CABBAGE)  # never sold on this receipt
    assert window.banner.severity is Severity.STOP
    assert "Not sold on this receipt" in window.banner.title
    type_in(qtbot, window, desk, SPINACH)
    assert table(desk)[0] == ["有机菠菜 500g", "3", "3", "1"]
    # What the customer gets back, as the service pays it: not the goods' ￥5.90.
    assert desk.page.total_big.text() == "Pay back ￥5.24"
    type_in(qtbot, window, desk)
    assert desk.step is Step.REFUND_REASON and footprint(db) == before
    type_in(qtbot, window, desk, "damaged")
    assert approvals[-1] == f"a refund of {sale_no}"

    refund_no = scalar(db, "SELECT sale_no FROM sale WHERE kind='refund'")
    # ￥5.90 minus its share of the ￥7.60 discount: round(760 × 590 / 6760) = 66
    assert window.banner.title == f"Refund {refund_no}: pay back ￥5.24"
    assert book(db, "VEG-001") == spinach_book - 2
    refund = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE type="
                                   "'sale.refunded'"))
    assert (refund["original_sale_no"], refund["total_fen"], refund["reason"]) == (
        sale_no, 524, "damaged")
    paper = printed_job(qtbot, window, refund_no, tmp_path)
    assert paper.text_lines[0] == "退款小票"
    assert decode_qr_png(paper.receipts[0].png) == [refund_no]


def test_wechat_sale_beyond_the_book_asks_why(qtbot: Any, window: CounterWindow,
                                              desk: SalesDesk, tmp_path: Path) -> None:
    db = window.counter.db
    on_shelf = book(db, "VEG-002")
    type_in(qtbot, window, desk, CABBAGE)
    type_in(qtbot, window, desk, f"*{on_shelf + 1}")
    before = footprint(db)
    type_in(qtbot, window, desk)
    assert desk.step is Step.REASON
    assert f"selling {on_shelf + 1} but only" in desk.page.prompt.text()
    assert "kept for ready orders" in desk.page.prompt.text()
    type_in(qtbot, window, desk, "delivery not booked")
    assert desk.step is Step.PAY

    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert "WeChat Pay" in desk.page.method_label.text()
    type_in(qtbot, window, desk)  # no reference yet: refused, nothing written
    assert window.banner.severity is Severity.STOP and footprint(db) == before
    type_in(qtbot, window, desk, "4200001234202611250012345678")
    type_in(qtbot, window, desk)

    assert window.banner.severity is Severity.OK and "paid by WeChat Pay" in \
        window.banner.title
    assert book(db, "VEG-002") == -1
    [line] = rows(db, "SELECT oversell_reason FROM sale_line")
    assert line.oversell_reason == "delivery not booked"
    sale_no = scalar(db, "SELECT sale_no FROM sale")
    paper = printed_job(qtbot, window, sale_no, tmp_path)
    assert paper.drawer_kicks == 0  # no cash, no drawer
    assert "4200001234202611250012345678" in "\n".join(paper.text_lines)


def test_esc_twice_empties_the_cart(qtbot: Any, window: CounterWindow,
                                    desk: SalesDesk) -> None:
    type_in(qtbot, window, desk, SPINACH)
    key(qtbot, window, desk, Qt.Key.Key_Plus)
    assert table(desk)[0][1] == "2"
    key(qtbot, window, desk, Qt.Key.Key_Escape)
    assert window.banner.severity is Severity.WARN and len(table(desk)) == 1
    key(qtbot, window, desk, Qt.Key.Key_Escape)
    assert table(desk) == [] and desk.page.total_big.text() == "Total ￥0.00"


def test_declined_approvals_and_camera_codes_mid_payment(qtbot: Any, window: CounterWindow,
                                                         desk: SalesDesk, shift: str) -> None:
    db = window.counter.db
    asked: list[str] = []
    window.context.ask_manager = manager_answers(None, asked)
    type_in(qtbot, window, desk, SPINACH)
    key(qtbot, window, desk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, "abc")  # not an amount: asked again, no manager bothered
    assert window.banner.severity is Severity.STOP and desk.step is Step.DISCOUNT
    type_in(qtbot, window, desk, "1")
    assert asked == ["a discount of ￥1.00"] and desk.discount_fen == 0
    assert desk.step is Step.CART and desk.page.total_big.text() == "Total ￥5.90"

    type_in(qtbot, window, desk)
    assert desk.step is Step.PAY
    assert window.scan_from_camera(RICE) is False  # a code drifting into view mid-payment
    type_in(qtbot, window, desk)  # Enter without the cash given: asked for it, nothing sold
    assert window.banner.title == "Type the cash given"
    type_in(qtbot, window, desk, "5")
    assert window.banner.severity is Severity.STOP and desk.page.change_label.text() == ""
    type_in(qtbot, window, desk, "10")
    type_in(qtbot, window, desk)
    assert window.banner.title.endswith("change ￥4.10")
    sale_no = scalar(db, "SELECT sale_no FROM sale")
    assert table(desk) == []

    type_in(qtbot, window, desk, sale_no)  # the receipt's QR at the cart starts a refund
    assert desk.step is Step.REFUND_PICK
    key(qtbot, window, desk, Qt.Key.Key_Space)  # all of the line
    type_in(qtbot, window, desk)
    type_in(qtbot, window, desk, "changed mind")
    assert asked[-1] == f"a refund of {sale_no}" and window.banner.severity is Severity.INFO
    assert scalar(db, "SELECT count(*) FROM sale WHERE kind='refund'") == 0
    window.context.ask_manager = manager_answers(MANAGER)
    type_in(qtbot, window, desk)  # Enter asks the manager again
    assert scalar(db, "SELECT total_fen FROM sale WHERE kind='refund'") == 590

    key(qtbot, window, desk, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, sale_no)  # everything already came back
    assert window.banner.severity is Severity.STOP and desk.step is Step.REFUND_FIND
    key(qtbot, window, desk, Qt.Key.Key_Escape)
    assert desk.step is Step.CART


@pytest.mark.parametrize(("typed", "fen"), [("100", 10_000), ("12.5", 1250), ("￥0.05", 5),
                                            ("1,000", 100_000), ("-3", None), ("1.234", None),
                                            ("abc", None), ("", None)])
def test_typed_amounts(typed: str, fen: int | None) -> None:
    assert parse_yuan(typed) == fen


class RivalDesk(Desk):
    """Another desk with the same Ctrl+D and Ctrl+R."""

    def __init__(self, context: DeskContext) -> None:
        super().__init__(context)
        self.hits: list[str] = []
        for keys in ("Ctrl+D", "Ctrl+R"):
            QShortcut(QKeySequence(keys), self, lambda keys=keys: self.hits.append(keys))

    @property
    def title(self) -> str:
        return "rival"


def test_ctrl_keys_reach_the_desk_on_show_only(qtbot: Any, counter: Counter) -> None:
    create_application("en")
    window = CounterWindow(counter, desks=[("rival", RivalDesk), ("sales", SalesDesk)])
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
        window.start()
    window.show_desk("sales")
    window.activateWindow()
    qtbot.waitActive(window)
    sales, rival = window.desks["sales"], window.desks["rival"]
    assert isinstance(sales, SalesDesk) and isinstance(rival, RivalDesk)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert sales.step is Step.REFUND_FIND and rival.hits == []
    key(qtbot, window, sales, Qt.Key.Key_Escape)
    window.show_desk("rival")
    qtbot.keyClick(window.scan_box, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert rival.hits == ["Ctrl+R"] and sales.step is Step.CART
    window.close()


# --- issue 13: money outside a shift; what the screen says must be true ----------------------


def open_shifts(db: Any) -> list[tuple[str, int, int]]:
    return [tuple(row) for row in rows(db, "SELECT shift_no, staff_id, float_fen FROM shift "
                                           "WHERE state='open'")]


def test_cash_without_a_shift_opens_one_from_the_sales_desk_and_keeps_the_sale(
        qtbot: Any, window: CounterWindow, desk: SalesDesk, approvals: list[str]) -> None:
    db = window.counter.db
    assert open_shifts(db) == []
    type_in(qtbot, window, desk, SPINACH)
    before = footprint(db)
    type_in(qtbot, window, desk)  # Enter: payment, cash by default, and no drawer's shift
    assert desk.step is Step.PAY
    assert window.banner.severity is Severity.WARN
    assert window.banner.title == "No shift open"
    assert "Ctrl+O" in window.banner.detail and "Ctrl+O" in desk.page.prompt.text()
    type_in(qtbot, window, desk, "10")  # cash typed anyway: refused, nothing written
    assert window.banner.title == "No shift open" and footprint(db) == before

    key(qtbot, window, desk, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert desk.step is Step.FLOAT
    assert window.scan_box.placeholderText() == "Float in yuan, e.g. 500"
    type_in(qtbot, window, desk, "300")
    [(shift_no, staff, float_fen)] = open_shifts(db)
    assert (staff, float_fen) == (window.context.staff_id, 30_000)
    assert desk.step is Step.PAY and table(desk)[0][:2] == ["有机菠菜 500g", "1"]  # kept
    assert window.banner.title == f"Shift {shift_no} opened with float ￥300.00"
    assert "￥5.90" in window.banner.detail
    type_in(qtbot, window, desk, "10")
    type_in(qtbot, window, desk)
    sale_no = scalar(db, "SELECT sale_no FROM sale")
    assert window.banner.title == f"Sale {sale_no} total ￥5.90, change ￥4.10"
    assert scalar(db, "SELECT s.shift_no FROM sale JOIN shift s ON s.id = sale.shift_id") == \
        shift_no

    # The shift closes (on the shift desk); a cash refund then needs a shift again.
    Shifts(db, window.counter.station_id).close(shift_no, window.context.staff_id,
                                                {10000: 3, 500: 1, 50: 1, 10: 4})
    before = footprint(db)
    key(qtbot, window, desk, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, sale_no)
    key(qtbot, window, desk, Qt.Key.Key_Space)
    type_in(qtbot, window, desk)  # Enter: the cash goes back from no drawer
    assert window.banner.title == "No shift open" and desk.step is Step.REFUND_PICK
    assert approvals == [] and footprint(db) == before  # no manager bothered, nothing written
    key(qtbot, window, desk, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, "100")
    assert desk.step is Step.REFUND_PICK and len(open_shifts(db)) == 1
    type_in(qtbot, window, desk)
    type_in(qtbot, window, desk, "changed mind")
    assert approvals == [f"a refund of {sale_no}"]
    assert scalar(db, "SELECT count(*) FROM sale WHERE kind='refund' AND shift_id IS NOT NULL") \
        == 1


def test_external_payment_needs_no_shift_and_the_banner_follows_the_method(
        qtbot: Any, window: CounterWindow, desk: SalesDesk) -> None:
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk)
    assert window.banner.title == "No shift open"
    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.severity is Severity.INFO  # not the cash prompt any more
    assert window.banner.title == "To pay: ￥49.90 by WeChat Pay"
    assert "payment reference" in window.banner.detail and "cash" not in window.banner.detail
    key(qtbot, window, desk, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.title == "No shift open"  # back to cash: still no drawer
    key(qtbot, window, desk, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.title == "To pay: ￥49.90 by Alipay"
    type_in(qtbot, window, desk, "2026112522001400001")
    type_in(qtbot, window, desk)
    assert window.banner.severity is Severity.OK
    assert scalar(window.counter.db, "SELECT shift_id FROM sale") is None


def test_the_banner_follows_every_cart_change(qtbot: Any, window: CounterWindow,
                                              desk: SalesDesk) -> None:
    type_in(qtbot, window, desk, SPINACH)
    assert "Total now ￥5.90" in window.banner.detail
    key(qtbot, window, desk, Qt.Key.Key_Plus)
    assert window.banner.title == "有机菠菜 500g × 2"
    assert "Total now ￥11.80" in window.banner.detail
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk, "*3")
    assert window.banner.title == "东北大米 5kg × 3"
    assert "Total now ￥161.50" in window.banner.detail
    key(qtbot, window, desk, Qt.Key.Key_Minus)
    assert "Total now ￥111.60" in window.banner.detail
    key(qtbot, window, desk, Qt.Key.Key_Delete)
    assert window.banner.title == "东北大米 5kg removed"
    assert "Total now ￥11.80" in window.banner.detail
    assert desk.page.total_big.text() == "Total ￥11.80"


def test_a_refund_replaces_the_last_sales_change(qtbot: Any, window: CounterWindow,
                                                 desk: SalesDesk, approvals: list[str],
                                                 shift: str) -> None:
    type_in(qtbot, window, desk, SPINACH)
    type_in(qtbot, window, desk)
    type_in(qtbot, window, desk, "20")
    type_in(qtbot, window, desk)
    sale_no = scalar(window.counter.db, "SELECT sale_no FROM sale")
    assert desk.page.change_label.text() == "Change ￥14.10"  # the sale's change, large and green

    key(qtbot, window, desk, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.title == "Refund: scan the sale receipt"  # Ctrl+R says what next
    assert "QR code" in window.banner.detail
    assert desk.page.change_label.text() == ""
    type_in(qtbot, window, desk, sale_no)
    key(qtbot, window, desk, Qt.Key.Key_Space)
    type_in(qtbot, window, desk)
    type_in(qtbot, window, desk, "changed mind")
    refund_no = scalar(window.counter.db, "SELECT sale_no FROM sale WHERE kind='refund'")
    assert desk.page.change_label.text() == ""  # no change given: money went back
    assert desk.page.method_label.text() == f"Last refund {refund_no}"
    assert desk.page.given_label.text() == "Paid back ￥5.90 by Cash"


def test_a_chinese_window_names_the_payment_method_once(qtbot: Any, open_window: Any) -> None:
    """"微信支付支付": the method's name already ends in 支付."""
    window = open_window("zh_CN")
    window.show_desk("sales")
    desk = window.desks["sales"]
    assert isinstance(desk, SalesDesk)
    type_in(qtbot, window, desk, RICE)
    type_in(qtbot, window, desk)
    key(qtbot, window, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    type_in(qtbot, window, desk, "4200001234202611250012345678")
    type_in(qtbot, window, desk)
    assert "微信支付" in window.banner.title and "支付支付" not in window.banner.title
