"""Jet-lag plans from a circadian model: when to sleep, seek and avoid light, take melatonin.

How a plan is made (all numbers are module constants below, each with its source)
--------------------------------------------------------------------------------
1. **Baseline.** The person starts entrained to their habitual sleep at home: awake at
   :data:`~circadian.light.HABITUAL_WAKE_LUX`, dark in bed. With a measured DLMO, the model's
   intrinsic period ``tau`` is fitted (secant search, warm-started entrainment) so that the
   entrained model DLMO equals the measured one: a later DLMO on the same sleep schedule means a
   longer intrinsic period. If the user fixed ``tau`` in ``params`` (or the fit would leave the
   model's range), the entrained state is instead taken from the habitual orbit shifted in time
   by the difference. Either way the *target* is the model DLMO of this person living their
   habitual schedule at local time where they are going (its clock time is the baseline DLMO's).
2. **Targets.** Every stay of at least :data:`ADAPT_MIN_STAY_H` (and the final destination) is
   adapted to; shorter stops (layovers) are not, and the plan keeps shifting toward the next
   adapted place. A short round trip (a stay of at most :data:`SHORT_TRIP_MAX_H` after which the
   traveller returns to the previous zone) is planned both ways, adapted and "stay on home
   time", and the one with less predicted misalignment with local time is kept.
3. **Sleep.** During the ``prep_days`` before departure, sleep moves 1 h a day toward the
   destination (Eastman et al. 2005: 1 h/day shifted the clock without misaligning sleep; 2 h/day
   did not). From the first departure on, sleep is at habitual local time of the place being
   adapted to. Sleep is never planned in the :data:`PRE_DEPARTURE_AWAKE_H` before a departure,
   in boarding/landing/arrival margins or around commitments; on the plane only while airborne.
   A flight that those nights leave without sleep on board (JFK 18:00 -> NRT: Tokyo's day,
   New York's night) gets it in the night of the schedule kept before departure (home as moved
   by the preparation days, or the place adapted to), at least :data:`MIN_WAKE_GAP_H` from the
   other sleeps, whose times it gives way to. This holds for the "without a plan" run too.
4. **Light, from the model's own predicted CBTmin.** For each day the model is run forward with
   the plan so far, its next CBTmin ``c`` is read off, and:

   - to advance: seek bright light in ``[c, c + 4 h]`` and avoid light in ``[c - 4 h, c]``;
   - to delay: seek bright light in ``[c - 4 h, c]`` and avoid light in ``[c, c + 4 h]``

   (Khalsa et al. 2003: light before CBTmin delays, after it advances). Only awake, free time is
   used; sessions are at most :data:`LIGHT_SESSION_H` long. After a large eastward flight the
   body's CBTmin falls in the local late morning, so the morning lies in the *delay* zone: the
   plan then says avoid morning light and seek it after ``c`` (antidromic re-entrainment risk,
   Eastman & Burgess 2009). Days on which the clock is within :data:`MAINTAIN_TOL_H` of the
   target get no windows; an overshoot of more than a few hours is corrected the other way.
5. **Direction from the model.** Advance and delay plans are both simulated for each change of
   target (greedily, leg by leg); the one adapting in fewer days (ties: less total misalignment)
   is kept. :data:`NONE_SHIFT_H` or less of change is "none".
6. **Check.** The finished plan is re-simulated: bright light at 10,000 lux outdoors (when the
   sun is high enough per :mod:`circadian.daylight`), 5,000 lux from a light box or 1,000 lux
   bright indoor light; avoid-light 50 lux (dark glasses, sun up) or 10 lux (dim room); 0 lux
   asleep; 50 lux in the cabin; otherwise HABITUAL_WAKE_LUX. Seek-light windows are trimmed
   so that they stay on the right side of the *re-simulated* CBTmin. The same flights are also
   simulated "without a plan": sleep at habitual home time before the first flight and at local
   time of each adapted place immediately after it, normal light, no prep, no windows.

**Days to adapt** = the number of DLMOs after arrival that still lie more than
:data:`ADAPT_TOL_H` (1 h) from the target DLMO, counted up to the first DLMO from which all
later ones (within the stay, or :data:`MAX_ADAPT_DAYS` for the final destination) stay within
1 h. So 0 means adapted from the first evening, and the value is a whole number of days (a
float, for the :class:`~circadian.plan.Summary` type). ``None`` when not adapted in time.

The plan is reported until a day after the last place is adapted to, rounded to the wake-up
after that day's DLMO so that its last day is whole. The summary's direction and days are
those of the final destination (or, for a round trip, of the longest stay away); its ``route``
lists every stay with its own direction, shift and days to adapt, and for a trip with stops
the strategy text describes each of them.

**Melatonin** (advancing only; :mod:`circadian.melatonin_safety` gates it): 0.5 mg by default,
about :data:`MEL_LEAD_LOW_H` h before the predicted DLMO (Burgess et al. 2010: 0.5 mg advances
most when taken 2-4 h before DLMO, fitted peak DLMO - 3.3 h; Crowley & Eastman 2015 gave it 5 h
before bedtime, i.e. about DLMO - 3 h), earlier (:data:`MEL_LEAD_HIGH_H`) for doses above 1 mg
(Burgess et al. 2008, 3 mg peak about DLMO - 4.6 h). When that time falls after bedtime, it is
taken 30 min before bedtime (the Cochrane review's "at destination bedtime") as long as that
is still within :data:`MEL_EARLIEST_H` h before DLMO (advance part of the PRC). Only for shifts
of at least :data:`MEL_MIN_SHIFT_H` h (Cochrane: flights crossing 5 or more zones), for at most
:data:`MEL_MAX_DAYS_AFTER_ARRIVAL` days after arrival (UK travel-pharmacy guidance). It is not
used to delay: morning melatonin causes sleepiness and has little evidence for jet lag. With a
model that has a melatonin input (``hannay19melfit``, ``breslow13fit``, ...) the doses are
simulated with the light; with a light-only model (the default, ``forger99``) melatonin's
extra shift (Revell et al. 2006: about +0.3 h/day) is *not* in the predicted days to adapt,
which are then conservative.

Events carry the IANA zone of where the person is: the origin until a flight lands (also while
airborne, as :meth:`circadian.itinerary.Trip.place_at` does), the destination from landing.
Windows are split at departures and arrivals so that no event changes zone part-way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np

from circadian import daylight
from circadian.errors import CircadianError
from circadian.itinerary import Flight, Trip
from circadian.light import HABITUAL_WAKE_LUX, LightSchedule, daily_schedule
from circadian.models import get_model
from circadian.models.base import Model
from circadian.person import Person, chronotype_note
from circadian.places import Place
from circadian.plan import (
    NOT_MEDICAL_ADVICE,
    Event,
    PhaseDay,
    Plan,
    Stop,
    StopRole,
    Summary,
)
from circadian.planner.intervals import Interval, overlap, split_at, subtract, take
from circadian.simulate import Dose, entrain, simulate
from circadian.timebase import from_hours, to_hours

Direction = Literal["advance", "delay", "none"]

# -- timing of sleep around travel -------------------------------------------------------------
PREP_RATE_H = 1.0
"""Pre-flight shift of sleep per day [h] (Eastman et al. 2005, 1 h/day recommended)."""
PRE_DEPARTURE_AWAKE_H = 3.0
"""Planned wake at least this long before a departure [h] (2 h at the airport + getting there).
:func:`validate_plan` only requires 2 h."""
BOARDING_H = 0.5
"""No sleep in the first 30 min after departure (boarding, take-off)."""
LANDING_H = 0.5
"""No sleep in the last 30 min before arrival (descent)."""
ARRIVAL_TRANSIT_H = 1.0
"""Time after landing for immigration and transfer: no sleep, no seek-light session [h]."""
COMMITMENT_BEFORE_H = 1.0
"""Awake at least 1 h before a commitment [h]."""
COMMITMENT_AFTER_H = 0.25
MIN_SLEEP_PIECE_H = 1.5
"""A planned sleep cut shorter than this by constraints is dropped (one sleep cycle) [h]."""
MIN_INFLIGHT_SLEEP_H = 1.0
MIN_WAKE_GAP_H = 4.0
"""Two planned sleeps are at least this far apart; a later one is trimmed [h]."""

# -- targets -----------------------------------------------------------------------------------
LAYOVER_H = 24.0
"""Stops shorter than this are layovers: never adapted to [h] (as ``Stay.is_layover``)."""
ADAPT_MIN_STAY_H = 48.0
"""Other stays shorter than this are not adapted to either, unless they are a short trip [h]."""
SHORT_TRIP_MAX_H = 72.0
"""A stay of 24-72 h before returning to the previous zone is planned both ways (adapt, or stay
on home time) and the model's less misaligned choice is kept [h]."""
NONE_SHIFT_H = 1.0
"""A change of at most this many hours needs no shifting (it is within the adaptation
tolerance) [h]."""
MAX_ADAPT_DAYS = 21
"""Days after the final arrival simulated before giving up."""
ADAPT_TOL_H = 1.0
"""Adapted: DLMO within 1 h of the target DLMO."""
MAINTAIN_TOL_H = 0.5
"""No light windows on days when the clock is already this close to the target [h]."""
OVERSHOOT_H = 4.0
"""A clock more than MAINTAIN_TOL_H past the target by up to this is corrected back [h]."""

# -- light -------------------------------------------------------------------------------------
ADVANCE_ZONE_H = 4.0
"""Seek light to advance within this long after CBTmin (Khalsa 2003 PRC; zone width [S])."""
DELAY_ZONE_H = 7.0
"""Seek light to delay within this long before CBTmin. Wider than the advance zone: the delay
zone reaches back into the evening (Khalsa 2003: delays whenever the pulse is centred before
CBTmin, no long dead zone; every model's PRC in circadian.prc delays for pulses centred up to
about 9 h before CBTmin), and for a person asleep in the hours before CBTmin the evening before
bed is the only time such light can be had."""
AVOID_ZONE_H = 4.0
"""Avoid light over this long on the opposite side of CBTmin."""
ZONE_MARGIN_H = 0.25
"""Keep seek-light sessions this far from CBTmin (no shift at CBTmin itself; Khalsa 2003)."""
LIGHT_SESSION_H = 2.0
"""Longest bright-light session per day [h]. Crowley & Eastman 2015: a single 30 min pulse gave
75% of the effect of four; Chang et al. 2012: response to duration is strongly non-linear."""
MIN_WINDOW_H = 0.5
"""Shortest light or avoid-light window worth giving [h]."""
LUX_DAYLIGHT = 10_000.0
LUX_LIGHT_BOX = 5_000.0
LUX_BRIGHT_INDOOR = 1_000.0
LUX_DARK_GLASSES = 50.0
LUX_DIM = 10.0
LUX_CABIN = 50.0
LUX_SLEEP = 0.0
SOURCE_DAYLIGHT = "daylight"
SOURCE_LIGHT_BOX = "light box"
SOURCE_INDOOR = "bright indoor light"
SOURCE_GLASSES = "dark glasses"
SOURCE_DIM = "dim room"
_SUN_MIN_RUN_H = 0.25

# -- other advice ------------------------------------------------------------------------------
CAFFEINE_CUTOFF_H = 8.0
"""No caffeine in the 8 h before planned sleep. Caffeine's half-life is about 5 h; 400 mg taken
6 h before bed still cut sleep by about 1 h (Drake et al. 2013, J Clin Sleep Med 9:1195; not in
science.md, quoted from memory). Dawnward offers 6-12 h with 8 h as default."""
NAP_H = 0.5
"""Short nap: 30 min keeps sleep inertia small (NASA nap study, Rosekind et al. 1994: 26 min;
from memory)."""
NAP_SLEEP_DEFICIT_H = 2.0
"""Nap when the 24 h before arrival held this much less sleep than habitual, or a planned sleep
was cut by this much [h]."""
NAP_BEFORE_SLEEP_H = 6.0
"""A nap ends at least this long before the next planned sleep [h]."""

MEL_MIN_SHIFT_H = 5.0
MEL_LEAD_LOW_H = 3.0
MEL_LEAD_HIGH_H = 4.5
MEL_EARLIEST_H = 9.0
MEL_BEFORE_BED_H = 0.5
MEL_MAX_DAYS_AFTER_ARRIVAL = 5
MEL_EVENT_MIN = 15

_EPS = 1e-6


# ==============================================================================================
# small helpers
@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _off(zone: str, h: float) -> float:
    """UTC offset of ``zone`` at epoch hour ``h`` [h]."""
    off = from_hours(h).astimezone(_zone(zone)).utcoffset()
    return 0.0 if off is None else off.total_seconds() / 3600.0


def _wrap(x: float) -> float:
    """Wrap hours to [-12, 12)."""
    return (x + 12.0) % 24.0 - 12.0


def _local_h(h: float, zone: str) -> float:
    return (h + _off(zone, h)) % 24.0


def _clock_h(t: time) -> float:
    return t.hour + t.minute / 60.0


def _fmt_clock(h: float, zone: str) -> str:
    return from_hours(h).astimezone(_zone(zone)).strftime("%H:%M")


def _fmt_h(x: float) -> str:
    m = round(abs(x) * 60)
    return f"{m // 60} h {m % 60:02d} min" if m % 60 else f"{m // 60} h"


def _city(p: Place) -> str:
    return p.city or p.name or p.code


# ==============================================================================================
# internal records
@dataclass
class _Target:
    """A place adapted to: its zone's habitual schedule governs sleep over [start_h, end_h)."""

    place: Place
    zone: str
    start_h: float  # departure of the first flight after the previous adapted place
    end_h: float  # departure from this place (or the end of the horizon)
    arrive_h: float  # arrival at this place
    delta_h: float  # change of UTC offset from the previous target, wrapped to [0, 24)
    final: bool
    direction: Direction = "none"

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
class _Sleep:
    a: float
    b: float
    inflight: bool
    planned_h: float  # length before constraints
    note: str
    nap: bool = False


@dataclass
class _Win:
    a: float
    b: float
    kind: Literal["light", "avoid_light"]
    lux: float
    source: str
    action: Literal["advance", "delay"]
    cbtmin_h: float


@dataclass
class _Run:
    targets: list[_Target]
    sleeps: list[_Sleep]
    windows: list[_Win]
    dlmo_h: list[float]
    cbtmin_h: list[float]
    end_h: float
    doses: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class _Ctx:
    trip: Trip
    person: Person
    model: Model
    home_zone: str
    t0_h: float
    y0: np.ndarray
    dlmo_clock: float  # local clock hour of the target/baseline DLMO
    horizon_h: float
    flights: list[tuple[float, float, Flight]]
    commitments: list[tuple[float, float, str]]
    prep_nights: list[tuple[float, float]]  # unshifted home nights (start, end), prep ones last
    n_prep: int
    warnings: list[str] = field(default_factory=list)
    mel_dose: float | None = None  # melatonin dose to plan with (None: no melatonin)

    # -- where the person is -----------------------------------------------------------------
    def zone_at(self, h: float) -> str:
        return self.place_at(h).tz

    def place_at(self, h: float) -> Place:
        i = 0
        for _fa, fb, _f in self.flights:
            if h >= fb:
                i += 1
        return self.trip.home if i == 0 else self.flights[i - 1][2].dest

    def flight_at(self, h: float) -> tuple[float, float, Flight] | None:
        for fl in self.flights:
            if fl[0] <= h < fl[1]:
                return fl
        return None

    def position(self, h: float) -> tuple[float, float]:
        """(lat, lon) at ``h``: on a flight, interpolated along the great circle."""
        fl = self.flight_at(h)
        if fl is None:
            p = self.place_at(h)
            return p.lat_deg, p.lon_deg
        fa, fb, f = fl
        return _great_circle(f.origin, f.dest, (h - fa) / (fb - fa))

    def cuts(self) -> list[float]:
        """Times at which the person's zone or flight status changes."""
        out = []
        for fa, fb, _ in self.flights:
            out += [fa, fb]
        return out


def _great_circle(a: Place, b: Place, frac: float) -> tuple[float, float]:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg))
    v1 = np.array([math.cos(la1) * math.cos(lo1), math.cos(la1) * math.sin(lo1), math.sin(la1)])
    v2 = np.array([math.cos(la2) * math.cos(lo2), math.cos(la2) * math.sin(lo2), math.sin(la2)])
    om = math.acos(max(-1.0, min(1.0, float(v1 @ v2))))
    if om < 1e-9:
        v = v1
    else:
        v = (math.sin((1 - frac) * om) * v1 + math.sin(frac * om) * v2) / math.sin(om)
    return math.degrees(math.asin(max(-1.0, min(1.0, v[2])))), math.degrees(math.atan2(v[1], v[0]))


# ==============================================================================================
# baseline
def _model_dlmo_clock(model: Model, y: np.ndarray, t0_h: float, zone: str, person: Person,
                      ) -> float:
    sched = daily_schedule(from_hours(t0_h), 3, zone, person.sleep_start, person.sleep_end)
    r = simulate(model, sched, initial=y, record=False)
    if not r.dlmo:
        raise CircadianError(f"{model.name}: no DLMO predicted on the habitual schedule")
    return _local_h(to_hours(r.dlmo[-1]), zone)


def _baseline(model: Model, person: Person, zone: str, t0_h: float, user_params: dict,
              warnings: list[str]) -> tuple[Model, np.ndarray, float]:
    """(model, state at t0, DLMO clock hour) for the person entrained to habitual sleep."""
    day = daily_schedule(from_hours(t0_h), 1, zone, person.sleep_start, person.sleep_end)
    y = entrain(model, day)
    clock = _model_dlmo_clock(model, y[0], t0_h, zone, person)
    if person.dlmo is None:
        return model, y[0], clock
    target = _clock_h(person.dlmo)
    err = _wrap(target - clock)
    if abs(err) < 0.1:
        return model, y[0], clock
    names = model.params.names()
    if "tau" in names and "tau" not in user_params:
        info = {i.name: i for i in model.params.info()}["tau"]
        lo, hi = max(info.lo, 23.5), min(info.hi, 25.0)
        tau0 = float(model.params.as_dict()["tau"])
        # secant on tau: a longer intrinsic period puts the entrained DLMO later
        x0, e0 = tau0, err
        x1 = min(hi, max(lo, tau0 + 0.1 * (1 if err > 0 else -1)))
        m1, y1, e1 = model, y, err
        for _ in range(8):
            m1 = model.with_params(tau=x1)
            y1 = entrain(m1, day, y0=y1)
            e1 = _wrap(target - _model_dlmo_clock(m1, y1[0], t0_h, zone, person))
            if abs(e1) < 0.1 or e1 == e0:
                break
            x2 = x1 - e1 * (x1 - x0) / (e1 - e0)
            x0, e0 = x1, e1
            x1 = min(hi, max(lo, x2))
            if x1 == x0:
                break
        if abs(e1) < 0.25:
            clock = _model_dlmo_clock(m1, y1[0], t0_h, zone, person)
            return m1, y1[0], clock
    # time-shift along the habitual orbit: state at t0 = entrained state at t0 - err
    sched = daily_schedule(from_hours(t0_h), 2, zone, person.sleep_start, person.sleep_end)
    r = simulate(model, sched, initial=y[0])
    k = int(np.searchsorted(r.t_h, t0_h + (-err) % 24.0))
    warnings.append(
        f"Measured DLMO {person.dlmo:%H:%M} is {_fmt_h(err)} "
        f"{'later' if err > 0 else 'earlier'} than the model predicts for your sleep times; the "
        "plan starts from your measured phase, but the model expects it to drift toward its "
        "own prediction, which is what it aims for."
    )
    # the target stays the model's own entrained DLMO: living the habitual schedule at the
    # destination, the model settles there whatever phase it starts from
    return model, r.states[min(k, len(r.states) - 1)].copy(), clock


# ==============================================================================================
# targets and sleep
def _targets(ctx: _Ctx, adapted: set[int], directions: dict[int, Direction]) -> list[_Target]:
    stays = ctx.trip.stays()
    out: list[_Target] = []
    prev_zone = ctx.home_zone
    start = stays[0].depart
    assert start is not None
    for i in range(1, len(stays)):
        st = stays[i]
        final = i == len(stays) - 1
        if not final and i not in adapted:
            continue
        assert st.arrive is not None
        s_h = to_hours(start)
        end_h = ctx.horizon_h if final else to_hours(st.depart)  # type: ignore[arg-type]
        delta = (_off(st.place.tz, s_h) - _off(prev_zone, s_h)) % 24.0
        t = _Target(st.place, st.place.tz, s_h, end_h, to_hours(st.arrive), delta, final)
        if t.small:
            t.direction = "none"
        else:
            t.direction = directions.get(i, "advance" if delta <= 12.0 else "delay")
        out.append(t)
        prev_zone = st.place.tz
        if st.depart is not None:
            start = st.depart
    return out


def _target_stay(ctx: _Ctx, t: _Target) -> int:
    stays = ctx.trip.stays()
    for i, st in enumerate(stays):
        if i and st.arrive is not None and abs(to_hours(st.arrive) - t.arrive_h) < _EPS:
            return i
    return len(stays) - 1


def _local_nights(zone: str, ss: time, se: time, a_h: float, b_h: float) -> list[Interval]:
    z = _zone(zone)
    d = from_hours(a_h).astimezone(z).date() - timedelta(days=1)
    d1 = from_hours(b_h).astimezone(z).date() + timedelta(days=1)
    out = []
    while d <= d1:
        s = to_hours(datetime.combine(d, ss, tzinfo=z))
        e_day = d if se > ss else d + timedelta(days=1)
        e = to_hours(datetime.combine(e_day, se, tzinfo=z))
        if e > a_h and s < b_h:
            out.append((s, e))
        d += timedelta(days=1)
    return out


def _blocks(ctx: _Ctx) -> list[Interval]:
    out: list[Interval] = []
    for fa, fb, _f in ctx.flights:
        out.append((fa - PRE_DEPARTURE_AWAKE_H, fa + BOARDING_H))
        out.append((fb - LANDING_H, fb + ARRIVAL_TRANSIT_H))
    for ca, cb, _ in ctx.commitments:
        out.append((ca - COMMITMENT_BEFORE_H, cb + COMMITMENT_AFTER_H))
    return out


def _prep_shift(first: _Target | None, prep: bool, k: int) -> float:
    """Sleep shift [h] (+ earlier) on preparation day ``k`` (1..n_prep; <= 0: none)."""
    if not prep or first is None or first.direction == "none" or k < 1:
        return 0.0
    return math.copysign(min(k * PREP_RATE_H, abs(first.shift_h)), first.shift_h)


def _sleeps(ctx: _Ctx, targets: list[_Target], prep: bool, until_h: float) -> list[_Sleep]:
    ss, se = ctx.person.sleep_start, ctx.person.sleep_end
    dep1 = ctx.flights[0][0]
    first = targets[0] if targets else None
    raw: list[tuple[float, float, str]] = []
    n = len(ctx.prep_nights)
    for j, (s, e) in enumerate(ctx.prep_nights):
        k = j - (n - ctx.n_prep) + 1  # 1..n_prep for prep nights, <= 0 before
        o = _prep_shift(first, prep, k)
        note = "Sleep at your usual time."
        if o and first is not None:
            if o < 0:  # delaying: still wake before the departure margin
                o = max(o, min(0.0, e - (dep1 - PRE_DEPARTURE_AWAKE_H)))
            word = "earlier" if o > 0 else "later"
            note = (f"Sleep {_fmt_h(o)} {word} than usual (preparation day {k} of "
                    f"{ctx.n_prep}, moving toward {_city(first.place)} time).")
        raw.append((s - o, e - o, note))
    for t in targets:
        for s, e in _local_nights(t.zone, ss, se, t.start_h, min(t.end_h, until_h)):
            a, b = max(s, t.start_h), min(e, t.end_h)
            if b - a >= MIN_INFLIGHT_SLEEP_H:
                raw.append((a, b, f"Sleep on {_city(t.place)} time."))
    raw.sort()
    # keep sleeps apart: a later one overlapping or too close to an earlier one is trimmed
    kept: list[tuple[float, float, str, float]] = []
    for a, b, note in raw:
        planned = b - a
        if kept and a < kept[-1][1] + MIN_WAKE_GAP_H:
            a = kept[-1][1] + MIN_WAKE_GAP_H
        if b - a >= MIN_INFLIGHT_SLEEP_H:
            kept.append((a, b, note, planned))
    blocks = _blocks(ctx)
    out: list[_Sleep] = []
    for a, b, note, planned in kept:
        for p, q in subtract(a, b, blocks):
            fl = ctx.flight_at(0.5 * (p + q))
            if fl is not None:
                if q - p >= MIN_INFLIGHT_SLEEP_H:
                    out.append(_Sleep(p, q, True, planned,
                                      "Sleep on the plane (eye mask, earplugs); this is night "
                                      "time where you are heading."))
            elif q - p >= MIN_SLEEP_PIECE_H:
                out.append(_Sleep(p, q, False, planned, note))
    out += _origin_night_sleeps(ctx, targets, out, blocks, _prep_shift(first, prep, ctx.n_prep))
    out.sort(key=lambda s: s.a)
    return [s for s in out if s.a < until_h]


def _origin_night_sleeps(ctx: _Ctx, targets: list[_Target], sleeps: list[_Sleep],
                         blocks: list[Interval], home_shift_h: float) -> list[_Sleep]:
    """In-flight sleep in the night of the schedule kept before each departure, for flights
    that the nights of the place adapted to leave without any.

    A flight that crosses the traveller's own night while it is day where they are heading
    (JFK 18:00 -> NRT) would otherwise keep them awake for a whole day and night. The schedule
    before the first flight is the home one as moved on the last preparation day
    (``home_shift_h``, + earlier); later, that of the place adapted to before the departure.
    The piece keeps :data:`MIN_WAKE_GAP_H` from the other sleeps, which it gives way to.
    """
    ss, se = ctx.person.sleep_start, ctx.person.sleep_end
    out: list[_Sleep] = []
    for fa, fb, _f in ctx.flights:
        if any(s.inflight and fa <= s.a < fb for s in sleeps):
            continue
        g = _governing(targets, fa - _EPS)
        if g is None or fa - _EPS < g.start_h:  # still on the (prepared) home schedule
            zone, shift = ctx.home_zone, home_shift_h
        else:
            zone, shift = g.zone, 0.0
        others = sleeps + out
        best: tuple[float, float, float] | None = None
        for s, e in _local_nights(zone, ss, se, fa + shift, fb + shift):
            s, e = s - shift, e - shift
            if any(o.b <= fa and o.a < e and o.b > s for o in others):
                continue  # slept (in part) before leaving, e.g. cut short for the departure
            for p, q in subtract(max(s, fa), min(e, fb), blocks):
                if ctx.flight_at(0.5 * (p + q)) is None:
                    continue
                for o in others:
                    if o.b <= p + _EPS:
                        p = max(p, o.b + MIN_WAKE_GAP_H)
                    elif o.a >= q - _EPS:
                        q = min(q, o.a - MIN_WAKE_GAP_H)
                if q - p >= MIN_INFLIGHT_SLEEP_H and (best is None or q - p > best[1] - best[0]):
                    best = (p, q, e - s)
        if best is not None:
            out.append(_Sleep(best[0], best[1], True, best[2],
                              "Sleep on the plane (eye mask, earplugs): this is your night on "
                              "the sleep times you kept before the flight, and bed where you "
                              "are heading is still hours away."))
    return out


# ==============================================================================================
# light windows
def _sun_runs(ctx: _Ctx, a: float, b: float, kind: str) -> list[tuple[float, float, bool]]:
    """Split [a, b) into runs where the sun gives bright light ("light") or is up ("avoid")."""
    n = max(2, int(math.ceil((b - a) * 12)) + 1)
    ts = np.linspace(a, b, n)
    mid = 0.5 * (ts[:-1] + ts[1:])
    secs = mid * 3600.0
    lat, lon = ctx.position(0.5 * (a + b))
    if kind == "light":
        lux = daylight.outdoor_lux_estimate(daylight.solar_elevation_deg((lat, lon), secs))
        mask = lux >= daylight.BRIGHT_LUX
    else:
        elev = daylight.solar_elevation_deg((lat, lon), secs, refraction=False)
        mask = elev > daylight.SUNRISE_DEG
    runs: list[list] = []
    for i, m in enumerate(mask):
        if runs and runs[-1][2] == bool(m):
            runs[-1][1] = ts[i + 1]
        else:
            runs.append([ts[i], ts[i + 1], bool(m)])
    # absorb short runs into a neighbour
    changed = True
    while changed and len(runs) > 1:
        changed = False
        for i, r in enumerate(runs):
            if r[1] - r[0] < _SUN_MIN_RUN_H:
                j = i - 1 if i > 0 else i + 1
                lo, hi = min(i, j), max(i, j)
                merged = [runs[lo][0], runs[hi][1], runs[j][2]]
                runs[lo:hi + 1] = [merged]
                changed = True
                break
    # merge equal neighbours
    out: list[tuple[float, float, bool]] = []
    for r in runs:
        if out and out[-1][2] == r[2]:
            out[-1] = (out[-1][0], r[1], r[2])
        else:
            out.append((r[0], r[1], r[2]))
    return out


def _make_windows(ctx: _Ctx, pieces: Sequence[Interval], kind: str, action: str,
                  c: float) -> list[_Win]:
    out: list[_Win] = []
    for piece in pieces:
        for a, b in split_at(piece, ctx.cuts()):
            if b - a < MIN_WINDOW_H - _EPS:
                continue
            for p, q, sun in _sun_runs(ctx, a, b, kind):
                if kind == "light":
                    if sun:
                        src, lux = SOURCE_DAYLIGHT, LUX_DAYLIGHT
                    elif ctx.person.light_box:
                        src, lux = SOURCE_LIGHT_BOX, LUX_LIGHT_BOX
                    else:
                        src, lux = SOURCE_INDOOR, LUX_BRIGHT_INDOOR
                    out.append(_Win(p, q, "light", lux, src, action, c))  # type: ignore[arg-type]
                else:
                    src, lux = (SOURCE_GLASSES, LUX_DARK_GLASSES) if sun else (SOURCE_DIM, LUX_DIM)
                    out.append(_Win(p, q, "avoid_light", lux, src, action, c))  # type: ignore[arg-type]
    return out


def _place(ctx: _Ctx, c: float, action: str, busy_seek: list[Interval],
           busy_avoid: list[Interval]) -> list[_Win]:
    if action == "advance":
        seek_zone = (c + ZONE_MARGIN_H, c + ADVANCE_ZONE_H)
        avoid_zone = (c - AVOID_ZONE_H, c)
    else:
        seek_zone = (c - DELAY_ZONE_H, c - ZONE_MARGIN_H)
        avoid_zone = (c, c + AVOID_ZONE_H)
    free = subtract(*seek_zone, busy_seek)
    seek = take(free, LIGHT_SESSION_H, from_end=(action == "delay"), min_piece=MIN_WINDOW_H)
    avoid = [p for p in subtract(*avoid_zone, busy_avoid + seek) if p[1] - p[0] >= MIN_WINDOW_H]
    return _make_windows(ctx, seek, "light", action, c) + _make_windows(
        ctx, avoid, "avoid_light", action, c)


def _action(t: _Target, err: float) -> str | None:
    """What today's light should do, given the DLMO error (+ = body later than target)."""
    if t.direction == "none":
        if abs(err) <= ADAPT_TOL_H:
            return None
        return "advance" if err > 0 else "delay"
    need = err % 24.0 if t.direction == "advance" else (-err) % 24.0
    if need <= MAINTAIN_TOL_H or need >= 24.0 - MAINTAIN_TOL_H:
        return None
    if need > 24.0 - OVERSHOOT_H:
        return "delay" if t.direction == "advance" else "advance"
    return t.direction


def _governing(targets: list[_Target], h: float) -> _Target | None:
    for t in targets:
        if h < t.end_h:
            return t
    return targets[-1] if targets else None


# ==============================================================================================
# simulation
def _light(ctx: _Ctx, sleeps: Sequence[_Sleep], windows: Sequence[_Win], a: float, b: float,
           ) -> LightSchedule:
    items: list[tuple[float, float, float]] = []
    for fa, fb, _f in ctx.flights:
        if fb > a and fa < b:
            items.append((fa, fb, LUX_CABIN))
    for w in windows:
        if w.b > a and w.a < b:
            items.append((w.a, w.b, w.lux))
    for s in sleeps:
        if s.b > a and s.a < b:
            items.append((s.a, s.b, LUX_SLEEP))
    return LightSchedule.from_hour_intervals(items, a, b, HABITUAL_WAKE_LUX)


def _sim(ctx: _Ctx, sleeps: Sequence[_Sleep], windows: Sequence[_Win], a: float, y: np.ndarray,
         b: float, record: bool = True, doses: Sequence[tuple[float, str]] = ()):
    light = _light(ctx, sleeps, windows, a, b)
    dd = ()
    if doses and ctx.model.has_melatonin and ctx.mel_dose:
        dd = tuple(Dose(from_hours(t), ctx.mel_dose) for t, _ in doses if a <= t < b)
    return simulate(ctx.model, light, start=from_hours(a), end=from_hours(b), initial=y,
                    record=record, doses=dd)


def _dlmo_before(ctx: _Ctx, c: float, dl: Sequence[float]) -> float:
    off = ctx.model.dlmo_offset_h
    if off is not None:
        return c + off
    best = [d for d in dl if c - 14.0 <= d < c]
    return best[-1] if best else c - 7.0


def _err(ctx: _Ctx, d: float, zone: str) -> float:
    """DLMO error [h] against the target DLMO in ``zone``: + means the body clock is later."""
    return _wrap(_local_h(d, zone) - ctx.dlmo_clock)


def _run(ctx: _Ctx, targets: list[_Target], until_h: float, plan: bool = True) -> _Run:
    """Build sleep and light windows day by day from the model's predicted CBTmin, then
    re-simulate the whole plan; without ``plan``: no prep, no windows, no naps."""
    sleeps = _sleeps(ctx, targets, prep=plan, until_h=until_h)
    windows: list[_Win] = []
    doses: list[tuple[float, str]] = []
    if plan:
        windows = _light_loop(ctx, targets, sleeps, until_h)
        naps = _naps(ctx, sleeps, windows, until_h)
        windows = _cut_naps(windows, naps)
        sleeps = sorted(sleeps + naps, key=lambda s: s.a)
        # Light windows and melatonin doses are fitted to the clock they themselves move: with
        # a model that simulates melatonin, the doses shift CBTmin too, so iterate until
        # neither the windows nor the doses change (the windows are then checked against the
        # run that includes those doses).
        for _ in range(6):
            r = _sim(ctx, sleeps, windows, ctx.t0_h, ctx.y0, until_h, record=False, doses=doses)
            new_doses = _doses(ctx, targets, [to_hours(x) for x in r.dlmo], sleeps, until_h)
            cb = [to_hours(x) for x in r.cbtmin]
            windows, changed = _fix_windows(windows, cb)
            if not changed and _same_doses(new_doses, doses):
                break
            doses = new_doses
    r = _sim(ctx, sleeps, windows, ctx.t0_h, ctx.y0, until_h, record=False, doses=doses)
    return _Run(targets, sleeps, windows, [to_hours(x) for x in r.dlmo],
                [to_hours(x) for x in r.cbtmin], until_h, doses)


def _same_doses(a: list[tuple[float, str]], b: list[tuple[float, str]]) -> bool:
    """The same doses to within a minute (the simulated DLMO they follow moves a little)."""
    return len(a) == len(b) and all(
        abs(x[0] - y[0]) < 1 / 60 for x, y in zip(a, b, strict=True))


def _light_loop(ctx: _Ctx, targets: list[_Target], sleeps: list[_Sleep], until_h: float,
                ) -> list[_Win]:
    busy_sleep = [(s.a, s.b) for s in sleeps]
    fl = [(fa, fb) for fa, fb, _ in ctx.flights]
    transit = [(fb, fb + ARRIVAL_TRANSIT_H) for _, fb, _ in ctx.flights]
    comm = [(a, b) for a, b, _ in ctx.commitments]
    windows: list[_Win] = []
    a, y = ctx.t0_h, ctx.y0
    r = _sim(ctx, sleeps, windows, a, y, until_h)
    cb = [to_hours(x) for x in r.cbtmin]
    dl = [to_hours(x) for x in r.dlmo]
    last = -math.inf
    while True:
        nxt = [c for c in cb if c > last + 12.0 and c > a]
        if not nxt:
            break
        c = nxt[0]
        last = c
        if c >= until_h:
            break
        g = _governing(targets, c)
        if g is None:
            break
        d = _dlmo_before(ctx, c, dl)
        act = _action(g, _err(ctx, d, g.zone))
        if act is None:
            continue
        wins_so_far = [(w.a, w.b) for w in windows]
        new = _place(ctx, c, act, busy_sleep + fl + transit + comm + wins_so_far,
                     busy_sleep + comm + wins_so_far)
        new = [w for w in new if w.b <= until_h]
        if not new:
            continue
        windows += new
        t_new = min(w.a for w in new)
        k = int(np.searchsorted(r.t_h, t_new, side="right")) - 1
        k = max(0, min(k, len(r.t_h) - 2))
        a, y = float(r.t_h[k]), r.states[k].copy()
        r = _sim(ctx, sleeps, windows, a, y, until_h)
        cb = [to_hours(x) for x in r.cbtmin]
        dl = [to_hours(x) for x in r.dlmo]
    windows.sort(key=lambda w: w.a)
    return windows


def _fix_windows(windows: list[_Win], cb: Sequence[float]) -> tuple[list[_Win], bool]:
    """Keep every seek-light window on the intended side of the re-simulated CBTmin."""
    out: list[_Win] = []
    changed = False
    arr = np.array(cb) if cb else np.array([np.inf])
    for w in windows:
        if w.kind != "light":
            out.append(w)
            continue
        c = float(arr[np.argmin(np.abs(arr - 0.5 * (w.a + w.b)))])
        a, b = w.a, w.b
        if w.action == "advance":
            a = max(a, c + ZONE_MARGIN_H) if a < c + 0.05 else a
            b = min(b, c + ADVANCE_ZONE_H)
        else:
            b = min(b, c - ZONE_MARGIN_H) if b > c - 0.05 else b
            a = max(a, c - DELAY_ZONE_H)
        if (a, b) != (w.a, w.b):
            changed = True
            if b - a >= MIN_WINDOW_H - _EPS:
                out.append(replace(w, a=a, b=b, cbtmin_h=c))
        else:
            out.append(replace(w, cbtmin_h=c))
    return out, changed


def _cut_naps(windows: list[_Win], naps: list[_Sleep]) -> list[_Win]:
    """Avoid-light windows with the naps taken out (a nap there is dark anyway)."""
    out: list[_Win] = []
    for w in windows:
        if w.kind != "avoid_light":
            out.append(w)
            continue
        for a, b in subtract(w.a, w.b, [(n.a, n.b) for n in naps]):
            if b - a >= MIN_WINDOW_H - _EPS:
                out.append(replace(w, a=a, b=b))
    return out


def _naps(ctx: _Ctx, sleeps: list[_Sleep], windows: list[_Win], until_h: float) -> list[_Sleep]:
    habit = ctx.person.sleep_duration_h
    busy = [(s.a, s.b) for s in sleeps]
    busy += [(w.a, w.b) for w in windows if w.kind == "light"]
    busy += [(fa - PRE_DEPARTURE_AWAKE_H, fb + ARRIVAL_TRANSIT_H) for fa, fb, _ in ctx.flights]
    busy += [(a - COMMITMENT_BEFORE_H, b + COMMITMENT_AFTER_H) for a, b, _ in ctx.commitments]
    starts: list[tuple[float, str]] = []
    for _fa, fb, f in ctx.flights:
        slept = sum(overlap((s.a, s.b), (fb - 24.0, fb)) for s in sleeps)
        if slept < habit - NAP_SLEEP_DEFICIT_H:
            starts.append((fb + ARRIVAL_TRANSIT_H,
                           f"Short nap after arriving: about {_fmt_h(slept)} of sleep in the 24 h "
                           f"before landing ({f.origin.code}→{f.dest.code})."))
    for s in sleeps:
        if not s.inflight and s.planned_h - (s.b - s.a) >= NAP_SLEEP_DEFICIT_H:
            starts.append((s.b, "Short nap: last night's sleep was cut short."))
    naps: list[_Sleep] = []
    for t_from, why in sorted(starts):
        if t_from >= until_h or any(n.a > t_from for n in naps):
            continue
        # the next sleep not over by t_from: a nap never comes after the first night's sleep
        nxt = [s.a for s in sleeps if s.b > t_from]
        latest = (nxt[0] if nxt else t_from + 16.0) - NAP_BEFORE_SLEEP_H
        zone = ctx.zone_at(t_from)
        noon = to_hours(datetime.combine(from_hours(t_from).astimezone(_zone(zone)).date(),
                                         time(12, 0), tzinfo=_zone(zone)))
        lo = max(t_from, noon)
        free = subtract(lo, latest, busy)
        slot = next(((p, p + NAP_H) for p, q in free if q - p >= NAP_H), None)
        if slot is not None:
            naps.append(_Sleep(slot[0], slot[1], False, NAP_H,
                               why + f" Keep it to {round(NAP_H * 60)} min.", nap=True))
            busy.append(slot)
    return naps


# ==============================================================================================
# scoring
def _adapt(ctx: _Ctx, run: _Run, t: _Target) -> tuple[int | None, float | None, float]:
    """(days to adapt, time of the first adapted DLMO, summed |error| over the stay)."""
    end = min(t.end_h, run.end_h)
    ds = [d for d in run.dlmo_h if t.arrive_h <= d < end]
    errs = [abs(_err(ctx, d, t.zone)) for d in ds]
    mis = float(sum(errs))
    j = len(errs)
    while j > 0 and errs[j - 1] <= ADAPT_TOL_H:
        j -= 1
    if j == len(errs):
        return None, None, mis
    return j, ds[j], mis


def _local_misalignment(ctx: _Ctx, run: _Run, from_h: float) -> float:
    return float(sum(abs(_err(ctx, d, ctx.zone_at(d))) for d in run.dlmo_h if d >= from_h))


def _score(ctx: _Ctx, run: _Run, t: _Target) -> tuple[float, float]:
    days, _, mis = _adapt(ctx, run, t)
    return (float(days) if days is not None else 1e6, mis)


# ==============================================================================================
# public API
def plan_trip(
    trip: Trip,
    person: Person,
    model_name: str = "forger99",
    params: dict | None = None,
    now: datetime | None = None,
    *,
    direction: Direction | None = None,
) -> Plan:
    """A jet-lag plan for ``trip``: sleep, light, melatonin, caffeine and naps, checked by
    re-simulating the model (see the module docstring for how).

    ``direction`` forces "advance" or "delay" for the main change of time zone (default: the
    one the model predicts to adapt faster). ``now`` (aware): preparation days already past are
    dropped. Raises :class:`CircadianError` for impossible input.
    """
    params = dict(params or {})
    model = get_model(model_name, **params)
    warnings: list[str] = list(trip.warnings())
    if (note := chronotype_note(person)) is not None:
        warnings.append(note)
    home_zone = person.home_tz or trip.home.tz
    if person.home_tz and _off(person.home_tz, to_hours(trip.start)) != _off(
            trip.home.tz, to_hours(trip.start)):
        warnings.append(
            f"Your home time zone ({person.home_tz}) differs from where the trip starts "
            f"({trip.home.tz}); the plan assumes your body clock is on {person.home_tz} time."
        )
    flights = [(to_hours(f.depart), to_hours(f.arrive), f) for f in trip.flights]
    dep1 = flights[0][0]
    n_prep = person.prep_days
    # home nights: the last one that ends usefully before departure, and n_prep before it
    nights = _local_nights(home_zone, person.sleep_start, person.sleep_end,
                           dep1 - 24.0 * (n_prep + 3), dep1)
    nights = [n for n in nights
              if n[0] < dep1 - PRE_DEPARTURE_AWAKE_H - MIN_SLEEP_PIECE_H]
    if now is not None:
        now_h = to_hours(now)
        if now_h >= dep1:
            warnings.append("The first flight has already left: there are no preparation days.")
        future = [n for n in nights if n[0] >= now_h]
        if len(future) < n_prep:
            warnings.append(f"Only {len(future)} of your {n_prep} preparation nights are still "
                            "ahead; the plan uses those.")
            n_prep = len(future)
    nights = nights[-max(n_prep, 1):]
    if not nights:
        raise CircadianError("cannot place a night's sleep before the first departure")
    t0_h = nights[0][0] - 11.0
    last_arrival = flights[-1][1]
    horizon = last_arrival + 24.0 * (MAX_ADAPT_DAYS + 1)
    model, y0, clock = _baseline(model, person, home_zone, t0_h, params, warnings)
    stays = trip.stays()
    commitments = [(to_hours(c.start), to_hours(c.end), c.label or "commitment")
                   for c in trip.commitments]
    ctx = _Ctx(trip, person, model, home_zone, t0_h, y0, clock, horizon, flights, commitments,
               nights, n_prep, warnings)
    mel_warnings: list[str] = []
    if person.melatonin:
        from circadian.melatonin_safety import check

        v = check(person.melatonin_dose_mg, person.medications, person.conditions, person.age,
                  opt_in=person.opt_in_melatonin)
        mel_warnings = [m for m in v.messages if not m.startswith("No dose given")]
        if v.melatonin_allowed:
            ctx.mel_dose = v.recommended_dose_mg
        else:
            why = "; ".join(f"{f.matched_input}: {f.reason}" for f in v.findings
                            if f.kind != "dose" and f.level != "ok")
            mel_warnings.insert(0, f"Light-only plan: melatonin is left out ({why}).")

    # which stays to adapt to
    adapted: set[int] = set()
    short_trips: list[int] = []
    potential = {i for i in range(1, len(stays) - 1) if _stay_h(stays[i]) >= LAYOVER_H}
    for i in range(1, len(stays) - 1):
        dur_h = _stay_h(stays[i])
        name = f"{_city(stays[i].place)} ({stays[i].place.code})"
        if i in potential and dur_h <= SHORT_TRIP_MAX_H and _returns_to_previous(
                ctx, stays, i, adapted, potential):
            adapted.add(i)  # provisionally: the model decides below
            short_trips.append(i)
        elif dur_h < ADAPT_MIN_STAY_H:
            kind = "layover" if dur_h < LAYOVER_H else "stop"
            warnings.append(f"Short {kind} in {name}, {_fmt_h(dur_h)}: too short to adapt to; "
                            "the plan keeps shifting toward your next destination.")
        else:
            adapted.add(i)

    # choose directions (and short-trip handling) leg by leg from the model
    directions: dict[int, Direction] = {}
    options: dict[int, dict[str, tuple[float, float]]] = {}
    kept_home: list[tuple[int, float, float]] = []
    idx_list = [i for i in range(1, len(stays)) if i in adapted or i == len(stays) - 1]
    for i in idx_list:
        targets = _targets(ctx, adapted, directions)
        tk = next((t for t in targets if _target_stay(ctx, t) == i), None)
        if tk is None:
            continue
        if not tk.small:
            forced = direction if (direction and i == _primary_index(ctx, adapted)) else None
            cands: list[Direction] = [forced] if forced else ["advance", "delay"]
            res: dict[str, tuple[float, float]] = {}
            for dname in cands:
                trial = _targets(ctx, adapted, {**directions, i: dname})
                tt = next(t for t in trial if _target_stay(ctx, t) == i)
                run = _run(ctx, trial, min(tt.end_h, horizon))
                res[dname] = _score(ctx, run, tt)
            best = min(res, key=lambda k: res[k])
            directions[i] = best  # type: ignore[assignment]
            options[i] = res
        if i in short_trips:
            with_t = _targets(ctx, adapted, directions)
            without = adapted - {i}
            wo_t = _targets(ctx, without, directions)
            arr = to_hours(stays[i].arrive)  # type: ignore[arg-type]
            m_with = _local_misalignment(ctx, _run(ctx, with_t, horizon), arr)
            m_wo = _local_misalignment(ctx, _run(ctx, wo_t, horizon), arr)
            if m_wo < m_with:
                adapted = without
                short_trips.remove(i)
                kept_home.append((i, m_wo, m_with))

    targets = _targets(ctx, adapted, directions)
    run = _run(ctx, targets, horizon)
    # without a plan: every adaptable stay adapted at local time at once, no prep, no windows
    free_adapted = potential
    base_targets = _targets(ctx, free_adapted, {})
    base = _run(ctx, base_targets, horizon, plan=False)
    return _assemble(ctx, run, base, targets, base_targets, adapted, options, kept_home,
                     mel_warnings, warnings)


def _primary_index(ctx: _Ctx, adapted: set[int]) -> int:
    """Stay index the summary reports on: the final destination, or for a round trip the
    longest adapted stay away."""
    stays = ctx.trip.stays()
    last = len(stays) - 1
    home_off = _off(ctx.home_zone, to_hours(ctx.trip.end))
    if abs(_wrap(_off(stays[last].place.tz, to_hours(ctx.trip.end)) - home_off)) > NONE_SHIFT_H:
        return last
    away = [i for i in adapted if 0 < i < last]
    if not away:
        return last
    return max(away, key=lambda i: stays[i].duration)  # type: ignore[arg-type, return-value]


def _stay_h(st) -> float:  # type: ignore[no-untyped-def]
    d = st.duration
    return math.inf if d is None else d.total_seconds() / 3600.0


def _returns_to_previous(ctx: _Ctx, stays, i: int, adapted: set[int],  # type: ignore[no-untyped-def]
                         potential: set[int]) -> bool:
    """True when, after stay ``i``, the traveller goes back to the zone adapted to before it."""
    prev = [j for j in adapted if j < i]
    prev_zone = stays[max(prev)].place.tz if prev else ctx.home_zone
    nxt = [j for j in range(i + 1, len(stays)) if j in potential or j == len(stays) - 1]
    if not nxt:
        return False
    h = to_hours(stays[i].depart)
    return abs(_wrap(_off(stays[nxt[0]].place.tz, h) - _off(prev_zone, h))) <= NONE_SHIFT_H


# ==============================================================================================
# events and the plan
def _assemble(ctx: _Ctx, run: _Run, base: _Run, targets: list[_Target],
              base_targets: list[_Target], adapted: set[int],
              options: dict[int, dict[str, tuple[float, float]]],
              kept_home: list[tuple[int, float, float]], mel_warnings: list[str],
              warnings: list[str]) -> Plan:
    trip = ctx.trip
    stays = trip.stays()
    prim_i = _primary_index(ctx, adapted)
    prim = next((t for t in targets if _target_stay(ctx, t) == prim_i), None)
    # the "without plan" run always has the primary stay as a target, unless it is a short stay
    # the plan keeps home time for; then report on it anyway for comparison
    base_prim = next((t for t in base_targets if _target_stay(ctx, t) == prim_i), None)
    if prim is None:  # kept on home time
        prim_i_orig = kept_home[0][0] if kept_home else len(stays) - 1
        base_prim = next((t for t in base_targets if _target_stay(ctx, t) == prim_i_orig),
                         base_prim)
    days = None
    if prim is not None:
        days = _adapt(ctx, run, prim)[0]
    days_base = None
    if base_prim is not None:
        days_base = _adapt(ctx, base, base_prim)[0]

    # end of the reported period: a day after the last target is adapted
    report_end = ctx.flights[-1][1] + 48.0
    for t in targets:
        d, at, _ = _adapt(ctx, run, t)
        if at is not None:
            report_end = max(report_end, at + 24.0)
        elif t.final:
            report_end = max(report_end, run.end_h)
            warnings.append(
                f"The model does not predict you adapted to {_city(t.place)} time within "
                f"{MAX_ADAPT_DAYS} days of arriving."
            )
        else:
            warnings.append(f"You are not predicted to adapt to {_city(t.place)} time before "
                            "leaving it; the plan keeps shifting toward it anyway.")
    report_end = _whole_day_end(run, min(report_end, run.end_h))

    events: list[Event] = []
    for fa, fb, f in ctx.flights:
        lab = f"{f.origin.code}→{f.dest.code}"
        events.append(Event("flight", from_hours(fa), from_hours(fb), f.origin.tz,
                            note=f"{(f.number + ' ') if f.number else ''}{lab}, "
                                 f"{_fmt_h(fb - fa)} in the air.", label=lab))
    for s in run.sleeps:
        if s.a >= report_end:
            continue
        kind = "nap" if s.nap else "sleep"
        events.append(Event(kind, from_hours(s.a), from_hours(s.b), ctx.zone_at(s.a),  # type: ignore[arg-type]
                            note=s.note))
    final_cb = np.array(run.cbtmin_h) if run.cbtmin_h else None
    for w in run.windows:
        if w.a >= report_end:
            continue
        if final_cb is not None:
            # quote the CBTmin of the final simulation, as the day's phase line does
            c = float(final_cb[np.argmin(np.abs(final_cb - w.cbtmin_h))])
            w = replace(w, cbtmin_h=c)
        events.append(_window_event(ctx, w))
    mel_events = [
        Event("melatonin", from_hours(t), from_hours(t + MEL_EVENT_MIN / 60.0), ctx.zone_at(t),
              note=note, dose_mg=ctx.mel_dose)
        for t, note in run.doses if t < report_end
    ]
    events += mel_events
    if mel_events or (ctx.mel_dose is None and _melatonin_targets(targets)):
        warnings += mel_warnings
    events += _caffeine(ctx, run.sleeps, report_end)
    events = [_clip_at_landing(ctx, e) for e in events]
    events.sort(key=lambda e: (e.start, e.kind))

    # phase per local day
    phase = _phase(ctx, run, base, report_end)

    # summary
    direction: Direction = prim.direction if prim is not None else "none"
    route = _route(ctx, run, base, targets, base_targets, kept_home, prim_i)
    if len(stays) > 2:
        strategy = _route_strategy(ctx, route, targets, options)
    else:
        strategy = _strategy(ctx, prim, options.get(prim_i, {}), kept_home, days, days_base)
    for i, m_wo, m_with in kept_home:
        st = stays[i]
        warnings.append(
            f"Short trip to {_city(st.place)}: staying on home time is predicted to give less "
            f"misalignment with local time ({m_wo:.0f} h summed over days) than adapting "
            f"({m_with:.0f} h), so the plan keeps your home sleep times there where it can."
        )
    warnings += _antidromic(ctx, run, targets)
    if (days is not None and days_base is not None and days >= days_base > 0
            and prim is not None and prim.direction != "none"):
        warnings.append("The model does not predict this plan to adapt faster than doing nothing "
                        f"({days} vs {days_base} days); it may still ease the transition.")
    notes = [NOT_MEDICAL_ADVICE]
    if mel_events:
        from circadian.melatonin_safety import LEGAL_STATUS_NOTE

        notes.append(LEGAL_STATUS_NOTE)
        if not ctx.model.has_melatonin:
            notes.append(
                "Melatonin's own shift is not in the predicted days to adapt (this model has no "
                "melatonin input), so they are conservative; Revell et al. 2006 found 0.5 mg "
                "added about 0.3 h a day to a 1 h/day advance. A model with melatonin "
                "(hannay19melfit) simulates it."
            )
    notes.append(
        f"Days to adapt: nights after arrival until the predicted DLMO stays within "
        f"{ADAPT_TOL_H:g} h of its target ({_fmt_clock_target(ctx)} local time), model "
        f"{ctx.model.name}."
    )
    codes = "→".join([trip.flights[0].origin.code] + [f.dest.code for f in trip.flights])
    return Plan(
        events=tuple(events),
        phase=tuple(phase),
        summary=Summary(direction, None if days is None else float(days),
                        None if days_base is None else float(days_base), ctx.model.name,
                        strategy, route=route),
        warnings=tuple(dict.fromkeys(warnings)),
        title=f"Trip plan {codes}",
        kind="trip",
        notes=tuple(notes),
        daylight=_ground_daylight(ctx.trip, events),
    )


def _whole_day_end(run: _Run, end_h: float) -> float:
    """Move the end of the report to the wake-up after the last DLMO before ``end_h``.

    Each kind of item is cut by its own start time, so an end in the middle of a day kept that
    day's morning but not its DLMO, evening or night: a lone morning item (e.g. "avoid light"
    after waking) landed on a day of its own after the last one shown, or the last day shown
    lost its night. Ending at a wake-up keeps the last day whole and nothing after it.
    """
    last = [d for d in run.dlmo_h if d < end_h]
    if not last:
        return end_h
    main = sorted((s for s in run.sleeps if not s.nap and not s.inflight), key=lambda s: s.a)
    wake: float | None = None
    for s in main:
        if wake is None:
            if s.b > last[-1]:
                wake = s.b
        elif s.a < wake + MIN_WAKE_GAP_H:  # a night cut in pieces (e.g. by a commitment)
            wake = s.b
        else:
            break
    return end_h if wake is None else min(wake, run.end_h)


def _clip_at_landing(ctx: _Ctx, e: Event) -> Event:
    """End an event (other than a flight) at a landing it would run across, so that it keeps
    one zone throughout."""
    if e.kind == "flight":
        return e
    a, b = to_hours(e.start), to_hours(e.end)
    cut = [fb for _, fb, _ in ctx.flights if a < fb < b]
    return replace(e, end=from_hours(min(cut))) if cut else e


def _fmt_clock_target(ctx: _Ctx) -> str:
    m = round(ctx.dlmo_clock * 60) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def _window_event(ctx: _Ctx, w: _Win) -> Event:
    zone = ctx.zone_at(w.a)
    c = _fmt_clock(w.cbtmin_h, zone)
    verb = "advances" if w.action == "advance" else "delays"
    if w.kind == "light":
        how = {SOURCE_DAYLIGHT: "go outside (daylight)",
               SOURCE_LIGHT_BOX: "use your light box",
               SOURCE_INDOOR: "sit in the brightest light you can find"}[w.source]
        side = "after" if w.action == "advance" else "before"
        note = (f"Seek bright light: {how}. Light now {verb} your body clock (it is {side} your "
                f"predicted body-temperature low at {c}).")
    else:
        how = "wear dark glasses" if w.source == SOURCE_GLASSES else "keep lights dim"
        side = "before" if w.action == "advance" else "after"
        other = "delay" if w.action == "advance" else "advance"
        note = (f"Avoid bright light: {how}. Light now would {other} your body clock, the wrong "
                f"way ({side} your predicted body-temperature low at {c}).")
    return Event(w.kind, from_hours(w.a), from_hours(w.b), zone, note=note, source=w.source)


def _melatonin_targets(targets: list[_Target]) -> list[_Target]:
    return [t for t in targets if t.direction == "advance" and t.shift_h >= MEL_MIN_SHIFT_H]


def _doses(ctx: _Ctx, targets: list[_Target], dlmo_h: Sequence[float], sleeps: list[_Sleep],
           until_h: float) -> list[tuple[float, str]]:
    """Melatonin (time, note) for advancing, timed from the predicted DLMO (module docs)."""
    dose = ctx.mel_dose
    wanted = _melatonin_targets(targets)
    if dose is None or not wanted:
        return []
    lead = MEL_LEAD_LOW_H if dose <= 1.0 else MEL_LEAD_HIGH_H
    main = sorted((s for s in sleeps if not s.nap), key=lambda s: s.a)
    busy = [(s.a, s.b) for s in sleeps]
    out: list[tuple[float, str]] = []
    for t in wanted:
        first = ctx.t0_h if t is targets[0] else t.start_h
        last = min(t.arrive_h + 24.0 * MEL_MAX_DAYS_AFTER_ARRIVAL, t.end_h, until_h)
        for d in dlmo_h:
            if not (first <= d - lead and d - MEL_EARLIEST_H < last):
                continue
            if _action(t, _err(ctx, d, t.zone)) != "advance":
                continue
            when = d - lead
            bed = next((s.a for s in main if s.b > d - 12.0), None)
            note = (f"Take {dose:g} mg melatonin (immediate release), about {lead:g} h before "
                    "your predicted melatonin onset: it advances the body clock "
                    "(Burgess et al. 2010).")
            if bed is not None and when > bed - MEL_BEFORE_BED_H:
                when = bed - MEL_BEFORE_BED_H
                note = (f"Take {dose:g} mg melatonin (immediate release) 30 min before bed: this "
                        "is still before your predicted melatonin onset, where it advances the "
                        "body clock and helps you sleep (Burgess et al. 2010; Cochrane review).")
            for ca, cb, _ in ctx.commitments:
                if ca <= when < cb:
                    when = ca - 0.25
            if when < d - MEL_EARLIEST_H or when >= last:
                continue
            if any(a - _EPS <= when < b for a, b in busy):
                continue
            if out and abs(out[-1][0] - when) < 12.0:
                continue
            out.append((when, note))
    return out


def _caffeine(ctx: _Ctx, sleeps: list[_Sleep], report_end: float) -> list[Event]:
    out: list[Event] = []
    main = sorted((s for s in sleeps if not s.nap and s.b - s.a >= 3.0), key=lambda s: s.a)
    prev_end = -math.inf
    for s in main:
        if s.a >= report_end:
            break
        start = max(s.a - CAFFEINE_CUTOFF_H, prev_end)
        prev_end = s.b
        if s.a - start < 1.0:
            continue
        end = min([s.a] + [fb for _, fb, _ in ctx.flights if start < fb < s.a])
        out.append(Event("caffeine_cutoff", from_hours(start), from_hours(end),
                         ctx.zone_at(start),
                         note=f"No caffeine from now until you sleep ({CAFFEINE_CUTOFF_H:g} h "
                              "before bed; caffeine's half-life is about 5 h)."))
    return out


def _phase(ctx: _Ctx, run: _Run, base: _Run, report_end: float) -> list[PhaseDay]:
    out: list[PhaseDay] = []
    cb = np.array(run.cbtmin_h) if run.cbtmin_h else np.array([np.inf])

    def key(h: float) -> tuple:
        # the evening a DLMO belongs to: one after midnight counts for the day before
        z = ctx.zone_at(h)
        return (from_hours(h).astimezone(_zone(z)) - timedelta(hours=12)).date(), z

    base_by = {}
    for d in base.dlmo_h:
        base_by.setdefault(key(d), d)
    for d in run.dlmo_h:
        if d >= report_end:
            break
        k = key(d)
        after = cb[(cb > d) & (cb < d + 14.0)]
        c = float(after[0]) if after.size else None
        bd = base_by.get(k)
        out.append(PhaseDay(k[0], from_hours(d), None if c is None else from_hours(c), k[1],
                            None if bd is None else from_hours(bd)))
    return out


def _strategy(ctx: _Ctx, prim: _Target | None, opts: dict[str, tuple[float, float]],
              kept_home: list, days: int | None, days_base: int | None) -> str:
    if kept_home:
        st = ctx.trip.stays()[kept_home[0][0]]
        home = _city(ctx.trip.home)
        return (f"Short trip to {_city(st.place)}: stay on home time ({home}; the model "
                "predicts less misalignment with local time than adapting and re-adapting). "
                "Days to adapt "
                f"refer to being on {home} time after the return"
                + (f": {days} with the plan, {days_base} without." if days is not None else "."))
    if prim is None:
        return "Stay on home time."
    city = _city(prim.place)
    if prim.direction == "none":
        return f"{city} time is within {NONE_SHIFT_H:g} h of yours: sleep at local time."
    word = "Advance (shift earlier)" if prim.direction == "advance" else "Delay (shift later)"
    parts = [f"{word} by {_fmt_h(abs(prim.shift_h))} to {city} time."]
    if ctx.n_prep and prim is not None:
        way = "earlier" if prim.direction == "advance" else "later"
        parts.append(f"Move sleep {PREP_RATE_H:g} h a day {way} over {ctx.n_prep} preparation "
                     "day(s), then sleep on local time.")
    side = "after" if prim.direction == "advance" else "before"
    parts.append(f"Seek bright light in the hours {side} your predicted body-temperature low and "
                 "avoid it on the other side.")

    if len(opts) == 2:
        parts.append(f"Model comparison: {_compare(opts)}.")
    if days is not None:
        parts.append(f"Predicted: adapted {days} day(s) after arrival"
                     + (f" (without a plan: {days_base})." if days_base is not None
                        else " (without a plan: not within the horizon)."))
    return " ".join(parts)


def _route(ctx: _Ctx, run: _Run, base: _Run, targets: list[_Target],
           base_targets: list[_Target], kept_home: list[tuple[int, float, float]],
           prim_i: int) -> tuple[Stop, ...]:
    """Every stay of the trip, in order, with what the plan does there (``Summary.route``)."""
    kept = {i for i, _, _ in kept_home}
    out: list[Stop] = []
    for i, st in enumerate(ctx.trip.stays()):
        t = next((t for t in targets if _target_stay(ctx, t) == i), None) if i else None
        bt = next((t for t in base_targets if _target_stay(ctx, t) == i), None) if i else None
        role: StopRole
        if i == 0:
            role = "start"
        elif t is not None:
            role = "adapted"
        elif i in kept:
            role = "home_time"
        else:
            role = "layover" if _stay_h(st) < LAYOVER_H else "stop"
        days = _adapt(ctx, run, t)[0] if t is not None else None
        days_base = _adapt(ctx, base, bt)[0] if bt is not None and role == "adapted" else None
        out.append(Stop(
            _city(st.place), st.place.code, st.place.tz, st.arrive, st.depart, role,
            t.direction if t is not None else "none", t.shift_h if t is not None else 0.0,
            None if days is None else float(days),
            None if days_base is None else float(days_base), primary=i == prim_i))
    return tuple(out)


def _fmt_stay(h: float) -> str:
    d, rest = divmod(round(h), 24)
    return f"{d} d {rest} h" if d else f"{rest} h"


def _route_strategy(ctx: _Ctx, route: tuple[Stop, ...], targets: list[_Target],
                    options: dict[int, dict[str, tuple[float, float]]]) -> str:
    """The strategy of a trip with stops: the whole route, then what happens at each place."""
    home = route[0].place
    parts = ["Route: " + " → ".join(s.place for s in route) + "."]
    for i, s in enumerate(route[1:], start=1):
        stay = ("" if s.arrive is None or s.depart is None
                else f" ({_fmt_stay((s.depart - s.arrive).total_seconds() / 3600.0)})")
        if s.role in ("layover", "stop"):
            nxt = next((x.place for x in route[i + 1:] if x.role == "adapted"), None)
            parts.append(f"{s.place}{stay}: a {s.role}, too short to adapt to"
                         + (f"; keep shifting toward {nxt} time." if nxt else "."))
            continue
        if s.role == "home_time":
            parts.append(f"{s.place}{stay}: short trip, stay on home time ({home}): the model "
                         "predicts less misalignment with local time than adapting and "
                         "re-adapting.")
            continue
        in_time = "before leaving" if s.depart is not None else f"within {MAX_ADAPT_DAYS} days"
        if s.direction == "none":
            line = (f"{s.place}{stay}: within {NONE_SHIFT_H:g} h of the time before, sleep at "
                    "local time")
        else:
            word = ("advance (shift earlier)" if s.direction == "advance"
                    else "delay (shift later)")
            line = f"{s.place}{stay}: {word} by {_fmt_h(abs(s.shift_h))}"
            opts = options.get(i, {})
            if len(opts) == 2 and min(v[0] for v in opts.values()) >= 1e6:
                ing = "advancing" if s.direction == "advance" else "delaying"
                line += f" (model: neither way adapts in time; {ing} leaves less misalignment)"
            elif len(opts) == 2:
                line += f" (model comparison: {_compare(opts)})"
        base = s.days_to_adapt_without_plan
        if s.days_to_adapt is not None:
            line += (f"; predicted adapted {s.days_to_adapt:.0f} day(s) after arrival (without "
                     f"a plan: {'not ' + in_time if base is None else f'{base:.0f}'})")
        elif s.direction != "none":
            line += f"; not predicted to adapt {in_time}"
            if s.depart is not None:
                line += ": the plan keeps shifting toward it"
        parts.append(line + ".")
    first = targets[0] if targets else None
    if ctx.n_prep and first is not None and first.direction != "none":
        way = "earlier" if first.direction == "advance" else "later"
        parts.append(f"Before leaving, move sleep {PREP_RATE_H:g} h a day {way} over "
                     f"{ctx.n_prep} preparation day(s) toward {_city(first.place)} time; then "
                     "sleep on local time of each place adapted to.")
    ways = {s.direction for s in route if s.role == "adapted" and s.direction != "none"}
    if ways == {"advance"}:
        parts.append("Seek bright light in the hours after your predicted body-temperature "
                     "low and avoid it on the other side.")
    elif ways == {"delay"}:
        parts.append("Seek bright light in the hours before your predicted body-temperature "
                     "low and avoid it on the other side.")
    elif ways:
        parts.append("Seek bright light after your predicted body-temperature low while "
                     "advancing and before it while delaying; avoid it on the other side.")
    return " ".join(parts)


def _compare(opts: dict[str, tuple[float, float]]) -> str:
    """"advancing adapts in 2 days, delaying in 3 days" from the direction scores."""
    adv, dly = opts["advance"][0], opts["delay"][0]
    a = "advancing does not adapt in time" if adv >= 1e6 else f"advancing adapts in {adv:.0f} days"
    if dly >= 1e6:
        return f"{a}, delaying does not adapt in time"
    return f"{a}, delaying {'adapts ' if adv >= 1e6 else ''}in {dly:.0f} days"


def _antidromic(ctx: _Ctx, run: _Run, targets: list[_Target]) -> list[str]:
    out = []
    for t in targets:
        if t.direction != "advance" or t.delta_h < 8.0 - _EPS:
            continue
        after = [c for c in run.cbtmin_h if t.arrive_h <= c < t.arrive_h + 36.0]
        if not after:
            continue
        c = after[0]
        loc = _local_h(c, t.zone)
        if 5.0 <= loc <= 16.0:
            out.append(
                f"After arriving in {_city(t.place)} your body-temperature low is predicted at "
                f"{_fmt_clock(c, t.zone)} local time, so morning light there would delay your "
                "clock, the wrong way (antidromic re-entrainment, Eastman & Burgess 2009): avoid "
                f"bright light before {_fmt_clock(c, t.zone)} and seek it after."
            )
    return out


# ==============================================================================================
# daylight for charts (Plan.daylight): not used by the planning itself
def _ground_daylight(
    trip: Trip, events: Sequence[Event]
) -> tuple[tuple[datetime, datetime, str], ...]:
    """Sunrise-to-sunset intervals where the person is on the ground (not in flight), from a
    day before the first event to a day after the last, as ``(start UTC, end UTC, zone)``."""
    if not events:
        return ()
    a = min(e.start for e in events) - timedelta(days=1)
    b = max(e.end for e in events) + timedelta(days=1)
    stays: list[tuple[datetime, datetime, Place]] = []
    here, since = trip.home, a
    for f in trip.flights:
        stays.append((since, min(f.depart, b), here))
        here, since = f.dest, max(f.arrive, a)
    stays.append((since, b, here))
    return tuple((x, y, p.tz) for s, e, p in stays if e > s
                 for x, y in daylight.daylight_intervals(p, s, e))
