"""Head office's engine and transactions: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from sync.server.models import Base, Meta


class HeadOfficeDb:
    """One database: `writing()` and `reading()` open short transactions.

    On SQLite a writer begins with BEGIN IMMEDIATE, so two writers queue on the database lock
    instead of one failing when it upgrades a read lock. On PostgreSQL writers that touch the
    change log serialise on a table lock (changelog.lock_change_log).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_size"] = 10
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            _sqlite_transactions(self.engine)
            writer = self.engine.execution_options(begin="BEGIN IMMEDIATE")
        else:
            writer = self.engine
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        Base.metadata.create_all(self.engine)  # see models.py: no migrations for this server
        self.epoch = self._epoch()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any exception."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def _epoch(self) -> str:
        # Random per database: a cursor from another (rebuilt) head-office database is refused
        # with reset_required instead of silently pointing at unrelated rows.
        with self.writing() as session:
            row = session.get(Meta, "epoch")
            if row is None:
                row = Meta(key="epoch", value=secrets.token_hex(4))
                session.add(row)
            return row.value

    def get_meta(self, key: str) -> str | None:
        with self.reading() as session:
            return session.scalar(select(Meta.value).where(Meta.key == key))


def _sqlite_transactions(engine: Engine) -> None:
    # pysqlite's own transaction handling would begin DEFERRED and too late; take it over
    # (the SQLAlchemy "pysqlite serializable" recipe).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("begin", "BEGIN"))
