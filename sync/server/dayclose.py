"""Day close (日结) against head office's holdings, and the `reconcile` report for people.

A station's day is the sequence range it names (one per counter for a station with several):
the station decides which events belong to its business day, head office checks that it holds
exactly those.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from station_app.clock import CHINA
from sync.protocol import (
    CounterRange,
    DayCloseAnswer,
    DayCloseSummary,
    DayCloseTally,
    event_ids_sha256,
)
from sync.server.models import DayClose, ReceivedEvent, SequenceGap, Station, StockMovement


def close_day(session: Session, summary: DayCloseSummary, now: datetime) -> DayCloseAnswer:
    """Compare a station's day summary with what head office holds; record the outcome."""
    ranges = summary.counter_ranges or [
        CounterRange(counter_no=1, first_seq=summary.first_seq, last_seq=summary.last_seq)]
    rows = session.execute(
        select(ReceivedEvent.event_id, ReceivedEvent.type, ReceivedEvent.station_seq)
        .where(ReceivedEvent.station_id == summary.station_id,
               or_(*(and_(ReceivedEvent.counter_no == r.counter_no,
                          ReceivedEvent.station_seq.between(r.first_seq, r.last_seq))
                     for r in ranges)))).all()
    held = {row.event_id for row in rows}
    tally = DayCloseTally(
        station_id=summary.station_id, business_day=summary.business_day,
        first_seq=min((r.station_seq for r in rows), default=None),
        last_seq=max((r.station_seq for r in rows), default=None),
        counts=dict(Counter(row.type for row in rows)),
        event_ids_sha256=event_ids_sha256(held))
    sent = set(summary.event_ids) if summary.event_ids is not None else None
    missing = sorted(sent - held) if sent is not None else []
    extra = sorted(held - sent) if sent is not None else []
    matches = (tally.event_ids_sha256 == summary.event_ids_sha256
               and tally.counts == summary.counts and tally.first_seq == summary.first_seq
               and tally.last_seq == summary.last_seq and not missing and not extra)
    status: Literal["match", "mismatch"] = "match" if matches else "mismatch"
    session.add(DayClose(station_id=summary.station_id,
                         business_day=summary.business_day.isoformat(), status=status,
                         first_seq=summary.first_seq, last_seq=summary.last_seq,
                         checked_at=now))
    return DayCloseAnswer(status=status, server=tally, missing_event_ids=missing,
                          extra_event_ids=extra)


@dataclass
class Reconciliation:
    station_id: str
    day: date
    acked_through_seq: int
    events_by_type_status: dict[str, int] = field(default_factory=dict)
    first_seq: int | None = None
    last_seq: int | None = None
    gaps: list[dict[str, Any]] = field(default_factory=list)
    day_movements: dict[str, int] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    day_closes: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"station {self.station_id}  business day {self.day} (UTC+8)",
                 f"acked through seq {self.acked_through_seq}",
                 f"events held this day: seq {self.first_seq} … {self.last_seq}"]
        lines += [f"  {key}: {n}" for key, n in sorted(self.events_by_type_status.items())]
        lines.append(f"sequence gaps: {len(self.gaps) or 'none'}")
        lines += [f"  after seq {g['gap_after_seq']} (next held {g['next_held_seq']}), "
                  f"{'OPEN' if g['closed_at'] is None else 'closed ' + g['closed_at']}"
                  for g in self.gaps]
        lines.append("stock movements this day / head-office stock (sum of all movements):")
        lines += [f"  {sku:<10} {self.day_movements.get(sku, 0):>8} {total:>8}"
                  for sku, total in sorted(self.stock.items())]
        lines.append(f"day closes: {', '.join(self.day_closes) or 'none'}")
        return "\n".join(lines)


def reconcile(session: Session, station_id: str, day: date) -> Reconciliation:
    """What head office holds for a station's day (days run midnight to midnight UTC+8)."""
    station = session.get(Station, station_id)
    if station is None:
        raise LookupError(f"no station {station_id}")
    start = datetime.combine(day, time(), CHINA)
    end = start + timedelta(days=1)
    report = Reconciliation(station_id, day, station.acked_through_seq)
    in_day = (ReceivedEvent.station_id == station_id, ReceivedEvent.occurred_at >= start,
              ReceivedEvent.occurred_at < end)
    for kind, status, n, low, high in session.execute(
            select(ReceivedEvent.type, ReceivedEvent.status, func.count(),
                   func.min(ReceivedEvent.station_seq), func.max(ReceivedEvent.station_seq))
            .where(*in_day).group_by(ReceivedEvent.type, ReceivedEvent.status)):
        report.events_by_type_status[f"{kind} {status}"] = n
        report.first_seq = low if report.first_seq is None else min(report.first_seq, low)
        report.last_seq = high if report.last_seq is None else max(report.last_seq, high)
    report.gaps = [{"gap_after_seq": g.gap_after_seq, "next_held_seq": g.next_held_seq,
                    "closed_at": g.closed_at.isoformat() if g.closed_at else None}
                   for g in session.scalars(select(SequenceGap)
                                            .where(SequenceGap.station_id == station_id)
                                            .order_by(SequenceGap.id))]
    report.stock = dict(session.execute(
        select(StockMovement.sku, func.sum(StockMovement.delta))
        .where(StockMovement.station_id == station_id).group_by(StockMovement.sku)).all())
    report.day_movements = dict(session.execute(
        select(StockMovement.sku, func.sum(StockMovement.delta))
        .where(StockMovement.station_id == station_id, StockMovement.occurred_at >= start,
               StockMovement.occurred_at < end).group_by(StockMovement.sku)).all())
    report.day_closes = [f"{c.status} (seq {c.first_seq}-{c.last_seq})" for c in
                         session.scalars(select(DayClose).where(
                             DayClose.station_id == station_id,
                             DayClose.business_day == day.isoformat()))]
    return report
