"""A LAN receipt printer for tests: a real TCP listener on 127.0.0.1 standing in for a
printer's raw port (9100). It keeps the bytes of each job, answers the status queries
(DLE EOT n) the way an ESC/POS printer does, and can be switched off half way through a job.
Real sockets: the app's own network code talks to it exactly as it talks to a printer."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType
from typing import Self

ONLINE_PAPER_OK = b"\x12"  # the fixed bits of a DLE EOT reply, no error bit set
STATUS_QUERIES = tuple(bytes((0x10, 0x04, n)) for n in (1, 2, 3, 4))


def free_port() -> int:
    """A loopback port nobody listens on: a printer that is switched off."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class RawPort:
    """A printer's raw port on 127.0.0.1: listens on `port` (0: any free one; `.port` says
    which) until `close()`, one connection at a time, and keeps what each sent in `jobs`, in
    order, once it ended. `_answer` (a printer's own status talk) sees the job after each
    chunk. With `die_after`, it is switched off after that many bytes of a job: the rest is
    never read and the connection is reset, as when a printer loses power mid-job.
    """

    def __init__(self, port: int = 0, *, die_after: int | None = None) -> None:
        self.die_after = die_after
        self.jobs: list[bytes] = []
        self._job_ended = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", port))
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        """Every finished job's bytes, run together."""
        with self._job_ended:
            return b"".join(self.jobs)

    def job(self, index: int = 0, timeout_s: float = 5.0) -> bytes:
        """The `index`-th job, waiting for its connection to end."""
        with self._job_ended:
            if not self._job_ended.wait_for(lambda: len(self.jobs) > index, timeout_s):
                raise AssertionError(f"the printer got {len(self.jobs)} jobs, not {index + 1}")
            return self.jobs[index]

    def _serve(self) -> None:
        # One connection at a time, as a printer's raw port does.
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return  # closed
            job = self._read_job(connection)
            with self._job_ended:
                self.jobs.append(job)
                self._job_ended.notify_all()

    def _read_job(self, connection: socket.socket) -> bytes:
        job = bytearray()
        with connection:
            connection.settimeout(5)  # a client that went quiet has finished
            while True:
                wanted = 65536 if self.die_after is None else max(1, self.die_after - len(job))
                try:
                    chunk = connection.recv(wanted)
                except (TimeoutError, ConnectionError):
                    break
                if not chunk:
                    break
                job += chunk
                self._answer(connection, job)
                if self.die_after is not None and len(job) >= self.die_after:
                    # switched off: nothing more is read, the link is reset (RST, not FIN)
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))
                    break
        return bytes(job)

    def _answer(self, connection: socket.socket, job: bytearray) -> None:
        """A status query at the end of `job` answered on `connection` and taken out of the
        job (status talk is not print data); this port answers none."""

    def close(self) -> None:
        """Switched off: the port is free again (a new printer may listen on it)."""
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes accept()
        self._server.close()
        self._thread.join(10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class LanPrinter(RawPort):
    """A LAN receipt printer (see `RawPort`).

    A connection that only asked for status, or only checked the address, leaves an empty
    job. Status queries it answered are talk, not print data, and are left out; with
    `status=None` it answers none, like the many printers that ignore DLE EOT, and the
    queries stay in the job as sent.
    """

    def __init__(self, port: int = 0, *, status: bytes | None = ONLINE_PAPER_OK,
                 die_after: int | None = None) -> None:
        self.status = status
        super().__init__(port, die_after=die_after)

    def _answer(self, connection: socket.socket, job: bytearray) -> None:
        # A client asks, then waits: a query is the last thing received. Looking at the whole
        # job, not the chunk, finds one that TCP split in two.
        if self.status is not None and bytes(job[-3:]) in STATUS_QUERIES:
            del job[-3:]
            connection.sendall(self.status)
