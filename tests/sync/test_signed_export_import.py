"""A day that could not go online reaches head office as a signed export file, exactly once."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from station_app.counter import open_counter
from sync.demo import start_demo_head_office
from sync.server.cli import main as headoffice_cli
from sync.server.headoffice import HeadOfficeError
from sync.server.imports import import_signed_export
from tests.helpers import READY, pickup_code, scalar


def test_export_import_then_sync_counts_every_event_once(tmp_path: Path) -> None:
    counter = open_counter(tmp_path / "station", demo=True)
    head_office = start_demo_head_office(counter)
    try:
        order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
        assert order is not None
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)
        day = datetime.now(head_office.service.business_zone).date()
        export = tmp_path / "day.json"
        summary = head_office.service.signed_export(day, export)
        assert summary is not None

        tampered = tmp_path / "tampered.json"
        document = json.loads(export.read_text(encoding="utf-8"))
        document["events"][-1]["payload"]["staff_id"] = 2
        tampered.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(HeadOfficeError, match="changed"):
            import_signed_export(head_office.server.db, tampered)

        counts = import_signed_export(head_office.server.db, export)
        assert counts.get("applied", 0) + counts.get("duplicate", 0) == len(summary.event_ids)
        again = import_signed_export(head_office.server.db, export)
        assert set(again) == {"duplicate"}

        report = head_office.service.sync_now()  # the network comes back later
        # the exported day's events are already held; only other days' events are new
        assert report.ok and report.duplicate == len(summary.event_ids)
        assert scalar(counter.db, "SELECT count(*) FROM outbox_event WHERE acked_at IS NULL") \
            == 0
        # today is still running: the demo's station manager (2) approves closing it now
        assert head_office.service.day_close(day, approved_by=2).status == "match"
    finally:
        head_office.stop()
        counter.close()


def test_the_cli_refuses_a_file_that_is_not_an_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.json"
    junk.write_text("'; DROP TABLE ho_events; --", encoding="utf-8")
    code = headoffice_cli(["--database-url", f"sqlite:///{tmp_path / 'ho.db'}",
                           "import-export", str(junk)])
    assert code == 1
    assert "not a station export" in capsys.readouterr().err
