"""The station's copy of head office's public signing keys, in the `signing_key` table."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.security.token_verifier import KeyRing, TrustedKey
from station_app.storage.models import SigningKey

log = logging.getLogger("station.security")

HEAD_OFFICE = "head_office"
DEMO = "demo"


def load_key_ring(session: Session) -> KeyRing:
    """Every stored key. A damaged row is left out (and logged) rather than stopping lookups."""
    keys = []
    for row in session.scalars(select(SigningKey)):
        try:
            keys.append(TrustedKey(row.key_id, bytes.fromhex(row.public_key), row.not_before,
                                   row.not_after))
        except ValueError:
            log.warning("signing key %s is damaged; tokens it signed will be rejected",
                        row.key_id)
    return KeyRing(keys)


def store_key(session: Session, key: TrustedKey, origin: str, now: datetime) -> None:
    """Add the key, or update its window when head office re-publishes it (e.g. retires it)."""
    row = session.get(SigningKey, key.key_id)
    if row is None:
        session.add(SigningKey(key_id=key.key_id, public_key=key.public_key.hex(),
                               not_before=key.not_before, not_after=key.not_after,
                               origin=origin, added_at=now))
        return
    if row.public_key != key.public_key.hex():  # ids come from the key: cannot happen honestly
        raise ValueError(f"key {key.key_id} is already stored with other key bytes")
    row.not_before, row.not_after = key.not_before, key.not_after
