"""`station-headoffice serve`: uvicorn worker processes, each building the app from its
environment.

uvicorn starts workers as fresh processes (spawn) that import an app factory by name, so a
worker cannot be handed an app object or arguments: the parent puts what a worker needs in the
environment (STATION_HEADOFFICE_DB, STATION_HEADOFFICE_PRUNE_EVERY_S when set, the capacity of
capacity.py and the notice options of notice_serving.py), which children inherit, and
`app_from_environment` reads it. The
parent checks the schema (or, with --migrate, migrates it) once before any worker starts;
workers only check it.
"""

from __future__ import annotations

import copy
import os
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from sync.server.app import create_app
from sync.server.capacity import Capacity
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import HeadOfficeError
from sync.server.notice_serving import NOTICES_ENV, NoticeOptions, serve_notices
from sync.server.pruning import PRUNE_EVERY_S

DATABASE_ENV = "STATION_HEADOFFICE_DB"
PRUNE_EVERY_ENV = "STATION_HEADOFFICE_PRUNE_EVERY_S"
APP_FACTORY = "sync.server.serving:app_from_environment"


@dataclass(frozen=True)
class ServeOptions:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 1
    tls_cert: Path | None = None
    tls_key: Path | None = None
    notices: NoticeOptions | None = None  # None: notices are kept, not sent
    # Per worker: threads, connections, load shedding.
    capacity: Capacity = field(default_factory=Capacity)
    # A line per request, with the worker's process id; `--no-access-log` saves about a
    # tenth of an empty pull's CPU where a proxy in front logs requests anyway.
    access_log: bool = True


def app_from_environment() -> FastAPI:
    """The app factory uvicorn calls in each worker. Raises SchemaNotCurrent (the worker then
    fails to start) if the database was not migrated: workers never migrate."""
    url = os.environ.get(DATABASE_ENV)
    if not url:
        raise RuntimeError(f"{DATABASE_ENV} is not set: start head office with "
                           f"`station-headoffice serve`")
    app = create_app(url, prune_every_s=prune_every_s(), capacity=Capacity.from_environment())
    notices = os.environ.get(NOTICES_ENV)
    serve_notices(app, NoticeOptions.from_environment(notices) if notices else None)
    return app


def prune_every_s() -> float:
    """The pruning interval from the environment. Raises HeadOfficeError for a bad value."""
    text = os.environ.get(PRUNE_EVERY_ENV, "")
    try:
        seconds = float(text) if text else PRUNE_EVERY_S
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise HeadOfficeError("bad_request", f"{PRUNE_EVERY_ENV} must be seconds above 0, "
                                             f"not {text!r}")
    return seconds


def serve(options: ServeOptions) -> None:
    """Serve until stopped (SIGINT/SIGTERM). Raises SchemaNotCurrent for a database that is not
    current, HeadOfficeError for unusable options, before any worker starts."""
    tls = _tls_files(options.tls_cert, options.tls_key)
    if options.workers < 1:
        raise HeadOfficeError("bad_request", "--workers must be at least 1")
    prune_every_s()  # a bad value fails here, once, not in every worker
    os.environ.update(options.capacity.to_environment())
    Capacity.from_environment()
    if options.notices is not None:
        options.notices.check()
        os.environ[NOTICES_ENV] = options.notices.to_environment()
    else:
        os.environ.pop(NOTICES_ENV, None)
    HeadOfficeDb(options.database_url).dispose()  # refuses an unmigrated database, once
    os.environ[DATABASE_ENV] = options.database_url
    uvicorn.run(APP_FACTORY, factory=True, host=options.host, port=options.port,
                workers=options.workers, ssl_certfile=tls[0] if tls else None,
                ssl_keyfile=tls[1] if tls else None, log_config=log_config(),
                access_log=options.access_log,
                # A station's open keep-alive connection must not hold a restart up for long.
                timeout_graceful_shutdown=10)


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the worker's process id on every line (which worker answered,
    which one failed) and head office's own loggers (sync.*) through the same handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    formatters = config["formatters"]
    formatters["default"]["fmt"] = "%(levelprefix)s [%(process)d] %(message)s"
    formatters["access"]["fmt"] = ('%(levelprefix)s [%(process)d] %(client_addr)s - '
                                   '"%(request_line)s" %(status_code)s')
    config["loggers"]["sync"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _tls_files(cert: Path | None, key: Path | None) -> tuple[str, str] | None:
    """Checked here, once, so a bad file is one clear error instead of every worker failing."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise HeadOfficeError("bad_request", "--tls-cert and --tls-key go together")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as error:
        raise HeadOfficeError("bad_tls", f"cannot use {cert} with {key}: {error}") from None
    return str(cert), str(key)
