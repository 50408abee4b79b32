"""The outbox relay: push unacknowledged events to head office, in order, exactly once.

How nothing is lost or doubled:
- A batch is chosen and written down as a *lease* (idempotency key, first..last seq) in its own
  transaction before anything is sent. After a crash, a timeout or an unheard answer, the next
  push resends exactly those events under the same key, byte for byte, so head office answers
  with its first answer (or, for a new key, reports the events as `duplicate`).
- Events are marked acknowledged only up to the `acked_through_seq` head office states, in the
  same transaction that drops the lease and files rejected events in the attention inbox.
- Rejected events are held by head office (no gap), so they are acknowledged too, and listed
  for a person; nothing is dropped silently.
- Except `seq_conflict`: head office holds another event under that number (this counter was
  restored from a backup, or a new PC took over). Such an event is NOT acknowledged, whatever
  `acked_through_seq` says; the push stops and the sync runs recovery, which takes head
  office's events back and renumbers this counter's after them.
- Only the batch's own events are acknowledged: an unsent event is never marked as held just
  because head office holds *some* event with its number.
- A station with several counters: the outbox holds every counter's events (the LAN exchange
  brings the others'), each counter numbered on its own. A batch is one counter's run, named
  in it (`counter_no`); this counter's own go first, then any other's head office lacks, so
  a counter whose internet is down still reaches head office through another. Head office
  keeps each event once (by id): the second sender hears `duplicate`.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.services.outbox import last_seq, local_counter_no
from station_app.storage.database import Database
from station_app.storage.models import OutboxEvent, SyncLease
from sync.client.backoff import Backoff
from sync.client.state import (
    REJECTED_EVENT,
    UNSENDABLE_EVENT,
    add_attention,
    record_failure,
    record_success,
    status_row,
)
from sync.client.transport import PROTOCOL, SyncError, Transport
from sync.protocol import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, PushAnswer

log = logging.getLogger("sync.relay")

SEQ_CONFLICT = "seq_conflict"  # head office's code: it holds another event under this number

ENVELOPE_BYTES = 200  # `{"station_id":…,"events":[…]}` around the events, with room to spare


@dataclass(frozen=True)
class Batch:
    idempotency_key: str
    first_seq: int
    last_seq: int
    body: bytes
    event_ids: frozenset[str]
    counter_no: int = 1


@dataclass
class PushResult:
    batches: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    acked_through_seq: int = 0
    pending: int = 0
    error: SyncError | None = None
    rejected_ids: list[str] = field(default_factory=list)
    conflicts: int = 0  # events head office answered seq_conflict: recovery must run


def event_wire(event: OutboxEvent) -> dict[str, Any]:
    """One outbox row as it travels (the payload is already canonical JSON)."""
    return {"event_id": event.event_id, "station_seq": event.station_seq, "type": event.type,
            "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
            "payload": json.loads(event.payload)}


def batch_body(station_id: str, events: list[dict[str, Any]], counter_no: int = 1) -> bytes:
    body: dict[str, Any] = {"station_id": station_id, "events": events}
    if counter_no != 1:  # a one-counter station's batches stay as they always were
        body["counter_no"] = counter_no
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


class OutboxRelay:
    """Pushes this station's outbox. One relay per process; the lease guards across crashes."""

    def __init__(self, db: Database, transport: Transport, station_id: str, *,
                 clock: Clock = utc_now, backoff: Backoff | None = None,
                 max_events: int = MAX_BATCH_EVENTS, max_bytes: int = MAX_BATCH_BYTES,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.db = db
        self.transport = transport
        self.station_id = station_id
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.max_events = max_events
        self.max_bytes = max_bytes
        self.sleep = sleep

    def push_all(self, attempts: int = 3, max_batches: int = 10_000) -> PushResult:
        """Push until the outbox is acknowledged, a failure outlasts `attempts` tries (with
        back-off), or head office stops making progress. Never raises SyncError: the last one
        is in the result (and in the sync status)."""
        result = PushResult()
        failures = 0
        acked_before: dict[int, int] = {}  # per counter: head office must make progress
        while result.batches < max_batches:
            batch = self._lease()
            if batch is None:
                break
            if isinstance(batch, SyncError):
                result.error = batch
                break
            try:
                answer = self.transport.push(batch.body, batch.idempotency_key)
            except SyncError as error:
                with self.db.writing() as session:
                    record_failure(session, error.kind, error.message, self.clock())
                log.warning("push of seq %d..%d failed: %s", batch.first_seq, batch.last_seq,
                            error)
                failures += 1
                if not error.transient or failures >= attempts:
                    result.error = error
                    break
                self.sleep(self.backoff.delay(failures, error.retry_after_s))
                continue
            failures = 0
            before = acked_before.get(batch.counter_no, 0)
            acked = self._settle(batch, answer, result)
            acked_before[batch.counter_no] = acked
            result.batches += 1
            if result.conflicts:
                log.warning("head office holds other events under %d number(s) of this "
                            "counter: recovery must run before pushing on", result.conflicts)
                break
            if acked < batch.last_seq and acked <= before:
                # Head office keeps answering without taking the batch: stop rather than spin.
                result.error = SyncError(PROTOCOL, f"head office acknowledged only through "
                                         f"{answer.acked_through_seq} of {batch.last_seq}")
                break
        result.pending = self.pending_count()
        return result

    def pending_count(self) -> int:
        with self.db.reading() as session:
            return len(session.scalars(select(OutboxEvent.station_seq).where(
                OutboxEvent.station_id == self.station_id,
                OutboxEvent.acked_at.is_(None))).all())

    # --- the lease ------------------------------------------------------------------------------

    def _lease(self) -> Batch | SyncError | None:
        """The batch in flight, or a new one written down before it is sent."""
        with self.db.writing() as session:
            lease = session.get(SyncLease, 1)
            if lease is not None:
                lease.attempts += 1
                events = self._events(session, lease.counter_no, lease.first_seq,
                                      lease.last_seq)
                if len(events) == lease.last_seq - lease.first_seq + 1:
                    return self._batch(lease, events)
                session.delete(lease)  # cannot happen with append-only events; start afresh
                session.flush()
            return self._new_lease(session)

    def _new_lease(self, session: Session) -> Batch | SyncError | None:
        counter_no = self._next_counter(session)
        if counter_no is None:
            return None
        candidates = session.scalars(
            select(OutboxEvent).where(OutboxEvent.station_id == self.station_id,
                                      OutboxEvent.counter_no == counter_no,
                                      OutboxEvent.acked_at.is_(None))
            .order_by(OutboxEvent.station_seq).limit(self.max_events)).all()
        if not candidates:
            return None
        chosen: list[OutboxEvent] = []
        size = ENVELOPE_BYTES
        for event in candidates:
            if chosen and event.station_seq != chosen[-1].station_seq + 1:
                break  # only a gapless run: the lease names a seq range
            grows = len(json.dumps(event_wire(event), ensure_ascii=False,
                                   separators=(",", ":")).encode()) + 1
            if size + grows > self.max_bytes:
                break
            chosen.append(event)
            size += grows
        if not chosen:
            first = candidates[0]
            add_attention(session, f"unsendable:{first.event_id}", UNSENDABLE_EVENT,
                          f"event {first.station_seq} is larger than a batch may be",
                          self.clock(), event_id=first.event_id)
            # Returned, not raised: raising would roll the attention item back.
            return SyncError(PROTOCOL, f"event {first.station_seq} is too large to send")
        lease = SyncLease(id=1, counter_no=counter_no, idempotency_key=str(uuid.uuid4()),
                          first_seq=chosen[0].station_seq, last_seq=chosen[-1].station_seq,
                          started_at=self.clock(), attempts=1)
        session.add(lease)
        return self._batch(lease, chosen)

    def _next_counter(self, session: Session) -> int | None:
        """Whose events go next: this counter's own while it has any unsent, then the lowest
        other counter's."""
        own = local_counter_no(session, self.station_id)
        waiting = set(session.scalars(select(OutboxEvent.counter_no).where(
            OutboxEvent.station_id == self.station_id, OutboxEvent.acked_at.is_(None))
            .distinct()))
        if not waiting:
            return None
        return own if own in waiting else min(waiting)

    def _events(self, session: Session, counter_no: int, first: int,
                last: int) -> list[OutboxEvent]:
        return list(session.scalars(
            select(OutboxEvent).where(OutboxEvent.station_id == self.station_id,
                                      OutboxEvent.counter_no == counter_no,
                                      OutboxEvent.station_seq.between(first, last))
            .order_by(OutboxEvent.station_seq)))

    def _batch(self, lease: SyncLease, events: list[OutboxEvent]) -> Batch:
        body = batch_body(self.station_id, [event_wire(event) for event in events],
                          lease.counter_no)
        return Batch(lease.idempotency_key, lease.first_seq, lease.last_seq, body,
                     frozenset(event.event_id for event in events), lease.counter_no)

    # --- the answer -----------------------------------------------------------------------------

    def _settle(self, batch: Batch, answer: PushAnswer, result: PushResult) -> int:
        """Acknowledge, file rejections and drop the lease: one transaction. Returns the
        batch's counter's acknowledged number."""
        now = self.clock()
        conflicts = {item.event_id for item in answer.results
                     if item.event_id in batch.event_ids and item.status == "rejected"
                     and item.code == SEQ_CONFLICT}
        with self.db.writing() as session:
            for item in answer.results:
                if item.event_id not in batch.event_ids or item.event_id in conflicts:
                    continue  # not ours to judge: only this batch's verdicts count
                if item.status == "applied":
                    result.applied += 1
                elif item.status == "duplicate":
                    result.duplicate += 1
                else:
                    result.rejected += 1
                    result.rejected_ids.append(item.event_id)
                    order_no = self._order_no(session, item.event_id)
                    add_attention(session, f"rejected:{item.event_id}", REJECTED_EVENT,
                                  item.message or "rejected by head office", now,
                                  order_no=order_no, event_id=item.event_id, code=item.code)
            acked = self._acknowledge(session, batch, answer.acked_through_seq, conflicts, now)
            lease = session.get(SyncLease, 1)
            if lease is not None and lease.idempotency_key == batch.idempotency_key:
                session.delete(lease)
            own = batch.counter_no == local_counter_no(session, self.station_id)
            if own:
                status_row(session).acked_through_seq = acked
            record_success(session, now)
        if own:
            result.acked_through_seq = acked
        result.conflicts += len(conflicts)
        log.info("pushed counter %d seq %d..%d: acknowledged through %d", batch.counter_no,
                 batch.first_seq, batch.last_seq, acked)
        return acked

    def _acknowledge(self, session: Session, batch: Batch, through: int,
                     conflicts: set[str], now: datetime) -> int:
        counter = OutboxEvent.counter_no == batch.counter_no
        last = last_seq(session, self.station_id, batch.counter_no)
        through = min(through, last)  # never believe head office holds what we never made
        # Marked only up to this batch's end, and never an event head office holds another
        # fact for: an event not yet sent is not held because its number is.
        session.execute(update(OutboxEvent).where(
            OutboxEvent.station_id == self.station_id, counter,
            OutboxEvent.station_seq <= min(through, batch.last_seq),
            OutboxEvent.event_id.not_in(conflicts),
            OutboxEvent.acked_at.is_(None)).values(acked_at=now))
        # Head office says it lacks events we had marked held (it was restored from a
        # backup): take the marks back so they are sent again.
        reopened = session.execute(update(OutboxEvent).where(
            OutboxEvent.station_id == self.station_id, counter, OutboxEvent.station_seq > through,
            OutboxEvent.acked_at.is_not(None)).values(acked_at=None))
        if getattr(reopened, "rowcount", 0):
            log.warning("head office lacks events after seq %d; they will be sent again",
                        through)
        return through

    def _order_no(self, session: Session, event_id: str) -> str | None:
        payload = session.scalar(select(OutboxEvent.payload).where(
            OutboxEvent.event_id == event_id))
        if payload is None:
            return None
        value = json.loads(payload).get("order_no")
        return value if isinstance(value, str) else None
