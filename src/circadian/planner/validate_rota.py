"""Check a rota plan against the rules it must keep, whatever planner made it."""

from __future__ import annotations

from datetime import datetime, timedelta

from circadian.plan import Plan
from circadian.planner.rota_sleep import MAX_AWAKE_BEFORE_SHIFT_H
from circadian.rota import Rota, classify_shift


def _h(td: timedelta) -> float:
    return td.total_seconds() / 3600.0


def _hours(x: float) -> timedelta:
    return timedelta(hours=x)


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


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
