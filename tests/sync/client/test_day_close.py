"""Day close (日结) against head office, and the signed export for a day that stays offline."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import delete

from station_app.clock import CHINA
from station_app.demo_data import DEMO_STATION
from station_app.security.secret_store import SecretStore
from sync.client.service import DayCloseRefused
from sync.day_export import verify_export
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.models import ReceivedEvent
from tests.helpers import rows, scalar
from tests.sync.client.conftest import Station
from tests.sync.client.helpers import hand_over_all, new_orders

MANAGER = 2  # the demo's station manager: today is still running, closing it needs one


def _today() -> datetime:
    return datetime.now(CHINA)


def test_day_close_matches_once_everything_is_acknowledged(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 25, seed=2)
    assert station.service.sync_now().error is None
    hand_over_all(station.counter, order_nos)
    day = _today().date()
    with pytest.raises(DayCloseRefused, match="not yet acknowledged"):
        station.service.day_close(day, approved_by=MANAGER)

    assert station.service.sync_now().error is None
    result = station.service.day_close(day, approved_by=MANAGER)
    assert result.status == "match", result
    assert result.summary is not None
    assert result.summary.counts["handover.completed"] >= 25
    assert result.server_counts == result.summary.counts
    assert result.server_event_ids_sha256 == result.summary.event_ids_sha256
    assert result.missing_event_ids == result.extra_event_ids == ()


def test_day_close_names_the_events_head_office_lost(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 5, seed=3)
    assert station.service.sync_now().error is None
    events = hand_over_all(station.counter, order_nos)
    assert station.service.sync_now().error is None
    with head_office_server.db.writing() as session:  # head office restored an old backup
        session.execute(delete(ReceivedEvent).where(ReceivedEvent.event_id == events[2]))
    result = station.service.day_close(_today().date(), approved_by=MANAGER)
    assert result.status == "mismatch"
    assert result.missing_event_ids == (events[2],)
    assert result.summary is not None
    assert result.server_counts["handover.completed"] == \
        result.summary.counts["handover.completed"] - 1


def test_a_day_without_events_has_nothing_to_close(station: Station) -> None:
    assert station.service.day_close(datetime(2020, 1, 1).date()).status == "empty"


def test_signed_export_verifies_and_any_tampering_fails(station: Station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    day = _today().date()
    path = tmp_path / "XF01-day.json"
    summary = station.service.signed_export(day, path)  # offline: nothing acknowledged yet
    assert summary is not None and summary.unacknowledged == len(summary.event_ids)
    key_id = scalar(station.counter.db, "SELECT key_id FROM sync_enrolment")
    secret = SecretStore(station.data_dir, DEMO_STATION, use_keyring=False).load(key_id)
    assert verify_export(path, secret)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len(document["events"]) == len(summary.event_ids)
    assert [e["event_id"] for e in document["events"]] == list(summary.event_ids)
    outbox = {r.event_id for r in rows(station.counter.db, "SELECT event_id FROM outbox_event")}
    assert set(summary.event_ids) <= outbox

    assert not verify_export(path, b"\x00" * 32)  # another station's secret

    tampered = json.loads(path.read_text(encoding="utf-8"))
    tampered["events"][0]["payload"]["movements"] = []  # "nothing left the shelf"
    path.write_text(json.dumps(tampered), encoding="utf-8")
    assert not verify_export(path, secret)

    tampered = json.loads(json.dumps(document))
    tampered["events"].pop()  # hide an event and re-hash the summary: the MAC still breaks
    path.write_text(json.dumps(tampered), encoding="utf-8")
    assert not verify_export(path, secret)

    path.write_text("not json at all", encoding="utf-8")
    assert not verify_export(path, secret)
