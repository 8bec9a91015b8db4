"""Phase response curves to oral melatonin predicted by a model with a melatonin input.

Protocol (after Burgess et al. 2008, J Physiol, and Burgess et al. 2010, JCEM 95:3325):

1. The person is entrained to habitual sleep (23:00-07:00, 700 lux awake).
2. From midnight on, the person is kept in a constant dim background (``background_lux``,
   default 5 lux). Burgess kept subjects in an ultradian dim cycle (2.5 h awake at <150 lux,
   1.5 h asleep in the dark). We use constant dim light instead: the control trajectory is
   then time-invariant, and in Breslow 2013 light below ~100 lux barely affects the pacemaker.
   The dim background also lets endogenous melatonin rise, as in a DLMO assessment.
3. The first dose is taken at a clock time relative to the model's baseline DLMO. Pill times
   span 24 h (``n_points``). It is repeated at the same clock time on the following days
   (``n_doses``, 3 as in Burgess).
4. The shift of the phase marker is read against an unpulsed control ``days_after`` days after
   the last dose, once transients have decayed. Burgess corrected by each subject's placebo
   free-run; the control here plays that role. Advances are positive.

Because the background is constant, a dose at time c acts on the control's state at c. All pill
times are therefore integrated in one batch: each row starts from the control state at its
first pill and takes its doses at 0, 24, 48 h. A second batch runs without doses.

The x axis is the time of the (first) pill relative to baseline DLMO, as Burgess plotted it,
in [0, 24) h like :mod:`circadian.empirical_prc`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from circadian.empirical_prc import Peak
from circadian.errors import CircadianError
from circadian.integrate import run, step_grid
from circadian.light import DIM_LUX
from circadian.models.base import Model
from circadian.prc import control_run, shifts, states_at
from circadian.simulate import DEFAULT_DT_H, _markers_h

#: Published extremes of the Burgess PRCs [(hours after DLMO, shift h)]; science.md §2.
BURGESS_2008_3MG_PEAKS = ((19.4, 1.8), (11.1, -1.3))
BURGESS_2010_05MG_PEAKS = ((20.7, 1.5), (13.6, -1.3))



@dataclass(frozen=True)
class MelatoninPRC:
    """Predicted PRC: shift [h] (advance positive) against pill time after DLMO [h]."""

    model: str
    dose_mg: float
    n_doses: int
    background_lux: float
    hours_after_dlmo: NDArray[np.float64]  # time of the first pill, in [0, 24), ascending
    shift_h: NDArray[np.float64]

    def peak_advance(self) -> Peak:
        """Largest advance on the sampled grid."""
        i = int(np.argmax(self.shift_h))
        return Peak(float(self.hours_after_dlmo[i]), float(self.shift_h[i]))

    def peak_delay(self) -> Peak:
        """Largest delay on the sampled grid (the most negative shift)."""
        i = int(np.argmin(self.shift_h))
        return Peak(float(self.hours_after_dlmo[i]), float(self.shift_h[i]))

    def shift_at(self, hours_after_dlmo: float) -> float:
        """Shift [h] for a pill at ``hours_after_dlmo``, interpolated periodically."""
        t = np.concatenate((self.hours_after_dlmo - 24.0, self.hours_after_dlmo,
                            self.hours_after_dlmo + 24.0))
        s = np.tile(self.shift_h, 3)
        return float(np.interp(float(hours_after_dlmo) % 24.0, t, s))


def melatonin_prc(
    model: Model,
    dose_mg: float,
    n_points: int = 24,
    n_doses: int = 3,
    background_lux: float = DIM_LUX,
    days_after: float = 3.0,
    dt_h: float = DEFAULT_DT_H,
) -> MelatoninPRC:
    """The model's PRC to ``n_doses`` daily oral doses of ``dose_mg`` (see module doc).

    Returns a :class:`MelatoninPRC` whose ``hours_after_dlmo`` and ``shift_h`` arrays hold
    ``n_points`` pill times spanning 24 h and the resulting shifts (advances positive).
    """
    if not 4 <= n_points <= 480:
        raise CircadianError("n_points must be between 4 and 480")
    after = (-12.0 + np.arange(n_points) * (24.0 / n_points)) % 24.0
    shift = melatonin_shifts(model, dose_mg, after, n_doses, background_lux, days_after, dt_h)
    order = np.argsort(after)
    return MelatoninPRC(model.name, float(dose_mg), int(n_doses), float(background_lux),
                        after[order], shift[order])


def melatonin_shifts(
    model: Model,
    dose_mg: float,
    hours_after_dlmo: ArrayLike,
    n_doses: int = 3,
    background_lux: float = DIM_LUX,
    days_after: float = 3.0,
    dt_h: float = DEFAULT_DT_H,
) -> NDArray[np.float64]:
    """Shifts [h] (advances positive) for first pills at ``hours_after_dlmo`` (taken mod 24)
    after the model's baseline DLMO, by the protocol of the module doc."""
    if not model.has_melatonin:
        raise CircadianError(f"model {model.name} has no melatonin input; "
                             "use a model with melatonin (e.g. hannay19melfit)")
    if not (np.isfinite(dose_mg) and 0 < dose_mg <= 100):
        raise CircadianError(f"melatonin dose must be between 0 and 100 mg, got {dose_mg}")
    if not 1 <= n_doses <= 14:
        raise CircadianError("n_doses must be between 1 and 14")
    if not (np.isfinite(background_lux) and 0 <= background_lux <= 200_000):
        raise CircadianError(f"background illuminance must be 0-200,000 lux, got "
                             f"{background_lux}")
    if not (np.isfinite(days_after) and 1 <= days_after <= 30):
        raise CircadianError("days_after must be between 1 and 30 days")
    after = np.asarray(hours_after_dlmo, dtype=float).ravel()
    if after.size == 0 or not np.all(np.isfinite(after)):
        raise CircadianError("pill times must be finite numbers")
    # 1) entrained at midnight UTC of an arbitrary day, then the constant background
    # span 62 h holds every first-pill time (up to baseline DLMO + 12 h)
    h0, grid, ctrl = control_run(model, background_lux, 62.0, dt_h)
    P1 = model.params.as_array()[None, :]
    _, dlmo = _markers_h(model, ctrl)
    dl = dlmo[0][np.isfinite(dlmo[0])]
    dl = dl[dl >= h0 + 12.0]
    if dl.size == 0:
        raise CircadianError(f"{model.name}: no DLMO in the control run")
    ref_dlmo = float(dl[0])
    # 2) first pills within half a cycle either side of the baseline DLMO
    offsets = (after + 12.0) % 24.0 - 12.0
    Y = states_at(ctrl, grid, ref_dlmo + offsets)
    P = np.repeat(P1, offsets.size, axis=0)
    dose_times = 24.0 * np.arange(n_doses)
    horizon = dose_times[-1] + 24.0 * days_after
    g = step_grid(0.0, horizon, dt_h, dose_times)
    doses = np.zeros(g.size - 1)
    for t in dose_times:
        doses[min(np.searchsorted(g, t, side="right") - 1, g.size - 2)] += dose_mg
    lux = np.full(g.size - 1, float(background_lux))
    targets = np.array([model.cbtmin_angle])
    a = run(model, P, Y, g, lux, doses, targets=targets)
    b = run(model, P, Y, g, lux, targets=targets)
    if not (np.all(np.isfinite(a.final)) and np.all(np.isfinite(b.final))):
        raise CircadianError(f"{model.name}: the state became non-finite after the doses")
    return shifts(a, b, f"{model.name}: lost the phase marker after the doses")
