"""Every benchmark, run end to end at a tiny size: so none of them rots between the times
someone measures with them (bench_counter once failed while building its data after a
migration added a column). Figures are not checked here, only that each runs and writes its
results; they go to a temporary folder, never over the committed figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.results import RESULTS_DIR_VARIABLE

REPO = Path(__file__).resolve().parents[2]

SMOKE_RUNS = {
    "benchmarks.bench_counter": (["--orders", "60", "--movements", "200", "--samples", "5",
                                  "--starts", "1"], "results.json"),
    "benchmarks.bench_camera": (["--visits", "2"], "camera-results.json"),
    "benchmarks.bench_count": (["--lines", "4", "--skus", "20", "--movements", "100"],
                               "count-results.json"),
    "benchmarks.bench_receiving": (["--lines", "20", "--orders", "5"],
                                   "receiving-results.json"),
    "benchmarks.sync.run": (["--events", "300", "--orders", "100"], "results.json"),
    "benchmarks.bench_recovery": (["--handovers", "20", "--runs", "1"],
                                  "recovery-results.json"),
    "benchmarks.bench_sorting": (["--orders", "6", "--units", "20", "--products", "4"],
                                 "sorting-results.json"),
    "benchmarks.bench_scale": (["--weighings", "3"], "scale-results.json"),
    "benchmarks.bench_customer_display": (["--orders", "60", "--movements", "200",
                                           "--samples", "6"], "customer-display-results.json"),
    "benchmarks.bench_notices": (["--orders", "120", "--stations", "3"],
                                 "notices-results.json"),
    "benchmarks.bench_labels": (["--labels", "12"], "labels-results.json"),
    "benchmarks.bench_fleet": (["--stations", "3", "--orders", "4", "--intervals", "1",
                                "--workers", "1", "--log-rows", "2000", "--overload", "8",
                                "--seconds", "1", "--repeats", "3"], "fleet-results.json"),
    "benchmarks.bench_counters": (["--handovers", "20", "--orders", "200", "--movements", "500",
                                   "--lookups", "3", "--interval-ms", "10"],
                                  "counters-results.json"),
}


@pytest.mark.parametrize("module", sorted(SMOKE_RUNS))
def test_the_benchmark_runs_at_a_tiny_size(module: str, tmp_path: Path) -> None:
    arguments, written = SMOKE_RUNS[module]
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       **{RESULTS_DIR_VARIABLE: str(tmp_path)})
    done = subprocess.run([sys.executable, "-m", module, *arguments], cwd=REPO,
                          env=environment, capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    result = json.loads((tmp_path / written).read_text(encoding="utf-8"))
    assert result


def test_the_decoding_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "decode.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks.decode.run", "--frames", "2",
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    assert json.loads(out.read_text(encoding="utf-8"))["targets"]
