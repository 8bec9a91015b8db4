"""When a shift worker sleeps, block by block (see :mod:`circadian.planner.rota` for the
strategies and their sources). Times are epoch hours; wall-clock targets ("day sleep from
08:30") are converted per local date in the rota's zone, so a plan across a DST change stays on
the local clock while shift lengths stay real.

Rules common to all blocks: no sleep within the commute before or after a shift; wake
:data:`PREP_H` before leaving; after a late finish, bed no earlier than
:data:`EVENING_WIND_DOWN_H` after getting home (full-length sleep, later wake); the fixed
day-sleep window of a run of nights follows its usual finish, and on a night that ends more than
:data:`FIXED_WAIT_MAX_H` earlier, day sleep starts on getting home. As a safety net every shift
gets a sleep (or a nap) ending at most :data:`MAX_AWAKE_BEFORE_SHIFT_H` before it whenever the
gap allows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from circadian.planner.clock import at_local, clock_h, local_date, local_h, to_hours
from circadian.planner.intervals import Interval
from circadian.planner.rules import MAIN_SLEEP_MIN_H
from circadian.rota import Block, Rota, classify_blocks, classify_shift

#: From leaving work (after the commute) to lying down [h]; with a 30-min commute this gives
#: Crowley 2003's 08:30 sleep after a 07:00 finish once the commute-plus-wind-down is added.
WIND_DOWN_H = 0.5
#: From waking to leaving for work [h]: sleep inertia has mostly faded after ~1 h (TPM W term:
#: -5.72 e^{-1.51 t}, FIPS/Ingre 2014).
PREP_H = 1.0
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
#: Longest time awake before a shift starts [h]: every shift needs a sleep or nap ending within it.
MAX_AWAKE_BEFORE_SHIFT_H = 16.0
#: Shortest sleep kept in the plan [h].
MIN_SLEEP_H = 1.0
#: Plan horizon around the rota [days].
DAYS_BEFORE, DAYS_AFTER = 1, 2
#: Ad-lib (no plan) day sleep after a night shift, and the wake kept before the next shift [h].
AD_LIB_DAY_SLEEP_H = 8.0
AD_LIB_WAKE_BEFORE_H = 2.0

Role = Literal[
    "habitual", "anchor", "early", "day", "evening", "pre-nights late", "day sleep",
    "isolated day sleep", "recovery", "hold recovery", "days-off late", "nap",
]  # fmt: skip


@dataclass
class Sleep:
    """A planned sleep: its role in the strategy, the reason code of its words and figures,
    the night shift it follows (index) and whether melatonin may precede it."""

    a: float
    b: float
    role: Role
    reason: str
    after_night: int | None = None
    melatonin_ok: bool = False
    numbers: dict[str, float] = field(default_factory=dict)

    @property
    def kind(self) -> Literal["sleep", "nap"]:
        return "nap" if self.role == "nap" or self.b - self.a < MAIN_SLEEP_MIN_H else "sleep"


class SleepPlan:
    """The sleeps of a rota plan (:meth:`sleeps`) and of the same rota slept ad lib."""

    def __init__(self, rota: Rota, person: Any, commute_min: float) -> None:
        self.rota, self.person, self.tz = rota, person, rota.tz
        self.c = commute_min / 60.0
        self.blocks = classify_blocks(rota)
        sh = rota.shifts
        self.sa = [to_hours(s.start) for s in sh]
        self.sb = [to_hours(s.end) for s in sh]
        self.kind_of = [classify_shift(s) for s in sh]
        ids = {id(s): i for i, s in enumerate(sh)}
        self.block_of = {ids[id(s)]: b for b in self.blocks for s in b.shifts}
        self.hs, self.he = clock_h(person.sleep_start), clock_h(person.sleep_end)
        self.D = float(person.sleep_duration_h)
        d0 = local_date(self.sa[0] - self.c - 12.0 - 24.0 * DAYS_BEFORE, self.tz)
        d1 = local_date(self.sb[-1], self.tz) + timedelta(days=DAYS_AFTER)
        self.start = at_local(d0, 12.0, self.tz)
        self.end = max(at_local(d1, 12.0, self.tz), self.sb[-1] + self.c + 24.0)
        self.day_sleep_start: dict[int, float] = {}  # id(block) -> hours after local midnight
        for b in self.blocks:
            if b.kind == "run of nights":
                # the usual finish (most common; the latest on a tie) sets the fixed window
                mins = [round(local_h(to_hours(s.end) + self.c + WIND_DOWN_H, self.tz) * 60)
                        for s in b.shifts]
                n = Counter(mins)
                self.day_sleep_start[id(b)] = max(mins, key=lambda m: (n[m], m)) / 60.0

    # -- small predicates ---------------------------------------------------------------------
    def is_night(self, i: int | None) -> bool:
        return i is not None and self.kind_of[i] == "night"

    def block(self, i: int) -> Block:
        return self.block_of[i]

    def is_run(self, i: int | None) -> bool:
        return i is not None and self.block(i).kind == "run of nights"

    def first_of_block(self, i: int) -> bool:
        return self.block(i).shifts[0] is self.rota.shifts[i]

    def habitual(self, d: date, hs: float | None = None, he: float | None = None) -> Interval:
        """Habitual sleep of the night starting on the evening of local date ``d`` (``hs``/``he``:
        other bed and wake times, hours after midnight)."""
        hs = self.hs if hs is None else hs
        he = self.he if he is None else he
        start_day = d if hs >= 12.0 else d + timedelta(days=1)
        end_day = start_day if he > hs else start_day + timedelta(days=1)
        return at_local(start_day, hs, self.tz), at_local(end_day, he, self.tz)

    def late(self, d: date, run: Block) -> Interval:
        """Days-off late sleep of the night of local date ``d`` (compromise position)."""
        s = at_local(d + timedelta(days=1), self.day_sleep_start[id(run)] - LATE_SLEEP_LEAD_H,
                     self.tz)
        return s, s + self.D

    def nights(self, a: float, b: float) -> list[date]:
        """Local dates whose night may fall in [a, b)."""
        d, last = local_date(a, self.tz) - timedelta(days=1), local_date(b, self.tz)
        return [d + timedelta(days=k) for k in range((last - d).days + 1)]

    def outside_sleeps(self, sim_start: float, sim_end: float,
                       before: tuple[float, float]) -> list[Interval]:
        """Sleep in the simulation margins outside the plan: ``before`` (bed, wake hours: the
        times the model is entrained to) up to :attr:`start`, habitual sleep after :attr:`end`."""
        out = []
        for a, b, hs, he in ((sim_start, self.start, *before),
                             (self.end, sim_end, self.hs, self.he)):
            for d in self.nights(a, b):
                s, e = self.habitual(d, hs, he)
                s, e = max(s, a), min(e, b)
                if e > s:
                    out.append((s, e))
        return out

    # -- the plan -------------------------------------------------------------------------------
    def ad_lib_sleeps(self) -> list[Interval]:
        """Sleep without the plan: straight after a night shift for up to 8 h (or until 2 h
        before the next shift), habitual nights otherwise, clipped around work and commutes."""
        n = len(self.rota.shifts)
        out: list[Interval] = []
        for i in range(n + 1):
            prev, nxt = (i - 1 if i > 0 else None), (i if i < n else None)
            a = self.sb[prev] + self.c if prev is not None else self.start
            b = self.sa[nxt] - self.c if nxt is not None else self.end
            latest_night = b - AD_LIB_WAKE_BEFORE_H if nxt is not None else b
            cursor = a
            if self.is_night(prev):
                e = min(a + AD_LIB_DAY_SLEEP_H, latest_night)
                if e - a >= MIN_SLEEP_H:
                    out.append((a, e))
                    cursor = e + AD_LIB_WAKE_BEFORE_H
            for d in self.nights(a, b):
                s, e = self.habitual(d)
                s, e = max(s, cursor), min(e, b - PREP_H if nxt is not None else b)
                if e - s >= MIN_SLEEP_H:
                    out.append((s, e))
                    cursor = e + 1.0
        return out

    def rest_before(self, i: int) -> float:
        """Hours between the end of shift ``i - 1`` and the start of shift ``i``."""
        return self.sa[i] - self.sb[i - 1] if i > 0 else float("inf")


