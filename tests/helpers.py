"""Reading the demo station's database the way a test needs to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from station_app.storage.database import Database


def scalar(db: Database, sql: str, **params: Any) -> Any:
    with db.reading() as session:
        return session.execute(text(sql), params).scalar()


def rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.reading() as session:
        return list(session.execute(text(sql), params).all())


def pickup_code(db: Database, where: str) -> str:
    """The pickup code of the first demo order matching an SQL condition on `orders`."""
    code = scalar(db, f"SELECT pickup_code FROM orders WHERE {where} ORDER BY id LIMIT 1")
    assert code, f"no demo order where {where}"
    return str(code)


NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
READY = f"state = 'ready' AND station_id = 'XF01' AND holding_deadline > {NOW}"
OVERDUE = f"state = 'ready' AND station_id = 'XF01' AND holding_deadline < {NOW}"
