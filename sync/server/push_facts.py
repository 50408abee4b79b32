"""The facts of a pushed batch that head office keeps beyond the event itself: manifests
received, after-sales requests, staff, the holding period.

Set-based, like the rest of a push (events.py): what head office holds for the batch's
manifests, request numbers and staff is read with one query per kind (none for a batch
without such events, the usual one), each event is checked against that and against the
batch's own earlier events, and what they change is written with one statement per kind
(Core executemany), not an ORM object and a flush per event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from sync.protocol import (
    GoodsReceivedPayload,
    HoldingPeriodSetPayload,
    PushEvent,
    RefundRequestedPayload,
    StaffChangedPayload,
)
from sync.server.changelog import append_changes
from sync.server.models import Manifest, RefundRequest, StaffMember, Station, table_of


class Rejected(Exception):
    """An event held but not applied: its code and message go back to the station."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message[:500]


_MANIFESTS, _REQUESTS, _STAFF = table_of(Manifest), table_of(RefundRequest), table_of(StaffMember)
_MANIFESTS_NAMED = select(_MANIFESTS.c.manifest_no, _MANIFESTS.c.station_id,
                          _MANIFESTS.c.received_event_id, _MANIFESTS.c.data).where(
    _MANIFESTS.c.manifest_no.in_(bindparam("numbers", expanding=True)))
_REQUESTS_NAMED = select(_REQUESTS.c.request_no).where(
    _REQUESTS.c.station_id == bindparam("station"),
    _REQUESTS.c.request_no.in_(bindparam("numbers", expanding=True)))
_STAFF_NAMED = select(_STAFF.c.staff_id, _STAFF.c.updated_at).where(
    _STAFF.c.station_id == bindparam("station"),
    _STAFF.c.staff_id.in_(bindparam("ids", expanding=True)))
_RECEIVE = update(_MANIFESTS).where(_MANIFESTS.c.manifest_no == bindparam("m_no")).values(
    received_event_id=bindparam("e_id"))
_UPDATE_STAFF = update(_STAFF).where(
    _STAFF.c.station_id == bindparam("s_id"), _STAFF.c.staff_id == bindparam("m_id")).values(
    name=bindparam("m_name"), role=bindparam("m_role"), active=bindparam("m_active"),
    updated_at=bindparam("m_at"))


@dataclass
class StationFacts:
    """What one batch's facts find at head office, and what they change there."""

    station: Station  # locked by the push
    now: datetime
    manifests: dict[str, tuple[str, str | None, str]]  # number → (station, received by, data)
    requests: set[str]  # the station's request numbers already held
    staff: dict[int, datetime]  # the station's staff already held → updated_at
    received: list[dict[str, Any]] = field(default_factory=list)
    published: list[tuple[str | None, str, dict[str, Any]]] = field(default_factory=list)
    new_requests: list[dict[str, Any]] = field(default_factory=list)
    staff_rows: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, connection: Connection, station: Station, payloads: list[Any],
             now: datetime) -> StationFacts:
        """One query per kind of fact the batch has (none for most batches)."""
        manifest_nos = {p.manifest_no for p in payloads if isinstance(p, GoodsReceivedPayload)}
        request_nos = {p.request_no for p in payloads if isinstance(p, RefundRequestedPayload)}
        staff_ids = {p.member.staff_id for p in payloads if isinstance(p, StaffChangedPayload)}
        manifests = {number: (owner, received, data) for number, owner, received, data in (
            connection.execute(_MANIFESTS_NAMED, {"numbers": list(manifest_nos)})
            if manifest_nos else [])}
        requests = set(connection.scalars(_REQUESTS_NAMED, {
            "station": station.id, "numbers": list(request_nos)})) if request_nos else set()
        staff = {staff_id: at for staff_id, at in (connection.execute(_STAFF_NAMED, {
            "station": station.id, "ids": list(staff_ids)}) if staff_ids else [])}
        return cls(station, now, manifests, requests, staff)

    def apply(self, event: PushEvent, payload: BaseModel) -> None:
        """Check the fact against head office and the batch so far; note what it changes.
        Raises Rejected."""
        if isinstance(payload, GoodsReceivedPayload):
            self._receive(event, payload)
        elif isinstance(payload, RefundRequestedPayload):
            # Numbers are the station's own: another station's AS-… cannot shadow this one's.
            if payload.request_no in self.requests:
                raise Rejected("duplicate_request", f"request {payload.request_no} exists")
            self.requests.add(payload.request_no)
            self.new_requests.append({
                "request_no": payload.request_no, "station_id": self.station.id,
                "order_no": payload.order_no, "sku": payload.sku, "quantity": payload.quantity,
                "source": payload.source, "reason": payload.reason,
                "requested_at": payload.requested_at.astimezone(UTC),
                "event_id": event.event_id, "decision": None, "note": None})
        elif isinstance(payload, StaffChangedPayload):
            self._staff(payload)
        elif isinstance(payload, HoldingPeriodSetPayload):
            self.station.holding_days = payload.days

    def _receive(self, event: PushEvent, payload: GoodsReceivedPayload) -> None:
        manifest = self.manifests.get(payload.manifest_no)
        if manifest is None:
            return  # a manifest imported from a file may be unknown here
        owner, received_by, data = manifest
        if owner != self.station.id:
            raise Rejected("manifest_other_station", "the manifest is for another station")
        if received_by is not None:
            raise Rejected("manifest_already_received", f"already received by event "
                                                        f"{received_by}")
        self.manifests[payload.manifest_no] = (owner, event.event_id, data)
        self.received.append({"m_no": payload.manifest_no, "e_id": event.event_id})
        # Published again, received: a counter pulling from the start (a replacement PC)
        # never offers it for receiving again.
        self.published.append((owner, payload.manifest_no, {
            **json.loads(data), "received_at": payload.received_at.astimezone(UTC).isoformat()}))

    def _staff(self, payload: StaffChangedPayload) -> None:
        member, at = payload.member, payload.changed_at.astimezone(UTC)
        noted = self.staff_rows.get(member.staff_id)
        newest = noted["m_at"] if noted is not None else self.staff.get(member.staff_id)
        if newest is not None and at < newest:
            return  # facts may arrive out of order: the newest stands
        self.staff_rows[member.staff_id] = {
            "s_id": self.station.id, "m_id": member.staff_id, "m_name": member.name,
            "m_role": member.role, "m_active": member.active, "m_at": at}

    def write(self, session: Session) -> None:
        """One statement per kind of change (executemany)."""
        connection = session.connection()
        if self.received:
            connection.execute(_RECEIVE, self.received)
            append_changes(session, "manifests", self.published, self.now)
        if self.new_requests:
            connection.execute(insert(_REQUESTS), self.new_requests)
        added = [row for staff_id, row in self.staff_rows.items() if staff_id not in self.staff]
        changed = [row for staff_id, row in self.staff_rows.items() if staff_id in self.staff]
        if added:
            connection.execute(insert(_STAFF), [{
                "station_id": row["s_id"], "staff_id": row["m_id"], "name": row["m_name"],
                "role": row["m_role"], "active": row["m_active"], "updated_at": row["m_at"]}
                for row in added])
        if changed:
            connection.execute(_UPDATE_STAFF, changed)
