"""`circadian plan trip` and `plan rota` end to end: the JSON shape is a public interface."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from cli_helpers import run_cli as run

EX = Path(__file__).resolve().parent.parent / "examples"
KINDS = {"sleep", "light", "avoid_light", "melatonin", "caffeine_cutoff", "nap", "flight",
         "shift", "commitment"}


def _check_events(data: dict) -> None:
    for ev in data["events"]:
        assert ev["kind"] in KINDS
        start, end = datetime.fromisoformat(ev["start"]), datetime.fromisoformat(ev["end"])
        assert start.utcoffset() is not None and end >= start
        # the offset written is the zone's offset at that instant
        assert start.utcoffset() == start.astimezone(ZoneInfo(ev["tz"])).utcoffset()
        assert ("dose_mg" in ev) == (ev["kind"] == "melatonin")
        assert isinstance(ev["note"], str)


def test_plan_trip_json_shape(capsys):
    code, out, _ = run(capsys, "plan", "trip", str(EX / "trip-sfo-lhr.toml"), "--format",
                       "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"events", "phase", "summary", "warnings"}
    _check_events(data)
    s = data["summary"]
    assert s["direction"] == "advance"
    assert s["days_to_adapt"] < s["days_to_adapt_without_plan"]
    assert {"date", "dlmo", "cbtmin"} <= set(data["phase"][0])
    mel = [e for e in data["events"] if e["kind"] == "melatonin"]
    assert mel and all(e["dose_mg"] <= 0.5 for e in mel)
    flights = [e for e in data["events"] if e["kind"] == "flight"]
    assert len(flights) == 1 and flights[0]["tz"] == "America/Los_Angeles"


def test_plan_trip_from_flight_option_and_medication(capsys):
    code, out, err = run(capsys, "plan", "trip", "--flight",
                         "SFO 2026-12-01 17:30 -> LHR 2026-12-02 11:45", "--sleep",
                         "23:00-07:00", "--medication", "warfarin", "--format", "json")
    assert code == 0
    data = json.loads(out)  # warnings went to stderr, stdout is clean JSON
    assert not [e for e in data["events"] if e["kind"] == "melatonin"]
    assert any("warfarin" in w.lower() for w in data["warnings"])
    assert "warfarin" in err.lower()


def test_plan_trip_westward_delays(capsys):
    _, out, _ = run(capsys, "plan", "trip", str(EX / "trip-lhr-lax.toml"), "--format", "json")
    assert json.loads(out)["summary"]["direction"] == "delay"


def test_plan_trip_ics_output_file(capsys, tmp_path):
    target = tmp_path / "trip.ics"
    code, _, _ = run(capsys, "plan", "trip", str(EX / "trip-multileg.toml"), "--format", "ics",
                     "--output", str(target))
    assert code == 0
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert events and len({str(e["UID"]) for e in events}) == len(events)
    # the same plan again is refused without --force, accepted with it
    code, _, err = run(capsys, "plan", "trip", str(EX / "trip-multileg.toml"), "--format",
                       "ics", "--output", str(target))
    assert code == 2 and "--force" in err
    code, _, _ = run(capsys, "plan", "trip", str(EX / "trip-multileg.toml"), "--format",
                     "ics", "--output", str(target), "--force")
    assert code == 0


def test_plan_trip_nonexistent_local_time_is_an_error(capsys):
    # 2027-03-14 02:30 does not exist in Los Angeles (clocks jump to 03:00)
    code, _, err = run(capsys, "plan", "trip", "--flight",
                       "LAX 2027-03-14 02:30 -> JFK 2027-03-14 10:45")
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_plan_rota_json_has_alertness_per_shift(capsys):
    code, out, _ = run(capsys, "plan", "rota", str(EX / "rota-4on4off.csv"), "--tz",
                       "Europe/London", "--commute", "40m", "--format", "json")
    assert code == 0
    data = json.loads(out)
    _check_events(data)
    shifts = [e for e in data["events"] if e["kind"] == "shift"]
    assert len(data["alertness"]) == len(shifts) > 0
    a = data["alertness"][0]
    assert set(a) >= {"start", "end", "label", "lowest", "scale", "hours_at_risk", "flag"}
    nights = [x for x in data["alertness"] if x["label"] == "Night"]
    days = [x for x in data["alertness"] if x["label"] == "Day"]
    assert sum(x["hours_at_risk"] for x in nights) > sum(x["hours_at_risk"] for x in days)


def test_plan_rota_csv_needs_a_zone(capsys):
    code, _, err = run(capsys, "plan", "rota", str(EX / "rota-4on4off.csv"))
    assert code == 2 and "tz" in err.lower()
