"""The audit log (审计日志): who did what sensitive thing, and which manager approved it.

Every sign-in attempt, every manager override and every sensitive action writes one entry, in
the same transaction as the action itself, so an action and its entry exist together or not
at all. Entries are history: the database refuses UPDATE and DELETE on `audit_log` (triggers of
migration 0006) and no function here or elsewhere edits them. Staff read them in the audit
viewer and export them to CSV. Never put a PIN (or any secret) in `detail`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from station_app.storage.database import Database
from station_app.storage.models import AuditEntry, Staff

DETAIL_MAX = 500  # the column's width
SUBJECT_MAX = 64


class AuditAction(StrEnum):
    """Actions the staff service writes. Other services may record their own action names
    (e.g. a shift's "cash_out"): the column is free text, these are the well-known ones."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"  # wrong PIN
    SIGN_IN_REFUSED = "sign_in_refused"  # locked, inactive, no PIN set
    LOCKED_OUT = "locked_out"  # the wrong PIN that locked the account
    LOCK = "lock"  # the counter locked (on demand or idle)
    OVERRIDE = "override"  # a manager approved with their PIN
    OVERRIDE_REFUSED = "override_refused"  # wrong PIN, not a manager, locked
    PIN_CHANGED = "pin_changed"
    STAFF_ADDED = "staff_added"
    STAFF_DEACTIVATED = "staff_deactivated"
    PHONE_TAIL_HANDOVER = "phone_tail_handover"


def record(session: Session, action: str, staff_id: int | None, at: datetime,
           approver_id: int | None = None, subject: str | None = None,
           detail: str = "") -> AuditEntry:
    """Add one audit entry in the caller's transaction (flushed, not committed)."""
    entry = AuditEntry(at=at, staff_id=staff_id, action=str(action), approver_id=approver_id,
                       subject=subject[:SUBJECT_MAX] if subject else subject,
                       detail=detail[:DETAIL_MAX])
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    staff_id: int | None
    staff_name: str
    approver_id: int | None
    approver_name: str
    subject: str
    detail: str


def entries(db: Database, since: datetime | None = None, until: datetime | None = None,
            staff_id: int | None = None, action: str | None = None,
            limit: int = 5000) -> list[AuditRow]:
    """Audit entries newest first: from `since` (inclusive) to `until` (exclusive), of one
    staff (as the actor or the approver) and one action when given. At most `limit` rows."""
    actor, approver = aliased(Staff), aliased(Staff)
    query = (select(AuditEntry, actor.name, approver.name)
             .outerjoin(actor, actor.id == AuditEntry.staff_id)
             .outerjoin(approver, approver.id == AuditEntry.approver_id))
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if staff_id is not None:
        query = query.where((AuditEntry.staff_id == staff_id)
                            | (AuditEntry.approver_id == staff_id))
    if action:
        query = query.where(AuditEntry.action == action)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    with db.reading() as session:
        return [AuditRow(entry.id, entry.at, entry.action, entry.staff_id, actor_name or "",
                         entry.approver_id, approver_name or "", entry.subject or "",
                         entry.detail)
                for entry, actor_name, approver_name in session.execute(query).all()]


def actions(db: Database) -> list[str]:
    """The actions present in the log, for the viewer's filter."""
    with db.reading() as session:
        return sorted(session.scalars(select(AuditEntry.action).distinct()))


CSV_HEADER = ("id", "at", "action", "staff_id", "staff", "approver_id", "approver", "subject",
              "detail")


def export_csv(path: Path, rows: Iterable[AuditRow]) -> int:
    """Write `rows` to `path` as CSV with a header row, in UTF-8 with a BOM (so Excel on a
    Chinese Windows opens the names correctly). Times are ISO 8601 with their offset.
    Returns how many rows were written. Raises OSError when the file cannot be written."""
    count = 0
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow([row.id, row.at.isoformat(), row.action,
                             "" if row.staff_id is None else row.staff_id, row.staff_name,
                             "" if row.approver_id is None else row.approver_id,
                             row.approver_name, _no_formula(row.subject),
                             _no_formula(row.detail)])
            count += 1
    temporary.replace(path)
    return count


def _no_formula(text: str) -> str:
    # A detail starting with = + - @ would run as a formula when the file is opened in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
