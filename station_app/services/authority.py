"""Who may do what: checked in the core, inside the action's own transaction.

The UI asks for a manager (name and PIN, `station_app.services.staff.StaffAccounts.verify_override`)
before it calls a service that needs one, but the service checks again, so no screen (or
script) can skip the rule: a clerk named as approver is refused whatever the screen did.

Roles hold permissions (`ROLE_PERMISSIONS`): a clerk (店员) holds none of the sensitive ones, a
station manager (站长) holds them all. `require(session, staff_id, permission)` is the check;
`require_manager` stays for the services written before permissions were named.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.staff import Role
from station_app.storage.database import Database
from station_app.storage.models import Staff


class Permission(StrEnum):
    """The sensitive things at the counter: each needs a role that holds it (or an override)."""

    VOID = "void"
    STOCK_ADJUST = "stock_adjust"
    DISCOUNT = "discount"
    REFUND = "refund"
    PHONE_TAIL_HANDOVER = "phone_tail_handover"  # hand over by phone tail, without the code
    CASH_VARIANCE_CLOSE = "cash_variance_close"  # close a shift with a cash difference
    CASH_OUT = "cash_out"
    MANAGE_STAFF = "manage_staff"  # add, deactivate, reset another's PIN
    HOLDING_PERIOD = "holding_period"
    APPROVE_COUNT = "approve_count"
    CLOCK_RESET = "clock_reset"  # put the trusted clock back after the PC clock ran ahead
    EARLY_DAY_CLOSE = "early_day_close"  # close the business day before its midnight


ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(),
    Role.MANAGER: frozenset(Permission),
}


class NotAllowed(Exception):
    """The named staff may not do this: unknown, inactive, or without the permission."""

    def __init__(self, staff_id: int | None, needs: str,
                 permission: Permission | None = None) -> None:
        what = f"{needs} ({permission.value})" if permission is not None else needs
        super().__init__(f"staff {staff_id} may not do this: it needs {what}")
        self.staff_id = staff_id
        self.needs = needs  # "staff" or "manager"
        self.permission = permission  # which permission was missing, when one was asked


def holds(role: str, permission: Permission) -> bool:
    """Whether a role (its stored value) holds `permission`. Unknown roles hold nothing."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require_staff(session: Session, staff_id: int | None) -> Staff:
    """The active staff `staff_id`. Raises NotAllowed (needs "staff") otherwise."""
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None or not staff.active:
        raise NotAllowed(staff_id, "staff")
    return staff


def require(session: Session, staff_id: int | None, permission: Permission) -> Staff:
    """The active staff `staff_id` whose role holds `permission`.

    Raises NotAllowed: needs "staff" when unknown or inactive, "manager" when the role lacks
    the permission (only managers hold sensitive permissions)."""
    staff = require_staff(session, staff_id)
    if not holds(staff.role, permission):
        raise NotAllowed(staff_id, "manager", permission)
    return staff


def require_manager(session: Session, staff_id: int | None) -> Staff:
    """The active station manager `staff_id`. Raises NotAllowed otherwise."""
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
