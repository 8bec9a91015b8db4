"""From a simulated trip plan to the :class:`~circadian.plan.Plan` people see.

Events carry the IANA zone of where the person is: the origin until a flight lands (also while
airborne), the destination from landing; windows are split at departures and landings so that
no event changes zone part-way (a caffeine cut-off alone runs on to the sleep it protects).
The phase of each evening is reported in the zone of where the person is then, in time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from circadian import daylight
from circadian.itinerary import Trip
from circadian.person import Person, chronotype_note
from circadian.plan import NOT_MEDICAL_ADVICE, Event, PhaseDay, Plan, Stop, StopRole, Summary
from circadian.planner import rules, wording
from circadian.planner.clock import from_hours, local_date, local_h, to_hours, utc_offset_h
from circadian.planner.journey import Target, city
from circadian.planner.light_advice import nearest
from circadian.planner.schedule import Item, to_event
from circadian.planner.trip_advice import Run, Setup, adapt, melatonin_targets
from circadian.planner.trip_choices import LAYOVER_H, MAX_ADAPT_DAYS, Choices, primary_index
from circadian.planner.trip_sleep import MIN_WAKE_GAP_H

REPORT_MIN_AFTER_LANDING_H = 48.0
"""The plan is shown at least this long after the last landing [h]."""


def melatonin_dose(person: Person) -> tuple[float | None, list[str]]:
    """The dose the safety gate allows (None: none) and its messages."""
    if not person.melatonin:
        return None, []
    from circadian.melatonin_safety import check

    v = check(person.melatonin_dose_mg, person.medications, person.conditions, person.age,
              opt_in=person.opt_in_melatonin)
    msgs = [m for m in v.messages if not m.startswith("No dose given")]
    if v.melatonin_allowed:
        return v.recommended_dose_mg, msgs
    why = "; ".join(f"{f.matched_input}: {f.reason}" for f in v.findings
                    if f.kind != "dose" and f.level != "ok")
    return None, [wording.light_only_plan(why), *msgs]


def _report_end(s: Setup, r: Run, warnings: list[str]) -> float:
    """A day after the last place is adapted to, rounded to the wake-up after that day's DLMO
    (:func:`_whole_day_end`), with a warning for every place not adapted to in time."""
    end = s.j.flights[-1][1] + REPORT_MIN_AFTER_LANDING_H
    for t in r.targets:
        _d, at, _ = adapt(s, r, t)
        if at is not None:
            end = max(end, at + 24.0)
        elif t.final:
            end = max(end, r.end_h)
            warnings.append(wording.not_adapted_final(city(t.place), MAX_ADAPT_DAYS))
        else:
            warnings.append(wording.not_adapted_stop(city(t.place)))
    return _whole_day_end(r, min(end, r.end_h))


def _whole_day_end(r: Run, end_h: float) -> float:
    """Move the end of the report to the wake-up after the last DLMO before ``end_h``, so the
    last day shown is whole and nothing lies after it."""
    last = [d for d in r.dlmo_h if d < end_h]
    if not last:
        return end_h
    main = sorted((x for x in r.sleeps if x.kind == "sleep"
                   and not x.reason.startswith("sleep_inflight")), key=lambda x: x.a)
    wake: float | None = None
    for x in main:
        if wake is None:
            if x.b > last[-1]:
                wake = x.b
        elif x.a < wake + MIN_WAKE_GAP_H:  # a night cut in pieces (e.g. by a commitment)
            wake = x.b
        else:
            break
    return end_h if wake is None else min(wake, r.end_h)


def _items(s: Setup, r: Run, end_h: float) -> list[Item]:
    out = [it for it in s.fixed() if it.kind == "flight" or it.a < end_h]
    out += [x for x in r.sleeps if x.a < end_h]
    for w in r.advice:
        if w.a >= end_h:
            continue
        if w.cbtmin_h is not None:  # quote the CBTmin of the final run, as the phase does
            w = replace(w, cbtmin_h=nearest(r.cbtmin_h, w.cbtmin_h))
        out.append(w)
    out += rules.caffeine_cutoffs(r.sleeps, s.j.zone_at, end_h)
    landings = [fb for _, fb, _ in s.j.flights]
    return [_clip_at_landing(it, landings) for it in out]


def _clip_at_landing(it: Item, landings: Sequence[float]) -> Item:
    """End an item at a landing it would run across, so it keeps one zone (not a flight, nor
    a caffeine cut-off, which runs to the sleep it protects)."""
    if it.kind in ("flight", "caffeine_cutoff"):
        return it
    cut = [fb for fb in landings if it.a < fb < it.b]
    return replace(it, b=min(cut)) if cut else it


def _phase(s: Setup, r: Run, base: Run, end_h: float) -> list[PhaseDay]:
    """The DLMO of each evening (and the CBTmin after it), keyed by the evening's local date
    where the person is then, beside the same evening without the plan."""

    def key(h: float) -> tuple:
        z = s.j.zone_at(h)
        return local_date(h - 12.0, z), z

    base_by: dict[tuple, float] = {}
    for d in base.dlmo_h:
        base_by.setdefault(key(d), d)
    out: list[PhaseDay] = []
    for d in r.dlmo_h:
        if d >= end_h:
            break
        k = key(d)
        c = next((x for x in r.cbtmin_h if d < x < d + 14.0), None)
        bd = base_by.get(k)
        out.append(PhaseDay(k[0], from_hours(d), None if c is None else from_hours(c), k[1],
                            None if bd is None else from_hours(bd)))
    return out


def _route(s: Setup, ch: Choices, r: Run, base: Run, prim_i: int) -> tuple[Stop, ...]:
    """Every stay of the trip, in order, with what the plan does there."""
    kept = {i for i, _, _ in ch.kept_home}
    out: list[Stop] = []
    for i, st in enumerate(s.j.stays):
        t = next((t for t in r.targets if t.stay == i), None) if i else None
        bt = next((t for t in base.targets if t.stay == i), None) if i else None
        role: StopRole
        if i == 0:
            role = "start"
        elif t is not None:
            role = "adapted"
        elif i in kept:
            role = "home_time"
        else:
            role = "layover" if s.j.stay_h(i) < LAYOVER_H else "stop"
        days = adapt(s, r, t)[0] if t is not None else None
        days_base = adapt(s, base, bt)[0] if bt is not None and role == "adapted" else None
        out.append(Stop(
            city(st.place), st.place.code, st.place.tz, st.arrive, st.depart, role,
            t.direction if t is not None else "none", t.shift_h if t is not None else 0.0,
            None if days is None else float(days),
            None if days_base is None else float(days_base), primary=i == prim_i))
    return tuple(out)


def _primary(s: Setup, ch: Choices, r: Run, base: Run) -> tuple[int, Target | None,
                                                               int | None, int | None]:
    """(stay index, target, days to adapt with and without the plan) the summary reports."""
    prim_i = primary_index(s, ch.adapted)
    prim = next((t for t in r.targets if t.stay == prim_i), None)
    base_i = prim_i if prim is not None or not ch.kept_home else ch.kept_home[0][0]
    base_prim = next((t for t in base.targets if t.stay == base_i), None)
    days = adapt(s, r, prim)[0] if prim is not None else None
    days_base = adapt(s, base, base_prim)[0] if base_prim is not None else None
    return prim_i, prim, days, days_base


def _antidromic(s: Setup, r: Run) -> list[str]:
    """After a large eastward flight the body's CBTmin falls in the local late morning, so the
    morning lies in the delay zone (Eastman & Burgess 2009): say so."""
    out = []
    for t in r.targets:
        if t.direction != "advance" or t.delta_h < 8.0 - 1e-6:
            continue
        c = next((x for x in r.cbtmin_h if t.arrive_h <= x < t.arrive_h + 36.0), None)
        if c is not None and 5.0 <= local_h(c, t.zone) <= 16.0:
            out.append(wording.antidromic(city(t.place), wording.clock_text(c, t.zone)))
    return out


def _warnings(s: Setup, ch: Choices, r: Run, days: int | None, days_base: int | None,
              prim: Target | None, free: tuple[Run, Setup, Choices] | None) -> list[str]:
    trip, person = s.j.trip, s.j.person
    out = list(trip.warnings())
    if (n := chronotype_note(person)) is not None:
        out.append(n)
    h0 = to_hours(trip.start)
    if person.home_tz and utc_offset_h(person.home_tz, h0) != utc_offset_h(trip.home.tz, h0):
        out.append(wording.home_zone_differs(person.home_tz, trip.home.tz))
    for i in range(1, len(s.j.stays) - 1):
        if i not in ch.adapted and i not in {k for k, _, _ in ch.kept_home}:
            st = s.j.stays[i]
            out.append(wording.short_stop(s.j.stay_h(i) < LAYOVER_H,
                                          f"{city(st.place)} ({st.place.code})", s.j.stay_h(i)))
    for i, m_wo, m_with in ch.kept_home:
        out.append(wording.kept_home(city(s.j.stays[i].place), m_wo, m_with))
    out += _antidromic(s, r)
    if (days is not None and days_base is not None and days >= days_base > 0
            and prim is not None and prim.direction != "none"):
        out.append(wording.no_faster(days, days_base))
    if free is not None:
        out += _commitment_cost(s, ch, days, free)
    return out


def _commitment_cost(s: Setup, ch: Choices, days: int | None,
                     free: tuple[Run, Setup, Choices]) -> list[str]:
    r2, s2, ch2 = free
    prim_i = primary_index(s2, ch2.adapted)
    t2 = next((t for t in r2.targets if t.stay == prim_i), None)
    days_free = adapt(s2, r2, t2)[0] if t2 is not None else None
    names = [c.label or "commitment" for c in s.j.trip.commitments]
    if days is None or days_free is None or days <= days_free:
        return [wording.commitments_free(names)] if names else []
    return [wording.commitments_cost(names, days, days_free)]


def _notes(s: Setup, r: Run) -> list[str]:
    notes = [NOT_MEDICAL_ADVICE]
    if r.doses:
        from circadian.melatonin_safety import LEGAL_STATUS_NOTE

        notes.append(LEGAL_STATUS_NOTE)
        if not s.model.has_melatonin:
            notes.append(wording.melatonin_not_simulated())
    m = round(s.dlmo_clock_h * 60) % 1440
    notes.append(wording.days_to_adapt_definition(f"{m // 60:02d}:{m % 60:02d}", s.model.name))
    return notes


def assemble(s: Setup, ch: Choices, r: Run, base: Run, mel_msgs: list[str],
             codes: list[tuple[str, dict]], free: tuple[Run, Setup, Choices] | None) -> Plan:
    """The plan: events in words, the phase per evening, the summary, warnings and notes."""
    trip = s.j.trip
    prim_i, prim, days, days_base = _primary(s, ch, r, base)
    warnings = [wording.message(c, v) for c, v in codes]
    end_h = _report_end(s, r, warnings)
    ctx = wording.Context(s.j.zone_at, {f"{f.origin.code}→{f.dest.code}": f.number
                                        for f in trip.flights})
    items = _items(s, r, end_h)
    events = sorted((to_event(it, wording.note(it, ctx), s.j.cuts()) for it in items),
                    key=lambda e: (e.start, e.kind))
    route = _route(s, ch, r, base, prim_i)
    if len(s.j.stays) > 2:
        strategy = wording.route_strategy(route, ch.options, s.n_prep, r.targets, ch.prep_gain)
    else:
        strategy = wording.trip_strategy(prim, ch.options.get(prim_i, {}), s.n_prep, days,
                                         days_base, ch.kept_home and city(
                                             s.j.stays[ch.kept_home[0][0]].place),
                                         city(trip.home))
    warnings += _warnings(s, ch, r, days, days_base, prim, free)
    if r.doses or (s.mel_dose is None and melatonin_targets(r.targets)):
        warnings += mel_msgs
    codes_route = "→".join([trip.flights[0].origin.code] + [f.dest.code for f in trip.flights])
    return Plan(
        events=tuple(events),
        phase=tuple(_phase(s, r, base, end_h)),
        summary=Summary(prim.direction if prim is not None else "none",
                        None if days is None else float(days),
                        None if days_base is None else float(days_base), s.model.name,
                        strategy, route=route),
        warnings=tuple(dict.fromkeys(warnings)),
        title=f"Trip plan {codes_route}",
        kind="trip",
        notes=tuple(_notes(s, r)),
        daylight=ground_daylight(trip, events),
    )


def ground_daylight(trip: Trip, events: Sequence[Event]) -> tuple[tuple[datetime, datetime, str],
                                                                  ...]:
    """Sunrise-to-sunset intervals where the person is on the ground (not in flight), from a
    day before the first event to a day after the last, as ``(start UTC, end UTC, zone)``."""
    if not events:
        return ()
    a = min(e.start for e in events) - timedelta(days=1)
    b = max(e.end for e in events) + timedelta(days=1)
    stays = []
    here, since = trip.home, a
    for f in trip.flights:
        stays.append((since, min(f.depart, b), here))
        here, since = f.dest, max(f.arrive, a)
    stays.append((since, b, here))
    return tuple((x, y, p.tz) for st, en, p in stays if en > st
                 for x, y in daylight.daylight_intervals(p, st, en))
