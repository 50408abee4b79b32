"""Head office across a station's whole life: numbers it already holds, orders finished long
ago, retention, enrolment retried, keys retired, and stations that write about others."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import uuid6
from sqlalchemy import select

from sync.server.cli import main as headoffice_cli
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order, new_enrolment_code
from sync.server.models import ChangeLogEntry, Order, ReceivedEvent
from sync.server.order_factory import generate_orders
from sync.server.retention import erase_personal_data
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient, enrol, handover_event


def fact(seq: int, event_type: str, station_id: str, **fields: Any) -> dict[str, Any]:
    at = datetime.now(UTC).isoformat()
    return {"event_id": str(uuid6.uuid7()), "station_seq": seq, "type": event_type,
            "occurred_at": at, "payload": {"station_id": station_id, "staff_id": 1,
                                           "movements": [], **fields}}


def refund_request(seq: int, station_id: str, request_no: str, order_no: str
                   ) -> dict[str, Any]:
    return fact(seq, "refund.requested", station_id, request_no=request_no,
                order_no=order_no, sku="VEG-001", quantity=1, source="refused",
                reason="不要了", requested_at=datetime.now(UTC).isoformat(), has_photo=False)


def results(answer: requests.Response) -> list[tuple[str, str | None]]:
    assert answer.status_code == 200, answer.text
    return [(r["status"], r.get("code")) for r in answer.json()["results"]]


# --- 1. a number head office holds for another event ------------------------------------------

def test_a_seq_conflict_is_answered_but_never_held_or_acknowledged(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    first, second = generate_orders(ho.db, STATION, 2, seed=1)
    assert results(client.push([handover_event(1, first, STATION)])) == [("applied", None)]
    again = handover_event(1, second, STATION)  # a restored counter reusing number 1
    answer = client.push([again])
    assert results(answer) == [("rejected", "seq_conflict")]
    assert answer.json()["acked_through_seq"] == 1
    with ho.db.reading() as session:
        assert session.scalar(select(ReceivedEvent).where(
            ReceivedEvent.event_id == again["event_id"])) is None
    # Renumbered by the counter's recovery, the same event is taken as new, not a duplicate.
    assert results(client.push([dict(again, station_seq=2)])) == [("applied", None)]


# --- 2. the orders stream says what became of each order --------------------------------------

def test_a_pull_from_the_start_shows_finished_orders_finished_and_without_personal_data(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    handed, cancelled, waiting = generate_orders(ho.db, STATION, 3, seed=2)
    assert results(client.push([handover_event(1, handed, STATION)])) == [("applied", None)]
    cancel_order(ho.db, cancelled, "顾客取消")
    page = client.changes("orders", "", 100).json()
    orders = {change["data"]["order_no"]: change["data"] for change in page["changes"]}
    assert len(page["changes"]) == 3  # one entry per order: the newest
    assert orders[handed]["state"] == "handed_over"
    assert orders[cancelled]["state"] == "cancelled"
    for finished in (handed, cancelled):
        assert orders[finished]["finished_at"]
        assert [orders[finished][k] for k in ("pickup_code", "phone_tail", "masked_phone",
                                              "customer_name")] == ["", "", "", ""]
    assert orders[waiting]["state"] == "ready" and len(orders[waiting]["pickup_code"]) == 6


# --- 3. head office's own retention ------------------------------------------------------------

def test_head_office_erases_personal_data_of_finished_orders_after_the_retention(
        ho: EmbeddedHeadOffice, client: SignedClient, capsys: pytest.CaptureFixture[str]
        ) -> None:
    handed, waiting = generate_orders(ho.db, STATION, 2, seed=3)
    assert results(client.push([handover_event(1, handed, STATION)])) == [("applied", None)]
    now = datetime.now(UTC)
    assert erase_personal_data(ho.db, now, days=30) == 0  # not yet: finished today
    assert erase_personal_data(ho.db, now + timedelta(days=31), days=30) == 1
    assert erase_personal_data(ho.db, now + timedelta(days=32), days=30) == 0  # done once
    with ho.db.reading() as session:
        kept = {o.order_no: o for o in session.scalars(select(Order))}
        logged = [e.data for e in session.scalars(select(ChangeLogEntry).where(
            ChangeLogEntry.stream == "orders", ChangeLogEntry.ref == handed))]
    erased = kept[handed]
    assert (erased.pickup_code, erased.phone_tail, erased.masked_phone,
            erased.customer_name) == ("", "", "", "")
    assert erased.personal_data_erased_at is not None
    assert kept[waiting].pickup_code and kept[waiting].phone_tail  # still collectable
    assert logged and all(kept[handed].station_id in data and "**" not in data
                          for data in logged)
    assert headoffice_cli(["--database-url", ho.database_url, "erase-personal-data",
                           "--days", "30"]) == 0
    assert "0 finished order" in capsys.readouterr().out


# --- 5. enrolment asked again after a crash ---------------------------------------------------

def test_the_same_enrolment_request_gets_the_same_key_until_the_key_is_used(
        ho: EmbeddedHeadOffice) -> None:
    code = new_enrolment_code(ho.db, STATION)
    request_id = uuid.uuid4().hex
    ask = {"code": code, "request_id": request_id}
    first = requests.post(ho.url + "/v1/enrol", json=ask, timeout=10).json()
    again = requests.post(ho.url + "/v1/enrol", json=ask, timeout=10).json()
    assert (again["key_id"], again["secret"]) == (first["key_id"], first["secret"])
    other = requests.post(ho.url + "/v1/enrol", json={"code": code,
                                                      "request_id": uuid.uuid4().hex},
                          timeout=10)
    assert other.status_code == 409 and other.json()["error"]["code"] == "enrolment_code_used"
    client = SignedClient(ho.url, first["station_id"], first["key_id"], first["secret"],
                          requests.Session())
    assert client.request("GET", "/v1/station").status_code == 200  # the key is now in use
    late = requests.post(ho.url + "/v1/enrol", json=ask, timeout=10)
    assert late.status_code == 409  # never handed out again once in use


# --- 6. keys retire ----------------------------------------------------------------------------

def test_re_enrolment_retires_earlier_keys_when_the_new_key_is_first_used(
        ho: EmbeddedHeadOffice, capsys: pytest.CaptureFixture[str]) -> None:
    old = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    assert old.request("GET", "/v1/station").status_code == 200
    new = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    # Until the new key is used (a counter that crashed while enrolling), the old one works.
    assert old.request("GET", "/v1/station").status_code == 200
    assert new.request("GET", "/v1/station").status_code == 200
    refused = old.request("GET", "/v1/station")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "key_revoked"
    assert headoffice_cli(["--database-url", ho.database_url, "list-keys",
                           "--station", STATION]) == 0
    listed = capsys.readouterr().out
    assert f"{old.key_id}\t{STATION}\trevoked" in listed
    assert f"{new.key_id}\t{STATION}\tin use" in listed


def test_a_re_enrolment_with_overlap_keeps_the_old_key_a_while(ho: EmbeddedHeadOffice) -> None:
    old = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    new = enrol(ho.url, new_enrolment_code(ho.db, STATION, overlap=timedelta(hours=1)))
    assert new.request("GET", "/v1/station").status_code == 200
    assert old.request("GET", "/v1/station").status_code == 200  # retiring, not yet retired


def test_revoked_keys_and_cancelled_codes_are_refused(ho: EmbeddedHeadOffice) -> None:
    client = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    assert headoffice_cli(["--database-url", ho.database_url, "revoke-key",
                           client.key_id]) == 0
    refused = client.request("GET", "/v1/station")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "key_revoked"
    code = new_enrolment_code(ho.db, STATION)
    assert headoffice_cli(["--database-url", ho.database_url, "cancel-enrol-code",
                           code]) == 0
    used = requests.post(ho.url + "/v1/enrol", json={"code": code}, timeout=10)
    assert used.status_code == 409


# --- 7. a station writes facts about itself only ----------------------------------------------

def test_a_station_cannot_file_requests_for_another_stations_orders_or_numbers(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    mine = generate_orders(ho.db, STATION, 1, seed=4)[0]
    theirs = generate_orders(ho.db, OTHER_STATION, 1, seed=5)[0]
    other = enrol(ho.url, new_enrolment_code(ho.db, OTHER_STATION))
    number = "AS-XF01-000001"
    hostile = other.push([
        refund_request(1, OTHER_STATION, number, mine),  # another station's order
        fact(2, "order.slotted", OTHER_STATION, order_no=mine, slot="A-1-001",
             slotted_at=datetime.now(UTC).isoformat()),
        fact(3, "order.reminded", OTHER_STATION, order_no=mine,
             reminded_at=datetime.now(UTC).isoformat()),
        refund_request(4, OTHER_STATION, number, theirs),  # its own order, XF01's number
    ])
    assert results(hostile) == [("rejected", "order_other_station")] * 3 + [("applied", None)]
    # The genuine request under that number is XF01's own: not a duplicate of XF02's.
    assert results(client.push([refund_request(1, STATION, number, mine)])) == [
        ("applied", None)]
    assert results(client.push([refund_request(2, STATION, number, mine)])) == [
        ("rejected", "duplicate_request")]


def test_a_station_declares_lost_numbers_and_its_watermark_passes_them(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    orders = generate_orders(ho.db, STATION, 3, seed=6)
    answer = client.push([handover_event(1, orders[0], STATION),
                          handover_event(4, orders[1], STATION)])  # 2 and 3 never came
    assert answer.json()["acked_through_seq"] == 1
    refused = client.request("POST", "/v1/station/lost",
                             body={"from_seq": 4, "to_seq": 5, "reason": "disk"})
    assert refused.status_code == 409  # only a hole below what is held
    declared = client.request("POST", "/v1/station/lost",
                              body={"from_seq": 2, "to_seq": 3, "reason": "disk died"})
    assert declared.status_code == 200 and declared.json()["acked_through_seq"] == 4
    again = client.request("POST", "/v1/station/lost",
                           body={"from_seq": 2, "to_seq": 3, "reason": "disk died"})
    assert again.status_code == 200  # the same declaration twice changes nothing
    assert client.push([handover_event(5, orders[2], STATION)]).json()[
        "acked_through_seq"] == 5
    page = client.request("GET", "/v1/station/events", params={"after_seq": "0"}).json()
    assert [e["station_seq"] for e in page["events"]] == [1, 4, 5]
    assert page["lost"] == [{"from_seq": 2, "to_seq": 3}]
