"""PIN hashing: argon2id, verified, rules enforced, the PIN never stored in clear."""

from __future__ import annotations

import pytest

from station_app.security.pins import BadPin, check_pin_rules, hash_pin, pin_matches


def test_a_pin_is_stored_as_an_argon2id_hash_that_verifies() -> None:
    stored = hash_pin("482915")
    assert stored.startswith("$argon2id$")
    assert "482915" not in stored
    assert pin_matches(stored, "482915")
    assert not pin_matches(stored, "482914")
    assert hash_pin("482915") != stored  # salted: the same PIN never hashes the same


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", "12 34", "-123"])
def test_pins_are_four_to_eight_ascii_digits(pin: str) -> None:
    with pytest.raises(BadPin) as refused:
        hash_pin(pin)
    assert pin not in str(refused.value) or pin == ""
    with pytest.raises(BadPin):
        check_pin_rules(pin)


@pytest.mark.parametrize("pin", ["0000", "12345678"])
def test_the_limits_are_allowed(pin: str) -> None:
    check_pin_rules(pin)


@pytest.mark.parametrize("stored", [None, "", "not a hash", "$argon2id$v=19$broken"])
def test_no_or_broken_hash_never_matches(stored: str | None) -> None:
    assert not pin_matches(stored, "1111")
