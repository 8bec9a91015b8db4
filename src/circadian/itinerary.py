"""Trips: flights and commitments, and the readers for itinerary files.

Formats (chosen by file extension in :func:`read_itinerary`):

* TOML (primary): ``[[flight]]`` tables with ``from``, ``to``, ``depart``, ``arrive`` and an
  optional ``number``; ``[[commitment]]`` tables; an optional ``[person]`` table.
* JSON: the same structure (``{"flights": [...], "commitments": [...], "person": {...}}``), or
  schema.org ``FlightReservation`` JSON-LD as embedded in booking e-mails
  (developers.google.com/gmail/markup/reference/flight-reservation).
* YAML (``.yaml``/``.yml``, needs the ``yaml`` extra, PyYAML): the same structure as JSON, a
  ``flights:`` list of mappings (or a top-level list of flights), optional ``commitments:`` and
  ``person:``. Read with the YAML 1.2 core schema, not PyYAML's YAML 1.1 default: only
  ``true``/``false`` are booleans and only decimal numbers are numbers, so unquoted
  ``2026-12-01 17:30``, ``22:30`` (1350 in YAML 1.1) and ``NO`` (false) stay text. Duplicate
  keys, anchors and aliases, and tags other than the core ones are refused.
* CSV: header ``from,to,depart,arrive[,number]``.
* iCalendar (RFC 5545), e.g. TripIt or airline calendar exports: VEVENTs whose summary,
  location or description name the two airports.

Times without a UTC offset are wall-clock times at the airport they refer to (departure at the
origin, arrival at the destination), the convention of airline timetables and of the
Timeshifter API. A wall time that does not exist or happens twice there (DST change) is an
error unless a UTC offset is given. Inside every object, times are aware UTC.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from circadian.errors import CircadianError
from circadian.person import person_from_mapping
from circadian.places import Place, airport, great_circle_km
from circadian.tz import check_wall_time, get_zone, localize, parse_local, to_utc

MAX_FLIGHT = timedelta(hours=24)
LAYOVER = timedelta(hours=24)
#: Faster than any airliner's average over a flight, even with a strong jet stream [km/h].
MAX_PLAUSIBLE_KMH = 1200.0
MAX_FILE_BYTES = 5_000_000
#: Most flights in one trip. The trip planner's cost grows steeply with the number of legs
#: (24 legs take about 10 s, 100 would take hours), so longer itineraries are refused with a
#: clear message rather than left to run.
MAX_FLIGHTS = 24

Format = Literal["toml", "json", "yaml", "csv", "ics"]
FORMATS: dict[str, Format] = {
    ".toml": "toml", ".json": "json", ".jsonld": "json", ".yaml": "yaml", ".yml": "yaml",
    ".csv": "csv", ".ics": "ics", ".ical": "ics", ".ifb": "ics",
}  # fmt: skip


def _require_utc(dt: Any, what: str) -> datetime:
    if not isinstance(dt, datetime):
        raise CircadianError(f"{what} must be a datetime, got {dt!r}")
    return to_utc(dt, what)


@dataclass(frozen=True, slots=True)
class Flight:
    """One flight leg. ``depart``/``arrive`` are aware UTC (converted on construction).

    ``number`` is the flight number (e.g. "BA286"); ``source`` says where the leg was read from.
    """

    origin: Place
    dest: Place
    depart: datetime
    arrive: datetime
    number: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "depart", _require_utc(self.depart, f"flight {self.label} depart"))
        object.__setattr__(self, "arrive", _require_utc(self.arrive, f"flight {self.label} arrive"))
        if self.origin.code == self.dest.code:
            raise CircadianError(f"flight {self.label} starts and ends at the same airport")
        if self.arrive <= self.depart:
            raise CircadianError(
                f"flight {self.label} arrives ({self.local_arrive():%Y-%m-%d %H:%M %Z}) before it "
                f"departs ({self.local_depart():%Y-%m-%d %H:%M %Z}), comparing in UTC; "
                "check the dates and that times are local at each airport"
            )
        if self.duration > MAX_FLIGHT:
            raise CircadianError(
                f"flight {self.label} would last {_fmt_td(self.duration)}; "
                "no flight takes over 24 h "
                "(check the dates, and that times are local at each airport)"
            )

    @property
    def label(self) -> str:
        """e.g. ``"BA286 SFO-LHR"``."""
        route = f"{self.origin.code}-{self.dest.code}"
        return f"{self.number} {route}" if self.number else route

    @property
    def duration(self) -> timedelta:
        """Time in the air, gate to gate (computed in UTC, so right across DST changes)."""
        return self.arrive - self.depart

    @property
    def duration_h(self) -> float:
        """:attr:`duration` in hours."""
        return self.duration.total_seconds() / 3600.0

    def local_depart(self) -> datetime:
        """Departure as wall time at the origin."""
        return self.depart.astimezone(self.origin.zone)

    def local_arrive(self) -> datetime:
        """Arrival as wall time at the destination."""
        return self.arrive.astimezone(self.dest.zone)


@dataclass(frozen=True, slots=True)
class Commitment:
    """Something the person must be awake and sharp for over [start, end) (aware UTC)."""

    start: datetime
    end: datetime
    place: Place | None = None
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "start", _require_utc(self.start, f"commitment {self.label!r} start")
        )
        object.__setattr__(self, "end", _require_utc(self.end, f"commitment {self.label!r} end"))
        if self.end <= self.start:
            raise CircadianError(f"commitment {self.label!r} ends before it starts")


@dataclass(frozen=True, slots=True)
class Stay:
    """Time on the ground at one place between flights (aware UTC).

    ``arrive`` is None for home before the first flight, ``depart`` None for the final
    destination. If the next flight leaves from another airport (e.g. arrive LGW, leave LHR),
    the stay is at the airport arrived at.
    """

    place: Place
    arrive: datetime | None
    depart: datetime | None

    @property
    def duration(self) -> timedelta | None:
        """Length of the stay, None when open-ended."""
        if self.arrive is None or self.depart is None:
            return None
        return self.depart - self.arrive

    @property
    def is_layover(self) -> bool:
        """A stop of under 24 h between flights: too short for the body clock to adapt to."""
        d = self.duration
        return d is not None and d < LAYOVER


def check_flights(
    flights: tuple[Flight, ...] | list[Flight], where: str | None = None
) -> list[str]:
    """Check legs against each other: raise for disorder, overlap and duplicates; return warnings.

    Warnings: a leg that does not leave from where the previous one landed, and legs whose
    average speed is implausible (likely a date or zone mistake).
    """
    warnings: list[str] = []
    if not flights:
        raise CircadianError("no flights in the trip", where)
    if len(flights) > MAX_FLIGHTS:
        raise CircadianError(
            f"{len(flights)} flights in one trip; plans cover at most {MAX_FLIGHTS}: split the "
            "itinerary into separate trips",
            where,
        )
    seen: dict[tuple[str, str, datetime], int] = {}
    for i, f in enumerate(flights, 1):
        key = (f.origin.code, f.dest.code, f.depart)
        if key in seen:
            raise CircadianError(f"flight {i} ({f.label}) duplicates flight {seen[key]}", where)
        seen[key] = i
        km = great_circle_km(f.origin, f.dest)
        kmh = km / max(f.duration_h, 1e-9)
        if kmh > MAX_PLAUSIBLE_KMH:
            warnings.append(
                f"flight {i} ({f.label}) covers {km:,.0f} km in {_fmt_td(f.duration)} "
                f"({kmh:,.0f} km/h): check its times"
            )
        if i == 1:
            continue
        p = flights[i - 2]
        if f.depart < p.depart:
            raise CircadianError(
                f"flight {i} ({f.label}) departs before flight {i - 1} ({p.label}); "
                "list flights in time order",
                where,
            )
        if f.depart < p.arrive:
            raise CircadianError(
                f"flight {i} ({f.label}) departs at {f.local_depart():%Y-%m-%d %H:%M %Z}, before "
                f"flight {i - 1} ({p.label}) lands at {p.local_arrive():%Y-%m-%d %H:%M %Z}",
                where,
            )
        if f.origin.code != p.dest.code:
            warnings.append(
                f"flight {i} ({f.label}) leaves from {f.origin.code} but flight {i - 1} "
                f"landed at {p.dest.code}"
            )
    return warnings


@dataclass(frozen=True, slots=True)
class Trip:
    """Flights in time order, plus commitments. Construction checks the legs (see
    :func:`check_flights`); warnings from that check are available via :meth:`warnings`."""

    flights: tuple[Flight, ...]
    commitments: tuple[Commitment, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "flights", tuple(self.flights))
        object.__setattr__(self, "commitments", tuple(self.commitments))
        check_flights(self.flights)

    def warnings(self) -> list[str]:
        """Non-fatal remarks about the legs and commitments."""
        out = check_flights(self.flights)
        for c in self.commitments:
            name = c.label or "commitment"
            for f in self.flights:
                if c.start < f.arrive and f.depart < c.end:
                    out.append(f"{name!r} overlaps flight {f.label}")
            if c.place is not None:
                here = self.place_at(c.start)
                if here.code != c.place.code and (here.city, here.country) != (
                    c.place.city,
                    c.place.country,
                ):
                    out.append(f"{name!r} is at {c.place.code} but the trip has you at {here.code}")
        return out

    @property
    def home(self) -> Place:
        """Where the trip starts (origin of the first flight)."""
        return self.flights[0].origin

    @property
    def destination(self) -> Place:
        """Where the trip ends (destination of the last flight)."""
        return self.flights[-1].dest

    @property
    def start(self) -> datetime:
        """Departure of the first flight (UTC)."""
        return self.flights[0].depart

    @property
    def end(self) -> datetime:
        """Arrival of the last flight (UTC)."""
        return self.flights[-1].arrive

    def stays(self) -> list[Stay]:
        """Home before the first flight, each stop between flights, then the final destination."""
        out = [Stay(self.home, None, self.flights[0].depart)]
        for a, b in zip(self.flights, self.flights[1:], strict=False):
            out.append(Stay(a.dest, a.arrive, b.depart))
        out.append(Stay(self.destination, self.flights[-1].arrive, None))
        return out

    def place_at(self, t_utc: datetime) -> Place:
        """Where the person is at ``t_utc``. During a flight this is the origin until the moment
        of arrival (body and watch are still on departure time; the planner handles in-flight
        advice separately)."""
        t = to_utc(t_utc, "time")
        arrivals = [f.arrive for f in self.flights]
        i = bisect.bisect_right(arrivals, t)  # number of flights landed by t
        return self.home if i == 0 else self.flights[i - 1].dest

    def zone_at(self, t_utc: datetime) -> str:
        """IANA zone name of :meth:`place_at`."""
        return self.place_at(t_utc).tz

    def flight_at(self, t_utc: datetime) -> Flight | None:
        """The flight in the air at ``t_utc`` (depart <= t < arrive), if any."""
        t = to_utc(t_utc, "time")
        for f in self.flights:
            if f.depart <= t < f.arrive:
                return f
        return None


def _fmt_td(td: timedelta) -> str:
    mins = round(td.total_seconds() / 60)
    sign = "-" if mins < 0 else ""
    mins = abs(mins)
    return f"{sign}{mins // 60} h {mins % 60:02d} min"


# ---------------------------------------------------------------------------------------------
# Time values

_HAS_TIME = re.compile(r"\d[T t_]+\d{1,2}:?\d{2}|\dT\d")
_HAS_OFFSET = re.compile(r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$")


def parse_time_value(
    value: Any, zone: str | ZoneInfo | None, where: str | None, zone_label: str = ""
) -> datetime:
    """A departure/arrival/commitment time from a file: ISO text (local to ``zone`` unless it has
    an offset or ``Z``), or a TOML datetime. Returns aware UTC. Dates without a time, bare
    times, numbers and booleans are refused with a message saying what was found."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            if zone is None:
                raise CircadianError(
                    "time has no UTC offset and no place to take a zone from", where
                )
            return localize(value, zone, where).astimezone(UTC)
        return to_utc(value, where)
    if isinstance(value, date):
        raise CircadianError(
            f"{value.isoformat()} is a date without a time of day (write e.g. "
            f'"{value.isoformat()} 17:30")',
            where,
        )
    if isinstance(value, time):
        raise CircadianError(
            f'{value.isoformat()} is a time without a date (write e.g. "2026-12-01 {value:%H:%M}")',
            where,
        )
    if not isinstance(value, str):
        raise CircadianError(
            f'expected a date and time as text such as "2026-12-01 17:30", got '
            f"{type(value).__name__} {value!r}",
            where,
        )
    s = value.strip()
    if not _HAS_TIME.search(s):
        raise CircadianError(
            f'cannot read {value!r} as a date and time (expected e.g. "2026-12-01 17:30")', where
        )
    try:
        return parse_local(s, zone, where)
    except CircadianError as e:
        if zone_label and ("does not exist" in e.message or "happens twice" in e.message):
            raise CircadianError(f"{e.message} (local time at {zone_label})", where) from None
        raise


# ---------------------------------------------------------------------------------------------
# Building objects with "where" context


def _flight(
    origin: Any,
    dest: Any,
    depart: Any,
    arrive: Any,
    number: Any,
    where: str,
    source: str,
) -> Flight:
    o = airport(_text(origin, f"{where}, from"), f"{where}, from")
    d = airport(_text(dest, f"{where}, to"), f"{where}, to")
    dep = parse_time_value(depart, o.tz, f"{where}, depart", o.code)
    arr = parse_time_value(arrive, d.tz, f"{where}, arrive", d.code)
    num = "" if number is None else _text(number, f"{where}, number", allow_number=True)
    num = re.sub(r"\s+", "", num).upper()
    try:
        return Flight(o, d, dep, arr, num, source)
    except CircadianError as e:
        raise CircadianError(e.message, where) from None


def _text(value: Any, where: str, allow_number: bool = False) -> str:
    if isinstance(value, str):
        return value.strip()
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise CircadianError(f"expected text, got {type(value).__name__} {value!r}", where)


def _trip(
    flights: list[Flight], commitments: list[Commitment], where: str
) -> tuple[Trip, list[str]]:
    if not flights:
        raise CircadianError("no flights found", where)
    check_flights(flights, where)  # raises with the file named
    try:
        trip = Trip(tuple(flights), tuple(commitments))
    except CircadianError as e:
        raise CircadianError(e.message, where) from None
    return trip, trip.warnings()


_FLIGHT_KEYS = ("from", "to", "depart", "arrive", "number")
_COMMITMENT_KEYS = ("start", "end", "at", "tz", "label")


def _check_keys(d: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    if not isinstance(d, Mapping):
        raise CircadianError(f"expected a table of {', '.join(allowed)}, got {d!r}", where)
    for k in d:
        if k not in allowed:
            raise CircadianError(f"unknown field {k!r} (expected {', '.join(allowed)})", where)


def _flight_from_mapping(d: Mapping[str, Any], where: str, source: str) -> Flight:
    _check_keys(d, _FLIGHT_KEYS, where)
    for k in ("from", "to", "depart", "arrive"):
        if k not in d:
            raise CircadianError(f"missing field {k!r}", where)
    return _flight(d["from"], d["to"], d["depart"], d["arrive"], d.get("number"), where, source)


def _commitment_from_mapping(d: Mapping[str, Any], where: str) -> Commitment:
    _check_keys(d, _COMMITMENT_KEYS, where)
    for k in ("start", "end"):
        if k not in d:
            raise CircadianError(f"missing field {k!r}", where)
    place = None
    zone: str | None = None
    label = _text(d.get("label", ""), f"{where}, label")
    if "at" in d:
        place = airport(_text(d["at"], f"{where}, at"), f"{where}, at")
        zone = place.tz
    if "tz" in d:
        zone = get_zone(d["tz"], f"{where}, tz").key
    if zone is None:
        for k in ("start", "end"):
            v = d[k]
            if isinstance(v, str) and not _HAS_OFFSET.search(v.strip()):
                raise CircadianError(
                    'time has no UTC offset: add at = "<airport code>" or tz = "<IANA zone>", '
                    "or give the time with an offset",
                    f"{where}, {k}",
                )
    start = parse_time_value(d["start"], zone, f"{where}, start")
    end = parse_time_value(d["end"], zone, f"{where}, end")
    try:
        return Commitment(start, end, place, label)
    except CircadianError as e:
        raise CircadianError(e.message, where) from None


def _list_of_tables(value: Any, name: str, where: str) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise CircadianError(f"{name!r} must be a list of tables (in TOML: [[{name}]])", where)
    return value


# ---------------------------------------------------------------------------------------------
# CLI flight spec

_ARROW = re.compile(r"\s*(?:->|→|=>|—>|–>|\bto\b)\s*", re.IGNORECASE)
_LEFT = re.compile(
    r"^(?:(?P<num>(?=[A-Z0-9]{2})(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?\d{1,4}[A-Z]?)\s+)?"
    r"(?P<code>[A-Z]{3,4})\s+(?P<when>\S.*)$",
    re.IGNORECASE,
)
_RIGHT = re.compile(r"^(?P<code>[A-Z]{3,4})\s+(?P<when>\S.*)$", re.IGNORECASE)


def parse_flight_spec(text: str, where: str | None = "--flight") -> Flight:
    """Parse a command-line flight: ``"SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45"``.

    Times are local at each airport unless given with an offset
    (``"SFO 2026-12-01T17:30-08:00 -> LHR 2026-12-02T11:45Z"``); an optional flight number may
    come first (``"BA286 SFO ... -> LHR ..."``); ``→`` and ``to`` work as arrows.
    """
    w = where or "--flight"
    if not isinstance(text, str):
        raise CircadianError(f"expected text, got {text!r}", w)
    example = 'expected e.g. "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45"'
    parts = _ARROW.split(text.strip())
    if len(parts) != 2:
        raise CircadianError(f"cannot read {text!r} as a flight ({example})", w)
    left, right = _LEFT.match(parts[0]), _RIGHT.match(parts[1])
    if not left or not right:
        raise CircadianError(f"cannot read {text!r} as a flight ({example})", w)
    return _flight(
        left["code"], right["code"], left["when"], right["when"], left["num"], w, "command line"
    )


# ---------------------------------------------------------------------------------------------
# Readers

Result = tuple[Trip, dict[str, Any] | None, list[str]]


def _person(value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise CircadianError("[person] must be a table of settings", where)
    person_from_mapping(value, where)  # validate now, so errors name the file
    return dict(value)


def _from_structure(data: Mapping[str, Any], where: str, fmt: str) -> Result:
    """Shared TOML/JSON/YAML structure: flight(s), commitment(s), person."""
    allowed = {"flight", "flights", "commitment", "commitments", "person"}
    for k in data:
        if k not in allowed:
            raise CircadianError(
                f"unknown top-level key {k!r} (expected flight, commitment, person)", where
            )
    fkey = "flight" if "flight" in data else "flights"
    ckey = "commitment" if "commitment" in data else "commitments"
    if "flight" in data and "flights" in data:
        raise CircadianError("give flights under one key, 'flight' or 'flights', not both", where)
    tables = _list_of_tables(data.get(fkey, []), fkey, where)
    flights = [
        _flight_from_mapping(t, f"{where}: {fkey} {i}", f"{where}: {fkey} {i}")
        for i, t in enumerate(tables, 1)
    ]
    if not flights:
        hint = {"toml": " (add [[flight]] tables)", "yaml": " (add a 'flights:' list)"}.get(fmt, "")
        raise CircadianError(f"no flights found{hint}", where)
    ctables = _list_of_tables(data.get(ckey, []), ckey, where)
    commitments = [
        _commitment_from_mapping(t, f"{where}: {ckey} {i}") for i, t in enumerate(ctables, 1)
    ]
    person = _person(data.get("person"), f"{where}: [person]")
    trip, warnings = _trip(flights, commitments, where)
    return trip, person, warnings


_TOML_UNQUOTED = re.compile(r"=\s*\d{1,4}[-:]\d")


def _read_toml(text: str, where: str) -> Result:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"line (\d+)", msg)
        hint = ""
        if m:
            lines = text.splitlines()
            n = int(m.group(1))
            if 0 < n <= len(lines) and _TOML_UNQUOTED.search(lines[n - 1]):
                hint = ' (put dates and times in quotes, e.g. depart = "2026-12-01 17:30")'
        raise CircadianError(f"not valid TOML: {msg}{hint}", where) from None
    except ValueError:  # an integer of thousands of digits
        raise CircadianError("not valid TOML: a number too long to read", where) from None
    return _from_structure(data, where, "toml")


def _read_json(text: str, where: str) -> Result:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CircadianError(f"not valid JSON: {e.msg}", f"{where}, line {e.lineno}") from None
    except RecursionError:
        raise CircadianError("JSON nested too deeply", where) from None
    except ValueError:  # an integer of thousands of digits
        raise CircadianError("not valid JSON: a number too long to read", where) from None
    if _is_jsonld(data):
        return _read_jsonld(data, where)
    if isinstance(data, list):
        data = {"flights": data}
    if not isinstance(data, dict):
        raise CircadianError(
            'expected a JSON object such as {"flights": [...]}, or schema.org FlightReservation',
            where,
        )
    return _from_structure(data, where, "json")


# --- YAML

#: Deepest nesting accepted in a YAML itinerary (a real one needs 4 levels). Keeps PyYAML's
#: recursive composer far from Python's recursion limit.
_YAML_MAX_DEPTH = 32
#: Most values (scalars, lists, mappings) in a YAML itinerary: a full one has a few hundred.
#: PyYAML is pure Python (about 20 µs a value), so this bounds the time a hostile file takes.
_YAML_MAX_NODES = 50_000
_YAML_CORE = "tag:yaml.org,2002:"
_YAML_NEEDS_PYYAML = "reading YAML itineraries needs PyYAML: pip install 'circadian-planner[yaml]'"
_yaml_loader_class: Any = None


def _yaml_loader(where: str) -> Any:
    """The YAML loader class (built once); CircadianError if PyYAML is not installed."""
    global _yaml_loader_class
    try:
        import yaml
    except ImportError:
        raise CircadianError(_YAML_NEEDS_PYYAML, where) from None
    if _yaml_loader_class is None:
        _yaml_loader_class = _make_yaml_loader(yaml)
    return _yaml_loader_class


def _make_yaml_loader(yaml: Any) -> Any:
    """A :class:`yaml.SafeLoader` restricted to the YAML 1.2 core schema.

    PyYAML implements YAML 1.1, where ``22:30`` is the sexagesimal integer 1350, ``0730`` an
    octal number, ``NO``/``off``/``y`` booleans and ``2026-12-01`` a date. Here the implicit
    types are only those of the YAML 1.2 core schema (null, ``true``/``false``, decimal
    integers, floats); everything else is text and times go through
    :func:`parse_time_value`. On top of safe loading, it refuses anchors and aliases ("billion
    laughs"), duplicate keys (PyYAML silently keeps the last), tags other than the core ones
    (``!!timestamp``, ``!!binary``, ``!!set``...), nesting deeper than :data:`_YAML_MAX_DEPTH`
    and more than :data:`_YAML_MAX_NODES` values.
    """
    from collections.abc import Hashable

    class Refused(yaml.MarkedYAMLError):  # type: ignore[misc,name-defined]
        """Well-formed YAML that itineraries do not accept; the message stands on its own."""

    def refuse(problem: str, node_or_event: Any) -> Exception:
        return Refused(None, None, problem, node_or_event.start_mark)

    def scalar(loader: Any, node: Any) -> str:
        return str(loader.construct_scalar(node))

    def construct_null(loader: Any, node: Any) -> None:
        scalar(loader, node)
        return None

    def construct_bool(loader: Any, node: Any) -> bool:
        value = scalar(loader, node)
        if value.lower() not in ("true", "false"):
            raise refuse(f"{value!r} is not true or false", node)
        return value.lower() == "true"

    def construct_int(loader: Any, node: Any) -> int:
        value = scalar(loader, node)
        if not re.fullmatch(r"[-+]?[0-9]+", value):
            raise refuse(f"{value!r} is not a whole number", node)
        try:
            return int(value, 10)  # base 10 always: no octal 0730, no sexagesimal 22:30
        except ValueError:  # thousands of digits (sys.get_int_max_str_digits)
            raise refuse("a number too long to read", node) from None

    def construct_float(loader: Any, node: Any) -> float:
        value = scalar(loader, node)
        special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
        if value.lower() in special:
            return special[value.lower()]
        try:
            return float(value)
        except ValueError:
            raise refuse(f"{value!r} is not a number", node) from None

    def construct_undefined(loader: Any, node: Any) -> Any:
        tag = str(node.tag)
        tag = "!!" + tag.removeprefix(_YAML_CORE) if tag.startswith(_YAML_CORE) else tag
        raise refuse(
            f"YAML tag {tag!r} is not allowed in itineraries (only text, numbers, "
            "true/false, lists and mappings)",
            node,
        )

    safe = yaml.SafeLoader.yaml_constructors

    class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
        yaml_constructors: dict[Any, Any] = {
            _YAML_CORE + "str": safe[_YAML_CORE + "str"],
            _YAML_CORE + "seq": safe[_YAML_CORE + "seq"],
            _YAML_CORE + "map": safe[_YAML_CORE + "map"],
            _YAML_CORE + "null": construct_null,
            _YAML_CORE + "bool": construct_bool,
            _YAML_CORE + "int": construct_int,
            _YAML_CORE + "float": construct_float,
            None: construct_undefined,
        }

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0
            self._nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if getattr(event, "anchor", None) is not None:  # &name, or an alias *name
                raise refuse(
                    "YAML anchors and aliases (&name, *name) are not allowed in itineraries: "
                    "write each value out in full",
                    event,
                )
            if self._depth >= _YAML_MAX_DEPTH:
                raise refuse(f"nested too deeply (over {_YAML_MAX_DEPTH} levels)", event)
            self._nodes += 1
            if self._nodes > _YAML_MAX_NODES:
                raise refuse(f"too many values for an itinerary (over {_YAML_MAX_NODES:,})", event)
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            # Replaces SafeConstructor's: no merge keys (<<), and duplicate keys are refused.
            if not isinstance(node, yaml.MappingNode):
                raise refuse(f"expected a mapping, found a {node.id}", node)
            mapping: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, Hashable):
                    raise refuse("a list or mapping cannot be a key", key_node)
                if key in mapping:
                    raise refuse(
                        f"duplicate key {key!r} (first given on line {first_line[key]}): "
                        "keep only one",
                        key_node,
                    )
                first_line[key] = key_node.start_mark.line + 1
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    # The YAML 1.2 core schema (yaml.org/spec/1.2.2/#1023-core-schema), integers in base 10.
    resolvers: list[tuple[str, str, str]] = [
        ("null", r"~|null|Null|NULL|", "~nN"),
        ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
        ("int", r"[-+]?[0-9]+", "-+0123456789"),
        ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", "-+.0123456789"),
        ("float", r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+."),
    ]
    for tag, pattern, first in resolvers:
        chars: list[str] = list(first) + ([""] if tag == "null" else [])
        Loader.add_implicit_resolver(_YAML_CORE + tag, re.compile(rf"(?:{pattern})\Z"), chars)
    Loader.Refused = Refused
    return Loader


def _yaml_error(e: Any, text: str, where: str, refused: type) -> CircadianError:
    """One-line CircadianError for a PyYAML error, naming the line."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(e, refused):
        msg = str(e.problem)
    elif getattr(e, "problem", None) is not None:
        problem, context = str(e.problem), str(e.context or "")
        if not context:
            msg = f"not valid YAML: {problem}"
        elif context.startswith("while"):  # "while scanning a simple key"
            msg = f"not valid YAML: {problem} ({context})"
        else:  # "expected a single document in the stream", "but found another document"
            msg = f"not valid YAML: {context}, {problem}"
        if "'\\t'" in problem:
            msg += "; indent with spaces, not tabs"
        elif "block" in problem or "mapping values are not allowed" in problem:
            msg += "; check the indentation"
    elif hasattr(e, "position") and hasattr(e, "character"):  # yaml.reader.ReaderError
        line = text[: e.position].count("\n") + 1
        ch = e.character
        what = f"character U+{ch:04X}" if isinstance(ch, int) else "a character"
        msg = f"not valid YAML: {what} is not allowed in YAML text"
    else:
        msg = f"not valid YAML: {e}"
    msg = " ".join(msg.split())
    return CircadianError(msg, f"{where}, line {line}" if line is not None else where)


def _read_yaml(text: str, where: str) -> Result:
    loader_class = _yaml_loader(where)
    import yaml

    loader = None
    try:
        loader = loader_class(text)
        data = loader.get_single_data()  # what yaml.safe_load does, with our loader
    except yaml.YAMLError as e:
        raise _yaml_error(e, text, where, loader_class.Refused) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise CircadianError("empty YAML file (expected a 'flights:' list)", where)
    if isinstance(data, list):
        data = {"flights": data}
    if not isinstance(data, dict):
        raise CircadianError(
            "expected a YAML mapping such as 'flights: [...]', or a list of flights", where
        )
    for key in ("flight", "flights", "commitment", "commitments"):
        if key in data and data[key] is None:  # "commitments:" with nothing under it
            data[key] = []
    return _from_structure(data, where, "yaml")


def _schema_type(obj: Any) -> str:
    if not isinstance(obj, Mapping):
        return ""
    t = obj.get("@type", "")
    if isinstance(t, list):
        t = next((x for x in t if isinstance(x, str)), "")
    return t.rsplit("/", 1)[-1] if isinstance(t, str) else ""


def _jsonld_items(data: Any) -> list[Any]:
    if isinstance(data, Mapping) and isinstance(data.get("@graph"), list):
        return list(data["@graph"])
    return list(data) if isinstance(data, list) else [data]


def _is_jsonld(data: Any) -> bool:
    return any(_schema_type(x) in ("FlightReservation", "Flight") for x in _jsonld_items(data))


def _read_jsonld(data: Any, where: str) -> Result:
    flights: dict[tuple[str, str, datetime], Flight] = {}
    warnings: list[str] = []
    dupes = skipped = 0
    for i, item in enumerate(_jsonld_items(data), 1):
        w = f"{where}: item {i}"
        kind = _schema_type(item)
        if kind == "FlightReservation":
            fl = item.get("reservationFor")
            if isinstance(fl, list) and len(fl) == 1:
                fl = fl[0]
            w += ", reservationFor"
        elif kind == "Flight":
            fl = item
        else:
            skipped += 1
            continue
        if not isinstance(fl, Mapping):
            raise CircadianError("expected a Flight object", w)
        f = _jsonld_flight(fl, w)
        key = (f.origin.code, f.dest.code, f.depart)
        if key in flights:
            dupes += 1  # one FlightReservation per passenger is normal
            continue
        flights[key] = f
    if dupes:
        warnings.append(
            f"{dupes} repeated reservation(s) for the same flight merged (one per passenger?)"
        )
    if skipped:
        warnings.append(f"{skipped} JSON-LD item(s) that are not flights ignored")
    ordered = sorted(flights.values(), key=lambda f: f.depart)
    trip, more = _trip(ordered, [], where)
    return trip, None, warnings + more


def _jsonld_flight(fl: Mapping[str, Any], w: str) -> Flight:
    def code(key: str) -> Any:
        ap = fl.get(key)
        if isinstance(ap, Mapping):
            c = ap.get("iataCode")
            if c is None:
                raise CircadianError("missing iataCode", f"{w}.{key}")
            return c
        if isinstance(ap, str):
            return ap
        raise CircadianError("missing or not an Airport object", f"{w}.{key}")

    for k in ("departureTime", "arrivalTime"):
        if k not in fl:
            raise CircadianError(f"missing {k}", w)
    number = fl.get("flightNumber")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    airline = fl.get("airline")
    prefix = airline.get("iataCode") if isinstance(airline, Mapping) else None
    if (
        isinstance(number, str)
        and isinstance(prefix, str)
        and not number.upper().startswith(prefix.upper())
    ):
        number = prefix + number
    if number is not None and not isinstance(number, str):
        raise CircadianError(f"flightNumber must be text, got {number!r}", w)
    # Google's markup puts times with offsets; without one they are local at the airport.
    return _flight(
        code("departureAirport"),
        code("arrivalAirport"),
        fl["departureTime"],
        fl["arrivalTime"],
        number,
        w,
        f"{w} (schema.org)",
    )


def _read_csv(text: str, where: str) -> Result:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise CircadianError(f"not valid CSV: {e}", where) from None
    rows_n = [
        (n, r)
        for n, r in enumerate(rows, 1)
        if any(c.strip() for c in r) and not r[0].lstrip().startswith("#")
    ]
    if not rows_n:
        raise CircadianError("empty CSV file (expected a header from,to,depart,arrive)", where)
    hline, header = rows_n[0]
    cols = [c.strip().lower() for c in header]
    for c in cols:
        if c not in _FLIGHT_KEYS:
            raise CircadianError(
                f"unknown column {c!r} (expected from,to,depart,arrive[,number])",
                f"{where}, line {hline}",
            )
    for need in ("from", "to", "depart", "arrive"):
        if need not in cols:
            raise CircadianError(
                f"missing column {need!r} (header must be from,to,depart,arrive[,number])",
                f"{where}, line {hline}",
            )
    if len(set(cols)) != len(cols):
        raise CircadianError("a column appears twice in the header", f"{where}, line {hline}")
    flights = []
    for n, r in rows_n[1:]:
        w = f"{where}, line {n}"
        if len(r) != len(cols):
            raise CircadianError(f"expected {len(cols)} values, found {len(r)}", w)
        d = {c: v.strip() for c, v in zip(cols, r, strict=True)}
        num = d.get("number") or None
        flights.append(_flight(d["from"], d["to"], d["depart"], d["arrive"], num, w, w))
    trip, warnings = _trip(flights, [], where)
    return trip, None, warnings


# --- iCalendar


_CODE_PAIR = re.compile(
    r"(?<![A-Za-z])(?P<a>[A-Z]{3})\)?\s*"
    r"(?P<sep>→|->|—>|–>|=>|>|✈️|✈|›|»|–|—|-|/|\bto\b|\bnach\b|\bà\b)\s*"
    r"(?:[^()\n]{0,40}?\()?(?P<b>[A-Z]{3})(?![A-Za-z])",
)
_PAREN_CODE = re.compile(r"\(([A-Z]{3})\)")
_FLIGHT_NO = re.compile(
    r"(?:\bflight\s*(?:no\.?|number|#)?\s*:?\s*)?\b((?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?\d{1,4}[A-Z]?)\b"
)
_FLIGHT_NO_STRONG = re.compile(
    r"\bflight\s*(?:no\.?|number|#)?\s*:?\s*((?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?\d{1,4}[A-Z]?)\b",
    re.IGNORECASE,
)


def _is_airport(code: str) -> bool:
    try:
        airport(code)
    except CircadianError:
        return False
    return True


_FLIGHT_WORD = re.compile(
    r"\b(?:flight|flights|flug|vol|vuelo|voo|volo|vlucht|lot|airlines?|airways|air)\b|✈",
    re.IGNORECASE,
)


_WEAK_SEPARATORS = ("-", "–", "—", "/")


def _route_from_text(text: str) -> tuple[str, str, bool] | None:
    """Find "SFO to LHR", "SFO → LHR", "SFO-LHR", "San Francisco (SFO) - London (LHR)".

    Returns (origin, destination, strong): strong when an arrow, "to" or parentheses make it
    clearly a route; a bare hyphen or slash ("SFO-LHR") needs other evidence of a flight.
    """
    for m in _CODE_PAIR.finditer(text):
        a, b = m["a"], m["b"]
        if a != b and _is_airport(a) and _is_airport(b):
            strong = m["sep"] not in _WEAK_SEPARATORS or "(" in m.group(0)
            return a, b, strong
    codes = [c for c in _PAREN_CODE.findall(text) if _is_airport(c)]
    uniq = list(dict.fromkeys(codes))
    if len(uniq) >= 2:
        return uniq[0], uniq[1], True
    return None


def _looks_like_flight(text: str) -> bool:
    """Evidence besides two airport-like codes: a flight word or a flight number, or codes in
    parentheses; keeps "CEO-CFO sync" from becoming a flight."""
    return bool(_FLIGHT_WORD.search(text) or _flight_number(text) or _PAREN_CODE.search(text))


def _flight_number(text: str) -> str:
    m = _FLIGHT_NO_STRONG.search(text)
    if m:
        return m.group(1).replace(" ", "").upper()
    for m in _FLIGHT_NO.finditer(text):
        cand = m.group(1).replace(" ", "")
        if not cand[:3].isalpha():  # not an airport code followed by digits
            return cand
    return ""


def _ics_time(value: Any, place: Place, where: str) -> datetime | None:
    """DTSTART/DTEND value to UTC; floating times are local at ``place``; all-day -> None."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return localize(value, place.tz, where).astimezone(UTC)
        # re-check the wall time against the named zone (gap / fold)
        return to_utc(check_wall_time(value, where), where)
    return None


def _read_ics(text: str, where: str) -> Result:
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(text)
    except Exception as e:  # icalendar raises ValueError and others for malformed input
        raise CircadianError(f"not a valid iCalendar file: {e}", where) from None
    if isinstance(cal, list):
        cal = cal[0] if cal else None
    if cal is None or getattr(cal, "name", "") != "VCALENDAR":
        raise CircadianError("not an iCalendar file (no BEGIN:VCALENDAR)", where)
    flights: list[Flight] = []
    warnings: list[str] = []
    skipped = 0
    for n, ev in enumerate(cal.walk("VEVENT"), 1):
        summary = str(ev.get("SUMMARY", "") or "")
        w = f"{where}: event {n}" + (f" {summary[:40]!r}" if summary else "")
        route = None
        for prop in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            route = _route_from_text(str(ev.get(prop, "") or ""))
            if route:
                break
        texts = " ".join(str(ev.get(p, "") or "") for p in ("SUMMARY", "LOCATION", "DESCRIPTION"))
        if route is None or not (route[2] or _looks_like_flight(texts)):
            skipped += 1
            continue
        o, d = airport(route[0], w), airport(route[1], w)
        try:
            start_p, end_p = ev.get("DTSTART"), ev.get("DTEND")
            dur_p = ev.get("DURATION")
            start_v = getattr(start_p, "dt", None)
            end_v = getattr(end_p, "dt", None)
            dur_v = getattr(dur_p, "dt", None)
        except Exception:  # malformed property values
            raise CircadianError("cannot read the event's times", w) from None
        dep = _ics_time(start_v, o, f"{w}, DTSTART")
        arr = _ics_time(end_v, d, f"{w}, DTEND") if end_v is not None else None
        if arr is None and dep is not None and isinstance(dur_v, timedelta):
            arr = dep + dur_v
        if dep is None or arr is None:
            warnings.append(f"{w}: {o.code}-{d.code} has no start and end times; skipped")
            continue
        try:
            flights.append(Flight(o, d, dep, arr, _flight_number(texts), w))
        except CircadianError as e:
            raise CircadianError(e.message, w) from None
    if skipped:
        warnings.append(f"{skipped} calendar event(s) with no recognisable flight skipped")
    if not flights:
        raise CircadianError(
            'no flights found (expected events such as "Flight BA286 SFO to LHR")', where
        )
    flights.sort(key=lambda f: f.depart)
    trip, more = _trip(flights, [], where)
    return trip, None, warnings + more


_READERS = {
    "toml": _read_toml, "json": _read_json, "yaml": _read_yaml, "csv": _read_csv, "ics": _read_ics,
}  # fmt: skip


def read_itinerary_text(text: str, fmt: Format, where: str = "<input>") -> Result:
    """Parse itinerary ``text`` in format ``fmt``; see :func:`read_itinerary`."""
    if fmt not in _READERS:
        raise CircadianError(f"unknown itinerary format {fmt!r} (use {', '.join(_READERS)})", where)
    if not isinstance(text, str):
        raise CircadianError("itinerary must be text", where)
    if "\x00" in text:
        raise CircadianError("this is a binary file, not a text itinerary", where)
    text = text.removeprefix("\ufeff")
    if fmt != "ics":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return _READERS[fmt](text, where)
    except RecursionError:
        raise CircadianError("file is nested too deeply", where) from None


def read_itinerary(path: str | Path) -> Result:
    """Read a trip from a .toml, .json, .yaml (.yml), .csv or .ics file.

    Returns ``(trip, person, warnings)``: ``person`` is the raw ``[person]`` mapping (already
    validated; build it with :func:`circadian.person.person_from_mapping`) or None; warnings
    are remarks such as skipped calendar events or a leg leaving from a different airport.
    Accepts UTF-8 with or without a byte-order mark and CRLF line ends.
    """
    p = Path(path)
    where = str(p)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise CircadianError(
            f"unknown itinerary file type {p.suffix or '(none)'!r} "
            "(use .toml, .json, .yaml, .csv or .ics)",
            where,
        )
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise CircadianError("file is too large to be an itinerary", where)
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CircadianError("no such file", where) from None
    except IsADirectoryError:
        raise CircadianError("is a directory, not a file", where) from None
    except OSError as e:
        raise CircadianError(f"cannot read file: {e.strerror or e}", where) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        raise CircadianError("not UTF-8 text (binary, or UTF-16: save it as UTF-8)", where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CircadianError(
            "not UTF-8 text (save the file as UTF-8)", f"{where}, line {line}"
        ) from None
    return read_itinerary_text(text, fmt, where)
