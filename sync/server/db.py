"""Head office's engine and transactions: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Update, create_engine, select
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from station_app.sqlite_file import immediate_writes, sqlite_engine
from sync.server import migrate as schema
from sync.server.models import Meta

# Several server workers (`serve --workers`) may queue on one SQLite file's write lock, each
# writing a whole pushed batch: a writer here waits longer for its turn than at a counter.
SQLITE_BUSY_TIMEOUT_S = 30
# Beyond one per route thread: the pruning and notice timers, a key looked up before a body.
EXTRA_CONNECTIONS = 4
PGBOUNCER_ENV = "STATION_HEADOFFICE_PGBOUNCER"


class HeadOfficeDb:
    """One database: `writing()` and `reading()` open short transactions.

    On SQLite a writer begins with BEGIN IMMEDIATE, so two writers queue on the database lock
    instead of one failing when it upgrades a read lock. On PostgreSQL writers that touch the
    change log serialise on a table lock (changelog.lock_change_log).

    The schema must be current (sync/server/migrate.py): an empty, older or newer database is
    refused with SchemaNotCurrent, whose message says to run `station-headoffice migrate`.
    `migrate=True` runs that step first: for the one process that owns the database (the
    embedded head office, an admin command on a SQLite file), never for every server worker.
    """

    def __init__(self, url: str, *, migrate: bool = False, pool_size: int = 10) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine: Engine
        if self.is_sqlite:
            self.engine = sqlite_engine(url, busy_timeout_s=SQLITE_BUSY_TIMEOUT_S)
            writer = immediate_writes(self.engine)
        else:
            self.engine = postgres_engine(url, pool_size)
            writer = self.engine
        self._writer = writer
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self.migrated_from: str | None = None  # with migrate=True: the revision it was at
        try:
            if migrate:
                self.migrated_from = schema.upgrade(self.engine)
            schema.check_schema(self.engine)
            self.epoch = self._epoch()
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any exception."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def connecting(self) -> Iterator[Connection]:
        """`writing()` on a Core connection, without the ORM's bookkeeping: committed on
        success, rolled back on any exception."""
        with self._writer.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def _epoch(self) -> str:
        # Random per database: a cursor from another (rebuilt) head-office database is refused
        # with reset_required instead of silently pointing at unrelated rows.
        epoch = self._meta("epoch")
        if epoch is not None:
            return epoch
        try:
            with self.writing() as session:
                session.add(Meta(key="epoch", value=secrets.token_hex(4)))
        except IntegrityError:
            pass  # another worker starting at the same moment chose it: theirs counts
        epoch = self._meta("epoch")
        assert epoch is not None
        return epoch

    def _meta(self, key: str) -> str | None:
        with self.reading() as session:
            return session.scalar(select(Meta.value).where(Meta.key == key))


def postgres_engine(url: str, pool_size: int) -> Engine:
    """A warm, bounded pool: one connection per route thread (capacity.py), kept open, so a
    request never opens a PostgreSQL session; a few more for the pruning and notice timers.

    No ping before each checkout (a round trip per request): a connection PostgreSQL dropped
    fails one request, SQLAlchemy then discards every older pooled connection, and the
    station retries that request (a 5xx is transient to it). Behind PgBouncer in transaction
    mode set STATION_HEADOFFICE_PGBOUNCER=transaction: psycopg then prepares no statements
    (a prepared statement lives in one server session, which such a pool does not keep)."""
    connect_args: dict[str, object] = {}
    if os.environ.get(PGBOUNCER_ENV, "") == "transaction":
        connect_args["prepare_threshold"] = None
    return create_engine(url, hide_parameters=True, pool_size=pool_size,
                         max_overflow=EXTRA_CONNECTIONS, pool_recycle=3600,
                         connect_args=connect_args)


def rows_updated(session: Session, statement: Update) -> int:
    """Run an UPDATE in the session's transaction; how many rows it changed. (Session.execute
    is typed to return any Result; for an UPDATE it is the CursorResult that counts them.)"""
    result = session.execute(statement)
    if not isinstance(result, CursorResult):
        raise TypeError(f"an UPDATE answered {type(result).__name__}, which has no row count")
    return result.rowcount

