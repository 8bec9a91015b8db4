"""Empirical PRCs: fits of the digitised Burgess melatonin PRCs against their published peaks,
coefficient recovery on synthetic data, CSV validation and the ``prc fit`` renderer."""

from __future__ import annotations

import json
import math

import click
import numpy as np
import pytest
from click.testing import CliRunner

from circadian.cli.prc_fit import fit as fit_command
from circadian.empirical_prc import (
    PUBLISHED,
    FittedPRC,
    fit_prc,
    load_points,
    published_prc,
    read_prc_csv,
)
from circadian.errors import CircadianError

# Published fitted extremes, as (hours after DLMO, shift h). Source: the fitted-curve peaks
# marked in diniz-behn-lab/melatonin "March 2024/HannayBreslow_Burgess2008.py" and
# "..._Burgess2010.py" (Stowe et al. 2025, J Pineal Res 77:e70056), i.e. Burgess 2008 (3 mg):
# +1.8 h at DLMO-4.6 h, -1.3 h at DLMO+11.1 h; Burgess 2010 (0.5 mg): +1.5 h at DLMO-3.3 h,
# -1.3 h at DLMO+13.6 h.
PUBLISHED_PEAKS = {
    "burgess2008_3mg": {"advance": (19.4, 1.8), "delay": (11.1, -1.3)},
    "burgess2010_0.5mg": {"advance": (20.7, 1.5), "delay": (13.6, -1.3)},
}
TIME_TOL_H = 0.5
SHIFT_TOL_H = 0.3


def _circular_gap(a: float, b: float) -> float:
    d = abs(a - b) % 24.0
    return min(d, 24.0 - d)


@pytest.mark.parametrize("name", sorted(PUBLISHED_PEAKS))
def test_fitted_peaks_match_published(name: str) -> None:
    curve = published_prc(name)
    for kind, peak in (("advance", curve.peak_advance()), ("delay", curve.peak_delay())):
        t_pub, s_pub = PUBLISHED_PEAKS[name][kind]
        assert _circular_gap(peak.hours_after_dlmo, t_pub) <= TIME_TOL_H, (kind, peak)
        assert abs(peak.shift_h - s_pub) <= SHIFT_TOL_H, (kind, peak)


def test_signed_peak_times_relative_to_dlmo() -> None:
    # Burgess 2010 abstract (PubMed 20410229): 0.5 mg advances most when taken 2-4 h before DLMO.
    adv = published_prc("burgess2010_0.5mg").peak_advance()
    assert -4.0 <= adv.hours_from_dlmo <= -2.0
    # Burgess 2008 abstract: the advance portion peaks about 5 h before DLMO, the delay portion
    # about 11 h after it.
    c08 = published_prc("burgess2008_3mg")
    assert c08.peak_advance().hours_from_dlmo == pytest.approx(-5.0, abs=0.5)
    assert c08.peak_delay().hours_from_dlmo == pytest.approx(11.0, abs=0.5)
    # Burgess 2010 conclusion: the optimal advance time is later for the lower dose.
    assert adv.hours_after_dlmo > c08.peak_advance().hours_after_dlmo


@pytest.mark.parametrize(("name", "n"), [("burgess2008_3mg", 27), ("burgess2010_0.5mg", 34)])
def test_shipped_points_count_matches_papers(name: str, n: int) -> None:
    # n = 27 (Burgess 2008 abstract), 34 = 16 men + 18 women (Burgess 2010 abstract).
    x, y = load_points(name)
    assert x.shape == y.shape == (n,)
    assert np.all((x >= 0) & (x < 24))
    curve = published_prc(name)
    assert curve.n == n
    assert 0.0 < curve.r_squared < 1.0
    assert curve.rmse_h > 0
    assert "Burgess" in curve.citation and curve.citation == PUBLISHED[name].citation


def test_unknown_published_name() -> None:
    with pytest.raises(CircadianError, match="known: burgess2008_3mg"):
        published_prc("khalsa2003")


def _true_curve() -> FittedPRC:
    return FittedPRC(
        offset_h=0.1, cos_h=(0.5, -0.3), sin_h=(1.2, 0.4), r_squared=1.0, rmse_h=0.0, n=0
    )


def test_fit_recovers_known_coefficients() -> None:
    truth = _true_curve()
    x = np.random.default_rng(1).uniform(-12, 36, 40)
    fitted = fit_prc(x, truth(x), harmonics=2)
    np.testing.assert_allclose(fitted.coefficients, truth.coefficients, atol=1e-9)
    assert fitted.r_squared == pytest.approx(1.0)
    assert fitted.rmse_h == pytest.approx(0.0, abs=1e-9)
    assert fitted.n == 40


def test_fit_recovers_coefficients_from_noisy_data() -> None:
    truth = _true_curve()
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 24, 400)
    y = truth(x) + rng.normal(0, 0.1, x.size)
    fitted = fit_prc(x, y, harmonics=2)
    np.testing.assert_allclose(fitted.coefficients, truth.coefficients, atol=0.03)
    assert fitted.rmse_h == pytest.approx(0.1, abs=0.02)


def test_peaks_of_a_single_harmonic() -> None:
    # shift = 2·sin(2πt/24): highest at 6 h, lowest at 18 h.
    curve = FittedPRC(offset_h=0.0, cos_h=(0.0,), sin_h=(2.0,), r_squared=1.0, rmse_h=0.0, n=0)
    adv, dly = curve.peak_advance(), curve.peak_delay()
    assert adv.hours_after_dlmo == pytest.approx(6.0, abs=1e-4)
    assert adv.shift_h == pytest.approx(2.0, abs=1e-9)
    assert dly.hours_after_dlmo == pytest.approx(18.0, abs=1e-4)
    assert dly.hours_from_dlmo == pytest.approx(-6.0, abs=1e-4)
    assert dly.shift_h == pytest.approx(-2.0, abs=1e-9)


def test_call_is_vectorised_and_periodic() -> None:
    curve = _true_curve()
    grid = np.linspace(0, 24, 7).reshape(7, 1)
    out = curve(grid)
    assert isinstance(out, np.ndarray) and out.shape == (7, 1)
    assert isinstance(curve(3.0), float)
    assert curve(3.0) == pytest.approx(curve(27.0)) == pytest.approx(curve(-21.0))
    x, y = curve.sample(-12, 12, 0.5)
    assert len(x) == 49 and x[0] == -12 and x[-1] == 12
    np.testing.assert_allclose(y, curve(x))


@pytest.mark.parametrize(
    ("x", "y", "harmonics", "message"),
    [
        ([1, 2, 3, 4], [0, 1, 0, 1], 2, "too few"),
        ([1, 2, 3], [0, 1], 1, "pair up"),
        ([1, 2, 3], [0, 1, 2], 0, "harmonics"),
        ([5, 5, 5, 5, 5], [0, 1, 0, 1, 0], 2, "distinct times"),
        ([1, 2, float("nan")], [0, 1, 0], 1, "finite"),
    ],
)
def test_fit_rejects_bad_input(
    x: list[float], y: list[float], harmonics: int, message: str
) -> None:
    with pytest.raises(CircadianError, match=message):
        fit_prc(x, y, harmonics=harmonics)


GOOD_CSV = """# my own PRC
hours_after_dlmo,shift_h,subject
-3,1.5,a
0,0.2,b
3,-0.5,c
9,-1.2,d
12,-0.8,e
18,0.9,f
"""


def test_read_csv_good_file(tmp_path) -> None:
    path = tmp_path / "prc.csv"
    path.write_text(GOOD_CSV)
    x, y = read_prc_csv(path)
    assert x.tolist() == [-3, 0, 3, 9, 12, 18]
    assert y.tolist() == [1.5, 0.2, -0.5, -1.2, -0.8, 0.9]


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (GOOD_CSV.replace("9,-1.2,d", "nine,-1.2,d"), ":6", "hours_after_dlmo 'nine'"),
        (GOOD_CSV.replace("12,-0.8,e", "12,-0.8"), ":7", "expected 3 fields"),
        (GOOD_CSV.replace("18,0.9,f", "18,13,f"), ":8", "outside -12..12"),
        (GOOD_CSV.replace("0,0.2,b", "0,nan,b"), ":4", "finite"),
        (GOOD_CSV.replace("3,-0.5,c", "60,-0.5,c"), ":5", "outside -24..48"),
        (GOOD_CSV.replace("hours_after_dlmo,shift_h", "time,shift"), ":2", "header"),
    ],
)
def test_read_csv_bad_rows_name_file_and_line(
    tmp_path, content: str, where: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CircadianError, match=message) as info:
        read_prc_csv(path)
    assert info.value.where == f"{path}{where}"


def test_read_csv_whole_file_problems(tmp_path) -> None:
    with pytest.raises(CircadianError, match="not found"):
        read_prc_csv(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("# only a comment\n\n")
    with pytest.raises(CircadianError, match="no header"):
        read_prc_csv(empty)
    short = tmp_path / "short.csv"
    short.write_text("hours_after_dlmo,shift_h\n1,0.5\n2,0.1\n3,-0.2\n4,-0.4\n")
    with pytest.raises(CircadianError, match="at least 5") as info:
        read_prc_csv(short, harmonics=2)
    assert info.value.where == str(short)
    assert len(read_prc_csv(short, harmonics=1)[0]) == 4


# --- the `prc fit` renderer, attached to a throwaway group as the lead will do --------------


@click.group()
def _prc() -> None:
    """Stand-in for the `prc` group."""


_prc.add_command(fit_command)


@pytest.fixture
def burgess_csv(tmp_path):
    x, y = load_points("burgess2010_0.5mg")
    path = tmp_path / "burgess2010.csv"
    rows = "".join(f"{a},{b}\n" for a, b in zip(x, y, strict=True))
    path.write_text("hours_after_dlmo,shift_h\n" + rows)
    return path


def test_cli_fit_json(burgess_csv) -> None:
    result = CliRunner().invoke(_prc, ["fit", str(burgess_csv), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n"] == 34 and data["harmonics"] == 2
    assert len(data["curve"]) == 49
    assert data["curve"][0]["hours_from_dlmo"] == -12.0
    ref = published_prc("burgess2010_0.5mg").peak_advance()
    assert data["peak_advance"]["hours_after_dlmo"] == pytest.approx(ref.hours_after_dlmo)
    assert data["peak_advance"]["hours_from_dlmo"] == pytest.approx(ref.hours_from_dlmo)
    assert data["r_squared"] == pytest.approx(published_prc("burgess2010_0.5mg").r_squared)


def test_cli_fit_table_and_csv(burgess_csv) -> None:
    runner = CliRunner()
    table = runner.invoke(_prc, ["fit", str(burgess_csv)])
    assert table.exit_code == 0
    assert "Peak advance: +1.56 h at DLMO-3.4 h" in table.output
    assert "n = 34" in table.output and "RMSE" in table.output
    csv_out = runner.invoke(
        _prc, ["fit", str(burgess_csv), "--format", "csv", "--axis", "after", "--harmonics", "3"]
    )
    assert csv_out.exit_code == 0
    rows = [ln for ln in csv_out.output.splitlines() if not ln.startswith("#")]
    assert rows[0] == "hours_after_dlmo,shift_h"
    assert rows[1].startswith("0,") and rows[-1].startswith("24,")
    assert len(rows) == 50
    assert "3 harmonic(s)" in csv_out.output


def test_cli_fit_bad_file_raises_user_error(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("hours_after_dlmo,shift_h\n1,x\n")
    result = CliRunner().invoke(_prc, ["fit", str(bad)])
    assert isinstance(result.exception, CircadianError)
    assert result.exception.where == f"{bad}:2"


def test_nan_r_squared_for_flat_data() -> None:
    curve = fit_prc([0, 5, 10, 15, 20], [0.3] * 5, harmonics=1)
    assert math.isnan(curve.r_squared)
    assert curve(7.0) == pytest.approx(0.3)
