"""Run a model over a light (and melatonin) schedule and read off its daily phase markers.

``simulate`` integrates one person or a batch (many parameter sets or initial states at once)
with the compiled fixed-step integrator and returns CBTmin and DLMO as aware UTC datetimes,
using each model's own marker convention (see the model's ``marker_note``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

from circadian.errors import CircadianError, ModelError
from circadian.integrate import RawRun, run, step_grid
from circadian.light import LightSchedule
from circadian.models.base import Model
from circadian.timebase import from_hours, to_hours

_NO_TARGETS = np.array([0.0])  # entraining needs no markers
DEFAULT_DT_H = 0.25  # 15 min: DLMO within 5 s of a 0.01 h run and of solve_ivp (tests)
ENTRAIN_MAX_DAYS = 120


@dataclass(frozen=True)
class Dose:
    """An oral melatonin dose [mg] taken at an aware time."""

    time: datetime
    mg: float


@dataclass(frozen=True, slots=True)
class DailyMarkers:
    """The body-clock night that starts on the evening of ``date`` (local, in the zone asked
    for): that evening's DLMO and the CBTmin of the night after it (often the next calendar
    day). See :func:`group_daily`."""

    date: date
    dlmo: datetime | None
    cbtmin: datetime | None


@dataclass(frozen=True)
class SimulationResult:
    """One person's simulation. Marker times are aware UTC."""

    model: Model
    start: datetime
    end: datetime
    cbtmin: tuple[datetime, ...]
    dlmo: tuple[datetime, ...]
    t_h: NDArray[np.float64]  # step boundaries [epoch h]
    states: NDArray[np.float64]  # (len(t_h), n_states)
    final_state: NDArray[np.float64]

    def daily(self, tz: str | ZoneInfo = "UTC") -> list[DailyMarkers]:
        """Markers grouped by the local evening they belong to (see :func:`group_daily`)."""
        return group_daily(self.dlmo, self.cbtmin, tz)

    def dlmo_near(self, when: datetime, within_h: float = 14.0) -> datetime | None:
        """The DLMO closest to ``when`` (None when none lies within ``within_h``)."""
        return _nearest(self.dlmo, when, within_h)

    def cbtmin_near(self, when: datetime, within_h: float = 14.0) -> datetime | None:
        return _nearest(self.cbtmin, when, within_h)


@dataclass(frozen=True)
class BatchResult:
    """A batch simulation: marker times as epoch hours, NaN-padded, one row per individual."""

    model: Model
    start: datetime
    end: datetime
    cbtmin_h: NDArray[np.float64]  # (N, k)
    dlmo_h: NDArray[np.float64]  # (N, k)
    final_states: NDArray[np.float64]  # (N, n_states)
    params: NDArray[np.float64]  # (N, n_params)

    @property
    def size(self) -> int:
        return int(self.final_states.shape[0])

    def individual(self, i: int) -> tuple[list[datetime], list[datetime]]:
        """(dlmo, cbtmin) datetimes of individual ``i``."""
        return (
            [from_hours(h) for h in self.dlmo_h[i] if np.isfinite(h)],
            [from_hours(h) for h in self.cbtmin_h[i] if np.isfinite(h)],
        )


def _nearest(times: Sequence[datetime], when: datetime, within_h: float) -> datetime | None:
    best = None
    for t in times:
        d = abs((t - when).total_seconds()) / 3600
        if d <= within_h and (best is None or d < abs((best - when).total_seconds()) / 3600):
            best = t
    return best


#: A DLMO belongs to the evening of the local date 12 h before it, so one that moves past
#: midnight stays with its evening; a CBTmin (about DLMO + 7 h) to the date 19 h before it.
_DLMO_KEY = timedelta(hours=12)
_CBTMIN_KEY = timedelta(hours=19)


def group_daily(
    dlmo: Sequence[datetime], cbtmin: Sequence[datetime], tz: str | ZoneInfo = "UTC"
) -> list[DailyMarkers]:
    """One entry per local evening with a marker: its DLMO and the CBTmin of the night after.

    Grouping by calendar date instead loses markers whenever the clock moves one across
    midnight (a delayed DLMO at 00:10 and the next evening's at 23:50 share a date; the date
    before has none), which night work and jet lag do all the time. Evenings are cut at local
    noon instead, which only a clock fully adapted to night work (DLMO near midday) crosses.
    """
    z = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    days: dict[date, dict[str, datetime]] = {}
    for kind, seq, key in (("dlmo", dlmo, _DLMO_KEY), ("cbtmin", cbtmin, _CBTMIN_KEY)):
        for t in seq:
            local = t.astimezone(z)
            days.setdefault((local - key).date(), {}).setdefault(kind, local)
    return [
        DailyMarkers(d, v.get("dlmo"), v.get("cbtmin")) for d, v in sorted(days.items())
    ]


# -- batch parameters --------------------------------------------------------------------------
def _param_matrix(model: Model, vary: Mapping[str, ArrayLike] | None, n: int | None) -> NDArray:
    base = model.params.as_array()
    names = model.params.names()
    if not vary:
        return base[None, :].repeat(n or 1, axis=0)
    cols = {}
    size = n
    for k, v in vary.items():
        if k not in names:
            raise CircadianError(f"unknown parameter {k!r} for {model.name} "
                                 f"(known: {', '.join(names)})")
        arr = np.atleast_1d(np.asarray(v, dtype=float))
        if size is None:
            size = arr.size
        if arr.size not in (1, size):
            raise CircadianError(f"batch values for {k} have {arr.size} entries, expected {size}")
        cols[k] = arr
    P = base[None, :].repeat(size or 1, axis=0)
    infos = {i.name: i for i in model.params.info()}
    for k, arr in cols.items():
        j = names.index(k)
        if not np.all(np.isfinite(arr)):
            raise CircadianError(f"batch values for {k} must be finite")
        lo, hi = infos[k].lo, infos[k].hi
        if np.any(arr < lo) or np.any(arr > hi):
            raise CircadianError(f"batch values for {k} must lie in [{lo:g}, {hi:g}]")
        P[:, j] = arr
    return P


def _targets(model: Model) -> NDArray[np.float64]:
    t = [model.cbtmin_angle]
    if model.dlmo_angle is not None:
        t.append(model.dlmo_angle)
    return np.array(t)


def _markers_h(model: Model, raw: RawRun) -> tuple[NDArray, NDArray]:
    """(cbtmin, dlmo) epoch hours per individual (N, k), NaN-padded."""
    cbt = raw.events[:, 0, :].copy()
    if model.dlmo_angle is not None:
        dl = raw.events[:, 1, :].copy()
    else:
        dl = cbt + float(model.dlmo_offset_h or 0.0)
    t0, t1 = raw.t_h[0], raw.t_h[-1]
    dl[(dl < t0) | (dl > t1)] = np.nan
    # keep NaNs at the end of each row
    return _compact(cbt), _compact(dl)


def _compact(a: NDArray) -> NDArray:
    out = np.full_like(a, np.nan)
    for i in range(a.shape[0]):
        v = a[i][np.isfinite(a[i])]
        out[i, : v.size] = v
    return out


# -- entrainment -------------------------------------------------------------------------------
def entrain(
    model: Model,
    day: LightSchedule,
    P: NDArray[np.float64] | None = None,
    y0: NDArray[np.float64] | None = None,
    dt_h: float = DEFAULT_DT_H,
    tol: float = 1e-5,
) -> NDArray[np.float64]:
    """States (N, n_states) entrained to ``day`` repeated, at the moment ``day`` starts.

    ``day`` is one period of a periodic light pattern (normally 24 h). The model is run over
    blocks of ten periods until the state at the period boundary stops changing; this replaces
    simulating weeks by hand and costs a few milliseconds.
    """
    if P is None:
        P = model.params.as_array()[None, :]
    n = P.shape[0]
    period = day.t_h[-1] - day.t_h[0]
    if period < 12:
        raise CircadianError("need at least 12 h of light data to entrain the model")
    k = 10
    grid1 = step_grid(day.t_h[0], day.t_h[-1], dt_h, day.t_h) - day.t_h[0]
    grid = np.concatenate([grid1[:-1] + i * period for i in range(k)] + [[k * period]])
    lux1 = day.sample(grid1[:-1] + day.t_h[0])
    lux = np.tile(lux1, k)
    if y0 is None:
        y0 = np.array([model.default_state()]).repeat(n, axis=0)
    y = y0
    for _ in range(ENTRAIN_MAX_DAYS // k):
        r = run(model, P, y, grid, lux, targets=_NO_TARGETS)
        # compare with the state one period before the end
        r1 = run(model, P, r.final, grid[: grid1.size], lux1, targets=_NO_TARGETS)
        y = r1.final
        if not np.all(np.isfinite(y)):
            raise ModelError(f"{model.name}: the model diverged while entraining")
        if np.max(np.abs(y - r.final)) < tol:
            break
    return y


# -- simulate ----------------------------------------------------------------------------------
def simulate(
    model: Model,
    light: LightSchedule,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    initial: str | ArrayLike = "entrain",
    doses: Sequence[Dose] = (),
    vary: Mapping[str, ArrayLike] | None = None,
    n: int | None = None,
    dt_h: float = DEFAULT_DT_H,
    record: bool = True,
) -> SimulationResult | BatchResult:
    """Simulate ``model`` under ``light`` (and melatonin ``doses``) from ``start`` to ``end``.

    initial: "entrain" (default) starts entrained to the first 24 h of the light schedule
    repeated; an array gives the state (n_states,) or states (N, n_states) directly.
    vary: batch parameters, e.g. ``{"tau": taus}``, each an array of one value per individual;
    with ``vary`` or an (N, n_states) ``initial`` the result is a :class:`BatchResult`.
    """
    if not (0.001 <= dt_h <= 0.5):
        raise CircadianError("step dt_h must lie between 0.001 and 0.5 h")
    s_h = light.t_h[0] if start is None else to_hours(start)
    e_h = light.t_h[-1] if end is None else to_hours(end)
    if e_h <= s_h:
        raise CircadianError("simulation end must be after its start")
    init_arr = None if isinstance(initial, str) else np.asarray(initial, dtype=float)
    if isinstance(initial, str) and initial != "entrain":
        raise CircadianError(f"initial must be 'entrain' or a state array, got {initial!r}")
    batch = bool(vary) or (init_arr is not None and init_arr.ndim == 2) or (n or 1) > 1
    size = n
    if init_arr is not None and init_arr.ndim == 2:
        size = init_arr.shape[0]
    P = _param_matrix(model, vary, size)
    N = P.shape[0]
    ns = len(model.state_names)
    if init_arr is None:
        day = light.window(s_h, s_h + 24.0)
        Y0 = entrain(model, day, P, dt_h=dt_h)
    else:
        if init_arr.shape[-1] != ns:
            raise CircadianError(f"{model.name} has {ns} state variables "
                                 f"({', '.join(model.state_names)}), got {init_arr.shape[-1]}")
        Y0 = np.broadcast_to(init_arr, (N, ns)).copy()
    dose_h = np.array([to_hours(d.time) for d in doses], dtype=float)
    for d in doses:
        if not (math.isfinite(d.mg) and d.mg > 0):
            raise CircadianError(f"melatonin dose must be > 0 mg, got {d.mg}")
    if doses and not model.has_melatonin:
        raise CircadianError(f"model {model.name} has no melatonin input; "
                             "use a model with melatonin (see `circadian models`)")
    grid = step_grid(s_h, e_h, dt_h, np.concatenate((light.t_h, dose_h)))
    lux = light.sample(grid[:-1])
    dose_steps = np.zeros(grid.size - 1)
    for d, h in zip(doses, dose_h, strict=True):
        if s_h <= h < e_h:
            dose_steps[min(np.searchsorted(grid, h, side="right") - 1, grid.size - 2)] += d.mg
    raw = run(model, P, Y0, grid, lux, dose_steps, _targets(model), record=record and not batch)
    if not np.all(np.isfinite(raw.final)):
        raise ModelError(f"{model.name}: the state became non-finite; the parameters or light "
                         "are outside what the model can handle")
    cbt_h, dl_h = _markers_h(model, raw)
    start_dt, end_dt = from_hours(s_h), from_hours(e_h)
    if batch:
        return BatchResult(model, start_dt, end_dt, cbt_h, dl_h, raw.final, P)
    return SimulationResult(
        model, start_dt, end_dt,
        tuple(from_hours(h) for h in cbt_h[0] if np.isfinite(h)),
        tuple(from_hours(h) for h in dl_h[0] if np.isfinite(h)),
        grid, raw.trajectory[0] if record else np.empty((0, ns)), raw.final[0],
    )


def entrained_to_sleep(
    model: Model,
    at: datetime,
    tz: str,
    sleep_start: time,
    sleep_end: time,
    wake_lux: float | None = None,
) -> NDArray[np.float64]:
    """State at ``at`` of someone entrained to habitual sleep in zone ``tz`` (local times)."""
    from circadian.light import HABITUAL_WAKE_LUX, daily_schedule

    sched = daily_schedule(at, 1, tz, sleep_start, sleep_end,
                           HABITUAL_WAKE_LUX if wake_lux is None else wake_lux)
    return entrain(model, sched)[0]

