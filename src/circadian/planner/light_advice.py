"""Light advice placed around the model's predicted CBTmin, and how it can be had.

The phase response curve to light (Khalsa et al. 2003, J Physiol 549:945) is type 1 with its
crossover at CBTmin: light in the hours before CBTmin delays the clock, light after it
advances it, and there is no shift at CBTmin itself. So, with ``c`` the predicted CBTmin,

- to advance: seek light in [c + :data:`ZONE_MARGIN_H`, c + :data:`ADVANCE_ZONE_H`] and avoid it
  in [c - :data:`AVOID_ZONE_H`, c];
- to delay: seek light in [c - :data:`DELAY_ZONE_H`, c - :data:`ZONE_MARGIN_H`] and avoid it in
  [c, c + :data:`AVOID_ZONE_H`].

Only free time is used (the caller says what is busy). Where the person is and whether the sun
is up decide how the light is had (:func:`bright_source`, :func:`dark_source`), which also fixes
the illuminance the model is run with. After the plan is re-simulated (melatonin moves the
clock too) every window is trimmed back onto its side of the CBTmin it now lies nearest to
(:func:`retrim`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from circadian import daylight
from circadian.planner.intervals import Interval, split_at, subtract, take
from circadian.planner.schedule import Action, Item

ADVANCE_ZONE_H = 4.0
"""Seek light to advance within this long after CBTmin (Khalsa 2003 PRC; zone width [S])."""
DELAY_ZONE_H = 7.0
"""Seek light to delay within this long before CBTmin. Wider than the advance zone: the delay
zone reaches back into the evening (Khalsa 2003: delays whenever the pulse is centred before
CBTmin, no long dead zone; every model's PRC in circadian.prc delays for pulses centred up to
about 9 h before CBTmin), and for a person asleep in the hours before CBTmin the evening before
bed is the only time such light can be had."""
AVOID_ZONE_H = 4.0
"""Avoid light over this long on the opposite side of CBTmin."""
ZONE_MARGIN_H = 0.25
"""Keep seek-light sessions this far from CBTmin (no shift at CBTmin itself; Khalsa 2003)."""
LIGHT_SESSION_H = 2.0
"""Longest bright-light session per day [h]. Crowley & Eastman 2015: a single 30 min pulse gave
75% of the effect of four; Chang et al. 2012: response to duration is strongly non-linear."""
MIN_WINDOW_H = 0.5
"""Shortest light or avoid-light window worth giving [h]."""

# -- how light can be had, and the illuminance the model is run with [lux] --------------------
LUX_DAYLIGHT = 10_000.0
"""Outdoors in daylight: clear-sky daylight is 10,000-100,000 lux; 10,000 is conservative."""
LUX_LIGHT_BOX = 5_000.0
"""A light box at its working distance (~5,000 lux: Crowley 2003; Crowley & Eastman 2015)."""
LUX_BRIGHT_INDOOR = 1_000.0
"""The brightest indoor light without a light box (by a window, a bright office)."""
LUX_ONBOARD = 300.0
"""A reading light close to the eyes in a dim cabin [M: our assumption, 100-500 lux]."""
LUX_DARK_GLASSES = 50.0
LUX_DIM = 10.0
SOURCE_DAYLIGHT = "daylight"
SOURCE_LIGHT_BOX = "light box"
SOURCE_INDOOR = "bright indoor light"
SOURCE_ONBOARD = "reading light"
SOURCE_GLASSES = "dark glasses"
SOURCE_DIM = "dim room"
_SUN_MIN_RUN_H = 0.25
_EPS = 1e-6


class Where(Protocol):
    """Where the person is: their zone, position (None when unknown) and flight status."""

    def zone_at(self, h: float) -> str: ...
    def position(self, h: float) -> tuple[float, float] | None: ...
    def in_flight(self, h: float) -> bool: ...
    def cuts(self) -> Sequence[float]: ...


def seek_zone(c: float, action: Action) -> Interval:
    """Where light moves the clock the way ``action`` wants, for CBTmin ``c``."""
    if action == "advance":
        return (c + ZONE_MARGIN_H, c + ADVANCE_ZONE_H)
    return (c - DELAY_ZONE_H, c - ZONE_MARGIN_H)


def avoid_zone(c: float, action: Action) -> Interval:
    """Where light would move the clock the wrong way for ``action``, for CBTmin ``c``."""
    return (c - AVOID_ZONE_H, c) if action == "advance" else (c, c + AVOID_ZONE_H)


def bright_source(light_box: bool, sun: bool, on_board: bool = False) -> tuple[str, float]:
    """(source, lux) of bright light: daylight when the sun gives it, else a light box if the
    person has one, else the brightest indoor light (a reading light on board)."""
    if on_board:
        return SOURCE_ONBOARD, LUX_ONBOARD
    if sun:
        return SOURCE_DAYLIGHT, LUX_DAYLIGHT
    if light_box:
        return SOURCE_LIGHT_BOX, LUX_LIGHT_BOX
    return SOURCE_INDOOR, LUX_BRIGHT_INDOOR


def dark_source(sun: bool) -> tuple[str, float]:
    """(source, lux) of keeping light out: dark glasses while the sun is up, else a dim room."""
    return (SOURCE_GLASSES, LUX_DARK_GLASSES) if sun else (SOURCE_DIM, LUX_DIM)


def sun_runs(where: Where, a: float, b: float, seek: bool) -> list[tuple[float, float, bool]]:
    """Split [a, b) into runs where the sun gives bright light (``seek``) or is up (avoid);
    runs shorter than 15 min join a neighbour. Unknown position: one run without sun."""
    pos = where.position(0.5 * (a + b))
    if pos is None:
        return [(a, b, False)]
    n = max(2, int(math.ceil((b - a) * 12)) + 1)
    ts = np.linspace(a, b, n)
    secs = 0.5 * (ts[:-1] + ts[1:]) * 3600.0
    if seek:
        mask = daylight.outdoor_lux_estimate(
            daylight.solar_elevation_deg(pos, secs)) >= daylight.BRIGHT_LUX
    else:
        mask = daylight.solar_elevation_deg(pos, secs, refraction=False) > daylight.SUNRISE_DEG
    runs = [[ts[i], ts[i + 1], bool(m)] for i, m in enumerate(mask)]
    runs = _merge_equal(runs)
    while len(runs) > 1:
        short = next((i for i, r in enumerate(runs) if r[1] - r[0] < _SUN_MIN_RUN_H), None)
        if short is None:
            break
        j = short - 1 if short > 0 else short + 1
        lo, hi = min(short, j), max(short, j)
        runs[lo:hi + 1] = [[runs[lo][0], runs[hi][1], runs[j][2]]]
        runs = _merge_equal(runs)
    return [(r[0], r[1], r[2]) for r in runs]


def _merge_equal(runs: list[list]) -> list[list]:
    out: list[list] = []
    for r in runs:
        if out and out[-1][2] == r[2]:
            out[-1][1] = r[1]
        else:
            out.append(list(r))
    return out


def windows(where: Where, pieces: Sequence[Interval], kind: str, action: Action,
            c: float | None, light_box: bool, reason: str,
            min_h: float = MIN_WINDOW_H) -> list[Item]:
    """Light (``kind`` "light") or avoid-light items over ``pieces``, split where the zone
    changes and where the sun decides how the light is had; pieces under ``min_h`` dropped."""
    out: list[Item] = []
    for piece in pieces:
        for a, b in split_at(piece, where.cuts()):
            if b - a < min_h - _EPS:
                continue
            onboard = where.in_flight(0.5 * (a + b))
            for p, q, sun in sun_runs(where, a, b, kind == "light"):
                src, lux = (bright_source(light_box, sun, onboard) if kind == "light"
                            else dark_source(sun))
                out.append(Item(kind, p, q, where.zone_at(p), reason, lux, src,  # type: ignore[arg-type]
                                action, cbtmin_h=c))
    return out


def place(where: Where, c: float, action: Action, busy_seek: Sequence[Interval],
          busy_avoid: Sequence[Interval], light_box: bool,
          session_h: float = LIGHT_SESSION_H) -> list[Item]:
    """Seek and avoid windows for the cycle with CBTmin ``c``: up to ``session_h`` of light in
    the free part of the seek zone nearest CBTmin, and the free part of the avoid zone."""
    free = subtract(*seek_zone(c, action), busy_seek)
    seek = take(free, session_h, from_end=(action == "delay"), min_piece=MIN_WINDOW_H)
    avoid = [p for p in subtract(*avoid_zone(c, action), [*busy_avoid, *seek])
             if p[1] - p[0] >= MIN_WINDOW_H]
    return (windows(where, seek, "light", action, c, light_box, f"seek_{action}")
            + windows(where, avoid, "avoid_light", action, c, light_box, f"avoid_{action}"))


def nearest(cbtmins: Sequence[float], h: float) -> float | None:
    """The CBTmin nearest ``h`` (None when there is none)."""
    return min(cbtmins, key=lambda c: abs(c - h)) if len(cbtmins) else None


def in_zone(item: Item, c: float) -> Interval:
    """``item`` trimmed onto its zone around CBTmin ``c`` (may come out empty: b <= a)."""
    lo, hi = (seek_zone if item.kind == "light" else avoid_zone)(c, item.action)
    return max(item.a, lo), min(item.b, hi)


def retrim(items: Sequence[Item], cbtmins: Sequence[float]) -> tuple[list[Item], bool]:
    """Every light and avoid-light window trimmed onto its side of the CBTmin it now lies
    nearest to; other items unchanged. A window is dropped when less than
    :data:`MIN_WINDOW_H` is left (a shorter pulse, when any of it is cut). Returns (items,
    whether any window changed)."""
    out: list[Item] = []
    changed = False
    for it in items:
        c = nearest(cbtmins, 0.5 * (it.a + it.b)) if it.action else None
        if c is None:
            out.append(it)
            continue
        a, b = in_zone(it, c)
        if abs(a - it.a) > _EPS or abs(b - it.b) > _EPS:
            changed = True
            if b - a >= min(MIN_WINDOW_H, it.b - it.a) - _EPS:
                out.append(replace(it, a=a, b=b, cbtmin_h=c))
        else:
            out.append(replace(it, cbtmin_h=c))
    return out, changed
