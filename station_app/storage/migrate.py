"""Alembic run from code on the app's own engine (the Alembic cookbook recipe)."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from station_app.storage.database import MIGRATIONS_DIR


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


class ForeignKeysBroken(RuntimeError):
    """A migration left rows naming rows that do not exist: it was rolled back."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction.

    Foreign keys are off while they run and checked before the commit (SQLite's own recipe for
    rebuilding a table others point at: a batch copies the table, drops it and renames the
    copy, and with the keys on the drop fails for every row that names it). The pragma only
    takes effect outside a transaction, so it is set on the driver's connection before BEGIN.
    """
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per step is plenty
    config = alembic_config()
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise ForeignKeysBroken(f"{len(broken)} row(s) name missing rows, e.g. "
                                            f"{tuple(broken[0])}")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
