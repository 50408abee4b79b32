"""The token's byte layout and text: round trip, strictness, and the QR size it leads to."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_ALPHA_NUM

from station_app.domain.scan_text import ScanKind, ScanText, classify
from station_app.security.token_format import (
    MAX_ORDER_NO,
    MAX_STATION_ID,
    TokenFormatError,
    UnsupportedTokenVersion,
    parse_token,
)
from station_app.security.token_signing import (
    DEMO_KEY_ID,
    demo_signing_key,
    key_id_for,
    raw_public_key,
    sign_pickup_token,
)
from tests.unit.security.tokens import NEW_KEY, OLD_KEY, claims, token


def qr_version(text: str) -> int:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    assert [chunk.mode for chunk in code.data_list] == [MODE_ALPHA_NUM]
    return int(code.version)


def body(text: str) -> bytes:
    encoded = text.split(".", 1)[1]
    return base64.b32decode(encoded + "=" * (-len(encoded) % 8))


def test_round_trip() -> None:
    text = token()
    parsed = parse_token(text)
    assert parsed.claims == claims()
    assert text.startswith("PT1.")
    assert isinstance(classify(text), ScanText)
    assert classify(text).kind is ScanKind.TOKEN  # type: ignore[union-attr]


def test_byte_layout_of_a_typical_token() -> None:
    raw = body(token())
    assert len(raw) == 4 + 4 + 3 + (1 + 4) + (1 + 16) + 64
    assert raw[:4].hex() == key_id_for(OLD_KEY.public_key())
    expiry = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    assert int.from_bytes(raw[4:8], "big") == int(expiry.timestamp())
    assert int.from_bytes(raw[8:11], "big") == 48213
    assert raw[11:16] == b"\x04XF01"
    assert raw[16:33] == b"\x10XF01-261125-0042"


def test_expiry_travels_to_the_second() -> None:
    precise = claims(expires_at=datetime(2026, 11, 27, 9, 30, 5, 999_999, tzinfo=UTC))
    parsed = parse_token(sign_pickup_token(precise, OLD_KEY))
    assert parsed.claims.expires_at == datetime(2026, 11, 27, 9, 30, 5, tzinfo=UTC)


def test_pickup_codes_keep_their_leading_zeros() -> None:
    assert parse_token(token(pickup_code="000007")).claims.pickup_code == "000007"


def test_the_longest_realistic_token_fits_qr_version_9_at_m() -> None:
    text = token()
    assert len(text) == 160
    assert qr_version(text) <= 9  # 7 in fact: alphanumeric mode, ~1.6 characters per byte


def test_even_the_longest_token_the_format_allows_fits_qr_version_9_at_m() -> None:
    text = token(order_no="X" * MAX_ORDER_NO, station_id="Y" * MAX_STATION_ID)
    assert len(text) == 4 + 200
    assert qr_version(text) <= 9


@pytest.mark.parametrize("change", [
    {"pickup_code": "12345"},
    {"pickup_code": "12345a"},
    {"order_no": ""},
    {"order_no": "X" * (MAX_ORDER_NO + 1)},
    {"order_no": "XF01 0042"},
    {"order_no": "订单1"},
    {"station_id": "Y" * (MAX_STATION_ID + 1)},
    {"expires_at": datetime(2026, 11, 27)},  # naive
    {"expires_at": datetime(1969, 12, 31, tzinfo=UTC)},
    {"expires_at": datetime(2107, 1, 1, tzinfo=UTC)},
    {"key_id": "ABCDEF01"},
    {"version": 2},
])
def test_claims_the_format_cannot_carry_are_refused_when_signing(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        sign_pickup_token(replace(claims(), **change), OLD_KEY)  # type: ignore[arg-type]


def test_signing_with_a_key_other_than_the_claimed_one_is_refused() -> None:
    with pytest.raises(ValueError, match="signing key"):
        sign_pickup_token(claims(OLD_KEY), NEW_KEY)


def test_demo_key_is_fixed_and_named_by_its_id() -> None:
    public_key = raw_public_key(demo_signing_key().public_key())
    assert key_id_for(public_key) == DEMO_KEY_ID
    assert len(public_key) == 32
    assert raw_public_key(demo_signing_key().public_key()) == public_key  # same seed, same key


@pytest.mark.parametrize("text", [
    "", "PT", "PT1", "PT1.", "pt1." + token()[4:], token().lower(), token() + "A",
    token()[:-1], token()[:-2], token() + "====", token()[:40], "PT1." + "A" * 2000,
    "PTX." + token()[4:], "PT01." + token()[4:], "PT1.ÄÖÜ", "PT１." + token()[4:],
])
def test_anything_not_exactly_a_token_is_malformed(text: str) -> None:
    with pytest.raises(TokenFormatError) as error:
        parse_token(text)
    assert not isinstance(error.value, UnsupportedTokenVersion)


def test_non_canonical_base32_is_refused() -> None:
    text = token()
    # 97 bytes leave 4 unused bits in the last character: setting one spells the same bytes.
    twin = text[:-1] + _with_low_bit(text[-1])
    assert twin != text and body(twin) == body(text)
    with pytest.raises(TokenFormatError):
        parse_token(twin)


def _with_low_bit(char: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return alphabet[alphabet.index(char) | 1]


@pytest.mark.parametrize("version", [2, 9, 123])
def test_newer_versions_are_named_as_such(version: int) -> None:
    with pytest.raises(UnsupportedTokenVersion) as error:
        parse_token(f"PT{version}." + token()[4:])
    assert error.value.version == version


def test_bytes_from_a_scanner_parse_too() -> None:
    assert parse_token(token().encode()).claims == claims()
    with pytest.raises(TokenFormatError):
        parse_token(b"\xff\xfe" + token().encode())


def test_expiry_near_the_end_of_the_format() -> None:
    late = datetime(2106, 2, 7, 6, 28, 15, tzinfo=UTC)  # 2**32 - 1 seconds
    assert parse_token(token(expires_at=late)).claims.expires_at == late
    with pytest.raises(ValueError):
        token(expires_at=late + timedelta(seconds=1))
