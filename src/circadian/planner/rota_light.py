"""Light and dark advice around a rota, placed from the model's predicted CBTmin.

- **Runs of nights** (compromise phase position; Smith & Eastman 2008, Sleep 31:1639): five
  15-min bright-light pulses in the first half of each night shift, dropped where the model puts
  CBTmin before them (light after CBTmin advances instead of delaying: Khalsa et al. 2003); dark
  glasses on the way home (Crowley et al. 2003: 2-15 % transmission); an afternoon "light brake"
  after waking, which falls after CBTmin and stops the clock delaying too far.
- **Isolated nights**: dark glasses home only when the model puts CBTmin after the shift (morning
  light would then delay an unadapted clock); light after the day sleep, after CBTmin.
- **Early starts**: dim light in the 2 h before the earlier bedtime (NIOSH, *Training for nurses
  on shift work*, module 8) and bright light in the morning once CBTmin has passed.

How light is had follows the sun where the person lives (:mod:`.light_advice`): the place given,
else the principal location of the rota's zone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from circadian.planner.intervals import Interval
from circadian.planner.light_advice import bright_source, nearest, windows
from circadian.planner.rota_sleep import WIND_DOWN_H, Sleep, SleepPlan
from circadian.planner.schedule import Item

#: Pulses per night shift and their length (Smith & Eastman 2008: five 15-min pulses).
PULSES = 5
PULSE_H = 0.25
#: Longest gap from one pulse start to the next [h] (our choice: about hourly).
PULSE_STEP_MAX_H = 1.0
#: Light windows: the light brake / daylight after day sleep, morning light for early starts [h].
LIGHT_WINDOW_H = 1.0
#: Dim light before an early bedtime [h] (NIOSH: the 2 h before bed).
DIM_BEFORE_BED_H = 2.0
#: Light after waking starts this long after CBTmin when waking comes before it [h].
AFTER_CBTMIN_H = 0.5
_MIN_SPAN_H = 10.0 / 60.0


class RotaWhere:
    """Where a shift worker is: one zone, at a fixed position (None when unknown)."""

    def __init__(self, tz: str, position: tuple[float, float] | None) -> None:
        self.tz, self.pos = tz, position

    def zone_at(self, h: float) -> str:
        return self.tz

    def position(self, h: float) -> tuple[float, float] | None:
        return self.pos

    def in_flight(self, h: float) -> bool:
        return False

    def cuts(self) -> list[float]:
        return []


def candidate_pulses(sp: SleepPlan, light_box: bool) -> list[Item]:
    """Bright-light pulses spread over the first half of every shift of a run of nights."""
    src, lux = bright_source(light_box, sun=False)
    out: list[Item] = []
    for i, (a, b) in enumerate(zip(sp.sa, sp.sb, strict=True)):
        if not sp.is_run(i):
            continue
        half = (b - a) / 2.0
        step = min(PULSE_STEP_MAX_H, math.floor((half - 2 * PULSE_H) / (PULSES - 1) * 12) / 12)
        step = max(step, PULSE_H)
        out += [Item("light", a + PULSE_H + k * step, a + PULSE_H * 2 + k * step, sp.tz,
                     "rota_pulse", lux, src, numbers=(("pulse_min", PULSE_H * 60),))
                for k in range(PULSES)]
    return out


def pulses_before_cbtmin(sp: SleepPlan, pulses: Sequence[Item],
                         cbtmins: Sequence[float]) -> tuple[list[Item], int]:
    """The pulses ending by the CBTmin nearest their shift's middle, and how many were not."""
    kept: list[Item] = []
    for p in pulses:
        i = next(k for k, (a, b) in enumerate(zip(sp.sa, sp.sb, strict=True)) if a <= p.a < b)
        m = _near(cbtmins, 0.5 * (sp.sa[i] + sp.sb[i]), 14.0)
        if m is None or p.b <= m:
            kept.append(Item(p.kind, p.a, p.b, p.zone, p.reason, p.lux, p.source,
                             cbtmin_h=m, numbers=p.numbers))
    return kept, len(pulses) - len(kept)


def _near(cbtmins: Sequence[float], h: float, within_h: float) -> float | None:
    c = nearest(cbtmins, h)
    return c if c is not None and abs(c - h) <= within_h else None


def _free_of_sleep(sleeps: Sequence[Sleep], a: float, b: float) -> Interval | None:
    """[a, b) trimmed so it overlaps no planned sleep (the first free part)."""
    for x in sleeps:
        if a < x.b and x.a < b:
            if x.a > a:
                b = x.a
            else:
                a = x.b
    return (a, b) if b - a >= _MIN_SPAN_H else None


def dark_commutes(sp: SleepPlan, sleeps: Sequence[Sleep], cbtmins: Sequence[float] | None,
                  where: RotaWhere) -> list[Item]:
    """Dark glasses home after night shifts: always in a run of nights; after an isolated night
    only when the model puts CBTmin after the shift (``cbtmins`` None: runs only)."""
    after = {x.after_night: x for x in sleeps if x.after_night is not None}
    out: list[Item] = []
    for i, end in enumerate(sp.sb):
        if not sp.is_night(i):
            continue
        x = after.get(i)
        home = x.a if x is not None else end + sp.c + WIND_DOWN_H
        if sp.is_run(i):
            reason = "rota_dark_commute_run"
        elif cbtmins is not None and (m := _near(cbtmins, end, 12.0)) is not None and m > end:
            reason = "rota_dark_commute_isolated"
        else:
            continue
        out += windows(where, [(end, home)], "avoid_light", "", None, False, reason,
                       _MIN_SPAN_H)
    return out


def light_after_day_sleep(sp: SleepPlan, sleeps: Sequence[Sleep], cbtmins: Sequence[float],
                          where: RotaWhere, light_box: bool) -> list[Item]:
    """Light after waking from a day sleep (or late sleep on days off), after CBTmin: the light
    brake of the compromise position, or a push back to day time after the last night."""
    out: list[Item] = []
    for x in sleeps:
        if x.after_night is None and x.role != "days-off late":
            continue
        a = x.b
        m = _near(cbtmins, a, 14.0)
        if m is not None and a < m:
            a = m + AFTER_CBTMIN_H
        nxt = next((s for s in sp.sa if s > x.b), None)
        b = min(a + LIGHT_WINDOW_H, nxt - sp.c if nxt is not None else a + LIGHT_WINDOW_H)
        span = _free_of_sleep(sleeps, a, b) if b > a else None
        if span is None:
            continue
        reason = {"day sleep": "rota_brake", "days-off late": "rota_brake",
                  "hold recovery": "rota_brake", "recovery": "rota_light_after_recovery"
                  }.get(x.role, "rota_light_after_isolated")
        out += windows(where, [span], "light", "", m, light_box, reason, _MIN_SPAN_H)
    return out


def early_start_light(sp: SleepPlan, sleeps: Sequence[Sleep], cbtmins: Sequence[float],
                      where: RotaWhere, light_box: bool) -> list[Item]:
    """Before an early start: dim light in the 2 h before the earlier bedtime, then bright light
    in the morning once the predicted CBTmin has passed (light before it delays)."""
    out: list[Item] = []
    for x in sleeps:
        if x.role != "early":
            continue
        prev_end = max((b + sp.c for b in sp.sb if b <= x.a), default=sp.start)
        span = _free_of_sleep(sleeps, max(x.a - DIM_BEFORE_BED_H, prev_end), x.a)
        if span is not None and span[1] - span[0] >= 0.5:
            home = span[0] == prev_end > sp.start
            out += [Item("avoid_light", span[0], span[1], sp.tz, "rota_dim_before_early",
                         10.0, "dim room", numbers=(("from_home", float(home)),
                                                    ("hours", span[1] - span[0])))]
        nxt = next((i for i, a in enumerate(sp.sa) if a >= x.b), None)
        m = _near(cbtmins, x.b, 12.0)
        a = x.b if m is None else max(x.b, m + AFTER_CBTMIN_H)
        if nxt is not None and a >= sp.sb[nxt]:
            continue
        light = _free_of_sleep(sleeps, a, a + LIGHT_WINDOW_H)
        if light is None:
            continue
        at_work = nxt is not None and light[1] > sp.sa[nxt] - sp.c
        for it in windows(where, [light], "light", "", m, light_box, "rota_light_early_start",
                          _MIN_SPAN_H):
            out.append(it.with_numbers(at_work=float(at_work)))
    return out
