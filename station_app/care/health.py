"""The counter's health at a glance: each item a state (ok / warn / bad, or off when it does not
apply here) and a message that says what to do. Gathered off the UI thread: the checks read the
disk and the database. The window adds what only it knows (live printer and camera status);
`station-app health` prints the same report.

Each item carries a `code` and `figures` that the window translates, and an English `message`
for the command line and the support bundle.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from station_app.care.backups import BackupInfo, integrity, list_backups
from station_app.clock import CLOCK_WARN
from station_app.paths import DataDir
from station_app.storage.database import Database, current_revision
from station_app.storage.models import (
    OutboxEvent,
    PeerCounter,
    PrintJob,
    SyncEnrolment,
    SyncStatus,
    TrustedTime,
)

MB = 1024 * 1024
DISK_WARN = 500 * MB  # a day of backups and logs still fits, but not for long
DISK_BAD = 100 * MB  # SQLite may soon refuse to record a handover
BACKUP_WARN = timedelta(hours=36)  # a daily backup was missed
BACKUP_BAD = timedelta(days=3)
OUTBOX_WARN = timedelta(days=1)  # events not at head office for a day
OUTBOX_BAD = timedelta(days=3)
SYNC_WARN = timedelta(hours=6)
LOGS_WARN = 50 * MB  # rotation keeps ~12 MB: more means something is writing elsewhere
CLOCK_AHEAD = timedelta(minutes=5)  # the trusted clock ahead: pickup QR codes read expired


class State(StrEnum):
    OK = "ok"
    WARN = "warn"
    BAD = "bad"
    OFF = "off"  # does not apply here (not enrolled, no camera, asked from the command line)


class Check(StrEnum):
    """How hard to look at the database file."""

    NONE = "none"
    QUICK = "quick"  # PRAGMA quick_check: seconds on a big file
    FULL = "full"  # PRAGMA integrity_check: indexes too, can take a minute


@dataclass(frozen=True)
class HealthItem:
    key: str  # database, backup, outbox, sync, disk, printer, camera, logs
    state: State
    value: str  # the figure shown, language-neutral ("12.3 MB", "2 h")
    code: str  # what the message says, for translation
    message: str  # English, for the command line and the support bundle
    figures: dict[str, str] = field(default_factory=dict)  # %1… for the translated message


@dataclass(frozen=True)
class LiveDevices:
    """What the window knows about its devices right now."""

    printer_state: str | None = None  # the status bar's ok / warn / error
    printer_text: str = ""
    camera_state: str | None = None  # CameraHealth value
    camera_fps: float = 0.0
    decode_fps: float = 0.0  # frames the decoder looked at per second
    decode_ms: float = 0.0  # average time per decoded frame


@dataclass(frozen=True)
class HealthReport:
    taken_at: datetime
    schema: str | None
    items: tuple[HealthItem, ...]

    @property
    def worst(self) -> State:
        states = {item.state for item in self.items}
        return next((s for s in (State.BAD, State.WARN) if s in states), State.OK)

    def item(self, key: str) -> HealthItem:
        return next(item for item in self.items if item.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"taken_at": self.taken_at.isoformat(), "schema": self.schema,
                "worst": self.worst.value, "items": [asdict(item) for item in self.items]}


def gather(db: Database, data_dir: DataDir, now: datetime, check: Check = Check.NONE,
           live: LiveDevices | None = None) -> HealthReport:
    """Look at everything; never raises for a problem it finds (that is an item's state)."""
    items = (
        _database(db, data_dir, check),
        _backup(data_dir, now),
        *_outbox_and_sync(db, now),
        _clock(db, now),
        _counters(db, now),
        _disk(data_dir),
        _printer(db, live),
        _camera(live),
        _logs(data_dir),
    )
    try:
        schema = current_revision(db.engine)
    except Exception:
        schema = None
    return HealthReport(now, schema, items)


def size_text(size: float) -> str:
    if size >= 10 * 1024 * MB:  # free disk space: "74.3 GB" reads at a glance, "76083.2 MB" not
        return f"{size / (1024 * MB):.1f} GB"
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size / 1024:.0f} KB"


def age_text(age: timedelta) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} d"


def _database(db: Database, data_dir: DataDir, check: Check) -> HealthItem:
    path = data_dir.database
    size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal"))
               if p.exists())
    value = size_text(size)
    if check is Check.NONE:
        return HealthItem("database", State.OK, value, "db_size",
                          f"Database {value}. Press Ctrl+I to check it.", {"1": value})
    pragma = "quick_check" if check is Check.QUICK else "integrity_check"
    try:
        with db.engine.connect() as connection:
            rows = [str(r[0]) for r in connection.exec_driver_sql(f"PRAGMA {pragma}")]
    except Exception as error:
        rows = [str(error)]
    if rows == ["ok"]:
        return HealthItem("database", State.OK, value, "db_ok",
                          f"Database {value}, checked: no damage found.", {"1": value})
    found = "; ".join(rows[:3])[:300]
    return HealthItem("database", State.BAD, value, "db_damaged",
                      f"The database is damaged ({found}). Keep the counter running, save a "
                      f"support bundle and call support; a restore of the latest backup may "
                      f"be needed.", {"1": found})


def _backup(data_dir: DataDir, now: datetime) -> HealthItem:
    backups = list_backups(data_dir.backups)
    if not backups:
        return HealthItem("backup", State.BAD, "—", "backup_none",
                          "No backup yet. Press Ctrl+B to take one now.")
    latest: BackupInfo = backups[0]
    age = now - latest.taken_at
    figures = {"1": age_text(age), "2": size_text(latest.size)}
    if integrity(latest.path, quick=True) != "ok":
        return HealthItem("backup", State.BAD, age_text(age), "backup_bad",
                          "The latest backup is damaged. Press Ctrl+B to take a new one; if "
                          "that fails, call support.", figures)
    if age > BACKUP_BAD:
        state, code = State.BAD, "backup_old"
    elif age > BACKUP_WARN:
        state, code = State.WARN, "backup_old"
    else:
        return HealthItem("backup", State.OK, age_text(age), "backup_ok",
                          f"Last backup {figures['1']} ago ({figures['2']}), checked.", figures)
    return HealthItem("backup", state, age_text(age), code,
                      f"The last backup is {figures['1']} old. Press Ctrl+B to take one now; "
                      f"check the disk space if it fails.", figures)


def _outbox_and_sync(db: Database, now: datetime) -> tuple[HealthItem, HealthItem]:
    with db.reading() as session:
        depth = session.scalar(select(func.count()).where(OutboxEvent.acked_at.is_(None))) or 0
        oldest = session.scalar(select(func.min(OutboxEvent.occurred_at))
                                .where(OutboxEvent.acked_at.is_(None)))
        enrolled = session.get(SyncEnrolment, 1) is not None
        status = session.get(SyncStatus, 1)
    if depth == 0 or oldest is None:
        outbox = HealthItem("outbox", State.OK, "0", "outbox_empty",
                            "Everything recorded has reached head office.")
    else:
        age = now - oldest
        state = State.BAD if age > OUTBOX_BAD else State.WARN if age > OUTBOX_WARN else State.OK
        figures = {"1": str(depth), "2": age_text(age)}
        outbox = HealthItem("outbox", state, str(depth), "outbox_waiting",
                            f"{depth} record(s) waiting for head office, the oldest for "
                            f"{figures['2']}. They are safe here; press F7 to sync.", figures)
    if status is not None and status.revoked_at is not None:
        sync = HealthItem("sync", State.BAD, "—", "sync_revoked",
                          "Head office retired this PC's key: it is no longer enrolled. A "
                          "manager enrols it again (F2, Station) with a new code.")
    elif not enrolled:
        sync = HealthItem("sync", State.OFF, "—", "sync_off",
                          "Not enrolled with head office: records stay on this counter.")
    elif status is None or status.last_success_at is None:
        sync = HealthItem("sync", State.WARN, "—", "sync_never",
                          "Never synced with head office yet. Check the network, press F7.")
    else:
        age = now - status.last_success_at
        figures = {"1": age_text(age), "2": (status.last_error or "")[:200]}
        if age <= SYNC_WARN:
            sync = HealthItem("sync", State.OK, age_text(age), "sync_ok",
                              f"Last sync with head office {figures['1']} ago.", figures)
        else:
            sync = HealthItem("sync", State.WARN, age_text(age), "sync_old",
                              f"No sync with head office for {figures['1']} "
                              f"({figures['2'] or 'no answer'}). The counter works offline; "
                              f"check the network and press F7.", figures)
    return outbox, sync


def _clock(db: Database, now: datetime) -> HealthItem:
    """The PC clock against head office's, and the trusted clock against now."""
    with db.reading() as session:
        status = session.get(SyncStatus, 1)
        trusted = session.get(TrustedTime, 1)
    ahead = trusted.latest_at - now if trusted is not None else timedelta(0)
    if ahead > CLOCK_AHEAD:
        figures = {"1": age_text(ahead)}
        return HealthItem("clock", State.BAD, age_text(ahead), "clock_trusted_ahead",
                          f"The counter's clock is held {figures['1']} ahead (the PC clock "
                          f"ran ahead once): pickup QR codes read as expired. Put the PC's "
                          f"time right, then a manager presses Ctrl+T.", figures)
    if status is None or status.clock_offset_ms is None:
        return HealthItem("clock", State.OFF, "—", "clock_unknown",
                          "Head office's time is not known yet (no sync).")
    offset = timedelta(milliseconds=status.clock_offset_ms)
    if abs(offset) <= CLOCK_WARN:
        return HealthItem("clock", State.OK, age_text(abs(offset)), "clock_ok",
                          "The PC clock agrees with head office's.")
    figures = {"1": age_text(abs(offset))}
    code = "clock_behind" if offset > timedelta(0) else "clock_ahead"
    way = "behind" if offset > timedelta(0) else "ahead of"
    return HealthItem("clock", State.WARN, age_text(abs(offset)), code,
                      f"The PC clock is {figures['1']} {way} head office's: put the PC's "
                      f"time right (receipts and reports use it).", figures)


def _counters(db: Database, now: datetime) -> HealthItem:
    """The station's other counters (LAN exchange): reached, and how far this one is behind."""
    with db.reading() as session:
        peers = session.scalars(select(PeerCounter).order_by(PeerCounter.counter_no)).all()
        rows = [(p.counter_no, p.address, p.problem, p.problem_since, p.events_behind,
                 p.last_contact_at) for p in peers]
    if not rows:
        return HealthItem("counters", State.OFF, "—", "counters_alone",
                          "This counter is the station's only one (no other counter set up).")
    for number, address, problem, since, _behind, _contact in rows:
        if problem is not None:
            figures = {"1": str(number), "2": address or "?",
                       "3": age_text(now - since) if since else "—", "4": problem[:200]}
            return HealthItem(
                "counters", State.WARN, f"{number}", "counter_unreachable",
                f"Counter {number} ({figures['2']}) cannot be reached for {figures['3']}: "
                f"{figures['4']}. Check that it is on, its app open and its network cable in. "
                f"Both counters keep working; they catch up when they meet again.", figures)
    behind = sum(row[4] for row in rows)
    figures = {"1": ", ".join(str(row[0]) for row in rows), "2": str(behind)}
    return HealthItem("counters", State.OK, str(len(rows)), "counters_ok",
                      f"Other counters {figures['1']} reached; {behind} record(s) still "
                      f"coming over.", figures)


def _disk(data_dir: DataDir) -> HealthItem:
    try:
        free = shutil.disk_usage(data_dir.root).free
    except OSError as error:
        return HealthItem("disk", State.BAD, "?", "disk_unknown",
                          f"The data folder cannot be read ({error}).", {"1": str(error)})
    value = size_text(free)
    figures = {"1": value, "2": str(data_dir.root)}
    if free < DISK_BAD:
        return HealthItem("disk", State.BAD, value, "disk_critical",
                          f"Only {value} free on the disk of {data_dir.root}: handovers may "
                          f"soon fail to save. Free space now (delete old files, empty the "
                          f"recycle bin) or call support.", figures)
    if free < DISK_WARN:
        return HealthItem("disk", State.WARN, value, "disk_low",
                          f"{value} free on the disk of {data_dir.root}. Free some space soon.",
                          figures)
    return HealthItem("disk", State.OK, value, "disk_ok", f"{value} free.", figures)


def _printer(db: Database, live: LiveDevices | None) -> HealthItem:
    with db.reading() as session:
        failed = session.scalar(select(func.count()).where(PrintJob.status == "failed")) or 0
        last = session.execute(select(PrintJob.status, PrintJob.last_error)
                               .order_by(PrintJob.id.desc()).limit(1)).first()
    live_text = live.printer_text if live else ""
    figures = {"1": str(failed), "2": (last[1] or "") if last else "", "3": live_text}
    if failed:
        return HealthItem("printer", State.WARN, str(failed), "printer_failed",
                          f"{failed} receipt(s) not printed (last error: {figures['2'] or '?'})."
                          f" Check the printer (power, cable, paper), then press F6.", figures)
    if live is not None and live.printer_state == "error":
        return HealthItem("printer", State.WARN, live_text, "printer_live_error",
                          f"Printer: {live_text}. Check power, cable and paper.", figures)
    return HealthItem("printer", State.OK, live_text or "0", "printer_ok",
                      "Every receipt printed.", figures)


def _camera(live: LiveDevices | None) -> HealthItem:
    if live is None or live.camera_state is None:
        return HealthItem("camera", State.OFF, "—", "camera_off",
                          "No camera in use: scan with the scanner or type the code.")
    figures = {"1": f"{live.camera_fps:.0f}", "2": f"{live.decode_fps:.0f}",
               "3": f"{live.decode_ms:.0f}"}
    value = f"{figures['1']} fps"
    if live.camera_state == "running":
        state = State.OK if live.camera_fps >= 5 else State.WARN
        return HealthItem("camera", state, value, "camera_ok",
                          f"Camera {figures['1']} frames/s; the decoder reads {figures['2']} "
                          f"frames/s at {figures['3']} ms each.", figures)
    if live.camera_state == "in_use":
        return HealthItem("camera", State.WARN, "—", "camera_in_use",
                          "The camera is in use by another program or unplugged: close the "
                          "other program or re-plug it; you can keep scanning with the "
                          "scanner/typing.", figures)
    return HealthItem("camera", State.WARN, "—", "camera_lost",
                      "The camera is not delivering pictures: check its cable. The scanner "
                      "and typed codes still work.", figures)


def _logs(data_dir: DataDir) -> HealthItem:
    size = sum(p.stat().st_size for p in data_dir.logs.glob("*.log*") if p.is_file())
    value = size_text(size)
    state = State.WARN if size > LOGS_WARN else State.OK
    return HealthItem("logs", state, value, "logs_size",
                      f"Log files: {value} in {data_dir.logs}.", {"1": value})

