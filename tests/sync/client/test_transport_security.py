"""A head office over plain http is refused before a byte is sent: anyone on the path could
rewrite pickup codes, cancel orders, add a signing key or claim events were acknowledged.
Only this PC (the demo, tests) or the loudly labelled allow_insecure_lan setting may."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from station_app.counter import open_counter
from station_app.setup.enrolment_code import (
    EnrolmentCodeError,
    EnrolmentProblem,
    check_address,
    parse_enrolment_payload,
)
from sync.client.service import SyncService
from sync.client.transport import INSECURE, SyncError, Transport
from tests.helpers import scalar

LAN = "http://192.0.2.10:8765"  # TEST-NET-1: never reached, nothing may even try


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    tried: list[str] = []

    def refuse(_session: object, method: str, url: str, **_kwargs: object) -> None:
        tried.append(f"{method} {url}")
        raise AssertionError("nothing may be sent to a plain-http head office")

    monkeypatch.setattr(requests.Session, "request", refuse)
    return tried


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(
        no_network: list[str], tmp_path: Path) -> None:
    with pytest.raises(SyncError) as refused:
        Transport(LAN)
    assert refused.value.code == INSECURE
    counter = open_counter(tmp_path / "station", demo=True)
    try:
        service = SyncService(counter.db, tmp_path / "station", use_keyring=False)
        with pytest.raises(SyncError) as enrolling:
            service.enrol(LAN, "K7QM-3XHP-VN9D")
        assert enrolling.value.code == INSECURE
        assert scalar(counter.db, "SELECT count(*) FROM sync_enrolment_attempt") == 0
    finally:
        counter.close()
    assert no_network == []


def test_loopback_https_and_the_lan_setting_are_allowed(no_network: list[str]) -> None:
    for address in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765",
                    "https://ho.example.cn"):
        Transport(address).close()
    Transport(LAN, allow_insecure=True).close()
    assert no_network == []


def test_the_enrolment_qr_and_form_refuse_plain_http() -> None:
    with pytest.raises(EnrolmentCodeError) as typed:
        check_address(LAN)
    assert typed.value.problem is EnrolmentProblem.INSECURE
    with pytest.raises(EnrolmentCodeError) as scanned:
        parse_enrolment_payload(f"STATIONAPP-ENROL:1:{LAN}:K7QM-3XHP-VN9D")
    assert scanned.value.problem is EnrolmentProblem.INSECURE
    assert check_address(LAN, allow_insecure=True) == LAN
    assert check_address("ho.example.cn") == "https://ho.example.cn"
