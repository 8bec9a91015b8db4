"""Charts: the plan as a day-per-row timeline, PRCs and simulations (PNG or SVG).

The plan chart has two panels.

1. **Timeline** (like a sleep diary or an actogram): one row per local calendar day of where the
   person is, local clock time across. Each event is drawn in the local time of the zone it
   happens in (its ``tz``) and split at local midnight. When the person changes zone the local
   clock jumps: forward (eastward) leaves a gap in the row, backward (westward) starts a new row
   for the rest of that day, so no hour is drawn twice; the row where it happens is labelled
   "→ Europe/London". Sleep, naps, flights, shifts, seek-light and avoid-light windows are bars
   in three lanes; melatonin (diamond), caffeine cut-off (cross), predicted DLMO (triangle) and
   CBTmin (circle) are markers; outdoor daylight (``Plan.daylight``, when the planner knew the
   places) is pale yellow behind.
2. **Phase**: the predicted DLMO each day in local clock time, with the plan and without it.

Colours are the Okabe-Ito palette and every kind also differs by lane, hatching or marker
shape. matplotlib is imported lazily (:func:`circadian.render.require_matplotlib`), through
``matplotlib.figure.Figure`` only (no pyplot, no global state), so it is thread-safe and never
opens a window.
"""

from __future__ import annotations

import io
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from circadian.errors import CircadianError
from circadian.export import to_local
from circadian.plan import Plan
from circadian.render import DAYLIGHT_COLOUR, OKABE_ITO, require_matplotlib
from circadian.tz import get_zone

IMAGE_FORMATS = ("png", "svg")
PNG_DPI = 110

C = OKABE_ITO

#: How each event kind is drawn: lane (0 top, 1 middle, 2 bottom) and bar style, or a marker.
BAR_STYLE: dict[str, dict[str, Any]] = {
    "flight": {"lane": 0, "facecolor": "#FFFFFF", "edgecolor": C["black"], "hatch": "////",
               "label": "Flight"},
    "shift": {"lane": 0, "facecolor": C["bluish_green"], "edgecolor": C["black"],
              "hatch": "\\\\\\", "label": "Shift (work)"},
    "sleep": {"lane": 1, "facecolor": C["blue"], "edgecolor": C["blue"], "hatch": "",
              "label": "Sleep"},
    "nap": {"lane": 1, "facecolor": C["sky_blue"], "edgecolor": C["black"], "hatch": "...",
            "label": "Nap"},
    "light": {"lane": 2, "facecolor": C["orange"], "edgecolor": C["orange"], "hatch": "",
              "label": "Seek bright light"},
    "avoid_light": {"lane": 2, "facecolor": C["reddish_purple"], "edgecolor": C["black"],
                    "hatch": "xxx", "label": "Avoid bright light"},
}
MARKER_STYLE: dict[str, dict[str, Any]] = {
    "melatonin": {"marker": "D", "color": C["vermillion"], "mec": C["black"], "ms": 6.5,
                  "label": "Melatonin", "lane": 0},
    "caffeine_cutoff": {"marker": "X", "color": C["black"], "mec": "#FFFFFF", "ms": 7.5,
                        "label": "No caffeine from here", "lane": 0},
    "dlmo": {"marker": "^", "color": C["yellow"], "mec": C["black"], "ms": 8,
             "label": "Predicted DLMO", "lane": 1},
    "cbtmin": {"marker": "o", "color": "#FFFFFF", "mec": C["black"], "ms": 7,
               "label": "Predicted CBTmin", "lane": 1},
}
_LANES = ((0.06, 0.30), (0.30, 0.70), (0.70, 0.94))  # (top, bottom) within a row
_GAP_COLOUR = "#D9D9D9"


# ----------------------------------------------------------------------------------------------
# the day-per-row layout (pure Python: tested without matplotlib)
@dataclass
class Piece:
    """A stretch of one row: [start, end) UTC lived in zone ``tz``, local hours [x0, x1]."""

    start: datetime
    end: datetime
    tz: str
    x0: float
    x1: float


@dataclass
class Row:
    """One row of the timeline: a local calendar day (or the rest of it after a zone change)."""

    date: date
    pieces: list[Piece] = field(default_factory=list)
    zone_marks: list[tuple[float, str]] = field(default_factory=list)  # (x, new zone)

    @property
    def x_end(self) -> float:
        return self.pieces[-1].x1 if self.pieces else 0.0


def _hours(local: datetime) -> float:
    return local.hour + local.minute / 60 + (local.second + local.microsecond / 1e6) / 3600


def zone_timeline(plan: Plan) -> list[tuple[datetime, str]]:
    """Where the person is: ``[(from UTC, zone), ...]`` in time order, from the events' zones.

    The zone changes when an event in a new zone begins; if every event of the old zone (a
    flight included: flights carry their origin's zone) has ended by then, it changes at that
    end instead (the landing).
    """
    events = sorted(plan.events, key=lambda e: (e.start, e.end))
    if not events:
        tz = plan.phase[0].tz if plan.phase else "UTC"
        return [(datetime.min.replace(tzinfo=UTC), tz)]
    out = [(datetime.min.replace(tzinfo=UTC), events[0].tz)]
    cur, cur_end = events[0].tz, events[0].end
    for ev in events[1:]:
        if ev.tz == cur:
            cur_end = max(cur_end, ev.end)
            continue
        out.append((min(cur_end, ev.start), ev.tz))
        cur, cur_end = ev.tz, ev.end
    return out


def _span(plan: Plan) -> tuple[datetime, datetime]:
    times: list[datetime] = []
    for ev in plan.events:
        times += [ev.start, ev.end]
    for pd in plan.phase:
        z = get_zone(pd.tz, "phase")
        times.append(datetime.combine(pd.date, time(12), z).astimezone(UTC))
        times += [t for t in (pd.dlmo, pd.cbtmin, pd.dlmo_without_plan) if t is not None]
    if not times:
        raise CircadianError("the plan has no events and no predicted phase to draw")
    return min(times), max(times)


def day_rows(plan: Plan) -> list[Row]:
    """The timeline's rows: local days of where the person is (see the module docstring)."""
    timeline = zone_timeline(plan)
    first, last = _span(plan)
    # from the local midnight before the first item to the one after the last
    starts = [t for t, _ in timeline]
    z0 = get_zone(timeline[bisect_right(starts, first) - 1][1])
    t0 = datetime.combine(first.astimezone(z0).date(), time(0), z0).astimezone(UTC)
    zl = get_zone(timeline[bisect_right(starts, last) - 1][1])
    t1 = datetime.combine(last.astimezone(zl).date() + timedelta(days=1), time(0), zl)
    t1 = t1.astimezone(UTC)
    if last >= t1:  # `last` exactly at local midnight
        t1 = last + timedelta(hours=1)
    segs = []
    for i, (a, tz) in enumerate(timeline):
        b = timeline[i + 1][0] if i + 1 < len(timeline) else t1
        a, b = max(a, t0), min(b, t1)
        if b > a:
            segs.append((a, b, tz))
    rows: list[Row] = []
    prev_tz: str | None = None
    for a, b, tz in segs:
        z = get_zone(tz)
        t, seg_start = a, True
        while t < b:
            loc = t.astimezone(z)
            nxt = datetime.combine(loc.date() + timedelta(days=1), time(0), z).astimezone(UTC)
            if nxt <= t:  # a zone whose midnight does not exist; cannot really happen
                nxt = t + timedelta(hours=1)
            e = min(b, nxt)
            x0 = _hours(loc)
            x1 = 24.0 if e == nxt else _hours(e.astimezone(z))
            if x1 <= x0 and e != nxt:  # backward DST jump inside the piece: draw to the end
                x1 = x0
            piece = Piece(t, e, tz, x0, max(x0, x1))
            d = loc.date()
            if not (rows and rows[-1].date == d and x0 >= rows[-1].x_end - 1e-9):
                rows.append(Row(d))
            row = rows[-1]
            if seg_start and prev_tz is not None and tz != prev_tz:
                row.zone_marks.append((x0, tz))
            row.pieces.append(piece)
            t, seg_start = e, False
        prev_tz = tz
    return rows


def locate(rows: Sequence[Row], start: datetime, end: datetime) -> list[tuple[int, float, float]]:
    """Where the UTC interval [start, end) falls: ``[(row index, x0, x1), ...]``."""
    out = []
    for i, row in enumerate(rows):
        for p in row.pieces:
            a, b = max(start, p.start), min(end, p.end)
            if b <= a:
                continue
            z = ZoneInfo(p.tz)
            x0 = p.x0 if a == p.start else _hours(a.astimezone(z))
            x1 = p.x1 if b == p.end else _hours(b.astimezone(z))
            if x1 > x0:
                out.append((i, x0, x1))
    return out


def locate_point(rows: Sequence[Row], t: datetime) -> tuple[int, float] | None:
    """(row index, local hour) of the instant ``t``, or None when outside the rows."""
    for i, row in enumerate(rows):
        for p in row.pieces:
            if p.start <= t < p.end:
                return i, (p.x0 if t == p.start else _hours(t.astimezone(ZoneInfo(p.tz))))
    return None


def _short_zone(tz: str) -> str:
    return tz.rsplit("/", 1)[-1].replace("_", " ")


# ----------------------------------------------------------------------------------------------
# the plan chart
def check_times(plan: Plan) -> None:
    """CircadianError for a naive time or an unknown zone anywhere in ``plan``."""
    for i, ev in enumerate(plan.events):
        to_local(ev.start, ev.tz, f"event {i}")
        to_local(ev.end, ev.tz, f"event {i}")
    for i, pd in enumerate(plan.phase):
        get_zone(pd.tz, f"phase {i}")
        for t in (pd.dlmo, pd.cbtmin, pd.dlmo_without_plan):
            if t is not None:
                to_local(t, pd.tz, f"phase {i}")
    for i, (a, b, tz) in enumerate(plan.daylight):
        to_local(a, tz, f"daylight {i}")
        to_local(b, tz, f"daylight {i}")


def plan_figure(plan: Plan) -> Any:
    """A matplotlib ``Figure`` of ``plan``: the timeline and the phase panel."""
    figure_cls = require_matplotlib()
    check_times(plan)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = day_rows(plan)
    n = len(rows)
    width = 11.0
    timeline_h = 0.34 * n + 0.9
    phase_h = 2.6 if plan.phase else 0.0
    fig = figure_cls(figsize=(width, timeline_h + phase_h + 1.7), layout="constrained")
    if plan.phase:
        gs = fig.add_gridspec(2, 1, height_ratios=[timeline_h, phase_h])
        ax = fig.add_subplot(gs[0])
        ax2 = fig.add_subplot(gs[1])
    else:
        ax, ax2 = fig.add_subplot(1, 1, 1), None

    # daylight and "no local time here" backgrounds
    for i, row in enumerate(rows):
        covered = sorted((p.x0, p.x1) for p in row.pieces)
        x = 0.0
        for a, b in [*covered, (24.0, 24.0)]:
            if a > x + 1e-6:
                ax.broken_barh([(x, a - x)], (i, 1), facecolors=_GAP_COLOUR, edgecolor="none",
                               zorder=0)
            x = max(x, b)
    daylight_drawn = False
    for a, b, _tz in plan.daylight:
        for i, x0, x1 in locate(rows, a, b):
            ax.broken_barh([(x0, x1 - x0)], (i, 1), facecolors=DAYLIGHT_COLOUR,
                           edgecolor="none", zorder=0.5)
            daylight_drawn = True

    # bars
    used: list[str] = []
    for kind, st in BAR_STYLE.items():
        top, bottom = _LANES[st["lane"]]
        spans: dict[int, list[tuple[float, float]]] = {}
        for ev in plan.events:
            if ev.kind != kind:
                continue
            for i, x0, x1 in locate(rows, ev.start, ev.end):
                spans.setdefault(i, []).append((x0, x1 - x0))
        for i, xs in spans.items():
            ax.broken_barh(xs, (i + top, bottom - top), facecolors=st["facecolor"],
                           edgecolors=st["edgecolor"], hatch=st["hatch"] or None, linewidth=0.6,
                           zorder=2)
        if spans:
            used.append(kind)
    # bar labels (flights, shifts) when wide enough
    for ev in plan.events:
        if ev.kind not in ("flight", "shift") or not ev.label:
            continue
        for i, x0, x1 in locate(rows, ev.start, ev.end):
            if x1 - x0 >= 2.5:
                top, bottom = _LANES[0]
                ax.text((x0 + x1) / 2, i + (top + bottom) / 2, ev.label, ha="center",
                        va="center", fontsize=6.5, zorder=4,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.85})
            break

    # markers
    def put(kind: str, t: datetime | None) -> bool:
        if t is None:
            return False
        where = locate_point(rows, t)
        if where is None:
            return False
        i, x = where
        st = MARKER_STYLE[kind]
        top, bottom = _LANES[st["lane"]]
        ax.plot([x], [i + (top + bottom) / 2], linestyle="none", marker=st["marker"],
                color=st["color"], markeredgecolor=st["mec"], markersize=st["ms"],
                markeredgewidth=0.8, zorder=5)
        return True

    for kind in ("melatonin", "caffeine_cutoff"):
        if any([put(kind, ev.start) for ev in plan.events if ev.kind == kind]):
            used.append(kind)
    if any([put("dlmo", pd.dlmo) for pd in plan.phase]):
        used.append("dlmo")
    if any([put("cbtmin", pd.cbtmin) for pd in plan.phase]):
        used.append("cbtmin")

    # zone changes
    for i, row in enumerate(rows):
        for x, tz in row.zone_marks:
            ax.plot([x, x], [i + 0.02, i + 0.98], color=C["black"], linewidth=1.6, zorder=6)
            # left of the mark is the skipped (or already drawn) part of the day: label there
            left = x >= 6.0
            ax.text(x - 0.15 if left else x + 0.15, i + 0.5, f"→ {tz}",
                    ha="right" if left else "left", va="center", fontsize=7, zorder=7,
                    fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": C["black"],
                          "lw": 0.5})

    # axes
    ax.set_xlim(0, 24)
    ax.set_ylim(n, 0)
    ax.set_xticks(range(0, 25, 3))
    ax.set_xticks(range(0, 25, 1), minor=True)
    ax.set_xticklabels([f"{h:02d}:00" for h in range(0, 25, 3)], fontsize=8)
    ax.tick_params(axis="x", top=True, labeltop=True, which="both")
    ax.set_yticks([i + 0.5 for i in range(n)])
    ax.set_yticklabels([_row_label(r) for r in rows], fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", which="major", color="#9A9A9A", linewidth=0.5, zorder=1)
    ax.grid(axis="x", which="minor", color="#DDDDDD", linewidth=0.3, zorder=1)
    ax.set_axisbelow(False)
    for i in range(1, n):
        ax.axhline(i, color="#BBBBBB", linewidth=0.4, zorder=1)
    ax.set_xlabel("Local time where you are", fontsize=8.5)

    handles: list[Any] = []
    for kind in used:
        if kind in BAR_STYLE:
            st = BAR_STYLE[kind]
            handles.append(Patch(facecolor=st["facecolor"], edgecolor=st["edgecolor"],
                                 hatch=st["hatch"] or None, label=st["label"]))
        else:
            st = MARKER_STYLE[kind]
            handles.append(Line2D([], [], linestyle="none", marker=st["marker"],
                                  color=st["color"], markeredgecolor=st["mec"],
                                  markersize=st["ms"], label=st["label"]))
    if daylight_drawn:
        handles.append(Patch(facecolor=DAYLIGHT_COLOUR, edgecolor="#B0A060",
                             label="Outdoor daylight (sunrise–sunset)"))
    if any(r.zone_marks for r in rows):
        handles.append(Line2D([], [], color=C["black"], linewidth=1.6,
                              label="Time-zone change"))
        handles.append(Patch(facecolor=_GAP_COLOUR, edgecolor="none",
                             label="Clock skipped or shown on another row"))
    # the title heads the legend: a suptitle would collide with an "outside" legend
    fig.legend(handles=handles, loc="outside upper center", ncol=min(5, max(1, len(handles))),
               fontsize=7.5, frameon=False, title=_title(plan),
               title_fontproperties={"weight": "bold", "size": 11})
    if ax2 is not None:
        _phase_panel(ax2, plan)
    return fig


def _row_label(row: Row) -> str:
    zones: list[str] = []
    for p in row.pieces:
        abbr = p.start.astimezone(ZoneInfo(p.tz)).tzname() or p.tz
        if not zones or zones[-1] != abbr:
            zones.append(abbr)
    return f"{row.date:%a %d %b}  {'→'.join(zones)}"


def _title(plan: Plan) -> str:
    s = plan.summary
    title = plan.title or "circadian plan"
    bits = []
    if s.direction != "none":
        bits.append(f"{s.direction} the body clock")
    if s.days_to_adapt is not None and math.isfinite(s.days_to_adapt):
        without = s.days_to_adapt_without_plan
        bits.append(f"adapted in {s.days_to_adapt:g} days"
                    + (f" ({without:g} without the plan)" if without is not None
                       and math.isfinite(without) else ""))
    return title + (" — " + ", ".join(bits) if bits else "")


def _clock_window(values: Sequence[float]) -> float:
    """Lower edge of a 24 h window of clock hours centred on the values' circular mean."""
    if not values:
        return 12.0
    sx = sum(math.cos(v / 24 * 2 * math.pi) for v in values)
    sy = sum(math.sin(v / 24 * 2 * math.pi) for v in values)
    mean = (math.atan2(sy, sx) / (2 * math.pi) * 24) % 24
    return math.floor(mean - 12.0)


def dlmo_nights(plan: Plan) -> tuple[float, list[tuple[date, float, str]],
                                     list[tuple[date, float, str]]]:
    """The predicted DLMOs as ``(evening date, local clock hour, zone)``, with the plan and
    without it, plus the lower edge ``lo`` of the 24 h window the hours are put in.

    Hours lie in [lo, lo + 24), a window centred on the circular mean of all of them, so a DLMO
    just after midnight stays next to one just before it (e.g. 24.5 rather than 0.5) and
    belongs to the evening before (its "evening date")."""
    raw: list[tuple[int, datetime, str]] = []
    for pd in plan.phase:
        for k, t in ((0, pd.dlmo), (1, pd.dlmo_without_plan)):
            if t is not None:
                raw.append((k, t.astimezone(ZoneInfo(pd.tz)), pd.tz))
    lo = _clock_window([_hours(loc) for _, loc, _ in raw])
    out: tuple[list[tuple[date, float, str]], list[tuple[date, float, str]]] = ([], [])
    for k, loc, tz in raw:
        v = _hours(loc)
        y = lo + (v - lo) % 24
        out[k].append((loc.date() - timedelta(days=round((y - v) / 24)), y, tz))
    return lo, sorted(set(out[0])), sorted(set(out[1]))


def _phase_panel(ax: Any, plan: Plan) -> None:
    _lo, with_plan, without = dlmo_nights(plan)

    def series(points: list[tuple[date, float, str]]) -> tuple[list[float], list[float]]:
        xs: list[float] = []
        ys: list[float] = []
        for d, y, _tz in points:
            if xs and d.toordinal() - xs[-1] > 1:  # a missing evening: break the line
                xs.append(math.nan)
                ys.append(math.nan)
            xs.append(d.toordinal())
            ys.append(y)
        return xs, ys

    ax.plot(*series(with_plan), color=C["vermillion"], linewidth=2, marker="^",
            markersize=6, markerfacecolor=C["yellow"], markeredgecolor=C["black"],
            label="Predicted DLMO with the plan")
    if without:
        ax.plot(*series(without), color="#6E6E6E", linewidth=1.5, linestyle="--", marker="^",
                markersize=6, markerfacecolor="white", markeredgecolor="#6E6E6E",
                label="without the plan")
    for (d0, _y0, tz0), (d1, _y1, tz1) in zip(with_plan, with_plan[1:], strict=False):
        if tz1 != tz0:
            x = (d0.toordinal() + d1.toordinal()) / 2
            ax.axvline(x, color=C["black"], linewidth=1.2, linestyle=":")
            ax.text(x + 0.05, 1.0, f"→ {_short_zone(tz1)}", transform=ax.get_xaxis_transform(),
                    fontsize=7, va="top")
    days = sorted({d for d, _, _ in with_plan + without})
    if days:
        first, last = days[0].toordinal(), days[-1].toordinal()
        ax.set_xlim(first - 0.5, last + 0.5)
        step = max(1, math.ceil((last - first + 1) / 16))
        ticks = list(range(first, last + 1, step))
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{date.fromordinal(t):%a %d %b}" for t in ticks], fontsize=7.5)
    vals = [y for _, y, _ in with_plan + without]
    if vals:
        ymin, ymax = math.floor(min(vals)) - 1, math.ceil(max(vals)) + 1
        ax.set_ylim(ymax, ymin)  # later clock times lower, as in the timeline
        span = ymax - ymin
        tick = 1 if span <= 6 else 2 if span <= 12 else 3
        yt = list(range(ymin - ymin % tick, ymax + 1, tick))
        ax.set_yticks(yt)
        ax.set_yticklabels([f"{t % 24:02d}:00" for t in yt], fontsize=7.5)
    else:
        ax.text(0.5, 0.5, "no DLMO predicted", transform=ax.transAxes, ha="center")
    ax.grid(color="#DDDDDD", linewidth=0.5)
    ax.set_ylabel("DLMO, local time", fontsize=8.5)
    ax.set_xlabel("Evening of", fontsize=8.5)
    ax.set_title("Predicted dim-light melatonin onset (the body clock's evening), local time",
                 fontsize=9, loc="left")
    if vals:
        ax.legend(fontsize=7.5, loc="best")


# ----------------------------------------------------------------------------------------------
# PRC and simulation plots
def prc_figure(result: Any) -> Any:
    """The light PRC a model predicts (:class:`circadian.prc.PRCResult`)."""
    figure_cls = require_matplotlib()
    from matplotlib.ticker import FuncFormatter

    from circadian.prc import KHALSA_2003_PEAK_TO_TROUGH_H

    fig = figure_cls(figsize=(8, 4.8), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    pairs = sorted(zip(_signed(result.hours_after_cbtmin), result.shift_h, strict=True))
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    ax.axhline(0, color="#888888", linewidth=0.8)
    ax.axvline(0, color="#888888", linewidth=0.8, linestyle=":")
    ax.plot(xs, ys, color=C["blue"], linewidth=2, marker="o", markersize=3.5,
            label=f"{result.model}: {result.lux:g} lux for {result.duration_h:g} h")
    adv, dl = result.peak_advance, result.peak_delay
    ax.plot([_signed1(adv[0])], [adv[1]], marker="^", color=C["orange"], markeredgecolor="k",
            linestyle="none", markersize=9, label=f"peak advance {adv[1]:+.2f} h")
    ax.plot([_signed1(dl[0])], [dl[1]], marker="v", color=C["vermillion"], markeredgecolor="k",
            linestyle="none", markersize=9, label=f"peak delay {dl[1]:+.2f} h")
    ax.set_xlim(-12, 12)
    ax.set_xticks(range(-12, 13, 3))
    ax.set_xlabel("Centre of the light pulse, hours after CBTmin")
    ax.set_ylabel("Phase shift [h] (advance > 0)")
    off = float(_signed1(result.hours_after_dlmo[0] - result.hours_after_cbtmin[0]))
    top = ax.secondary_xaxis("top", functions=(lambda v: v + off, lambda v: v - off))
    top.set_xticks([v for v in range(math.ceil(off - 12), math.floor(off + 12) + 1)
                    if v % 3 == 0])
    top.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _: f"{_signed1(v):+.0f}" if round(_signed1(v)) else "0"))
    top.set_xlabel("hours after DLMO")
    ax.grid(color="#E0E0E0", linewidth=0.5)
    ax.set_title(
        f"Phase response curve to light (model peak-to-trough {result.peak_to_trough:.2f} h; "
        f"Khalsa et al. 2003: {KHALSA_2003_PEAK_TO_TROUGH_H:g} h)", fontsize=9.5, loc="left")
    ax.legend(fontsize=8, loc="best")
    return fig


#: Digitised published melatonin PRCs shipped in :mod:`circadian.empirical_prc`, by dose [mg].
PUBLISHED_MELATONIN = {0.5: "burgess2010_0.5mg", 3.0: "burgess2008_3mg"}


def melatonin_prc_figure(curves: Sequence[Any]) -> Any:
    """Melatonin PRCs (:class:`circadian.prc_melatonin.MelatoninPRC`, one per dose) with the
    published Burgess curves and their digitised points."""
    figure_cls = require_matplotlib()
    import numpy as np

    from circadian.empirical_prc import load_points, published_prc

    fig = figure_cls(figsize=(8, 4.8), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    ax.axhline(0, color="#888888", linewidth=0.8)
    ax.axvline(0, color="#888888", linewidth=0.8, linestyle=":")
    colours = [C["blue"], C["vermillion"], C["bluish_green"], C["reddish_purple"],
               C["orange"], C["sky_blue"]]
    styles = ["-", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]
    for k, c in enumerate(curves):
        pairs = sorted(zip(_signed(c.hours_after_dlmo), c.shift_h, strict=True))
        ax.plot([p[0] for p in pairs], [p[1] for p in pairs], color=colours[k % len(colours)],
                linestyle=styles[k % len(styles)], linewidth=2,
                label=f"{c.model}: {c.dose_mg:g} mg × {c.n_doses} days")
    grey = {0.5: ("#555555", "o", "--"), 3.0: ("#000000", "s", ":")}
    grid = np.linspace(-12, 12, 241)
    for dose, name in PUBLISHED_MELATONIN.items():
        colour, marker, ls = grey[dose]
        t, s = load_points(name)
        fit = published_prc(name)
        who = "Burgess 2010" if dose == 0.5 else "Burgess 2008"
        ax.plot(grid, fit(grid % 24), color=colour, linestyle=ls, linewidth=1.3,
                label=f"{who}, {dose:g} mg (fit)")
        ax.plot(_signed(t), s, linestyle="none", marker=marker, markersize=4.5,
                markerfacecolor="white", markeredgecolor=colour,
                label=f"{who}, {dose:g} mg (digitised data)")
    ax.set_xlim(-12, 12)
    ax.set_xticks(range(-12, 13, 3))
    ax.set_xlabel("Time of the pill, hours after DLMO")
    ax.set_ylabel("Phase shift [h] (advance > 0)")
    ax.grid(color="#E0E0E0", linewidth=0.5)
    ax.set_title("Phase response curve to oral melatonin", fontsize=9.5, loc="left")
    ax.legend(fontsize=7.5, loc="best")
    return fig


def simulation_figure(res: Any, light: Any, tz: str | ZoneInfo = "UTC") -> Any:
    """A simulation (:class:`circadian.simulate.SimulationResult`): light over time with the
    phase markers, and the markers' clock time each day."""
    figure_cls = require_matplotlib()
    import matplotlib.dates as mdates
    import numpy as np

    from circadian.timebase import from_hours

    zone = get_zone(tz, "--tz")
    fig = figure_cls(figsize=(11, 6.5), layout="constrained")
    ax, ax2 = fig.subplots(2, 1, height_ratios=[1.3, 1])
    t = np.asarray(light.t_h, dtype=float)
    lux = np.asarray(light.lux, dtype=float)
    # matplotlib dates in the local zone: naive local datetimes avoid converter zone surprises
    loc = [from_hours(h).astimezone(zone).replace(tzinfo=None) for h in t]
    ax.stairs(np.maximum(lux, 0.1), loc, color=C["orange"], fill=True, alpha=0.55,
              baseline=0.1, label="Light [lux]")
    ax.set_yscale("log")
    ax.set_ylim(0.1, max(10.0, float(lux.max()) * 3))
    for seq, st in ((res.dlmo, MARKER_STYLE["dlmo"]), (res.cbtmin, MARKER_STYLE["cbtmin"])):
        xs = [d.astimezone(zone).replace(tzinfo=None) for d in seq]
        xs = [x for x in xs if loc[0] <= x <= loc[-1]]
        for x in xs:
            ax.axvline(x, color="#555555", linewidth=0.5, linestyle=":")
        ax.plot(xs, [ax.get_ylim()[1] / 2.0] * len(xs), linestyle="none", marker=st["marker"],
                color=st["color"], markeredgecolor=st["mec"], markersize=st["ms"],
                label=st["label"])
    ax.set_ylabel("Illuminance [lux]")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_title(f"{res.model.name}: light and predicted phase markers ({zone.key})",
                 fontsize=9.5, loc="left")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(color="#E0E0E0", linewidth=0.5)

    days = res.daily(zone)
    for attr, st, colour in (("dlmo", MARKER_STYLE["dlmo"], C["vermillion"]),
                             ("cbtmin", MARKER_STYLE["cbtmin"], C["blue"])):
        pts = [(d.date, getattr(d, attr)) for d in days if getattr(d, attr) is not None]
        xs = [datetime.combine(d, time(0)) for d, _ in pts]
        ys = [_hours(v) for _, v in pts]
        ax2.plot(xs, ys, color=colour, linewidth=1.2, marker=st["marker"],
                 markerfacecolor=st["color"], markeredgecolor=st["mec"], markersize=st["ms"],
                 label=st["label"])
    ax2.set_ylim(24, 0)
    ax2.set_yticks(range(0, 25, 3))
    ax2.set_yticklabels([f"{h:02d}:00" for h in range(0, 25, 3)])
    ax2.set_ylabel(f"Clock time ({zone.key})")
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax2.legend(fontsize=8, loc="best")
    ax2.grid(color="#E0E0E0", linewidth=0.5)
    return fig


def _signed(h: Any) -> Any:
    import numpy as np

    return (np.asarray(h, dtype=float) + 12.0) % 24.0 - 12.0


def _signed1(h: float) -> float:
    return (float(h) + 12.0) % 24.0 - 12.0


# ----------------------------------------------------------------------------------------------
# output
def figure_bytes(fig: Any, fmt: str) -> bytes | str:
    """PNG bytes or SVG text of ``fig``, reproducibly (no timestamps, fixed ids)."""
    import matplotlib

    if fmt not in IMAGE_FORMATS:
        raise CircadianError(f"unknown picture format {fmt!r} (choose png or svg)")
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "circadian", "svg.fonttype": "path"}):
        if fmt == "png":
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return buf.getvalue()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue().decode("utf-8")


def plan_image(plan: Plan, fmt: str) -> bytes | str:
    """The plan chart as PNG bytes or SVG text."""
    return figure_bytes(plan_figure(plan), fmt)


def format_for_path(path: str) -> str:
    """"png" or "svg" from a file name's suffix; CircadianError for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in IMAGE_FORMATS:
        raise CircadianError("the picture file name must end in .png or .svg", path)
    return suffix


def save(fig: Any, path: str, force: bool = False, inputs: Sequence[str] = ()) -> None:
    """Write ``fig`` to ``path`` (.png or .svg) atomically; refuses to overwrite unless
    ``force`` (see :func:`circadian.fileio.write_output`)."""
    from circadian.fileio import write_output

    write_output(path, figure_bytes(fig, format_for_path(path)), force=force, inputs=inputs)


def svg_for_html(svg: str, label: str) -> str:
    """SVG text made fit to embed inline in HTML: no XML prolog, metadata or namespace URLs,
    scaled to the page width."""
    svg = re.sub(r"^.*?(?=<svg\b)", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'(<svg\b[^>]*?)\s+width="[^"]*"\s+height="[^"]*"', r"\1", svg, count=1)
    from html import escape

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1).strip()
