"""The pickup token (提货二维码): claims, their byte layout and the text that goes into the QR.

Text form: ``PT1.`` + RFC 4648 Base32 (upper case, no padding) of the bytes below. Every
character is in the QR alphanumeric set, so a typical token (~160 characters) fits QR version 7
at error correction M, and the longest one this format allows still fits version 9.

Version 1 layout, big-endian::

    key id          4 bytes   which head-office key signed it
    expires at      4 bytes   unsigned Unix seconds, UTC
    pickup code     3 bytes   the 6-digit code as an unsigned integer (0 … 999999)
    station id      1 + n     length, then ASCII (1 … 16)
    order number    1 + n     length, then ASCII (1 … 32)
    signature      64 bytes   Ed25519 over SIGNING_CONTEXT + version + everything above

The parser accepts exactly one text per byte string (canonical Base32, no trailing bytes), so
a token cannot be re-spelt into a second form that also verifies.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

TOKEN_VERSION = 1
TEXT_PREFIX = "PT"
SIGNATURE_SIZE = 64
KEY_ID_SIZE = 4
# Domain separation: a head-office key signs only pickup tokens through this prefix, so no
# other message it ever signs can be replayed as a token.
SIGNING_CONTEXT = b"station-app/pickup-token\x00"

# Far above any real token (~200 characters at most); bounds the work done on scanner garbage.
MAX_TOKEN_TEXT = 512
MAX_STATION_ID = 16
MAX_ORDER_NO = 32
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_SECONDS = 2**32 - 1
_HEAD = struct.Struct(">4sI3s")  # key id, expiry, pickup code
_TEXT = re.compile(r"PT(?P<version>[0-9]{1,3})\.(?P<body>.*)", re.DOTALL)
_BASE32 = re.compile(r"[A-Z2-7]+")
_FIELD = re.compile(rb"[\x21-\x7e]+")  # printable ASCII, no spaces: what order numbers use
_KEY_ID = re.compile(r"[0-9a-f]{8}")
_PICKUP_CODE = re.compile(r"[0-9]{6}")


class TokenFormatError(Exception):
    """The text is not a well-formed pickup token. The only exception the parser raises."""


class UnsupportedTokenVersion(TokenFormatError):
    """A well-formed ``PT<v>.`` prefix of a version this build cannot read."""

    def __init__(self, version: int) -> None:
        super().__init__(f"pickup token version {version} is not supported")
        self.version = version


@dataclass(frozen=True)
class PickupClaims:
    """What head office vouches for. `expires_at` travels to the second (floored)."""

    order_no: str
    station_id: str
    pickup_code: str
    expires_at: datetime
    key_id: str  # 8 lower-case hex digits (4 bytes), see token_signing.key_id_for
    version: int = TOKEN_VERSION


@dataclass(frozen=True)
class ParsedToken:
    """A token taken apart; nothing in it is trusted until the signature is checked."""

    claims: PickupClaims
    signed_message: bytes  # exactly what the signature covers
    signature: bytes


def signed_message(claims: PickupClaims) -> bytes:
    """The bytes the signature covers. Raises ValueError for claims the format cannot carry."""
    return SIGNING_CONTEXT + bytes([claims.version]) + encode_claims(claims)


def encode_claims(claims: PickupClaims) -> bytes:
    """The claims as version-1 bytes (no signature). Raises ValueError when one is out of range."""
    if claims.version != TOKEN_VERSION:
        raise ValueError(f"can only write pickup token version {TOKEN_VERSION}")
    if not _KEY_ID.fullmatch(claims.key_id):
        raise ValueError("key id must be 8 lower-case hex digits")
    if not _PICKUP_CODE.fullmatch(claims.pickup_code):
        raise ValueError("pickup code must be 6 digits")
    if claims.expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    seconds = (claims.expires_at - _EPOCH) // timedelta(seconds=1)
    if not 0 <= seconds <= _MAX_SECONDS:
        raise ValueError("expires_at is outside 1970 … 2106")
    head = _HEAD.pack(bytes.fromhex(claims.key_id), seconds,
                      int(claims.pickup_code).to_bytes(3, "big"))
    return head + _field(claims.station_id, MAX_STATION_ID) + _field(claims.order_no,
                                                                      MAX_ORDER_NO)


def token_text(claims: PickupClaims, signature: bytes) -> str:
    """The QR text for claims and their signature."""
    if len(signature) != SIGNATURE_SIZE:
        raise ValueError("an Ed25519 signature is 64 bytes")
    body = base64.b32encode(encode_claims(claims) + signature).decode("ascii").rstrip("=")
    return f"{TEXT_PREFIX}{claims.version}.{body}"


def parse_token(text: str | bytes) -> ParsedToken:
    """Take a token text apart. Raises TokenFormatError (or UnsupportedTokenVersion), only."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise TokenFormatError("not ASCII") from None
    if len(text) > MAX_TOKEN_TEXT:
        raise TokenFormatError("too long")
    match = _TEXT.fullmatch(text)
    if match is None:
        raise TokenFormatError("not PT<version>.<Base32>")
    version = int(match["version"])
    if match["version"] != str(version):
        raise TokenFormatError("version with leading zeros")
    # The version is read before the body: a newer version may spell its body differently.
    if version != TOKEN_VERSION:
        raise UnsupportedTokenVersion(version)
    raw = _base32(match["body"])
    if len(raw) < _HEAD.size + 2 + SIGNATURE_SIZE:
        raise TokenFormatError("too short")
    key_id, seconds, code = _HEAD.unpack_from(raw)
    pickup_code = int.from_bytes(code, "big")
    if pickup_code > 999_999:
        raise TokenFormatError("pickup code out of range")
    offset = _HEAD.size
    station_id, offset = _read_field(raw, offset, MAX_STATION_ID)
    order_no, offset = _read_field(raw, offset, MAX_ORDER_NO)
    if len(raw) - offset != SIGNATURE_SIZE:
        raise TokenFormatError("wrong length")
    claims = PickupClaims(order_no, station_id, f"{pickup_code:06d}",
                          _EPOCH + timedelta(seconds=seconds), key_id.hex(), version)
    return ParsedToken(claims, SIGNING_CONTEXT + bytes([version]) + raw[:offset], raw[offset:])


def _field(value: str, limit: int) -> bytes:
    try:
        data = value.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError(f"{value!r}: ASCII only") from None
    if not 1 <= len(data) <= limit or not _FIELD.fullmatch(data):
        raise ValueError(f"{value!r}: 1 … {limit} printable ASCII characters, no spaces")
    return bytes([len(data)]) + data


def _read_field(raw: bytes, offset: int, limit: int) -> tuple[str, int]:
    if offset >= len(raw):
        raise TokenFormatError("too short")
    size = raw[offset]
    data = raw[offset + 1: offset + 1 + size]
    if not 1 <= size <= limit or len(data) != size or not _FIELD.fullmatch(data):
        raise TokenFormatError("bad text field")
    return data.decode("ascii"), offset + 1 + size


def _base32(body: str) -> bytes:
    if not _BASE32.fullmatch(body):
        raise TokenFormatError("not upper-case Base32")
    # Base32 without padding: only these lengths mod 8 end on a whole byte.
    if len(body) % 8 not in (0, 2, 4, 5, 7):
        raise TokenFormatError("bad Base32 length")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        raise TokenFormatError("bad Base32") from None
    # Unused trailing bits must be zero, so each byte string has exactly one spelling.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != body:
        raise TokenFormatError("non-canonical Base32")
    return raw
