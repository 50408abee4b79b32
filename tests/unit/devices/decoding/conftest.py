"""Clean code images to build test frames from (generated, never stored)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import qrcode
import zxingcpp

Image = np.ndarray[Any, Any]
TOKEN = "PT1." + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 3 + "ABCDEFGHIJKL"
ORDER_NO = "XF01-261125-0042"
EAN = "6901234567892"


def qr_image(text: str, module: int = 4) -> Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         box_size=module)
    code.add_data(text)
    return np.array(code.make_image().convert("L"), dtype=np.uint8)


def bars_image(text: str, fmt: str, module: int = 2) -> Image:
    barcode = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    image = np.array(zxingcpp.write_barcode_to_image(barcode, scale=module), dtype=np.uint8)
    return cv2.resize(image, (image.shape[1], 120), interpolation=cv2.INTER_NEAREST)


def scene(*codes: Image, size: tuple[int, int] = (640, 480), at: tuple[int, int] = (40, 40),
          ground: int = 170) -> Image:
    """A grey BGR camera frame with the codes pasted side by side from `at`."""
    width, height = size
    frame = np.full((height, width), ground, np.uint8)
    x, y = at
    for code in codes:
        h, w = code.shape
        frame[y:y + h, x:x + w] = code
        x += w + 30
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
