"""Flights, trips and the itinerary readers (TOML, JSON, JSON-LD, YAML, CSV, iCalendar)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circadian.errors import CircadianError
from circadian.itinerary import (
    Commitment,
    Flight,
    Trip,
    parse_flight_spec,
    read_itinerary,
    read_itinerary_text,
)
from circadian.person import person_from_mapping
from circadian.places import airport, great_circle_km

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SFO_LHR = [
    "trip-sfo-lhr.toml",
    "trip-sfo-lhr.json",
    "trip-sfo-lhr.yaml",
    "trip-sfo-lhr.csv",
    "trip-sfo-lhr.ics",
]
TRIPS = [
    *SFO_LHR,
    "reservation-sfo-lhr.json",
    "trip-lhr-lax.toml",
    "trip-multileg.toml",
    "trip-lax-akl.toml",
]


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


def flight(o: str, d: str, dep: datetime, arr: datetime, number: str = "") -> Flight:
    return Flight(airport(o), airport(d), dep, arr, number)


def toml_flight(o: str, d: str, dep: str, arr: str, extra: str = "") -> str:
    return f'[[flight]]\nfrom = "{o}"\nto = "{d}"\ndepart = {dep}\narrive = {arr}\n{extra}\n'


SFO_LHR_TOML = toml_flight("SFO", "LHR", '"2026-12-01 17:30"', '"2026-12-02 11:45"')


# --- examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRIPS)
def test_examples_parse_with_realistic_durations(name: str) -> None:
    trip, person, warnings = read_itinerary(EXAMPLES / name)
    assert not [w for w in warnings if "km/h" in w or "leaves from" in w]
    for f in trip.flights:
        # Long-haul airliners average 650-950 km/h gate to gate (great circle / block time).
        kmh = great_circle_km(f.origin, f.dest) / f.duration_h
        assert 650 < kmh < 950, (f.label, kmh)
        assert f.depart > utc(2026, 11, 25)  # after "today"
    if person is not None:
        person_from_mapping(person, name)


@pytest.mark.parametrize("name", SFO_LHR)
def test_sfo_lhr_is_the_same_in_every_format(name: str) -> None:
    trip, _, _ = read_itinerary(EXAMPLES / name)
    (f,) = trip.flights
    assert (f.origin.code, f.dest.code, f.number) == ("SFO", "LHR", "BA286")
    # 17:30 PST (UTC-8) and 11:45 GMT (UTC+0) per the tz database.
    assert (f.depart, f.arrive) == (utc(2026, 12, 2, 1, 30), utc(2026, 12, 2, 11, 45))
    assert f.duration == timedelta(hours=10, minutes=15)


def test_example_person_and_commitment() -> None:
    trip, person, _ = read_itinerary(EXAMPLES / "trip-sfo-lhr.toml")
    p = person_from_mapping(person or {}, "x")
    assert p.sleep_duration_h == 8 and p.home_tz == "America/Los_Angeles"
    (c,) = trip.commitments
    assert c.label == "Board meeting" and c.place is not None and c.place.code == "LHR"
    assert c.start == utc(2026, 12, 3, 9)


def test_date_line_example() -> None:
    trip, _, _ = read_itinerary(EXAMPLES / "trip-lax-akl.toml")
    (f,) = trip.flights
    # Leaves Saturday evening, lands Monday morning, 12 h 45 min later.
    assert f.local_depart().date().isoformat() == "2026-12-05"
    assert f.local_arrive().date().isoformat() == "2026-12-07"
    assert f.duration == timedelta(hours=12, minutes=45)


def test_multileg_stays() -> None:
    trip, _, _ = read_itinerary(EXAMPLES / "trip-multileg.toml")
    home, sin, syd = trip.stays()
    assert (home.place.code, home.arrive, home.depart) == ("LHR", None, trip.flights[0].depart)
    assert sin.place.code == "SIN" and sin.duration is not None
    assert sin.duration > timedelta(days=3) and not sin.is_layover
    assert (syd.place.code, syd.depart) == ("SYD", None)
    assert not home.is_layover and not syd.is_layover


# --- Trip ----------------------------------------------------------------------------------


def two_legs(gap_h: float = 2.0) -> Trip:
    a = flight("LHR", "DOH", utc(2026, 12, 1, 8), utc(2026, 12, 1, 14, 40))
    dep = a.arrive + timedelta(hours=gap_h)
    b = flight("DOH", "SYD", dep, dep + timedelta(hours=14, minutes=20))
    return Trip((a, b))


def test_layover_under_a_day() -> None:
    stays = two_legs(2).stays()
    assert stays[1].place.code == "DOH" and stays[1].is_layover
    assert not two_legs(30).stays()[1].is_layover


def test_place_and_zone_at() -> None:
    trip = two_legs(2)
    a, b = trip.flights
    assert trip.place_at(a.depart - timedelta(days=3)).code == "LHR"
    assert trip.place_at(a.depart + timedelta(hours=1)).code == "LHR"  # in the air: origin
    assert trip.flight_at(a.depart + timedelta(hours=1)) is a
    assert trip.place_at(a.arrive).code == "DOH"
    assert trip.zone_at(a.arrive + timedelta(hours=1)) == "Asia/Qatar"
    assert trip.flight_at(a.arrive + timedelta(hours=1)) is None
    assert trip.zone_at(b.arrive + timedelta(days=5)) == "Australia/Sydney"
    assert trip.place_at(b.arrive - timedelta(seconds=1)).code == "DOH"
    # A local time works too: it is converted to UTC first.
    local = (a.arrive + timedelta(minutes=1)).astimezone(ZoneInfo("Asia/Qatar"))
    assert trip.place_at(local).code == "DOH"
    with pytest.raises(CircadianError):
        trip.place_at(datetime(2026, 12, 1, 9))


def test_flight_times_are_normalised_to_utc() -> None:
    la = ZoneInfo("America/Los_Angeles")
    f = flight("SFO", "LHR", datetime(2026, 12, 1, 17, 30, tzinfo=la), utc(2026, 12, 2, 11, 45))
    assert f.depart.tzinfo is UTC and f.depart == utc(2026, 12, 2, 1, 30)
    assert f.local_depart().hour == 17
    with pytest.raises(CircadianError, match="no time zone"):
        flight("SFO", "LHR", datetime(2026, 12, 1, 17, 30), utc(2026, 12, 2, 11, 45))


def test_trip_rejects_overlap_disorder_duplicates() -> None:
    a = flight("LHR", "DOH", utc(2026, 12, 1, 8), utc(2026, 12, 1, 14, 40))
    b = flight("DOH", "SYD", utc(2026, 12, 1, 14), utc(2026, 12, 2, 4))
    with pytest.raises(CircadianError, match="before flight 1 .* lands"):
        Trip((a, b))
    c = flight("DOH", "SYD", utc(2026, 12, 3, 14), utc(2026, 12, 4, 4))
    with pytest.raises(CircadianError, match="time order"):
        Trip((c, a))
    with pytest.raises(CircadianError, match="duplicates flight 1"):
        Trip((a, a))
    with pytest.raises(CircadianError, match="no flights"):
        Trip(())


def test_commitment_checks() -> None:
    with pytest.raises(CircadianError, match="ends before it starts"):
        Commitment(utc(2026, 12, 3, 12), utc(2026, 12, 3, 9), None, "x")
    trip = Trip(
        (flight("SFO", "LHR", utc(2026, 12, 2, 1, 30), utc(2026, 12, 2, 11, 45)),),
        (Commitment(utc(2026, 12, 2, 10), utc(2026, 12, 2, 12), airport("LHR"), "Lunch"),),
    )
    assert any("overlaps flight" in w for w in trip.warnings())


# --- CLI spec ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45",
        "sfo 2026-12-01T17:30 -> lhr 2026-12-02T11:45",
        "SFO 2026-12-01T17:30-08:00 -> LHR 2026-12-02T11:45+00:00",
        "SFO 2026-12-02T01:30Z → LHR 2026-12-02T11:45Z",
        "BA286 SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45",
        "BA 286 SFO 2026-12-01 17:30 to LHR 2026-12-02 11:45:00",
    ],
)
def test_flight_spec_spellings(spec: str) -> None:
    f = parse_flight_spec(spec)
    assert (f.origin.code, f.dest.code) == ("SFO", "LHR")
    assert (f.depart, f.arrive) == (utc(2026, 12, 2, 1, 30), utc(2026, 12, 2, 11, 45))
    assert f.number in ("", "BA286")


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ("SFO 2026-12-01 17:30 -> LHR 2026-12-01 11:45", "arrives .* before it departs"),
        ("SFO 2026-12-01 17:30 -> LHR 2026-12-03 11:45", "over 24 h"),
        ("SFO 2026-03-08 02:30 -> LHR 2026-03-08 19:45", "does not exist in America/Los_Angeles"),
        ("JFK 2026-11-01 01:30 -> LHR 2026-11-01 13:45", "happens twice .* JFK"),
        ("NYC 2026-12-01 17:30 -> LHR 2026-12-02 11:45", "city code"),
        ("KSFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45", "ICAO"),
        ("SFO 2026-12-01 -> LHR 2026-12-02 11:45", "cannot read '2026-12-01'"),
        ("SFO 2026-12-01 17:30 LHR 2026-12-02 11:45", "cannot read"),
        ("SFO 2026-12-01 17:30 -> SFO 2026-12-02 11:45", "same airport"),
        ("", "cannot read"),
    ],
)
def test_flight_spec_errors(spec: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        parse_flight_spec(spec)
    assert e.value.where is not None and e.value.where.startswith("--flight")


def test_offset_inside_a_fold_is_accepted() -> None:
    early = parse_flight_spec("JFK 2026-11-01T01:30-04:00 -> LHR 2026-11-01T13:45")
    late = parse_flight_spec("JFK 2026-11-01T01:30-05:00 -> LHR 2026-11-01T13:45")
    assert early.duration - late.duration == timedelta(hours=1)


# --- TOML ----------------------------------------------------------------------------------


def test_toml_datetime_types() -> None:
    local = toml_flight("SFO", "LHR", "2026-12-01T17:30:00", "2026-12-02T11:45:00")
    offset = toml_flight("SFO", "LHR", "2026-12-01T17:30:00-08:00", "2026-12-02T11:45:00Z")
    for text in (SFO_LHR_TOML, local, offset):
        (f,) = read_itinerary_text(text, "toml", "t.toml")[0].flights
        assert f.depart == utc(2026, 12, 2, 1, 30)


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        (
            toml_flight("SFO", "LHR", "2026-12-01", '"2026-12-02 11:45"'),
            "flight 1, depart",
            "date without a time",
        ),
        (
            toml_flight("SFO", "LHR", '"2026-12-01 17:30"', "11:45:00"),
            "flight 1, arrive",
            "time without a date",
        ),
        (toml_flight("SFO", "LHR", "20261201", '"x"'), "flight 1, depart", "got int"),
        (toml_flight("SFO", "LHR", "true", '"x"'), "flight 1, depart", "got bool"),
        (SFO_LHR_TOML + "numbr = 'BA1'\n", "flight 1", "unknown field 'numbr'"),
        ('[[flight]]\nfrom = "SFO"\nto = "LHR"\n', "flight 1", "missing field 'depart'"),
        ("title = 'x'\n" + SFO_LHR_TOML, "t.toml", "unknown top-level key 'title'"),
        ('[person]\nsleep = "23:00-07:00"\n', "t.toml", "no flights"),
        ("[person]\nsleep = 23:00-07:00\n", "t.toml", "quotes"),
        (toml_flight("SFO", "LHR", "2026-12-01 17:30", '"x"'), "t.toml", "quotes"),
        ("flight = 3\n", "t.toml", "list of tables"),
        (
            SFO_LHR_TOML + "[person]\nbedtime = '23:00'\n",
            "[person], person.bedtime",
            "unknown setting",
        ),
        (SFO_LHR_TOML * 2, "t.toml", "duplicates flight 1"),
    ],
)
def test_toml_errors_name_file_and_field(text: str, where: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        read_itinerary_text(text, "toml", "t.toml")
    assert e.value.where is not None
    assert e.value.where.startswith("t.toml") and where in e.value.where


def test_toml_single_flight_table_is_accepted() -> None:
    text = SFO_LHR_TOML.replace("[[flight]]", "[flight]")
    assert len(read_itinerary_text(text, "toml")[0].flights) == 1


def test_toml_dst_gap_names_airport() -> None:
    text = toml_flight("LHR", "JFK", '"2026-03-29 01:30"', '"2026-03-29 04:00"')
    with pytest.raises(CircadianError, match="does not exist in Europe/London.*LHR") as e:
        read_itinerary_text(text, "toml", "t.toml")
    assert e.value.where == "t.toml: flight 1, depart"


def test_toml_connection_warning_and_commitments() -> None:
    text = (
        SFO_LHR_TOML
        + toml_flight("LGW", "JFK", '"2026-12-05 10:00"', '"2026-12-05 13:00"')
        + '[[commitment]]\nstart = "2026-12-03 09:00"\nend = "2026-12-03 10:00"\n'
        + 'tz = "Europe/London"\n'
        + '[[commitment]]\nstart = "2026-12-04T09:00-05:00"\nend = "2026-12-04T10:00-05:00"\n'
        + 'label = "Call"\n'
    )
    trip, person, warnings = read_itinerary_text(text, "toml", "t.toml")
    assert person is None
    assert any("leaves from LGW but flight 1 landed at LHR" in w for w in warnings)
    c1, c2 = trip.commitments
    assert c1.start == utc(2026, 12, 3, 9) and c1.place is None
    assert c2.start == utc(2026, 12, 4, 14) and c2.label == "Call"


@pytest.mark.parametrize(
    ("commitment", "why"),
    [
        ('start = "2026-12-03 09:00"\nend = "2026-12-03 10:00"\n', "no UTC offset: add at"),
        ('start = "2026-12-03 09:00"\nend = "2026-12-03 08:00"\nat = "LHR"\n', "ends before"),
        ('start = "2026-12-03 09:00"\nat = "LHR"\n', "missing field 'end'"),
        ('start = "2026-12-03 09:00"\nend = "2026-12-03 10:00"\nat = "XQX"\n', "unknown airport"),
    ],
)
def test_commitment_errors(commitment: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        read_itinerary_text(SFO_LHR_TOML + "[[commitment]]\n" + commitment, "toml", "t.toml")
    assert "commitment 1" in (e.value.where or "")


# --- JSON ----------------------------------------------------------------------------------

PLAIN = {"from": "SFO", "to": "LHR", "depart": "2026-12-01 17:30", "arrive": "2026-12-02 11:45"}


def reservation(passenger: str = "A", number: str = "286", **kw: object) -> dict:
    fl = {
        "@type": "Flight",
        "flightNumber": number,
        "airline": {"@type": "Airline", "iataCode": "BA"},
        "departureAirport": {"@type": "Airport", "iataCode": "SFO"},
        "departureTime": "2026-12-01T17:30:00-08:00",
        "arrivalAirport": {"@type": "Airport", "iataCode": "LHR"},
        "arrivalTime": "2026-12-02T11:45:00+00:00",
    }
    fl.update(kw)
    return {
        "@context": "http://schema.org",
        "@type": "FlightReservation",
        "underName": {"@type": "Person", "name": passenger},
        "reservationFor": fl,
    }


@pytest.mark.parametrize(
    "data",
    [
        {"flights": [PLAIN]},
        {"flight": PLAIN},
        [PLAIN],
        reservation(),
        [reservation("A"), reservation("B")],  # one reservation per passenger
        {"@context": "http://schema.org", "@graph": [reservation()]},
        reservation(number="BA286"),
        reservation(departureTime="2026-12-01T17:30:00"),  # no offset: local at SFO
    ],
)
def test_json_shapes(data: object) -> None:
    trip, _, warnings = read_itinerary_text(json.dumps(data), "json", "t.json")
    (f,) = trip.flights
    assert f.depart == utc(2026, 12, 2, 1, 30) and f.arrive == utc(2026, 12, 2, 11, 45)
    if isinstance(data, list) and len(data) == 2:
        assert any("merged" in w for w in warnings)


def test_jsonld_errors() -> None:
    bad = reservation()
    del bad["reservationFor"]["departureAirport"]["iataCode"]
    with pytest.raises(CircadianError, match="missing iataCode") as e:
        read_itinerary_text(json.dumps(bad), "json", "t.json")
    assert "departureAirport" in (e.value.where or "")
    with pytest.raises(CircadianError, match="not valid JSON") as e:
        read_itinerary_text('{\n"flights": [\n,]}', "json", "t.json")
    assert e.value.where == "t.json, line 3"
    with pytest.raises(CircadianError, match="JSON object"):
        read_itinerary_text("42", "json", "t.json")


# --- YAML ----------------------------------------------------------------------------------


def yaml_flight(o: str, d: str, dep: str, arr: str, extra: str = "") -> str:
    return f"  - from: {o}\n    to: {d}\n    depart: {dep}\n    arrive: {arr}\n{extra}"


SFO_LHR_YAML = "flights:\n" + yaml_flight("SFO", "LHR", "2026-12-01 17:30", "2026-12-02 11:45")


def without_source(trip: Trip) -> Trip:
    """The trip with each flight's ``source`` (which names the file it came from) blanked."""
    return dataclasses.replace(
        trip, flights=tuple(dataclasses.replace(f, source="") for f in trip.flights)
    )


def test_yaml_example_is_the_toml_example() -> None:
    y_trip, y_person, y_warnings = read_itinerary(EXAMPLES / "trip-sfo-lhr.yaml")
    t_trip, t_person, t_warnings = read_itinerary(EXAMPLES / "trip-sfo-lhr.toml")
    assert without_source(y_trip) == without_source(t_trip)
    assert y_trip.commitments == t_trip.commitments and len(y_trip.commitments) == 1
    assert y_person == t_person and y_person is not None
    assert y_person["sleep"] == "23:00-07:00" and y_person["melatonin"] is True
    assert y_warnings == t_warnings
    # the example really does rely on unquoted times
    assert "depart: 2026-12-01 17:30" in (EXAMPLES / "trip-sfo-lhr.yaml").read_text()


def test_yaml_unquoted_times_and_codes_are_text() -> None:
    yaml = pytest.importorskip("yaml")
    # The traps this reader avoids: PyYAML's YAML 1.1 defaults.
    assert yaml.safe_load("t: 22:30")["t"] == 1350
    assert yaml.safe_load("c: NO")["c"] is False
    assert yaml.safe_load("d: 2026-12-02 07:30:00")["d"] == datetime(2026, 12, 2, 7, 30)
    text = (
        "flights:\n"
        + yaml_flight("OFF", "ORD", "2026-12-01 22:30", "2026-12-02 00:05")  # Offutt, Omaha
        + yaml_flight("ORD", "LHR", "2026-12-02 07:30:00", "2026-12-02 21:10")
        + "commitments:\n  - {at: LHR, start: 2026-12-03 09:00, end: 2026-12-03 10:00}\n"
        + "person:\n  sleep: 22:30-06:30\n  dlmo: 21:15\n  melatonin: FALSE\n"
    )
    trip, person, _ = read_itinerary_text(text, "yaml", "t.yaml")
    first, second = trip.flights
    assert first.origin.code == "OFF"  # YAML 1.1 would read off as false
    assert first.local_depart().replace(tzinfo=None) == datetime(2026, 12, 1, 22, 30)
    assert second.local_depart().replace(tzinfo=None) == datetime(2026, 12, 2, 7, 30)
    assert trip.commitments[0].start == utc(2026, 12, 3, 9)
    assert person == {"sleep": "22:30-06:30", "dlmo": "21:15", "melatonin": False}
    p = person_from_mapping(person, "t.yaml")
    assert p.sleep_duration_h == 8
    # YES is Yasuj (Iran): YAML 1.1 would make it true
    (f,) = read_itinerary_text(
        "- {from: THR, to: YES, depart: 2026-12-01 07:00, arrive: 2026-12-01 08:15}",
        "yaml",
        "t.yaml",
    )[0].flights
    assert f.dest.code == "YES"
    # NO is text too: the error is about the airport code, not a boolean
    with pytest.raises(CircadianError, match="'NO' is not an IATA airport code") as e:
        read_itinerary_text(SFO_LHR_YAML.replace("from: SFO", "from: NO"), "yaml", "t.yaml")
    assert e.value.where == "t.yaml: flights 1, from"


@pytest.mark.parametrize(
    "text",
    [
        SFO_LHR_YAML,
        SFO_LHR_YAML.replace("flights:\n  - ", "flight:\n    "),  # one flight as a mapping
        "- from: SFO\n  to: LHR\n  depart: 2026-12-01 17:30\n  arrive: 2026-12-02 11:45\n",
        # a top-level list, flow style, quoted times, an offset and UTC
        "[{from: SFO, to: LHR, depart: '2026-12-01 17:30', arrive: \"2026-12-02T11:45Z\"}]",
        "flights: [{from: SFO, to: LHR, depart: 2026-12-01T17:30-08:00, "
        "arrive: 2026-12-02 11:45}]",
        SFO_LHR_YAML + "commitments:\n",  # present but empty
        "%YAML 1.2\n---\n" + SFO_LHR_YAML + "...\n",
        json.dumps({"flights": [PLAIN]}),  # JSON is YAML
    ],
)
def test_yaml_shapes(text: str) -> None:
    trip, person, warnings = read_itinerary_text(text, "yaml", "t.yaml")
    (f,) = trip.flights
    assert f.depart == utc(2026, 12, 2, 1, 30) and f.arrive == utc(2026, 12, 2, 11, 45)
    assert person is None and warnings == [] and trip.commitments == ()


def test_yaml_number_and_yml_file(tmp_path: Path) -> None:
    p = tmp_path / "trip.YML"
    p.write_bytes(b"\xef\xbb\xbf" + (SFO_LHR_YAML + "    number: 286\n").replace("\n", "\r\n")
                  .encode())
    (f,) = read_itinerary(p)[0].flights
    assert f.number == "286" and f.depart == utc(2026, 12, 2, 1, 30)


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        (SFO_LHR_YAML + "    depart: 2026-12-01 19:30\n", "t.yaml, line 6",
         r"duplicate key 'depart' \(first given on line 4\)"),
        ("person:\n  sleep: 23:00-07:00\nperson:\n  dlmo: 21:00\n" + SFO_LHR_YAML,
         "t.yaml, line 3", r"duplicate key 'person' \(first given on line 1\)"),
        ("base: &b {from: SFO, to: LHR}\nflights: [*b]\n", "t.yaml, line 1",
         "anchors and aliases"),
        ("flights:\n  - *x\n", "t.yaml, line 2", "anchors and aliases"),
        ("flights:\n  - from: SFO\n   to: LHR\n", "t.yaml, line 3", "not valid YAML"),
        ("flights:\n  - {from: SFO, to: LHR\n", "t.yaml, line 3", "not valid YAML"),
        ("flights:\n\t- from: SFO\n", "t.yaml, line 2", "indent with spaces, not tabs"),
        (SFO_LHR_YAML + "---\n" + SFO_LHR_YAML, "t.yaml, line 6", "a single document"),
        (SFO_LHR_YAML + "# \x07\n", "t.yaml, line 6", "U\\+0007 is not allowed"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "1730"), "t.yaml: flights 1, depart",
         "got int 1730"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "17.30"), "t.yaml: flights 1, depart",
         "got float 17.3"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "17:30"), "t.yaml: flights 1, depart",
         "cannot read '17:30' as a date and time"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "2026-12-01"), "t.yaml: flights 1, depart",
         "cannot read '2026-12-01' as a date and time"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "true"), "t.yaml: flights 1, depart",
         "got bool True"),
        (SFO_LHR_YAML.replace("2026-12-01 17:30", "!!timestamp 2026-12-01 17:30"),
         "t.yaml, line 4", "tag '!!timestamp' is not allowed"),
        ("flights: !!python/object/apply:os.system ['echo no']\n", "t.yaml, line 1",
         "tag '!!python/object/apply:os.system' is not allowed"),
        (SFO_LHR_YAML + "    number: " + "9" * 5000 + "\n", "t.yaml, line 6",
         "a number too long to read"),
        ("flights: " + "[" * 3000 + "]" * 3000, "t.yaml, line 1", "nested too deeply"),
        ("flights: [" + "1, " * 60_000 + "1]", "t.yaml, line 1", "too many values"),
        ("? [a, b]\n: 1\n", "t.yaml, line 1", "cannot be a key"),
        (SFO_LHR_YAML + "    numbr: BA1\n", "t.yaml: flights 1", "unknown field 'numbr'"),
        ("title: x\n" + SFO_LHR_YAML, "t.yaml", "unknown top-level key 'title'"),
        ("person:\n  sleep: 23:00-07:00\n", "t.yaml", r"no flights found \(add a 'flights:'"),
        ("person:\n  sleep: 22:30\n" + SFO_LHR_YAML, "person.sleep", "22:30"),
        ("# nothing here\n", "t.yaml", "empty YAML file"),
        ("just text\n", "t.yaml", "expected a YAML mapping"),
        (SFO_LHR_YAML * 2, "t.yaml", "duplicate key 'flights'"),
    ],
)
def test_yaml_errors_name_file_and_line(text: str, where: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        read_itinerary_text(text, "yaml", "t.yaml")
    assert e.value.where is not None and where in e.value.where
    assert e.value.where.startswith("t.yaml")
    assert "\n" not in str(e.value)


def test_yaml_without_pyyaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from circadian.cli import main

    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now raises ImportError
    with pytest.raises(CircadianError, match=r"reading YAML itineraries needs PyYAML: "
                       r"pip install 'circadian-planner\[yaml\]'") as e:
        read_itinerary_text(SFO_LHR_YAML, "yaml", "t.yaml")
    assert e.value.where == "t.yaml"
    assert read_itinerary_text(SFO_LHR_TOML, "toml", "t.toml")[0].flights  # others still work
    path = tmp_path / "trip.yaml"
    path.write_text(SFO_LHR_YAML)
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", "trip", str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: {path}: reading YAML itineraries needs PyYAML: "
        "pip install 'circadian-planner[yaml]'"
    ]


# --- CSV -----------------------------------------------------------------------------------


def test_csv_header_variants_bom_crlf_comments() -> None:
    text = (
        "\ufeff# exported from a spreadsheet\r\n From ,TO,Depart,Arrive,Number\r\n"
        "SFO,LHR,2026-12-01 17:30,2026-12-02 11:45,BA 286\r\n\r\n"
    )
    (f,) = read_itinerary_text(text, "csv", "t.csv")[0].flights
    assert f.number == "BA286" and f.depart == utc(2026, 12, 2, 1, 30)


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("from,to,depart\nSFO,LHR,2026-12-01 17:30\n", "line 1", "missing column 'arrive'"),
        ("from,to,depart,arrive,gate\n", "line 1", "unknown column 'gate'"),
        ("from,to,depart,arrive\nSFO,LHR,2026-12-01 17:30\n", "line 2", "expected 4 values"),
        (
            "from,to,depart,arrive\n\nSFO,LHR,2026-12-01 17:30,tomorrow\n",
            "line 3, arrive",
            "cannot read",
        ),
        ("", "t.csv", "empty"),
    ],
)
def test_csv_errors_name_the_line(text: str, where: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        read_itinerary_text(text, "csv", "t.csv")
    assert where in (e.value.where or "")


# --- iCalendar -----------------------------------------------------------------------------


def ics(*events: str) -> str:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@test\r\nDTSTAMP:20261101T000000Z\r\n{e}END:VEVENT\r\n"
        for i, e in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


UTC_TIMES = "DTSTART:20261202T013000Z\r\nDTEND:20261202T114500Z\r\n"


@pytest.mark.parametrize(
    ("props", "number"),
    [
        ("SUMMARY:SFO to LHR\r\n", ""),
        ("SUMMARY:Flight SFO → LHR\r\n", ""),
        ("SUMMARY:BA286 SFO-LHR\r\n", "BA286"),
        ("SUMMARY:Flight BA286 SFO - LHR\r\n", "BA286"),
        (
            "SUMMARY:Flight to London\r\n"
            "DESCRIPTION:San Francisco (SFO) - London Heathrow (LHR)\r\n",
            "",
        ),
        ("SUMMARY:British Airways 286\r\nLOCATION:SFO → LHR\r\n", ""),
        ("SUMMARY:✈ SFO–LHR (BA 286)\r\n", "BA286"),
    ],
)
def test_ics_route_patterns(props: str, number: str) -> None:
    trip, _, warnings = read_itinerary_text(ics(props + UTC_TIMES), "ics", "t.ics")
    (f,) = trip.flights
    assert (f.origin.code, f.dest.code) == ("SFO", "LHR")
    assert f.depart == utc(2026, 12, 2, 1, 30)
    if number:
        assert f.number == number
    assert warnings == []


def test_ics_floating_and_tzid_times_and_skipped_events() -> None:
    text = ics(
        # CEO and CFO are airport codes (Angola, Brazil): this must not become a flight
        "SUMMARY:Dinner with the CEO-CFO team\r\n"
        "DTSTART:20261202T190000Z\r\nDTEND:20261202T210000Z\r\n",
        "SUMMARY:Flight BA287 LHR to SFO\r\nDTSTART;TZID=Europe/London:20261206T141000\r\n"
        "DTEND;TZID=America/Los_Angeles:20261206T171500\r\n",
        # floating: local at each airport
        "SUMMARY:Flight BA286 SFO to LHR\r\nDTSTART:20261201T173000\r\nDTEND:20261202T114500\r\n",
        "SUMMARY:Flight LHR to CDG\r\nDTSTART;VALUE=DATE:20261210\r\n",
    )
    trip, _, warnings = read_itinerary_text(text, "ics", "t.ics")
    out, back = trip.flights  # sorted by departure
    assert out.depart == utc(2026, 12, 2, 1, 30)
    assert back.label == "BA287 LHR-SFO" and back.duration == timedelta(hours=11, minutes=5)
    assert any("1 calendar event(s) with no recognisable flight" in w for w in warnings)
    assert any("LHR-CDG has no start and end times" in w for w in warnings)


def test_ics_errors() -> None:
    with pytest.raises(CircadianError, match="no flights found"):
        read_itinerary_text(ics("SUMMARY:Dentist\r\n" + UTC_TIMES), "ics", "t.ics")
    with pytest.raises(CircadianError, match="iCalendar"):
        read_itinerary_text("hello", "ics", "t.ics")
    gap = (
        "SUMMARY:Flight LHR to JFK\r\n"
        "DTSTART;TZID=Europe/London:20260329T013000\r\nDTEND:20260329T080000Z\r\n"
    )
    with pytest.raises(CircadianError, match="does not exist") as e:
        read_itinerary_text(ics(gap), "ics", "t.ics")
    assert "DTSTART" in (e.value.where or "")


# --- files ---------------------------------------------------------------------------------


def test_file_encodings(tmp_path: Path) -> None:
    p = tmp_path / "trip.toml"
    p.write_bytes(b"\xef\xbb\xbf" + SFO_LHR_TOML.replace("\n", "\r\n").encode())
    assert read_itinerary(p)[0].flights[0].origin.code == "SFO"

    p.write_bytes(("# café\n" + SFO_LHR_TOML).encode("latin-1"))
    with pytest.raises(CircadianError, match="not UTF-8") as e:
        read_itinerary(p)
    assert e.value.where == f"{p}, line 1"

    p.write_bytes(SFO_LHR_TOML.encode("utf-16"))
    with pytest.raises(CircadianError, match="UTF-16"):
        read_itinerary(p)

    png = tmp_path / "trip.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CircadianError, match="binary"):
        read_itinerary(png)


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(CircadianError, match="no such file"):
        read_itinerary(tmp_path / "missing.toml")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(CircadianError, match="directory"):
        read_itinerary(tmp_path / "dir.toml")
    (tmp_path / "trip.xml").write_text("x")
    with pytest.raises(CircadianError, match=r"unknown itinerary file type '.xml' \(use .toml, "
                       r"\.json, \.yaml, \.csv or \.ics\)"):
        read_itinerary(tmp_path / "trip.xml")


# --- properties ----------------------------------------------------------------------------

CODES = st.sampled_from(["SFO", "LHR", "JFK", "SYD", "AKL", "KTM", "APW", "NYC", "XXX", "sfo"])
WALL = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31))


@settings(max_examples=300)
@given(CODES, WALL, CODES, st.timedeltas(timedelta(hours=-30), timedelta(hours=30)))
def test_generated_specs_parse_or_raise(o: str, dep: datetime, d: str, delta: timedelta) -> None:
    arr = dep + delta
    spec = f"{o} {dep:%Y-%m-%d %H:%M} -> {d} {arr:%Y-%m-%d %H:%M}"
    try:
        f = parse_flight_spec(spec)
    except CircadianError:
        return
    assert f.local_depart().replace(tzinfo=None) == dep.replace(second=0, microsecond=0)
    assert timedelta(0) < f.duration <= timedelta(hours=24)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_any_text_to_flight_spec(text: str) -> None:
    with contextlib.suppress(CircadianError):
        parse_flight_spec(text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["toml", "json", "yaml", "csv", "ics"]), st.text(max_size=200))
def test_any_text_to_readers(fmt: str, text: str) -> None:
    with contextlib.suppress(CircadianError):
        read_itinerary_text(text, fmt)  # type: ignore[arg-type]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["SFO", "LHR", "2026-12-01 17:30", "2026-12-02T11:45Z", "23:00-07:00"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "from",
                    "to",
                    "depart",
                    "arrive",
                    "number",
                    "start",
                    "end",
                    "at",
                    "label",
                    "sleep",
                    "dlmo",
                    "@type",
                    "reservationFor",
                    "departureAirport",
                    "iataCode",
                    "departureTime",
                    "arrivalTime",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)
TOP = st.dictionaries(
    st.sampled_from(["flights", "flight", "person", "commitments", "@type", "@graph"]),
    JSON_VALUES,
    max_size=3,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TOP | JSON_VALUES)
def test_any_json_structure_parses_or_raises(data: object) -> None:
    with contextlib.suppress(CircadianError):
        read_itinerary_text(json.dumps(data), "json")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(TOP | JSON_VALUES, st.booleans())
def test_any_yaml_structure_parses_or_raises(data: object, flow: bool) -> None:
    yaml = pytest.importorskip("yaml")
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    with contextlib.suppress(CircadianError):
        read_itinerary_text(text, "yaml")
