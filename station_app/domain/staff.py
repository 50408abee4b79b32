"""Staff roles. Sign-in and PINs arrive with the staff issue; the role is recorded now."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
