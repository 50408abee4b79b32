"""The data dir is the counter's account's alone: 0700 folders, 0600 files, whatever the
umask the process was started with, and an existing install is tightened at start."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.care.app_lock import hold_counter_lock
from station_app.care.backups import MANUAL, take_backup
from station_app.care.log_files import log_to_files
from station_app.config import Settings, save_settings
from station_app.counter import open_counter
from station_app.devices.printers import VirtualPrinter
from station_app.paths import DataDir
from station_app.private_files import PRIVATE_UMASK
from ui import launcher

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows has no POSIX modes")

NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A process as a desktop session starts it: new files 0644, new folders 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def root_handlers() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    for handler in before:
        if handler not in root.handlers:
            root.addHandler(handler)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def too_open(root: Path) -> list[str]:
    """Everything under `root` (itself included) that others could read or enter."""
    found = []
    for path in [root, *sorted(root.rglob("*"))]:
        wanted = 0o700 if path.is_dir() else 0o600
        if mode(path) != wanted:
            found.append(f"{path.relative_to(root.parent)} {oct(mode(path))}")
    return found


def test_a_new_data_dir_is_private(tmp_path: Path, open_umask: None,
                                   root_handlers: None) -> None:
    root = tmp_path / "data"
    counter = open_counter(root, demo=True, clock=lambda: NOW)
    try:
        data_dir = counter.data_dir
        with counter.db.writing() as session:  # the -wal and -shm exist while it is open
            session.connection().exec_driver_sql("UPDATE staff SET failed_pins = 0")
        take_backup(counter.db, data_dir.backups, MANUAL, NOW)
        assert log_to_files(data_dir.logs) is not None
        logging.getLogger("station.test").warning("a line in the log")
        VirtualPrinter(data_dir.virtual_printer).send(b"receipt", job_name="receipt",
                                                      preview=lambda: b"png")
        save_settings(data_dir.settings_file, Settings())
        lock = hold_counter_lock(data_dir)
        lock.release()
        names = {p.name for p in root.rglob("*")}
        assert {"station.db", "station.db-wal", "station.db-shm", "station.log",
                "settings.toml", "station.lock"} <= names, names
        assert any(p.suffix == ".db" for p in data_dir.backups.iterdir())
        assert len(list(data_dir.virtual_printer.iterdir())) == 2
        assert too_open(root) == []
    finally:
        counter.close()


def test_an_existing_install_is_tightened_at_start(tmp_path: Path, open_umask: None,
                                                  root_handlers: None) -> None:
    root = tmp_path / "data"
    counter = open_counter(root, demo=True, clock=lambda: NOW)
    take_backup(counter.db, counter.data_dir.backups, MANUAL, NOW)
    counter.close()
    log_to_files(counter.data_dir.logs)
    logging.getLogger("station.test").warning("a line in the log")
    # As an earlier version left it: readable by every account on the PC.
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    DataDir(root).ensure()
    assert mode(root) == 0o700
    assert too_open(root) == []


def test_the_commands_run_with_a_private_umask(tmp_path: Path, open_umask: None,
                                              root_handlers: None) -> None:
    data = str(tmp_path / "data")
    assert launcher.main(["backup", "--data-dir", data]) == 0
    assert launcher.main(["support-bundle", "--data-dir", data]) == 0
    current = os.umask(0o022)
    assert current == PRIVATE_UMASK == 0o077
    assert any(p.suffix == ".zip" for p in (tmp_path / "data").iterdir())
    assert too_open(tmp_path / "data") == []
