"""JSON plan: the public machine-readable shape, described by ``plan.schema.json``.

Times are ISO 8601 with the local offset of the item's own zone (``tz``), plus ``*_utc`` copies.
``dose_mg`` appears on melatonin events only. Non-finite numbers are refused (JSON has no NaN).
Trip plans add ``summary.route``: every place on the way, with what the plan does there.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from circadian.errors import ModelError
from circadian.export import event_title, notes_with_disclaimer, to_local
from circadian.plan import Plan, Stop

SCHEMA_VERSION = 1


def render(plan: Plan) -> str:
    """The plan as pretty-printed JSON text (ends with a newline)."""
    return json.dumps(to_dict(plan), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`to_dict`'s output, shipped as plan.schema.json."""
    text = resources.files("circadian.export").joinpath("plan.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (the shape in ``plan.schema.json``)."""
    events = []
    for i, ev in enumerate(plan.events):
        where = f"events[{i}]"
        item: dict[str, Any] = {
            "kind": ev.kind,
            "start": to_local(ev.start, ev.tz, where).isoformat(),
            "end": to_local(ev.end, ev.tz, where).isoformat(),
            "tz": ev.tz,
        }
        if ev.kind == "melatonin":
            item["dose_mg"] = _number(ev.dose_mg, f"{where}.dose_mg")
        item.update(
            note=ev.note,
            title=event_title(ev),
            source=ev.source,
            label=ev.label,
            start_utc=_utc(ev.start),
            end_utc=_utc(ev.end),
        )
        events.append(item)

    phase = []
    for i, pd in enumerate(plan.phase):
        where = f"phase[{i}]"
        phase.append({
            "date": pd.date.isoformat(),
            "dlmo": _iso(pd.dlmo, pd.tz, f"{where}.dlmo"),
            "cbtmin": _iso(pd.cbtmin, pd.tz, f"{where}.cbtmin"),
            "tz": pd.tz,
            "dlmo_without_plan": _iso(pd.dlmo_without_plan, pd.tz, f"{where}.dlmo_without_plan"),
        })

    s = plan.summary
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "title": plan.title,
        "plan_kind": plan.kind,
        "events": events,
        "phase": phase,
        "summary": {
            "direction": s.direction,
            "days_to_adapt": _number(s.days_to_adapt, "summary.days_to_adapt"),
            "days_to_adapt_without_plan": _number(
                s.days_to_adapt_without_plan, "summary.days_to_adapt_without_plan"
            ),
            "model": s.model,
            "strategy": s.strategy,
            "misalignment_h": _number(s.misalignment_h, "summary.misalignment_h"),
            "misalignment_h_without_plan": _number(
                s.misalignment_h_without_plan, "summary.misalignment_h_without_plan"
            ),
        },
        "warnings": list(plan.warnings),
        "notes": list(notes_with_disclaimer(plan)),
    }
    if plan.kind == "trip" or s.route:
        out["summary"]["route"] = [_stop(x, f"summary.route[{i}]") for i, x in enumerate(s.route)]
    if plan.kind == "rota" or plan.alertness:
        out["alertness"] = [
            {
                "start": to_local(a.start, a.tz, f"alertness[{i}]").isoformat(),
                "end": to_local(a.end, a.tz, f"alertness[{i}]").isoformat(),
                "tz": a.tz,
                "label": a.label,
                "lowest": _number(a.lowest, f"alertness[{i}].lowest"),
                "scale": a.scale,
                "hours_at_risk": _number(a.hours_at_risk, f"alertness[{i}].hours_at_risk"),
                "flag": bool(a.flag),
            }
            for i, a in enumerate(plan.alertness)
        ]
    return out


def _stop(stop: Stop, where: str) -> dict[str, Any]:
    return {
        "place": stop.place,
        "code": stop.code,
        "tz": stop.tz,
        "arrive": _iso(stop.arrive, stop.tz, f"{where}.arrive"),
        "depart": _iso(stop.depart, stop.tz, f"{where}.depart"),
        "arrive_utc": None if stop.arrive is None else _utc(stop.arrive),
        "depart_utc": None if stop.depart is None else _utc(stop.depart),
        "role": stop.role,
        "direction": stop.direction,
        "shift_h": _number(stop.shift_h, f"{where}.shift_h"),
        "days_to_adapt": _number(stop.days_to_adapt, f"{where}.days_to_adapt"),
        "days_to_adapt_without_plan": _number(
            stop.days_to_adapt_without_plan, f"{where}.days_to_adapt_without_plan"
        ),
        "primary": bool(stop.primary),
    }


def _number(x: float | None, where: str) -> float | None:
    if x is None:
        return None
    if not math.isfinite(x):
        raise ModelError(f"value is {x!r}; JSON output needs a finite number or null", where)
    return x


def _iso(dt: datetime | None, tz: str, where: str) -> str | None:
    return None if dt is None else to_local(dt, tz, where).isoformat()


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
