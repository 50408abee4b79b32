"""Forgetting what head office needs only for a while: nonces and idempotent answers, and
(once an hour) residents' personal data of finished orders (retention.py) and the change log's
old entries about finished things.

Nothing a station has not acknowledged is removed: a station's newest idempotent answer stays
(it may be the one whose answer it never got, and it resends that key until it does), and a
change-log entry goes only once the station's own cursor has passed it (ho_pull_positions).

The app's lifespan runs `prune_every` on a timer; each round is one short write transaction in
the thread pool, so the event loop never waits on it. Every worker process runs its own timer:
a second DELETE of the same old rows finds nothing, which is cheaper than electing a leader.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import aliased
from starlette.concurrency import run_in_threadpool

from sync.protocol import FINISHED_STATES, NONCE_TTL_S
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import now_utc
from sync.server.models import (
    ChangeLogEntry,
    IdempotentAnswer,
    Manifest,
    Nonce,
    Order,
    PullPosition,
    table_of,
)
from sync.server.retention import erase_personal_data

log = logging.getLogger("sync.server.pruning")

PRUNE_EVERY_S = 60.0
RETENTION_EVERY = timedelta(hours=1)
# A request older than the clock window (±5 min) is refused as clock_skew before its nonce is
# looked at, so a nonce kept for twice that window can be forgotten without reopening replays.
NONCE_RETENTION = timedelta(seconds=NONCE_TTL_S)
# An idempotent answer lets a counter that lost the answer to a push (crash, timeout) resend
# the same lease and get the first answer back byte for byte. After this long the answer is
# gone and a resend is simply pushed again: every event in it is already held, so each is
# answered `duplicate`, nothing is applied twice and acked_through_seq is the same, because
# event ids, not idempotency keys, are what keeps facts single. The one thing lost is the
# `rejected` message of an event whose first answer never arrived; head office still holds
# the rejection (ho_events.status) for its own staff. A counter a week offline mid-push is rare.
IDEMPOTENCY_RETENTION = timedelta(days=7)
# A change-log entry about a finished thing (an order handed over, cancelled or returned, a
# manifest received, a cancellation, a refund answer) that its station pulled this long ago
# is no use to it any more: a counter starting from scratch does not need last month's
# finished orders. A cursor from before what was removed (a counter restored from an old
# backup) is answered reset_required and the counter pulls what is left from the start.
CHANGE_LOG_RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class Pruned:
    nonces: int
    idempotent_answers: int


def prune(db: HeadOfficeDb, now: datetime) -> Pruned:
    """Delete nonces and idempotent answers older than their retention (but never a
    station's newest answer): one transaction."""
    newer = aliased(IdempotentAnswer)
    with db.writing() as session:
        connection = session.connection()  # a Connection's result counts the rows deleted
        nonces = connection.execute(
            delete(Nonce).where(Nonce.seen_at < now - NONCE_RETENTION)).rowcount
        answers = connection.execute(delete(IdempotentAnswer).where(
            IdempotentAnswer.created_at < now - IDEMPOTENCY_RETENTION,
            exists().where(newer.station_id == IdempotentAnswer.station_id,
                           newer.created_at > IdempotentAnswer.created_at))).rowcount
    return Pruned(nonces, answers)


_LOG = table_of(ChangeLogEntry)
_POSITIONS = table_of(PullPosition)
_MARK_PRUNED = update(_POSITIONS).where(
    _POSITIONS.c.station_id == bindparam("s_id"), _POSITIONS.c.stream == bindparam("s_name")
).values(pruned_through=case((_POSITIONS.c.pruned_through < bindparam("through"),
                              bindparam("through")), else_=_POSITIONS.c.pruned_through))


def _finished() -> ColumnElement[bool]:
    """Change-log entries about something finished: nobody will act on them again."""
    return or_(
        _LOG.c.stream.in_(("cancellations", "after_sales")),
        and_(_LOG.c.stream == "orders", _LOG.c.ref.in_(
            select(Order.order_no).where(Order.state.in_(FINISHED_STATES)))),
        and_(_LOG.c.stream == "manifests", _LOG.c.ref.in_(
            select(Manifest.manifest_no).where(Manifest.received_event_id.is_not(None)))))


def prune_change_log(db: HeadOfficeDb, now: datetime,
                     retention: timedelta = CHANGE_LOG_RETENTION) -> int:
    """Remove change-log entries about finished things, older than `retention`, that their
    station's cursor has passed. Returns how many. One transaction: the `pruned_through` mark
    (a cursor before it is reset) commits with the deletion."""
    cutoff = now - retention
    with db.writing() as session:
        connection = session.connection()
        newest = connection.scalar(select(func.max(_LOG.c.id))) or 0
        passed = and_(_POSITIONS.c.station_id == _LOG.c.station_id,
                      _POSITIONS.c.stream == _LOG.c.stream)
        # The newest entry stays, whatever it is: cursors are checked against it.
        removable = and_(_LOG.c.committed_at < cutoff, _LOG.c.id < newest, _finished())
        marks = [{"s_id": station, "s_name": stream, "through": through}
                 for station, stream, through in connection.execute(
                     select(_LOG.c.station_id, _LOG.c.stream, func.max(_LOG.c.id))
                     .join(_POSITIONS, passed)
                     .where(removable, _LOG.c.id <= _POSITIONS.c.position)
                     .group_by(_LOG.c.station_id, _LOG.c.stream))]
        if not marks:
            return 0
        connection.execute(_MARK_PRUNED, marks)
        # Bounded by the marks just written (and locked), not by the positions: a station
        # that pulled meanwhile must not lose an entry no mark covers.
        return connection.execute(delete(_LOG).where(removable, exists().where(
            passed, _LOG.c.id <= _POSITIONS.c.pruned_through))).rowcount


async def prune_every(db: HeadOfficeDb, interval_s: float) -> None:
    """Prune every `interval_s` seconds until cancelled; a failed round is logged and retried
    at the next tick (a database restarting must not stop the server forgetting)."""
    erased_at: datetime | None = None
    while True:
        await asyncio.sleep(interval_s)
        try:
            now = now_utc()
            if erased_at is None or now - erased_at >= RETENTION_EVERY:
                await run_in_threadpool(erase_personal_data, db, now)
                await run_in_threadpool(prune_change_log, db, now)
                erased_at = now
            pruned = await run_in_threadpool(prune, db, now)
        except Exception:
            log.exception("pruning nonces and idempotent answers failed; next try in %.0f s",
                          interval_s)
            continue
        if pruned.nonces or pruned.idempotent_answers:
            log.debug("pruned %d nonces, %d idempotent answers", pruned.nonces,
                      pruned.idempotent_answers)
