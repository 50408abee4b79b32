"""Enrolment and request authentication on the real server over loopback."""

from __future__ import annotations

import base64
import gzip
from datetime import timedelta

import requests

from sync import auth
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import new_enrolment_code
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient, enrol, handover_event


def error_code(answer: requests.Response) -> str:
    code: str = answer.json()["error"]["code"]
    return code


def test_time_needs_no_auth(ho: EmbeddedHeadOffice) -> None:
    assert requests.get(ho.url + "/v1/time", timeout=5).json()["server_time"].endswith("Z")


def test_an_enrolment_code_works_once(ho: EmbeddedHeadOffice) -> None:
    code = new_enrolment_code(ho.db, STATION)
    first = requests.post(ho.url + "/v1/enrol", json={"code": code}, timeout=5)
    assert first.status_code == 200
    body = first.json()
    assert body["station_id"] == STATION and body["station_name"] == "幸福里社区自提点"
    assert len(base64.b64decode(body["secret"])) == 32
    again = requests.post(ho.url + "/v1/enrol", json={"code": code}, timeout=5)
    assert again.status_code == 409 and error_code(again) == "enrolment_code_used"
    unknown = requests.post(ho.url + "/v1/enrol", json={"code": "AAAA-BBBB-CCCC"}, timeout=5)
    assert error_code(unknown) == "unknown_enrolment_code"


def test_a_signed_request_passes(client: SignedClient) -> None:
    answer = client.changes("catalogue")
    assert answer.status_code == 200, answer.text
    assert answer.json()["reset_required"] is False


def test_a_wrong_signature_is_refused(client: SignedClient) -> None:
    wrong = SignedClient(client.base_url, client.station_id, client.key_id,
                         auth.new_secret(), requests.Session())
    answer = wrong.changes("catalogue")
    assert answer.status_code == 401 and error_code(answer) == "bad_signature"


def test_a_tampered_query_is_refused(client: SignedClient) -> None:
    headers = auth.sign(client.secret, STATION, client.key_id, "GET", "/v1/changes",
                        {"stream": "catalogue"})
    answer = requests.get(client.base_url + "/v1/changes", params={"stream": "orders"},
                          headers=headers, timeout=5)
    assert answer.status_code == 401 and error_code(answer) == "bad_signature"


def test_unknown_key(client: SignedClient) -> None:
    stranger = SignedClient(client.base_url, STATION, "0" * 16, client.secret,
                            requests.Session())
    assert error_code(stranger.changes("catalogue")) == "unknown_key"


def test_clock_skew_beyond_five_minutes(client: SignedClient) -> None:
    late = client.request("GET", "/v1/changes", params={"stream": "catalogue"},
                          skew=timedelta(minutes=5, seconds=30))
    assert late.status_code == 401 and error_code(late) == "clock_skew"
    assert "server time" in late.json()["error"]["message"]
    early = client.request("GET", "/v1/changes", params={"stream": "catalogue"},
                           skew=-timedelta(minutes=6))
    assert error_code(early) == "clock_skew"
    within = client.request("GET", "/v1/changes", params={"stream": "catalogue"},
                            skew=timedelta(minutes=4))
    assert within.status_code == 200


def test_a_replayed_nonce_is_refused(client: SignedClient) -> None:
    nonce = auth.new_nonce()
    first = client.request("GET", "/v1/changes", params={"stream": "catalogue"}, nonce=nonce)
    assert first.status_code == 200
    replay = client.request("GET", "/v1/changes", params={"stream": "catalogue"}, nonce=nonce)
    assert replay.status_code == 401 and error_code(replay) == "replay"


def test_a_short_nonce_is_refused(client: SignedClient) -> None:
    answer = client.request("GET", "/v1/changes", params={"stream": "catalogue"}, nonce="ab")
    assert error_code(answer) == "bad_signature"


def test_a_stolen_key_cannot_act_for_another_station(client: SignedClient) -> None:
    # Correctly signed with XF01's secret, but claiming to be XF02.
    as_other = client.request("GET", "/v1/changes", params={"stream": "orders"},
                              station_id=OTHER_STATION)
    assert as_other.status_code == 403 and error_code(as_other) == "wrong_station"
    # Or honest headers, but a body that pushes for XF02.
    body = {"station_id": OTHER_STATION, "events": []}
    pushed = client.request("POST", "/v1/events:batch", body=body,
                            headers={"Idempotency-Key": "11111111-2222-3333-4444-555555555555"})
    assert pushed.status_code in (403, 422)
    body["events"] = [handover_event(1, "X", OTHER_STATION)]
    pushed = client.request("POST", "/v1/events:batch", body=body,
                            headers={"Idempotency-Key": "11111111-2222-3333-4444-555555555556"})
    assert pushed.status_code == 403 and error_code(pushed) == "wrong_station"


def test_other_station_enrolled_separately(ho: EmbeddedHeadOffice) -> None:
    other = enrol(ho.url, new_enrolment_code(ho.db, OTHER_STATION))
    assert other.station_id == OTHER_STATION
    assert other.changes("orders").status_code == 200


def test_gzip_request_and_answer(client: SignedClient) -> None:
    answer = client.request("POST", "/v1/day-close", gzipped=True, body={
        "station_id": STATION, "business_day": "2026-11-25", "first_seq": 1, "last_seq": 1,
        "counts": {}, "event_ids_sha256": "0" * 64})
    assert answer.status_code == 200, answer.text
    catalogue = client.changes("catalogue")  # empty here; make the answer big enough to zip
    assert catalogue.status_code == 200


def test_a_gzip_bomb_is_refused(client: SignedClient) -> None:
    bomb = gzip.compress(b"{" + b" " * (5 * 1024 * 1024) + b"}")
    answer = client.request("POST", "/v1/day-close", raw=bomb, headers={
        "Content-Encoding": "gzip"})
    assert answer.status_code == 413 and error_code(answer) == "body_too_large"


MALFORMED_VALUES = {
    "non-ASCII (UTF-8)": "签名é".encode(),
    "non-ASCII (Latin-1)": b"\xff\xfe",
    "over-long": b"a" * 5000,
    "empty": b"",
}


def test_malformed_auth_headers_are_refused_never_a_crash(client_any: SignedClient) -> None:
    """Each auth header, garbled: an answer from the protocol (401, or 403 for a station id),
    never a 500 from deep inside the signature check."""
    expected = {auth.H_KEY: {"unknown_key"}, auth.H_SIGNATURE: {"bad_signature"},
                auth.H_NONCE: {"bad_signature"}, auth.H_DATE: {"bad_signature"},
                auth.H_STATION: {"wrong_station"}}
    wrong = []
    for header, codes in expected.items():
        for name, value in MALFORMED_VALUES.items():
            for method, path, body in (("GET", "/v1/changes", b""),
                                       ("POST", "/v1/day-close", b"{}")):
                query = {"stream": "catalogue"} if method == "GET" else {}
                headers: dict[str, str | bytes] = {**auth.sign(
                    client_any.secret, STATION, client_any.key_id, method, path, query, body)}
                headers[header] = value
                answer = requests.request(method, client_any.base_url + path, params=query,
                                          data=body or None, headers=headers, timeout=10)
                try:
                    code = answer.json()["error"]["code"]
                except (ValueError, KeyError):
                    code = answer.text[:80]
                if answer.status_code not in (401, 403) or code not in codes:
                    wrong.append(f"{method} {header} {name}: {answer.status_code} {code}")
    assert wrong == []
