from __future__ import annotations

import numpy as np
import pytest

from station_app.devices.decoding import PyzbarDecoder, ZxingDecoder, make_decoder
from station_app.devices.decoding.regions import to_gray

from .conftest import EAN, ORDER_NO, TOKEN, bars_image, qr_image, scene

BACKENDS = ["zxing", "pyzbar"]


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize(("image", "text", "fmt"), [
    (lambda: qr_image(TOKEN), TOKEN, "QRCode"),
    (lambda: bars_image(EAN, "EAN13"), EAN, "EAN13"),
    (lambda: bars_image(ORDER_NO, "Code128"), ORDER_NO, "Code128"),
], ids=["qr", "ean13", "code128"])
def test_each_backend_reads_clean_codes(name, image, text, fmt) -> None:
    frame = scene(image())
    codes = make_decoder(name).decode(to_gray(frame))
    assert [(c.text, c.format) for c in codes] == [(text, fmt)]
    xs = [x for x, _ in codes[0].corners]
    assert len(codes[0].corners) == 4 and 30 <= min(xs) < max(xs) <= 640


@pytest.mark.parametrize("decoder", [ZxingDecoder, PyzbarDecoder])
@pytest.mark.parametrize("gray", [
    np.zeros((480, 640), np.uint8), np.full((480, 640), 255, np.uint8),
    np.zeros((1, 1), np.uint8), np.zeros((0, 0), np.uint8),
    np.random.default_rng(1).integers(0, 256, (480, 640), dtype=np.uint8),
], ids=["black", "white", "1x1", "empty", "noise"])
def test_backends_find_nothing_in_garbage(decoder, gray) -> None:
    assert decoder().decode(gray) == []


def test_unknown_decoder_is_refused() -> None:
    with pytest.raises(ValueError, match="zxing, pyzbar"):
        make_decoder("zbarcam")
