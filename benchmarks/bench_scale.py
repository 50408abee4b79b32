"""Scale: from the moment a weight rests on the pan to the moment its line is in the cart.

Runs the counter's own path end to end on a fresh demo station: the scale simulator on a
pseudo-terminal (continuous or SICS), pyserial, the protocol parser, the stable-weight
detector, `Sales.weighed` on the real database, and `Cart.add`. Each weighing puts goods on
the pan that wobble for 150 ms (unstable readings) and then rest; the clock starts when the
simulated scale's reading becomes stable. The Qt signal hop to the desk is not in it (it is
queued on the GUI thread, well under a millisecond when the desk is idle).

Target: p95 ≤ 100 ms. Writes benchmarks/scale-results.json.

    python -m benchmarks.bench_scale --weighings 60
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import update

from benchmarks.bench_counter import finish, summary
from station_app.counter import open_counter
from station_app.devices.scale import ScaleLink, ScaleProtocol, ScaleSettingsView, StableWeight
from station_app.devices.scale_simulator import ScaleSimulator
from station_app.services.sales import Cart, Sales
from station_app.storage.models import CatalogueItem

SETTLE_S = 0.15
PRODUCE = "FRU-001"


def weigh_all(sales: Sales, protocol: ScaleProtocol, weighings: int) -> list[float]:
    rng = random.Random(18)
    timings: list[float] = []
    with ScaleSimulator(protocol) as scale:
        link = ScaleLink(ScaleSettingsView(scale.port, protocol=protocol, poll_interval_s=0.02))
        try:
            for _ in range(weighings):
                scale.take_off()
                time.sleep(0.1)
                link.read()
                stable = StableWeight()
                grams = rng.randrange(100, 5000)
                scale.put(grams, settle_s=SETTLE_S)
                rested_at = time.monotonic() + SETTLE_S
                got = None
                while got is None:
                    for reading in link.read():
                        got = got or stable.feed(reading)
                cart = Cart().add(sales.weighed(PRODUCE, got))
                added = time.monotonic()
                assert cart.lines[0].weight_g == grams, (got, grams)
                timings.append((added - rested_at) * 1000)
        finally:
            link.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weighings", type=int, default=60)
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        counter = open_counter(Path(scratch) / "station", demo=True)
        with counter.db.writing() as session:
            session.execute(update(CatalogueItem).where(CatalogueItem.sku == PRODUCE)
                            .values(plu="10001", sold_by_weight=True))
        sales = Sales(counter.db, counter.station_id, counter.clock)
        for protocol in ScaleProtocol:
            results.append(summary(f"weight stable → line added ({protocol.value})",
                                   weigh_all(sales, protocol, options.weighings), 100))
        counter.db.close()
    finish(f"scale: {options.weighings} weighings per protocol through the simulator",
           results, "scale-results.json", {"weighings": options.weighings,
                                           "settle_ms": SETTLE_S * 1000})


if __name__ == "__main__":
    main()
