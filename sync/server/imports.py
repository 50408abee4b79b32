"""Importing a station's signed day export: the way a day reaches head office when the station
could not go online (a USB stick, a message). The same checks and the same push path as a
batch over the network, so an export and a later sync never count an event twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sync.day_export import verify_export
from sync.protocol import MAX_BATCH_EVENTS, PushBatch
from sync.server.db import HeadOfficeDb
from sync.server.events import push_batch
from sync.server.headoffice import HeadOfficeError, now_utc
from sync.server.models import Credential


def import_signed_export(db: HeadOfficeDb, path: Path) -> dict[str, int]:
    """Verify and apply an export file. Returns counts by result status.

    Raises HeadOfficeError: unreadable file, unknown or revoked key, a key of another station,
    a signature that does not match (the file was changed), events that fail validation.
    """
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        station_id, key_id = str(document["station_id"]), str(document["key_id"])
        events = list(document["events"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HeadOfficeError("unreadable_export", f"not a station export: {error}") from None
    with db.reading() as session:
        credential = session.get(Credential, key_id)
        secret = credential.secret if credential is not None else ""
        owner = credential.station_id if credential is not None else None
        revoked = credential is not None and credential.revoked_at is not None \
            and credential.revoked_at <= now_utc()
    if credential is None or revoked:
        raise HeadOfficeError("unknown_key", f"key {key_id} is not a valid station key")
    if owner != station_id:
        raise HeadOfficeError("wrong_station", f"key {key_id} belongs to another station")
    if not verify_export(path, secret):
        raise HeadOfficeError("bad_signature",
                              "the export was changed after the station signed it")
    counts: dict[str, int] = {}
    for start in range(0, len(events), MAX_BATCH_EVENTS):
        try:
            batch = PushBatch.model_validate({"station_id": station_id,
                                              "events": events[start:start + MAX_BATCH_EVENTS]})
        except ValidationError as error:
            raise HeadOfficeError("invalid_export", str(error)[:300]) from None
        with db.writing() as session:
            answer = push_batch(session, station_id, batch, now_utc())
        for result in answer["results"]:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts
