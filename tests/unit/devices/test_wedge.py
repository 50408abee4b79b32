"""Scanner bursts against human typing."""

from __future__ import annotations

from station_app.devices.wedge import KeyBurst


def feed(burst: KeyBurst, text: str, start: float, gap: float) -> float:
    at = start
    for char in text:
        burst.feed(char, at)
        at += gap
    return at - gap


def test_a_scanner_burst_is_a_scan() -> None:
    burst = KeyBurst()
    last = feed(burst, "224906", 10.0, 0.008)
    assert burst.finish(last + 0.008) == "224906"


def test_a_person_typing_is_not() -> None:
    burst = KeyBurst()
    last = feed(burst, "224906", 10.0, 0.15)
    assert burst.finish(last + 0.15) is None


def test_typed_text_before_a_burst_is_left_out() -> None:
    burst = KeyBurst()
    last = feed(burst, "note ", 10.0, 0.2)
    last = feed(burst, "XF01-261125-0042", last + 0.5, 0.005)
    assert burst.finish(last + 0.005) == "XF01-261125-0042"


def test_too_short_bursts_and_late_enter_are_not_scans() -> None:
    burst = KeyBurst()
    last = feed(burst, "ab", 1.0, 0.005)
    assert burst.finish(last + 0.005) is None
    last = feed(burst, "224906", 2.0, 0.005)
    assert burst.finish(last + 1.0) is None
