"""The returns desk at the counter window, from the keyboard and with scans: a return at the
counter, then a return shipment scanned out, shipped and printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station_app.counter import Counter
from station_app.domain.outcome import LineOutcome
from station_app.services.after_sales import apply_answer
from station_app.services.overdue import Overdue
from station_app.services.slots import ShelfLayout, slot_order
from tests.gui.conftest import DeskWindow
from tests.helpers import OVERDUE, READY, rows, scalar
from tests.oracle.oracle import parse_receipt
from tests.paper_language import wrong_language
from tests.unit.services.test_after_sales import assert_ledger_balanced, snapshot
from ui.desks.returns_desk import ReturnsDesk
from ui.main_window import CounterWindow
from ui.messages import Severity


@pytest.fixture
def window(desk_window: DeskWindow) -> CounterWindow:
    return desk_window([("returns", ReturnsDesk)])


@pytest.fixture
def desk(qtbot: Any, window: CounterWindow) -> ReturnsDesk:
    found = window.desks["returns"]
    assert isinstance(found, ReturnsDesk)
    with qtbot.waitSignal(found.shown, timeout=10_000):
        window.show_desk("returns")
    return found


def keys(qtbot: Any, window: CounterWindow, desk: ReturnsDesk, text: str) -> None:
    """Type (or scan) into the scan box and press Enter; wait until the desk shows the result."""
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClicks(window.scan_box, text)
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Return)


def ctrl(qtbot: Any, widget: Any, desk: ReturnsDesk, key: Qt.Key) -> None:
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def hand_over(counter: Counter, where: str, outcomes: dict[int, LineOutcome] | None = None
              ) -> str:
    order_no = str(scalar(counter.db, f"SELECT order_no FROM orders WHERE {where} ORDER BY id "
                                      f"LIMIT 1"))
    order = counter.handovers.order(order_no)
    assert order is not None
    counter.handovers.confirm(order_no, 1, order.pickup_code,
                         {order.lines[i].line_id: o for i, o in (outcomes or {}).items()})
    return order_no


def test_a_return_at_the_counter(qtbot: Any, window: CounterWindow, desk: ReturnsDesk) -> None:
    counter = window.counter
    db = counter.db
    order_no = hand_over(counter, READY + " AND (SELECT count(*) FROM order_line l WHERE "
                                          "l.order_id = orders.id) >= 2 AND (SELECT quantity "
                                          "FROM order_line l WHERE l.order_id = orders.id AND "
                                          "l.line_no = 2) >= 2")
    code = scalar(db, "SELECT pickup_code FROM orders WHERE order_no = :n", n=order_no)
    line = rows(db, "SELECT l.sku, l.quantity FROM order_line l JOIN orders o ON o.id = "
                    "l.order_id WHERE o.order_no = :n AND l.line_no = 2", n=order_no)[0]
    photo = Path("photos/return-test.jpg")
    window.context.take_photo = lambda _name: photo
    page = desk.counter_return

    keys(qtbot, window, desk, code)  # the resident's pickup code
    assert window.banner.severity is Severity.OK
    assert order_no in page.order_label.text()
    assert page.lines.rowCount() >= 2
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)
    assert page.lines.currentRow() == 1
    assert page.lines.item(1, 1).text() == line.sku

    # More than the resident took: a clear message and nothing written.
    keys(qtbot, window, desk, str(line.quantity + 1))
    assert page.quantity.value() == line.quantity + 1
    qtbot.keyClick(window.scan_box, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.reason.hasFocus()
    edit = page.reason.lineEdit()
    qtbot.keyClicks(edit, "seal broken")  # QTest types Latin-1 only; the IME path is Qt's
    ctrl(qtbot, edit, desk, Qt.Key.Key_P)
    assert photo.name in page.photo_label.text()
    before = snapshot(counter)
    ctrl(qtbot, edit, desk, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.STOP
    assert window.banner.title == "More than the resident took"
    assert str(line.quantity) in window.banner.detail
    assert snapshot(counter) == before

    # One unit back, with its reason and photo.
    keys(qtbot, window, desk, "1")
    assert page.quantity.value() == 1
    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.OK, window.banner.title
    request = rows(db, "SELECT * FROM refund_request WHERE order_no = :n", n=order_no)
    assert len(request) == 1
    request_no = request[0].request_no
    assert window.banner.title == f"Return {request_no} registered"
    assert window.scan_box.hasFocus()  # ready for the next scan, not typing into the reason
    assert (request[0].sku, request[0].quantity, request[0].source, request[0].reason,
            request[0].photo_path) == (line.sku, 1, "returned", "seal broken", str(photo))
    assert [tuple(m) for m in rows(db, "SELECT delta, reason FROM stock_movement WHERE "
                                       "reference = :r", r=request_no)] == \
        [(1, "customer_return")]
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE type = "
                                    "'refund.requested' ORDER BY station_seq DESC LIMIT 1"))
    assert (payload["request_no"], payload["has_photo"], payload["movements"]) == \
        (request_no, True, [{"sku": line.sku, "delta": 1, "reason": "customer_return"}])
    assert page.lines.item(1, 3).text() == "1"  # returned so far
    assert page.lines.item(1, 4).text() == str(line.quantity - 1)
    assert any(request_no in text and "waiting for head office" in text
               for text in page.request_texts())
    assert_ledger_balanced(counter)

    # Head office approves by sync: the order's history shows it at the next scan.
    with db.writing() as session:
        apply_answer(session, request_no, "approved", "退款 ¥5.90", counter.clock(),
                     counter.clock())
    keys(qtbot, window, desk, order_no)
    assert any(request_no in text and "approved" in text for text in page.request_texts())
    assert any("approved" in page.notes.item(i).text() for i in range(page.notes.count()))

    # A code that names no order: a clear message, nothing written.
    before = snapshot(counter)
    keys(qtbot, window, desk, "XF01-000000-0000")
    assert window.banner.severity is Severity.STOP
    assert snapshot(counter) == before


def test_a_return_shipment_scanned_out_and_printed(qtbot: Any, window: CounterWindow,
                                                   desk: ReturnsDesk, tmp_path: Path) -> None:
    counter = window.counter
    db = counter.db
    overdue = [r.order_no for r in rows(db, f"SELECT order_no FROM orders WHERE {OVERDUE} "
                                            f"ORDER BY id LIMIT 2")]
    Overdue(db, "XF01").move_to_return(overdue, 1)
    refused_order = hand_over(counter, READY, {0: LineOutcome.REFUSED})
    refused = rows(db, "SELECT l.sku, l.quantity, c.barcode FROM order_line l JOIN orders o ON "
                       "o.id = l.order_id JOIN catalogue_item c ON c.sku = l.sku WHERE "
                       "o.order_no = :n AND l.line_no = 1", n=refused_order)[0]

    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_2)
    assert desk.pages.currentIndex() == 1
    shipment_no = scalar(db, "SELECT shipment_no FROM return_shipment WHERE state = 'open'")
    assert shipment_no in desk.return_shipment.shipment_label.text()
    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_G)  # refused goods in, one key
    cells = desk.return_shipment.cells()
    assert [c[1] for c in cells].count(refused_order) == 1
    assert any(c[1] == refused_order and c[2] == "refused" and
               c[3] == f"0/{refused.quantity}" for c in cells)

    # Surplus typed as code*quantity, more than the book refused, then taken out again (Ctrl+D).
    surplus = rows(db, "SELECT b.sku, b.quantity, c.barcode FROM stock_balance b JOIN "
                       "catalogue_item c ON c.sku = b.sku WHERE b.quantity > 2 AND b.sku NOT IN "
                       "(SELECT sku FROM return_shipment_line) ORDER BY b.sku LIMIT 1")[0]
    before = snapshot(counter)
    keys(qtbot, window, desk, f"{surplus.barcode}*{surplus.quantity + 1}")
    assert window.banner.title == "More than the stock book shows"
    assert snapshot(counter) == before
    keys(qtbot, window, desk, f"{surplus.barcode}*2")
    assert desk.return_shipment.cells()[-1][2:] == ["surplus", "0/2"]
    for _ in desk.return_shipment.cells():
        qtbot.keyClick(window.scan_box, Qt.Key.Key_Down)
    assert desk.return_shipment.shipment_lines.currentRow() == len(desk.return_shipment.cells()) - 1
    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_D)
    assert "surplus" not in [c[2] for c in desk.return_shipment.cells()]
    assert snapshot(counter) == before

    # Shipping with nothing scanned is refused, naming what is missing.
    before = snapshot(counter)
    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_Return)
    assert window.banner.title == "Not everything is scanned out"
    assert overdue[0] in window.banner.detail
    assert snapshot(counter) == before

    for order_no in overdue:
        keys(qtbot, window, desk, order_no)
        assert window.banner.severity is Severity.OK
    keys(qtbot, window, desk, "6900000000000")  # a barcode of nothing in the shipment
    assert window.banner.severity is Severity.STOP
    assert window.banner.title.startswith("Not in this shipment")
    for _ in range(refused.quantity):
        keys(qtbot, window, desk, refused.barcode)
    keys(qtbot, window, desk, refused.barcode)  # one too many
    assert window.banner.title.startswith("Already scanned")
    # Refused goods of earlier handovers (demo data) go by their order's bag label.
    for order_no in dict.fromkeys(c[1] for c in desk.return_shipment.cells() if "✓" not in c[3]):
        keys(qtbot, window, desk, order_no)
    assert "0/" not in "".join(c[3] for c in desk.return_shipment.cells())

    ctrl(qtbot, window.scan_box, desk, Qt.Key.Key_Return)
    assert window.banner.severity is Severity.OK, window.banner.title
    assert window.banner.title == f"Return shipment {shipment_no} shipped"
    assert [r.state for r in rows(db, "SELECT state FROM orders WHERE order_no IN (:a, :b)",
                                  a=overdue[0], b=overdue[1])] == ["returned", "returned"]
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE type = "
                                    "'return.shipped'"))
    assert payload["shipment_no"] == shipment_no
    assert payload["returned_orders"] == overdue  # refused goods' orders stay handed over
    assert {"sku": refused.sku, "quantity": refused.quantity, "reason": "refused",
            "order_no": refused_order} in payload["lines"]
    assert sum(m["delta"] for m in payload["movements"]) == -sum(
        li["quantity"] for li in payload["lines"])
    assert_ledger_balanced(counter)

    qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference = :r",
                                   r=shipment_no) == "printed", timeout=10_000)
    printed = parse_receipt(sorted(counter.data_dir.virtual_printer.glob("*.bin"))[-1]
                            .read_bytes(), tmp_path)
    text = "\n".join(printed.text_lines)
    assert printed.cuts == 1
    assert "退货出库单" in text and shipment_no in text and "司机签字" in text
    for order_no in [*overdue, refused_order]:
        assert order_no in text


def test_the_history_speaks_the_window_language(qtbot: Any, window: CounterWindow,
                                                desk: ReturnsDesk) -> None:
    """Stored notes are in whatever language their writer used ("missing at handover",
    "货架位 A → B"): the history says each entry in the window's words instead."""
    counter = window.counter
    db = counter.db
    where = READY + " AND (SELECT count(*) FROM order_line l WHERE l.order_id = orders.id) >= 3"
    order_no = str(scalar(db, f"SELECT order_no FROM orders WHERE {where} ORDER BY id LIMIT 1"))
    slot_order(db, order_no, "D-5-020", 1, layout=ShelfLayout(), station_id="XF01")
    hand_over(counter, f"order_no = '{order_no}'", {1: LineOutcome.MISSING,
                                                    2: LineOutcome.REFUSED})
    missing, refused = rows(db, "SELECT request_no, sku, quantity FROM refund_request "
                                "WHERE order_no = :n ORDER BY id", n=order_no)
    with db.writing() as session:
        apply_answer(session, refused.request_no, "rejected", None, counter.clock(),
                     counter.clock())
    keys(qtbot, window, desk, order_no)
    history_list = desk.counter_return.notes
    notes = [history_list.item(i).text() for i in range(history_list.count())]
    names = dict(rows(db, "SELECT sku, name FROM catalogue_item"))
    data = [*names.values(), "王丽", "陈建国"]
    assert wrong_language(notes, "en", data) == [], notes
    assert not any("at handover" in note or "resident" in note for note in notes), notes
    assert any(f"Refund requested {missing.request_no}: {names[missing.sku]} "
               f"×{missing.quantity} (missing)" in note for note in notes), notes
    assert any(f"Head office answered {refused.request_no}: rejected" in note
               for note in notes), notes
    assert any("Shelf slot" in note and "D-5-020" in note for note in notes), notes
    handed = next(note for note in notes if note.split(" · ")[1].startswith("Handed over"))
    assert "(taken)" in handed and "(missing)" in handed and "(refused)" in handed


def test_the_history_of_a_chinese_window_is_chinese(qtbot: Any, open_window: Any) -> None:
    window = open_window("zh_CN")
    desk = window.desks["returns"]
    assert isinstance(desk, ReturnsDesk)
    with qtbot.waitSignal(desk.shown, timeout=10_000):
        window.show_desk("returns")
    counter = window.counter
    where = READY + " AND (SELECT count(*) FROM order_line l WHERE l.order_id = orders.id) >= 3"
    order_no = hand_over(counter, where, {1: LineOutcome.MISSING, 2: LineOutcome.REFUSED})
    keys(qtbot, window, desk, order_no)
    history_list = desk.counter_return.notes
    notes = [history_list.item(i).text() for i in range(history_list.count())]
    assert len(notes) >= 3, (window.banner.title, window.banner.detail)
    names = [str(name) for (name,) in rows(counter.db, "SELECT name FROM catalogue_item")]
    assert wrong_language(notes, "zh_CN", names) == [], notes  # not "missing at handover"
