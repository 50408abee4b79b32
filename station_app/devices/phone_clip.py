"""A generated clip of a resident holding a phone with an order QR up to the counter camera.

Demo mode plays it as a virtual camera when no webcam is plugged in, and tests write it to a
video file to drive the real capture code. The phone slides in, tilts, holds still, leaves.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np
import qrcode

from station_app.devices.camera import Frame

WIDTH, HEIGHT = 960, 540
FPS = 30


def qr_image(payload: str, module_px: int) -> Frame:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=np.uint8)
    image = np.where(modules == 1, 0, 255).astype(np.uint8)
    return cv2.resize(image, None, fx=module_px, fy=module_px,
                      interpolation=cv2.INTER_NEAREST)


def phone_image(payload: str, caption: str = "") -> Frame:
    """A phone face-on: dark body, white screen, the app's QR and the order caption.

    The QR sits at (32, 90) in the phone image (see `qr_box`)."""
    qr = qr_image(payload, 4)
    screen_w = qr.shape[1] + 40
    screen_h = qr.shape[0] + 120
    phone = np.full((screen_h + 60, screen_w + 24, 3), (40, 40, 44), np.uint8)
    screen = np.full((screen_h, screen_w, 3), 250, np.uint8)
    cv2.rectangle(screen, (0, 0), (screen_w, 36), (60, 160, 40), -1)  # the app's header
    screen[60:60 + qr.shape[0], 20:20 + qr.shape[1]] = cv2.cvtColor(qr, cv2.COLOR_GRAY2BGR)
    if caption:
        cv2.putText(screen, caption, (14, screen_h - 22), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    (30, 30, 30), 1, cv2.LINE_AA)
    phone[30:30 + screen_h, 12:12 + screen_w] = screen
    return phone


def qr_box(payload: str) -> tuple[float, float, float, float]:
    """Where the QR is in `phone_image`: left, top, right, bottom."""
    side = qr_image(payload, 4).shape[0]
    return 32.0, 90.0, 32.0 + side, 90.0 + side


def _background(rng: random.Random) -> Frame:
    gradient = np.linspace(90, 150, WIDTH, dtype=np.float32)[None, :].repeat(HEIGHT, 0)
    frame = np.dstack([gradient * 0.9, gradient * 0.85, gradient * 0.8])
    for _ in range(12):  # clutter on the counter: boxes and labels
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        cv2.rectangle(frame, (x, y), (x + rng.randrange(30, 160), y + rng.randrange(20, 90)),
                      colour, -1)
    return frame.astype(np.uint8)


def frames_for(payload: str, caption: str, seconds: float, rng: random.Random,
               blur: bool = True) -> Iterator[tuple[Frame, bool]]:
    """One visit: the phone slides in from the right, tilting, holds, then leaves.

    Yields each frame with whether the whole QR is inside it (benchmarks time from there).
    """
    phone = phone_image(payload, caption)
    left, top, right, bottom = qr_box(payload)
    qr_corners = np.array([[[left, top], [right, top], [right, bottom], [left, bottom]]],
                          np.float32)
    background = _background(rng)
    height, width = phone.shape[:2]
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    count = round(seconds * FPS)
    previous_offset = WIDTH * 0.7
    for index in range(count):
        t = index / max(count - 1, 1)
        # slide in (0-0.3) slowing down as a hand does, hold with a little shake, slide out
        if t < 0.3:
            offset = (1 - t / 0.3) ** 3 * WIDTH * 0.7
        elif t > 0.8:
            offset = -((t - 0.8) / 0.2) ** 2 * WIDTH * 0.8
        else:
            offset = 0.0
        speed = abs(offset - previous_offset)  # px per frame
        previous_offset = offset
        shake = math.sin(index * 0.7) * 3
        centre_x = WIDTH / 2 + offset + shake
        centre_y = HEIGHT / 2 + math.cos(index * 0.5) * 3
        scale = 1.0 + 0.1 * math.sin(t * math.pi)
        tilt = 0.12 * math.sin(t * math.pi * 2)  # the phone turns a little about its axis
        angle = math.radians(8 * math.sin(t * math.pi * 1.5))
        half_w, half_h = width * scale / 2, height * scale / 2
        corners = []
        for cx, cy in ((-half_w, -half_h), (half_w, -half_h), (half_w, half_h),
                       (-half_w, half_h)):
            cy_tilted = cy * (1 + tilt * (1 if cx > 0 else -1))
            x = cx * math.cos(angle) - cy_tilted * math.sin(angle)
            y = cx * math.sin(angle) + cy_tilted * math.cos(angle)
            corners.append([centre_x + x, centre_y + y])
        matrix = cv2.getPerspectiveTransform(source, np.array(corners, np.float32))
        frame = background.copy()
        cv2.warpPerspective(phone, matrix, (WIDTH, HEIGHT), frame,
                            borderMode=cv2.BORDER_TRANSPARENT)
        placed = cv2.perspectiveTransform(qr_corners, matrix)[0]
        visible = bool(((placed >= 0) & (placed < [WIDTH, HEIGHT])).all())
        if blur and speed >= 2:
            # motion blur over about half a frame's exposure
            length = min(int(speed * 0.5) | 1, 15)
            kernel = np.full((1, length), 1 / length, np.float32)
            frame = cv2.filter2D(frame, -1, kernel)
        elif blur:
            frame = cv2.GaussianBlur(frame, (3, 3), 0.6)  # a cheap webcam's focus
        yield frame, visible


def write_clip(path: Path, visits: Sequence[tuple[str, str]], seconds_each: float = 3.0,
               blur: bool = True, seed: int = 1) -> Path:
    """Write the visits (payload, caption) as an MJPEG AVI; atomic, so a reader never sees
    half a file."""
    write_clip_timed(path, visits, seconds_each, blur, seed)
    return path


def write_clip_timed(path: Path, visits: Sequence[tuple[str, str]], seconds_each: float = 3.0,
                     blur: bool = True, seed: int = 1) -> list[int]:
    """`write_clip`, returning for each visit the index of the first frame showing its whole
    QR code."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.stem + ".partial.avi")
    writer = cv2.VideoWriter(str(partial), cv2.VideoWriter.fourcc(*"MJPG"), FPS,
                             (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise OSError(f"cannot write video {partial}")
    rng = random.Random(seed)
    first_visible: list[int] = []
    index = 0
    try:
        for payload, caption in visits:
            seen = False
            for frame, visible in frames_for(payload, caption, seconds_each, rng, blur):
                if visible and not seen:
                    first_visible.append(index)
                    seen = True
                writer.write(frame)
                index += 1
            if not seen:
                first_visible.append(-1)
    finally:
        writer.release()
    partial.replace(path)
    return first_visible
