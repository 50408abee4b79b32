"""Request bodies before FastAPI sees them: size limits and gzip decoding.

Limits are enforced on the *uncompressed* bytes while they are read, so neither a huge body nor
a small gzip bomb is ever held whole in memory. Signatures cover the uncompressed body, which
is why decoding happens here, below the authentication.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import MAX_BATCH_BYTES

DEFAULT_MAX_BODY = 4 * 1024 * 1024  # a day-close summary lists up to 50,000 event ids
BODY_LIMITS = {"/v1/events:batch": MAX_BATCH_BYTES}


class BodyTooLarge(Exception):
    pass


class RequestBodyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        limit = BODY_LIMITS.get(scope["path"], DEFAULT_MAX_BODY)
        headers = dict(scope["headers"])
        encoding = headers.get(b"content-encoding", b"identity").decode("latin-1").lower()
        if encoding not in ("identity", "gzip"):
            await _error(send, 415, "unsupported_encoding", "bodies are plain or gzip")
            return
        try:
            body = await _read(receive, limit, gzipped=encoding == "gzip")
        except BodyTooLarge:
            await _error(send, 413, "body_too_large",
                         f"the uncompressed body may be at most {limit} bytes")
            return
        except zlib.error:
            await _error(send, 400, "bad_gzip", "the body is not valid gzip")
            return
        new_headers = [(k, v) for k, v in scope["headers"]
                       if k not in (b"content-encoding", b"content-length")]
        new_headers.append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()  # e.g. http.disconnect
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(dict(scope, headers=new_headers), replay, send)


async def _read(receive: Receive, limit: int, gzipped: bool) -> bytes:
    chunks: list[bytes] = []
    size = 0
    # wbits 16+MAX_WBITS: the gzip wrapper; max_length caps each step's output (bomb guard).
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        data = message.get("body", b"")
        if inflater is not None:
            out = inflater.decompress(data, limit + 1 - size)
            if inflater.unconsumed_tail:
                raise BodyTooLarge
            data = out
        size += len(data)
        if size > limit:
            raise BodyTooLarge
        chunks.append(data)
        if not message.get("more_body", False):
            break
    if inflater is not None:
        tail = inflater.flush()
        size += len(tail)
        if size > limit:
            raise BodyTooLarge
        chunks.append(tail)
        if not inflater.eof:
            raise zlib.error("truncated gzip stream")
    return b"".join(chunks)


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
