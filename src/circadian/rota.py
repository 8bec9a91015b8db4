"""Work rotas: shifts read from CSV, iCalendar or a pattern TOML, classified and checked.

All shift times are aware UTC inside the objects; each shift keeps the IANA zone it was given in,
because what makes a shift a "night" or an "early start" is local wall-clock time. Local wall
times are turned into instants only through :func:`circadian.tz.localize`, so a shift that starts
in a DST gap or an ambiguous fold is an error rather than a silent guess. Durations are real
elapsed hours: an 8 h 23:00-07:00 night across the spring change lasts 7 h, across the autumn
change 9 h.

Guidance checks follow the UK Health and Safety Executive's good-practice advice on shift work
(HSE, *Managing shift work*, HSG256, 2006): rotate forward, no more than 2-3 consecutive nights,
avoid night shifts longer than 12 h (8 h or less for demanding work), allow two full nights' sleep
when switching from nights to days, and avoid "quick returns" under 11 h of rest (the 11 h daily
rest of the Working Time Regulations 1998).

Readers
-------
* CSV ``date,start,end[,label]`` (header required; UTF-8, BOM and CRLF accepted; ``#`` comments).
  ``date`` is YYYY-MM-DD, ``start``/``end`` are HH:MM local to the given zone, optionally with a
  UTC offset (``01:30+01:00`` or ``01:30Z``) to settle a DST fold. ``end <= start`` means the
  shift ends the next day. ``24:00`` is accepted as an *end* time only (midnight at the end of
  the date); as a start it is an error (write ``00:00`` on the next date).
* iCalendar from a rostering system: recurring events expanded with ``recurring-ical-events``;
  all-day events called Off/Rest/Leave/Holiday/AL become days off, other all-day events produce a
  warning; floating times are taken in the user's zone.
* Pattern TOML: ``tz``, ``anchor`` date, ``pattern`` string (one character per day, ``-`` or ``O``
  off), ``repeat`` cycles or ``until`` date, and a ``[shifts.X]`` table per shift letter.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from circadian.errors import CircadianError
from circadian.tz import check_wall_time, get_zone, localize, windows_to_iana

ShiftType = Literal["day", "early", "evening", "night"]
BlockKind = Literal["days", "early starts", "evenings", "isolated nights", "run of nights"]

#: Longest shift accepted [h]; anything longer is almost certainly a data-entry mistake.
MAX_SHIFT_H = 16.0
#: Rota dates outside these years are refused (they are typos, and near year 1 or 9999 the
#: UTC conversion would leave datetime's range).
MIN_YEAR, MAX_YEAR = 1900, 2200
#: Longest rota read at once [days] (as for pattern files' ``until``); planning time grows
#: with the rota's length, and decades of shifts are an export mistake.
MAX_SPAN_DAYS = 366 * 5
#: Largest rota file read [bytes] (5 MB is over a century of shifts in CSV).
MAX_FILE_BYTES = 5_000_000
#: Minimum rest between shifts [h] (Working Time Regulations 1998 daily rest; HSE HSG256).
MIN_REST_H = 11.0
#: HSE HSG256: limit consecutive night shifts to 2-3; we warn from the 4th.
MAX_CONSECUTIVE_NIGHTS = 3
#: HSE HSG256: night shifts longer than this are warned about [h].
MAX_NIGHT_H = 12.0
#: HSE HSG256: two full nights' sleep when switching from nights to days.
MIN_RECOVERY_NIGHTS = 2
#: Local "core night" used to type night shifts and to count full nights off (our choice).
CORE_NIGHT = (time(0, 0), time(6, 0))
#: A shift is a night when it covers more than this much of the core night [h] ("most of it").
NIGHT_COVER_H = 3.0
#: Non-night shifts starting before this local time are early starts.
EARLY_BEFORE = time(7, 0)
#: Non-night shifts starting at or after this local time are evening (late) shifts.
EVENING_FROM = time(12, 0)

_KIND_RANK: dict[ShiftType, int] = {"early": 0, "day": 1, "evening": 2, "night": 3}
_OFF_WORDS = re.compile(
    r"\b(off|rest|leave|holiday|holidays|al|a/l|annual\s+leave|day\s+off|rest\s+day|vacation)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shift:
    """One work period over [start, end): aware instants (stored as UTC) and the local zone.

    ``duration_h`` is real elapsed time, so DST changes shorten or lengthen wall-clock shifts.
    """

    start: datetime
    end: datetime
    label: str = ""
    tz: str = "UTC"

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
                raise CircadianError(f"shift {name} must be an aware datetime, got {value!r}")
            object.__setattr__(self, name, value.astimezone(UTC))
        get_zone(self.tz)
        if self.end <= self.start:
            lab = f" {self.label!r}" if self.label else ""
            raise CircadianError(
                f"shift{lab} ends ({self.end:%Y-%m-%d %H:%M}Z) at or before it starts "
                f"({self.start:%Y-%m-%d %H:%M}Z)"
            )

    @property
    def duration_h(self) -> float:
        """Real elapsed hours [h]."""
        return (self.end - self.start).total_seconds() / 3600.0

    def local_start(self) -> datetime:
        return self.start.astimezone(ZoneInfo(self.tz))

    def local_end(self) -> datetime:
        return self.end.astimezone(ZoneInfo(self.tz))

    @property
    def kind(self) -> ShiftType:
        """Shift type from local times; see :func:`classify_shift`."""
        return classify_shift(self)

    def describe(self) -> str:
        """``2026-12-08 19:00-07:00 'Night'`` in local time, for messages."""
        s, e = self.local_start(), self.local_end()
        lab = f" {self.label!r}" if self.label else ""
        return f"{s:%Y-%m-%d %H:%M}-{e:%H:%M}{lab}"


@dataclass(frozen=True, slots=True)
class Rota:
    """A person's shifts (sorted, validated), the rota's zone and explicit days off."""

    shifts: tuple[Shift, ...]
    tz: str
    days_off: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        get_zone(self.tz)
        object.__setattr__(self, "shifts", validate_shifts(self.shifts))
        object.__setattr__(self, "days_off", tuple(sorted(set(self.days_off))))


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive shifts of one type (next shift starting on the same or next local day).

    ``quick_return`` is True when any shift in the block starts less than
    :data:`MIN_REST_H` after the end of the shift before it (inside or outside the block).
    """

    kind: BlockKind
    shifts: tuple[Shift, ...]
    start: datetime
    end: datetime
    quick_return: bool = False
    shift_kind: ShiftType = field(default="day")


# --------------------------------------------------------------------------------------------
# Validation and classification
# --------------------------------------------------------------------------------------------


def validate_shifts(
    shifts: Iterable[Shift], where: str | None = None, sources: Sequence[str] | None = None
) -> tuple[Shift, ...]:
    """Sort shifts and reject duplicates, overlaps and shifts longer than :data:`MAX_SHIFT_H`.

    ``sources`` (parallel to ``shifts``) names where each shift came from, e.g. ``"line 7"``.
    """
    items = list(shifts)
    srcs = list(sources) if sources is not None else [""] * len(items)
    for s, src in zip(items, srcs, strict=True):
        if not isinstance(s, Shift):
            raise CircadianError(f"expected a Shift, got {type(s).__name__}", where)
        if s.duration_h > MAX_SHIFT_H + 1e-9:
            raise CircadianError(
                f"shift {s.describe()}{_at(src)} lasts {s.duration_h:.1f} h, more than "
                f"{MAX_SHIFT_H:g} h; check the start and end times",
                where,
            )
    order = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].end))
    if order:
        first, last = items[order[0]], max(items, key=lambda s: s.end)
        if (last.end - first.start).days > MAX_SPAN_DAYS:
            raise CircadianError(
                f"the rota runs from {first.describe()} to {last.describe()}, more than "
                f"{MAX_SPAN_DAYS} days; plan at most 5 years at a time",
                where,
            )
    for a, b in zip(order, order[1:], strict=False):
        x, y = items[a], items[b]
        if x.start == y.start and x.end == y.end:
            raise CircadianError(
                f"duplicate shift {y.describe()}{_at(srcs[b])}: same as "
                f"{srcs[a] or 'another shift'}",
                where,
            )
        if y.start < x.end:
            raise CircadianError(
                f"shift {y.describe()}{_at(srcs[b])} overlaps shift {x.describe()}{_at(srcs[a])}",
                where,
            )
    return tuple(items[i] for i in order)


def _at(src: str) -> str:
    return f" ({src})" if src else ""


def _core_night_overlap_h(shift: Shift) -> float:
    """Hours of the shift that fall in local 00:00-06:00, measured on the wall clock."""
    zone = ZoneInfo(shift.tz)
    s = shift.start.astimezone(zone).replace(tzinfo=None)
    e = shift.end.astimezone(zone).replace(tzinfo=None)
    total = 0.0
    day = s.date() - timedelta(days=1)
    while datetime.combine(day, CORE_NIGHT[0]) < e:
        w0 = datetime.combine(day, CORE_NIGHT[0])
        w1 = datetime.combine(day, CORE_NIGHT[1])
        lo, hi = max(s, w0), min(e, w1)
        if hi > lo:
            total += (hi - lo).total_seconds() / 3600.0
        day += timedelta(days=1)
    return total


def classify_shift(shift: Shift) -> ShiftType:
    """Type one shift from local wall-clock times.

    * ``night``: covers more than 3 of the 6 core-night hours 00:00-06:00 local ("most of it");
    * ``early``: otherwise starts before 07:00 local;
    * ``evening``: otherwise starts at or after 12:00 local (lates, twilights);
    * ``day``: the rest.
    """
    if _core_night_overlap_h(shift) > NIGHT_COVER_H:
        return "night"
    t = shift.local_start().time()
    if t < EARLY_BEFORE:
        return "early"
    if t >= EVENING_FROM:
        return "evening"
    return "day"


def _consecutive(a: Shift, b: Shift) -> bool:
    """``b`` starts on the same or the next local day as ``a`` (no full day off between)."""
    return (b.local_start().date() - a.local_start().date()).days <= 1


def quick_returns(rota: Rota, min_rest_h: float = MIN_REST_H) -> list[tuple[Shift, Shift]]:
    """Pairs of successive shifts with less than ``min_rest_h`` hours between them."""
    out = []
    for a, b in zip(rota.shifts, rota.shifts[1:], strict=False):
        if (b.start - a.end).total_seconds() / 3600.0 < min_rest_h:
            out.append((a, b))
    return out


def classify_blocks(rota: Rota) -> list[Block]:
    """Group consecutive shifts of the same type into blocks and name them.

    Kinds: "days", "early starts", "evenings", "isolated nights" (1-2 consecutive nights) and
    "run of nights" (3 or more). Quick returns (< 11 h rest, HSE HSG256) are marked on the block
    containing the second shift.
    """
    quick = {id(b) for _, b in quick_returns(rota)}
    groups: list[list[Shift]] = []
    kinds: list[ShiftType] = []
    for s in rota.shifts:
        k = classify_shift(s)
        if groups and kinds[-1] == k and _consecutive(groups[-1][-1], s):
            groups[-1].append(s)
        else:
            groups.append([s])
            kinds.append(k)
    blocks = []
    names: dict[ShiftType, BlockKind] = {
        "day": "days",
        "early": "early starts",
        "evening": "evenings",
    }
    for g, k in zip(groups, kinds, strict=True):
        if k == "night":
            name: BlockKind = "run of nights" if len(g) >= 3 else "isolated nights"
        else:
            name = names[k]
        blocks.append(
            Block(
                kind=name,
                shifts=tuple(g),
                start=g[0].start,
                end=g[-1].end,
                quick_return=any(id(s) in quick for s in g),
                shift_kind=k,
            )
        )
    return blocks


def _free_core_nights(after: datetime, before: datetime, zone: str) -> int:
    """Number of whole local 00:00-06:00 windows inside [after, before]."""
    z = ZoneInfo(zone)
    a = after.astimezone(z).replace(tzinfo=None)
    b = before.astimezone(z).replace(tzinfo=None)
    n = 0
    day = a.date()
    while datetime.combine(day, CORE_NIGHT[0]) < b:
        w0, w1 = datetime.combine(day, CORE_NIGHT[0]), datetime.combine(day, CORE_NIGHT[1])
        if w0 >= a and w1 <= b:
            n += 1
        day += timedelta(days=1)
    return n


def _dates(shifts: Sequence[Shift]) -> str:
    ds = [s.local_start().date() for s in shifts]
    return ds[0].isoformat() if len(ds) == 1 else f"{ds[0].isoformat()} to {ds[-1].isoformat()}"


def guidance_warnings(rota: Rota) -> list[str]:
    """Warnings where the rota departs from UK HSE good practice (HSG256), each naming dates.

    Checks: more than 3 consecutive nights; quick returns under 11 h; backward rotation (a later
    block of an earlier shift type, e.g. nights -> evenings -> days, with fewer than two full
    nights off between them: our reading of "rotate forward"); night shifts over 12 h; fewer
    than two full nights (local 00:00-06:00) off when switching from nights to other shifts.
    """
    out: list[str] = []
    blocks = classify_blocks(rota)
    for b in blocks:
        if b.shift_kind == "night" and len(b.shifts) > MAX_CONSECUTIVE_NIGHTS:
            out.append(
                f"{len(b.shifts)} consecutive night shifts {_dates(b.shifts)}: HSE advises 2-3 "
                "consecutive nights at most"
            )
    for a, b in quick_returns(rota):
        rest = (b.start - a.end).total_seconds() / 3600.0
        out.append(
            f"quick return: {rest:.1f} h between shift ending "
            f"{a.local_end():%Y-%m-%d %H:%M} and shift starting {b.local_start():%Y-%m-%d %H:%M} "
            f"(less than {MIN_REST_H:g} h rest)"
        )
    for s in rota.shifts:
        if classify_shift(s) == "night" and s.duration_h > MAX_NIGHT_H + 1e-9:
            out.append(
                f"night shift {s.describe()} lasts {s.duration_h:.1f} h: HSE advises against "
                f"night shifts over {MAX_NIGHT_H:g} h (8 h or less for demanding work)"
            )
    for x, y in zip(blocks, blocks[1:], strict=False):
        free = _free_core_nights(x.end, y.start, y.shifts[0].tz)
        if x.shift_kind == "night" and y.shift_kind != "night" and free < MIN_RECOVERY_NIGHTS:
            out.append(
                f"switching from nights (ending {x.shifts[-1].local_end():%Y-%m-%d}) to "
                f"{y.kind} (from {y.shifts[0].local_start():%Y-%m-%d}) leaves {free} full "
                f"night(s) of sleep; HSE advises at least {MIN_RECOVERY_NIGHTS}"
            )
        elif _KIND_RANK[y.shift_kind] < _KIND_RANK[x.shift_kind] and free < MIN_RECOVERY_NIGHTS:
            out.append(
                f"backward rotation: {x.kind} ({_dates(x.shifts)}) followed by {y.kind} "
                f"({_dates(y.shifts)}); HSE advises rotating forward (days -> evenings -> nights)"
            )
    return out


# --------------------------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------------------------

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?:(Z|z)|([+-])(\d{2}):?(\d{2}))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class _Clock:
    """A parsed HH:MM with an optional fixed UTC offset; ``minutes`` may be 1440 (24:00)."""

    minutes: int
    offset: timedelta | None


def _parse_clock(text: str, where: str, allow_24: bool) -> _Clock:
    m = _TIME_RE.match(text.strip())
    if not m:
        raise CircadianError(f"expected a time HH:MM, got {text!r}", where)
    hh, mm = int(m.group(1)), int(m.group(2))
    offset: timedelta | None = None
    if m.group(3):
        offset = timedelta(0)
    elif m.group(4):
        oh, om = int(m.group(5)), int(m.group(6))
        if oh > 23 or om > 59:
            raise CircadianError(f"bad UTC offset in {text!r}", where)
        offset = timedelta(hours=oh, minutes=om) * (-1 if m.group(4) == "-" else 1)
    if hh == 24 and mm == 0:
        if not allow_24:
            raise CircadianError(
                "24:00 is only accepted as an end time; write 00:00 on the next date", where
            )
        if offset is not None:
            raise CircadianError("24:00 cannot carry a UTC offset", where)
        return _Clock(1440, None)
    if hh > 23 or mm > 59:
        raise CircadianError(f"no such time of day {text!r}", where)
    return _Clock(hh * 60 + mm, offset)


def _parse_date(text: str, where: str) -> date:
    s = text.strip()
    if not _DATE_RE.match(s):
        raise CircadianError(f"expected a date YYYY-MM-DD, got {text!r}", where)
    try:
        d = date.fromisoformat(s)
    except ValueError:
        raise CircadianError(f"no such date {text!r}", where) from None
    return _check_year(d, where)


def _check_year(d: date, where: str) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise CircadianError(
            f"date {d.isoformat()} is outside the supported years {MIN_YEAR}-{MAX_YEAR}", where
        )
    return d


def _instant(day: date, clock: _Clock, zone: str, where: str) -> datetime:
    """Local wall time on ``day`` (or a fixed offset if given) as an aware UTC datetime."""
    if clock.minutes == 1440:
        day, minutes = day + timedelta(days=1), 0
    else:
        minutes = clock.minutes
    naive = datetime.combine(day, time(minutes // 60, minutes % 60))
    if clock.offset is not None:
        return naive.replace(tzinfo=timezone(clock.offset)).astimezone(UTC)
    return localize(naive, zone, where).astimezone(UTC)


def _make_shift(day: date, start: _Clock, end: _Clock, label: str, zone: str, where: str) -> Shift:
    """Shift on ``day``; an end at or before the start (on the wall clock) is the next day."""
    end_day = day if end.minutes > start.minutes else day + timedelta(days=1)
    if end.minutes == 1440:
        end_day = day
    s = _instant(day, start, zone, f"{where}: start")
    e = _instant(end_day, end, zone, f"{where}: end")
    if e <= s:
        raise CircadianError(
            f"shift on {day.isoformat()} ends at or before it starts once the UTC offsets are "
            "applied",
            where,
        )
    return Shift(s, e, label, zone)


def _zone_name(tz: str | ZoneInfo, where: str | None) -> str:
    return get_zone(tz, where).key


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CircadianError(
                f"file is too large to be a rota (over {MAX_FILE_BYTES // 1_000_000} MB)",
                str(path),
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise CircadianError("no such file", str(path)) from None
    except IsADirectoryError:
        raise CircadianError("is a directory, not a rota file", str(path)) from None
    except OSError as exc:
        raise CircadianError(f"cannot read file ({exc.strerror})", str(path)) from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CircadianError(
            f"not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8", name
        ) from None


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

_CSV_COLUMNS = ("date", "start", "end", "label")


def parse_csv(text: str, tz: str | ZoneInfo, source: str = "<csv>") -> Rota:
    """Parse CSV text ``date,start,end[,label]`` (header required) in zone ``tz``.

    Errors name ``source`` and the line number. See the module docstring for the time rules.
    """
    zone = _zone_name(tz, f"{source}: time zone")
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    cols: dict[str, int] = {}
    shifts: list[Shift] = []
    sources: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            where = f"{source}: line {line}"
            if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip().lower() for c in row]
                unknown = [c for c in header if c not in _CSV_COLUMNS]
                if unknown:
                    raise CircadianError(
                        f"unknown column(s) {', '.join(map(repr, unknown))} in the header; "
                        "expected date,start,end[,label]",
                        where,
                    )
                missing = [c for c in ("date", "start", "end") if c not in header]
                if missing:
                    raise CircadianError(
                        "the header must name date,start,end[,label]; missing "
                        + ", ".join(missing),
                        where,
                    )
                if len(set(header)) != len(header):
                    raise CircadianError("a column is named twice in the header", where)
                cols = {c: i for i, c in enumerate(header)}
                continue
            if len(row) != len(header):
                raise CircadianError(
                    f"expected {len(header)} fields ({','.join(header)}), got {len(row)}", where
                )
            day = _parse_date(row[cols["date"]], f"{where}: date")
            start = _parse_clock(row[cols["start"]], f"{where}: start", allow_24=False)
            end = _parse_clock(row[cols["end"]], f"{where}: end", allow_24=True)
            label = row[cols["label"]].strip() if "label" in cols else ""
            shifts.append(_make_shift(day, start, end, label, zone, where))
            sources.append(f"line {line}")
    except csv.Error as exc:
        raise CircadianError(
            f"cannot read CSV: {exc}", f"{source}: line {reader.line_num}"
        ) from None
    if header is None:
        raise CircadianError("empty file; expected a header date,start,end[,label]", source)
    return Rota(validate_shifts(shifts, source, sources), zone)


def read_csv(path: str | Path, tz: str | ZoneInfo | None) -> Rota:
    """Read a CSV rota file; ``tz`` (IANA zone of the wall times) is required."""
    p = Path(path)
    if tz is None:
        raise CircadianError(
            "a CSV rota needs the time zone of its times (e.g. --tz Europe/London)", str(p)
        )
    return parse_csv(_decode(_read_bytes(p), str(p)), tz, str(p))


# --------------------------------------------------------------------------------------------
# iCalendar
# --------------------------------------------------------------------------------------------


def parse_ics(
    data: bytes | str,
    tz: str | ZoneInfo | None = None,
    source: str = "<ics>",
    until: date | None = None,
) -> tuple[Rota, list[str]]:
    """Parse an iCalendar rota; returns the rota and warnings.

    Recurring events are expanded between the earliest DTSTART and ``until`` (default: the end
    of the last finite series; open-ended series are cut 12 weeks after the first event, with a
    warning). Floating times are taken in ``tz``; the rota zone is ``tz``, else the calendar's
    X-WR-TIMEZONE, else the TZID of the first timed event.
    """
    import icalendar
    import recurring_ical_events

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as exc:  # icalendar raises ValueError/KeyError/IndexError on bad input
        raise CircadianError(f"not a valid iCalendar file ({exc})", source) from None
    if not isinstance(cal, icalendar.Calendar):
        raise CircadianError("not a VCALENDAR", source)
    warnings: list[str] = []
    user_zone = _zone_name(tz, f"{source}: time zone") if tz is not None else None
    zone = user_zone
    if zone is None and cal.get("X-WR-TIMEZONE"):
        zone = _zone_name(str(cal.get("X-WR-TIMEZONE")), f"{source}: X-WR-TIMEZONE")

    events = list(cal.walk("VEVENT"))
    if not events:
        raise CircadianError("the calendar has no events", source)
    first: date | None = None
    last: date | None = None
    open_ended = False
    for ev in events:
        where = f"{source}: event {str(ev.get('SUMMARY', '')).strip()!r}"
        try:
            start_v = ev.decoded("DTSTART")
        except KeyError:
            raise CircadianError("event has no DTSTART", where) from None
        except Exception as exc:
            raise CircadianError(f"bad DTSTART ({exc})", where) from None
        d0 = start_v.date() if isinstance(start_v, datetime) else start_v
        if not isinstance(d0, date):
            raise CircadianError(f"bad DTSTART {start_v!r}", where)
        _check_year(d0, where)
        if zone is None and isinstance(start_v, datetime) and isinstance(start_v.tzinfo, ZoneInfo):
            zone = start_v.tzinfo.key
        elif zone is None and isinstance(start_v, datetime) and start_v.tzinfo is not None:
            # a zone the file defines itself (Outlook: TZID "GMT Standard Time" with its own
            # VTIMEZONE): its times follow that definition; the rota zone is its IANA match
            tzid = ev["DTSTART"].params.get("TZID")
            iana = windows_to_iana(str(tzid)) if tzid else None
            if iana is None and tzid:
                try:
                    iana = get_zone(str(tzid)).key
                except CircadianError:
                    iana = None
            zone = iana
        first = d0 if first is None or d0 < first else first
        end_d = d0 + timedelta(days=2)
        rules = ev.get("RRULE")
        try:
            for rule in rules if isinstance(rules, list) else ([rules] if rules else []):
                freq = str(rule.get("FREQ", [""])[0]).upper()
                if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
                    raise CircadianError(
                        f"repeats {freq.lower()}: shifts in a rota repeat daily at most", where
                    )
                if "UNTIL" in rule:
                    u = rule["UNTIL"][0]
                    u = _check_year(u.date() if isinstance(u, datetime) else u, f"{where}: UNTIL")
                    end_d = max(end_d, u + timedelta(days=2))
                elif "COUNT" in rule:
                    n = int(rule["COUNT"][0])
                    freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
                    step = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}.get(freq, 1)
                    interval = int(rule.get("INTERVAL", [1])[0])
                    end_d = max(end_d, d0 + timedelta(days=step * interval * n + 2))
                else:
                    open_ended = True
        except CircadianError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, OverflowError):
            # icalendar keeps a malformed RRULE as text; huge COUNTs overflow the dates
            raise CircadianError(f"cannot read its RRULE {str(rules)[:60]!r}", where) from None
        last = end_d if last is None or end_d > last else last
    assert first is not None and last is not None
    if until is not None:
        stop = until + timedelta(days=1)
    elif open_ended:
        stop = max(last, first + timedelta(weeks=12))
        warnings.append(
            f"{source}: a recurring event has no end; shifts read up to {stop.isoformat()}"
        )
    else:
        stop = last
    if (stop - first).days > MAX_SPAN_DAYS + 2:  # before expanding thousands of events
        raise CircadianError(
            f"the calendar's events run from {first.isoformat()} to after "
            f"{(stop - timedelta(days=2)).isoformat()}, more than {MAX_SPAN_DAYS} days; "
            "plan at most 5 years at a time",
            source,
        )
    if zone is None:
        raise CircadianError(
            "the calendar names no time zone (times are floating or UTC, no TZID or "
            "X-WR-TIMEZONE); give the rota's zone (e.g. --tz)",
            source,
        )
    try:
        occurrences = list(recurring_ical_events.of(cal).between(first, stop))
    except CircadianError:
        raise
    except Exception as exc:
        raise CircadianError(f"cannot expand the recurring events ({exc})", source) from None

    shifts: list[Shift] = []
    sources: list[str] = []
    days_off: set[date] = set()
    for occ in occurrences:
        summary = str(occ.get("SUMMARY", "")).strip()
        status = str(occ.get("STATUS", "")).upper()
        s_v = occ.decoded("DTSTART")
        e_v = occ.decoded("DTEND") if "DTEND" in occ else None
        if e_v is None and "DURATION" in occ:
            e_v = s_v + occ.decoded("DURATION")
        where = f"{source}: event {summary!r} on {s_v.isoformat()}"
        _check_year(s_v.date() if isinstance(s_v, datetime) else s_v, where)
        if status == "CANCELLED":
            warnings.append(f"{where}: cancelled, ignored")
            continue
        if not isinstance(s_v, datetime):
            e_d = e_v if isinstance(e_v, date) and not isinstance(e_v, datetime) else None
            n_days = max(1, (e_d - s_v).days) if e_d is not None else 1
            if _OFF_WORDS.search(summary):
                days_off.update(s_v + timedelta(days=i) for i in range(n_days))
            else:
                warnings.append(f"{where}: all-day event {summary!r} is not a timed shift; ignored")
            continue
        if e_v is None or not isinstance(e_v, datetime):
            raise CircadianError("timed event has no usable DTEND or DURATION", where)
        if _OFF_WORDS.search(summary):
            warnings.append(f"{where}: timed event looks like time off ({summary!r}); ignored")
            continue
        if s_v.tzinfo is None or e_v.tzinfo is None:
            if user_zone is None:
                raise CircadianError(
                    "event has a floating (zone-less) time; give the rota's zone (e.g. --tz)",
                    where,
                )
            s_v = localize(s_v, user_zone, f"{where}: DTSTART") if s_v.tzinfo is None else s_v
            e_v = localize(e_v, user_zone, f"{where}: DTEND") if e_v.tzinfo is None else e_v
        # a TZID wall time in a DST gap or fold: zoneinfo would silently shift or pick one
        s_v = check_wall_time(s_v, f"{where}: DTSTART")
        e_v = check_wall_time(e_v, f"{where}: DTEND")
        if e_v <= s_v:
            raise CircadianError("event ends at or before it starts", where)
        shifts.append(Shift(s_v, e_v, summary, zone))
        sources.append(f"event {summary!r} on {s_v.date().isoformat()}")
    if not shifts:
        raise CircadianError("no timed shifts found in the calendar", source)
    return Rota(validate_shifts(shifts, source, sources), zone, tuple(days_off)), warnings


def read_ics(
    path: str | Path, tz: str | ZoneInfo | None = None, until: date | None = None
) -> tuple[Rota, list[str]]:
    """Read an iCalendar rota file (see :func:`parse_ics`)."""
    p = Path(path)
    return parse_ics(_read_bytes(p), tz, str(p), until)


# --------------------------------------------------------------------------------------------
# Pattern TOML
# --------------------------------------------------------------------------------------------

_TOML_KEYS = {"tz", "anchor", "pattern", "repeat", "until", "shifts"}
_SHIFT_KEYS = {"start", "end", "label"}
_OFF_CHARS = {"-", "O", "o"}


def _toml_date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        raise CircadianError(f"expected a date, got a date-time {value.isoformat()}", where)
    if isinstance(value, date):
        return _check_year(value, where)
    if isinstance(value, str):
        return _parse_date(value, where)
    raise CircadianError(f"expected a date like 2026-12-07, got {value!r}", where)


def _toml_clock(value: Any, where: str, allow_24: bool) -> _Clock:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise CircadianError("give the time without an offset", where)
        return _Clock(value.hour * 60 + value.minute, None)
    if isinstance(value, str):
        return _parse_clock(value, where, allow_24)
    raise CircadianError(f'expected a time like "07:00", got {value!r}', where)


def parse_pattern_toml(text: str, tz: str | ZoneInfo | None = None, source: str = "<toml>") -> Rota:
    """Parse a pattern rota (see module docstring); expanded with ``dateutil.rrule``.

    Each non-off position ``i`` of a pattern of length ``L`` recurs DAILY with interval ``L``
    from ``anchor + i`` days, ``repeat`` times or until ``until`` (inclusive).
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CircadianError(f"not valid TOML: {exc}", source) from None
    except ValueError:  # an integer of thousands of digits
        raise CircadianError("not valid TOML: a number too long to read", source) from None
    unknown = sorted(set(doc) - _TOML_KEYS)
    if unknown:
        raise CircadianError(
            f"unknown key(s) {', '.join(unknown)}; expected tz, anchor, pattern, repeat or "
            "until, and [shifts.X] tables",
            source,
        )
    if "tz" in doc:
        if not isinstance(doc["tz"], str):
            raise CircadianError('tz must be a string such as "Europe/London"', f"{source}: tz")
        zone = _zone_name(doc["tz"], f"{source}: tz")
    elif tz is not None:
        zone = _zone_name(tz, f"{source}: time zone")
    else:
        raise CircadianError('missing tz (e.g. tz = "Europe/London")', source)
    if "anchor" not in doc:
        raise CircadianError("missing anchor (the date the pattern starts)", source)
    anchor = _toml_date(doc["anchor"], f"{source}: anchor")
    pat = doc.get("pattern")
    if not isinstance(pat, str):
        raise CircadianError(
            'missing or non-string pattern (e.g. "DDNN----")', f"{source}: pattern"
        )
    pattern = "".join(pat.split())
    if not pattern:
        raise CircadianError("pattern is empty", f"{source}: pattern")
    shifts_tbl = doc.get("shifts", {})
    if not isinstance(shifts_tbl, dict):
        raise CircadianError("shifts must be tables [shifts.X]", f"{source}: shifts")
    defs: dict[str, tuple[_Clock, _Clock, str]] = {}
    for key, spec in shifts_tbl.items():
        w = f"{source}: shifts.{key}"
        if len(key) != 1 or key in _OFF_CHARS:
            raise CircadianError("shift keys must be single characters other than - and O", w)
        if not isinstance(spec, dict):
            raise CircadianError("expected a table with start and end", w)
        bad = sorted(set(spec) - _SHIFT_KEYS)
        if bad:
            raise CircadianError(f"unknown key(s) {', '.join(bad)}; expected start, end, label", w)
        if "start" not in spec or "end" not in spec:
            raise CircadianError("needs start and end", w)
        label = spec.get("label", key)
        if not isinstance(label, str):
            raise CircadianError("label must be a string", f"{w}.label")
        defs[key] = (
            _toml_clock(spec["start"], f"{w}.start", allow_24=False),
            _toml_clock(spec["end"], f"{w}.end", allow_24=True),
            label,
        )
    for i, ch in enumerate(pattern):
        if ch not in _OFF_CHARS and ch not in defs:
            raise CircadianError(
                f"pattern position {i + 1} is {ch!r} but there is no [shifts.{ch}] table "
                "(use - or O for a day off)",
                f"{source}: pattern",
            )
    has_repeat, has_until = "repeat" in doc, "until" in doc
    if has_repeat == has_until:
        raise CircadianError("give exactly one of repeat (cycles) or until (a date)", source)
    count: int | None = None
    until: date | None = None
    if has_repeat:
        r = doc["repeat"]
        if isinstance(r, bool) or not isinstance(r, int) or not 1 <= r <= 1000:
            raise CircadianError(
                f"repeat must be a whole number 1-1000, got {r!r}", f"{source}: repeat"
            )
        count = r
    else:
        until = _toml_date(doc["until"], f"{source}: until")
        if until < anchor:
            raise CircadianError("until is before anchor", f"{source}: until")
        if (until - anchor).days > 366 * 5:
            raise CircadianError("until is more than 5 years after anchor", f"{source}: until")
    n = len(pattern)
    shifts: list[Shift] = []
    sources: list[str] = []
    days_off: list[date] = []
    for i, ch in enumerate(pattern):
        first = datetime.combine(anchor + timedelta(days=i), time(0, 0))
        if until is not None and first.date() > until:
            continue
        rule = rrule.rrule(
            rrule.DAILY,
            interval=n,
            dtstart=first,
            count=count,
            until=datetime.combine(until, time(0, 0)) if until is not None else None,
        )
        for occ in rule:
            day = occ.date()
            if ch in _OFF_CHARS:
                days_off.append(day)
                continue
            start, end, label = defs[ch]
            where = f"{source}: pattern position {i + 1} ({ch!r}) on {day.isoformat()}"
            shifts.append(_make_shift(day, start, end, label, zone, where))
            sources.append(f"{ch!r} on {day.isoformat()}")
    if not shifts:
        raise CircadianError("the pattern has no shifts", f"{source}: pattern")
    return Rota(validate_shifts(shifts, source, sources), zone, tuple(days_off))


def read_pattern_toml(path: str | Path, tz: str | ZoneInfo | None = None) -> Rota:
    """Read a pattern TOML rota file (see :func:`parse_pattern_toml`)."""
    p = Path(path)
    return parse_pattern_toml(_decode(_read_bytes(p), str(p)), tz, str(p))


# --------------------------------------------------------------------------------------------
# Dispatch
# --------------------------------------------------------------------------------------------


def read_rota(path: str | Path, tz: str | ZoneInfo | None = None) -> tuple[Rota, list[str]]:
    """Read a rota by extension (.csv, .ics, .toml); returns (rota, warnings).

    ``tz`` is required for CSV; for .ics it is the zone of floating times; for .toml it is used
    when the file has no ``tz``.
    """
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".csv":
        return read_csv(p, tz), []
    if ext in (".ics", ".ical", ".ifb"):
        return read_ics(p, tz)
    if ext == ".toml":
        return read_pattern_toml(p, tz), []
    raise CircadianError(
        f"unknown rota file type {ext or '(none)'!r}; use .csv, .ics or .toml", str(p)
    )
