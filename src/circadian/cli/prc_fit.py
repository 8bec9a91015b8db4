"""``circadian prc fit DATA.csv``: fit a periodic harmonic PRC to your own points and print it.

Thin renderer over :mod:`circadian.empirical_prc`; the lead attaches ``fit`` to the ``prc``
group.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from circadian.empirical_prc import (
    PERIOD_H,
    FittedPRC,
    Peak,
    dlmo_relative,
    fit_prc,
    read_prc_csv,
)
from circadian.errors import CircadianError

_STEP_H = 0.5


@click.command("fit")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--harmonics", type=click.IntRange(1, 6), default=2, show_default=True,
    help="Number of 24 h harmonics in the fitted series.",
)
@click.option(
    "--axis", type=click.Choice(["relative", "after"]), default="relative", show_default=True,
    help="Print times as -12..+12 h relative to DLMO, or 0..24 h after DLMO.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="Output format.",
)
def fit(data: Path, harmonics: int, axis: str, fmt: str) -> None:
    """Fit a periodic PRC to DATA (CSV with columns hours_after_dlmo,shift_h).

    Shifts are in hours, advances positive. Prints the fitted curve every 0.5 h, its largest
    advance and delay, and the goodness of fit (r², RMSE, n).
    """
    x, y = read_prc_csv(data, harmonics=harmonics)
    try:
        curve = fit_prc(x, y, harmonics=harmonics)
    except CircadianError as exc:  # the points cannot be fitted: say which file
        raise CircadianError(exc.message, exc.where or str(data)) from None
    relative = axis == "relative"
    start = -12.0 if relative else 0.0
    times, shifts = curve.sample(start, start + PERIOD_H, _STEP_H)
    time_col = "hours_from_dlmo" if relative else "hours_after_dlmo"
    rows = [(float(t), float(s)) for t, s in zip(times, shifts, strict=True)]
    if fmt == "json":
        click.echo(json.dumps(_as_json(curve, time_col, rows, relative), indent=2))
    elif fmt == "csv":
        for line in _summary(curve, relative):
            click.echo(f"# {line}")
        click.echo(f"{time_col},shift_h")
        for t, s in rows:
            click.echo(f"{t:g},{s:.3f}")
    else:
        for line in _summary(curve, relative):
            click.echo(line)
        click.echo("")
        click.echo(f"{time_col:>16}  {'shift_h':>8}")
        for t, s in rows:
            click.echo(f"{t:16.1f}  {s:8.2f}")


def _summary(curve: FittedPRC, relative: bool) -> list[str]:
    adv, dly = curve.peak_advance(), curve.peak_delay()
    return [
        f"Fitted PRC: {curve.harmonics} harmonic(s), period {PERIOD_H:g} h; advances positive",
        f"Peak advance: {adv.shift_h:+.2f} h at {dlmo_relative(adv.hours_after_dlmo)}",
        f"Peak delay:   {dly.shift_h:+.2f} h at {dlmo_relative(dly.hours_after_dlmo)}",
        f"Fit: r² = {_fmt(curve.r_squared)}, RMSE = {curve.rmse_h:.3f} h, n = {curve.n}",
    ]


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _peak_json(peak: Peak) -> dict[str, float]:
    return {
        "hours_after_dlmo": peak.hours_after_dlmo,
        "hours_from_dlmo": peak.hours_from_dlmo,
        "shift_h": peak.shift_h,
    }


def _as_json(
    curve: FittedPRC, time_col: str, rows: list[tuple[float, float]], relative: bool
) -> dict[str, object]:
    return {
        "harmonics": curve.harmonics,
        "period_h": PERIOD_H,
        "coefficients": {
            "offset_h": curve.offset_h, "cos_h": list(curve.cos_h), "sin_h": list(curve.sin_h),
        },
        "r_squared": None if math.isnan(curve.r_squared) else curve.r_squared,
        "rmse_h": curve.rmse_h,
        "n": curve.n,
        "peak_advance": _peak_json(curve.peak_advance()),
        "peak_delay": _peak_json(curve.peak_delay()),
        "axis": "relative" if relative else "after",
        "curve": [{time_col: t, "shift_h": s} for t, s in rows],
    }
