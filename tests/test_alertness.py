"""Three Process Model of alertness: equations and defaults against FIPS, and behaviour.

Reference: FIPS R package (humanfactors/FIPS, R/simulation_threeprocessmodel.R,
``TPM_make_pvec`` defaults from Ingre et al. 2014, PLoS ONE 9:e108679).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from circadian.alertness import (
    TPM_FIPS,
    alertness_series,
    alertness_threshold,
    cbtmin_phase,
    entrained_phase,
    fixed_peak_phase,
    shift_alertness,
    three_process,
)
from circadian.errors import CircadianError
from circadian.plan import Alertness
from circadian.rota import Shift

D0 = datetime(2027, 1, 1, tzinfo=UTC)


def hours(dt: datetime) -> float:
    return (dt - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() / 3600


def normal_sleeps(days: int = 6, skip: tuple[int, ...] = ()) -> list[tuple[datetime, datetime]]:
    """23:00-07:00 UTC every night from the evening of 1 Jan, except nights in ``skip``."""
    return [
        (D0 + timedelta(days=k, hours=23), D0 + timedelta(days=k + 1, hours=7))
        for k in range(days)
        if k not in skip
    ]


def grid(step_h: float = 0.25, days: int = 7) -> tuple[np.ndarray, list[datetime]]:
    t = np.arange(0, days * 24, step_h)
    return t, [D0 + timedelta(hours=float(h)) for h in t]


# ------------------------------------------------------------------ parameters (FIPS defaults)


def test_default_parameters_equal_fips_tpm_make_pvec() -> None:
    p = TPM_FIPS
    assert (p.la, p.ha, p.d, p.bl) == (2.4, 14.3, -0.0353, 12.2)
    assert (p.cm, p.ca, p.p, p.um, p.ua) == (0.0, 2.5, 16.8, -0.5, 0.5)
    assert (p.wc, p.wd, p.s0) == (-5.72, -1.51, 7.96)
    assert (p.kss_intercept, p.kss_beta) == (10.6, -0.6)
    # g = log((ha - 14) / (ha - 7.96)) / 8, "typically about -0.3813" in the FIPS docs
    assert p.g == pytest.approx(math.log(0.3 / 6.34) / 8)
    assert p.g == pytest.approx(-0.3813, abs=1e-4)


def test_kss_threshold_maps_to_alertness_six() -> None:
    # KSS = 10.6 - 0.6 A, so KSS 7 ("sleepy") <=> A = 6
    assert alertness_threshold(7.0) == pytest.approx(6.0)


# ------------------------------------------------------------------ equations (FIPS closed forms)


def _fips_sleep_s(ss: float, tas: float) -> float:
    """FIPS TPM_Spfun written out independently: linear to bl, then exponential."""
    p = TPM_FIPS
    bt = (p.bl - ss) / (p.g * (p.bl - p.ha))
    if tas <= bt:
        return ss + tas * p.g * (p.bl - p.ha)
    return p.ha - (p.ha - p.bl) * math.exp(p.g * (tas - bt))


@pytest.mark.parametrize("ss", [5.0, 7.96, 9.0, 12.0])
def test_sleep_recovery_matches_fips_when_starting_below_break_level(ss: float) -> None:
    tas = np.array([0.5, 1.0, 3.0, 5.0, 8.0, 12.0])
    r = three_process(tas, [[0.0, 24.0]], np.zeros_like(tas), s0=ss)
    assert r.s == pytest.approx([_fips_sleep_s(ss, x) for x in tas], abs=1e-12)


def test_sleep_from_7_96_for_8_h() -> None:
    # linear at g(bl - ha) = 0.80085/h up to bl = 12.2 (5.2944 h), then
    # 14.3 - 2.1 exp(-0.381356 * 2.7056) = 13.5516 (hand calculation)
    r = three_process([8.0], [[0.0, 8.0 + 1e-9]], [0.0], s0=7.96)
    assert r.s[0] == pytest.approx(13.5516, abs=1e-4)


def test_sleep_starting_above_break_level_is_continuous_and_rises() -> None:
    el = np.array([1e-9, 0.5, 2.0, 6.0])
    r = three_process(el, [[0.0, 10.0]], np.zeros(4), s0=13.0)
    assert r.s[0] == pytest.approx(13.0, abs=1e-6)
    assert np.all(np.diff(r.s) > 0) and r.s[-1] < TPM_FIPS.ha


def test_wake_decay_and_sleep_inertia_match_fips() -> None:
    p = TPM_FIPS
    # sleep 0-8 h from S0, then awake; sample 16 h after waking
    r = three_process([8.0 + 0.25, 24.0], [[0.0, 8.0]], [0.0, 0.0])
    sw = _fips_sleep_s(p.s0, 8.0)
    assert r.s[1] == pytest.approx(p.la + (sw - p.la) * math.exp(p.d * 16.0))
    assert r.w[0] == pytest.approx(p.wc * math.exp(p.wd * 0.25))
    assert r.w[1] == pytest.approx(p.wc * math.exp(p.wd * 16.0))


def test_circadian_process_peaks_at_p_and_dips_after_lunch() -> None:
    tod = np.arange(0, 24, 0.05)
    r = three_process(np.zeros_like(tod), [], tod)
    assert tod[np.argmax(r.c)] == pytest.approx(16.8)
    assert tod[np.argmin(r.c)] == pytest.approx(4.8)
    # U = Um + Ua cos(2 pi (T - p - 3)/12): troughs at 13.8 (post-lunch dip) and 01.8
    troughs = sorted(tod[np.argsort(r.u)[:2]])
    assert troughs == pytest.approx([1.8, 13.8], abs=0.05)
    assert r.u.max() == pytest.approx(0.0) and r.u.min() == pytest.approx(-1.0)


# ------------------------------------------------------------------ behaviour


def test_after_normal_nights_alertness_peaks_in_late_afternoon() -> None:
    t, times = grid()
    r = alertness_series(times, normal_sleeps(), tz="UTC")
    for day in (3, 4):
        day_mask = (t >= day * 24 + 7) & (t < day * 24 + 23)
        peak = t[np.argmax(np.where(day_mask, r.alertness, -np.inf))] % 24
        assert 15 <= peak <= 18
        # clearly awake-alert (KSS ~3) at the peak, sleepier (KSS ~5-6) by bedtime
        assert r.kss[day_mask].min() < 4
        assert 5 < r.kss[np.searchsorted(t, day * 24 + 22.75)] < 7


def test_24_h_awake_is_much_worse_than_16_h_and_worst_near_dawn() -> None:
    t, times = grid()
    r = alertness_series(times, normal_sleeps(skip=(3,)), tz="UTC")  # no sleep night of 4-5 Jan
    woke = 3 * 24 + 7
    a16 = r.alertness[np.searchsorted(t, woke + 16)]
    a24 = r.alertness[np.searchsorted(t, woke + 24)]
    assert a16 - a24 > 2.5
    assert r.kss[np.searchsorted(t, woke + 16)] < 7 < r.kss[np.searchsorted(t, woke + 24)]
    night = (t >= woke + 12) & (t < woke + 36)
    worst = t[np.argmin(np.where(night, r.alertness, np.inf))] % 24
    assert 3 <= worst <= 6


def test_recovery_sleep_restores_alertness() -> None:
    t, times = grid()
    base = alertness_series(times, normal_sleeps(), tz="UTC")
    dep = alertness_series(times, normal_sleeps(skip=(3,)), tz="UTC")
    noon = [np.searchsorted(t, d * 24 + 12) for d in (4, 5, 6)]
    deficit = [base.alertness[i] - dep.alertness[i] for i in noon]
    assert deficit[0] > 4  # noon after the lost night
    assert deficit[1] < 0.4 * deficit[0]  # one recovery night restores most of it
    assert deficit[2] < 0.1 * deficit[0]  # two nights: close to baseline


def test_phase_functions_agree_for_an_entrained_person() -> None:
    t = hours(D0) + np.arange(0, 72, 0.5)
    ent = entrained_phase("UTC")(t)
    assert fixed_peak_phase(16.8)(t) == pytest.approx(ent)
    cbt = [D0 + timedelta(days=k, hours=4.8) for k in range(3)]
    wrapped = (cbtmin_phase(cbt)(t) - ent + 12) % 24 - 12  # circular difference
    assert wrapped == pytest.approx(np.zeros_like(t), abs=1e-9)


def test_entrained_phase_follows_local_clock_through_dst() -> None:
    f = entrained_phase("Europe/London")
    summer = hours(datetime(2027, 7, 1, 12, tzinfo=UTC))
    winter = hours(datetime(2027, 1, 1, 12, tzinfo=UTC))
    assert f(np.array([summer, winter])) == pytest.approx([13.0, 12.0])


def test_cbtmin_phase_moves_process_c_with_the_body_clock() -> None:
    t_rel = np.arange(48, 96, 0.05)
    t = hours(D0) + t_rel
    late = [D0 + timedelta(days=k, hours=4.8 + 6) for k in range(5)]  # delayed 6 h
    res = three_process(t, [], cbtmin_phase(late)(t))
    day = t_rel < 72
    assert t_rel[day][np.argmax(res.c[day])] % 24 == pytest.approx(16.8 + 6, abs=0.05)
    # a clock drifting later by 1 h a day: peak-to-peak 25 h
    drifting = [D0 + timedelta(days=k, hours=4.8 + k) for k in range(5)]
    c = three_process(t, [], cbtmin_phase(drifting)(t)).c
    peaks = t_rel[1:-1][(c[1:-1] > c[:-2]) & (c[1:-1] >= c[2:])]
    assert np.diff(peaks) == pytest.approx([25.0], abs=0.06)


# ------------------------------------------------------------------ shifts


def _night(day: int) -> Shift:
    s = D0 + timedelta(days=day, hours=19)
    return Shift(s, s + timedelta(hours=12), "Night", "UTC")


def test_shift_alertness_flags_first_night_without_nap_not_day_shift() -> None:
    day = Shift(D0 + timedelta(days=3, hours=8), D0 + timedelta(days=3, hours=16), "Day", "UTC")
    sleeps = normal_sleeps(days=4)  # last sleep ends 07:00 on day 4; awake into the night
    res = shift_alertness([day, _night(4)], sleeps, None)
    assert not res[0].flag and res[0].hours_at_risk == 0 and res[0].lowest > 8
    assert res[1].flag and res[1].max_kss > 7.5
    assert 3 < res[1].hours_at_risk < 12
    plan_rec = res[1].to_plan()
    assert isinstance(plan_rec, Alertness) and plan_rec.hours_at_risk == res[1].hours_at_risk


def test_day_sleep_and_adapted_clock_reduce_night_risk() -> None:
    sleeps = normal_sleeps(days=4)
    first = shift_alertness([_night(4)], sleeps, None)[0]
    with_sleep = sleeps + [(D0 + timedelta(days=5, hours=8), D0 + timedelta(days=5, hours=15))]
    second = shift_alertness([_night(5)], with_sleep, None)[0]
    assert second.hours_at_risk < first.hours_at_risk
    # the same night with the body clock delayed 8 h (CBTmin at 12:48) is safer still
    delayed = cbtmin_phase([D0 + timedelta(days=k, hours=12.8) for k in range(8)])
    adapted = shift_alertness([_night(5)], with_sleep, delayed)[0]
    assert adapted.hours_at_risk < second.hours_at_risk


def test_invalid_inputs() -> None:
    sleeps = normal_sleeps(days=2)
    overlapping = Shift(D0 + timedelta(hours=22), D0 + timedelta(hours=30), "Late", "UTC")
    with pytest.raises(CircadianError, match="overlaps the shift 'Late'"):
        shift_alertness([overlapping], sleeps, None)
    with pytest.raises(CircadianError, match="exactly one"):
        alertness_series([D0], sleeps)
    with pytest.raises(CircadianError, match="overlap"):
        alertness_series(
            [D0],
            [(D0, D0 + timedelta(hours=8)), (D0 + timedelta(hours=4), D0 + timedelta(hours=9))],
            tz="UTC",
        )
    with pytest.raises(CircadianError, match="no time zone"):
        alertness_series([datetime(2027, 1, 1)], [], tz="UTC")
    with pytest.raises(CircadianError, match="12 h apart"):
        cbtmin_phase([D0, D0 + timedelta(hours=1)])


def test_local_zone_shift_uses_local_clock() -> None:
    london = ZoneInfo("Europe/London")
    s = datetime(2027, 7, 5, 19, tzinfo=london)
    sh = Shift(s, s + timedelta(hours=12), "Night", "Europe/London")
    sleeps = [
        (datetime(2027, 7, d, 23, tzinfo=london), datetime(2027, 7, d + 1, 7, tzinfo=london))
        for d in range(1, 5)
    ]
    local_res = shift_alertness([sh], sleeps, None)[0]
    utc_res = shift_alertness([sh], sleeps, entrained_phase("UTC"))[0]
    # in BST the local clock is 1 h ahead of UTC, so the C trough falls 1 h earlier in real time
    assert local_res.lowest != pytest.approx(utc_res.lowest)
