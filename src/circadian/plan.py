"""The plan: what planners produce and renderers render. Plain data, all times aware UTC.

Each event carries the IANA zone of where the person is when it happens, so renderers can show
it in that local time (``Event.local_start``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

EventKind = Literal[
    "sleep", "light", "avoid_light", "melatonin", "caffeine_cutoff", "nap", "flight", "shift",
    "commitment",
]
EVENT_KINDS: tuple[str, ...] = (
    "sleep", "light", "avoid_light", "melatonin", "caffeine_cutoff", "nap", "flight", "shift",
    "commitment",
)
Direction = Literal["advance", "delay", "none"]

NOT_MEDICAL_ADVICE = (
    "Not medical advice: this plan comes from published models of the body clock. Check with a "
    "clinician before using melatonin or changing sleep around a health condition or medicine."
)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing to do (or that happens) over [start, end).

    ``start``/``end`` are aware UTC; ``tz`` is the IANA zone of where it happens.
    ``source`` says how light advice can be met: "daylight", "light box", "dim room",
    "dark glasses" (empty when not relevant).

    Advice is a structured record: ``reason`` is a machine-readable code saying why (the
    planner's wording module turns kind, reason and figures into ``note``), ``cbtmin`` the
    predicted body-temperature low the advice is placed around (None when it is not), and
    ``numbers`` other figures behind it as (name, value) pairs, e.g. (("shift_h", 1.0),).
    """

    kind: EventKind
    start: datetime
    end: datetime
    tz: str
    note: str = ""
    dose_mg: float | None = None
    source: str = ""
    label: str = ""  # e.g. a flight "SFO-LHR", a shift label or a commitment's name
    reason: str = ""
    cbtmin: datetime | None = None
    numbers: tuple[tuple[str, float], ...] = ()

    def local_start(self) -> datetime:
        return self.start.astimezone(ZoneInfo(self.tz))

    def local_end(self) -> datetime:
        return self.end.astimezone(ZoneInfo(self.tz))


@dataclass(frozen=True, slots=True)
class PhaseDay:
    """Predicted phase markers for one local date (``None`` when the marker does not occur)."""

    date: date
    dlmo: datetime | None
    cbtmin: datetime | None
    tz: str = "UTC"
    dlmo_without_plan: datetime | None = None


StopRole = Literal["start", "layover", "stop", "adapted", "home_time"]


@dataclass(frozen=True, slots=True)
class Stop:
    """One place on a trip's route and what the plan does there (trip plans only).

    ``role``: "start" (where the trip begins), "layover" (under 24 h) or "stop" (too short to
    adapt to; the clock keeps shifting toward the next place), "adapted" (the plan shifts the
    clock to local time there; always so for the final destination unless it is within the
    tolerance of the previous time) or "home_time" (a short trip kept on home time).
    ``shift_h`` is the planned body-clock shift on the way there (+ advance, - delay; 0 when
    none); days to adapt count from arrival, as in :class:`Summary`.
    """

    place: str
    code: str
    tz: str
    arrive: datetime | None
    depart: datetime | None
    role: StopRole
    direction: Direction = "none"
    shift_h: float = 0.0
    days_to_adapt: float | None = None
    days_to_adapt_without_plan: float | None = None
    #: The stop the summary's own direction and days to adapt describe.
    primary: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    """The plan in brief. For a trip, ``direction`` and the days to adapt are those of the
    primary stop (the final destination, or the longest stay away on a round trip); ``route``
    has every place on the way."""

    direction: Direction
    days_to_adapt: float | None
    days_to_adapt_without_plan: float | None
    model: str = ""
    strategy: str = ""
    #: Shift-work plans: hours of work inside the predicted biological night (see
    #: ``circadian.planner.rota.misalignment_hours``), with the plan and without it.
    misalignment_h: float | None = None
    misalignment_h_without_plan: float | None = None
    #: Trip plans: the home start, each stop and the final destination, in order.
    route: tuple[Stop, ...] = ()


@dataclass(frozen=True, slots=True)
class Alertness:
    """Predicted alertness through one shift (shift-work plans only)."""

    start: datetime
    end: datetime
    label: str
    lowest: float
    scale: str
    hours_at_risk: float
    flag: bool
    tz: str = "UTC"


@dataclass(frozen=True, slots=True)
class Plan:
    """A complete plan: events, predicted phase per day, summary and warnings."""

    events: tuple[Event, ...]
    phase: tuple[PhaseDay, ...]
    summary: Summary
    warnings: tuple[str, ...] = ()
    alertness: tuple[Alertness, ...] = ()
    title: str = ""
    kind: Literal["trip", "rota"] = "trip"
    notes: tuple[str, ...] = field(default=(NOT_MEDICAL_ADVICE,))
    #: Outdoor daylight (sunrise to sunset) where the person is on the ground, as
    #: ``(start UTC, end UTC, IANA zone)``; only charts use it (empty when no place is known).
    daylight: tuple[tuple[datetime, datetime, str], ...] = ()
