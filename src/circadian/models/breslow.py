"""Breslow et al. 2013: a Kronauer-family pacemaker with endogenous and oral melatonin.

Breslow ER, Phillips AJK, Huang JM, St Hilaire MA, Klerman EB (2013). A mathematical model of
the circadian phase-shifting effects of exogenous melatonin. J Biol Rhythms 28(1):79-89.

State (x, xc, n, H1, H2, H3); t in hours, concentrations in pmol/L (1 pg/mL = 4.305 pmol/L).

Pacemaker (the St Hilaire 2007 form of the Kronauer/Jewett oscillator, without its sleep
term), with plasma melatonin acting through M::

    dx/dt  = (pi/12) [xc + mu (x/3 + 4x^3/3 - 256x^7/105) + B - eta M]
    dxc/dt = (pi/12) [q B xc - x ((24 / (0.99729 tau))^2 + k B) - xi M]
    M      = Mmax / (1 + exp((Hsat - H2) / sigma_M))

Process L (St Hilaire 2007): alpha = alpha0 (I/I0)^p I/(I + I1); dn/dt = 60 [alpha(1-n) - beta n];
B = G alpha (1-n) (1 - 0.4 x)(1 - 0.4 xc).

Melatonin, three compartments (pineal H1, plasma H2, gut H3)::

    dH1/dt = -beta_IP H1 + A(phase) (1 - m B) S
    dH2/dt =  beta_IP H1 - beta_CP H2 + beta_AP H3
    dH3/dt = -beta_AP H3                    (an oral dose adds to H3 at once)

S switches the light-suppression term off once the pineal is empty (H1 < 0.001 while
1 - m B < 0), so H1 cannot go negative. Synthesis A follows St Hilaire 2007's on/off form,
written in pacemaker phase instead of clock time (see :func:`_synthesis`).

**Oral dose.** d mg enters the gut compartment as F * d / (MW * V): bioavailability F = 0.15
(DeMuro 2000; Harpsoe 2015), molar mass MW = 232.28 g/mol, apparent volume V = 100 L. Breslow
2013's own mg-to-concentration conversion could not be checked (the paper's text was not
available); V = 100 L is our choice so that a 10 mg dose peaks near the median Cmax that
Andersen et al. 2016 measured (3,550 pg/mL; the model gives ~3,670 pg/mL). With the paper's
rate constants an oral dose peaks ~70 min after intake and its plasma level then falls with
the gut-absorption half-life ln2/beta_AP = 71 min (absorption is slower than clearance,
ln2/beta_CP = 34 min, so absorption sets the terminal slope). Harpsoe et al. 2015 report
Tmax ~50 min and t1/2 ~45 min: the model's absorption is about 20 min slower and its tail
about 25 min longer than that average.

**Where the implementations differ, and what we chose.**

- Synthesis window A(phase). The paper gives phi_on = 6.113 and phi_off = 4.352 rad on
  phi = atan(x/xc) and counts the phase elapsed since onset as mod(phi_on - phi, 2 pi), which
  requires a phase angle that *decreases* as circadian time advances. The Arcascope code uses
  atan2(x, xc), which increases in this oscillator. Read literally, that puts synthesis from
  about 1 h before to 6 h after the x minimum (03:20-10:00 for a 23:00-07:00 sleeper: a
  morning melatonin rhythm, contrary to every data set). We use the decreasing angle
  pi - atan2(x, xc). It gives synthesis from about 5.9 h before to 0.8 h after CBTmin, midpoint
  ~2.5 h before CBTmin (Brown 1997: offset 1.25 h after CBTmin; science.md: CBTmin is about
  2 h after the melatonin midpoint). It is our reading of the paper, not checked against it.
- After offset, Arcascope sets A to the constant a exp(-r mod(phi_on - phi_off, 2 pi))
  (~1e-12 a: a jump to zero). Stowe et al. 2025's code decays it as a exp(-r (elapsed since
  offset)), St Hilaire 2007's exponential fall after offset written in phase: r = 15.36/rad is
  exactly St Hilaire's 0.067/min converted to phase (0.067 * 1440 / 2 pi). We use that
  continuous decay. (Stowe's rising branch has a precedence slip, 1 - e1/1 - e2 instead of
  (1 - e1)/(1 - e2); we use the ratio as in St Hilaire 2007.)
- Endogenous level. With the paper's a = 1.0422e-3 pmol/L/s plasma melatonin peaks at only
  ~3 pmol/L (~0.7 pg/mL; real nights reach 20-180 pg/mL). St Hilaire 2007's a is ~77x larger
  and Stowe et al. 2025 refitted it. We keep the paper's value. So endogenous melatonin stays
  far below Hsat (861 pmol/L = 200 pg/mL) and has no effect on the pacemaker in this model.
  Only the *timing* of the endogenous profile is meaningful (and only in dim light: m = 7
  suppresses it fully under ordinary room light). Only exogenous doses shift the clock.
- The signs of the melatonin terms (-eta M, -xi M), k = 0.55 (not given in the paper) and the
  use of B with its (1 - 0.4x)(1 - 0.4xc) factors in the suppression term follow Arcascope.

Markers as Jewett99/St Hilaire: CBTmin = time of the x minimum + phi_ref (0.97 h, St Hilaire
2007); DLMO = CBTmin - 7 h.

**breslow13fit** (:class:`Breslow13Fit`): the same equations with the oral PK of Harpsoe 2015
(:mod:`circadian.melatonin_pk`: beta_AP = 1.53/h, beta_CP = 0.92/h; V so that 10 mg peaks at
Andersen 2016's median) and eta, xi, Hsat refitted to the Burgess 2008 (3 mg) and 2010 (0.5 mg)
PRC points together (:mod:`circadian.melatonin_fit`, starting from the published values).
The fit gives eta = 4.49 and xi = 2.20 (published 0.04 and 0.54: about ten times the push, in
a direction that puts the delay peak ~10 h after DLMO, after habitual wake, where Burgess
found it) and Hsat = 121 pmol/L (28 pg/mL), with sigma_M kept sharp at 5 pmol/L. With the
paper's endogenous synthesis rate plasma stays ~4 pmol/L, so only doses drive the pacemaker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

from circadian.melatonin_pk import IMMEDIATE_RELEASE
from circadian.models.base import Model, ModelParams, param
from circadian.models.kronauer import vdp_angle

_PI12 = math.pi / 12.0
_TWO_PI = 2.0 * math.pi
#: molar mass of melatonin (C13H16N2O2) [g/mol]
MELATONIN_MOLAR_MASS = 232.28
#: pmol of melatonin in 1 mg
PMOL_PER_MG = 1e-3 / MELATONIN_MOLAR_MASS * 1e12
#: 1 pg/mL of melatonin in pmol/L
PMOL_PER_L_PER_PG_PER_ML = 1e3 / MELATONIN_MOLAR_MASS
#: below this pineal level [pmol/L] the light-suppression term switches off (Breslow 2013)
_H1_EMPTY = 0.001

BRESLOW_2013 = (
    "Breslow ER, Phillips AJK, Huang JM, St Hilaire MA, Klerman EB (2013). A mathematical "
    "model of the circadian phase-shifting effects of exogenous melatonin. J Biol Rhythms "
    "28(1):79-89"
)
ST_HILAIRE_2007 = (
    "St Hilaire MA, Klerman EB, Khalsa SBS, Wright KP, Czeisler CA, Kronauer RE (2007). "
    "Addition of a non-photic component to a light-based mathematical model of the human "
    "circadian pacemaker. J Theor Biol 247:583-599 (oscillator, Process L, phi_ref)"
)
JEWETT_1999 = (
    "Jewett ME, Forger DB, Kronauer RE (1999). Revised limit cycle oscillator model of human "
    "circadian pacemaker. J Biol Rhythms 14(6):493-499"
)
HARPSOE_2015 = (
    "Harpsoe NG et al. (2015). Clinical pharmacokinetics of melatonin: a systematic review. "
    "Eur J Clin Pharmacol 71:901-909 (oral bioavailability ~15%)"
)
ANDERSEN_2016 = (
    "Andersen LPH et al. (2016). Pharmacokinetics of oral and intravenous melatonin in "
    "healthy volunteers. BMC Pharmacol Toxicol 17:8 (10 mg oral: median Cmax 3,550 pg/mL)"
)
_PER_S = "; the paper gives it per second, here x3600 per hour"


@dataclass(frozen=True)
class Breslow13Params(ModelParams):
    """Breslow 2013 parameters (rates converted from 1/s to 1/h)."""

    tau: float = param(24.1, "h", "intrinsic period of the pacemaker (tau_c)", BRESLOW_2013,
                       20, 28)
    mu: float = param(0.13, "1", "stiffness of the higher-order van der Pol term (gamma in "
                      "the paper)", BRESLOW_2013, 0.01, 1)
    q: float = param(1.0 / 3.0, "1", "light modulation of xc (the 1/3 in B xc / 3)",
                     BRESLOW_2013, 0, 2)
    k: float = param(0.55, "1", "light modulation of the oscillator's period (not given in "
                     "the paper; Jewett 1999 value, as Arcascope)", JEWETT_1999, 0, 2)
    G: float = param(37.0, "1", "gain from Process L to the drive B", ST_HILAIRE_2007, 0, 200)
    alpha0: float = param(0.1, "1/min", "photoreceptor activation rate at I0",
                          ST_HILAIRE_2007, 0, 2)
    p: float = param(0.5, "1", "exponent of the light-intensity response", ST_HILAIRE_2007,
                     0.1, 2)
    I0: float = param(9500.0, "lux", "reference illuminance of Process L", ST_HILAIRE_2007,
                      1, 1e5)
    I1: float = param(100.0, "lux", "half-saturation of the low-light factor I/(I + I1)",
                      ST_HILAIRE_2007, 0, 1e4)
    beta: float = param(0.007, "1/min", "photoreceptor recovery rate", ST_HILAIRE_2007,
                        1e-5, 1)
    phi_ref: float = param(0.97, "h", "CBTmin = time of x minimum + phi_ref", ST_HILAIRE_2007,
                           -3, 3)
    eta: float = param(0.04, "1", "weight of the melatonin drive M in dx/dt", BRESLOW_2013,
                       -10, 10)
    xi: float = param(0.54, "1", "weight of the melatonin drive M in dxc/dt", BRESLOW_2013,
                      -10, 10)
    Mmax: float = param(0.019513, "1", "largest melatonin drive M (plasma saturated)",
                        BRESLOW_2013, 0, 1)
    Hsat: float = param(861.0, "pmol/L", "plasma melatonin at half the largest drive "
                        "(861 pmol/L = 200 pg/mL)", BRESLOW_2013, 0, 1e6)
    sigma_M: float = param(50.0, "pmol/L", "width of the sigmoid from plasma level to drive",
                           BRESLOW_2013, 1e-3, 1e5)
    m: float = param(7.0, "1", "suppression of pineal synthesis by the light drive, "
                     "(1 - m B)", BRESLOW_2013, 0, 100)
    beta_IP: float = param(7.83e-4 * 3600, "1/h", "pineal-to-plasma transfer rate (half-life "
                           "15 min)" + _PER_S, BRESLOW_2013, 1e-3, 100)
    beta_CP: float = param(3.35e-4 * 3600, "1/h", "plasma clearance rate (half-life 34 min)"
                           + _PER_S, BRESLOW_2013, 1e-3, 100)
    beta_AP: float = param(1.62e-4 * 3600, "1/h", "gut-to-plasma absorption rate (half-life "
                           "71 min)" + _PER_S, BRESLOW_2013, 1e-3, 100)
    a: float = param(1.0422e-3 * 3600, "pmol/L/h", "largest pineal synthesis rate"
                     + _PER_S, BRESLOW_2013, 0, 1e6)
    phi_on: float = param(6.113, "rad", "phase of synthesis onset (on the decreasing angle "
                          "pi - atan2(x, xc); see the module notes)", BRESLOW_2013, 0, 6.2832)
    phi_off: float = param(4.352, "rad", "phase of synthesis offset (same angle)",
                           BRESLOW_2013, 0, 6.2832)
    delta: float = param(600.0, "1/rad", "rate at which synthesis switches on after onset",
                         BRESLOW_2013, 1e-3, 1e5)
    r: float = param(15.36, "1/rad", "rate at which synthesis decays after offset "
                     "(St Hilaire 2007's 0.067/min in phase units)", BRESLOW_2013, 1e-3, 1e5)
    F: float = param(0.15, "1", "oral bioavailability of immediate-release melatonin",
                     HARPSOE_2015, 1e-3, 1)
    V: float = param(100.0, "L", "apparent volume into which an absorbed dose is diluted "
                     "(chosen so 10 mg peaks near Andersen 2016's median Cmax; Breslow's "
                     "own conversion not verified)", ANDERSEN_2016, 1, 1e4)


# parameter indices used by the compiled functions (order of the dataclass fields)
_TAU, _MU, _Q, _K, _G, _A0, _P, _I0, _I1, _BETA, _PHIREF = range(11)
_ETA, _XI, _MMAX, _HSAT, _SIGM, _M, _BIP, _BCP, _BAP, _A = range(11, 21)
_PHION, _PHIOFF, _DELTA, _R, _F, _V = range(21, 27)


@njit(cache=True)
def _synthesis(x, xc, p):  # type: ignore[no-untyped-def]
    """Pineal synthesis rate A [pmol/L/h] at pacemaker state (x, xc).

    ``since`` is the phase elapsed since onset on the decreasing angle pi - atan2(x, xc).
    During the on-window (the phase width from phi_on down to phi_off) synthesis rises as
    1 - exp(-delta since), normalised to reach a at offset; afterwards it decays as
    exp(-r (since - width)).
    """
    ang = math.pi - math.atan2(x, xc)
    since = (p[_PHION] - ang) % _TWO_PI
    width = (p[_PHION] - p[_PHIOFF]) % _TWO_PI
    if since < width:
        return p[_A] * (1.0 - math.exp(-p[_DELTA] * since)) / (
            1.0 - math.exp(-p[_DELTA] * width))
    return p[_A] * math.exp(-p[_R] * (since - width))


@njit(cache=True)
def melatonin_drive(h2, p):  # type: ignore[no-untyped-def]
    """M: the drive on the pacemaker from plasma melatonin h2 [pmol/L]."""
    z = (p[_HSAT] - h2) / p[_SIGM]
    if z > 700.0:
        return 0.0
    return p[_MMAX] / (1.0 + math.exp(z))


@njit(cache=True)
def breslow_deriv(y, bhat, p, dy):  # type: ignore[no-untyped-def]
    x = y[0]
    xc = y[1]
    h1 = y[3]
    h2 = y[4]
    h3 = y[5]
    b = bhat * (1.0 - 0.4 * x) * (1.0 - 0.4 * xc)
    mel = melatonin_drive(h2, p)
    w2 = (24.0 / (0.99729 * p[_TAU])) ** 2
    x3 = x * x * x
    x7 = x3 * x3 * x
    dy[0] = _PI12 * (xc + p[_MU] * (x / 3.0 + 4.0 / 3.0 * x3 - 256.0 / 105.0 * x7) + b
                     - p[_ETA] * mel)
    dy[1] = _PI12 * (p[_Q] * b * xc - x * (w2 + p[_K] * b) - p[_XI] * mel)
    dy[2] = 0.0  # Process L's n: solved exactly by the integrator (rhs() adds it)
    light = 1.0 - p[_M] * b
    gate = 0.0 if (h1 < _H1_EMPTY and light < 0.0) else 1.0
    dy[3] = -p[_BIP] * h1 + _synthesis(x, xc, p) * light * gate
    dy[4] = p[_BIP] * h1 - p[_BCP] * h2 + p[_BAP] * h3
    dy[5] = -p[_BAP] * h3


@njit(cache=True)
def breslow_drive(lux, p):  # type: ignore[no-untyped-def]
    if lux <= 0.0:
        return 0.0, p[_BETA], 0.0
    alpha = p[_A0] * (lux / p[_I0]) ** p[_P] * lux / (lux + p[_I1])
    return alpha, p[_BETA], p[_G] * alpha


@njit(cache=True)
def breslow_add_dose(y, mg, p):  # type: ignore[no-untyped-def]
    """An oral dose of ``mg`` milligrams: its absorbed part enters the gut compartment H3."""
    y[5] += mg * p[_F] * (1e9 / MELATONIN_MOLAR_MASS) / p[_V]


class Breslow13(Model):
    name = "breslow13"
    title = "Breslow 2013 Kronauer-family model with melatonin (pineal, plasma, gut)"
    citation = (f"{BRESLOW_2013}; oscillator and Process L: {ST_HILAIRE_2007}; oral dose: "
                f"{HARPSOE_2015}, {ANDERSEN_2016}")
    Params = Breslow13Params
    state_names = ("x", "xc", "n", "H1", "H2", "H3")
    n_index = 2
    dlmo_offset_h = -7.0
    marker_note = ("CBTmin = minimum of x + 0.97 h (phi_ref); DLMO = CBTmin - 7 h. "
                   "Melatonin H1..H3 in pmol/L (1 pg/mL = 4.305 pmol/L).")
    has_melatonin = True
    scalar_deriv = True
    seed_state = (-1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    deriv = breslow_deriv
    drive = breslow_drive
    angle = vdp_angle
    add_dose = breslow_add_dose

    def x_min_offset_h(self) -> float:
        return float(self.params.phi_ref)  # type: ignore[attr-defined]

    def dose_to_gut(self, mg: float) -> float:
        """Gut-compartment concentration [pmol/L] added by an oral dose of ``mg``."""
        y = np.zeros(len(self.state_names))
        breslow_add_dose(y, float(mg), self.params.as_array())
        return float(y[5])

    def synthesis_rate(self, y: NDArray[np.float64]) -> float:
        """Pineal synthesis rate A [pmol/L/h] at state ``y`` (before light suppression)."""
        return float(_synthesis(float(y[0]), float(y[1]), self.params.as_array()))

    def drive_np(self, lux, p):  # type: ignore[no-untyped-def]
        # the compiled drive branches on lux, so it takes one illuminance at a time;
        # rhs() below hands batches over column by column, so p is one parameter vector here
        p = np.asarray(p, dtype=float)
        lux = np.asarray(lux, dtype=float)
        if lux.ndim == 0:
            return breslow_drive(float(lux), p)
        out = np.array([breslow_drive(float(v), p) for v in lux.ravel()])
        return tuple(out[:, j].reshape(lux.shape) for j in range(3))


# -- breslow13fit: oral PK of Harpsoe 2015 and a melatonin response refitted to Burgess ----------
_PK = IMMEDIATE_RELEASE
#: source of the parameters this project fitted (also used by hannay19melfit)
FIT_SOURCE = ("this project: fitted to Burgess 2008 (3 mg) and 2010 (0.5 mg) together with "
              "circadian.melatonin_fit, with the oral PK of Harpsoe 2015")
_FIT = FIT_SOURCE
#: the published values the fit starts from
BRESLOW13_FIT_START = {"eta": 0.04, "xi": 0.54, "Hsat": 861.0}


@dataclass(frozen=True)
class Breslow13FitParams(Breslow13Params):
    """Breslow 2013 with Harpsoe 2015's oral PK and a melatonin response fitted to Burgess."""

    eta: float = param(4.49027, "1", "weight of the melatonin drive M in dx/dt (published "
                       "0.04)", _FIT, -100, 100)
    xi: float = param(2.19607, "1", "weight of the melatonin drive M in dxc/dt (published "
                      "0.54)", _FIT, -100, 100)
    Hsat: float = param(121.352, "pmol/L", "plasma melatonin at half the largest drive "
                        "(28 pg/mL; published 861)", _FIT, 0, 1e6)
    sigma_M: float = param(5.0, "pmol/L", "width of the sigmoid from plasma level to drive: "
                           "kept sharp (fitted freely it runs to any small value; 2 or 5 "
                           "pmol/L change the fit by < 0.001 h)", _FIT, 1, 1e5)
    beta_CP: float = param(_PK.ke, "1/h", "plasma clearance rate: elimination half-life 45 min",
                           HARPSOE_2015, 1e-3, 100)
    beta_AP: float = param(_PK.ka, "1/h", "gut-to-plasma absorption rate: with beta_CP, a "
                           "peak 50 min after an oral dose", HARPSOE_2015, 1e-3, 100)
    V: float = param(Breslow13Params.F * PMOL_PER_MG / _PK.gut_pmol_l_per_mg(), "L",
                     "apparent volume "
                     "into which an absorbed dose is diluted: 10 mg peaks at Andersen 2016's "
                     "median Cmax (3,550 pg/mL)", ANDERSEN_2016, 1, 1e4)


class Breslow13Fit(Breslow13):
    """Breslow 2013's equations with Harpsoe 2015's oral pharmacokinetics (Tmax 50 min,
    t1/2 45 min) and eta, xi, Hsat refitted to the Burgess 2008 and 2010 PRCs (sigma_M fixed
    sharp)."""

    name = "breslow13fit"
    title = ("Breslow 2013 Kronauer-family model with melatonin: Harpsoe 2015 oral PK, "
             "response fitted to Burgess 2008 + 2010")
    citation = (f"{BRESLOW_2013}; oral PK: {HARPSOE_2015}, {ANDERSEN_2016}; melatonin response "
                "fitted by this project to Burgess 2008 and 2010 (circadian.melatonin_fit)")
    Params = Breslow13FitParams
    #: where circadian.melatonin_fit starts (the published values), and its bounds where
    #: tighter than the accepted range (Hsat above ~5 pg/mL: a drive with no melatonin in the
    #: blood is not a melatonin effect)
    FIT_START = BRESLOW13_FIT_START
    FIT_BOUNDS = {"Hsat": (20.0, 5000.0)}
