"""Check a trip plan against the rules it must keep, whatever planner made it.

Rules (each violation is one line of text):

- every event has start < end;
- every event except a flight is in the zone of where the person is at its start (origin until
  a flight lands, destination from landing; :meth:`Trip.zone_at`) and, but for a caffeine
  cut-off (which runs to the sleep it protects), does not run across a landing (which would
  change its zone part-way);
- no sleep or nap in the 2 h before a departure, and none spanning a departure or a landing:
  sleep on the plane lies within the flight;
- no sleep or nap during a commitment; sleeps do not overlap each other;
- no bright-light or avoid-light window overlaps a sleep or nap; no bright-light window during
  a flight other than a reading light;
- each bright-light window lies on the right side of the plan's own predicted CBTmin (the
  nearest one in ``plan.phase``): after it, within ``ADVANCE_ZONE_H``, when it advances; before
  it, within ``DELAY_ZONE_H``, when it delays (its reason: "seek_advance"/"seek_delay"); each
  avoid-light window on the other side, within ``AVOID_ZONE_H``;
- melatonin doses are positive.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from circadian.itinerary import Trip
from circadian.plan import Event, Plan
from circadian.planner.light_advice import (
    ADVANCE_ZONE_H,
    AVOID_ZONE_H,
    DELAY_ZONE_H,
    SOURCE_ONBOARD,
)

DEPARTURE_AWAKE = timedelta(hours=2)
_TOL = timedelta(minutes=1)


class PlanViolation(Exception):
    """A plan breaks one or more rules (``violations`` lists them)."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("; ".join(violations))


def _ov(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return min(a1, b1) - max(a0, b0) > _TOL


def _desc(e: Event) -> str:
    return f"{e.kind} {e.local_start():%Y-%m-%d %H:%M}-{e.local_end():%H:%M} {e.tz}"


_ZONES = {  # reason -> (hours after CBTmin the window may start, ... end)
    "seek_advance": (0.0, ADVANCE_ZONE_H), "seek_delay": (-DELAY_ZONE_H, 0.0),
    "avoid_advance": (-AVOID_ZONE_H, 0.0), "avoid_delay": (0.0, AVOID_ZONE_H),
}


def _zone_violations(w: Event, cbt: list[datetime]) -> list[str]:
    """A light or avoid-light window off its side of the predicted CBTmin nearest it."""
    if w.reason not in _ZONES:
        return [f"{_desc(w)}: does not say which way it moves the clock"]
    if not cbt:
        return [f"{_desc(w)}: no predicted CBTmin to check it against"]
    mid = w.start + (w.end - w.start) / 2
    c = min(cbt, key=lambda x: abs(x - mid))
    lo, hi = (c + timedelta(hours=h) for h in _ZONES[w.reason])
    if w.start < lo - _TOL or w.end > hi + _TOL:
        return [f"{_desc(w)}: {w.reason.replace('_', ' ')} window not within "
                f"{(hi - lo).total_seconds() / 3600:g} h on its side of the predicted CBTmin "
                f"{c:%Y-%m-%d %H:%M} UTC"]
    return []


def validate_plan(plan: Plan, trip: Trip, raise_on_error: bool = False) -> list[str]:
    """All rule violations of ``plan`` for ``trip`` (empty when none); raise
    :class:`PlanViolation` instead when ``raise_on_error`` and there are any."""
    out: list[str] = []
    ev = list(plan.events)
    sleeps = [e for e in ev if e.kind in ("sleep", "nap")]
    lights = [e for e in ev if e.kind == "light"]
    avoids = [e for e in ev if e.kind == "avoid_light"]
    for e in ev:
        if not e.start < e.end:
            out.append(f"{_desc(e)}: ends before it starts")
        if e.kind == "flight":
            continue
        if trip.zone_at(e.start) != e.tz:
            out.append(f"{_desc(e)}: should be in {trip.zone_at(e.start)}")
        for f in trip.flights:
            if e.kind != "caffeine_cutoff" and e.start < f.arrive < e.end - _TOL:
                out.append(f"{_desc(e)}: runs across the landing of {f.label}")
        if e.kind == "melatonin" and not (e.dose_mg and e.dose_mg > 0):
            out.append(f"{_desc(e)}: no dose")
    for s in sleeps:
        for f in trip.flights:
            if _ov(s.start, s.end, f.depart - DEPARTURE_AWAKE, f.depart):
                out.append(f"{_desc(s)}: within 2 h before {f.label} departs")
            if _ov(s.start, s.end, f.depart, f.arrive) and not (
                    s.start >= f.depart and s.end <= f.arrive):
                out.append(f"{_desc(s)}: spans the departure or landing of {f.label}")
        for c in trip.commitments:
            if _ov(s.start, s.end, c.start, c.end):
                out.append(f"{_desc(s)}: overlaps commitment {c.label!r}")
    ss = sorted(sleeps, key=lambda e: e.start)
    for a, b in zip(ss, ss[1:], strict=False):
        if _ov(a.start, a.end, b.start, b.end):
            out.append(f"{_desc(a)} overlaps {_desc(b)}")
    for w in lights + avoids:
        for s in sleeps:
            if _ov(w.start, w.end, s.start, s.end):
                out.append(f"{_desc(w)}: overlaps {_desc(s)}")
    for w in lights:
        for f in trip.flights:
            if w.source != SOURCE_ONBOARD and _ov(w.start, w.end, f.depart, f.arrive):
                out.append(f"{_desc(w)}: bright light during flight {f.label}")
    cbt = [p.cbtmin for p in plan.phase if p.cbtmin is not None]
    for w in lights + avoids:
        out += _zone_violations(w, cbt)
    if out and raise_on_error:
        raise PlanViolation(out)
    return out
