"""Staff accounts at the counter: sign-in with a PIN, lock-out, PIN changes, the manager
override, adding and deactivating staff.

A PIN is checked against its argon2id hash (`station_app.security.pins`) outside the write
transaction (a verify takes ~50 ms; the write lock is not held meanwhile), then the outcome is
written in one transaction: the wrong-PIN counter or lock, and the audit entry. So a refused
sign-in DOES write (its audit entry and the counter) — that is the point of the log — but
never anything else.

Lock-out: `LOCK_AFTER_WRONG_PINS` (5) wrong PINs in a row lock the account for `LOCK_PERIOD`
(5 minutes); no PIN is checked while locked; a right PIN resets the count. Wrong PINs typed in
a manager override count too: it is the same PIN, guessed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.staff import Role
from station_app.security.pins import BadPin, check_pin_rules, hash_pin, pin_matches
from station_app.services.audit import AuditAction, record
from station_app.services.authority import NotAllowed, Permission, holds, require
from station_app.storage.database import Database
from station_app.storage.models import Staff

LOCK_AFTER_WRONG_PINS = 5
LOCK_PERIOD = timedelta(minutes=5)
NAME_MAX = 50


class StaffRefusal(StrEnum):
    UNKNOWN = "unknown"  # no such staff
    INACTIVE = "inactive"  # the account was deactivated
    NO_PIN = "no_pin"  # no PIN set yet: a manager sets one
    WRONG_PIN = "wrong_pin"  # see attempts_left
    LOCKED = "locked"  # too many wrong PINs: see locked_until
    NOT_MANAGER = "not_manager"  # an override or staff change by someone without the right
    BAD_PIN = "bad_pin"  # a new PIN breaks the rules (4–8 digits)
    BAD_NAME = "bad_name"
    BAD_ROLE = "bad_role"


@dataclass
class StaffRefused(Exception):
    """A sign-in, override or staff change was refused. Never carries the PIN."""

    reason: StaffRefusal
    staff_id: int | None = None
    attempts_left: int | None = None  # WRONG_PIN: wrong PINs left before the lock
    locked_until: datetime | None = None  # LOCKED

    def __str__(self) -> str:
        return f"refused: {self.reason} (staff {self.staff_id})"


@dataclass(frozen=True)
class SignedIn:
    staff_id: int
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER.value


@dataclass(frozen=True)
class StaffMember:
    staff_id: int
    name: str
    role: str
    active: bool
    has_pin: bool
    locked_until: datetime | None


@dataclass(frozen=True)
class StaffDesk:
    """Staff accounts of this station. Safe to call from any one worker thread."""

    db: Database
    clock: Clock = utc_now

    # --- reading ----------------------------------------------------------------------------

    def roster(self, include_inactive: bool = False) -> list[StaffMember]:
        """Staff in id order: who can sign in (active only unless asked)."""
        with self.db.reading() as session:
            query = select(Staff).order_by(Staff.id)
            if not include_inactive:
                query = query.where(Staff.active.is_(True))
            return [StaffMember(s.id, s.name, s.role, s.active, bool(s.pin_hash),
                                s.locked_until) for s in session.scalars(query)]

    def member(self, staff_id: int) -> SignedIn | None:
        with self.db.reading() as session:
            staff = session.get(Staff, staff_id)
            return None if staff is None else SignedIn(staff.id, staff.name, staff.role)

    # --- signing in and overriding ----------------------------------------------------------

    def sign_in(self, staff_id: int, pin: str) -> SignedIn:
        """Sign `staff_id` in at the counter with their PIN. Audited whatever the outcome.

        Raises StaffRefused: UNKNOWN, INACTIVE, NO_PIN, WRONG_PIN (with attempts_left) or
        LOCKED (with locked_until; also on the wrong PIN that locks)."""
        staff = self._checked_pin(staff_id, pin, AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED,
                                  AuditAction.SIGN_IN_REFUSED, subject=None, detail="")
        return staff

    def verify_override(self, manager_id: int, pin: str, action: str,
                        subject: str | None = None, staff_id: int | None = None,
                        detail: str = "") -> int:
        """A manager approves `action` on `subject` for the cashier `staff_id` by typing their
        PIN. Returns the manager's id, to pass to the service as `approver_id`; audited as an
        override (or a refused one) with action and subject.

        Raises StaffRefused: NOT_MANAGER, or as `sign_in` for the manager's account."""
        text = f"{action}: {detail}" if detail else str(action)
        with self.db.reading() as session:
            manager = session.get(Staff, manager_id)
            role = manager.role if manager is not None else None
        if role is not None and not any(holds(role, p) for p in Permission):
            now = self.clock()
            with self.db.writing() as session:
                record(session, AuditAction.OVERRIDE_REFUSED, staff_id, now,
                       approver_id=manager_id, subject=subject,
                       detail=f"{text} (not a manager)")
            raise StaffRefused(StaffRefusal.NOT_MANAGER, manager_id)
        signed = self._checked_pin(manager_id, pin, AuditAction.OVERRIDE,
                                   AuditAction.OVERRIDE_REFUSED, AuditAction.OVERRIDE_REFUSED,
                                   subject=subject, detail=text, actor=staff_id)
        return signed.staff_id

    def lock(self, staff_id: int | None) -> None:
        """The counter was locked (F12 or idle): one audit entry."""
        with self.db.writing() as session:
            record(session, AuditAction.LOCK, staff_id, self.clock())

    def _checked_pin(self, staff_id: int, pin: str, ok: AuditAction, wrong: AuditAction,
                     refused: AuditAction, subject: str | None, detail: str,
                     actor: int | None = None) -> SignedIn:
        # `actor` is who the entry is about when it is not the PIN's owner (an override: the
        # cashier acts, the manager approves). For a sign-in the owner is the actor.
        def entry(session: Session, action: AuditAction, why: str, at: datetime,
                  known: bool) -> None:
            owner = staff_id if known else None
            if actor is None:
                record(session, action, owner, at, subject=subject,
                       detail=_join(detail, why))
            else:
                record(session, action, actor, at, approver_id=owner, subject=subject,
                       detail=_join(detail, why))

        now = self.clock()
        with self.db.reading() as session:
            staff = session.get(Staff, staff_id)
            known = staff is not None
            active = bool(staff and staff.active)
            pin_hash = staff.pin_hash if staff else None
            locked_until = staff.locked_until if staff else None
        refusal: StaffRefused | None = None
        if not known:
            refusal = StaffRefused(StaffRefusal.UNKNOWN, staff_id)
        elif not active:
            refusal = StaffRefused(StaffRefusal.INACTIVE, staff_id)
        elif locked_until is not None and locked_until > now:
            refusal = StaffRefused(StaffRefusal.LOCKED, staff_id, locked_until=locked_until)
        elif not pin_hash:
            refusal = StaffRefused(StaffRefusal.NO_PIN, staff_id)
        if refusal is not None:
            with self.db.writing() as session:
                entry(session, refused, f"refused: {refusal.reason.value}"
                      + (f" for staff {staff_id}" if not known else ""), now, known)
            raise refusal
        matched = pin_matches(pin_hash, pin)  # outside any transaction: ~50 ms
        with self.db.writing() as session:
            staff = session.get(Staff, staff_id)
            assert staff is not None  # staff are deactivated, never deleted
            if matched:
                staff.failed_pins = 0
                staff.locked_until = None
                entry(session, ok, "", now, True)
                return SignedIn(staff.id, staff.name, staff.role)
            staff.failed_pins += 1
            if staff.failed_pins >= LOCK_AFTER_WRONG_PINS:
                staff.failed_pins = 0
                staff.locked_until = now + LOCK_PERIOD
                entry(session, AuditAction.LOCKED_OUT,
                      f"{LOCK_AFTER_WRONG_PINS} wrong PINs: locked until "
                      f"{staff.locked_until.isoformat()}", now, True)
                refusal = StaffRefused(StaffRefusal.LOCKED, staff_id,
                                       locked_until=staff.locked_until)
            else:
                left = LOCK_AFTER_WRONG_PINS - staff.failed_pins
                entry(session, wrong, f"wrong PIN ({left} left)", now, True)
                refusal = StaffRefused(StaffRefusal.WRONG_PIN, staff_id, attempts_left=left)
        raise refusal

    # --- managing accounts ------------------------------------------------------------------

    def set_pin(self, staff_id: int, new_pin: str, by_id: int,
                old_pin: str | None = None) -> None:
        """Set `staff_id`'s PIN. Staff change their own with `old_pin`; a manager (`by_id`)
        sets anyone's without it (a forgotten PIN), which also lifts a lock. Audited.

        Raises StaffRefused: BAD_PIN, UNKNOWN/INACTIVE, WRONG_PIN/LOCKED (own PIN with a wrong
        old one), NOT_MANAGER (someone else's PIN without being a manager)."""
        try:
            check_pin_rules(new_pin)
        except BadPin:
            raise StaffRefused(StaffRefusal.BAD_PIN, staff_id) from None
        if by_id == staff_id and old_pin is not None:
            self.sign_in(staff_id, old_pin)  # raises (and audits) when wrong
            self_service = True
        else:
            self_service = False
        new_hash = hash_pin(new_pin)
        with self.db.writing() as session:
            if not self_service:
                self._require_manager(session, by_id)
            staff = session.get(Staff, staff_id)
            if staff is None:
                raise StaffRefused(StaffRefusal.UNKNOWN, staff_id)
            if not staff.active:
                raise StaffRefused(StaffRefusal.INACTIVE, staff_id)
            staff.pin_hash = new_hash
            staff.failed_pins = 0
            staff.locked_until = None
            record(session, AuditAction.PIN_CHANGED, by_id, self.clock(),
                   subject=f"staff {staff_id}",
                   detail="own PIN" if self_service else "set by a manager")

    def add_staff(self, name: str, role: Role | str, pin: str, manager_id: int) -> int:
        """A manager adds an account with its first PIN. Returns the new staff id. Audited.

        Raises StaffRefused: NOT_MANAGER, BAD_NAME, BAD_ROLE, BAD_PIN."""
        name = name.strip()
        if not name or len(name) > NAME_MAX:
            raise StaffRefused(StaffRefusal.BAD_NAME)
        try:
            role = Role(role)
        except ValueError:
            raise StaffRefused(StaffRefusal.BAD_ROLE) from None
        try:
            pin_hash = hash_pin(pin)
        except BadPin:
            raise StaffRefused(StaffRefusal.BAD_PIN) from None
        with self.db.writing() as session:
            self._require_manager(session, manager_id)
            staff = Staff(name=name, role=role.value, active=True, pin_hash=pin_hash,
                          failed_pins=0)
            session.add(staff)
            session.flush()
            record(session, AuditAction.STAFF_ADDED, manager_id, self.clock(),
                   subject=f"staff {staff.id}", detail=f"{name} ({role.value})")
            return staff.id

    def deactivate(self, staff_id: int, manager_id: int) -> None:
        """A manager deactivates an account (kept, for the history that names it). Audited.
        A manager cannot deactivate themself (the station would lose its last one).

        Raises StaffRefused: NOT_MANAGER, UNKNOWN."""
        with self.db.writing() as session:
            self._require_manager(session, manager_id)
            staff = session.get(Staff, staff_id)
            if staff is None or staff_id == manager_id:
                raise StaffRefused(StaffRefusal.UNKNOWN, staff_id)
            staff.active = False
            record(session, AuditAction.STAFF_DEACTIVATED, manager_id, self.clock(),
                   subject=f"staff {staff_id}", detail=staff.name)

    @staticmethod
    def _require_manager(session: Session, manager_id: int) -> None:
        try:
            require(session, manager_id, Permission.MANAGE_STAFF)
        except NotAllowed:
            raise StaffRefused(StaffRefusal.NOT_MANAGER, manager_id) from None


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)
