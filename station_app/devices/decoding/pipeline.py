"""The scan pipeline: what one webcam frame holds, and which payloads to act on now.

Reading: one decoder call on the whole frame misses small, washed-out, blurred or diagonal
codes and costs the same on every frame. So the pipeline first looks where the last code was
(region of interest), then where codes probably are (edge-density boxes, decoded as crops),
and only when that finds nothing spends more: the whole frame, then enlarged, contrast-
stretched, sharpened, inverted and turned crops, within a time budget. A frame that reads at
once costs a few milliseconds; the budget bounds the rest (frames that arrive meanwhile are
dropped by the scan loop, never queued).

Acting: a payload is acted on after `confirm_frames` frames agree, or at once when the
validator accepts it (a signed token whose signature checks), so one misread frame never
starts a lookup. It is then not emitted again while it stays in view, nor within `hold_s`
after it left: a phone held up for three seconds is one lookup.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from station_app.devices.decoding.backends import DecodedCode, Decoder, Gray
from station_app.devices.decoding.regions import (
    Box,
    bar_angle,
    binarise,
    code_regions,
    enlarge,
    grow,
    sharpen,
    stretch,
    to_gray,
    turn,
)

log = logging.getLogger("station.scan")

ROI_TTL_S = 0.6  # a code seen this recently is looked for where it was first
FULL_SCAN_EVERY = 5  # while tracking, every 5th frame still scans everything (a second code)
CONFIRM_GAP_S = 0.5  # agreeing frames must be this close together to count as agreement
SMALL_CROP = 320  # px: crops smaller than this are enlarged (small modules)
LARGE_FRAME = 1000  # px: wider frames are also decoded at half size (big, blurred codes)


@dataclass(frozen=True)
class FrameResult:
    codes: list[DecodedCode]  # everything read in this frame, corners in frame pixels
    new_scans: list[str]  # payloads to act on now (confirmed, not seen recently)
    passes: tuple[str, ...] = ()  # the passes that ran, the last one read the codes
    ms: float = 0.0


@dataclass
class _Sighting:
    last_at: float
    count: int = 1
    emitted: bool = False


@dataclass
class _Tracker:
    """Temporal confirmation and de-duplication, one entry per payload."""

    confirm_frames: int
    hold_s: float
    validator: Callable[[str], bool] | None
    seen: dict[str, _Sighting] = field(default_factory=dict)

    def update(self, texts: list[str], at: float) -> list[str]:
        new: list[str] = []
        for text in dict.fromkeys(texts):
            sighting = self.seen.get(text)
            if sighting is None or at - sighting.last_at > self.hold_s:
                sighting = self.seen[text] = _Sighting(at)  # new, or back after leaving
            else:
                close = at - sighting.last_at <= CONFIRM_GAP_S
                sighting.count = sighting.count + 1 if close or sighting.emitted else 1
                sighting.last_at = at
            if not sighting.emitted and (sighting.count >= self.confirm_frames
                                         or self._valid(text)):
                sighting.emitted = True
                new.append(text)
        for text in [t for t, s in self.seen.items() if at - s.last_at > self.hold_s]:
            del self.seen[text]
        return new

    def _valid(self, text: str) -> bool:
        if self.validator is None:
            return False
        try:
            return bool(self.validator(text))
        except Exception:  # a verifier bug must not stop scanning; the N-frame rule still holds
            log.exception("the scan validator failed")
            return False


class ScanPipeline:
    """Feed it camera frames with their time; it says what is in each and what to act on."""

    def __init__(self, decoder: Decoder, *, confirm_frames: int = 2,
                 validator: Callable[[str], bool] | None = None, hold_s: float = 3.0,
                 budget_ms: float = 60.0,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        if confirm_frames < 1:
            raise ValueError("confirm_frames must be at least 1")
        self.decoder = decoder
        self.budget_ms = budget_ms
        self._clock = clock
        self._tracker = _Tracker(confirm_frames, hold_s, validator)
        self._roi: Box | None = None
        self._roi_at = float("-inf")
        self._frames_tracked = 0

    def reset(self) -> None:
        """Forget the region of interest and every sighting (a new customer, a test)."""
        self._tracker.seen.clear()
        self._roi, self._roi_at, self._frames_tracked = None, float("-inf"), 0

    def process(self, frame: np.ndarray[Any, Any], at: float) -> FrameResult:
        """Read `frame` (BGR or grey) taken at `at` seconds (any monotonic clock)."""
        started = self._clock()
        codes, passes = self.read(frame, at)
        if codes:
            self._remember(codes, at)
        new_scans = self._tracker.update([code.text for code in codes], at)
        return FrameResult(codes, new_scans, passes, (self._clock() - started) * 1000)

    def read(self, frame: np.ndarray[Any, Any], at: float = 0.0) -> tuple[list[DecodedCode],
                                                                          tuple[str, ...]]:
        """The codes in one frame and the passes it took, without temporal rules."""
        if frame.size == 0 or frame.ndim not in (2, 3):
            return [], ()
        gray = to_gray(frame)
        if min(gray.shape) < 8:
            return [], ()
        deadline = self._clock() + self.budget_ms / 1000
        passes: list[str] = []
        for name, attempt in self._passes(gray, at):
            passes.append(name)
            codes = attempt()
            if codes:
                return _unique(codes), tuple(passes)
            if self._clock() > deadline:
                break
        return [], tuple(passes)

    def _passes(self, gray: Gray, at: float) -> Iterator[tuple[str, Callable[[],
                                                                             list[DecodedCode]]]]:
        """The passes in order of cost per code found; each runs only if those before failed."""
        height, width = gray.shape
        decode = self.decoder.decode
        tracking = self._roi is not None and at - self._roi_at <= ROI_TTL_S
        if tracking and self._roi is not None:
            self._frames_tracked += 1
            if self._frames_tracked % FULL_SCAN_EVERY:
                roi = grow(self._roi, 0.5, width, height)
                yield "roi", lambda: _in_crop(decode, gray, roi)
        regions = [grow(box, 0.15, width, height) for box in code_regions(gray)]
        yield "regions", lambda: _in_crops(decode, gray, regions)
        yield "frame", lambda: decode(gray)
        yield "turned", lambda: _turned(decode, gray, regions)
        small = [box for box in regions if max(box[2], box[3]) < SMALL_CROP]
        if small:
            yield "enlarged", lambda: _in_crops(decode, gray, small, _twice, scale=2.0)
        yield "binarised", lambda: _in_crops(decode, gray, regions, _binarised, scale=2.0)
        yield "sharpened", lambda: _in_crops(decode, gray, regions, _sharpened, scale=2.0)
        yield "stretched", lambda: _in_crops(decode, gray, regions, stretch)
        if not self.decoder.reads_inverted:
            yield "inverted", lambda: _in_crops(decode, gray, regions, _invert) or decode(
                _invert(gray))
        yield "enlarged3", lambda: _in_crops(decode, gray, small, _thrice, scale=3.0)
        if width >= LARGE_FRAME:
            yield "halved", lambda: _scaled(decode, gray, 0.5)

    def _remember(self, codes: list[DecodedCode], at: float) -> None:
        xs = [x for code in codes for x, _ in code.corners]
        ys = [y for code in codes for _, y in code.corners]
        if not xs:
            return
        x0, y0 = int(min(xs)), int(min(ys))
        self._roi = (max(x0, 0), max(y0, 0), int(max(xs)) - x0 + 1, int(max(ys)) - y0 + 1)
        if at - self._roi_at > ROI_TTL_S:
            self._frames_tracked = 0
        self._roi_at = at


Transform = Callable[[Gray], Gray]


def _in_crop(decode: Callable[[Gray], list[DecodedCode]], gray: Gray, box: Box,
             transform: Transform | None = None, scale: float = 1.0) -> list[DecodedCode]:
    x, y, w, h = box
    crop = gray[y:y + h, x:x + w]
    if transform is not None:
        crop = transform(crop)
    return [_moved(code, lambda px, py: (px / scale + x, py / scale + y))
            for code in decode(crop)]


def _in_crops(decode: Callable[[Gray], list[DecodedCode]], gray: Gray, boxes: list[Box],
              transform: Transform | None = None, scale: float = 1.0) -> list[DecodedCode]:
    found: list[DecodedCode] = []
    for box in boxes:
        found += _in_crop(decode, gray, box, transform, scale)
    return found


def _turned(decode: Callable[[Gray], list[DecodedCode]], gray: Gray,
            boxes: list[Box]) -> list[DecodedCode]:
    """1D codes lying diagonally: the decoders scan rows and columns, so turn the crop until
    its bars stand upright."""
    found: list[DecodedCode] = []
    for x, y, w, h in boxes:
        crop = gray[y:y + h, x:x + w]
        angle = bar_angle(crop)
        if abs(angle) < 10 or abs(abs(angle) - 90) < 10:
            continue  # already upright or lying flat: the earlier passes covered it
        rotated, back = turn(crop, angle)
        back[:, 2] += (x, y)  # rotated crop -> crop -> frame, in one affine map
        found += [_moved(code, _affine(back)) for code in decode(rotated)]
    return found


def _affine(matrix: np.ndarray[Any, Any]) -> Callable[[float, float], tuple[float, float]]:
    def apply(px: float, py: float) -> tuple[float, float]:
        return (float(matrix[0, 0] * px + matrix[0, 1] * py + matrix[0, 2]),
                float(matrix[1, 0] * px + matrix[1, 1] * py + matrix[1, 2]))
    return apply


def _scaled(decode: Callable[[Gray], list[DecodedCode]], gray: Gray,
            factor: float) -> list[DecodedCode]:
    small = np.asarray(cv2.resize(gray, None, fx=factor, fy=factor,
                                  interpolation=cv2.INTER_AREA), dtype=np.uint8)
    return [_moved(code, lambda px, py: (px / factor, py / factor)) for code in decode(small)]


def _invert(gray: Gray) -> Gray:
    return np.asarray(255 - gray, dtype=np.uint8)


def _moved(code: DecodedCode, to_frame: Callable[[float, float], tuple[float, float]]
           ) -> DecodedCode:
    corners = tuple(tuple(float(v) for v in to_frame(px, py)) for px, py in code.corners)
    return DecodedCode(code.text, code.format, corners)  # type: ignore[arg-type]


def _unique(codes: list[DecodedCode]) -> list[DecodedCode]:
    """One entry per payload and format (overlapping crops read the same code twice)."""
    kept: dict[tuple[str, str], DecodedCode] = {}
    for code in codes:
        kept.setdefault((code.text, code.format), code)
    return list(kept.values())


def _twice(gray: Gray) -> Gray:
    return enlarge(gray, 2.0)


def _thrice(gray: Gray) -> Gray:
    return enlarge(gray, 3.0)


def _binarised(gray: Gray) -> Gray:
    """Enlarged, then thresholded against the local mean: the decoders' own binarisers give up
    on blurred, washed-out modules that a 15 px mean window still separates."""
    return binarise(enlarge(gray, 2.0))


def _sharpened(gray: Gray) -> Gray:
    return sharpen(enlarge(gray, 2.0), sigma=2.0, amount=2.5)
