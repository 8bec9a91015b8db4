"""Time inside the planners: float epoch hours, and the local clock of an IANA zone.

The planners work in one time style. Every instant is a float number of hours since the Unix
epoch (UTC), as in the integrator (:mod:`circadian.timebase`), and every interval is a pair of
them (:mod:`circadian.planner.intervals`). Wall-clock times ("sleep 23:00-07:00 in Tokyo") are
turned into epoch hours here, once; datetimes appear again only when the plan is assembled.

Wall times that do not exist (a spring-forward gap) move forward by the size of the gap, and
ambiguous ones (a fall-back fold) take the first occurrence, as a person following their
clock would live them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from circadian.planner.intervals import Interval
from circadian.timebase import from_hours, to_hours
from circadian.tz import localize

__all__ = [
    "Interval", "at_local", "clock_h", "from_hours", "local_date", "local_h", "local_nights",
    "round_minute", "to_hours", "utc_offset_h", "wrap12", "zone",
]

MINUTE_H = 1.0 / 60.0


@lru_cache(maxsize=128)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (cached)."""
    return ZoneInfo(name)


def utc_offset_h(tz: str, h: float) -> float:
    """UTC offset of zone ``tz`` at epoch hour ``h`` [h]."""
    off = from_hours(h).astimezone(zone(tz)).utcoffset()
    return 0.0 if off is None else off.total_seconds() / 3600.0


def local_h(h: float, tz: str) -> float:
    """Local clock hour [0, 24) in ``tz`` at epoch hour ``h``."""
    return (h + utc_offset_h(tz, h)) % 24.0


def wrap12(x: float) -> float:
    """Hours wrapped to [-12, 12): the shortest way round the clock."""
    return (x + 12.0) % 24.0 - 12.0


def clock_h(t: time) -> float:
    """A wall-clock time as hours after midnight."""
    return t.hour + t.minute / 60.0


def local_date(h: float, tz: str) -> date:
    """The local calendar date in ``tz`` at epoch hour ``h``."""
    return from_hours(h).astimezone(zone(tz)).date()


def at_local(d: date, hours_after_midnight: float, tz: str) -> float:
    """Epoch hour of local date ``d`` plus ``hours_after_midnight`` of wall-clock time in ``tz``
    (beyond 24 h runs into the next days; gaps move forward, folds take the first)."""
    extra_days, minutes = divmod(int(round(hours_after_midnight * 60.0)), 1440)
    naive = datetime.combine(d + timedelta(days=extra_days), time(minutes // 60, minutes % 60))
    return to_hours(localize(naive, zone(tz), on_gap="shift_forward", on_fold="earlier"))


def local_nights(tz: str, bed: time, wake: time, a: float, b: float) -> list[Interval]:
    """Every night in bed from local ``bed`` to ``wake`` (crossing midnight if need be) in zone
    ``tz`` that overlaps [a, b), in time order."""
    d = local_date(a, tz) - timedelta(days=1)
    last = local_date(b, tz) + timedelta(days=1)
    bed_h, wake_h = clock_h(bed), clock_h(wake)
    length = (wake_h - bed_h) % 24.0 or 24.0
    out: list[Interval] = []
    while d <= last:
        s = at_local(d, bed_h, tz)
        e = at_local(d, bed_h + length, tz)
        if e > a and s < b:
            out.append((s, e))
        d += timedelta(days=1)
    return out


def round_minute(h: float) -> float:
    """``h`` rounded to the whole minute: plans give times people can read off a clock."""
    return round(h * 60.0) / 60.0
