"""Who may do what: checked in the core, inside the action's own transaction.

The UI asks for a manager before it calls a service that needs one, but the service checks
again, so no screen (or script) can skip the rule. PINs and sign-in come with the staff issue;
until then an approver is named by staff id.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.staff import Role
from station_app.storage.database import Database
from station_app.storage.models import Staff


class NotAllowed(Exception):
    """The named staff may not do this: unknown, inactive, or not a manager."""

    def __init__(self, staff_id: int | None, needs: str) -> None:
        super().__init__(f"staff {staff_id} may not do this: it needs {needs}")
        self.staff_id = staff_id
        self.needs = needs  # "staff" or "manager"


def require_staff(session: Session, staff_id: int | None) -> Staff:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None or not staff.active:
        raise NotAllowed(staff_id, "staff")
    return staff


def require_manager(session: Session, staff_id: int | None) -> Staff:
    staff = require_staff(session, staff_id)
    if staff.role != Role.MANAGER.value:
        raise NotAllowed(staff_id, "manager")
    return staff


def managers(db: Database) -> list[tuple[int, str]]:
    """Active managers as (id, name): who can approve at this counter."""
    with db.reading() as session:
        rows = session.execute(
            select(Staff.id, Staff.name).where(Staff.active.is_(True),
                                               Staff.role == Role.MANAGER.value)
            .order_by(Staff.name)).all()
    return [(staff_id, name) for staff_id, name in rows]
