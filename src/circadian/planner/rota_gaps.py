"""The sleeps in each gap between two shifts of a rota (the rules: :mod:`.rota_sleep`)."""

from __future__ import annotations

from datetime import timedelta

from circadian.planner.clock import at_local, local_date
from circadian.planner.rota_sleep import (
    DAY_BED_MAX_H,
    EARLY_BED_MAX_H,
    EVENING_WIND_DOWN_H,
    FIXED_WAIT_MAX_H,
    KEEP_LATE_OFF_DAYS,
    MAX_AWAKE_BEFORE_SHIFT_H,
    MIN_SLEEP_H,
    PREP_H,
    RECOVERY_H,
    WIND_DOWN_H,
    Role,
    Sleep,
    SleepPlan,
)
from circadian.planner.rules import PRE_NIGHT_NAP_H
from circadian.rota import MIN_REST_H, Block

_AWAKE_AFTER_SLEEP_H = 2.0  # a nap comes at least this long after the sleep before it


def plan_sleeps(sp: SleepPlan) -> list[Sleep]:
    """Every planned sleep of the rota, in time order."""
    n = len(sp.rota.shifts)
    out: list[Sleep] = []
    for i in range(n + 1):
        out.extend(gap_sleeps(sp, i - 1 if i > 0 else None, i if i < n else None))
    return sorted(out, key=lambda x: x.a)


def _bounds(sp: SleepPlan, prev: int | None, nxt: int | None) -> tuple[float, float, float,
                                                                        float]:
    """(home from the previous shift, leaving for the next, earliest bed, latest wake)."""
    a = sp.sb[prev] + sp.c if prev is not None else sp.start
    b = sp.sa[nxt] - sp.c if nxt is not None else sp.end
    earliest = a + WIND_DOWN_H if prev is not None else a
    latest = b - PREP_H if nxt is not None else b
    return a, b, earliest, latest


def gap_sleeps(sp: SleepPlan, prev: int | None, nxt: int | None) -> list[Sleep]:
    """Sleeps between shifts ``prev`` and ``nxt`` (indices; None before the first / after the
    last), then a safety net: every shift gets a sleep or nap ending within
    :data:`MAX_AWAKE_BEFORE_SHIFT_H` before it when the gap allows one."""
    out = _gap_core(sp, prev, nxt)
    if nxt is None:
        return out
    _a, _b, earliest, latest = _bounds(sp, prev, nxt)
    if not out:
        s, e = earliest, min(earliest + sp.D, latest)
        if e - s >= MIN_SLEEP_H:
            out.append(Sleep(s, e, "habitual", "rota_asap"))
        return out
    last_end = max(x.b for x in out)
    if sp.sa[nxt] - last_end > MAX_AWAKE_BEFORE_SHIFT_H:
        e = latest
        s = max(e - PRE_NIGHT_NAP_H, last_end + _AWAKE_AFTER_SLEEP_H)
        if e - s >= MIN_SLEEP_H:
            out.append(Sleep(s, e, "nap", "rota_nap_awake_limit",
                             numbers={"max_awake_h": MAX_AWAKE_BEFORE_SHIFT_H}))
    return out


def _hold_late(sp: SleepPlan, prev: int | None, nxt: int | None) -> Block | None:
    """The run of nights whose compromise position is held over the days off in this gap."""
    if prev is None or nxt is None or not (sp.is_run(prev) and sp.is_night(nxt)):
        return None
    off = (local_date(sp.sa[nxt], sp.tz) - local_date(sp.sb[prev], sp.tz)).days
    return sp.block(prev) if off <= KEEP_LATE_OFF_DAYS else None


def _after_night(sp: SleepPlan, prev: int, same_block: bool, hold: Block | None,
                 earliest: float, latest: float) -> Sleep | None:
    """The sleep after night shift ``prev``: the fixed day sleep of a run, a day sleep between
    isolated nights, or a short recovery sleep after the last night of a block."""
    blk = sp.block(prev)
    run = blk.kind == "run of nights"
    role: Role
    if same_block and run:
        fixed = at_local(local_date(sp.sb[prev], sp.tz), sp.day_sleep_start[id(blk)], sp.tz)
        # same time every day, unless that means waiting up long after an early finish
        s = fixed if earliest <= fixed <= earliest + FIXED_WAIT_MAX_H else earliest
        role, reason, e = "day sleep", "rota_day_sleep", min(s + sp.D, latest)
    elif same_block:
        s, role, reason = earliest, "isolated day sleep", "rota_isolated_day_sleep"
        e = min(s + sp.D, latest)
    else:
        s, e = earliest, min(earliest + RECOVERY_H, latest)
        role, reason = ("hold recovery", "rota_hold_recovery") if hold is not None else (
            "recovery", "rota_recovery")
    if e - s < MIN_SLEEP_H:
        return None
    return Sleep(s, e, role, reason, after_night=prev, melatonin_ok=same_block and run,
                 numbers={"recovery_h": RECOVERY_H} if role == "recovery" else {})


def _gap_core(sp: SleepPlan, prev: int | None, nxt: int | None) -> list[Sleep]:
    a, b, earliest, latest = _bounds(sp, prev, nxt)
    out: list[Sleep] = []
    cursor = earliest
    same_block = prev is not None and nxt is not None and sp.block(prev) is sp.block(nxt)
    hold = _hold_late(sp, prev, nxt)
    if prev is not None and sp.is_night(prev):
        x = _after_night(sp, prev, same_block, hold, earliest, latest)
        if x is not None:
            out.append(x)
            cursor = x.b + PREP_H
        if same_block:
            return out + _nap_before_nights(sp, out, cursor, latest, prev, nxt)
    for d in sp.nights(a, b):
        x = _night(sp, d, prev, nxt, hold, a, latest, cursor)
        if x is not None and x.b - x.a >= MIN_SLEEP_H and x.a < b and x.b > a:
            out.append(x)
            cursor = x.b + PREP_H
    return out + _nap_before_nights(sp, out, cursor, latest, prev, nxt)


def _night(sp: SleepPlan, d, prev: int | None, nxt: int | None,  # type: ignore[no-untyped-def]
           hold: Block | None, a: float, latest: float, cursor: float) -> Sleep | None:
    """The night's sleep of local date ``d`` in a gap (home at ``a``, awake by ``latest``)."""
    s0, e0 = sp.habitual(d)
    s, e = s0, e0
    is_last = nxt is not None and sp.habitual(d + timedelta(days=1))[0] >= latest
    role: Role = "habitual"
    reason = "rota_habitual"
    home_late = False
    if hold is not None:
        (s, e), role, reason = sp.late(d, hold), "days-off late", "rota_days_off_late"
    elif prev is not None and e0 > a and (
            s0 - a < EVENING_WIND_DOWN_H or (sp.kind_of[prev] == "evening" and s0 - a < 12.0)):
        # home late: bed no earlier than EVENING_WIND_DOWN_H after getting home, full length
        home_late = True
        s = max(s0, a + EVENING_WIND_DOWN_H)
        e = s + sp.D
        role, reason = (("evening", "rota_evening") if sp.kind_of[prev] == "evening"
                        else ("habitual", "rota_late_finish"))
    if is_last and nxt is not None:
        s, e, role, reason = _before_next(sp, d, nxt, hold, s, e, s0, latest, role, reason)
    s, e = max(s, cursor), min(e, latest)
    numbers: dict[str, float] = {}
    if home_late and prev is not None:
        role, reason, numbers = _after_late_finish(
            sp, prev, nxt if is_last else None, s, e, s0, cursor, role, reason)
    if reason == "rota_early":
        numbers["early_bed_max_h"] = EARLY_BED_MAX_H
    return Sleep(s, e, role, reason, numbers=numbers)


def _before_next(sp: SleepPlan, d, nxt: int, hold: Block | None,  # type: ignore[no-untyped-def]
                 s: float, e: float, s0: float, latest: float, role: Role,
                 reason: str) -> tuple[float, float, Role, str]:
    """The last night before shift ``nxt``: earlier for an early or day start, late before a
    run of nights, the usual night (an anchor) before isolated nights."""
    k = sp.kind_of[nxt]
    if k in ("early", "day"):
        cap = EARLY_BED_MAX_H if k == "early" else DAY_BED_MAX_H
        if e > latest:
            e = latest
            s = max(min(s, e - sp.D), s0 - cap)
        if k == "early":
            return s, e, "early", "rota_early"
        if role == "habitual":
            return s, e, "day", "rota_day"
        return s, e, role, reason
    if k == "night" and sp.first_of_block(nxt) and hold is None:
        if sp.is_run(nxt):
            s, e = sp.late(d, sp.block(nxt))
            return s, e, "pre-nights late", "rota_pre_nights_late"
        return s, e, "anchor", "rota_anchor"
    return s, e, role, reason


def _after_late_finish(sp: SleepPlan, prev: int, nxt: int | None, s: float, e: float,
                       s0: float, cursor: float, role: Role,
                       reason: str) -> tuple[Role, str, dict[str, float]]:
    """Role, reason and figures of the first night's sleep after a late finish, from the times
    it actually got: ``nxt`` is the next shift when it starts the morning after (else None),
    ``s0`` the habitual bedtime, ``cursor`` the earliest bedtime after getting home."""
    if role in ("anchor", "pre-nights late"):  # set for the nights that follow
        return role, reason, {}
    k = sp.kind_of[nxt] if nxt is not None else None
    if nxt is not None and k in ("early", "day"):
        # a morning start cuts the sleep short: bed as soon as possible after getting home
        if s <= cursor and e - s < sp.D - 1e-6:
            rest = sp.sa[nxt] - sp.sb[prev]
            numbers = {"next_start_h": sp.sa[nxt], "sleep_h": e - s, "usual_h": sp.D}
            if rest < MIN_REST_H:
                numbers |= {"rest_h": rest, "min_rest_h": MIN_REST_H}
            return ("early" if k == "early" else "day"), f"rota_asap_before_{k}", numbers
        if k == "day" and s <= s0:
            return "day", "rota_day", {}
        return role, reason, {}
    if s <= s0:  # home in time for the usual bedtime: nothing is later
        return role, "rota_habitual", {}
    return role, reason, {}


def _nap_before_nights(sp: SleepPlan, sleeps: list[Sleep], cursor: float, latest: float,
                       prev: int | None, nxt: int | None) -> list[Sleep]:
    """A nap before the first night of each night block, ending :data:`PREP_H` before leaving."""
    if nxt is None or not sp.is_night(nxt) or not sp.first_of_block(nxt):
        return []
    e = latest
    s = e - PRE_NIGHT_NAP_H
    last_end = max((x.b for x in sleeps), default=None)
    if last_end is not None and s < last_end + _AWAKE_AFTER_SLEEP_H:
        return []
    if s < cursor - PREP_H or (prev is not None and s < sp.sb[prev] + sp.c):
        return []
    return [Sleep(s, e, "nap", "rota_nap_before_nights",
                  numbers={"nap_h": PRE_NIGHT_NAP_H, "prep_h": PREP_H})]
