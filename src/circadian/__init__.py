"""circadian: body-clock plans for travellers and shift workers from published circadian models.

Not medical advice.

The main entry points are importable from here (loaded on first use, so that the command
line starts fast)::

    from circadian import get_model, read_light_csv, run_simulation, plan_trip, plan_rota

(``run_simulation`` is :func:`circadian.simulate.simulate`; the top-level name differs because
``circadian.simulate`` is the module.)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "get_model": "circadian.models",
    "MODELS": "circadian.models",
    "run_simulation": "circadian.simulate",
    "Dose": "circadian.simulate",
    "LightSchedule": "circadian.light",
    "read_light_csv": "circadian.light",
    "phase_response_curve": "circadian.prc",
    "melatonin_prc": "circadian.prc_melatonin",
    "fit_melatonin_response": "circadian.melatonin_fit",
    "read_itinerary": "circadian.itinerary",
    "read_rota": "circadian.rota",
    "Person": "circadian.person",
    "plan_trip": "circadian.planner.trip",
    "plan_rota": "circadian.planner.rota",
    "Plan": "circadian.plan",
    "render_plan": "circadian.export",
    "CircadianError": "circadian.errors",
}

__all__ = ["__version__", *_LAZY]


_RENAMED = {"run_simulation": "simulate", "render_plan": "render"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), _RENAMED.get(name, name))
    raise AttributeError(f"module 'circadian' has no attribute {name!r}")
