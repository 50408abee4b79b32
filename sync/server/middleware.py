"""Request bodies before FastAPI sees them: size caps and gzip decoding, applied as read.

Every request has a cap, GET and HEAD included (theirs is zero: they carry no body). A body
announced bigger than its cap is refused from the headers alone, before a byte of it is read.
Otherwise nothing is read here: the body is handed on as a stream that counts the
*uncompressed* bytes as the app reads them and stops at the cap, so neither a huge body nor a
small gzip bomb is ever held whole in memory, and a request refused before its body is needed
(an unknown key: authentication.py) never has it read at all. Signatures cover the
uncompressed body, which is why decoding happens here, below the authentication.
"""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import MAX_BATCH_BYTES

DEFAULT_MAX_BODY = 4 * 1024 * 1024  # a day-close summary lists up to 50,000 event ids
BODY_LIMITS = {"/v1/events:batch": MAX_BATCH_BYTES}
NO_BODY_METHODS = frozenset({"GET", "HEAD"})


class BodyRefused(HTTPException):
    """Raised while the app reads a body; rendered as the protocol's error (app.py)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code


class BodyTooLarge(BodyRefused):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "body_too_large",
                         f"the uncompressed body may be at most {limit} bytes")


def body_limit(scope: Scope) -> int:
    if scope["method"] in NO_BODY_METHODS:
        return 0
    return BODY_LIMITS.get(scope["path"], DEFAULT_MAX_BODY)


class RequestBodyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        headers = Headers(scope=scope)
        encoding = headers.get("content-encoding", "identity").lower()
        if encoding not in ("identity", "gzip"):
            await refuse(send, 415, "unsupported_encoding", "bodies are plain or gzip")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            # Closing the connection afterwards: otherwise the server would go on reading
            # (and dropping) the whole announced body to reach the next request.
            await refuse(send, 413, "body_too_large",
                         f"the uncompressed body may be at most {limit} bytes", close=True)
            return
        body = CappedBody(receive, limit, gzipped=encoding == "gzip")
        if encoding == "gzip":  # what the app reads is the decoded body, of unknown length
            scope = dict(scope, headers=[(k, v) for k, v in scope["headers"]
                                         if k not in (b"content-encoding", b"content-length")])
        await self.app(scope, body.receive, send)


class CappedBody:
    """The request's `receive`, decoding gzip and raising BodyTooLarge past `limit`."""

    def __init__(self, receive: Receive, limit: int, gzipped: bool) -> None:
        self._receive = receive
        self.limit = limit
        self.size = 0
        self.finished = False
        # wbits 16+MAX_WBITS: the gzip wrapper; max_length caps each step's output (bomb guard).
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request" or self.finished:
            return message
        data: bytes = message.get("body", b"")
        more: bool = message.get("more_body", False)
        try:
            data = self._decoded(data, more)
        except zlib.error:
            raise BodyRefused(400, "bad_gzip", "the body is not valid gzip") from None
        self.finished = not more
        return {"type": "http.request", "body": data, "more_body": more}

    def _decoded(self, data: bytes, more: bool) -> bytes:
        inflater = self._inflater
        if inflater is not None:
            out = inflater.decompress(data, self.limit + 1 - self.size)  # never 0: unlimited
            if inflater.unconsumed_tail:
                raise BodyTooLarge(self.limit)
            if not more:
                out += inflater.flush()
                if not inflater.eof:
                    raise zlib.error("truncated gzip stream")
            data = out
        self.size += len(data)
        if self.size > self.limit:
            raise BodyTooLarge(self.limit)
        return data


async def refuse(send: Send, status: int, code: str, message: str, close: bool = False,
                 retry_after_s: int | None = None) -> None:
    """Answer with the protocol's error body, from below the app (nothing has been sent)."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    if retry_after_s is not None:
        headers.append((b"retry-after", str(retry_after_s).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ServerTimeMiddleware:
    """Every answer states head office's time (`X-Server-Time`, RFC 3339 with milliseconds).
    A counter checks its clock against it: over verified TLS nobody on the path can change
    it, so it may pull back a trusted clock that ran ahead (station_app/security)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = datetime.now(UTC).isoformat(timespec="milliseconds")
                message = dict(message, headers=[
                    *message.get("headers", []),
                    (b"x-server-time", now.replace("+00:00", "Z").encode("ascii"))])
            await send(message)

        await self.app(scope, receive, stamped)
