"""A model's light PRC beside a published one, by that study's protocol.

For a shipped light PRC (:data:`circadian.empirical_prc.PUBLISHED`, ``kind == "light"``) the
model gets the study's stimulus (duration and illuminance; ``model_lux`` for coloured light) by
the protocol of :func:`circadian.prc.phase_response_curve`: entrained, then dim light (5 lux,
as in the constant routines), one pulse per circadian time, the shift read against an unpulsed
control after transients. The model's curve is read at each published point's x, which is the
pulse centre (St Hilaire 2012) or onset (Ruger 2013) after the pre-stimulus DLMO. The points
are raw shifts, drift included, so the model's drift-free shift is compared after adding the
drift the papers assume (:data:`circadian.empirical_prc.ASSUMED_DRIFT_H`, -0.54 h).

Reported: RMSE over the points and the errors of the peaks: model extremes against the extremes
of the two-harmonic fit to the points (timing in hours after DLMO, on the fit's x convention).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from circadian.empirical_prc import (
    ASSUMED_DRIFT_H,
    PUBLISHED,
    Peak,
    load_points,
    published_prc,
)
from circadian.errors import CircadianError
from circadian.models.base import Model
from circadian.prc import phase_response_curve

#: Pulse times per cycle for the model curve (every 15 min).
N_POINTS = 96


@dataclass(frozen=True)
class PRCComparison:
    """Model against published light-PRC points (shifts raw, drift included) [h]."""

    model: str
    published: str
    model_lux: float
    duration_h: float
    x_h: NDArray[np.float64]  # published x (pulse centre or onset after DLMO)
    data_h: NDArray[np.float64]  # published raw shift
    model_h: NDArray[np.float64]  # model shift + assumed drift at the same x
    curve_x_h: NDArray[np.float64]  # model curve on a grid, same x convention
    curve_h: NDArray[np.float64]
    data_advance: Peak
    data_delay: Peak
    model_advance: Peak
    model_delay: Peak

    @property
    def rmse_h(self) -> float:
        return float(math.sqrt(np.mean((self.model_h - self.data_h) ** 2)))

    @property
    def advance_error_h(self) -> float:
        """Model minus published peak advance [h]."""
        return self.model_advance.shift_h - self.data_advance.shift_h

    @property
    def delay_error_h(self) -> float:
        """Model minus published peak delay [h] (negative: the model delays more)."""
        return self.model_delay.shift_h - self.data_delay.shift_h

    @property
    def peak_to_trough_ratio(self) -> float:
        """Model peak-to-trough over the published fit's."""
        return ((self.model_advance.shift_h - self.model_delay.shift_h)
                / (self.data_advance.shift_h - self.data_delay.shift_h))


def compare_to_published(model: Model, name: str, model_lux: float | None = None,
                         n_points: int = N_POINTS) -> PRCComparison:
    """The model's PRC for the protocol of published light PRC ``name`` beside its points.

    ``model_lux`` overrides the illuminance the model gets (default: the data set's
    ``model_lux``, e.g. the melanopic equivalent of 480 nm light).
    """
    entry = PUBLISHED.get(name)
    if entry is None or entry.kind != "light":
        light = sorted(k for k, v in PUBLISHED.items() if v.kind == "light")
        raise CircadianError(f"{name!r} is not a published light PRC (known: "
                             f"{', '.join(light)})")
    lux = float(entry.model_lux if model_lux is None else model_lux)
    d = entry.duration_h
    r = phase_response_curve(model, lux=lux, duration_h=d, n_points=n_points)
    # model x on the data's convention: centre after DLMO, or onset = centre - d/2
    shift_x = 0.0 if entry.x_reference == "centre" else -d / 2.0
    cx = (r.hours_after_dlmo + shift_x) % 24.0
    order = np.argsort(cx)
    cx, cy = cx[order], r.shift_h[order] + ASSUMED_DRIFT_H
    x, y = load_points(name)
    at = _periodic_interp(x, cx, cy)
    fit = published_prc(name)
    i, j = int(np.argmax(cy)), int(np.argmin(cy))
    return PRCComparison(model.name, name, lux, d, x, y, at, cx, cy, fit.peak_advance(),
                         fit.peak_delay(), Peak(float(cx[i]), float(cy[i])),
                         Peak(float(cx[j]), float(cy[j])))


def _periodic_interp(x: NDArray[np.float64], gx: NDArray[np.float64],
                     gy: NDArray[np.float64]) -> NDArray[np.float64]:
    """Interpolate a 24 h periodic curve sampled at ascending ``gx`` in [0, 24) at ``x``."""
    xx = np.concatenate((gx - 24.0, gx, gx + 24.0))
    return np.interp(np.asarray(x, dtype=float) % 24.0, xx, np.tile(gy, 3))
