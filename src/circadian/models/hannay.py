"""Hannay et al. 2019 macroscopic models: single population and two populations.

Hannay KM, Booth V, Forger DB (2019). Macroscopic models for human circadian rhythms.
J Biol Rhythms 34(6):658-671.

The paper writes the collective rhythm in polar form (R, psi). We integrate it in Cartesian
form X = R cos psi, Y = R sin psi: the equations are the same, need no trigonometry per step
(fast), and stay finite when light suppresses the amplitude towards R = 0, where the polar
form's 1/R term blows up. Light enters through Process L with the saturating response
alpha(I) = alpha0 * I**p / (I**p + I0) and B = G * alpha * (1 - n) (no 0.4 factors).

Phase markers (Hannay 2019; hcrsimpy): CBTmin at psi = pi, DLMO at psi = 5*pi/12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from circadian.models.base import Model, ModelParams, param

HANNAY_2019 = (
    "Hannay KM, Booth V, Forger DB (2019). Macroscopic models for human circadian rhythms. "
    "J Biol Rhythms 34(6):658-671"
)


@dataclass(frozen=True)
class Hannay19Params(ModelParams):
    """Single-population model (Hannay 2019, fitted values)."""

    tau: float = param(23.84, "h", "intrinsic period 2*pi/omega0 of the oscillator population "
                       "(the observed free-running period is longer, ~24.18 h, because of "
                       "the coupling term K*sin(beta))", HANNAY_2019, 20, 28)
    K: float = param(0.06358, "1/h", "coupling strength", HANNAY_2019, 0, 1)
    gamma: float = param(0.024, "1/h", "spread of the oscillators' frequencies", HANNAY_2019,
                         0, 1)
    beta: float = param(-0.09318, "rad", "coupling phase offset (beta)", HANNAY_2019, -3.15, 3.15)
    A1: float = param(0.3855, "1", "light-response amplitude, first harmonic", HANNAY_2019, 0, 5)
    betaL1: float = param(-0.0026, "rad", "light-response phase, first harmonic", HANNAY_2019,
                          -6.3, 6.3)
    A2: float = param(0.1977, "1", "light-response amplitude, second harmonic", HANNAY_2019,
                      0, 5)
    betaL2: float = param(-0.957756, "rad", "light-response phase, second harmonic",
                          HANNAY_2019, -6.3, 6.3)
    sigma: float = param(0.0400692, "1", "light's direct effect on the phase velocity",
                         HANNAY_2019, -1, 1)
    G: float = param(33.75, "1", "gain from Process L to the drive", HANNAY_2019, 0, 200)
    alpha0: float = param(0.05, "1/min", "maximal photoreceptor activation rate", HANNAY_2019,
                          0, 2)
    delta: float = param(0.0075, "1/min", "photoreceptor recovery rate", HANNAY_2019, 1e-5, 1)
    p: float = param(1.5, "1", "exponent of the saturating light response", HANNAY_2019,
                     0.1, 4)
    I0: float = param(9325.0, "lux^p", "half-saturation constant of the light response",
                      HANNAY_2019, 1, 1e7)


@njit(cache=True, inline="always")
def _light_terms(R, c, s, bhat, A1, cb1, sb1, A2, cb2, sb2, sigma):  # type: ignore[no-untyped-def]
    """Light's effect on amplitude (dR) and on R*dpsi, for phase (c, s) = (cos, sin psi)."""
    R4 = R * R * R * R
    R8 = R4 * R4
    c1 = c * cb1 - s * sb1  # cos(psi + betaL1)
    s1 = s * cb1 + c * sb1  # sin(psi + betaL1)
    c2p = c * c - s * s
    s2p = 2.0 * s * c
    c2 = c2p * cb2 - s2p * sb2  # cos(2 psi + betaL2)
    s2 = s2p * cb2 + c2p * sb2  # sin(2 psi + betaL2)
    l_r = 0.5 * A1 * bhat * (1.0 - R4) * c1 + 0.5 * A2 * bhat * R * (1.0 - R8) * c2
    # R * L_psi: the paper's (R^3 + 1/R) becomes (R^4 + 1), finite at R = 0
    rl_psi = (R * sigma * bhat - 0.5 * A1 * bhat * (R4 + 1.0) * s1
              - 0.5 * A2 * bhat * R * (1.0 + R8) * s2)
    return l_r, rl_psi


@njit(cache=True, inline="always")
def _polar(X, Y):  # type: ignore[no-untyped-def]
    R = math.sqrt(X * X + Y * Y)
    if R > 1e-12:
        return R, X / R, Y / R
    return R, 1.0, 0.0


@njit(cache=True, inline="always")
def hannay_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    R, c, s = _polar(y[0], y[1])
    R4 = R * R * R * R
    # p[14:] are derived in kernel_params: omega, cos/sin of beta, betaL1, betaL2
    omega = p[14]
    K, gamma = p[1], p[2]
    l_r, rl_psi = _light_terms(R, c, s, bhat, p[4], p[17], p[18], p[6], p[19], p[20], p[8])
    dR = -gamma * R + 0.5 * K * p[15] * R * (1.0 - R4) + l_r
    rdpsi = R * (omega + 0.5 * K * p[16] * (1.0 + R4)) + rl_psi
    dy[0] = dR * c - rdpsi * s
    dy[1] = dR * s + rdpsi * c


@njit(cache=True, inline="always")
def hannay_drive(lux, p):  # type: ignore[no-untyped-def]
    ip = lux ** p[12]
    alpha = p[10] * ip / (ip + p[13])
    return alpha, p[11], p[9] * alpha


@njit(cache=True, inline="always")
def xy_angle(y, p):  # type: ignore[no-untyped-def]
    """psi = atan2(Y, X) of the (ventral) population."""
    return math.atan2(y[1], y[0])


class Hannay19(Model):
    name = "hannay19"
    title = "Hannay 2019 single-population macroscopic model"
    citation = HANNAY_2019
    Params = Hannay19Params
    state_names = ("X", "Y", "n")
    n_index = 2
    dlmo_offset_h = None
    dlmo_angle = 5.0 * math.pi / 12.0
    marker_note = "CBTmin at psi = pi; DLMO at psi = 5*pi/12 (about 7 h before CBTmin)."
    seed_state = (0.8, 0.0, 0.0)
    scalar_deriv = True
    deriv = hannay_deriv
    drive = hannay_drive
    angle = xy_angle

    def kernel_params(self, P):  # type: ignore[no-untyped-def]
        return np.column_stack([P, 2 * np.pi / P[:, 0], np.cos(P[:, 3]), np.sin(P[:, 3]),
                                np.cos(P[:, 5]), np.sin(P[:, 5]), np.cos(P[:, 7]),
                                np.sin(P[:, 7])])

@dataclass(frozen=True)
class Hannay19TPParams(ModelParams):
    """Two-population model: ventral (light-receiving) and dorsal SCN populations."""

    tau: float = param(24.25, "h", "intrinsic period of the ventral population (tau_v)",
                       HANNAY_2019, 20, 28)
    tau_d: float = param(24.0, "h", "intrinsic period of the dorsal population (tau_d)",
                         HANNAY_2019, 20, 28)
    Kvv: float = param(0.05, "1/h", "coupling within the ventral population", HANNAY_2019, 0, 1)
    Kdd: float = param(0.04, "1/h", "coupling within the dorsal population", HANNAY_2019, 0, 1)
    Kvd: float = param(0.05, "1/h", "coupling from ventral to dorsal", HANNAY_2019, 0, 1)
    Kdv: float = param(0.01, "1/h", "coupling from dorsal to ventral", HANNAY_2019, 0, 1)
    gamma: float = param(0.024, "1/h", "spread of the oscillators' frequencies", HANNAY_2019,
                         0, 1)
    A1: float = param(0.440068, "1", "light-response amplitude, first harmonic", HANNAY_2019,
                      0, 5)
    betaL1: float = param(0.06452, "rad", "light-response phase, first harmonic", HANNAY_2019,
                          -6.3, 6.3)
    A2: float = param(0.159136, "1", "light-response amplitude, second harmonic", HANNAY_2019,
                      0, 5)
    betaL2: float = param(-1.38935, "rad", "light-response phase, second harmonic",
                          HANNAY_2019, -6.3, 6.3)
    sigma: float = param(0.0477375, "1", "light's direct effect on the phase velocity",
                         HANNAY_2019, -1, 1)
    G: float = param(33.75, "1", "gain from Process L to the drive", HANNAY_2019, 0, 200)
    alpha0: float = param(0.05, "1/min", "maximal photoreceptor activation rate", HANNAY_2019,
                          0, 2)
    delta: float = param(0.0075, "1/min", "photoreceptor recovery rate", HANNAY_2019, 1e-5, 1)
    p: float = param(1.5, "1", "exponent of the saturating light response", HANNAY_2019,
                     0.1, 4)
    I0: float = param(9325.0, "lux^p", "half-saturation constant of the light response",
                      HANNAY_2019, 1, 1e7)


@njit(cache=True, inline="always")
def hannay_tp_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    Rv, cv, sv = _polar(y[0], y[1])
    Rd, cd, sd = _polar(y[2], y[3])
    Rv4 = Rv * Rv * Rv * Rv
    Rd4 = Rd * Rd * Rd * Rd
    # p[17:] are derived in kernel_params: omega_v, omega_d, cos/sin of betaL1, betaL2
    wv = p[17]
    wd = p[18]
    Kvv, Kdd, Kvd, Kdv, gamma = p[2], p[3], p[4], p[5], p[6]
    cdel = cd * cv + sd * sv  # cos(psi_d - psi_v)
    sdel = sd * cv - cd * sv  # sin(psi_d - psi_v)
    l_r, rl_psi = _light_terms(Rv, cv, sv, bhat, p[7], p[19], p[20], p[9], p[21], p[22], p[11])
    dRv = (-gamma * Rv + 0.5 * Kvv * Rv * (1.0 - Rv4)
           + 0.5 * Kdv * Rd * (1.0 - Rv4) * cdel + l_r)
    rdpv = Rv * wv + 0.5 * Kdv * Rd * (Rv4 + 1.0) * sdel + rl_psi
    dRd = -gamma * Rd + 0.5 * Kdd * Rd * (1.0 - Rd4) + 0.5 * Kvd * Rv * (1.0 - Rd4) * cdel
    rdpd = Rd * wd - 0.5 * Kvd * Rv * (Rd4 + 1.0) * sdel
    dy[0] = dRv * cv - rdpv * sv
    dy[1] = dRv * sv + rdpv * cv
    dy[2] = dRd * cd - rdpd * sd
    dy[3] = dRd * sd + rdpd * cd


@njit(cache=True, inline="always")
def hannay_tp_drive(lux, p):  # type: ignore[no-untyped-def]
    ip = lux ** p[15]
    alpha = p[13] * ip / (ip + p[16])
    return alpha, p[14], p[12] * alpha


class Hannay19TP(Hannay19):
    name = "hannay19tp"
    title = "Hannay 2019 two-population (ventral/dorsal) macroscopic model"
    citation = HANNAY_2019
    Params = Hannay19TPParams  # type: ignore[assignment]
    state_names = ("Xv", "Yv", "Xd", "Yd", "n")
    n_index = 4
    marker_note = ("Markers from the ventral phase: CBTmin at psi_v = pi; DLMO at "
                   "psi_v = 5*pi/12.")
    seed_state = (0.8, 0.0, 0.8, 0.0, 0.0)
    deriv = hannay_tp_deriv
    drive = hannay_tp_drive
    angle = xy_angle

    def kernel_params(self, P):  # type: ignore[no-untyped-def]
        return np.column_stack([P, 2 * np.pi / P[:, 0], 2 * np.pi / P[:, 1], np.cos(P[:, 8]),
                                np.sin(P[:, 8]), np.cos(P[:, 10]), np.sin(P[:, 10])])
