"""A big station database for benchmarks: 100,000 orders and 1,000,000 stock movements.

Built through the real migrations, then filled with bulk inserts (the ORM would take minutes
and the shape of the data is what matters). Cached under benchmarks/.data by size.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from station_app.storage.database import open_database

CACHE = Path(__file__).resolve().parent / ".data"
STATION = "BM01"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build(path: Path, orders: int, movements: int, skus: int = 2_000) -> None:
    rng = random.Random(7)
    path.parent.mkdir(parents=True, exist_ok=True)
    open_database(path, path.parent / "backups").close()
    now = datetime.now(UTC)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")  # building test data only
    # Columns named: the schema grows with migrations, and a positional insert broke then.
    db.execute("INSERT INTO station (id, name, holding_days, is_local) VALUES (?, ?, 3, 1)",
               (STATION, "基准测试自提点"))
    db.execute("INSERT INTO staff (id, name, role, active) VALUES (1, '王丽', 'clerk', 1)")
    db.executemany("INSERT INTO catalogue_item (sku, name, barcode, unit, price_fen) "
                   "VALUES (?, ?, NULL, '件', ?)",
                   [(f"SKU-{n:05d}", f"商品 {n}", rng.randrange(100, 10_000))
                    for n in range(skus)])
    codes = rng.sample(range(100_000, 1_000_000), orders)
    order_rows, line_rows = [], []
    line_id = 0
    for n in range(1, orders + 1):
        tail = f"{rng.randrange(10_000):04d}"
        state = "ready" if n % 2 else "handed_over"
        order_rows.append((n, f"{STATION}-{n // 1000:06d}-{n % 10_000:04d}", STATION,
                           f"{codes[n - 1]}", f"138****{tail}", tail, "张**",
                           f"A-{n % 5 + 1}-{n % 1000:03d}", state,
                           iso(now + timedelta(days=rng.choice((-1, 2, 3)))),
                           iso(now - timedelta(days=1)), iso(now - timedelta(hours=3)), None))
        for line_no in range(1, rng.randrange(2, 6)):
            line_id += 1
            line_rows.append((line_id, n, line_no, f"SKU-{rng.randrange(skus):05d}",
                              rng.randrange(1, 4), 990))
    db.executemany("INSERT INTO orders (id, order_no, station_id, pickup_code, masked_phone, "
                   "phone_tail, customer_name, slot, state, holding_deadline, created_at, "
                   "arrived_at, cancelled_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", order_rows)
    db.executemany("INSERT INTO order_line (id, order_id, line_no, sku, quantity, "
                   "unit_price_fen) VALUES (?,?,?,?,?,?)", line_rows)
    balance = dict.fromkeys((f"SKU-{n:05d}" for n in range(skus)), 0)
    movement_rows = []
    start = now - timedelta(days=365)
    for n in range(movements):
        sku = f"SKU-{rng.randrange(skus):05d}"
        delta = rng.choice((50, 20, -1, -2, -3, -1))
        balance[sku] += delta
        movement_rows.append((sku, delta, balance[sku], "received" if delta > 0 else "sale",
                              f"REF-{n}", 1, iso(start + timedelta(seconds=n * 30))))
    db.executemany("INSERT INTO stock_movement (sku, delta, balance_after, reason, reference, "
                   "staff_id, occurred_at) VALUES (?,?,?,?,?,?,?)", movement_rows)
    db.executemany("INSERT INTO stock_balance (sku, quantity, updated_at) VALUES (?, ?, ?)",
                   [(sku, quantity, iso(now)) for sku, quantity in balance.items()])
    db.commit()
    db.execute("ANALYZE")
    db.close()


def station_copy(target_dir: Path, orders: int = 100_000, movements: int = 1_000_000) -> Path:
    """A fresh copy of the cached benchmark station in `target_dir` (built on first use)."""
    cached = CACHE / f"station-{orders}-{movements}" / "station.db"
    if not cached.exists():
        began = time.perf_counter()
        print(f"building {orders:,} orders / {movements:,} movements (once)…", flush=True)
        build(cached, orders, movements)
        print(f"built in {time.perf_counter() - began:.0f} s", flush=True)
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(cached, target_dir / "station.db")
    return target_dir / "station.db"


def ready_codes(path: Path, count: int, seed: int = 1) -> list[str]:
    with sqlite3.connect(path) as db:
        codes = [row[0] for row in db.execute(
            "SELECT pickup_code FROM orders WHERE state = 'ready' ORDER BY random() LIMIT ?",
            (count * 3,))]
    random.Random(seed).shuffle(codes)
    return codes[:count]
