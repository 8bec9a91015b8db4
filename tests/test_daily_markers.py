"""Daily phase markers: one row per local evening, none lost when the clock crosses midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from circadian.simulate import group_daily

LONDON = ZoneInfo("Europe/London")


def _at(y: int, m: int, d: int, hh: int, mm: int = 0, z: ZoneInfo = LONDON) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=z).astimezone(UTC)


def test_dlmo_moving_past_midnight_keeps_its_evening():
    """Night work delays DLMO from 22:58 to 00:06 and it comes back to 23:48: calendar dates
    would leave Fri without a DLMO and drop Mon's; evenings keep every one."""
    dlmo = [_at(2027, 3, 25, 22, 58), _at(2027, 3, 27, 0, 6), _at(2027, 3, 28, 2, 11),
            _at(2027, 3, 29, 0, 55), _at(2027, 3, 29, 23, 48)]
    cbt = [d + timedelta(hours=7) for d in dlmo]
    rows = group_daily(dlmo, cbt, LONDON)
    assert [r.date for r in rows] == [date(2027, 3, 25) + timedelta(days=k) for k in range(5)]
    for r, d, c in zip(rows, dlmo, cbt, strict=True):
        assert r.dlmo == d and r.cbtmin == c
        assert r.dlmo.tzinfo is LONDON and r.cbtmin > r.dlmo


def test_cbtmin_without_its_dlmo_goes_to_the_evening_before():
    rows = group_daily([], [_at(2026, 12, 2, 4, 30)], LONDON)
    assert rows[0].date == date(2026, 12, 1) and rows[0].dlmo is None


@given(st.integers(-60, 480), st.lists(st.integers(-45, 45), min_size=2, max_size=9),
       st.sampled_from(["Europe/London", "Pacific/Chatham", "America/St_Johns", "UTC"]))
def test_no_marker_lost_while_the_clock_drifts(start_min, drift, zone):
    """DLMOs about a day apart, starting 19:00-04:00 and drifting up to 45 min a day (so they
    stay well away from local noon, where evenings are cut), and their CBTmins 7 h later:
    every marker appears once, on consecutive evenings."""
    z = ZoneInfo(zone)
    t = datetime(2027, 3, 20, 20, 0, tzinfo=z).astimezone(UTC) + timedelta(minutes=start_min)
    dlmo = []
    for d in drift:
        dlmo.append(t)
        t += timedelta(hours=24, minutes=d)
    cbt = [d + timedelta(hours=7) for d in dlmo]
    rows = group_daily(dlmo, cbt, z)
    assert [r.dlmo for r in rows] == dlmo
    assert [r.cbtmin for r in rows] == cbt
    days = [r.date for r in rows]
    assert all(b - a == timedelta(days=1) for a, b in zip(days, days[1:], strict=False))
