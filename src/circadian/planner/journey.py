"""A trip as the trip planner sees it: flights and commitments in epoch hours, where the person
is at any moment, and the places the plan adapts the body clock to.

Where the person is: at the origin until a flight lands (also while airborne, as
:meth:`circadian.itinerary.Trip.place_at` says), at the destination from landing; on a flight
their position moves along the great circle (for the sun's height over the cabin).

Targets: every stay the plan adapts to (:class:`Target`) governs sleep from the departure of
the first flight after the previous adapted place until its own departure (or the end of the
horizon for the final destination); its ``delta_h`` is the change of UTC offset from the
previous adapted place, taken eastward in [0, 24).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from circadian.itinerary import Flight, Stay, Trip
from circadian.person import Person
from circadian.places import Place
from circadian.planner.clock import to_hours, utc_offset_h

Direction = Literal["advance", "delay", "none"]

NONE_SHIFT_H = 1.0
"""A change of at most this many hours needs no shifting (within the adaptation tolerance)."""
_EPS = 1e-6


def city(p: Place) -> str:
    """How a place is named to the traveller."""
    return p.city or p.name or p.code


@dataclass
class Target:
    """A place adapted to: its zone's habitual schedule governs sleep over [start_h, end_h)."""

    place: Place
    stay: int  # index in Trip.stays()
    start_h: float
    end_h: float
    arrive_h: float
    delta_h: float  # change of UTC offset from the previous target, wrapped to [0, 24)
    final: bool
    direction: Direction = "none"

    @property
    def zone(self) -> str:
        return self.place.tz

    @property
    def shift_h(self) -> float:
        """Planned body-clock shift: + advance, - delay."""
        if self.direction == "advance":
            return self.delta_h
        if self.direction == "delay":
            return self.delta_h - 24.0
        return 0.0

    @property
    def small(self) -> bool:
        return min(self.delta_h, 24.0 - self.delta_h) <= NONE_SHIFT_H


@dataclass
class Journey:
    """The trip in epoch hours, with where the person is (a :class:`light_advice.Where`)."""

    trip: Trip
    person: Person
    home_zone: str
    flights: list[tuple[float, float, Flight]] = field(init=False)
    commitments: list[tuple[float, float, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.flights = [(to_hours(f.depart), to_hours(f.arrive), f) for f in self.trip.flights]
        self.commitments = [(to_hours(c.start), to_hours(c.end), c.label or "commitment")
                            for c in self.trip.commitments]

    @property
    def stays(self) -> list[Stay]:
        return self.trip.stays()

    def place_at(self, h: float) -> Place:
        i = sum(1 for _a, b, _f in self.flights if h >= b)
        return self.trip.home if i == 0 else self.flights[i - 1][2].dest

    def zone_at(self, h: float) -> str:
        return self.place_at(h).tz

    def flight_at(self, h: float) -> tuple[float, float, Flight] | None:
        return next((fl for fl in self.flights if fl[0] <= h < fl[1]), None)

    def in_flight(self, h: float) -> bool:
        return self.flight_at(h) is not None

    def position(self, h: float) -> tuple[float, float]:
        """(lat, lon) at ``h``: on a flight, interpolated along the great circle."""
        fl = self.flight_at(h)
        if fl is None:
            p = self.place_at(h)
            return p.lat_deg, p.lon_deg
        fa, fb, f = fl
        return great_circle(f.origin, f.dest, (h - fa) / (fb - fa))

    def cuts(self) -> list[float]:
        """Times at which the person's zone or flight status changes."""
        return [t for fa, fb, _ in self.flights for t in (fa, fb)]

    def stay_h(self, i: int) -> float:
        d = self.stays[i].duration
        return math.inf if d is None else d.total_seconds() / 3600.0

    def targets(self, adapted: set[int], directions: dict[int, Direction],
                horizon_h: float) -> list[Target]:
        """The places adapted to (stays in ``adapted`` and the final destination), in order."""
        stays = self.stays
        out: list[Target] = []
        prev_zone = self.home_zone
        start = to_hours(stays[0].depart)  # type: ignore[arg-type]
        for i in range(1, len(stays)):
            st = stays[i]
            final = i == len(stays) - 1
            if not final and i not in adapted:
                continue
            end_h = horizon_h if final else to_hours(st.depart)  # type: ignore[arg-type]
            delta = (utc_offset_h(st.place.tz, start) - utc_offset_h(prev_zone, start)) % 24.0
            t = Target(st.place, i, start, end_h, to_hours(st.arrive), delta, final)  # type: ignore[arg-type]
            t.direction = "none" if t.small else directions.get(
                i, "advance" if delta <= 12.0 else "delay")
            out.append(t)
            prev_zone = st.place.tz
            if st.depart is not None:
                start = to_hours(st.depart)
        return out


def governing(targets: list[Target], h: float) -> Target | None:
    """The target whose schedule governs time ``h``."""
    return next((t for t in targets if h < t.end_h), targets[-1] if targets else None)


def great_circle(a: Place, b: Place, frac: float) -> tuple[float, float]:
    """(lat, lon) a fraction ``frac`` of the way from ``a`` to ``b`` along the great circle."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg))
    v1 = np.array([math.cos(la1) * math.cos(lo1), math.cos(la1) * math.sin(lo1), math.sin(la1)])
    v2 = np.array([math.cos(la2) * math.cos(lo2), math.cos(la2) * math.sin(lo2), math.sin(la2)])
    om = math.acos(max(-1.0, min(1.0, float(v1 @ v2))))
    if om < 1e-9:
        v = v1
    else:
        v = (math.sin((1 - frac) * om) * v1 + math.sin(frac * om) * v2) / math.sin(om)
    return (math.degrees(math.asin(max(-1.0, min(1.0, v[2])))),
            math.degrees(math.atan2(v[1], v[0])))
