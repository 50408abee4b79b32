"""Believable orders: the one factory head office (`generate-orders`, tests, benchmarks) and the
demo station share, so the demo shows every format exactly as head office makes it.

Pure: numbers, pickup codes, masked phones, names and lines from the sample catalogue, drawn
from the caller's seeded `random.Random`; no database. States, times and where the orders go
are the caller's (sync/server/order_factory.py, station_app/demo_data.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

ORDER_SEQUENCE_DIGITS = 6  # head office numbers up to 999,999 orders per station and day

# The sample catalogue both sides know: (sku, name, unit, price in fen, EAN-13 barcode).
CATALOGUE: tuple[tuple[str, str, str, int, str], ...] = (
    ("VEG-001", "有机菠菜 500g", "袋", 590, "6901234500017"),
    ("VEG-002", "本地小白菜 500g", "袋", 390, "6901234500024"),
    ("VEG-003", "西红柿 1kg", "盒", 880, "6901234500031"),
    ("VEG-004", "黄瓜 500g", "袋", 450, "6901234500048"),
    ("VEG-005", "土豆 2kg", "袋", 790, "6901234500055"),
    ("VEG-006", "胡萝卜 1kg", "袋", 490, "6901234500062"),
    ("VEG-007", "西兰花 2颗", "盒", 990, "6901234500079"),
    ("VEG-008", "香菇 300g", "盒", 1290, "6901234500086"),
    ("FRU-001", "红富士苹果 2.5kg", "箱", 2990, "6901234500093"),
    ("FRU-002", "海南香蕉 1.5kg", "把", 1290, "6901234500109"),
    ("FRU-003", "赣南脐橙 3kg", "箱", 3590, "6901234500116"),
    ("FRU-004", "阳光玫瑰葡萄 1kg", "盒", 3990, "6901234500123"),
    ("EGG-001", "土鸡蛋 30枚", "盒", 2680, "6901234500130"),
    ("EGG-002", "鲜鸡蛋 10枚", "盒", 1090, "6901234500147"),
    ("DAI-001", "纯牛奶 250ml×12", "箱", 4590, "6901234500154"),
    ("DAI-002", "鲜牛奶 950ml", "瓶", 1590, "6901234500161"),
    ("DAI-003", "原味酸奶 100g×8", "组", 1990, "6901234500178"),
    ("GRA-001", "东北大米 5kg", "袋", 4990, "6901234500185"),
    ("GRA-002", "五常稻花香米 2.5kg", "袋", 5990, "6901234500192"),
    ("GRA-003", "高筋面粉 2.5kg", "袋", 2290, "6901234500208"),
    ("GRA-004", "挂面 1kg", "袋", 990, "6901234500215"),
    ("MEA-001", "精品五花肉 500g", "盒", 2590, "6901234500222"),
    ("MEA-002", "鸡胸肉 1kg", "袋", 2190, "6901234500239"),
    ("MEA-003", "冷冻虾仁 250g", "袋", 3290, "6901234500246"),
    ("MEA-004", "三文鱼切片 200g", "盒", 4990, "6901234500253"),
    ("BEA-001", "北豆腐 400g", "盒", 390, "6901234500260"),
    ("BEA-002", "豆浆 1L", "瓶", 690, "6901234500277"),
    ("OIL-001", "花生油 5L", "桶", 8990, "6901234500284"),
    ("OIL-002", "生抽酱油 500ml", "瓶", 1190, "6901234500291"),
    ("OIL-003", "陈醋 500ml", "瓶", 890, "6901234500307"),
    ("SNA-001", "全麦面包 400g", "袋", 1290, "6901234500314"),
    ("SNA-002", "坚果每日装 25g×7", "盒", 3990, "6901234500321"),
    ("DRI-001", "矿泉水 550ml×24", "箱", 3290, "6901234500338"),
    ("DRI-002", "茉莉花茶 500ml×15", "箱", 4490, "6901234500345"),
    ("HOM-001", "抽纸 3层×10包", "提", 2990, "6901234500352"),
    ("HOM-002", "洗洁精 1.5kg", "瓶", 1590, "6901234500369"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"

_LINE_COUNTS = (1, 2, 2, 3, 3, 4, 5)
_QUANTITIES = (1, 1, 1, 2, 3)


@dataclass(frozen=True)
class MadeLine:
    line_no: int
    sku: str
    quantity: int
    unit_price_fen: int


@dataclass(frozen=True)
class MadeOrder:
    order_no: str
    station_id: str
    pickup_code: str
    masked_phone: str  # 138****5678: head office never sends the whole number
    phone_tail: str
    customer_name: str  # masked: 张**
    slot: str  # where it would go on the shelf once its goods are there
    lines: tuple[MadeLine, ...]


def order_prefix(station_id: str, day: date) -> str:
    """`XF01-261125-`: what every order number of that station and day starts with."""
    return f"{station_id}-{day:%y%m%d}-"


def order_number(station_id: str, day: date, n: int) -> str:
    """`XF01-261125-000042`: the station, its business day, the day's sequence."""
    return f"{order_prefix(station_id, day)}{n:0{ORDER_SEQUENCE_DIGITS}d}"


def order_sequence(order_no: str) -> int:
    """The day's sequence of an order number. Raises ValueError for another format."""
    return int(order_no.rsplit("-", 1)[1])


def shelf_slot(n: int) -> str:
    """`C-3-042`: rack, shelf and place, spread over the racks."""
    return f"{'ABCD'[n % 4]}-{n % 5 + 1}-{n % 1000:03d}"


def new_pickup_code(rng: random.Random, taken: set[str]) -> str:
    """A 6-digit code no order in `taken` has; added to `taken`."""
    while (code := f"{rng.randrange(100000, 1000000)}") in taken:
        pass
    taken.add(code)
    return code


def make_order(rng: random.Random, station_id: str, day: date, n: int,
               taken_codes: set[str], *, phone_tail: str | None = None) -> MadeOrder:
    """The `n`th order of `day` at `station_id`: a code not in `taken_codes` (then added), a
    resident (`phone_tail` when given: households that share one), one to five lines.

    The draws from `rng` come in a fixed order, so a seed gives the same orders everywhere.
    """
    code = new_pickup_code(rng, taken_codes)
    tail = phone_tail if phone_tail is not None else f"{rng.randrange(10000):04d}"
    masked = f"1{rng.choice('3578')}{rng.randrange(10)}****{tail}"
    name = f"{rng.choice(SURNAMES)}**"
    picked = rng.sample(CATALOGUE, rng.choice(_LINE_COUNTS))
    lines = tuple(MadeLine(line_no, sku, rng.choice(_QUANTITIES), price)
                  for line_no, (sku, _name, _unit, price, _barcode) in enumerate(picked, start=1))
    return MadeOrder(order_number(station_id, day, n), station_id, code, masked, tail, name,
                     shelf_slot(n), lines)
