"""Fixed-step integration of the oscillator models, compiled with numba.

Method: classical RK4 on the pacemaker variables with Process L's ``n`` solved exactly within
each step (its equation is linear with constant coefficients while the light is constant:
``n(t) = n_inf + (n0 - n_inf) exp(-60 (alpha + beta) t)``). That keeps the step stable at any
illuminance. Light is piecewise constant and every change of light is a step boundary, so no
step straddles a switch. Phase markers are found inside the loop as upward crossings of the
model's smooth phase angle through target angles, interpolated linearly within the step.

The reference for accuracy is :func:`integrate_reference` (``scipy.integrate.solve_ivp``, one
call per constant-light segment); the tests check the two agree.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass

import numpy as np
from numba import njit, prange
from numpy.typing import NDArray

from circadian.errors import ModelError
from circadian.models.base import Model, no_dose
from circadian.models.breslow import breslow_add_dose, breslow_deriv, breslow_drive
from circadian.models.hannay import (
    hannay_deriv,
    hannay_drive,
    hannay_tp_deriv,
    hannay_tp_drive,
    xy_angle,
)
from circadian.models.hannay_mel import hannay_mel_add_dose, hannay_mel_deriv
from circadian.models.kronauer import (
    forger_deriv,
    forger_drive,
    jewett_deriv,
    jewett_drive,
    vdp_angle,
)

TWO_PI = 2.0 * math.pi

# numba caches a compiled function only when the functions it calls are globals, not
# arguments; so the built-in models are dispatched by a small integer id. Each model class
# carries its id as ``kernel_id``; a model without one uses the uncached generic kernel.
BUILTIN_IDS = {"forger99": 0, "jewett99": 1, "hannay19": 2, "hannay19tp": 3, "breslow13": 4,
               "hannay19mel": 5, "breslow13fit": 4, "hannay19melfit": 5,
               "hannay19melcal": 5}


@njit(cache=True, inline="always")
def _deriv(mid, y, b, p, dy):  # type: ignore[no-untyped-def]
    if mid == 0:
        forger_deriv(y, b, p, dy)
    elif mid == 1:
        jewett_deriv(y, b, p, dy)
    elif mid == 2:
        hannay_deriv(y, b, p, dy)
    elif mid == 3:
        hannay_tp_deriv(y, b, p, dy)
    elif mid == 5:
        hannay_mel_deriv(y, b, p, dy)
    else:
        breslow_deriv(y, b, p, dy)


@njit(cache=True, inline="always")
def _drive(mid, lux, p):  # type: ignore[no-untyped-def]
    if mid == 0:
        return forger_drive(lux, p)
    if mid == 1:
        return jewett_drive(lux, p)
    if mid == 2 or mid == 5:
        return hannay_drive(lux, p)
    if mid == 3:
        return hannay_tp_drive(lux, p)
    return breslow_drive(lux, p)


@njit(cache=True, inline="always")
def _angle(mid, y, p):  # type: ignore[no-untyped-def]
    if mid <= 1 or mid == 4:
        return vdp_angle(y, p)
    return xy_angle(y, p)


@njit(cache=True, inline="always")
def _add_dose(mid, y, mg, p):  # type: ignore[no-untyped-def]
    if mid == 4:
        breslow_add_dose(y, mg, p)
    elif mid == 5:
        hannay_mel_add_dose(y, mg, p)
    else:
        no_dose(y, mg, p)


@njit(cache=True, inline="always")
def _xy(mid, y):  # type: ignore[no-untyped-def]
    """The 2-D vector whose angle is the model's phase (see each model's ``angle``)."""
    if mid == 2 or mid == 3 or mid == 5:
        return y[0], y[1]
    return y[0], -y[1]


def _kernel_body(mid, n_idx, P, Y0, t0, dts, lux, dose, targets,
                 max_ev, record):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    N, ns = Y0.shape
    nsteps = dts.shape[0]
    nt = targets.shape[0]
    ev = np.full((N, nt, max_ev), np.nan)
    cnt = np.zeros((N, nt), np.int64)
    traj = np.empty((N, nsteps + 1 if record else 0, ns))
    yend = np.empty_like(Y0)
    tc = np.cos(targets)
    ts = np.sin(targets)
    for i in prange(N):
        p = P[i]
        y = Y0[i].copy()
        k1 = np.zeros(ns)
        k2 = np.zeros(ns)
        k3 = np.zeros(ns)
        k4 = np.zeros(ns)
        tmp = np.empty(ns)
        # crossing detection: signed distance of the phase vector from each target ray;
        # only net-new upward crossings count, so a phase that wobbles back is not re-counted
        X, Y = _xy(mid, y)
        side = np.empty(nt)
        net = np.zeros(nt, np.int64)
        top = np.zeros(nt, np.int64)
        for j in range(nt):
            side[j] = -ts[j] * X + tc[j] * Y
        if record:
            traj[i, 0, :] = y
        t = t0
        last_lux = -1.0
        last_h = -1.0
        galpha = 0.0
        ninf = 0.0
        e_half = 1.0
        for s in range(nsteps):
            if dose[s] > 0.0:
                _add_dose(mid, y, dose[s], p)
            h = dts[s]
            if lux[s] != last_lux or h != last_h:
                alpha, beta, galpha = _drive(mid, lux[s], p)
                ninf = alpha / (alpha + beta)
                e_half = math.exp(-30.0 * (alpha + beta) * h)
                last_lux = lux[s]
                last_h = h
            n0 = y[n_idx]
            n_half = ninf + (n0 - ninf) * e_half
            n_end = ninf + (n0 - ninf) * e_half * e_half
            b0 = galpha * (1.0 - n0)
            bh = galpha * (1.0 - n_half)
            b1 = galpha * (1.0 - n_end)
            _deriv(mid, y, b0, p, k1)
            for m in range(ns):
                tmp[m] = y[m] + 0.5 * h * k1[m]
            _deriv(mid, tmp, bh, p, k2)
            for m in range(ns):
                tmp[m] = y[m] + 0.5 * h * k2[m]
            _deriv(mid, tmp, bh, p, k3)
            for m in range(ns):
                tmp[m] = y[m] + h * k3[m]
            _deriv(mid, tmp, b1, p, k4)
            for m in range(ns):
                y[m] += h / 6.0 * (k1[m] + 2.0 * k2[m] + 2.0 * k3[m] + k4[m])
            y[n_idx] = n_end
            t += h
            X, Y = _xy(mid, y)
            for j in range(nt):
                new = -ts[j] * X + tc[j] * Y
                old = side[j]
                if (old < 0.0) != (new < 0.0) and tc[j] * X + ts[j] * Y > 0.0:
                    if new >= 0.0:
                        net[j] += 1
                        if net[j] > top[j]:
                            top[j] = net[j]
                            c = cnt[i, j]
                            if c < max_ev:
                                ev[i, j, c] = t - h + h * (-old) / (new - old)
                                cnt[i, j] = c + 1
                    else:
                        net[j] -= 1
                side[j] = new
            if record:
                traj[i, s + 1, :] = y
        yend[i, :] = y
    return ev, cnt, traj, yend


def _renamed(f, name):  # type: ignore[no-untyped-def]
    """A copy of ``f`` under another name: numba's on-disk cache is keyed by the function's
    name, not by its compile options, so the serial and parallel builds need distinct names."""
    g = types.FunctionType(f.__code__.replace(co_name=name), f.__globals__, name,
                           f.__defaults__, f.__closure__)
    g.__qualname__ = name
    return g


# one person: serial (no thread start-up); many: split across cores
_kernel_serial = njit(cache=True, fastmath=True)(_renamed(_kernel_body, "_kernel_serial"))
_kernel_parallel = njit(cache=True, parallel=True, fastmath=True)(
    _renamed(_kernel_body, "_kernel_parallel")
)


_BUILTIN_DERIVS = (forger_deriv, jewett_deriv, hannay_deriv, hannay_tp_deriv, breslow_deriv,
                   hannay_mel_deriv)


@dataclass(frozen=True)
class RawRun:
    """Output of one integration over a step grid (times in epoch hours)."""

    t_h: NDArray[np.float64]  # step boundaries, len nsteps + 1
    events: NDArray[np.float64]  # (N, n_targets, max_events), NaN padded
    counts: NDArray[np.int64]  # (N, n_targets)
    trajectory: NDArray[np.float64]  # (N, nsteps + 1, n_states) or (N, 0, n_states)
    final: NDArray[np.float64]  # (N, n_states)


def step_grid(
    start_h: float,
    end_h: float,
    dt_h: float,
    breaks_h: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Step boundaries from ``start_h`` to ``end_h``: a uniform grid plus every break point."""
    n = max(1, int(math.ceil((end_h - start_h) / dt_h - 1e-9)))
    uni = start_h + dt_h * np.arange(n + 1)
    uni[-1] = end_h
    b = breaks_h[(breaks_h > start_h) & (breaks_h < end_h)]
    grid = np.union1d(uni, b)
    # merge points closer than ~0.4 ms: they are the same instant written twice
    keep = np.concatenate(([True], np.diff(grid) > 1e-7))
    keep[-1] = True
    grid = grid[keep]
    if grid.size >= 2 and grid[-1] - grid[-2] <= 1e-7:
        grid = np.delete(grid, -2)
    return grid


def run(
    model: Model,
    P: NDArray[np.float64],
    Y0: NDArray[np.float64],
    t_h: NDArray[np.float64],
    lux: NDArray[np.float64],
    dose_mg: NDArray[np.float64] | None = None,
    targets: NDArray[np.float64] | None = None,
    record: bool = False,
) -> RawRun:
    """Integrate ``model`` for N individuals over step boundaries ``t_h``.

    ``P`` is (N, n_params), ``Y0`` (N, n_states), ``lux`` the illuminance on each step [lux],
    ``dose_mg`` oral melatonin taken at the start of each step [mg].
    """
    cls = type(model)
    dts = np.diff(t_h)
    nsteps = dts.size
    if dose_mg is None:
        dose_mg = np.zeros(nsteps)
    if targets is None:
        targets = np.array([model.cbtmin_angle])
    span_days = (t_h[-1] - t_h[0]) / 24.0
    max_ev = int(span_days * 1.5) + 4
    mid = BUILTIN_IDS.get(cls.name)
    if mid is None or cls.deriv is not _BUILTIN_DERIVS[mid]:
        raise TypeError(
            f"{cls.name}: register the model's functions in circadian.integrate's dispatch"
        )
    kernel = _kernel_parallel if P.shape[0] >= 8 else _kernel_serial
    try:
        ev, cnt, traj, yend = kernel(
            mid, cls.n_index,
            np.ascontiguousarray(model.kernel_params(np.atleast_2d(P)), dtype=float),
            np.ascontiguousarray(Y0, dtype=float),
            float(t_h[0]), np.ascontiguousarray(dts), np.ascontiguousarray(lux, dtype=float),
            np.ascontiguousarray(dose_mg, dtype=float), np.ascontiguousarray(targets, dtype=float),
            max_ev, record,
        )
    except ZeroDivisionError:
        raise ModelError(f"{cls.name}: the equations divide by zero with these parameters; "
                         "the model cannot give an answer here") from None
    return RawRun(t_h, ev, cnt, traj, yend)


def integrate_reference(
    model: Model,
    y0: NDArray[np.float64],
    t_h: NDArray[np.float64],
    lux: NDArray[np.float64],
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> NDArray[np.float64]:
    """Reference solution with ``scipy.integrate.solve_ivp`` (DOP853), one call per step.

    Returns the state at every boundary of ``t_h`` (len(t_h), n_states). Slow; for tests.
    """
    from scipy.integrate import solve_ivp

    out = np.empty((t_h.size, y0.size))
    out[0] = y0
    y = np.asarray(y0, dtype=float)
    for s in range(t_h.size - 1):
        lx = float(lux[s])
        sol = solve_ivp(
            lambda t, yy, lx=lx: model.rhs(t, yy, lx),
            (t_h[s], t_h[s + 1]), y, method="DOP853", rtol=rtol, atol=atol,
        )
        y = sol.y[:, -1]
        out[s + 1] = y
    return out
