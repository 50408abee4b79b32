"""Identifiers that travel to head office."""

from __future__ import annotations

import uuid6


def new_event_id() -> str:
    """A UUIDv7: time-ordered, so head office can index events by id without hot spots."""
    return str(uuid6.uuid7())
