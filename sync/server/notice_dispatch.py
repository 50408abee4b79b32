"""Delivering the notices in `ho_notices` (notices.py): claim, send, record.

A round claims up to `batch` due notices in one short write transaction: each gets its attempt
counted and `next_attempt_at` moved on by a lease (the longest the round's sends can take). The
sends then run outside any transaction, `parallel` at a time, and a second transaction records
what came of them: `sent` only after the sender returned; a failure is due again after an
exponential back-off with jitter, and `failed` (listed, never retried by itself) after
`max_attempts`. A notice whose order was handed over, cancelled or returned in the meantime is
`skipped` at the claim, never sent.

Safe with several dispatchers (one per `serve --workers` process): on PostgreSQL the claim
selects `FOR UPDATE SKIP LOCKED`, so two rounds never claim the same row, and the lease keeps a
claimed row from being claimed again while it is being sent; on SQLite claims queue on the
write lock (BEGIN IMMEDIATE). A process killed between sending and recording leaves the notice
claimed: once the lease is over it is due again and sent again with the same Notice-Id, which
the far side de-duplicates. Delivery is therefore at least once, and exactly once as the far
side sees it; a notice is never lost.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select, update

from sync.server.db import HeadOfficeDb
from sync.server.headoffice import now_utc
from sync.server.models import Notice, Order, table_of
from sync.server.notice_senders import OutgoingNotice, Sender, SendFailed
from sync.server.notices import FAILED, PENDING, SENT, SKIPPED, is_finished

log = logging.getLogger("sync.server.notices")

_NOTICES = table_of(Notice)
# Recording a round: executemany with one statement each. A row is only changed while it is
# still this round's claim (same attempt number), except `sent`: a delivery that happened is
# recorded whoever holds the claim now.
_MARK_SENT = update(_NOTICES).where(
    # not IN (…): executemany refuses the expanding parameter an IN list becomes
    _NOTICES.c.id == bindparam("n_id"),
    or_(_NOTICES.c.state == PENDING, _NOTICES.c.state == FAILED)).values(
    state=SENT, sent_at=bindparam("at"), last_error=None)
_MARK_RETRY = update(_NOTICES).where(
    _NOTICES.c.id == bindparam("n_id"), _NOTICES.c.state == PENDING,
    _NOTICES.c.attempts == bindparam("tried")).values(
    next_attempt_at=bindparam("due"), last_error=bindparam("why"))
_MARK_FAILED = update(_NOTICES).where(
    _NOTICES.c.id == bindparam("n_id"), _NOTICES.c.state == PENDING,
    _NOTICES.c.attempts == bindparam("tried")).values(state=FAILED, last_error=bindparam("why"))


@dataclass(frozen=True)
class RetryPolicy:
    """How long a send may take and how failures are retried."""

    timeout_s: float = 10.0
    backoff_s: float = 30.0  # the wait after the first failure; doubles with each
    backoff_cap_s: float = 3600.0
    max_attempts: int = 12  # about six hours of a far side that is down, with the defaults

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        """The wait after failed attempt number `attempts` (1 = the first): between half and
        all of backoff·2^(attempts-1), capped. The jitter keeps notices that failed together
        (the far side was down) from all coming back in the same second."""
        ceiling = min(self.backoff_cap_s, self.backoff_s * 2 ** min(attempts - 1, 30))
        return timedelta(seconds=ceiling * rng.uniform(0.5, 1.0))


@dataclass(frozen=True)
class Round:
    """What one dispatch round did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class _Claim:
    id: int
    attempts: int
    notice: OutgoingNotice


class Dispatcher:
    """Delivers due notices through `sender`; `run_once` is one round."""

    def __init__(self, db: HeadOfficeDb, sender: Sender, policy: RetryPolicy | None = None,
                 *, batch: int = 20, parallel: int = 4,
                 clock: Callable[[], datetime] = now_utc,
                 rng: random.Random | None = None) -> None:
        self.db = db
        self.sender = sender
        self.policy = policy or RetryPolicy()
        self.batch = batch
        self.parallel = parallel
        self.clock = clock
        self.rng = rng or random.Random()
        self._pool = ThreadPoolExecutor(parallel, thread_name_prefix="notice-sender")

    @property
    def lease(self) -> timedelta:
        """How long a claim holds a notice: every send of the round, one after another on
        each thread, at the sender's worst (connect and answer timeouts), and a margin."""
        rounds = math.ceil(self.batch / self.parallel)
        return timedelta(seconds=(2 * rounds + 1) * self.policy.timeout_s)

    def run_once(self) -> Round:
        """Claim due notices, send them, record the outcome. Returns what it did."""
        now = self.clock()
        if not self._any_due(now):  # a read: an idle round never takes the write lock
            return Round()
        claims, skipped = self._claim(now)
        outcomes = list(self._pool.map(self._send, claims))
        done = self._record(claims, outcomes, skipped)
        if done.failed:
            log.warning("%d notice(s) failed for good after %d attempts (station-headoffice "
                        "notices --state failed)", done.failed, self.policy.max_attempts)
        return done

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.sender.close()

    def _any_due(self, now: datetime) -> bool:
        with self.db.reading() as session:
            return session.scalar(select(Notice.id).where(
                Notice.state == PENDING, Notice.next_attempt_at <= now).limit(1)) is not None

    def _claim(self, now: datetime) -> tuple[list[_Claim], int]:
        query = (select(Notice).where(Notice.state == PENDING, Notice.next_attempt_at <= now)
                 .order_by(Notice.next_attempt_at, Notice.id).limit(self.batch))
        claims: list[_Claim] = []
        skipped = 0
        with self.db.writing() as session:
            if session.connection().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            notices = list(session.scalars(query))
            orders = {order.order_no: order for order in session.scalars(select(Order).where(
                Order.order_no.in_([notice.order_no for notice in notices])))}
            for notice in notices:
                order = orders.get(notice.order_no)
                if order is None or is_finished(order):
                    notice.state, notice.text, notice.last_error = SKIPPED, "", "order finished"
                    skipped += 1
                    continue
                notice.attempts += 1
                notice.next_attempt_at = now + self.lease
                claims.append(_Claim(notice.id, notice.attempts, OutgoingNotice(
                    notice.notice_id, notice.kind, notice.station_id, notice.order_no,
                    notice.text, notice.created_at)))
        return claims, skipped

    def _send(self, claim: _Claim) -> str | None:
        """None when delivered, else why not."""
        try:
            self.sender.send(claim.notice, claim.attempts)
        except SendFailed as failure:
            return failure.reason
        except Exception as error:  # a sender's bug must not stop the other notices
            log.exception("notice sender failed unexpectedly")
            return type(error).__name__
        return None

    def _record(self, claims: list[_Claim], outcomes: list[str | None], skipped: int) -> Round:
        now = self.clock()
        sent, retry, failed = [], [], []
        for claim, reason in zip(claims, outcomes, strict=True):
            if reason is None:
                sent.append({"n_id": claim.id, "at": now})
            elif claim.attempts >= self.policy.max_attempts:
                failed.append({"n_id": claim.id, "tried": claim.attempts, "why": reason})
            else:
                retry.append({"n_id": claim.id, "tried": claim.attempts, "why": reason,
                              "due": now + self.policy.delay(claim.attempts, self.rng)})
        if sent or retry or failed:
            with self.db.writing() as session:
                connection = session.connection()
                for statement, rows in ((_MARK_SENT, sent), (_MARK_RETRY, retry),
                                        (_MARK_FAILED, failed)):
                    if rows:
                        connection.execute(statement, rows)
        return Round(len(claims), len(sent), len(retry), len(failed), skipped)
