"""The one place that converts between aware datetimes and the float hours used in the numerics.

Inside the integrator time is float hours since the Unix epoch (UTC); float64 keeps that to
well under a microsecond for the next few centuries.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from circadian.errors import CircadianError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_hours(dt: datetime, where: str | None = None) -> float:
    """Aware datetime -> hours since the Unix epoch."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise CircadianError(f"time {dt.isoformat()} has no time zone or UTC offset", where)
    return (dt - _EPOCH) / timedelta(hours=1)


def from_hours(h: float) -> datetime:
    """Hours since the Unix epoch -> aware UTC datetime (rounded to the microsecond)."""
    return _EPOCH + timedelta(microseconds=round(float(h) * 3.6e9))


def hours_array(dts: list[datetime]) -> NDArray[np.float64]:
    return np.array([to_hours(d) for d in dts], dtype=float)
