"""Time edges end to end, checked against the tz database (zoneinfo).

test_tz.py covers the conversion functions one by one; here the same edges go through the
readers, the planners, the CLI and the exported JSON/CSV/ICS: every local time a plan prints must
carry the UTC offset zoneinfo gives for that instant, and every duration must be real elapsed
time. Transition dates (tz database 2027): US 14 Mar / 7 Nov, EU 28 Mar / 31 Oct, Adelaide and
Sydney end DST 4 Apr and start it 3 Oct, Chatham 4 Apr / 26 Sep.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from circadian.cli import main
from circadian.errors import CircadianError
from circadian.itinerary import Trip, parse_flight_spec, read_itinerary_text
from circadian.person import Person
from circadian.planner.rota import plan_rota
from circadian.planner.trip import plan_trip
from circadian.rota import parse_csv
from cli_helpers import run_cli as run
from cli_helpers import strict_json as no_nan


def check_offsets(events: list[dict]) -> set[timedelta]:
    """Every local time in the JSON matches its UTC twin and zoneinfo's offset then."""
    offsets = set()
    for e in events:
        for key in ("start", "end"):
            local = datetime.fromisoformat(e[key])
            utc = datetime.fromisoformat(e[f"{key}_utc"].replace("Z", "+00:00"))
            assert local == utc, e
            expected = utc.astimezone(ZoneInfo(e["tz"])).utcoffset()
            assert local.utcoffset() == expected, (key, e)
            offsets.add(expected)
    return offsets


@cache
def trip_json(spec: str) -> dict:
    """Plan one --flight through the CLI (cached: several tests read the same plan)."""
    out = io.StringIO()
    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["plan", "trip", "--flight", spec, "--format", "json"])
        except SystemExit as exc:
            assert not exc.code, err.getvalue()
    return no_nan(out.getvalue())  # type: ignore[return-value]


# --- plans spanning a DST change at the destination --------------------------------------------


@pytest.mark.parametrize(
    ("spec", "zone", "before", "after"),
    [
        # SFO -> LHR a few days before the UK springs forward (28 Mar 2027)
        ("SFO 2027-03-24 17:30 -> LHR 2027-03-25 11:45", "Europe/London", 0.0, 1.0),
        # LAX -> Adelaide before Adelaide leaves DST (4 Apr 2027): southern hemisphere
        ("LAX 2027-03-30 22:30 -> ADL 2027-04-01 10:15", "Australia/Adelaide", 10.5, 9.5),
    ],
)
def test_trip_plan_across_a_dst_change_at_the_destination(
    spec: str, zone: str, before: float, after: float
) -> None:
    data = trip_json(spec)
    offsets = check_offsets(data["events"])
    there = [e for e in data["events"] if e["tz"] == zone]
    seen = {datetime.fromisoformat(e["start"]).utcoffset() for e in there}
    assert {timedelta(hours=before), timedelta(hours=after)} <= seen, seen
    assert offsets
    for day in data["phase"]:  # phase markers in the JSON carry the right offsets too
        for key in ("dlmo", "cbtmin"):
            if day.get(key):
                t = datetime.fromisoformat(day[key])
                assert t.utcoffset() == t.astimezone(ZoneInfo(day["tz"])).utcoffset()


def test_trip_plan_csv_export_matches_zoneinfo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "trip", "--flight",
                         "SFO 2027-03-24 17:30 -> LHR 2027-03-25 11:45", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    for r in rows:
        local = datetime.fromisoformat(r["start_local"])
        utc = datetime.fromisoformat(r["start_utc"].replace("Z", "+00:00"))
        assert local == utc and local.utcoffset() == utc.astimezone(ZoneInfo(r["tz"])).utcoffset()


# --- odd offsets and the date line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "hours", "dest_offset"),
    [
        ("DEL 2027-06-01 10:00 -> KTM 2027-06-01 12:00", 1.75, 5.75),  # Kathmandu +05:45
        ("AKL 2027-06-01 09:00 -> CHT 2027-06-01 11:30", 1.75, 12.75),  # Chatham winter
        ("AKL 2027-12-01 09:00 -> CHT 2027-12-01 11:30", 1.75, 13.75),  # Chatham summer
        ("SYD 2027-06-01 09:00 -> ADL 2027-06-01 10:30", 2.0, 9.5),  # Adelaide winter
        ("SYD 2027-12-01 09:00 -> ADL 2027-12-01 10:30", 2.0, 10.5),  # Adelaide summer
        ("HNL 2027-06-01 10:00 -> CXI 2027-06-02 13:00", 3.0, 14.0),  # Kiribati +14
        ("PPG 2027-06-01 10:00 -> APW 2027-06-02 11:00", 1.0, 13.0),  # across the date line
        ("AKL 2027-06-01 09:00 -> TBU 2027-06-01 13:00", 3.0, 13.0),  # Tonga +13
    ],
)
def test_odd_offsets_end_to_end(spec: str, hours: float, dest_offset: float) -> None:
    f = parse_flight_spec(spec)
    assert f.duration_h == pytest.approx(hours)
    assert f.local_arrive().utcoffset() == timedelta(hours=dest_offset)
    data = trip_json(spec)
    check_offsets(data["events"])
    flight = next(e for e in data["events"] if e["kind"] == "flight")
    a = datetime.fromisoformat(flight["start"])
    b = datetime.fromisoformat(flight["end"])
    assert (b - a) == timedelta(hours=hours)


def test_samoa_30_december_2011_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "trip", "--flight",
                         "HNL 2011-12-29 10:00 -> APW 2011-12-30 16:30")
    assert code == 2 and out == ""
    assert "2011-12-30 16:30 does not exist in Pacific/Apia" in err
    # the day after the jump: 5 h 30 min in the air, 31 Dec local
    f = parse_flight_spec("HNL 2011-12-30 10:00 -> APW 2011-12-31 15:30")
    assert f.duration_h == pytest.approx(5.5)
    assert f.local_arrive().utcoffset() == timedelta(hours=14)  # Samoa's DST then


def test_kiribati_line_islands_toml() -> None:
    text = ('[[flight]]\nfrom = "HNL"\nto = "CXI"\ndepart = 2027-06-01T10:00:00\n'
            'arrive = 2027-06-02T13:00:00\n')
    trip, _, _ = read_itinerary_text(text, "toml", "k.toml")
    (f,) = trip.flights
    assert f.depart == datetime(2027, 6, 1, 20, tzinfo=UTC)
    assert f.arrive == datetime(2027, 6, 1, 23, tzinfo=UTC)


# --- flights that cross a DST change while airborne --------------------------------------------


@pytest.mark.parametrize(
    ("spec", "hours"),
    [
        # 14 Mar 2027: the US springs forward while the plane is over the Atlantic
        ("LHR 2027-03-14 08:00 -> JFK 2027-03-14 11:00", 7.0),
        # US/EU mismatch weeks (14-28 Mar): London and New York 4 h apart, not 5
        ("LHR 2027-03-20 10:00 -> JFK 2027-03-20 13:00", 7.0),
        ("JFK 2027-03-20 18:00 -> LHR 2027-03-21 06:00", 8.0),
        # 28 Mar 2027: the UK springs forward during the overnight flight
        ("JFK 2027-03-27 19:00 -> LHR 2027-03-28 07:00", 7.0),
        # 31 Oct 2027: the UK falls back during the flight (EU/US mismatch week again)
        ("JFK 2027-10-30 22:00 -> LHR 2027-10-31 09:00", 7.0),
    ],
)
def test_flight_across_a_dst_change(capsys: pytest.CaptureFixture[str], spec: str,
                                    hours: float) -> None:
    assert parse_flight_spec(spec).duration_h == pytest.approx(hours)
    code, out, err = run(capsys, "plan", "trip", "--flight", spec, "--format", "json",
                         "--prep-days", "0")
    assert code == 0, err
    data = no_nan(out)
    check_offsets(data["events"])  # type: ignore[index]
    (flight,) = [e for e in data["events"] if e["kind"] == "flight"]  # type: ignore[index]
    dt = datetime.fromisoformat(flight["end"]) - datetime.fromisoformat(flight["start"])
    assert dt == timedelta(hours=hours)


def test_departure_in_a_fold_needs_an_offset() -> None:
    with pytest.raises(CircadianError, match="happens twice in Europe/London"):
        parse_flight_spec("LHR 2027-10-31 01:30 -> JFK 2027-10-31 05:00")
    a = parse_flight_spec("LHR 2027-10-31 01:30+01:00 -> JFK 2027-10-31 05:00")
    b = parse_flight_spec("LHR 2027-10-31 01:30+00:00 -> JFK 2027-10-31 05:00")
    assert a.duration - b.duration == timedelta(hours=1)


# --- shifts across a DST change ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/London", "2027-03-27", 7.0),  # spring forward 28 Mar
        ("Europe/London", "2027-10-30", 9.0),  # fall back 31 Oct
        ("Australia/Adelaide", "2027-10-02", 7.0),  # southern spring, 3 Oct
        ("Australia/Adelaide", "2027-04-03", 9.0),  # southern autumn, 4 Apr
        ("Pacific/Chatham", "2027-09-25", 7.0),  # 02:45 -> 03:45 on 26 Sep
    ],
)
def test_night_shift_across_dst_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, day: str, hours: float
) -> None:
    rota = tmp_path / "rota.csv"
    rota.write_text(f"date,start,end,label\n{day},22:00,06:00,Night\n")
    code, out, err = run(capsys, "plan", "rota", str(rota), "--tz", zone, "--format", "json")
    assert code == 0, err
    data = no_nan(out)
    check_offsets(data["events"])  # type: ignore[index]
    (shift,) = [e for e in data["events"] if e["kind"] == "shift"]  # type: ignore[index]
    s, e = datetime.fromisoformat(shift["start"]), datetime.fromisoformat(shift["end"])
    assert (s.hour, e.hour) == (22, 6)  # wall clock as written
    assert e - s == timedelta(hours=hours)  # real elapsed time


def test_rota_spanning_both_changes_plans_with_right_offsets() -> None:
    rows = ["date,start,end,label"]
    for d in ("2027-03-26", "2027-03-27", "2027-03-28"):
        rows.append(f"{d},23:00,07:00,Night")
    rota = parse_csv("\n".join(rows) + "\n", "Europe/London")
    assert [s.duration_h for s in rota.shifts] == [8.0, 7.0, 8.0]
    plan = plan_rota(rota, Person())
    for ev in plan.events:
        local = ev.start.astimezone(ZoneInfo(ev.tz))
        assert local.utcoffset() == ZoneInfo(ev.tz).utcoffset(local.replace(tzinfo=None,
                                                                            fold=local.fold))


def _ics_instants(data: bytes) -> list[tuple[datetime, datetime]]:
    import icalendar

    def instant(v: datetime) -> datetime:
        if isinstance(v.tzinfo, ZoneInfo):  # RFC 5545: a wall time in a fold is the first one
            v = v.replace(fold=0)
        return v.astimezone(UTC)

    cal = icalendar.Calendar.from_ical(data)
    return sorted((instant(ev.decoded("DTSTART")), instant(ev.decoded("DTEND")))
                  for ev in cal.walk("VEVENT"))


def test_ics_export_of_a_real_rota_round_trips(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    rota = tmp_path / "rota.csv"
    rota.write_text("date,start,end,label\n2027-10-29,22:00,06:00,Night\n"
                    "2027-10-30,22:00,06:00,Night\n")
    code, out, err = run(capsys, "plan", "rota", str(rota), "--tz", "Europe/London",
                         "--format", "json")
    assert code == 0, err
    want = sorted((datetime.fromisoformat(e["start_utc"].replace("Z", "+00:00")),
                   datetime.fromisoformat(e["end_utc"].replace("Z", "+00:00")))
                  for e in no_nan(out)["events"])  # type: ignore[index]
    ics = tmp_path / "plan.ics"
    code, _, err = run(capsys, "plan", "rota", str(rota), "--tz", "Europe/London",
                       "--format", "ics", "--output", str(ics))
    assert code == 0, err
    assert _ics_instants(ics.read_bytes()) == want


def test_ics_export_round_trips_the_second_pass_of_a_fold() -> None:
    from circadian.export import render
    from circadian.plan import Event, Plan, Summary

    t = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT, the second 01:30 in London
    ev = Event("sleep", t, t + timedelta(hours=6), "Europe/London")
    plan = Plan((ev,), (), Summary("none", None, None), title="fold")
    assert _ics_instants(render(plan, "ics")) == [(t, t + timedelta(hours=6))]


# --- simulate across a DST change --------------------------------------------------------------


def test_simulate_markers_across_dst(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    light = tmp_path / "light.csv"
    rows = ["time,lux"]
    t = datetime(2027, 3, 20, tzinfo=UTC)
    while t < datetime(2027, 4, 5, tzinfo=UTC):
        rows.append(f"{t:%Y-%m-%dT%H:%MZ},{500 if 7 <= t.hour < 23 else 0}")
        t += timedelta(minutes=30)
    light.write_text("\n".join(rows) + "\n")
    code, out, err = run(capsys, "simulate", "--light", str(light), "--tz", "Europe/London",
                         "--format", "json")
    assert code == 0, err
    data = no_nan(out)
    offs = set()
    for m in data["markers"]:  # type: ignore[index]
        for key in ("dlmo", "cbtmin"):
            if m[key]:
                v = datetime.fromisoformat(m[key])
                assert v.utcoffset() == v.astimezone(ZoneInfo("Europe/London")).utcoffset()
                offs.add(v.utcoffset())
    assert offs == {timedelta(0), timedelta(hours=1)}


def test_trip_object_zone_at_the_date_line() -> None:
    trip = Trip((parse_flight_spec("AKL 2027-06-06 19:30 -> HNL 2027-06-06 05:15"),))
    f = trip.flights[0]
    # lands at an earlier wall-clock time than it left, 7 h 45 min later
    assert f.local_arrive().replace(tzinfo=None) < f.local_depart().replace(tzinfo=None)
    assert f.duration == timedelta(hours=7, minutes=45)
    assert trip.zone_at(f.arrive) == "Pacific/Honolulu"
    plan = plan_trip(trip, Person())
    for ev in plan.events:
        z = ZoneInfo(ev.tz)
        assert ev.start.astimezone(z).utcoffset() == z.utcoffset(
            ev.start.astimezone(z).replace(tzinfo=None))
