"""The simulate-and-fix loop: advice fitted to the clock it moves.

Light and melatonin move the clock they are timed from, so advice cannot be placed from one
simulation. :func:`walk_cycles` places it cycle by cycle: it simulates the plan so far, reads
the next predicted CBTmin and the DLMO before it, asks the planner's rule (``decide``) what to
do in that cycle, and re-simulates from just before the first new item. :func:`settle` then
re-simulates the whole plan, trims every light and avoid-light window back onto its side of the
CBTmin it now lies nearest to (:func:`~circadian.planner.light_advice.retrim`) and lets the
planner re-time its doses from the new DLMOs, until neither changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from circadian.light import HABITUAL_WAKE_LUX
from circadian.models.base import Model
from circadian.planner.clock import to_hours
from circadian.planner.light_advice import retrim
from circadian.planner.schedule import Item, simulate_items
from circadian.simulate import SimulationResult

#: decide(cbtmin_h, dlmo_h, advice so far) -> new advice items for that cycle
Decide = Callable[[float, float, Sequence[Item]], list[Item]]
#: redo(advice, result) -> advice with its doses re-timed from the result's DLMOs
Redo = Callable[[list[Item], SimulationResult], list[Item]]

MAX_SETTLE_ROUNDS = 6
_MIN_CYCLE_GAP_H = 12.0


def markers_h(r: SimulationResult) -> tuple[list[float], list[float]]:
    """(DLMO, CBTmin) epoch hours of a simulation."""
    return [to_hours(x) for x in r.dlmo], [to_hours(x) for x in r.cbtmin]


def dlmo_before(model: Model, c: float, dlmos: Sequence[float]) -> float:
    """The DLMO of the cycle whose CBTmin is ``c``: CBTmin + the model's offset (Kronauer
    family), else the last DLMO within 14 h before it (about CBTmin - 7 h when none)."""
    if model.dlmo_offset_h is not None:
        return c + model.dlmo_offset_h
    best = [d for d in dlmos if c - 14.0 <= d < c]
    return best[-1] if best else c - 7.0


def walk_cycles(model: Model, fixed: Sequence[Item], a: float, b: float, y0: np.ndarray,
                decide: Decide, background_lux: float = HABITUAL_WAKE_LUX) -> list[Item]:
    """Advice placed cycle by cycle from the model's own predictions (see the module docs).
    Items ending after ``b`` are not kept."""
    advice: list[Item] = []
    start, state = a, y0
    r = simulate_items(model, fixed, a, b, y0, background_lux=background_lux)
    last = -math.inf
    while True:
        dl, cb = markers_h(r)
        c = next((x for x in cb if x > last + _MIN_CYCLE_GAP_H and x > start), None)
        if c is None or c >= b:
            break
        last = c
        new = [it for it in decide(c, dlmo_before(model, c, dl), advice) if it.b <= b]
        if not new:
            continue
        advice += new
        t_new = min(it.a for it in new)
        if t_new < r.t_h[0]:  # earlier than this run: start again from the beginning
            start, state = a, y0
        else:
            k = int(np.searchsorted(r.t_h, t_new, side="right")) - 1
            k = max(0, min(k, len(r.t_h) - 2))
            start, state = float(r.t_h[k]), r.states[k].copy()
        r = simulate_items(model, [*fixed, *advice], start, b, state,
                           background_lux=background_lux)
    return sorted(advice, key=lambda it: it.a)


def same_doses(x: Sequence[Item], y: Sequence[Item]) -> bool:
    """The same doses to within a minute (the simulated DLMO they follow moves a little)."""
    dx = [it.a for it in x if it.kind == "melatonin"]
    dy = [it.a for it in y if it.kind == "melatonin"]
    return len(dx) == len(dy) and all(abs(p - q) < 1 / 60 for p, q in zip(dx, dy, strict=True))


def settle(model: Model, fixed: Sequence[Item], advice: list[Item], a: float, b: float,
           y0: np.ndarray, redo: Redo | None = None,
           background_lux: float = HABITUAL_WAKE_LUX) -> tuple[list[Item], SimulationResult]:
    """Re-simulate, re-trim windows and re-time doses until stable (see the module docs).
    Returns the advice and the simulation of the plan with it."""
    for _ in range(MAX_SETTLE_ROUNDS):
        r = simulate_items(model, [*fixed, *advice], a, b, y0, record=False,
                           background_lux=background_lux)
        trimmed, changed = retrim(advice, markers_h(r)[1])
        redone = redo(trimmed, r) if redo is not None else trimmed
        if not changed and same_doses(redone, advice):
            advice = redone
            break
        advice = redone
    r = simulate_items(model, [*fixed, *advice], a, b, y0, record=False,
                       background_lux=background_lux)
    return sorted(advice, key=lambda it: it.a), r
