"""Plain-text plan: a day-by-day table in each event's own local time, then the summary.

Deterministic and fixed-width, so it can be diffed, printed or pasted into an email. Events are
grouped by the local date where they happen; times carry the zone abbreviation, ``+1d`` marks a
time on a later local date than the day it is listed under, and a line marks the days where
the zone changes.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

import click

from circadian.export import (
    days_text,
    event_title,
    notes_with_disclaimer,
    primary_stop,
    stop_description,
    to_local,
)
from circadian.plan import Alertness, Event, PhaseDay, Plan

WIDTH = 88
_TIME_W = 16  # "HH:MM +0530 +1d" plus a space
_WHAT_W = 42  # the longest title, "Seek bright light (bright indoor light)", fits


def render(plan: Plan, color: bool = False) -> str:
    """The plan as a fixed-width text report (ANSI colour only when ``color`` is true)."""

    def style(s: str, bold: bool = False, fg: str | None = None) -> str:
        return click.style(s, bold=bold, fg=fg) if color else s

    out: list[str] = []
    title = plan.title or "circadian plan"
    out.append(style(title, bold=True))
    out.append("=" * len(title))
    meta = [f"Plan: {plan.kind}"]
    if plan.summary.model:
        meta.append(f"model: {plan.summary.model}")
    out.append("   ".join(meta))
    out.append("")

    events: dict[date, list[tuple[int, Event]]] = defaultdict(list)
    for i, ev in enumerate(plan.events):
        start = to_local(ev.start, ev.tz, f"event {i}")
        events[start.date()].append((i, ev))
    phase: dict[date, list[tuple[int, PhaseDay]]] = defaultdict(list)
    for i, pd in enumerate(plan.phase):
        phase[pd.date].append((i, pd))

    prev_zone: str | None = None
    for day in sorted(set(events) | set(phase)):
        day_events = sorted(events.get(day, []), key=lambda item: (item[1].start, item[0]))
        zones = _unique([ev.tz for _, ev in day_events] or [pd.tz for _, pd in phase[day]])
        header = f"{day:%a %Y-%m-%d}  {' → '.join(zones)}"
        out.append(style(header, bold=True))
        if prev_zone is not None and zones and zones[0] != prev_zone:
            out.append(style(f"  >> zone change: {prev_zone} → {zones[0]}", fg="cyan"))
        if zones:
            prev_zone = zones[-1]
        for i, pd in phase.get(day, []):
            out.append("  " + _phase_line(pd, day, f"phase {i}"))
        if day_events:
            out.append(f"  {'Start':<{_TIME_W}}{'End':<{_TIME_W}}{'What':<{_WHAT_W}}Note")
        for i, ev in day_events:
            where = f"event {i}"
            start = _clock(to_local(ev.start, ev.tz, where), day)
            end = _clock(to_local(ev.end, ev.tz, where), day)
            what = event_title(ev)
            out.append(f"  {start:<{_TIME_W}}{end:<{_TIME_W}}{what:<{_WHAT_W}}{ev.note}".rstrip())
        out.append("")

    out.extend(_summary(plan))
    if plan.kind == "rota" or plan.alertness:
        out.extend(_alertness(plan.alertness, color))
    if plan.warnings:
        out.append(style("Warnings", bold=True))
        for w in plan.warnings:
            out.extend(_wrap(w, "  ! ", style=lambda s: style(s, fg="yellow")))
        out.append("")
    out.append(style("Notes", bold=True))
    for n in notes_with_disclaimer(plan):
        out.extend(_wrap(n, "  - "))
    return "\n".join(out).rstrip("\n") + "\n"


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for x in items:
        if not seen or seen[-1] != x:
            seen.append(x)
    return seen


def _clock(local: datetime, day: date) -> str:
    """"HH:MM ABBR", plus " +1d" when ``local`` falls on another date than ``day``."""
    s = f"{local:%H:%M} {local.tzname()}"
    shift = (local.date() - day).days
    return f"{s} {shift:+d}d" if shift else s


def _phase_line(pd: PhaseDay, day: date, where: str) -> str:
    def marker(dt: datetime | None) -> str:
        return "—" if dt is None else _clock(to_local(dt, pd.tz, where), day)

    line = f"Body clock:  DLMO {marker(pd.dlmo):<{_TIME_W}}CBTmin {marker(pd.cbtmin)}"
    if pd.dlmo_without_plan is not None:
        line += f"   (DLMO without plan {marker(pd.dlmo_without_plan)})"
    return line


def _summary(plan: Plan) -> list[str]:
    s = plan.summary
    # with stops on the way, say which place the direction and days are about
    primary = primary_stop(plan)
    about = f" ({primary.place})" if primary is not None else ""
    rows = [
        ("Direction", s.direction + about),
        ("Days to adapt", f"{days_text(s.days_to_adapt)} with plan, "
                          f"{days_text(s.days_to_adapt_without_plan)} without{about}"),
    ]
    if len(s.route) > 2:
        rows += [("Route" if k == 0 else "", stop_description(x, f"summary.route[{k}]"))
                 for k, x in enumerate(s.route)]
    if s.strategy:
        rows.append(("Strategy", s.strategy))
    if s.model:
        rows.append(("Model", s.model))
    return ["Summary", *(f"  {k + ':' if k else '':<16}{v}" for k, v in rows), ""]


def _alertness(items: tuple[Alertness, ...], color: bool) -> list[str]:
    lines = ["Alertness by shift"]
    if not items:
        return [*lines, "  (none predicted)", ""]
    for scale in dict.fromkeys(a.scale for a in items):
        lines.append(f"  Lowest on the scale: {scale}")
    head = f"  {'Shift':<12}{'Start':<22}{'End':<22}{'Lowest':<9}{'At risk':<10}Flag"
    lines.append(head)
    for i, a in enumerate(items):
        where = f"alertness {i}"
        start = to_local(a.start, a.tz, where)
        end = to_local(a.end, a.tz, where)
        flag = "AT RISK" if a.flag else ""
        if flag and color:
            flag = click.style(flag, fg="red", bold=True)
        lowest = f"{a.lowest:.1f}"
        risk = f"{a.hours_at_risk:.1f} h"
        lines.append(
            f"  {a.label:<12}{_stamp(start):<22}{_stamp(end):<22}{lowest:<9}{risk:<10}{flag}"
            .rstrip()
        )
    return [*lines, ""]


def _stamp(local: datetime) -> str:
    return f"{local:%a %d %b %H:%M} {local.tzname()}"


def _plain(s: str) -> str:
    return s


def _wrap(text: str, prefix: str, style: Callable[[str], str] = _plain) -> list[str]:
    lines = textwrap.wrap(text, WIDTH - len(prefix)) or [""]
    pad = " " * len(prefix)
    return [style(prefix + ln) if k == 0 else style(pad + ln) for k, ln in enumerate(lines)]
