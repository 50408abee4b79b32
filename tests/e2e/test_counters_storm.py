"""Two counters of one station in two processes, through a LAN that misbehaves, killed with
SIGKILL and started again: after the storm both hold the same facts, nothing lost, nothing
doubled, every double handover flagged exactly once at each.

Each counter (tests/e2e/counters_driver.py) answers on its own loopback port; the other asks
it through a fault proxy, which drops connections, delays them, loses or cuts answers (the
link asks again: the same events come twice), answers with an old answer (signed for another
request: refused), sends an earlier request again beside the real one (refused by its nonce),
and cuts the LAN whole for a while, in-flight asks included. Meanwhile the counters hand over
the demo's ready orders (during each cut, some at both counters: the resident came back to the
other one) and sell over the counter, and either process is killed at random moments.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import text

from station_app.counter import open_counter
from sync.demo import _mirror_demo_day
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import new_enrolment_code
from tests.helpers import READY, rows, scalar
from tests.sync.client.conftest import make_service
from tests.sync.client.fault_proxy import FaultProxy
from tests.sync.lan.counters import second_counter_of

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

SEED = 20261217
STORM_S = 30.0
KILLS = 8
CUTS = 5
LAN_WEATHER: tuple[tuple[str, float], ...] = (
    ("pass", 0.6), ("drop", 0.06), ("delay:0.3", 0.07), ("delay:1.5", 0.03),
    ("lost_answer", 0.08), ("truncate", 0.06), ("stale_answer", 0.06), ("replay", 0.12),
)


class LanFaultProxy(FaultProxy):
    """The LAN in front of one counter's server (the other counter asks through it).

    Adds to the head-office fault proxy what a LAN does besides: a cut of the whole LAN (asks in
    flight are cut too, new ones fail), an old answer given to a new ask, and an earlier ask
    sent again beside a real one. `generation` counts the server's starts: a server remembers
    the nonces it saw only while it runs, so a repeat is refused when it reaches the process
    that answered the original."""

    def __init__(self, upstream_port: int, seed: int) -> None:
        self.cut_off = False
        self.generation = 0
        self.asks: deque[tuple[bytes, int]] = deque(maxlen=30)
        self.answers: deque[bytes] = deque(maxlen=5)
        self.repeats: Counter[tuple[bool, int]] = Counter()  # (same process, status) → n
        self._open: set[socket.socket] = set()
        super().__init__(upstream_port, seed)

    def cut(self) -> None:
        with self._lock:
            self.cut_off = True
            open_now = list(self._open)
        for client in open_now:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)

    def heal(self) -> None:
        with self._lock:
            self.cut_off = False

    def _next_fault(self) -> str:
        if self.cut_off:
            return "drop"
        return super()._next_fault()

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            self._open.add(client)
        try:
            super()._serve(client)
        finally:
            with self._lock:
                self._open.discard(client)

    def _handle(self, client: socket.socket, request: bytes, fault: str) -> None:
        if fault == "stale_answer" and self.answers:
            client.sendall(self.answers[0])
            return
        if fault == "replay" and self.asks:
            threading.Thread(target=self._repeat, args=(self.rng.choice(self.asks),),
                             daemon=True).start()
        super()._handle(client, request, "pass" if fault in ("replay", "stale_answer")
                        else fault)

    def _forward(self, request: bytes) -> bytes:
        generation = self.generation
        answer = super()._forward(request)
        if self.cut_off:  # cut while it was asked: this ask never happened on the LAN
            raise OSError("the LAN was cut")
        with self._lock:
            if generation == self.generation and answer.startswith(b"HTTP/1.1 200"):
                self.asks.append((request, generation))
                self.answers.append(answer)
        return answer

    def repeat_last(self) -> None:
        """Send the last ask the running server answered again, now."""
        with self._lock:
            current = [ask for ask in self.asks if ask[1] == self.generation]
        assert current, "no ask of the running server went through"
        self._repeat(current[-1])

    def _repeat(self, ask: tuple[bytes, int]) -> None:
        request, generation = ask
        with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.upstream_port), timeout=15) as upstream:
            upstream.sendall(request)
            status = int(upstream.recv(64).split(b" ")[1])
            with self._lock:
                self.repeats[(generation == self.generation, status)] += 1


class CounterProcess:
    """One counter's process: started, told what to do, killed, started again."""

    def __init__(self, number: int, data_dir: Path, secret: bytes, counters: str,
                 front: LanFaultProxy, log: Path) -> None:
        self.number = number
        self.args = [sys.executable, "-m", "tests.e2e.counters_driver", str(data_dir),
                     secret.hex(), counters]
        self.database = data_dir / "station.db"
        self.front = front
        self.log = log
        self.process: subprocess.Popen[str] | None = None
        self.replies: list[str] = []
        self.kills = self.starts = 0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(self.args, cwd=REPO, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=log, text=True)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        assert first.startswith("STARTED"), self.log.read_text()[-3000:]
        self.front.generation += 1
        self.starts += 1
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stdout: IO[str]) -> None:
        for line in stdout:
            self.replies.append(line.strip())

    def tell(self, command: str) -> None:
        if not self.alive:
            return
        assert self.process is not None and self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError):  # killed meanwhile: lost
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()

    def kill(self) -> None:
        assert self.process is not None
        self.front.generation += 1
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.kills += 1

    def stop(self) -> None:
        if self.process is None or not self.alive:
            return
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=20) == 0, self.log.read_text()[-3000:]

    def marks(self) -> dict[int, int]:
        with contextlib.closing(sqlite3.connect(f"file:{self.database}?mode=ro",
                                                uri=True, timeout=10)) as db:
            return dict(db.execute("SELECT counter_no, max(station_seq) FROM outbox_event "
                                   "GROUP BY counter_no").fetchall())


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[dict[int, CounterProcess], list[LanFaultProxy],
                                            list[str], list[str]]]:
    """Counter 1 (the demo station) and counter 2 made from it, each behind its proxy; the
    ready orders' pickup codes and the catalogue, from before the storm."""
    one = open_counter(tmp_path / "one", demo=True)
    second_counter_of(one, tmp_path / "two").close()
    codes = [row[0] for row in rows(one.db, f"SELECT pickup_code FROM orders WHERE {READY} "
                                            "ORDER BY id")]
    skus = [row[0] for row in rows(one.db, "SELECT sku FROM catalogue_item ORDER BY sku")]
    one.close()
    ports = {1: free_port(), 2: free_port()}
    fronts = {n: LanFaultProxy(ports[n], SEED + n) for n in (1, 2)}
    secret = secrets.token_bytes(32)
    lines = {1: f"1=127.0.0.1:{ports[1]},2=127.0.0.1:{fronts[2].port}",
             2: f"1=127.0.0.1:{fronts[1].port},2=127.0.0.1:{ports[2]}"}
    counters = {n: CounterProcess(n, tmp_path / ("one" if n == 1 else "two"), secret,
                                  lines[n], fronts[n], tmp_path / f"counter{n}.log")
                for n in (1, 2)}
    try:
        yield counters, [fronts[1], fronts[2]], codes, skus
    finally:
        for counter in counters.values():
            if counter.alive:
                counter.kill()
        for front in fronts.values():
            front.close()


def storm(counters: dict[int, CounterProcess], fronts: list[LanFaultProxy], codes: list[str],
          skus: list[str], rng: random.Random) -> set[str]:
    """The storm itself; returns the codes told to both counters while the LAN was cut."""
    began = time.monotonic()
    kills = sorted((rng.uniform(1.0, STORM_S - 2), rng.choice((1, 2))) for _ in range(KILLS))
    cuts = sorted((rng.uniform(0.5, STORM_S - 5), rng.uniform(1.0, 2.5)) for _ in range(CUTS))
    restart_at: dict[int, float] = {}
    cut_until = 0.0
    contested_in_cut = True
    contested: set[str] = set()
    fresh = iter(codes)
    sold = 0
    for front in fronts:
        front.storm = LAN_WEATHER
    while (now := time.monotonic() - began) < STORM_S:
        for number, when in list(restart_at.items()):
            if now >= when:
                counters[number].start()
                del restart_at[number]
        if kills and now >= kills[0][0]:
            number = kills.pop(0)[1]
            if counters[number].alive:
                counters[number].kill()
                restart_at[number] = now + rng.uniform(0.2, 2.0)
        if cut_until and now >= cut_until:
            for front in fronts:
                front.heal()
            cut_until = 0.0
        if cuts and now >= cuts[0][0]:
            for front in fronts:
                front.cut()
            cut_until = now + cuts.pop(0)[1]
            contested_in_cut = False
        roll = rng.random()
        if cut_until and (roll < 0.3 or not contested_in_cut):
            code = next(fresh, None)
            if code is not None:  # the resident comes back to the other counter
                contested.add(code)
                contested_in_cut = True
                for counter in counters.values():
                    counter.tell(f"hand {code}")
        elif roll < 0.45:
            sold += 1
            counters[rng.choice((1, 2))].tell(f"sell {rng.choice(skus)} {rng.randint(1, 4)} "
                                               f"{sold:06d}")
        elif (code := next(fresh, None)) is not None:
            counters[rng.choice((1, 2))].tell(f"hand {code}")
        time.sleep(rng.uniform(0.05, 0.3))
    return contested


def settle(counters: dict[int, CounterProcess], fronts: list[LanFaultProxy]) -> None:
    """The LAN heals, every counter runs: wait until both hold the same marks and have done
    everything they were told."""
    for front in fronts:
        front.storm = ()
        front.heal()
    for counter in counters.values():
        if not counter.alive:
            counter.start()
        counter.tell("ping")
    deadline = time.monotonic() + 45
    agreed = 0
    while agreed < 3:
        assert time.monotonic() < deadline, {n: c.marks() for n, c in counters.items()}
        time.sleep(0.2)
        done = all("PONG" in c.replies[-5:] for c in counters.values())
        same = counters[1].marks() == counters[2].marks()
        agreed = agreed + 1 if done and same else 0
    for front in fronts:
        front.repeat_last()
    for counter in counters.values():
        counter.stop()


def test_two_counters_through_a_lan_storm_with_kills_hold_the_same_facts(
        station: tuple[dict[int, CounterProcess], list[LanFaultProxy], list[str], list[str]],
        tmp_path: Path) -> None:
    counters, fronts, codes, skus = station
    rng = random.Random(SEED)
    for counter in counters.values():
        counter.start()
    contested = storm(counters, fronts, codes, skus, rng)
    settle(counters, fronts)
    seen: Counter[str] = sum((front.seen for front in fronts), Counter())
    repeats: Counter[tuple[bool, int]] = sum((front.repeats for front in fronts), Counter())

    print(f"kills {[c.kills for c in counters.values()]}, LAN {dict(seen)}, "
          f"repeats {dict(repeats)}, contested {len(contested)}")
    # The storm was one: kills, cuts, and every kind of LAN weather.
    assert sum(c.kills for c in counters.values()) >= KILLS // 2
    assert all(seen[kind.split(":")[0]] for kind, _ in LAN_WEATHER), seen
    # An ask sent again is refused by its nonce (401), in the storm and once more at the end
    # at each counter, by the process that answered it and by one started since (the nonces
    # are kept in the database).
    assert repeats[(True, 401)] >= 2 and not [k for k in repeats if k[1] != 401], repeats
    logs = "".join((tmp_path / f"counter{n}.log").read_text() for n in (1, 2))
    assert "bad_signature" in logs  # an old answer given to a new ask: refused, not applied

    one, two = (open_counter(tmp_path / "one"), open_counter(tmp_path / "two"))
    try:
        check_same_facts(one.db, two.db)
        replies = [line.split() for c in counters.values() for line in c.replies]
        confirmed = {(words[1], words[2]) for words in replies if words[0] == "CONFIRMED"}
        sold = {(words[1], words[2]) for words in replies if words[0] == "SOLD"}
        confirms = Counter(words[1] for words in replies if words[0] == "CONFIRMED")
        for db in (one.db, two.db):
            # Nothing lost: every handover and sale a counter reported is at both.
            held = set(rows(db, "SELECT json_extract(payload, '$.order_no'), event_id FROM "
                                "outbox_event WHERE type = 'handover.completed'"))
            assert confirmed <= held
            assert sold <= set(rows(db, "SELECT json_extract(payload, '$.sale_no'), event_id "
                                        "FROM outbox_event WHERE type = 'sale.completed'"))
            check_doubles_flagged_once(db)
        doubles = {row[0] for row in rows(one.db, "SELECT order_no FROM attention_item WHERE "
                                                  "kind = 'double_handover'")}
        handed_twice = {order for order, n in confirms.items() if n == 2}
        assert handed_twice <= doubles and doubles, (handed_twice, doubles, len(contested))
        print(f"handovers {len(confirmed)}, sales {len(sold)}, doubles {len(doubles)}")
        check_head_office_holds_each_fact_once(one, two, tmp_path, len(doubles))
    finally:
        one.close()
        two.close()


def check_head_office_holds_each_fact_once(one: Any, two: Any, tmp_path: Path,
                                           doubles: int) -> None:
    """The internet comes back: counter 2 syncs first (it sends counter 1's events too), then
    counter 1. Head office holds every event of both once, each counter's numbers without a
    gap, and flags each double handover once."""
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.start()
    try:
        _mirror_demo_day(server, one)
        services = {n: make_service(c, c.data_dir.root) for n, c in ((1, one), (2, two))}
        for n in (2, 1):
            services[n].enrol(server.url, new_enrolment_code(server.db, one.station_id,
                                                             counter_no=n))
            report = services[n].sync_now()
            assert report.ok and report.pending == 0, report
        held = rows(one.db, "SELECT event_id, counter_no, station_seq FROM outbox_event "
                            "ORDER BY counter_no, station_seq")
        with server.db.reading() as session:
            at_head_office = [tuple(row) for row in session.execute(text(
                "SELECT event_id, counter_no, station_seq FROM ho_events "
                "ORDER BY counter_no, station_seq"))]
            flagged = session.execute(text("SELECT count(*) FROM ho_events WHERE code = "
                                           "'double_handover'")).scalar()
            open_gaps = session.execute(text("SELECT count(*) FROM ho_sequence_gaps WHERE "
                                             "closed_at IS NULL")).scalar()
        assert at_head_office == [tuple(row) for row in held]
        assert (flagged, open_gaps) == (doubles, 0)
    finally:
        server.stop()


FACTS = [  # what both must hold alike (balance_after and local row ids may differ)
    "SELECT event_id, counter_no, station_seq, type, payload FROM outbox_event "
    "ORDER BY counter_no, station_seq",
    "SELECT sku, quantity FROM stock_balance ORDER BY sku",
    "SELECT order_no, state FROM orders ORDER BY order_no",
    "SELECT sale_no, total_fen, payment_method, payment_ref FROM sale ORDER BY sale_no",
]


def check_same_facts(one: Any, two: Any) -> None:
    for db in (one, two):
        assert scalar(db, "PRAGMA integrity_check") == "ok"
        for counter_no, count, top in rows(db, "SELECT counter_no, count(*), max(station_seq) "
                                               "FROM outbox_event GROUP BY counter_no"):
            assert count == top, f"a hole in counter {counter_no}'s events"
    for sql in FACTS:
        assert rows(one, sql) == rows(two, sql), sql
    stated: Counter[tuple[str, int, str, str]] = Counter()
    for (payload,) in rows(one, "SELECT payload FROM outbox_event"):
        body = json.loads(payload)
        reference = body.get("order_no") or body.get("sale_no") or ""
        for movement in body.get("movements") or []:
            stated[(movement["sku"], movement["delta"], movement["reason"], reference)] += 1
    for db in (one, two):
        # Each event's movements posted exactly once; the ledger sums to the balances.
        moved = Counter(tuple(row) for row in rows(
            db, "SELECT sku, delta, reason, reference FROM stock_movement "
                "WHERE reference IN (SELECT json_extract(payload, '$.order_no') FROM "
                "outbox_event UNION SELECT json_extract(payload, '$.sale_no') FROM "
                "outbox_event)"))
        assert moved == +Counter({key: n for key, n in stated.items() if key[3]})
        assert rows(db, """SELECT b.sku FROM stock_balance b LEFT JOIN stock_movement m
                           ON m.sku = b.sku GROUP BY b.sku
                           HAVING b.quantity != coalesce(sum(m.delta), 0)""") == []
        assert rows(db, "SELECT order_id FROM handover GROUP BY order_id "
                        "HAVING count(*) > 1") == []
        assert rows(db, "SELECT o.order_no FROM orders o LEFT JOIN handover h ON "
                        "h.order_id = o.id WHERE (o.state = 'handed_over') != "
                        "(h.id IS NOT NULL)") == []


def check_doubles_flagged_once(db: Any) -> None:
    """Exactly the orders handed over at both counters are flagged, once each."""
    at_both = {row[0] for row in rows(db, """
        SELECT json_extract(payload, '$.order_no') FROM outbox_event
        WHERE type = 'handover.completed' GROUP BY 1 HAVING count(DISTINCT counter_no) > 1""")}
    flagged = rows(db, "SELECT order_no, count(*), min(event_id) FROM attention_item "
                       "WHERE kind = 'double_handover' GROUP BY order_no")
    assert {order for order, _, _ in flagged} == at_both
    assert all(count == 1 for _, count, _ in flagged)
    for order_no, _, event_id in flagged:  # the later of the two, by (time, counter, id)
        later = rows(db, """
            SELECT event_id FROM outbox_event WHERE type = 'handover.completed'
            AND json_extract(payload, '$.order_no') = :n
            ORDER BY json_extract(payload, '$.handed_over_at') DESC, counter_no DESC,
            event_id DESC LIMIT 1""", n=order_no)
        assert later[0][0] == event_id, order_no


def test_an_answer_cut_mid_way_is_a_fault_the_link_survives(tmp_path: Path) -> None:
    """The storm found it: a peer killed (or a cable pulled) while its answer is on the wire
    made urllib3 raise its own error from the raw read, which ended the link's thread: the
    counter never asked that peer again until restarted."""
    from station_app.services.exchange import Exchange
    from sync.lan.link import Peer, PeerLink

    counter = open_counter(tmp_path / "one", demo=True)
    cut = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 664\r\n"
           b"Connection: close\r\n\r\n" + b'{"station_id":"XF01"' + b" " * 300)
    listener = socket.create_server(("127.0.0.1", 0))
    asked = threading.Event()

    def answer_cut() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:
                client.recv(65536)
                client.sendall(cut)
                asked.set()

    threading.Thread(target=answer_cut, daemon=True).start()
    exchange = Exchange(counter.db, counter.station_id, counter.clock)
    link = PeerLink(exchange, secrets.token_bytes(32),
                    Peer(2, "127.0.0.1", listener.getsockname()[1]), wait_s=0)
    try:
        import requests

        with pytest.raises(requests.RequestException):
            link.exchange_once()
        link.start()
        assert asked.wait(5)
        time.sleep(1.0)  # past the first back-off: the link asks again
        assert link._thread.is_alive()
        assert exchange.peers()[0].problem
    finally:
        link.stop()
        listener.close()
        counter.close()
