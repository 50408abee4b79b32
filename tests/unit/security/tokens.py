"""Keys, claims and key rings for the token tests: fixed seeds, so failures replay exactly."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station_app.security.token_format import PickupClaims
from station_app.security.token_signing import key_id_for, raw_public_key, sign_pickup_token
from station_app.security.token_verifier import KeyRing, TrustedKey

STATION = "XF01"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
OLD_KEY = Ed25519PrivateKey.from_private_bytes(bytes([1]) * 32)
NEW_KEY = Ed25519PrivateKey.from_private_bytes(bytes([2]) * 32)
STRANGER_KEY = Ed25519PrivateKey.from_private_bytes(bytes([3]) * 32)  # not in any ring


def key_id(private_key: Ed25519PrivateKey) -> str:
    return key_id_for(private_key.public_key())


def trusted(private_key: Ed25519PrivateKey, not_before: datetime = NOW - timedelta(days=30),
            not_after: datetime | None = None) -> TrustedKey:
    return TrustedKey(key_id(private_key), raw_public_key(private_key.public_key()),
                      not_before, not_after)


RING = KeyRing([trusted(OLD_KEY), trusted(NEW_KEY)])


def claims(private_key: Ed25519PrivateKey = OLD_KEY, **changes: object) -> PickupClaims:
    base = PickupClaims("XF01-261125-0042", STATION, "048213", NOW + timedelta(days=2),
                        key_id(private_key))
    return replace(base, **changes)  # type: ignore[arg-type]


def token(private_key: Ed25519PrivateKey = OLD_KEY, **changes: object) -> str:
    return sign_pickup_token(claims(private_key, **changes), private_key)


def edit_bytes(text: str, offset: int, new: bytes) -> str:
    """The token with some of its bytes replaced and re-encoded: well-formed, badly signed."""
    encoded = text[4:]
    raw = bytearray(base64.b32decode(encoded + "=" * (-len(encoded) % 8)))
    raw[offset:offset + len(new)] = new
    return "PT1." + base64.b32encode(bytes(raw)).decode().rstrip("=")
