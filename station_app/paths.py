"""Where the station's files live: the platform data dir unless told otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

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
    def photos(self) -> Path:
        return self.root / "photos"

    def ensure(self) -> None:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
