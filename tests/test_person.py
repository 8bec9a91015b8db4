"""Sleep windows and [person] tables."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from circadian.errors import CircadianError
from circadian.person import Person, parse_clock_time, parse_sleep_window, person_from_mapping


@pytest.mark.parametrize(
    "text",
    [
        "23:00-07:00",
        "23:00 - 07:00",
        "23:00–07:00",
        "2300-0700",
        "11pm-7am",
        "23:00 to 07:00",
        "23-7",
    ],
)
def test_sleep_window_spellings(text: str) -> None:
    assert parse_sleep_window(text) == (time(23), time(7))


def test_sleep_window_with_minutes() -> None:
    assert parse_sleep_window("23:30–07:15") == (time(23, 30), time(7, 15))
    assert parse_sleep_window("09:00-17:00") == (time(9), time(17))  # day sleeper after nights


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("25:00-07:00", "not a valid clock time"),
        ("23:60-07:00", "not a valid clock time"),
        ("", "empty"),
        ("   ", "empty"),
        ("23:00", "cannot read"),
        ("23:00-23:30", "lasts 0.5 h"),
        ("07:00-23:00", "lasts 16 h"),  # swapped: wake first
        ("23:00-07:00-08:00", "cannot read"),
        ("13pm-7am", "1-12"),
        ("230-0700", "cannot read"),
    ],
)
def test_bad_sleep_windows(text: str, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        parse_sleep_window(text, "person.sleep")
    assert e.value.where == "person.sleep"


def test_sleep_window_must_be_text() -> None:
    with pytest.raises(CircadianError, match="got int"):
        parse_sleep_window(1350)  # type: ignore[arg-type]  # YAML turns 22:30 into 1350


def test_clock_time() -> None:
    assert parse_clock_time("24:00") == time(0)
    assert parse_clock_time("12am") == time(0)
    assert parse_clock_time("12pm") == time(12)
    assert parse_clock_time(time(21, 30, 15)) == time(21, 30)  # a TOML local time


@pytest.mark.parametrize(
    ("start", "end", "hours", "mid"),
    [
        (time(23), time(7), 8.0, time(3)),
        (time(22, 30), time(6, 30), 8.0, time(2, 30)),
        (time(0, 30), time(8), 7.5, time(4, 15)),
        (time(9), time(17), 8.0, time(13)),
    ],
)
def test_duration_and_midpoint(start: time, end: time, hours: float, mid: time) -> None:
    p = Person(sleep_start=start, sleep_end=end)
    assert p.sleep_duration_h == hours
    assert p.sleep_midpoint == mid


def test_person_validates_itself() -> None:
    with pytest.raises(CircadianError, match="prep_days"):
        Person(prep_days=9)
    with pytest.raises(CircadianError, match="chronotype"):
        Person(chronotype="lark")  # type: ignore[arg-type]
    with pytest.raises(CircadianError, match="lasts"):
        Person(sleep_start=time(7), sleep_end=time(23))
    with pytest.raises(CircadianError, match="time zone"):
        Person(home_tz="PST")


def test_full_mapping() -> None:
    p = person_from_mapping(
        {
            "sleep": "23:30-07:30",
            "dlmo": "21:15",
            "chronotype": "Evening",
            "melatonin": True,
            "dose_mg": 0.5,
            "medications": ["fluvoxamine"],
            "conditions": "pregnancy",
            "prep_days": 2,
            "light_box": True,
            "age": 42,
            "home_tz": "Europe/Berlin",
            "opt_in_melatonin": True,
        },
        "trip.toml",
    )
    assert p.sleep_start == time(23, 30) and p.sleep_end == time(7, 30)
    assert p.dlmo == time(21, 15)
    assert p.chronotype == "late"
    assert p.melatonin_dose_mg == 0.5
    assert p.medications == ("fluvoxamine",)
    assert p.conditions == ("pregnancy",)
    assert (p.prep_days, p.light_box, p.age, p.home_tz) == (2, True, 42, "Europe/Berlin")


def test_empty_mapping_gives_defaults() -> None:
    assert person_from_mapping({}) == Person()


@pytest.mark.parametrize(
    ("mapping", "field", "why"),
    [
        ({"sleeep": "23:00-07:00"}, None, "unknown setting 'sleeep'"),
        ({"light-box": True}, None, "did you mean 'light_box'"),
        ({"melatonin": "yes"}, "melatonin", "true or false"),
        ({"dose_mg": "0.5"}, "dose_mg", "number of milligrams"),
        ({"dose_mg": 50}, "dose_mg", "at most"),
        ({"prep_days": 8}, "prep_days", "0-7"),
        ({"prep_days": 2.5}, "prep_days", "whole number"),
        ({"age": True}, "age", "whole number"),
        ({"medications": [1, 2]}, "medications", "list of names"),
        ({"chronotype": 3}, "chronotype", "one of"),
        ({"dlmo": "9pm-ish"}, "dlmo", "clock time"),
        ({"sleep": 1350}, "sleep", "got int"),
        ({"home_tz": "Mars/Base"}, "home_tz", "unknown time zone"),
    ],
)
def test_mapping_errors_name_the_key(mapping: dict, field: str | None, why: str) -> None:
    with pytest.raises(CircadianError, match=why) as e:
        person_from_mapping(mapping, "trip.toml")
    assert e.value.where is not None and e.value.where.startswith("trip.toml")
    if field:
        assert e.value.where.endswith(f"person.{field}")


@given(st.text(max_size=20))
def test_any_text_is_a_window_or_a_circadian_error(text: str) -> None:
    try:
        start, end = parse_sleep_window(text)
    except CircadianError:
        return
    assert 3 <= Person(sleep_start=start, sleep_end=end).sleep_duration_h <= 14


@given(st.integers(0, 23), st.integers(0, 59), st.integers(180, 14 * 60))
def test_generated_windows_round_trip(h: int, m: int, length_min: int) -> None:
    start_min = h * 60 + m
    end_min = (start_min + length_min) % 1440
    text = f"{h:02d}:{m:02d}-{end_min // 60:02d}:{end_min % 60:02d}"
    start, end = parse_sleep_window(text)
    p = Person(sleep_start=start, sleep_end=end)
    assert p.sleep_duration_h == pytest.approx(length_min / 60)


def test_chronotype_is_never_silently_ignored():
    from datetime import time

    from circadian.person import Person, chronotype_note

    assert chronotype_note(Person()) is None
    assert chronotype_note(Person(chronotype="intermediate")) is None
    note = chronotype_note(Person(chronotype="late", sleep_start=time(0, 30),
                                  sleep_end=time(8, 30)))
    assert note is not None and "'late'" in note and "00:30-08:30" in note and "--sleep" in note
    note = chronotype_note(Person(chronotype="early", dlmo=time(20, 15)))
    assert note is not None and "measured DLMO (20:15)" in note


def test_plans_carry_the_chronotype_note():
    from circadian.itinerary import read_itinerary
    from circadian.person import Person
    from circadian.planner.rota import plan_rota
    from circadian.planner.trip import plan_trip
    from circadian.rota import read_rota

    trip = read_itinerary("examples/trip-sfo-lhr.toml")
    trip = trip[0] if isinstance(trip, tuple) else trip
    p = Person(chronotype="late")
    assert any("Chronotype 'late'" in w for w in plan_trip(trip, p).warnings)
    assert not any("Chronotype" in w for w in plan_trip(trip, Person()).warnings)
    rota = read_rota("examples/rota-4on4off.csv", tz="Europe/London")
    rota = rota[0] if isinstance(rota, tuple) else rota
    assert any("Chronotype 'late'" in w for w in plan_rota(rota, p).warnings)
