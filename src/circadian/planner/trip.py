"""Jet-lag plans from a circadian model: which places to adapt to, which way, and how.

How a plan is made
------------------
1. **Start.** The person's clock starts entrained to their habitual sleep at home, or at a
   measured DLMO (:mod:`circadian.planner.baseline`); the target is the model's DLMO of this
   person living their habitual schedule at local time where they are going.
2. **Places and direction** (:mod:`circadian.planner.trip_choices`): which stays are adapted
   to, and which way each change of target shifts the clock, decided by simulating the options.
3. **Sleep** (:mod:`circadian.planner.trip_sleep`): local nights of the place adapted to, sleep
   on board, naps.
4. **Preparation.** Before the first departure sleep moves toward the first target
   (:mod:`circadian.planner.trip_sleep`); a stop of 2 days or more before a further leg
   prepares toward the next place when the model predicts less misalignment over the trip.
5. **Light and melatonin**, cycle by cycle from the model's own predicted CBTmin and DLMO
   (:mod:`circadian.planner.trip_advice`), settled until they fit the clock they move.
6. **Check.** The plan is re-simulated, and the same flights "without a plan".

Days to adapt: see :mod:`circadian.planner.scoring`; for the summary they are those of the
final destination (or, for a round trip, of the longest stay away). The plan is reported until
a day after the last place is adapted to, rounded to the wake-up after that day's DLMO. The
plan's words come from :mod:`circadian.planner.wording`.
"""

from __future__ import annotations

from datetime import datetime

from circadian.itinerary import Trip
from circadian.models import get_model
from circadian.person import Person
from circadian.plan import Plan
from circadian.planner import trip_sleep
from circadian.planner.baseline import start_state
from circadian.planner.clock import to_hours
from circadian.planner.journey import Direction, Journey
from circadian.planner.trip_advice import Run, Setup, run
from circadian.planner.trip_choices import MAX_ADAPT_DAYS, Choices, choose
from circadian.planner.trip_plan import assemble, melatonin_dose

SIM_LEAD_H = 11.0
"""The model starts this long before the first planned night [h]."""


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
    dropped. Raises :class:`~circadian.errors.CircadianError` for impossible input.
    """
    params = dict(params or {})
    notes: list[tuple[str, dict]] = []
    s = _setup(trip, person, get_model(model_name, **params), "tau" in params, now, notes)
    dose, mel_notes = melatonin_dose(person)
    s.mel_dose = dose
    ch = choose(s, direction)
    targets = s.j.targets(ch.adapted, ch.directions, s.horizon_h)
    with_plan = run(s, targets, s.horizon_h, preps=ch.preps)
    base_targets = s.j.targets(ch.potential, {}, s.horizon_h)
    without = run(s, base_targets, s.horizon_h, plan=False)
    free = None
    if trip.commitments:  # what the commitments cost: the same plan without them
        free = _without_commitments(trip, person, s, direction)
    return assemble(s, ch, with_plan, without, mel_notes, notes, free)


def _setup(trip: Trip, person: Person, model, tau_fixed: bool,  # type: ignore[no-untyped-def]
           now: datetime | None, notes: list[tuple[str, dict]]) -> Setup:
    home_zone = person.home_tz or trip.home.tz
    j = Journey(trip, person, home_zone)
    n_prep = person.prep_days
    nights = trip_sleep.home_nights(j, n_prep)
    if now is not None:
        now_h = to_hours(now)
        if now_h >= j.flights[0][0]:
            notes.append(("departed", {}))
        future = [n for n in nights if n[0] >= now_h]
        if len(future) < n_prep:
            notes.append(("prep_past", {"left": len(future), "wanted": n_prep}))
            n_prep = len(future)
    nights = nights[-max(n_prep, 1):]
    if not nights:
        from circadian.errors import CircadianError

        raise CircadianError("cannot place a night's sleep before the first departure")
    t0_h = nights[0][0] - SIM_LEAD_H
    st = start_state(model, home_zone, t0_h, person.sleep_start, person.sleep_end, person.dlmo,
                     tau_fixed)
    if st.off_model_h:
        notes.append(("dlmo_off_model", {"off_h": st.off_model_h, "dlmo": person.dlmo}))
    horizon = j.flights[-1][1] + 24.0 * (MAX_ADAPT_DAYS + 1)
    return Setup(j, st.model, t0_h, st.y0, st.dlmo_clock_h, horizon, nights, n_prep)


def _without_commitments(trip: Trip, person: Person, s: Setup,
                         direction: Direction | None) -> tuple[Run, Setup, Choices]:
    free_trip = Trip(trip.flights)
    j = Journey(free_trip, person, s.j.home_zone)
    s2 = Setup(j, s.model, s.t0_h, s.y0, s.dlmo_clock_h, s.horizon_h, s.home_nights, s.n_prep,
               s.mel_dose)
    ch = choose(s2, direction)
    targets = j.targets(ch.adapted, ch.directions, s2.horizon_h)
    return run(s2, targets, s2.horizon_h, preps=ch.preps), s2, ch


