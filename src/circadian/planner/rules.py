"""Caffeine, nap and melatonin rules shared by the trip and rota planners, with their numbers.

Caffeine: no caffeine in the :data:`CAFFEINE_CUTOFF_H` before each main sleep. Caffeine's
half-life is about 5 h, and 400 mg taken even 6 h before bed cut total sleep by more than 1 h
(Drake et al. 2013, J Clin Sleep Med 9:1195), so 6 h is too short; Dawnward offers 6-12 h with
8 h as its default. The cut-off runs from then to the sleep it protects, also across a landing.

Melatonin (oral, immediate release; doses from :mod:`circadian.melatonin_safety`): taken to
advance the clock, about :data:`MEL_LEAD_LOW_H` before the predicted DLMO for doses up to 1 mg
(Burgess et al. 2010, J Clin Endocrinol Metab 95:3325: 0.5 mg advances most when taken 2-4 h
before DLMO, fitted peak at DLMO - 3.3 h; Crowley & Eastman 2015 gave it 5 h before bedtime,
about DLMO - 3 h), :data:`MEL_LEAD_HIGH_H` before it for larger doses (Burgess et al. 2008, 3 mg
peak about DLMO - 4.6 h); when that falls after bedtime, 30 min before bed (the Cochrane
review's "at destination bedtime", Herxheimer & Petrie 2002) as long as that is still within
:data:`MEL_EARLIEST_H` before DLMO. A dose makes people drowsy while its level is above
night-time levels (Gilbert et al. 1999: supraphysiological daytime levels cause sleepiness):
:func:`drowsy_hours` says for how long, from the oral pharmacokinetics.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from circadian.planner.intervals import Interval, subtract
from circadian.planner.schedule import Item

# -- caffeine ---------------------------------------------------------------------------------
CAFFEINE_CUTOFF_H = 8.0
"""No caffeine in the 8 h before a main sleep [h] (Drake et al. 2013; see the module docs)."""
MAIN_SLEEP_MIN_H = 3.0
"""A sleep shorter than this is a nap: no caffeine cut-off of its own [h]."""
MIN_CUTOFF_H = 1.0
"""A cut-off shorter than this (a sleep right after another) is left out [h]."""

# -- naps -------------------------------------------------------------------------------------
SHORT_NAP_H = 0.5
"""Short nap: 30 min keeps sleep inertia small (NASA nap study, Rosekind et al. 1994: 26 min;
from memory [M])."""
PRE_NIGHT_NAP_H = 1.5
"""Nap before a first night shift [h] (about one sleep cycle; our choice)."""

# -- melatonin --------------------------------------------------------------------------------
MEL_MIN_SHIFT_H = 5.0
"""Melatonin for jet lag only for shifts of at least 5 h (Cochrane: flights crossing 5 or more
zones)."""
MEL_LEAD_LOW_H = 3.0
MEL_LEAD_HIGH_H = 4.5
MEL_EARLIEST_H = 9.0
"""A dose moved toward bedtime stays at least this close to DLMO: the advance part of the
melatonin PRC (Burgess 2008/2010) [h]."""
MEL_BEFORE_BED_H = 0.5
MEL_MAX_DAYS_AFTER_ARRIVAL = 5
"""At most 5 days of doses after arrival (UK travel-pharmacy guidance [S])."""
MEL_EVENT_H = 0.25
"""A dose is shown as a 15 min event."""
MEL_BEFORE_DAY_SLEEP_H = 0.5
"""Before day sleep after a night shift: about 30 min before lying down (Crowley et al. 2003
gave it before day sleep; immediate release peaks ~50 min after it, Harpsoe 2015)."""
DROWSY_LEVEL_PG_ML = 100.0
"""Upper end of normal night-time plasma melatonin [pg/mL] (03:00 levels range 18.5-180
pg/mL; science.md §2): above it a daytime dose is supraphysiological."""


def caffeine_cutoffs(sleeps: Sequence[Item], zone_at: Callable[[float], str],
                     until_h: float = math.inf) -> list[Item]:
    """One cut-off per main sleep starting before ``until_h``: from :data:`CAFFEINE_CUTOFF_H`
    before it (never before the previous sleep ends) until it starts."""
    main = sorted((s for s in sleeps if s.kind == "sleep" and s.length_h >= MAIN_SLEEP_MIN_H),
                  key=lambda s: s.a)
    out: list[Item] = []
    prev_end = -math.inf
    for s in main:
        if s.a >= until_h:
            break
        start = max(s.a - CAFFEINE_CUTOFF_H, prev_end)
        prev_end = s.b
        if s.a - start < MIN_CUTOFF_H:
            continue
        out.append(Item("caffeine_cutoff", start, s.a, zone_at(start), "caffeine_before_sleep",
                        numbers=(("cutoff_h", CAFFEINE_CUTOFF_H),)))
    return out


def nap_slot(earliest: float, latest: float, busy: Sequence[Interval],
             length_h: float) -> Interval | None:
    """The first free ``length_h`` between ``earliest`` and ``latest`` (None when none)."""
    return next(((p, p + length_h) for p, q in subtract(earliest, latest, busy)
                 if q - p >= length_h), None)


def advance_dose_time(dlmo_h: float, dose_mg: float,
                      bed_h: float | None) -> tuple[float, str]:
    """(time, reason) of a dose meant to advance the clock, for the evening with DLMO
    ``dlmo_h`` and bedtime ``bed_h``: "mel_before_dlmo" or "mel_before_bed"."""
    lead = MEL_LEAD_LOW_H if dose_mg <= 1.0 else MEL_LEAD_HIGH_H
    when = dlmo_h - lead
    if bed_h is not None and when > bed_h - MEL_BEFORE_BED_H:
        return bed_h - MEL_BEFORE_BED_H, "mel_before_bed"
    return when, "mel_before_dlmo"


def drowsy_hours(dose_mg: float) -> float:
    """Whole hours after a dose until plasma falls below :data:`DROWSY_LEVEL_PG_ML` (at least
    1 h): the time not to drive (oral immediate release, :mod:`circadian.melatonin_pk`)."""
    import numpy as np

    from circadian.melatonin_pk import IMMEDIATE_RELEASE as PK

    t = np.arange(0.0, 24.0, 1.0 / 60.0)
    above = np.flatnonzero(PK.plasma_pg_ml(dose_mg, t) > DROWSY_LEVEL_PG_ML)
    last = float(t[above[-1]]) if above.size else 0.0
    return float(max(1, math.ceil(last)))
