"""Planners: turn a trip (or a rota) and a person into a :class:`~circadian.plan.Plan`.

The planner core (one time style, :mod:`.clock`; interval arithmetic, :mod:`.intervals`; the
advice records and the light and dose schedule they make, :mod:`.schedule`; light placed
around the predicted CBTmin, :mod:`.light_advice`; the simulate-and-fix loop, :mod:`.loop`;
caffeine, nap and melatonin rules, :mod:`.rules`; scores, :mod:`.scoring`; the starting
state, :mod:`.baseline`; all words, :mod:`.wording`) serves two planners that only choose
targets and strategies: trips (:mod:`.trip`) and rotas (:mod:`.rota`).
"""

from circadian.planner.rota import plan_rota
from circadian.planner.trip import plan_trip
from circadian.planner.validate import validate_plan
from circadian.planner.validate_rota import validate_rota_plan

__all__ = ["plan_rota", "plan_trip", "validate_plan", "validate_rota_plan"]
