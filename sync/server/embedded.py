"""Run the head-office server inside this process: for tests, benchmarks and demo mode.

    with EmbeddedHeadOffice("sqlite:///ho.db") as server:
        requests.get(server.url + "/v1/time")
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from sync.server.app import create_app
from sync.server.capacity import Capacity
from sync.server.db import HeadOfficeDb
from sync.server.pruning import PRUNE_EVERY_S

START_TIMEOUT_S = 15.0


class EmbeddedHeadOffice:
    """uvicorn on 127.0.0.1 on a free port, in a daemon thread. `url` is set once started.

    The database is migrated here, before the server starts: this process is its only server
    (demo mode, tests, benchmarks), so there is no other worker to race.
    """

    def __init__(self, database_url: str, *, prune_every_s: float = PRUNE_EVERY_S,
                 capacity: Capacity | None = None) -> None:
        self.database_url = database_url
        # One station (the demo) or a test's few: nothing to shed, and on a busy PC a request
        # may well wait a second for a thread. A fleet's server sets its limits (`serve`).
        capacity = capacity or Capacity(max_in_flight=1000, max_queue_s=60.0)
        self.app: FastAPI = create_app(database_url, migrate=True, prune_every_s=prune_every_s,
                                       capacity=capacity)
        self.url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def db(self) -> HeadOfficeDb:
        """The server's own database handle (tests and the CLI act on it directly)."""
        db: HeadOfficeDb = self.app.state.db
        return db

    def start(self) -> str:
        """Start serving; returns the base URL. Raises RuntimeError if it does not come up."""
        # Binding the socket here (port 0) avoids the race of picking a port then binding it.
        # proto=IPPROTO_TCP matters: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
        # proto says TCP, and with Nagle on every answer waited ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False,
                                lifespan="on", timeout_graceful_shutdown=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"headoffice:{port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded head-office server did not start")
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> EmbeddedHeadOffice:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
