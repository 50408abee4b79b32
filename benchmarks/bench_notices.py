"""Arrival notices: what making them costs a push, and how fast they go out.

    .venv/bin/python -m benchmarks.bench_notices [--orders 10000] [--stations 20]
        [--fail-rate 0.2] [--postgres URL]

`--orders` orders across `--stations` stations are made ready through the real head office on
127.0.0.1: each station pushes its `goods.received` facts (50 orders each) and, for a third of
its orders, an `order.sorted` saying ready again, shuffled out of sequence order, in batches of
40, a tenth of the batches delivered twice. The same pushes run twice on fresh databases, with
and without notices being made, for the extra cost per batch; the time spent inside the notice
step itself gives notices made per second. Then one dispatcher (as one `serve` worker runs)
sends every notice to a loopback webhook that refuses `--fail-rate` of the calls with HTTP 500,
retrying with a short back-off, and every order must reach the webhook exactly once by its
Notice-Id. Writes benchmarks/notices-results.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uuid6
from sqlalchemy import MetaData, create_engine, func, select
from sqlalchemy.orm import Session

from benchmarks.results import results_path
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from sync.server.models import Notice
from sync.server.notice_dispatch import Dispatcher, RetryPolicy, Round
from sync.server.notice_senders import WebhookSender
from sync.server.notices import NoticeDrafts
from sync.server.order_factory import generate_orders
from tests.sync.notice_receiver import NoticeReceiver
from tests.sync.signed_client import SignedClient, enrol

SECRET = b"bench-notices-secret"
PER_MANIFEST = 50
BATCH = 40
DEADLINE = datetime.now(UTC) + timedelta(days=3)
POLICY = RetryPolicy(timeout_s=5.0, backoff_s=0.05, backoff_cap_s=0.5, max_attempts=40)


def fact(station: str, seq: int, event_type: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": str(uuid6.uuid7()), "station_seq": seq, "type": event_type,
            "occurred_at": datetime.now(UTC).isoformat(),
            "payload": {"station_id": station, "staff_id": 1, "movements": [], **fields}}


def station_events(station: str, orders: list[str], rng: random.Random) -> list[dict[str, Any]]:
    """A station's receiving (all its orders ready) and a third of them sorted ready again."""
    facts: list[tuple[str, dict[str, Any]]] = []
    for start in range(0, len(orders), PER_MANIFEST):
        placed = orders[start:start + PER_MANIFEST]
        facts.append(("goods.received", {
            "manifest_no": f"M-{station}-{start}", "received_at": datetime.now(UTC).isoformat(),
            "lines": [{"sku": "VEG-001", "expected": 1, "received": 1, "damaged": 0,
                       "reason": None, "note": None, "has_photo": False}],
            "ready_orders": placed, "short_orders": [],
            "orders": [{"order_no": o, "slot": f"A-{n % 90 + 1:02d}", "state": "ready",
                        "holding_deadline": DEADLINE.isoformat(), "shortage": None}
                       for n, o in enumerate(placed)]}))
    for order_no in rng.sample(orders, len(orders) // 3):
        facts.append(("order.sorted", {
            "order_no": order_no, "sorted": True, "state": "ready", "slot": "B-01",
            "sorted_at": datetime.now(UTC).isoformat(), "shortage": None, "placed": {"1": 1},
            "holding_deadline": DEADLINE.isoformat()}))
    rng.shuffle(facts)  # sorting before receiving, later facts first
    return [fact(station, seq, kind, **fields)
            for seq, (kind, fields) in enumerate(facts, start=1)]


def deliveries(events: dict[str, list[dict[str, Any]]], rng: random.Random
               ) -> list[tuple[str, list[dict[str, Any]]]]:
    """(station, batch) in the order they reach head office: out of sequence order, stations
    interleaved, a tenth of the batches twice."""
    queues = {}
    for station, station_facts in events.items():
        batches = [station_facts[i:i + BATCH] for i in range(0, len(station_facts), BATCH)]
        rng.shuffle(batches)
        queues[station] = [b for batch in batches
                           for b in ([batch, batch] if rng.random() < 0.1 else [batch])]
    order: list[tuple[str, list[dict[str, Any]]]] = []
    while any(queues.values()):
        for station, queue in queues.items():
            if queue:
                order.append((station, queue.pop(0)))
    return order


@contextmanager
def timed_notices(enabled: bool) -> Iterator[list[float]]:
    """Time spent making notices inside pushes (or none: the hook does nothing)."""
    spent = [0.0]
    note, create = NoticeDrafts.note, NoticeDrafts.create

    def timed(method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            began = time.perf_counter()
            try:
                return method(*args) if enabled else 0
            finally:
                spent[0] += time.perf_counter() - began
        return run

    NoticeDrafts.note = timed(note)  # type: ignore[method-assign]
    NoticeDrafts.create = timed(create)  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        NoticeDrafts.note, NoticeDrafts.create = note, create  # type: ignore[method-assign]


def fresh(url: str) -> None:
    """An empty database at `url` for the next run."""
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()


def prepare(server: EmbeddedHeadOffice, stations: int, orders: int
            ) -> tuple[dict[str, SignedClient], dict[str, list[str]]]:
    clients, made = {}, {}
    for n in range(stations):
        station = f"BN{n + 1:02d}"
        create_station(server.db, station, f"第{n + 1}号自提点")
        made[station] = generate_orders(server.db, station, orders // stations, seed=n,
                                        arrived=False)
        clients[station] = enrol(server.url, new_enrolment_code(server.db, station))
    return clients, made


def push_all(clients: dict[str, SignedClient],
             plan: list[tuple[str, list[dict[str, Any]]]]) -> float:
    began = time.perf_counter()
    for station, batch in plan:
        answer = clients[station].push(batch, key=str(uuid.uuid4()))
        answer.raise_for_status()
        assert {r["status"] for r in answer.json()["results"]} <= {"applied", "duplicate"}
    return time.perf_counter() - began


def push_run(url: str, stations: int, orders: int, with_notices: bool
             ) -> tuple[EmbeddedHeadOffice, dict[str, list[str]], dict[str, float]]:
    fresh(url)
    server = EmbeddedHeadOffice(url)
    server.start()
    clients, made = prepare(server, stations, orders)
    rng = random.Random(7)
    plan = deliveries({s: station_events(s, o, rng) for s, o in made.items()}, rng)
    with timed_notices(with_notices) as spent:
        push_s = push_all(clients, plan)
    with server.db.reading() as session:
        notices = session.scalar(select(func.count()).select_from(Notice)) or 0
    return server, made, {"batches": len(plan), "push_s": push_s, "notice_step_s": spent[0],
                          "notices": notices}


def dispatch(server: EmbeddedHeadOffice, fail_rate: float
             ) -> tuple[dict[str, Any], NoticeReceiver]:
    with NoticeReceiver(SECRET, fail_rate=fail_rate, seed=5) as receiver:
        dispatcher = Dispatcher(server.db, WebhookSender(receiver.url, SECRET, POLICY.timeout_s),
                                POLICY)
        rounds: list[Round] = []
        began = time.perf_counter()
        while True:
            done = dispatcher.run_once()
            rounds.append(done)
            if not done.claimed and _none_pending(server):
                break
            if not done.claimed:
                time.sleep(0.01)
        dispatch_s = time.perf_counter() - began
        dispatcher.close()
    return {"dispatch_s": dispatch_s, "sent": sum(r.sent for r in rounds),
            "retries": sum(r.retried for r in rounds), "failed": sum(r.failed for r in rounds),
            "refused_by_webhook": receiver.refused}, receiver


def _none_pending(server: EmbeddedHeadOffice) -> bool:
    with server.db.reading() as session:
        return _pending(session) == 0


def _pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Notice).where(
        Notice.state == "pending")) or 0


def run_backend(url: str, stations: int, orders: int, fail_rate: float) -> dict[str, Any]:
    server, _made, bare = push_run(url, stations, orders, with_notices=False)
    server.stop()
    server.db.dispose()
    assert bare["notices"] == 0
    server, made, pushed = push_run(url, stations, orders, with_notices=True)
    try:
        sent, receiver = dispatch(server, fail_rate)
    finally:
        server.stop()
        server.db.dispose()
    everyone = sorted(o for station_orders in made.values() for o in station_orders)
    assert pushed["notices"] == len(everyone), pushed
    assert sorted(e["order_no"] for e in receiver.effects.values()) == everyone
    assert set(receiver.deliveries.values()) == {1} and receiver.bad == 0 and not sent["failed"]
    extra_s = pushed["push_s"] - bare["push_s"]
    return {
        "orders": len(everyone), "stations": stations, "batches": pushed["batches"],
        "push_without_notices_s": round(bare["push_s"], 2),
        "push_with_notices_s": round(pushed["push_s"], 2),
        "extra_ms_per_batch": round(extra_s * 1000 / pushed["batches"], 2),
        "notice_step_ms_per_batch": round(pushed["notice_step_s"] * 1000 / pushed["batches"],
                                          2),
        "notices_made_per_s": round(pushed["notices"] / pushed["notice_step_s"]),
        "webhook_fail_rate": fail_rate, "dispatch_s": round(sent["dispatch_s"], 2),
        "delivered_per_s": round(len(everyone) / sent["dispatch_s"]),
        "retries": sent["retries"], "refused_by_webhook": sent["refused_by_webhook"],
        "failed": sent["failed"], "notified_exactly_once": True}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--stations", type=int, default=20)
    parser.add_argument("--fail-rate", type=float, default=0.2)
    parser.add_argument("--postgres", default=None, help="also run on this PostgreSQL URL")
    options = parser.parse_args()
    # Out-of-order pushes open sequence gaps on purpose: their warnings are expected here.
    logging.getLogger("sync.server.holdings").setLevel(logging.ERROR)
    results: dict[str, Any] = {"machine": platform.platform(),
                               "python": platform.python_version(),
                               "when": datetime.now(UTC).isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as scratch:
        results["sqlite"] = run_backend(f"sqlite:///{Path(scratch) / 'ho.db'}",
                                        options.stations, options.orders, options.fail_rate)
    print(json.dumps(results["sqlite"], indent=2), flush=True)
    if options.postgres:
        results["postgresql"] = run_backend(options.postgres, options.stations,
                                            options.orders, options.fail_rate)
        print(json.dumps(results["postgresql"], indent=2), flush=True)
    results_path("notices-results.json").write_text(json.dumps(results, indent=2) + "\n",
                                                    encoding="utf-8")


if __name__ == "__main__":
    main()
