"""`station-app restore`: put a checked backup back in place of a damaged database.

What a restore means for head office (the outbox): the restored file holds the events up to
the backup. Events recorded after it that had reached head office are not lost: at the next
sync the counter asks head office what it holds, takes those events back (the same rows the
original actions wrote) and numbers its own new events after them (sync/client/recovery.py).
Events that never reached head office existed only on the lost disk: when the old file can
still be read, the restore names each of them (what, which order or document, when), so staff
can redo them or check them on paper.

A restore over a database that can still be read is refused without --force, and the old
file is never deleted, only kept as `station.db.broken-<time>` for support. The swap itself
survives a power cut at any instant (station_app.storage.swap).
"""

from __future__ import annotations

import json
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
    integrity,
    list_backups,
    newest_good,
    read_name,
    read_only_uri,
)
from station_app.clock import station_time
from station_app.paths import DataDir
from station_app.private_files import write_private
from station_app.storage.database import BACKUP_STAMP
from station_app.storage.swap import (
    SIDE_FILES,
    incoming_for,
    keep_aside,
    swap_in,
    sync_file,
)

# The field of each event's payload that names what it was about, for people.
_SUBJECT = ("order_no", "sale_no", "manifest_no", "count_no", "shipment_no", "request_no",
            "shift_no")


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
class LostEvent:
    """An event the old database held that neither the backup nor head office has."""

    seq: int
    type: str
    subject: str  # the order or document it was about
    occurred_at: datetime

    def line(self) -> str:
        return (f"  #{self.seq} {station_time(self.occurred_at):%Y-%m-%d %H:%M} "
                f"{self.type} {self.subject}").rstrip()


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupInfo
    database: Path
    set_aside: tuple[Path, ...]
    restored: OutboxFacts | None
    # Read from the old file when it could be read (None: it could not be read).
    lost: tuple[LostEvent, ...] | None = None
    head_office_beyond: int = 0  # events after the backup head office had confirmed

    def lines(self) -> list[str]:
        taken = station_time(self.backup.taken_at).strftime("%Y-%m-%d %H:%M")
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
                f"At the next sync the counter takes back from head office every event it "
                f"holds after {facts.last_seq}"
                + (f" (the old database shows {self.head_office_beyond} confirmed)"
                   if self.lost is not None else "")
                + " and numbers new events after them. Start the counter while online.")
        if self.lost is None:
            lines.append("The old database could not be read: events it recorded after the "
                         "backup that never reached head office cannot be named. The first "
                         "sync reports which event numbers head office never received.")
        elif self.lost:
            lines.append(f"{len(self.lost)} event(s) after the backup were never confirmed by "
                         f"head office: unless the first sync finds them there, they are lost "
                         f"with the old database. Redo or check them:")
            lines += [event.line() for event in self.lost]
        else:
            lines.append("Every event recorded after the backup had reached head office: "
                         "nothing is lost.")
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
        _copy_beside(chosen.path, database)
        set_aside = keep_aside(database, now.astimezone(UTC).strftime(BACKUP_STAMP))
        # Before the swap: a restored file never runs a sync without first asking head
        # office what it holds beyond the backup.
        write_private(data_dir.recovery_marker, now.isoformat().encode("ascii"))
        after_backup = _after_backup(set_aside, chosen.path)
        swap_in(database)
        lost, beyond = after_backup if after_backup is not None else (None, 0)
        return RestoreReport(chosen, database, set_aside, outbox_facts(database), lost, beyond)
    finally:
        lock.release()


def _after_backup(kept: tuple[Path, ...], backup: Path
                  ) -> tuple[tuple[LostEvent, ...], int] | None:
    """From the old database (as kept aside): the events after the backup that head office
    had not confirmed (lost with it), and how many it had (taken back at the next sync).
    None when the old file cannot be read."""
    old = next((path for path in kept if not path.name.endswith(("-wal", "-shm"))), None)
    if old is None:
        return None
    with tempfile.TemporaryDirectory(dir=old.parent, prefix=".restore-read-") as folder:
        copy = Path(folder) / "old.db"
        for suffix in SIDE_FILES[:2]:
            source = old.with_name(old.name + suffix)
            if source.exists():
                shutil.copyfile(source, copy.with_name(copy.name + suffix))
        try:
            with closing(sqlite3.connect(read_only_uri(backup), uri=True)) as held:
                in_backup = {row[0] for row in held.execute("SELECT event_id FROM outbox_event")}
            with closing(sqlite3.connect(copy)) as connection:
                rows = connection.execute(
                    "SELECT event_id, station_seq, type, payload, occurred_at, acked_at "
                    "FROM outbox_event ORDER BY station_seq").fetchall()
        except sqlite3.Error:
            return None
    lost = []
    confirmed = 0
    for event_id, seq, kind, payload, occurred_at, acked_at in rows:
        if event_id in in_backup:
            continue
        if acked_at is not None:
            confirmed += 1
            continue
        lost.append(LostEvent(int(seq), str(kind), _subject(payload), _time(occurred_at)))
    return tuple(lost), confirmed


def _subject(payload: str) -> str:
    try:
        found = json.loads(payload)
    except ValueError:
        return ""
    if not isinstance(found, dict):
        return ""
    return next((str(found[key]) for key in _SUBJECT if found.get(key)), "")


def _time(stored: str) -> datetime:
    return datetime.strptime(stored, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


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


def _copy_beside(backup: Path, database: Path) -> Path:
    """Copy page by page through SQLite (a consistent file even from a backup on a USB stick)
    next to the database and check it; the caller moves it into place in one rename."""
    incoming = incoming_for(database)
    incoming.unlink(missing_ok=True)
    with closing(sqlite3.connect(read_only_uri(backup), uri=True)) as source, \
            closing(sqlite3.connect(incoming)) as target:
        source.backup(target)
    result = integrity(incoming, quick=True)
    if result != "ok":
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(f"The copy of {backup.name} failed its check ({result}); the disk "
                             f"may be failing. Nothing was replaced.")
    sync_file(incoming)
    return incoming
