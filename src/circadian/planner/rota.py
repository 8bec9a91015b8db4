"""Shift-work plans: a strategy per block of shifts, sleep, light, dark and melatonin around it.

:func:`plan_rota` turns a :class:`~circadian.rota.Rota` and a :class:`~circadian.person.Person`
into a :class:`~circadian.plan.Plan` (``kind="rota"``). Each block of shifts (see
:func:`circadian.rota.classify_blocks`) gets a strategy chosen from the evidence
(:func:`block_strategy`); the plan is then checked on a circadian model (the person following
the plan against the same person sleeping ad lib) and on the Three Process Model of alertness.

Strategies (sources: Smith & Eastman 2008; Crowley et al. 2003; HSE HSG256; AASM 2007)
---------------------------------------------------------------------------------------
* **Run of nights (3 or more): compromise phase position.** Smith & Eastman 2008 (*Sleep*
  31:1639) and Smith, Fogg & Eastman 2009: bright-light pulses early in each night shift, dark
  glasses home, a fixed dark day sleep right after the commute (Crowley 2003: 08:30-15:30 after
  a 23:00-07:00 shift), late sleep on days off between nights (about 03:00-12:00 [M]) and an
  afternoon outdoor "light brake" (:mod:`.rota_light`). The target is partial re-entrainment
  (final DLMO about 04:30), not full adaptation, so that days off stay livable; Santhi et al.
  2008 found partial realignment plus a well-timed sleep better than a large delay.
* **Isolated nights (1-2): stay day-oriented.** Too few nights for the clock to follow;
  shifting it only to shift it back doubles the misalignment (Folkard 2008 [M]; HSE HSG256).
  Keep the usual night sleep before the first night as an anchor, nap before it (planned naps
  before night work: AASM practice parameters, Morgenthaler et al. 2007 "Standard" [M grade]),
  a day sleep between the nights, a short recovery sleep after the last, then a normal night.
* **Early starts: advance.** Bed earlier (at most 2 h: the evening wake-maintenance zone), dim
  light before it (NIOSH), bright light in the morning only once the predicted CBTmin has
  passed (Khalsa et al. 2003: light before CBTmin delays).
* **Day shifts: habitual sleep**, woken in time for the commute.
* **Evening (late) shifts: later sleep**, unless an early or day shift follows the next morning
  (then sleep as soon as possible; a quick return under 11 h is named, HSE HSG256).

Melatonin (AASM 2007: before day sleep after night shifts = "Guideline" [M grade]; Crowley 2003
gave it before day sleep) only before the day sleeps *between* nights of a run, ~30 min before
lying down, at home (never before driving), when wanted and
:func:`circadian.melatonin_safety.check` allows it. In the morning it also falls on the delay
side of the melatonin PRC (Burgess et al. 2008: delay peak ~11 h after DLMO); after the last
night it would delay the clock the wrong way.

Checks: the phase with and without the plan (``Plan.phase``; both runs start
:data:`SIM_MARGIN_H` before the plan's first local day and end that long after its last); work in
the biological night (:func:`misalignment_hours`); ``Summary.days_to_adapt``: nights of the
longest run until the predicted CBTmin first falls after the shift ends (None without a run of
nights); alertness on every shift (KSS >= 7 flagged); HSE guidance warnings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from circadian import melatonin_safety
from circadian.errors import CircadianError
from circadian.models import get_model
from circadian.models.base import Model
from circadian.person import Person
from circadian.places import Place, zone_location
from circadian.plan import Plan
from circadian.planner import rota_light, rota_plan
from circadian.planner.baseline import start_state
from circadian.planner.clock import at_local, local_date, to_hours
from circadian.planner.intervals import Interval
from circadian.planner.rota_gaps import plan_sleeps
from circadian.planner.rota_sleep import Sleep, SleepPlan
from circadian.planner.rules import MEL_BEFORE_DAY_SLEEP_H, MEL_EVENT_H
from circadian.planner.schedule import Item, simulate_items
from circadian.planner.scoring import BIO_NIGHT, night_work_hours
from circadian.rota import Block, Rota, Shift
from circadian.simulate import SimulationResult

__all__ = [
    "BIO_NIGHT", "WORK_LUX", "BlockStrategy", "RotaCheck", "block_strategy",
    "misalignment_hours", "plan_rota", "plan_rota_checked",
]  # fmt: skip

#: Work-place lighting at night (hospital wards, factories) [lux] (our choice in 300-500 lux).
WORK_LUX = 400.0
#: The model runs this long before local midnight of the plan's first day and after the end of
#: its last day [h], so the markers of every day shown are simulated.
SIM_MARGIN_H = 12.0

StrategyName = Literal[
    "compromise phase position", "stay day-oriented", "advance", "habitual sleep", "later sleep"
]
_STRATEGY: dict[str, tuple[StrategyName, Literal["advance", "delay", "none"]]] = {
    "run of nights": ("compromise phase position", "delay"),
    "isolated nights": ("stay day-oriented", "none"),
    "early starts": ("advance", "advance"),
    "days": ("habitual sleep", "none"),
    "evenings": ("later sleep", "none"),
}


@dataclass(frozen=True, slots=True)
class BlockStrategy:
    """The strategy for one block of shifts: a name, the direction it moves the clock, why."""

    block: Block
    name: StrategyName
    direction: Literal["advance", "delay", "none"]

    @property
    def why(self) -> str:
        from circadian.planner.wording import strategy_why

        return strategy_why(self.block.kind)


def block_strategy(block: Block) -> BlockStrategy:
    """The evidence-based strategy for one block (see the module docstring)."""
    name, direction = _STRATEGY[block.kind]
    return BlockStrategy(block, name, direction)


@dataclass(frozen=True, slots=True)
class RotaCheck:
    """Model checks behind a rota plan (for tests, reports and debugging).

    ``misalignment_by_block``: (block, hours with plan, hours without plan) per block.
    """

    with_plan: SimulationResult
    without_plan: SimulationResult
    strategies: tuple[BlockStrategy, ...]
    misalignment_by_block: tuple[tuple[Block, float, float], ...]
    days_to_adapt: float | None
    days_to_adapt_without_plan: float | None
    melatonin: melatonin_safety.SafetyVerdict | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def misalignment_hours(shifts: Sequence[Shift], cbtmins: Sequence[datetime]) -> list[float]:
    """Hours of each shift inside the predicted biological night [h]
    (:func:`circadian.planner.scoring.night_work_hours`)."""
    cb = [to_hours(c) for c in cbtmins]
    return [night_work_hours((to_hours(s.start), to_hours(s.end)), cb) for s in shifts]


@dataclass
class RotaSetup:
    """Everything fixed about a rota plan: the sleep planner, the model and its start."""

    rota: Rota
    person: Person
    model: Model
    sp: SleepPlan
    where: rota_light.RotaWhere
    sim_start: float
    sim_end: float
    y0: Any
    outside: list[Interval]
    located: bool  # the place was given (else the rota zone's principal location)
    start_note: float = 0.0  # measured DLMO off the model [h] (0: none)

    def shifts(self) -> list[Item]:
        """The shifts, lit at :data:`WORK_LUX` at night, labelled with their block's strategy."""
        return [Item("shift", a, b, self.rota.tz,
                     "shift_" + self.sp.block(i).kind.replace(" ", "_"),
                     WORK_LUX if self.sp.is_night(i) else None, label=s.label)
                for i, (s, a, b) in enumerate(zip(self.rota.shifts, self.sp.sa, self.sp.sb,
                                                  strict=True))]

    def margin_sleeps(self) -> list[Item]:
        return [Item("sleep", a, b, self.rota.tz, "margin", 0.0) for a, b in self.outside]


def _setup(rota: Rota, person: Person, model: Model, commute_min: float,
           location: Place | tuple[float, float] | None, tau_fixed: bool) -> RotaSetup:
    sp = SleepPlan(rota, person, commute_min)
    tz = rota.tz
    d0, d1 = local_date(sp.start, tz), local_date(sp.end, tz)
    sim_start = at_local(d0, 0.0, tz) - SIM_MARGIN_H
    sim_end = at_local(d1 + timedelta(days=1), 0.0, tz) + SIM_MARGIN_H
    st = start_state(model, tz, sim_start, person.sleep_start, person.sleep_end, person.dlmo,
                     tau_fixed)
    outside = sp.outside_sleeps(sim_start, sim_end, (sp.hs, sp.he))
    pos = ((location.lat_deg, location.lon_deg) if isinstance(location, Place)
           else location if location is not None else zone_location(tz))
    return RotaSetup(rota, person, st.model, sp, rota_light.RotaWhere(tz, pos), sim_start,
                     sim_end, st.y0, outside, location is not None, st.off_model_h)


def _light(s: RotaSetup, sleeps: list[Sleep]) -> tuple[list[Item], int]:
    """The light and dark advice, placed from a first run with every candidate pulse."""
    lb = s.person.light_box
    pulses = rota_light.candidate_pulses(s.sp, lb)
    first = [*pulses, *rota_light.dark_commutes(s.sp, sleeps, None, s.where)]
    r1 = simulate_items(s.model, [*s.shifts(), *_sleep_items(s, sleeps), *s.margin_sleeps(),
                                  *first], s.sim_start, s.sim_end, s.y0, record=False)
    cbt = [to_hours(c) for c in r1.cbtmin]
    kept, dropped = rota_light.pulses_before_cbtmin(s.sp, pulses, cbt)
    advice = kept + rota_light.dark_commutes(s.sp, sleeps, cbt, s.where)
    advice += rota_light.light_after_day_sleep(s.sp, sleeps, cbt, s.where, lb)
    advice += rota_light.early_start_light(s.sp, sleeps, cbt, s.where, lb)
    return advice, dropped


def _sleep_items(s: RotaSetup, sleeps: Sequence[Sleep]) -> list[Item]:
    return [Item(x.kind, x.a, x.b, s.rota.tz, x.reason, 0.0,
                 numbers=tuple(x.numbers.items())) for x in sleeps]


def _melatonin(s: RotaSetup, sleeps: list[Sleep]) -> tuple[list[Item], list[str],
                                                            melatonin_safety.SafetyVerdict | None]:
    """Doses before the day sleeps between nights of a run, when wanted and allowed, with the
    message codes that explain them (or their absence)."""
    mel = [x for x in sleeps if x.melatonin_ok]
    p = s.person
    if not mel:
        return [], (["mel_not_for_this_rota"] if p.melatonin and any(
            s.sp.is_night(i) for i in range(len(s.sp.sa))) else []), None
    if not p.melatonin:
        return [], ["mel_user_declined"], None
    v = melatonin_safety.check(p.melatonin_dose_mg, p.medications, p.conditions, p.age,
                               purpose="shift work", opt_in=p.opt_in_melatonin)
    if not v.melatonin_allowed:
        return [], ["mel_not_allowed"], v
    dose = v.recommended_dose_mg
    out = []
    for x in mel:
        t = x.a - MEL_BEFORE_DAY_SLEEP_H
        if x.after_night is not None:
            t = max(t, s.sp.sb[x.after_night] + s.sp.c)  # at home, never before driving
        out.append(Item("melatonin", t, t + MEL_EVENT_H, s.rota.tz, "rota_mel_before_day_sleep",
                        dose_mg=dose))
    return out, ["mel_planned"], v


def plan_rota(
    rota: Rota,
    person: Person,
    model_name: str = "forger99",
    params: dict[str, float] | None = None,
    commute_min: float = 0,
    location: Place | tuple[float, float] | None = None,
) -> Plan:
    """Plan sleep, light, dark, melatonin and caffeine around ``rota`` for ``person``.

    ``model_name``/``params``: the circadian model (:func:`circadian.models.get_model`).
    ``commute_min``: one-way commute [min], before and after every shift (sleep never overlaps
    it). ``location``: a :class:`~circadian.places.Place` or ``(lat, lon)`` of where the person
    lives and works, for real daylight (default: the principal location of the rota's zone).
    The person's usual sleep times are read as wall-clock times in ``rota.tz``.
    """
    return plan_rota_checked(rota, person, model_name, params, commute_min, location)[0]


def plan_rota_checked(
    rota: Rota,
    person: Person,
    model_name: str = "forger99",
    params: dict[str, float] | None = None,
    commute_min: float = 0,
    location: Place | tuple[float, float] | None = None,
) -> tuple[Plan, RotaCheck]:
    """:func:`plan_rota` plus the :class:`RotaCheck` (simulations, misalignment per block)."""
    if not isinstance(rota, Rota) or not rota.shifts:
        raise CircadianError("plan_rota needs a rota with at least one shift")
    if not (isinstance(commute_min, int | float) and math.isfinite(commute_min)
            and 0 <= commute_min <= 240):
        raise CircadianError(f"commute must be 0-240 minutes, got {commute_min!r}", "commute_min")
    params = dict(params or {})
    s = _setup(rota, person, get_model(model_name, **params), float(commute_min), location,
               "tau" in params)
    sleeps = plan_sleeps(s.sp)
    advice, dropped = _light(s, sleeps)
    doses, mel_codes, verdict = _melatonin(s, sleeps)
    fixed = [*s.shifts(), *_sleep_items(s, sleeps), *s.margin_sleeps()]
    res = simulate_items(s.model, [*fixed, *advice, *doses], s.sim_start, s.sim_end, s.y0)
    base_sleeps = [Item("sleep", a, b, rota.tz, "ad_lib", 0.0) for a, b in s.sp.ad_lib_sleeps()]
    base = simulate_items(s.model, [*s.shifts(), *base_sleeps, *s.margin_sleeps()],
                          s.sim_start, s.sim_end, s.y0)
    strategies = tuple(block_strategy(b) for b in s.sp.blocks)
    plan, by_block, dta, dta0 = rota_plan.assemble(
        s, strategies, sleeps, advice, doses, dropped, mel_codes, verdict, res, base,
        float(commute_min))
    return plan, RotaCheck(res, base, strategies, by_block, dta, dta0, verdict)
