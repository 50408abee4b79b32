"""`station-app restore`: put a checked backup back in place of a damaged database.

What a restore means for head office (the outbox): the restored file holds the events up to
the backup. Events in it that head office had not yet acknowledged are sent again at the next
sync; head office recognises by event id those it already holds and keeps each fact once.
Events recorded after the backup are not in the restored file: those that had reached head
office stay there (head office is the record of them), the others are lost with the damaged
file. The outbox sequence goes back to the backup's last number, so the counter's next events
reuse numbers head office may already hold: head office refuses those (seq_conflict) and they
land in the F8 needs-attention list for head office to sort out. That is why a restore over
a database that can still be read is refused without --force, and why the damaged file is
never deleted, only set aside as `station.db.broken-<time>` for support to recover from.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from station_app.care.app_lock import hold_counter_lock
from station_app.care.backups import (
    BackupInfo,
    fsync_file,
    integrity,
    list_backups,
    newest_good,
    read_name,
    read_only_uri,
)
from station_app.paths import DataDir
from station_app.storage.database import BACKUP_STAMP

SIDE_FILES = ("", "-wal", "-shm")  # the database and SQLite's companions


class RestoreRefused(Exception):
    """The restore was not done; the message says why and what to do."""


@dataclass(frozen=True)
class OutboxFacts:
    events: int
    last_seq: int
    acked_through: int
    unsent: int
    last_event_at: str | None  # as stored (ISO UTC)


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupInfo
    database: Path
    set_aside: tuple[Path, ...]
    restored: OutboxFacts | None

    def lines(self) -> list[str]:
        taken = self.backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines = [f"Restored {self.backup.path.name} (taken {taken}) as {self.database}."]
        if self.set_aside:
            lines.append("The previous database was kept as "
                         + ", ".join(p.name for p in self.set_aside) + " (give it to support).")
        facts = self.restored
        if facts is not None:
            lines.append(
                f"It holds events 1-{facts.last_seq}; head office had confirmed up to "
                f"{facts.acked_through}. {facts.unsent} event(s) not yet confirmed will be sent "
                f"at the next sync (head office keeps each event once).")
            lines.append(
                f"Anything recorded after {taken} is not in it: what reached head office is kept "
                f"there. Tell head office the counter was restored after event {facts.last_seq}:"
                f" new events reuse the numbers after it, and any head office already holds will "
                f"show in F8 (needs attention).")
        return lines


def outbox_facts(path: Path) -> OutboxFacts:
    """What a database file no one is writing holds for head office (opened unchanged)."""
    with closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
        return _facts(db)


def _facts(connection: sqlite3.Connection) -> OutboxFacts:
    row = connection.execute(
        "SELECT count(*), coalesce(max(station_seq), 0), "
        "coalesce(max(CASE WHEN acked_at IS NOT NULL THEN station_seq END), 0), "
        "sum(acked_at IS NULL), max(occurred_at) FROM outbox_event").fetchone()
    return OutboxFacts(int(row[0]), int(row[1]), int(row[2]), int(row[3] or 0), row[4])


def readable_facts(database: Path) -> OutboxFacts | None:
    """The current database's outbox if the file (with its WAL) reads cleanly, else None.
    Checked on a copy: the evidence is never touched, and SQLite may not write beside it."""
    if not database.exists():
        return None
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".restore-check-") as folder:
        copy = Path(folder) / database.name
        for suffix in SIDE_FILES[:2]:
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copyfile(source, copy.with_name(copy.name + suffix))
        try:
            with closing(sqlite3.connect(copy)) as connection:
                check = connection.execute("PRAGMA quick_check").fetchall()
                if [str(row[0]) for row in check] != ["ok"]:
                    return None
                return _facts(connection)
        except sqlite3.Error:
            return None


def restore(data_dir: DataDir, backup: Path | None = None, force: bool = False,
            now: datetime | None = None) -> RestoreReport:
    """Replace the data dir's database with `backup` (default: the newest good one).

    Raises CounterRunning while the app runs on this data dir, RestoreRefused when the backup
    fails its check, none is good, or the current database still reads and `force` is not set.
    """
    now = now or datetime.now(UTC)
    lock = hold_counter_lock(data_dir)  # also keeps the app from starting meanwhile
    try:
        chosen = _choose(data_dir, backup)
        database = data_dir.database
        current = readable_facts(database)
        if current is not None and not force:
            raise RestoreRefused(
                f"The current database {database} can still be read ({current.events} events, "
                f"{current.unsent} not yet at head office). Restoring "
                f"{chosen.path.name} would lose everything recorded since then. Keep using it, "
                f"or if it must be replaced anyway, run the restore again with --force.")
        incoming = _copy_beside(chosen.path, database)
        set_aside = _set_aside(database, now)
        incoming.replace(database)
        return RestoreReport(chosen, database, set_aside, outbox_facts(database))
    finally:
        lock.release()


def _choose(data_dir: DataDir, backup: Path | None) -> BackupInfo:
    if backup is None:
        found = newest_good(list_backups(data_dir.backups))
        if found is None:
            raise RestoreRefused(f"There is no good backup in {data_dir.backups}. Copy one "
                                 f"there (from a USB stick or another PC) and try again.")
        return found
    result = integrity(backup)
    if result != "ok":
        raise RestoreRefused(f"The backup {backup} is not usable ({result}). Choose another "
                             f"one: station-app backups lists them.")
    stat = backup.stat()
    # a file copied in under another name: its own time
    taken, label = read_name(backup.name) or (datetime.fromtimestamp(stat.st_mtime, UTC), "file")
    return BackupInfo(backup, taken, label, stat.st_size)


def _set_aside(database: Path, now: datetime) -> tuple[Path, ...]:
    stamp = now.astimezone(UTC).strftime(BACKUP_STAMP)
    moved = []
    for suffix in SIDE_FILES:
        source = database.with_name(database.name + suffix)
        if source.exists():
            target = database.with_name(f"{database.name}.broken-{stamp}{suffix}")
            source.replace(target)
            moved.append(target)
    return tuple(moved)


def _copy_beside(backup: Path, database: Path) -> Path:
    """Copy page by page through SQLite (a consistent file even from a backup on a USB stick)
    next to the database and check it; the caller moves it into place in one rename."""
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    with closing(sqlite3.connect(read_only_uri(backup), uri=True)) as source, \
            closing(sqlite3.connect(incoming)) as target:
        source.backup(target)
    result = integrity(incoming, quick=True)
    if result != "ok":
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(f"The copy of {backup.name} failed its check ({result}); the disk "
                             f"may be failing. Nothing was replaced.")
    fsync_file(incoming)
    return incoming
