"""What head office holds of each station's own events, and what a station may take back.

Head office is the record of every event a station pushed: a restored counter or a new PC for
an existing station recovers from here (sync/client/recovery.py). The station's watermark
(`acked_through_seq`) is the highest n with every number 1..n held, or declared lost by the
station itself: numbers that existed only on a disk that is gone would otherwise hold the
watermark, and every later acknowledgement, back for ever.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, literal, select, union_all, update
from sqlalchemy.orm import Session

from sync.protocol import (
    HeldEventData,
    HeldEventsPage,
    LostAnswer,
    LostRequest,
    SeqRange,
    StaffData,
    StationAnswer,
    StationState,
)
from sync.server.headoffice import HeadOfficeError
from sync.server.models import (
    CounterWatermark,
    LostSeqs,
    ReceivedEvent,
    SequenceGap,
    StaffMember,
    Station,
    StockMovement,
    table_of,
)

log = logging.getLogger("sync.server.holdings")

MAX_WINDOW_DAYS = 90


def advance_watermark(session: Session, station: Station, now: datetime,
                      counter_no: int = 1) -> tuple[int, int | None]:
    """Move the counter's `acked_through_seq` over every contiguous held (or lost) number;
    raise or close gap alarms. Returns (acked, gap_after)."""
    mark = None if counter_no == 1 else _counter_mark(session, station.id, counter_no)
    acked = station.acked_through_seq if mark is None else mark.acked_through_seq
    beyond, spans, open_gaps = _past_watermark(session, station.id, counter_no, acked)
    held = set(beyond)
    while True:
        following = acked + 1
        span = next((s for s in spans if s[0] <= following <= s[1]), None)
        if span is not None:
            acked = span[1]
        elif following in held:
            acked = following
        else:
            break
    next_held = next((seq for seq in beyond if seq > acked), None)
    if mark is None:
        station.acked_through_seq = acked
    else:
        mark.acked_through_seq = acked
    return acked, _gap_alarm(session, station.id, counter_no, acked, next_held, open_gaps, now)


def _counter_mark(session: Session, station_id: str, counter_no: int) -> CounterWatermark:
    mark = session.get(CounterWatermark, (station_id, counter_no))
    if mark is None:
        mark = CounterWatermark(station_id=station_id, counter_no=counter_no,
                                acked_through_seq=0)
        session.add(mark)
    return mark


_EVENTS, _LOST, _GAPS = table_of(ReceivedEvent), table_of(LostSeqs), table_of(SequenceGap)
# Everything the watermark needs, in one statement: the counter's held numbers past it (kind
# 0), the numbers declared lost past it (kind 1; counter 1's only: lost numbers are declared
# by a restored counter 1, other counters join from a copy and never need to), and its open
# gap alarms (kind 2: id and the number the gap is after).
_PAST_WATERMARK = union_all(
    select(literal(0).label("kind"), _EVENTS.c.station_seq.label("a"),
           _EVENTS.c.station_seq.label("b")).where(
        _EVENTS.c.station_id == bindparam("station"),
        _EVENTS.c.counter_no == bindparam("counter"),
        _EVENTS.c.station_seq > bindparam("acked")),
    select(literal(1), _LOST.c.from_seq, _LOST.c.to_seq).where(
        _LOST.c.station_id == bindparam("station"), bindparam("counter") == 1,
        _LOST.c.to_seq > bindparam("acked")),
    select(literal(2), _GAPS.c.id, _GAPS.c.gap_after_seq).where(
        _GAPS.c.station_id == bindparam("station"), _GAPS.c.counter_no == bindparam("counter"),
        _GAPS.c.closed_at.is_(None)))


def _past_watermark(session: Session, station_id: str, counter_no: int, acked: int
                    ) -> tuple[list[int], list[tuple[int, int]], list[tuple[int, int]]]:
    """(held numbers past `acked` in order, lost spans past it in order, open gaps)."""
    beyond: list[int] = []
    spans: list[tuple[int, int]] = []
    gaps: list[tuple[int, int]] = []
    for kind, a, b in session.execute(_PAST_WATERMARK, {
            "station": station_id, "counter": counter_no, "acked": acked}):
        (beyond.append(a) if kind == 0 else
         spans.append((a, b)) if kind == 1 else gaps.append((a, b)))
    return sorted(beyond), sorted(spans), gaps


def _gap_alarm(session: Session, station_id: str, counter_no: int, acked: int,
               next_held: int | None, open_gaps: list[tuple[int, int]],
               now: datetime) -> int | None:
    closed = [gap_id for gap_id, after in open_gaps if after < acked or next_held is None]
    if closed:
        session.execute(update(SequenceGap).where(SequenceGap.id.in_(closed))
                        .values(closed_at=now))
    if next_held is None:
        return None
    if not any(after == acked and gap_id not in closed for gap_id, after in open_gaps):
        log.warning("station %s counter %d: sequence gap after %d (next held %d)", station_id,
                    counter_no, acked, next_held)
        session.add(SequenceGap(station_id=station_id, counter_no=counter_no,
                                gap_after_seq=acked, next_held_seq=next_held,
                                detected_at=now))
    return acked


def _lost(session: Session, station_id: str, after: int = 0) -> list[LostSeqs]:
    return list(session.scalars(select(LostSeqs).where(
        LostSeqs.station_id == station_id, LostSeqs.to_seq > after)
        .order_by(LostSeqs.from_seq)))


# Recovery (station, held events, lost numbers, state) is counter 1's: a restored or
# replacement first PC takes its own numbers back from here. A later counter joins from a
# copy of another counter over the LAN, and every counter's events travel there.
_FIRST = ReceivedEvent.counter_no == 1


def _max_seq(session: Session, station_id: str) -> int:
    return int(session.scalar(select(func.max(ReceivedEvent.station_seq)).where(
        ReceivedEvent.station_id == station_id, _FIRST)) or 0)


def station_answer(session: Session, station_id: str, key_id: str,
                   now: datetime) -> StationAnswer:
    station = session.get_one(Station, station_id)
    return StationAnswer(station_id=station.id, station_name=station.name, key_id=key_id,
                         max_seq=_max_seq(session, station_id),
                         acked_through_seq=station.acked_through_seq,
                         holding_days=station.holding_days, server_time=now)


def held_events(session: Session, station_id: str, after_seq: int,
                limit: int) -> HeldEventsPage:
    """The station's held events after `after_seq`, in number order."""
    rows = session.scalars(select(ReceivedEvent).where(
        ReceivedEvent.station_id == station_id, _FIRST, ReceivedEvent.station_seq > after_seq)
        .order_by(ReceivedEvent.station_seq).limit(limit + 1)).all()
    events = [HeldEventData(event_id=row.event_id, station_seq=row.station_seq, type=row.type,
                            occurred_at=row.occurred_at, payload=json.loads(row.payload),
                            status="rejected" if row.status == "rejected" else "applied",
                            code=row.code)
              for row in rows[:limit]]
    return HeldEventsPage(events=events, has_more=len(rows) > limit,
                          max_seq=_max_seq(session, station_id),
                          lost=[SeqRange(from_seq=s.from_seq, to_seq=s.to_seq)
                                for s in _lost(session, station_id, after=after_seq)])


def declare_lost(session: Session, station: Station, key_id: str, request: LostRequest,
                 now: datetime) -> LostAnswer:
    """Record numbers the station says it recorded on a lost disk and never sent. Only a hole
    below the highest number held, with nothing held inside it; the same declaration twice
    changes nothing. Raises HeadOfficeError("not_a_hole")."""
    first, last = request.from_seq, request.to_seq
    if last < first or last >= _max_seq(session, station.id):
        raise HeadOfficeError("not_a_hole", "only numbers below the highest held can be lost")
    inside = session.scalar(select(func.count()).where(
        ReceivedEvent.station_id == station.id, _FIRST,
        ReceivedEvent.station_seq.between(first, last)))
    if inside:
        raise HeadOfficeError("not_a_hole", f"head office holds events in {first}-{last}")
    overlapping = session.scalars(select(LostSeqs).where(
        LostSeqs.station_id == station.id, LostSeqs.from_seq <= last,
        LostSeqs.to_seq >= first)).all()
    if any((span.from_seq, span.to_seq) != (first, last) for span in overlapping):
        raise HeadOfficeError("not_a_hole", f"{first}-{last} overlaps an earlier declaration")
    if not overlapping:
        session.add(LostSeqs(station_id=station.id, from_seq=first, to_seq=last,
                             declared_at=now, key_id=key_id, reason=request.reason))
        session.flush()
        log.warning("station %s declared events %d-%d lost (%s)", station.id, first, last,
                    request.reason)
    acked, _gap = advance_watermark(session, station, now)
    return LostAnswer(acked_through_seq=acked)


def station_state(session: Session, station_id: str, window_days: int,
                  now: datetime) -> StationState:
    """Where a replacement PC starts: head office's book (the sum of every movement), the
    first event of the recent window, the holding period and the staff."""
    station = session.get_one(Station, station_id)
    window_days = max(0, min(window_days, MAX_WINDOW_DAYS))
    stock = dict(session.execute(
        select(StockMovement.sku, func.sum(StockMovement.delta))
        .where(StockMovement.station_id == station_id)
        .group_by(StockMovement.sku)).all())
    first = session.scalar(select(func.min(ReceivedEvent.station_seq)).where(
        ReceivedEvent.station_id == station_id, _FIRST,
        ReceivedEvent.occurred_at >= now - timedelta(days=window_days)))
    staff = [StaffData(staff_id=m.staff_id, name=m.name, role=m.role, active=m.active)
             for m in session.scalars(select(StaffMember).where(
                 StaffMember.station_id == station_id).order_by(StaffMember.staff_id))]
    return StationState(as_of_seq=_max_seq(session, station_id),
                        window_first_seq=int(first or 0),
                        stock={sku: int(total) for sku, total in stock.items() if total},
                        holding_days=station.holding_days, staff=staff)
