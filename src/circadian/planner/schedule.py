"""The plan as the model lives it: advice records, and the light and dose schedule they make.

A plan is built from :class:`Item` records in epoch hours: fixed events (flights, shifts,
commitments) and advice (sleep, naps, seek or avoid light, melatonin, caffeine). Each item says
what light it implies while it lasts (``lux``), so one function turns any candidate plan into
the :class:`~circadian.light.LightSchedule` and melatonin doses a model is run on. Planners
build items; :mod:`circadian.planner.wording` turns them into words; :func:`to_event` into the
:class:`~circadian.plan.Event` a renderer shows.

Light is laid in layers, later ones winning where they overlap: the background (awake,
:data:`~circadian.light.HABITUAL_WAKE_LUX`), then surroundings (cabin, work place), then
light advice, then sleep (dark).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from circadian.light import HABITUAL_WAKE_LUX, LightSchedule
from circadian.models.base import Model
from circadian.plan import Event, EventKind
from circadian.planner.clock import from_hours, round_minute
from circadian.simulate import Dose, SimulationResult, simulate

Action = Literal["advance", "delay", ""]

#: Light layer of each kind of item (higher wins): surroundings < advice < sleep.
_LAYER = {"flight": 0, "shift": 0, "commitment": 0, "light": 1, "avoid_light": 1,
          "sleep": 2, "nap": 2}


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of a plan over [a, b) in epoch hours, in the zone of where the person is.

    ``reason`` is a machine-readable code (the wording module's key), ``lux`` the light it
    implies while it lasts (None: it leaves the light as it is), ``action`` what a light item
    does to the clock ("advance"/"delay"), ``cbtmin_h`` the predicted CBTmin it is placed
    around, ``numbers`` other figures behind it.
    """

    kind: EventKind
    a: float
    b: float
    zone: str
    reason: str = ""
    lux: float | None = None
    source: str = ""
    action: Action = ""
    dose_mg: float | None = None
    cbtmin_h: float | None = None
    numbers: tuple[tuple[str, float], ...] = ()
    label: str = ""

    @property
    def span(self) -> tuple[float, float]:
        return (self.a, self.b)

    @property
    def length_h(self) -> float:
        return self.b - self.a

    def num(self, name: str, default: float | None = None) -> float | None:
        """The figure called ``name`` (``default`` when the item has none)."""
        return next((v for k, v in self.numbers if k == name), default)

    def with_numbers(self, **figures: float) -> Item:
        """A copy with figures added or replaced."""
        kept = tuple((k, v) for k, v in self.numbers if k not in figures)
        return replace(self, numbers=kept + tuple((k, float(v)) for k, v in figures.items()))


def light_schedule(items: Iterable[Item], a: float, b: float,
                   background_lux: float = HABITUAL_WAKE_LUX) -> LightSchedule:
    """The illuminance a person following ``items`` lives in over [a, b)."""
    lit = [it for it in items if it.lux is not None and it.b > a and it.a < b]
    lit.sort(key=lambda it: _LAYER.get(it.kind, 1))
    return LightSchedule.from_hour_intervals(
        [(it.a, it.b, float(it.lux)) for it in lit], a, b, background_lux)  # type: ignore[arg-type]


def doses(items: Iterable[Item], a: float, b: float) -> tuple[Dose, ...]:
    """The melatonin doses among ``items`` taken in [a, b)."""
    return tuple(Dose(from_hours(it.a), float(it.dose_mg)) for it in items
                 if it.kind == "melatonin" and it.dose_mg and a <= it.a < b)


def simulate_items(model: Model, items: Sequence[Item], a: float, b: float, y0: np.ndarray,
        record: bool = True, background_lux: float = HABITUAL_WAKE_LUX) -> SimulationResult:
    """Simulate ``model`` from state ``y0`` at ``a`` to ``b`` for a person following ``items``.

    Melatonin doses are simulated when the model has a melatonin input; a light-only model
    leaves them out (the plan must then say so).
    """
    dd = doses(items, a, b) if model.has_melatonin else ()
    r = simulate(model, light_schedule(items, a, b, background_lux), start=from_hours(a),
                 end=from_hours(b), initial=y0, record=record, doses=dd)
    assert isinstance(r, SimulationResult)
    return r


def _to_minute(h: float, cuts: Sequence[float], start: bool) -> float:
    """``h`` rounded to the minute, but never across one of ``cuts`` (a landing changes the
    zone an event is shown in): then rounded away from it."""
    r = round_minute(h)
    if start and r < h and any(r < c <= h for c in cuts):
        return math.ceil(h * 60.0 - 1e-9) / 60.0
    if not start and r > h and any(h <= c < r for c in cuts):
        return math.floor(h * 60.0 + 1e-9) / 60.0
    return r


def to_event(item: Item, note: str, cuts: Sequence[float] = ()) -> Event:
    """The plan's event for ``item``, with its words; times are rounded to the minute, never
    across one of ``cuts``."""
    a, b = _to_minute(item.a, cuts, True), _to_minute(item.b, cuts, False)
    return Event(
        item.kind, from_hours(a), from_hours(max(b, a)), item.zone, note=note,
        dose_mg=item.dose_mg, source=item.source, label=item.label, reason=item.reason,
        cbtmin=None if item.cbtmin_h is None else from_hours(round_minute(item.cbtmin_h)),
        numbers=item.numbers,
    )
