"""Predicted alertness from sleep/wake history: the Three Process Model (TPM).

The TPM of Åkerstedt and Folkard sums a homeostatic process S, a 24 h circadian process C with
a 12 h harmonic U, and sleep inertia W into predicted alertness A = S + C + U + W, and maps it to
the Karolinska Sleepiness Scale (KSS). Equations and default parameters are those of the FIPS R
package (``TPM_make_pvec``/``TPM_simulate``, humanfactors/FIPS), which takes them from
Ingre et al. (2014):

* wake: ``S(t) = la + (Sw - la) exp(d t)`` (t = hours awake, Sw = S at waking)
* sleep: below the break level ``bl`` S rises linearly at ``g (bl - ha)`` per hour, above it
  ``S = ha - (ha - bl) exp(g (t - tb))``; i.e. dS/dt = -g (ha - max(S, bl)) with g < 0
* ``C = Cm + Ca cos(2 pi (T - p) / 24)``; ``U = Um + Ua cos(2 pi (T - p - 3) / 12)``
* ``W = Wc exp(Wd t)`` while awake (0 asleep)
* ``KSS = 10.6 - 0.6 (S + C + U + W)``

Here ``T`` is the *body-clock* time of day: local clock time for someone entrained to their
zone, or shifted when a circadian model predicts a different phase (see :func:`cbtmin_phase`).

Differences from FIPS: (1) S is continuous when sleep starts above ``bl`` (FIPS's piecewise
formula jumps slightly there; it agrees exactly when sleep starts below ``bl``). (2) FIPS's
default ``alertness`` column is S + C + U; its KSS and ours include W. (3) A series starting
awake is taken to have been awake long enough for W to have faded (FIPS restarts W at the first
sample), so start the sleep history a day or two before the period of interest.

References
----------
.. [1] Åkerstedt T, Folkard S (1997). The three-process model of alertness and its extension to
   performance, sleep latency, and sleep length. Chronobiol Int 14:115-123.
   :doi:`10.3109/07420529709001149`
.. [2] Åkerstedt T, Folkard S, Portin C (2004). Predictions from the three-process model of
   alertness. Aviat Space Environ Med 75(3 Suppl):A75-83.
.. [3] Ingre M, et al. (2014). Validating and extending the three process model of alertness in
   airline operations. PLoS ONE 9:e108679. :doi:`10.1371/journal.pone.0108679`
.. [4] Wilson MK, Strickland L, Ballard T (2020). FIPS: an R package for biomathematical
   modelling of human fatigue related impairment. JOSS 5:2340. :doi:`10.21105/joss.02340`
.. [5] Åkerstedt T, Anund A, Axelsson J, Kecklund G (2014). Subjective sleepiness is a sensitive
   indicator of insufficient sleep and impaired waking function. J Sleep Res 23:240-252.
   :doi:`10.1111/jsr.12158` (KSS above 6 goes with impaired driving and EEG sleep intrusions.)
.. [6] Dijk D-J, Duffy JF, Czeisler CA (1992). Circadian and sleep/wake dependent aspects of
   subjective alertness and cognitive performance. J Sleep Res 1:112-117. (The circadian rhythm
   of alertness parallels core body temperature.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

from circadian.errors import CircadianError
from circadian.plan import Alertness
from circadian.tz import get_zone, to_utc

FloatArray = NDArray[np.float64]

#: Maps hours since the Unix epoch (UTC) to body-clock time of day [h, 0-24).
PhaseFn = Callable[[FloatArray], FloatArray]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TPMParams:
    """Three Process Model parameters; defaults are FIPS ``TPM_make_pvec()`` [3]_, [4]_.

    Units: S, C, U, W and alertness in TPM alertness units; ``d``, ``g``, ``wd`` per hour
    [1/h]; ``p`` is the clock time of the peak of C [h].
    """

    la: float = 2.4  #: low asymptote of S (wake)
    ha: float = 14.3  #: high asymptote of S (sleep)
    d: float = -0.0353  #: wake decay rate of S [1/h]
    g: float = math.log((14.3 - 14.0) / (14.3 - 7.96)) / 8.0  #: sleep recovery rate [1/h]
    bl: float = 12.2  #: break level: linear recovery below, exponential above
    cm: float = 0.0  #: mesor of C
    ca: float = 2.5  #: amplitude of C
    p: float = 16.8  #: time of day of the peak of C [h]
    um: float = -0.5  #: mesor of U (12 h harmonic)
    ua: float = 0.5  #: amplitude of U
    wc: float = -5.72  #: sleep inertia at waking
    wd: float = -1.51  #: sleep inertia recovery rate [1/h]
    s0: float = 7.96  #: S at the start of a series
    kss_intercept: float = 10.6  #: KSS = kss_intercept + kss_beta * alertness
    kss_beta: float = -0.6


#: FIPS/Ingre et al. 2014 default parameter set.
TPM_FIPS = TPMParams()

#: KSS level taken as "low alertness": 7 = "sleepy, but no effort to keep awake"; KSS above 6
#: is associated with impaired driving and EEG sleep intrusions (Åkerstedt et al. 2014 [5]_).
KSS_SLEEPY = 7.0

#: Hours from CBTmin to the peak of C when C is anchored to a circadian model's phase: the
#: alertness rhythm runs in phase with core body temperature (Dijk et al. 1992 [6]_), so C's
#: trough (12 h before its peak) is placed at CBTmin. With FIPS's p = 16.8 this implies CBTmin
#: at 04:48, i.e. DLMO ~21:48 with CBTmin = DLMO + 7 h (our consistency check, not a source).
CBTMIN_TO_PEAK_H = 12.0

SCALE = "TPM alertness (Åkerstedt-Folkard; KSS = 10.6 - 0.6 x alertness)"


def alertness_threshold(kss: float = KSS_SLEEPY, params: TPMParams = TPM_FIPS) -> float:
    """TPM alertness at which predicted KSS equals ``kss`` (6.0 for KSS 7 with FIPS values)."""
    return (kss - params.kss_intercept) / params.kss_beta


@dataclass(frozen=True, slots=True, eq=False)
class TPMResult:
    """TPM components on a time grid (``t_h``: the caller's hours; arrays share its shape)."""

    t_h: FloatArray
    s: FloatArray
    c: FloatArray
    u: FloatArray
    w: FloatArray
    awake: NDArray[np.bool_]
    params: TPMParams = field(default=TPM_FIPS)

    @property
    def alertness(self) -> FloatArray:
        """S + C + U + W [TPM units]."""
        return self.s + self.c + self.u + self.w

    @property
    def kss(self) -> FloatArray:
        """Predicted KSS (1-9 scale; values outside are extrapolation) [3]_."""
        return self.params.kss_intercept + self.params.kss_beta * self.alertness


def _circadian(tod_h: FloatArray, p: TPMParams) -> tuple[FloatArray, FloatArray]:
    c = p.cm + p.ca * np.cos(2.0 * np.pi / 24.0 * (tod_h - p.p))
    u = p.um + p.ua * np.cos(2.0 * np.pi / 12.0 * (tod_h - p.p - 3.0))
    return c, u


def _sleep_s(s_start: FloatArray, el: FloatArray, p: TPMParams) -> FloatArray:
    """S after ``el`` hours asleep from ``s_start`` (linear below bl, exponential above)."""
    rate = p.g * (p.bl - p.ha)  # linear recovery rate [1/h], positive since g < 0
    tb = np.maximum((p.bl - s_start) / rate, 0.0)
    s_b = np.maximum(s_start, p.bl)
    lin = s_start + rate * el
    expo = p.ha - (p.ha - s_b) * np.exp(p.g * np.maximum(el - tb, 0.0))
    return np.where(el <= tb, lin, expo)


def _wake_s(s_start: FloatArray, el: FloatArray, p: TPMParams) -> FloatArray:
    return p.la + (s_start - p.la) * np.exp(p.d * el)


def three_process(
    t_h: ArrayLike,
    sleeps_h: ArrayLike,
    tod_h: ArrayLike,
    params: TPMParams = TPM_FIPS,
    s0: float | None = None,
) -> TPMResult:
    """Evaluate the TPM on times ``t_h`` [h] given sleep episodes and body-clock time of day.

    ``sleeps_h``: (n, 2) [start, end) in the same hours, non-overlapping. ``tod_h``: body-clock
    time of day at each ``t_h`` [h]. The series starts at ``min(t_h[0], first sleep start)``
    with S = ``s0`` (default ``params.s0``), awake unless a sleep starts there. Vectorised: S
    is closed-form within each episode, so only the episode boundaries are stepped through.
    """
    t = np.asarray(t_h, dtype=np.float64)
    tod = np.broadcast_to(np.asarray(tod_h, dtype=np.float64), t.shape)
    sl = np.asarray(sleeps_h, dtype=np.float64).reshape(-1, 2)
    if t.size == 0:
        empty = np.zeros(t.shape)
        return TPMResult(t, empty, empty, empty, empty, np.zeros(t.shape, bool), params)
    if not np.all(np.isfinite(t)) or not np.all(np.isfinite(sl)) or not np.all(np.isfinite(tod)):
        raise CircadianError("times must be finite")
    if sl.size:
        sl = sl[np.argsort(sl[:, 0])]
        if np.any(sl[:, 1] <= sl[:, 0]):
            raise CircadianError("a sleep period ends at or before it starts")
        if np.any(sl[1:, 0] < sl[:-1, 1]):
            raise CircadianError("sleep periods overlap")
    t0 = min(float(t.min()), float(sl[0, 0]) if sl.size else math.inf)
    # Episode boundaries: t0 (awake), then alternating sleep start / sleep end.
    bounds = [t0]
    asleep = [False]
    for a, b in sl:
        if a == bounds[-1] and not asleep[-1]:
            asleep[-1] = True  # sleep starts at t0
        else:
            bounds.append(float(a))
            asleep.append(True)
        bounds.append(float(b))
        asleep.append(False)
    # S at the start of each episode and time of the last waking.
    s_start = np.empty(len(bounds))
    s_start[0] = params.s0 if s0 is None else s0
    for k in range(1, len(bounds)):
        dt = np.array(bounds[k] - bounds[k - 1])
        prev = np.array(s_start[k - 1])
        s_start[k] = (_sleep_s if asleep[k - 1] else _wake_s)(prev, dt, params)
    b_arr = np.asarray(bounds)
    idx = np.searchsorted(b_arr, t, side="right") - 1
    el = t - b_arr[idx]
    is_sleep = np.asarray(asleep)[idx]
    ss = s_start[idx]
    s = np.where(is_sleep, _sleep_s(ss, el, params), _wake_s(ss, el, params))
    woke_at_start = idx > 0  # the first episode, if awake, has no known waking time
    w = np.where(~is_sleep & woke_at_start, params.wc * np.exp(params.wd * el), 0.0)
    c, u = _circadian(tod, params)
    return TPMResult(t, s, c, u, w, ~is_sleep, params)


# --------------------------------------------------------------------------------------------
# Phase of process C
# --------------------------------------------------------------------------------------------


def _hours(dt: datetime, where: str | None = None) -> float:
    return (to_utc(dt, where) - _EPOCH).total_seconds() / 3600.0


def _datetime(h: float) -> datetime:
    return _EPOCH + timedelta(hours=h)


def entrained_phase(tz: str | ZoneInfo) -> PhaseFn:
    """Body clock = local clock time in ``tz`` (FIPS's assumption: peak of C at p local)."""
    zone = get_zone(tz)

    def fn(t_h: FloatArray) -> FloatArray:
        t = np.asarray(t_h, dtype=np.float64)
        hours = np.floor(t).astype(np.int64)
        uniq, inv = np.unique(hours, return_inverse=True)
        offs = np.array(
            [
                (_datetime(float(h)).astimezone(zone).utcoffset() or timedelta(0)).total_seconds()
                / 3600.0
                for h in uniq
            ]
        )
        return np.mod(t + offs[inv].reshape(t.shape), 24.0)

    return fn


def fixed_peak_phase(circadian_peak_utc_hours: float, params: TPMParams = TPM_FIPS) -> PhaseFn:
    """Body clock with the peak of C at ``circadian_peak_utc_hours`` UTC every day."""
    if not math.isfinite(circadian_peak_utc_hours):
        raise CircadianError("circadian peak time must be finite")

    def fn(t_h: FloatArray) -> FloatArray:
        return np.mod(np.asarray(t_h, dtype=np.float64) - circadian_peak_utc_hours + params.p, 24.0)

    return fn


def cbtmin_phase(
    cbtmins: Sequence[datetime],
    params: TPMParams = TPM_FIPS,
    cbtmin_to_peak_h: float = CBTMIN_TO_PEAK_H,
) -> PhaseFn:
    """Body clock from a circadian model's predicted CBTmin times (aware datetimes).

    Circadian time advances linearly between successive CBTmins (one cycle per ~24 h gap) and
    at 24 h per day before the first and after the last, with C peaking ``cbtmin_to_peak_h``
    after each CBTmin (C's trough at CBTmin; see :data:`CBTMIN_TO_PEAK_H`).
    """
    m = np.sort(np.array([_hours(c, "CBTmin") for c in cbtmins], dtype=np.float64))
    if m.size == 0:
        raise CircadianError("need at least one CBTmin time")
    if np.any(np.diff(m) < 12.0):
        raise CircadianError("CBTmin times must be at least 12 h apart")
    cycles = np.maximum(np.rint(np.diff(m) / 24.0), 1.0)
    offset = params.p - cbtmin_to_peak_h  # body-clock time of day at CBTmin

    def fn(t_h: FloatArray) -> FloatArray:
        t = np.asarray(t_h, dtype=np.float64)
        ct = np.empty_like(t)
        before, after = t < m[0], t >= m[-1]
        ct[before] = t[before] - m[0]
        ct[after] = t[after] - m[-1]
        mid = ~(before | after)
        if np.any(mid):
            j = np.searchsorted(m, t[mid], side="right") - 1
            ct[mid] = 24.0 * cycles[j] * (t[mid] - m[j]) / (m[j + 1] - m[j])
        return np.mod(ct + offset, 24.0)

    return fn


# --------------------------------------------------------------------------------------------
# Datetime-level API
# --------------------------------------------------------------------------------------------


def _sleeps_hours(sleeps: Sequence[tuple[datetime, datetime]]) -> FloatArray:
    out = np.empty((len(sleeps), 2))
    for i, pair in enumerate(sleeps):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise CircadianError(f"sleep {i + 1} must be a (start, end) pair") from None
        out[i] = (_hours(a, f"sleep {i + 1} start"), _hours(b, f"sleep {i + 1} end"))
    return out


def alertness_series(
    times: Sequence[datetime],
    sleeps: Sequence[tuple[datetime, datetime]],
    phase: PhaseFn | None = None,
    *,
    circadian_peak_utc_hours: float | None = None,
    tz: str | None = None,
    params: TPMParams = TPM_FIPS,
    s0: float | None = None,
) -> TPMResult:
    """TPM on aware datetimes. Process C follows ``phase``, or a fixed UTC peak time, or is
    entrained to ``tz`` (exactly one). ``t_h`` of the result is hours since the Unix epoch.
    """
    given = [x is not None for x in (phase, circadian_peak_utc_hours, tz)]
    if sum(given) != 1:
        raise CircadianError("give exactly one of phase, circadian_peak_utc_hours or tz")
    if phase is None:
        phase = (
            fixed_peak_phase(circadian_peak_utc_hours, params)
            if circadian_peak_utc_hours is not None
            else entrained_phase(tz)  # type: ignore[arg-type]
        )
    t = np.array([_hours(x, "time") for x in times], dtype=np.float64)
    return three_process(t, _sleeps_hours(sleeps), phase(t), params, s0)


class _ShiftLike(Protocol):
    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def label(self) -> str: ...
    @property
    def tz(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ShiftAlertness:
    """Predicted alertness through one shift.

    ``lowest`` is the lowest TPM alertness; ``max_kss`` the highest predicted KSS;
    ``hours_at_risk`` the time with alertness below ``threshold`` (KSS at or above
    ``kss_threshold``); ``flag`` is True when that time is positive.
    """

    start: datetime
    end: datetime
    label: str
    tz: str
    lowest: float
    max_kss: float
    hours_at_risk: float
    flag: bool
    threshold: float
    kss_threshold: float
    scale: str = SCALE

    def to_plan(self) -> Alertness:
        """As the plan's :class:`circadian.plan.Alertness` record."""
        return Alertness(
            start=self.start,
            end=self.end,
            label=self.label,
            lowest=self.lowest,
            scale=self.scale,
            hours_at_risk=self.hours_at_risk,
            flag=self.flag,
            tz=self.tz,
        )


def shift_alertness(
    shifts: Sequence[_ShiftLike],
    sleeps: Sequence[tuple[datetime, datetime]],
    phase_fn: PhaseFn | None = None,
    *,
    params: TPMParams = TPM_FIPS,
    kss_threshold: float = KSS_SLEEPY,
    step_min: float = 5.0,
    s0: float | None = None,
) -> list[ShiftAlertness]:
    """Predicted alertness through each shift from the sleep history.

    ``phase_fn`` places process C (e.g. :func:`cbtmin_phase` from a circadian model); ``None``
    means entrained to each shift's zone. Alertness is sampled every ``step_min`` minutes (at
    interval midpoints for ``hours_at_risk``; the lowest value also uses the edges). A sleep
    overlapping a shift is an error. Start ``sleeps`` a day or two before the first shift: the
    model starts from ``s0`` (see module notes).
    """
    if not step_min > 0:
        raise CircadianError("step_min must be positive")
    sl = _sleeps_hours(sleeps)
    thr = alertness_threshold(kss_threshold, params)
    out = []
    for sh in shifts:
        a, b = _hours(sh.start, "shift start"), _hours(sh.end, "shift end")
        if b <= a:
            raise CircadianError(f"shift {sh.label!r} ends at or before it starts")
        if sl.size and np.any((sl[:, 0] < b) & (sl[:, 1] > a)):
            raise CircadianError(
                f"a sleep period overlaps the shift {sh.label!r} starting "
                f"{to_utc(sh.start):%Y-%m-%d %H:%M}Z"
            )
        n = max(1, math.ceil((b - a) * 60.0 / step_min - 1e-9))
        dt = (b - a) / n
        t = a + dt * 0.5 * np.arange(2 * n + 1)  # edges at even, midpoints at odd indices
        fn = phase_fn if phase_fn is not None else entrained_phase(sh.tz)
        res = three_process(t, sl, fn(t), params, s0)
        al = res.alertness
        below = al[1::2] < thr
        out.append(
            ShiftAlertness(
                start=to_utc(sh.start),
                end=to_utc(sh.end),
                label=sh.label,
                tz=sh.tz,
                lowest=float(al.min()),
                max_kss=float(res.kss.max()),
                hours_at_risk=float(below.sum() * dt),
                flag=bool(below.any()),
                threshold=thr,
                kss_threshold=kss_threshold,
            )
        )
    return out
