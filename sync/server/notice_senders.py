"""How a notice leaves head office: a pluggable sender, chosen by `serve --notices`.

- `log:/path/file.jsonl` appends one JSON line per delivery to a file (another program, an SMS
  gateway's uploader say, takes them from there); written and fsync'd before it returns.
- `webhook:https://…` POSTs the same JSON to a URL, signed with HMAC-SHA256 over the body
  (`Notice-Signature: sha256=<hex>`) with the secret from `--notices-secret-file`, and names
  the notice in `Notice-Id` and `Idempotency-Key`: a delivery may be repeated (a timeout after
  the far side accepted it, a head office killed between sending and recording it), and the
  far side drops one whose id it already has. Plain http only to this machine (loopback).

A sender returns when the notice was delivered and raises SendFailed otherwise; the reason it
gives is short and never holds the notice's text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import requests

from station_app.setup.enrolment_code import is_loopback_host
from sync.server.headoffice import HeadOfficeError

LOG_TARGET, WEBHOOK_TARGET = "log", "webhook"
SIGNATURE_HEADER = "Notice-Signature"
USER_AGENT = "station-headoffice-notices/1"


class SendFailed(Exception):
    """The notice was not delivered, or may not have been: try again later."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]


@dataclass(frozen=True)
class OutgoingNotice:
    """What a sender delivers: the same bytes on every attempt."""

    notice_id: str
    kind: str
    station_id: str
    order_no: str
    text: str
    created_at: datetime

    def body(self) -> bytes:
        return json.dumps({
            "notice_id": self.notice_id, "kind": self.kind, "station_id": self.station_id,
            "order_no": self.order_no, "text": self.text,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
        }, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class Sender(Protocol):
    def send(self, notice: OutgoingNotice, attempt: int) -> None:
        """Deliver the notice; raises SendFailed. Called from several threads at once."""

    def close(self) -> None: ...


def signature(secret: bytes, body: bytes) -> str:
    """The Notice-Signature value for `body`."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class LogFileSender:
    """JSON lines appended to a file that only head office's user may read (personal data)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # O_APPEND: each line is one write at the end, whole, even from several workers.
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as error:
            raise HeadOfficeError("bad_request", f"cannot write notices to {path}: "
                                                 f"{error.strerror}") from None

    def send(self, notice: OutgoingNotice, attempt: int) -> None:
        line = notice.body() + b"\n"
        try:
            if os.write(self._fd, line) != len(line):
                raise SendFailed("short write")
            os.fsync(self._fd)  # recorded as sent only once it is on the disk
        except OSError as error:
            raise SendFailed(f"write failed: {error.strerror}") from None

    def close(self) -> None:
        os.close(self._fd)


class WebhookSender:
    """POST to the far side's URL, one HTTP session per sending thread."""

    def __init__(self, url: str, secret: bytes, timeout_s: float) -> None:
        check_webhook_url(url)
        if not secret:
            raise HeadOfficeError("bad_request", "the webhook secret is empty")
        self.url = url
        self._secret = secret
        self._timeout = (timeout_s, timeout_s)  # to connect, then between bytes of the answer
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def send(self, notice: OutgoingNotice, attempt: int) -> None:
        body = notice.body()
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Notice-Id": notice.notice_id, "Idempotency-Key": notice.notice_id,
                   "Notice-Attempt": str(attempt), SIGNATURE_HEADER: signature(self._secret, body),
                   "User-Agent": USER_AGENT}
        try:
            answer = self._session().post(self.url, data=body, headers=headers,
                                          timeout=self._timeout, allow_redirects=False)
        except requests.Timeout:
            raise SendFailed("timeout") from None
        except requests.RequestException as error:
            raise SendFailed(type(error).__name__) from None
        with answer:
            # The answer's body is never kept: a far side may echo the notice back.
            if not 200 <= answer.status_code < 300:
                raise SendFailed(f"HTTP {answer.status_code}")

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # No proxies or .netrc from the environment: notices go straight to the URL given.
            session.trust_env = False
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()


def check_webhook_url(url: str) -> None:
    """Raises HeadOfficeError unless `url` is https, or plain http to this machine."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise HeadOfficeError("bad_request", f"{url!r} is not a webhook URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HeadOfficeError("bad_request", f"{url!r} is not a webhook URL")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise HeadOfficeError("bad_request", f"{url} is plain http: notices carry pickup "
                                             f"codes, use https (http only to 127.0.0.1)")


def open_sender(target: str, secret_file: Path | None, timeout_s: float) -> Sender:
    """The sender `--notices` names (`log:/path` or `webhook:URL`). Raises HeadOfficeError
    for a target it cannot use (unknown kind, plain http elsewhere, no readable secret)."""
    kind, _, where = target.partition(":")
    if kind == LOG_TARGET and where:
        return LogFileSender(Path(where))
    if kind == WEBHOOK_TARGET and where:
        if secret_file is None:
            raise HeadOfficeError("bad_request", "a webhook needs --notices-secret-file")
        try:
            secret = secret_file.read_bytes().strip()
        except OSError as error:
            raise HeadOfficeError("bad_request", f"cannot read {secret_file}: "
                                                 f"{error.strerror}") from None
        return WebhookSender(where, secret, timeout_s)
    raise HeadOfficeError("bad_request", f"--notices {target!r}: use log:/path/file.jsonl or "
                                         f"webhook:https://…")
