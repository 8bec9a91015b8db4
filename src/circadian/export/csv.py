"""CSV plan: one row per event, and a phase series (one row per local date).

Local times are ISO 8601 with the offset of the row's zone; UTC times end in ``Z``; empty
cells mean "none". Rows end with ``\\n``.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from circadian.export import to_local
from circadian.plan import Plan

EVENT_COLUMNS = (
    "kind", "start_local", "end_local", "tz", "start_utc", "end_utc",
    "dose_mg", "source", "label", "note",
)
PHASE_COLUMNS = ("date", "dlmo", "cbtmin", "dlmo_without_plan")


def render(plan: Plan) -> str:
    """One CSV row per event, columns :data:`EVENT_COLUMNS`."""
    rows = []
    for i, ev in enumerate(plan.events):
        where = f"event {i}"
        rows.append([
            ev.kind,
            to_local(ev.start, ev.tz, where).isoformat(),
            to_local(ev.end, ev.tz, where).isoformat(),
            ev.tz,
            _utc(to_local(ev.start, "UTC", where)),
            _utc(to_local(ev.end, "UTC", where)),
            "" if ev.dose_mg is None else f"{ev.dose_mg:g}",
            ev.source,
            ev.label,
            ev.note,
        ])
    return _table(EVENT_COLUMNS, rows)


def render_phase_csv(plan: Plan) -> str:
    """One CSV row per phase day, columns :data:`PHASE_COLUMNS`, times in that day's zone."""
    rows = []
    for i, pd in enumerate(plan.phase):
        where = f"phase {i}"
        cells = [pd.date.isoformat()]
        for dt in (pd.dlmo, pd.cbtmin, pd.dlmo_without_plan):
            cells.append("" if dt is None else to_local(dt, pd.tz, where).isoformat())
        rows.append(cells)
    return _table(PHASE_COLUMNS, rows)


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
