"""`station-app`: the program's front door (also `python -m ui.launcher`).

It stands on top of every layer (core, sync, window), so it is the one place that may reach
all of them; the core never reaches up to start the window. Qt is imported only when a window
is wanted: `decode`, the care commands and `--help` start fast, need no display and load no Qt
(tests/unit/test_layering.py and the decode command's test check that).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from station_app.paths import DataDir, default_data_dir
from station_app.private_files import restrict_umask

STARTED_AT = time.perf_counter()
DATA_DIR_VARIABLE = "STATION_APP_DATA_DIR"  # e.g. a second disk, set once by the installer
CARE_COMMANDS = ("backup", "backups", "restore", "health", "support-bundle", "reset-pin")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-app",
        description="Counter app for neighbourhood pickup stations (自提点柜台).",
        epilog="station-app decode PATH… reads codes in images or videos without the window "
               "(see station-app decode --help). Looking after the data: station-app backup, "
               "backups, restore, health, support-bundle, reset-pin (each with --help).",
    )
    parser.add_argument("--demo", action="store_true",
                        help="run the demo station: sample orders and the virtual printer, "
                             "in a folder of its own (default: the demo subfolder of "
                             f"${DATA_DIR_VARIABLE} when set, else {default_data_dir() / 'demo'})"
                             "; it never runs on a real station's data")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"where the station database and receipts live (default: "
                             f"${DATA_DIR_VARIABLE}, else {default_data_dir() / 'station'})")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default=None,
                        help="language of the window (default: from settings, zh_CN)")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="save a PNG of the window once it is ready, then quit")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="print the start-up time and quit (cold-start benchmark)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation offscreen (database, receipt, decoders, "
                             "fonts, translations, window) and exit 0 when all is well; uses a "
                             "temporary folder, or DIR/self-test with --data-dir DIR")
    return parser


def station_data_dir(demo: bool) -> Path:
    """The data dir when --data-dir is not given: the environment's, else the platform's.
    The demo's is never the station's: `demo` inside the environment's folder (which the
    installer may have made the only writable one), else next to the platform's station."""
    configured = os.environ.get(DATA_DIR_VARIABLE)
    if configured:
        return Path(configured) / "demo" if demo else Path(configured)
    return default_data_dir() / ("demo" if demo else "station")


def run_window(options: argparse.Namespace, started_at: float) -> int:
    """Open the counter window (Qt is imported here, not before)."""
    from ui import app  # noqa: PLC0415 - Qt only when a window is wanted

    return int(app.run(options, started_at))


def run_self_test(data_dir: Path | None) -> int:
    """The installation's self-test, offscreen (Qt is imported here, not before)."""
    from ui import self_test  # noqa: PLC0415 - Qt only when a window is wanted

    return int(self_test.run(data_dir))


def main(argv: Sequence[str] | None = None) -> int:
    # Every file this process makes is this account's alone (station_app.private_files).
    restrict_umask()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["decode"]:
        # A support command: no window, no station database, no Qt imported.
        from station_app.devices.decoding import files  # noqa: PLC0415 - only this command

        return files.main(args[1:])
    if args[:1] and args[0] in CARE_COMMANDS:
        # backup, backups, restore, health, support-bundle: no window, no Qt imported.
        from station_app.care import commands  # noqa: PLC0415 - only these commands

        return commands.main(args, station_data_dir)
    options = build_parser().parse_args(args)
    if options.self_test:
        # Never the station's own data: the self-test makes a fresh demo station of its own.
        return run_self_test(options.data_dir)
    if options.data_dir is None:
        options.data_dir = station_data_dir(options.demo)
    if options.demo:
        # Before the window writes its log or lock into the folder (station_app.demo_guard).
        from station_app.demo_guard import real_station_in, refusal  # noqa: PLC0415

        real = real_station_in(DataDir(Path(options.data_dir)).database)
        if real is not None:
            print(str(refusal(real, options.data_dir)), file=sys.stderr)
            return 2
    return run_window(options, STARTED_AT)


if __name__ == "__main__":
    sys.exit(main())
