"""`SyncService`: the narrow facade the counter window uses for everything sync.

Every public method is safe to call from the UI's sync worker; none raises for network
trouble (that comes back in the report or as `SyncError` where a person asked for an answer).
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from sqlalchemy import delete, func, select

from station_app.clock import CHINA, Clock, day_has_ended, utc_now
from station_app.paths import DataDir
from station_app.security.secret_store import SecretStore, SecretUnavailable
from station_app.security.trusted_clock import TrustedClock
from station_app.services import recovery as core_recovery
from station_app.services.authority import Permission, require
from station_app.services.outbox import local_counter_no
from station_app.services.recovery import RecoveryKind, RecoveryView
from station_app.storage.database import Database
from station_app.storage.models import (
    AttentionItem,
    EnrolmentAttempt,
    OutboxEvent,
    Station,
    SyncEnrolment,
)
from station_app.storage.models import SyncStatus as SyncStatusRow
from sync.client.backoff import Backoff
from sync.client.dayclose import (
    DaySummary,
    day_events,
    export_document,
    summarise,
    write_export,
)
from sync.client.puller import Puller
from sync.client.recovery import Recovery
from sync.client.relay import OutboxRelay, PushResult
from sync.client.state import enrolment, record_failure, record_success, status_row
from sync.client.transport import (
    AUTH,
    NOT_ENROLLED,
    OFFLINE,
    PROTOCOL,
    REFUSED,
    REVOKED,
    Credentials,
    SyncError,
    Transport,
)
from sync.protocol import MAX_BATCH_EVENTS

OTHER_STATION = "other_station"  # SyncError code: an enrolment code for another station

log = logging.getLogger("sync.service")


class DayCloseRefused(Exception):
    """The day cannot be closed yet: events of it are still waiting for head office."""


@dataclass(frozen=True)
class SyncReport:
    pushed_batches: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    acked_through_seq: int = 0
    pending: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    new_attention: int = 0
    error: SyncError | None = None
    recovered: RecoveryView | None = None  # a recovery from head office ran in this sync

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    online: bool
    pending_count: int
    oldest_pending_at: datetime | None
    oldest_pending_age_s: float | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    acked_through_seq: int
    open_attention: int
    revoked: bool = False  # head office retired this PC's key: it is no longer enrolled
    clock_offset_s: float | None = None  # head office's clock minus this PC's, last seen


@dataclass(frozen=True)
class AttentionView:
    id: int
    kind: str
    order_no: str | None
    event_id: str | None
    code: str | None
    message: str
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None


@dataclass(frozen=True)
class DayCloseResult:
    status: str  # match | mismatch | empty (no events that day)
    summary: DaySummary | None
    server_counts: dict[str, int] = field(default_factory=dict)
    server_event_ids_sha256: str | None = None
    missing_event_ids: tuple[str, ...] = ()
    extra_event_ids: tuple[str, ...] = ()


class SyncService:
    def __init__(self, db: Database, data_dir: Path, *, verify: str | bool = True,
                 clock: Clock = utc_now, use_keyring: bool = True,
                 timeout: tuple[float, float] = (5.0, 30.0), backoff: Backoff | None = None,
                 push_attempts: int = 3, business_zone: tzinfo = CHINA,
                 max_batch_events: int = MAX_BATCH_EVENTS, allow_insecure: bool = False) -> None:
        self.db = db
        self.data_dir = data_dir
        self.verify = verify
        self.clock = clock
        self.use_keyring = use_keyring
        self.timeout = timeout
        self.backoff = backoff or Backoff()
        self.push_attempts = push_attempts
        self.business_zone = business_zone
        self.max_batch_events = max_batch_events
        self.allow_insecure = allow_insecure  # the allow_insecure_lan setting
        self._lock = threading.Lock()  # one sync at a time: the UI button vs the timer

    # --- enrolment ------------------------------------------------------------------------------

    def enrol(self, base_url: str, code: str) -> str:
        """Redeem a one-time enrolment code; store the secret and the station identity.
        Returns the station id. Raises SyncError (e.g. code used, head office unreachable,
        a plain-http address).

        Crash-safe in this order: the attempt (address, code, a request id) is written down
        first; head office answers a repeated request id with the same key; the secret is
        stored under its key id beside any older one; one commit then switches the counter to
        the new key and drops the attempt; the old secret goes last. Killed at any point,
        the counter still holds a key with its secret, and `resume_enrolment` (or the same
        code typed again) finishes the job.
        """
        code, base_url = code.strip(), base_url.rstrip("/")
        self._transport(base_url, None).close()  # refuses plain http before anything is kept
        with self.db.writing() as session:
            attempt = session.get(EnrolmentAttempt, 1)
            if attempt is None or (attempt.code, attempt.base_url) != (code, base_url):
                current = enrolment(session)
                session.execute(delete(EnrolmentAttempt))
                session.add(EnrolmentAttempt(
                    id=1, base_url=base_url, code=code, request_id=secrets.token_hex(16),
                    previous_key_id=current.key_id if current else None,
                    started_at=self.clock()))
        return self._finish_enrolment()

    def resume_enrolment(self) -> str | None:
        """Finish an enrolment a crash interrupted. None when there was none. Raises SyncError
        as `enrol` does (an attempt head office refused for good is dropped)."""
        with self.db.reading() as session:
            if session.get(EnrolmentAttempt, 1) is None:
                return None
        return self._finish_enrolment()

    def _finish_enrolment(self) -> str:
        with self.db.reading() as session:
            attempt = session.get_one(EnrolmentAttempt, 1)
            base_url, code, request_id = attempt.base_url, attempt.code, attempt.request_id
            previous = attempt.previous_key_id
            here = session.scalar(select(Station.id).where(Station.is_local.is_(True)))
        transport = self._transport(base_url, None)
        try:
            answer = transport.enrol(code, request_id)
        except SyncError as error:
            if not error.transient:
                self._drop_attempt()  # a code used elsewhere or unknown: nothing to resume
            raise
        finally:
            transport.close()
        try:
            secret = base64.b64decode(answer.secret, validate=True)
        except (binascii.Error, ValueError) as error:
            self._drop_attempt()
            raise SyncError(PROTOCOL, "enrolment answer carries no usable secret") from error
        if here is not None and here == answer.station_id:
            self._check_counter(answer.counter_no)
        if here is not None and here != answer.station_id:
            # A counter keeps one station's orders, stock and history: a code for another
            # station (a mix-up at head office) must not graft a second station onto it.
            self._drop_attempt()
            raise SyncError(REFUSED, f"this counter is station {here}; the code is for "
                                     f"{answer.station_id}", code=OTHER_STATION)
        store = self._secrets(answer.station_id)
        where = store.save(answer.key_id, secret)
        log.info("enrolled as station %s (key %s); secret in %s", answer.station_id,
                 answer.key_id, where.split(":")[0])
        with self.db.writing() as session:
            row = session.get(SyncEnrolment, 1) or SyncEnrolment(id=1)
            row.base_url, row.station_id, row.station_name = \
                base_url, answer.station_id, answer.station_name
            row.key_id, row.enrolled_at = answer.key_id, self.clock()
            session.merge(row)
            station = session.get(Station, answer.station_id)
            if station is None:
                session.add(Station(id=answer.station_id, name=answer.station_name,
                                    holding_days=3, is_local=True,
                                    counter_no=answer.counter_no))
            else:
                station.counter_no = answer.counter_no
            status = status_row(session)
            status.revoked_at = None
            session.execute(delete(EnrolmentAttempt))
        if answer.station_max_seq > 0:
            # The station has a history at head office (a new PC for it, or this one enrolled
            # again): the next sync checks what to take back before it pushes.
            self._recovery_marker.touch()
        if previous and previous != answer.key_id:
            store.forget(previous)
        return answer.station_id

    def _check_counter(self, counter_no: int) -> None:
        """A code for another counter of this station is refused once this PC has numbered
        events of its own as its counter: two PCs must never number as the same counter."""
        with self.db.reading() as session:
            here = session.scalar(select(Station.counter_no).where(Station.is_local.is_(True)))
            own = session.scalar(select(func.count()).where(
                OutboxEvent.counter_no == here)) if here is not None else 0
        if here is not None and here != counter_no and own:
            self._drop_attempt()
            raise SyncError(REFUSED, f"this PC is counter {here} of its station; the code is "
                                     f"for counter {counter_no}", code=OTHER_STATION)

    def _drop_attempt(self) -> None:
        with self.db.writing() as session:
            session.execute(delete(EnrolmentAttempt))

    # --- syncing --------------------------------------------------------------------------------

    def sync_now(self) -> SyncReport:
        """Take back what head office holds if this counter lacks it (recovery), push the
        outbox, then pull every stream. Never raises for sync trouble."""
        with self._lock:
            try:
                self._resume_enrolment()
                transport, station_id = self._connected()
            except SyncError as error:
                return SyncReport(error=error, pending=self._pending()[0])
            try:
                return self._sync(transport, station_id)
            except SyncError as error:
                self._failed(error)
                return SyncReport(error=error, pending=self._pending()[0])
            finally:
                self._heed_clock(transport)
                transport.close()

    def _sync(self, transport: Transport, station_id: str) -> SyncReport:
        before = self._open_attention()
        puller = Puller(self.db, transport, station_id, clock=self.clock)
        relay = OutboxRelay(self.db, transport, station_id, clock=self.clock,
                            backoff=self.backoff, max_events=self.max_batch_events)
        pushed: PushResult | None = None
        recovered: RecoveryView | None = None
        try:
            # Head office first says what it holds: a counter that lacks events it once sent
            # (a restored backup, a new PC) takes them back before it numbers anything new,
            # and pushes nothing until it has (a failure here skips the push, not the pull).
            recovered = self._recover(transport, station_id, puller)
            pushed = relay.push_all(attempts=self.push_attempts)
            if pushed.conflicts:
                # Numbers head office holds for other events: take those back, renumber
                # ours after them, and send ours again.
                recovered = self._recover(transport, station_id, puller,
                                          conflicts=True) or recovered
                pushed = relay.push_all(attempts=self.push_attempts)
            failure = pushed.error
        except SyncError as error:  # recovery failed, or an event too large to send
            failure = error
            if pushed is None:
                self._failed(error)
        pulled: dict[str, int] = {}
        # Pulling is still worth it after a refused batch, not when the line is down (unless
        # only the first question failed: pulling needs no recovery first).
        if failure is None or (failure.kind != AUTH and (
                failure.kind != OFFLINE or pushed is None)):
            try:
                pulled = puller.pull_all().applied
            except SyncError as pull_error:
                failure = failure or pull_error
                self._failed(pull_error)
            else:
                if failure is None:  # a sync with nothing to push still counts as online
                    with self.db.writing() as session:
                        record_success(session, self.clock())
        if failure is not None:
            self._failed(failure, recorded=True)  # a retired key is remembered
        return SyncReport(
            pushed_batches=pushed.batches if pushed else 0,
            applied=pushed.applied if pushed else 0,
            duplicate=pushed.duplicate if pushed else 0,
            rejected=pushed.rejected if pushed else 0,
            acked_through_seq=pushed.acked_through_seq if pushed else 0,
            pending=self._pending()[0], pulled=pulled,
            new_attention=self._open_attention() - before, error=failure,
            recovered=recovered)

    @property
    def _recovery_marker(self) -> Path:
        return DataDir(self.data_dir).recovery_marker

    def _worth_asking(self, station_id: str, conflicts: bool) -> bool:
        """Whether to ask head office what it holds before pushing: after a restore or an
        enrolment into a station with a history (the marker), on a counter with no event of
        its own yet (a new PC), after a conflict, or to finish an interrupted recovery. A
        counter in its everyday life asks nothing extra."""
        if self._later_counter(station_id):
            # Recovery is the station's first counter's: a later counter numbers from 1 and
            # gets the station's history from a counter over the LAN (docs/ARCHITECTURE.md).
            return False
        if conflicts or self._recovery_marker.exists() or core_recovery.unfinished(self.db):
            return True
        return core_recovery.local_holdings(self.db, station_id).empty

    def _later_counter(self, station_id: str) -> bool:
        with self.db.reading() as session:
            return local_counter_no(session, station_id) > 1

    def _recover(self, transport: Transport, station_id: str, puller: Puller,
                 conflicts: bool = False) -> RecoveryView | None:
        """Run recovery when head office holds what this counter lacks. Raises SyncError:
        then nothing is pushed, so no number of ours lands on one head office already holds
        for another event."""
        if not self._worth_asking(station_id, conflicts):
            return None
        try:
            hello = transport.station()
        except SyncError as error:
            if error.status == 404:  # a head office without recovery: nothing to ask
                return None
            raise
        recovery = Recovery(self.db, transport, station_id, clock=self.clock,
                            pull=puller.pull_all)
        kind: RecoveryKind | None = recovery.needed(hello)
        view = None
        if kind is not None:
            log.warning("head office holds events this counter lacks (%s): recovering", kind)
            view = recovery.run(kind, hello).view
        self._recovery_marker.unlink(missing_ok=True)
        return view

    def _failed(self, error: SyncError, recorded: bool = False) -> None:
        """Remember a failure for the status bar; a retired key is remembered as such."""
        with self.db.writing() as session:
            if not recorded:
                record_failure(session, error.kind, error.message, self.clock())
            if error.kind == AUTH and error.code == REVOKED:
                row = status_row(session)
                row.revoked_at = row.revoked_at or self.clock()

    def _heed_clock(self, transport: Transport) -> None:
        """Head office's time from the last answer: shown against the PC's on the health panel
        and, when it came over a channel nobody could change, the check on a trusted clock
        that ran ahead (station_app.security.trusted_clock)."""
        seen = transport.last_server_time
        if seen is None:
            return
        with self.db.writing() as session:
            row = status_row(session)
            row.clock_offset_ms = int(seen.offset.total_seconds() * 1000)
            row.clock_seen_at = seen.local
        if seen.vouched:
            TrustedClock(self.db, self.clock).heed_head_office(seen.head_office)

    def _resume_enrolment(self) -> None:
        try:
            self.resume_enrolment()
        except SyncError as error:
            # The counter keeps working on its current key (head office retires it only when
            # the new key is first used); the attempt is tried again at the next sync.
            log.warning("an interrupted enrolment could not be finished yet: %s", error)

    def status(self) -> SyncStatus:
        pending, oldest = self._pending()
        now = self.clock()
        with self.db.reading() as session:
            enrolled = enrolment(session) is not None
            row = session.get(SyncStatusRow, 1)
            success = row.last_success_at if row else None
            failure = row.last_error_at if row else None
            online = success is not None and (failure is None or success >= failure)
            return SyncStatus(
                enrolled=enrolled and not (row is not None and row.revoked_at is not None),
                online=online, pending_count=pending,
                oldest_pending_at=oldest,
                oldest_pending_age_s=(now - oldest).total_seconds() if oldest else None,
                last_success_at=success, last_error_at=failure,
                last_error=row.last_error if row and not online else None,
                acked_through_seq=row.acked_through_seq if row else 0,
                open_attention=self._open_attention(),
                revoked=row is not None and row.revoked_at is not None,
                clock_offset_s=row.clock_offset_ms / 1000
                if row is not None and row.clock_offset_ms is not None else None)

    def failures_in_a_row(self) -> int:
        with self.db.reading() as session:
            row = session.get(SyncStatusRow, 1)
            return row.failures if row else 0

    # --- the attention inbox --------------------------------------------------------------------

    def attention_items(self, include_resolved: bool = False) -> list[AttentionView]:
        with self.db.reading() as session:
            query = select(AttentionItem).order_by(AttentionItem.id)
            if not include_resolved:
                query = query.where(AttentionItem.resolved_at.is_(None))
            return [AttentionView(i.id, i.kind, i.order_no, i.event_id, i.code, i.message,
                                  i.created_at, i.resolved_at, i.resolution)
                    for i in session.scalars(query)]

    def resolve(self, item_id: int, resolution: str) -> None:
        """Close an item with what was done about it. Raises KeyError for an unknown id and
        ValueError for an empty resolution or an item already resolved."""
        if not resolution.strip():
            raise ValueError("say what was done about it")
        with self.db.writing() as session:
            item = session.get(AttentionItem, item_id)
            if item is None:
                raise KeyError(item_id)
            if item.resolved_at is not None:
                raise ValueError(f"item {item_id} is already resolved")
            item.resolved_at, item.resolution = self.clock(), resolution.strip()[:500]

    # --- end of day -----------------------------------------------------------------------------

    def day_close(self, business_day: date, *, approved_by: int | None = None) -> DayCloseResult:
        """Ask head office to confirm it holds every event of the day.

        A day still running on the station's clock (before its midnight) closes only with a
        station manager's approval (`approved_by`): what happens after the close would miss
        the day's tally. Raises authority.NotAllowed without it, DayCloseRefused while events
        of the day are unacknowledged (sync first), and SyncError when head office cannot be
        asked.
        """
        if not day_has_ended(business_day, self.clock()):
            with self.db.reading() as session:
                require(session, approved_by, Permission.EARLY_DAY_CLOSE)
        transport, station_id = self._connected()
        try:
            with self.db.reading() as session:
                summary = summarise(station_id, business_day,
                                    day_events(session, station_id, business_day,
                                               self.business_zone))
            if summary is None:
                return DayCloseResult("empty", None)
            if summary.unacknowledged:
                raise DayCloseRefused(f"{summary.unacknowledged} event(s) of {business_day} "
                                      "are not yet acknowledged by head office; sync first")
            answer = transport.day_close(summary.wire())
        finally:
            transport.close()
        return DayCloseResult(answer.status, summary, dict(answer.server.counts),
                              answer.server.event_ids_sha256,
                              tuple(answer.missing_event_ids), tuple(answer.extra_event_ids))

    def signed_export(self, business_day: date, path: Path) -> DaySummary | None:
        """Write the day's events and summary to `path`, HMAC-signed with the station secret,
        for head office to import when the station cannot go online. Returns the summary
        (None for a day without events: nothing is written). Raises SyncError when the
        counter is not enrolled, OSError when the file cannot be written."""
        with self.db.reading() as session:
            row = enrolment(session)
            if row is None:
                raise SyncError(NOT_ENROLLED, "enrol the counter before exporting")
            station_id, key_id = row.station_id, row.key_id
            events = day_events(session, station_id, business_day, self.business_zone)
        summary = summarise(station_id, business_day, events)
        if summary is None:
            return None
        secret = self._secret(station_id, key_id)
        write_export(path, export_document(summary, events, key_id, secret, self.clock()))
        return summary

    # --- plumbing -------------------------------------------------------------------------------

    def _secrets(self, station_id: str) -> SecretStore:
        return SecretStore(self.data_dir, station_id, self.use_keyring)

    def _secret(self, station_id: str, key_id: str) -> bytes:
        try:
            return self._secrets(station_id).load(key_id)
        except SecretUnavailable as error:
            raise SyncError(NOT_ENROLLED, str(error)) from error

    def _transport(self, base_url: str, credentials: Credentials | None) -> Transport:
        return Transport(base_url, credentials, verify=self.verify, timeout=self.timeout,
                         allow_insecure=self.allow_insecure)

    def _connected(self) -> tuple[Transport, str]:
        with self.db.reading() as session:
            row = enrolment(session)
            if row is None:
                raise SyncError(NOT_ENROLLED, "this counter is not enrolled with head office")
            base_url, station_id, key_id = row.base_url, row.station_id, row.key_id
        secret = self._secret(station_id, key_id)
        return self._transport(base_url, Credentials(station_id, key_id, secret)), station_id

    def _pending(self) -> tuple[int, datetime | None]:
        with self.db.reading() as session:
            count, oldest = session.execute(select(
                func.count(), func.min(OutboxEvent.occurred_at)).where(
                OutboxEvent.acked_at.is_(None))).one()
        # min() over the text column comes back as text: read it through the model's type.
        return int(count), _as_datetime(oldest)

    def _open_attention(self) -> int:
        with self.db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(AttentionItem).where(
                AttentionItem.resolved_at.is_(None))) or 0)


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    from station_app.storage.types import UTCDateTime  # noqa: PLC0415

    return UTCDateTime().process_result_value(value, None)  # type: ignore[arg-type]
