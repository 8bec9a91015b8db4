"""Renderers: turn a :class:`~circadian.plan.Plan` into text, JSON, CSV, iCalendar, or (with the
``plot`` extra, see :mod:`circadian.render`) a PNG/SVG chart or a self-contained HTML report.

Renderers only render. They take a Plan and nothing else, make no decisions about the plan,
and raise :class:`~circadian.errors.CircadianError` when a plan cannot be written faithfully
(naive times, unknown zones, non-finite numbers in JSON).
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from circadian.errors import CircadianError
from circadian.plan import NOT_MEDICAL_ADVICE, Event, Plan, Stop
from circadian.tz import get_zone

FORMATS: tuple[str, ...] = ("text", "json", "csv", "phase-csv", "ics", "png", "svg", "html")

__all__ = ["FORMATS", "days_text", "event_title", "notes_with_disclaimer", "primary_stop", "render",
           "stop_description", "to_local"]


def render(plan: Plan, fmt: str) -> str | bytes:
    """Render ``plan`` as ``fmt`` (one of :data:`FORMATS`); ICS and PNG are bytes, the rest str.

    "png", "svg" and "html" need matplotlib (raise CircadianError with install advice)."""
    if fmt == "text":
        from circadian.export import text

        return text.render(plan)
    if fmt == "json":
        from circadian.export import json

        return json.render(plan)
    if fmt == "csv":
        from circadian.export import csv

        return csv.render(plan)
    if fmt == "phase-csv":
        from circadian.export import csv

        return csv.render_phase_csv(plan)
    if fmt == "ics":
        from circadian.export import ics

        return ics.render(plan)
    if fmt in ("png", "svg"):
        from circadian.render import plot

        return plot.plan_image(plan, fmt)
    if fmt == "html":
        from circadian.render import html

        return html.render(plan)
    raise CircadianError(
        f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})", "format"
    )


def to_local(dt: datetime, tz: str, where: str) -> datetime:
    """``dt`` (aware) in the zone ``tz``; refuses naive times and unknown zones."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise CircadianError("time has no time zone (plan times must be aware UTC)", where)
    return dt.astimezone(get_zone(tz, where))


_LEG_DASH = re.compile(r"(?<=\b[A-Z]{3})-(?=[A-Z]{3}\b)")


def event_title(event: Event) -> str:
    """A short human-readable title, e.g. "Seek bright light (daylight)", "Melatonin 0.5 mg"."""
    kind = event.kind
    if kind == "light":
        return "Seek bright light" + (f" ({event.source})" if event.source else "")
    if kind == "avoid_light":
        return "Avoid bright light" + (f" — {event.source}" if event.source else "")
    if kind == "melatonin":
        return f"Melatonin {event.dose_mg:g} mg" if event.dose_mg is not None else "Melatonin"
    if kind == "caffeine_cutoff":
        return "No caffeine from now"
    if kind == "flight":
        label = _LEG_DASH.sub("→", event.label)
        return f"Flight {label}" if label else "Flight"
    if kind == "shift":
        return f"Shift {event.label}" if event.label else "Shift"
    if kind == "sleep":
        return "Sleep"
    if kind == "nap":
        return "Nap"
    return kind.replace("_", " ").capitalize()


def notes_with_disclaimer(plan: Plan) -> tuple[str, ...]:
    """The plan's notes, with the not-medical-advice notice first if the plan lacks it."""
    if NOT_MEDICAL_ADVICE in plan.notes:
        return plan.notes
    return (NOT_MEDICAL_ADVICE, *plan.notes)


def days_text(x: float | None) -> str:
    """A number of days for people: "2", "1.5", or "n/a" when there is none."""
    return "n/a" if x is None or not math.isfinite(x) else f"{round(x, 1):g}"


def primary_stop(plan: Plan) -> Stop | None:
    """For a trip with stops on the way, the place the summary's direction and days describe
    (None for a single flight or a rota, where that needs no saying)."""
    route = plan.summary.route
    return next((x for x in route if x.primary), None) if len(route) > 2 else None


_ROLE = {
    "start": "start",
    "layover": "layover, not adapted to",
    "stop": "stop, too short to adapt to",
    "home_time": "short trip, kept on home time",
}


def stop_description(stop: Stop, where: str = "route") -> str:
    """One place of a trip's route in words: name, local arrival and departure, and what the
    plan does there (shared by the text and HTML renderers)."""

    def stamp(t: datetime) -> str:
        local = to_local(t, stop.tz, where)
        return f"{local:%a %d %b %H:%M} {local.tzname()}"

    if stop.arrive is not None and stop.depart is not None:
        when = f"{stamp(stop.arrive)} – {stamp(stop.depart)}"
    elif stop.depart is not None:
        when = f"leave {stamp(stop.depart)}"
    elif stop.arrive is not None:
        when = f"from {stamp(stop.arrive)}"
    else:
        when = ""
    if stop.role != "adapted":
        what = _ROLE.get(stop.role, stop.role)
    elif stop.direction == "none":
        what = "local time, no shift needed"
    elif stop.days_to_adapt is None and stop.days_to_adapt_without_plan is None:
        what = (f"{stop.direction} {round(abs(stop.shift_h), 2):g} h, not predicted to adapt "
                "before leaving (with or without the plan)")
    else:
        what = (f"{stop.direction} {round(abs(stop.shift_h), 2):g} h, days to adapt "
                f"{days_text(stop.days_to_adapt)} with plan, "
                f"{days_text(stop.days_to_adapt_without_plan)} without")
    return f"{stop.place} ({stop.code}), {when}: {what}" if when else f"{stop.place}: {what}"
