"""Staff roles. What each role may do is `station_app.services.authority.ROLE_PERMISSIONS`."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
