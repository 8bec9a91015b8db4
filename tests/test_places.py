"""Airport look-up: IATA keys, feet -> metres, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from circadian.errors import CircadianError
from circadian.places import Place, airport, great_circle_km


def test_sfo_by_iata_case_insensitive() -> None:
    p = airport(" sfo ")
    assert p.code == "SFO"
    assert p.tz == "America/Los_Angeles"
    assert p.city == "San Francisco"
    assert p.country == "US"
    assert p.lat_deg == pytest.approx(37.62, abs=0.02)
    assert p.lon_deg == pytest.approx(-122.38, abs=0.02)


def test_elevation_is_converted_from_feet_to_metres() -> None:
    # Kathmandu Tribhuvan airport: 1,338 m (4,390 ft) above sea level (AIP Nepal).
    assert airport("KTM").elevation_m == pytest.approx(1338, abs=5)
    # Santiago SCL: 474 m (1,555 ft).
    assert airport("SCL").elevation_m == pytest.approx(474, abs=5)


def test_icao_table_is_not_used_by_mistake() -> None:
    # "LHR" is an IATA code; in the ICAO-keyed table there is no such key, and EGLL is ICAO.
    assert airport("LHR").name.startswith("London Heathrow")
    with pytest.raises(CircadianError, match="ICAO.*LHR"):
        airport("EGLL")


@pytest.mark.parametrize(("code", "members"), [("NYC", "JFK"), ("LON", "LHR"), ("TYO", "HND")])
def test_city_codes_are_explained(code: str, members: str) -> None:
    with pytest.raises(CircadianError, match=f"city code.*{members}"):
        airport(code)


def test_unknown_code_suggests_close_codes() -> None:
    with pytest.raises(CircadianError, match="unknown airport code SFX; did you mean") as e:
        airport("SFX", "trip.toml: flight 1, from")
    assert str(e.value).startswith("trip.toml: flight 1, from: ")


@pytest.mark.parametrize("bad", ["", "S", "S1O", "SFOO", "  ", 123, None])
def test_malformed_codes_raise(bad: object) -> None:
    with pytest.raises(CircadianError):
        airport(bad)  # type: ignore[arg-type]


def test_lookups_are_cached() -> None:
    from circadian.places import _iata_table

    airport("LHR")
    before = _iata_table.cache_info().misses
    airport("JFK")
    airport("SYD")
    assert _iata_table.cache_info().misses == before


def test_place_validates_coordinates_and_zone() -> None:
    with pytest.raises(CircadianError, match="latitude"):
        Place("X", "x", "", "", 91.0, 0.0, 0.0, "UTC")
    with pytest.raises(CircadianError, match="unknown time zone"):
        Place("X", "x", "", "", 10.0, 0.0, 0.0, "Mars/Olympus_Mons")
    p = Place("HOME", "Home", "Oslo", "NO", 59.9, 10.7, 20.0, "Europe/Oslo")
    assert p.zone.key == "Europe/Oslo"


def test_great_circle_distance() -> None:
    # SFO-LHR great circle: 8,640 km (5,369 mi; gcmap.com).
    assert great_circle_km(airport("SFO"), airport("LHR")) == pytest.approx(8640, rel=0.01)
    assert great_circle_km(airport("LHR"), airport("LHR")) == 0.0


@given(st.text(max_size=8))
def test_any_text_is_an_airport_or_a_circadian_error(text: str) -> None:
    try:
        p = airport(text)
    except CircadianError:
        return
    assert p.code == text.strip().upper()
