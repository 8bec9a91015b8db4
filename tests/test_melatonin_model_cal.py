"""hannay19melcal: the melatonin response calibrated on the Burgess PRCs and on measured
melatonin-minus-placebo advances in pre-flight protocols (Revell 2006; Psychopharmacology 2013)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from circadian.empirical_prc import published_prc
from circadian.melatonin_fit import (
    advance_targets,
    burgess_data,
    fit_melatonin_response,
    residuals,
)
from circadian.models import MODELS, get_model
from circadian.prc_melatonin import melatonin_prc
from circadian.protocols import eastman2005, revell2006


@pytest.fixture(scope="module")
def model():
    return get_model("hannay19melcal")


def test_registered_and_documented(model):
    assert MODELS["hannay19melcal"] is type(model) and model.has_melatonin
    src = {i.name: i.source for i in model.describe()}
    for k in type(model).FIT_START:
        assert "Revell" in src[k] and "Burgess" in src[k]


def test_light_response_is_hannay19s(model):
    p = eastman2005(1.0)
    assert p.predict(model) == pytest.approx(p.predict(get_model("hannay19")), abs=0.02)


_KNOWN = {"psychopharm2013_3mg": "+1.27 h vs +0.6 h measured (3 mg 7 h before bedtime, no "
          "bright light): the additive model cannot meet it together with Revell's +0.8/+0.9 h"}


@pytest.mark.parametrize("target", [
    pytest.param(t, id=t.name, marks=[pytest.mark.xfail(strict=True, reason=_KNOWN[t.name])]
                 if t.name in _KNOWN else []) for t in advance_targets()])
def test_melatonin_increment_near_measured(model, target):
    """Melatonin minus placebo within 0.4 h (about twice the SE of a group difference)."""
    assert target.model_increment(model) == pytest.approx(target.increment_h, abs=0.4)


def test_credits_less_than_hannay19melfit_at_an_early_pill(model):
    """Where a planner would put the pill (7 h before bedtime) melcal credits less."""
    p = revell2006(3.0, pill_lead_h=7.0)
    cal = p.predict(model) - p.predict(model, with_doses=False)
    fit = get_model("hannay19melfit")
    raw = p.predict(fit) - p.predict(fit, with_doses=False)
    assert cal < raw - 0.1


def test_prc_still_matches_burgess(model):
    data = burgess_data()
    r = residuals(model, data)
    i = 0
    for d in data:
        k = d.shift_h.size
        rmse = math.sqrt(float(np.mean(r[i:i + k] ** 2)))
        i += k
        assert rmse <= published_prc(d.name).rmse_h + 0.15, (d.name, rmse)
    for mg, (t_adv, s_adv) in ((0.5, (20.7, 1.5)), (3.0, (19.4, 1.8))):
        c = melatonin_prc(model, mg, n_points=48)
        a = c.peak_advance()
        assert a.shift_h == pytest.approx(s_adv, abs=0.5)
        assert abs((a.hours_after_dlmo - t_adv + 12) % 24 - 12) <= 2.0


def test_shipped_values_are_the_fit(model):
    """A few more optimiser steps from the shipped values, targets included, gain nothing."""
    names = tuple(type(model).FIT_START)
    ranges = {i.name: (i.lo, i.hi) for i in model.describe()}
    bounds = [type(model).FIT_BOUNDS.get(n, ranges[n]) for n in names]
    t = advance_targets()
    fit = fit_melatonin_response(model, names, bounds=bounds, targets=t,
                                 max_evaluations=len(names) + 3)
    assert set(fit.rmse_h) == {"burgess2008_3mg", "burgess2010_0.5mg", *(x.name for x in t)}
    w = {x.name: x.weight for x in t}
    n = {d.name: d.shift_h.size for d in burgess_data()}

    def sse(rmse):
        return sum((n[k] if k in n else w[k]) * v**2 for k, v in rmse.items())

    assert sse(fit.rmse_h) >= sse(fit.rmse_start_h) * (1 - 5e-4)
