"""Oral pharmacokinetics of immediate-release melatonin: gut -> plasma -> cleared.

One plasma compartment fed by first-order absorption from the gut (the Bateman function). An
amount A put in the gut at t = 0 gives the plasma level::

    C(t) = A * ka / (ka - ke) * (exp(-ke t) - exp(-ka t))
    Tmax = ln(ka / ke) / (ka - ke)

This is exactly the gut (H3) -> plasma (H2) path of Breslow et al. 2013's melatonin model with
ka = beta_AP and ke = beta_CP, so the rates found here slot straight into the dynamic models.

**Rates.** Harpsoe et al. 2015 (systematic review) found, for oral immediate-release
melatonin, Tmax ~50 min and t1/2 ~45 min "in both administration routes" (oral and IV): the
45 min is elimination, so ke = ln 2 / 45 min = 0.924/h, and ka is the rate that puts the peak
at 50 min: ka = 1.52/h (absorption half-life 27 min). Waldhauser et al. 1984 fitted ka =
1.72/h and kel = 0.87/h to 80 mg, close to both. Breslow 2013's published rates (ka = 0.58/h,
ke = 1.21/h) give Tmax ~70 min and a tail of ~71 min instead.

**Level per mg.** Peak levels vary many-fold between people and studies (Harpsoe 2015: "Cmax
... varied extensively"; Waldhauser 1984: absorption varied 25-fold). Kinetics are linear over
the doses used (DeMuro 2000: the same bioavailability at 2 and 4 mg), so one number per mg
serves: Andersen et al. 2016 measured a median Cmax of 3,550 pg/mL after 10 mg (IQR
2,500-8,058), i.e. 355 pg/mL per mg. That puts 0.3 mg at ~107 pg/mL, the upper end of normal
night-time levels, and keeps plasma above 100 pg/mL for ~3.8 h after 2 mg (Aldhous 1985: "at
or above endogenous night-time levels for 3-4 h"). ``hannay19melfit`` fits its own level per
mg within Andersen's IQR (see :mod:`circadian.melatonin_fit`); ``breslow13fit`` keeps the median.

Not modelled: prolonged-release tablets, sublingual sprays (Tmax ~23 min; Ait Abdellah 2023),
food effects, and the large differences between people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from circadian.errors import CircadianError

#: molar mass of melatonin, C13H16N2O2 [g/mol]
MELATONIN_MOLAR_MASS = 232.28
#: 1 pg/mL of melatonin in pmol/L
PMOL_PER_L_PER_PG_PER_ML = 1e3 / MELATONIN_MOLAR_MASS

HARPSOE_2015 = (
    "Harpsoe NG, Andersen LPH, Gogenur I, Rosenberg J (2015). Clinical pharmacokinetics of "
    "melatonin: a systematic review. Eur J Clin Pharmacol 71:901-909 (oral immediate release: "
    "Tmax ~50 min, t1/2 ~45 min, bioavailability ~15%)"
)
ANDERSEN_2016 = (
    "Andersen LPH et al. (2016). Pharmacokinetics of oral and intravenous melatonin in healthy "
    "volunteers. BMC Pharmacol Toxicol 17:8 (10 mg oral: median Cmax 3,550 pg/mL)"
)
WALDHAUSER_1984 = (
    "Waldhauser F et al. (1984). Bioavailability of oral melatonin in humans. "
    "Neuroendocrinology 39:307-313 (80 mg: ka 1.72/h, kel 0.87/h)"
)

#: Harpsoe 2015: time to peak after an oral immediate-release dose [h]
HARPSOE_TMAX_H = 50.0 / 60.0
#: Harpsoe 2015: elimination half-life, oral and IV [h]
HARPSOE_HALF_LIFE_H = 45.0 / 60.0
#: Andersen 2016: median Cmax after 10 mg oral, per mg [pg/mL per mg]
ANDERSEN_CMAX_PG_ML_PER_MG = 3550.5 / 10.0
#: Andersen 2016: interquartile range of that Cmax, per mg [pg/mL per mg]
ANDERSEN_CMAX_IQR_PG_ML_PER_MG = (2500.5 / 10.0, 8057.5 / 10.0)


def tmax_h(ka: float, ke: float) -> float:
    """Time [h] of the plasma peak for absorption rate ``ka`` and elimination ``ke`` [1/h]."""
    if ka <= 0 or ke <= 0:
        raise CircadianError("absorption and elimination rates must be > 0")
    if math.isclose(ka, ke, rel_tol=1e-9):
        return 1.0 / ka
    return math.log(ka / ke) / (ka - ke)


def bateman(t_h: ArrayLike, ka: float, ke: float) -> NDArray[np.float64]:
    """Plasma level per unit put in the gut at t = 0, at times ``t_h`` [h] (0 before)."""
    t = np.asarray(t_h, dtype=float)
    tt = np.maximum(t, 0.0)
    if math.isclose(ka, ke, rel_tol=1e-9):
        c = ka * tt * np.exp(-ka * tt)
    else:
        c = ka / (ka - ke) * (np.exp(-ke * tt) - np.exp(-ka * tt))
    return np.where(t >= 0, c, 0.0)


def rates_for(tmax: float, half_life: float) -> tuple[float, float]:
    """(ka, ke) [1/h] giving a peak at ``tmax`` [h] and elimination half-life ``half_life`` [h].

    ke = ln 2 / half_life; ka > ke is found with :func:`scipy.optimize.brentq`. A peak is only
    reachable this early when tmax < 1/ke (the limit as ka falls to ke).
    """
    if not (tmax > 0 and half_life > 0):
        raise CircadianError("Tmax and half-life must be > 0")
    ke = math.log(2.0) / half_life
    if tmax >= 1.0 / ke:
        raise CircadianError(
            f"a peak at {tmax * 60:.0f} min needs a half-life shorter than "
            f"{tmax * math.log(2) * 60:.0f} min with first-order absorption")
    ka = brentq(lambda k: tmax_h(k, ke) - tmax, ke * (1 + 1e-9), ke * 1e4, xtol=1e-12)
    return float(ka), ke


@dataclass(frozen=True)
class OralPK:
    """Linear oral pharmacokinetics: rates [1/h] and the peak level per mg [pg/mL]."""

    ka: float
    ke: float
    cmax_pg_ml_per_mg: float
    source: str = ""

    @property
    def tmax_h(self) -> float:
        return tmax_h(self.ka, self.ke)

    @property
    def half_life_h(self) -> float:
        """Terminal half-life [h]: set by the slower of absorption and elimination."""
        return math.log(2.0) / min(self.ka, self.ke)

    @property
    def peak_fraction(self) -> float:
        """Peak plasma level per unit put in the gut."""
        return float(bateman(self.tmax_h, self.ka, self.ke))

    def gut_pmol_l_per_mg(self) -> float:
        """Gut-compartment level [pmol/L] one mg must add to peak at ``cmax_pg_ml_per_mg``."""
        return self.cmax_pg_ml_per_mg * PMOL_PER_L_PER_PG_PER_ML / self.peak_fraction

    def plasma_pg_ml(self, dose_mg: float, t_h: ArrayLike) -> NDArray[np.float64]:
        """Plasma level [pg/mL] at ``t_h`` hours after one dose of ``dose_mg`` (no endogenous)."""
        per_unit = self.cmax_pg_ml_per_mg / self.peak_fraction
        return dose_mg * per_unit * bateman(t_h, self.ka, self.ke)

    def hours_above(self, dose_mg: float, level_pg_ml: float) -> float:
        """How long [h] one dose keeps plasma above ``level_pg_ml``."""
        t = np.arange(0.0, 48.0, 1.0 / 600.0)
        return float(np.count_nonzero(self.plasma_pg_ml(dose_mg, t) > level_pg_ml) / 600.0)


def _immediate_release() -> OralPK:
    ka, ke = rates_for(HARPSOE_TMAX_H, HARPSOE_HALF_LIFE_H)
    return OralPK(ka, ke, ANDERSEN_CMAX_PG_ML_PER_MG,
                  f"rates: {HARPSOE_2015}; level per mg: {ANDERSEN_2016}")


#: Oral immediate-release melatonin (Harpsoe 2015 rates, Andersen 2016 level per mg).
IMMEDIATE_RELEASE = _immediate_release()
