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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from sync import auth
from sync.server.db import HeadOfficeDb, rows_updated
from sync.server.headoffice import HeadOfficeError, now_utc
from sync.server.middleware import refuse
from sync.server.models import Credential, Nonce

log = logging.getLogger("sync.server")

_KEY_SCOPE = "sync.station_key"  # where the middleware leaves the key for the dependency
# Longest value each header can honestly have (a key id is 16 hex today; 32 fits the column).
_HEADER_LIMITS = {auth.H_KEY: 32, auth.H_DATE: 40, auth.H_NONCE: 128, auth.H_SIGNATURE: 64}


@dataclass(frozen=True)
class Caller:
    """An authenticated request: whose key it was."""

    station_id: str
    key_id: str


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


class KeyFirstMiddleware:
    """Refuses a request to an authenticated route whose key head office does not hold, before
    its body is read. Guards the `routes` that depend on `authenticated`; Starlette builds its
    middleware at the first request, when every route has been added."""

    def __init__(self, app: ASGIApp, db: HeadOfficeDb, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.db = db
        self.guarded = guarded_routes(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and any(route.matches(scope)[0] is Match.FULL
                                           for route in self.guarded):
            key_id = Headers(scope=scope).get(auth.H_KEY, "")
            key = await run_in_threadpool(find_key, self.db, key_id)
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
    The body is read here, after the key is known, and left in `request.state.raw_body`."""
    db: HeadOfficeDb = request.app.state.db
    key = request.scope.get(_KEY_SCOPE)
    if not isinstance(key, StationKey):  # a route KeyFirstMiddleware was not told about
        key = await run_in_threadpool(find_key, db, request.headers.get(auth.H_KEY, ""))
        if key is None or key.revoked:
            raise _unknown_key() if key is None else _revoked_key()
    body = await request.body()
    request.state.raw_body = body
    return await run_in_threadpool(_verify, db, key, request, body)


CallerDep = Annotated[Caller, Depends(authenticated)]


def _verify(db: HeadOfficeDb, key: StationKey, request: Request, body: bytes) -> Caller:
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
    try:
        with db.writing() as session:
            session.add(Nonce(key_id=key.key_id, nonce=headers[auth.H_NONCE], seen_at=now))
            if key.first_use:
                _first_use(session, key, now)
    except IntegrityError:
        raise HeadOfficeError("replay", "this nonce was already used") from None
    return Caller(key.station_id, key.key_id)


def _first_use(session: Session, key: StationKey, now: datetime) -> None:
    """The key's first signed request: it is in use, so the station's earlier keys retire
    (after the overlap its enrolment asked for)."""
    marked = rows_updated(session, update(Credential).where(
        Credential.key_id == key.key_id, Credential.first_used_at.is_(None))
        .values(first_used_at=now))
    if not marked:
        return  # a concurrent request of the same key did it
    retire_at = now + timedelta(seconds=key.overlap_s)
    retired = rows_updated(session, update(Credential).where(
        Credential.station_id == key.station_id, Credential.key_id != key.key_id,
        or_(Credential.revoked_at.is_(None), Credential.revoked_at > retire_at))
        .values(revoked_at=retire_at))
    if retired:
        log.warning("station %s: key %s in use; %d earlier key(s) retired%s", key.station_id,
                    key.key_id, retired,
                    f" after {key.overlap_s} s" if key.overlap_s else "")
