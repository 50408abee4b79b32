"""A counter asking one other counter of its station for what it lacks, over and over.

Each link is one thread with one long poll open: ask with this counter's marks, check the
answer (signature over our nonce, station, counter), apply it in one transaction, ask again.
A fault (the peer off, a cut cable, garbage) is written on the peer's row for the status bar
and the health panel, and the link asks again after a short back-off; nothing half-read is
ever applied.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import requests
import urllib3

from station_app.clock import utc_now
from station_app.services.exchange import Applied, Exchange, Marks
from sync.auth import H_NONCE, sign
from sync.lan.server import LAN_KEY_ID
from sync.lan.wire import (
    H_ANSWER_SIGNATURE,
    H_COUNTER,
    H_LISTENS_ON,
    MAX_ANSWER_BYTES,
    PATH,
    LanRefused,
    Page,
    answer_signed,
    format_marks,
    read_answer,
)

log = logging.getLogger("sync.lan")

WAIT_S = 10.0  # how long one ask may wait for news at the peer
BACKOFF_S = (0.5, 1.0, 2.0, 5.0)  # after a fault: soon, then calmer while the peer is off


@dataclass(frozen=True)
class Peer:
    counter_no: int
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


class PeerLink:
    """Keeps this counter up to date with one peer until `stop`."""

    def __init__(self, exchange: Exchange, secret: bytes, peer: Peer, *,
                 wait_s: float = WAIT_S, clock: Callable[[], datetime] = utc_now,
                 on_applied: Callable[[Applied], None] | None = None,
                 listens_on: int | None = None) -> None:
        self.exchange = exchange
        self.listens_on = listens_on  # this counter's own port, told so the peer asks back
        self.secret = secret
        self.peer = peer
        self.wait_s = wait_s
        self.clock = clock
        self.on_applied = on_applied
        self.http = requests.Session()
        self.http.trust_env = False  # a proxy from the environment must never see LAN traffic
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"lan-link-{peer.counter_no}")

    @cached_property
    def own_counter(self) -> int:
        """This counter's number: fixed while it runs, read once, not at every ask."""
        return self.exchange.counter_no()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 1.0) -> None:
        """Stop asking. An ask in flight is not waited for beyond `timeout_s` (its answer,
        if it comes, is dropped: the thread is a daemon and applies nothing once stopped)."""
        self._stop.set()
        self.http.close()
        self._thread.join(timeout=timeout_s)

    def _run(self) -> None:
        faults = 0
        wait_s = 0.0  # the first ask answers at once: the status bar shows the peer soon
        said = ""  # the problem last logged: a peer off all night is one line, not thousands
        while not self._stop.is_set():
            try:
                self.exchange_once(wait_s)
                wait_s = self.wait_s
                if said:
                    log.info("counter %d (%s) answers again", self.peer.counter_no,
                             self.peer.address)
                faults, said = 0, ""
            except Exception as error:  # anything at all: the link must outlive it
                if self._stop.is_set():
                    break
                said = self._failed(error, said)
                self._stop.wait(BACKOFF_S[min(faults, len(BACKOFF_S) - 1)])
                faults += 1
                wait_s = 0.0

    def _failed(self, error: Exception, said: str) -> str:
        """Log a new problem once (a fault this code did not foresee with its trace) and write
        it on the peer's row; returns what was last said."""
        problem = _said(error)
        if problem != said:
            expected = isinstance(error, LanRefused | requests.RequestException | OSError |
                                  ValueError)
            log.log(logging.WARNING if expected else logging.ERROR, "counter %d (%s): %s",
                    self.peer.counter_no, self.peer.address, problem,
                    exc_info=None if expected else error)
        with contextlib.suppress(Exception):  # the database itself may be the fault
            self.exchange.peer_failed(self.peer.counter_no, self.peer.address, problem)
        return problem

    def exchange_once(self, wait_s: float | None = None) -> Applied:
        """One ask and its answer applied. Raises LanRefused or requests' errors."""
        marks = self.exchange.marks()
        page = self.ask(marks, self.wait_s if wait_s is None else wait_s)
        if self._stop.is_set():
            return Applied()
        applied = self.exchange.apply(page.events, page.acked, from_counter=page.counter_no,
                                      address=self.peer.address, peer_marks=page.marks)
        if applied.applied and self.on_applied is not None:
            self.on_applied(applied)
        return applied

    def ask(self, marks: Marks, wait_s: float) -> Page:
        query = {"after": format_marks(marks), "wait": f"{wait_s:g}"}
        headers = sign(self.secret, self.exchange.station_id, LAN_KEY_ID, "GET", PATH, query,
                       b"", self.clock())
        headers[H_COUNTER] = str(self.own_counter)
        if self.listens_on is not None:
            headers[H_LISTENS_ON] = str(self.listens_on)
        response = self.http.get(f"http://{self.peer.address}{PATH}", params=query,
                                 headers=headers, timeout=(3.0, wait_s + 10.0), stream=True)
        with response:
            try:
                body = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
            except urllib3.exceptions.HTTPError as error:
                # Read from `.raw`, a cut answer (the peer killed, a cable pulled) is urllib3's
                # own error, which requests does not wrap: it must not end this link's thread.
                raise requests.ConnectionError(f"the answer was cut: {error}") from error
            if response.status_code != 200:
                raise LanRefused("refused", f"it answered {response.status_code} "
                                 f"{body[:80].decode('utf-8', 'replace')}")
            if len(body) > MAX_ANSWER_BYTES:
                raise LanRefused("bad_answer", "an answer larger than any page")
            claimed = response.headers.get(H_ANSWER_SIGNATURE, "")
            counter = response.headers.get(H_COUNTER, "")
        if not counter.isdigit() or not answer_signed(self.secret, headers[H_NONCE],
                                                      int(counter), body, claimed):
            raise LanRefused("bad_signature", "an answer not signed with this station's LAN "
                             "secret")
        page = read_answer(body, self.exchange.station_id)
        if page.counter_no != int(counter) or page.counter_no != self.peer.counter_no:
            raise LanRefused("wrong_station", f"the PC at {self.peer.address} is counter "
                             f"{page.counter_no}, not {self.peer.counter_no}")
        return page


def _said(error: Exception) -> str:
    """`code: detail`, English for the log and the command line; the window words the code
    in the counter's language (ui/counters_link.py)."""
    if isinstance(error, LanRefused):
        return str(error)
    if isinstance(error, requests.ConnectionError):
        return "cannot_connect: the counter is off, its app is closed, or the LAN is cut"
    if isinstance(error, requests.Timeout):
        return "timeout: no answer in time; the LAN is slow or the counter is busy"
    return f"error: {type(error).__name__}: {str(error)[:200]}"
