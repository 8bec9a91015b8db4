"""Shipped light PRCs (St Hilaire 2012, Ruger 2013) and the models beside them, by each study's
protocol (circadian.prc_compare). Known disagreements are strict xfails with the numbers."""

from __future__ import annotations

from importlib import resources

import pytest

from circadian.empirical_prc import (
    PUBLISHED,
    RUGER_MELANOPIC_EDI_LUX,
    load_points,
    published_prc,
)
from circadian.models import get_model
from circadian.prc_compare import compare_to_published
from cli_helpers import run_cli

LIGHT = ("sthilaire2012_1h", "ruger2013_480nm")


@pytest.mark.parametrize(("name", "n"), [("sthilaire2012_1h", 18), ("ruger2013_480nm", 16)])
def test_points_shipped_with_provenance(name, n):
    x, y = load_points(name)
    assert x.size == n  # unique subjects; the double-plotted copies are dropped
    text = resources.files("circadian").joinpath("data", "prc", PUBLISHED[name].filename)
    head = text.read_text(encoding="utf-8")
    for word in ("Provenance", "sha256", "Licence", "NOT drift-corrected", "Arcascope"):
        assert word in head


def test_ruger_fit_reproduces_published_extremes():
    """Ruger 2013 abstract: fitted maximum delay -2.6 h and advance +1.3 h."""
    f = published_prc("ruger2013_480nm")
    assert f.peak_delay().shift_h == pytest.approx(-2.6, abs=0.1)
    assert f.peak_advance().shift_h == pytest.approx(1.3, abs=0.1)


def test_sthilaire_fit_peak_to_trough():
    """2.2 h, as secondary notes report for the published fit (not verified in the paper)."""
    f = published_prc("sthilaire2012_1h")
    assert f.peak_advance().shift_h - f.peak_delay().shift_h == pytest.approx(2.2, abs=0.05)


def test_melanopic_equivalent_of_480nm():
    # CIE S 026: 118 mW/m2 x s_mel(480) 0.96561 / 1.32621 mW/lm
    assert pytest.approx(86.0, abs=0.5) == RUGER_MELANOPIC_EDI_LUX
    assert PUBLISHED["ruger2013_480nm"].model_lux == RUGER_MELANOPIC_EDI_LUX


MODELS = ("forger99", "jewett99", "hannay19", "hannay19tp", "hannay19melcal", "breslow13fit")
RMSE_KNOWN = {(m, "ruger2013_480nm"): r for m, r in zip(
    MODELS, ("1.10", "1.04", "0.93", "0.95", "0.93", "0.97"), strict=True)}
RATIO_KNOWN = {
    ("forger99", "sthilaire2012_1h"): "0.58", ("jewett99", "sthilaire2012_1h"): "0.55",
    ("hannay19tp", "sthilaire2012_1h"): "0.69",
    **{(m, "ruger2013_480nm"): r for m, r in zip(
        MODELS, ("0.25", "0.30", "0.39", "0.36", "0.39", "0.39"), strict=True)},
}


@pytest.fixture(scope="module")
def comparisons():
    return {(m, n): compare_to_published(get_model(m), n) for m in MODELS for n in LIGHT}


def _cases(known, what):
    for m in MODELS:
        for n in LIGHT:
            r = known.get((m, n))
            marks = [pytest.mark.xfail(strict=True, reason=f"{what} {r}")] if r else []
            yield pytest.param(m, n, marks=marks, id=f"{m}-{n}")


@pytest.mark.parametrize(("model", "name"), list(_cases(RMSE_KNOWN, "RMSE")))
def test_rmse_within_1_5x_the_published_fit(comparisons, model, name):
    """A model should scatter from the points at most 1.5x as much as a free two-harmonic
    fit does (St Hilaire 0.58 h, Ruger 0.44 h)."""
    assert comparisons[model, name].rmse_h <= 1.5 * published_prc(name).rmse_h


@pytest.mark.parametrize(("model", "name"), list(_cases(RATIO_KNOWN, "peak-to-trough ratio")))
def test_peak_to_trough_within_30_percent(comparisons, model, name):
    assert 0.7 <= comparisons[model, name].peak_to_trough_ratio <= 1.3


def test_model_curve_uses_the_studys_x_convention(comparisons):
    """Ruger's x is the pulse onset: the model's delay peak (pulse centred before CBTmin) falls
    near DLMO - 1 h on that axis, 3.25 h before where a centre axis would put it."""
    c = comparisons["hannay19", "ruger2013_480nm"]
    assert -4.0 < c.model_delay.hours_from_dlmo < 0.5
    s = comparisons["hannay19", "sthilaire2012_1h"]
    assert 0.0 < s.model_delay.hours_from_dlmo < 4.0


def test_cli_published(capsys):
    code, out, _ = run_cli(capsys, "prc", "--published", "ruger2013_480nm", "--model",
                           "hannay19")
    assert code == 0 and "RMSE 0.93 h" in out and "melanopic EDI" in out
    code, out, _ = run_cli(capsys, "prc", "--published", "burgess2010_0.5mg")
    assert code == 0 and "two-harmonic fit" in out
    code, _, err = run_cli(capsys, "prc", "--published", "khalsa2003")
    assert code == 2 and "unknown published PRC" in err
