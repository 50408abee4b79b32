"""Notices in a serving head office (`station-headoffice serve`): the timers beside the app's.

Every worker process erases the text of old notices once an hour (their orders' retention,
notices.erase_notice_texts), whether or not notices are sent. With `--notices` each worker also
runs a dispatcher (notice_dispatch.py): claims are safe with several workers, so none is
elected. Notices are made in every case (events.py, in the push's transaction); `--notices`
only says whether and where they are delivered.

The options reach the workers the way the database URL does (serving.py): as JSON in the
environment. The secret travels as its file's path, never as the secret itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from sync.server.db import HeadOfficeDb
from sync.server.headoffice import HeadOfficeError, now_utc
from sync.server.notice_dispatch import Dispatcher, RetryPolicy
from sync.server.notice_senders import open_sender
from sync.server.notices import erase_notice_texts
from sync.server.retention import PERSONAL_DATA_DAYS

log = logging.getLogger("sync.server.notices")

NOTICES_ENV = "STATION_HEADOFFICE_NOTICES"
ERASE_EVERY_S = 3600.0
FIRST_ERASE_AFTER_S = 60.0  # not in the way of a worker starting up


@dataclass(frozen=True)
class NoticeOptions:
    """`serve --notices …` and its tuning."""

    target: str  # log:/path/file.jsonl | webhook:https://…
    secret_file: Path | None = None
    timeout_s: float = RetryPolicy.timeout_s
    max_attempts: int = RetryPolicy.max_attempts
    backoff_s: float = RetryPolicy.backoff_s
    every_s: float = 2.0  # how often an idle dispatcher looks for due notices

    def policy(self) -> RetryPolicy:
        return RetryPolicy(timeout_s=self.timeout_s, backoff_s=self.backoff_s,
                           max_attempts=self.max_attempts)

    def check(self) -> None:
        """Raises HeadOfficeError for options no worker could use (in the parent, once)."""
        if not (self.timeout_s > 0 and self.backoff_s > 0 and self.every_s > 0):
            raise HeadOfficeError("bad_request", "notice timeouts and intervals must be "
                                                 "seconds above 0")
        if self.max_attempts < 1:
            raise HeadOfficeError("bad_request", "--notices-max-attempts must be at least 1")
        open_sender(self.target, self.secret_file, self.timeout_s).close()

    def to_environment(self) -> str:
        return json.dumps({**asdict(self), "secret_file": None if self.secret_file is None
                           else str(self.secret_file)})

    @classmethod
    def from_environment(cls, text: str) -> NoticeOptions:
        values: dict[str, Any] = json.loads(text)
        secret = values.pop("secret_file", None)
        return cls(**values, secret_file=None if secret is None else Path(secret))


def serve_notices(app: FastAPI, options: NoticeOptions | None) -> None:
    """Run the notice timers while `app` serves, inside its own lifespan (the database is
    still open when they stop)."""
    db: HeadOfficeDb = app.state.db
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(served: FastAPI) -> AsyncIterator[Any]:
        async with inner(served) as state:
            dispatcher = None
            tasks = [asyncio.create_task(erase_notices_every(db, ERASE_EVERY_S),
                                         name="notice retention")]
            if options is not None:
                sender = open_sender(options.target, options.secret_file, options.timeout_s)
                dispatcher = Dispatcher(db, sender, options.policy())
                tasks.append(asyncio.create_task(
                    dispatch_every(dispatcher, options.every_s), name="notices"))
            try:
                yield state
            finally:
                for task in tasks:
                    task.cancel()
                for task in tasks:
                    with suppress(asyncio.CancelledError):
                        await task
                if dispatcher is not None:
                    await run_in_threadpool(dispatcher.close)

    app.router.lifespan_context = lifespan


async def dispatch_every(dispatcher: Dispatcher, every_s: float) -> None:
    """Dispatch rounds until cancelled: back to back while there is a backlog, otherwise every
    `every_s`. A failed round (the database restarting) is logged and tried again."""
    while True:
        try:
            done = await run_in_threadpool(dispatcher.run_once)
        except Exception:
            log.exception("a notice round failed; next try in %.0f s", every_s)
            await asyncio.sleep(every_s)
            continue
        if done.sent or done.retried or done.failed:
            log.info("notices: %d sent, %d to retry, %d failed, %d skipped", done.sent,
                     done.retried, done.failed, done.skipped)
        if done.claimed + done.skipped < dispatcher.batch:
            await asyncio.sleep(every_s)


async def erase_notices_every(db: HeadOfficeDb, every_s: float,
                              days: int = PERSONAL_DATA_DAYS) -> None:
    """Erase old notice texts every `every_s` until cancelled (retention.py's hour)."""
    await asyncio.sleep(min(FIRST_ERASE_AFTER_S, every_s))
    while True:
        try:
            erased = await run_in_threadpool(erase_notice_texts, db, now_utc(), days)
        except Exception:
            log.exception("erasing old notice texts failed; next try in %.0f s", every_s)
        else:
            if erased:
                log.info("erased the text of %d notice(s) of finished orders", erased)
        await asyncio.sleep(every_s)
