"""Where benchmarks write their figures: benchmarks/*.json, or (the smoke runs in the test
suite, which must not overwrite the real figures) the folder $STATION_BENCH_RESULTS names."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR_VARIABLE = "STATION_BENCH_RESULTS"


def results_path(relative: str) -> Path:
    """Where a benchmark writes `relative` (e.g. "results.json", "sync/results.json")."""
    folder = os.environ.get(RESULTS_DIR_VARIABLE)
    return Path(folder) / Path(relative).name if folder else ROOT / "benchmarks" / relative
