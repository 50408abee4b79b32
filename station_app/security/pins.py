"""Staff PINs: argon2id hashes, never the PIN itself.

A PIN is 4–8 digits typed at the counter. It is hashed with argon2id (argon2-cffi) and only
the hash is stored; neither the PIN nor its hash is ever logged. The parameters are sized for
the station's 2-core counter PC: one verify takes about 50 ms, slow enough to make guessing a
stolen database expensive, fast enough that a cashier switch feels instant. Guessing at the
counter itself is stopped by the lock-out in `station_app.services.staff`.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8

# argon2id, 1 lane (the counter has 2 cores and a GUI to keep responsive), 32 MiB, 2 passes:
# about 50 ms per verify on the counter PC. Old hashes with other parameters still verify.
_HASHER = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)


class BadPin(ValueError):
    """The PIN does not follow the rules (4–8 digits). The message never contains the PIN."""


def check_pin_rules(pin: str) -> None:
    """Raise BadPin unless `pin` is 4–8 ASCII digits."""
    if not (PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS) or not pin.isascii() \
            or not pin.isdigit():
        raise BadPin(f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")


def hash_pin(pin: str) -> str:
    """The argon2id hash to store for `pin`. Raises BadPin if it breaks the rules."""
    check_pin_rules(pin)
    return _HASHER.hash(pin)


def pin_matches(pin_hash: str | None, pin: str) -> bool:
    """Whether `pin` is the PIN behind `pin_hash`. No hash (no PIN set) never matches."""
    if not pin_hash:
        return False
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
