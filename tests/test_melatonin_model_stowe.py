"""Stowe et al. 2025 (Hannay 2019 + Breslow melatonin) model ``hannay19mel`` against Burgess.

Reference PRC extremes (science.md §2): Burgess 2008, 3 mg: +1.8 h at 19.4 h after DLMO
(DLMO - 4.6 h) and -1.3 h at 11.1 h after DLMO (after habitual wake). Burgess 2010, 0.5 mg:
+1.5 h at 20.7 h after DLMO, similar to 3 mg. Where the published model disagrees with the
data the test is marked xfail(strict=True) with the numbers; parameters are never tuned.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from click.testing import CliRunner

from circadian.integrate import integrate_reference, run, step_grid
from circadian.light import DIM_LUX, LightSchedule, daily_schedule
from circadian.models import MODELS, get_model
from circadian.models.hannay_mel import Hannay19Mel, melatonin_drive
from circadian.prc_melatonin import (
    BURGESS_2008_3MG_PEAKS,
    BURGESS_2010_05MG_PEAKS,
    melatonin_prc,
)
from circadian.simulate import Dose, entrain, simulate
from circadian.timebase import to_hours

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PG_PER_ML = 1e3 / 232.28  # pmol/L in 1 pg/mL


@pytest.fixture(scope="module")
def model() -> Hannay19Mel:
    return get_model("hannay19mel")  # type: ignore[return-value]


def test_registered_with_hannay_markers(model):
    assert MODELS["hannay19mel"] is Hannay19Mel
    assert model.has_melatonin
    assert model.state_names == ("X", "Y", "n", "H1", "H2", "H3")
    assert model.n_index == 2
    assert model.dlmo_offset_h is None
    assert model.dlmo_angle == pytest.approx(5 * math.pi / 12)
    assert model.cbtmin_angle == pytest.approx(math.pi)


def test_fitted_values_from_stowe(model):
    p = model.params
    # science.md §3 / diniz-behn-lab/melatonin (latest revision found)
    assert (p.B1, p.thetaM1, p.B2, p.thetaM2, p.eps) == pytest.approx(
        (-1.00357, -0.01950, -0.56044, 0.60146, 0.07781), abs=1e-5)
    assert p.m == pytest.approx(4.79, abs=0.01)
    assert (p.Hsat, p.sigma_M) == (301.0, 17.5)
    assert 2 * math.pi / p.tau == pytest.approx(0.263524)
    for info in model.describe():
        assert info.unit and info.meaning and info.source


def test_dose_is_area_of_stowes_input_pulse(model):
    for mg in (0.5, 3.0, 10.0):
        peak_rate = 962.48 * mg**3 - 6316.5 * mg**2 + 66719 * mg + 1975.9
        assert model.dose_to_gut(mg) == pytest.approx(peak_rate * math.sqrt(0.002 * 2 * math.pi))
    # 3 mg puts ~19,200 pmol/L in the gut compartment
    assert model.dose_to_gut(3.0) == pytest.approx(19200, rel=0.01)


def test_without_melatonin_it_is_hannay19(model):
    """Without the melatonin drive (Mmax = 0; at H2 = 0 it is ~7e-10, not exactly 0) and with
    the same omega0 the pacemaker equals hannay19's."""
    h = get_model("hannay19", tau=model.params.tau)
    model = model.with_params(Mmax=0.0)
    rng = np.random.default_rng(1)
    for _ in range(5):
        xy = rng.uniform(-1, 1, 2)
        n = rng.uniform(0, 1)
        for lux in (0.0, 500.0):
            y = np.array([*xy, n, 0.0, 0.0, 0.0])
            d = model.rhs(0.0, y, lux)
            d0 = h.rhs(0.0, y[:3], lux)
            assert np.allclose(d[:3], d0, rtol=1e-12, atol=1e-14)


def test_melatonin_term_has_light_term_form(model):
    """Check the compiled M_R, M_psi against the polar formulas written out here."""
    p = model.params
    R, psi, h2 = 0.7, 1.1, 400.0
    M = p.Mmax / (1 + math.exp((p.Hsat - h2) / p.sigma_M))
    assert melatonin_drive(h2, model.params.as_array()) == pytest.approx(M)
    m_r = (p.B1 / 2 * M * (1 - R**4) * math.cos(psi + p.thetaM1)
           + p.B2 / 2 * M * R * (1 - R**8) * math.cos(2 * psi + p.thetaM2))
    m_psi = (p.eps * M - p.B1 / 2 * M * (R**3 + 1 / R) * math.sin(psi + p.thetaM1)
             - p.B2 / 2 * M * (1 + R**8) * math.sin(2 * psi + p.thetaM2))
    y = np.array([R * math.cos(psi), R * math.sin(psi), 0.0, 0.0, h2, 0.0])
    y0 = y.copy()
    y0[4] = 0.0
    d = model.rhs(0.0, y, 0.0) - model.rhs(0.0, y0, 0.0)
    dR = (d[0] * math.cos(psi) + d[1] * math.sin(psi))
    dpsi = (-d[0] * math.sin(psi) + d[1] * math.cos(psi)) / R
    # (the baseline at H2 = 0 still carries M ~7e-10 of the drive: hence rel=1e-6)
    assert dR == pytest.approx(m_r, rel=1e-6)
    assert dpsi == pytest.approx(m_psi, rel=1e-6)


def test_fast_integrator_matches_solve_ivp_after_a_dose(model):
    y0 = entrain(model, daily_schedule(T0, 1, "UTC", time(23), time(7)))[0]
    y0 = y0.copy()
    y0[5] += model.dose_to_gut(3.0)
    g = step_grid(0.0, 12.0, 0.05, np.array([]))
    lux = np.full(g.size - 1, DIM_LUX)
    fast = run(model, model.params.as_array()[None, :], y0[None, :], g, lux, record=True)
    ref = integrate_reference(model, y0, g, lux, rtol=1e-9, atol=1e-9)
    assert np.max(np.abs(fast.trajectory[0][:, :3] - ref[:, :3])) < 1e-4
    assert np.max(np.abs(fast.trajectory[0][:, 3:] - ref[:, 3:])) < 1e-4 * ref[:, 5].max()


def test_endogenous_melatonin_is_nocturnal(model):
    y0 = entrain(model, daily_schedule(T0, 1, "UTC", time(23), time(7)))[0]
    h0 = to_hours(T0)
    dim = LightSchedule(np.array([h0, h0 + 48.0]), np.array([DIM_LUX]))
    r = simulate(model, dim, initial=y0, dt_h=0.02)
    t = r.t_h - h0
    h2 = r.states[:, 4] / PG_PER_ML
    night = (t > 12) & (t < 36)
    # recorded prediction: a plateau of ~69 pg/mL (Stowe's target ~70 pg/mL) from ~02:00 to
    # ~08:00; 10 pg/mL is crossed ~1.7 h after the model's DLMO (psi = 5 pi/12) and the level
    # falls after ~09:00 (synthesis stops at psi_off ~3.3 h after CBTmin: a late offset)
    assert 60.0 < h2[night].max() < 80.0
    clock = t % 24
    plateau = night & (clock > 2.0) & (clock < 8.0)
    assert h2[plateau].min() > 0.8 * h2[night].max()
    h0_dlmo = [to_hours(d) - h0 for d in r.dlmo]
    onset = t[1:][(h2[:-1] < 10) & (h2[1:] >= 10) & (t[1:] > 12)][0]
    d = min(h0_dlmo, key=lambda x: abs(x - onset))
    assert 0.5 <= onset - d <= 3.0
    day = (t > 13) & (t < 17)
    assert h2[day].max() < 0.05 * h2[night].max()
    # endogenous melatonin stays below Hsat: its drive on the pacemaker is small
    assert r.states[:, 4].max() < model.params.Hsat


def test_room_light_suppresses_synthesis(model):
    light = daily_schedule(T0, 3, "UTC", time(23), time(7))
    r = simulate(model, light, dt_h=0.05)
    assert np.all(r.states[:, 3] >= -1e-9)
    t = (r.t_h - to_hours(T0)) % 24.0
    day = (t > 10.0) & (t < 18.0)
    assert r.states[day, 4].max() < 0.05 * r.states[:, 4].max()


def test_simulate_with_dose_raises_plasma_above_hsat(model):
    light = daily_schedule(T0, 3, "UTC", time(23), time(7))
    r = simulate(model, light, doses=[Dose(T0 + timedelta(hours=17), 0.5)], dt_h=0.05)
    t = r.t_h - to_hours(T0)
    assert r.states[(t > 17.2) & (t < 20), 4].max() > model.params.Hsat


# -- phase response curves against Burgess --------------------------------------------------------
@pytest.fixture(scope="module")
def prcs(model):
    return {mg: melatonin_prc(model, mg, n_points=48) for mg in (0.5, 3.0, 10.0)}


def test_3mg_advance_peak_matches_burgess_2008(prcs):
    (t_adv, s_adv), _ = BURGESS_2008_3MG_PEAKS
    adv = prcs[3.0].peak_advance()
    # recorded prediction: +1.54 h at 18.5 h after DLMO (DLMO - 5.5 h)
    assert adv.shift_h == pytest.approx(s_adv, abs=0.5)
    assert adv.hours_after_dlmo == pytest.approx(t_adv, abs=1.5)


def test_3mg_delay_peak_after_wake_as_burgess_2008(prcs):
    _, (t_dly, s_dly) = BURGESS_2008_3MG_PEAKS
    dly = prcs[3.0].peak_delay()
    # recorded prediction: -1.28 h at 11.0 h after DLMO
    assert dly.shift_h == pytest.approx(s_dly, abs=0.5)
    assert dly.hours_after_dlmo == pytest.approx(t_dly, abs=1.5)


def test_05mg_about_as_effective_as_3mg_burgess_2010(prcs):
    a05 = prcs[0.5].peak_advance()
    a3 = prcs[3.0].peak_advance()
    assert 0.5 <= a05.shift_h / a3.shift_h <= 1.5
    # Burgess 2010: 0.5 mg peak +1.5 h at 20.7 h after DLMO, later than 3 mg's
    (t05, s05), _ = BURGESS_2010_05MG_PEAKS
    assert a05.shift_h == pytest.approx(s05, abs=0.5)
    assert a05.hours_after_dlmo == pytest.approx(t05, abs=1.5)
    assert a05.hours_after_dlmo >= a3.hours_after_dlmo


def test_10mg_not_much_larger_than_3mg(prcs):
    a10 = prcs[10.0].peak_advance().shift_h
    a3 = prcs[3.0].peak_advance().shift_h
    assert a10 <= 1.5 * a3


def test_recorded_predictions(prcs):
    """What the model predicts (48 pill times, 3 daily doses, dim light); fails if it changes."""
    got = {mg: (r.peak_advance(), r.peak_delay()) for mg, r in prcs.items()}
    want = {0.5: ((21.0, 1.15), (12.0, -0.88)), 3.0: ((18.5, 1.54), (11.0, -1.28)),
            10.0: ((17.5, 1.58), (9.5, -1.41))}
    for mg, (adv, dly) in want.items():
        assert got[mg][0].hours_after_dlmo == adv[0] and got[mg][1].hours_after_dlmo == dly[0]
        assert got[mg][0].shift_h == pytest.approx(adv[1], abs=0.02)
        assert got[mg][1].shift_h == pytest.approx(dly[1], abs=0.02)
    # the optimal advance time moves later as the dose falls (Burgess 2010)
    assert got[0.5][0].hours_after_dlmo > got[3.0][0].hours_after_dlmo


def test_cli_prc_melatonin_three_doses():
    from circadian.cli import cli

    res = CliRunner().invoke(cli, ["prc", "--stimulus", "melatonin", "--model", "hannay19mel",
                                    "--dose", "0.5", "--dose", "3", "--dose", "10"])
    assert res.exit_code == 0, res.output
    for mg in ("0.5 mg", "3 mg", "10 mg"):
        assert f"{mg}: peak advance +" in res.output
    assert "3 mg: peak advance +1.54 h" in res.output


def _oral_pk(name: str) -> tuple[float, float]:
    """(Tmax, terminal half-life) [min] of plasma melatonin after 0.5 mg at midday."""
    from datetime import UTC, datetime

    import numpy as np

    from circadian.light import LightSchedule
    from circadian.models import get_model
    from circadian.simulate import Dose, simulate
    from circadian.timebase import to_hours

    m = get_model(name)
    t0 = datetime(2026, 1, 1, 12, tzinfo=UTC)  # pineal off at midday
    light = LightSchedule(np.array([to_hours(t0), to_hours(t0) + 8]), np.array([300.0]))
    y0 = m.default_state()
    y0[3:] = 0.0
    r = simulate(m, light, initial=y0, doses=[Dose(t0, 0.5)], dt_h=0.01)
    h2 = r.states[:, 4]
    t = (r.t_h - r.t_h[0]) * 60.0
    sel = (t > 180) & (t < 360)
    k = -np.polyfit(t[sel] / 60.0, np.log(h2[sel]), 1)[0]
    return float(t[int(np.argmax(h2))]), float(60.0 * np.log(2) / k)


@pytest.mark.parametrize("name", ["hannay19mel", "breslow13"])
def test_oral_pk_is_plausible(name):
    tmax, half = _oral_pk(name)
    # Breslow 2013's rate constants: absorption (ln2/beta_AP ~ 71 min) is slower than
    # clearance (~34 min), so the apparent half-life is absorption-limited
    assert 40 <= tmax <= 100 and 30 <= half <= 100


@pytest.mark.xfail(strict=True, reason=(
    "Breslow 2013's published rates give Tmax ~70 min and an apparent half-life ~76 min; "
    "Harpsoe et al. 2015 (systematic review, oral immediate release): Tmax ~50 min, t1/2 "
    "~45 min. hannay19mel keeps the rates its response was fitted with; hannay19melfit takes "
    "Harpsoe's and is refitted (tests/test_melatonin_pk.py)."))
@pytest.mark.parametrize("name", ["hannay19mel"])
def test_oral_pk_matches_harpsoe_2015(name):
    tmax, half = _oral_pk(name)
    assert abs(tmax - 50) <= 15 and abs(half - 45) <= 15
