"""Time for the core: always timezone-aware UTC inside, one business clock for people.

Moments are stored and compared as aware UTC (`utc_now`, replaceable in tests and benchmarks).
What a person reads or keeps — times on screens and paper, document and order numbers, the
business day of reports and of the day close — is on ONE clock, the station's: the stations
are in China (UTC+8, no daylight saving), whatever zone the counter PC happens to be set to.
Two clocks on one counter put a receipt, its report and its day close on different dates.
Every display, print and number goes through `station_time` / `business_day` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


CHINA = timezone(timedelta(hours=8), "CST")
# The station's zone: the one clock of everything the station shows, prints and numbers.
STATION_ZONE: tzinfo = CHINA


def station_time(moment: datetime) -> datetime:
    """`moment` on the station's clock. Raises ValueError for a naive datetime (whose zone
    nobody knows: the PC's would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("station times are made from timezone-aware moments")
    return moment.astimezone(STATION_ZONE)


def business_day(moment: datetime) -> date:
    """The station's date at `moment`: the day of its numbers, reports and day close."""
    return station_time(moment).date()


def day_start(day: date) -> datetime:
    """Midnight starting `day` on the station's clock (aware)."""
    return datetime.combine(day, time(0), STATION_ZONE)


def day_end(day: date) -> datetime:
    """Midnight ending `day` on the station's clock: the start of the next day."""
    return day_start(day + timedelta(days=1))


def day_has_ended(day: date, now: datetime) -> bool:
    """Whether the station's business day `day` is over at `now` (its midnight has passed)."""
    return now >= day_end(day)


# How far the PC clock may be from head office's before staff are told (health check, status
# bar). Head office refuses signed requests much further off; this warns well before that.
CLOCK_WARN = timedelta(minutes=2)


def offset_text(offset: timedelta) -> str:
    """`UTC+08:00`, `UTC-05:30`, `UTC+00:00`."""
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class ZoneMismatch:
    """The PC's time zone is not the station's: its own clock (the taskbar, file times, other
    programs) shows other hours and, near midnight, another date than the counter."""

    pc_offset: timedelta
    station_offset: timedelta

    @property
    def pc(self) -> str:
        return offset_text(self.pc_offset)

    @property
    def station(self) -> str:
        return offset_text(self.station_offset)


def check_pc_zone(pc_now: datetime) -> ZoneMismatch | None:
    """None when the PC's zone agrees with the station's at `pc_now` (an aware time in the
    PC's own zone, `datetime.now().astimezone()`), else what differs. Pure: the caller reads
    the PC's zone. Raises ValueError for a naive time."""
    pc_offset = pc_now.utcoffset()
    if pc_offset is None:
        raise ValueError("the PC's time must carry its zone")
    station_offset = station_time(pc_now).utcoffset()
    assert station_offset is not None
    if pc_offset == station_offset:
        return None
    return ZoneMismatch(pc_offset, station_offset)
