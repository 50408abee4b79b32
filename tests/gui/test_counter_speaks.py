"""The counter speaks at handover: the slot to fetch, the outcome, and why an order cannot go.
What is said is recorded where the window hands it to its voice (`DeskContext.say`); the voice
itself (clips, the OS engine) is tested in test_voice.py."""

from __future__ import annotations

from typing import Any

from station_app.counter import Counter
from station_app.voice import Announcement, Spoken
from tests.gui.conftest import Driver, press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar


def test_the_counter_says_the_slot_then_the_outcome_then_that_it_is_gone(
        qtbot: Any, counter: Counter, open_window: Driver) -> None:
    window = open_window()
    said: list[Announcement] = []
    window.context.say = said.append
    code = pickup_code(counter.db, READY)
    slot = scalar(counter.db, "SELECT slot FROM orders WHERE pickup_code = :c", c=code)
    type_code(qtbot, window, code)
    assert said == [Announcement(Spoken.SLOT, str(slot))]
    press_enter_to_confirm(qtbot, window)
    assert said[-1] == Announcement(Spoken.HANDED_OVER)
    type_code(qtbot, window, code)
    assert said[-1] == Announcement(Spoken.ALREADY_HANDED_OVER)
    cancelled = pickup_code(counter.db, "state = 'cancelled' AND station_id = 'XF01'")
    type_code(qtbot, window, cancelled)
    assert said[-1] == Announcement(Spoken.CANCELLED)
    other = scalar(counter.db, "SELECT order_no FROM orders WHERE station_id != 'XF01' LIMIT 1")
    type_code(qtbot, window, str(other))
    assert said[-1] == Announcement(Spoken.OTHER_STATION)
    waiting = pickup_code(counter.db, "state = 'not_arrived' AND station_id = 'XF01'")
    type_code(qtbot, window, waiting)
    assert said[-1] == Announcement(Spoken.PLEASE_WAIT)
