"""Day close against head office's holdings; the committed OpenAPI document; the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.protocol import event_ids_sha256
from sync.server.cli import main, openapi_text
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.order_factory import generate_orders
from tests.sync.conftest import STATION
from tests.sync.signed_client import SignedClient, handover_event

OPENAPI = Path(__file__).resolve().parents[2] / "sync" / "openapi.json"


def summary(events: list[dict[str, object]], sent: list[dict[str, object]]
            ) -> dict[str, object]:
    ids = [str(e["event_id"]) for e in sent]
    return {"station_id": STATION, "business_day": "2026-11-25", "first_seq": 1,
            "last_seq": len(events), "counts": {"handover.completed": len(sent)},
            "event_ids_sha256": event_ids_sha256(ids), "event_ids": ids}


def test_day_close_matches_when_head_office_holds_everything(
        ho_any: EmbeddedHeadOffice, client_any: SignedClient) -> None:
    orders = generate_orders(ho_any.db, STATION, 4, seed=1)
    events = [handover_event(n, o, STATION) for n, o in enumerate(orders, start=1)]
    assert client_any.push(events).status_code == 200
    body = summary(events, events)
    answer = client_any.request("POST", "/v1/day-close", body=body).json()
    assert answer["status"] == "match", answer
    assert answer["server"]["event_ids_sha256"] == body["event_ids_sha256"]
    assert answer["missing_event_ids"] == [] and answer["extra_event_ids"] == []
    without_ids = dict(body)
    del without_ids["event_ids"]
    assert client_any.request("POST", "/v1/day-close",
                              body=without_ids).json()["status"] == "match"


def test_day_close_mismatch_names_missing_and_extra_events(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    orders = generate_orders(ho.db, STATION, 4, seed=2)
    events = [handover_event(n, o, STATION) for n, o in enumerate(orders, start=1)]
    pushed = [events[0], events[1], events[3]]  # seq 3 never arrived
    assert client.push(pushed).status_code == 200
    station_view = [events[0], events[2], events[3]]  # and the station lost seq 2
    answer = client.request("POST", "/v1/day-close",
                            body=summary(events, station_view)).json()
    assert answer["status"] == "mismatch"
    assert answer["missing_event_ids"] == [events[2]["event_id"]]
    assert answer["extra_event_ids"] == [events[1]["event_id"]]
    assert answer["server"]["counts"] == {"handover.completed": 3}


def test_the_committed_openapi_document_is_current() -> None:
    assert OPENAPI.read_text(encoding="utf-8") == openapi_text(), \
        "regenerate: station-headoffice openapi > sync/openapi.json"


def test_cli_administers_a_station(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ["--database-url", f"sqlite:///{tmp_path / 'ho.db'}"]
    assert main([*url, "create-station", "XF09", "测试自提点"]) == 0
    assert main([*url, "enrol-code", "XF09"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(code) == 14 and code.count("-") == 2
    assert main([*url, "generate-orders", "XF09", "--count", "3", "--seed", "1"]) == 0
    order_no = capsys.readouterr().out.split(": ")[1].split(" ")[0]
    assert main([*url, "issue-token", order_no]) == 0
    assert capsys.readouterr().out.startswith("PT1.")
    assert main([*url, "cancel-order", order_no, "--reason", "缺货"]) == 0
    assert main([*url, "rotate-key"]) == 0
    assert main([*url, "reconcile", "XF09"]) == 0
    assert "station XF09" in capsys.readouterr().out
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"manifest_no": "M-XF09-01", "station_id": "XF09", '
                        '"delivery_date": "2026-11-25", "lines": [{"sku": "VEG-001", '
                        '"quantity": 12}], "order_nos": []}', encoding="utf-8")
    assert main([*url, "publish-manifest", str(manifest)]) == 0
    assert "M-XF09-01 published to XF09" in capsys.readouterr().out
    manifest.write_text("{not json", encoding="utf-8")
    assert main([*url, "publish-manifest", str(manifest)]) == 1
    assert main([*url, "refund-requests"]) == 0
    assert main([*url, "answer-refund", "R-NONE", "approved"]) == 1
    assert "no refund request R-NONE" in capsys.readouterr().err
    assert main([*url, "enrol-code", "NOPE"]) == 1
