"""Light schedules: piecewise-constant illuminance [lux] over aware UTC time.

A schedule is a sorted list of change points; each level holds until the next change and the
last one holds until ``end``. Build one from intervals (later intervals win where they overlap)
or read one from CSV (``time,lux`` header; ISO 8601 times with an offset or ``Z``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from circadian.errors import CircadianError
from circadian.timebase import from_hours, to_hours

#: Illuminance of a typical day awake indoors with some time outside [lux]. Used to entrain a
#: model to a habitual sleep schedule when no light data are given; with it the models put
#: DLMO about 2 h before habitual sleep, as measured (Burgess 2003; Martin & Eastman 2002).
HABITUAL_WAKE_LUX = 700.0
#: Largest illuminance accepted from a light file [lux]: ten times full sunlight (~100,000
#: lux). Larger values are unit mistakes, and near the float limit the models overflow.
MAX_FILE_LUX = 1e6
DIM_LUX = 5.0  # dim room (< 10 lux), as in constant-routine protocols (Khalsa 2003: 2-7 lux)


@dataclass(frozen=True)
class LightSchedule:
    """Piecewise-constant light. ``t_h`` change points (epoch hours, len m + 1 with the end),
    ``lux`` the level on each of the m pieces."""

    t_h: NDArray[np.float64]
    lux: NDArray[np.float64]

    def __post_init__(self) -> None:
        t = np.asarray(self.t_h, dtype=float)
        v = np.asarray(self.lux, dtype=float)
        if t.ndim != 1 or v.ndim != 1 or t.size != v.size + 1 or v.size == 0:
            raise CircadianError("a light schedule needs at least one interval")
        if np.any(np.diff(t) <= 0):
            raise CircadianError("light schedule times must increase")
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise CircadianError("illuminance must be a finite number >= 0 lux")
        object.__setattr__(self, "t_h", t)
        object.__setattr__(self, "lux", v)

    @property
    def start(self) -> datetime:
        return from_hours(self.t_h[0])

    @property
    def end(self) -> datetime:
        return from_hours(self.t_h[-1])

    def lux_at(self, when: datetime | float) -> float:
        """Illuminance at ``when`` (aware datetime or epoch hours); 0 outside the schedule."""
        h = when if isinstance(when, float) else to_hours(when)
        if h < self.t_h[0] or h >= self.t_h[-1]:
            return 0.0
        return float(self.lux[np.searchsorted(self.t_h, h, side="right") - 1])

    def sample(self, t_h: NDArray[np.float64]) -> NDArray[np.float64]:
        """Illuminance on each step starting at ``t_h`` (epoch hours); 0 outside."""
        idx = np.searchsorted(self.t_h, t_h, side="right") - 1
        inside = (idx >= 0) & (idx < self.lux.size)
        out = np.where(inside, self.lux[np.clip(idx, 0, self.lux.size - 1)], 0.0)
        return out.astype(float)

    def window(self, start_h: float, end_h: float) -> LightSchedule:
        """The part of the schedule between two epoch hours (dark where it has no data)."""
        inner = self.t_h[(self.t_h > start_h) & (self.t_h < end_h)]
        t = np.concatenate(([start_h], inner, [end_h]))
        return LightSchedule(t, self.sample(t[:-1]))

    @classmethod
    def from_intervals(
        cls,
        intervals: Iterable[tuple[datetime, datetime, float]],
        start: datetime,
        end: datetime,
        background_lux: float = 0.0,
    ) -> LightSchedule:
        """Background light from ``start`` to ``end`` with intervals laid over it in order."""
        s, e = to_hours(start), to_hours(end)
        if e <= s:
            raise CircadianError("light schedule end must be after its start")
        items = [(to_hours(a), to_hours(b), float(v)) for a, b, v in intervals]
        return cls.from_hour_intervals(items, s, e, background_lux)

    @classmethod
    def from_hour_intervals(
        cls,
        intervals: Iterable[tuple[float, float, float]],
        start_h: float,
        end_h: float,
        background_lux: float = 0.0,
    ) -> LightSchedule:
        items = [(a, b, v) for a, b, v in intervals]
        for _a, _b, v in items:
            if not (math.isfinite(v) and v >= 0):
                raise CircadianError(f"illuminance must be >= 0 lux, got {v}")
        pts = {start_h, end_h}
        for a, b, _ in items:
            if b > a:
                pts.update(x for x in (a, b) if start_h < x < end_h)
        t = np.array(sorted(pts))
        lux = np.full(t.size - 1, float(background_lux))
        mids = 0.5 * (t[:-1] + t[1:])
        for a, b, v in items:
            lux[(mids >= a) & (mids < b)] = v
        # merge equal neighbours
        keep = np.concatenate(([True], lux[1:] != lux[:-1]))
        return cls(np.concatenate((t[:-1][keep], [t[-1]])), lux[keep])


def daily_schedule(
    start: datetime,
    days: int,
    tz: str,
    sleep_start: time,
    sleep_end: time,
    wake_lux: float = HABITUAL_WAKE_LUX,
    sleep_lux: float = 0.0,
) -> LightSchedule:
    """Habitual days: ``wake_lux`` awake, ``sleep_lux`` in bed from local ``sleep_start`` to
    ``sleep_end`` (in zone ``tz``)."""
    from zoneinfo import ZoneInfo

    z = ZoneInfo(tz)
    local0 = start.astimezone(z)
    items = []
    for d in range(-1, days + 1):
        day = (local0 + timedelta(days=d)).date()
        a = datetime.combine(day, sleep_start, tzinfo=z)
        b = datetime.combine(day, sleep_end, tzinfo=z)
        if b <= a:
            b = datetime.combine(day + timedelta(days=1), sleep_end, tzinfo=z)
        items.append((a, b, sleep_lux))
    return LightSchedule.from_intervals(items, start, start + timedelta(days=days), wake_lux)


def read_light_csv(path: str | Path) -> LightSchedule:
    """Read a ``time,lux`` CSV. Each row holds until the next; the last row holds for the
    median sampling interval. Errors name the file and line."""
    p = Path(path)
    where = str(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CircadianError(f"cannot read file: {exc.strerror or exc}", where) from None
    if b"\x00" in raw[:4096]:
        raise CircadianError("not a text CSV file (binary data)", where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CircadianError("not UTF-8 text", where) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = iter(list(reader))
    except csv.Error as exc:  # e.g. a stray carriage return inside a field
        raise CircadianError(f"not valid CSV: {exc}", f"{where}:{reader.line_num}") from None
    try:
        header = next(rows)
    except StopIteration:
        raise CircadianError("empty file (expected a header line 'time,lux')", where) from None
    cols = [c.strip().lower() for c in header]
    if "time" not in cols or "lux" not in cols:
        raise CircadianError(f"line 1: expected header 'time,lux', got {','.join(header)!r}",
                             where)
    it, il = cols.index("time"), cols.index("lux")
    times: list[float] = []
    levels: list[float] = []
    for lineno, row in enumerate(rows, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        loc = f"{where}:{lineno}"
        if len(row) <= max(it, il):
            raise CircadianError("row has too few columns", loc)
        if len(row) > len(cols):
            raise CircadianError(
                f"row has {len(row)} fields but the header names {len(cols)} (a decimal comma? "
                "write 1.5, not 1,5)", loc)
        ts, ls = row[it].strip(), row[il].strip()
        iso = ts[:-1] + "+00:00" if ts.endswith(("Z", "z")) else ts
        try:
            dt = datetime.fromisoformat(iso)
        except ValueError:
            raise CircadianError(f"cannot read time {ts!r} (ISO 8601 expected)", loc) from None
        if dt.tzinfo is None:
            raise CircadianError(
                f"time {ts!r} has no UTC offset (write e.g. {ts}Z or {ts}+01:00)", loc
            )
        try:
            v = float(ls)
        except ValueError:
            raise CircadianError(f"lux {ls!r} is not a number", loc) from None
        if not math.isfinite(v) or v < 0:
            raise CircadianError(f"lux must be a finite number >= 0, got {ls}", loc)
        if v > MAX_FILE_LUX:
            raise CircadianError(
                f"lux {ls} is above any real light (full sun is about 100,000 lux); "
                "check the column's units", loc)
        h = to_hours(dt)
        if times and h <= times[-1]:
            raise CircadianError(
                f"time {ts} is not after the previous row's (rows must be sorted, no repeats)",
                loc,
            )
        times.append(h)
        levels.append(v)
    if len(times) < 2:
        raise CircadianError("needs at least two rows of light data", where)
    step = float(np.median(np.diff(times)))
    return LightSchedule(np.array([*times, times[-1] + step]), np.array(levels))
