"""Fitting a model's melatonin response to measured melatonin PRCs with ``scipy.optimize``.

The models with a melatonin input (Breslow 2013's Kronauer-family model, Stowe 2025's Hannay
model) take oral doses through the pharmacokinetics of :mod:`circadian.melatonin_pk` and turn
plasma melatonin into a push on the pacemaker through a few response parameters. This module
fits those response parameters so that the model's PRC, computed by the same protocol as
:func:`circadian.prc_melatonin.melatonin_shifts`, matches measured points of one or more PRCs
(each with its own dose) by least squares (:func:`scipy.optimize.least_squares`, bounded
trust-region reflective).

Used to derive the defaults of ``breslow13fit`` and ``hannay19melfit`` from Burgess et al. 2008
(3 mg) and 2010 (0.5 mg) together: ``python -m circadian.melatonin_fit`` reruns both fits and
prints the values; a researcher can pass their own points, doses and parameter names.

**Protocol targets.** A PRC measured in dim light says what melatonin does alone; planners give
it beside bright light and a moving sleep schedule. :class:`ProtocolTarget` adds a measured
melatonin-minus-placebo advance from such a protocol (:mod:`circadian.protocols`) as one more
residual, weighted as ``weight`` PRC points. ``hannay19melcal`` is fitted to the Burgess points
plus :func:`advance_targets`: Revell et al. 2006 (+0.8 h with 0.5 mg, +0.9 h with 3 mg over
placebo) and the Psychopharmacology 2013 study (+0.6 h with 3 mg, no bright light), each
weighted as 7.5 points: the inverse-variance weight of a group-mean difference (SE ~0.29 h for
~14 subjects an arm with SD ~0.8 h) against single PRC points (scatter ~0.8 h).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import least_squares

from circadian.empirical_prc import load_points
from circadian.errors import CircadianError
from circadian.models.base import Model
from circadian.prc_melatonin import melatonin_shifts
from circadian.protocols import Protocol


@dataclass(frozen=True)
class PRCData:
    """Measured PRC points for one dose: pill time after DLMO [h] and shift [h], advance > 0."""

    name: str
    dose_mg: float
    hours_after_dlmo: NDArray[np.float64]
    shift_h: NDArray[np.float64]


def burgess_data() -> list[PRCData]:
    """The shipped Burgess 2008 (3 mg, n = 27) and 2010 (0.5 mg, n = 34) points."""
    out = []
    for name, mg in (("burgess2008_3mg", 3.0), ("burgess2010_0.5mg", 0.5)):
        x, y = load_points(name)
        out.append(PRCData(name, mg, x, y))
    return out


@dataclass(frozen=True)
class MelatoninFit:
    """Result of :func:`fit_melatonin_response`."""

    model: str
    names: tuple[str, ...]
    values: tuple[float, ...]
    start: tuple[float, ...]
    rmse_h: dict[str, float]  # per data set; for a protocol target, |increment error|
    rmse_start_h: dict[str, float]
    n_evaluations: int
    message: str

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.names, self.values, strict=True))


@dataclass(frozen=True)
class ProtocolTarget:
    """A measured melatonin-minus-placebo DLMO advance [h] in a published protocol."""

    protocol: Protocol
    increment_h: float
    weight: float = 7.5  # as this many PRC points

    @property
    def name(self) -> str:
        return self.protocol.key

    def model_increment(self, model: Model) -> float:
        """The model's advance with the doses minus without them [h]."""
        return (self.protocol.predict(model)
                - self.protocol.predict(model, with_doses=False))


def advance_targets() -> list[ProtocolTarget]:
    """Revell 2006 (0.5 and 3 mg) and the Psychopharmacology 2013 study (3 mg), as encoded in
    :mod:`circadian.protocols` (the placebo arms' means subtracted)."""
    from circadian.protocols import psychopharm2013, revell2006

    return [ProtocolTarget(revell2006(0.5), 2.5 - 1.7),
            ProtocolTarget(revell2006(3.0), 2.6 - 1.7),
            ProtocolTarget(psychopharm2013(3.0), 1.3 - 0.7)]


def residuals(model: Model, data: Sequence[PRCData],
              targets: Sequence[ProtocolTarget] = ()) -> NDArray[np.float64]:
    """Model minus measured shift [h] at every point of ``data`` (in order), then each
    target's increment error times sqrt(weight)."""
    prc = [melatonin_shifts(model, d.dose_mg, d.hours_after_dlmo) - d.shift_h for d in data]
    extra = [math.sqrt(t.weight) * (t.model_increment(model) - t.increment_h)
             for t in targets]
    return np.concatenate([*prc, np.array(extra, dtype=float)])


def _rmse(r: NDArray[np.float64], data: Sequence[PRCData],
          targets: Sequence[ProtocolTarget] = ()) -> dict[str, float]:
    out, i = {}, 0
    for d in data:
        k = d.shift_h.size
        out[d.name] = float(math.sqrt(np.mean(r[i:i + k] ** 2)))
        i += k
    for t in targets:
        out[t.name] = float(abs(r[i]) / math.sqrt(t.weight))
        i += 1
    return out


def fit_melatonin_response(
    model: Model,
    names: Sequence[str],
    data: Sequence[PRCData] | None = None,
    bounds: Sequence[tuple[float, float]] | None = None,
    max_evaluations: int = 400,
    x0: ArrayLike | None = None,
    targets: Sequence[ProtocolTarget] = (),
) -> MelatoninFit:
    """Fit the parameters ``names`` of ``model`` so its melatonin PRCs match ``data``.

    ``data`` defaults to :func:`burgess_data`; ``bounds`` to each parameter's accepted range;
    ``x0`` to the model's current values. Points count equally; ``targets`` add protocol
    increments (see :class:`ProtocolTarget`). A parameter set where the model
    fails (loses its rhythm, divides by zero) scores a large residual instead of stopping.
    """
    data = list(data) if data is not None else burgess_data()
    if not data:
        raise CircadianError("no PRC data to fit")
    if not model.has_melatonin:
        raise CircadianError(f"model {model.name} has no melatonin input")
    known = {f.name: f for f in fields(model.params)}
    for n in names:
        if n not in known:
            raise CircadianError(f"unknown parameter {n!r} for {model.name}")
    if bounds is None:
        bounds = [known[n].metadata["range"] for n in names]
    if not names:
        raise CircadianError("name at least one parameter to fit")
    if len(bounds) != len(names):
        raise CircadianError(f"{len(bounds)} bounds for {len(names)} parameters")
    lo = np.array([b[0] for b in bounds], dtype=float)
    hi = np.array([b[1] for b in bounds], dtype=float)
    if not np.all(lo < hi):
        raise CircadianError("each lower bound must be below its upper bound")
    start = (np.array([getattr(model.params, n) for n in names], dtype=float)
             if x0 is None else np.asarray(x0, dtype=float).ravel())
    if start.size != len(names) or not np.all(np.isfinite(start)):
        raise CircadianError(f"give one finite starting value for each of {len(names)} "
                             "parameters")
    start = np.clip(start, lo, hi)
    n_points = sum(d.shift_h.size for d in data) + len(targets)

    def fun(v: NDArray[np.float64]) -> NDArray[np.float64]:
        try:
            m = model.with_params(**dict(zip(names, (float(x) for x in v), strict=True)))
            r = residuals(m, data, targets)
        except (CircadianError, ValueError, FloatingPointError):
            return np.full(n_points, 12.0)
        return np.where(np.isfinite(r), r, 12.0)

    r0 = fun(start)
    res = least_squares(fun, start, bounds=(lo, hi), x_scale="jac", diff_step=1e-3,
                        max_nfev=max_evaluations)
    return MelatoninFit(model.name, tuple(names), tuple(float(v) for v in res.x),
                        tuple(float(v) for v in start), _rmse(res.fun, data, targets),
                        _rmse(r0, data, targets), int(res.nfev), str(res.message))


def refit_shipped(name: str, max_evaluations: int = 400) -> MelatoninFit:
    """Rerun the fit behind a shipped model's defaults, from its source model's values.

    The fitted models list what they fit in ``FIT_START`` (name -> starting value) and
    ``FIT_BOUNDS`` (name -> bounds, where tighter than the parameter's accepted range).
    """
    from circadian.models import get_model

    model = get_model(name)
    start = getattr(model, "FIT_START", None)
    if not start:
        raise CircadianError(f"no fit is defined for {name!r} (fitted: {', '.join(FITTED)})")
    names = tuple(start)
    ranges = {f.name: f.metadata["range"] for f in fields(model.params)}
    bounds = [model.FIT_BOUNDS.get(n, ranges[n]) for n in names]  # type: ignore[attr-defined]
    targets = advance_targets() if getattr(model, "FIT_PROTOCOLS", False) else ()
    return fit_melatonin_response(model, names, bounds=bounds, x0=[start[n] for n in names],
                                  max_evaluations=max_evaluations, targets=targets)


#: The shipped models whose melatonin response is fitted here.
FITTED = ("breslow13fit", "hannay19melfit", "hannay19melcal")


def main() -> None:  # pragma: no cover - a maintenance script, run by hand
    for name in FITTED:
        fit = refit_shipped(name)
        print(f"{name}: {fit.message} ({fit.n_evaluations} evaluations)")
        for k, v in fit.as_dict().items():
            print(f"  {k} = {v:.6g}")
        for k, v in fit.rmse_h.items():
            print(f"  RMSE {k}: {v:.3f} h (from {fit.rmse_start_h[k]:.3f} h)")


if __name__ == "__main__":  # pragma: no cover
    main()
