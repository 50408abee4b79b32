"""The committed change log behind `GET /v1/changes`, and its cursors.

Why a page never skips a row: a cursor is the id of the last change a station has seen, and a
page is "ids greater than that, in order". That is only safe if no change with a smaller id can
become visible after a larger one. PostgreSQL hands out sequence values at INSERT time, so
without care writer A takes id 11, writer B takes 12 and commits first, a reader pages past
12, and 11 appears later behind the cursor. So every transaction that appends to the log first
takes `LOCK TABLE ho_change_log IN EXCLUSIVE MODE` (blocks other writers, never readers) and
holds it to commit: ids are then handed out in commit order. SQLite already runs one writer at
a time (BEGIN IMMEDIATE), which gives the same order.

The log keeps the newest change of each thing only (stream and ref: an order, a product, a
key): appending a change deletes the older ones of the same ref. A counter pulling from the
start then meets each order once, as it is now (a finished one without personal data), and
the log grows with the number of things, not of changes. Deleting rows behind a cursor never
moves it: a page is still "ids greater than the cursor".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from sync.protocol import ChangesPage
from sync.server.models import ChangeLogEntry, PullPosition, table_of

_CURSOR = re.compile(r"(?P<epoch>[0-9a-f]{8})\.(?P<stream>[a-z_]{1,32})\.(?P<pos>[0-9]{1,18})")

# Streams whose changes each concern one station; the others go to every station.
PER_STATION_STREAMS = frozenset({"orders", "cancellations", "manifests", "after_sales"})

# A station's pull position is recorded at most this often: a position recorded late only
# keeps change-log rows a little longer (retention removes what is behind it), and most pulls
# then write nothing but their nonce.
POSITION_EVERY = timedelta(minutes=10)

_LOG = table_of(ChangeLogEntry)
_POSITIONS = table_of(PullPosition)


def _page_statement(shared: bool) -> CompoundSelect[Any]:
    """Built once per kind of stream: a head row (kind 0: the log's newest id and the
    station's position) and the page's rows (kind 1) from one or two ranges of the
    (stream, station_id, id) index. Two ranges, not one with OR or IS NOT DISTINCT FROM:
    PostgreSQL would read the stream's rows of every station."""
    def mine(column: Any) -> Any:
        return select(column).where(_POSITIONS.c.station_id == bindparam("owner"),
                                    _POSITIONS.c.stream == bindparam("stream")
                                    ).scalar_subquery()

    head = select(literal(0).label("kind"), func.max(_LOG.c.id).label("id"),
                  null().label("data"), mine(_POSITIONS.c.pruned_through),
                  mine(_POSITIONS.c.position), mine(_POSITIONS.c.pulled_at))
    return union_all(head, *(
        select(literal(1), page.c.id, page.c.data, null(), null(), null())
        for page in _ranges(_LOG, shared, "")))


def _ranges(log: Any, shared: bool, suffix: str) -> list[Any]:
    """The station's rows of a stream after a cursor, as subqueries (see _page_statement)."""
    owners = [log.c.station_id == bindparam("owner")]
    if shared:
        owners.append(log.c.station_id.is_(None))
    return [select(log.c.id, log.c.data).where(
        log.c.stream == bindparam(f"stream{suffix}"), owner,
        log.c.id > bindparam(f"after{suffix}")).order_by(log.c.id).limit(
        bindparam(f"count{suffix}", type_=Integer)).subquery() for owner in owners]


_OWN_PAGE = _page_statement(shared=False)
_SHARED_PAGE = _page_statement(shared=True)
_HEAD_SLOT, _POSITION_SLOT = -1, -2


@functools.lru_cache(maxsize=128)
def _pages_statement(streams: tuple[str, ...]) -> CompoundSelect[Any]:
    """The pages of several streams as ONE statement, built once per list of streams: a
    batched pull costs one round trip and one snapshot, like a single page. Rows: the log's
    newest id (slot -1), the station's pull positions (slot -2, the stream in `data`), and
    each stream's rows (slot n for the n-th stream; parameters owner, stream<n>, after<n>,
    count<n>). Short on purpose, constants written into the text, no repeated subqueries:
    psycopg caches a statement's parsing only under 4,096 characters and 50 parameters."""
    log, positions = _LOG.alias("l"), _POSITIONS.alias("p")

    def slot(n: int) -> Any:
        return literal_column(str(n), Integer)

    parts: list[Select[Any]] = [
        select(slot(_HEAD_SLOT).label("slot"), func.max(log.c.id).label("id"),
               null().label("data"), null().label("pruned"), null().label("position"),
               null().label("pulled_at")),
        select(slot(_POSITION_SLOT), null(), positions.c.stream, positions.c.pruned_through,
               positions.c.position, positions.c.pulled_at).where(
            positions.c.station_id == bindparam("owner"))]
    for n, stream in enumerate(streams):
        parts += [select(slot(n), page.c.id, page.c.data, null(), null(), null())
                  for page in _ranges(log, stream not in PER_STATION_STREAMS, str(n))]
    return union_all(*parts)


def lock_change_log(session: Session) -> None:
    """Serialise change-log writers until this transaction ends (see the module docstring)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE ho_change_log IN EXCLUSIVE MODE"))


def append_changes(session: Session, stream: str,
                   changes: Iterable[tuple[str | None, str, dict[str, Any]]],
                   now: datetime) -> int:
    """Append (station id or None, ref, data) changes in the caller's write transaction.
    Returns how many were written."""
    rows: list[dict[str, Any]] = [{"stream": stream, "station_id": station, "ref": ref,
                                   "data": json.dumps(data, ensure_ascii=False,
                                                      separators=(",", ":")),
                                   "committed_at": now} for station, ref, data in changes]
    if rows:
        lock_change_log(session)
        connection = session.connection()
        by_station: dict[str | None, set[str]] = {}
        for row in rows:
            by_station.setdefault(row["station_id"], set()).add(row["ref"])
        for station, refs in by_station.items():
            ordered = sorted(refs)
            for start in range(0, len(ordered), 500):
                connection.execute(_SHARED_OLDER if station is None else _OWN_OLDER, {
                    "stream": stream, "refs": ordered[start:start + 500],
                    **({} if station is None else {"station": station})})
        # Core on the table, not the ORM's bulk insert: that would fetch every new id back.
        connection.execute(_APPEND, rows)
    return len(rows)


# The older changes of the same things, removed as the newer ones are appended.
_OWN_OLDER, _SHARED_OLDER = (
    delete(_LOG).where(_LOG.c.stream == bindparam("stream"), whose,
                       _LOG.c.ref.in_(bindparam("refs", expanding=True)))
    for whose in (_LOG.c.station_id == bindparam("station"),
                  _LOG.c.station_id.is_(None)))
_APPEND = insert(_LOG)


def cursor_for(epoch: str, stream: str, position: int) -> str:
    return f"{epoch}.{stream}.{position}" if position else ""


def read_page(connection: Connection, epoch: str, stream: str, station_id: str, cursor: str,
              limit: int, now: datetime) -> str:
    """One page of `stream` for `station_id` after `cursor` ("" = from the start), as the
    ChangesPage's JSON text.

    Costs what the station owns, not the log's size: one statement reads ranges of the
    (stream, station_id, id) index, the log's newest id and the station's pull position, all
    in one snapshot. Every change up to that newest id had committed (ids are handed out in
    commit order), so a page that ends before it moves the cursor to it, past other stations'
    changes, and the next pull starts there; and retention's mark and its deletion are seen
    together, so a cursor from before what retention removed is always reset."""
    position = _position(epoch, stream, cursor)
    if position is None:
        return _reset(stream)  # unknown cursor
    head, rows = _read(connection, stream, station_id, position, limit + 1)
    return _answer(connection, epoch, stream, station_id, position, limit, head, rows, now)


def read_pages(connection: Connection, epoch: str, station_id: str,
               pulls: Sequence[tuple[str, str, int]], now: datetime) -> list[str]:
    """The pages of a batched pull: for each (stream, cursor, limit), in order, what
    read_page answers for it. Every stream's ranges and head are read by ONE statement
    (`_pages_statement`), so a batch costs one round trip and one snapshot, like one page."""
    positions = [_position(epoch, stream, cursor) for stream, cursor, _ in pulls]
    asked = [(stream, position, limit) for (stream, _, limit), position in
             zip(pulls, positions, strict=True) if position is not None]
    found = iter(_read_many(connection, station_id, asked) if asked else [])
    pages = []
    for (stream, _, limit), position in zip(pulls, positions, strict=True):
        if position is None:
            pages.append(_reset(stream))  # unknown cursor
            continue
        head, rows = next(found)
        pages.append(_answer(connection, epoch, stream, station_id, position, limit, head,
                             rows, now))
    return pages


def _answer(connection: Connection, epoch: str, stream: str, station_id: str, position: int,
            limit: int, head: _Head, rows: list[tuple[int, str]], now: datetime) -> str:
    """The page for a cursor at `position`, from the head and up to limit + 1 rows after it
    (see read_page); records the station's position when it is due."""
    if position > head.last:
        return _reset(stream)  # a cursor from before this log was rebuilt: start again
    if position and position < head.pruned_through:
        return _reset(stream)  # rows this cursor never saw were removed by retention
    if stream in PER_STATION_STREAMS and position > head.position and \
            (head.pulled_at is None or now - head.pulled_at > POSITION_EVERY):
        record_position(connection, station_id, stream, position, now)
    has_more = len(rows) > limit
    rows = rows[:limit]
    moved_to = rows[-1][0] if has_more else head.last
    return page_text(stream, rows, cursor_for(epoch, stream, moved_to), has_more)


def page_text(stream: str, rows: list[tuple[int, str]], next_cursor: str,
              has_more: bool) -> str:
    """A ChangesPage's JSON, written around each change's stored JSON text (`data` is kept
    exactly as pulled, see append_changes) instead of parsing every change only to write it
    again: byte for byte what ChangesPage.model_dump_json() gives for the parsed page."""
    kind = json.dumps(stream)
    changes = ",".join(f'{{"id":"{row_id}","kind":{kind},"data":{data}}}'
                       for row_id, data in rows)
    return (f'{{"stream":{kind},"changes":[{changes}],"next_cursor":{json.dumps(next_cursor)},'
            f'"has_more":{"true" if has_more else "false"},"reset_required":false}}')


def _reset(stream: str) -> str:
    return ChangesPage(stream=stream, changes=[], next_cursor="", has_more=False,
                       reset_required=True).model_dump_json()


@dataclass(frozen=True)
class _Head:
    last: int  # the log's newest id
    pruned_through: int  # the newest of this station's changes retention removed
    position: int  # how far the station was last recorded to have pulled
    pulled_at: datetime | None


def _read(connection: Connection, stream: str, station_id: str, position: int, count: int
          ) -> tuple[_Head, list[tuple[int, str]]]:
    """The head and up to `count` of the station's rows after `position`, in id order: one
    statement (UNION ALL), so one round trip and one snapshot."""
    statement = _SHARED_PAGE if stream not in PER_STATION_STREAMS else _OWN_PAGE
    head = _Head(0, 0, 0, None)
    rows: list[tuple[int, str]] = []
    for kind, row_id, data, pruned, at, when in connection.execute(statement, {
            "stream": stream, "owner": station_id, "after": position, "count": count}):
        if kind == 0:
            head = _Head(row_id or 0, pruned or 0, at or 0, _utc(when))
        else:
            rows.append((row_id, data))
    rows.sort()
    return head, rows[:count]


def _read_many(connection: Connection, station_id: str,
               asked: list[tuple[str, int, int]]) -> list[tuple[_Head, list[tuple[int, str]]]]:
    """_read for each (stream, position, limit), limit + 1 rows each, by one statement."""
    values: dict[str, Any] = {"owner": station_id}
    for n, (stream, position, limit) in enumerate(asked):
        values.update({f"stream{n}": stream, f"after{n}": position, f"count{n}": limit + 1})
    last = 0
    recorded: dict[str, tuple[int, int, datetime | None]] = {}
    rows: list[list[tuple[int, str]]] = [[] for _ in asked]
    statement = _pages_statement(tuple(stream for stream, _, _ in asked))
    for slot, row_id, data, pruned, at, when in connection.execute(statement, values):
        if slot >= 0:
            rows[slot].append((row_id, data))
        elif slot == _HEAD_SLOT:
            last = row_id or 0
        else:
            recorded[data] = (pruned or 0, at or 0, _utc(when))
    return [(_Head(last, *recorded.get(stream, (0, 0, None))), sorted(found)[:limit + 1])
            for found, (stream, _, limit) in zip(rows, asked, strict=True)]


def _utc(value: datetime | str | None) -> datetime | None:
    """pulled_at through a UNION: PostgreSQL gives an aware datetime, SQLite its text."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def record_position(connection: Connection, station_id: str, stream: str, position: int,
                    now: datetime) -> int:
    """Note that the station has everything of `stream` up to `position` (kept only if
    further than before); returns the newest change retention removed for it there."""
    table = table_of(PullPosition)
    upsert = (postgresql_insert if connection.dialect.name == "postgresql"
              else sqlite_insert)(table)
    stored = table.c.position
    statement = upsert.values(station_id=station_id, stream=stream, position=position,
                              pruned_through=0, pulled_at=now).on_conflict_do_update(
        index_elements=[table.c.station_id, table.c.stream],
        set_={"position": case((stored < upsert.excluded.position, upsert.excluded.position),
                               else_=stored),
              "pulled_at": upsert.excluded.pulled_at}).returning(table.c.pruned_through)
    return int(connection.execute(statement).scalar_one())


def _position(epoch: str, stream: str, cursor: str) -> int | None:
    if cursor == "":
        return 0
    match = _CURSOR.fullmatch(cursor)
    if match is None or match["epoch"] != epoch or match["stream"] != stream:
        return None
    return int(match["pos"])

