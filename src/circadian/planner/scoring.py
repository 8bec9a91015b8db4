"""How well a simulated plan puts the body clock where it should be.

- **Days to adapt** (trips): DLMO within :data:`ADAPT_TOL_H` of its target clock time. The
  count is the number of DLMOs after arrival that still lie farther than that from it, up to the
  first DLMO from which all later ones (within the stay) stay within it. So 0 means adapted
  from the first evening; None, not adapted within the stay.
- **Misalignment with local time** (trips): the summed |DLMO error| over the DLMOs counted [h].
- **Work in the biological night** (rotas, :func:`night_work_hours`): hours of each shift
  inside CBTmin - 7 h .. CBTmin + 3 h, i.e. from DLMO (CBTmin = DLMO + 7 h; Crowley et al.
  2003) to about melatonin offset (DLMO + 10 h; Hannay et al. 2019 / hcrsimpy).
"""

from __future__ import annotations

from collections.abc import Sequence

from circadian.planner.clock import local_h, wrap12
from circadian.planner.intervals import Interval, overlap

ADAPT_TOL_H = 1.0
"""Adapted: DLMO within 1 h of the target DLMO."""
BIO_NIGHT = (-7.0, 3.0)
"""The biological night relative to CBTmin [h] (see the module docs)."""


def dlmo_error(dlmo_h: float, zone: str, target_clock_h: float) -> float:
    """DLMO error [h] against the target clock time in ``zone``: + means the clock is later."""
    return wrap12(local_h(dlmo_h, zone) - target_clock_h)


def days_to_adapt(errors: Sequence[float], tol_h: float = ADAPT_TOL_H) -> int | None:
    """Days to adapt from the successive DLMO errors after arrival (see the module docs)."""
    j = len(errors)
    while j > 0 and abs(errors[j - 1]) <= tol_h:
        j -= 1
    return None if j == len(errors) else j


def night_work_hours(shift: Interval, cbtmins: Sequence[float]) -> float:
    """Hours of ``shift`` inside the biological night of any of ``cbtmins`` [h]."""
    return sum(overlap(shift, (c + BIO_NIGHT[0], c + BIO_NIGHT[1])) for c in cbtmins)


def nights_until_cbtmin_after_shift(shifts: Sequence[Interval],
                                    cbtmins: Sequence[float]) -> int | None:
    """Nights of a run until the predicted CBTmin nearest a shift's middle falls after it ends
    (the clock's low point has moved out of work into day sleep); None when it never does."""
    for k, (a, b) in enumerate(shifts, start=1):
        mid = 0.5 * (a + b)
        near = [c for c in cbtmins if abs(c - mid) <= 14.0]
        if near and min(near, key=lambda c: abs(c - mid)) >= b:
            return k
    return None
