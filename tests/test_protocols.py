"""Published protocols: the schedules as published, the measurement rule, and model predictions
against the measured outcomes (known disagreements are strict xfails with their numbers)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from circadian.errors import CircadianError
from circadian.models import get_model
from circadian.protocols import (
    DAY0,
    Measurement,
    crowley2015,
    eastman2005,
    published,
    revell2006,
    smith_eastman2008,
)
from circadian.simulate import simulate


def at(day: int, hour: float) -> datetime:
    return DAY0 + timedelta(days=day, hours=hour)


def test_eastman_1h_schedule_as_published():
    p = eastman2005(1.0)
    lux = p.light.lux_at
    # treatment day 1: wake 1 h early (06:00), four 30-min ~5000 lux pulses with < 60 lux gaps
    assert lux(at(1, 5.9)) == 0.0
    for k in range(4):
        assert lux(at(1, 6.0 + k + 0.25)) == 5000.0
    for k in range(3):
        assert lux(at(1, 6.5 + k + 0.25)) < 60.0
    assert lux(at(1, 9.6)) == 700.0
    # day 3 wakes 3 h early; each sleep is 8 h in the dark
    assert lux(at(3, 3.9)) == 0.0 and lux(at(3, 4.1)) == 5000.0
    assert lux(at(2, 20.5)) == 0.0 and lux(at(2, 19.9)) == 700.0
    # dim-light phase assessments on the evenings of day 0 and day 3
    assert lux(at(0, 18.0)) == 5.0 and lux(at(3, 15.0)) == 5.0
    assert p.measurement.after - p.measurement.before == timedelta(days=3)
    assert not p.doses


def test_eastman_2h_arm_wakes_2h_earlier_each_day():
    p = eastman2005(2.0)
    assert p.light.lux_at(at(3, 0.9)) == 0.0 and p.light.lux_at(at(3, 1.1)) == 5000.0
    assert p.light.lux_at(at(1, 5.1)) == 5000.0  # day 1 wake 05:00
    with pytest.raises(CircadianError):
        eastman2005(1.5)


def test_revell_pills_move_one_hour_earlier_each_day():
    p = revell2006(0.5)
    assert [d.time for d in p.doses] == [at(1, 18.0), at(2, 17.0), at(3, 16.0)]
    assert {d.mg for d in p.doses} == {0.5}
    assert revell2006(0.0).doses == ()
    assert any("pill" in a for a in p.assumptions)


def test_crowley_patterns():
    lux = crowley2015("1h").light.lux_at
    assert lux(at(1, 6.1)) == 5000.0 and lux(at(1, 6.3)) < 60.0 and lux(at(1, 7.1)) == 5000.0
    single = crowley2015("0.5h").light.lux_at
    assert single(at(1, 6.4)) == 5000.0 and single(at(1, 7.1)) < 60.0


def test_smith_eastman_schedule():
    p = smith_eastman2008()
    lux = p.light.lux_at
    pulses = [h for h in np.arange(23.0, 31.0, 0.05) if lux(at(0, h)) == 5000.0]
    assert 5 * 0.25 - 0.1 < len(pulses) * 0.05 < 5 * 0.25 + 0.1  # five 15-min pulses
    assert lux(at(1, 10.0)) == 0.0 and lux(at(1, 15.6)) == 3000.0  # day sleep, light brake
    assert lux(at(4, 5.0)) == 0.0 and lux(at(4, 12.5)) == 3000.0  # days-off sleep 03-12
    assert p.measurement.kind == "clock_time" and p.measured.mean_h == 4.5


def test_measurement_reads_advance_and_clock_time():
    m = Measurement("advance", before=at(0, 21.0), after=at(3, 21.0))
    dl = [at(0, 21.3), at(1, 21.0), at(3, 19.8)]
    assert m.read(dl) == pytest.approx(0.3 + 1.2)
    c = Measurement("clock_time", after=at(10, 4.5))
    assert c.read([at(10, 3.0)]) == pytest.approx(3.0)
    assert np.isnan(m.read([at(3, 19.8)]))  # no baseline DLMO
    with pytest.raises(CircadianError):
        Measurement("advance", before=at(0, 21.0), after=at(3, 20.0))


def test_batch_reading_matches_single():
    p = eastman2005(1.0)
    model = get_model("forger99")
    res = p.simulate(model, vary={"tau": [24.0, 24.2, 24.4]})
    batch = p.measurement.read_batch(res.dlmo_h)
    one = p.predict(model)
    assert batch[1] == pytest.approx(one, abs=1e-6)
    assert batch.shape == (3,)


def test_melatonin_protocol_needs_melatonin_model():
    with pytest.raises(CircadianError, match="no melatonin input"):
        revell2006(0.5).predict(get_model("forger99"))
    placebo = revell2006(0.5).predict(get_model("forger99"), with_doses=False)
    assert placebo == pytest.approx(revell2006(0.0).predict(get_model("forger99")), abs=1e-9)


def test_schedules_run_as_plain_light_and_doses():
    p = revell2006(3.0)
    r = simulate(get_model("hannay19melcal"), p.light, doses=p.doses)
    assert r.start == p.start and r.end == p.end
    assert p.measurement.read(r.dlmo) == pytest.approx(p.predict(get_model("hannay19melcal")))


# -- predictions against the measured outcomes -----------------------------------------------
LIGHT_MODELS = ("forger99", "jewett99", "hannay19", "hannay19tp")
MEL_MODELS = ("hannay19melcal", "breslow13fit")
#: (model, protocol) pairs outside tolerance, with the numbers (benchmarks/protocols.py)
KNOWN = {
    ("jewett99", "eastman2005_1h"): "+2.26 h vs 1.5 +/- 0.5",
    ("hannay19", "eastman2005_1h"): "+2.28 h vs 1.5 +/- 0.5",
    ("hannay19tp", "eastman2005_1h"): "+2.22 h vs 1.5 +/- 0.5",
    ("forger99", "eastman2005_2h"): "+3.50 h vs 1.8 +/- 0.5",
    ("jewett99", "eastman2005_2h"): "+3.88 h vs 1.8 +/- 0.5",
    ("hannay19", "eastman2005_2h"): "+3.87 h vs 1.8 +/- 0.5",
    ("hannay19tp", "eastman2005_2h"): "+3.83 h vs 1.8 +/- 0.5",
    ("jewett99", "revell2006_placebo"): "+2.26 h vs 1.7 +/- 0.5",
    ("hannay19", "revell2006_placebo"): "+2.28 h vs 1.7 +/- 0.5",
    ("hannay19tp", "revell2006_placebo"): "+2.22 h vs 1.7 +/- 0.5",
    ("hannay19", "burgess2003_dim"): "+1.47 h vs 0.6 +/- 0.5 (sleep shift alone)",
    ("hannay19tp", "burgess2003_dim"): "+1.21 h vs 0.6 +/- 0.5",
    ("jewett99", "burgess2003_intermittent"): "+2.22 h vs 1.5 +/- 0.5",
    ("hannay19", "burgess2003_intermittent"): "+2.28 h vs 1.5 +/- 0.5",
    ("hannay19tp", "burgess2003_intermittent"): "+2.22 h vs 1.5 +/- 0.5",
    ("hannay19", "psychopharm2013_placebo"): "+1.47 h vs 0.7 +/- 0.5",
    ("hannay19tp", "psychopharm2013_placebo"): "+1.21 h vs 0.7 +/- 0.5",
    ("hannay19", "smith_eastman2008"): "final DLMO 02:19 vs 04:30 +/- 1 h",
    ("hannay19tp", "smith_eastman2008"): "final DLMO 02:47 vs 04:30 +/- 1 h",
    ("hannay19melcal", "crowley2015_2h"): "+2.92 h vs 2.4 +/- 0.5",
    ("hannay19melcal", "crowley2015_1h"): "+2.76 h vs 1.7 +/- 0.5",
    ("hannay19melcal", "crowley2015_0.5h"): "+2.59 h vs 1.8 +/- 0.5",
    ("hannay19melcal", "psychopharm2013_3mg"): "+2.73 h vs 1.3 +/- 0.5",
    ("breslow13fit", "revell2006_0.5mg"): "+3.02 h vs 2.5 +/- 0.5",
    ("breslow13fit", "crowley2015_2h"): "+3.02 h vs 2.4 +/- 0.5",
    ("breslow13fit", "crowley2015_1h"): "+2.77 h vs 1.7 +/- 0.5",
    ("breslow13fit", "crowley2015_0.5h"): "+2.56 h vs 1.8 +/- 0.5",
    ("breslow13fit", "psychopharm2013_3mg"): "+1.90 h vs 1.3 +/- 0.5",
}
PROTOCOLS = published()


def _cases():
    for key, p in PROTOCOLS.items():
        for m in (MEL_MODELS if p.has_melatonin else LIGHT_MODELS):
            reason = KNOWN.get((m, key))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(m, key, marks=marks, id=f"{m}-{key}")


@pytest.mark.parametrize(("model", "key"), list(_cases()))
def test_prediction_within_tolerance(model, key):
    p = PROTOCOLS[key]
    assert abs(p.error(get_model(model))) <= p.tolerance_h
