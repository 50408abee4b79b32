"""The enrolment QR payload: what head office prints and the counter reads, strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from station_app.setup.enrolment_code import (
    Enrolment,
    EnrolmentCodeError,
    EnrolmentProblem,
    enrolment_payload,
    parse_enrolment_payload,
    read_enrolment,
)
from sync.server.cli import main as headoffice_cli


def test_round_trip_keeps_a_url_with_port_and_path() -> None:
    payload = enrolment_payload("https://ho.example.cn:8443/station-api/", "k7qm-3xhp-vn9d")
    assert payload == "STATIONAPP-ENROL:1:https://ho.example.cn:8443/station-api:K7QM-3XHP-VN9D"
    assert parse_enrolment_payload(payload) == Enrolment(
        "https://ho.example.cn:8443/station-api", "K7QM-3XHP-VN9D")


def test_scanner_whitespace_and_lower_case_prefix_are_fine() -> None:
    read = parse_enrolment_payload(" stationapp-enrol:1:http://127.0.0.1:8765:ABCD-EFGH-JKMN\r\n")
    assert read == Enrolment("http://127.0.0.1:8765", "ABCD-EFGH-JKMN")


@pytest.mark.parametrize(("text", "problem"), [
    ("https://ho.example.cn", EnrolmentProblem.NOT_ENROLMENT),
    ("XF01-261125-0001", EnrolmentProblem.NOT_ENROLMENT),
    ("STATIONAPP-ENROL", EnrolmentProblem.NOT_ENROLMENT),
    ("STATIONAPP-ENROL:2:https://ho.example.cn:ABCD-EFGH-JKMN", EnrolmentProblem.VERSION),
    ("STATIONAPP-ENROL::https://ho.example.cn:ABCD-EFGH-JKMN", EnrolmentProblem.VERSION),
    ("STATIONAPP-ENROL:1:ftp://ho.example.cn:ABCD-EFGH-JKMN", EnrolmentProblem.BAD_ADDRESS),
    ("STATIONAPP-ENROL:1:https://:ABCD-EFGH-JKMN", EnrolmentProblem.BAD_ADDRESS),
    ("STATIONAPP-ENROL:1:https://ho.cn:99999:ABCD-EFGH-JKMN", EnrolmentProblem.BAD_ADDRESS),
    ("STATIONAPP-ENROL:1:https://u:p@ho.cn:ABCD-EFGH-JKMN", EnrolmentProblem.BAD_ADDRESS),
    ("STATIONAPP-ENROL:1:https://ho.cn/?x=1:ABCD-EFGH-JKMN", EnrolmentProblem.BAD_ADDRESS),
    ("STATIONAPP-ENROL:1:https://ho.example.cn:ABCD-EFGH-JKM0", EnrolmentProblem.BAD_CODE),
    ("STATIONAPP-ENROL:1:https://ho.example.cn:ABCD-EFGH", EnrolmentProblem.BAD_CODE),
    ("STATIONAPP-ENROL:1:https://ho.example.cn:", EnrolmentProblem.BAD_CODE),
    ("STATIONAPP-ENROL:1:https://ho.example.cn:" + "A" * 600, EnrolmentProblem.NOT_ENROLMENT),
])
def test_anything_else_is_refused_with_its_reason(text: str, problem: EnrolmentProblem) -> None:
    with pytest.raises(EnrolmentCodeError) as refused:
        parse_enrolment_payload(text)
    assert refused.value.problem is problem


def test_typed_fields_or_a_payload_scanned_into_the_address_field() -> None:
    for typed in (" abcd efgh-jkmn ", "abcdefghjkmn", "ABCD-EFGH-JKMN"):
        assert read_enrolment("ho.example.cn", typed) == Enrolment(
            "https://ho.example.cn", "ABCD-EFGH-JKMN")
    scanned = "STATIONAPP-ENROL:1:https://10.0.0.5:8765:ABCD-EFGH-JKMN"
    assert read_enrolment(scanned, "") == Enrolment("https://10.0.0.5:8765", "ABCD-EFGH-JKMN")
    insecure = "STATIONAPP-ENROL:1:http://10.0.0.5:8765:ABCD-EFGH-JKMN"
    assert read_enrolment(insecure, "", allow_insecure=True).base_url == "http://10.0.0.5:8765"
    with pytest.raises(EnrolmentCodeError) as refused:
        read_enrolment("", "ABCD-EFGH-JKMN")
    assert refused.value.problem is EnrolmentProblem.BAD_ADDRESS


def test_head_office_prints_the_code_payload_and_qr(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database-url", f"sqlite:///{tmp_path / 'ho.db'}"]
    assert headoffice_cli([*database, "create-station", "GL07", "光明里自提点"]) == 0
    capsys.readouterr()
    qr = tmp_path / "enrol.png"
    assert headoffice_cli([*database, "enrol-code", "GL07", "--url", "https://ho.example.cn/",
                           "--qr", str(qr)]) == 0
    code, payload, _saved = capsys.readouterr().out.splitlines()
    assert parse_enrolment_payload(payload) == Enrolment("https://ho.example.cn", code)
    image = Image.open(qr)
    assert [found.text for found in zxingcpp.read_barcodes(image)] == [payload]
    # --qr without an address, or a bad address: refused before a code is spent
    assert headoffice_cli([*database, "enrol-code", "GL07", "--qr", str(qr)]) == 1
    assert headoffice_cli([*database, "enrol-code", "GL07", "--url", "ftp://x"]) == 1
    assert "bad_address" in capsys.readouterr().err
