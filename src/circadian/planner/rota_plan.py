"""From a simulated rota plan to the :class:`~circadian.plan.Plan` people see: events in words,
the phase per evening, alertness on every shift, work in the biological night, the summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np

from circadian import daylight, melatonin_safety
from circadian.alertness import KSS_SLEEPY, alertness_series, cbtmin_phase, shift_alertness
from circadian.person import chronotype_note
from circadian.plan import NOT_MEDICAL_ADVICE, Alertness, Event, PhaseDay, Plan, Summary
from circadian.planner import rules, wording
from circadian.planner.clock import from_hours, local_date, to_hours
from circadian.planner.rota_sleep import Sleep
from circadian.planner.schedule import Item, to_event
from circadian.planner.scoring import night_work_hours, nights_until_cbtmin_after_shift
from circadian.planner.validate_rota import validate_rota_plan
from circadian.rota import Block, classify_shift, guidance_warnings
from circadian.simulate import SimulationResult

if TYPE_CHECKING:
    from circadian.planner.rota import BlockStrategy, RotaSetup


def _events(s: RotaSetup, sleeps: Sequence[Sleep], advice: Sequence[Item],
            doses: Sequence[Item]) -> list[Event]:
    sleep_items = [Item(x.kind, x.a, x.b, s.rota.tz, x.reason, 0.0,
                        numbers=tuple(x.numbers.items())) for x in sleeps]
    items = [*s.shifts(), *sleep_items, *advice, *doses,
             *rules.caffeine_cutoffs(sleep_items, lambda h: s.rota.tz)]
    ctx = wording.Context(lambda h: s.rota.tz)
    return sorted((to_event(it, wording.note(it, ctx)) for it in items),
                  key=lambda e: (e.start, e.end, e.kind))


def _phase_days(res: SimulationResult, base: SimulationResult, tz: str, d0: date,
                d1: date) -> tuple[PhaseDay, ...]:
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


def _alertness(s: RotaSetup, sleep_pairs: list[tuple[datetime, datetime]],
               res: SimulationResult) -> tuple[list[Alertness], list[str]]:
    """Predicted alertness on every shift, and a warning for each flagged one."""
    fn = cbtmin_phase(res.cbtmin) if res.cbtmin else None
    sa = shift_alertness(s.rota.shifts, sleep_pairs, fn)
    warnings = []
    for sh, al in zip(s.rota.shifts, sa, strict=True):
        if not al.flag:
            continue
        n = max(2, int(sh.duration_h * 12) + 1)
        times = [sh.start + (sh.end - sh.start) * (k / (n - 1)) for k in range(n)]
        series = alertness_series(times, sleep_pairs, phase=fn, tz=None if fn else s.rota.tz)
        low = np.flatnonzero(series.kss >= KSS_SLEEPY)
        at = times[int(low[0])] if low.size else times[0]
        kind = classify_shift(sh)
        warnings.append(wording.low_alertness(
            sh.label or kind, f"{sh.local_start():%Y-%m-%d}", KSS_SLEEPY, al.hours_at_risk,
            wording.clock_text(to_hours(at), s.rota.tz), kind == "night"))
    return [a.to_plan() for a in sa], warnings


def _misalignment(s: RotaSetup, strategies: Sequence[BlockStrategy], res: SimulationResult,
                  base: SimulationResult) -> tuple[list[float], list[float], list]:
    cb = [to_hours(c) for c in res.cbtmin]
    cb0 = [to_hours(c) for c in base.cbtmin]
    mis = [night_work_hours((a, b), cb) for a, b in zip(s.sp.sa, s.sp.sb, strict=True)]
    mis0 = [night_work_hours((a, b), cb0) for a, b in zip(s.sp.sa, s.sp.sb, strict=True)]
    by_block = []
    for st in strategies:
        idx = [i for i in range(len(mis)) if s.sp.block(i) is st.block]
        by_block.append((st.block, sum(mis[i] for i in idx), sum(mis0[i] for i in idx)))
    return mis, mis0, by_block


def _days_to_adapt(s: RotaSetup, res: SimulationResult,
                   base: SimulationResult) -> tuple[Block | None, float | None, float | None]:
    runs = [b for b in s.sp.blocks if b.kind == "run of nights"]
    longest = max(runs, key=lambda b: len(b.shifts)) if runs else None
    if longest is None:
        return None, None, None
    spans = [(to_hours(x.start), to_hours(x.end)) for x in longest.shifts]
    out = []
    for r in (res, base):
        k = nights_until_cbtmin_after_shift(spans, [to_hours(c) for c in r.cbtmin])
        out.append(None if k is None else float(k))
    return longest, out[0], out[1]


def _direction(s: RotaSetup) -> Literal["advance", "delay", "none"]:
    n_delay = sum(len(b.shifts) for b in s.sp.blocks if b.kind == "run of nights")
    n_adv = sum(len(b.shifts) for b in s.sp.blocks if b.kind == "early starts")
    return "delay" if n_delay and n_delay >= n_adv else "advance" if n_adv else "none"


def _notes(s: RotaSetup, strategies: Sequence[BlockStrategy], by_block: list, dropped: int,
           mel_codes: list[str], verdict: melatonin_safety.SafetyVerdict | None,
           has_doses: bool) -> tuple[list[str], list[str]]:
    """(notes, warnings) about the blocks, pulses left out and melatonin."""
    notes, warnings = [NOT_MEDICAL_ADVICE], []
    if dropped:
        notes.append(wording.pulses_dropped(dropped))
    if "mel_not_allowed" in mel_codes and verdict is not None:
        warnings.append(wording.rota_melatonin_not_allowed(verdict))
    elif "mel_planned" in mel_codes and verdict is not None:
        notes.append(melatonin_safety.LEGAL_STATUS_NOTE)
        notes.extend(m for m in verdict.messages if m not in notes)
    else:
        notes += [wording.rota_melatonin(c) for c in mel_codes]
    if has_doses and not s.model.has_melatonin:
        notes.append(wording.rota_melatonin_not_simulated(s.model.name))
    for st, (_blk, w, wo) in zip(strategies, by_block, strict=True):
        notes.append(wording.block_note(st, w, wo))
    if not s.located:
        notes.append(wording.daylight_from_zone(s.rota.tz))
    return notes, warnings


def assemble(s: RotaSetup, strategies: Sequence[BlockStrategy], sleeps: Sequence[Sleep],
             advice: Sequence[Item], doses: Sequence[Item], dropped: int,
             mel_codes: list[str], verdict: melatonin_safety.SafetyVerdict | None,
             res: SimulationResult, base: SimulationResult, commute_min: float,
             ) -> tuple[Plan, tuple, float | None, float | None]:
    """The plan, with (misalignment by block, days to adapt with and without it)."""
    rota, person, tz = s.rota, s.person, s.rota.tz
    events = _events(s, sleeps, advice, doses)
    sleep_pairs = [(from_hours(x.a), from_hours(x.b)) for x in sleeps]
    alertness, warnings = _alertness(s, sleep_pairs, res)
    if (n := chronotype_note(person)) is not None:
        warnings.insert(0, n)
    if person.home_tz and person.home_tz != tz:
        warnings.insert(0, wording.rota_home_zone(tz, person.home_tz))
    if s.start_note:
        warnings.insert(0, wording.dlmo_off_model(s.start_note, person.dlmo))
    mis, mis0, by_block = _misalignment(s, strategies, res, base)
    notes, mel_warnings = _notes(s, strategies, by_block, dropped, mel_codes, verdict,
                                 bool(doses))
    warnings += mel_warnings + guidance_warnings(rota)
    longest, dta, dta0 = _days_to_adapt(s, res, base)
    nights = [i for i in range(len(mis)) if s.sp.is_night(i)]
    summary = Summary(
        direction=_direction(s), days_to_adapt=dta, days_to_adapt_without_plan=dta0,
        model=s.model.name,
        strategy=wording.rota_strategy([st.block.kind for st in strategies],
                                       round(sum(mis), 1), round(sum(mis0), 1),
                                       round(sum(mis[i] for i in nights), 1),
                                       round(sum(mis0[i] for i in nights), 1), bool(nights),
                                       longest is not None),
        misalignment_h=round(sum(mis), 1), misalignment_h_without_plan=round(sum(mis0), 1))
    draft = Plan(events=tuple(events), phase=(), summary=summary, kind="rota")
    warnings += [wording.plan_check(p) for p in validate_rota_plan(draft, rota, commute_min)]
    d0, d1 = local_date(s.sp.start, tz), local_date(s.sp.end, tz)
    first, last = rota.shifts[0], rota.shifts[-1]
    plan = Plan(
        events=tuple(events), phase=_phase_days(res, base, tz, d0, d1), summary=summary,
        warnings=tuple(warnings), alertness=tuple(alertness),
        title=f"Shift-work plan {first.local_start():%Y-%m-%d} to {last.local_end():%Y-%m-%d}",
        kind="rota", notes=tuple(notes), daylight=_daylight(s, events))
    return plan, tuple(by_block), dta, dta0


def _daylight(s: RotaSetup, events: Sequence[Event]) -> tuple[tuple[datetime, datetime, str],
                                                              ...]:
    """Sunrise to sunset where the person lives, a day either side of the plan (charts)."""
    pos = s.where.pos
    if pos is None or not events:
        return ()
    a = min(e.start for e in events) - timedelta(days=1)
    b = max(e.end for e in events) + timedelta(days=1)
    return tuple((x, y, s.rota.tz) for x, y in daylight.daylight_intervals(pos, a, b))
