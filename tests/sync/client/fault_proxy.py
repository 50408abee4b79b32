"""A fault-injecting HTTP proxy on 127.0.0.1, between the station client and head office.

One request per client connection (it asks head office to close after answering, and tells
the client the same), so each request gets its own fault:

- ``pass``: forward as is
- ``drop``: close the connection before head office sees the request
- ``delay:<s>``: wait, then forward (longer than the client's read timeout: a timeout)
- ``truncate``: forward, then send only the first part of head office's answer
- ``lost_answer``: forward, let head office commit, close before the client hears anything
- ``status:<code>``: answer with that status without asking head office (500, 502, 429…)
- ``raw``: send `canned` bytes as the whole answer (schema-invalid, non-JSON, huge…)
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable

Fault = str
STORM: tuple[tuple[Fault, float], ...] = (
    ("pass", 0.45), ("drop", 0.1), ("delay:1.5", 0.05), ("truncate", 0.1),
    ("lost_answer", 0.15), ("status:500", 0.05), ("status:502", 0.05), ("status:429", 0.05),
)


class FaultProxy:
    def __init__(self, upstream_port: int, seed: int = 0) -> None:
        self.upstream_port = upstream_port
        self.rng = random.Random(seed)
        self.script: deque[Fault] = deque()  # faults for the next requests, in order
        self.storm: tuple[tuple[Fault, float], ...] = ()  # then random faults, if set
        self.canned: bytes | Callable[[], bytes] = b""
        self.seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop = True
        self._listener.close()

    def _next_fault(self) -> Fault:
        with self._lock:
            if self.script:
                return self.script.popleft()
            if self.storm:
                faults, weights = zip(*self.storm, strict=True)
                chosen: Fault = self.rng.choices(faults, weights)[0]
                return chosen
            return "pass"

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            client.settimeout(10)
            try:
                request = _read_request(client)
            except OSError:
                return
            if request is None:
                return
            fault = self._next_fault()
            with self._lock:
                self.seen[fault.split(":")[0]] += 1
            with contextlib.suppress(OSError):  # the client gave up: part of the weather
                self._handle(client, request, fault)

    def _handle(self, client: socket.socket, request: bytes, fault: Fault) -> None:
        kind, _, argument = fault.partition(":")
        if kind == "drop":
            client.shutdown(socket.SHUT_RDWR)
            return
        if kind == "status":
            client.sendall(_canned_status(int(argument)))
            return
        if kind == "raw":
            canned = self.canned() if callable(self.canned) else self.canned
            client.sendall(canned)
            return
        if kind == "delay":
            time.sleep(float(argument))
        answer = self._forward(request)
        if kind == "lost_answer":
            client.shutdown(socket.SHUT_RDWR)  # head office has committed; the client never hears
        elif kind == "truncate":
            client.sendall(answer[: max(1, len(answer) * 2 // 3)])
            client.shutdown(socket.SHUT_RDWR)
        else:
            client.sendall(answer)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


def _read_request(client: socket.socket) -> bytes | None:
    """One HTTP/1.1 request, rewritten to `Connection: close` so both ends close after it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n")
             if not line.lower().startswith(b"connection:")]
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _canned_status(status: int) -> bytes:
    if status == 502:  # what a real gateway sends: a web page, not JSON
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        kind = b"text/html"
    else:
        body = (b'{"error":{"code":"injected","message":"injected ' + str(status).encode()
                + b'"}}')
        kind = b"application/json"
    extra = b"Retry-After: 0\r\n" if status == 429 else b""
    return (b"HTTP/1.1 %d Injected\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s"
            b"Connection: close\r\n\r\n%s" % (status, kind, len(body), extra, body))


def raw_answer(body: bytes, content_type: bytes = b"application/json",
               declared_length: int | None = None) -> bytes:
    length = len(body) if declared_length is None else declared_length
    return (b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n%s" % (content_type, length, body))
