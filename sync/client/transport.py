"""HTTP to head office: signed requests, gzip bodies, capped and schema-checked answers.

Whatever goes wrong on the wire (no route, timeout, a proxy's HTML page, a truncated or huge
answer, a body that fails the schema) reaches the caller as one `SyncError(kind, message)`,
never as a requests/pydantic traceback.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from station_app.setup.enrolment_code import insecure_address, is_loopback_host
from sync import auth
from sync.protocol import (
    ChangesPage,
    DayCloseAnswer,
    EnrolAnswer,
    ErrorBody,
    HeldEventsPage,
    LostAnswer,
    PulledPages,
    PushAnswer,
    StationAnswer,
    StationState,
    TimeAnswer,
)

log = logging.getLogger("sync.transport")

Answer = TypeVar("Answer", bound=BaseModel)

MAX_ANSWER_BYTES = 16 * 1024 * 1024  # decompressed: a gzip bomb stops here too
GZIP_FROM_BYTES = 1024  # smaller bodies are not worth compressing
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read

# SyncError kinds, so callers (and the status bar) can tell a dead line from a broken server.
OFFLINE = "offline"  # no connection, timeout, connection dropped mid-answer
SERVER = "server"  # 5xx
THROTTLED = "throttled"  # 429
AUTH = "auth"  # 401/403: not enrolled right, bad key, clock
REFUSED = "refused"  # other 4xx: head office will not take this request
PROTOCOL = "protocol"  # not JSON, wrong schema, too big
NOT_ENROLLED = "not_enrolled"
INSECURE = "insecure"  # plain http to another machine, not allowed by the settings
REVOKED = "key_revoked"  # SyncError code: head office retired this counter's key

SERVER_TIME_HEADER = "X-Server-Time"

TRANSIENT = frozenset({OFFLINE, SERVER, THROTTLED, PROTOCOL})


class LenientPushAnswer(PushAnswer):
    """PushAnswer with `gap_after_seq` optional. The reference server leaves the field out
    when it is null (response_model_exclude_none), which the shared model would refuse."""

    gap_after_seq: int | None = None


class SyncError(Exception):
    """A sync request that did not produce a usable answer."""

    def __init__(self, kind: str, message: str, *, status: int | None = None,
                 code: str | None = None, retry_after_s: float | None = None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.retry_after_s = retry_after_s

    @property
    def transient(self) -> bool:
        """Worth retrying later as it is (as opposed to needing a person)."""
        return self.kind in TRANSIENT


@dataclass(frozen=True)
class Credentials:
    station_id: str
    key_id: str
    secret: bytes


@dataclass(frozen=True)
class ServerTime:
    """Head office's clock as one answer stated it, and this PC's clock when it arrived."""

    head_office: datetime
    local: datetime
    vouched: bool  # over verified TLS or loopback: nobody on the path could have changed it

    @property
    def offset(self) -> timedelta:
        return self.head_office - self.local


class Transport:
    """One head office, one station identity. Not thread-safe: one per sync worker."""

    def __init__(self, base_url: str, credentials: Credentials | None = None, *,
                 verify: str | bool = True, timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                 max_answer_bytes: int = MAX_ANSWER_BYTES, allow_insecure: bool = False) -> None:
        if insecure_address(base_url) and not allow_insecure:
            # Refused before a byte is sent: over plain http anyone on the path could rewrite
            # pickup codes, cancel orders, add a signing key or fake acknowledgements.
            raise SyncError(INSECURE, f"{base_url} is plain http; head office is reached over "
                                      f"https (or set allow_insecure_lan)", code=INSECURE)
        parts = urlsplit(base_url)
        # Whether an answer's clock can be believed: TLS checked against a CA, or this PC.
        self.vouched = (parts.scheme == "https" and verify is not False) or \
            is_loopback_host(parts.hostname)
        self.last_server_time: ServerTime | None = None
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.timeout = timeout
        self.max_answer_bytes = max_answer_bytes
        self.clock_offset = timedelta(0)  # head office time minus ours, learnt on clock_skew
        # False once head office answered that it has no batched pull (an older one): the
        # puller then asks stream by stream, without asking again through this transport.
        self.batched_pulls = True
        self.session = requests.Session()
        self.session.verify = verify  # a CA bundle path, or True for the system store
        self.session.trust_env = False  # a system proxy must not see or break station traffic
        self.session.headers.update({"Accept-Encoding": "gzip", "Accept": "application/json",
                                     "User-Agent": "station-app-sync/1"})

    def close(self) -> None:
        self.session.close()

    # --- endpoints ------------------------------------------------------------------------------

    def server_time(self) -> datetime:
        return self._call("GET", "/v1/time", TimeAnswer, signed=False).server_time

    def enrol(self, code: str, request_id: str | None = None) -> EnrolAnswer:
        body: dict[str, Any] = {"code": code}
        if request_id is not None:
            body["request_id"] = request_id
        return self._call("POST", "/v1/enrol", EnrolAnswer, body=body, signed=False)

    def station(self) -> StationAnswer:
        """What head office holds for this station (its event numbers, its time)."""
        return self._call("GET", "/v1/station", StationAnswer)

    def held_events(self, after_seq: int, limit: int) -> HeldEventsPage:
        query = {"after_seq": str(after_seq), "limit": str(limit)}
        return self._call("GET", "/v1/station/events", HeldEventsPage, query=query)

    def station_state(self, window_days: int) -> StationState:
        return self._call("GET", "/v1/station/state", StationState,
                          query={"window_days": str(window_days)})

    def declare_lost(self, from_seq: int, to_seq: int, reason: str) -> LostAnswer:
        return self._call("POST", "/v1/station/lost", LostAnswer,
                          body={"from_seq": from_seq, "to_seq": to_seq, "reason": reason})

    def changes(self, stream: str, cursor: str | None, limit: int) -> ChangesPage:
        query = {"stream": stream, "cursor": cursor or "", "limit": str(limit)}
        return self._call("GET", "/v1/changes", ChangesPage, query=query)

    def changes_batch(self, pulls: Sequence[tuple[str, str | None, int]]
                      ) -> list[ChangesPage] | None:
        """The next page of each (stream, cursor, limit), in one request, in the order asked;
        None when head office has no batched pull (HTTP 404 or 405: an older head office),
        remembered for this transport. Raises SyncError."""
        if not self.batched_pulls:
            return None
        body = {"pulls": [{"stream": stream, "cursor": cursor or "", "limit": limit}
                          for stream, cursor, limit in pulls]}
        try:
            pages = self._call("POST", "/v1/changes:batch", PulledPages, body=body).pages
        except SyncError as error:
            if error.status not in (404, 405):
                raise
            log.info("head office has no batched pull (HTTP %s): pulling stream by stream",
                     error.status)
            self.batched_pulls = False
            return None
        asked = [stream for stream, _, _ in pulls]
        if [page.stream for page in pages] != asked:
            sent = ", ".join(page.stream[:32] for page in pages[:10]) or "none"
            raise SyncError(PROTOCOL, f"asked for pages of {', '.join(asked)}, head office "
                                      f"sent {sent}")
        return pages

    def push(self, body: bytes, idempotency_key: str) -> PushAnswer:
        """`body` is the exact JSON of the batch: a resend under one key must be byte-equal."""
        return self._call("POST", "/v1/events:batch", LenientPushAnswer, raw_body=body,
                          headers={"Idempotency-Key": idempotency_key})

    def day_close(self, summary: dict[str, Any]) -> DayCloseAnswer:
        return self._call("POST", "/v1/day-close", DayCloseAnswer, body=summary)

    # --- the one request path -----------------------------------------------------------------

    def _call(self, method: str, path: str, answer: type[Answer], *,
              query: Mapping[str, str] | None = None, body: dict[str, Any] | None = None,
              raw_body: bytes | None = None, headers: Mapping[str, str] | None = None,
              signed: bool = True) -> Answer:
        if raw_body is None and body is not None:
            raw_body = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        payload = raw_body or b""
        try:
            return self._attempt(method, path, answer, query, payload, headers, signed)
        except SyncError as error:
            if error.code != "clock_skew" or not signed:
                raise
            # The PC clock is off: learn head office's time and sign with it, once. Local
            # records keep the local clock; only the X-Date header is corrected.
            self.clock_offset = self.server_time() - datetime.now(UTC)
            log.warning("clock differs from head office by %s; correcting request dates",
                        self.clock_offset)
            return self._attempt(method, path, answer, query, payload, headers, signed)

    def _attempt(self, method: str, path: str, answer: type[Answer],
                 query: Mapping[str, str] | None, payload: bytes,
                 extra: Mapping[str, str] | None, signed: bool) -> Answer:
        query_text = auth.canonical_query(query or {})
        url = self.base_url + path + (f"?{query_text}" if query_text else "")
        headers = dict(extra or {})
        if signed:
            if self.credentials is None:
                raise SyncError(NOT_ENROLLED, "this counter is not enrolled with head office")
            creds = self.credentials
            headers.update(auth.sign(creds.secret, creds.station_id, creds.key_id, method,
                                     urlsplit(url).path, query_text, payload,
                                     now=datetime.now(UTC) + self.clock_offset))
        data: bytes | None = None
        if method != "GET":
            headers["Content-Type"] = "application/json"
            data = payload
            if len(payload) >= GZIP_FROM_BYTES:
                data = gzip.compress(payload, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        try:
            with self.session.request(method, url, data=data, headers=headers,
                                      timeout=self.timeout, stream=True) as response:
                status = response.status_code
                text = self._read_capped(response)
                retry_after = response.headers.get("Retry-After")
                self._note_time(response.headers)
        except SyncError:
            raise
        except requests.exceptions.SSLError as error:
            raise SyncError(AUTH, f"TLS verification failed: {error}") from error
        except requests.RequestException as error:
            raise SyncError(OFFLINE, f"head office not reachable ({type(error).__name__})") \
                from error
        if not 200 <= status < 300:
            raise _error_for(status, text, retry_after)
        try:
            return answer.model_validate_json(text)
        except ValidationError as error:
            problem = "not JSON" if _not_json(text) else \
                f"does not match the protocol ({_first_problem(error)})"
            raise SyncError(PROTOCOL, f"answer to {method} {path} {problem}") from error

    def _note_time(self, headers: Mapping[str, str]) -> None:
        stated = headers.get(SERVER_TIME_HEADER)
        if not stated:
            return
        try:
            moment = auth.parse_date(stated)
        except ValueError:
            return
        self.last_server_time = ServerTime(moment, datetime.now(UTC), self.vouched)

    def _read_capped(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_answer_bytes:
            raise SyncError(PROTOCOL, f"answer of {declared} bytes is over the limit")
        chunks: list[bytes] = []
        size = 0
        # iter_content decompresses gzip as it goes, so the cap applies to the real size.
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise SyncError(PROTOCOL, f"answer over {self.max_answer_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{error.error_count()} problem(s), first at {where or 'top'}: {first.get('msg')}"


def _not_json(text: bytes) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _error_for(status: int, text: bytes, retry_after: str | None) -> SyncError:
    code, message = None, f"HTTP {status}"
    try:
        error = ErrorBody.model_validate_json(text).error
        code, message = error.code, f"{error.message} (HTTP {status}, {error.code})"
    except ValidationError:
        pass  # a proxy's page, an empty body: the status says enough
    if status == 429:
        seconds = float(retry_after) if retry_after and retry_after.isdigit() else None
        return SyncError(THROTTLED, message, status=status, code=code, retry_after_s=seconds)
    if status >= 500:
        return SyncError(SERVER, message, status=status, code=code)
    if status in (401, 403):
        return SyncError(AUTH, message, status=status, code=code)
    return SyncError(REFUSED, message, status=status, code=code)
