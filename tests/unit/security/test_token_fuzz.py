"""Property tests: whatever reaches the parser, nothing escapes and nothing false gets through.

Near-valid tokens are the dangerous ones: a real token with one bit flipped, cut short, with
junk appended, its case changed or its key id swapped. The only text ever VALID is a token
head office really signed.
"""

from __future__ import annotations

import base64
import contextlib
from datetime import UTC, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from station_app.security.token_format import (
    MAX_ORDER_NO,
    MAX_STATION_ID,
    PickupClaims,
    TokenFormatError,
    parse_token,
)
from station_app.security.token_signing import sign_pickup_token
from station_app.security.token_verifier import KeyRing, TokenOutcome
from tests.unit.security.tokens import (
    NEW_KEY,
    NOW,
    OLD_KEY,
    RING,
    STATION,
    key_id,
    token,
    trusted,
)

GENUINE = {token(OLD_KEY), token(NEW_KEY), token(OLD_KEY, pickup_code="000001")}
ORIGINALS = sorted(GENUINE)
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def raw_of(text: str) -> bytes:
    encoded = text[4:]
    return base64.b32decode(encoded + "=" * (-len(encoded) % 8))


def text_of(raw: bytes) -> str:
    return "PT1." + base64.b32encode(raw).decode().rstrip("=")


def only_genuine_tokens_are_valid(text: str | bytes) -> None:
    check = RING.verify(text, STATION, NOW)  # must not raise: hypothesis reports any escape
    if check.outcome is TokenOutcome.VALID:
        assert text in GENUINE or (isinstance(text, bytes) and text.decode() in GENUINE)
    if check.authentic:
        assert check.claims is not None
        assert check.claims in {parse_token(genuine).claims for genuine in GENUINE}


@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    only_genuine_tokens_are_valid(data)
    only_genuine_tokens_are_valid(text_of(data))  # random bytes in a perfect envelope


@given(st.text(max_size=300))
@example("PT1.")
@example("PT999999999999.AAAA")
@example("PT1." + "A" * 10_000)
def test_random_text(text: str) -> None:
    only_genuine_tokens_are_valid(text)
    only_genuine_tokens_are_valid("PT1." + text)


@given(st.sampled_from(ORIGINALS), st.data())
def test_bit_flips(original: str, data: st.DataObject) -> None:
    raw = bytearray(raw_of(original))
    for _ in range(data.draw(st.integers(1, 3))):
        bit = data.draw(st.integers(0, len(raw) * 8 - 1))
        raw[bit // 8] ^= 1 << (bit % 8)
    mutant = text_of(bytes(raw))
    only_genuine_tokens_are_valid(mutant)
    if mutant not in GENUINE:
        assert RING.verify(mutant, STATION, NOW).outcome is not TokenOutcome.VALID


@given(st.sampled_from(ORIGINALS), st.data())
def test_text_edits(original: str, data: st.DataObject) -> None:
    """Characters replaced, cut, inserted, appended; case changed."""
    chars = list(original)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(chars) - 1))
        match data.draw(st.sampled_from(["replace", "delete", "insert", "case", "junk"])):
            case "replace":
                chars[at] = data.draw(st.sampled_from(BASE32 + "=.-a1 "))
            case "delete":
                del chars[at]
            case "insert":
                chars.insert(at, data.draw(st.sampled_from(BASE32)))
            case "case":
                chars[at] = chars[at].swapcase()
            case _:
                chars.extend(data.draw(st.text(min_size=1, max_size=20)))
        if not chars:
            break
    only_genuine_tokens_are_valid("".join(chars))


@given(st.sampled_from(ORIGINALS), st.integers(0, 200))
def test_truncation_and_appended_junk(original: str, cut: int) -> None:
    only_genuine_tokens_are_valid(original[:cut])
    only_genuine_tokens_are_valid(original + original[:cut])
    only_genuine_tokens_are_valid(original.lower()[:cut] + original[cut:])


@given(st.sampled_from(ORIGINALS), st.binary(min_size=4, max_size=4))
def test_swapped_key_ids(original: str, new_id: bytes) -> None:
    raw = raw_of(original)
    mutant = text_of(new_id + raw[4:])
    check = RING.verify(mutant, STATION, NOW)
    if new_id != raw[:4]:
        assert check.outcome in (TokenOutcome.BAD_SIGNATURE, TokenOutcome.UNKNOWN_KEY)
    for other in (OLD_KEY, NEW_KEY):
        swapped = text_of(bytes.fromhex(key_id(other)) + raw[4:])
        only_genuine_tokens_are_valid(swapped)


@given(st.sampled_from(ORIGINALS), st.data())
def test_genuine_but_wrong_station_or_expired_is_never_valid(original: str,
                                                             data: st.DataObject) -> None:
    expiry = parse_token(original).claims.expires_at
    later = expiry + timedelta(seconds=data.draw(st.integers(1, 10**8)))
    assert RING.verify(original, STATION, later).outcome is TokenOutcome.EXPIRED
    station = data.draw(st.text("ABCDEFXYZ0123456789", min_size=1, max_size=8))
    if station != STATION:
        assert RING.verify(original, station, NOW).outcome is TokenOutcome.OTHER_STATION


printable_field = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)


@settings(max_examples=200)
@given(order_no=printable_field.filter(lambda s: len(s) <= MAX_ORDER_NO),
       station_id=printable_field.filter(lambda s: len(s) <= MAX_STATION_ID),
       code=st.integers(0, 999_999),
       expires=st.datetimes(datetime(1970, 1, 1), datetime(2106, 2, 7),
                            timezones=st.just(UTC)))
def test_any_claims_the_format_carries_round_trip(order_no: str, station_id: str, code: int,
                                                  expires: datetime) -> None:
    claims = PickupClaims(order_no, station_id, f"{code:06d}", expires, key_id(OLD_KEY))
    text = sign_pickup_token(claims, OLD_KEY)
    parsed = parse_token(text)
    assert parsed.claims == PickupClaims(order_no, station_id, f"{code:06d}",
                                         expires.replace(microsecond=0), key_id(OLD_KEY))
    assert len(text) <= 4 + 200
    always = KeyRing([trusted(OLD_KEY, not_before=datetime(1970, 1, 1, tzinfo=UTC))])
    assert always.verify(text, station_id, expires.replace(microsecond=0)).outcome is \
        TokenOutcome.VALID


@given(st.binary(max_size=300))
def test_the_parser_raises_nothing_but_its_own_error(data: bytes) -> None:
    for candidate in (data, text_of(data), data.decode("latin-1")):
        with contextlib.suppress(TokenFormatError):
            parse_token(candidate)
