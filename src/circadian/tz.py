"""Time zones: the one place that turns local wall-clock times into aware UTC datetimes.

``zoneinfo`` silently accepts a wall time inside a DST gap (02:30 on spring-forward day becomes
03:30) and silently picks the earlier offset inside a fold. Both would give a wrong time without
a word, so :func:`localize` detects them and raises unless the caller says how to resolve them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from circadian.errors import CircadianError

OnGap = Literal["raise", "shift_forward"]
OnFold = Literal["raise", "earlier", "later"]


def get_zone(name: str | ZoneInfo, where: str | None = None) -> ZoneInfo:
    """Return the IANA zone called ``name`` or raise :class:`CircadianError`.

    Windows zone names, which Outlook and Exchange write into calendars ("GMT Standard Time"),
    are accepted too and mapped to their IANA zone (:func:`windows_to_iana`).
    """
    if isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str) or not name.strip():
        raise CircadianError(f"time zone must be an IANA name, got {name!r}", where)
    key = name.strip()
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        iana = windows_to_iana(key)
        if iana is not None:
            return ZoneInfo(iana)
        raise CircadianError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/London)", where
        ) from None


def windows_to_iana(name: str) -> str | None:
    """The IANA zone of a Windows zone name (CLDR windowZones table, as shipped by
    ``icalendar``), or None when ``name`` is not one."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - icalendar 5 kept it at the top level
        try:
            from icalendar.windows_to_olson import WINDOWS_TO_OLSON  # type: ignore[no-redef]
        except ImportError:
            return None
    iana = WINDOWS_TO_OLSON.get(name.strip().strip('"'))
    return str(iana) if iana else None


def is_gap(naive: datetime, zone: ZoneInfo) -> bool:
    """True when the wall time ``naive`` never happens in ``zone`` (spring-forward gap)."""
    local = naive.replace(tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back != naive.replace(tzinfo=None, fold=0)


def is_fold(naive: datetime, zone: ZoneInfo) -> bool:
    """True when the wall time ``naive`` happens twice in ``zone`` (fall-back fold)."""
    a = naive.replace(tzinfo=zone, fold=0).utcoffset()
    b = naive.replace(tzinfo=zone, fold=1).utcoffset()
    return a != b and not is_gap(naive, zone)


def localize(
    naive: datetime,
    zone: str | ZoneInfo,
    where: str | None = None,
    on_gap: OnGap = "raise",
    on_fold: OnFold = "raise",
) -> datetime:
    """Attach ``zone`` to a naive wall time, refusing times that do not exist or are ambiguous.

    Returns an aware datetime in ``zone``. An already-aware ``naive`` is converted to the zone.
    """
    z = get_zone(zone, where)
    if naive.tzinfo is not None:
        return naive.astimezone(z)
    naive = naive.replace(fold=0)
    try:
        gap = is_gap(naive, z)
        fold = not gap and is_fold(naive, z)
    except OverflowError:  # within a day of year 1 or 9999: UTC would leave datetime's range
        msg = f"{naive:%Y-%m-%d %H:%M} is outside the supported dates"
        raise CircadianError(msg, where) from None
    if gap:
        if on_gap == "raise":
            raise CircadianError(
                f"{naive:%Y-%m-%d %H:%M} does not exist in {z.key} (clocks jump forward over it); "
                "give the time with a UTC offset or pick a time outside the gap",
                where,
            )
        # Shift by the size of the gap, as a person whose clock jumped would read it.
        before = naive.replace(tzinfo=z).utcoffset() or timedelta(0)
        after = naive.replace(tzinfo=z, fold=1).utcoffset() or timedelta(0)
        return (naive + abs(after - before)).replace(tzinfo=z)
    if fold:
        if on_fold == "raise":
            raise CircadianError(
                f"{naive:%Y-%m-%d %H:%M} happens twice in {z.key} (clocks go back); "
                "give the time with a UTC offset to say which one",
                where,
            )
        return naive.replace(tzinfo=z, fold=0 if on_fold == "earlier" else 1)
    return naive.replace(tzinfo=z)


def check_wall_time(dt: datetime, where: str | None = None) -> datetime:
    """Refuse an aware datetime whose wall time, read from a file with a named zone (e.g. an
    iCalendar TZID, possibly a VTIMEZONE of the file's own), never happens or happens twice
    there; the tzinfo would silently shift or pick one. Returns ``dt`` (zoneinfo: re-localized).
    """
    tzinfo = dt.tzinfo
    if tzinfo is None or isinstance(tzinfo, timezone):
        return dt
    if isinstance(tzinfo, ZoneInfo):
        return localize(dt.replace(tzinfo=None), tzinfo, where)
    from dateutil import tz as dtz

    name = getattr(tzinfo, "_tzid", None) or dt.tzname() or str(tzinfo)
    if not dtz.datetime_exists(dt):
        raise CircadianError(
            f"{dt:%Y-%m-%d %H:%M} does not exist in {name} (clocks jump forward over it); "
            "give the time in UTC or pick a time outside the gap",
            where,
        )
    if dtz.datetime_ambiguous(dt):
        raise CircadianError(
            f"{dt:%Y-%m-%d %H:%M} happens twice in {name} (clocks go back); give the time "
            "in UTC to say which one",
            where,
        )
    return dt


def to_utc(dt: datetime, where: str | None = None) -> datetime:
    """Convert an aware datetime to UTC; a naive one is an error."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise CircadianError(f"time {dt.isoformat()} has no time zone or UTC offset", where)
    try:
        return dt.astimezone(UTC)
    except OverflowError:
        msg = f"time {dt.isoformat()} is outside the supported dates"
        raise CircadianError(msg, where) from None


def parse_local(
    text: str,
    zone: str | ZoneInfo | None,
    where: str | None = None,
    on_fold: OnFold = "raise",
) -> datetime:
    """Parse an ISO 8601 date-time; with an offset it is used, without one it is local to ``zone``.

    Returns an aware UTC datetime.
    """
    s = text.strip() if isinstance(text, str) else text
    if not isinstance(s, str) or not s:
        raise CircadianError(f"expected a date and time, got {text!r}", where)
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        raise CircadianError(
            f"cannot read {text!r} as a date and time (expected e.g. 2026-12-01T17:30)", where
        ) from None
    if dt.tzinfo is None:
        if zone is None:
            raise CircadianError(f"time {text!r} has no UTC offset and no zone is known", where)
        dt = localize(dt, zone, where, on_fold=on_fold)
    return to_utc(dt, where)
