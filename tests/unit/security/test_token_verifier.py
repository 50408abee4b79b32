"""Checking tokens offline: each way a token is refused, and keys rotating with overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from station_app.security.token_format import parse_token, signed_message, token_text
from station_app.security.token_verifier import KeyRing, TokenOutcome, TrustedKey
from tests.unit.security.tokens import (
    NEW_KEY,
    NOW,
    OLD_KEY,
    RING,
    STATION,
    STRANGER_KEY,
    claims,
    edit_bytes,
    key_id,
    token,
    trusted,
)


def test_a_genuine_token_is_valid_and_says_what_head_office_signed() -> None:
    check = RING.verify(token(), STATION, NOW)
    assert check.outcome is TokenOutcome.VALID
    assert check.authentic
    assert check.claims == claims()


def test_valid_until_the_second_it_expires() -> None:
    expiry = claims().expires_at
    assert RING.verify(token(), STATION, expiry).outcome is TokenOutcome.VALID
    assert RING.verify(token(), STATION, expiry + timedelta(seconds=1)).outcome is \
        TokenOutcome.EXPIRED


def test_expired() -> None:
    check = RING.verify(token(expires_at=NOW - timedelta(minutes=1)), STATION, NOW)
    assert check.outcome is TokenOutcome.EXPIRED
    assert check.authentic  # genuine, just old: the claims can be shown


def test_other_station() -> None:
    check = RING.verify(token(station_id="XF02", order_no="XF02-261125-0007"), STATION, NOW)
    assert check.outcome is TokenOutcome.OTHER_STATION
    assert check.claims is not None and check.claims.station_id == "XF02"


def test_forged_signature_under_a_known_key_id() -> None:
    fake = claims(OLD_KEY)  # names the trusted key, signed by someone else
    text = token_text(fake, STRANGER_KEY.sign(signed_message(fake)))
    check = RING.verify(text, STATION, NOW)
    assert check.outcome is TokenOutcome.BAD_SIGNATURE
    assert not check.authentic


@pytest.mark.parametrize(("what", "offset", "new"), [
    ("expiry pushed a year on", 4, (int(NOW.timestamp()) + 365 * 86400).to_bytes(4, "big")),
    ("pickup code changed", 8, (123456).to_bytes(3, "big")),
    ("station changed", 12, b"XF02"),
    ("order number changed", 30, b"99"),
    ("signature changed", 40, b"\x00"),
])
def test_tampered_fields_break_the_signature(what: str, offset: int, new: bytes) -> None:
    text = edit_bytes(token(), offset, new)
    assert text != token(), what
    assert RING.verify(text, STATION, NOW).outcome is TokenOutcome.BAD_SIGNATURE


def test_key_id_swapped_for_another_trusted_key() -> None:
    text = edit_bytes(token(OLD_KEY), 0, bytes.fromhex(key_id(NEW_KEY)))
    assert RING.verify(text, STATION, NOW).outcome is TokenOutcome.BAD_SIGNATURE


def test_unknown_key() -> None:
    check = RING.verify(token(STRANGER_KEY), STATION, NOW)
    assert check.outcome is TokenOutcome.UNKNOWN_KEY
    assert not check.authentic


def test_malformed_and_unsupported_version() -> None:
    assert RING.verify("PT1.NOTATOKEN", STATION, NOW).outcome is TokenOutcome.MALFORMED
    assert RING.verify("PT2." + token()[4:], STATION, NOW).outcome is \
        TokenOutcome.UNSUPPORTED_VERSION


def test_an_empty_ring_knows_no_key() -> None:
    assert KeyRing().verify(token(), STATION, NOW).outcome is TokenOutcome.UNKNOWN_KEY


def test_key_rotation_with_two_keys_valid_at_once() -> None:
    """Old key honoured until day 10, new key from day 5: both work in between."""
    day = timedelta(days=1)
    ring = KeyRing([trusted(OLD_KEY, NOW - 30 * day, NOW + 10 * day),
                    trusted(NEW_KEY, NOW + 5 * day)])
    old = token(OLD_KEY, expires_at=NOW + 100 * day)
    new = token(NEW_KEY, expires_at=NOW + 100 * day)

    assert ring.verify(old, STATION, NOW).outcome is TokenOutcome.VALID
    assert ring.verify(new, STATION, NOW).outcome is TokenOutcome.UNKNOWN_KEY  # not yet

    overlap = NOW + 7 * day
    assert ring.verify(old, STATION, overlap).outcome is TokenOutcome.VALID
    assert ring.verify(new, STATION, overlap).outcome is TokenOutcome.VALID

    # The retired key's codes are refused as old codes: the app shows a fresh one.
    retired = NOW + 10 * day + timedelta(seconds=1)
    assert ring.verify(old, STATION, retired).outcome is TokenOutcome.EXPIRED
    assert ring.verify(new, STATION, retired).outcome is TokenOutcome.VALID


def test_a_retired_key_cannot_vouch_for_a_forgery_either() -> None:
    ring = KeyRing([trusted(OLD_KEY, NOW - timedelta(days=9), NOW - timedelta(days=1))])
    fake = claims(OLD_KEY)
    text = token_text(fake, STRANGER_KEY.sign(signed_message(fake)))
    assert ring.verify(text, STATION, NOW).outcome is TokenOutcome.BAD_SIGNATURE


def test_a_key_must_match_its_id() -> None:
    good = trusted(OLD_KEY)
    with pytest.raises(ValueError):
        TrustedKey(key_id(NEW_KEY), good.public_key, good.not_before)
    with pytest.raises(ValueError):
        TrustedKey(good.key_id, good.public_key[:31], good.not_before)


def test_a_naive_time_is_a_bug_not_an_answer() -> None:
    with pytest.raises(ValueError):
        RING.verify(token(), STATION, NOW.replace(tzinfo=None))


def test_parsed_claims_of_a_bad_signature_are_kept_for_the_desk() -> None:
    text = edit_bytes(token(), 4, b"\xff\xff\xff\xff")
    check = RING.verify(text, STATION, NOW)
    assert check.outcome is TokenOutcome.BAD_SIGNATURE
    assert check.claims == parse_token(text).claims
    assert check.claims is not None and check.claims.order_no == claims().order_no
