"""Which places a trip plan adapts to, which way it shifts the clock, and where it prepares.

Every stay of at least :data:`ADAPT_MIN_STAY_H` (and the final destination) is adapted to;
shorter stops (layovers) are not, and the plan keeps shifting toward the next adapted place. A
short round trip (a stay of at most :data:`SHORT_TRIP_MAX_H` after which the traveller returns
to the previous zone) is planned both ways, adapted and "stay on home time", and the one with
less predicted misalignment with local time is kept. Advance and delay are both simulated for
each change of target (greedily, leg by leg); the one adapting in fewer days (ties: less total
misalignment) is kept. A stop adapted to before a further change of target prepares for it on
its last nights when the model predicts less misalignment with local time from arriving there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from circadian.planner import trip_sleep
from circadian.planner.clock import to_hours, utc_offset_h, wrap12
from circadian.planner.journey import NONE_SHIFT_H, Direction, Target
from circadian.planner.trip_advice import Setup, local_misalignment, run, score

LAYOVER_H = 24.0
"""Stops shorter than this are layovers: never adapted to [h] (as ``Stay.is_layover``)."""
ADAPT_MIN_STAY_H = 48.0
"""Other stays shorter than this are not adapted to either, unless they are a short trip [h]."""
SHORT_TRIP_MAX_H = 72.0
"""A stay of 24-72 h before returning to the previous zone is planned both ways (adapt, or stay
on home time) and the model's less misaligned choice is kept [h]."""
MAX_ADAPT_DAYS = 21
"""Days after the final arrival simulated before giving up."""


@dataclass
class Choices:
    """What the planner decided: stays adapted to, directions, short trips kept on home time,
    stops preparing for the next leg, and the model's scores behind each choice."""

    adapted: set[int]
    directions: dict[int, Direction] = field(default_factory=dict)
    options: dict[int, dict[str, tuple[float, float]]] = field(default_factory=dict)
    kept_home: list[tuple[int, float, float]] = field(default_factory=list)
    preps: dict[int, trip_sleep.Prep] = field(default_factory=dict)
    prep_gain: dict[int, tuple[float, float]] = field(default_factory=dict)
    potential: set[int] = field(default_factory=set)


def _returns_to_previous(s: Setup, i: int, adapted: set[int], potential: set[int]) -> bool:
    """True when, after stay ``i``, the traveller goes back to the zone adapted to before it."""
    stays = s.j.stays
    prev = [k for k in adapted if k < i]
    prev_zone = stays[max(prev)].place.tz if prev else s.j.home_zone
    nxt = [k for k in range(i + 1, len(stays)) if k in potential or k == len(stays) - 1]
    if not nxt:
        return False
    h = to_hours(stays[i].depart)  # type: ignore[arg-type]
    return abs(wrap12(utc_offset_h(stays[nxt[0]].place.tz, h) - utc_offset_h(prev_zone, h))
               ) <= NONE_SHIFT_H


def primary_index(s: Setup, adapted: set[int]) -> int:
    """Stay index the summary reports on: the final destination, or for a round trip the
    longest adapted stay away."""
    stays = s.j.stays
    last = len(stays) - 1
    end = to_hours(s.j.trip.end)
    if abs(wrap12(utc_offset_h(stays[last].place.tz, end) - utc_offset_h(s.j.home_zone, end))
           ) > NONE_SHIFT_H:
        return last
    away = [i for i in adapted if 0 < i < last]
    if not away:
        return last
    return max(away, key=lambda i: s.j.stay_h(i))


def _stays_to_adapt(s: Setup) -> tuple[set[int], list[int], set[int]]:
    """(stays adapted to, short trips still to decide, stays a plan-free traveller adapts to)."""
    stays = s.j.stays
    adapted: set[int] = set()
    short: list[int] = []
    potential = {i for i in range(1, len(stays) - 1) if s.j.stay_h(i) >= LAYOVER_H}
    for i in range(1, len(stays) - 1):
        dur = s.j.stay_h(i)
        if i in potential and dur <= SHORT_TRIP_MAX_H and _returns_to_previous(
                s, i, adapted, potential):
            adapted.add(i)  # provisionally: the model decides
            short.append(i)
        elif dur >= ADAPT_MIN_STAY_H:
            adapted.add(i)
    return adapted, short, potential


def choose(s: Setup, forced: Direction | None = None) -> Choices:
    """Decide, leg by leg from the model, the direction of each change of target, whether a
    short trip is kept on home time, and whether a stop prepares for the next leg."""
    adapted, short, potential = _stays_to_adapt(s)
    ch = Choices(adapted, potential=potential)
    stays = s.j.stays
    for i in [k for k in range(1, len(stays)) if k in ch.adapted or k == len(stays) - 1]:
        tk = _target(s, ch, i)
        if tk is None:
            continue
        if not tk.small:
            _choose_direction(s, ch, i, forced if i == primary_index(s, ch.adapted) else None)
        if i in short:
            _decide_short_trip(s, ch, i, short)
    _choose_stop_preps(s, ch)
    return ch


def _target(s: Setup, ch: Choices, i: int, directions: dict | None = None) -> Target | None:
    return next((t for t in s.j.targets(ch.adapted, directions or ch.directions, s.horizon_h)
                 if t.stay == i), None)


def _choose_direction(s: Setup, ch: Choices, i: int, forced: Direction | None) -> None:
    res: dict[str, tuple[float, float]] = {}
    for way in ([forced] if forced else ["advance", "delay"]):
        trial = s.j.targets(ch.adapted, {**ch.directions, i: way}, s.horizon_h)
        tt = next(t for t in trial if t.stay == i)
        res[way] = score(s, run(s, trial, min(tt.end_h, s.horizon_h), preps=ch.preps), tt)
    ch.directions[i] = min(res, key=lambda k: res[k])  # type: ignore[assignment]
    ch.options[i] = res


def _decide_short_trip(s: Setup, ch: Choices, i: int, short: list[int]) -> None:
    arrive = to_hours(s.j.stays[i].arrive)  # type: ignore[arg-type]
    with_t = s.j.targets(ch.adapted, ch.directions, s.horizon_h)
    without = ch.adapted - {i}
    wo_t = s.j.targets(without, ch.directions, s.horizon_h)
    m_with = local_misalignment(s, run(s, with_t, s.horizon_h), arrive)
    m_wo = local_misalignment(s, run(s, wo_t, s.horizon_h), arrive)
    if m_wo < m_with:
        ch.adapted = without
        short.remove(i)
        ch.kept_home.append((i, m_wo, m_with))


def _choose_stop_preps(s: Setup, ch: Choices) -> None:
    """A stop adapted to before a further change of target prepares for it on its last nights
    when that lowers the misalignment with local time from arriving there (module docs)."""
    targets = s.j.targets(ch.adapted, ch.directions, s.horizon_h)
    for t, nxt in zip(targets, targets[1:], strict=False):
        if t.final or nxt.direction == "none" or s.j.person.prep_days == 0:
            continue
        nights = trip_sleep.stop_prep_nights(s.j, t, s.horizon_h)
        n = min(s.j.person.prep_days, len(nights) - 1)
        if n < 1:
            continue
        prep = trip_sleep.Prep(tuple(nights), n, nxt)
        base = local_misalignment(s, run(s, targets, s.horizon_h, preps=ch.preps), t.arrive_h)
        trial = {**ch.preps, t.stay: prep}
        mis = local_misalignment(s, run(s, targets, s.horizon_h, preps=trial), t.arrive_h)
        if mis < base:
            ch.preps = trial
            ch.prep_gain[t.stay] = (mis, base)
