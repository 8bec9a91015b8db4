"""Stowe et al. 2025: Hannay 2019's single-population model with Breslow-type melatonin.

Stowe S, Duston A, Robinson W, Diniz Behn C (2025). Analyzing the interactions of light and
melatonin in a mathematical model of the human circadian oscillator. J Pineal Res 77(3):e70056.

State (X, Y, n, H1, H2, H3): X = R cos psi, Y = R sin psi (Cartesian form of Hannay's (R, psi),
as in :mod:`circadian.models.hannay`), Process L's n, and melatonin in pmol/L in the pineal
(H1), plasma (H2) and gut (H3) compartments (1 pg/mL = 4.305 pmol/L).

Pacemaker: Hannay 2019 with a second, light-like forcing term driven by plasma melatonin::

    dR/dt   = -gamma R + (K/2) cos(beta) R (1 - R^4) + L_R(B) + M_R(M)
    dpsi/dt = omega0 + (K/2) sin(beta) (1 + R^4) + L_psi(B) + M_psi(M)
    M_R     = (B1/2) M (1 - R^4) cos(psi + thM1) + (B2/2) M R (1 - R^8) cos(2 psi + thM2)
    M_psi   = eps M - (B1/2) M (R^3 + 1/R) sin(psi + thM1) - (B2/2) M (1 + R^8) sin(2 psi + thM2)
    M       = Mmax / (1 + exp((Hsat - H2) / sigma_M))

L_R and L_psi are Hannay's light terms with B = G alpha(I) (1 - n). The melatonin terms have
exactly the same form, so both are evaluated by :func:`circadian.models.hannay._light_terms`.

Melatonin (Breslow 2013 compartments, re-parametrised by Stowe)::

    dH1/dt = -beta_IP H1 + A(psi) max(0, 1 - m B)
    dH2/dt =  beta_IP H1 - beta_CP H2 + beta_AP H3
    dH3/dt = -beta_AP H3                    (+ the oral doses)

Synthesis A(psi), on psi taken mod 2 pi: a (1 - exp(-delta_M (psi - psi_on))) while
psi_on < psi < psi_off, otherwise a exp(-r ((psi - psi_off) mod 2 pi)).

**Where the values come from.** Repository diniz-behn-lab/melatonin, folder ``March 2024``.
The parameter sets change between files and commits; we take the latest we found, the April
2025 revision of ``HannayBreslow_Burke2013.py`` (stored-file id 10931322833 in our source
index; its commit hash was not resolved), whose forcing values match science.md section 3:

- B1, thM1, B2, thM2, eps = -1.00356684, -0.01949989, -0.56044428, 0.60146017, 0.07781353
  (commented "updated for linear interpolation (May 2024)", fitted to the Burgess 2008 PRC);
- m = 4.7887 (fitted to Zeitzer 2000 suppression), a = 0.101 pmol/L/s, psi_on = 1.6406095,
  psi_off = 3.99680399 rad, Hsat = 301 pmol/L, sigma_M = 17.5 pmol/L ("scaled for our peak
  concentration" from Breslow's 861 and 50);
- the dose cubic 962.48 d^3 - 6316.5 d^2 + 66719 d + 1975.9 (d in mg; "May 2024").
  **Uncertain:** earlier commits of ``HannayBreslow.py`` (7442107, 0b539fb) and
  ``DoseComparison_RandH2.py`` (983d805) use older sets (other B/theta/eps, m = 4.7565,
  a = 0.1, psi_on = 1.2217, psi_off = 3.5779, cubic 832.37/-4840.4/64949/2189.4). We could not
  confirm which set the published paper used; the fitted forcing values agree with science.md.
- beta_IP, beta_CP, beta_AP, Mmax, delta_M, r: Breslow 2013 (as Stowe's code).
- Hannay constants: Hannay 2019, with omega0 = 0.263524 rad/h as in Stowe's code
  (tau = 2 pi / omega0 = 23.8429 h; our hannay19 rounds it to 23.84 h).

**Where we differ from Stowe's code, and why.**

- Oral dose. Stowe feeds dH3/dt a Gaussian pulse of width sd = sqrt(0.002) h centred 0.1 h
  after the dose time, scaled so its *peak rate* is cubic(mg) [pmol/L/h]. The pulse is over
  within ~0.2 h, so we add its area, cubic(mg) * sd * sqrt(2 pi) [pmol/L], to H3 at the dose
  time (impulse; the 6 min offset of the pulse centre is dropped). Stowe integrates it with
  an adaptive Radau solver, which could step over a pulse that narrow in some runs; we cannot
  reproduce that, if it happened.
- Light gating of synthesis. Stowe's switch ``np.piecewise(tmp, [tmp >= 0, tmp < 0 and
  H1 < 0.001], [1, 0])`` returns 0 wherever 1 - m B < 0 (np.piecewise's default for
  unmatched conditions is 0), so synthesis is simply clipped at zero in bright light. We
  implement that effective behaviour, max(0, 1 - m B), rather than Breslow's gate.
- Synthesis has a precedence slip in Stowe's code ((1 - e1)/1 - e2 instead of
  (1 - e1)/(1 - e2)); with delta_M = 600/rad, e2 = exp(-600 * 2.36) = 0 and both forms agree.
- B here is Hannay's G alpha (1 - n), without Kronauer's (1 - 0.4x)(1 - 0.4xc) factors.

Markers as Hannay 2019: CBTmin at psi = pi, DLMO at psi = 5 pi/12.

**hannay19melfit** (:class:`Hannay19MelFit`): the same equations with the oral PK of Harpsoe
2015 (:mod:`circadian.melatonin_pk`: beta_AP = 1.53/h, beta_CP = 0.92/h, linear in dose instead
of Stowe's cubic), the synthesis rate a scaled with beta_CP so the night plateau stays ~70 pg/mL,
and B1, thetaM1, B2, thetaM2, eps and the level per mg refitted to the Burgess 2008 (3 mg) and
2010 (0.5 mg) PRC points together (:mod:`circadian.melatonin_fit`, starting from Stowe's values
and Andersen 2016's median level; the level per mg may range over Andersen's IQR and ends at
its top, 806 pg/mL per mg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from circadian.melatonin_pk import (
    ANDERSEN_2016,
    ANDERSEN_CMAX_IQR_PG_ML_PER_MG,
    HARPSOE_2015,
    IMMEDIATE_RELEASE,
)
from circadian.models.base import param as _param
from circadian.models.breslow import BRESLOW_2013, FIT_SOURCE
from circadian.models.hannay import (
    HANNAY_2019,
    Hannay19,
    Hannay19Params,
    _light_terms,
    _polar,
    hannay_drive,
    xy_angle,
)

STOWE_2025 = (
    "Stowe S, Duston A, Robinson W, Diniz Behn C (2025). Analyzing the interactions of light "
    "and melatonin in a mathematical model of the human circadian oscillator. J Pineal Res "
    "77(3):e70056"
)
_CODE = "diniz-behn-lab/melatonin 'March 2024/HannayBreslow_Burke2013.py' (Apr 2025 revision)"
_STOWE = f"{STOWE_2025}; value from {_CODE}"
_TWO_PI = 2.0 * math.pi
_OMEGA0 = 0.263524  # rad/h, Hannay 2019 / Stowe's code
_PER_S = "; given per second, here x3600 per hour"


@dataclass(frozen=True)
class Hannay19MelParams(Hannay19Params):
    """Hannay 2019 constants (indices 0-13, as hannay19) followed by Stowe's melatonin ones."""

    tau: float = _param(_TWO_PI / _OMEGA0, "h", "intrinsic period 2*pi/omega0 (omega0 = "
                        "0.263524 rad/h as in Stowe's code; observed free-running period is "
                        "longer because of K*sin(beta))", HANNAY_2019, 20, 28)
    B1: float = _param(-1.00356684, "1", "melatonin-response amplitude, first harmonic",
                       _STOWE, -10, 10)
    thetaM1: float = _param(-0.01949989, "rad", "melatonin-response phase, first harmonic",
                            _STOWE, -6.3, 6.3)
    B2: float = _param(-0.56044428, "1", "melatonin-response amplitude, second harmonic",
                       _STOWE, -10, 10)
    thetaM2: float = _param(0.60146017, "rad", "melatonin-response phase, second harmonic",
                            _STOWE, -6.3, 6.3)
    eps: float = _param(0.07781353, "1", "melatonin's direct effect on the phase velocity",
                        _STOWE, -10, 10)
    Mmax: float = _param(0.019513, "1", "largest melatonin drive M", BRESLOW_2013, 0, 1)
    Hsat: float = _param(301.0, "pmol/L", "plasma melatonin at half the largest drive "
                         "(Breslow's 861 rescaled by Stowe)", _STOWE, 0, 1e6)
    sigma_M: float = _param(17.5, "pmol/L", "width of the sigmoid from plasma level to drive "
                            "(Breslow's 50 rescaled by Stowe)", _STOWE, 1e-3, 1e5)
    m: float = _param(4.7887, "1", "suppression of pineal synthesis by light, max(0, 1 - m B) "
                      "(fitted to Zeitzer 2000)", _STOWE, 0, 100)
    beta_IP: float = _param(7.83e-4 * 3600, "1/h", "pineal-to-plasma transfer rate" + _PER_S,
                            BRESLOW_2013, 1e-3, 100)
    beta_CP: float = _param(3.35e-4 * 3600, "1/h", "plasma clearance rate" + _PER_S,
                            BRESLOW_2013, 1e-3, 100)
    beta_AP: float = _param(1.62e-4 * 3600, "1/h", "gut-to-plasma absorption rate" + _PER_S,
                            BRESLOW_2013, 1e-3, 100)
    a: float = _param(0.101 * 3600, "pmol/L/h", "largest pineal synthesis rate" + _PER_S,
                      _STOWE, 0, 1e6)
    psi_on: float = _param(1.6406095, "rad", "Hannay phase psi of synthesis onset", _STOWE,
                           0, 6.2832)
    psi_off: float = _param(3.99680399, "rad", "Hannay phase psi of synthesis offset", _STOWE,
                            0, 6.2832)
    delta_M: float = _param(600.0, "1/rad", "rate at which synthesis switches on after onset",
                            BRESLOW_2013, 1e-3, 1e5)
    r: float = _param(15.36, "1/rad", "rate at which synthesis decays after offset",
                      BRESLOW_2013, 1e-3, 1e5)
    dose_c3: float = _param(962.48, "pmol/L/h/mg^3", "dose cubic, mg^3 coefficient (peak rate "
                            "of the input pulse)", _STOWE, -1e7, 1e7)
    dose_c2: float = _param(-6316.5, "pmol/L/h/mg^2", "dose cubic, mg^2 coefficient", _STOWE,
                            -1e7, 1e7)
    dose_c1: float = _param(66719.0, "pmol/L/h/mg", "dose cubic, mg coefficient", _STOWE,
                            -1e7, 1e7)
    dose_c0: float = _param(1975.9, "pmol/L/h", "dose cubic, constant term", _STOWE, -1e7, 1e7)
    dose_sd: float = _param(math.sqrt(0.002), "h", "s.d. of Stowe's Gaussian input pulse; the "
                            "dose adds cubic(mg) * dose_sd * sqrt(2 pi) to H3", _STOWE, 1e-4, 1)


# indices of the melatonin constants (the Hannay ones, 0-13, are as in hannay19)
_B1, _TH1, _B2, _TH2, _EPS, _MMAX, _HSAT, _SIGM, _M = range(14, 23)
_BIP, _BCP, _BAP, _A, _PON, _POFF, _DM, _R = range(23, 31)
_C3, _C2, _C1, _C0, _SD = range(31, 36)
# derived in kernel_params
_OMEGA, _CB, _SB, _CL1, _SL1, _CL2, _SL2, _CM1, _SM1, _CM2, _SM2 = range(36, 47)


@njit(cache=True, inline="always")
def _synthesis(psi, p):  # type: ignore[no-untyped-def]
    """Pineal synthesis rate A [pmol/L/h] at Hannay phase ``psi`` (any real value)."""
    ph = psi % _TWO_PI
    if p[_PON] < ph < p[_POFF]:
        return p[_A] * (1.0 - math.exp(-p[_DM] * (ph - p[_PON])))
    return p[_A] * math.exp(-p[_R] * ((ph - p[_POFF]) % _TWO_PI))


@njit(cache=True, inline="always")
def melatonin_drive(h2, p):  # type: ignore[no-untyped-def]
    """M: the drive on the pacemaker from plasma melatonin h2 [pmol/L]."""
    z = (p[_HSAT] - h2) / p[_SIGM]
    if z > 700.0:
        return 0.0
    return p[_MMAX] / (1.0 + math.exp(z))


@njit(cache=True, inline="always")
def hannay_mel_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    R, c, s = _polar(y[0], y[1])
    R4 = R * R * R * R
    K, gamma = p[1], p[2]
    mel = melatonin_drive(y[4], p)
    l_r, rl_psi = _light_terms(R, c, s, bhat, p[4], p[_CL1], p[_SL1], p[6], p[_CL2], p[_SL2],
                               p[8])
    m_r, rm_psi = _light_terms(R, c, s, mel, p[_B1], p[_CM1], p[_SM1], p[_B2], p[_CM2],
                               p[_SM2], p[_EPS])
    dR = -gamma * R + 0.5 * K * p[_CB] * R * (1.0 - R4) + l_r + m_r
    rdpsi = R * (p[_OMEGA] + 0.5 * K * p[_SB] * (1.0 + R4)) + rl_psi + rm_psi
    dy[0] = dR * c - rdpsi * s
    dy[1] = dR * s + rdpsi * c
    dy[2] = 0.0  # Process L's n: solved exactly by the integrator (rhs() adds it)
    light = 1.0 - p[_M] * bhat
    if light < 0.0:
        light = 0.0
    synth = _synthesis(math.atan2(y[1], y[0]), p)
    dy[3] = -p[_BIP] * y[3] + synth * light
    dy[4] = p[_BIP] * y[3] - p[_BCP] * y[4] + p[_BAP] * y[5]
    dy[5] = -p[_BAP] * y[5]


@njit(cache=True, inline="always")
def hannay_mel_add_dose(y, mg, p):  # type: ignore[no-untyped-def]
    """An oral dose of ``mg`` milligrams: the area of Stowe's input pulse enters H3 at once."""
    peak = ((p[_C3] * mg + p[_C2]) * mg + p[_C1]) * mg + p[_C0]
    y[5] += peak * p[_SD] * math.sqrt(_TWO_PI)


class Hannay19Mel(Hannay19):
    name = "hannay19mel"
    title = "Stowe 2025: Hannay 2019 single population with Breslow-type melatonin"
    citation = (f"{STOWE_2025} (values from {_CODE}); oscillator: {HANNAY_2019}; "
                f"melatonin compartments: {BRESLOW_2013}")
    Params = Hannay19MelParams  # type: ignore[assignment]
    state_names = ("X", "Y", "n", "H1", "H2", "H3")
    n_index = 2
    dlmo_offset_h = None
    dlmo_angle = 5.0 * math.pi / 12.0
    marker_note = ("CBTmin at psi = pi; DLMO at psi = 5*pi/12. Melatonin H1..H3 in pmol/L "
                   "(1 pg/mL = 4.305 pmol/L).")
    has_melatonin = True
    seed_state = (0.8, 0.0, 0.0, 0.0, 0.0, 0.0)
    deriv = hannay_mel_deriv
    drive = hannay_drive
    angle = xy_angle
    add_dose = hannay_mel_add_dose

    def kernel_params(self, P):  # type: ignore[no-untyped-def]
        return np.column_stack([
            P, _TWO_PI / P[:, 0], np.cos(P[:, 3]), np.sin(P[:, 3]),
            np.cos(P[:, 5]), np.sin(P[:, 5]), np.cos(P[:, 7]), np.sin(P[:, 7]),
            np.cos(P[:, _TH1]), np.sin(P[:, _TH1]), np.cos(P[:, _TH2]), np.sin(P[:, _TH2]),
        ])

    def dose_to_gut(self, mg: float) -> float:
        """Gut-compartment concentration [pmol/L] added by an oral dose of ``mg``."""
        y = np.zeros(len(self.state_names))
        hannay_mel_add_dose(y, float(mg), self.kernel_params(self.params.as_array()[None, :])[0])
        return float(y[5])

    def synthesis_rate(self, y) -> float:  # type: ignore[no-untyped-def]
        """Pineal synthesis rate A [pmol/L/h] at state ``y`` (before light suppression)."""
        return float(_synthesis(math.atan2(float(y[1]), float(y[0])),
                                self.params.as_array()))


# -- hannay19melfit: oral PK of Harpsoe 2015 and a melatonin response refitted to Burgess --------
_PK = IMMEDIATE_RELEASE
_FIT = FIT_SOURCE
#: Stowe's values (as hannay19mel), where the fit starts
HANNAY19MEL_FIT_START = {"B1": -1.00356684, "thetaM1": -0.01949989, "B2": -0.56044428,
                         "thetaM2": 0.60146017, "eps": 0.07781353}
#: Peak plasma level per mg [pg/mL], fitted with the response within Andersen 2016's IQR: the
#: fit runs to its top (806 pg/mL per mg), i.e. the PRC data favour levels that saturate the
#: response more than the median would
HANNAY19MELFIT_CMAX_PER_MG = ANDERSEN_CMAX_IQR_PG_ML_PER_MG[1]


def _pulse_peak_per_mg(cmax_pg_ml_per_mg: float) -> float:
    """dose_c1 that makes one mg peak at ``cmax_pg_ml_per_mg``: a dose adds
    dose_c1 * dose_sd * sqrt(2 pi) per mg to the gut (Stowe's pulse area)."""
    gut = _PK.gut_pmol_l_per_mg() * cmax_pg_ml_per_mg / _PK.cmax_pg_ml_per_mg
    return gut / (Hannay19MelParams.dose_sd * math.sqrt(_TWO_PI))


@dataclass(frozen=True)
class Hannay19MelFitParams(Hannay19MelParams):
    """Stowe 2025's model with Harpsoe 2015's oral PK and a response fitted to Burgess."""

    B1: float = _param(-1.38738, "1", "melatonin-response amplitude, first harmonic", _FIT,
                       -10, 10)
    thetaM1: float = _param(0.330701, "rad", "melatonin-response phase, first harmonic",
                            _FIT, -6.3, 6.3)
    B2: float = _param(-1.27980, "1", "melatonin-response amplitude, second harmonic", _FIT,
                       -10, 10)
    thetaM2: float = _param(-0.00242775, "rad", "melatonin-response phase, second harmonic",
                            _FIT, -6.3, 6.3)
    eps: float = _param(0.115505, "1", "melatonin's direct effect on the phase velocity",
                        _FIT, -10, 10)
    beta_CP: float = _param(_PK.ke, "1/h", "plasma clearance rate: elimination half-life "
                            "45 min", HARPSOE_2015, 1e-3, 100)
    beta_AP: float = _param(_PK.ka, "1/h", "gut-to-plasma absorption rate: with beta_CP, a "
                            "peak 50 min after an oral dose", HARPSOE_2015, 1e-3, 100)
    a: float = _param(Hannay19MelParams.a * _PK.ke / Hannay19MelParams.beta_CP, "pmol/L/h",
                      "largest pineal "
                      "synthesis rate: Stowe's value scaled with the clearance so the "
                      "night-time plateau stays at ~70 pg/mL (a / beta_CP)", _STOWE, 0, 1e6)
    dose_c3: float = _param(0.0, "pmol/L/h/mg^3", "dose polynomial, mg^3 term (none: linear "
                            "PK)", HARPSOE_2015, -1e7, 1e7)
    dose_c2: float = _param(0.0, "pmol/L/h/mg^2", "dose polynomial, mg^2 term (none: linear "
                            "PK)", HARPSOE_2015, -1e7, 1e7)
    dose_c1: float = _param(_pulse_peak_per_mg(HANNAY19MELFIT_CMAX_PER_MG), "pmol/L/h/mg",
                            "peak rate of the input pulse per mg: a dose adds dose_c1 * "
                            "dose_sd * sqrt(2 pi) per mg to the gut, so one mg peaks at 806 "
                            "pg/mL (fitted with the response within Andersen 2016's IQR for "
                            "10 mg, 250-806 pg/mL per mg)", _FIT, -1e7, 1e7)
    dose_c0: float = _param(0.0, "pmol/L/h", "dose polynomial, constant term (none)",
                            HARPSOE_2015, -1e7, 1e7)


class Hannay19MelFit(Hannay19Mel):
    """Stowe 2025's model with Harpsoe 2015's oral pharmacokinetics (Tmax 50 min, t1/2 45 min,
    linear in dose) and B1, thetaM1, B2, thetaM2, eps and the level per mg refitted to
    Burgess 2008 and 2010 together."""

    name = "hannay19melfit"
    title = ("Hannay 2019 with melatonin (Stowe 2025): Harpsoe 2015 oral PK, response "
             "fitted to Burgess 2008 + 2010")
    citation = (f"{STOWE_2025} (structure); oscillator: {HANNAY_2019}; oral PK: {HARPSOE_2015},"
                f" {ANDERSEN_2016}; melatonin response fitted by this project to Burgess 2008 "
                "and 2010 (circadian.melatonin_fit)")
    Params = Hannay19MelFitParams  # type: ignore[assignment]
    #: where circadian.melatonin_fit starts: Stowe's response, Andersen's median level per mg
    FIT_START = {**HANNAY19MEL_FIT_START,
                 "dose_c1": _pulse_peak_per_mg(_PK.cmax_pg_ml_per_mg)}
    #: the level per mg may range over Andersen 2016's IQR
    FIT_BOUNDS = {"dose_c1": tuple(_pulse_peak_per_mg(c)
                                   for c in ANDERSEN_CMAX_IQR_PG_ML_PER_MG)}
