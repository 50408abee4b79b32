"""A fleet of simulated stations syncing with `station-headoffice serve` at once.

    python -m benchmarks.bench_fleet [--postgres URL] [--stations 200] [--intervals 3]
        [--in-flight 24] [--overload 96] [--workers 1 2] [--log-rows 1000000]
        [--compare-unshed]

Each station enrols, then every interval pushes a batch of mixed events (handovers and slots of
its own orders, sales) and pulls all six streams to their end by batched pulls, as a counter
does. Measured: events/s, requests/s, p50/p95/p99 per request kind, server and PostgreSQL CPU
per request; server CPU on a quiet server for one empty pull, one empty batched pull, one
1-event and one 50-event push, and one whole sync (a push of one event and one batched pull;
and, for comparison, the seven-request sync of a push and six pulls); the same pulls on a
change log grown to --log-rows by other stations' rows; and --overload callers at once, each
waiting out a 429 as the counter does (429s instead of runaway latency; with --compare-unshed,
again on workers that never shed).
Afterwards it checks exactly-once: rows held = events sent, no gaps, every change pulled once.

PostgreSQL by --postgres (or $STATION_BENCH_POSTGRES_URL); without one, a SQLite file (the
smoke run in the test suite). The database is emptied first: give it a database of its own.
Writes benchmarks/fleet-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import uuid6
from sqlalchemy import MetaData, create_engine, func, select, text

from benchmarks.results import results_path
from sync.client.backoff import Backoff
from sync.server.db import HeadOfficeDb
from sync.server.fleet import create_stations, new_enrolment_codes
from sync.server.models import ReceivedEvent, Station
from sync.server.order_factory import generate_orders
from tests.sync.signed_client import SignedClient, enrol, handover_event

STREAMS = ("catalogue", "signing_keys", "orders", "cancellations", "manifests", "after_sales")
REPO = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


# --- CPU of processes -------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # fields from the 3rd on; comm may hold spaces


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and all its descendants (the server and its workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(_cpu(fields) for pid in family if (fields := _stat(pid)) is not None)


def postgres_cpu() -> float:
    """CPU seconds of every postgres process, plus the backends that already exited (their
    time is the postmaster's children's time)."""
    names: dict[int, str] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            try:
                names[int(entry.name)] = (entry / "comm").read_text().strip()
            except OSError:
                continue
            stats[int(entry.name)] = fields
    total = 0.0
    for pid, fields in stats.items():
        if names.get(pid) != "postgres":
            continue
        total += _cpu(fields)
        if names.get(int(fields[1])) != "postgres":  # the postmaster
            total += (int(fields[13]) + int(fields[14])) / TICK
    return total


def _cpu(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / TICK


# --- the server -------------------------------------------------------------------------------


@dataclass
class Served:
    base: str
    pid: int


@contextmanager
def serve(url: str, workers: int, threads: int, max_in_flight: int, log: Path,
          max_queue_ms: float = 1000) -> Iterator[Served]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "--database-url", url, "serve", "--port",
             str(port), "--workers", str(workers), "--threads", str(threads),
             "--max-in-flight", str(max_in_flight), "--max-queue-ms", str(max_queue_ms),
             "--no-access-log"], cwd=REPO, stdout=output,
            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/v1/time", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.1)
        time.sleep(0.5 * workers)  # every worker up, not only the first
        yield Served(base, process.pid)
    except BaseException:
        print("the server's log:\n" + log.read_text()[-5000:], file=sys.stderr)
        raise
    finally:
        process.terminate()
        process.wait(30)


# --- simulated stations -----------------------------------------------------------------------


@dataclass
class SimStation:
    client: SignedClient
    orders: list[str]
    seq: int = 0
    next_order: int = 0
    cursors: dict[str, str] = field(default_factory=dict)
    change_ids: list[tuple[str, str]] = field(default_factory=list)
    orders_seen: set[str] = field(default_factory=set)
    sent: int = 0

    def took(self, stream: str, page: dict[str, Any]) -> bool:
        """Apply a page (its cursor, its changes noted); True when the stream has more."""
        self.cursors[stream] = page["next_cursor"]
        for change in page["changes"]:
            self.change_ids.append((stream, change["id"]))
            if stream == "orders":
                self.orders_seen.add(change["data"]["order_no"])
        return bool(page["has_more"])

    def events(self, count: int) -> list[dict[str, Any]]:
        """Mixed facts: a handover or a slot change of its own orders, else a sale."""
        made = []
        for n in range(count):
            self.seq += 1
            if n % 3 == 0 and self.next_order < len(self.orders):
                order_no = self.orders[self.next_order]
                self.next_order += 1
                made.append(handover_event(self.seq, order_no, self.client.station_id))
            elif n % 3 == 1 and self.orders:
                made.append(_slot_event(self.seq, self.orders[n % len(self.orders)],
                                        self.client.station_id))
            else:
                made.append(_sale_event(self.seq, self.client.station_id))
        self.sent += len(made)
        return made


def _fact(seq: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": str(uuid6.uuid7()), "station_seq": seq, "type": kind,
            "occurred_at": datetime.now(UTC).isoformat(), "payload": payload}


def _slot_event(seq: int, order_no: str, station: str) -> dict[str, Any]:
    return _fact(seq, "order.slotted", {
        "station_id": station, "staff_id": 1, "movements": [], "order_no": order_no,
        "slot": f"A-{seq % 40:02d}", "slotted_at": datetime.now(UTC).isoformat()})


def _sale_event(seq: int, station: str) -> dict[str, Any]:
    return _fact(seq, "sale.completed", {
        "station_id": station, "staff_id": 1, "sale_no": f"S-{station}-{seq}",
        "sold_at": datetime.now(UTC).isoformat(), "subtotal_fen": 350, "discount_fen": 0,
        "total_fen": 350, "payment_method": "wechat", "payment_ref": None, "approved_by": None,
        "lines": [{"sku": "VEG-001", "quantity": 1, "unit_price_fen": 350,
                   "oversell_reason": None}],
        "movements": [{"sku": "VEG-001", "delta": -1, "reason": "sale"}]})


class Recorder:
    """Latencies per request kind, 429s and errors, shared by the load threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.shed = 0
        self.errors: list[str] = []

    def call(self, kind: str, send: Any) -> requests.Response | None:
        """Send until answered (a 429 waits out a short Retry-After); None on an error."""
        for _ in range(50):
            started = time.perf_counter()
            answer: requests.Response = send()
            elapsed = time.perf_counter() - started
            if answer.status_code == 429:
                with self.lock:
                    self.shed += 1
                time.sleep(min(float(answer.headers.get("Retry-After", "1")), 0.2))
                continue
            with self.lock:
                self.latencies[kind].append(elapsed)
                if answer.status_code != 200:
                    self.errors.append(f"{kind} {answer.status_code} {answer.text[:200]}")
                    return None
            return answer
        with self.lock:
            self.errors.append(f"{kind}: shed 50 times")
        return None


def sync_once(station: SimStation, events: int, recorder: Recorder, batched: bool = True
              ) -> int:
    """One counter's sync: push, then pull every stream to its end: by batched pulls (one
    request for every stream's next page, as sync/client/puller.py asks), or with `batched`
    False one request per stream and page, as counters did before. Returns requests made."""
    made = 1
    batch = station.events(events)
    key = str(uuid.uuid4())
    recorder.call("push", lambda: station.client.push(batch, key=key))
    if batched:
        return made + pull_batched(station, recorder)
    for stream in STREAMS:
        while True:
            made += 1
            kind = "pull" if station.cursors.get(stream) else "first_pull"
            answer = recorder.call(kind, lambda s=stream: station.client.changes(
                s, station.cursors.get(s, ""), 500))
            if answer is None or not station.took(stream, answer.json()):
                break
    return made


def pull_batched(station: SimStation, recorder: Recorder) -> int:
    """Every stream to its end by `POST /v1/changes:batch`, as the counter pulls: pages
    applied in stream order, a stream with more asked alone until it ends (the later pages
    of that answer left unapplied). Returns requests made."""
    pending, alone, made = list(STREAMS), False, 0
    while pending:
        asked = pending[:1] if alone else list(pending)
        made += 1
        kind = "batch_pull" if all(station.cursors.get(s) for s in asked) else \
            "first_batch_pull"
        body = {"pulls": [{"stream": s, "cursor": station.cursors.get(s, ""), "limit": 500}
                          for s in asked]}
        answer = recorder.call(kind, lambda b=body: station.client.request(
            "POST", "/v1/changes:batch", body=b))
        if answer is None:
            return made
        alone = False
        for stream, page in zip(asked, answer.json()["pages"], strict=True):
            if station.took(stream, page):
                alone = True
                break
            pending.remove(stream)
    return made


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(values), "p50_ms": round(pick(0.50) * 1000, 2),
            "p95_ms": round(pick(0.95) * 1000, 2), "p99_ms": round(pick(0.99) * 1000, 2)}


# --- the phases -------------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Every table dropped, then migrated as an operator does."""
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()
    HeadOfficeDb(url, migrate=True).dispose()


def set_up(url: str, stations: int, orders_each: int) -> tuple[dict[str, str],
                                                                 dict[str, list[str]]]:
    """Stations from one create-stations call, their orders, one enrolment code each."""
    db = HeadOfficeDb(url)
    try:
        ids = [f"FL{n:04d}" for n in range(stations)]
        create_stations(db, [(station_id, f"模拟站 {station_id}") for station_id in ids])
        orders = {station_id: generate_orders(db, station_id, orders_each, seed=n)
                  for n, station_id in enumerate(ids)}
        codes = dict(new_enrolment_codes(db, ids))
    finally:
        db.dispose()
    return codes, orders


def load(sims: list[SimStation], intervals: int, in_flight: int, events: int, served: Served,
         pg: bool) -> dict[str, Any]:
    """Every station syncs `intervals` times, `in_flight` requests at once."""
    recorder = Recorder()
    cpu0, pg0, started = tree_cpu(served.pid), postgres_cpu() if pg else 0.0, time.perf_counter()
    with ThreadPoolExecutor(in_flight) as pool:
        made = sum(pool.map(lambda pair: sync_once(pair[1], events, recorder),
                            [(n, sim) for n in range(intervals) for sim in sims]))
    elapsed = time.perf_counter() - started
    server_cpu, pg_cpu = tree_cpu(served.pid) - cpu0, (postgres_cpu() - pg0) if pg else None
    sent = len(sims) * intervals * events
    return {"requests": made, "events": sent, "seconds": round(elapsed, 2),
            "requests_per_s": round(made / elapsed, 1), "events_per_s": round(sent / elapsed, 1),
            "server_cpu_ms_per_request": round(server_cpu / made * 1000, 3),
            "postgres_cpu_ms_per_request": round(pg_cpu / made * 1000, 3) if pg_cpu else None,
            "shed_429": recorder.shed, "errors": len(recorder.errors),
            "first_errors": recorder.errors[:3],
            "latency": {kind: percentiles(values)
                        for kind, values in sorted(recorder.latencies.items())}}


def overload(sims: list[SimStation], in_flight: int, seconds: float) -> dict[str, Any]:
    """`in_flight` callers pulling as fast as they are let: how many are refused, how slow the
    answered ones are. A refused caller waits as the counter does (sync/client/backoff.py:
    Retry-After at least, exponential with jitter), so the 429s counted are what a fleet of
    real counters would cause, not a retry loop's."""
    latencies: list[float] = []
    counts: dict[int, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def caller(n: int) -> None:
        sim = sims[n % len(sims)]
        backoff, refused = Backoff(rng=random.Random(n)), 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            answer = sim.client.changes("after_sales", sim.cursors.get("after_sales", ""), 500)
            with lock:
                counts[answer.status_code] += 1
                if answer.status_code == 200:
                    latencies.append(time.perf_counter() - started)
            if answer.status_code == 429:
                refused += 1
                hint = float(answer.headers.get("Retry-After", "1"))
                time.sleep(min(backoff.delay(refused, hint), max(0.0, stop - time.monotonic())))
            else:
                refused = 0

    with ThreadPoolExecutor(in_flight) as pool:
        list(pool.map(caller, range(in_flight)))
    answered = counts.get(200, 0)
    return {"in_flight": in_flight, "seconds": seconds, "answered": answered,
            "answered_per_s": round(answered / seconds, 1), "shed_429": counts.get(429, 0),
            "other": {str(k): v for k, v in counts.items() if k not in (200, 429)},
            "latency": percentiles(latencies)}


def quiet_costs(sim: SimStation, served: Served, repeats: int, rounds: int = 3
                ) -> dict[str, float]:
    """Server CPU of single requests one at a time: empty pull, empty batched pull (six
    streams), 50-event push, and a whole sync (a push of one event and one batched pull of
    the six streams), with the whole sync of seven requests counters made before (a push and
    six pulls) for comparison. The median of `rounds` rounds: a shared machine's other work
    moves one round's figure by a tenth or more."""
    recorder = Recorder()

    def measured(action: Any) -> float:
        before = tree_cpu(served.pid)
        for _ in range(repeats):
            action()
        return (tree_cpu(served.pid) - before) / repeats * 1000

    sync_once(sim, 1, recorder)  # cursors at the end of every stream
    figures: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        figures["empty_pull_cpu_ms"].append(measured(lambda: recorder.call(
            "pull", lambda: sim.client.changes("after_sales", sim.cursors["after_sales"], 500))))
        figures["empty_batched_pull_cpu_ms"].append(measured(
            lambda: pull_batched(sim, recorder)))
        figures["push_1_event_cpu_ms"].append(measured(lambda: recorder.call(
            "push", lambda: sim.client.push(sim.events(1), key=str(uuid.uuid4())))))
        figures["push_50_events_cpu_ms"].append(measured(lambda: recorder.call(
            "push", lambda: sim.client.push(sim.events(50), key=str(uuid.uuid4())))))
        figures["whole_sync_cpu_ms"].append(measured(lambda: sync_once(sim, 1, recorder)))
        figures["whole_sync_7_requests_cpu_ms"].append(measured(
            lambda: sync_once(sim, 1, recorder, batched=False)))
    return {**{name: round(statistics.median(values), 2) for name, values in figures.items()},
            "rounds": rounds, "errors": len(recorder.errors)}


def pull_latencies(sim: SimStation, repeats: int) -> dict[str, float]:
    """Median latency of the pulls a big log used to slow down: a stream where the station has
    nothing, a first pull, and an old cursor."""
    old = sim.cursors.get("orders", "")
    old = old.rsplit(".", 1)[0] + ".1" if old else ""
    kinds = {"empty_stream": ("after_sales", sim.cursors.get("after_sales", "")),
             "first_pull": ("orders", ""), "old_cursor": ("orders", old)}
    result = {}
    for kind, (stream, cursor) in kinds.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            assert sim.client.changes(stream, cursor, 500).status_code == 200
            times.append(time.perf_counter() - started)
        result[f"{kind}_ms"] = round(statistics.median(times) * 1000, 3)
    return result


def grow_log(url: str, rows: int) -> None:
    """Other stations' finished orders in the change log, `rows` of them, in one statement."""
    engine = create_engine(url)
    data = json.dumps({"order_no": "x", "state": "handed_over"})
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(
                "INSERT INTO ho_change_log (stream, station_id, ref, data, committed_at) "
                "SELECT 'orders', 'ZZ' || (n % 5000), 'R' || n, :data, now() "
                "FROM generate_series(1, :rows) AS n"), {"data": data, "rows": rows})
            connection.execute(text("ANALYZE ho_change_log"))
        else:
            connection.execute(text(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < :rows) "
                "INSERT INTO ho_change_log (stream, station_id, ref, data, committed_at) "
                "SELECT 'orders', 'ZZ' || (n % 5000), 'R' || n, :data, datetime('now') FROM s"),
                {"data": data, "rows": rows})
    engine.dispose()


def exactly_once(url: str, sims: list[SimStation], orders: dict[str, list[str]]
                 ) -> dict[str, Any]:
    """Rows held = events sent, each station's watermark at its last seq (no gaps), every
    change pulled once and every order of the station seen."""
    engine = create_engine(url)
    with engine.connect() as connection:
        held = connection.scalar(select(func.count()).select_from(ReceivedEvent)) or 0
        acked = dict(connection.execute(select(Station.id, Station.acked_through_seq)).all())
    engine.dispose()
    sent = sum(sim.sent for sim in sims)
    gaps = [s.client.station_id for s in sims if acked.get(s.client.station_id) != s.seq]
    twice = sum(len(s.change_ids) - len(set(s.change_ids)) for s in sims)
    missing = sum(len(set(orders[s.client.station_id]) - s.orders_seen) for s in sims)
    return {"events_sent": sent, "events_held": held, "stations_with_gaps": len(gaps),
            "changes_pulled_twice": twice, "orders_never_pulled": missing,
            "ok": held == sent and not gaps and not twice and not missing}


def run(url: str, workers: int, args: argparse.Namespace, log_case: bool) -> dict[str, Any]:
    pg = url.startswith("postgresql")
    fresh_database(url)
    started = time.perf_counter()
    codes, orders = set_up(url, args.stations, args.orders)
    setup_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        with serve(url, workers, args.threads, args.max_in_flight,
                   Path(folder) / "serve.log") as served:
            sims = [SimStation(enrol(served.base, code), orders[station_id])
                    for station_id, code in codes.items()]
            result: dict[str, Any] = {"workers": workers, "stations": args.stations,
                                      "setup_s": round(setup_s, 2)}
            result["load"] = load(sims, args.intervals, args.in_flight, args.events, served,
                                  pg)
            result["exactly_once"] = exactly_once(url, sims, orders)
            result["quiet"] = quiet_costs(sims[0], served, args.repeats)
            result["overload"] = overload(sims, args.overload, args.seconds)
            if log_case:
                result["pulls_small_log"] = pull_latencies(sims[0], args.repeats)
                grow_log(url, args.log_rows)
                result["pulls_big_log"] = dict(pull_latencies(sims[0], args.repeats),
                                               rows_added=args.log_rows)
        if args.compare_unshed:  # the same overload on workers that never shed
            with serve(url, workers, args.threads, 1_000_000, Path(folder) / "unshed.log",
                       max_queue_ms=3_600_000) as unshed:
                for sim in sims:
                    sim.client.base_url = unshed.base
                result["overload_unshed"] = overload(sims, args.overload, args.seconds)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("STATION_BENCH_POSTGRES_URL"))
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--orders", type=int, default=20, help="orders per station")
    parser.add_argument("--intervals", type=int, default=3, help="syncs per station")
    parser.add_argument("--events", type=int, default=10, help="events per push")
    parser.add_argument("--in-flight", type=int, default=24)
    parser.add_argument("--overload", type=int, default=96, help="in flight when overloaded")
    parser.add_argument("--seconds", type=float, default=10.0, help="of overload")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--threads", type=int, default=8, help="per worker")
    parser.add_argument("--max-in-flight", type=int, default=32, help="per worker")
    parser.add_argument("--log-rows", type=int, default=1_000_000,
                        help="other stations' rows added for the big-log pulls (0: skip)")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--compare-unshed", action="store_true",
                        help="repeat the overload on a worker that never sheds (429s vs latency)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-fleet-")
    url = args.postgres or f"sqlite:///{Path(folder) / 'headoffice.db'}"
    runs = [run(url, workers, args, log_case=args.log_rows > 0 and n == len(args.workers) - 1)
            for n, workers in enumerate(args.workers)]
    results = {"machine": platform.platform(), "python": platform.python_version(),
               "cpus": os.cpu_count(), "when": datetime.now(UTC).isoformat(timespec="seconds"),
               "database": "postgresql" if args.postgres else "sqlite", "runs": runs}
    path = results_path("fleet-results.json")
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
