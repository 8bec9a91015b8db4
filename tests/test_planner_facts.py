"""Facts plans got wrong before the planner core (issue 12), each checked on a real plan."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from circadian.itinerary import Trip, parse_flight_spec, read_itinerary
from circadian.person import Person, person_from_mapping
from circadian.planner import plan_rota, plan_trip, validate_plan
from circadian.planner.light_advice import ADVANCE_ZONE_H, AVOID_ZONE_H, DELAY_ZONE_H
from circadian.rota import read_rota

EX = Path(__file__).resolve().parent.parent / "examples"
TOL = timedelta(minutes=1)
TRIPS = [
    "JFK 2027-03-10 13:00 -> NRT 2027-03-11 16:00",
    "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45",
    "LAX 2027-02-01 22:00 -> SYD 2027-02-03 07:00",
    "DEN 2027-04-01 11:00 -> HND 2027-04-02 15:00",
    "LHR 2027-05-01 10:00 -> LAX 2027-05-01 13:00",
    "SIN 2027-06-01 23:00 -> LHR 2027-06-02 06:00",
    "JFK 2027-03-10 18:00 -> NRT 2027-03-11 21:00",
]


def _trip(*specs: str) -> Trip:
    return Trip(tuple(parse_flight_spec(s) for s in specs))


@pytest.fixture(scope="module")
def sfo_lhr():
    trip, pm, _ = read_itinerary(EX / "trip-sfo-lhr.toml")
    return trip, plan_trip(trip, person_from_mapping(pm))


def test_commitments_are_shown_and_their_cost_is_said(sfo_lhr) -> None:
    trip, plan = sfo_lhr
    shown = [e for e in plan.events if e.kind == "commitment"]
    c = trip.commitments[0]
    assert [(e.start, e.end, e.label) for e in shown] == [(c.start, c.end, "Board meeting")]
    assert shown[0].tz == "Europe/London"
    # without the meeting the plan adapts a day sooner (4 vs 3 days): the plan says so
    cost = [w for w in plan.warnings if "Board meeting" in w]
    assert cost and "costs 1 day" in cost[0] and "4 days" in cost[0] and "3 days" in cost[0]


@pytest.mark.parametrize("spec", TRIPS)
def test_windows_stay_on_their_side_of_the_cbtmin_they_quote(spec: str) -> None:
    # with a melatonin model the doses move the clock after the windows are placed: every
    # window (seek and avoid) must still lie on its side of the CBTmin its note quotes
    trip = _trip(spec)
    plan = plan_trip(trip, Person(), "hannay19melfit")
    zones = {"seek_advance": (0.0, ADVANCE_ZONE_H), "seek_delay": (-DELAY_ZONE_H, 0.0),
             "avoid_advance": (-AVOID_ZONE_H, 0.0), "avoid_delay": (0.0, AVOID_ZONE_H)}
    cbts = [p.cbtmin for p in plan.phase if p.cbtmin]
    windows = [e for e in plan.events if e.kind in ("light", "avoid_light")]
    assert windows
    for e in windows:
        lo, hi = zones[e.reason]
        assert e.start >= e.cbtmin + timedelta(hours=lo) - TOL, e
        assert e.end <= e.cbtmin + timedelta(hours=hi) + TOL, e
        assert min(abs(e.cbtmin - c) for c in cbts) <= timedelta(minutes=2), e
        assert e.cbtmin.strftime("%H:%M") in e.note or e.cbtmin.astimezone(
            trip.place_at(e.start).zone).strftime("%H:%M") in e.note
    assert validate_plan(plan, trip) == []


def test_a_stopover_of_days_prepares_for_the_next_leg() -> None:
    trip = _trip("ORD 2027-03-01 18:00 -> LHR 2027-03-02 08:00",
                 "LHR 2027-03-06 21:00 -> SIN 2027-03-07 17:30")
    plan = plan_trip(trip, Person())
    london = [e for e in plan.events if e.kind == "sleep" and e.tz == "Europe/London"]
    prep = [e for e in london if e.reason == "sleep_prep" and "Singapore" in e.note]
    assert prep, "no London night moves toward Singapore time"
    assert all(e.local_start().hour < 23 for e in prep)  # earlier: Singapore is east of London
    assert "toward Singapore time" in plan.summary.strategy
    assert validate_plan(plan, trip) == []


def test_light_on_board_when_it_helps(sfo_lhr) -> None:
    trip, plan = sfo_lhr
    f = trip.flights[0]
    onboard = [e for e in plan.events if e.kind == "light" and f.depart <= e.start < f.arrive]
    assert onboard and all(e.source == "reading light" for e in onboard)
    assert all(e.reason == "seek_advance" and e.start >= e.cbtmin for e in onboard)


def test_caffeine_cutoff_runs_to_the_sleep_it_protects() -> None:
    trip = _trip("JFK 2027-03-10 13:00 -> NRT 2027-03-11 16:00")
    plan = plan_trip(trip, Person())
    landing = trip.flights[0].arrive
    sleeps = sorted((e for e in plan.events if e.kind == "sleep"
                     and e.end - e.start >= timedelta(hours=3)), key=lambda e: e.start)
    cuts = [e for e in plan.events if e.kind == "caffeine_cutoff"]
    # one cut-off per main sleep, ending as that sleep starts
    assert {c.end for c in cuts} <= {s.start for s in sleeps}
    assert len(cuts) == len({c.end for c in cuts})
    first_in_tokyo = next(s for s in sleeps if s.start > landing)
    cover = [c for c in cuts if c.end == first_in_tokyo.start]
    assert cover and cover[0].start <= landing  # nothing uncovered from landing to bed
    assert first_in_tokyo.start.astimezone(trip.flights[0].dest.zone).hour == 23
    assert validate_plan(plan, trip) == []


def test_afternoon_melatonin_says_not_to_drive(sfo_lhr) -> None:
    _, plan = sfo_lhr
    doses = [e for e in plan.events if e.kind == "melatonin" and e.reason == "mel_before_dlmo"]
    assert doses
    for e in doses:
        assert "do not drive" in e.note and e.end - e.start == timedelta(minutes=15)


def test_melatonin_left_out_names_the_opt_in_flag() -> None:
    plan = plan_trip(_trip(TRIPS[1]), Person(medications=("warfarin",)))
    assert not any(e.kind == "melatonin" for e in plan.events)
    assert any("--opt-in-melatonin" in w for w in plan.warnings)


def test_rota_melatonin_is_an_event_with_a_length() -> None:
    rota = read_rota(EX / "rota-nurse-month.ics", tz="Europe/London")[0]
    plan = plan_rota(rota, Person(), commute_min=30)
    doses = [e for e in plan.events if e.kind == "melatonin"]
    assert doses and all(e.end - e.start == timedelta(minutes=15) for e in doses)


@pytest.mark.parametrize("spec", TRIPS[:3])
def test_times_are_whole_minutes_and_days_read_as_words(spec: str) -> None:
    plan = plan_trip(_trip(spec), Person())
    for e in plan.events:
        assert e.start.second == e.end.second == 0 and not e.start.microsecond, e
    text = " ".join([plan.summary.strategy, *plan.warnings, *plan.notes])
    assert "1 days" not in text and "day(s)" not in text
