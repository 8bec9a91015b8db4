"""Phase response curves predicted by the oscillator models.

Protocol (after Khalsa et al. 2003, J Physiol 549:945): the person is entrained to habitual
sleep (23:00-07:00, 700 lux awake), then kept in dim light (5 lux, as in a constant routine);
a light pulse of given illuminance and duration is centred at each circadian time, and the
shift of the phase marker is measured against an unpulsed control after transients (four days
later). Advances are positive.

Because the dim background is constant, the control trajectory is time-invariant: a pulse
starting at time c acts on the control's state at c. So all pulse times are integrated in one
batch (one row per pulse time), against a second batch without the pulse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time

import numpy as np
from numpy.typing import NDArray

from circadian.errors import CircadianError
from circadian.integrate import RawRun, run, step_grid
from circadian.light import DIM_LUX, daily_schedule
from circadian.models.base import Model
from circadian.simulate import DEFAULT_DT_H, _targets, entrain
from circadian.timebase import to_hours

#: Khalsa et al. 2003: peak-to-trough of the 6.7 h, ~10,000 lux PRC (melatonin midpoint).
KHALSA_2003_PEAK_TO_TROUGH_H = 5.02
KHALSA_2003 = (
    "Khalsa SBS, Jewett ME, Cajochen C, Czeisler CA (2003). A phase response curve to single "
    "bright light pulses in human subjects. J Physiol 549(3):945-952"
)


@dataclass(frozen=True)
class PRCResult:
    """Shift [h] (advance positive) against pulse centre relative to DLMO and CBTmin [h]."""

    model: str
    lux: float
    duration_h: float
    hours_after_dlmo: NDArray[np.float64]
    hours_after_cbtmin: NDArray[np.float64]
    shift_h: NDArray[np.float64]

    @property
    def peak_advance(self) -> tuple[float, float]:
        """(hours after CBTmin, shift) at the largest advance."""
        i = int(np.argmax(self.shift_h))
        return float(self.hours_after_cbtmin[i]), float(self.shift_h[i])

    @property
    def peak_delay(self) -> tuple[float, float]:
        i = int(np.argmin(self.shift_h))
        return float(self.hours_after_cbtmin[i]), float(self.shift_h[i])

    @property
    def peak_to_trough(self) -> float:
        return float(self.shift_h.max() - self.shift_h.min())


def _wrap(h: NDArray[np.float64]) -> NDArray[np.float64]:
    return (h + 12.0) % 24.0 - 12.0


def control_run(model: Model, background_lux: float, span_h: float,
                dt_h: float) -> tuple[float, NDArray[np.float64], RawRun]:
    """Someone entrained to sleep 23:00-07:00 (700 lux awake) kept in constant light from
    midnight on, recorded finely for ``span_h`` hours: (start [epoch h], grid, run)."""
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    day = daily_schedule(t0, 1, "UTC", time(23, 0), time(7, 0))
    y0 = entrain(model, day, dt_h=dt_h)
    h0 = to_hours(t0)
    grid = step_grid(h0, h0 + span_h, 0.02, np.array([]))
    ctrl = run(model, model.params.as_array()[None, :], y0, grid,
               np.full(grid.size - 1, float(background_lux)), targets=_targets(model),
               record=True)
    if not np.all(np.isfinite(ctrl.trajectory)):
        raise CircadianError(f"{model.name}: the control run became non-finite")
    return h0, grid, ctrl


def states_at(ctrl: RawRun, grid: NDArray[np.float64],
              times: NDArray[np.float64]) -> NDArray[np.float64]:
    """States of the (single) recorded control run at ``times``, linearly interpolated."""
    traj = ctrl.trajectory[0]
    return np.array([[np.interp(t, grid, traj[:, k]) for k in range(traj.shape[1])]
                     for t in times])


def shifts(stimulus: RawRun, control: RawRun, lost: str) -> NDArray[np.float64]:
    """Shift [h] of the last CBTmin of each row, stimulus against control (advance > 0).

    The stimulus's last CBTmin is compared with the control CBTmin of the same cycle (the
    nearest one). Comparing the two runs' last events instead is wrong whenever one run's
    last CBTmin falls just before the end and the other's just after: wrapping that
    difference by 24 h leaves an error of tau - 24 h (~0.2 h in dim light), which showed as
    single-point glitches in the curves.
    """
    out = np.empty(stimulus.events.shape[0])
    for i in range(out.size):
        ta = stimulus.events[i, 0][np.isfinite(stimulus.events[i, 0])]
        tb = control.events[i, 0][np.isfinite(control.events[i, 0])]
        if ta.size == 0 or tb.size == 0:
            raise CircadianError(lost)
        best = math.inf
        # the last stimulus CBTmin may have no control partner inside the run: try the one
        # before it too, and keep the pairing with the smallest difference
        for t in ta[-2:]:
            d = tb - t
            j = int(np.argmin(np.abs(d)))
            if abs(d[j]) < abs(best):
                best = float(d[j])
        if abs(best) > 12.0:
            raise CircadianError(lost)
        out[i] = best
    return out


def phase_response_curve(
    model: Model,
    lux: float = 10_000.0,
    duration_h: float = 6.7,
    n_points: int = 48,
    background_lux: float = DIM_LUX,
    days_after: float = 4.0,
    dt_h: float = DEFAULT_DT_H,
) -> PRCResult:
    """The model's PRC to a light pulse of ``lux`` for ``duration_h`` hours (see module doc)."""
    if not (np.isfinite(lux) and lux > 0):
        raise CircadianError(f"pulse illuminance must be > 0 lux, got {lux}")
    if not (np.isfinite(duration_h) and 0 < duration_h <= 16):
        raise CircadianError(f"pulse duration must be between 0 and 16 h, got {duration_h}")
    if lux > 200_000:
        raise CircadianError(f"{lux:g} lux is brighter than direct sunlight (~120,000 lux)")
    if not 4 <= n_points <= 480:
        raise CircadianError("n_points must be between 4 and 480")
    # 1) entrained person at midnight UTC of an arbitrary day, then dim light from then on
    h0, grid, ctrl = control_run(model, background_lux, 48.0, dt_h)
    P1 = model.params.as_array()[None, :]
    cbt_ctrl = ctrl.events[0, 0][np.isfinite(ctrl.events[0, 0])]
    if cbt_ctrl.size == 0:
        raise CircadianError(f"{model.name}: no CBTmin in the control run")
    ref_cbt = cbt_ctrl[0]
    # 2) pulse centres spanning one cycle, starting 12 h before the first control CBTmin
    centres = ref_cbt - 12.0 + np.arange(n_points) * (24.0 / n_points)
    starts = centres - duration_h / 2.0
    if starts.min() < h0:
        centres += 24.0
        starts += 24.0
    Y = states_at(ctrl, grid, starts)
    P = np.repeat(P1, n_points, axis=0)
    horizon = duration_h + days_after * 24.0
    g = step_grid(0.0, horizon, dt_h, np.array([duration_h]))
    lux_pulse = np.where(g[:-1] < duration_h - 1e-9, lux, background_lux)
    lux_ctrl = np.full(g.size - 1, background_lux)
    targets = np.array([model.cbtmin_angle])
    a = run(model, P, Y, g, lux_pulse, targets=targets)
    b = run(model, P, Y, g, lux_ctrl, targets=targets)
    shift = shifts(a, b, f"{model.name}: lost the phase marker after the pulse (amplitude "
                         "suppressed); try a weaker or shorter pulse")
    after_cbt = _wrap(centres - ref_cbt)
    dlmo_minus_cbt = _dlmo_to_cbtmin_h(model, ctrl, grid)
    after_dlmo = _wrap(after_cbt - dlmo_minus_cbt)
    order = np.argsort(after_cbt)
    return PRCResult(model.name, float(lux), float(duration_h), after_dlmo[order],
                     after_cbt[order], shift[order])


def _dlmo_to_cbtmin_h(model: Model, ctrl, grid) -> float:  # type: ignore[no-untyped-def]
    """DLMO relative to CBTmin [h] (negative) in the control run."""
    if model.dlmo_angle is None:
        return float(model.dlmo_offset_h or -7.0)
    cbt = ctrl.events[0, 0][np.isfinite(ctrl.events[0, 0])]
    dl = ctrl.events[0, 1][np.isfinite(ctrl.events[0, 1])]
    # the DLMO that precedes the first CBTmin
    before = dl[dl < cbt[0]]
    if before.size:
        return float(before[-1] - cbt[0])
    return float(dl[0] - cbt[1]) if cbt.size > 1 and dl.size else -7.0
