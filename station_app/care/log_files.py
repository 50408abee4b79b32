"""The counter's log files: `logs/station.log` in the data dir, rotated at 2 MB, five kept.

The window and the `station-app` care commands log here alike (the frozen app has no console
to read). Nothing personal is logged on purpose; the support bundle scrubs what slips in
(care.support_bundle)."""

from __future__ import annotations

import logging
import logging.handlers
from io import TextIOWrapper
from pathlib import Path

from station_app.private_files import private_dir, private_file

LOG_FILE = "station.log"
MAX_BYTES = 2_000_000
KEEP = 5  # station.log.1 … station.log.5: ~12 MB at most
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_to_files(logs_dir: Path, max_bytes: int = MAX_BYTES) -> Path | None:
    """Send INFO and above to the rotating log in `logs_dir` (once per folder), warnings to
    stderr. Returns the log file, or None when the folder cannot be written: the app still
    starts and says so on screen instead of dying on its log file."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # python-escpos calls logging.basicConfig() at import, which would echo every INFO line
    # to the terminal; the counter logs to its file (and warnings to stderr) instead.
    for old in [h for h in root.handlers if type(h) is logging.StreamHandler]:
        root.removeHandler(old)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    root.addHandler(console)
    path = logs_dir / LOG_FILE
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and \
                Path(handler.baseFilename) == path.absolute():
            return path
    try:
        private_dir(logs_dir)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=KEEP, encoding="utf-8")
    except OSError as error:
        logging.getLogger("station.care").warning("no log file in %s: %s", logs_dir, error)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    return path


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file, the first and every one a rotation starts, is created 0600: a log may
    name staff and stations, whatever the umask of the process that writes it."""

    def _open(self) -> TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def log_files(logs_dir: Path) -> list[Path]:
    """The current log and its rotated predecessors, oldest last."""
    return sorted((p for p in logs_dir.glob(f"{LOG_FILE}*") if p.is_file()),
                  key=lambda p: (len(p.name), p.name))
