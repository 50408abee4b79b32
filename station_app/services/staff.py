"""Staff accounts at the counter: sign-in with a PIN, lock-out, PIN changes, the manager
override, adding and deactivating staff.

Each attempt is counted before its PIN is checked: one write transaction reserves it (the
wrong-PIN count goes up, and the attempt that reaches `LOCK_AFTER_WRONG_PINS` locks the account
there and then), the PIN is checked against its argon2id hash (`station_app.security.pins`,
~50 ms) outside any transaction, and a second transaction writes the outcome with its audit
entry; a right PIN gives its reservation back (the count starts over and a lock it placed is
lifted). So attempts sent at once can never all be checked: at most five are, the others find
the account locked. A refused sign-in DOES write (its audit entry and the count) — that is the
point of the log — but never anything else.

Lock-out, escalating so that a 4-digit PIN does not fall to patient guessing:
- five wrong PINs in a row lock the account for 5 minutes (`LOCK_PERIODS`); the next five
  wrong after that lock, for 30 minutes; the next five, until a manager sets a new PIN
  (`set_pin` by a manager: the staff dialog's "Reset PIN"; audited). No PIN is checked while
  the account is locked.
- a right PIN resets the count of wrong PINs, not the escalation: that is forgotten only by a
  right PIN typed `ESCALATION_MEMORY` (24 h) or more after the latest lock-out began, or by a
  manager's PIN reset. A cashier who locks themself out one busy morning starts afresh the
  next day; someone guessing between the cashier's sign-ins reaches the manager within a day.
- wrong PINs typed in a manager override count too: it is the same PIN, guessed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.staff import Role
from station_app.security.pins import (
    BadPin,
    PinProblem,
    check_pin_format,
    check_pin_rules,
    hash_pin,
    pin_matches,
)
from station_app.services.audit import AuditAction, record
from station_app.services.authority import NotAllowed, Permission, holds, require
from station_app.services.station_facts import staff_changed
from station_app.storage.database import Database
from station_app.storage.models import Staff, Station

LOCK_AFTER_WRONG_PINS = 5
# The first lock-out, then the second; the one after holds until a manager resets the PIN.
LOCK_PERIODS = (timedelta(minutes=5), timedelta(minutes=30))
LOCK_PERIOD = LOCK_PERIODS[0]
ESCALATION_MEMORY = timedelta(hours=24)
NAME_MAX = 50


class StaffRefusal(StrEnum):
    UNKNOWN = "unknown"  # no such staff
    INACTIVE = "inactive"  # the account was deactivated
    NO_PIN = "no_pin"  # no PIN set yet: a manager sets one
    WRONG_PIN = "wrong_pin"  # see attempts_left
    LOCKED = "locked"  # too many wrong PINs: see locked_until and lock_minutes
    LOCKED_UNTIL_RESET = "locked_until_reset"  # the third lock-out: a manager sets a new PIN
    NOT_MANAGER = "not_manager"  # an override or staff change by someone without the right
    BAD_PIN = "bad_pin"  # a new PIN breaks the rules: see pin_problem
    BAD_NAME = "bad_name"
    BAD_ROLE = "bad_role"


@dataclass
class StaffRefused(Exception):
    """A sign-in, override or staff change was refused. Never carries the PIN."""

    reason: StaffRefusal
    staff_id: int | None = None
    attempts_left: int | None = None  # WRONG_PIN: wrong PINs left before the lock
    locked_until: datetime | None = None  # LOCKED
    lock_minutes: int | None = None  # LOCKED: how long this lock-out lasts in all
    pin_problem: PinProblem | None = None  # BAD_PIN: which rule (security.pins) it breaks

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
    needs_reset: bool = False  # locked until a manager sets a new PIN


@dataclass(frozen=True)
class StaffAccounts:
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
                                s.locked_until, _locked_for_good(s))
                    for s in session.scalars(query)]

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
        with self.db.writing() as session:  # reserve the attempt before the PIN is checked
            staff = session.get(Staff, staff_id)
            refusal = _refusal_before_check(staff, staff_id, now)
            if refusal is not None:
                entry(session, refused, f"refused: {refusal.reason.value}"
                      + (f" for staff {staff_id}" if staff is None else ""), now,
                      staff is not None)
            else:
                assert staff is not None and staff.pin_hash
                reserved = _reserve(staff, now)
        if refusal is not None:
            raise refusal
        matched = pin_matches(reserved.pin_hash, pin)  # outside any transaction: ~50 ms
        with self.db.writing() as session:
            staff = session.get(Staff, staff_id)
            assert staff is not None  # staff are deactivated, never deleted
            # A PIN a manager replaced meanwhile no longer opens the account.
            if matched and staff.pin_hash == reserved.pin_hash:
                _give_back(staff, reserved, now)
                entry(session, ok, "", now, True)
                return SignedIn(staff.id, staff.name, staff.role)
            if reserved.locks:
                refusal = _locked(staff_id, reserved.lockouts, now)
                how_long = "locked until a manager sets a new PIN" \
                    if refusal.locked_until is None else \
                    f"locked for {refusal.lock_minutes} minutes, until " \
                    f"{refusal.locked_until.isoformat()}"
                entry(session, AuditAction.LOCKED_OUT, f"{LOCK_AFTER_WRONG_PINS} wrong PINs "
                      f"(lock-out {reserved.lockouts}): {how_long}", now, True)
            else:
                left = LOCK_AFTER_WRONG_PINS - reserved.failed_pins
                entry(session, wrong, f"wrong PIN ({left} left)", now, True)
                refusal = StaffRefused(StaffRefusal.WRONG_PIN, staff_id, attempts_left=left)
        raise refusal

    # --- managing accounts ------------------------------------------------------------------

    def set_pin(self, staff_id: int, new_pin: str, by_id: int,
                old_pin: str | None = None) -> None:
        """Set `staff_id`'s PIN. Staff change their own with `old_pin`; a manager (`by_id`)
        sets anyone's without it (a forgotten PIN), which also lifts any lock, the one that
        holds until a manager resets the PIN included, and clears the escalation. Audited.

        Raises StaffRefused: BAD_PIN (with its pin_problem: the rules depend on the holder's
        role), UNKNOWN/INACTIVE, WRONG_PIN/LOCKED (own PIN with a wrong old one), NOT_MANAGER
        (someone else's PIN without being a manager)."""
        _check_new_pin(new_pin, None, staff_id)
        with self.db.reading() as session:
            staff = session.get(Staff, staff_id)
            role = staff.role if staff is not None else None
        if role is None:
            raise StaffRefused(StaffRefusal.UNKNOWN, staff_id)
        _check_new_pin(new_pin, role, staff_id)
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
            now = self.clock()
            before = _refusal_before_check(staff, staff_id, now)
            unlocks = before is not None and before.reason in (
                StaffRefusal.LOCKED, StaffRefusal.LOCKED_UNTIL_RESET)
            staff.pin_hash = new_hash
            staff.failed_pins = 0
            staff.locked_until = None
            if not self_service:  # a manager's reset also clears the escalation
                staff.lockouts = 0
                staff.last_locked_at = None
            record(session, AuditAction.PIN_CHANGED, by_id, now, subject=f"staff {staff_id}",
                   detail="own PIN" if self_service else "set by a manager"
                   + ("; the account is unlocked" if unlocks else ""))

    def reset_at_the_pc(self, name: str, new_pin: str) -> int:
        """`station-app reset-pin`: whoever holds the PC's own account (who could copy the
        whole data dir anyway) sets a PIN: the way back in when the station's only manager is
        locked out until a manager resets it, or forgot it. Lifts the lock and its escalation;
        audited as done at the PC. Returns the staff id.

        Raises StaffRefused: BAD_PIN, UNKNOWN (no active account of that name)."""
        _check_new_pin(new_pin, None)
        with self.db.reading() as session:
            role = session.scalar(select(Staff.role).where(Staff.name == name.strip(),
                                                           Staff.active.is_(True)))
        if role is None:
            raise StaffRefused(StaffRefusal.UNKNOWN)
        _check_new_pin(new_pin, role)
        new_hash = hash_pin(new_pin)
        with self.db.writing() as session:
            staff = session.scalar(select(Staff).where(Staff.name == name.strip(),
                                                       Staff.active.is_(True)))
            if staff is None:
                raise StaffRefused(StaffRefusal.UNKNOWN)
            staff.pin_hash = new_hash
            staff.failed_pins = 0
            staff.locked_until = None
            staff.lockouts = 0
            staff.last_locked_at = None
            record(session, AuditAction.PIN_CHANGED, None, self.clock(),
                   subject=f"staff {staff.id}",
                   detail="set at the PC (station-app reset-pin); the account is unlocked")
            return staff.id

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
        _check_new_pin(pin, role)
        pin_hash = hash_pin(pin)
        with self.db.writing() as session:
            self._require_manager(session, manager_id)
            staff = Staff(id=_new_staff_id(session), name=name, role=role.value, active=True,
                          pin_hash=pin_hash, failed_pins=0)
            session.add(staff)
            session.flush()
            now = self.clock()
            record(session, AuditAction.STAFF_ADDED, manager_id, now,
                   subject=f"staff {staff.id}", detail=f"{name} ({role.value})")
            staff_changed(session, staff, manager_id, now)
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
            now = self.clock()
            record(session, AuditAction.STAFF_DEACTIVATED, manager_id, now,
                   subject=f"staff {staff_id}", detail=staff.name)
            staff_changed(session, staff, manager_id, now)

    @staticmethod
    def _require_manager(session: Session, manager_id: int) -> None:
        try:
            require(session, manager_id, Permission.MANAGE_STAFF)
        except NotAllowed:
            raise StaffRefused(StaffRefusal.NOT_MANAGER, manager_id) from None


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


@dataclass(frozen=True)
class _Reserved:
    """An attempt counted before its PIN is checked, and what it changed."""

    pin_hash: str  # the hash the PIN is checked against
    failed_pins: int  # the count with this attempt in it
    locks: bool  # this attempt reached the threshold and locked the account
    lockouts: int  # the lock-outs with this attempt's, if it locked
    earlier_lockouts: int  # as they were before: a right PIN puts them back
    earlier_locked_at: datetime | None


def _refusal_before_check(staff: Staff | None, staff_id: int,
                          now: datetime) -> StaffRefused | None:
    """Why no PIN may be checked for this account now, or None."""
    if staff is None:
        return StaffRefused(StaffRefusal.UNKNOWN, staff_id)
    if not staff.active:
        return StaffRefused(StaffRefusal.INACTIVE, staff_id)
    if _locked_for_good(staff):
        return StaffRefused(StaffRefusal.LOCKED_UNTIL_RESET, staff_id)
    if staff.locked_until is not None and staff.locked_until > now:
        period = _lock_period(staff.lockouts) or LOCK_PERIOD
        return StaffRefused(StaffRefusal.LOCKED, staff_id, locked_until=staff.locked_until,
                            lock_minutes=_minutes(period))
    if not staff.pin_hash:
        return StaffRefused(StaffRefusal.NO_PIN, staff_id)
    return None


def _reserve(staff: Staff, now: datetime) -> _Reserved:
    """Count the attempt; the one that reaches the threshold locks the account at once."""
    assert staff.pin_hash
    earlier_lockouts, earlier_locked_at = staff.lockouts, staff.last_locked_at
    staff.failed_pins += 1
    failed = staff.failed_pins
    locks = failed >= LOCK_AFTER_WRONG_PINS
    if locks:
        staff.failed_pins = 0
        staff.lockouts += 1
        staff.last_locked_at = now
        period = _lock_period(staff.lockouts)
        staff.locked_until = now + period if period else None
    return _Reserved(staff.pin_hash, failed, locks, staff.lockouts, earlier_lockouts,
                     earlier_locked_at)


def _give_back(staff: Staff, reserved: _Reserved, now: datetime) -> None:
    """A right PIN: its attempt does not count, the count of wrong PINs starts over, and the
    escalation is forgotten a day after the latest lock-out."""
    staff.failed_pins = 0
    if reserved.locks and staff.lockouts == reserved.lockouts:
        staff.lockouts = reserved.earlier_lockouts
        staff.last_locked_at = reserved.earlier_locked_at
    staff.locked_until = None
    if staff.last_locked_at is None or now - staff.last_locked_at >= ESCALATION_MEMORY:
        staff.lockouts = 0
        staff.last_locked_at = None


def _lock_period(lockouts: int) -> timedelta | None:
    """How long the `lockouts`-th lock-out lasts; None: until a manager resets the PIN."""
    return LOCK_PERIODS[lockouts - 1] if 1 <= lockouts <= len(LOCK_PERIODS) else None


def _locked_for_good(staff: Staff) -> bool:
    return staff.lockouts > len(LOCK_PERIODS)


def _locked(staff_id: int, lockouts: int, now: datetime) -> StaffRefused:
    period = _lock_period(lockouts)
    if period is None:
        return StaffRefused(StaffRefusal.LOCKED_UNTIL_RESET, staff_id)
    return StaffRefused(StaffRefusal.LOCKED, staff_id, locked_until=now + period,
                        lock_minutes=_minutes(period))


def _minutes(period: timedelta) -> int:
    return int(period.total_seconds() // 60)


def _check_new_pin(pin: str, role: Role | str | None, staff_id: int | None = None) -> None:
    """A PIN someone chooses follows security.pins' rules for its holder's role (None: the
    format only, before the role is known). Raises StaffRefused(BAD_PIN) with the problem."""
    try:
        if role is None:
            check_pin_format(pin)
        else:
            check_pin_rules(pin, role)
    except BadPin as bad:
        raise StaffRefused(StaffRefusal.BAD_PIN, staff_id, pin_problem=bad.problem) from None


STAFF_IDS_PER_COUNTER = 10_000


def _new_staff_id(session: Session) -> int:
    """A staff id no other counter of the station can give: counter 1 counts on from its
    highest, counter n > 1 within n×10,000…n×10,000+9,999. Counters add people offline, and
    the accounts meet in every counter's database."""
    counter_no = session.scalar(select(Station.counter_no).where(Station.is_local.is_(True)))
    if not counter_no or counter_no == 1:
        highest = session.scalar(select(func.max(Staff.id)).where(
            Staff.id < 2 * STAFF_IDS_PER_COUNTER))
        return (highest or 0) + 1
    low = counter_no * STAFF_IDS_PER_COUNTER
    highest = session.scalar(select(func.max(Staff.id)).where(
        Staff.id >= low, Staff.id < low + STAFF_IDS_PER_COUNTER))
    return (highest or low) + 1
