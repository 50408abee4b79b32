"""Where in a frame a code probably is: cheap image work that lets the decoders look closely.

A 1280×720 webcam frame is mostly counter, parcels and hands. Codes are the one thing in it
that is dense with strong edges in every small window, whatever their symbology or rotation.
Measuring edge density on a quarter-size map costs about a millisecond and gives a few boxes
worth decoding on their own: enlarged when the modules are small, contrast-stretched when the
screen is washed out, turned when a 1D code lies diagonally (the decoders' scan lines only run
across and down).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from station_app.devices.decoding.backends import Gray

Box = tuple[int, int, int, int]  # x, y, width, height in frame pixels

MAP_SCALE = 4  # one cell of the density map covers 4×4 frame pixels
MIN_EDGE = 12  # grey levels: the weakest module edge worth counting (washed-out screens)
MIN_DENSITY = 0.35  # share of strong edges in a cell window; outlines and glare stay below it
MIN_SIDE = 24  # frame pixels: smaller blobs cannot hold a readable code at webcam resolution


def to_gray(frame: np.ndarray[Any, Any]) -> Gray:
    """A grey view of a camera frame (BGR, BGRA or already grey)."""
    if frame.ndim == 2:
        return np.ascontiguousarray(frame.astype(np.uint8, copy=False))
    if frame.ndim == 3 and frame.shape[2] == 3:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 1:
        return np.ascontiguousarray(frame[:, :, 0].astype(np.uint8, copy=False))
    raise ValueError(f"not an image: shape {frame.shape}")


def code_regions(gray: Gray, limit: int = 3) -> list[Box]:
    """Up to `limit` boxes that look like codes, densest first."""
    height, width = gray.shape
    if min(height, width) < 4 * MAP_SCALE:
        return []
    # Every second pixel, not an averaged half-size image: averaging would blur 1.5 px bars
    # into grey, while plain subsampling keeps them as (aliased) edges, at a quarter the cost.
    sampled = np.ascontiguousarray(gray[::2, ::2])
    edges = cv2.morphologyEx(sampled, cv2.MORPH_GRADIENT, np.ones((2, 2), np.uint8))
    _, strong = cv2.threshold(edges, MIN_EDGE - 1, 255, cv2.THRESH_BINARY)
    density = cv2.resize(strong, (width // MAP_SCALE, height // MAP_SCALE),
                         interpolation=cv2.INTER_AREA)
    density = cv2.blur(density, (5, 5))
    dense = (density >= int(MIN_DENSITY * 255)).astype(np.uint8)
    mask = cv2.morphologyEx(dense, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes: list[tuple[float, Box]] = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if min(w, h) * MAP_SCALE < MIN_SIDE:
            continue
        score = float(density[y:y + h, x:x + w].mean()) * area
        boxes.append((score, (x * MAP_SCALE, y * MAP_SCALE, w * MAP_SCALE, h * MAP_SCALE)))
    boxes.sort(key=lambda item: item[0], reverse=True)
    return [box for _, box in boxes[:limit]]


def grow(box: Box, share: float, width: int, height: int) -> Box:
    """`box` enlarged by `share` of its size on every side (the quiet zone and what the density
    map shaved off the code's edge), clipped to the frame."""
    x, y, w, h = box
    margin = int(max(w, h) * share) + 8
    x0, y0 = max(x - margin, 0), max(y - margin, 0)
    x1, y1 = min(x + w + margin, width), min(y + h + margin, height)
    return x0, y0, x1 - x0, y1 - y0


def stretch(gray: Gray) -> Gray:
    """Local contrast stretch (CLAHE): lifts a washed-out or half-glared screen."""
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4))
    return np.asarray(clahe.apply(gray), dtype=np.uint8)


def binarise(gray: Gray, window: int = 15) -> Gray:
    """Black and white against the local mean (the window spans a few enlarged modules)."""
    return np.asarray(cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY, window, 0), dtype=np.uint8)


def sharpen(gray: Gray, sigma: float = 1.2, amount: float = 1.5) -> Gray:
    """Unsharp mask: undoes some of a webcam's defocus and motion blur."""
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return np.asarray(cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0), dtype=np.uint8)


def enlarge(gray: Gray, factor: float) -> Gray:
    """Cubic upscaling: gives the decoders' binarisers more than 2 px per module."""
    return np.asarray(cv2.resize(gray, None, fx=factor, fy=factor,
                                 interpolation=cv2.INTER_CUBIC), dtype=np.uint8)


def bar_angle(gray: Gray) -> float:
    """The angle (degrees, as `turn` takes it) that makes the dominant edges of `gray`
    vertical, from the structure tensor: 1D bars at any rotation become upright."""
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    theta = 0.5 * np.arctan2(2 * float((gx * gy).sum()), float((gx * gx - gy * gy).sum()))
    return float(np.degrees(theta))


def turn(gray: Gray, degrees: float) -> tuple[Gray, np.ndarray[Any, Any]]:
    """`gray` rotated about its centre on a canvas big enough to hold it, and the 2×3 matrix
    that maps the rotated image's points back to `gray`."""
    height, width = gray.shape
    centre = (width / 2, height / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    side = int(np.hypot(width, height)) + 2
    matrix[0, 2] += side / 2 - centre[0]
    matrix[1, 2] += side / 2 - centre[1]
    rotated = cv2.warpAffine(gray, matrix, (side, side), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(rotated, dtype=np.uint8), cv2.invertAffineTransform(matrix)
