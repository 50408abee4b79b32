"""Head office's database errors carry no bound parameters into its logs (issue 12, item 12):
a resident's name and phone in a failed statement must not reach a log line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sync.server.db import HeadOfficeDb


def test_head_office_database_errors_carry_no_bound_parameters(tmp_path: Path) -> None:
    db = HeadOfficeDb(f"sqlite:///{tmp_path / 'ho.db'}", migrate=True)
    insert = text("INSERT INTO ho_stations (id, name, created_at, acked_through_seq, "
                  "holding_days) "
                  "VALUES (:id, :name, '2026-12-05T00:00:00Z', 0, 3)")
    try:
        with db.writing() as session:
            session.execute(insert, {"id": "XF09", "name": "王小明 13812345678"})
        with pytest.raises(IntegrityError) as duplicate, db.writing() as session:
            session.execute(insert, {"id": "XF09", "name": "王小明 13812345678"})
    finally:
        db.engine.dispose()
    told = str(duplicate.value)
    assert "UNIQUE" in told.upper()  # still says what went wrong
    assert "13812345678" not in told and "王小明" not in told, told
