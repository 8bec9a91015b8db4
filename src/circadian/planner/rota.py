"""Shift-work planner: sleep, light, dark, melatonin and caffeine advice for a work rota.

:func:`plan_rota` turns a :class:`~circadian.rota.Rota` and a :class:`~circadian.person.Person`
into a :class:`~circadian.plan.Plan` (``kind="rota"``). Each block of shifts (see
:func:`circadian.rota.classify_blocks`) gets a strategy chosen from the evidence
(:func:`block_strategy`); the plan is then checked on a circadian model (the person following the
plan against the same person sleeping ad lib) and on the Three Process Model of alertness.

Strategies (sources: /work/shared/science.md §2, §4)
------------------------------------------------------
* **Run of nights (3 or more): compromise phase position.** Smith & Eastman 2008 (*Sleep*
  31:1639) and Smith, Fogg & Eastman 2009: five 15-min bright-light pulses per night shift (here
  spread over the *first half* of the shift, and never after the model's predicted CBTmin, where
  light would advance instead of delay: Khalsa et al. 2003 PRC), dark sunglasses on the way home
  (Crowley et al. 2003: 2-15 % transmission), a fixed dark day-sleep window right after the
  commute (Crowley 2003: 08:30-15:30 after a 23:00-07:00 shift), late sleep on days off between
  nights (Smith & Eastman: about 03:00-12:00 [M]) and an afternoon outdoor "light brake" after
  waking, which falls after CBTmin and stops the clock delaying too far. The target is partial
  re-entrainment (final DLMO about 04:30 in Smith & Eastman against a target of about 03:00),
  not full adaptation, so that days off stay livable. Santhi et al. 2008 found partial
  realignment plus a well-timed sleep better than a large delay for night-time attention.
* **Isolated nights (1-2): stay day-oriented.** Too few nights for the clock to follow; shifting
  it only to shift it back doubles the misalignment (Folkard 2008, *Chronobiol Int* 25:215 [M];
  HSE HSG256: rotate quickly or slowly). Keep the usual night sleep before the first night as an
  anchor, take a nap before the first night (planned naps before night work: AASM practice
  parameters, Morgenthaler et al. 2007 "Standard" [M grade]), a day sleep between the nights,
  a short recovery sleep after the last night and a normal night's sleep after it.
* **Early starts: advance.** Go to bed earlier (at most 2 h before the habitual bedtime: the
  evening "wake maintenance zone" makes earlier sleep hard), keep the 2 h before bed dim
  (NIOSH, *Training for nurses on shift work*, module 8) and seek bright light in the morning
  only once the model's predicted CBTmin has passed: light before CBTmin delays the clock
  (Khalsa et al. 2003), and for a 05:00 start waking light often falls before it.
* **Day shifts: habitual sleep**, woken in time for the commute (bedtime at most 1 h earlier).
* **Evening (late) shifts: later sleep**: bed no earlier than 1 h after getting home, and a
  correspondingly later wake. When an early or day shift follows the next morning there is no
  room for that: sleep as soon as possible after getting home and wake in time for it; the note
  names a quick return (under 11 h between shifts, HSE HSG256) where there is one.

Melatonin (AASM 2007 practice parameters: melatonin before day sleep after night shifts =
"Guideline", Sack et al. 2007 review [M grade]; Crowley 2003 gave it before day sleep) is planned
only before the day sleeps *between* consecutive nights of a run of nights, ~30 min before lying
down and after the commute (never before driving), when the person wants it and
:func:`circadian.melatonin_safety.check` allows it; its dose comes from that check (0.5 mg by
default). Taken in the morning it also falls on the delay side of the melatonin PRC (Burgess et
al. 2008: delay peak ~11 h after DLMO), helping the compromise delay; after the last night (and
for isolated nights) it would delay the clock the wrong way, so it is left out.

Sleep rules common to all blocks: no sleep within the commute before or after a shift; wake
:data:`PREP_H` before leaving; after a late finish, bed no earlier than
:data:`EVENING_WIND_DOWN_H` after getting home (full-length sleep, later wake); the fixed
day-sleep window of a run of nights follows its usual finish, and on a night that ends more than
:data:`FIXED_WAIT_MAX_H` earlier, day sleep starts on getting home. As a safety net every shift
gets a sleep (or a nap) ending at most :data:`MAX_AWAKE_BEFORE_SHIFT_H` before it whenever the
gap allows; anything the rota makes impossible is reported as a "Plan check" warning.

Caffeine: a cut-off :data:`CAFFEINE_CUTOFF_H` before each main sleep (Drake et al. 2013,
*J Clin Sleep Med* 9:1195: 400 mg caffeine even 6 h before bed cut total sleep by more than 1 h).

Checks
------
* Phase: the model is run with the person following the plan (light from the events: bright
  windows :data:`BRIGHT_LUX`, avoid-light :data:`AVOID_LUX`, sleep 0 lux, work
  :data:`WORK_LUX`, otherwise :data:`~circadian.light.HABITUAL_WAKE_LUX`) and without it
  (ad lib: sleep straight after a night shift for up to 8 h or until 2 h before the next shift,
  habitual sleep otherwise, ordinary light). ``Plan.phase`` carries both DLMOs per local date.
  Both runs start :data:`SIM_MARGIN_H` before the plan's first local day (entrained, on the
  sleep the model is entrained to) and end that long after its last (habitual sleep), so every
  day shown has its markers; a day in between lacks one only when the clock moves that marker
  across midnight.
* Misalignment (:func:`misalignment_hours`): hours of work inside the predicted *biological
  night*, taken as CBTmin - 7 h to CBTmin + 3 h, i.e. from DLMO (CBTmin = DLMO + 7 h, Crowley
  2003) to about melatonin offset (offset ~ DLMO + 10 h; Hannay et al. 2019 / hcrsimpy). Reported
  in ``Summary.misalignment_h`` / ``misalignment_h_without_plan`` (all shifts) and per block.
* ``Summary.days_to_adapt``: for rotas a full adaptation is not the goal, so it means the number
  of night shifts in the longest run of nights until the predicted CBTmin first falls after the
  end of the shift (the body-clock low point moved out of work into day sleep); ``None`` when the
  rota has no run of nights or it never happens within the run. ``direction`` is the direction
  of the dominant deliberate shift: "delay" for runs of nights, "advance" for early starts
  (whichever covers more shifts), else "none".
* Alertness: :func:`circadian.alertness.shift_alertness` on the planned sleeps with process C
  phased from the model's predicted CBTmin; shifts with predicted KSS >= 7 are flagged and warned
  about. The rota's HSE guidance warnings are included.

Everything is in aware UTC with ``tz = rota.tz``; wall-clock targets (e.g. "day sleep from
08:30") are converted per date, so a plan across a DST change stays on the local clock while
shift lengths stay real (an 8 h 23:00-07:00 night across the spring change lasts 7 h).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import numpy as np

from circadian import melatonin_safety
from circadian.alertness import (
    KSS_SLEEPY,
    alertness_series,
    cbtmin_phase,
    shift_alertness,
)
from circadian.errors import CircadianError
from circadian.light import HABITUAL_WAKE_LUX, LightSchedule
from circadian.models import get_model
from circadian.models.base import Model
from circadian.person import chronotype_note
from circadian.plan import NOT_MEDICAL_ADVICE, Event, PhaseDay, Plan, Summary
from circadian.planner.trip import CAFFEINE_CUTOFF_H as TRIP_CAFFEINE_CUTOFF_H
from circadian.rota import (
    MIN_REST_H,
    Block,
    Rota,
    Shift,
    classify_blocks,
    classify_shift,
    guidance_warnings,
)
from circadian.simulate import Dose, SimulationResult, entrained_to_sleep, simulate
from circadian.tz import localize

if TYPE_CHECKING:
    from circadian.person import Person
    from circadian.places import Place

__all__ = [
    "AVOID_LUX", "BRIGHT_LUX", "BRAKE_LUX", "CAFFEINE_CUTOFF_H", "WORK_LUX", "BlockStrategy",
    "RotaCheck", "block_strategy", "misalignment_hours", "plan_rota", "plan_rota_checked",
    "validate_rota_plan",
]  # fmt: skip

# --------------------------------------------------------------------------------------------
# Constants (sources in the module docstring; "our choice" where no source fixes the number)
# --------------------------------------------------------------------------------------------

#: Bright light for the light windows and pulses [lux]: ~5,000 lux light boxes (Crowley 2003;
#: Crowley & Eastman 2015).
BRIGHT_LUX = 5000.0
#: Outdoor afternoon light brake when the place is unknown [lux] (our conservative choice for an
#: overcast afternoon; outdoor light is normally far brighter).
BRAKE_LUX = 3000.0
#: Behind dark sunglasses on the way home / in a dim room [lux] (Crowley 2003: 2-15 %
#: transmission; our round number in the 10-50 lux range).
AVOID_LUX = 30.0
#: Work-place lighting at night (hospital wards, factories) [lux] (our choice in 300-500 lux).
WORK_LUX = 400.0
#: Pulses per night shift and their length (Smith & Eastman 2008: five 15-min pulses).
PULSES = 5
PULSE_H = 0.25
#: Longest gap from one pulse start to the next [h] (our choice: about hourly).
PULSE_STEP_MAX_H = 1.0
#: Light windows: the light brake / daylight after day sleep, morning light for early starts [h].
LIGHT_WINDOW_H = 1.0
#: From leaving work (after the commute) to lying down [h]; with a 30-min commute this gives
#: Crowley 2003's 08:30 sleep after a 07:00 finish once the 1 h commute-plus-wind-down is added.
WIND_DOWN_H = 0.5
#: From waking to leaving for work [h]: sleep inertia has mostly faded after ~1 h (TPM W term:
#: -5.72 e^{-1.51 t}, FIPS/Ingre 2014).
PREP_H = 1.0
#: Nap before a night shift [h] (about one sleep cycle; our choice), ending PREP_H before leaving.
NAP_H = 1.5
#: Short recovery sleep after the last night of a block [h] (our choice: short enough to sleep
#: that night; HSE HSG256 asks for two full nights' sleep before day work).
RECOVERY_H = 4.0
#: Bedtime may move at most this much earlier than habitual before an early start / a day shift
#: [h] (our choice; the evening wake-maintenance zone makes earlier sleep hard).
EARLY_BED_MAX_H = 2.0
DAY_BED_MAX_H = 1.0
#: After an evening shift, bed no earlier than this after getting home [h] (our choice).
EVENING_WIND_DOWN_H = 1.0
#: Days-off late sleep starts this long before the run's day-sleep start [h]: 08:30 -> 03:30,
#: close to Smith & Eastman's 03:00-12:00 and overlapping the day-sleep window (anchor sleep,
#: Minors & Waterhouse 1981).
LATE_SLEEP_LEAD_H = 5.0
#: Days off between two night blocks keep the late sleep when the next nights start within this
#: many days of the last night (our choice; Smith & Eastman's rota had 2-day weekends).
KEEP_LATE_OFF_DAYS = 4
#: Longest wait for the fixed day-sleep window after an earlier-than-usual finish [h] (ours).
FIXED_WAIT_MAX_H = 1.5
#: Caffeine cut-off before a main sleep [h]: the trip planner's value (one rule for both).
#: Drake et al. 2013: 400 mg even 6 h before bed cut sleep by over 1 h, so 6 h is too short.
CAFFEINE_CUTOFF_H = TRIP_CAFFEINE_CUTOFF_H
#: Melatonin before day sleep [h] (Crowley 2003; immediate release Tmax ~50 min, Harpsøe 2015).
MELATONIN_LEAD_H = 0.5
#: Longest time awake before a shift starts [h]: every shift needs a sleep or nap ending within it.
MAX_AWAKE_BEFORE_SHIFT_H = 16.0
#: Biological night relative to CBTmin [h]: DLMO (CBTmin - 7 h) to melatonin offset (DLMO + 10 h).
BIO_NIGHT = (-7.0, 3.0)
#: Shortest sleep kept in the plan [h]; shorter than 3 h is called a nap.
MIN_SLEEP_H = 1.0
MAIN_SLEEP_MIN_H = 3.0
#: Plan horizon around the rota [days].
DAYS_BEFORE, DAYS_AFTER = 1, 2
#: The model runs this long before local midnight of the plan's first day and after the end of
#: its last day [h] (sleeping as it was entrained before, habitually after), so the markers of
#: every day shown (a CBTmin in the small hours of the first day, a DLMO late on the last, and
#: for ``forger99``/``jewett99`` a DLMO derived from the CBTmin 7 h after it) are simulated.
SIM_MARGIN_H = 12.0

StrategyName = Literal[
    "compromise phase position", "stay day-oriented", "advance", "habitual sleep", "later sleep"
]
Role = Literal[
    "habitual", "anchor", "early", "day", "evening", "pre-nights late", "day sleep",
    "isolated day sleep", "recovery", "hold recovery", "days-off late", "nap",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class BlockStrategy:
    """The strategy for one block of shifts: a name, the direction it moves the clock, why."""

    block: Block
    name: StrategyName
    direction: Literal["advance", "delay", "none"]
    why: str


_STRATEGY: dict[str, tuple[StrategyName, Literal["advance", "delay", "none"], str]] = {
    "run of nights": (
        "compromise phase position", "delay",
        "3+ nights: partly delay the clock so its low point moves into day sleep (Smith & "
        "Eastman 2008): bright-light pulses early in each shift, dark glasses home, a fixed "
        "dark day sleep, late sleep on days off between nights, afternoon light brake",
    ),
    "isolated nights": (
        "stay day-oriented", "none",
        "1-2 nights are too few for the clock to follow: don't adapt; keep the usual night "
        "sleep as an anchor, nap before the first night, short recovery sleep after the last, "
        "then a normal night's sleep (HSE HSG256; Folkard 2008)",
    ),
    "early starts": (
        "advance", "advance",
        "early starts: go to bed earlier (at most 2 h), dim light in the 2 h before bed, bright "
        "light in the morning only after the model's body-clock low point (CBTmin), since light "
        "before it delays (Khalsa 2003)",
    ),
    "days": (
        "habitual sleep", "none",
        "day shifts: keep your usual sleep, waking in time for the commute",
    ),
    "evenings": (
        "later sleep", "none",
        "evening shifts: go to bed a little later (no earlier than 1 h after getting home) and "
        "wake later",
    ),
}


def block_strategy(block: Block) -> BlockStrategy:
    """The evidence-based strategy for one block (see the module docstring)."""
    name, direction, why = _STRATEGY[block.kind]
    return BlockStrategy(block, name, direction, why)


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


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _h(td: timedelta) -> float:
    return td.total_seconds() / 3600.0


def _hours(x: float) -> timedelta:
    return timedelta(hours=x)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class _Clock:
    """Wall-clock <-> UTC in the rota's zone (gaps shift forward, folds take the first)."""

    def __init__(self, tz: str) -> None:
        self.tz = tz
        self.zone = ZoneInfo(tz)

    def at(self, d: date, minutes: float) -> datetime:
        """Local ``d`` 00:00 plus ``minutes`` of wall-clock time, as aware UTC."""
        extra_days, mins = divmod(int(round(minutes)), 1440)
        naive = datetime.combine(d + timedelta(days=extra_days), time(mins // 60, mins % 60))
        return localize(naive, self.zone, on_gap="shift_forward", on_fold="earlier").astimezone(
            UTC
        )

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.zone)

    def minutes_of_day(self, dt: datetime) -> int:
        loc = self.local(dt)
        return loc.hour * 60 + loc.minute


@dataclass(slots=True)
class _Sleep:
    start: datetime
    end: datetime
    role: Role
    note: str
    after_night: Shift | None = None  # the night shift this day sleep follows
    melatonin_ok: bool = False  # a day sleep between consecutive nights of a run

    @property
    def kind(self) -> Literal["sleep", "nap"]:
        if self.role == "nap" or _h(self.end - self.start) < MAIN_SLEEP_MIN_H:
            return "nap"
        return "sleep"


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def _nearest(times: Sequence[datetime], when: datetime, within_h: float = 12.0) -> datetime | None:
    best: datetime | None = None
    for t in times:
        d = abs(_h(t - when))
        if d <= within_h and (best is None or d < abs(_h(best - when))):
            best = t
    return best


# --------------------------------------------------------------------------------------------
# Sleep planning
# --------------------------------------------------------------------------------------------


class _Planner:
    def __init__(self, rota: Rota, person: Any, commute_min: float) -> None:
        self.rota = rota
        self.person = person
        self.clock = _Clock(rota.tz)
        self.c = _hours(commute_min / 60.0)
        self.blocks = classify_blocks(rota)
        self.block_of: dict[int, Block] = {}
        for b in self.blocks:
            for s in b.shifts:
                self.block_of[id(s)] = b
        self.kind_of = {id(s): classify_shift(s) for s in rota.shifts}
        self.hs = _minutes(person.sleep_start)
        self.he = _minutes(person.sleep_end)
        self.D = float(person.sleep_duration_h)
        first, last = rota.shifts[0], rota.shifts[-1]
        # From local noon at least a day and a half before the first shift (a full habitual
        # night before it, whatever its start) to local noon DAYS_AFTER days after the last.
        d0 = self.clock.local(first.start - self.c - _hours(12 + 24 * DAYS_BEFORE)).date()
        d1 = self.clock.local(last.end).date() + timedelta(days=DAYS_AFTER)
        self.start = self.clock.at(d0, 12 * 60)
        self.end = max(self.clock.at(d1, 12 * 60), last.end + self.c + _hours(24))
        # Fixed day-sleep start of each run of nights (minutes after local midnight).
        self.day_sleep_start: dict[int, int] = {}
        wind = self.c + _hours(WIND_DOWN_H)
        for b in self.blocks:
            if b.kind == "run of nights":
                # The usual finish (most common; the latest on a tie) sets the fixed window.
                mins = [self.clock.minutes_of_day(s.end + wind) for s in b.shifts]
                self.day_sleep_start[id(b)] = max(mins, key=lambda m: (mins.count(m), m))

    # -- small predicates ---------------------------------------------------------------------
    def is_night(self, s: Shift | None) -> bool:
        return s is not None and self.kind_of[id(s)] == "night"

    def block(self, s: Shift) -> Block:
        return self.block_of[id(s)]

    def is_run(self, s: Shift | None) -> bool:
        return s is not None and self.block(s).kind == "run of nights"

    def habitual(
        self, d: date, hs: int | None = None, he: int | None = None
    ) -> tuple[datetime, datetime]:
        """Habitual sleep of the night starting on the evening of local date ``d``
        (``hs``/``he``: other bed and wake times, minutes after midnight)."""
        hs = self.hs if hs is None else hs
        he = self.he if he is None else he
        start_day = d if hs >= 12 * 60 else d + timedelta(days=1)
        s = self.clock.at(start_day, hs)
        end_day = start_day if he > hs else start_day + timedelta(days=1)
        e = self.clock.at(end_day, he)
        return s, e

    def outside_sleeps(
        self, sim_start: datetime, sim_end: datetime, before: tuple[time, time]
    ) -> list[tuple[datetime, datetime]]:
        """Sleep in the simulation margins outside the plan horizon: ``before`` (bed, wake: the
        times the model is entrained to) up to :attr:`start`, habitual sleep after :attr:`end`."""
        out = []
        spans = ((sim_start, self.start, _minutes(before[0]), _minutes(before[1])),
                 (self.end, sim_end, self.hs, self.he))
        for a, b, hs, he in spans:
            d = self.clock.local(a).date() - timedelta(days=1)
            while d <= self.clock.local(b).date():
                s, e = self.habitual(d, hs, he)
                s, e = max(s, a), min(e, b)
                if e > s:
                    out.append((s, e))
                d += timedelta(days=1)
        return out

    def late(self, d: date, run: Block) -> tuple[datetime, datetime]:
        """Days-off late sleep of the night of local date ``d`` (compromise position)."""
        start_min = self.day_sleep_start[id(run)] - LATE_SLEEP_LEAD_H * 60
        s = self.clock.at(d + timedelta(days=1), start_min)
        return s, s + _hours(self.D)

    # -- the plan -------------------------------------------------------------------------------
    def sleeps(self) -> list[_Sleep]:
        shifts = self.rota.shifts
        out: list[_Sleep] = []
        for i in range(len(shifts) + 1):
            prev = shifts[i - 1] if i > 0 else None
            nxt = shifts[i] if i < len(shifts) else None
            out.extend(self._gap(prev, nxt))
        return out

    def _gap(self, prev: Shift | None, nxt: Shift | None) -> list[_Sleep]:
        """Sleeps between two shifts, then a safety net: every shift gets a sleep or nap ending
        within MAX_AWAKE_BEFORE_SHIFT_H before it when the gap allows one."""
        out = self._gap_core(prev, nxt)
        if nxt is None:
            return out
        a = prev.end + self.c if prev else self.start
        earliest = a + _hours(WIND_DOWN_H) if prev else a
        latest = nxt.start - self.c - _hours(PREP_H)
        if not out:
            s, e = earliest, min(earliest + _hours(self.D), latest)
            if _h(e - s) >= MIN_SLEEP_H:
                out.append(_Sleep(s, e, "habitual",
                                  "Sleep as soon as you are home: the gap before the next shift "
                                  "leaves no other time for it"))
            return out
        last_end = max(x.end for x in out)
        if _h(nxt.start - last_end) > MAX_AWAKE_BEFORE_SHIFT_H:
            e = latest
            s = max(e - _hours(NAP_H), last_end + _hours(2.0))
            if _h(e - s) >= MIN_SLEEP_H:
                out.append(_Sleep(s, e, "nap",
                                  f"Nap before the shift: you would otherwise be awake over "
                                  f"{MAX_AWAKE_BEFORE_SHIFT_H:g} h by its start"))
        return out

    def _gap_core(self, prev: Shift | None, nxt: Shift | None) -> list[_Sleep]:
        a = prev.end + self.c if prev else self.start
        b = nxt.start - self.c if nxt else self.end
        earliest = a + _hours(WIND_DOWN_H) if prev else a
        latest = b - _hours(PREP_H) if nxt else b
        out: list[_Sleep] = []
        cursor = earliest
        same_block = prev is not None and nxt is not None and self.block(prev) is self.block(nxt)
        # Compromise position held over days off between night blocks.
        hold_late: Block | None = None
        if self.is_run(prev) and self.is_night(nxt):
            assert prev is not None and nxt is not None
            off = (self.clock.local(nxt.start).date() - self.clock.local(prev.end).date()).days
            if off <= KEEP_LATE_OFF_DAYS:
                hold_late = self.block(prev)

        if self.is_night(prev):
            assert prev is not None
            blk = self.block(prev)
            if same_block:
                if blk.kind == "run of nights":
                    fixed = self.clock.at(
                        self.clock.local(prev.end).date(), self.day_sleep_start[id(blk)]
                    )
                    # Same time every day, unless that means waiting up over FIXED_WAIT_MAX_H
                    # after an early finish (then sleep as soon as you are home).
                    s = fixed if earliest <= fixed <= earliest + _hours(FIXED_WAIT_MAX_H) else (
                        earliest
                    )
                    role: Role = "day sleep"
                    note = (
                        "Day sleep in a dark, quiet room, at the same time after every night of "
                        "this run (compromise phase position, Smith & Eastman 2008)"
                    )
                else:
                    s, role = earliest, "isolated day sleep"
                    note = (
                        "Day sleep between two isolated nights: sleep soon after getting home "
                        "in a dark room"
                    )
                e = min(s + _hours(self.D), latest)
                mel = blk.kind == "run of nights"
            else:
                s, role = earliest, "recovery"
                e = min(s + _hours(RECOVERY_H), latest)
                if hold_late is not None:
                    role = "hold recovery"
                    note = (
                        "Short sleep after the last night; then late sleep on the days off to "
                        "hold the compromise phase position until the next nights"
                    )
                else:
                    note = (
                        f"Short recovery sleep (about {RECOVERY_H:g} h) after the last night so "
                        "you can sleep normally tonight"
                    )
                mel = False
            if _h(e - s) >= MIN_SLEEP_H:
                out.append(_Sleep(s, e, role, note, after_night=prev, melatonin_ok=mel))
                cursor = e + _hours(PREP_H)
            if same_block:
                return out + self._naps(out, cursor, latest, prev, nxt)

        # Night-time sleeps in the gap, one per local date.
        d_first = self.clock.local(a).date() - timedelta(days=1)
        d_last = self.clock.local(b).date()
        d = d_first
        while d <= d_last:
            s0, e0 = self.habitual(d)
            s, e = s0, e0
            nxt_day = self.habitual(d + timedelta(days=1))[0]
            is_last = nxt is not None and nxt_day >= latest
            role = "habitual"
            note = "Usual night sleep"
            home_late = False
            if hold_late is not None:
                s, e = self.late(d, hold_late)
                role = "days-off late"
                note = (
                    "Late sleep on a day off between nights (compromise phase position): keeps "
                    "the body clock part-way adapted; dark room"
                )
            elif prev is not None and e0 > a and (
                _h(s0 - a) < EVENING_WIND_DOWN_H
                or (self.kind_of[id(prev)] == "evening" and _h(s0 - a) < 12.0)
            ):
                # Home late (evening shifts, or any shift ending near or after bedtime): bed no
                # earlier than EVENING_WIND_DOWN_H after getting home, full length, later wake.
                home_late = True
                s = max(s0, a + _hours(EVENING_WIND_DOWN_H))
                e = s + _hours(self.D)
                if self.kind_of[id(prev)] == "evening":
                    role, note = "evening", "Later sleep after an evening shift"
                else:
                    note = "Night sleep, later than usual because the shift ends late"
            if is_last and nxt is not None:
                k = self.kind_of[id(nxt)]
                first_of_block = self.block(nxt).shifts[0] is nxt
                if k in ("early", "day"):
                    cap = EARLY_BED_MAX_H if k == "early" else DAY_BED_MAX_H
                    if e > latest:
                        e = latest
                        s = max(min(s, e - _hours(self.D)), s0 - _hours(cap))
                    if k == "early":
                        role = "early"
                        note = (
                            "Earlier night before an early start: bedtime up to "
                            f"{EARLY_BED_MAX_H:g} h earlier, wake in time to get ready"
                        )
                    else:
                        role = "day" if role == "habitual" else role
                        note = note if role != "day" else "Usual night sleep before a day shift"
                elif k == "night" and first_of_block and hold_late is None:
                    if self.is_run(nxt):
                        s, e = self.late(d, self.block(nxt))
                        role = "pre-nights late"
                        note = (
                            "Go to bed late before the first night of a run: starts the "
                            "delay towards the compromise phase position"
                        )
                    else:
                        role = "anchor"
                        note = (
                            "Keep your usual night sleep before isolated nights (anchor): "
                            "don't shift your body clock"
                        )
            s = max(s, cursor)
            e = min(e, latest)
            if home_late:
                assert prev is not None
                role, note = self._after_late_finish(prev, nxt if is_last else None, s, e, s0,
                                                     cursor, role, note)
            if _h(e - s) >= MIN_SLEEP_H and s < b and e > a:
                out.append(_Sleep(s, e, role, note))
                cursor = e + _hours(PREP_H)
            d += timedelta(days=1)
        return out + self._naps(out, cursor, latest, prev, nxt)

    def _after_late_finish(
        self,
        prev: Shift,
        nxt: Shift | None,
        s: datetime,
        e: datetime,
        s0: datetime,
        cursor: datetime,
        role: Role,
        note: str,
    ) -> tuple[Role, str]:
        """Role and note of the first night's sleep after a late finish, from the times it
        actually got: ``nxt`` is the next shift when it starts the morning after (else None),
        ``s0`` the habitual bedtime, ``cursor`` the earliest bedtime after getting home."""
        if role in ("anchor", "pre-nights late"):  # set for the nights that follow
            return role, note
        k = self.kind_of[id(nxt)] if nxt is not None else None
        if nxt is not None and k in ("early", "day"):
            # A morning start cuts the sleep short: bed as soon as possible after getting home;
            # the "later sleep" of the evening strategy does not fit.
            if s <= cursor and _h(e - s) < self.D - 1e-6:
                rest = _h(nxt.start - prev.end)
                start = "an early start" if k == "early" else "a morning shift"
                text = (
                    "Sleep as soon as you can after the late finish: the next shift is "
                    f"{start} at {self.clock.local(nxt.start):%H:%M}, so this sleep cannot be "
                    f"later or full length ({_h(e - s):.1f} h, usual {self.D:g} h); wake in "
                    "time to get ready"
                )
                if rest < MIN_REST_H:
                    text += (
                        f". Only {rest:.1f} h between the shifts: a quick return (HSE advises "
                        f"at least {MIN_REST_H:g} h); take extra care on the next shift and "
                        "on the road"
                    )
                return ("early" if k == "early" else "day"), text
            if k == "day" and s <= s0:
                return "day", "Usual night sleep before a day shift"
            return role, note
        if s <= s0:  # home in time for the usual bedtime: nothing is later
            return role, "Usual night sleep"
        return role, note

    def _naps(
        self,
        sleeps: list[_Sleep],
        cursor: datetime,
        latest: datetime,
        prev: Shift | None,
        nxt: Shift | None,
    ) -> list[_Sleep]:
        """A nap before the first night of each night block."""
        if nxt is None or not self.is_night(nxt) or self.block(nxt).shifts[0] is not nxt:
            return []
        e = latest
        s = e - _hours(NAP_H)
        last_end = max((x.end for x in sleeps), default=None)
        if last_end is not None and s < last_end + _hours(2.0):
            return []
        if s < cursor - _hours(PREP_H) or (prev is not None and s < prev.end + self.c):
            return []
        return [
            _Sleep(
                s,
                e,
                "nap",
                f"Nap before the first night ({NAP_H:g} h), ending {PREP_H:g} h before you "
                "leave so grogginess has passed (planned naps before night work: AASM 2007)",
            )
        ]

    # -- ad-lib baseline ------------------------------------------------------------------------
    def ad_lib_sleeps(self) -> list[tuple[datetime, datetime]]:
        """Sleep without the plan: straight after a night shift for up to 8 h (or until 2 h
        before the next shift), habitual nights otherwise, clipped around work and commutes."""
        shifts = self.rota.shifts
        out: list[tuple[datetime, datetime]] = []
        for i in range(len(shifts) + 1):
            prev = shifts[i - 1] if i > 0 else None
            nxt = shifts[i] if i < len(shifts) else None
            a = prev.end + self.c if prev else self.start
            b = nxt.start - self.c if nxt else self.end
            latest_night = b - _hours(2.0) if nxt else b
            cursor = a
            if self.is_night(prev):
                e = min(a + _hours(8.0), latest_night)
                if _h(e - a) >= MIN_SLEEP_H:
                    out.append((a, e))
                    cursor = e + _hours(2.0)
            d = self.clock.local(a).date() - timedelta(days=1)
            while d <= self.clock.local(b).date():
                s, e = self.habitual(d)
                s, e = max(s, cursor), min(e, b - _hours(PREP_H) if nxt else b)
                if _h(e - s) >= MIN_SLEEP_H:
                    out.append((s, e))
                    cursor = e + _hours(1.0)
                d += timedelta(days=1)
        return out


# --------------------------------------------------------------------------------------------
# Light
# --------------------------------------------------------------------------------------------


def _schedule(
    start: datetime,
    end: datetime,
    shifts: Iterable[Shift],
    sleeps: Iterable[tuple[datetime, datetime]],
    windows: Iterable[tuple[datetime, datetime, float]] = (),
) -> LightSchedule:
    """Background indoor light, work lighting on night shifts, windows laid over, sleep dark."""
    items: list[tuple[datetime, datetime, float]] = []
    for s in shifts:
        if classify_shift(s) == "night":
            items.append((s.start, s.end, WORK_LUX))
    items.extend(windows)
    items.extend((a, b, 0.0) for a, b in sleeps)
    return LightSchedule.from_intervals(items, start, end, HABITUAL_WAKE_LUX)


def _initial_sleep(model: Model, person: Any, tz: str, at: datetime) -> tuple[time, time]:
    """Bed and wake times the model starts entrained to at ``at``: habitual sleep in the rota
    zone, moved so the predicted DLMO matches a measured one when given."""
    habitual = (person.sleep_start, person.sleep_end)
    if person.dlmo is None:
        return habitual
    state = entrained_to_sleep(model, at, tz, *habitual)
    from circadian.light import daily_schedule

    sched = daily_schedule(at, 3, tz, person.sleep_start, person.sleep_end)
    res = simulate(model, sched, start=at, end=at + timedelta(days=3), initial=state)
    assert isinstance(res, SimulationResult)
    if not res.dlmo:
        return habitual
    z = ZoneInfo(tz)
    pred = res.dlmo[-1].astimezone(z)
    want = _minutes(person.dlmo)
    diff = ((want - (pred.hour * 60 + pred.minute) + 720) % 1440) - 720  # minutes, -12..12 h
    if abs(diff) < 10:
        return habitual

    def shifted(t: time) -> time:
        m = (_minutes(t) + diff) % 1440
        return time(m // 60, m % 60)

    return shifted(person.sleep_start), shifted(person.sleep_end)


# --------------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------------


def misalignment_hours(shifts: Sequence[Shift], cbtmins: Sequence[datetime]) -> list[float]:
    """Hours of each shift inside the predicted biological night [h].

    The biological night is CBTmin + :data:`BIO_NIGHT` (CBTmin - 7 h to CBTmin + 3 h: from DLMO,
    as CBTmin = DLMO + 7 h (Crowley 2003), to about melatonin offset, DLMO + 10 h), for every
    predicted CBTmin; work then is work against the body clock.
    """
    out = []
    for s in shifts:
        total = 0.0
        for m in cbtmins:
            a, b = m + _hours(BIO_NIGHT[0]), m + _hours(BIO_NIGHT[1])
            lo, hi = max(a, s.start), min(b, s.end)
            if hi > lo:
                total += _h(hi - lo)
        out.append(total)
    return out


def _days_to_adapt(run: Block | None, cbtmins: Sequence[datetime]) -> float | None:
    """Nights of ``run`` until the predicted CBTmin first falls after the shift's end."""
    if run is None:
        return None
    for k, s in enumerate(run.shifts, start=1):
        m = _nearest(cbtmins, s.start + (s.end - s.start) / 2, 14.0)
        if m is not None and m >= s.end:
            return float(k)
    return None


# --------------------------------------------------------------------------------------------
# The planner
# --------------------------------------------------------------------------------------------


def _source_bright(person: Any, location: Any, a: datetime, b: datetime, outdoor: bool) -> str:
    if location is not None and outdoor:
        from circadian.daylight import light_source

        return light_source(location, a, b)
    if getattr(person, "light_box", False):
        return "light box"
    return "bright light"


def _source_dark(location: Any, a: datetime, b: datetime) -> str:
    if location is not None:
        from circadian.daylight import avoid_light_aid

        return avoid_light_aid(location, a, b)
    return "dark glasses"


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
    lives and works; with it, light advice names daylight or a light box and dark advice dark
    glasses or a dim room from the sun's position; without it, "bright light" and "dark
    glasses". The person's usual sleep times are read as wall-clock times in ``rota.tz``.
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
    model = get_model(model_name, **(params or {}))
    tz = rota.tz
    P = _Planner(rota, person, float(commute_min))
    clock = P.clock
    warnings: list[str] = []
    notes: list[str] = [NOT_MEDICAL_ADVICE]
    if (note := chronotype_note(person)) is not None:
        warnings.append(note)
    if getattr(person, "home_tz", None) and person.home_tz != tz:
        warnings.append(
            f"Your usual sleep times are taken as {tz} wall-clock times (the rota's zone), not "
            f"{person.home_tz}."
        )

    strategies = tuple(block_strategy(b) for b in P.blocks)
    sleeps = P.sleeps()
    sleeps.sort(key=lambda x: x.start)
    sleep_pairs = [(x.start, x.end) for x in sleeps]
    # The model runs from before the plan's first day to after its last, on the sleep it is
    # entrained to before and habitual sleep after, so every day shown has its markers.
    d0, d1 = clock.local(P.start).date(), clock.local(P.end).date()
    sim_start = clock.at(d0, 0) - _hours(SIM_MARGIN_H)
    sim_end = clock.at(d1 + timedelta(days=1), 0) + _hours(SIM_MARGIN_H)
    entrained = _initial_sleep(model, person, tz, sim_start)
    y0 = entrained_to_sleep(model, sim_start, tz, *entrained)
    outside = P.outside_sleeps(sim_start, sim_end, entrained)

    # -- pass 1: sleeps, dark commutes and all candidate pulses -> predicted CBTmin ----------
    run_shifts = [s for s in rota.shifts if P.is_run(s)]
    pulses: dict[int, list[tuple[datetime, datetime]]] = {}
    for s in run_shifts:
        half = s.duration_h / 2.0
        step = min(PULSE_STEP_MAX_H, math.floor((half - 2 * PULSE_H) / (PULSES - 1) * 12) / 12)
        if step < PULSE_H:
            step = PULSE_H
        t0 = s.start + _hours(PULSE_H)
        pulses[id(s)] = [
            (t0 + _hours(k * step), t0 + _hours(k * step + PULSE_H)) for k in range(PULSES)
        ]
    day_sleep_after = {id(x.after_night): x for x in sleeps if x.after_night is not None}

    def dark_commutes(cbts: Sequence[datetime] | None) -> list[tuple[Shift, datetime, datetime]]:
        out = []
        for s in rota.shifts:
            if not P.is_night(s):
                continue
            sl = day_sleep_after.get(id(s))
            end = sl.start if sl is not None else s.end + P.c + _hours(WIND_DOWN_H)
            if P.is_run(s):
                out.append((s, s.end, end))
            elif cbts is not None:
                m = _nearest(cbts, s.end, 12.0)
                if m is not None and m > s.end:  # morning light would delay an unadapted clock
                    out.append((s, s.end, end))
        return out

    windows1 = [(a, b, AVOID_LUX) for _, a, b in dark_commutes(None)]
    windows1 += [(a, b, BRIGHT_LUX) for ps in pulses.values() for a, b in ps]
    res1 = simulate(model, _schedule(sim_start, sim_end, rota.shifts, sleep_pairs + outside,
                                     windows1),
                    start=sim_start, end=sim_end, initial=y0)
    assert isinstance(res1, SimulationResult)
    cbt1 = res1.cbtmin

    # -- events ---------------------------------------------------------------------------------
    events: list[Event] = []
    light_windows: list[tuple[datetime, datetime, float]] = []

    def free_of_sleep(a: datetime, b: datetime) -> tuple[datetime, datetime] | None:
        """Trim [a, b) so it does not overlap any planned sleep (keep the first free part)."""
        for x in sleeps:
            if _overlaps(a, b, x.start, x.end):
                if x.start > a:
                    b = x.start
                else:
                    a = x.end
        return (a, b) if b - a >= timedelta(minutes=10) else None

    # shifts
    strat_of = {id(st.block): st for st in strategies}
    for s in rota.shifts:
        st = strat_of[id(P.block(s))]
        events.append(Event("shift", s.start, s.end, tz,
                            note=f"{st.block.kind}: {st.name}", label=s.label))

    # light pulses in runs of nights (before the predicted CBTmin only)
    dropped = 0
    for s in run_shifts:
        m = _nearest(cbt1, s.start + (s.end - s.start) / 2, 14.0)
        for a, b in pulses[id(s)]:
            if m is not None and b > m:
                dropped += 1
                continue
            events.append(Event(
                "light", a, b, tz, source="light box" if person.light_box else "bright light",
                note="Bright-light pulse at work (15 min, ~5,000 lux light box or the brightest "
                "area) in the first half of the night, before the body-clock low point: delays "
                "the clock towards the compromise position (Smith & Eastman 2008)",
            ))
            light_windows.append((a, b, BRIGHT_LUX))
    if dropped:
        notes.append(
            f"{dropped} light pulse(s) left out because the model puts the body-clock low point "
            "(CBTmin) before them: light after CBTmin would advance the clock, not delay it."
        )

    # dark commutes home
    for s, a, b in dark_commutes(cbt1):
        src = _source_dark(location, a, b)
        why = ("keeps morning light, which advances the clock whenever it falls after your "
               "body-clock low point, from pulling the clock back" if P.is_run(s) else
               "the model puts your body-clock low point after this shift, so morning light "
               "would delay it")
        events.append(Event("avoid_light", a, b, tz, source=src,
                            note=f"Dark glasses on the way home and dim light until bed: {why} "
                            "(Crowley 2003; Smith & Eastman 2008). Take them off to drive if "
                            "they are too dark for safe driving."))
        light_windows.append((a, b, AVOID_LUX))

    # afternoon light after day sleeps / recovery sleep (advance side: after CBTmin)
    for x in sleeps:
        if x.after_night is None and x.role != "days-off late":
            continue
        a = x.end
        m = _nearest(cbt1, a, 14.0)
        if m is not None and a < m:
            a = m + _hours(0.5)
        nxt = next((s for s in rota.shifts if s.start > x.end), None)
        limit = nxt.start - P.c if nxt is not None else a + _hours(LIGHT_WINDOW_H)
        b = min(a + _hours(LIGHT_WINDOW_H), limit)
        span = free_of_sleep(a, b) if b > a else None
        if span is None:
            continue
        a, b = span
        if x.role in ("day sleep", "days-off late", "hold recovery"):
            note = ("Afternoon 'light brake': outdoor light after waking falls after the body-"
                    "clock low point and stops the clock delaying too far (Smith & Eastman "
                    "2008); outdoors if it is still daylight, else bright indoor light")
        elif x.role == "recovery":
            note = ("Bright light (outdoors if it is still daylight) after the recovery sleep, "
                    "after the body-clock low point: helps the clock back to day time")
        else:
            note = ("Bright light (outdoors if it is still daylight) after your day sleep, after "
                    "the body-clock low point: keeps the clock on day time between isolated "
                    "nights")
        lux = BRAKE_LUX
        events.append(Event("light", a, b, tz, note=note,
                            source=_source_bright(person, location, a, b, outdoor=True)))
        light_windows.append((a, b, lux))

    # early starts: dim evening before the earlier bedtime, morning light after CBTmin
    for x in sleeps:
        if x.role != "early":
            continue
        nxt = next((s for s in rota.shifts if s.start >= x.end), None)
        prev_end = max((s.end + P.c for s in rota.shifts if s.end <= x.start),
                       default=P.start)
        a, b = max(x.start - _hours(2.0), prev_end), x.start
        if b - a >= timedelta(minutes=30):
            span = free_of_sleep(a, b)
            if span is not None:
                # After a late finish the window starts on getting home, not 2 h before bed.
                if span[0] == prev_end > P.start:
                    when = "from getting home until bed"
                elif span[1] - span[0] >= _hours(2.0):
                    when = "for 2 h before bed"
                else:
                    when = f"from {clock.local(span[0]):%H:%M} until bed"
                events.append(Event(
                    "avoid_light", span[0], span[1], tz, source="dim room",
                    note=f"Dim light {when}: bright evening light would delay the clock "
                    "before an early start (NIOSH shift-work training for nurses)"))
                light_windows.append((span[0], span[1], AVOID_LUX))
        m = _nearest(cbt1, x.end, 12.0)
        a = x.end if m is None else max(x.end, m + _hours(0.5))
        if nxt is not None and a >= nxt.end:
            continue
        b = a + _hours(LIGHT_WINDOW_H)
        span = free_of_sleep(a, b)
        if span is None:
            continue
        a, b = span
        at_work = nxt is not None and b > nxt.start - P.c
        where = "at work or on the way" if at_work else "after waking"
        events.append(Event(
            "light", a, b, tz, source=_source_bright(person, location, a, b, outdoor=False),
            note=f"Bright light {where}, starting after the model's body-clock low point "
            f"(CBTmin {clock.local(m):%H:%M}): advances the clock for early starts; light "
            "before CBTmin would delay it (Khalsa 2003)" if m is not None else
            f"Bright light {where}: advances the clock for early starts"))
        light_windows.append((a, b, BRIGHT_LUX))

    # sleeps, caffeine
    for x in sleeps:
        events.append(Event(x.kind, x.start, x.end, tz, note=x.note))
        if x.kind == "sleep":
            t = x.start - _hours(CAFFEINE_CUTOFF_H)
            events.append(Event(
                "caffeine_cutoff", t, x.start, tz,
                note=f"No caffeine from now until you sleep ({CAFFEINE_CUTOFF_H:g} h before "
                "bed; Drake et al. 2013: caffeine even 6 h before bed cut sleep by over 1 h)"))

    # melatonin
    verdict: melatonin_safety.SafetyVerdict | None = None
    mel_sleeps = [x for x in sleeps if x.melatonin_ok]
    if mel_sleeps:
        if not person.melatonin:
            notes.append("Melatonin is not in the plan: you chose not to use it.")
        else:
            verdict = melatonin_safety.check(
                person.melatonin_dose_mg, person.medications, person.conditions, person.age,
                purpose="shift work", opt_in=person.opt_in_melatonin)
            if not verdict.melatonin_allowed:
                why = "; ".join(
                    f"{f.canonical_name}: {f.reason}" for f in verdict.findings
                    if f.kind != "dose" and f.level != "ok")
                warnings.append(
                    f"Melatonin before day sleep is left out of the plan ({verdict.verdict}: "
                    f"{why}). " + " ".join(verdict.messages))
            else:
                dose = verdict.recommended_dose_mg
                for x in mel_sleeps:
                    t = x.start - _hours(MELATONIN_LEAD_H)
                    if x.after_night is not None:
                        t = max(t, x.after_night.end + P.c)  # at home, never before driving
                    events.append(Event(
                        "melatonin", t, t, tz, dose_mg=dose,
                        note=f"Melatonin {dose:g} mg (immediate release) at home ~30 min before "
                        "day sleep, never before driving: helps day sleep and the delay (AASM "
                        "2007: Guideline; Burgess 2008 PRC)"))
                notes.append(melatonin_safety.LEGAL_STATUS_NOTE)
                notes.extend(m for m in verdict.messages if m not in notes)
    elif person.melatonin and any(P.is_night(s) for s in rota.shifts):
        notes.append(
            "No melatonin in this plan: it is only planned before day sleeps between nights of a "
            "run of 3+ nights; for isolated nights or after the last night it would delay the "
            "clock the wrong way."
        )

    events.sort(key=lambda e: (e.start, e.end, e.kind))

    # -- final simulations ------------------------------------------------------------------
    # a model with a melatonin input takes the planned doses too (others cannot)
    mel_events = [e for e in events if e.kind == "melatonin" and e.dose_mg]
    doses = [Dose(e.start, float(e.dose_mg)) for e in mel_events] if model.has_melatonin else []
    if mel_events and not model.has_melatonin:
        notes.append(
            f"Melatonin's own shift is not in the predicted body clock ({model.name} has no "
            "melatonin input); a model with melatonin (hannay19melfit) simulates it.")
    res = simulate(model, _schedule(sim_start, sim_end, rota.shifts, sleep_pairs + outside,
                                    light_windows),
                   start=sim_start, end=sim_end, initial=y0, doses=doses)
    ad_lib = P.ad_lib_sleeps()
    base = simulate(model, _schedule(sim_start, sim_end, rota.shifts, ad_lib + outside),
                    start=sim_start, end=sim_end, initial=y0)
    assert isinstance(res, SimulationResult) and isinstance(base, SimulationResult)

    phase = _phase_days(res, base, tz, d0, d1)

    # -- alertness ------------------------------------------------------------------------------
    fn = cbtmin_phase(res.cbtmin) if res.cbtmin else None
    sa = shift_alertness(rota.shifts, sleep_pairs, fn)
    for s, al in zip(rota.shifts, sa, strict=True):
        if not al.flag:
            continue
        n = max(2, int(s.duration_h * 12) + 1)
        times = [s.start + (s.end - s.start) * (k / (n - 1)) for k in range(n)]
        series = alertness_series(times, sleep_pairs, phase=fn, tz=None if fn else tz)
        idx = int(np.flatnonzero(series.kss >= KSS_SLEEPY)[0]) if np.any(
            series.kss >= KSS_SLEEPY) else 0
        kind = classify_shift(s)
        advice = ("plan a nap before the shift and be careful driving home (nap first or use "
                  "public transport)" if kind == "night" else
                  "protect your sleep before it and be careful driving")
        label = s.label or kind
        warnings.append(
            f"{label} {s.local_start():%Y-%m-%d}: predicted KSS ≥{KSS_SLEEPY:g} for "
            f"{al.hours_at_risk:.1f} h from {clock.local(times[idx]):%H:%M}; {advice}."
        )

    # -- misalignment, summary ---------------------------------------------------------------
    mis = misalignment_hours(rota.shifts, res.cbtmin)
    mis0 = misalignment_hours(rota.shifts, base.cbtmin)
    by_block = []
    for st in strategies:
        idx_s = [i for i, s in enumerate(rota.shifts) if P.block(s) is st.block]
        w = sum(mis[i] for i in idx_s)
        wo = sum(mis0[i] for i in idx_s)
        by_block.append((st.block, w, wo))
        first, last = st.block.shifts[0], st.block.shifts[-1]
        span = (f"{first.local_start():%Y-%m-%d}" if first is last else
                f"{first.local_start():%Y-%m-%d} to {last.local_start():%Y-%m-%d}")
        notes.append(
            f"{st.block.kind.capitalize()} {span} ({len(st.block.shifts)} shift"
            f"{'s' if len(st.block.shifts) != 1 else ''}): {st.name} — {st.why}. Work in the "
            f"biological night: {w:.1f} h with the plan, {wo:.1f} h without."
        )
    warnings.extend(guidance_warnings(rota))

    runs = [b for b in P.blocks if b.kind == "run of nights"]
    longest = max(runs, key=lambda b: len(b.shifts)) if runs else None
    dta = _days_to_adapt(longest, res.cbtmin)
    dta0 = _days_to_adapt(longest, base.cbtmin)
    n_delay = sum(len(b.shifts) for b in runs)
    n_adv = sum(len(b.shifts) for b in P.blocks if b.kind == "early starts")
    direction: Literal["advance", "delay", "none"] = (
        "delay" if n_delay and n_delay >= n_adv else "advance" if n_adv else "none"
    )
    kinds = []
    for kind in ("run of nights", "isolated nights", "early starts", "days", "evenings"):
        if any(b.kind == kind for b in P.blocks):
            st = block_strategy(next(b for b in P.blocks if b.kind == kind))
            kinds.append(f"{kind}: {st.name}")
    night_idx = [i for i, s in enumerate(rota.shifts) if P.is_night(s)]
    strategy = (
        "; ".join(kinds) + ". Work inside the biological night (CBTmin -7 h to +3 h): "
        f"{sum(mis):.1f} h with the plan vs {sum(mis0):.1f} h sleeping ad lib"
        + (f" (night shifts: {sum(mis[i] for i in night_idx):.1f} h vs "
           f"{sum(mis0[i] for i in night_idx):.1f} h)" if night_idx else "")
        + ". Days to adapt = nights of the longest run until the body-clock low point (CBTmin) "
        "falls after the shift ends"
        + ("" if longest else " (no run of nights: not applicable)") + "."
    )
    summary = Summary(
        direction=direction,
        days_to_adapt=dta,
        days_to_adapt_without_plan=dta0,
        model=model.name,
        strategy=strategy,
        misalignment_h=round(sum(mis), 2),
        misalignment_h_without_plan=round(sum(mis0), 2),
    )
    first, last = rota.shifts[0], rota.shifts[-1]
    draft = Plan(events=tuple(events), phase=(), summary=summary, kind="rota")
    for problem in validate_rota_plan(draft, rota, commute_min):
        warnings.append(f"Plan check: {problem} (the gaps in the rota leave no room).")
    plan = Plan(
        events=tuple(events),
        phase=phase,
        summary=summary,
        warnings=tuple(warnings),
        alertness=tuple(a.to_plan() for a in sa),
        title=f"Shift-work plan {first.local_start():%Y-%m-%d} to {last.local_end():%Y-%m-%d}",
        kind="rota",
        notes=tuple(notes),
    )
    return plan, RotaCheck(res, base, strategies, tuple(by_block), dta, dta0, verdict)


def _phase_days(
    res: SimulationResult, base: SimulationResult, tz: str, d0: date, d1: date
) -> tuple[PhaseDay, ...]:
    with_plan = {m.date: m for m in res.daily(tz)}
    without = {m.date: m for m in base.daily(tz)}
    out = []
    for d in sorted(set(with_plan) | set(without)):
        if not d0 <= d <= d1:
            continue
        w, wo = with_plan.get(d), without.get(d)
        out.append(PhaseDay(
            date=d,
            dlmo=w.dlmo.astimezone(UTC) if w and w.dlmo else None,
            cbtmin=w.cbtmin.astimezone(UTC) if w and w.cbtmin else None,
            tz=tz,
            dlmo_without_plan=wo.dlmo.astimezone(UTC) if wo and wo.dlmo else None,
        ))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def validate_rota_plan(plan: Plan, rota: Rota, commute_min: float = 0) -> list[str]:
    """Constraint violations of a rota plan (an empty list when it is sound).

    * every event is aware UTC with a start at or before its end;
    * a ``shift`` event for every rota shift;
    * sleeps and naps never overlap each other, a shift, or the commute before and after it;
    * every shift has a sleep or nap ending within :data:`MAX_AWAKE_BEFORE_SHIFT_H` before it;
    * light windows never overlap sleep;
    * melatonin only before a day sleep after a night shift (within 1 h before it).
    """
    out: list[str] = []
    c = _hours(commute_min / 60.0)
    for e in plan.events:
        for t in (e.start, e.end):
            if t.tzinfo is None or t.utcoffset() != timedelta(0):
                out.append(f"{e.kind} event at {t.isoformat()} is not in UTC")
        if e.end < e.start:
            out.append(f"{e.kind} event ends before it starts ({e.start:%Y-%m-%d %H:%M}Z)")
    sleeps = sorted((e for e in plan.events if e.kind in ("sleep", "nap")),
                    key=lambda e: e.start)
    shift_events = {(e.start, e.end) for e in plan.events if e.kind == "shift"}
    for s in rota.shifts:
        if (s.start, s.end) not in shift_events:
            out.append(f"shift {s.describe()} has no shift event")
    for x, y in zip(sleeps, sleeps[1:], strict=False):
        if y.start < x.end:
            out.append(f"sleeps overlap at {y.start:%Y-%m-%d %H:%M}Z")
    for s in rota.shifts:
        a, b = s.start - c, s.end + c
        for x in sleeps:
            if _overlaps(x.start, x.end, a, b):
                out.append(f"{x.kind} {x.start:%Y-%m-%d %H:%M}Z overlaps shift {s.describe()} "
                           "or its commute")
        before = [x for x in sleeps if x.end <= a]
        if not before or _h(s.start - before[-1].end) > MAX_AWAKE_BEFORE_SHIFT_H + 1e-9:
            out.append(f"shift {s.describe()} has no sleep within "
                       f"{MAX_AWAKE_BEFORE_SHIFT_H:g} h before it")
    for e in plan.events:
        if e.kind == "light":
            for x in sleeps:
                if _overlaps(e.start, e.end, x.start, x.end):
                    out.append(f"light {e.start:%Y-%m-%d %H:%M}Z overlaps {x.kind} "
                               f"{x.start:%Y-%m-%d %H:%M}Z")
        if e.kind == "melatonin":
            nxt = next((x for x in sleeps if x.start >= e.start), None)
            ok = nxt is not None and _h(nxt.start - e.start) <= 1.0
            if ok:
                assert nxt is not None
                # the sleep must be the first one after a night shift
                prev_shift = max((s for s in rota.shifts if s.end <= nxt.start),
                                 key=lambda s: s.end, default=None)
                ok = (prev_shift is not None and classify_shift(prev_shift) == "night"
                      and not any(prev_shift.end <= x.start < nxt.start for x in sleeps)
                      and e.start >= prev_shift.end)
            if not ok:
                out.append(f"melatonin at {e.start:%Y-%m-%d %H:%M}Z is not just before a day "
                           "sleep after a night shift")
    return out
