"""Head office's schema: an Alembic history, migrated as one explicit step, never at start."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from sync.server.cli import main as headoffice_cli
from sync.server.db import HeadOfficeDb
from sync.server.migrate import MIGRATIONS_DIR, SCHEMA_HEAD, SchemaNotCurrent, _alembic_config
from sync.server.models import Base
from tests.sync.conftest import fresh_postgres

REPO = Path(__file__).resolve().parents[2]


def test_schema_head_constant_matches_the_migrations() -> None:
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == SCHEMA_HEAD


def _real_differences(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    # SQLite reports the UTC datetime columns as the DATETIME they are stored in: not a
    # difference (the counter's test makes the same allowance).
    return [d for d in differences if not (
        url.startswith("sqlite") and isinstance(d, list) and d and d[0][0] == "modify_type")]


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    """A column added to a model but forgotten in a migration would only show on a head office
    that was upgraded rather than new: compare the migrated schema with the models."""
    HeadOfficeDb(database_url, migrate=True).dispose()
    assert _real_differences(database_url) == []
    engine = create_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert tables == {*Base.metadata.tables, "alembic_version"}


def test_an_empty_database_is_refused_until_migrated(database_url: str) -> None:
    with pytest.raises(SchemaNotCurrent, match="run station-headoffice migrate"):
        HeadOfficeDb(database_url)
    engine = create_engine(database_url)
    assert inspect(engine).get_table_names() == []  # refusing wrote nothing
    engine.dispose()
    HeadOfficeDb(database_url, migrate=True).dispose()
    db = HeadOfficeDb(database_url)  # now current: opens without migrating
    assert db.epoch
    db.dispose()


def test_a_database_behind_the_code_is_refused(sqlite_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    HeadOfficeDb(sqlite_url, migrate=True).dispose()
    # As if this code knew a migration the database has not had yet.
    monkeypatch.setattr("sync.server.migrate.SCHEMA_HEAD", f"{int(SCHEMA_HEAD) + 1:04d}")
    with pytest.raises(SchemaNotCurrent,
                       match=rf"{SCHEMA_HEAD}.*run station-headoffice migrate"):
        HeadOfficeDb(sqlite_url)


def test_a_database_from_newer_code_is_refused_untouched(sqlite_url: str) -> None:
    HeadOfficeDb(sqlite_url, migrate=True).dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0999'")
    before = path.read_bytes()
    with pytest.raises(SchemaNotCurrent, match="newer"):
        HeadOfficeDb(sqlite_url)
    with pytest.raises(SchemaNotCurrent, match="newer"):
        HeadOfficeDb(sqlite_url, migrate=True)  # migrating cannot go back either
    assert path.read_bytes() == before


def test_a_database_made_before_migrations_is_adopted(sqlite_url: str) -> None:
    """Head offices created by `create_all` (before this history) hold exactly revision 0001:
    `migrate` stamps them instead of failing on tables that exist, and keeps their rows."""
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        # Exactly what create_all made then: revision 0001, without its history table.
        command.upgrade(_alembic_config(connection), "0001")
        connection.exec_driver_sql("DROP TABLE alembic_version")
        connection.exec_driver_sql("INSERT INTO ho_meta (key, value) VALUES ('epoch', 'cafe0001')")
    engine.dispose()
    with pytest.raises(SchemaNotCurrent, match="run station-headoffice migrate"):
        HeadOfficeDb(sqlite_url)
    db = HeadOfficeDb(sqlite_url, migrate=True)
    assert db.epoch == "cafe0001"
    db.dispose()


def test_the_cli_migrates_and_admin_commands_need_no_extra_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    assert headoffice_cli(["--database-url", url, "migrate"]) == 0
    assert SCHEMA_HEAD in capsys.readouterr().out
    assert headoffice_cli(["--database-url", url, "migrate"]) == 0  # a second run: nothing to do
    assert "already" in capsys.readouterr().out
    # An admin command on a fresh SQLite file (the demo, a small deployment) migrates it itself.
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert headoffice_cli(["--database-url", fresh, "create-station", "GL07", "光明里"]) == 0


def test_admin_commands_refuse_a_postgres_database_that_is_not_migrated(
        capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_postgres()
    assert headoffice_cli(["--database-url", url, "create-station", "GL07", "光明里"]) == 1
    assert "station-headoffice migrate" in capsys.readouterr().err


def _migrate_at(url: str, start_at: float) -> subprocess.Popen[str]:
    """`station-headoffice migrate` in its own process, imports done, starting at `start_at`
    (so several processes reach the empty database in the same few milliseconds)."""
    program = ("import sys, time\n"
               "from sync.server.cli import main\n"
               f"time.sleep(max(0.0, {start_at!r} - time.time()))\n"
               f"sys.exit(main(['--database-url', {url!r}, 'migrate']))\n")
    return subprocess.Popen([sys.executable, "-c", program], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_migrations_started_at_once_on_an_empty_postgres_database_all_succeed() -> None:
    """Workers or deploy scripts may migrate at the same moment: the second waits for the
    first (an advisory lock) and finds the schema current, instead of failing on pg_type."""
    url = fresh_postgres()
    start_at = time.time() + 4.0  # after the interpreters have imported everything
    runs = [_migrate_at(url, start_at) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n---\n".join(outputs)
    db = HeadOfficeDb(url)
    db.dispose()
