"""A LAN label printer for tests: a real TCP listener on 127.0.0.1 standing in for a TSPL or ZPL
printer's raw port. It keeps each job's bytes, answers `<ESC>!?` with its status byte and
`~HS` with the three host status lines (status talk is left out of the job), and can be
switched off part way through a label: the rest is never read and the link is reset."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType

TSPL_QUERY = b"\x1b!?"
ZPL_QUERY = b"~HS"


def zpl_host_status(paper_out: bool = False, head_up: bool = False,
                    ribbon_out: bool = False) -> bytes:
    """Three ~HS lines, as the ZPL II guide lays them out (flags 0 or 1)."""
    first = f"030,{int(paper_out)},0,1245,000,0,0,0,000,0,0,0"
    second = f"001,0,{int(head_up)},{int(ribbon_out)},0,2,4,0,00000000,1,000"
    third = "1234,0"
    return b"".join(b"\x02" + line.encode() + b"\x03\r\n" for line in (first, second, third))


class LanLabelPrinter:
    def __init__(self, port: int = 0, *, tspl_status: int | None = 0x00,
                 zpl_status: bytes | None = None, die_after: int | None = None) -> None:
        self.tspl_status = tspl_status
        self.zpl_status = zpl_host_status() if zpl_status is None else zpl_status
        self.die_after = die_after
        self.jobs: list[bytes] = []
        self.queries = 0
        self._ended = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", port))
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def job(self, index: int = 0, timeout_s: float = 5.0) -> bytes:
        with self._ended:
            if not self._ended.wait_for(lambda: len(self.jobs) > index, timeout_s):
                raise AssertionError(f"the printer got {len(self.jobs)} jobs, not {index + 1}")
            return self.jobs[index]

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            job = self._read(connection)
            with self._ended:
                self.jobs.append(job)
                self._ended.notify_all()

    def _read(self, connection: socket.socket) -> bytes:
        job = bytearray()
        with connection:
            connection.settimeout(5)
            while True:
                try:
                    chunk = connection.recv(65536 if self.die_after is None
                                            else max(1, self.die_after - len(job)))
                except (TimeoutError, ConnectionError):
                    break
                if not chunk:
                    break
                job += chunk
                self._answer(connection, job)
                if self.die_after is not None and len(job) >= self.die_after:
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))
                    break
        return bytes(job)

    def _answer(self, connection: socket.socket, job: bytearray) -> None:
        """A client asks, then waits: a query is the last thing received."""
        if job.endswith(TSPL_QUERY) and self.tspl_status is not None:
            del job[-len(TSPL_QUERY):]
            self.queries += 1
            connection.sendall(bytes((self.tspl_status,)))
        elif job.endswith(ZPL_QUERY) and self.zpl_status:
            del job[-len(ZPL_QUERY):]
            self.queries += 1
            connection.sendall(self.zpl_status)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(10)

    def __enter__(self) -> LanLabelPrinter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
