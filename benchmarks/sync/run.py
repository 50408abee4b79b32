"""Push a 50,000-event backlog and pull 20,000 orders through the real server on loopback.

    python -m benchmarks.sync.run [--postgres URL] [--events N] [--orders N]

Writes benchmarks/sync/results.json. The push is compared with a bare bulk insert of the same
rows into the same tables (one transaction per 500), which is the floor no protocol can beat.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, delete, insert, select, text, update

from benchmarks.results import results_path
from sync.protocol import MAX_BATCH_BYTES, MAX_BATCH_EVENTS
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from sync.server.models import Base, Order, OrderLine, ReceivedEvent, Station, StockMovement
from sync.server.order_factory import generate_orders
from tests.sync.signed_client import SignedClient, enrol

PUSHER, PULLER = "BJ01", "BJ02"


def run_backend(url: str, events: int, orders: int) -> dict[str, Any]:
    with EmbeddedHeadOffice(url) as server:
        create_station(server.db, PUSHER, "北京朝阳自提点")
        create_station(server.db, PULLER, "北京海淀自提点")
        started = time.perf_counter()
        generate_orders(server.db, PUSHER, events, seed=1)
        generate_orders(server.db, PULLER, orders, seed=2)
        setup_s = time.perf_counter() - started
        backlog = handover_backlog(server, events)
        pusher = enrol(server.url, new_enrolment_code(server.db, PUSHER))
        _settle_heap()
        push_s, push_requests = push(pusher, backlog)
        event_rows, movement_rows = bare_rows(server)
        _settle_heap()
        bare_s = bare_insert(server, event_rows, movement_rows)
        puller = enrol(server.url, new_enrolment_code(server.db, PULLER))
        pull_s, pulled = pull(puller)
    assert pulled == orders, (pulled, orders)
    return {
        "setup_orders": events + orders, "setup_s": round(setup_s, 2),
        "push_events": events, "push_batch_max": MAX_BATCH_EVENTS,
        "push_requests": push_requests, "push_s": round(push_s, 2),
        "push_events_per_s": round(events / push_s),
        "bare_insert_s": round(bare_s, 2), "bare_events_per_s": round(events / bare_s),
        "push_vs_bare": round(bare_s / push_s, 3),
        "pull_orders": orders, "pull_s": round(pull_s, 2),
        "pull_orders_per_s": round(orders / pull_s),
    }


def handover_backlog(server: EmbeddedHeadOffice, count: int) -> list[dict[str, Any]]:
    """What a station queues after handing over `count` orders, in sequence."""
    with server.db.reading() as session:
        lines: dict[str, list[tuple[int, str, int]]] = {}
        for row in session.execute(select(OrderLine.order_no, OrderLine.line_no,
                                          OrderLine.sku, OrderLine.quantity)
                                   .join(Order).where(Order.station_id == PUSHER)):
            lines.setdefault(row.order_no, []).append((row.line_no, row.sku, row.quantity))
    start = datetime.now(UTC) - timedelta(days=7)
    backlog = []
    for seq, order_no in enumerate(sorted(lines)[:count], start=1):
        at = (start + timedelta(seconds=seq * 10)).isoformat()
        backlog.append({
            "event_id": _uuid7(start + timedelta(seconds=seq * 10), seq), "station_seq": seq,
            "type": "handover.completed", "occurred_at": at,
            "payload": {
                "order_no": order_no, "station_id": PUSHER, "staff_id": 1 + seq % 2,
                "method": "token", "handed_over_at": at,
                "lines": [{"line_no": n, "sku": sku, "quantity": q, "outcome": "taken"}
                          for n, sku, q in lines[order_no]],
                "movements": [{"sku": sku, "delta": -q, "reason": "handover"}
                              for _n, sku, q in lines[order_no]],
            }})
    return backlog


def batches(backlog: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """≤ 500 events and ≤ 256 kB each, as the protocol asks: 500 handovers with several lines
    are more than 256 kB, so in practice the byte limit cuts most batches."""
    out: list[list[dict[str, Any]]] = [[]]
    size = 100  # the envelope
    for event in backlog:
        length = len(json.dumps(event, ensure_ascii=False).encode()) + 2
        if len(out[-1]) == MAX_BATCH_EVENTS or size + length > MAX_BATCH_BYTES:
            out.append([])
            size = 100
        out[-1].append(event)
        size += length
    return out


def push(client: SignedClient, backlog: list[dict[str, Any]]) -> tuple[float, int]:
    started = time.perf_counter()
    sent = 0
    split = batches(backlog)
    for batch in split:
        answer = client.push(batch, gzipped=True)
        answer.raise_for_status()
        body = answer.json()
        sent += len(batch)
        assert body["acked_through_seq"] == sent
        assert all(r["status"] == "applied" for r in body["results"])
    return time.perf_counter() - started, len(split)


def bare_rows(server: EmbeddedHeadOffice) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows the push wrote, taken out again so they can be bulk-inserted bare."""
    with server.db.writing() as session:
        events = [_row(e) for e in session.scalars(select(ReceivedEvent)
                                                   .order_by(ReceivedEvent.station_seq))]
        movements = [_row(m) for m in session.scalars(select(StockMovement)
                                                      .order_by(StockMovement.id))]
        session.execute(delete(ReceivedEvent))
        session.execute(delete(StockMovement))
        session.execute(update(Station).values(acked_through_seq=0))
    for movement in movements:
        del movement["id"]
    return events, movements


def bare_insert(server: EmbeddedHeadOffice, events: list[dict[str, Any]],
                movements: list[dict[str, Any]]) -> float:
    by_event: dict[str, list[dict[str, Any]]] = {}
    for movement in movements:
        by_event.setdefault(movement["event_id"], []).append(movement)
    started = time.perf_counter()
    for start in range(0, len(events), MAX_BATCH_EVENTS):
        chunk = events[start:start + MAX_BATCH_EVENTS]  # the bare floor gets the larger batches
        with server.db.writing() as session:
            session.connection().execute(insert(ReceivedEvent.__table__), chunk)
            session.connection().execute(insert(StockMovement.__table__),
                            [m for e in chunk for m in by_event.get(e["event_id"], [])])
    return time.perf_counter() - started


def pull(client: SignedClient) -> tuple[float, int]:
    started = time.perf_counter()
    cursor, count = "", 0
    while True:
        answer = client.changes("orders", cursor, 1000)
        answer.raise_for_status()
        page = answer.json()
        count += len(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return time.perf_counter() - started, count


def _settle_heap() -> None:
    """Take what is alive now out of the garbage collector's sight before a timed phase.

    Server and client share this process, which a station and head office never do: without
    this, every full collection in the server walks the client's whole backlog (millions of
    objects) and a third of the push time went to collecting garbage the server never made.
    """
    gc.collect()
    gc.freeze()


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _uuid7(at: datetime, n: int) -> str:
    millis = int(at.timestamp() * 1000)
    value = (millis << 80) | (0x7 << 76) | ((n & 0xFFF) << 64) | (0b10 << 62) | (
        uuid.uuid4().int & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="also run on this (emptied!) PostgreSQL URL")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=20_000)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version(),
                               "when": datetime.now(UTC).isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run_backend(f"sqlite:///{tmp}/headoffice.db", args.events,
                                        args.orders)
        print("sqlite", json.dumps(results["sqlite"]))
    if args.postgres:
        engine = create_engine(args.postgres)
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:  # and its migration history: start from empty
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        results["postgresql"] = run_backend(args.postgres, args.events, args.orders)
        print("postgresql", json.dumps(results["postgresql"]))
    results_path("sync/results.json").write_text(json.dumps(results, indent=2) + "\n",
                                                 encoding="utf-8")


if __name__ == "__main__":
    main()
