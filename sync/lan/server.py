"""A counter answering the other counters of its station (`GET /v1/lan/events`).

The standard library's threading HTTP server is enough: a station has two or three counters,
each keeping one long poll open here. Every request is checked before anything is read from
the database (station, key, signature, date, nonce), and every refusal is one log line that
says who was refused and why; nothing a refused request carries is ever applied (an answer
only reads).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from station_app.clock import utc_now
from station_app.services.exchange import Exchange, Marks, held_marks
from station_app.storage.database import backup_database
from sync.auth import H_KEY, H_NONCE, H_STATION, verify
from sync.lan.wire import (
    H_ANSWER_SIGNATURE,
    H_COUNTER,
    H_LISTENS_ON,
    MAX_WAIT_S,
    PATH,
    PATH_COPY,
    LanRefused,
    answer_bytes,
    parse_marks,
    seal_copy,
    sign_answer,
)
from sync.protocol import NONCE_TTL_S

log = logging.getLogger("sync.lan")

LAN_KEY_ID = "lan"  # the X-Key-Id counters sign with: the station's LAN secret
POLL_S = 0.05  # how often a waiting answer looks for new events (a cheap indexed max())
NONCE_KEPT = timedelta(seconds=2 * NONCE_TTL_S)  # past it, the request's date refuses it


class LanServer:
    """Serves this counter's events to the station's other counters until `stop`."""

    def __init__(self, exchange: Exchange, secret: bytes, host: str, port: int, *,
                 clock: Callable[[], datetime] = utc_now,
                 on_asker: Callable[[int, str, int], None] | None = None) -> None:
        self.exchange = exchange
        self.secret = secret
        self.clock = clock
        # A counter that asked and says where it answers: asked back (learned peers).
        self.on_asker = on_asker
        self.counter_no = exchange.counter_no()
        self.refused = 0  # requests refused since start (tests and the health panel)
        self._stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        handler = _handler_for(self)
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="lan-server",
                                        daemon=True)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.httpd.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread.start()
        log.info("counter %d answers the station's counters on %s:%d", self.counter_no,
                 *self.address)

    def stop(self) -> None:
        """Stop answering, at once: kept-alive connections of other counters are cut too (a
        stopped counter that still answered on them would look alive to the others)."""
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._open_lock:
            for connection in list(self._open):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def opened(self, connection: socket.socket) -> None:
        with self._open_lock:
            self._open.add(connection)

    def closed(self, connection: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(connection)

    # --- one request ------------------------------------------------------------------------

    def check(self, path: str, query: str, headers: dict[str, str]) -> tuple[int, Marks, float]:
        """Who asks and what: (their counter, their marks, how long to wait). LanRefused."""
        if path not in (PATH, PATH_COPY):
            raise LanRefused("not_found", path[:60])
        station = self.exchange.station_id
        # A counter joining does not know the station yet: the secret alone admits it.
        if path == PATH and headers.get(H_STATION) != station:
            raise LanRefused("wrong_station", f"a counter of station "
                             f"{headers.get(H_STATION, '?')[:16]!r} asked")
        if headers.get(H_KEY) != LAN_KEY_ID:
            raise LanRefused("bad_signature", "not signed with the station's LAN secret")
        problem = verify(self.secret, "GET", path, query, headers, b"", self.clock())
        if problem is not None:
            raise LanRefused(problem, "the signature or date does not match this station's "
                             "LAN secret and clock")
        # Kept in the database: a request captured on the LAN is refused after a restart too.
        if not self.exchange.first_use_of(headers[H_NONCE], NONCE_KEPT):
            raise LanRefused("replay", "a request that was already answered, sent again")
        fields = parse_qs(query, keep_blank_values=True)
        try:
            asker = int(headers.get(H_COUNTER, ""))
            wait = min(max(float(fields.get("wait", ["0"])[0]), 0.0), MAX_WAIT_S)
        except ValueError:
            raise LanRefused("bad_request", "counter or wait is not a number") from None
        if asker == self.counter_no:
            raise LanRefused("wrong_station", f"another PC says it is counter {asker} too")
        return asker, parse_marks(fields.get("after", [""])[0]), wait

    def learn(self, asker: int, host: str, headers: dict[str, str]) -> None:
        port = headers.get(H_LISTENS_ON, "")
        if self.on_asker is not None and port.isdigit() and 0 < int(port) < 65536:
            self.on_asker(asker, host, int(port))

    def copy(self, asker: int, replacing: bool = False) -> bytes:
        """A consistent copy of this counter's database for a new counter `asker` (or for
        the PC `replacing` counter `asker`)."""
        with self.exchange.db.reading() as session:
            if asker in held_marks(session, self.exchange.station_id) and not replacing:
                raise LanRefused("counter_taken", f"counter {asker} already has records here: "
                                 "the new counter takes the next free number")
        with tempfile.TemporaryDirectory(prefix="lan-copy-") as folder:
            made = backup_database(self.exchange.db.engine, Path(folder), "join")
            log.info("a copy of the database goes to the new counter %d", asker)
            return seal_copy(self.secret, made.read_bytes())

    def answer(self, asker: int, marks: Marks, wait: float) -> bytes:
        """The events beyond `marks` (not the asker's own), waiting up to `wait` s for some."""
        deadline = time.monotonic() + wait
        seen = -1
        while True:
            version = self.exchange.version()
            if version != seen:  # only then look for the events (a few index seeks more)
                seen = version
                events = [e for e in self.exchange.events_after(_except_own(marks, asker))
                          if e.counter_no != asker]
            if events or time.monotonic() >= deadline or self._stopping.is_set():
                break
            time.sleep(POLL_S)
        return answer_bytes(self.exchange.station_id, self.counter_no, self.exchange.marks(),
                            self.exchange.acked_marks(), events)


def _except_own(marks: Marks, asker: int) -> Marks:
    # The asker's own events are its own business (a restored counter gets them back from
    # head office, which renumbers what collides): never "something new" for it here.
    held = dict(marks)
    held[asker] = 10**12
    return held


def _handler_for(server: LanServer) -> type[BaseHTTPRequestHandler]:
    return type("LanHandler", (_Handler,), {"lan": server})


class _Handler(BaseHTTPRequestHandler):
    """One connection from another counter; `lan` is set per server by `_handler_for`."""

    protocol_version = "HTTP/1.1"
    lan: LanServer

    def setup(self) -> None:
        super().setup()
        self.lan.opened(self.connection)

    def finish(self) -> None:
        self.lan.closed(self.connection)
        super().finish()

    def do_GET(self) -> None:
        if self.lan.stopping:
            self.close_connection = True
            self._send(503, b'{"error":"stopping"}', None)
            return
        parts = urlsplit(self.path)
        headers = {key: value for key, value in self.headers.items()}
        try:
            asker, marks, wait = self.lan.check(parts.path, parts.query, headers)
            if parts.path == PATH_COPY:
                body = self.lan.copy(asker, parse_qs(parts.query).get("replacing") == ["1"])
            else:
                self.lan.learn(asker, self.client_address[0], headers)
                body = self.lan.answer(asker, marks, wait)
        except LanRefused as refused:
            self.lan.refused += 1
            log.warning("LAN request from %s refused: %s", self.client_address[0],
                        refused)
            status = {"not_found": 404, "bad_request": 400, "wrong_station": 403,
                      "counter_taken": 409}.get(refused.code, 401)
            self._send(status, f'{{"error":"{refused.code}"}}'.encode(), None)
            return
        except Exception:  # the database: the asker retries, this counter carries on
            log.exception("LAN answer to %s failed", self.client_address[0])
            self._send(503, b'{"error":"unavailable"}', None)
            return
        self._send(200, body, sign_answer(self.lan.secret, headers[H_NONCE],
                                          self.lan.counter_no, body))

    def do_POST(self) -> None:
        self._send(405, b'{"error":"method"}', None)

    def _send(self, status: int, body: bytes, signed: str | None) -> None:
        try:
            self._write(status, body, signed)
        except OSError:  # the asker went away (or this counter is stopping): nothing lost
            self.close_connection = True

    def _write(self, status: int, body: bytes, signed: str | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header(H_COUNTER, str(self.lan.counter_no))
        self.send_header(H_STATION, self.lan.exchange.station_id)
        if signed is not None:
            self.send_header(H_ANSWER_SIGNATURE, signed)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("LAN %s: " + format, self.client_address[0], *args)

