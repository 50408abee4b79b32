"""Demo mode's virtual camera: a generated clip of residents showing their order codes.

So a newcomer with no webcam sees scanning work end to end: the clip shows codes of ready
orders and, to show the warnings, one already picked up, one cancelled and one forged.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from station_app.demo_data import demo_forged_token, demo_token
from station_app.devices.phone_clip import write_clip
from station_app.storage.database import Database
from station_app.storage.models import Order

log = logging.getLogger("station.demo")

CLIP_NAME = "virtual-camera.avi"
CLIP_VERSION = "v1"  # bump when the clip's content changes, so old clips are replaced


def clip_path(data_root: Path) -> Path:
    return data_root / "virtual-camera" / f"{CLIP_VERSION}-{CLIP_NAME}"


def demo_visits(db: Database, station_id: str) -> list[tuple[str, str]]:
    """(payload, caption) of the codes the clip shows, in order."""
    with db.reading() as session:
        def first(state: str, count: int) -> list[Order]:
            return list(session.scalars(
                select(Order).where(Order.state == state, Order.station_id == station_id)
                .order_by(Order.id.desc()).limit(count)))

        chosen = [*first("ready", 4), *first("handed_over", 1), *first("cancelled", 1)]
    visits = [(demo_token(db, order.order_no), order.order_no) for order in chosen]
    visits.insert(3, (demo_forged_token(), "?"))
    return visits


def ensure_demo_clip(db: Database, station_id: str, data_root: Path) -> Path:
    """Write the clip once (a few seconds of work); later starts reuse it."""
    path = clip_path(data_root)
    if not path.exists():
        log.info("writing the virtual camera clip %s", path)
        write_clip(path, demo_visits(db, station_id), seconds_each=3.0)
    return path
