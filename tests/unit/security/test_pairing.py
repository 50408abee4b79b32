"""The pairing code round-trips, and a typo is caught when it is typed, not later."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.security.pairing import (
    SECRET_BYTES,
    BadPairingCode,
    new_lan_secret,
    pairing_code,
    read_pairing_code,
)


@given(st.binary(min_size=SECRET_BYTES, max_size=SECRET_BYTES))
def test_a_code_gives_its_secret_back_however_it_is_typed(secret: bytes) -> None:
    code = pairing_code(secret)
    assert len(code.split("-")) == 9
    assert read_pairing_code(code) == secret
    assert read_pairing_code(code.lower().replace("-", " ")) == secret


def test_a_typo_is_caught() -> None:
    code = pairing_code(new_lan_secret())
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    with pytest.raises(BadPairingCode):
        read_pairing_code(wrong)
    for garbage in ("", "hello", "!!!!-????"):
        with pytest.raises(BadPairingCode):
            read_pairing_code(garbage)
