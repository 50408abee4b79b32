"""Counter scales: both protocols parsed from bytes, garbage dropped, stable weights given once,
and the simulator on a real pseudo-terminal read through pyserial, unplugged and back."""

from __future__ import annotations

import sys
import time

import pytest
import serial

from station_app.devices.scale import (
    ContinuousParser,
    Reading,
    ScaleLink,
    ScaleProtocol,
    ScaleSettingsView,
    SicsParser,
    StableWeight,
)
from station_app.devices.scale_simulator import ScaleSimulator

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def test_continuous_frames_split_anywhere_read_the_same() -> None:
    data = b"US,GS,+  0.512kg\r\nST,NT,+  0.532kg\r\nOL,GS,+ 99.999kg\r\nST,GS,-  0.010kg\r\n"
    whole = ContinuousParser().feed(data)
    parser = ContinuousParser()
    pieces = [r for i in range(0, len(data), 3) for r in parser.feed(data[i:i + 3])]
    assert whole == pieces == [Reading(512, False), Reading(532, True),
                               Reading(0, False, overload=True), Reading(-10, True)]


def test_sics_answers_read_stable_dynamic_and_out_of_range() -> None:
    parser = SicsParser()
    assert parser.feed(b"S S      0.532 kg\r\nS D      0.501 kg\r\nS +\r\nS I\r\nES\r\n") == [
        Reading(532, True), Reading(501, False), Reading(0, False, overload=True)]
    assert parser.poll() == b"SI\r\n" and parser.tare() == b"T\r\n"


def test_garbage_bytes_are_dropped_and_the_next_frame_still_reads() -> None:
    parser = ContinuousParser()
    assert parser.feed(bytes(range(256)) * 3) == []
    assert parser.feed(b"\xff\xfeST,GS,+\x00  1.0kg\r\n") == []  # a broken frame: nothing
    assert parser.feed(b"ST,GS,+  1.250kg\r\n") == [Reading(1250, True)]


def test_a_weight_is_given_once_when_steady_and_again_after_the_pan_is_emptied() -> None:
    stable = StableWeight(hold=3, tolerance_g=2)
    seen = [stable.feed(r) for r in (Reading(480, False), Reading(530, True), Reading(532, True),
                                     Reading(531, True), Reading(532, True), Reading(531, True))]
    assert seen == [None, None, None, 531, None, None]
    assert stable.feed(Reading(0, True)) is None
    again = [stable.feed(Reading(531, True)) for _ in range(3)]
    assert again == [None, None, 531]


def test_unstable_or_wobbling_readings_never_give_a_weight() -> None:
    stable = StableWeight(hold=3, tolerance_g=2)
    assert [stable.feed(Reading(w, False)) for w in (500, 532, 532, 532)] == [None] * 4
    assert [stable.feed(Reading(w, True)) for w in (500, 520, 540, 560)] == [None] * 4
    assert stable.feed(Reading(0, False, overload=True)) is None


def _weigh(link: ScaleLink, limit_s: float = 3.0) -> int | None:
    stable = StableWeight()
    ends = time.monotonic() + limit_s
    while time.monotonic() < ends:
        for reading in link.read():
            if (grams := stable.feed(reading)) is not None:
                return grams
    return None


@pytest.mark.parametrize("protocol", list(ScaleProtocol))
def test_simulator_through_pyserial_gives_the_steady_weight(protocol: ScaleProtocol) -> None:
    with ScaleSimulator(protocol) as scale:
        link = ScaleLink(ScaleSettingsView(scale.port, protocol=protocol, poll_interval_s=0.05))
        try:
            scale.put(532, settle_s=0.2)
            assert _weigh(link) == 532
            scale.noise(200)
            scale.take_off()
            time.sleep(0.1)
            scale.put(1250)
            assert _weigh(link) == 1250
        finally:
            link.close()


def test_tare_is_sent_to_the_scale_and_the_net_weight_follows() -> None:
    with ScaleSimulator(ScaleProtocol.SICS) as scale:
        link = ScaleLink(ScaleSettingsView(scale.port, protocol=ScaleProtocol.SICS,
                                           poll_interval_s=0.05))
        try:
            scale.put(120, settle_s=0)  # the empty box
            link.tare()
            time.sleep(0.1)
            scale.put(620, settle_s=0.1)  # box and goods
            assert _weigh(link) == 500
            assert b"T\r\n" in scale.received
        finally:
            link.close()


def test_an_unplugged_scale_fails_the_read_and_comes_back_under_its_name() -> None:
    with ScaleSimulator(ScaleProtocol.CONTINUOUS) as scale:
        link = ScaleLink(ScaleSettingsView(scale.port, poll_interval_s=0.05))
        scale.put(300, settle_s=0)
        assert _weigh(link) == 300
        scale.unplug()
        with pytest.raises((serial.SerialException, OSError)):
            for _ in range(50):
                link.read()
        link.close()
        scale.plug_in()
        scale.put(300, settle_s=0)
        again = ScaleLink(ScaleSettingsView(scale.port, poll_interval_s=0.05))
        try:
            assert _weigh(again) == 300
        finally:
            again.close()
