"""Head office's side of pickup tokens: keys and signing.

Kept free of the station's storage and UI so the reference head-office server (sync issue) can
import it as it is. A key id is derived from the public key (first 4 bytes of its SHA-256), so
an id can never point at the wrong key, on either side.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station_app.security.token_format import PickupClaims, signed_message, token_text

# DEMO ONLY. Anyone can derive this private key from the source code: a counter that trusts
# the demo public key accepts tokens from anybody. Only `--demo` data ever registers it.
DEMO_KEY_SEED = hashlib.sha256(b"station-app DEMO pickup-token key; never use in production"
                               ).digest()


def generate_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id_for(public_key: Ed25519PublicKey | bytes) -> str:
    """8 hex digits naming the key: the first 4 bytes of SHA-256 over the raw public key."""
    raw = public_key if isinstance(public_key, bytes) else raw_public_key(public_key)
    return hashlib.sha256(raw).digest()[:4].hex()


def sign_pickup_token(claims: PickupClaims, private_key: Ed25519PrivateKey) -> str:
    """The QR text of a signed pickup token.

    Raises ValueError when `claims.key_id` is not this key's id (every station would reject the
    token as forged) or a claim does not fit the format.
    """
    if claims.key_id != key_id_for(private_key.public_key()):
        raise ValueError(f"claims name key {claims.key_id}, but the signing key is "
                         f"{key_id_for(private_key.public_key())}")
    return token_text(claims, private_key.sign(signed_message(claims)))


def demo_signing_key() -> Ed25519PrivateKey:
    """The fixed DEMO key pair (see DEMO_KEY_SEED): for demo mode and tests only."""
    return Ed25519PrivateKey.from_private_bytes(DEMO_KEY_SEED)


DEMO_KEY_ID = key_id_for(demo_signing_key().public_key())
