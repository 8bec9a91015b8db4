"""Pictures of plans and model output: charts (PNG/SVG) and a self-contained HTML report.

- :mod:`circadian.render.plot`: the plan chart (a day-per-row timeline in local time, like a
  sleep diary, plus the predicted phase with and without the plan), PRC and simulation plots.
- :mod:`circadian.render.html`: one HTML file with the summary, warnings, the chart as inline
  SVG and the day-by-day table; no network access, readable on a phone and printable.

matplotlib is an optional extra (``pip install 'circadian-planner[plot]'``). It is imported only
when a picture is drawn; without it :func:`require_matplotlib` raises
:class:`~circadian.errors.CircadianError` (exit status 2 from the CLI) with that advice.
"""

from __future__ import annotations

from typing import Any

from circadian.errors import CircadianError

MISSING_MATPLOTLIB = "pictures need matplotlib: pip install 'circadian-planner[plot]'"

#: Okabe & Ito (2008) "Color Universal Design" palette: distinguishable with the common forms
#: of colour blindness. Charts also use hatching, lanes and marker shapes, so no meaning rests
#: on colour alone.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Pale yellow behind the timeline where the sun is up at the person's location.
DAYLIGHT_COLOUR = "#FCF1B8"

__all__ = ["DAYLIGHT_COLOUR", "MISSING_MATPLOTLIB", "OKABE_ITO", "require_matplotlib"]


def require_matplotlib() -> Any:
    """The ``matplotlib.figure.Figure`` class, or :class:`CircadianError` if not installed."""
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError:
        raise CircadianError(MISSING_MATPLOTLIB) from None
    return Figure
