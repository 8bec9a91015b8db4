"""Kronauer-family van der Pol models: Forger 1999 ("simpler") and Jewett/Kronauer 1999.

State (x, xc, n): x and xc are the pacemaker's two variables, n is Process L's fraction of
used photoreceptor elements. Process L (Kronauer et al. 1999, J Biol Rhythms 14:500):

    alpha(I) = alpha0 * (I / I0)**p           [1/min]
    dn/dt    = 60 * (alpha * (1 - n) - beta * n)   [1/h]
    B        = G * alpha * (1 - n) * (1 - 0.4 x) * (1 - 0.4 xc)

Equations as given in science.md §3 and checked against the Arcascope implementation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from circadian.models.base import Model, ModelParams, param

_PI12 = math.pi / 12.0

FORGER_1999 = (
    "Forger DB, Jewett ME, Kronauer RE (1999). A simpler model of the human circadian "
    "pacemaker. J Biol Rhythms 14(6):532-537"
)
SERKH_2014 = (
    "Serkh K, Forger DB (2014). Optimal schedules of light exposure for rapidly correcting "
    "circadian misalignment. PLoS Comput Biol 10(4):e1003523 (parameter values)"
)
JEWETT_1999 = (
    "Jewett ME, Forger DB, Kronauer RE (1999). Revised limit cycle oscillator model of human "
    "circadian pacemaker. J Biol Rhythms 14(6):493-499"
)
KRONAUER_1999 = (
    "Kronauer RE, Forger DB, Jewett ME (1999). Quantifying human circadian pacemaker response "
    "to brief, extended, and repeated light stimuli over the phototopic range. "
    "J Biol Rhythms 14(6):500-515 (Process L)"
)


# --- Forger99 ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Forger99Params(ModelParams):
    """Forger 1999 simpler model with the values Serkh & Forger 2014 use."""

    tau: float = param(24.2, "h", "intrinsic period of the pacemaker (tau_x)", SERKH_2014, 20, 28)
    mu: float = param(0.23, "1", "stiffness of the van der Pol oscillator", SERKH_2014, 0.01, 1)
    k: float = param(0.55, "1", "light modulation of the oscillator's period", SERKH_2014, 0, 2)
    G: float = param(33.75, "1", "gain from Process L to the drive B", SERKH_2014, 0, 200)
    alpha0: float = param(0.05, "1/min", "photoreceptor activation rate at I0", SERKH_2014, 0, 2)
    p: float = param(0.5, "1", "exponent of the light-intensity response", SERKH_2014, 0.1, 2)
    I0: float = param(9500.0, "lux", "reference illuminance of Process L", SERKH_2014, 1, 1e5)
    beta: float = param(0.0075, "1/min", "photoreceptor recovery rate", SERKH_2014, 1e-5, 1)
    phi_ref: float = param(
        0.0, "h", "CBTmin = time of x minimum + phi_ref (Forger99: no offset)", FORGER_1999, -3, 3
    )


@njit(cache=True, inline="always")
def forger_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    x = y[0]
    xc = y[1]
    b = bhat * (1.0 - 0.4 * x) * (1.0 - 0.4 * xc)
    w2 = p[9]  # (24 / (0.99669 tau))^2, see kernel_params
    dy[0] = _PI12 * (xc + b)
    dy[1] = _PI12 * (p[1] * (xc - 4.0 / 3.0 * xc * xc * xc) - x * (w2 + p[2] * b))


@njit(cache=True, inline="always")
def forger_drive(lux, p):  # type: ignore[no-untyped-def]
    alpha = p[4] * (lux / p[6]) ** p[5]
    return alpha, p[7], p[3] * alpha


@njit(cache=True, inline="always")
def vdp_angle(y, p):  # type: ignore[no-untyped-def]
    """Phase angle atan2(-xc, x): increases with time; about pi at the x minimum."""
    return math.atan2(-y[1], y[0])


class Forger99(Model):
    name = "forger99"
    title = "Forger 1999 simpler Kronauer model"
    citation = f"{FORGER_1999}; parameters: {SERKH_2014}; Process L: {KRONAUER_1999}"
    Params = Forger99Params
    state_names = ("x", "xc", "n")
    n_index = 2
    dlmo_offset_h = -7.0
    marker_note = "CBTmin at the minimum of x (no offset); DLMO = CBTmin - 7 h."
    seed_state = (-1.0, 0.0, 0.0)
    deriv = forger_deriv
    drive = forger_drive
    angle = vdp_angle

    def x_min_offset_h(self) -> float:
        return float(self.params.phi_ref)  # type: ignore[attr-defined]

    def kernel_params(self, P):  # type: ignore[no-untyped-def]
        return np.column_stack([P, (24.0 / (0.99669 * P[:, 0])) ** 2])


# --- Jewett99 ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Jewett99Params(ModelParams):
    """Kronauer-Jewett 1999 model with Process L (Kronauer 1999)."""

    tau: float = param(24.2, "h", "intrinsic period of the pacemaker (tau_x)", JEWETT_1999, 20, 28)
    mu: float = param(0.13, "1", "stiffness of the higher-order van der Pol term", JEWETT_1999,
                      0.01, 1)
    q: float = param(1.0 / 3.0, "1", "light modulation of xc (q)", JEWETT_1999, 0, 2)
    k: float = param(0.55, "1", "light modulation of the oscillator's period", JEWETT_1999, 0, 2)
    G: float = param(19.875, "1", "gain from Process L to the drive B", KRONAUER_1999, 0, 200)
    alpha0: float = param(0.16, "1/min", "photoreceptor activation rate at I0", KRONAUER_1999,
                          0, 2)
    p: float = param(0.6, "1", "exponent of the light-intensity response", KRONAUER_1999, 0.1, 2)
    I0: float = param(9500.0, "lux", "reference illuminance of Process L", KRONAUER_1999, 1, 1e5)
    beta: float = param(0.013, "1/min", "photoreceptor recovery rate", KRONAUER_1999, 1e-5, 1)
    phi_ref: float = param(
        0.8, "h", "CBTmin = time of x minimum + phi_ref", JEWETT_1999, -3, 3
    )


@njit(cache=True, inline="always")
def jewett_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    x = y[0]
    xc = y[1]
    b = bhat * (1.0 - 0.4 * x) * (1.0 - 0.4 * xc)
    w2 = p[10]  # (24 / (0.99729 tau))^2, see kernel_params
    x3 = x * x * x
    x7 = x3 * x3 * x
    dy[0] = _PI12 * (xc + p[1] * (x / 3.0 + 4.0 / 3.0 * x3 - 256.0 / 105.0 * x7) + b)
    dy[1] = _PI12 * (p[2] * b * xc - x * (w2 + p[3] * b))


@njit(cache=True, inline="always")
def jewett_drive(lux, p):  # type: ignore[no-untyped-def]
    alpha = p[5] * (lux / p[7]) ** p[6]
    return alpha, p[8], p[4] * alpha


class Jewett99(Model):
    name = "jewett99"
    title = "Kronauer-Jewett 1999 model with Process L"
    citation = f"{JEWETT_1999}; Process L: {KRONAUER_1999}"
    Params = Jewett99Params
    state_names = ("x", "xc", "n")
    n_index = 2
    dlmo_offset_h = -7.0
    marker_note = "CBTmin = minimum of x + 0.8 h (phi_ref); DLMO = CBTmin - 7 h."
    seed_state = (-1.0, 0.0, 0.0)
    deriv = jewett_deriv
    drive = jewett_drive
    angle = vdp_angle

    def x_min_offset_h(self) -> float:
        return float(self.params.phi_ref)  # type: ignore[attr-defined]

    def kernel_params(self, P):  # type: ignore[no-untyped-def]
        return np.column_stack([P, (24.0 / (0.99729 * P[:, 0])) ** 2])

