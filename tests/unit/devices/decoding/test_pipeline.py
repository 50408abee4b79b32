from __future__ import annotations

import numpy as np
import pytest

from station_app.devices.decoding import PyzbarDecoder, ScanPipeline, ZxingDecoder

from .conftest import ORDER_NO, TOKEN, qr_image, scene

FPS = 15


def frames(image: np.ndarray, seconds: float, start: float = 0.0):
    for i in range(int(seconds * FPS)):
        yield image, start + i / FPS


@pytest.mark.parametrize("decoder", [PyzbarDecoder(), ZxingDecoder(try_invert=False)],
                         ids=["pyzbar", "zxing-no-invert"])
def test_dark_mode_code_needs_the_inverted_pass(decoder) -> None:
    dark = scene(255 - qr_image(ORDER_NO), ground=20)
    assert decoder.decode(dark[:, :, 0]) == []  # the decoder alone cannot read it
    result = ScanPipeline(decoder).process(dark, 0.0)
    assert [c.text for c in result.codes] == [ORDER_NO]
    assert result.passes[-1] == "inverted"


def test_region_of_interest_follows_the_last_hit() -> None:
    pipeline = ScanPipeline(ZxingDecoder())
    frame = scene(qr_image(ORDER_NO), size=(1280, 720), at=(700, 300))
    first = pipeline.process(frame, 0.0)
    second = pipeline.process(frame, 0.05)
    assert "roi" not in first.passes
    assert second.passes == ("roi",)
    assert [c.text for c in second.codes] == [ORDER_NO]
    (x0, y0), (x1, y1) = second.codes[0].corners[0], second.codes[0].corners[2]
    assert min(x0, x1) >= 690 and min(y0, y1) >= 290  # frame pixels, not crop ones
    later = pipeline.process(frame, 5.0)  # the hit is too old: look everywhere again
    assert "roi" not in later.passes and later.codes


def test_a_payload_needs_n_agreeing_frames() -> None:
    pipeline = ScanPipeline(ZxingDecoder(), confirm_frames=3)
    frame = scene(qr_image(ORDER_NO))
    emitted = [pipeline.process(frame, i / FPS).new_scans for i in range(4)]
    assert emitted == [[], [], [ORDER_NO], []]


def test_a_valid_signed_token_acts_at_once() -> None:
    checked: list[str] = []

    def validator(text: str) -> bool:
        checked.append(text)
        return text == TOKEN

    pipeline = ScanPipeline(ZxingDecoder(), confirm_frames=3, validator=validator)
    token, order = scene(qr_image(TOKEN)), scene(qr_image(ORDER_NO))
    assert pipeline.process(token, 0.0).new_scans == [TOKEN]
    assert pipeline.process(order, 1.0).new_scans == []  # not a token: waits for agreement
    assert checked == [TOKEN, ORDER_NO]


def test_a_failing_validator_falls_back_to_agreement() -> None:
    def broken(text: str) -> bool:
        raise RuntimeError("key store gone")

    pipeline = ScanPipeline(ZxingDecoder(), confirm_frames=2, validator=broken)
    frame = scene(qr_image(ORDER_NO))
    assert [pipeline.process(frame, t).new_scans for t in (0.0, 0.1)] == [[], [ORDER_NO]]


def test_a_code_held_up_for_three_seconds_is_one_scan() -> None:
    pipeline = ScanPipeline(ZxingDecoder(), confirm_frames=2, hold_s=3.0)
    image = scene(qr_image(ORDER_NO))
    scans = [s for frame, at in frames(image, 3.0) for s in pipeline.process(frame, at).new_scans]
    assert scans == [ORDER_NO]


def test_the_same_code_scans_again_after_it_left_for_longer_than_hold() -> None:
    pipeline = ScanPipeline(ZxingDecoder(), confirm_frames=2, hold_s=3.0)
    image, empty = scene(qr_image(ORDER_NO)), scene()
    timeline = [*frames(image, 1.0), *frames(empty, 2.0, start=1.0),  # gone 2 s: same visit
                *frames(image, 1.0, start=3.0), *frames(empty, 3.5, start=4.0),
                *frames(image, 1.0, start=7.5)]  # gone 3.5 s: a new scan
    scans = [(at, s) for frame, at in timeline for s in pipeline.process(frame, at).new_scans]
    assert [s for _, s in scans] == [ORDER_NO, ORDER_NO]
    assert scans[0][0] < 1.0 and scans[1][0] >= 7.5


def test_a_frame_without_a_code_gives_nothing() -> None:
    result = ScanPipeline(ZxingDecoder()).process(scene(), 0.0)
    assert result.codes == [] and result.new_scans == []


@pytest.mark.parametrize("frame", [
    np.zeros((480, 640, 3), np.uint8), np.full((720, 1280, 3), 255, np.uint8),
    np.zeros((1, 1, 3), np.uint8), np.zeros((1, 1), np.uint8), np.zeros((0, 0, 3), np.uint8),
    np.zeros((480, 640, 4), np.uint8), np.zeros((5, 3000, 3), np.uint8),
    np.random.default_rng(2).integers(0, 256, (720, 1280, 3), dtype=np.uint8),
], ids=["black", "white", "1x1", "1x1-grey", "empty", "bgra", "sliver", "noise"])
@pytest.mark.parametrize("decoder", [ZxingDecoder(), PyzbarDecoder()], ids=["zxing", "pyzbar"])
def test_garbage_frames_never_raise(frame, decoder) -> None:
    result = ScanPipeline(decoder).process(frame, 0.0)
    assert result.codes == [] and result.new_scans == []
