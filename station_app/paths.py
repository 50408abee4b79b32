"""Where the station's files live: the platform data dir unless told otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from station_app.private_files import DIR_MODE, FILE_MODE, private_dir, tighten

APP_NAME = "StationApp"
APP_AUTHOR = "StationApp"
VIRTUAL_PRINTER_DIR = "virtual-printer"  # receipts the virtual printer keeps


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


@dataclass(frozen=True)
class DataDir:
    """The layout of one station's data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "station.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.toml"

    @property
    def virtual_printer(self) -> Path:
        return self.root / VIRTUAL_PRINTER_DIR

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lock_file(self) -> Path:
        return self.root / "station.lock"  # held by the running app (station_app.care.app_lock)

    @property
    def recovery_marker(self) -> Path:
        """Present: at the next sync, ask head office what it holds of this station's events
        before pushing (written by a restore, and by enrolment into an existing station)."""
        return self.root / "recover-from-head-office"

    @property
    def photos(self) -> Path:
        return self.root / "photos"

    def ensure(self) -> None:
        """Create the folders, private to this account (station_app.private_files), and
        tighten what an earlier version left readable to every account on the PC. Raises
        OSError when the folders cannot be created."""
        for folder in (self.root, self.backups, self.logs):
            private_dir(folder)
        for folder in (self.virtual_printer, self.photos):
            tighten(folder, DIR_MODE)
        for folder in (self.root, self.backups, self.logs):
            for path in folder.iterdir():
                if path.is_file():  # the database with its -wal and -shm, backups, logs…
                    tighten(path, FILE_MODE)
