"""Many stations at once: `create-stations` from a CSV file and `enrol-codes` for a list, each
one transaction with bulk statements, so enrolling 10,000 stations takes seconds, not the
hours one process per station took.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select

from sync.server.db import HeadOfficeDb
from sync.server.headoffice import (
    ENROLMENT_CODE_TTL,
    HeadOfficeError,
    code_hash,
    enrolment_code_text,
    now_utc,
)
from sync.server.models import EnrolmentCode, Station

_CHUNK = 1000  # rows per statement and per IN list


@dataclass(frozen=True)
class Created:
    created: list[str]
    existing: list[str]  # already registered: left as they are (a rerun of the same file)


def read_station_csv(text: str) -> list[tuple[str, str]]:
    """(station id, name) rows from `station_id,name` lines; a first line naming the columns
    is skipped. Raises HeadOfficeError naming the first bad line."""
    rows: list[tuple[str, str]] = []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields or all(not f.strip() for f in fields):
            continue
        if number == 1 and [f.strip().lower() for f in fields[:2]] == ["station_id", "name"]:
            continue
        station_id, name = (fields[0].strip(), fields[1].strip()) if len(fields) == 2 else \
            ("", "")
        if not station_id or not name or len(station_id) > 16 or \
                not station_id.isascii() or not station_id.replace("-", "").isalnum() or \
                len(name) > 200:
            raise HeadOfficeError("bad_csv", f"line {number}: expected station_id,name "
                                             f"(an id of up to 16 letters, digits or -)")
        rows.append((station_id, name))
    ids = [station_id for station_id, _ in rows]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise HeadOfficeError("bad_csv", f"station ids listed twice: {', '.join(twice)}")
    return rows


def create_stations(db: HeadOfficeDb, rows: Sequence[tuple[str, str]]) -> Created:
    """Register every (id, name) not registered yet, in one transaction."""
    now = now_utc()
    with db.writing() as session:
        existing: set[str] = set()
        ids = [station_id for station_id, _ in rows]
        for start in range(0, len(ids), _CHUNK):
            existing.update(session.scalars(select(Station.id).where(
                Station.id.in_(ids[start:start + _CHUNK]))))
        new = [(station_id, name) for station_id, name in rows if station_id not in existing]
        for start in range(0, len(new), _CHUNK):
            session.execute(insert(Station), [
                {"id": station_id, "name": name, "created_at": now, "acked_through_seq": 0,
                 "holding_days": 3} for station_id, name in new[start:start + _CHUNK]])
    return Created([station_id for station_id, _ in new], [i for i in ids if i in existing])


def new_enrolment_codes(db: HeadOfficeDb, station_ids: Sequence[str],
                        overlap: timedelta = timedelta(0)) -> list[tuple[str, str]]:
    """A one-time code for each station, in one transaction: [(station id, code)]. Raises
    HeadOfficeError("unknown_station") naming stations head office does not know (then no
    code is made)."""
    now = now_utc()
    with db.writing() as session:
        known: set[str] = set()
        for start in range(0, len(station_ids), _CHUNK):
            known.update(session.scalars(select(Station.id).where(
                Station.id.in_(list(station_ids[start:start + _CHUNK])))))
        unknown = [station_id for station_id in station_ids if station_id not in known]
        if unknown:
            raise HeadOfficeError("unknown_station", f"no station {', '.join(unknown[:5])}"
                                                     f"{' …' if len(unknown) > 5 else ''}")
        codes = [(station_id, enrolment_code_text()) for station_id in station_ids]
        rows = [{"code_sha256": code_hash(code), "station_id": station_id, "created_at": now,
                 "expires_at": now + ENROLMENT_CODE_TTL, "used_at": None,
                 "cancelled_at": None, "request_sha256": None, "key_id": None,
                 "overlap_s": int(overlap.total_seconds())} for station_id, code in codes]
        for start in range(0, len(rows), _CHUNK):
            session.execute(insert(EnrolmentCode), rows[start:start + _CHUNK])
    return codes

