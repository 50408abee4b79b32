"""Daily database backups, checked after writing, kept `backup_keep_days`, and restored on demand.

A backup is a consistent copy made with SQLite's online backup API while the counter works
(storage.database.backup_database, also used before migrations), then opened on its own and
checked with `PRAGMA integrity_check`: a copy that fails is renamed `.bad` and never counts.
One daily backup is taken per business day (the China day); migration backups
(`before-XXXX`) are pruned by the same age. The newest good backup is never deleted, however old.

Retention also bounds personal data: a backup keeps customers' names and phones that the
counter has since erased (care.personal_data), for at most `backup_keep_days`.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from station_app.clock import business_day
from station_app.paths import DataDir
from station_app.storage.database import (
    BACKUP_STAMP,
    Database,
    StorageProblem,
    backup_database,
    storage_problem,
)

DAILY = "daily"
MANUAL = "manual"
BACKUP_NAME = re.compile(r"^station-(\d{8}T\d{6}Z)-([\w.-]+)\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # aware UTC, from the file name
    label: str  # daily, manual, before-0007, …
    size: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.path.name, "taken_at": self.taken_at.isoformat(),
                "label": self.label, "size": self.size}


class BackupFailed(Exception):
    """No good backup could be written; the message says why and what to do."""

    def __init__(self, message: str, problem: StorageProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in `folder`, newest first (files that fail a check are named `.bad`)."""
    found = []
    for path in folder.glob("station-*.db"):
        named = read_name(path.name)
        if named is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, *named, size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def read_name(name: str) -> tuple[datetime, str] | None:
    """When a backup was taken and its label, from its file name (None: not a backup name)."""
    match = BACKUP_NAME.match(name)
    if match is None:
        return None
    return datetime.strptime(match[1], BACKUP_STAMP).replace(tzinfo=UTC), match[2]


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` unchanged: immutable, so no lock or -shm file is made
    (a file no one writes any more: a backup, a read-only folder or USB stick)."""
    return f"{path.resolve().as_uri()}?immutable=1"


def integrity(path: Path, quick: bool = False) -> str:
    """"ok", or what SQLite found wrong with the file (without changing it). `quick` runs
    `quick_check` (no index cross-checks: seconds instead of minutes on a big file)."""
    if not path.is_file():
        return "file not found"
    try:
        # closing(): sqlite3's own context manager commits but never closes
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as connection:
            rows = connection.execute(
                "PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    except sqlite3.Error as error:
        return str(error)
    messages = [str(row[0]) for row in rows]
    return "ok" if messages == ["ok"] else "; ".join(messages[:5])


def take_backup(db: Database, folder: Path, label: str, now: datetime) -> BackupInfo:
    """Copy the database into `folder` and check the copy. Raises BackupFailed (disk full,
    folder not writable, the copy is damaged)."""
    try:
        path = backup_database(db.engine, folder, label, now)
    except (sqlite3.Error, OSError) as error:
        problem = storage_problem(error)
        raise BackupFailed(f"The backup could not be written to {folder} ({error}).",
                           problem) from error
    result = integrity(path)
    if result != "ok":
        path.replace(path.with_suffix(".bad"))
        raise BackupFailed(f"The backup {path.name} failed its check ({result}); the "
                           f"database itself may be damaged: run the integrity check.",
                           StorageProblem.CORRUPT)
    return BackupInfo(path, _stamped(now), label, path.stat().st_size)


def _stamped(moment: datetime) -> datetime:
    # The file name keeps whole seconds: report the time the name says.
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class DailyCare:
    taken: BackupInfo | None  # None: today's backup already existed
    removed: tuple[Path, ...]


def daily_backup(db: Database, data_dir: DataDir, keep_days: int, now: datetime) -> DailyCare:
    """Take today's backup unless one is there, then prune by age. Raises BackupFailed."""
    today = business_day(now)
    done_today = any(b.label == DAILY and business_day(b.taken_at) == today
                     for b in list_backups(data_dir.backups))
    taken = None if done_today else take_backup(db, data_dir.backups, DAILY, now)
    return DailyCare(taken, tuple(prune(data_dir.backups, keep_days, now)))


def prune(folder: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete backups (daily, manual, before-migration, `.bad`) older than `keep_days`, except
    the newest one that passes its check. Returns what was deleted."""
    cutoff = now - timedelta(days=keep_days)
    backups = list_backups(folder)
    removed = []
    if any(backup.taken_at < cutoff for backup in backups):
        # checked only when something is due: most hourly runs then read no backup at all
        keep = newest_good(backups)
        for backup in backups:
            if backup.taken_at < cutoff and backup != keep:
                backup.path.unlink(missing_ok=True)
                removed.append(backup.path)
    for bad in folder.glob("station-*.bad"):
        if datetime.fromtimestamp(bad.stat().st_mtime, UTC) < cutoff:
            bad.unlink(missing_ok=True)
            removed.append(bad)
    return removed


def newest_good(backups: list[BackupInfo]) -> BackupInfo | None:
    """The newest backup that passes the quick check (usually the first one looked at)."""
    return next((b for b in backups if integrity(b.path, quick=True) == "ok"), None)

