"""Places: airports by IATA code, with their coordinates and IANA time zone.

The airport table is the ``airportsdata`` package (mborsetti/airportsdata, compiled from
OurAirports and other public sources). ``airportsdata.load()`` is keyed by ICAO code, so we load
it with ``load("IATA")``; its elevations are in feet and are converted to metres here.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from circadian.errors import CircadianError
from circadian.tz import get_zone

FEET_TO_M = 0.3048

#: Metropolitan-area ("city") codes that IATA assigns to a city, not to an airport.
#: Source: IATA multi-airport city codes as listed in the IATA Airline Coding Directory.
CITY_CODES: dict[str, tuple[str, ...]] = {
    "BJS": ("PEK", "PKX"),
    "BUE": ("EZE", "AEP"),
    "CHI": ("ORD", "MDW"),
    "DTT": ("DTW",),
    "JKT": ("CGK", "HLP"),
    "LON": ("LHR", "LGW", "STN", "LTN", "LCY", "SEN"),
    "MIL": ("MXP", "LIN", "BGY"),
    "MOW": ("SVO", "DME", "VKO"),
    "NYC": ("JFK", "EWR", "LGA"),
    "OSA": ("KIX", "ITM"),
    "PAR": ("CDG", "ORY", "BVA"),
    "RIO": ("GIG", "SDU"),
    "ROM": ("FCO", "CIA"),
    "SAO": ("GRU", "CGH", "VCP"),
    "SEL": ("ICN", "GMP"),
    "STO": ("ARN", "BMA", "NYO"),
    "TYO": ("HND", "NRT"),
    "WAS": ("IAD", "DCA", "BWI"),
    "YMQ": ("YUL",),
    "YTO": ("YYZ", "YTZ"),
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place on Earth with its IANA time zone.

    ``code`` is the IATA airport code (or any short label for places that are not airports);
    ``lat_deg`` [deg, north +], ``lon_deg`` [deg, east +], ``elevation_m`` [m above sea level],
    ``tz`` is an IANA zone name such as ``"Europe/London"``.
    """

    code: str
    name: str
    city: str
    country: str
    lat_deg: float
    lon_deg: float
    elevation_m: float
    tz: str

    def __post_init__(self) -> None:
        where = f"place {self.code or self.name!r}"
        for label, value, limit in (
            ("latitude", self.lat_deg, 90.0),
            ("longitude", self.lon_deg, 180.0),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or abs(value) > limit
            ):
                raise CircadianError(
                    f"{label} must be a number within ±{limit:g}°, got {value!r}", where
                )
        get_zone(self.tz, where)  # raises for an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        """The ``ZoneInfo`` for :attr:`tz`."""
        return ZoneInfo(self.tz)

    def local(self, t_utc: datetime) -> datetime:
        """``t_utc`` (aware) as wall-clock time at this place."""
        return t_utc.astimezone(self.zone)

    def __str__(self) -> str:
        return f"{self.code} ({self.city})" if self.city else self.code


@cache
def _iata_table() -> dict[str, dict[str, Any]]:
    """The airportsdata IATA table, loaded once on first use."""
    import airportsdata

    return airportsdata.load("IATA")


@cache
def _icao_table() -> dict[str, dict[str, Any]]:
    import airportsdata

    return airportsdata.load("ICAO")


def _suggest(code: str) -> list[str]:
    """Codes in the table that differ from ``code`` by one letter, most similar first."""
    table = _iata_table()
    near = [
        c for c in table if len(c) == 3 and sum(a != b for a, b in zip(c, code, strict=True)) == 1
    ]
    near.sort(key=lambda c: (-difflib.SequenceMatcher(None, c, code).ratio(), c))
    return near[:5]


def airport(code: str, where: str | None = None) -> Place:
    """The airport with IATA code ``code`` (case-insensitive) from the ``airportsdata`` table.

    Raises :class:`CircadianError` for codes that are not airports (with close codes to try,
    and the member airports of city codes such as NYC or LON), or airports with no time zone.
    """
    if not isinstance(code, str):
        raise CircadianError(f"airport code must be text, got {code!r}", where)
    c = code.strip().upper()
    table = _iata_table()
    row = table.get(c) if len(c) == 3 else None
    if row is None:
        raise CircadianError(_unknown_message(code, c), where)
    tz = (row.get("tz") or "").strip()
    if not tz:
        raise CircadianError(
            f"airport {c} ({row.get('name', '')}) has no time zone in the table", where
        )
    return Place(
        code=c,
        name=str(row.get("name") or c),
        city=str(row.get("city") or ""),
        country=str(row.get("country") or ""),
        lat_deg=float(row["lat"]),
        lon_deg=float(row["lon"]),
        elevation_m=float(row.get("elevation") or 0.0) * FEET_TO_M,
        tz=tz,
    )


def _unknown_message(raw: str, c: str) -> str:
    if not c:
        return "empty airport code (expected a 3-letter IATA code such as SFO)"
    if c in CITY_CODES and CITY_CODES[c]:
        members = ", ".join(CITY_CODES[c])
        return f"{c} is a city code, not an airport: use one of its airports ({members})"
    if len(c) == 4 and c.isalnum():
        row = _icao_table().get(c)
        if row and row.get("iata"):
            return f"{c} looks like an ICAO code; use the IATA code {row['iata']} ({row['name']})"
        return f"{raw!r} is not an IATA airport code (IATA codes have 3 letters, e.g. SFO)"
    if len(c) != 3 or not c.isalpha():
        return f"{raw!r} is not an IATA airport code (IATA codes have 3 letters, e.g. SFO)"
    near = _suggest(c)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"unknown airport code {c}{hint}"


def great_circle_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places [km] (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(a.lat_deg), math.radians(b.lat_deg)
    dp = p2 - p1
    dl = math.radians(b.lon_deg - a.lon_deg)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@cache
def _zone_locations() -> dict[str, tuple[float, float]]:
    """IANA zone -> (lat, lon) of its principal location, from the zone tables that ship with
    the time-zone database (``zone1970.tab``, then ``zone.tab``, in the ``tzdata`` package)."""
    from importlib import resources

    out: dict[str, tuple[float, float]] = {}
    for name in ("zone.tab", "zone1970.tab"):  # the newer table wins
        try:
            text = resources.files("tzdata.zoneinfo").joinpath(name).read_text("utf-8")
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            continue
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) >= 3:
                out[cols[2]] = _iso6709(cols[1])
    return out


def _iso6709(s: str) -> tuple[float, float]:
    """'+513030-0000731' (ISO 6709 degrees-minutes[-seconds]) -> (51.508, -0.125)."""
    i = max(s.rfind("+"), s.rfind("-"))
    return _dms(s[:i]), _dms(s[i:])


def _dms(part: str) -> float:
    sign = -1.0 if part[0] == "-" else 1.0
    digits = part[1:]
    deg_len = 2 if len(digits) in (4, 6) else 3
    d, rest = float(digits[:deg_len]), digits[deg_len:]
    m = float(rest[:2]) if rest else 0.0
    sec = float(rest[2:4]) if len(rest) > 2 else 0.0
    return sign * (d + m / 60.0 + sec / 3600.0)


def zone_location(tz: str) -> tuple[float, float] | None:
    """(lat, lon) [deg] of the principal location of IANA zone ``tz`` (Europe/London: London),
    None for zones without one (UTC, Etc/...)."""
    return _zone_locations().get(tz)
