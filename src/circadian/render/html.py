"""HTML plan report: one self-contained file (inline CSS and SVG, no script, no network).

Sections: title, summary, warnings, the chart (the same picture as ``--format svg``, embedded as
inline SVG), the day-by-day table in each event's own local time (grouped like the text
report), alertness by shift for rotas, and notes with the not-medical-advice notice. The page
reflows to one column on a phone (the table's rows stack) and prints without colours lost
(``print-color-adjust``) and without splitting a day across pages where it can.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime
from html import escape

from circadian import __version__
from circadian.export import (
    event_title,
    notes_with_disclaimer,
    primary_stop,
    stop_description,
    to_local,
)
from circadian.plan import Event, PhaseDay, Plan
from circadian.render import OKABE_ITO

C = OKABE_ITO

#: Swatch per event kind, matching the chart (colour plus a CSS pattern for the hatched ones).
_SWATCH = {
    "sleep": f"background:{C['blue']}",
    "nap": f"background:radial-gradient({C['black']} 20%, transparent 21%) 0 0/4px 4px,"
           f"{C['sky_blue']}",
    "light": f"background:{C['orange']}",
    "avoid_light": f"background:repeating-linear-gradient(45deg,{C['black']} 0 1px,"
                   f"transparent 1px 4px),repeating-linear-gradient(-45deg,{C['black']} 0 1px,"
                   f"transparent 1px 4px),{C['reddish_purple']}",
    "flight": f"background:repeating-linear-gradient(45deg,{C['black']} 0 1px,#fff 1px 4px)",
    "shift": f"background:repeating-linear-gradient(-45deg,{C['black']} 0 1px,transparent 1px"
             f" 4px),{C['bluish_green']}",
    "melatonin": f"background:{C['vermillion']};transform:rotate(45deg) scale(.75)",
    "caffeine_cutoff": "background:#fff;color:#000;font-weight:700;line-height:.85em;"
                       "text-align:center;font-size:1em",
}
_SWATCH_TEXT = {"caffeine_cutoff": "×"}

_CSS = """
:root{--fg:#1b1b1b;--muted:#555;--line:#d0d0d0;--warn-bg:#fff4d6;--warn-line:#E69F00;
  --day-bg:#eef3f8;--max:64rem}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.45 system-ui,-apple-system,
  "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:var(--max);margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .3rem}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:2px solid var(--fg);padding-bottom:.15rem}
.meta{color:var(--muted);margin:0}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.summary dt{font-weight:600}
dl.summary dd{margin:0}
.warnings{background:var(--warn-bg);border-left:6px solid var(--warn-line);padding:.6rem 1rem}
.warnings ul{margin:.2rem 0;padding-left:1.2rem}
figure{margin:0}
figure svg{display:block;width:100%;height:auto}
.chart-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
thead th{border-bottom:2px solid var(--fg);white-space:nowrap}
tr.day th{background:var(--day-bg);font-size:1rem;padding-top:.5rem}
tr.day .zone{font-weight:400;color:var(--muted)}
tr.zone-change td{font-weight:600}
tr.phase td{color:var(--muted);font-size:.9rem}
td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
td.what{white-space:nowrap;font-weight:600}
.sw{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:-.1em;
  border:1px solid #000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.flag{color:#fff;background:#000;padding:0 .3em;font-weight:700}
ul.notes{padding-left:1.2rem}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem}
@media (max-width:40rem){
  body{font-size:15px}
  main{padding:.6rem}
  table.plan thead{display:none}
  table.plan,table.plan tbody,table.plan tr,table.plan td,table.plan th{display:block;width:100%}
  table.plan tr.event{padding:.3rem 0;border-bottom:1px solid var(--line)}
  table.plan tr.event td{border:0;padding:.05rem .4rem;white-space:normal}
  table.plan td.time{display:inline-block;width:auto;color:var(--muted)}
  table.plan td.end::before{content:"– "}
  .chart-scroll svg{min-width:44rem}
  dl.summary{grid-template-columns:1fr}
  dl.summary dd{margin-bottom:.4rem}
}
@media print{
  @page{margin:1.4cm}
  body{font-size:10pt}
  main{max-width:none;padding:0}
  h2{break-after:avoid}
  section.chart{break-inside:avoid}
  .chart-scroll{overflow:visible}
  .chart-scroll svg{min-width:0}
  tbody.day{break-inside:avoid}
  .warnings,.sw,tr.day th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def render(plan: Plan) -> str:
    """The plan as one self-contained HTML document (needs matplotlib for the chart)."""
    from circadian.render.plot import plan_image, svg_for_html

    title = plan.title or "circadian plan"
    svg = plan_image(plan, "svg")
    assert isinstance(svg, str)
    chart = svg_for_html(svg, f"Chart of the plan: {title}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="circadian {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(_meta(plan))}</p>',
        "</header>",
        *_summary(plan),
        *_warnings(plan),
        '<section class="chart" id="chart">',
        "<h2>Chart</h2>",
        "<figure>",
        f'<div class="chart-scroll">{chart}</div>',
        "<figcaption>One row per local day where you are, local time across; a black line "
        "marks a change of time zone. Triangle: predicted dim-light melatonin onset (DLMO, the "
        "body clock's evening); circle: predicted body-temperature low (CBTmin). Below: the "
        "predicted DLMO each day with the plan and without it. On a small screen, scroll the "
        "chart sideways.</figcaption>",
        "</figure>",
        "</section>",
        *_table(plan),
        *_alertness(plan),
        '<section id="notes">',
        "<h2>Notes</h2>",
        '<ul class="notes">',
        *(f"<li>{escape(n)}</li>" for n in notes_with_disclaimer(plan)),
        "</ul>",
        "</section>",
        f"<footer>Made by circadian {escape(__version__)}. Not medical advice.</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _meta(plan: Plan) -> str:
    bits = [f"Plan: {plan.kind}"]
    if plan.summary.model:
        bits.append(f"model: {plan.summary.model}")
    return " · ".join(bits)


def _num(x: float | None, unit: str) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{round(x, 1):g} {unit}"


def _summary(plan: Plan) -> list[str]:
    s = plan.summary
    rows = [("Direction", s.direction),
            ("Days to adapt", f"{_num(s.days_to_adapt, 'days')} with the plan, "
                              f"{_num(s.days_to_adapt_without_plan, 'days')} without")]
    if s.misalignment_h is not None or s.misalignment_h_without_plan is not None:
        rows.append(("Work in the biological night",
                     f"{_num(s.misalignment_h, 'h')} with the plan, "
                     f"{_num(s.misalignment_h_without_plan, 'h')} without"))
    if len(s.route) > 2:  # a trip with stops: every place and what the plan does there
        primary = primary_stop(plan)
        if primary is not None:
            rows[0] = ("Direction", f"{s.direction} ({primary.place})")
            rows[1] = (rows[1][0], f"{rows[1][1]} ({primary.place})")
        rows.append(("Route", "\n".join(stop_description(x, f"summary.route[{k}]")
                                        for k, x in enumerate(s.route))))
    if s.strategy:
        rows.append(("Strategy", s.strategy))
    if s.model:
        rows.append(("Model", s.model))
    out = ['<section id="summary">', "<h2>Summary</h2>", '<dl class="summary">']
    out += [f"<dt>{escape(k)}</dt><dd>{'<br>'.join(escape(x) for x in v.splitlines())}</dd>"
            for k, v in rows]
    return [*out, "</dl>", "</section>"]


def _warnings(plan: Plan) -> list[str]:
    if not plan.warnings:
        return []
    return ['<section class="warnings" id="warnings" role="note">', "<h2>Warnings</h2>", "<ul>",
            *(f"<li>{escape(w)}</li>" for w in plan.warnings), "</ul>", "</section>"]


def _clock(local: datetime, day: date) -> str:
    s = f"{local:%H:%M} {local.tzname()}"
    shift = (local.date() - day).days
    return f"{s} ({shift:+d}d)" if shift else s


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if not out or out[-1] != x:
            out.append(x)
    return out


def _table(plan: Plan) -> list[str]:
    """Day by day, as the text report: events by local start date in their own zone."""
    events: dict[date, list[tuple[int, Event]]] = defaultdict(list)
    for i, ev in enumerate(plan.events):
        events[to_local(ev.start, ev.tz, f"event {i}").date()].append((i, ev))
    phase: dict[date, list[PhaseDay]] = defaultdict(list)
    for pd in plan.phase:
        phase[pd.date].append(pd)
    out = ['<section id="days">', "<h2>Day by day</h2>", '<table class="plan">',
           '<thead><tr><th scope="col">Start</th><th scope="col">End</th>'
           '<th scope="col">What</th><th scope="col">Note</th></tr></thead>']
    prev: str | None = None
    for day in sorted(set(events) | set(phase)):
        day_events = sorted(events.get(day, []), key=lambda it: (it[1].start, it[0]))
        zones = _unique([ev.tz for _, ev in day_events] or [pd.tz for pd in phase[day]])
        out.append('<tbody class="day">')
        out.append(f'<tr class="day"><th colspan="4" scope="rowgroup">{day:%a %d %b %Y} '
                   f'<span class="zone">{escape(" → ".join(zones))}</span></th></tr>')
        if prev is not None and zones and zones[0] != prev:
            out.append(f'<tr class="zone-change"><td colspan="4">Time-zone change: '
                       f"{escape(prev)} → {escape(zones[0])}</td></tr>")
        if zones:
            prev = zones[-1]
        for pd in phase.get(day, []):
            out.append(f'<tr class="phase"><td colspan="4">{escape(_phase_line(pd, day))}'
                       "</td></tr>")
        for i, ev in day_events:
            where = f"event {i}"
            start = _clock(to_local(ev.start, ev.tz, where), day)
            end = _clock(to_local(ev.end, ev.tz, where), day)
            sw = (f'<span class="sw" style="{_SWATCH[ev.kind]}" aria-hidden="true">'
                  f'{_SWATCH_TEXT.get(ev.kind, "")}</span>' if ev.kind in _SWATCH else "")
            out.append(f'<tr class="event {escape(ev.kind)}"><td class="time start">'
                       f'{escape(start)}</td><td class="time end">{escape(end)}</td>'
                       f'<td class="what">{sw}{escape(event_title(ev))}</td>'
                       f'<td class="note">{escape(ev.note)}</td></tr>')
        out.append("</tbody>")
    return [*out, "</table>", "</section>"]


def _phase_line(pd: PhaseDay, day: date) -> str:
    def mark(t: datetime | None) -> str:
        return "—" if t is None else _clock(to_local(t, pd.tz, "phase"), day)

    line = f"Body clock: DLMO {mark(pd.dlmo)}, CBTmin {mark(pd.cbtmin)}"
    if pd.dlmo_without_plan is not None:
        line += f" (DLMO without the plan {mark(pd.dlmo_without_plan)})"
    return line


def _alertness(plan: Plan) -> list[str]:
    if not plan.alertness:
        return []
    out = ['<section id="alertness">', "<h2>Alertness by shift</h2>", "<table>",
           '<thead><tr><th scope="col">Shift</th><th scope="col">Start</th>'
           '<th scope="col">End</th><th scope="col">Lowest</th><th scope="col">At risk</th>'
           "</tr></thead><tbody>"]
    for i, a in enumerate(plan.alertness):
        start = to_local(a.start, a.tz, f"alertness {i}")
        end = to_local(a.end, a.tz, f"alertness {i}")
        flag = ' <span class="flag">AT RISK</span>' if a.flag else ""
        out.append(f"<tr><td>{escape(a.label)}{flag}</td>"
                   f'<td class="time">{start:%a %d %b %H:%M} {escape(start.tzname() or "")}</td>'
                   f'<td class="time">{end:%a %d %b %H:%M} {escape(end.tzname() or "")}</td>'
                   f"<td>{a.lowest:.1f} {escape(a.scale)}</td><td>{a.hours_at_risk:.1f} h</td>"
                   "</tr>")
    return [*out, "</tbody></table>", "</section>"]
