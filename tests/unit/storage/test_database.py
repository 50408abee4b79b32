"""The station database: pragmas, migrations with backup, refusal of newer files, history guards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from station_app.storage import migrate
from station_app.storage.database import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    DatabaseError,
    DatabaseTooNew,
    create_station_engine,
    current_revision,
    open_database,
)


def test_schema_head_constant_matches_the_migrations() -> None:
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == SCHEMA_HEAD


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """A column added to a model but forgotten in a migration (or the other way round) would
    only show on a counter that was upgraded rather than new: compare them here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from station_app.storage.models import Base

    db = open_database(tmp_path / "station.db", tmp_path / "backups")
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.close()
    # SQLite reports datetime columns as the VARCHAR they are stored in: not a difference.
    real = [d for d in differences if not (isinstance(d, list) and d and d[0][0] ==
                                            "modify_type")]
    assert real == []


def test_new_database_is_wal_full_sync_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "station.db", tmp_path / "backups")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert current_revision(db.engine) == SCHEMA_HEAD
    db.close()


def test_older_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    engine = create_station_engine(path)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO station (id, name, holding_days, is_local) "
                                "VALUES ('XF01', '幸福里', 3, 1)"))
    engine.dispose()

    db = open_database(path, tmp_path / "backups")

    assert current_revision(db.engine) == SCHEMA_HEAD
    backups = list((tmp_path / "backups").glob("*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT name FROM station").fetchone() == ("幸福里",)
    db.close()


def test_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    open_database(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0999'")
    before = path.read_bytes()

    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(path, tmp_path / "backups")
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="Restore the latest backup"):
        open_database(path, tmp_path / "backups")


@pytest.mark.parametrize("statement", [
    "UPDATE stock_movement SET delta = 0",
    "DELETE FROM stock_movement",
    "UPDATE outbox_event SET payload = '{}'",
    "DELETE FROM outbox_event",
    "DELETE FROM handover",
    "UPDATE handover_line SET outcome = 'taken'",
])
def test_history_cannot_be_rewritten(counter, statement: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError, match=r"append-only|immutable|cannot be deleted"), \
            counter.db.writing() as session:
        session.execute(text(statement))


def test_acknowledging_an_outbox_event_is_allowed(counter) -> None:  # type: ignore[no-untyped-def]
    with counter.db.writing() as session:
        session.execute(text("UPDATE outbox_event SET acked_at = '2026-11-25T10:00:00.000000Z' "
                             "WHERE station_seq = 1"))
    with counter.db.reading() as session:
        assert session.execute(text(
            "SELECT acked_at FROM outbox_event WHERE station_seq = 1")).scalar()


def test_a_station_with_sales_migrates_with_its_history_guards(tmp_path: Path) -> None:
    """0006 adds columns to `sale` and `staff`, which other rows point at and which carry
    history triggers: it must extend them in place, never copy and drop them."""
    path = tmp_path / "station.db"
    engine = create_station_engine(path)
    migrate.upgrade(engine, "0005")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO station (id, name, holding_days, is_local) VALUES ('XF01', 'x', 3, 1)",
            "INSERT INTO staff (id, name, role, active) VALUES (1, '王丽', 'clerk', 1)",
            "INSERT INTO catalogue_item (sku, name, barcode, unit, price_fen) "
            "VALUES ('VEG-001', '菠菜', NULL, '袋', 590)",
            "INSERT INTO outbox_event (event_id, station_id, station_seq, type, occurred_at, "
            "payload, acked_at) VALUES ('e1', 'XF01', 1, 'sale.completed', "
            "'2026-11-25T08:00:00.000000Z', '{}', NULL)",
            "INSERT INTO sale (id, sale_no, kind, staff_id, sold_at, subtotal_fen, "
            "discount_fen, total_fen, payment_method, event_id) VALUES (1, 'S-1', 'sale', 1, "
            "'2026-11-25T08:00:00.000000Z', 590, 0, 590, 'cash', 'e1')",
            "INSERT INTO sale_line (sale_id, line_no, sku, quantity, unit_price_fen) "
            "VALUES (1, 1, 'VEG-001', 1, 590)",
        ):
            connection.execute(text(statement))
    engine.dispose()

    db = open_database(path, tmp_path / "backups")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT sale_no, shift_id FROM sale")).one() == (
            "S-1", None)
        assert connection.execute(text("SELECT failed_pins, pin_hash FROM staff")).one() == (
            0, None)
        with pytest.raises(IntegrityError):
            connection.execute(text("DELETE FROM sale"))
    db.close()


def test_database_errors_carry_no_bound_parameters(tmp_path: Path) -> None:
    """SQLAlchemy puts a failed statement's parameters into the error's text, which ends in the
    log: a customer's name and phone must not."""
    db = open_database(tmp_path / "station.db", tmp_path / "backups")
    insert = text("INSERT INTO station (id, name, holding_days, is_local) "
                  "VALUES (:id, :name, 3, 0)")
    try:
        with db.writing() as session:
            session.execute(insert, {"id": "XF09", "name": "王小明 13812345678"})
        with pytest.raises(IntegrityError) as duplicate, db.writing() as session:
            session.execute(insert, {"id": "XF09", "name": "王小明 13812345678"})
    finally:
        db.close()
    told = str(duplicate.value)
    assert "UNIQUE constraint failed" in told  # still says what went wrong
    assert "13812345678" not in told and "王小明" not in told, told
