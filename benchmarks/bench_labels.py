"""Bag labels through the virtual label printer, in both label languages.

    .venv/bin/python -m benchmarks.bench_labels [--labels 300] [--seed 7]

Makes `--labels` pickup labels the way a morning's slots make them (Chinese masked names,
slots A-1-001…, a pickup code on some, a shortage on some, a rare name character GBK cannot
hold on a few, reprints), and for each label size (40×30, 50×30, 60×40 mm) and language
(TSPL, ZPL) prints every one through `print_label` on the virtual label printer, which keeps
each job's bytes and PNG. Then the tests' own interpreters (tests/label_oracle) read every
job's bytes back: a label counts as read back when zxing-cpp decodes the order number from
the drawn label, every text line sits where the layout put it, and nothing leaves the stock.

Measured: bytes per label (median, p95), time to lay out, render and store one label
(median, p95, including its PNG), and the read-back rate (the issue's target: 100 %).
Writes benchmarks/labels-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import zxingcpp

from benchmarks.results import results_path
from station_app.devices.labels.label import STOCKS, LabelText, extent
from station_app.devices.labels.label_printers import VIRTUAL_LABEL_PRINTER_DIR, print_label
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.layouts import pickup_label_document
from station_app.devices.pickup_label import PickupLabel
from tests.label_oracle.canvas import same_place
from tests.label_oracle.tspl import run_tspl
from tests.label_oracle.zpl import run_zpl

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗𠮷"
GOODS = ("苹果", "五常大米 10kg", "有机菠菜", "土鸡蛋 30枚", "新疆阿克苏冰糖心苹果 5斤装")


def make_labels(count: int, seed: int) -> list[PickupLabel]:
    chance = random.Random(seed)
    start = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    return [PickupLabel(
        order_no=f"XF01-261126-{n:06d}", slot=f"{'ABCD'[n % 4]}-{n % 5 + 1}-{n % 20 + 1:03d}",
        pickup_code=f"{chance.randrange(10**6):06d}" if n % 3 == 0 else "",
        customer_name=chance.choice(SURNAMES) + "**", phone_tail=f"{chance.randrange(10**4):04d}",
        item_count=chance.randint(1, 12), station_name="幸福里社区自提点", station_code="XF01",
        labelled_at=start + timedelta(seconds=n * 7),
        shortage=f"{chance.choice(GOODS)} ×1" if n % 10 == 0 else None,
        language="zh_CN" if n % 8 else "en", reprint=n % 25 == 0) for n in range(count)]


def read_back(data: bytes, language: str, label: PickupLabel,
              settings: LabelPrinterSettings) -> bool:
    run = run_tspl(data) if language == "tspl" else run_zpl(data)
    if len(run.labels) != 1:
        return False
    printed = run.labels[0]
    if [found.text for found in zxingcpp.read_barcodes(printed.image)] != [label.order_no]:
        return False
    texts = [e for e in pickup_label_document(label, settings).elements
             if isinstance(e, LabelText)]
    return not printed.outside() and all(
        any(same_place(placed, extent(text)) for placed in printed.placed) for text in texts)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_one(labels: list[PickupLabel], language: str, stock: str,
              folder: Path) -> dict[str, object]:
    settings = LabelPrinterSettings(language=language, stock=stock)  # type: ignore[arg-type]
    seconds: list[float] = []
    for label in labels:
        began = time.perf_counter()
        print_label(label, settings, folder)
        seconds.append(time.perf_counter() - began)
    jobs = sorted((folder / VIRTUAL_LABEL_PRINTER_DIR).glob("*.bin"))
    sizes = [float(job.stat().st_size) for job in jobs]
    began = time.perf_counter()
    read = sum(read_back(job.read_bytes(), language, label, settings)
               for job, label in zip(jobs, labels, strict=True))
    reading_s = time.perf_counter() - began
    return {"name": f"{language} {stock}", "labels": len(labels),
            "bytes_median": statistics.median(sizes), "bytes_p95": percentile(sizes, 0.95),
            "print_ms_median": round(statistics.median(seconds) * 1000, 2),
            "print_ms_p95": round(percentile(seconds, 0.95) * 1000, 2),
            "read_back": read, "read_back_rate_pct": round(100 * read / len(labels), 2),
            "interpreter_ms_per_label": round(reading_s / len(labels) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    if options.labels < 1:
        parser.error("needs at least one label")
    labels = make_labels(options.labels, options.seed)
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for language in ("tspl", "zpl"):
            for stock in sorted(STOCKS):
                results.append(bench_one(labels, language, stock,
                                         Path(scratch) / f"{language}-{stock}"))
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    print(f"\n{options.labels} pickup labels through the virtual label printer; {machine}")
    print(f"{'language/stock':16} {'bytes med':>10} {'bytes p95':>10} {'ms med':>8} "
          f"{'ms p95':>8} {'read back':>10}")
    for row in results:
        print(f"{row['name']!s:16} {row['bytes_median']:>10} {row['bytes_p95']:>10} "
              f"{row['print_ms_median']:>8} {row['print_ms_p95']:>8} "
              f"{row['read_back_rate_pct']:>9}%")
    results_path("labels-results.json").write_text(json.dumps(
        {"labels": options.labels, "seed": options.seed, "machine": machine,
         "target_read_back_rate_pct": 100, "results": results}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    if any(row["read_back"] != options.labels for row in results):
        sys.exit("some labels did not read back")


if __name__ == "__main__":
    main()
