"""Decoding benchmark: our scan pipeline against raw zxing-cpp, raw pyzbar and OpenCV.

    python -m benchmarks.decode.run [--quick] [--seed N]

Every reader gets the same synthetic BGR webcam frames (benchmarks/decode/frames.py) and is
timed from the BGR frame to its answer (grey conversion included). Success = an expected
payload read (a frame with two codes counts two); false read = any text read that is not in
the frame. The pipeline reads each frame on its own (its memory of earlier frames is reset),
so the region of interest and temporal confirmation give it no help here: those make a live
camera faster and safer, not this table better. OpenCV's detectors read QR codes only, so
their success counts QR codes only.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import zxingcpp

from benchmarks.decode.frames import LEVELS, RESOLUTIONS, SyntheticFrame, frame_set
from station_app.devices.decoding.backends import PyzbarDecoder, ZxingDecoder
from station_app.devices.decoding.pipeline import ScanPipeline
from station_app.devices.decoding.regions import to_gray

RESULTS = Path(__file__).with_name("results.json")
FRAMES_FULL = 200  # per level and resolution: 1,200 frames, about 2 minutes on 2 cores
FRAMES_QUICK = 30

Reader = Callable[[Any], list[tuple[str, str]]]  # BGR frame -> (text, format) pairs


@dataclass
class Tally:
    expected: int = 0
    read: int = 0
    expected_qr: int = 0
    read_qr: int = 0
    expected_1d: int = 0
    read_1d: int = 0
    false_reads: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, frame: SyntheticFrame, found: list[tuple[str, str]], ms: float,
            qr_only: bool) -> None:
        texts = {text for text, _ in found}
        for text, fmt in zip(frame.expected, frame.formats, strict=True):
            if fmt == "QRCode":
                self.expected_qr += 1
                self.read_qr += text in texts
            else:
                self.expected_1d += 1
                self.read_1d += text in texts
            if not qr_only or fmt == "QRCode":
                self.expected += 1
                self.read += text in texts
        self.false_reads += len(texts - set(frame.expected))
        self.ms.append(ms)

    def summary(self) -> dict[str, Any]:
        return {
            "success": _share(self.read, self.expected), "read": self.read,
            "expected": self.expected,
            "qr_success": _share(self.read_qr, self.expected_qr),
            "1d_success": _share(self.read_1d, self.expected_1d),
            "false_reads": self.false_reads, "frames": len(self.ms),
            "median_ms": round(statistics.median(self.ms), 2),
            "p95_ms": round(float(np.percentile(self.ms, 95)), 2),
        }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def readers() -> dict[str, tuple[Reader, bool]]:
    """name -> (reader, reads QR only)."""
    zxing, zbar = ZxingDecoder(), PyzbarDecoder()
    pipeline = ScanPipeline(ZxingDecoder())

    def ours(frame: Any) -> list[tuple[str, str]]:
        pipeline.reset()  # single frames: no region of interest, no memory
        return [(c.text, c.format) for c in pipeline.process(frame, 0.0).codes]

    def raw(decoder: ZxingDecoder | PyzbarDecoder) -> Reader:
        return lambda frame: [(c.text, c.format) for c in decoder.decode(to_gray(frame))]

    chosen: dict[str, tuple[Reader, bool]] = {
        "pipeline": (ours, False),
        "zxing-cpp": (raw(zxing), False),
        "pyzbar": (raw(zbar), False),
    }
    for name in ("QRCodeDetector", "QRCodeDetectorAruco"):
        if hasattr(cv2, name):
            chosen[f"cv2.{name}"] = (_opencv(getattr(cv2, name)()), True)
    return chosen


def _opencv(detector: Any) -> Reader:
    def read(frame: Any) -> list[tuple[str, str]]:
        try:
            ok, texts, _, _ = detector.detectAndDecodeMulti(frame)
        except cv2.error:
            return []
        return [(text, "QRCode") for text in (texts if ok else ()) if text]
    return read


def run(frames_per_set: int, seed: int) -> dict[str, Any]:
    chosen = readers()
    tallies: dict[tuple[str, str, str], Tally] = {}
    for size in RESOLUTIONS:
        for level in LEVELS:
            frames = frame_set(level, size, frames_per_set, seed)
            for name, (reader, qr_only) in chosen.items():
                tally = tallies.setdefault((name, level, f"{size[0]}x{size[1]}"), Tally())
                for frame in frames:
                    started = time.perf_counter()
                    found = reader(frame.image)
                    tally.add(frame, found, (time.perf_counter() - started) * 1000, qr_only)
            print(f"  {size[0]}x{size[1]} {level}: {len(frames)} frames", file=sys.stderr)
    rows = [{"reader": name, "level": level, "resolution": res, **tally.summary()}
            for (name, level, res), tally in tallies.items()]
    return {
        "command": "python -m benchmarks.decode.run" + (" --quick" if frames_per_set ==
                                                         FRAMES_QUICK else ""),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": _cpus(),
                    "opencv": cv2.__version__, "zxing-cpp": getattr(zxingcpp, "__version__",
                                                                    "?")},
        "seed": seed, "frames_per_level_and_resolution": frames_per_set,
        "rows": rows, "targets": targets(rows, [
            ms for (name, _, res), tally in tallies.items()
            if name == "pipeline" and res == "1280x720" for ms in tally.ms]),
    }


def _cpus() -> int:
    import os
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def targets(rows: list[dict[str, Any]], pipeline_hd_ms: list[float]) -> dict[str, Any]:
    """The issue's targets: at least the best raw decoder on easy and medium, 1.3× it on hard,
    no false reads, median ≤ 5 ms per 1280×720 frame."""
    def pooled(reader: str, level: str) -> float:
        mine = [r for r in rows if r["reader"] == reader and r["level"] == level]
        return 100 * sum(r["read"] for r in mine) / max(sum(r["expected"] for r in mine), 1)

    raw = ("zxing-cpp", "pyzbar")
    checks: dict[str, Any] = {}
    for level in LEVELS:
        best = max(raw, key=lambda name, lv=level: pooled(name, lv))
        ours, theirs = pooled("pipeline", level), pooled(best, level)
        factor = 1.3 if level == "hard" else 1.0
        checks[level] = {"pipeline": round(ours, 1), "best_raw": best,
                         "best_raw_success": round(theirs, 1),
                         "ratio": round(ours / theirs, 2) if theirs else None,
                         "met": ours >= factor * theirs}
    checks["false_reads"] = {"pipeline": sum(r["false_reads"] for r in rows
                                             if r["reader"] == "pipeline")}
    checks["false_reads"]["met"] = checks["false_reads"]["pipeline"] == 0
    checks["median_ms_1280x720"] = {"pipeline": round(statistics.median(pipeline_hd_ms), 2)}
    checks["median_ms_1280x720"]["met"] = checks["median_ms_1280x720"]["pipeline"] <= 5.0
    return checks


def table(result: dict[str, Any]) -> str:
    names = list(dict.fromkeys(r["reader"] for r in result["rows"]))
    lines = []
    for res in dict.fromkeys(r["resolution"] for r in result["rows"]):
        lines += [f"\n**{res}** — success % (QR / 1D) · false reads · median / p95 ms per frame\n",
                  "| level | " + " | ".join(names) + " |",
                  "|---|" + "---|" * len(names)]
        for level in LEVELS:
            cells = []
            for name in names:
                r = next(r for r in result["rows"] if r["reader"] == name
                         and r["level"] == level and r["resolution"] == res)
                detail = "" if name.startswith("cv2.") else (
                    f" ({_pct(r['qr_success'])} / {_pct(r['1d_success'])})")
                cells.append(f"{_pct(r['success'])}{detail} · {r['false_reads']} · "
                             f"{r['median_ms']:.1f} / {r['p95_ms']:.1f}")
            lines.append(f"| {level} | " + " | ".join(cells) + " |")
    lines.append("\nTargets: " + "; ".join(
        f"{key}: {'met' if value['met'] else 'NOT met'} "
        f"({', '.join(f'{k}={v}' for k, v in value.items() if k != 'met')})"
        for key, value in result["targets"].items()))
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{FRAMES_QUICK} frames per level and resolution (under a minute)")
    parser.add_argument("--frames", type=int, default=None,
                        help="frames per level and resolution (the test suite's smoke run)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    frames = options.frames or (FRAMES_QUICK if options.quick else FRAMES_FULL)
    result = run(frames, options.seed)
    options.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
