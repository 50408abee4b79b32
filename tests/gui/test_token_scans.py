"""Signed pickup QR codes at the counter window: a genuine one opens the order, an edited one
gets its own warning and opens nothing."""

from __future__ import annotations

from typing import Any

from station_app.demo_data import demo_token
from tests.gui.conftest import press_enter_to_confirm, type_code
from tests.helpers import READY, scalar
from tests.unit.security.tokens import edit_bytes
from ui.desks.handover_desk import CARD, IDLE
from ui.main_window import CounterWindow
from ui.messages import Severity


def ready_order(window: CounterWindow) -> str:
    return str(scalar(window.counter.db, f"SELECT order_no FROM orders WHERE {READY} "
                                         "ORDER BY id LIMIT 1"))


def test_a_genuine_token_opens_the_order_and_hands_it_over(qtbot: Any,
                                                           window: CounterWindow) -> None:
    order_no = ready_order(window)
    type_code(qtbot, window, demo_token(window.counter.db, order_no))  # a USB scanner types it

    assert window.handover.pages.currentIndex() == CARD
    shown = window.handover.card.order
    assert shown is not None and shown.order_no == order_no
    assert window.banner.severity is Severity.OK

    press_enter_to_confirm(qtbot, window)
    assert window.banner.title.startswith("Handed over")
    assert scalar(window.counter.db, "SELECT method FROM handover h JOIN orders o ON "
                                     "o.id = h.order_id WHERE o.order_no = :n",
                  n=order_no) == "token"


def test_an_altered_token_is_called_altered_and_opens_nothing(qtbot: Any,
                                                              window: CounterWindow) -> None:
    order_no = ready_order(window)
    pushed_expiry = edit_bytes(demo_token(window.counter.db, order_no), 4, b"\xf0\x00\x00\x00")
    before = scalar(window.counter.db, "SELECT count(*) FROM handover")

    with qtbot.waitSignal(window.handover.lookup_shown, timeout=10_000):
        window.scan(pushed_expiry)  # as the camera hands it over

    assert window.banner.title == "Altered QR code"
    assert window.banner.severity is Severity.STOP
    assert order_no in window.banner.detail
    assert window.handover.pages.currentIndex() == IDLE
    assert window.handover.card.order is None
    assert scalar(window.counter.db, "SELECT count(*) FROM handover") == before
