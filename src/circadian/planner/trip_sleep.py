"""When a traveller sleeps: preparation days, local nights, sleep on board, naps.

- **Preparation.** On the ``prep_days`` nights before the first departure, sleep moves
  :data:`PREP_RATE_H` a day toward the first place adapted to (Eastman et al. 2005: 1 h/day
  shifted the clock without misaligning sleep; 2 h/day did not). A stop adapted to before a
  further leg may prepare in the same way on its last nights (the trip planner keeps that only
  when the model predicts less misalignment over the trip).
- **Local nights.** From the first departure on, sleep is at the habitual local time of the
  place being adapted to (:func:`circadian.planner.journey.governing`).
- **Never** in the :data:`PRE_DEPARTURE_AWAKE_H` before a departure, in boarding, landing and
  arrival margins or around commitments; on the plane only while airborne. Sleeps are at least
  :data:`MIN_WAKE_GAP_H` apart.
- **On board.** A flight that those nights leave without sleep on board (JFK 18:00 -> NRT:
  Tokyo's day, New York's night) gets it in the night of the schedule kept before departure.
- **Naps** (:func:`naps`): a short nap after landing when the 24 h before held much less sleep
  than habitual, or after a night cut short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from circadian.planner.clock import at_local, local_date, local_nights
from circadian.planner.intervals import Interval, overlap, subtract
from circadian.planner.journey import Journey, Target, city, governing
from circadian.planner.rules import SHORT_NAP_H, nap_slot
from circadian.planner.schedule import Item

PREP_RATE_H = 1.0
"""Pre-flight shift of sleep per day [h] (Eastman et al. 2005, 1 h/day recommended)."""
PRE_DEPARTURE_AWAKE_H = 3.0
"""Planned wake at least this long before a departure [h] (2 h at the airport + getting
there). :func:`circadian.planner.validate.validate_plan` only requires 2 h."""
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
NAP_SLEEP_DEFICIT_H = 2.0
"""Nap when the 24 h before arrival held this much less sleep than habitual, or a planned sleep
was cut by this much [h]."""
NAP_BEFORE_SLEEP_H = 6.0
"""A nap ends at least this long before the next planned sleep [h]."""


@dataclass(frozen=True)
class Prep:
    """Preparation toward ``toward``: its nights, the last ``n`` of them shifted, k h on the k-th
    (+ earlier), capped at the shift ``toward`` needs."""

    nights: tuple[Interval, ...]
    n: int
    toward: Target | None

    def shift(self, j: int) -> float:
        """Sleep shift [h] (+ earlier) of night ``j`` of :attr:`nights` (0 before the prep)."""
        k = j - (len(self.nights) - self.n) + 1
        if k < 1 or self.toward is None or self.toward.direction == "none":
            return 0.0
        s = self.toward.shift_h
        return math.copysign(min(k * PREP_RATE_H, abs(s)), s)

    def day(self, j: int) -> int:
        return j - (len(self.nights) - self.n) + 1


def blocks(j: Journey) -> list[Interval]:
    """Times no sleep may fall in: around departures, landings and commitments."""
    out: list[Interval] = []
    for fa, fb, _f in j.flights:
        out.append((fa - PRE_DEPARTURE_AWAKE_H, fa + BOARDING_H))
        out.append((fb - LANDING_H, fb + ARRIVAL_TRANSIT_H))
    for ca, cb, _ in j.commitments:
        out.append((ca - COMMITMENT_BEFORE_H, cb + COMMITMENT_AFTER_H))
    return out


def home_nights(j: Journey, n_prep: int) -> list[Interval]:
    """Habitual home nights that end usefully before the first departure, the last
    ``n_prep + 3`` of them, in time order (the preparation nights are the last ones)."""
    p = j.person
    dep1 = j.flights[0][0]
    nights = local_nights(j.home_zone, p.sleep_start, p.sleep_end, dep1 - 24.0 * (n_prep + 3),
                          dep1)
    return [n for n in nights if n[0] < dep1 - PRE_DEPARTURE_AWAKE_H - MIN_SLEEP_PIECE_H]


def stop_prep_nights(j: Journey, t: Target, until_h: float) -> list[Interval]:
    """The local nights of stop ``t`` that end usefully before it is left."""
    p = j.person
    return [n for n in local_nights(t.zone, p.sleep_start, p.sleep_end, t.start_h,
                                    min(t.end_h, until_h))
            if n[0] >= t.arrive_h and n[0] < t.end_h - PRE_DEPARTURE_AWAKE_H - MIN_SLEEP_PIECE_H]


def _raw_nights(j: Journey, targets: list[Target], home: Prep, preps: dict[int, Prep],
                until_h: float) -> list[Item]:
    p = j.person
    raw: list[Item] = []
    for k, (s, e) in enumerate(home.nights):
        o = home.shift(k)
        if o < 0:  # delaying: still wake before the departure margin
            o = max(o, min(0.0, e - (j.flights[0][0] - PRE_DEPARTURE_AWAKE_H)))
        raw.append(_night(s - o, e - o, home, k, o, j.home_zone))
    for t in targets:
        prep = preps.get(t.stay)
        nights = local_nights(t.zone, p.sleep_start, p.sleep_end, t.start_h,
                              min(t.end_h, until_h))
        shifted = list(prep.nights) if prep is not None else []
        for s, e in nights:
            a, b = max(s, t.start_h), min(e, t.end_h)
            if b - a < MIN_INFLIGHT_SLEEP_H:
                continue
            if (s, e) in shifted:
                k = shifted.index((s, e))
                o = prep.shift(k)  # type: ignore[union-attr]
                raw.append(_night(a - o, b - o, prep, k, o, t.zone))
            else:
                raw.append(Item("sleep", a, b, t.zone, "sleep_local", 0.0, label=city(t.place)))
    return sorted(raw, key=lambda it: it.a)


def _night(a: float, b: float, prep: Prep, k: int, o: float, zone: str) -> Item:
    if not o or prep.toward is None:
        return Item("sleep", a, b, zone, "sleep_usual", 0.0)
    return Item("sleep", a, b, zone, "sleep_prep", 0.0, label=city(prep.toward.place),
                numbers=(("shift_h", o), ("prep_day", prep.day(k)), ("prep_days", prep.n)))


def sleeps(j: Journey, targets: list[Target], home: Prep, preps: dict[int, Prep],
           until_h: float) -> list[Item]:
    """Every planned sleep (see the module docs), as sleep items with ``planned_h``; ``home``
    prepares for the first target, ``preps`` (by stay index) at stops for the next one."""
    kept: list[Item] = []
    for it in _raw_nights(j, targets, home, preps, until_h):
        planned = it.length_h
        a = it.a
        if kept and a < kept[-1].b + MIN_WAKE_GAP_H:
            a = kept[-1].b + MIN_WAKE_GAP_H
        if it.b - a >= MIN_INFLIGHT_SLEEP_H:
            kept.append(Item(it.kind, a, it.b, it.zone, it.reason, 0.0, label=it.label,
                             numbers=(*it.numbers, ("planned_h", planned))))
    bl = blocks(j)
    out: list[Item] = []
    for it in kept:
        for p, q in subtract(it.a, it.b, bl):
            on_board = j.in_flight(0.5 * (p + q))
            if on_board and q - p >= MIN_INFLIGHT_SLEEP_H:
                out.append(Item("sleep", p, q, j.zone_at(p), "sleep_inflight", 0.0,
                                numbers=(("planned_h", it.num("planned_h") or 0.0),)))
            elif not on_board and q - p >= MIN_SLEEP_PIECE_H:
                out.append(Item(it.kind, p, q, j.zone_at(p), it.reason, 0.0, label=it.label,
                                numbers=it.numbers))
    home_shift = home.shift(len(home.nights) - 1)
    out += _origin_night_sleeps(j, targets, out, bl, home_shift)
    return sorted((s for s in out if s.a < until_h), key=lambda s: s.a)


def _origin_night_sleeps(j: Journey, targets: list[Target], sleeps_: list[Item],
                         bl: list[Interval], home_shift_h: float) -> list[Item]:
    """In-flight sleep in the night of the schedule kept before each departure, for flights
    that the nights of the place adapted to leave without any. The schedule before the first
    flight is the home one as moved on the last preparation day (``home_shift_h``, + earlier);
    later, that of the place adapted to before the departure. The piece keeps
    :data:`MIN_WAKE_GAP_H` from the other sleeps, which it gives way to."""
    p = j.person
    out: list[Item] = []
    for fa, fb, _f in j.flights:
        if any(s.reason.startswith("sleep_inflight") and fa <= s.a < fb for s in sleeps_):
            continue
        g = governing(targets, fa - 1e-6)
        if g is None or fa - 1e-6 < g.start_h:  # still on the (prepared) home schedule
            zone, shift = j.home_zone, home_shift_h
        else:
            zone, shift = g.zone, 0.0
        others = sleeps_ + out
        best: tuple[float, float, float] | None = None
        for s, e in local_nights(zone, p.sleep_start, p.sleep_end, fa + shift, fb + shift):
            s, e = s - shift, e - shift
            if any(o.b <= fa and o.a < e and o.b > s for o in others):
                continue  # slept (in part) before leaving, e.g. cut short for the departure
            for lo, hi in subtract(max(s, fa), min(e, fb), bl):
                if not j.in_flight(0.5 * (lo + hi)):
                    continue
                for o in others:
                    if o.b <= lo + 1e-6:
                        lo = max(lo, o.b + MIN_WAKE_GAP_H)
                    elif o.a >= hi - 1e-6:
                        hi = min(hi, o.a - MIN_WAKE_GAP_H)
                longest = best is None or hi - lo > best[1] - best[0]
                if hi - lo >= MIN_INFLIGHT_SLEEP_H and longest:
                    best = (lo, hi, e - s)
        if best is not None:
            out.append(Item("sleep", best[0], best[1], j.zone_at(best[0]),
                            "sleep_inflight_own_night", 0.0, numbers=(("planned_h", best[2]),)))
    return out


def naps(j: Journey, sleeps_: list[Item], busy: list[Interval], until_h: float) -> list[Item]:
    """Short naps after a landing with too little sleep before it, or after a night cut short;
    never before local noon, nor within :data:`NAP_BEFORE_SLEEP_H` of the next sleep."""
    habit = j.person.sleep_duration_h
    busy = list(busy) + [(s.a, s.b) for s in sleeps_]
    busy += [(fa - PRE_DEPARTURE_AWAKE_H, fb + ARRIVAL_TRANSIT_H) for fa, fb, _ in j.flights]
    busy += [(a - COMMITMENT_BEFORE_H, b + COMMITMENT_AFTER_H) for a, b, _ in j.commitments]
    starts: list[tuple[float, Item]] = []
    for _fa, fb, f in j.flights:
        slept = sum(overlap((s.a, s.b), (fb - 24.0, fb)) for s in sleeps_)
        if slept < habit - NAP_SLEEP_DEFICIT_H:
            starts.append((fb + ARRIVAL_TRANSIT_H, Item(
                "nap", 0, 0, "", "nap_after_arrival", 0.0,
                label=f"{f.origin.code}→{f.dest.code}", numbers=(("slept_h", slept),))))
    for s in sleeps_:
        cut = (s.num("planned_h") or 0.0) - s.length_h
        if not s.reason.startswith("sleep_inflight") and cut >= NAP_SLEEP_DEFICIT_H:
            starts.append((s.b, Item("nap", 0, 0, "", "nap_cut_short", 0.0)))
    out: list[Item] = []
    for t_from, proto in sorted(starts, key=lambda x: x[0]):
        if t_from >= until_h or any(n.a > t_from for n in out):
            continue
        # the next sleep not over by t_from: a nap never comes after the first night's sleep
        nxt = [s.a for s in sleeps_ if s.b > t_from]
        latest = (nxt[0] if nxt else t_from + 16.0) - NAP_BEFORE_SLEEP_H
        zone = j.zone_at(t_from)
        noon = at_local(local_date(t_from, zone), 12.0, zone)
        slot = nap_slot(max(t_from, noon), latest, busy, SHORT_NAP_H)
        if slot is not None:
            out.append(Item("nap", slot[0], slot[1], zone, proto.reason, 0.0, label=proto.label,
                            numbers=(*proto.numbers, ("nap_h", SHORT_NAP_H))))
            busy.append(slot)
    return out
