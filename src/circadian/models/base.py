"""Common machinery for the oscillator models: documented parameters and the model interface.

Each model module defines
- a frozen ``Params`` dataclass whose fields carry unit, meaning, source and valid range;
- numba-compiled scalar functions for the state equations (``deriv``), the light drive of
  Process L (``drive``), the smooth phase angle (``angle``) and an oral melatonin dose
  (``add_dose``, a no-op for models without melatonin);
- a :class:`Model` subclass tying them together with the model's phase-marker convention.

The same ``deriv`` serves the fast fixed-step integrator (one individual at a time) and the
vectorised numpy right-hand side used with ``scipy.integrate.solve_ivp``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
from numba import njit
from numpy.typing import NDArray

from circadian.errors import CircadianError


def param(
    default: float,
    unit: str,
    meaning: str,
    source: str,
    lo: float,
    hi: float,
) -> Any:
    """A model parameter: default value with unit, meaning, source and the range we accept."""
    return field(
        default=default,
        metadata={"unit": unit, "meaning": meaning, "source": source, "range": (lo, hi)},
    )


@dataclass(frozen=True, slots=True)
class ParamInfo:
    name: str
    value: float
    default: float
    unit: str
    meaning: str
    source: str
    lo: float
    hi: float


@dataclass(frozen=True)
class ModelParams:
    """Base of every model's parameter dataclass (frozen; change with :meth:`replace`)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            lo, hi = f.metadata["range"]
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise CircadianError(f"parameter {f.name} must be a finite number, got {v!r}")
            if not lo <= v <= hi:
                raise CircadianError(
                    f"parameter {f.name}={v:g} is outside the accepted range "
                    f"[{lo:g}, {hi:g}] {f.metadata['unit']}"
                )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def replace(self, **overrides: float) -> ModelParams:
        """A copy with some parameters changed; unknown names and bad values are rejected."""
        names = self.names()
        for k in overrides:
            if k not in names:
                raise CircadianError(
                    f"unknown parameter {k!r} for this model (known: {', '.join(names)})"
                )
        return dataclasses.replace(self, **overrides)

    def as_array(self) -> NDArray[np.float64]:
        return np.array([float(getattr(self, n)) for n in self.names()], dtype=float)

    def info(self) -> list[ParamInfo]:
        out = []
        for f in fields(self):
            lo, hi = f.metadata["range"]
            out.append(
                ParamInfo(
                    f.name, float(getattr(self, f.name)), float(f.default),
                    f.metadata["unit"], f.metadata["meaning"], f.metadata["source"], lo, hi,
                )
            )
        return out

    def as_dict(self) -> dict[str, float]:
        return {n: float(getattr(self, n)) for n in self.names()}


@njit(cache=True)
def no_dose(y: NDArray[np.float64], mg: float, p: NDArray[np.float64]) -> None:  # pragma: no cover
    """Models without a melatonin compartment ignore doses."""
    return None


class Model:
    """A circadian oscillator model with one parameter set.

    Subclasses set the class attributes below. Instances are immutable; use
    :meth:`with_params` for a changed copy.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    citation: ClassVar[str]
    Params: ClassVar[type[ModelParams]]
    state_names: ClassVar[tuple[str, ...]]
    #: index of Process L's n in the state vector (integrated exactly in the fast integrator)
    n_index: ClassVar[int]
    #: the model's own DLMO convention: a fixed offset from CBTmin [h] (Kronauer family) or
    #: None when DLMO is a phase angle of its own (Hannay: psi = 5*pi/12)
    dlmo_offset_h: ClassVar[float | None] = -7.0
    dlmo_angle: ClassVar[float | None] = None
    marker_note: ClassVar[str] = ""
    has_melatonin: ClassVar[bool] = False
    #: True when ``deriv`` works on one individual only (math.* calls, branches): then
    #: :meth:`rhs` evaluates a batch column by column
    scalar_deriv: ClassVar[bool] = False

    deriv: ClassVar[Callable[..., Any]]
    drive: ClassVar[Callable[..., Any]]
    angle: ClassVar[Callable[..., Any]]
    add_dose: ClassVar[Callable[..., Any]] = no_dose

    def __init__(self, params: ModelParams | None = None, **overrides: float) -> None:
        p = params if params is not None else self.Params()
        if not isinstance(p, self.Params):
            raise TypeError(f"{self.name} needs {self.Params.__name__}, got {type(p).__name__}")
        self.params: ModelParams = p.replace(**overrides) if overrides else p

    def with_params(self, **overrides: float) -> Model:
        return type(self)(self.params.replace(**overrides))

    def __repr__(self) -> str:
        changed = {
            k: v for k, v in self.params.as_dict().items() if v != getattr(self.Params(), k)
        }
        extra = "".join(f", {k}={v:g}" for k, v in changed.items())
        return f"{type(self).__name__}({self.name}{extra})"

    # -- state equations -------------------------------------------------------------------
    def rhs(self, t: float, y: NDArray[np.float64], lux: float | NDArray[np.float64],
            params: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Vectorised right-hand side dy/dt [1/h]: ``y`` is (n_states,) or (n_states, N).

        ``params`` defaults to this model's; pass an (n_params, N) array for a batch.
        Process L's ``n`` is integrated here as an ODE (the fast integrator solves it exactly).
        """
        y = np.asarray(y, dtype=float)
        p = self.params.as_array() if params is None else np.asarray(params, dtype=float)
        if y.ndim == 2 and self.scalar_deriv:
            return np.stack([self.rhs(t, y[:, j], lux, p if p.ndim == 1 else p[:, j])
                             for j in range(y.shape[1])], axis=1)
        if y.ndim == 2 and p.ndim == 1:
            p = np.repeat(p[:, None], y.shape[1], axis=1)
        p = self.kernel_params(p.T).T if p.ndim == 2 else self.kernel_params(p[None, :])[0]
        alpha, beta, galpha = self.drive_np(np.asarray(lux, dtype=float), p)
        n = y[self.n_index]
        dy = np.zeros_like(y)
        type(self).deriv(y, galpha * (1.0 - n), p, dy)
        dy[self.n_index] = 60.0 * (alpha * (1.0 - n) - beta * n)
        return dy

    def kernel_params(self, P: NDArray[np.float64]) -> NDArray[np.float64]:
        """Parameters (N, n_params) as the compiled functions read them: subclasses append
        derived constants (e.g. cos/sin of phase offsets) so they are not recomputed per step."""
        return P

    def drive_np(self, lux: NDArray[np.float64], p: NDArray[np.float64]) -> tuple[Any, Any, Any]:
        return type(self).drive(lux, p)

    def phase_angle(self, y: NDArray[np.float64]) -> float:
        """Smooth phase angle [rad] of state ``y``, increasing with circadian time."""
        return float(type(self).angle(np.asarray(y, dtype=float), self.params.as_array()))

    # -- phase-marker calibration ------------------------------------------------------------
    @cached_property
    def cbtmin_angle(self) -> float:
        """Phase angle at which the model's CBTmin falls (calibrated on the dark limit cycle)."""
        from circadian.models.calibrate import cbtmin_angle

        return cbtmin_angle(self)

    @cached_property
    def dark_limit_cycle(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(angles, states) sampled along one cycle of the limit cycle in darkness."""
        from circadian.models.calibrate import dark_limit_cycle

        return dark_limit_cycle(self)

    def state_at_angle(self, angle: float) -> NDArray[np.float64]:
        """A state on the dark limit cycle at phase angle ``angle`` [rad]."""
        angles, states = self.dark_limit_cycle
        d = np.angle(np.exp(1j * (angles - angle)))
        return states[int(np.argmin(np.abs(d)))].copy()

    def default_state(self) -> NDArray[np.float64]:
        """A generic starting state on the dark limit cycle (phase angle pi)."""
        return self.state_at_angle(math.pi)

    def describe(self) -> list[ParamInfo]:
        return self.params.info()

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return cls.Params.names()


def parse_param_overrides(items: Mapping[str, str] | list[str], model: type[Model]) -> dict:
    """Turn ``["tau=24.4", ...]`` (CLI form) into checked floats for ``model``."""
    pairs: list[tuple[str, str]] = []
    if isinstance(items, Mapping):
        pairs = [(str(k), str(v)) for k, v in items.items()]
    else:
        for it in items:
            if "=" not in it:
                raise CircadianError(f"--param {it!r}: expected NAME=VALUE, e.g. tau=24.4")
            k, v = it.split("=", 1)
            pairs.append((k.strip(), v.strip()))
    out: dict[str, float] = {}
    names = model.param_names()
    ranges = {f.name: f.metadata["range"] for f in fields(model.Params)}
    units = {f.name: f.metadata["unit"] for f in fields(model.Params)}
    for k, v in pairs:
        key = k if k in names else k.lower() if k.lower() in names else k
        if key not in names:
            raise CircadianError(
                f"--param {k}: unknown parameter for {model.name} (known: {', '.join(names)})"
            )
        try:
            val = float(v)
        except ValueError:
            raise CircadianError(f"--param {k}={v}: value is not a number") from None
        if not math.isfinite(val):
            raise CircadianError(f"--param {k}={v}: value must be finite")
        lo, hi = ranges[key]
        if not lo <= val <= hi:
            raise CircadianError(f"--param {k}={v}: outside the accepted range [{lo:g}, {hi:g}]"
                                 f" {units[key]} for {model.name}")
        out[key] = val
    return out
