"""How much one server worker takes on at once, and what it says when that is full.

A worker runs its routes on a fixed number of threads, and holds one pooled database
connection per thread (db.py): more threads than connections only queue on the pool, and
more connections than the database has cores only queue inside PostgreSQL. Requests past
that wait; past `max_in_flight` requests, or a request that waited `max_queue_s` for its
thread, are answered 429 with `Retry-After` (load shedding): the station retries after that
(sync/client/backoff.py, with jitter), so an overloaded head office serves fewer requests
quickly instead of every request slowly. GET /v1/time, which touches no database, is never
shed: a counter checks its clock with it before anything else.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from sync.server.headoffice import HeadOfficeError
from sync.server.middleware import refuse

ARRIVED_SCOPE = "sync.arrived"  # time.monotonic() when the worker took the request
THREADS_ENV = "STATION_HEADOFFICE_THREADS"
MAX_IN_FLIGHT_ENV = "STATION_HEADOFFICE_MAX_IN_FLIGHT"
MAX_QUEUE_MS_ENV = "STATION_HEADOFFICE_MAX_QUEUE_MS"
NEVER_SHED = frozenset({"/v1/time"})


class Overloaded(HeadOfficeError):
    """Refused for load: 429 with Retry-After (app.py renders it)."""

    def __init__(self, retry_after_s: int = 2) -> None:
        super().__init__("overloaded", "head office is busy; try again shortly")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Capacity:
    """One worker's limits. The defaults suit a 2-core host: 8 threads and connections per
    worker, up to 32 requests in flight, a request that waited 1 s for a thread is shed."""

    threads: int = 8
    max_in_flight: int = 32
    max_queue_s: float = 1.0
    retry_after_s: int = 2

    @classmethod
    def from_environment(cls) -> Capacity:
        """From the environment `serve` passes its workers. Raises HeadOfficeError."""
        default = cls()
        threads = _positive(THREADS_ENV, default.threads)
        return cls(threads=int(threads),
                   max_in_flight=int(_positive(MAX_IN_FLIGHT_ENV, 4 * threads)),
                   max_queue_s=_positive(MAX_QUEUE_MS_ENV, default.max_queue_s * 1000) / 1000)

    def to_environment(self) -> dict[str, str]:
        return {THREADS_ENV: str(self.threads), MAX_IN_FLIGHT_ENV: str(self.max_in_flight),
                MAX_QUEUE_MS_ENV: str(round(self.max_queue_s * 1000))}

    def apply_thread_limit(self) -> None:
        """Route threads of this worker (anyio's default limiter, which Starlette uses for
        every sync route and dependency); call from the running event loop."""
        anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads


def _positive(name: str, default: float) -> float:
    text = os.environ.get(name, "")
    try:
        value = float(text) if text else default
    except ValueError:
        value = 0.0
    if not value > 0:
        raise HeadOfficeError("bad_request", f"{name} must be a number above 0, not {text!r}")
    return value


class LoadSheddingMiddleware:
    """Counts the requests this worker holds; one past `max_in_flight` is answered 429 at
    once, before its body is read or a thread or connection is taken."""

    def __init__(self, app: ASGIApp, capacity: Capacity) -> None:
        self.app = app
        self.capacity = capacity
        self.in_flight = 0
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NEVER_SHED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.capacity.max_in_flight:
            self.shed += 1
            await refuse(send, 429, "overloaded", "head office is busy; try again shortly",
                         retry_after_s=self.capacity.retry_after_s)
            return
        self.in_flight += 1
        try:
            await self.app(dict(scope, **{ARRIVED_SCOPE: time.monotonic()}), receive, send)
        finally:
            self.in_flight -= 1
