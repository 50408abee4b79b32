"""Alembic environment: always given the app's connection; batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from station_app.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run from station_app.storage.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
