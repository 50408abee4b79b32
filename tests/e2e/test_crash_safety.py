"""SIGKILL the counter at random moments during handovers; restart; nothing lost or doubled."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.counter import open_counter
from station_app.storage.database import open_database
from tests.helpers import rows, scalar

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 12


def run_and_kill(data_dir: Path, seed: int, rng: random.Random) -> list[str]:
    """Start the driver, let it confirm a little, kill -9 it; return what it reported."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.crash_driver", str(data_dir), str(seed)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = [process.stdout.readline()]
    assert lines[0].startswith("STARTED"), process.stderr.read() if process.stderr else ""
    lines.append(process.stdout.readline())  # the first handover is committed
    time.sleep(rng.uniform(0.0, 0.4))  # …and the kill lands anywhere after it
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate(timeout=30)
    # 0 only if it ran out of ready orders before the kill landed
    assert process.returncode in (-signal.SIGKILL, 0)
    return [line for line in lines + rest.splitlines() if line.startswith("CONFIRMED")]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_handovers_loses_and_doubles_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "station"
    open_counter(data_dir, demo=True).close()  # the demo day, seeded before the chaos
    rng = random.Random(20261125)
    confirmed: dict[str, str] = {}
    for round_no in range(ROUNDS):
        for line in run_and_kill(data_dir, round_no, rng):
            _, order_no, event_id = line.split()
            assert order_no not in confirmed, f"{order_no} confirmed twice"
            confirmed[order_no] = event_id
    assert len(confirmed) >= ROUNDS

    db = open_database(data_dir / "station.db", data_dir / "backups")  # as a restart does
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    # Every reported handover is there, with its one event.
    for order_no, event_id in confirmed.items():
        assert scalar(db, "SELECT state FROM orders WHERE order_no=:n", n=order_no) == \
            "handed_over"
        assert scalar(db, "SELECT event_id FROM handover h JOIN orders o ON o.id = "
                          "h.order_id WHERE o.order_no = :n", n=order_no) == event_id

    # No half-written handover anywhere, reported or not.
    handovers = rows(db, "SELECT o.order_no, h.event_id, h.id FROM handover h "
                         "JOIN orders o ON o.id = h.order_id")
    assert len(handovers) == scalar(db, "SELECT count(*) FROM orders "
                                        "WHERE state = 'handed_over'")
    for order_no, event_id, handover_id in handovers:
        events = rows(db, "SELECT payload FROM outbox_event WHERE type = 'handover.completed' "
                          "AND json_extract(payload, '$.order_no') = :n", n=order_no)
        assert len(events) == 1
        # Each refused, damaged or missing line made its refund request in the same commit.
        not_taken = scalar(db, "SELECT count(*) FROM handover_line WHERE handover_id = :h "
                               "AND outcome != 'taken'", h=handover_id)
        assert scalar(db, "SELECT count(*) FROM refund_request WHERE order_no = :n",
                      n=order_no) == not_taken
        payload = json.loads(events[0].payload)
        moved = sorted((r.sku, r.delta, r.reason) for r in rows(
            db, "SELECT sku, delta, reason FROM stock_movement WHERE reference = :n",
            n=order_no))
        assert moved == sorted((m["sku"], m["delta"], m["reason"])
                               for m in payload["movements"])
        lines = rows(db, "SELECT outcome FROM handover_line WHERE handover_id = :h",
                     h=handover_id)
        assert sorted(r.outcome for r in lines) == sorted(
            line["outcome"] for line in payload["lines"])
        assert scalar(db, "SELECT count(*) FROM print_job WHERE reference = :n",
                      n=order_no) == 1
        assert event_id

    # The outbox is gapless and every balance is the sum of its movements.
    sequence = [r[0] for r in rows(db, "SELECT station_seq FROM outbox_event ORDER BY 1")]
    assert sequence == list(range(1, len(sequence) + 1))
    assert len(sequence) == len(handovers) + scalar(db, "SELECT count(*) FROM refund_request")
    for sku, quantity, total, last in rows(db, """
            SELECT b.sku, b.quantity, sum(m.delta),
                   (SELECT balance_after FROM stock_movement WHERE sku = b.sku
                    ORDER BY id DESC LIMIT 1)
            FROM stock_balance b JOIN stock_movement m ON m.sku = b.sku GROUP BY b.sku"""):
        assert quantity == total == last, sku
    db.close()
