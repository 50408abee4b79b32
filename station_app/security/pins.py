"""Staff PINs: argon2id hashes, never the PIN itself.

A PIN is 4–8 digits typed at the counter, never a run (1234) or a repeat (1111), and a station
manager's has at least 6 (`check_pin_rules`). It is hashed with argon2id (argon2-cffi) and only
the hash is stored; neither the PIN nor its hash is ever logged. The parameters are sized for
the station's 2-core counter PC: one verify takes about 50 ms, slow enough to make guessing a
stolen database expensive, fast enough that a cashier switch feels instant. Guessing at the
counter itself is stopped by the lock-out in `station_app.services.staff`.
"""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from station_app.domain.staff import Role

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
# A manager's PIN approves refunds, cash out and stock adjustments: 4 digits fall to a patient
# onlooker, 6 take a hundred times longer.
MANAGER_PIN_MIN_DIGITS = 6

# argon2id, 1 lane (the counter has 2 cores and a GUI to keep responsive), 32 MiB, 2 passes:
# about 50 ms per verify on the counter PC. Old hashes with other parameters still verify.
_HASHER = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)


class PinProblem(StrEnum):
    FORMAT = "format"  # not 4–8 ASCII digits
    TOO_SHORT = "too_short"  # a manager's PIN of fewer than MANAGER_PIN_MIN_DIGITS digits
    GUESSABLE = "guessable"  # a run (1234, 9876, 7890) or a repeat (1111, 1212, 123123)


class BadPin(ValueError):
    """The PIN does not follow the rules; `problem` says which. The message never contains the
    PIN."""

    def __init__(self, problem: PinProblem) -> None:
        super().__init__({
            PinProblem.FORMAT: f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits",
            PinProblem.TOO_SHORT: f"a manager's PIN has at least {MANAGER_PIN_MIN_DIGITS} digits",
            PinProblem.GUESSABLE: "a PIN is neither a run of digits nor a repeated block",
        }[problem])
        self.problem = problem


def check_pin_format(pin: str) -> None:
    """Raise BadPin(FORMAT) unless `pin` is 4–8 ASCII digits."""
    if not (PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS) or not pin.isascii() \
            or not pin.isdigit():
        raise BadPin(PinProblem.FORMAT)


def is_guessable(pin: str) -> bool:
    """A run up or down the digits (0123, 4321, 7890: 0 follows 9 on every keypad row) or one
    block repeated (1111, 1212, 123123): the first PINs anyone tries."""
    steps = {(int(after) - int(before)) % 10 for before, after in pairwise(pin)}
    if steps in ({1}, {9}):
        return True
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
               for size in range(1, len(pin) // 2 + 1))


def check_pin_rules(pin: str, role: Role | str) -> None:
    """Raise BadPin unless `pin` may be chosen by someone of `role`: 4–8 ASCII digits, not a run
    or a repeat, and for a station manager at least 6 digits. Every PIN set through the
    services obeys this; only the demo's seeded PINs (station_app.demo_data) do not."""
    check_pin_format(pin)
    if role == Role.MANAGER and len(pin) < MANAGER_PIN_MIN_DIGITS:
        raise BadPin(PinProblem.TOO_SHORT)
    if is_guessable(pin):
        raise BadPin(PinProblem.GUESSABLE)


def hash_pin(pin: str) -> str:
    """The argon2id hash to store for `pin`. Raises BadPin(FORMAT) unless it is 4–8 digits;
    whether the PIN is strong enough for its holder is `check_pin_rules`, asked first by the
    services that set PINs."""
    check_pin_format(pin)
    return _HASHER.hash(pin)


def pin_matches(pin_hash: str | None, pin: str) -> bool:
    """Whether `pin` is the PIN behind `pin_hash`. No hash (no PIN set) never matches."""
    if not pin_hash:
        return False
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
