"""The pairing code: the station's LAN secret as staff type it from one counter into the next.

Counters of a station prove to each other that they are (`sync/lan`) with one shared secret.
The first counter makes it; a manager reads its code off F2 and types it at each new counter.
32 base32 characters (160 bits) in groups of four, then a group of check characters so a typo
is caught at once instead of showing up later as "refused by the other counter".
"""

from __future__ import annotations

import base64
import hashlib
import secrets

SECRET_BYTES = 20  # 160 bits: as strong as the HMAC-SHA256 tag it keys needs, short to type
GROUP = 4


class BadPairingCode(ValueError):
    """Not a pairing code: a character or group mistyped."""


def new_lan_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def _check(secret: bytes) -> str:
    return base64.b32encode(hashlib.sha256(b"pairing" + secret).digest())[:GROUP].decode()


def pairing_code(secret: bytes) -> str:
    """`ABCD-EFGH-…-WXYZ-CHK1`: the secret, then its check group."""
    text = base64.b32encode(secret).decode("ascii").rstrip("=") + _check(secret)
    return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def read_pairing_code(code: str) -> bytes:
    """The secret in a typed code (any case, spaces or dashes anywhere; 0, 1 and 8 are not in
    the code's alphabet, so they are read as the O, I and B they were meant to be).
    Raises BadPairingCode."""
    text = "".join(code.upper().split()).replace("-", "")
    text = text.translate(str.maketrans("018", "OIB"))
    body, check = text[:-GROUP], text[-GROUP:]
    try:
        secret = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise BadPairingCode("not a pairing code") from None
    if len(secret) != SECRET_BYTES or _check(secret) != check:
        raise BadPairingCode("a character is wrong: check the code again")
    return secret
