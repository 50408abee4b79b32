"""What a new counter still needs before it can open: a station, then a manager who can sign in.

The first-run wizard asks `missing_step` at start (and resumes where an interrupted set-up
stopped: enrolled, but nobody can sign in yet), enrols (with head office through the sync
client, or as the demo station here) and creates the first manager here. Each step is one
transaction, so an interrupted set-up never leaves half a station.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.demo_data import DEMO_STATION, seed_demo
from station_app.demo_guard import RealStationData
from station_app.domain.staff import Role
from station_app.paths import DataDir
from station_app.security.pins import BadPin, check_pin_rules, hash_pin
from station_app.services.audit import AuditAction, record
from station_app.services.staff import NAME_MAX, StaffRefusal, StaffRefused
from station_app.services.station_facts import staff_changed
from station_app.storage.database import Database, open_database
from station_app.storage.models import Staff, Station, SyncEnrolment


class SetupStep(StrEnum):
    ENROL = "enrol"  # no local station yet
    MANAGER = "manager"  # a station, but no active manager with a PIN: nobody could sign in


class SetupRefused(Exception):
    """A set-up step that would overwrite what is already set up."""


@dataclass(frozen=True)
class LocalStation:
    station_id: str
    name: str
    head_office_url: str  # "" for the demo station or before enrolment with head office
    enrolled_at: datetime | None
    demo: bool  # the demo station (its head office is the embedded demo one)
    counter_no: int = 1  # which counter of the station this PC is


def open_station_database(root: Path) -> Database:
    """The data dir's database, created and migrated. Raises DatabaseError for staff."""
    data_dir = DataDir(root)
    data_dir.ensure()
    return open_database(data_dir.database, data_dir.backups)


def missing_step(db: Database) -> SetupStep | None:
    """The first set-up step this database still lacks; None when the counter can open."""
    with db.reading() as session:
        if _local_station(session) is None:
            return SetupStep.ENROL
        return None if _has_manager(session) else SetupStep.MANAGER


def local_station(db: Database) -> LocalStation | None:
    with db.reading() as session:
        station = _local_station(session)
        if station is None:
            return None
        enrolment = session.get(SyncEnrolment, 1)
        return LocalStation(station.id, station.name,
                            enrolment.base_url if enrolment else "",
                            enrolment.enrolled_at if enrolment else None,
                            station.id == DEMO_STATION, station.counter_no)


def enrol_demo(db: Database, now: datetime | None = None) -> LocalStation:
    """Make this data dir the demo station (sample orders, staff, catalogue).

    Raises SetupRefused when it already runs another station (two local stations would mix
    their orders)."""
    current = local_station(db)
    if current is not None and current.station_id != DEMO_STATION:
        raise SetupRefused(f"this counter is already station {current.station_id}")
    try:
        seed_demo(db, now or utc_now())  # checks again, in its own transaction
    except RealStationData as real:
        raise SetupRefused(str(real)) from real
    station = local_station(db)
    assert station is not None  # seed_demo writes the demo station
    return station


def create_first_manager(db: Database, name: str, pin: str, *, demo: bool = False,
                         clock: Clock = utc_now) -> int:
    """The station's first manager account with its PIN; audited. Returns the staff id.

    Only while no active manager with a PIN exists, or on the demo station (whose sample
    managers are no one's), so the set-up can never be used to slip in an account later. On a
    replacement PC the station's managers came back from head office without PINs: the one
    with this name sets their PIN here instead of getting a second account.
    Raises StaffRefused (BAD_NAME, BAD_PIN) and SetupRefused.
    """
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise StaffRefused(StaffRefusal.BAD_NAME)
    try:
        check_pin_rules(pin, Role.MANAGER)
    except BadPin as bad:
        raise StaffRefused(StaffRefusal.BAD_PIN, pin_problem=bad.problem) from None
    pin_hash = hash_pin(pin)
    with db.writing() as session:
        station = _local_station(session)
        if station is None:
            raise SetupRefused("enrol the counter first")
        on_demo = demo and station.id == DEMO_STATION
        if _has_manager(session) and not on_demo:
            raise SetupRefused("a manager exists: add staff in Settings → Staff")
        recovered = session.scalar(select(Staff).where(
            Staff.name == name, Staff.role == Role.MANAGER.value, Staff.active.is_(True),
            Staff.pin_hash.is_(None)).limit(1))
        now = clock()
        if recovered is not None:
            recovered.pin_hash = pin_hash
            record(session, AuditAction.PIN_CHANGED, recovered.id, now,
                   subject=f"staff {recovered.id}",
                   detail=f"{name}: PIN set at first run on a replacement PC")
            return recovered.id
        staff = Staff(name=name, role=Role.MANAGER.value, active=True, pin_hash=pin_hash,
                      failed_pins=0)
        session.add(staff)
        session.flush()
        record(session, AuditAction.STAFF_ADDED, staff.id, now, subject=f"staff {staff.id}",
               detail=f"{name} ({Role.MANAGER.value}), first manager set up at first run")
        if not on_demo:
            staff_changed(session, staff, staff.id, now)
        return staff.id


def managers_without_pin(db: Database) -> tuple[str, ...]:
    """Managers a replacement PC took over from head office who have not set a PIN here."""
    with db.reading() as session:
        return tuple(session.scalars(select(Staff.name).where(
            Staff.active.is_(True), Staff.role == Role.MANAGER.value,
            Staff.pin_hash.is_(None)).order_by(Staff.id)))


def _local_station(session: Session) -> Station | None:
    return session.scalar(select(Station).where(Station.is_local.is_(True)))


def _has_manager(session: Session) -> bool:
    return session.scalar(select(Staff.id).where(
        Staff.active.is_(True), Staff.role == Role.MANAGER.value,
        Staff.pin_hash.is_not(None)).limit(1)) is not None
