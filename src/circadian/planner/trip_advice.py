"""A trip plan run through the model: sleep, then light and melatonin cycle by cycle.

For each body-clock cycle the model predicts (with the plan so far) the cycle's CBTmin ``c``
and DLMO ``d``; the place whose schedule governs that time gives the target, the DLMO's error
against the target gives what today's light should do (:func:`action`), and

- light: :func:`circadian.planner.light_advice.place` around ``c``, in free time (not asleep,
  not in the arrival transit or a commitment; on board only as a reading light);
- melatonin (advancing only, shifts of at least :data:`~rules.MEL_MIN_SHIFT_H`, at most
  :data:`~rules.MEL_MAX_DAYS_AFTER_ARRIVAL` days after arrival): a dose timed from ``d``
  (:func:`circadian.planner.rules.advance_dose_time`).

The whole plan is then settled (:func:`circadian.planner.loop.settle`). Days on which the clock
is within :data:`MAINTAIN_TOL_H` of the target get no windows; an overshoot of up to
:data:`OVERSHOOT_H` is corrected back. The "without a plan" run has the same flights with sleep
at habitual local time of each adapted place from the first departure, no preparation, no
windows, no naps, no melatonin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from circadian.models.base import Model
from circadian.planner import rules, trip_sleep
from circadian.planner.intervals import Interval, subtract
from circadian.planner.journey import Journey, Target, governing
from circadian.planner.light_advice import MIN_WINDOW_H, place
from circadian.planner.loop import markers_h, settle, walk_cycles
from circadian.planner.schedule import Action, Item, simulate_items
from circadian.planner.scoring import ADAPT_TOL_H, days_to_adapt, dlmo_error
from circadian.simulate import SimulationResult

MAINTAIN_TOL_H = 0.5
"""No light windows on days when the clock is already this close to the target [h]."""
OVERSHOOT_H = 4.0
"""A clock more than MAINTAIN_TOL_H past the target by up to this is corrected back [h]."""
LUX_CABIN = 50.0
"""Cabin light on a long-haul flight [lux] (our round number for a dimmed cabin)."""
ONBOARD_MARGIN_H = 0.5
"""No light session in the first and last 30 min of a flight (boarding, descent)."""


@dataclass
class Setup:
    """Everything fixed about a trip plan: who, where, the model and its starting state."""

    j: Journey
    model: Model
    t0_h: float
    y0: np.ndarray
    dlmo_clock_h: float  # local clock hour of the target (= baseline) DLMO
    horizon_h: float
    home_nights: list[Interval]
    n_prep: int
    mel_dose: float | None = None

    def fixed(self) -> list[Item]:
        """Flights (cabin light) and commitments."""
        out = [Item("flight", a, b, f.origin.tz, "flight", LUX_CABIN,
                    label=f"{f.origin.code}→{f.dest.code}") for a, b, f in self.j.flights]
        out += [Item("commitment", a, b, self.j.zone_at(a), "commitment", label=lab)
                for a, b, lab in self.j.commitments]
        return out

    def error(self, d: float, zone: str) -> float:
        """DLMO error [h] against the target in ``zone``: + means the clock is later."""
        return dlmo_error(d, zone, self.dlmo_clock_h)


@dataclass
class Run:
    """A simulated trip plan: its targets, sleeps and advice, and the predicted markers."""

    targets: list[Target]
    sleeps: list[Item]
    advice: list[Item]
    dlmo_h: list[float]
    cbtmin_h: list[float]
    end_h: float
    preps: dict[int, trip_sleep.Prep] = field(default_factory=dict)

    @property
    def windows(self) -> list[Item]:
        return [a for a in self.advice if a.kind in ("light", "avoid_light")]

    @property
    def doses(self) -> list[Item]:
        return [a for a in self.advice if a.kind == "melatonin"]


def action(t: Target, err: float) -> Action | None:
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


def melatonin_targets(targets: list[Target]) -> list[Target]:
    return [t for t in targets if t.direction == "advance" and t.shift_h >= rules.MEL_MIN_SHIFT_H]


def _dose(s: Setup, targets: list[Target], d: float, sleeps: Sequence[Item],
          until_h: float, taken: Sequence[Item]) -> Item | None:
    """The dose of the evening with DLMO ``d`` (None when the rules give none)."""
    dose = s.mel_dose
    if dose is None:
        return None
    lead = rules.MEL_LEAD_LOW_H if dose <= 1.0 else rules.MEL_LEAD_HIGH_H

    def last_day(t: Target) -> float:
        return min(t.arrive_h + 24.0 * rules.MEL_MAX_DAYS_AFTER_ARRIVAL, t.end_h, until_h)

    t = next((t for t in melatonin_targets(targets)
              if (s.t0_h if t is targets[0] else t.start_h) <= d - lead
              and d - rules.MEL_EARLIEST_H < last_day(t)), None)
    if t is None or action(t, s.error(d, t.zone)) != "advance":
        return None
    last = last_day(t)
    bed = next((x.a for x in sleeps if x.kind == "sleep" and x.b > d - 12.0), None)
    when, reason = rules.advance_dose_time(d, dose, bed)
    for ca, cb, _ in s.j.commitments:
        if ca <= when < cb:
            when = ca - 0.25
    if when < d - rules.MEL_EARLIEST_H or when >= last or when < s.t0_h:
        return None
    if any(x.a - 1e-6 <= when < x.b for x in sleeps):
        return None
    if any(abs(x.a - when) < 12.0 for x in taken):
        return None
    numbers = [("dlmo_lead_h", d - when)]
    if reason == "mel_before_dlmo":
        numbers.append(("no_drive_h", rules.drowsy_hours(dose)))
    return Item("melatonin", when, when + rules.MEL_EVENT_H, s.j.zone_at(when), reason,
                dose_mg=dose, numbers=tuple(numbers))


def _busy(s: Setup, sleeps: Sequence[Item], advice: Sequence[Item]) -> tuple[list, list]:
    """(busy for seeking light, busy for avoiding it)."""
    sl = [x.span for x in sleeps]
    wins = [x.span for x in advice if x.kind in ("light", "avoid_light")]
    comm = [(a, b) for a, b, _ in s.j.commitments]
    transit = [(fb, fb + trip_sleep.ARRIVAL_TRANSIT_H) for _, fb, _ in s.j.flights]
    edges = [iv for fa, fb, _ in s.j.flights
             for iv in ((fa, fa + ONBOARD_MARGIN_H), (fb - ONBOARD_MARGIN_H, fb))]
    return sl + transit + comm + wins + edges, sl + comm + wins


def _decider(s: Setup, targets: list[Target], sleeps: list[Item], until_h: float):  # type: ignore[no-untyped-def]
    def decide(c: float, d: float, advice: Sequence[Item]) -> list[Item]:
        g = governing(targets, c)
        if g is None:
            return []
        out: list[Item] = []
        dose = _dose(s, targets, d, sleeps, until_h, [x for x in advice if x.kind == "melatonin"])
        if dose is not None:
            out.append(dose)
        act = action(g, s.error(d, g.zone))
        if act is not None:
            bs, ba = _busy(s, sleeps, advice)
            out += place(s.j, c, act, bs, ba, s.j.person.light_box)
        return out
    return decide


def _redo_doses(s: Setup, targets: list[Target], sleeps: list[Item], until_h: float):  # type: ignore[no-untyped-def]
    def redo(advice: list[Item], r: SimulationResult) -> list[Item]:
        if s.mel_dose is None:
            return advice
        kept = [x for x in advice if x.kind != "melatonin"]
        doses: list[Item] = []
        for d in markers_h(r)[0]:
            x = _dose(s, targets, d, sleeps, until_h, doses)
            if x is not None:
                doses.append(x)
        return kept + doses
    return redo


def _cut_naps(advice: list[Item], naps: list[Item]) -> list[Item]:
    """Avoid-light windows with the naps taken out (a nap there is dark anyway)."""
    out: list[Item] = []
    for w in advice:
        if w.kind != "avoid_light":
            out.append(w)
            continue
        for a, b in subtract(w.a, w.b, [n.span for n in naps]):
            if b - a >= MIN_WINDOW_H - 1e-6:
                out.append(Item(w.kind, a, b, w.zone, w.reason, w.lux, w.source, w.action,
                                cbtmin_h=w.cbtmin_h, numbers=w.numbers))
    return out


def run(s: Setup, targets: list[Target], until_h: float, plan: bool = True,
        preps: dict[int, trip_sleep.Prep] | None = None) -> Run:
    """The trip simulated with the plan (or, ``plan=False``, without one) until ``until_h``."""
    preps = preps if plan and preps else {}
    home = trip_sleep.Prep(tuple(s.home_nights), s.n_prep if plan else 0,
                           targets[0] if targets else None)
    sleeps = trip_sleep.sleeps(s.j, targets, home, preps, until_h)
    fixed = s.fixed()
    advice: list[Item] = []
    if plan:
        advice = walk_cycles(s.model, [*fixed, *sleeps], s.t0_h, until_h, s.y0,
                             _decider(s, targets, sleeps, until_h))
        naps = trip_sleep.naps(s.j, sleeps, [w.span for w in advice if w.kind == "light"],
                               until_h)
        advice = _cut_naps(advice, naps)
        sleeps = sorted(sleeps + naps, key=lambda x: x.a)
        advice, r = settle(s.model, [*fixed, *sleeps], advice, s.t0_h, until_h, s.y0,
                           _redo_doses(s, targets, sleeps, until_h))
    else:
        r = simulate_items(s.model, [*fixed, *sleeps], s.t0_h, until_h, s.y0, record=False)
    dl, cb = markers_h(r)
    return Run(targets, sleeps, advice, dl, cb, until_h, preps)


def adapt(s: Setup, r: Run, t: Target) -> tuple[int | None, float | None, float]:
    """(days to adapt, time of the first adapted DLMO, summed |error| over the stay)."""
    end = min(t.end_h, r.end_h)
    ds = [d for d in r.dlmo_h if t.arrive_h <= d < end]
    errs = [s.error(d, t.zone) for d in ds]
    days = days_to_adapt(errs)
    return days, (None if days is None else ds[days]), float(sum(abs(e) for e in errs))


def local_misalignment(s: Setup, r: Run, from_h: float) -> float:
    """Summed |DLMO error| [h] against local time wherever the person is, from ``from_h``."""
    return float(sum(abs(s.error(d, s.j.zone_at(d))) for d in r.dlmo_h if d >= from_h))


def score(s: Setup, r: Run, t: Target) -> tuple[float, float]:
    """(days to adapt, 1e6 when never; misalignment): lower is better."""
    days, _, mis = adapt(s, r, t)
    return (float(days) if days is not None else 1e6, mis)
