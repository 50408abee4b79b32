"""A counter of a two-counter station, exchanging over the LAN and doing what it is told, to be
killed with SIGKILL by the counters storm test (tests/e2e/test_counters_storm.py).

    python -m tests.e2e.counters_driver DATA_DIR SECRET_HEX COUNTERS_LINE

It answers its peers and asks them as the app does (`LanExchange` from the `counters` line),
and reads commands on stdin, one a line, answering each on stdout once it is committed:

    hand <pickup code>   → CONFIRMED <order_no> <event_id> | REFUSED <code> <verdict>
    sell <sku> <qty> <n> → SOLD <sale_no> <event_id>  (WeChat Pay, reference WX<n>; beyond
                                                        the book with a reason, as staff give)
    ping                 → PONG (everything asked before it is done)

`STARTED` once the counter is open and its exchange running; end of stdin stops it cleanly.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from station_app.counter import open_counter
from station_app.services.exchange import Exchange
from station_app.services.sales import Cart, Payment, PaymentMethod, Sales
from sync.lan import link
from sync.lan.counters import LanExchange

WAIT_S = 1.0  # short long polls and back-offs: many asks for the LAN's weather to land on
BACKOFF_S = (0.1, 0.2, 0.5)


def main(data_dir: Path, secret: bytes, counters: str) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(message)s")
    link.BACKOFF_S = BACKOFF_S
    counter = open_counter(data_dir)
    exchange = Exchange(counter.db, counter.station_id, counter.clock)
    lan = LanExchange.open(exchange, secret, counters, wait_s=WAIT_S)
    lan.start()
    sales = Sales(counter.db, counter.station_id, counter.clock)
    print("STARTED", flush=True)
    for line in sys.stdin:
        command, *words = line.split()
        if command == "hand":
            found = counter.handovers.lookup(words[0])
            if found.order is None or not found.order.verdict.can_hand_over:
                verdict = found.order.verdict.name if found.order else "NOT_FOUND"
                print(f"REFUSED {words[0]} {verdict}", flush=True)
                continue
            done = counter.handovers.confirm(found.order.order_no, counter.staff_id,
                                             found.proof)
            print(f"CONFIRMED {done.order.order_no} {done.event_id}", flush=True)
        elif command == "sell":
            cart = Cart().add(sales.item_for_barcode(words[0]), int(words[1]))
            reasons = {short.sku: "货架上还有" for short in sales.stock_shortfalls(cart)}
            sold = sales.sell(cart, counter.staff_id,
                              Payment(PaymentMethod.WECHAT, reference=f"WX{words[2]}"),
                              oversell_reasons=reasons)
            print(f"SOLD {sold.sale.sale_no} {sold.event_id}", flush=True)
        elif command == "ping":
            print("PONG", flush=True)
    lan.stop()
    counter.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3])
