"""The attention inbox (F8): what staff or a manager must look at, each problem listed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.models import AttentionItem


def add_attention(session: Session, dedup_key: str, kind: str, message: str, now: datetime,
                  *, order_no: str | None = None, event_id: str | None = None,
                  code: str | None = None) -> bool:
    """Add an item unless the same problem is already listed. True when it was new."""
    exists = session.scalar(select(AttentionItem.id).where(AttentionItem.dedup_key == dedup_key))
    if exists is not None:
        return False
    session.add(AttentionItem(dedup_key=dedup_key[:120], kind=kind, order_no=order_no,
                              event_id=event_id, code=(code or None) and code[:64],
                              message=message[:500], created_at=now))
    return True
