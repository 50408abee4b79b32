"""Forgetting what head office needs only for a while: nonces and idempotent answers, and
(once an hour) residents' personal data of finished orders (retention.py).

The app's lifespan runs `prune_every` on a timer; each round is one short write transaction in
the thread pool, so the event loop never waits on it. Every worker process runs its own timer:
a second DELETE of the same old rows finds nothing, which is cheaper than electing a leader.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from starlette.concurrency import run_in_threadpool

from sync.protocol import NONCE_TTL_S
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import now_utc
from sync.server.models import IdempotentAnswer, Nonce
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


@dataclass(frozen=True)
class Pruned:
    nonces: int
    idempotent_answers: int


def prune(db: HeadOfficeDb, now: datetime) -> Pruned:
    """Delete nonces and idempotent answers older than their retention: one transaction."""
    with db.writing() as session:
        connection = session.connection()  # a Connection's result counts the rows deleted
        nonces = connection.execute(
            delete(Nonce).where(Nonce.seen_at < now - NONCE_RETENTION)).rowcount
        answers = connection.execute(delete(IdempotentAnswer).where(
            IdempotentAnswer.created_at < now - IDEMPOTENCY_RETENTION)).rowcount
    return Pruned(nonces, answers)


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
                erased_at = now
            pruned = await run_in_threadpool(prune, db, now)
        except Exception:
            log.exception("pruning nonces and idempotent answers failed; next try in %.0f s",
                          interval_s)
            continue
        if pruned.nonces or pruned.idempotent_answers:
            log.debug("pruned %d nonces, %d idempotent answers", pruned.nonces,
                      pruned.idempotent_answers)
