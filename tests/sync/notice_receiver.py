"""A webhook receiver on 127.0.0.1 as a message gateway would run one: it checks the
signature, de-duplicates by Notice-Id, and can misbehave on purpose.

- `fail_rate`: refuse that share of deliveries with HTTP 500 (nothing kept);
- `late_rate`, `late_s`: keep the notice, then answer only after `late_s` (the sender has timed
  out by then and will send it again);
- `hang_after`: from the n-th kept delivery on, keep it and never answer until `release()`
  (a head office killed in the middle of sending).

`effects` is what the far side acted on: the first body of each Notice-Id. `deliveries` counts
every delivery it kept, repeats included.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


class NoticeReceiver:
    def __init__(self, secret: bytes, *, fail_rate: float = 0.0, late_rate: float = 0.0,
                 late_s: float = 0.0, hang_after: int | None = None, seed: int = 1) -> None:
        self.secret = secret
        self.fail_rate, self.late_rate, self.late_s = fail_rate, late_rate, late_s
        self.hang_after = hang_after
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.effects: dict[str, dict[str, Any]] = {}
        self.deliveries: Counter[str] = Counter()
        self.refused = 0
        self.bad = 0  # a bad signature or mismatched ids: must stay 0
        self.hung = threading.Event()
        self._gate = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/notices"

    def __enter__(self) -> NoticeReceiver:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def release(self) -> None:
        """Stop hanging: held answers go out, later deliveries are answered at once."""
        self.hang_after = None
        self._gate.set()

    def take(self, headers: Any, body: bytes) -> tuple[int, float, bool]:
        """(status, seconds to wait before answering, hang until released)."""
        expected = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        notice = json.loads(body)
        with self.lock:
            if not hmac.compare_digest(headers.get("Notice-Signature", ""), expected) or \
                    not headers.get("Notice-Id") == headers.get("Idempotency-Key") == \
                    notice["notice_id"]:
                self.bad += 1
                return 401, 0.0, False
            if self.rng.random() < self.fail_rate:
                self.refused += 1
                return 500, 0.0, False
            self.deliveries[notice["notice_id"]] += 1
            self.effects.setdefault(notice["notice_id"], notice)  # the far side's de-dup
            hang = self.hang_after is not None and \
                sum(self.deliveries.values()) >= self.hang_after
            late = self.late_s if self.rng.random() < self.late_rate else 0.0
        if hang:
            self.hung.set()
        return 200, late, hang

    def wait_released(self) -> None:
        self._gate.wait()


def _handler(receiver: NoticeReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real gateway

        def setup(self) -> None:
            # Headers and body go out in two writes: without this every answer waits ~40 ms
            # for a delayed ACK (Nagle), and the receiver, not head office, sets the pace.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().setup()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, late, hang = receiver.take(self.headers, body)
            if hang:
                receiver.wait_released()
            elif late:
                threading.Event().wait(late)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")
            except OSError:
                pass  # the sender gave up waiting: it will send the notice again

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
