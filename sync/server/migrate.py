"""Head office's schema history: Alembic run from code, as one explicit step.

`station-headoffice migrate` (or `serve --migrate`, once, in the parent before any worker
starts) brings a database to SCHEMA_HEAD; nothing else changes the schema. A server process
only checks the schema and refuses a database that is empty, behind or newer: several workers
that each created tables at start raced each other on an empty PostgreSQL database.

A new revision: write `migrations/versions/NNNN_what_it_does.py` (down_revision = the previous
head; freeze types as they are that day, as 0001 does) and move SCHEMA_HEAD on. The schema test
(tests/sync/test_server_schema.py) compares the migrated schema with models.py on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("sync.server.migrate")

# The newest revision this code knows; a test checks it equals the Alembic head, so opening a
# current database never needs Alembic itself.
SCHEMA_HEAD = "0005"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATE_HINT = "run station-headoffice migrate"

# Any constant would do: two `migrate` runs on one PostgreSQL database queue on it.
_MIGRATION_LOCK = 0x53_54_41_54_49_4F_4E_01  # "STATION\x01"
# What head offices made by `metadata.create_all` (before there were migrations) hold: exactly
# revision 0001, frozen here as the migration freezes it.
_TABLES_BEFORE_MIGRATIONS = frozenset({
    "ho_meta", "ho_stations", "ho_credentials", "ho_enrolment_codes", "ho_change_log",
    "ho_catalogue", "ho_orders", "ho_order_lines", "ho_signing_keys", "ho_events",
    "ho_stock_movements", "ho_nonces", "ho_idempotency", "ho_sequence_gaps", "ho_day_closes",
    "ho_manifests", "ho_refund_requests"})


class SchemaNotCurrent(Exception):
    """The database's schema is not the one this code runs on; the message says what to do."""


class SchemaTooNew(SchemaNotCurrent):
    """The database was migrated by a newer version of head office."""


def schema_revision(connection: Connection) -> str | None:
    """The database's Alembic revision; None when it has no migration history."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


def check_schema(engine: Engine) -> None:
    """Raise SchemaNotCurrent unless the database is exactly at SCHEMA_HEAD."""
    with engine.connect() as connection:
        revision = schema_revision(connection)
        legacy = revision is None and _made_before_migrations(connection)
    if revision == SCHEMA_HEAD:
        return
    if revision is None:
        what = ("was made before head office had migrations" if legacy else
                "has no head-office schema yet")
        raise SchemaNotCurrent(f"the head-office database {what}: {MIGRATE_HINT}")
    _refuse_unknown(revision)
    raise SchemaNotCurrent(f"the head-office database is at schema {revision}, this version "
                           f"needs {SCHEMA_HEAD}: {MIGRATE_HINT}")


def upgrade(engine: Engine) -> str | None:
    """Migrate the database to SCHEMA_HEAD in one transaction; returns the revision it was at
    (None: it was empty; 0001 for tables made before there were migrations).

    Safe to run from several processes at once: on PostgreSQL they take turns on an advisory
    lock, on SQLite on the write lock, and whoever comes second finds the schema current.
    Raises SchemaTooNew for a database from a newer head office."""
    from alembic import command  # noqa: PLC0415 - only when migrating, not on every start

    logging.getLogger("alembic").setLevel(logging.WARNING)  # our one line says what happened
    if engine.dialect.name == "sqlite":
        # HeadOfficeDb's engine begins with this option (db.py): the second migrator waits
        # for the first's commit instead of both reading "empty".
        engine = engine.execution_options(begin="BEGIN IMMEDIATE")
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Transaction-level: released by the commit that makes the schema visible.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": _MIGRATION_LOCK})
        before = schema_revision(connection)
        if before == SCHEMA_HEAD:
            return before
        if before is not None:
            _refuse_unknown(before)
        config = _alembic_config(connection)
        if before is None and _made_before_migrations(connection):
            command.stamp(config, "0001")
            log.info("head-office tables made before migrations adopted as schema 0001")
            before = "0001"
        command.upgrade(config, "head")
    return before


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _made_before_migrations(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    if not tables & _TABLES_BEFORE_MIGRATIONS:
        return False
    if not tables >= _TABLES_BEFORE_MIGRATIONS:
        missing = ", ".join(sorted(_TABLES_BEFORE_MIGRATIONS - tables))
        raise SchemaNotCurrent(f"the head-office database has some head-office tables but "
                               f"not all ({missing} missing) and no migration history: "
                               f"restore a backup or start from an empty database")
    return True


def _refuse_unknown(revision: str) -> None:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    try:
        known = script.get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for ids it has never seen
        known = False
    if not known:
        raise SchemaTooNew(f"the head-office database is at schema {revision}, newer than "
                           f"this version of head office knows ({SCHEMA_HEAD}): run the "
                           f"newer version, or restore a backup")
