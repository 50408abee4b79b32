"""`station-app decode PATH…`: the scan pipeline on image files, folders and videos.

For support staff ("why does this code not scan?") and benchmarks: one JSON line per file with
what the same pipeline as the counter's camera reads in it, and how long that took. It never
starts the window and never opens the station database; a file it cannot read gives a line
with an "error" field, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # our JSON line says what failed, once
import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from station_app.devices.decoding.backends import DECODER_NAMES, DecodedCode, make_decoder
from station_app.devices.decoding.pipeline import ScanPipeline

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif", ".pgm",
                  ".ppm"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg", ".m4v"}
MAX_VIDEO_FRAMES = 3000  # 100 s at 30 fps: enough to diagnose, bounded for a 2-hour recording


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-app decode",
        description="Read QR and barcodes in images, folders of images or videos with the "
                    "counter's scan pipeline; prints one JSON line per file.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--decoder", choices=DECODER_NAMES, default="zxing",
                        help="decoder back-end (default: zxing)")
    return parser


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run the command; 0 when every file was read (codes or not), 1 when any failed."""
    options = build_parser().parse_args(list(argv))
    out = out or sys.stdout
    try:
        pipeline = ScanPipeline(make_decoder(options.decoder))
    except ImportError as error:
        print(json.dumps({"error": f"decoder {options.decoder} is not available: {error}"}),
              file=out)
        return 1
    failures = 0
    for path in expand(options.paths):
        line = decode_file(pipeline, path)
        failures += "error" in line
        print(json.dumps(line, ensure_ascii=False), file=out, flush=True)
    return 1 if failures else 0


def expand(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as given; folders as their images and videos, sorted (not recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file()
                              and p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
        else:
            yield path


def decode_file(pipeline: ScanPipeline, path: Path) -> dict[str, Any]:
    """The JSON line for one file: its codes and the decoding time, or an error."""
    line: dict[str, Any] = {"file": str(path)}
    if not path.is_file():
        return {**line, "error": "no such file"}
    try:
        if path.suffix.lower() in VIDEO_SUFFIXES:
            codes, ms, frames = _video(pipeline, path)
            line["frames"] = frames
        else:
            codes, ms = _image(pipeline, path)
    except _Unreadable as problem:
        return {**line, "error": str(problem)}
    except Exception as error:  # a broken file must give a line, not end the whole run
        return {**line, "error": f"{type(error).__name__}: {error}"}
    line["codes"] = [{"text": code.text, "format": code.format} for code in codes]
    line["ms"] = round(ms, 1)
    return line


class _Unreadable(Exception):
    pass


def _image(pipeline: ScanPipeline, path: Path) -> tuple[list[DecodedCode], float]:
    # imdecode over a byte buffer, not imread: imread cannot open non-ASCII paths on Windows.
    frame = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        frame = _pillow(path)
    pipeline.reset()
    started = time.perf_counter()
    result = pipeline.process(frame, 0.0)
    return list(result.codes), (time.perf_counter() - started) * 1000


def _pillow(path: Path) -> Any:
    """Formats OpenCV does not read (e.g. GIF): through Pillow, else unreadable."""
    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("L"))
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise _Unreadable("not an image this command can read") from error


def _video(pipeline: ScanPipeline, path: Path) -> tuple[list[DecodedCode], float, int]:
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            raise _Unreadable("not a video this command can read")
        fps = capture.get(cv2.CAP_PROP_FPS)
        interval = 1 / fps if 1 <= fps <= 240 else 1 / 30
        pipeline.reset()
        found: dict[tuple[str, str], DecodedCode] = {}
        spent, frames = 0.0, 0
        while frames < MAX_VIDEO_FRAMES:
            ok, frame = capture.read()
            if not ok:
                break
            started = time.perf_counter()
            result = pipeline.process(frame, frames * interval)
            spent += time.perf_counter() - started
            frames += 1
            for code in result.codes:
                found.setdefault((code.text, code.format), code)
        if frames == 0:
            raise _Unreadable("no frames could be read from this video")
        return list(found.values()), spent * 1000, frames
    finally:
        capture.release()
