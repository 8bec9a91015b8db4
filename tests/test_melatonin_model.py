"""Breslow 2013 model: pharmacokinetics, endogenous melatonin, and melatonin PRCs.

Reference values are from science.md §2 (pharmacokinetics, Burgess PRCs). Where the model
disagrees with the data, the test says so and is marked xfail(strict=True): it records what
the model predicts and fails loudly if that changes.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest

from circadian.errors import CircadianError
from circadian.integrate import integrate_reference, run, step_grid
from circadian.light import DIM_LUX, LightSchedule, daily_schedule
from circadian.models import MODELS, get_model
from circadian.models.breslow import PMOL_PER_L_PER_PG_PER_ML, PMOL_PER_MG, Breslow13
from circadian.prc_melatonin import melatonin_prc
from circadian.simulate import Dose, entrain, simulate
from circadian.timebase import to_hours

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def model() -> Breslow13:
    return get_model("breslow13")  # type: ignore[return-value]


def _pk(model: Breslow13, mg: float) -> tuple[np.ndarray, np.ndarray]:
    """Plasma H2 [pmol/L] after one dose into empty compartments, pineal off (bright light)."""
    P = model.params.as_array()[None, :]
    y0 = np.zeros((1, 6))
    y0[0, 0] = -1.0
    g = np.arange(0.0, 12.0 + 1e-9, 0.005)
    dose = np.zeros(g.size - 1)
    dose[0] = mg
    r = run(model, P, y0, g, np.full(g.size - 1, 10_000.0), dose, record=True)
    return g, r.trajectory[0][:, 4]


# -- registration and parameters ---------------------------------------------------------------
def test_registered_with_melatonin_states(model):
    assert MODELS["breslow13"] is Breslow13
    assert model.has_melatonin
    assert model.state_names == ("x", "xc", "n", "H1", "H2", "H3")
    assert model.state_names[model.n_index] == "n"
    assert "tau" in model.params.names() and model.params.tau == 24.1
    for p in model.describe():
        assert p.unit and p.meaning and p.source and p.lo <= p.value <= p.hi


def test_rates_are_the_papers_per_second_values_in_hours(model):
    p = model.params
    # Breslow 2013 [C Arcascope, science.md §3]: 7.83e-4, 3.35e-4, 1.62e-4 1/s
    assert p.beta_IP == pytest.approx(7.83e-4 * 3600)
    assert p.beta_CP == pytest.approx(3.35e-4 * 3600)
    assert p.beta_AP == pytest.approx(1.62e-4 * 3600)
    # science.md §3 implied half-lives: plasma ~34 min, gut ~71 min, pineal->plasma ~15 min
    assert math.log(2) / p.beta_CP * 60 == pytest.approx(34.5, abs=0.5)
    assert math.log(2) / p.beta_AP * 60 == pytest.approx(71.3, abs=0.5)
    assert math.log(2) / p.beta_IP * 60 == pytest.approx(14.8, abs=0.5)


def test_dose_conversion_documented(model):
    # d mg -> F * d / (MW * V) in pmol/L; F = 0.15 (Harpsoe 2015), V = 100 L
    assert pytest.approx(4.3051e6, rel=1e-4) == PMOL_PER_MG
    assert model.dose_to_gut(1.0) == pytest.approx(0.15 * PMOL_PER_MG / 100.0)
    assert model.dose_to_gut(3.0) == pytest.approx(3 * model.dose_to_gut(1.0))


# -- pharmacokinetics --------------------------------------------------------------------------
def test_oral_dose_tmax_and_half_life_plausible(model):
    g, h2 = _pk(model, 0.5)
    i = int(np.argmax(h2))
    tmax_min = g[i] * 60
    # Harpsoe 2015: Tmax ~50 min; Andersen 2016 (10 mg): 40.8 +/- 17.8 min; Ait Abdellah 2023
    # tablet: 64 +/- 44 min; Waldhauser 1984 (80 mg): 60-150 min. The model: 70 min.
    assert 40 <= tmax_min <= 100
    assert tmax_min == pytest.approx(70, abs=3)
    # apparent terminal half-life (4-8 h after intake): Harpsoe ~45 min, Andersen oral
    # 53.7 min, Waldhauser 48 min. The model's tail is set by gut absorption, which is slower
    # than clearance (flip-flop kinetics): it tends to ln2/beta_AP = 71 min from above (~75).
    k1, k2 = np.searchsorted(g, 4.0), np.searchsorted(g, 8.0)
    t_half = math.log(2) / (math.log(h2[k1] / h2[k2]) / (g[k2] - g[k1])) * 60
    assert 30 <= t_half <= 90
    assert t_half == pytest.approx(75, abs=5)
    # from the peak down to half the peak: ~2 h
    j = i + int(np.argmax(h2[i:] < h2[i] / 2))
    assert (g[j] - g[i]) * 60 == pytest.approx(125, abs=10)


def test_cmax_scales_with_dose_and_matches_andersen(model):
    peaks = {mg: _pk(model, mg)[1].max() / PMOL_PER_L_PER_PG_PER_ML for mg in (0.5, 3, 10)}
    # linear kinetics
    assert peaks[10] / peaks[0.5] == pytest.approx(20, rel=1e-3)
    # Andersen 2016: 10 mg oral, median Cmax 3,550 pg/mL (V = 100 L was chosen near this)
    assert peaks[10] == pytest.approx(3550, rel=0.1)
    # Hsat = 861 pmol/L = 200 pg/mL: 0.5 mg peaks just below it, 3 mg well above it
    assert peaks[0.5] < 200 < peaks[3]


# -- endogenous melatonin ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def dim_night(model):
    """Entrained to 23:00-07:00 at 700 lux, then 48 h of dim light (DLMO assessment)."""
    y0 = entrain(model, daily_schedule(T0, 1, "UTC", time(23), time(7)))[0]
    h0 = to_hours(T0)
    dim = LightSchedule(np.array([h0, h0 + 48.0]), np.array([DIM_LUX]))
    r = simulate(model, dim, initial=y0, dt_h=0.02)
    return r, r.t_h - h0, r.states[:, 4]


def test_endogenous_melatonin_is_nocturnal_near_model_dlmo(dim_night):
    r, t, h2 = dim_night
    h0 = to_hours(T0)
    dlmo = [to_hours(d) - h0 for d in r.dlmo]
    cbt = [to_hours(c) - h0 for c in r.cbtmin]
    night = (t > 12) & (t < 36)
    peak = h2[night].max()
    above = h2 > 0.25 * peak
    onset = t[1:][~above[:-1] & above[1:] & (t[1:] > 12)][0]
    d = min(dlmo, key=lambda x: abs(x - onset))
    # The onset (25 % of the night's peak) follows the model's DLMO (CBTmin - 7 h) by ~3.0 h:
    # Breslow's 6.7 h synthesis window is shorter than real nights (Brown 1997: ~8.25 h) and
    # our reading of its phase angle places it late (see models/breslow.py).
    assert 0.0 <= onset - d <= 3.5
    t_peak = t[night][np.argmax(h2[night])]
    assert min(abs(t_peak - c) for c in cbt) <= 3.0  # peaks near CBTmin (2.2 h after)
    # daytime (13:00-17:00) levels are near zero
    day = (t > 13) & (t < 17)
    assert h2[day].max() < 0.05 * peak


def test_endogenous_level_far_below_hsat(dim_night, model):
    # with Breslow's a = 1.0422e-3 pmol/L/s the night peaks at ~3 pmol/L, so M is negligible
    _, _, h2 = dim_night
    assert 1.0 < h2.max() < 10.0
    from circadian.models.breslow import melatonin_drive
    assert melatonin_drive(h2.max(), model.params.as_array()) < 1e-6


def test_room_light_suppresses_synthesis(model):
    light = daily_schedule(T0, 3, "UTC", time(23), time(7))
    r = simulate(model, light, dt_h=0.05)
    t = (r.t_h - to_hours(T0)) % 24.0
    h2 = r.states[:, 4]
    evening = (t > 21.0) & (t < 22.9)  # dark-onset window of the model, lights still on
    assert h2[evening].max() < 0.05 * h2.max()


# -- simulate with doses -----------------------------------------------------------------------
def test_simulate_with_dose_raises_plasma(model):
    light = daily_schedule(T0, 3, "UTC", time(23), time(7))
    r = simulate(model, light, doses=[Dose(T0 + timedelta(hours=17), 3.0)], dt_h=0.05)
    t = r.t_h - to_hours(T0)
    h2 = r.states[:, 4]
    assert h2[t < 17].max() < 50
    assert h2[(t > 17.5) & (t < 20)].max() > model.params.Hsat
    assert len(r.dlmo) >= 2


def test_dose_on_model_without_melatonin_raises():
    m = get_model("jewett99")
    light = daily_schedule(T0, 2, "UTC", time(23), time(7))
    with pytest.raises(CircadianError, match="no melatonin"):
        simulate(m, light, doses=[Dose(T0 + timedelta(hours=17), 0.5)])
    with pytest.raises(CircadianError, match="no melatonin"):
        melatonin_prc(m, 0.5)


def test_fast_integrator_matches_solve_ivp_without_doses(model):
    y0 = entrain(model, daily_schedule(T0, 1, "UTC", time(23), time(7)))[0]
    h0 = to_hours(T0)
    light = daily_schedule(T0, 1, "UTC", time(23), time(7))
    g = step_grid(h0, h0 + 24.0, 0.05, light.t_h)
    lux = light.sample(g[:-1])
    fast = run(model, model.params.as_array()[None, :], y0[None, :], g, lux, record=True)
    ref = integrate_reference(model, y0, g, lux, rtol=1e-8, atol=1e-10)
    assert np.max(np.abs(fast.trajectory[0][:, :3] - ref[:, :3])) < 1e-3
    assert np.max(np.abs(fast.trajectory[0][:, 4] - ref[:, 4])) < 0.05 * ref[:, 4].max()


# -- phase response curves ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def prcs(model):
    return {mg: melatonin_prc(model, mg) for mg in (0.5, 3.0, 10.0)}


def test_prc_shape_and_grid(prcs):
    r = prcs[3.0]
    assert r.hours_after_dlmo.shape == r.shift_h.shape == (24,)
    assert np.all(np.diff(r.hours_after_dlmo) > 0)
    assert r.hours_after_dlmo[0] >= 0 and r.hours_after_dlmo[-1] < 24
    assert r.n_doses == 3 and r.dose_mg == 3.0


def test_afternoon_dose_advances_morning_dose_delays(prcs):
    r = prcs[3.0]
    # afternoon / early evening, 5 h before DLMO (Burgess 2008 advance peak ~DLMO - 4.6 h)
    assert r.shift_at(24.0 - 5.0) > 0.05
    # early morning before habitual wake (~DLMO + 9 h): delay
    assert r.shift_at(9.0) < -0.05
    # advance peak in the afternoon, 3-9 h before DLMO
    adv = r.peak_advance()
    assert -9.0 <= adv.hours_from_dlmo <= -3.0


def test_dose_comparison_model_prediction(prcs):
    """What the model predicts for 0.5 / 3 / 10 mg (3 daily doses, dim light)."""
    adv = {mg: r.peak_advance().shift_h for mg, r in prcs.items()}
    dly = {mg: r.peak_delay().shift_h for mg, r in prcs.items()}
    # monotone in dose, saturating: 10 mg adds little over 3 mg (plasma above Hsat saturates M)
    assert adv[0.5] < adv[3.0] < adv[10.0] < 1.5 * adv[3.0]
    assert dly[0.5] > dly[3.0] > dly[10.0]
    # recorded predictions (h): 0.5 mg ~0.005, 3 mg ~0.15, 10 mg ~0.20
    assert adv[3.0] == pytest.approx(0.15, abs=0.03)
    assert adv[10.0] == pytest.approx(0.20, abs=0.03)
    assert adv[0.5] < 0.02
    # the optimal time moves earlier with dose (Burgess 2010: later for the lower dose)
    assert prcs[10.0].peak_advance().hours_after_dlmo <= prcs[3.0].peak_advance().hours_after_dlmo


@pytest.mark.xfail(strict=True, reason=(
    "Breslow13 as parameterised here: 0.5 mg peaks at ~184 pg/mL, below Hsat (200 pg/mL), so "
    "it barely shifts the clock (~0.005 h) while 10 mg gives ~0.20 h: a ratio of ~40. "
    "Burgess 2010 found 0.5 mg about as effective as 3 mg (+1.5 vs +1.8 h); Lewy 2002 found "
    "0.5 mg entrained where 10-20 mg did not. The data support a ratio of at most ~1.5. "
    "breslow13fit (refitted, tests/test_melatonin_model_fitted.py) meets it."))
def test_dose_ratio_supported_by_data(prcs):
    adv05 = prcs[0.5].peak_advance().shift_h
    adv10 = prcs[10.0].peak_advance().shift_h
    assert adv10 <= 1.5 * adv05


@pytest.mark.xfail(strict=True, reason=(
    "With the listed eta, xi and Mmax the largest drive (pi/12)*xi*Mmax ~0.003/h moves the "
    "pacemaker little: 3 x 3 mg gives ~0.15 h, not Burgess 2008's +1.8 / -1.3 h. Probably a "
    "units or scaling difference from the paper (not resolvable without its text). Refitted "
    "to Burgess 2008 + 2010, eta and xi come out ~10x larger (breslow13fit)."))
def test_magnitude_matches_burgess_2008(prcs):
    r = prcs[3.0]
    assert r.peak_advance().shift_h >= 0.9  # half of Burgess 2008's +1.8 h
    assert r.peak_delay().shift_h <= -0.65


@pytest.mark.xfail(strict=True, reason=(
    "The model's delay zone runs from DLMO to ~DLMO + 10 h, peaking ~4-5 h after DLMO (during "
    "habitual sleep); Burgess 2008's delay peak is ~11 h after DLMO, after habitual wake. "
    "With eta and xi refitted (breslow13fit) the delay peak moves to ~10 h after DLMO."))
def test_delay_peak_after_wake_as_burgess(prcs):
    assert 9.0 <= prcs[3.0].peak_delay().hours_after_dlmo <= 14.0


def test_prc_rejects_bad_input(model):
    with pytest.raises(CircadianError):
        melatonin_prc(model, 0.0)
    with pytest.raises(CircadianError):
        melatonin_prc(model, 0.5, n_points=2)
    with pytest.raises(CircadianError):
        melatonin_prc(model, 0.5, n_doses=0)
