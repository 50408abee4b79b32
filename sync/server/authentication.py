"""Who is calling: the station's key first, then the signature over the body.

The key is looked up before a byte of the body is read (`KeyFirstMiddleware`: FastAPI reads a
route's body before it runs any dependency, so this cannot wait for one), and an unknown or
revoked key is answered 401 at once: a stranger's upload costs head office one indexed query,
not the upload. The body is then read under the caps of middleware.py and the signature checked
over it (`authenticated`). Auth headers are read as what they are on the wire, short ASCII:
anything else is `bad_signature` (or `unknown_key`), never a crash further down.

A retired key (revoked by an administrator, or by the station's re-enrolment) gets its own
401, `key_revoked`, so the counter can say "this PC is no longer enrolled" instead of retrying.
Re-enrolment retires the station's earlier keys when the new key signs its first request
(plus the overlap the enrolment code asked for), not when the code is spent: a counter that
crashed while enrolling keeps working on its old key until the new one is really in use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import String, bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from sync import auth
from sync.server.capacity import ARRIVED_SCOPE, Overloaded
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import HeadOfficeError, now_utc
from sync.server.middleware import refuse
from sync.server.models import Credential, Nonce, UtcDateTime, table_of

log = logging.getLogger("sync.server")

_KEY_SCOPE = "sync.station_key"  # where the middleware leaves the key for the dependency
# Longest value each header can honestly have (a key id is 16 hex today; 32 fits the column).
_HEADER_LIMITS = {auth.H_KEY: 32, auth.H_DATE: 40, auth.H_NONCE: 128, auth.H_SIGNATURE: 64}


@dataclass(frozen=True)
class Caller:
    """A request whose signature holds: whose key it was, and what `caller_transaction`
    still checks in the database (its nonce; the key not revoked since)."""

    station_id: str
    key_id: str
    nonce: str = ""
    now: datetime = field(default_factory=now_utc)
    arrived: float = field(default_factory=time.monotonic)  # when the server took it (queue)


@dataclass(frozen=True)
class StationKey:
    key_id: str
    station_id: str
    secret: str
    first_use: bool = False  # no request was signed with it yet: it retires older keys
    overlap_s: int = 0
    revoked: bool = False


def _plain(value: str, limit: int) -> bool:
    # Starlette decodes header bytes as Latin-1, so UTF-8 arrives as non-ASCII text here.
    return 0 < len(value) <= limit and value.isascii() and value.isprintable()


def find_key(db: HeadOfficeDb, key_id: str) -> StationKey | None:
    """The station key with this id (`revoked` set when it was retired), or None when it is
    unknown or not a key id at all."""
    if not _plain(key_id, _HEADER_LIMITS[auth.H_KEY]):
        return None
    now = now_utc()
    with db.reading() as session:
        credential = session.get(Credential, key_id)
        if credential is None:
            return None
        revoked = credential.revoked_at is not None and credential.revoked_at <= now
        return StationKey(credential.key_id, credential.station_id, credential.secret,
                          credential.first_used_at is None, credential.overlap_s, revoked)


def _unknown_key() -> HeadOfficeError:
    return HeadOfficeError("unknown_key", "unknown key id")


def _revoked_key() -> HeadOfficeError:
    return HeadOfficeError("key_revoked", "this key was retired by head office: enrol this PC "
                                          "again with a new code")


class KeyCache:
    """Keys recently seen, so the check before the body needs no database round trip.

    Only what never changes for a key id is trusted from here (its station and secret):
    whether it is revoked or in use is read again in the request's own transaction
    (`caller_transaction`), so a key revoked a moment ago is still refused, merely after its
    body was read. Unknown ids are never cached: a key enrolled a moment ago, by another
    worker, must work at once."""

    def __init__(self, capacity: int = 20_000, ttl_s: float = 300.0) -> None:
        self.capacity = capacity
        self.ttl_s = ttl_s
        self._keys: dict[str, tuple[float, StationKey]] = {}

    def get(self, key_id: str) -> StationKey | None:
        found = self._keys.get(key_id)
        if found is None or time.monotonic() - found[0] > self.ttl_s:
            return None
        return found[1]

    def put(self, key: StationKey) -> None:
        if len(self._keys) >= self.capacity:
            self._keys.clear()  # rare (a fleet's worth of keys): start over, cheaply
        self._keys[key.key_id] = (time.monotonic(), key)


class KeyFirstMiddleware:
    """Refuses a request to an authenticated route whose key head office does not hold, before
    its body is read. Guards the `routes` that depend on `authenticated`; Starlette builds its
    middleware at the first request, when every route has been added."""

    def __init__(self, app: ASGIApp, db: HeadOfficeDb, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.db = db
        self.guarded = guarded_routes(routes)
        # A route without path parameters is found by (path, method) in a set, not by its
        # regular expression: every request passes here.
        self.fixed = {(route.path, method) for route in self.guarded
                      if isinstance(route, APIRoute) and not route.param_convertors
                      for method in route.methods or ()}
        self.patterned = [route for route in self.guarded
                          if not isinstance(route, APIRoute) or route.param_convertors]
        self.keys = KeyCache()

    def _guards(self, scope: Scope) -> bool:
        return (scope["path"], scope["method"]) in self.fixed or any(
            route.matches(scope)[0] is Match.FULL for route in self.patterned)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._guards(scope):
            key_id = Headers(scope=scope).get(auth.H_KEY, "")
            key = self.keys.get(key_id)
            if key is None:
                key = await run_in_threadpool(find_key, self.db, key_id)
                if key is not None and not key.revoked:
                    self.keys.put(key)
            if key is None or key.revoked:
                error = _unknown_key() if key is None else _revoked_key()
                await refuse(send, 401, error.code, error.message)
                return
            scope = dict(scope)
            scope[_KEY_SCOPE] = key
        await self.app(scope, receive, send)


def guarded_routes(routes: Sequence[BaseRoute]) -> list[BaseRoute]:
    """The routes whose endpoint (or one of its dependencies) needs `authenticated`."""
    def needs_caller(dependant: Dependant) -> bool:
        return any(d.call is authenticated or needs_caller(d) for d in dependant.dependencies)

    return [route for route in routes
            if isinstance(route, APIRoute) and needs_caller(route.dependant)]


async def authenticated(request: Request) -> Caller:
    """The auth dependency: runs before the body is validated, so strangers get 401, not 422.
    The body is read here, after the key is known, and left in `request.state.raw_body`.

    Only the signature is checked here (no database): the nonce and the key's state are
    written and read in the route's own transaction, `caller_transaction`, so authenticating
    a request and doing its work is one transaction and one pooled connection."""
    db: HeadOfficeDb = request.app.state.db
    key = request.scope.get(_KEY_SCOPE)
    if not isinstance(key, StationKey):  # a route KeyFirstMiddleware was not told about
        key = await run_in_threadpool(find_key, db, request.headers.get(auth.H_KEY, ""))
        if key is None or key.revoked:
            raise _unknown_key() if key is None else _revoked_key()
    body = await request.body()
    request.state.raw_body = body
    # HMAC over at most a few hundred kB: cheaper on the event loop than a trip to a thread.
    return _verify(key, request, body)


CallerDep = Annotated[Caller, Depends(authenticated)]


def _verify(key: StationKey, request: Request, body: bytes) -> Caller:
    headers = request.headers
    if not all(_plain(headers.get(name, ""), limit) for name, limit in _HEADER_LIMITS.items()):
        raise HeadOfficeError("bad_signature", "the signature does not match the request")
    now = now_utc()
    problem = auth.verify(key.secret, request.method, request.url.path, request.url.query,
                          headers, body, now)
    if problem == "clock_skew":
        raise HeadOfficeError("clock_skew", f"X-Date is more than 5 minutes off; server time "
                                            f"is {auth.format_date(now)}")
    if problem is not None:
        raise HeadOfficeError(problem, "the signature does not match the request")
    if headers.get(auth.H_STATION) != key.station_id:
        log.warning("key %s (station %s) used for station %r", key.key_id, key.station_id,
                    headers.get(auth.H_STATION, "")[:16])
        raise HeadOfficeError("wrong_station", "this key belongs to another station")
    return Caller(key.station_id, key.key_id, headers[auth.H_NONCE], now,
                  request.scope.get(ARRIVED_SCOPE, time.monotonic()))


@contextmanager
def caller_transaction(db: HeadOfficeDb, caller: Caller,
                       max_queue_s: float | None = None) -> Iterator[Session]:
    """The request's one write transaction: its nonce is spent, its key is confirmed still
    valid, then the caller does the work it guards; all commit together or not at all.

    A request that waited longer than `max_queue_s` for its thread is shed (Overloaded, 429)
    before it takes a connection: its station retries later instead of every request
    waiting longer."""
    _not_queued_too_long(caller, max_queue_s)
    with db.writing() as session:
        confirm_caller(session.connection(), caller)
        yield session


@contextmanager
def caller_connection(db: HeadOfficeDb, caller: Caller,
                      max_queue_s: float | None = None) -> Iterator[Connection]:
    """`caller_transaction` on a Core connection, for work that needs no ORM (a pull): the
    Session's bookkeeping costs about as much as one more statement."""
    _not_queued_too_long(caller, max_queue_s)
    with db.connecting() as connection:
        confirm_caller(connection, caller)
        yield connection


def _not_queued_too_long(caller: Caller, max_queue_s: float | None) -> None:
    if max_queue_s is not None and time.monotonic() - caller.arrived > max_queue_s:
        raise Overloaded()


_CREDENTIALS = table_of(Credential)


def _credential(column: Any) -> Any:
    return select(column).where(_CREDENTIALS.c.key_id == bindparam("key")).scalar_subquery()


# The nonce is spent and the key's state read in ONE statement (one round trip): the nonce row
# is inserted only for a key head office holds, and the insert answers with that key's state.
# No row back: an unknown key. A nonce used before: the primary key refuses it (IntegrityError).
_SPEND_NONCE = insert(table_of(Nonce)).from_select(
    ["key_id", "nonce", "seen_at"],
    select(_CREDENTIALS.c.key_id, bindparam("nonce", type_=String),
           bindparam("seen_at", type_=UtcDateTime)).where(
        _CREDENTIALS.c.key_id == bindparam("key"))).returning(
    _credential(_CREDENTIALS.c.revoked_at), _credential(_CREDENTIALS.c.first_used_at),
    _credential(_CREDENTIALS.c.overlap_s), _credential(_CREDENTIALS.c.counter_no))


def confirm_caller(connection: Connection, caller: Caller) -> None:
    """Spend the caller's nonce and check its key is still valid, in the caller's transaction.
    Raises HeadOfficeError replay, unknown_key or key_revoked."""
    try:
        state = connection.execute(_SPEND_NONCE, {
            "key": caller.key_id, "nonce": caller.nonce, "seen_at": caller.now}).one_or_none()
    except IntegrityError:
        raise HeadOfficeError("replay", "this nonce was already used") from None
    if state is None:
        raise _unknown_key()
    revoked_at, first_used_at, overlap_s, counter_no = state
    if revoked_at is not None and revoked_at <= caller.now:
        raise _revoked_key()
    if first_used_at is None:
        _first_use(connection, caller, overlap_s, counter_no)


def _first_use(connection: Connection, caller: Caller, overlap_s: int,
               counter_no: int) -> None:
    """The key's first signed request: it is in use, so its counter's earlier keys retire
    (after the overlap its enrolment asked for); the station's other counters keep theirs."""
    now = caller.now
    marked = connection.execute(update(Credential).where(
        Credential.key_id == caller.key_id, Credential.first_used_at.is_(None))
        .values(first_used_at=now)).rowcount
    if not marked:
        return  # a concurrent request of the same key did it
    retire_at = now + timedelta(seconds=overlap_s)
    retired = connection.execute(update(Credential).where(
        Credential.station_id == caller.station_id, Credential.key_id != caller.key_id,
        Credential.counter_no == counter_no,
        or_(Credential.revoked_at.is_(None), Credential.revoked_at > retire_at))
        .values(revoked_at=retire_at)).rowcount
    if retired:
        log.warning("station %s: key %s in use; %d earlier key(s) retired%s",
                    caller.station_id, caller.key_id, retired,
                    f" after {overlap_s} s" if overlap_s else "")
