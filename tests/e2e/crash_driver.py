"""A counter doing handovers as fast as it can, to be killed with SIGKILL by the crash test.

    python -m tests.e2e.crash_driver DATA_DIR SEED
Prints `CONFIRMED <order_no> <event_id>` once each confirm has returned (is committed).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sqlalchemy import select

from station_app.counter import open_counter
from station_app.domain.outcome import LineOutcome
from station_app.services.printing import print_job
from station_app.storage.models import Order


def main(data_dir: Path, seed: int) -> None:
    counter = open_counter(data_dir)
    rng = random.Random(seed)
    with counter.db.reading() as session:
        ready = list(session.scalars(select(Order.order_no).where(
            Order.state == "ready", Order.station_id == counter.station_id)))
    rng.shuffle(ready)
    print("STARTED", flush=True)
    for order_no in ready:
        order = counter.handovers.order(order_no)
        assert order is not None
        outcomes = {line.line_id: rng.choice(list(LineOutcome))
                    for line in order.lines if rng.random() < 0.3}
        done = counter.handovers.confirm(order_no, counter.staff_id, order.pickup_code, outcomes)
        print(f"CONFIRMED {order_no} {done.event_id}", flush=True)
        print_job(counter.journal, done.print_job_id, counter.settings.printer,
                  counter.data_dir)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
