"""The day's summary from the outbox, and the signed export for days that cannot go online."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import CHINA
from station_app.storage.models import OutboxEvent
from sync.client.relay import event_wire
from sync.day_export import EXPORT_FORMAT, signed
from sync.protocol import event_ids_sha256


@dataclass(frozen=True)
class DaySummary:
    station_id: str
    business_day: date
    first_seq: int
    last_seq: int
    counts: dict[str, int]
    event_ids: tuple[str, ...]
    unacknowledged: int
    # Several counters: (counter, first, last) of each; empty for a one-counter day.
    counter_ranges: tuple[tuple[int, int, int], ...] = ()

    @property
    def event_ids_sha256(self) -> str:
        return event_ids_sha256(self.event_ids)

    def wire(self) -> dict[str, Any]:
        return {"station_id": self.station_id, "business_day": self.business_day.isoformat(),
                "first_seq": self.first_seq, "last_seq": self.last_seq,
                "counts": dict(sorted(self.counts.items())),
                "event_ids_sha256": self.event_ids_sha256, "event_ids": list(self.event_ids),
                **({"counter_ranges": [{"counter_no": c, "first_seq": f, "last_seq": t}
                                       for c, f, t in self.counter_ranges]}
                   if self.counter_ranges else {})}


def day_bounds(business_day: date, zone: tzinfo = CHINA) -> tuple[datetime, datetime]:
    start = datetime.combine(business_day, time(0), zone)
    return start, start + timedelta(days=1)


def day_events(session: Session, station_id: str, business_day: date,
               zone: tzinfo = CHINA) -> list[OutboxEvent]:
    start, end = day_bounds(business_day, zone)
    return list(session.scalars(select(OutboxEvent).where(
        OutboxEvent.station_id == station_id, OutboxEvent.occurred_at >= start,
        OutboxEvent.occurred_at < end).order_by(OutboxEvent.station_seq)))


def summarise(station_id: str, business_day: date, events: list[OutboxEvent]) -> DaySummary | None:
    """None when the day has no events (there is nothing for head office to confirm)."""
    if not events:
        return None
    by_counter: dict[int, list[int]] = {}
    for event in events:
        by_counter.setdefault(event.counter_no, []).append(event.station_seq)
    ranges = tuple((counter, min(seqs), max(seqs))
                   for counter, seqs in sorted(by_counter.items()))
    one_counter = len(ranges) == 1 and ranges[0][0] == 1
    return DaySummary(station_id, business_day, min(e.station_seq for e in events),
                      max(e.station_seq for e in events),
                      dict(Counter(event.type for event in events)),
                      tuple(event.event_id for event in events),
                      sum(1 for event in events if event.acked_at is None),
                      () if one_counter else ranges)


def export_document(summary: DaySummary, events: list[OutboxEvent], key_id: str,
                    secret: bytes, exported_at: datetime) -> dict[str, Any]:
    body = {"format": EXPORT_FORMAT, "station_id": summary.station_id, "key_id": key_id,
            "exported_at": exported_at.isoformat(), "summary": summary.wire(),
            "events": [event_wire(event) for event in events]}
    return signed(body, secret)


def write_export(path: Path, document: dict[str, Any]) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)  # a USB stick pulled mid-write leaves no half file under the name
