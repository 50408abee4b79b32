"""Recovery, the network side: ask head office what it holds of this station's events and let
the core take back what this counter lacks (station_app/services/recovery.py).

When it runs (`Recovery.needed`, at the start of every sync, one cheap request):
- head office holds a higher event number than this counter has used: a backup was restored
  over a lost disk, or this is a new PC for a station that already exists;
- head office holds, among numbers this counter has not seen acknowledged, events this
  counter does not know by id: events made here after a restore took numbers the lost disk
  had already sent (head office answered `seq_conflict`);
- a recovery a crash interrupted.

Every step is idempotent, so a crash anywhere is finished by the next sync; nothing is pushed
until recovery has finished, so no event of this counter reaches head office under a number
that means something else there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from station_app.clock import Clock, utc_now
from station_app.services import recovery as core
from station_app.services.recovery import LocalHoldings, RecoveryKind, RecoveryView
from station_app.services.replay import HeldEvent, ReplayNote, Stock
from station_app.storage.database import Database
from station_app.storage.models import OutboxEvent
from sync.client.state import add_attention
from sync.client.transport import Transport
from sync.protocol import HeldEventData, StationAnswer

log = logging.getLogger("sync.recovery")

PAGE = 500
APPLY_CHUNK = 200  # events per local transaction: the counter's own work waits no longer
REPLACEMENT_WINDOW_DAYS = 14  # recent history a replacement PC replays (reports, refunds)
RECOVERED = "recovered"  # attention kind: what a recovery brought back and what was lost
REPLAY_NOTE = "recovery_note"  # attention kind: a replayed fact a person must look at


@dataclass
class RecoveryResult:
    view: RecoveryView
    notes: list[ReplayNote] = field(default_factory=list)


class Recovery:
    def __init__(self, db: Database, transport: Transport, station_id: str, *,
                 clock: Clock = utc_now,
                 pull: Callable[[], object] | None = None) -> None:
        self.db = db
        self.transport = transport
        self.station_id = station_id
        self.clock = clock
        self.pull = pull  # the streams first: a replayed handover finds its order

    def needed(self, hello: StationAnswer) -> RecoveryKind | None:
        """Whether this counter must take events back first (see the module docstring).
        Raises SyncError when head office must be asked and cannot be."""
        unfinished = core.unfinished(self.db)
        if unfinished is not None:
            return unfinished.kind
        local = core.local_holdings(self.db, self.station_id)
        if hello.max_seq == 0 or hello.max_seq <= local.watermark:
            return None
        if local.empty:
            return RecoveryKind.REPLACEMENT
        if hello.max_seq > local.last_seq:
            return RecoveryKind.RESTORE
        # Head office holds numbers this counter has not seen acknowledged: usually the same
        # events (an answer lost on the way); different ones mean numbers were reused.
        held, _lost = self._held_after(local.watermark)
        known = self._known_ids([e.event_id for e in held])
        return None if known else RecoveryKind.RESTORE

    def run(self, kind: RecoveryKind, hello: StationAnswer) -> RecoveryResult:
        """Take back what head office holds. Raises SyncError (network, protocol); what was
        done stays done and the next run finishes it."""
        if self.pull is not None:
            self.pull()
        local = core.local_holdings(self.db, self.station_id)
        if kind is RecoveryKind.REPLACEMENT:
            return self._replace(hello, local)
        return self._restore(hello, local)

    # --- a restored counter -----------------------------------------------------------------

    def _restore(self, hello: StationAnswer, local: LocalHoldings) -> RecoveryResult:
        held, declared = self._held_after(local.watermark)
        recovery_id = self._begin(RecoveryKind.RESTORE, hello.max_seq,
                                  {e.event_id: e.station_seq for e in held})
        notes = self._apply(recovery_id, held, lambda _event: Stock.MOVE)
        lost = _holes(local.watermark, hello.max_seq,
                      {e.station_seq for e in held} | declared)
        return self._finish(recovery_id, held, lost, notes)

    # --- a new PC for a station that exists ---------------------------------------------------

    def _replace(self, hello: StationAnswer, local: LocalHoldings) -> RecoveryResult:
        state = self.transport.station_state(REPLACEMENT_WINDOW_DAYS)
        recovery_id = self._begin(RecoveryKind.REPLACEMENT, hello.max_seq, {})
        core.take_over(self.db, self.station_id, max(hello.max_seq, state.as_of_seq),
                       state.stock, self.clock(), holding_days=state.holding_days,
                       staff=[core.Member(m.staff_id, m.name, m.role, m.active)
                              for m in state.staff])
        start = max(state.window_first_seq - 1, 0) if state.window_first_seq else hello.max_seq
        held, _declared = self._held_after(start)
        # Head office's balances already hold every movement up to as_of_seq.
        notes = self._apply(recovery_id, held, lambda event: Stock.KEEP
                            if event.station_seq <= state.as_of_seq else Stock.MOVE)
        return self._finish(recovery_id, held, [], notes)

    # --- steps --------------------------------------------------------------------------------

    def _begin(self, kind: RecoveryKind, head_office_seq: int,
               held_ids: dict[str, int]) -> int:
        unfinished = core.unfinished(self.db)
        if unfinished is not None:
            return unfinished.id
        return core.begin(self.db, self.station_id, kind, head_office_seq, held_ids,
                          self.clock())

    def _held_after(self, after_seq: int) -> tuple[list[HeldEventData], set[int]]:
        """Head office's events after `after_seq`, and the numbers it was told are lost."""
        found: list[HeldEventData] = []
        lost: set[int] = set()
        while True:
            page = self.transport.held_events(after_seq, PAGE)
            found += page.events
            for span in page.lost:
                lost.update(range(span.from_seq, span.to_seq + 1))
            if not page.has_more or not page.events:
                return found, lost
            after_seq = page.events[-1].station_seq

    def _apply(self, recovery_id: int, held: list[HeldEventData],
               stock: Callable[[HeldEventData], Stock]) -> list[ReplayNote]:
        notes: list[ReplayNote] = []
        for start in range(0, len(held), APPLY_CHUNK):
            chunk = held[start:start + APPLY_CHUNK]
            for mode in (Stock.MOVE, Stock.KEEP):
                events = [_held(e) for e in chunk if stock(e) is mode]
                if events:
                    notes += core.apply_held(self.db, self.station_id, recovery_id, events,
                                             mode, self.clock())
        return notes

    def _finish(self, recovery_id: int, held: list[HeldEventData], lost: list[tuple[int, int]],
                notes: list[ReplayNote]) -> RecoveryResult:
        for first, last in lost:
            # Head office stops waiting for numbers nobody holds any more.
            self.transport.declare_lost(first, last, "recorded on a disk that was lost, "
                                                     "never sent")
        when = {e.station_seq: e.occurred_at for e in held}
        span = (lost[0][0], lost[-1][1]) if lost else None
        after = when.get(span[0] - 1) if span else None
        before = when.get(span[1] + 1) if span else None
        view = core.finish(self.db, recovery_id, self.clock(), lost=span, lost_after=after,
                           lost_before=before, summary=_summary(held, lost))
        self._tell(view, notes)
        log.info("recovery %s finished: %d event(s) back, %d renumbered, lost %s",
                 view.kind, view.recovered, view.renumbered, span or "none")
        return RecoveryResult(view, notes)

    def _tell(self, view: RecoveryView, notes: list[ReplayNote]) -> None:
        now = self.clock()
        with self.db.writing() as session:
            add_attention(session, f"recovered:{view.id}", RECOVERED, _summary_line(view), now)
            for note in notes:
                add_attention(session, f"replay:{note.event_id}:{note.kind}", REPLAY_NOTE,
                              note.message, now, order_no=note.order_no,
                              event_id=note.event_id, code=note.kind.value)

    def _known_ids(self, ids: list[str]) -> bool:
        if not ids:
            return True
        with self.db.reading() as session:
            held = session.scalar(select(func.count()).where(OutboxEvent.event_id.in_(ids)))
        return held == len(ids)


def _held(event: HeldEventData) -> HeldEvent:
    return HeldEvent(event.event_id, event.station_seq, event.type, event.occurred_at,
                     event.payload)


def _holes(after: int, through: int, held: set[int]) -> list[tuple[int, int]]:
    """Ranges of numbers in (after, through] head office does not hold."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for seq in range(after + 1, through + 1):
        if seq in held:
            if start is not None:
                ranges.append((start, seq - 1))
                start = None
        elif start is None:
            start = seq
    if start is not None:
        ranges.append((start, through))
    return ranges


def _summary(held: list[HeldEventData], lost: list[tuple[int, int]]) -> str:
    kinds: dict[str, int] = {}
    for event in held:
        kinds[event.type] = kinds.get(event.type, 0) + 1
    text = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "nothing"
    if lost:
        text += "; lost numbers " + ", ".join(f"{a}-{b}" if a != b else str(a)
                                              for a, b in lost)
    return text


def _summary_line(view: RecoveryView) -> str:
    line = (f"{view.kind.value}: {view.recovered} event(s) taken back from head office "
            f"(it held up to {view.head_office_seq})")
    if view.renumbered:
        line += f"; {view.renumbered} new event(s) of this counter renumbered after it"
    if view.lost:
        line += (f"; events {view.lost_from_seq}-{view.lost_to_seq} existed only on the lost "
                 f"disk{_between(view.lost_after, view.lost_before)}: check them on paper")
    return line[:500]


def _between(after: datetime | None, before: datetime | None) -> str:
    if after is None and before is None:
        return ""
    parts = []
    if after is not None:
        parts.append(f"after {after:%Y-%m-%d %H:%M} UTC")
    if before is not None:
        parts.append(f"before {before:%Y-%m-%d %H:%M} UTC")
    return " (" + " and ".join(parts) + ")"
