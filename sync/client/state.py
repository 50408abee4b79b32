"""Small helpers over the sync tables, shared by the relay, the puller and the service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from station_app.services.attention import add_attention
from station_app.storage.models import SyncEnrolment, SyncStatus

__all__ = ["add_attention", "enrolment", "record_failure", "record_success", "status_row"]

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
