"""`station-app --self-test`, the part without Qt: database, receipt, decoders, fonts.

CI runs the self-test on the frozen build and on the installed .deb, and support can run it on
a counter PC: a library, data file or plugin missing from a build shows as one ✗ line naming
it, instead of a crash in front of a resident. Every check does the real thing on real files
(a fresh SQLite station, a handover, ESC/POS bytes, a PNG read back by both decoders), in a
work folder of its own, never the station's data. `ui/self_test.py` adds the window's checks.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont
from sqlalchemy import select, text

from station_app.clock import STATION_ZONE
from station_app.counter import Counter, open_counter
from station_app.devices.decoding.backends import DECODER_NAMES, make_decoder
from station_app.devices.dot_font import find_cjk_font
from station_app.devices.escpos_render import CUT, render_escpos
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt import HandoverReceipt
from station_app.devices.receipt_preview import render_preview_png
from station_app.domain.order_state import OrderState
from station_app.paths import DataDir
from station_app.storage.database import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    DatabaseError,
    open_database,
)
from station_app.storage.models import Order

log = logging.getLogger("station.self_test")

T = TypeVar("T")
U = TypeVar("U")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ESC_INIT = b"\x1b@"


class CheckFailed(Exception):
    """A check saw something wrong; the message says what, and what to do."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.name}: {self.detail} ({self.seconds * 1000:.0f} ms)"


@dataclass
class SelfTest:
    """Runs checks one after another, timing each; a failure is recorded, never raised."""

    work_dir: Path
    results: list[CheckResult] = field(default_factory=list)

    def check(self, name: str, work: Callable[[], tuple[T, str]]) -> T | None:
        """Run `work`, which returns (value, detail); the value, or None when it failed."""
        started = time.perf_counter()
        try:
            value, detail = work()
        except Exception as error:  # the point of a self-test: report every fault, go on
            log.exception("self-test check %r failed", name)
            self._record(name, False, _describe(error), started)
            return None
        self._record(name, True, detail, started)
        return value

    def then(self, given: U | None, name: str, work: Callable[[U], tuple[T, str]]) -> T | None:
        """A check that needs an earlier one's value: not run (and failed) without it."""
        if given is None:
            self._record(name, False, "not run: an earlier check it needs failed",
                         time.perf_counter())
            return None
        return self.check(name, lambda: work(given))

    def _record(self, name: str, ok: bool, detail: str, started: float) -> None:
        result = CheckResult(name, ok, detail, time.perf_counter() - started)
        self.results.append(result)
        print(result.line(), flush=True)  # as it goes: a check that hangs shows where

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(result.ok for result in self.results)

    def summary(self) -> str:
        failed = sum(not result.ok for result in self.results)
        total = sum(result.seconds for result in self.results)
        verdict = "passed" if not failed else f"FAILED ({failed} of {len(self.results)} checks)"
        return f"self-test {verdict} in {total:.1f} s"


def _describe(error: BaseException) -> str:
    if isinstance(error, CheckFailed | DatabaseError):  # already written to be read by people
        return str(error)
    return f"{type(error).__name__}: {error}"


def replace_unprintable_output() -> None:
    """A Windows console in GBK or cp1252 cannot print ✓: replace what it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


# --- the checks -----------------------------------------------------------------------------

def run_core_checks(test: SelfTest) -> Counter | None:
    """The checks that need no Qt, in order. Returns the demo counter they made (the caller
    closes it) for the window checks, or None when the station could not be opened."""
    data = DataDir(test.work_dir / "station")
    settings = PrinterSettings()  # what a new counter starts with: 80 mm, GB18030, cut
    test.check("migrations bundled", _migrations_bundled)
    test.check("database created and migrated", lambda: _fresh_database(data))
    counter = test.check("demo station", lambda: _demo_station(data))
    receipt = test.then(counter, "handover receipt", _handover_receipt)
    test.then(receipt, "ESC/POS bytes", lambda done: _escpos(done, settings, test.work_dir))
    picture = test.then(receipt, "receipt picture",
                        lambda done: _picture(done, settings, test.work_dir))
    for decoder in DECODER_NAMES:
        test.then(picture, f"QR read back ({decoder})", partial(_read_back, decoder))
    test.check("Chinese font for receipts", _receipt_font)
    return counter


def _migrations_bundled() -> tuple[None, str]:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - as start-up imports it

    versions = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    if not versions:
        raise CheckFailed(f"no migration scripts in {MIGRATIONS_DIR}: the build is incomplete")
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if head != SCHEMA_HEAD:
        raise CheckFailed(f"the migrations end at {head}, this build expects {SCHEMA_HEAD}")
    return None, f"{len(versions)} scripts, head {head}"


def _fresh_database(data: DataDir) -> tuple[None, str]:
    data.ensure()
    db = open_database(data.database, data.backups)
    try:
        with db.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
            journal = connection.execute(text("PRAGMA journal_mode")).scalar()
    finally:
        db.close()
    if revision != SCHEMA_HEAD or integrity != "ok" or journal != "wal":
        raise CheckFailed(f"schema {revision}, integrity {integrity}, journal {journal}")
    return None, f"schema {revision}, integrity ok, WAL, {data.database.stat().st_size} bytes"


def _demo_station(data: DataDir) -> tuple[Counter, str]:
    counter = open_counter(data.root, demo=True)
    with counter.db.reading() as session:
        orders = len(session.scalars(select(Order.id)).all())
    return counter, f"{counter.station_name}, {orders} orders, cashier {counter.staff_name}"


def _handover_receipt(counter: Counter) -> tuple[HandoverReceipt, str]:
    with counter.db.reading() as session:
        order_no = session.scalar(
            select(Order.order_no).where(Order.station_id == counter.station_id,
                                         Order.state == OrderState.READY.value)
            .order_by(Order.id).limit(1))
    if order_no is None:
        raise CheckFailed("the demo station has no order ready to hand over")
    order = counter.handovers.order(order_no)
    assert order is not None
    done = counter.handovers.confirm(order_no, counter.staff_id, order.pickup_code)
    job = counter.journal.job(done.print_job_id)
    if job is None:
        raise CheckFailed(f"order {order_no} was handed over but no receipt was journaled")
    return job.receipt, f"order {order_no} handed over, receipt {done.receipt_no} journaled"


def _escpos(receipt: HandoverReceipt, settings: PrinterSettings,
            out: Path) -> tuple[None, str]:
    data = render_escpos(receipt, settings)
    (out / "receipt.escpos").write_bytes(data)
    missing = [what for what, present in (
        ("ESC @ at the start", data.startswith(ESC_INIT)),
        ("the cut", not settings.cut or CUT in data),
        ("the station name in GB18030", receipt.station_name.encode("gb18030") in data),
        ("the order number for the QR code", receipt.order_no.encode("ascii") in data),
    ) if not present]
    if missing:
        raise CheckFailed(f"the print job lacks {', '.join(missing)}")
    return None, f"{len(data)} bytes for {settings.paper_width_mm} mm, {settings.encoding}"


def _picture(receipt: HandoverReceipt, settings: PrinterSettings,
             out: Path) -> tuple[tuple[bytes, str], str]:
    png = render_preview_png(receipt, settings, tz=STATION_ZONE)
    if not png.startswith(PNG_SIGNATURE):
        raise CheckFailed("the receipt preview is not a PNG")
    (out / "receipt.png").write_bytes(png)
    with Image.open(io.BytesIO(png)) as image:
        size = image.size
    return (png, receipt.order_no), f"{size[0]}×{size[1]} PNG"


def _read_back(decoder_name: str, picture: tuple[bytes, str]) -> tuple[None, str]:
    png, order_no = picture
    decoder = make_decoder(decoder_name)  # pyzbar: proves libzbar is there (or bundled)
    with Image.open(io.BytesIO(png)) as image:
        gray = np.ascontiguousarray(np.asarray(image.convert("L"), dtype=np.uint8))
    found = [code.text for code in decoder.decode(gray) if code.format == "QRCode"]
    if order_no not in found:
        raise CheckFailed(f"the receipt's QR code read as {found or 'nothing'}, "
                          f"expected {order_no}")
    return None, order_no


def _receipt_font() -> tuple[None, str]:
    found = find_cjk_font()
    if found is None:
        raise CheckFailed("no Chinese font: receipt pictures show boxes. Install "
                          "fonts-wqy-microhei (Debian, UOS, Kylin) or use Windows' own fonts")
    path, index = found
    font = ImageFont.truetype(str(path), 32, index=index)
    # A font without hanzi draws the same box (or nothing) for every one of them.
    first, second = (_glyph(font, char) for char in ("自", "站"))
    if first.getbbox() is None or ImageChops.difference(first, second).getbbox() is None:
        raise CheckFailed(f"{path.name} has no Chinese glyphs")
    return None, path.name


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> Image.Image:
    image = Image.new("L", (40, 40), 0)
    ImageDraw.Draw(image).text((4, 0), char, font=font, fill=255)
    return image
