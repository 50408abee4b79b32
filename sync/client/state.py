"""Small helpers over the sync tables, shared by the relay, the puller and the service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.models import AttentionItem, SyncEnrolment, SyncStatus

# Attention item kinds (the UI translates them; the message is for head office's logs).
REJECTED_EVENT = "rejected_event"
CANCELLED_AFTER_HANDOVER = "cancelled_after_handover"
BAD_CHANGE = "bad_change"
UNSENDABLE_EVENT = "unsendable_event"


def status_row(session: Session) -> SyncStatus:
    row = session.get(SyncStatus, 1)
    if row is None:
        row = SyncStatus(id=1, acked_through_seq=0, failures=0)
        session.add(row)
        session.flush()
    return row


def enrolment(session: Session) -> SyncEnrolment | None:
    return session.get(SyncEnrolment, 1)


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


def record_failure(session: Session, kind: str, message: str, now: datetime) -> None:
    row = status_row(session)
    row.last_attempt_at = now
    row.last_error_at = now
    row.last_error_kind = kind[:32]
    row.last_error = message[:500]
    row.failures += 1


def record_success(session: Session, now: datetime) -> None:
    row = status_row(session)
    row.last_attempt_at = now
    row.last_success_at = now
    row.failures = 0
