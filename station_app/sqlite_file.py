"""How a SQLite file is opened: the counter's station database and a head office on SQLite alike.

WAL (readers never wait on the writer), `synchronous=FULL` (a committed handover survives a
power cut), foreign keys on, and a bounded wait for the write lock. SQLAlchemy, not pysqlite,
emits BEGIN: pysqlite's own handling begins DEFERRED and too late, is wrong for SAVEPOINT and
cannot begin IMMEDIATE (the SQLAlchemy "pysqlite serializable" recipe). A writer begins
IMMEDIATE, so two writers queue on the lock instead of both reading the same state and one
failing when it upgrades its read lock.

Pure (SQLAlchemy and the standard library): head office uses it too, as part of the shared
kernel, so the two ends cannot drift apart again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event


def sqlite_engine(url: str, *, busy_timeout_s: int) -> Engine:
    """An engine on the SQLite file at `url` with the pragmas above; a writer waits up to
    `busy_timeout_s` seconds for the lock before SQLite answers "database is locked"."""
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_s},
        # A failed statement's error (and so the log) never carries its parameters: they
        # are customers' names and phones, PIN hashes, tokens.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let the "begin" event below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_s * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("begin", "BEGIN"))

    return engine


def immediate_writes(engine: Engine) -> Engine:
    """The same engine for writers: each transaction begins IMMEDIATE, taking the write lock
    (or queueing for it) before it reads anything."""
    return engine.execution_options(begin="BEGIN IMMEDIATE")
