"""Where the person's body clock starts: entrained to their habitual sleep, or their measured DLMO.

The person is taken to be entrained to their habitual sleep at home: awake at
:data:`~circadian.light.HABITUAL_WAKE_LUX`, dark in bed. With a measured DLMO, the model's
intrinsic period ``tau`` is fitted (secant search, warm-started entrainment) so that the
entrained model DLMO equals the measured one: a later DLMO on the same sleep schedule means a
longer intrinsic period. If the user fixed ``tau`` (or the fit would leave a plausible range),
the state is instead taken from the habitual orbit shifted in time by the difference, and the
plan says that the model expects the clock to drift back toward its own prediction. Either way
the *target* of a plan is the model's DLMO of this person living their habitual schedule at
local time (its clock time is the baseline DLMO's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import numpy as np

from circadian.errors import CircadianError
from circadian.light import daily_schedule
from circadian.models.base import Model
from circadian.planner.clock import clock_h, from_hours, local_h, to_hours, wrap12
from circadian.simulate import SimulationResult, entrain, simulate

TAU_FIT_RANGE = (23.5, 25.0)
"""Intrinsic periods a measured DLMO may be fitted with [h] (Duffy et al. 2011: 24.15 +- 0.2 h
in 157 adults; a wider range would fit a DLMO the sleep times cannot explain)."""
FIT_TOL_H = 0.25


@dataclass(frozen=True)
class Start:
    """The model (tau possibly fitted), its state at ``t0_h``, the clock hour of its DLMO on the
    habitual schedule (the plan's target clock time). ``off_model_h``: how much later [h] a
    measured DLMO is than the model can be entrained to (0 when it could be fitted)."""

    model: Model
    t0_h: float
    y0: np.ndarray
    dlmo_clock_h: float
    off_model_h: float = 0.0


def _dlmo_clock(model: Model, y: np.ndarray, t0_h: float, zone: str, bed: time,
                wake: time) -> float:
    sched = daily_schedule(from_hours(t0_h), 3, zone, bed, wake)
    r = simulate(model, sched, initial=y, record=False)
    assert isinstance(r, SimulationResult)
    if not r.dlmo:
        raise CircadianError(f"{model.name}: no DLMO predicted on the habitual schedule")
    return local_h(to_hours(r.dlmo[-1]), zone)


def _fit_tau(model: Model, day, y: np.ndarray, target: float, err: float, t0_h: float,
             zone: str, bed: time, wake: time) -> tuple[Model, np.ndarray, float]:
    """Secant search on tau for the entrained DLMO to fall at ``target`` (clock hour)."""
    info = {i.name: i for i in model.params.info()}["tau"]
    lo, hi = max(info.lo, TAU_FIT_RANGE[0]), min(info.hi, TAU_FIT_RANGE[1])
    tau0 = float(model.params.as_dict()["tau"])
    x0, e0 = tau0, err
    x1 = min(hi, max(lo, tau0 + 0.1 * (1 if err > 0 else -1)))
    m1, y1, e1 = model, y, err
    for _ in range(8):
        m1 = model.with_params(tau=x1)
        y1 = entrain(m1, day, y0=y1)
        e1 = wrap12(target - _dlmo_clock(m1, y1[0], t0_h, zone, bed, wake))
        if abs(e1) < 0.1 or e1 == e0:
            break
        x2 = x1 - e1 * (x1 - x0) / (e1 - e0)
        x0, e0 = x1, e1
        x1 = min(hi, max(lo, x2))
        if x1 == x0:
            break
    return m1, y1, e1


def start_state(model: Model, zone: str, t0_h: float, bed: time, wake: time,
                dlmo: time | None = None, tau_fixed: bool = False) -> Start:
    """The person's starting point at ``t0_h`` (see the module docs); ``tau_fixed``: the user
    set tau, so it is not fitted."""
    day = daily_schedule(from_hours(t0_h), 1, zone, bed, wake)
    y = entrain(model, day)
    clock = _dlmo_clock(model, y[0], t0_h, zone, bed, wake)
    if dlmo is None:
        return Start(model, t0_h, y[0], clock)
    target = clock_h(dlmo)
    err = wrap12(target - clock)
    if abs(err) < 0.1:
        return Start(model, t0_h, y[0], clock)
    if "tau" in model.params.names() and not tau_fixed:
        m1, y1, e1 = _fit_tau(model, day, y, target, err, t0_h, zone, bed, wake)
        if abs(e1) < FIT_TOL_H:
            return Start(m1, t0_h, y1[0], _dlmo_clock(m1, y1[0], t0_h, zone, bed, wake))
    # time-shift along the habitual orbit: state at t0 = entrained state at t0 - err
    sched = daily_schedule(from_hours(t0_h), 2, zone, bed, wake)
    r = simulate(model, sched, initial=y[0])
    assert isinstance(r, SimulationResult)
    k = min(int(np.searchsorted(r.t_h, t0_h + (-err) % 24.0)), len(r.states) - 1)
    return Start(model, t0_h, r.states[k].copy(), clock, off_model_h=err)
