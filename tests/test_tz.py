"""Time-zone edges, checked against the IANA tz database (tzdata).

Transition dates are from the tz database for 2026 (verified in zoneinfo): US clocks change on
8 Mar and 1 Nov, the UK on 29 Mar and 25 Oct, Sydney/Adelaide on 5 Apr and 4 Oct, Chatham on
5 Apr and 27 Sep, Santiago on 4/5 Apr (24:00 -> 23:00) and 6 Sep (00:00 -> 01:00).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circadian.errors import CircadianError
from circadian.itinerary import parse_flight_spec
from circadian.tz import is_fold, is_gap, localize, parse_local, to_utc


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "wall"),
    [
        ("America/New_York", datetime(2026, 3, 8, 2, 30)),
        ("America/Los_Angeles", datetime(2026, 3, 8, 2, 0)),
        ("Europe/London", datetime(2026, 3, 29, 1, 30)),
        ("Europe/Paris", datetime(2026, 3, 29, 2, 59)),
        ("Australia/Sydney", datetime(2026, 10, 4, 2, 30)),
        ("Australia/Adelaide", datetime(2026, 10, 4, 2, 15)),
        ("Pacific/Chatham", datetime(2026, 9, 27, 3, 0)),
        ("America/Santiago", datetime(2026, 9, 6, 0, 30)),
    ],
)
def test_spring_forward_gaps_raise(zone: str, wall: datetime) -> None:
    assert is_gap(wall, ZoneInfo(zone))
    with pytest.raises(CircadianError, match=f"does not exist in {zone}"):
        localize(wall, zone, "depart")
    shifted = localize(wall, zone, on_gap="shift_forward")
    assert shifted.replace(tzinfo=None) == wall + timedelta(hours=1)


@pytest.mark.parametrize(
    ("zone", "wall", "earlier_utc", "later_utc"),
    [
        (
            "America/New_York",
            datetime(2026, 11, 1, 1, 30),
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 1, 6, 30),
        ),
        (
            "Europe/London",
            datetime(2026, 10, 25, 1, 30),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 30),
        ),
        (
            "Australia/Sydney",
            datetime(2026, 4, 5, 2, 30),
            utc(2026, 4, 4, 15, 30),
            utc(2026, 4, 4, 16, 30),
        ),
        (
            "America/Santiago",
            datetime(2026, 4, 4, 23, 30),
            utc(2026, 4, 5, 2, 30),
            utc(2026, 4, 5, 3, 30),
        ),
        (
            "Pacific/Chatham",
            datetime(2026, 4, 5, 3, 0),
            utc(2026, 4, 4, 13, 15),
            utc(2026, 4, 4, 14, 15),
        ),
    ],
)
def test_fall_back_folds_raise_or_resolve(
    zone: str, wall: datetime, earlier_utc: datetime, later_utc: datetime
) -> None:
    assert is_fold(wall, ZoneInfo(zone))
    with pytest.raises(CircadianError, match="happens twice"):
        localize(wall, zone)
    assert localize(wall, zone, on_fold="earlier").astimezone(UTC) == earlier_utc
    assert localize(wall, zone, on_fold="later").astimezone(UTC) == later_utc


@pytest.mark.parametrize(
    ("zone", "when", "offset_h"),
    [
        ("Australia/Adelaide", datetime(2026, 12, 1, 12), 10.5),
        ("Australia/Adelaide", datetime(2026, 6, 1, 12), 9.5),
        ("Asia/Kathmandu", datetime(2026, 12, 1, 12), 5.75),
        ("Pacific/Chatham", datetime(2026, 12, 1, 12), 13.75),
        ("Pacific/Chatham", datetime(2026, 6, 1, 12), 12.75),
        ("Asia/Kolkata", datetime(2026, 12, 1, 12), 5.5),
        ("Pacific/Kiritimati", datetime(2026, 12, 1, 12), 14.0),
        ("Pacific/Tongatapu", datetime(2026, 12, 1, 12), 13.0),
        ("Pacific/Apia", datetime(2026, 12, 1, 12), 13.0),
        ("Pacific/Pago_Pago", datetime(2026, 12, 1, 12), -11.0),
    ],
)
def test_odd_offsets(zone: str, when: datetime, offset_h: float) -> None:
    local = localize(when, zone)
    assert local.utcoffset() == timedelta(hours=offset_h)
    assert to_utc(local) == (when - timedelta(hours=offset_h)).replace(tzinfo=UTC)


def test_samoa_skipped_30_december_2011() -> None:
    # Samoa moved west of the date line: 29 Dec 2011 23:59 (UTC-10) was followed by 31 Dec 00:00.
    for hour in (0, 12, 23):
        with pytest.raises(CircadianError, match="does not exist in Pacific/Apia"):
            localize(datetime(2011, 12, 30, hour), "Pacific/Apia")
    before = localize(datetime(2011, 12, 29, 23, 59), "Pacific/Apia")
    after = localize(datetime(2011, 12, 31, 0, 0), "Pacific/Apia")
    assert to_utc(after) - to_utc(before) == timedelta(minutes=1)


def test_kiribati_line_islands_skipped_31_december_1994() -> None:
    with pytest.raises(CircadianError, match="does not exist"):
        localize(datetime(1994, 12, 31, 12), "Pacific/Kiritimati")
    assert localize(datetime(1995, 1, 1, 12), "Pacific/Kiritimati").utcoffset() == timedelta(
        hours=14
    )


def test_tonga_and_samoa_are_a_day_ahead_of_american_samoa() -> None:
    # Same instant, same longitudes, different calendar dates either side of the date line.
    t = utc(2026, 12, 1, 0)
    assert t.astimezone(ZoneInfo("Pacific/Tongatapu")).date().day == 1
    assert t.astimezone(ZoneInfo("Pacific/Pago_Pago")).date().day == 30


@pytest.mark.parametrize(
    ("spec", "hours"),
    [
        # US clocks spring forward 8 Mar while airborne: 08:00 GMT -> 11:00 EDT is 7 h, not 8.
        ("LHR 2026-03-08 08:00 -> JFK 2026-03-08 11:00", 7.0),
        # UK springs forward 29 Mar overnight: 19:00 EDT -> 07:00 BST is 7 h.
        ("JFK 2026-03-28 19:00 -> LHR 2026-03-29 07:00", 7.0),
        # US falls back 1 Nov during the flight: 10:00 GMT -> 13:15 PST is 11 h 15 min.
        ("LHR 2026-11-01 10:00 -> LAX 2026-11-01 13:15", 11.25),
        # Sydney springs forward 4 Oct: 21:00 (UTC+8) -> 07:30 AEDT is 7 h 30 min.
        ("SIN 2026-10-03 21:00 -> SYD 2026-10-04 07:30", 7.5),
        # 45-minute offset: Kathmandu 10:00 (+05:45) -> Delhi 11:30 (+05:30) is 1 h 45 min.
        ("KTM 2026-12-01 10:00 -> DEL 2026-12-01 11:30", 1.75),
        # Date line: Auckland Sunday morning to Honolulu Saturday evening.
        ("AKL 2026-12-06 19:30 -> HNL 2026-12-06 05:15", 8.75),
    ],
)
def test_flight_durations_across_clock_changes(spec: str, hours: float) -> None:
    assert parse_flight_spec(spec).duration_h == pytest.approx(hours)


def test_offset_resolves_a_fold() -> None:
    a = parse_local("2026-11-01T01:30-04:00", "America/New_York")
    b = parse_local("2026-11-01T01:30-05:00", "America/New_York")
    assert b - a == timedelta(hours=1)
    with pytest.raises(CircadianError, match="happens twice"):
        parse_local("2026-11-01 01:30", "America/New_York")


ZONES = st.timezones()
NAIVE = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))


@settings(max_examples=500)
@given(NAIVE, ZONES)
def test_localize_round_trips_or_raises(naive: datetime, zone: ZoneInfo) -> None:
    try:
        local = localize(naive, zone)
    except CircadianError:
        assert is_gap(naive, zone) or is_fold(naive, zone)
        return
    assert local.replace(tzinfo=None) == naive
    back = to_utc(local).astimezone(zone)
    assert back.replace(tzinfo=None, fold=0) == naive


@settings(max_examples=200)
@given(st.datetimes(), ZONES)
def test_localize_never_leaks_other_errors(naive: datetime, zone: ZoneInfo) -> None:
    # includes the extremes (year 1 and 9999) where UTC leaves datetime's range
    with contextlib.suppress(CircadianError):
        localize(naive, zone)


@settings(max_examples=300)
@given(st.datetimes(timezones=ZONES, min_value=datetime(2, 1, 1), max_value=datetime(9998, 1, 1)))
def test_parse_local_with_offset_is_exact(aware: datetime) -> None:
    text = aware.isoformat()
    assert parse_local(text, None) == aware.astimezone(UTC)


@pytest.mark.parametrize("windows, iana", [
    ("GMT Standard Time", "Europe/London"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Eastern Standard Time", "America/New_York"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("India Standard Time", "Asia/Calcutta"),
])
def test_windows_zone_names_map_to_iana(windows: str, iana: str) -> None:
    from circadian.tz import get_zone, windows_to_iana

    got = windows_to_iana(windows)
    assert got is not None
    # same rules as the IANA zone expected (CLDR may name an alias, e.g. Asia/Kolkata)
    for when in (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)):
        assert when.astimezone(ZoneInfo(got)).utcoffset() == \
            when.astimezone(ZoneInfo(iana)).utcoffset()
    assert get_zone(windows).key == got
    assert get_zone(f'"{windows}"'.strip('"')).key == got


def test_unknown_zone_names_still_fail() -> None:
    from circadian.tz import get_zone, windows_to_iana

    assert windows_to_iana("Nowhere Standard Time") is None
    with pytest.raises(CircadianError, match="unknown time zone 'Nowhere Standard Time'"):
        get_zone("Nowhere Standard Time")
