"""``circadian plan trip`` and ``circadian plan rota``: plans for travellers and shift workers."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import click

from circadian.cli._common import emit, output_options, param_option
from circadian.errors import CircadianError

PLAN_FORMATS = ["text", "json", "csv", "ics", "png", "svg", "html"]
#: Formats that are pictures or whole documents: not written to a terminal (use --output).
_FILE_ONLY_FORMATS = ("png", "svg", "html")


def person_options(f: Callable) -> Callable:
    """Options describing the person, shared by trips and rotas (override the file's)."""
    opts = [
        click.option("--sleep", help="Habitual sleep, local at home, e.g. 23:00-07:00."),
        click.option("--dlmo", help="Measured dim-light melatonin onset, local, e.g. 21:15."),
        click.option("--chronotype", type=click.Choice(["early", "intermediate", "late"])),
        click.option("--melatonin/--no-melatonin", default=None,
                     help="Whether melatonin may appear in the plan (default: yes, 0.5 mg)."),
        click.option("--dose", "dose_mg", type=float, help="Melatonin dose [mg]."),
        click.option("--medication", "medications", multiple=True,
                     help="A medicine you take (repeatable); checked for interactions."),
        click.option("--condition", "conditions", multiple=True,
                     help="A health condition (repeatable), e.g. pregnancy, epilepsy."),
        click.option("--age", type=int, help="Age in years."),
        click.option("--light-box/--no-light-box", default=None,
                     help="You own a bright light box."),
        click.option("--opt-in-melatonin", is_flag=True, default=None,
                     help="Keep melatonin in the plan despite a caution (your choice)."),
        click.option("--model", "model_name", default="forger99", show_default=True,
                     help="Circadian model (see `circadian models`)."),
        param_option,
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _person(file_mapping: dict[str, Any] | None, where: str, cli: dict[str, Any]) -> Any:
    from circadian.person import person_from_mapping

    d: dict[str, Any] = dict(file_mapping or {})
    for key, val in cli.items():
        if val is None or val == ():
            continue
        d[key] = list(val) if isinstance(val, tuple) else val
        try:  # a bad option value is the option's fault, not the file's
            person_from_mapping({key: d[key]})
        except CircadianError as exc:
            raise CircadianError(exc.message, _OPTION_NAMES.get(key, f"--{key}")) from None
    return person_from_mapping(d, where)


_OPTION_NAMES = {"dose_mg": "--dose", "medications": "--medication",
                 "conditions": "--condition", "light_box": "--light-box",
                 "opt_in_melatonin": "--opt-in-melatonin", "prep_days": "--prep-days"}


def _cli_person_fields(kw: dict[str, Any]) -> dict[str, Any]:
    return {
        "sleep": kw.pop("sleep"), "dlmo": kw.pop("dlmo"), "chronotype": kw.pop("chronotype"),
        "melatonin": kw.pop("melatonin"), "dose_mg": kw.pop("dose_mg"),
        "medications": kw.pop("medications"), "conditions": kw.pop("conditions"),
        "age": kw.pop("age"), "light_box": kw.pop("light_box"),
        "opt_in_melatonin": kw.pop("opt_in_melatonin"),
    }


def _model_params(model_name: str, params: tuple[str, ...]) -> dict[str, float]:
    from circadian.models import model_class, parse_param_overrides

    return parse_param_overrides(list(params), model_class(model_name))


def _render_plan(plan: Any, fmt: str, output: str | None, force: bool, inputs: list[str]) -> None:
    from circadian.export import render

    if fmt in _FILE_ONLY_FORMATS and (output is None or output == "-") and _stdout_is_tty():
        raise CircadianError(f"--format {fmt} writes a file: give --output FILE.{fmt} "
                             "(or redirect standard output)")
    data = render(plan, fmt)
    # warnings go to stderr (stdout stays clean data), except for a text report on the
    # terminal, which already shows them
    if fmt != "text" or (output is not None and output != "-"):
        for w in plan.warnings:
            click.echo(f"warning: {w}", err=True)
    emit(data, output, force, inputs)


def _stdout_is_tty() -> bool:
    import sys

    return sys.stdout is not None and sys.stdout.isatty()


@click.group()
def plan() -> None:
    """Make a plan for a trip (flights) or a rota (shifts)."""


@plan.command()
@click.argument("itinerary", required=False, type=click.Path(dir_okay=False))
@click.option("--flight", "flights", multiple=True, metavar='"SFO 2026-12-01 17:30 -> LHR ..."',
              help="A flight with local times at each airport (repeatable).")
@click.option("--prep-days", type=click.IntRange(0, 7), default=None,
              help="Days before departure you can start adjusting (default 3).")
@person_options
@output_options(PLAN_FORMATS, "text")
def trip(itinerary: str | None, flights: tuple[str, ...], prep_days: int | None,
         model_name: str, params: tuple[str, ...], fmt: str, output: str | None, force: bool,
         **kw: Any) -> None:
    """Plan light, dark, melatonin and sleep for a trip.

    Give an ITINERARY file (.toml, .json, .yaml, .csv or .ics) or one --flight per leg, e.g.
    --flight "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45" (local times at each airport).
    """
    from circadian.itinerary import Trip, parse_flight_spec, read_itinerary
    from circadian.planner.trip import plan_trip

    cli_person = _cli_person_fields(kw)
    if prep_days is not None:
        cli_person["prep_days"] = prep_days
    if itinerary and flights:
        raise click.UsageError("give an itinerary file or --flight options, not both")
    if itinerary:
        trip_obj, person_map, warnings = read_itinerary(itinerary)
        where = itinerary
    elif flights:
        legs = [parse_flight_spec(s, f"--flight #{i + 1}") for i, s in enumerate(flights)]
        trip_obj, person_map, warnings = Trip(tuple(legs)), None, []
        where = "options"
    else:
        raise click.UsageError("give an itinerary file or at least one --flight")
    person = _person(person_map, where, cli_person)
    result = plan_trip(trip_obj, person, model_name, _model_params(model_name, params))
    if warnings:
        from dataclasses import replace

        result = replace(result, warnings=tuple(warnings) + tuple(result.warnings))
    _render_plan(result, fmt, output, force, [itinerary] if itinerary else [])


_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*$")


def parse_minutes(text: str) -> float:
    """'40m', '40', '1h', '1h30m' -> minutes."""
    s = str(text).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", s):
        value = float(s)
    else:
        m = _DURATION.match(s)
        if not s or not m or not (m.group(1) or m.group(2)):
            raise CircadianError(f"--commute {text!r}: expected minutes such as 40m, 1h or 1h15m")
        value = float(m.group(1) or 0) * 60 + float(m.group(2) or 0)
    if not math.isfinite(value):
        raise CircadianError(f"--commute {text!r}: too long")
    return value


@plan.command()
@click.argument("rota_file", metavar="ROTA", type=click.Path(dir_okay=False))
@click.option("--tz", default=None, help="IANA zone of the rota's times (needed for CSV).")
@click.option("--commute", default="0m", show_default=True,
              help="One-way commute, e.g. 40m or 1h; sleep never overlaps it.")
@click.option("--location", default=None,
              help="Where you live, as an airport code or LAT,LON, to check real daylight.")
@person_options
@output_options(PLAN_FORMATS, "text")
def rota(rota_file: str, tz: str | None, commute: str, location: str | None, model_name: str,
         params: tuple[str, ...], fmt: str, output: str | None, force: bool,
         **kw: Any) -> None:
    """Plan sleep, light, dark and melatonin around a work rota (CSV, .ics or pattern .toml),
    with predicted alertness on every shift."""
    from circadian.planner.rota import plan_rota
    from circadian.rota import read_rota

    cli_person = _cli_person_fields(kw)
    minutes = parse_minutes(commute)
    place: Any = None
    if location:
        if re.fullmatch(r"\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*", location):
            lat, lon = (float(v) for v in location.split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise CircadianError(f"--location {location}: latitude/longitude out of range")
            place = (lat, lon)
        else:
            from circadian.places import airport

            place = airport(location, "--location")
    rota_obj, warnings = read_rota(rota_file, tz)
    person = _person(None, rota_file, cli_person)
    result = plan_rota(rota_obj, person, model_name, _model_params(model_name, params),
                       commute_min=minutes, location=place)
    if warnings:
        from dataclasses import replace

        result = replace(result, warnings=tuple(warnings) + tuple(result.warnings))
    if place is not None and fmt in _FILE_ONLY_FORMATS:
        result = _with_daylight(result, place)
    _render_plan(result, fmt, output, force, [rota_file])


def _with_daylight(plan: Any, place: Any) -> Any:
    """The rota plan with outdoor daylight at ``place`` filled in, for the chart."""
    from dataclasses import replace
    from datetime import timedelta

    from circadian.daylight import daylight_intervals

    if not plan.events:
        return plan
    a = min(e.start for e in plan.events) - timedelta(days=1)
    b = max(e.end for e in plan.events) + timedelta(days=1)
    tz = plan.events[0].tz
    return replace(plan, daylight=tuple((x, y, tz) for x, y in daylight_intervals(place, a, b)))
