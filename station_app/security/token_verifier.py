"""The station's side of pickup tokens: check one offline against head office's public keys.

Several keys are trusted at once, each inside its own window, so head office can rotate keys
without a day on which residents' codes stop working. Checks run cheapest and most telling
first: format, key, signature, station, expiry. Nothing a scanner can produce makes `verify`
raise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from station_app.security.token_format import (
    PickupClaims,
    TokenFormatError,
    UnsupportedTokenVersion,
    parse_token,
)
from station_app.security.token_signing import key_id_for


class TokenOutcome(StrEnum):
    VALID = "valid"
    MALFORMED = "malformed"  # not a token this format can read: damaged, cut short, edited text
    UNSUPPORTED_VERSION = "unsupported_version"  # a newer token format: update the app
    UNKNOWN_KEY = "unknown_key"  # no such key here (yet): sync to fetch head office's keys
    BAD_SIGNATURE = "bad_signature"  # head office did not sign these claims
    OTHER_STATION = "other_station"  # genuine, but for another station
    EXPIRED = "expired"  # genuine, but past its expiry (or its key's window)


# Outcomes reached only after the signature checked out: their claims are head office's word.
AUTHENTIC = frozenset({TokenOutcome.VALID, TokenOutcome.OTHER_STATION, TokenOutcome.EXPIRED})


@dataclass(frozen=True)
class TokenCheck:
    outcome: TokenOutcome
    claims: PickupClaims | None = None  # as the token states them; trust only if `authentic`

    @property
    def authentic(self) -> bool:
        return self.outcome in AUTHENTIC


@dataclass(frozen=True)
class TrustedKey:
    """One head-office public key and the window in which tokens it signed are honoured."""

    key_id: str
    public_key: bytes  # raw 32 bytes
    not_before: datetime
    not_after: datetime | None = None  # None: until head office publishes an end
    _verifier: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Raises ValueError for a key that is not 32 bytes or does not match its id."""
        if len(self.public_key) != 32 or key_id_for(self.public_key) != self.key_id:
            raise ValueError(f"public key does not match key id {self.key_id}")
        if self.not_before.tzinfo is None or (self.not_after and self.not_after.tzinfo is None):
            raise ValueError("key windows must be timezone-aware")
        object.__setattr__(self, "_verifier", Ed25519PublicKey.from_public_bytes(
            self.public_key))

    def in_force(self, now: datetime) -> bool:
        return self.not_before <= now and (self.not_after is None or now <= self.not_after)

    def signed(self, signature: bytes, message: bytes) -> bool:
        try:
            self._verifier.verify(signature, message)
        except InvalidSignature:
            return False
        return True


class KeyRing:
    """The public keys this counter trusts, by key id."""

    def __init__(self, keys: Iterable[TrustedKey] = ()) -> None:
        self._keys = {key.key_id: key for key in keys}

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[TrustedKey]:
        return iter(self._keys.values())

    def get(self, key_id: str) -> TrustedKey | None:
        return self._keys.get(key_id)

    def verify(self, text: str | bytes, local_station: str, now: datetime) -> TokenCheck:
        """Check a scanned token for `local_station` at trusted time `now`.

        Never raises for any `text`. Raises ValueError only for a naive `now` (a bug).
        """
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        try:
            parsed = parse_token(text)
        except UnsupportedTokenVersion:
            return TokenCheck(TokenOutcome.UNSUPPORTED_VERSION)
        except TokenFormatError:
            return TokenCheck(TokenOutcome.MALFORMED)
        claims = parsed.claims
        key = self._keys.get(claims.key_id)
        # A key whose window has not begun is one this counter must not use yet; as with a
        # missing key, a sync (which also brings head office's time) puts it right.
        if key is None or now < key.not_before:
            return TokenCheck(TokenOutcome.UNKNOWN_KEY, claims)
        if not key.signed(parsed.signature, parsed.signed_message):
            return TokenCheck(TokenOutcome.BAD_SIGNATURE, claims)
        if claims.station_id != local_station:
            return TokenCheck(TokenOutcome.OTHER_STATION, claims)
        # A retired key's tokens are old codes: the resident's app shows a fresh one, which is
        # exactly what "expired" tells staff to ask for.
        if not key.in_force(now) or now > claims.expires_at:
            return TokenCheck(TokenOutcome.EXPIRED, claims)
        return TokenCheck(TokenOutcome.VALID, claims)
