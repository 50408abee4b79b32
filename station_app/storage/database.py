"""Opening the station database: write transactions, migrations at start-up.

SQLite is opened as station_app/sqlite_file.py says: WAL mode with `synchronous=FULL` (a
committed handover survives a power cut) and foreign keys on. Writers start with `BEGIN
IMMEDIATE`, so two writers never both read the outbox sequence and then collide on it; readers
use plain deferred transactions and never wait on writers (WAL).
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from station_app.private_files import private_dir, private_file
from station_app.sqlite_file import immediate_writes, sqlite_engine
from station_app.storage.swap import finish_swap

log = logging.getLogger("station.storage")

# The newest migration this build knows. A test checks it equals the Alembic head, so start-up
# can skip importing Alembic when the file is already current (it costs ~150 ms of cold start).
SCHEMA_HEAD = "0013"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUP_STAMP = "%Y%m%dT%H%M%SZ"  # in backup file names, UTC
# One counter's own threads (database lane, sync client, backups) share the file: a writer
# that waits longer than this is stuck, and staff should hear so rather than wait on.
BUSY_TIMEOUT_S = 15


class StorageProblem(StrEnum):
    """What went wrong underneath the database, in the terms staff can act on."""

    FULL = "full"  # no room left on the disk
    READ_ONLY = "read_only"  # the folder or file cannot be written
    CORRUPT = "corrupt"  # the file is damaged: restore a backup
    IO = "io"  # the disk failed to read or write
    BUSY = "busy"  # another program holds the file


# SQLite primary result codes (the low byte of the extended code)
_SQLITE_PROBLEMS = {13: StorageProblem.FULL, 8: StorageProblem.READ_ONLY,
                    11: StorageProblem.CORRUPT, 26: StorageProblem.CORRUPT,
                    10: StorageProblem.IO, 14: StorageProblem.READ_ONLY,
                    5: StorageProblem.BUSY, 6: StorageProblem.BUSY}
_OS_PROBLEMS = {errno.ENOSPC: StorageProblem.FULL, errno.EDQUOT: StorageProblem.FULL,
                errno.EROFS: StorageProblem.READ_ONLY, errno.EACCES: StorageProblem.READ_ONLY,
                errno.EPERM: StorageProblem.READ_ONLY, errno.EIO: StorageProblem.IO}


def storage_problem(error: BaseException | None) -> StorageProblem | None:
    """The storage fault behind `error` (SQLAlchemy wraps sqlite3's, which may wrap an OS
    error), or None when it is not one: every screen maps faults through this one place."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DatabaseError) and error.problem is not None:
            return error.problem
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_PROBLEMS:
            # SQLITE_CANTOPEN is "read-only" only when the folder exists; the caller knows
            return _SQLITE_PROBLEMS[code & 0xFF]
        if isinstance(error, OSError) and error.errno in _OS_PROBLEMS:
            return _OS_PROBLEMS[error.errno]
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
        seen += 1
    return None


class DatabaseError(Exception):
    """The database cannot be used; the message tells staff what to do."""

    def __init__(self, message: str, problem: StorageProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


class DatabaseTooNew(DatabaseError):
    pass


class Database:
    """The station's SQLite file with a session factory for reads and one for writes."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            immediate_writes(engine), expire_on_commit=False
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One business action = one transaction: commits on exit, rolls back on any error."""
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def create_station_engine(path: Path) -> Engine:
    return sqlite_engine(f"sqlite:///{path}", busy_timeout_s=BUSY_TIMEOUT_S)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        has_table = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def open_database(path: Path, backups_dir: Path) -> Database:
    """Open (creating if needed) and migrate the station database.

    Raises DatabaseTooNew for a file written by a newer app version, DatabaseError when the
    file is not a usable SQLite database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    finish_swap(path)  # a restore a power cut interrupted: its new file goes in first
    damage = file_damage(path)
    if damage is not None:
        raise DatabaseError(f"The station database {path} is damaged ({damage}). "
                            f"Restore the latest backup from {backups_dir}.",
                            StorageProblem.CORRUPT)
    private_file(path)  # 0600 before SQLite opens it; its -wal and -shm take the same mode
    engine = create_station_engine(path)
    try:
        revision = current_revision(engine)
    except Exception as error:  # sqlite3.DatabaseError: "file is not a database", …
        engine.dispose()
        problem = storage_problem(error) or StorageProblem.CORRUPT
        reason = getattr(error, "orig", None) or error  # SQLite's words, not SQLAlchemy's
        if problem is StorageProblem.READ_ONLY:
            raise DatabaseError(
                f"The data folder {path.parent} cannot be written ({reason}). Start the app "
                f"with --data-dir on a folder that can be written, or ask IT to give this "
                f"account write access.", problem) from error
        raise DatabaseError(
            f"The station database {path} cannot be read ({reason}). "
            f"Restore the latest backup from {backups_dir}.", problem
        ) from error
    if revision != SCHEMA_HEAD:
        _migrate(engine, path, backups_dir, revision)
    return Database(path, engine)


def file_damage(path: Path) -> str | None:
    """A cheap look at the file's header before SQLite opens it: garbage or a file cut short
    (a copy interrupted, a disk failing) is caught at start-up instead of on the first query
    that reaches a missing page. None: nothing wrong seen (or no file yet)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid only when written by the same change (offset 92).
    if header[24:28] == header[92:96] and pages * page_size > size:
        return f"the file is cut short: {size} of {pages * page_size} bytes"
    return None


def _migrate(engine: Engine, path: Path, backups_dir: Path, revision: str | None) -> None:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only when a migration is due

    from station_app.storage import migrate  # noqa: PLC0415

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    if revision is not None and _get_revision_safe(script, revision) is None:
        engine.dispose()
        raise DatabaseTooNew(
            f"This database was written by a newer version of the station app "
            f"(schema {revision}). Install that version again, or restore a backup from "
            f"{backups_dir}."
        )
    if revision is not None:
        backup_path = backup_database(engine, backups_dir, f"before-{script.get_current_head()}")
        log.info("backed up database to %s before migrating from %s", backup_path, revision)
    migrate.upgrade(engine)


def _get_revision_safe(script: Any, revision: str) -> Any:
    try:
        return script.get_revision(revision)
    except Exception:
        return None


def backup_database(engine: Engine, backups_dir: Path, label: str,
                    at: datetime | None = None) -> Path:
    """A consistent copy made with SQLite's online backup API (safe while the app writes),
    named `station-<UTC time>-<label>.db` (station_app.care.backups reads the names back)."""
    private_dir(backups_dir)
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime(BACKUP_STAMP)
    target = backups_dir / f"station-{stamp}-{label}.db"
    private_file(target)  # a backup holds what the database holds
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as destination:
            source.backup(destination)
        destination.close()
    finally:
        raw.close()
    return target
