"""Empirical phase response curves (PRCs): published points and periodic harmonic fits.

A PRC gives the phase shift [h] caused by a stimulus as a function of when it is given. Here
time is measured in hours after dim-light melatonin onset (DLMO), and shifts are positive for
advances. Curves are fitted as a 24 h periodic harmonic (Fourier) series by least squares. The
published Burgess curves were probably two-harmonic fits (not verified); a two-harmonic fit of
the digitised points reproduces their published extremes to within 0.2 h (see the tests).

Shipped data (``circadian/data/prc/*.csv``, provenance in each file's header):

- ``burgess2008_3mg``: Burgess, Revell & Eastman 2008, *J Physiol*, 3 mg, n = 27.
- ``burgess2010_0.5mg``: Burgess et al. 2010, *JCEM* 95:3325, 0.5 mg, n = 34.
- ``sthilaire2012_1h``: St Hilaire et al. 2012, *J Physiol* 590:3035, 1 h of ~8000 lux white
  light, 18 points; x = pulse *midpoint* after the pre-stimulus DLMO.
- ``ruger2013_480nm``: Ruger et al. 2013 (PMC3630790), 6.5 h of 480 nm light at 11.2 lux, 16
  points; x = pulse *onset* after the pre-stimulus DLMO.

The melatonin points were digitised by Stowe et al. 2025 (*J Pineal Res* 77:e70056, repository
``diniz-behn-lab/melatonin``), the light points by Arcascope (``amplitude-simulations``). The
light shifts are raw, as plotted: not corrected for the -0.54 h drift the papers assume between
the two constant routines (:data:`ASSUMED_DRIFT_H`). No digitised points or published
coefficients were found for the Khalsa et al. 2003 light PRC, so it is not offered.

**480 nm in models driven by photopic lux.** The models take illuminance of white light. For
Ruger's monochromatic 480 nm light we give them its melanopic equivalent daylight illuminance
(melanopic EDI, CIE S 026:2018): 11.8 uW/cm2 x s_mel(480 nm) = 0.9656 / 1.3262 mW/lm (the
melanopic efficacy of D65) = **86 lux** (:data:`RUGER_MELANOPIC_EDI_LUX`). The same spectrum's
photopic value, 11.2 lux, would treat it as dim light and leave the pacemaker almost untouched.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import least_squares, minimize_scalar

from circadian.errors import CircadianError

PERIOD_H = 24.0
"""Period of every fitted PRC [h]."""

MAX_ABS_SHIFT_H = 12.0
"""Largest phase shift a PRC point may report [h]; beyond it advance and delay are ambiguous."""

CSV_COLUMNS = ("hours_after_dlmo", "shift_h")

_GRID_STEP_H = 0.01


class Peak(NamedTuple):
    """An extreme of a fitted PRC."""

    hours_after_dlmo: float
    """Time of the stimulus after DLMO, in [0, 24) [h]."""
    shift_h: float
    """Phase shift there [h]; advances positive."""

    @property
    def hours_from_dlmo(self) -> float:
        """The same time as signed hours relative to DLMO, in [-12, 12) [h]."""
        return _signed(self.hours_after_dlmo)


@dataclass(frozen=True, slots=True)
class FittedPRC:
    """A 24 h periodic harmonic series fitted to PRC points.

    shift(t) = offset_h + sum_k cos_h[k-1]·cos(2πkt/24) + sin_h[k-1]·sin(2πkt/24),
    with t in hours after DLMO and the shift in hours (advances positive).
    """

    offset_h: float
    """Constant term [h]."""
    cos_h: tuple[float, ...]
    """Cosine coefficients for harmonics 1..N [h]."""
    sin_h: tuple[float, ...]
    """Sine coefficients for harmonics 1..N [h]."""
    r_squared: float
    """Coefficient of determination of the fit (nan if the data have no variance)."""
    rmse_h: float
    """Root-mean-square residual [h]."""
    n: int
    """Number of points fitted."""
    citation: str = ""
    """Source of the data, for published curves."""

    @property
    def harmonics(self) -> int:
        """Number of harmonics in the series."""
        return len(self.cos_h)

    @property
    def coefficients(self) -> tuple[float, ...]:
        """All coefficients as (offset, cos1, sin1, cos2, sin2, ...) [h]."""
        out = [self.offset_h]
        for a, b in zip(self.cos_h, self.sin_h, strict=True):
            out += [a, b]
        return tuple(out)

    @overload
    def __call__(self, hours_after_dlmo: float) -> float: ...
    @overload
    def __call__(self, hours_after_dlmo: ArrayLike) -> float | NDArray[np.float64]: ...

    def __call__(self, hours_after_dlmo: ArrayLike) -> float | NDArray[np.float64]:
        """Phase shift [h] for a stimulus at the given hours after DLMO (scalar or array)."""
        t = np.asarray(hours_after_dlmo, dtype=float)
        y = _design(t.ravel(), self.harmonics) @ np.asarray(self.coefficients)
        return float(y[0]) if t.ndim == 0 else y.reshape(t.shape)

    def sample(
        self, start_h: float = -12.0, stop_h: float = 12.0, step_h: float = 0.5
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The curve on a regular grid from ``start_h`` to ``stop_h`` inclusive [h, h]."""
        if not step_h > 0 or not stop_h >= start_h:
            raise CircadianError("need step_h > 0 and stop_h >= start_h", "sample")
        count = int(math.floor((stop_h - start_h) / step_h + 1e-9)) + 1
        x = start_h + step_h * np.arange(count)
        return x, np.asarray(self(x))

    def peak_advance(self) -> Peak:
        """Largest advance: where the curve is highest."""
        return self._extreme(sign=1.0)

    def peak_delay(self) -> Peak:
        """Largest delay: where the curve is lowest (the shift is then usually negative)."""
        return self._extreme(sign=-1.0)

    def _extreme(self, sign: float) -> Peak:
        grid = np.arange(0.0, PERIOD_H, _GRID_STEP_H)
        values = sign * np.asarray(self(grid))
        start = float(grid[int(np.argmax(values))])
        res = minimize_scalar(
            lambda t: -sign * self(float(t)),
            bounds=(start - _GRID_STEP_H, start + _GRID_STEP_H),
            method="bounded",
            options={"xatol": 1e-6},
        )
        t = float(res.x) % PERIOD_H
        return Peak(t, self(t))


#: Drift the light-PRC papers assume between their two constant routines [h] (a delay; the
#: dashed line of Khalsa 2003 Fig. 3, St Hilaire 2012, Ruger 2013). Shipped light shifts are
#: raw, so a model's drift-free shift is compared after adding this.
ASSUMED_DRIFT_H = -0.54
#: Melanopic EDI of Ruger 2013's 11.8 uW/cm2 at 480 nm [lux] (CIE S 026:2018: s_mel(480 nm)
#: = 0.96561; melanopic efficacy of D65 1.32621 mW/lm): 118 mW/m2 x 0.96561 / 1.32621.
RUGER_MELANOPIC_EDI_LUX = 118.0 * 0.96561 / 1.32621


@dataclass(frozen=True, slots=True)
class PublishedPRC:
    """A shipped data set of PRC points.

    Light PRCs also say their protocol: pulse illuminance and duration, whether x is the pulse
    centre or onset, and the illuminance a model driven by white-light lux is given
    (``model_lux``; differs from ``lux`` for coloured light, with ``model_lux_note`` saying
    why).
    """

    name: str
    filename: str
    citation: str
    stimulus: str
    kind: str = "melatonin"
    lux: float = 0.0
    duration_h: float = 0.0
    x_reference: str = "pill"
    model_lux: float = 0.0
    model_lux_note: str = ""


PUBLISHED: dict[str, PublishedPRC] = {
    p.name: p
    for p in (
        PublishedPRC(
            "burgess2008_3mg",
            "burgess2008_3mg.csv",
            "Burgess HJ, Revell VL, Eastman CI (2008). A three pulse phase response curve to "
            "three milligrams of melatonin in humans. J Physiol. Points digitised by Stowe et "
            "al. 2025, J Pineal Res 77:e70056 (github.com/diniz-behn-lab/melatonin).",
            "3 mg oral melatonin, 3 daily doses",
        ),
        PublishedPRC(
            "burgess2010_0.5mg",
            "burgess2010_0.5mg.csv",
            "Burgess HJ et al. (2010). Human phase response curves to three days of daily "
            "melatonin: 0.5 mg versus 3.0 mg. J Clin Endocrinol Metab 95:3325, "
            "doi:10.1210/jc.2009-2590. Points digitised by Stowe et al. 2025, J Pineal Res "
            "77:e70056 (github.com/diniz-behn-lab/melatonin).",
            "0.5 mg oral melatonin, 3 daily doses",
        ),
        PublishedPRC(
            "sthilaire2012_1h",
            "sthilaire2012_1h.csv",
            "St Hilaire MA et al. (2012). Human phase response curve to a 1 h pulse of bright "
            "white light. J Physiol 590:3035-3045. Points digitised by Arcascope "
            "(github.com/Arcascope/amplitude-simulations).",
            "1 h of ~8000 lux white light",
            kind="light", lux=8000.0, duration_h=1.0, x_reference="centre", model_lux=8000.0,
        ),
        PublishedPRC(
            "ruger2013_480nm",
            "ruger2013_480nm.csv",
            "Ruger M et al. (2013). Human phase response curve to a single 6.5 h pulse of "
            "short-wavelength light. J Physiol 591:353-363 (PMC3630790). Points digitised by "
            "Arcascope (github.com/Arcascope/amplitude-simulations).",
            "6.5 h of 480 nm light, 11.8 uW/cm2 (11.2 lux)",
            kind="light", lux=11.2, duration_h=6.5, x_reference="onset",
            model_lux=RUGER_MELANOPIC_EDI_LUX,
            model_lux_note="melanopic EDI (CIE S 026:2018) of 11.8 uW/cm2 at 480 nm: 86 lux",
        ),
    )
}
"""Shipped PRC data sets by name."""


def fit_prc(
    hours_after_dlmo: ArrayLike, shift_h: ArrayLike, harmonics: int = 2
) -> FittedPRC:
    """Fit a 24 h periodic harmonic series to PRC points by least squares.

    Parameters
    ----------
    hours_after_dlmo : times of the stimulus relative to DLMO [h]; any real value (taken mod 24).
    shift_h : phase shifts [h], advances positive.
    harmonics : number of harmonics (1 or more); needs at least 2·harmonics + 1 points at
        enough distinct times.

    Uses :func:`scipy.optimize.least_squares` on the linear model.
    """
    if isinstance(harmonics, bool) or not isinstance(harmonics, int) or harmonics < 1:
        raise CircadianError(f"harmonics must be a whole number >= 1, got {harmonics!r}")
    x = np.asarray(hours_after_dlmo, dtype=float).ravel()
    y = np.asarray(shift_h, dtype=float).ravel()
    if x.size != y.size:
        raise CircadianError(f"{x.size} times but {y.size} shifts: they must pair up")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise CircadianError("times and shifts must be finite numbers")
    n_params = 2 * harmonics + 1
    if x.size < n_params:
        raise CircadianError(
            f"{x.size} points are too few for {harmonics} harmonic(s): need at least {n_params}"
        )
    design = _design(x, harmonics)
    if np.linalg.matrix_rank(design) < n_params:
        raise CircadianError(
            f"the points fall at too few distinct times to fit {harmonics} harmonic(s)"
        )
    result = least_squares(
        lambda c: design @ c - y, np.zeros(n_params), jac=lambda c: design, method="lm"
    )
    coef = result.x
    resid = design @ coef - y
    ss_res = float(resid @ resid)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else math.nan
    return FittedPRC(
        offset_h=float(coef[0]),
        cos_h=tuple(float(v) for v in coef[1::2]),
        sin_h=tuple(float(v) for v in coef[2::2]),
        r_squared=r2,
        rmse_h=math.sqrt(ss_res / x.size),
        n=int(x.size),
    )


def load_points(name: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The shipped points of a published PRC: (hours after DLMO [h], shift [h])."""
    entry = _published(name)
    ref = resources.files("circadian").joinpath("data", "prc", entry.filename)
    with resources.as_file(ref) as path:
        return read_prc_csv(path, harmonics=1)


@cache
def published_prc(name: str) -> FittedPRC:
    """The two-harmonic fit of a shipped published PRC, with its citation.

    Names: see :data:`PUBLISHED` (``burgess2008_3mg``, ``burgess2010_0.5mg``).
    """
    x, y = load_points(name)
    return replace(fit_prc(x, y, harmonics=2), citation=PUBLISHED[name].citation)


def read_prc_csv(
    path: str | Path, harmonics: int = 2
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Read PRC points from a CSV file with columns ``hours_after_dlmo,shift_h``.

    Blank lines and lines starting with ``#`` are skipped; the first other line is the header
    (extra columns are ignored). Times must lie in [-24, 48] h and shifts in [-12, 12] h.
    Every bad row raises :class:`CircadianError` naming the file and line. The file must hold
    at least 2·harmonics + 1 points.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CircadianError("file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CircadianError(f"cannot read the file ({exc})", str(path)) from None
    columns: dict[str, int] | None = None
    width = 0
    xs: list[float] = []
    ys: list[float] = []
    for lineno, row in _rows(text, str(path)):
        where = f"{path}:{lineno}"
        if columns is None:
            names = [c.strip().lower() for c in row]
            missing = [c for c in CSV_COLUMNS if c not in names]
            if missing:
                raise CircadianError(
                    f"header must name the columns {','.join(CSV_COLUMNS)}; missing "
                    f"{', '.join(missing)}",
                    where,
                )
            columns = {c: names.index(c) for c in CSV_COLUMNS}
            width = len(names)
            continue
        if len(row) != width:
            raise CircadianError(f"expected {width} fields, found {len(row)}", where)
        x = _number(row[columns["hours_after_dlmo"]], "hours_after_dlmo", where)
        y = _number(row[columns["shift_h"]], "shift_h", where)
        if not -24.0 <= x <= 48.0:
            raise CircadianError(f"hours_after_dlmo {x:g} is outside -24..48 h", where)
        if abs(y) > MAX_ABS_SHIFT_H:
            raise CircadianError(f"shift_h {y:g} is outside -12..12 h", where)
        xs.append(x)
        ys.append(y)
    if columns is None:
        raise CircadianError(
            f"no header line; expected the columns {','.join(CSV_COLUMNS)}", str(path)
        )
    need = 2 * harmonics + 1
    if len(xs) < need:
        raise CircadianError(
            f"{len(xs)} data rows; at least {need} are needed for {harmonics} harmonic(s)",
            str(path),
        )
    return np.array(xs), np.array(ys)


def _rows(text: str, where: str = "") -> list[tuple[int, list[str]]]:
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            out.append((lineno, next(csv.reader([line]))))
        except csv.Error as exc:  # e.g. a field over csv's size limit
            raise CircadianError(f"not valid CSV: {exc}", f"{where}:{lineno}") from None
    return out


def _number(field: str, column: str, where: str) -> float:
    try:
        value = float(field.strip())
    except ValueError:
        raise CircadianError(f"{column} {field.strip()!r} is not a number", where) from None
    if not math.isfinite(value):
        raise CircadianError(f"{column} must be finite, got {field.strip()!r}", where)
    return value


def _published(name: str) -> PublishedPRC:
    try:
        return PUBLISHED[name]
    except KeyError:
        known = ", ".join(sorted(PUBLISHED))
        raise CircadianError(f"unknown PRC {name!r}; known: {known}", "prc") from None


def _design(t: NDArray[np.float64] | Sequence[float], harmonics: int) -> NDArray[np.float64]:
    """Columns 1, cos(ωt), sin(ωt), ..., cos(Nωt), sin(Nωt) with ω = 2π/24 h."""
    w = 2.0 * math.pi / PERIOD_H
    t = np.asarray(t, dtype=float)
    cols = [np.ones_like(t)]
    for k in range(1, harmonics + 1):
        cols += [np.cos(k * w * t), np.sin(k * w * t)]
    return np.column_stack(cols)


#: Pill times are told as hours from DLMO on a day cut this long before DLMO (about habitual
#: wake + 6 h), so an afternoon advance reads "DLMO-4.0 h" and a morning delay "DLMO+13.0 h".
PILL_DAY_FROM_DLMO_H = -8.0


def dlmo_relative(hours_after_dlmo: float) -> str:
    """A time on the melatonin PRC as "DLMO-4.0 h" or "DLMO+13.0 h" (one convention for every
    melatonin PRC the tool prints: see :data:`PILL_DAY_FROM_DLMO_H`)."""
    h = (hours_after_dlmo - PILL_DAY_FROM_DLMO_H) % PERIOD_H + PILL_DAY_FROM_DLMO_H
    return f"DLMO{h:+.1f} h"


def _signed(hours_after_dlmo: float) -> float:
    """Map hours after DLMO onto [-12, 12) relative to DLMO."""
    return (hours_after_dlmo + 12.0) % PERIOD_H - 12.0
