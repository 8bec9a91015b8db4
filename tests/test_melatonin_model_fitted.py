"""The fitted melatonin models (``breslow13fit``, ``hannay19melfit``) against the evidence.

Both take the oral PK of Harpsoe 2015 (tests/test_melatonin_pk.py) and a melatonin response
fitted here (circadian.melatonin_fit) to the Burgess 2008 (3 mg) and 2010 (0.5 mg) points.
The tests check what the issue and science.md §2 ask of a melatonin PRC:

- advances when taken in the afternoon/early evening before DLMO, with the peak within 0.5 h
  of shift of the published fitted extremes (Burgess 2008: +1.8 h at DLMO - 4.6 h; Burgess
  2010: +1.5 h at DLMO - 3.3 h), later for the lower dose;
- delays after habitual wake (Burgess 2008: -1.3 h at 11.1 h after DLMO);
- no dose-response the data do not support: 3 mg about as effective as 0.5 mg (Burgess 2010:
  1.8 vs 1.5 h; Revell 2006: 0.9 vs 0.8 h over placebo; Sharkey 2002: 2.2 vs 1.3 h), and 10 mg
  little better than 3 mg (Cochrane: more than 5 mg no better);
- the model explains the points nearly as well as a free two-harmonic curve does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from circadian.empirical_prc import published_prc
from circadian.melatonin_fit import (
    PRCData,
    burgess_data,
    fit_melatonin_response,
    refit_shipped,
    residuals,
)
from circadian.models import MODELS, get_model
from circadian.prc_melatonin import (
    BURGESS_2008_3MG_PEAKS,
    BURGESS_2010_05MG_PEAKS,
    melatonin_prc,
    melatonin_shifts,
)

FITTED = ("breslow13fit", "hannay19melfit")


@pytest.fixture(scope="module", params=FITTED)
def prcs(request):
    m = get_model(request.param)
    return {mg: melatonin_prc(m, mg, n_points=48) for mg in (0.5, 3.0, 10.0)}


@pytest.mark.parametrize("name", FITTED)
def test_registered_and_documented(name):
    m = get_model(name)
    assert MODELS[name] is type(m) and m.has_melatonin
    for info in m.describe():
        assert info.unit and info.meaning and info.source and info.lo <= info.value <= info.hi
    # what was fitted says so, with the data it was fitted to
    fitted = {i.name: i.source for i in m.describe()}
    for k in type(m).FIT_START:
        assert "Burgess" in fitted[k] or "Andersen" in fitted[k]


def test_advance_before_dlmo_near_burgess(prcs):
    for mg, ((t_pub, s_pub), _) in ((3.0, BURGESS_2008_3MG_PEAKS),
                                    (0.5, BURGESS_2010_05MG_PEAKS)):
        adv = prcs[mg].peak_advance()
        # afternoon / early evening: 2-7 h before DLMO
        assert -7.0 <= adv.hours_from_dlmo <= -2.0, (mg, adv)
        assert adv.hours_after_dlmo == pytest.approx(t_pub, abs=1.5)
        assert adv.shift_h == pytest.approx(s_pub, abs=0.5)
    # the optimum is later for the lower dose (Burgess 2010)
    assert prcs[0.5].peak_advance().hours_after_dlmo >= prcs[3.0].peak_advance().hours_after_dlmo


def test_delay_after_habitual_wake(prcs):
    """Entrained to sleep 23:00-07:00, DLMO is ~21:00, so wake is ~10 h after DLMO."""
    _, (t_pub, s_pub) = BURGESS_2008_3MG_PEAKS
    dly = prcs[3.0].peak_delay()
    assert 9.5 <= dly.hours_after_dlmo <= 14.0
    assert dly.shift_h == pytest.approx(s_pub, abs=0.5)
    # and little happens in the first half of the night (Burgess 2008's dead zone), compared
    # with the peaks on either side
    night = prcs[3.0].shift_at(4.0)
    assert abs(night) < 0.6 * max(prcs[3.0].peak_advance().shift_h, -dly.shift_h)


def test_dose_response_as_the_data_allow(prcs):
    a05, a3, a10 = (prcs[mg].peak_advance().shift_h for mg in (0.5, 3.0, 10.0))
    assert a05 > 0.9 and a3 > 0.9
    # 3 mg at most ~1.7x 0.5 mg (Sharkey 2002 is the largest ratio measured); 10 mg at most
    # 20% more than 3 mg and 70% more than 0.5 mg: never 'more is better' beyond that
    assert a3 <= 1.7 * a05
    assert a10 <= 1.2 * a3
    assert a10 <= 1.7 * a05


@pytest.mark.parametrize("name", FITTED)
def test_fit_close_to_free_curve(name):
    """RMSE against the points within 0.15 h of a free two-harmonic curve's (5 parameters per
    data set, against the model's 4-6 for both)."""
    data = burgess_data()
    r = residuals(get_model(name), data)
    i = 0
    for d in data:
        k = d.shift_h.size
        rmse = math.sqrt(float(np.mean(r[i:i + k] ** 2)))
        i += k
        assert rmse <= published_prc(d.name).rmse_h + 0.15, (d.name, rmse)


@pytest.mark.parametrize("name", FITTED)
def test_shipped_values_are_the_fit(name):
    """A few more optimiser steps from the shipped values gain (almost) nothing."""
    m = get_model(name)
    names = tuple(type(m).FIT_START)
    ranges = {i.name: (i.lo, i.hi) for i in m.describe()}
    bounds = [type(m).FIT_BOUNDS.get(n, ranges[n]) for n in names]
    fit = fit_melatonin_response(m, names, bounds=bounds, max_evaluations=len(names) + 3)
    n = {d.name: d.shift_h.size for d in burgess_data()}

    def sse(rmse):
        return sum(n[k] * v**2 for k, v in rmse.items())

    # shipped: no gain at all; a 5% change of one value gives back ~0.3% (checked by hand)
    assert sse(fit.rmse_h) >= sse(fit.rmse_start_h) * (1 - 5e-4)


def test_fit_recovers_known_parameters():
    """Synthetic points from breslow13fit with eta and xi changed: the fit finds them again."""
    true = get_model("breslow13fit").with_params(eta=3.0, xi=3.0)
    x = np.arange(0.0, 24.0, 1.5)
    data = [PRCData("synthetic", 3.0, x, melatonin_shifts(true, 3.0, x))]
    fit = fit_melatonin_response(get_model("breslow13fit"), ["eta", "xi"], data,
                                 bounds=[(0.0, 10.0), (0.0, 10.0)])
    assert fit.as_dict() == pytest.approx({"eta": 3.0, "xi": 3.0}, abs=0.02)
    assert fit.rmse_h["synthetic"] < 1e-3 < fit.rmse_start_h["synthetic"]


def test_refit_shipped_names_what_it_fits():
    with pytest.raises(Exception, match="no fit is defined"):
        refit_shipped("forger99")


def test_published_models_start_the_fits():
    """The fits start from the published (breslow13) and Stowe-code (hannay19mel) values."""
    for fitted, source in (("breslow13fit", "breslow13"), ("hannay19melfit", "hannay19mel")):
        start = MODELS[fitted].FIT_START
        src = get_model(source).params
        for k, v in start.items():
            if hasattr(src, k) and k != "dose_c1":
                assert v == pytest.approx(getattr(src, k)), (fitted, k)


def test_cli_default_melatonin_model_is_hannay19melfit():
    from click.testing import CliRunner

    from circadian.cli import cli

    res = CliRunner().invoke(cli, ["prc", "--stimulus", "melatonin", "--dose", "0.5",
                                    "--dose", "3", "--dose", "10"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("hannay19melfit: melatonin PRC")
    want = {mg: melatonin_prc(get_model("hannay19melfit"), mg, n_points=48).peak_advance()
            for mg in (0.5, 3.0, 10.0)}
    for mg, adv in want.items():
        assert f"{mg:g} mg: peak advance {adv.shift_h:+.2f} h at DLMO" in res.output
    # delays are reported after DLMO (the morning), published curves beside them
    assert "peak delay -" in res.output and "at DLMO+1" in res.output
    assert "published 3 mg (Burgess HJ, Revell VL, Eastman CI): advance +1.83 h" in res.output


def _dlmo_by_date(args):
    import json

    from click.testing import CliRunner

    from circadian.cli import cli

    res = CliRunner().invoke(cli, ["simulate", "--model", "hannay19melfit", "--light",
                                   "examples/actiwatch-light.csv", "--format", "json", *args])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    return data, {m["date"]: m["dlmo"] for m in data["markers"]}


def test_cli_simulate_takes_doses_beside_light():
    """0.5 mg on three afternoons, ~4 h before the predicted DLMO (~19:20 in the recording's
    time), advances the following DLMOs; the same doses in the morning, ~12 h after DLMO,
    delay them (Burgess 2010)."""
    from datetime import datetime

    _, base = _dlmo_by_date([])
    early = [f"--dose=2019-02-{d}T15:20Z=0.5" for d in (22, 23, 24)]
    data, adv = _dlmo_by_date(early)
    assert [d["mg"] for d in data["doses"]] == [0.5, 0.5, 0.5]
    late = [f"--dose=2019-02-{d}T08:00Z=0.5" for d in (22, 23, 24)]
    _, dly = _dlmo_by_date(late)

    def h(s):
        return datetime.fromisoformat(s).timestamp() / 3600

    for day in ("2019-02-26", "2019-02-27"):
        assert h(adv[day]) < h(base[day]) - 0.25
        assert h(dly[day]) > h(base[day]) + 0.25
    # before the first dose nothing changes
    assert adv["2019-02-21"] == base["2019-02-21"]


@pytest.mark.parametrize("spec, message", [
    ("2019-02-22T15:20Z", "expected TIME=MG"),
    ("2019-02-22T15:20Z=lots", "not a dose in mg"),
    ("2019-02-22T15:20Z=0", "more than 0"),
    ("2019-02-22T15:20Z=500", "at most 100 mg"),
    ("2020-01-01T15:20Z=0.5", "outside the light file"),
    ("tomorrow=0.5", "cannot read"),
])
def test_cli_simulate_rejects_bad_doses(spec, message):
    from click.testing import CliRunner

    from circadian.cli import cli

    res = CliRunner().invoke(cli, ["simulate", "--model", "hannay19melfit", "--light",
                                   "examples/actiwatch-light.csv", "--dose", spec])
    assert res.exit_code == 2 and message in res.output, res.output
    res = CliRunner().invoke(cli, ["simulate", "--light", "examples/actiwatch-light.csv",
                                   "--dose", "2019-02-22T15:20Z=0.5"])
    assert res.exit_code == 2 and "no melatonin input" in res.output


@pytest.mark.parametrize("name", FITTED)
def test_refit_from_the_published_values_gives_the_shipped_ones(name):
    """`python -m circadian.melatonin_fit` reproduces the defaults (a few seconds each)."""
    fit = refit_shipped(name)
    shipped = get_model(name).params
    for k, v in fit.as_dict().items():
        assert v == pytest.approx(getattr(shipped, k), rel=0.01, abs=0.005), k
    assert all(fit.rmse_h[k] < fit.rmse_start_h[k] for k in fit.rmse_h)


@pytest.mark.parametrize("kwargs, message", [
    ({"names": []}, "at least one parameter"),
    ({"names": ["nope"]}, "unknown parameter 'nope'"),
    ({"names": ["eta"], "bounds": [(1.0, 1.0)]}, "lower bound must be below"),
    ({"names": ["eta"], "bounds": [(0.0, 1.0), (0.0, 1.0)]}, "2 bounds for 1 parameters"),
    ({"names": ["eta", "xi"], "x0": [1.0]}, "one finite starting value"),
    ({"names": ["eta"], "data": []}, "no PRC data"),
])
def test_fit_rejects_bad_requests(kwargs, message):
    from circadian.errors import CircadianError

    with pytest.raises(CircadianError, match=message):
        fit_melatonin_response(get_model("breslow13fit"), **kwargs)
    with pytest.raises(CircadianError, match="no melatonin input"):
        fit_melatonin_response(get_model("forger99"), ["tau"])
