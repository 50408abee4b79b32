"""Synthetic webcam frames of a pickup counter, deterministic by seed.

A frame is what a USB webcam above the counter sees: a resident's phone showing the order QR
(or a paper label with a 1D code, or nothing) on a cluttered counter, then the camera's own
faults: any rotation, perspective tilt, defocus and motion blur, sensor noise, MJPEG
compression. The phone adds its own: small modules, low screen contrast, glare, dark mode
(light modules on black), fingers over the code. Three difficulty levels choose how much of
each; the generator knows which payloads are in the frame, so reads can be scored exactly.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import qrcode
import zxingcpp

Image = np.ndarray[Any, Any]
LEVELS = ("easy", "medium", "hard")
RESOLUTIONS = ((640, 480), (1280, 720))
KINDS = ("qr", "two", "1d", "none")  # one QR; two codes; one 1D label; no code at all
SKIN = (118, 150, 205)  # BGR


@dataclass(frozen=True)
class Level:
    qr_module_px: tuple[float, float]  # size of one QR module in the frame
    bar_module_px: tuple[float, float]  # width of the narrowest 1D bar in the frame
    max_tilt: float  # degrees the phone or label is tipped away from the camera
    defocus: tuple[float, float]  # Gaussian sigma in px
    motion_p: float
    motion_px: tuple[int, int]
    noise: float  # sensor noise sigma, grey levels
    jpeg: tuple[int, int]  # MJPEG quality
    contrast: tuple[float, float]  # screen/label contrast left after washing out
    glare_p: float
    finger_p: float
    dark_p: float  # dark-mode phones: light modules on black


LEVEL_SETTINGS = {
    "easy": Level((3.5, 6.0), (2.4, 3.5), 12, (0.0, 0.6), 0.0, (0, 0), 2.0, (80, 95),
                  (0.8, 1.0), 0.0, 0.0, 0.1),
    "medium": Level((2.6, 4.2), (1.8, 2.8), 30, (0.4, 1.0), 0.3, (2, 5), 4.0, (60, 85),
                    (0.45, 0.85), 0.3, 0.25, 0.2),
    "hard": Level((2.4, 3.6), (1.6, 2.4), 45, (0.5, 1.2), 0.5, (3, 6), 6.0, (40, 70),
                  (0.3, 0.65), 0.5, 0.45, 0.25),
}


@dataclass(frozen=True)
class SyntheticFrame:
    image: Image  # BGR uint8, as the camera delivers it
    expected: tuple[str, ...]  # payloads in the frame
    formats: tuple[str, ...]  # their formats, same order ("QRCode", "EAN13", "Code128")
    kind: str
    level: str
    size: tuple[int, int]  # width, height
    conditions: tuple[str, ...]  # which degradations were applied (for failure analysis)


def pickup_token(rng: np.random.Generator) -> str:
    """A signed pickup token's shape: `PT1.` and 100-130 upper-case Base32 characters."""
    length = int(rng.integers(100, 131))
    raw = base64.b32encode(rng.bytes(length)).decode().rstrip("=")
    return "PT1." + raw[:length]


def order_number(rng: np.random.Generator) -> str:
    letters = "".join(chr(65 + int(c)) for c in rng.integers(0, 26, 2))
    station = f"{letters}{rng.integers(1, 99):02d}"
    return f"{station}-2611{rng.integers(1, 29):02d}-{rng.integers(1, 9999):04d}"


def ean13(rng: np.random.Generator) -> str:
    digits = "69" + "".join(str(int(d)) for d in rng.integers(0, 10, 10))  # 690-699: China
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def qr_modules(text: str) -> Image:
    """The QR as a bool matrix (True = dark), quiet zone included, EC level M like the app."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def bar_modules(text: str, fmt: str) -> Image:
    """A 1D code as one row of bools (True = bar), without quiet zones."""
    barcode = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    row = np.array(zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=False))
    return np.asarray(row[row.shape[0] // 2] < 128)


def generate(level: str, size: tuple[int, int], kind: str, seed: int) -> SyntheticFrame:
    rng = np.random.default_rng(seed)
    settings = LEVEL_SETTINGS[level]
    width, height = size
    frame = _background(rng, width, height, clutter=level != "easy")
    conditions: list[str] = []
    expected: list[str] = []
    formats: list[str] = []
    plan = {"qr": ["qr"], "two": ["qr", rng.choice(["qr", "1d"])], "1d": ["1d"], "none": []}[kind]
    for index, item in enumerate(plan):
        region = (0, 0, width, height) if len(plan) == 1 else (
            (index * width // 2, 0, width // 2, height))
        if item == "qr":
            text = pickup_token(rng) if rng.random() < 0.7 else order_number(rng)
            patch, mask, code_box = _phone(rng, settings, text, conditions)
            module_px = rng.uniform(*settings.qr_module_px)
            scale = module_px / _PHONE_MODULE
            fmt = "QRCode"
        else:
            fmt = "EAN13" if rng.random() < 0.5 else "Code128"
            text = ean13(rng) if fmt == "EAN13" else order_number(rng)
            patch, mask, code_box = _label(rng, settings, text, fmt, conditions)
            scale = rng.uniform(*settings.bar_module_px) / _LABEL_MODULE
        _place(rng, frame, patch, mask, code_box, scale, region, settings, conditions)
        expected.append(text)
        formats.append(fmt)
    frame = _camera(rng, frame, settings, conditions)
    return SyntheticFrame(frame, tuple(expected), tuple(formats), kind, level, size,
                          tuple(sorted(set(conditions))))


def frame_set(level: str, size: tuple[int, int], count: int, seed: int) -> list[SyntheticFrame]:
    """`count` frames of one level and size: 60 % one QR, 10 % two codes, 20 % a 1D label,
    10 % no code."""
    mix = ["qr"] * 6 + ["two"] + ["1d"] * 2 + ["none"]
    return [generate(level, size, mix[i % len(mix)], seed * 100_003 + i) for i in range(count)]


# -- scene -------------------------------------------------------------------------------------

def _background(rng: np.random.Generator, width: int, height: int, clutter: bool) -> Image:
    base = rng.integers(90, 200, 3).astype(np.float32)
    gradient = np.linspace(0.8, 1.15, width, dtype=np.float32)[None, :, None]
    frame = np.clip(base[None, None, :] * gradient * np.ones((height, 1, 1), np.float32), 0, 255)
    frame = frame.astype(np.uint8)
    if not clutter:
        return frame
    for _ in range(int(rng.integers(8, 20))):  # parcels, receipts, a keyboard, a cup
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        w, h = int(rng.integers(20, width // 3)), int(rng.integers(20, height // 3))
        if rng.random() < 0.5:
            cv2.rectangle(frame, (x, y), (x + w, y + h), color, -1)
        else:
            cv2.ellipse(frame, (x, y), (w // 2, h // 2), float(rng.uniform(0, 180)), 0, 360,
                        color, -1)
    for _ in range(int(rng.integers(3, 8))):  # printed text: dense strokes with edges like codes
        x, y = int(rng.integers(0, width - 60)), int(rng.integers(0, height - 20))
        cv2.putText(frame, "".join(chr(int(c)) for c in rng.integers(65, 91, 8)), (x, y),
                    cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.4, 1.2)),
                    (int(rng.integers(0, 80)),) * 3, int(rng.integers(1, 3)))
    return frame


_PHONE_MODULE = 8  # px per module when the phone is drawn, before the camera shrinks it
_LABEL_MODULE = 4


def _phone(rng: np.random.Generator, settings: Level, text: str,
           conditions: list[str]) -> tuple[Image, Image, Image]:
    """A phone lying on the counter showing `text` as a QR: the patch, its mask and the
    corners of the code inside the patch."""
    modules = qr_modules(text)
    dark_mode = rng.random() < settings.dark_p
    contrast = rng.uniform(*settings.contrast)
    if dark_mode:
        conditions.append("dark_mode")
        paper, ink = 18.0, 18.0 + 215.0 * contrast  # light modules on a black screen
    else:
        paper, ink = 245.0, 245.0 - 230.0 * contrast
    if contrast < 0.6:
        conditions.append("low_contrast")
    code = np.where(modules, ink, paper).astype(np.uint8)
    code = cv2.resize(code, None, fx=_PHONE_MODULE, fy=_PHONE_MODULE,
                      interpolation=cv2.INTER_NEAREST)
    side = code.shape[0]
    screen_w, screen_h = int(side * 1.15), int(side * 2.0)
    screen = np.full((screen_h, screen_w), paper, np.uint8)
    top = int(side * 0.55)
    left = (screen_w - side) // 2
    screen[top:top + side, left:left + side] = code
    for row in range(4):  # the order page: title, slot, lines of text above and below
        y = int(side * 0.12) + row * int(side * 0.1)
        cv2.rectangle(screen, (left, y), (left + int(side * rng.uniform(0.3, 0.9)), y + side // 25),
                      int(ink), -1)
    screen_bgr = cv2.cvtColor(screen, cv2.COLOR_GRAY2BGR)
    bezel = int(side * 0.06)
    body = np.full((screen_h + 4 * bezel, screen_w + 2 * bezel, 3), 25, np.uint8)
    body[2 * bezel:2 * bezel + screen_h, bezel:bezel + screen_w] = screen_bgr
    mask = np.zeros(body.shape[:2], np.uint8)
    cv2.rectangle(mask, (0, 0), (body.shape[1] - 1, body.shape[0] - 1), 255, -1)
    x0, y0 = bezel + left, 2 * bezel + top
    code_box = np.float32([[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]])
    if rng.random() < settings.glare_p:
        conditions.append("glare")
        _glare(rng, body, code_box)
    if rng.random() < settings.finger_p:
        conditions.append("fingers")
        _finger(rng, body, code_box, quiet=4 * _PHONE_MODULE)
    return body, mask, code_box


def _label(rng: np.random.Generator, settings: Level, text: str, fmt: str,
           conditions: list[str]) -> tuple[Image, Image, Image]:
    """A white paper label with a 1D code and its human-readable text under it."""
    bars = bar_modules(text, fmt)
    contrast = rng.uniform(*settings.contrast)
    if contrast < 0.6:
        conditions.append("low_contrast")
    paper, ink = 235.0, 235.0 - 220.0 * contrast
    row = np.where(bars, ink, paper).astype(np.uint8)
    row = np.repeat(row, _LABEL_MODULE)
    bar_h = max(int(len(row) * 0.35), 60)
    quiet = 12 * _LABEL_MODULE
    label = np.full((bar_h + 2 * quiet, len(row) + 2 * quiet), paper, np.uint8)
    label[quiet:quiet + bar_h, quiet:quiet + len(row)] = row[None, :]
    cv2.putText(label, text, (quiet, quiet + bar_h + quiet * 2 // 3), cv2.FONT_HERSHEY_SIMPLEX,
                1.2, int(ink), 2)
    patch = cv2.cvtColor(label, cv2.COLOR_GRAY2BGR)
    mask = np.full(label.shape, 255, np.uint8)
    code_box = np.float32([[quiet, quiet], [quiet + len(row), quiet],
                           [quiet + len(row), quiet + bar_h], [quiet, quiet + bar_h]])
    if rng.random() < settings.glare_p / 2:  # labels are matte, but plastic sleeves shine
        conditions.append("glare")
        _glare(rng, patch, code_box)
    if rng.random() < settings.finger_p / 2:
        conditions.append("fingers")
        _finger(rng, patch, code_box, quiet=quiet)
    return patch, mask, code_box


def _glare(rng: np.random.Generator, image: Image, box: Image) -> None:
    """A ceiling lamp reflected on the screen: a soft bright blob over part of the code."""
    (x0, y0), (x1, y1) = box[0], box[2]
    cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
    radius = (x1 - x0) * rng.uniform(0.1, 0.25)
    reach = int(3 * radius)
    top, left = max(int(cy) - reach, 0), max(int(cx) - reach, 0)
    area = image[top:int(cy) + reach, left:int(cx) + reach]
    ys, xs = np.mgrid[top:top + area.shape[0], left:left + area.shape[1]]
    blob = np.exp(-(((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * radius ** 2))) * rng.uniform(70, 170)
    area[:] = np.clip(area + blob[..., None], 0, 255).astype(np.uint8)


def _finger(rng: np.random.Generator, image: Image, box: Image, quiet: float) -> None:
    """A thumb holding the phone: a skin-coloured capsule reaching in from one side, covering
    the quiet zone and up to a sixth of the code."""
    (x0, y0), (x1, y1) = box[0], box[2]
    side = x1 - x0
    width = int(side * rng.uniform(0.12, 0.2))
    reach = side * rng.uniform(0.02, 0.16)
    along = rng.uniform(0.35, 0.8)
    edge = int(rng.integers(0, 4))
    starts = [((x0 - quiet * 3, y0 + along * side), (x0 + reach, y0 + along * side)),
              ((x1 + quiet * 3, y0 + along * side), (x1 - reach, y0 + along * side)),
              ((x0 + along * side, y1 + quiet * 3), (x0 + along * side, y1 - reach)),
              ((x0 + along * side, y0 - quiet * 3), (x0 + along * side, y0 + reach))]
    (ax, ay), (bx, by) = starts[edge]
    cv2.line(image, (int(ax), int(ay)), (int(bx), int(by)), SKIN, width)
    cv2.circle(image, (int(bx), int(by)), width // 2, SKIN, -1)


def _place(rng: np.random.Generator, frame: Image, patch: Image, mask: Image, code_box: Image,
           scale: float, region: tuple[int, int, int, int], settings: Level,
           conditions: list[str]) -> None:
    """Warp the patch into `region` of the frame: scaled, rotated any way, tilted away from
    the camera (a real perspective projection), with the whole code inside the region."""
    h, w = patch.shape[:2]
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    centre = code_box.mean(axis=0)
    code_side = float(np.linalg.norm(code_box[1] - code_box[0])) * scale
    tilt = np.radians(rng.uniform(0, settings.max_tilt))
    if np.degrees(tilt) > 15:
        conditions.append("tilt")
    axis = rng.uniform(0, np.pi)  # the in-plane axis the phone is tipped about
    spin = rng.uniform(0, 2 * np.pi)
    focal = code_side * rng.uniform(2.0, 4.0)  # the phone is a hand's length from the lens

    def project(points: Image) -> Image:
        xy = (points - centre) * scale
        c, s = np.cos(spin), np.sin(spin)
        xy = xy @ np.array([[c, -s], [s, c]]).T
        ca, sa = np.cos(axis), np.sin(axis)
        u = xy @ np.array([ca, sa])  # distance across the tipping axis
        v = xy @ np.array([-sa, ca])
        depth = u * np.sin(tilt)
        u = u * np.cos(tilt)
        ratio = focal / (focal + depth)
        return np.stack([(u * ca - v * sa) * ratio, (u * sa + v * ca) * ratio], axis=1)

    moved = project(corners)
    code = project(code_box)
    rx, ry, rw, rh = region
    low = np.maximum(-code.min(axis=0) + 8, 0)
    high = np.array([rw, rh]) - code.max(axis=0) - 8
    if np.any(high <= low):
        offset = np.array([rx + rw / 2, ry + rh / 2])
    else:
        offset = np.array([rx, ry]) + rng.uniform(low, high)
    destination = (moved + offset).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, destination)
    size = (frame.shape[1], frame.shape[0])
    # INTER_AREA is not available for warps; a pre-blur matched to the shrink stands in for
    # the lens so modules are averaged, not aliased, as a real sensor does.
    sigma = max(0.0, 0.5 / scale - 0.5)
    source = cv2.GaussianBlur(patch, (0, 0), sigma) if sigma > 0.3 else patch
    warped = cv2.warpPerspective(source, matrix, size, flags=cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(mask, matrix, size, flags=cv2.INTER_LINEAR)
    x, y, bw, bh = cv2.boundingRect(destination)
    x, y = max(x, 0), max(y, 0)
    box = (slice(y, y + bh), slice(x, x + bw))
    a = (alpha[box].astype(np.float32) / 255.0)[..., None]
    frame[box] = (warped[box] * a + frame[box] * (1 - a)).astype(np.uint8)


def _camera(rng: np.random.Generator, frame: Image, settings: Level,
            conditions: list[str]) -> Image:
    """The webcam: focus, shake, exposure, sensor noise and MJPEG, in that order."""
    sigma = rng.uniform(*settings.defocus)
    if sigma > 0.3:
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
        if sigma >= 1.0:
            conditions.append("defocus")
    if rng.random() < settings.motion_p:
        conditions.append("motion_blur")
        length = int(rng.integers(settings.motion_px[0], settings.motion_px[1] + 1))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5),
                                       float(rng.uniform(0, 180)), 1.0)
        kernel = cv2.warpAffine(kernel, turn, (length, length))
        frame = cv2.filter2D(frame, -1, kernel / max(float(kernel.sum()), 1e-6))
    gain = rng.uniform(0.75, 1.15)
    # Luminance noise only: it is what the decoders see, and one channel is 3x cheaper to draw.
    noise = rng.standard_normal((*frame.shape[:2], 1), dtype=np.float32) * settings.noise
    frame = np.clip(frame.astype(np.float32) * gain + noise, 0, 255).astype(np.uint8)
    quality = int(rng.integers(settings.jpeg[0], settings.jpeg[1] + 1))
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR)
