"""Alembic environment for head office: always given a connection by sync.server.migrate.

A new revision, from the repository root (autogenerate compares the models with a database
migrated to the current head; check what it writes):

    python -c "from sync.server.migrate import new_revision; new_revision('what it does')"
"""

from __future__ import annotations

from alembic import context

from sync.server.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("head office migrations run from sync.server.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it; PostgreSQL ignores this
)
with context.begin_transaction():
    context.run_migrations()
