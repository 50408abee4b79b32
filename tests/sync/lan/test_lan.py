"""The LAN exchange over real sockets on loopback: two counters answering and asking each
other, and everything a hostile or broken PC on the LAN can send, refused with a log line."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from sync.auth import sign
from sync.lan.counters import CountersSettingError, LanExchange, parse_counters
from sync.lan.link import Peer, PeerLink
from sync.lan.server import LAN_KEY_ID, LanServer
from sync.lan.wire import H_ANSWER_SIGNATURE, H_COUNTER, PATH, LanRefused, sign_answer
from tests.helpers import READY, pickup_code, scalar
from tests.sync.lan.counters import Pair, pair_of_counters


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    made = pair_of_counters(tmp_path)
    yield made
    made.close()


@pytest.fixture
def servers(pair: Pair) -> Iterator[tuple[LanServer, LanServer]]:
    one, two = pair.exchanges()
    started = (LanServer(one, pair.secret, "127.0.0.1", 0),
               LanServer(two, pair.secret, "127.0.0.1", 0))
    for server in started:
        server.start()
    yield started
    for server in started:
        server.stop()


def peer_of(server: LanServer) -> Peer:
    host, port = server.address
    return Peer(server.counter_no, host, port)


def order_state(db, order_no: str) -> str:  # type: ignore[no-untyped-def]
    return str(scalar(db, "SELECT state FROM orders WHERE order_no = :n", n=order_no))


def test_a_handover_shows_at_the_other_counter_within_two_seconds(
        pair: Pair, servers: tuple[LanServer, LanServer]) -> None:
    one, two = pair.exchanges()
    links = [PeerLink(two, pair.secret, peer_of(servers[0]), wait_s=5),
             PeerLink(one, pair.secret, peer_of(servers[1]), wait_s=5)]
    for link in links:
        link.start()
    try:
        time.sleep(0.3)  # both long polls open
        for counter, other in ((pair.one, pair.two), (pair.two, pair.one)):
            found = counter.handovers.lookup(pickup_code(counter.db, READY))
            assert found.order is not None
            done = counter.handovers.confirm(found.order.order_no, counter.staff_id,
                                             found.proof)
            started = time.monotonic()
            while order_state(other.db, done.order.order_no) != "handed_over":
                assert time.monotonic() - started < 2.0, "not at the other counter in 2 s"
                time.sleep(0.02)
        peers = two.peers()
        assert [(p.counter_no, p.problem, p.events_behind) for p in peers] == [(1, None, 0)]
    finally:
        for link in links:
            link.stop()
    assert one.marks() == two.marks()


def test_a_peer_with_another_secret_is_refused_and_nothing_is_applied(
        pair: Pair, servers: tuple[LanServer, LanServer],
        caplog: pytest.LogCaptureFixture) -> None:
    _one, two = pair.exchanges()
    pair.one.handovers.confirm(*_ready(pair.one))
    before = two.marks()
    stranger = PeerLink(two, secrets.token_bytes(32), peer_of(servers[0]), wait_s=0)
    with caplog.at_level(logging.WARNING, "sync.lan"), pytest.raises(LanRefused):
        stranger.exchange_once()
    assert servers[0].refused == 1
    assert "refused: bad_signature" in caplog.text
    assert two.marks() == before


def test_a_counter_of_another_station_is_refused(pair: Pair,
                                                  servers: tuple[LanServer, LanServer],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    headers = sign(pair.secret, "GL09", LAN_KEY_ID, "GET", PATH, {"after": "", "wait": "0"})
    headers[H_COUNTER] = "2"
    host, port = servers[0].address
    with caplog.at_level(logging.WARNING, "sync.lan"):
        answer = requests.get(f"http://{host}:{port}{PATH}", params={"after": "", "wait": "0"},
                              headers=headers, timeout=5)
    assert answer.status_code == 403 and answer.json() == {"error": "wrong_station"}
    assert "a counter of station 'GL09' asked" in caplog.text


def test_a_replayed_request_is_refused(pair: Pair, servers: tuple[LanServer, LanServer]) -> None:
    query = {"after": "", "wait": "0"}
    headers = sign(pair.secret, pair.one.station_id, LAN_KEY_ID, "GET", PATH, query)
    headers[H_COUNTER] = "2"
    host, port = servers[0].address
    url = f"http://{host}:{port}{PATH}"
    first = requests.get(url, params=query, headers=headers, timeout=5)
    again = requests.get(url, params=query, headers=headers, timeout=5)
    assert first.status_code == 200 and first.json()["events"]
    assert again.status_code == 401 and again.json() == {"error": "replay"}
    # Counter 1 restarts: the captured request is still refused (its nonce is on disk).
    servers[0].stop()
    restarted = LanServer(servers[0].exchange, pair.secret, "127.0.0.1", 0)
    restarted.start()
    try:
        host, port = restarted.address
        after = requests.get(f"http://{host}:{port}{PATH}", params=query, headers=headers,
                             timeout=5)
        assert after.status_code == 401 and after.json() == {"error": "replay"}
    finally:
        restarted.stop()


@pytest.mark.parametrize("query", ["after=1:x&wait=0", "after=0:4&wait=0", "after=&wait=soon",
                                   "after=" + "1:1," * 200 + "&wait=0"])
def test_garbage_requests_get_a_clear_refusal(pair: Pair, servers: tuple[LanServer, LanServer],
                                              query: str) -> None:
    headers = sign(pair.secret, pair.one.station_id, LAN_KEY_ID, "GET", PATH, query)
    headers[H_COUNTER] = "2"
    host, port = servers[0].address
    answer = requests.get(f"http://{host}:{port}{PATH}?{query}", headers=headers, timeout=5)
    assert answer.status_code == 400 and answer.json() == {"error": "bad_request"}


class _Liar(BaseHTTPRequestHandler):
    """A PC on the LAN answering like a counter, with whatever a test sets."""

    body = b""
    secret = b""
    counter = "1"

    def do_GET(self) -> None:
        nonce = self.headers.get("X-Nonce", "")
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header(H_COUNTER, self.counter)
        if self.secret:
            self.send_header(H_ANSWER_SIGNATURE,
                             sign_answer(self.secret, nonce, int(self.counter), self.body))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize(("body", "signed", "code"), [
    (b"\x00\xffnot json", True, "bad_answer"),
    (b'{"station_id":"XF01","counter_no":1,"marks":{},"acked":{},"events":[{"x":1}]}', True,
     "bad_answer"),
    (b'{"station_id":"GL09","counter_no":1,"marks":{},"acked":{},"events":[]}', True,
     "wrong_station"),
    (b'{"station_id":"XF01","counter_no":1,"marks":{},"acked":{},"events":[]}', False,
     "bad_signature"),
])
def test_an_answer_that_is_not_a_counters_is_refused_and_nothing_applied(
        pair: Pair, body: bytes, signed: bool, code: str) -> None:
    _, two = pair.exchanges()
    handler = type("Liar", (_Liar,), {"body": body, "secret": pair.secret if signed else b""})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        before = two.marks()
        link = PeerLink(two, pair.secret, Peer(1, "127.0.0.1", httpd.server_address[1]),
                        wait_s=0)
        with pytest.raises(LanRefused) as refused:
            link.exchange_once()
        assert refused.value.code == code
        assert two.marks() == before
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_forged_event_in_a_signed_answer_for_a_known_number_changes_nothing(
        pair: Pair) -> None:
    """An answer signed by a counter (a bug, not an attack) repeating an event number this
    counter holds, with other contents: held already, never applied over it."""
    one, two = pair.exchanges()
    page = one.events_after({})
    forged = [type(page[0])(**{**page[0].__dict__, "event_id": "forged",
                               "payload": {"nothing": True}})]
    assert two.apply(forged).applied == 0
    assert scalar(pair.two.db, "SELECT count(*) FROM outbox_event WHERE event_id = 'forged'") \
        == 0


def test_the_counters_setting() -> None:
    assert parse_counters("1=192.168.1.20:7441, 2=192.168.1.21") == {
        1: Peer(1, "192.168.1.20", 7441), 2: Peer(2, "192.168.1.21", 7441)}
    assert parse_counters("") == {}
    for wrong in ("1=a:1,1=b:2", "one=127.0.0.1", "0=127.0.0.1", "2=127.0.0.1:99999"):
        with pytest.raises(CountersSettingError):
            parse_counters(wrong)


def test_a_counter_not_in_the_setting_says_so(pair: Pair) -> None:
    _, two = pair.exchanges()
    with pytest.raises(CountersSettingError, match="counter 2"):
        LanExchange.open(two, pair.secret, "1=127.0.0.1:7441, 3=127.0.0.1:7443")


def _ready(counter):  # type: ignore[no-untyped-def]
    found = counter.handovers.lookup(pickup_code(counter.db, READY))
    return found.order.order_no, counter.staff_id, found.proof
