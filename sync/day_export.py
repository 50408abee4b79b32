"""The signed day export: a station's day on a USB stick, for when it cannot go online.

Part of the protocol both ends speak: the station signs it (sync/client/dayclose.py), head
office checks it before taking its events (sync/server/imports.py). Nothing here reads a
database, so head office needs none of the station's storage to read an export.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from sync.protocol import event_ids_sha256

EXPORT_FORMAT = "station-day-export/1"


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def signed(body: dict[str, Any], secret: bytes) -> dict[str, Any]:
    """The export document: `body` with its HMAC-SHA256 signature under the station secret."""
    mac = hmac.new(secret, _canonical(body), hashlib.sha256).hexdigest()
    return {**body, "signature": {"alg": "HMAC-SHA256", "value": mac}}


def verify_export(path: Path, secret: bytes | str) -> bool:
    """Whether the export at `path` is intact and signed with this secret (base64 or bytes).
    Also checks that the summary agrees with the events it carries. Never raises."""
    key = base64.b64decode(secret) if isinstance(secret, str) else secret
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        claimed = document.pop("signature")["value"]
        expected = hmac.new(key, _canonical(document), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, str(claimed)):
            return False
        ids = [event["event_id"] for event in document["events"]]
        return bool(document["summary"]["event_ids_sha256"] == event_ids_sha256(ids))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
