"""`station-app`: the command line. Parses options without Qt; the window is loaded only when
a window is wanted, so headless commands (and `--help`) start fast and need no display."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from station_app.paths import default_data_dir

STARTED_AT = time.perf_counter()
DATA_DIR_VARIABLE = "STATION_APP_DATA_DIR"  # e.g. a second disk, set once by the installer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-app",
        description="Counter app for neighbourhood pickup stations (自提点柜台).",
        epilog="station-app decode PATH… reads codes in images or videos without the window "
               "(see station-app decode --help).",
    )
    parser.add_argument("--demo", action="store_true",
                        help="run the demo station: sample orders and the virtual printer")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"where the station database and receipts live (default: "
                             f"${DATA_DIR_VARIABLE}, else {default_data_dir()})")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default=None,
                        help="language of the window (default: from settings, zh_CN)")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="save a PNG of the window once it is ready, then quit")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="print the start-up time and quit (cold-start benchmark)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["decode"]:
        # A support command: no window, no station database, no Qt imported.
        from station_app.devices.decoding import files  # noqa: PLC0415 - only this command

        return files.main(args[1:])
    options = build_parser().parse_args(args)
    if options.data_dir is None:
        configured = os.environ.get(DATA_DIR_VARIABLE)
        options.data_dir = Path(configured) if configured else (
            default_data_dir() / ("demo" if options.demo else "station"))
    # The window lives in `ui`, on top of the core; it is looked up by name so the core
    # never depends on Qt at import time.
    window = importlib.import_module("ui.app")
    return int(window.run(options, STARTED_AT))


if __name__ == "__main__":
    sys.exit(main())
