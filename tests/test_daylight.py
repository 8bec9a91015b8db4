"""Solar elevation, daylight intervals and outdoor light, checked against astral and almanacs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import astral
import astral.sun
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circadian.daylight import (
    avoid_light_aid,
    daylight_fraction,
    daylight_intervals,
    is_daylight,
    light_source,
    outdoor_lux_estimate,
    solar_elevation_deg,
)
from circadian.errors import CircadianError
from circadian.places import airport

LONDON = (51.5074, -0.1278)


def day(y: int, m: int, d: int) -> tuple[datetime, datetime]:
    a = datetime(y, m, d, tzinfo=UTC)
    return a, a + timedelta(days=1)


def total_h(spans: list[tuple[datetime, datetime]]) -> float:
    return sum((b - a).total_seconds() for a, b in spans) / 3600


@settings(max_examples=300)
@given(
    lat=st.floats(-89.9, 89.9),
    lon=st.floats(-180, 180),
    t=st.datetimes(datetime(1950, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
)
def test_matches_astral_within_a_tenth_of_a_degree(lat: float, lon: float, t: datetime) -> None:
    t = t.replace(microsecond=0)  # astral drops fractions of a second
    ours = float(solar_elevation_deg((lat, lon), t))
    theirs = astral.sun.elevation(astral.Observer(lat, lon), t)
    assert ours == pytest.approx(theirs, abs=0.1)


def test_time_inputs_agree() -> None:
    ts = [datetime(2026, 12, 1, h, tzinfo=UTC) for h in range(24)]
    a = solar_elevation_deg(LONDON, ts)
    b = solar_elevation_deg(
        LONDON, np.array([t.replace(tzinfo=None) for t in ts], dtype="datetime64[us]")
    )
    c = solar_elevation_deg(LONDON, np.array([t.timestamp() for t in ts]))
    assert a.shape == (24,)
    np.testing.assert_allclose(a, b, atol=1e-9)
    np.testing.assert_allclose(a, c, atol=1e-9)


def test_naive_times_are_refused() -> None:
    with pytest.raises(CircadianError, match="no time zone"):
        solar_elevation_deg(LONDON, datetime(2026, 12, 1, 12))


def test_london_midsummer_and_midwinter_day_length() -> None:
    # HM Nautical Almanac Office / timeanddate.com, London 2026: 21 Jun sunrise 04:43 BST,
    # sunset 21:21 BST (16 h 38 min); 21 Dec sunrise 08:04 GMT, sunset 15:53 GMT (7 h 49 min).
    summer = daylight_intervals(LONDON, *day(2026, 6, 21))
    winter = daylight_intervals(LONDON, *day(2026, 12, 21))
    assert len(summer) == len(winter) == 1
    assert total_h(summer) == pytest.approx(16 + 38 / 60, abs=3 / 60)
    assert total_h(winter) == pytest.approx(7 + 49 / 60, abs=3 / 60)
    sunrise = summer[0][0]
    assert abs(sunrise - datetime(2026, 6, 21, 3, 43, tzinfo=UTC)) < timedelta(minutes=2)
    assert abs(winter[0][1] - datetime(2026, 12, 21, 15, 53, tzinfo=UTC)) < timedelta(minutes=2)


def test_tromso_polar_night_and_midnight_sun_do_not_raise() -> None:
    tos = airport("TOS")  # 69.7° N
    with pytest.raises(ValueError):  # what we avoid: astral's sunrise raises here
        astral.sun.sunrise(astral.Observer(tos.lat_deg, tos.lon_deg), datetime(2026, 12, 21).date())
    assert daylight_intervals(tos, *day(2026, 12, 21)) == []
    start, end = day(2026, 6, 21)
    assert daylight_intervals(tos, start, end) == [(start, end)]
    # The polar night still has civil twilight around noon (sun about 3° below the horizon).
    twilight = daylight_intervals(tos, start - timedelta(days=182), end - timedelta(days=182), -6)
    assert 1 <= total_h(twilight) <= 6
    assert not is_daylight(tos, datetime(2026, 12, 21, 11, tzinfo=UTC))
    assert is_daylight(tos, datetime(2026, 6, 21, 23, tzinfo=UTC))  # midnight sun


@pytest.mark.parametrize("month", [3, 6, 9, 12])
def test_equator_has_about_twelve_hours_all_year(month: int) -> None:
    # At the equator day length is 12 h plus ~7 min from refraction and the sun's disc.
    spans = daylight_intervals((0.0, 30.0), *day(2026, month, 21))
    assert 12.0 <= total_h(spans) <= 12.25


def test_southern_hemisphere_seasons_are_reversed() -> None:
    syd = airport("SYD")
    assert total_h(daylight_intervals(syd, *day(2026, 12, 21))) > 14
    assert total_h(daylight_intervals(syd, *day(2026, 6, 21))) < 10.5


def test_intervals_are_clipped_and_fraction_matches() -> None:
    a = datetime(2026, 12, 21, 12, tzinfo=UTC)
    spans = daylight_intervals(LONDON, a, a + timedelta(hours=8))
    assert spans[0][0] == a
    assert spans[0][1].hour == 15
    assert daylight_fraction(LONDON, a, a + timedelta(hours=8)) == pytest.approx(total_h(spans) / 8)
    with pytest.raises(CircadianError, match="not after"):
        daylight_intervals(LONDON, a, a)


def test_outdoor_lux_estimate_is_physically_sensible() -> None:
    h = np.linspace(-20, 90, 221)
    lux = outdoor_lux_estimate(h)
    assert np.all(np.diff(lux) >= 0)  # brighter as the sun climbs
    assert outdoor_lux_estimate(60.0) == pytest.approx(100_000, rel=0.2)  # bright sun ~100 klx
    assert outdoor_lux_estimate(30.0) > 10_000
    assert 100 <= outdoor_lux_estimate(0.0) <= 1000  # sunset
    assert 1 <= outdoor_lux_estimate(-6.0) <= 10  # end of civil twilight ~3 lux
    assert outdoor_lux_estimate(-18.0) < 0.01
    assert np.all(outdoor_lux_estimate(h, "overcast") <= lux + 1e-9)
    with pytest.raises(CircadianError):
        outdoor_lux_estimate(10.0, "foggy")  # type: ignore[arg-type]


def test_light_source_and_avoid_light_aid() -> None:
    noon = datetime(2026, 12, 21, 12, tzinfo=UTC)
    assert light_source(LONDON, noon, noon + timedelta(minutes=30)) == "daylight"
    evening = datetime(2026, 12, 21, 19, tzinfo=UTC)
    assert light_source(LONDON, evening, evening + timedelta(minutes=30)) == "light box"
    tos = airport("TOS")
    midnight_sun = datetime(2026, 6, 21, 22, tzinfo=UTC)  # local midnight, sun up
    assert avoid_light_aid(tos, midnight_sun, midnight_sun + timedelta(hours=2)) == "dark glasses"
    assert avoid_light_aid(LONDON, evening, evening + timedelta(hours=2)) == "dim room"
