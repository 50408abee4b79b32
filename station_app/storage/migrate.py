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


def upgrade(engine: Engine, revision: str = "head") -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per step is plenty
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
