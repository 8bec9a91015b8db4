"""Planners: turn a trip (or a rota) and a person into a :class:`~circadian.plan.Plan`."""

from circadian.planner.trip import plan_trip
from circadian.planner.validate import validate_plan

__all__ = ["plan_trip", "validate_plan"]
