"""Storing delivery manifests (配送单), from the sync pull or from a file when offline.

Both ways go through `store_manifest`, which checks the whole manifest before it writes a row:
a manifest naming an unknown SKU, an absurd quantity, the same SKU twice or another station is
refused as a whole, so receiving never starts from half a list.

The file format (`import_manifest_file`) is the sync protocol's ManifestData as JSON, UTF-8:

    {"manifest_no": "M-XF01-20261125-01", "station_id": "XF01", "delivery_date": "2026-11-25",
     "lines": [{"sku": "VEG-001", "quantity": 12, "carton_code": "CT-0001", "carton_units": 6},
               {"sku": "EGG-001", "quantity": 3}],
     "order_nos": ["XF01-261125-0011"]}

`quantity` is the expected number of units (`expected` is accepted too); `carton_code` and
`carton_units` (default 1) say what one scan of the carton's label counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.storage.database import Database
from station_app.storage.models import CatalogueItem, Manifest, ManifestLine, ManifestOrder, Station

MAX_UNITS = 100_000  # more units of one SKU than any station shelf holds: a typo or a bad file
OPEN, RECEIVED = "open", "received"
SOURCES = ("head_office", "file", "demo")


@dataclass(frozen=True)
class ManifestLineInput:
    sku: str
    expected: int
    carton_code: str | None = None
    carton_units: int = 1


@dataclass(frozen=True)
class ManifestInput:
    """A manifest as head office (or a file) states it: plain data, checked on storing."""

    manifest_no: str
    station_id: str
    delivery_date: date
    lines: tuple[ManifestLineInput, ...]
    order_nos: tuple[str, ...] = ()


class ManifestProblem(StrEnum):
    BAD_FILE = "bad_file"  # unreadable, not JSON, or not shaped like a manifest
    BAD_NUMBER = "bad_number"  # empty or over-long manifest number
    WRONG_STATION = "wrong_station"
    NO_LINES = "no_lines"
    UNKNOWN_SKUS = "unknown_skus"  # `items` names them
    BAD_QUANTITY = "bad_quantity"  # negative or absurd (> MAX_UNITS); `items` names the SKUs
    DUPLICATE_SKUS = "duplicate_skus"
    DUPLICATE_CARTONS = "duplicate_cartons"  # one carton label on two lines
    DUPLICATE_ORDERS = "duplicate_orders"
    ALREADY_RECEIVED = "already_received"  # re-sent with changes after it was received
    COUNTING_STARTED = "counting_started"  # re-sent with changes while staff are counting it


@dataclass
class ManifestRefused(ValueError):
    """The manifest was not stored; nothing was written. A ValueError, so the sync puller's
    "bad change" handling lists it for staff and moves on."""

    problem: ManifestProblem
    manifest_no: str = ""
    items: tuple[str, ...] = ()
    detail: str = field(default="")

    def __str__(self) -> str:
        named = f": {', '.join(self.items)}" if self.items else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"manifest {self.manifest_no or '?'} refused, {self.problem}{named}{extra}"


class StoreOutcome(StrEnum):
    CREATED = "created"
    REPLACED = "replaced"  # an open, not yet counted manifest that head office corrected
    UNCHANGED = "unchanged"  # the same manifest sent again: nothing to do


@dataclass(frozen=True)
class ManifestStored:
    manifest_no: str
    outcome: StoreOutcome
    lines: int
    orders: int


def store_manifest(session: Session, data: ManifestInput, source: str, now: datetime, *,
                   station_id: str | None = None) -> ManifestStored:
    """Check and store a manifest in the caller's transaction (the sync page's, or the
    file import's).

    `station_id` is the station it must be for (None: this counter's local station). A
    manifest sent again unchanged is ignored; a changed one replaces an open manifest nobody
    has counted yet. Raises ManifestRefused before writing anything.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown manifest source {source!r}")
    number = data.manifest_no.strip()
    if not number or len(number) > 40:
        raise ManifestRefused(ManifestProblem.BAD_NUMBER, number[:40])
    if station_id is None:
        station_id = session.scalar(select(Station.id).where(Station.is_local.is_(True)))
    if data.station_id != station_id:
        raise ManifestRefused(ManifestProblem.WRONG_STATION, number, (data.station_id,),
                              f"this counter is {station_id}")
    _check_lines(session, number, data.lines)
    orders = [order_no.strip() for order_no in data.order_nos]
    if duplicates := _repeated(orders):
        raise ManifestRefused(ManifestProblem.DUPLICATE_ORDERS, number, duplicates)

    existing = session.scalar(select(Manifest).where(Manifest.manifest_no == number))
    if existing is not None:
        if _same(existing, data, orders):
            return ManifestStored(number, StoreOutcome.UNCHANGED, len(data.lines), len(orders))
        if existing.state != OPEN:
            raise ManifestRefused(ManifestProblem.ALREADY_RECEIVED, number)
        if any(line.received or line.damaged for line in existing.lines) or \
                any(order.bag_scanned for order in existing.orders):
            raise ManifestRefused(ManifestProblem.COUNTING_STARTED, number)
        session.execute(delete(ManifestLine).where(ManifestLine.manifest_id == existing.id))
        session.execute(delete(ManifestOrder).where(ManifestOrder.manifest_id == existing.id))
        existing.delivery_date = data.delivery_date.isoformat()
        manifest, outcome = existing, StoreOutcome.REPLACED
    else:
        manifest = Manifest(manifest_no=number, station_id=station_id,
                            delivery_date=data.delivery_date.isoformat(), source=source,
                            state=OPEN, created_at=now, received_at=None, received_by=None,
                            event_id=None)
        session.add(manifest)
        outcome = StoreOutcome.CREATED
    session.flush()
    session.add_all(ManifestLine(manifest_id=manifest.id, line_no=line_no, sku=line.sku,
                                 expected=line.expected, carton_code=line.carton_code or None,
                                 carton_units=line.carton_units, received=0, damaged=0)
                    for line_no, line in enumerate(data.lines, start=1))
    session.add_all(ManifestOrder(manifest_id=manifest.id, order_no=order_no, bag_scanned=False)
                    for order_no in orders)
    session.flush()
    session.expire(manifest, ["lines", "orders"])
    return ManifestStored(number, outcome, len(data.lines), len(orders))


def mark_received(session: Session, data: ManifestInput, received_at: datetime,
                  now: datetime, *, station_id: str | None = None) -> None:
    """A manifest the station received elsewhere (another PC, or before a restore): stored
    if new, and closed for receiving. Its counts and stock come with the receiving's own
    event (services/replay). Raises ManifestRefused as store_manifest does."""
    existing = session.scalar(select(Manifest).where(
        Manifest.manifest_no == data.manifest_no.strip()))
    if existing is None:
        store_manifest(session, data, "head_office", now, station_id=station_id)
        existing = session.scalar(select(Manifest).where(
            Manifest.manifest_no == data.manifest_no.strip()))
        assert existing is not None
    if existing.state == OPEN:
        existing.state = RECEIVED
        existing.received_at = existing.received_at or received_at


def _check_lines(session: Session, number: str, lines: Sequence[ManifestLineInput]) -> None:
    if not lines:
        raise ManifestRefused(ManifestProblem.NO_LINES, number)
    skus = [line.sku for line in lines]
    if duplicates := _repeated(skus):
        raise ManifestRefused(ManifestProblem.DUPLICATE_SKUS, number, duplicates)
    bad = tuple(line.sku for line in lines
                if not 0 <= line.expected <= MAX_UNITS or not 1 <= line.carton_units <= MAX_UNITS)
    if bad:
        raise ManifestRefused(ManifestProblem.BAD_QUANTITY, number, bad,
                              f"units must be 0-{MAX_UNITS:,}, a carton 1-{MAX_UNITS:,}")
    known = set(session.scalars(select(CatalogueItem.sku).where(CatalogueItem.sku.in_(skus))))
    if unknown := tuple(sku for sku in skus if sku not in known):
        raise ManifestRefused(ManifestProblem.UNKNOWN_SKUS, number, unknown)
    cartons = [line.carton_code for line in lines if line.carton_code]
    if duplicates := _repeated(cartons):
        raise ManifestRefused(ManifestProblem.DUPLICATE_CARTONS, number, duplicates)


def _repeated(values: Sequence[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    return tuple(dict.fromkeys(v for v in values if v in seen or seen.add(v)))  # type: ignore[func-returns-value]


def _same(existing: Manifest, data: ManifestInput, orders: Sequence[str]) -> bool:
    # Extras found at receiving are lines with nothing expected: they are the station's, not
    # head office's, so they do not make a re-sent manifest "changed".
    stored = {(line.sku, line.expected, line.carton_code, line.carton_units)
              for line in existing.lines if line.expected > 0}
    sent = {(line.sku, line.expected, line.carton_code or None, line.carton_units)
            for line in data.lines}
    return existing.station_id == data.station_id \
        and existing.delivery_date == data.delivery_date.isoformat() \
        and {line for line in sent if line[1] > 0} == stored \
        and sorted(order.order_no for order in existing.orders) == sorted(orders)


# --- offline file import ------------------------------------------------------------------------


def manifest_from_mapping(raw: Any) -> ManifestInput:
    """A manifest from parsed JSON (the sync ManifestData shape). Raises ManifestRefused
    (BAD_FILE) naming what is missing or of the wrong type."""
    number = str(raw.get("manifest_no", "")) if isinstance(raw, dict) else ""
    try:
        if not isinstance(raw, dict):
            raise TypeError("the file must hold one manifest object")
        lines = raw["lines"]
        if not isinstance(lines, list):
            raise TypeError("lines must be a list")
        day = raw["delivery_date"]
        if not isinstance(day, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise ValueError(f"delivery_date must be YYYY-MM-DD; got {day!r}")
        order_nos = raw.get("order_nos", [])
        if not isinstance(order_nos, list) or not all(isinstance(o, str) for o in order_nos):
            raise TypeError("order_nos must be a list of order numbers")
        return ManifestInput(
            manifest_no=_text(raw, "manifest_no"), station_id=_text(raw, "station_id"),
            delivery_date=date.fromisoformat(day),
            lines=tuple(_line(line, index) for index, line in enumerate(lines, start=1)),
            order_nos=tuple(order_nos))
    except (KeyError, TypeError, ValueError) as error:
        what = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise ManifestRefused(ManifestProblem.BAD_FILE, number[:40], detail=what) from None


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be text; got {value!r}")
    return value


def _whole(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be a whole number; got {value!r}")
    return value


def _line(raw: Any, index: int) -> ManifestLineInput:
    if not isinstance(raw, dict):
        raise TypeError(f"line {index} must be an object")
    expected = raw["quantity"] if "quantity" in raw else raw["expected"]
    carton = raw.get("carton_code")
    if carton is not None and not isinstance(carton, str):
        raise TypeError(f"line {index}: carton_code must be text")
    return ManifestLineInput(_text(raw, "sku"), _whole(expected, f"line {index} quantity"),
                             carton or None,
                             _whole(raw.get("carton_units", 1), f"line {index} carton_units"))


def import_manifest_file(db: Database, path: Path, station_id: str,
                         now: datetime) -> ManifestStored:
    """Store the manifest in a JSON file (format in the module docstring) in one transaction.

    Raises ManifestRefused: BAD_FILE for a file that cannot be read or parsed, else whatever
    `store_manifest` refuses. Nothing is written when it raises.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestRefused(ManifestProblem.BAD_FILE, detail=f"{path.name}: {error}") from None
    data = manifest_from_mapping(raw)
    with db.writing() as session:
        return store_manifest(session, data, "file", now, station_id=station_id)
