"""Request signing (HMAC-SHA256), shared by the station client and the head-office server.

Both sides build the canonical text with the same functions, so a signature can only disagree
because a byte of the request differs, never because two encoders spell a query differently.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote

from sync.protocol import CLOCK_WINDOW_S

NONCE_BYTES = 16
_NONCE = re.compile(r"[0-9a-fA-F]{32,128}")

H_STATION = "X-Station-Id"
H_KEY = "X-Key-Id"
H_DATE = "X-Date"
H_NONCE = "X-Nonce"
H_SIGNATURE = "X-Signature"


def new_nonce() -> str:
    """16 random bytes as hex: unique per request, so a captured request cannot be replayed."""
    return secrets.token_hex(NONCE_BYTES)


def new_secret() -> str:
    """A fresh shared secret: base64 of 32 random bytes (what enrolment hands out)."""
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def format_date(moment: datetime) -> str:
    """RFC 3339 UTC to the second, `2026-11-25T08:30:00Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(text: str) -> datetime:
    """Parse an X-Date value. Raises ValueError when it is not an aware RFC 3339 time."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("X-Date needs a time zone")
    return moment


def canonical_query(pairs: Iterable[tuple[str, str]] | Mapping[str, str] | str) -> str:
    """key=value pairs, percent-encoded (RFC 3986 unreserved kept), sorted, joined by `&`.

    A string is read as a raw query (as the server sees it); encoded pairs are sorted after
    encoding so both sides sort the same bytes.
    """
    if isinstance(pairs, str):
        items: Iterable[tuple[str, str]] = parse_qsl(pairs, keep_blank_values=True)
    elif isinstance(pairs, Mapping):
        items = pairs.items()
    else:
        items = pairs
    encoded = sorted((quote(str(k), safe="-_.~"), quote(str(v), safe="-_.~")) for k, v in items)
    return "&".join(f"{k}={v}" for k, v in encoded)


def canonical_request(method: str, path: str, query: str, date: str, nonce: str,
                      body: bytes) -> bytes:
    """The bytes that are signed. `query` is already canonical (see canonical_query)."""
    return "\n".join([method.upper(), path, query, date, nonce,
                      hashlib.sha256(body).hexdigest()]).encode("utf-8")


def signature(secret: str | bytes, canonical: bytes) -> str:
    key = base64.b64decode(secret) if isinstance(secret, str) else secret
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def sign(secret: str | bytes, station_id: str, key_id: str, method: str, path: str,
         query: Iterable[tuple[str, str]] | Mapping[str, str] | str = "", body: bytes = b"",
         now: datetime | None = None, nonce: str | None = None) -> dict[str, str]:
    """The authentication headers for one request. `body` is the *uncompressed* body."""
    date = format_date(now or datetime.now(UTC))
    nonce = nonce or new_nonce()
    canonical = canonical_request(method, path, canonical_query(query), date, nonce, body)
    return {H_STATION: station_id, H_KEY: key_id, H_DATE: date, H_NONCE: nonce,
            H_SIGNATURE: signature(secret, canonical)}


def signature_matches(secret: str | bytes, canonical: bytes, claimed: str) -> bool:
    """Constant-time comparison, so timing does not leak how much of a forgery was right.
    Compared as bytes: compare_digest refuses (TypeError) a str that is not ASCII."""
    expected = signature(secret, canonical).encode("ascii")
    return hmac.compare_digest(expected, claimed.lower().encode("utf-8", "replace"))


def within_window(date: datetime, now: datetime, window_s: int = CLOCK_WINDOW_S) -> bool:
    return abs((date - now).total_seconds()) <= window_s


def verify(secret: str | bytes, method: str, path: str, query: str, headers: Mapping[str, str],
           body: bytes, now: datetime) -> str | None:
    """Check a request's signature and date. Returns None when good, otherwise the error code
    (`bad_signature` or `clock_skew`). Nonce replay is the caller's to check: it needs storage.
    """
    try:
        date = parse_date(headers[H_DATE])
        nonce = headers[H_NONCE]
        claimed = headers[H_SIGNATURE]
    except (KeyError, ValueError):
        return "bad_signature"
    if not _NONCE.fullmatch(nonce):
        return "bad_signature"  # a short nonce would make replays guessable
    canonical = canonical_request(method, path, canonical_query(query), headers[H_DATE], nonce,
                                  body)
    if not signature_matches(secret, canonical, claimed):
        return "bad_signature"
    if not within_window(date, now):
        return "clock_skew"
    return None
