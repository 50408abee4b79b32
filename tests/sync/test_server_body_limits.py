"""Request bodies are capped before they are read, and a stranger's body is never read at all.

These talk raw HTTP/1.1 over a socket: an ordinary client sends the whole body before it looks
for an answer, and the point here is what head office does while the body is still coming.
"""

from __future__ import annotations

import select
import socket
import tracemalloc
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from sync import auth
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import now_utc
from sync.server.models import Credential
from tests.sync.signed_client import SignedClient

MiB = 1024 * 1024
CHUNK = b"x" * (64 * 1024)


def _connect(base_url: str) -> socket.socket:
    address = urlsplit(base_url)
    assert address.hostname is not None and address.port is not None
    return socket.create_connection((address.hostname, address.port), timeout=10)


def _send_head(sock: socket.socket, method: str, target: str, headers: dict[str, str]) -> None:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1",
             *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    sock.sendall("\r\n".join(lines).encode("latin-1"))


def _answer_within(sock: socket.socket, seconds: float) -> int | None:
    """The status code of an answer that arrives within `seconds`, else None."""
    readable, _, _ = select.select([sock], [], [], seconds)
    if not readable:
        return None
    head = b""
    while b"\r\n" not in head:
        data = sock.recv(4096)
        if not data:
            break
        head += data
    return int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else None


def _stranger(path: str, method: str = "GET") -> dict[str, str]:
    """Well-formed auth headers for a key head office never issued."""
    return auth.sign(auth.new_secret(), "XF01", "0123456789abcdef", method, path, "")


def _stream(sock: socket.socket, size: int, chunked: bool,
            stop_at_answer: bool = True) -> tuple[int | None, int]:
    """Send up to `size` body bytes, stopping early at an answer if `stop_at_answer`;
    returns (status, bytes sent)."""
    sent = 0
    while sent < size:
        if stop_at_answer and (status := _answer_within(sock, 0)) is not None:
            return status, sent
        try:
            if chunked:
                sock.sendall(b"%x\r\n" % len(CHUNK))
                sock.sendall(CHUNK)
                sock.sendall(b"\r\n")
            else:
                sock.sendall(CHUNK)
        except OSError:  # head office hung up on the rest of the body: its answer is there
            break
        sent += len(CHUNK)
    if chunked and sent >= size:
        sock.sendall(b"0\r\n\r\n")
    return _answer_within(sock, 10), sent


def test_a_huge_body_on_a_get_is_refused_before_it_is_sent(ho: EmbeddedHeadOffice) -> None:
    """A GET carries no body: 200 MiB announced on one is refused from the headers alone,
    without waiting for (or holding) a byte of it."""
    path = "/v1/changes?stream=catalogue"
    with _connect(ho.url) as sock:
        _send_head(sock, "GET", path, {**_stranger("/v1/changes"),
                                       "Content-Length": str(200 * MiB)})
        status = _answer_within(sock, 2)
        if status is None:  # the old behaviour: head office waits for the body; show it
            status, sent = _stream(sock, 16 * MiB, chunked=False)
            pytest.fail(f"no answer before the body was sent (then {status} after {sent} B)")
    assert status == 413


@pytest.mark.parametrize(("method", "path", "length"), [
    ("GET", "/v1/changes?stream=catalogue", None),  # chunked: no length to refuse up front
    ("POST", "/v1/events:batch", 900_000),  # within the batch cap
    ("POST", "/v1/day-close", 3 * MiB),  # within the day-close cap
])
def test_an_unknown_key_is_refused_before_its_body_is_read(
        ho: EmbeddedHeadOffice, method: str, path: str, length: int | None) -> None:
    headers = {**_stranger(path.split("?", maxsplit=1)[0], method),
               "Content-Type": "application/json",
               "Idempotency-Key": "11111111-2222-3333-4444-555555555555"}
    headers.update({"Transfer-Encoding": "chunked"} if length is None else
                   {"Content-Length": str(length)})
    with _connect(ho.url) as sock:
        _send_head(sock, method, path, headers)
        status = _answer_within(sock, 2)
        if status is None:
            status, sent = _stream(sock, length or 8 * MiB, chunked=length is None)
            pytest.fail(f"no answer before the body was sent (then {status} after {sent} B)")
    assert status == 401


def test_a_revoked_key_is_refused_before_its_body_is_read(ho: EmbeddedHeadOffice,
                                                          client: SignedClient) -> None:
    with ho.db.writing() as session:
        session.execute(update(Credential).where(Credential.key_id == client.key_id)
                        .values(revoked_at=now_utc()))
    headers = auth.sign(client.secret, client.station_id, client.key_id, "POST",
                        "/v1/events:batch", "", b"x" * 900_000)
    with _connect(ho.url) as sock:
        _send_head(sock, "POST", "/v1/events:batch", {
            **headers, "Content-Length": "900000", "Content-Type": "application/json",
            "Idempotency-Key": "11111111-2222-3333-4444-555555555555"})
        assert _answer_within(sock, 2) == 401


def test_a_signed_get_with_a_body_is_refused(client: SignedClient) -> None:
    body = b'{"stream": "orders"}'
    headers = auth.sign(client.secret, client.station_id, client.key_id, "GET", "/v1/changes",
                        "stream=catalogue", body)
    with _connect(client.base_url) as sock:
        _send_head(sock, "GET", "/v1/changes?stream=catalogue",
                   {**headers, "Transfer-Encoding": "chunked"})
        sock.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        assert _answer_within(sock, 10) == 413


def test_a_refused_body_does_not_grow_head_office_memory(ho: EmbeddedHeadOffice) -> None:
    """32 MiB streamed (chunked, so nothing refuses it up front) by a stranger: head office
    answers 401 and drops the bytes as they come, so its memory stays flat."""
    path = "/v1/changes?stream=catalogue"
    with _connect(ho.url) as sock:
        _send_head(sock, "GET", path, {**_stranger("/v1/changes"),
                                       "Transfer-Encoding": "chunked"})
        tracemalloc.start()
        try:
            status, _ = _stream(sock, 32 * MiB, chunked=True, stop_at_answer=False)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert status == 401
    assert peak < 4 * MiB, f"peak {peak / MiB:.1f} MiB while a 32 MiB body streamed in"
