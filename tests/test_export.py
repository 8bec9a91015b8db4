"""Renderers: local offsets per event across two zones and a DST change, formats re-parse."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from circadian.errors import CircadianError, ModelError
from circadian.export import FORMATS, event_title, render
from circadian.export import csv as csv_export
from circadian.export import ics as ics_export
from circadian.export import json as json_export
from circadian.export import text as text_export
from circadian.plan import NOT_MEDICAL_ADVICE, Alertness, Event, PhaseDay, Plan, Summary

LA = "America/Los_Angeles"
LON = "Europe/London"  # GMT -> BST at 2027-03-28 01:00 UTC; BST -> GMT at 2027-10-31 01:00 UTC
GOLDEN_ICS = Path(__file__).parent / "data" / "export" / "trip_sfo_lhr.ics"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def trip_plan() -> Plan:
    """SFO -> LHR just before the UK clocks go forward (US already on PDT since 14 March)."""
    events = (
        Event(
            "light",
            utc(2027, 3, 25, 14),
            utc(2027, 3, 25, 15),
            LA,
            note="Go outside after waking",
            source="daylight",
        ),
        Event(
            "melatonin",
            utc(2027, 3, 26, 3, 30),
            utc(2027, 3, 26, 3, 45),
            LA,
            note="Take 0.5 mg",
            dose_mg=0.5,
        ),
        Event("flight", utc(2027, 3, 27, 0), utc(2027, 3, 27, 11), LA, label="SFO-LHR"),
        Event(
            "avoid_light",
            utc(2027, 3, 27, 11),
            utc(2027, 3, 27, 13),
            LON,
            note="Wear them on the way into town",
            source="dark glasses",
        ),
        Event("sleep", utc(2027, 3, 27, 22, 30), utc(2027, 3, 28, 5, 30), LON),
        Event("light", utc(2027, 3, 28, 9), utc(2027, 3, 28, 10), LON, source="daylight"),
        Event("caffeine_cutoff", utc(2027, 3, 28, 13), utc(2027, 3, 28, 13), LON),
    )
    phase = (
        PhaseDay(date(2027, 3, 26), utc(2027, 3, 27, 4), utc(2027, 3, 27, 11), LA),
        PhaseDay(
            date(2027, 3, 28),
            utc(2027, 3, 28, 20),
            utc(2027, 3, 29, 4),
            LON,
            dlmo_without_plan=utc(2027, 3, 29, 1),
        ),
    )
    summary = Summary(
        "advance", 3.5, 7.0, model="forger99", strategy="advance: morning light, evening melatonin"
    )
    return Plan(
        events,
        phase,
        summary,
        warnings=("Melatonin needs a prescription in the UK.",),
        title="SFO-LHR March 2027",
    )


def rota_plan() -> Plan:
    """One night shift over the October 2027 clock change in London."""
    shift = Event("shift", utc(2027, 10, 30, 20), utc(2027, 10, 31, 7), LON, label="N1")
    alert = (
        Alertness(utc(2027, 10, 30, 20), utc(2027, 10, 31, 7), "N1", 7.6, "KSS", 2.5, True, LON),
        Alertness(utc(2027, 11, 1, 8), utc(2027, 11, 1, 16), "D1", 4.0, "KSS", 0.0, False, LON),
    )
    return Plan(
        (shift,),
        (),
        Summary("delay", None, None),
        alertness=alert,
        kind="rota",
        title="Ward 7 nights",
    )


# --- dispatch ---------------------------------------------------------------------------------


def test_render_dispatches_every_format() -> None:
    plan = trip_plan()
    out = {fmt: render(plan, fmt) for fmt in FORMATS}
    assert isinstance(out["ics"], bytes)
    assert out["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert all(isinstance(out[f], str) for f in FORMATS if f not in ("ics", "png"))
    assert json.loads(out["json"])["summary"]["direction"] == "advance"
    assert out["csv"].startswith("kind,start_local,")
    assert out["phase-csv"].startswith("date,dlmo,cbtmin,dlmo_without_plan\n")
    assert out["text"].startswith("SFO-LHR March 2027\n")


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(CircadianError, match="unknown output format 'pdf'.*ics"):
        render(trip_plan(), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_naive_time_is_refused(fmt: str) -> None:
    plan = trip_plan()
    bad = replace(plan.events[0], start=datetime(2027, 3, 25, 14))
    plan = replace(plan, events=(bad, *plan.events[1:]))
    if fmt == "phase-csv":
        plan = replace(plan, phase=(replace(plan.phase[0], dlmo=datetime(2027, 3, 27, 4)),))
    with pytest.raises(CircadianError, match="no time zone"):
        render(plan, fmt)


def test_unknown_zone_is_refused() -> None:
    plan = trip_plan()
    plan = replace(plan, events=(replace(plan.events[0], tz="Mars/Olympus"),))
    with pytest.raises(CircadianError, match="Mars/Olympus"):
        render(plan, "json")


@pytest.mark.parametrize(
    ("event", "title"),
    [
        (
            Event("light", utc(2027, 1, 1), utc(2027, 1, 1, 1), LON, source="daylight"),
            "Seek bright light (daylight)",
        ),
        (
            Event("avoid_light", utc(2027, 1, 1), utc(2027, 1, 1, 1), LON, source="dark glasses"),
            "Avoid bright light — dark glasses",
        ),
        (
            Event("melatonin", utc(2027, 1, 1), utc(2027, 1, 1), LON, dose_mg=0.5),
            "Melatonin 0.5 mg",
        ),
        (
            Event("flight", utc(2027, 1, 1), utc(2027, 1, 1, 9), LA, label="SFO-LHR"),
            "Flight SFO→LHR",
        ),
        (Event("sleep", utc(2027, 1, 1), utc(2027, 1, 1, 8), LON), "Sleep"),
        (Event("shift", utc(2027, 1, 1), utc(2027, 1, 1, 8), LON, label="N1"), "Shift N1"),
    ],
)
def test_event_titles(event: Event, title: str) -> None:
    assert event_title(event) == title


# --- JSON -------------------------------------------------------------------------------------

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _type_ok(value: Any, name: str) -> bool:
    if name in ("number", "integer"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return ok and (name == "number" or float(value).is_integer())
    return isinstance(value, _TYPES[name])


def validate(
    value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$"
) -> list[str]:
    """A minimal JSON Schema check (the keywords plan.schema.json uses); returns error paths.

    Written here because the project does not depend on ``jsonschema``.
    """
    errors: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        errors += validate(value, root["$defs"][name], root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, t) for t in types):
            return [f"{path}: expected {types}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and _type_ok(value, "number") and value < schema["minimum"]:
        errors.append(f"{path}: {value!r} < {schema['minimum']}")
    if "anyOf" in schema and all(validate(value, s, root, path) for s in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "not" in schema and not validate(value, schema["not"], root, path):
        errors.append(f"{path}: must not match {schema['not']}")
    if "if" in schema:
        branch = "else" if validate(value, schema["if"], root, path) else "then"
        if branch in schema:
            errors += validate(value, schema[branch], root, path)
    if isinstance(value, dict):
        errors += [f"{path}: missing {k!r}" for k in schema.get("required", ()) if k not in value]
        for k, sub in schema.get("properties", {}).items():
            if k in value:
                errors += validate(value[k], sub, root, f"{path}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{path}[{i}]")
    return errors


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json_export.schema()


@pytest.mark.parametrize("make", [trip_plan, rota_plan])
def test_json_matches_schema(make: Any, schema: dict[str, Any]) -> None:
    doc = json.loads(json_export.render(make()))
    assert validate(doc, schema, schema) == []


@pytest.mark.parametrize(
    ("mutate", "expect"),
    [
        (lambda d: d["events"][0].pop("tz"), "missing 'tz'"),
        (lambda d: d["events"][0].update(start="2027-03-25T07:00:00"), "does not match"),
        (lambda d: d["events"][0].update(dose_mg=1.0), "must not match"),
        (lambda d: d["events"][1].pop("dose_mg"), "missing 'dose_mg'"),
        (lambda d: d["summary"].update(direction="sideways"), "not in"),
        (lambda d: d["phase"][0].update(dlmo=5), "none of anyOf"),
    ],
)
def test_schema_rejects_broken_documents(mutate: Any, expect: str, schema: dict) -> None:
    doc = json.loads(json_export.render(trip_plan()))
    mutate(doc)
    assert any(expect in e for e in validate(doc, schema, schema))


def test_json_times_carry_each_events_own_local_offset() -> None:
    doc = json_export.to_dict(trip_plan())
    got = [(e["kind"], e["start"], e["end"], e["tz"]) for e in doc["events"]]
    assert got == [
        ("light", "2027-03-25T07:00:00-07:00", "2027-03-25T08:00:00-07:00", LA),
        ("melatonin", "2027-03-25T20:30:00-07:00", "2027-03-25T20:45:00-07:00", LA),
        ("flight", "2027-03-26T17:00:00-07:00", "2027-03-27T04:00:00-07:00", LA),
        ("avoid_light", "2027-03-27T11:00:00+00:00", "2027-03-27T13:00:00+00:00", LON),
        # the night the UK clocks go forward: falls asleep on GMT, wakes on BST
        ("sleep", "2027-03-27T22:30:00+00:00", "2027-03-28T06:30:00+01:00", LON),
        ("light", "2027-03-28T10:00:00+01:00", "2027-03-28T11:00:00+01:00", LON),
        ("caffeine_cutoff", "2027-03-28T14:00:00+01:00", "2027-03-28T14:00:00+01:00", LON),
    ]
    for e, ev in zip(doc["events"], trip_plan().events, strict=True):
        assert datetime.fromisoformat(e["start"]) == ev.start
        assert datetime.fromisoformat(e["start_utc"]) == ev.start
    assert doc["phase"][1] == {
        "date": "2027-03-28",
        "dlmo": "2027-03-28T21:00:00+01:00",
        "cbtmin": "2027-03-29T05:00:00+01:00",
        "tz": LON,
        "dlmo_without_plan": "2027-03-29T02:00:00+01:00",
    }


def test_json_dose_only_on_melatonin() -> None:
    events = json_export.to_dict(trip_plan())["events"]
    assert [e.get("dose_mg") for e in events if "dose_mg" in e] == [0.5]
    assert [e["kind"] for e in events if "dose_mg" in e] == ["melatonin"]


def test_json_alertness_only_for_rota_plans() -> None:
    assert "alertness" not in json_export.to_dict(trip_plan())
    rows = json_export.to_dict(rota_plan())["alertness"]
    assert rows[0] == {
        "start": "2027-10-30T21:00:00+01:00",
        "end": "2027-10-31T07:00:00+00:00",
        "tz": LON,
        "label": "N1",
        "lowest": 7.6,
        "scale": "KSS",
        "hours_at_risk": 2.5,
        "flag": True,
    }


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_json_refuses_non_finite_numbers(bad: float) -> None:
    plan = replace(trip_plan(), summary=Summary("advance", bad, 7.0))
    with pytest.raises(ModelError, match="summary.days_to_adapt"):
        json_export.render(plan)


def test_json_unknown_values_are_null_and_notes_keep_the_disclaimer() -> None:
    plan = replace(rota_plan(), notes=())
    doc = json.loads(json_export.render(plan))
    assert doc["summary"]["days_to_adapt"] is None
    assert doc["notes"] == [NOT_MEDICAL_ADVICE]


# --- CSV --------------------------------------------------------------------------------------


def test_events_csv_rows() -> None:
    text = csv_export.render(trip_plan())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == (
        "kind,start_local,end_local,tz,start_utc,end_utc,dose_mg,source,label,note"
    )
    assert len(rows) == 7
    assert rows[1] == {
        "kind": "melatonin",
        "start_local": "2027-03-25T20:30:00-07:00",
        "end_local": "2027-03-25T20:45:00-07:00",
        "tz": LA,
        "start_utc": "2027-03-26T03:30:00Z",
        "end_utc": "2027-03-26T03:45:00Z",
        "dose_mg": "0.5",
        "source": "",
        "label": "",
        "note": "Take 0.5 mg",
    }
    assert (rows[4]["start_local"], rows[4]["end_local"]) == (
        "2027-03-27T22:30:00+00:00",
        "2027-03-28T06:30:00+01:00",
    )
    assert rows[0]["dose_mg"] == ""


def test_phase_csv_rows() -> None:
    rows = list(csv.reader(io.StringIO(csv_export.render_phase_csv(trip_plan()))))
    assert rows == [
        ["date", "dlmo", "cbtmin", "dlmo_without_plan"],
        ["2027-03-26", "2027-03-26T21:00:00-07:00", "2027-03-27T04:00:00-07:00", ""],
        [
            "2027-03-28",
            "2027-03-28T21:00:00+01:00",
            "2027-03-29T05:00:00+01:00",
            "2027-03-29T02:00:00+01:00",
        ],
    ]


def test_csv_quotes_commas_and_newlines_in_notes() -> None:
    plan = trip_plan()
    ev = replace(plan.events[0], note='outside, "bright"\nor by a window')
    rows = list(csv.DictReader(io.StringIO(csv_export.render(replace(plan, events=(ev,))))))
    assert rows[0]["note"] == 'outside, "bright"\nor by a window'


# --- text -------------------------------------------------------------------------------------


def _day_block(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(header))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i])
    return lines[start:end]


def test_text_groups_by_local_date_in_each_events_zone() -> None:
    out = text_export.render(trip_plan())
    fri = _day_block(out, "Fri 2027-03-26")
    # 03:30 UTC on the 26th is still the evening of the 25th in California
    thu = _day_block(out, "Thu 2027-03-25")
    assert any("20:30 PDT" in ln and "Melatonin 0.5 mg" in ln for ln in thu)
    assert any("17:00 PDT" in ln and "04:00 PDT +1d" in ln and "Flight SFO→LHR" in ln for ln in fri)
    assert any(
        ln.startswith("  Body clock:  DLMO 21:00 PDT") and "CBTmin 04:00 PDT +1d" in ln
        for ln in fri
    )
    sat = _day_block(out, "Sat 2027-03-27")
    assert any("22:30 GMT" in ln and "06:30 BST +1d" in ln and "Sleep" in ln for ln in sat)
    sun = _day_block(out, "Sun 2027-03-28")
    assert any("10:00 BST" in ln and "Seek bright light (daylight)" in ln for ln in sun)
    assert any("DLMO without plan 02:00 BST +1d" in ln for ln in sun)


def test_text_marks_the_zone_change_once() -> None:
    lines = text_export.render(trip_plan()).splitlines()
    marks = [i for i, ln in enumerate(lines) if "zone change" in ln]
    assert len(marks) == 1
    assert lines[marks[0] - 1].startswith("Sat 2027-03-27")
    assert "America/Los_Angeles → Europe/London" in lines[marks[0]]


def test_text_summary_warnings_notes() -> None:
    out = text_export.render(trip_plan())
    assert "  Direction:      advance" in out
    assert "  Days to adapt:  3.5 with plan, 7 without" in out
    assert "  ! Melatonin needs a prescription in the UK." in out
    assert "Not medical advice" in out
    assert "\x1b[" not in out
    assert "Alertness" not in out


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" in text_export.render(trip_plan(), color=True)


def test_text_rota_alertness_section() -> None:
    out = text_export.render(rota_plan())
    block = _day_block(out, "Alertness by shift")
    n1 = next(ln for ln in block if ln.startswith("  N1"))
    assert "Sat 30 Oct 21:00 BST" in n1 and "Sun 31 Oct 07:00 GMT" in n1
    assert "Lowest on the scale: KSS" in "\n".join(block)  # the scale is named once
    assert " 7.6 " in n1 and "2.5 h" in n1 and n1.endswith("AT RISK")
    assert not next(ln for ln in block if ln.startswith("  D1")).endswith("AT RISK")
    assert "Days to adapt:  n/a with plan, n/a without" in out


# --- ICS --------------------------------------------------------------------------------------

STAMP = utc(2027, 1, 1, 12)


def _vevents(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_ics_golden() -> None:
    # A golden file because ICS is a format other programs read: any change to its bytes
    # (property order, TZID spelling, VTIMEZONE rules, line folding) should be a visible,
    # reviewed diff. DTSTAMP (and SEQUENCE, from it) are fixed here. Regenerate with
    # CIRCADIAN_REGEN_GOLDEN=1.
    got = ics_export.render(trip_plan(), stamp=datetime(2027, 1, 1, 12, tzinfo=UTC))
    if os.environ.get("CIRCADIAN_REGEN_GOLDEN"):
        GOLDEN_ICS.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_ICS.write_bytes(got)
    assert got == GOLDEN_ICS.read_bytes()


def test_ics_events_keep_their_zone_and_instant() -> None:
    data = ics_export.render(trip_plan(), stamp=STAMP)
    cal = icalendar.Calendar.from_ical(data)
    assert [c.errors for c in cal.walk() if c.errors] == []  # icalendar 7 tolerant-parse log
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {LA, LON}
    assert b"DTSTART;TZID=Europe/London:20270327T223000" in data
    assert b"DTEND;TZID=Europe/London:20270328T063000" in data
    assert b"DTSTART;TZID=America/Los_Angeles:20270326T170000" in data
    plan = trip_plan()
    by_start = sorted(_vevents(data), key=lambda v: v.decoded("DTSTART"))
    for vev, ev in zip(by_start, plan.events, strict=True):
        assert vev["DTSTART"].params["TZID"] == ev.tz
        assert vev.decoded("DTSTART") == ev.start
        assert vev.decoded("DTEND") == ev.end
        assert vev.decoded("DTSTAMP") == STAMP
    assert cal["PRODID"].startswith("-//circadian-planner//")
    assert cal["VERSION"] == "2.0"
    assert "Not medical advice" in str(cal["X-WR-CALDESC"])


def test_ics_recurring_ical_events_expands_every_event() -> None:
    cal = icalendar.Calendar.from_ical(ics_export.render(trip_plan(), stamp=STAMP))
    found = recurring_ical_events.of(cal).between(utc(2027, 3, 20), utc(2027, 4, 1))
    assert sorted(e.decoded("DTSTART") for e in found) == sorted(
        ev.start for ev in trip_plan().events
    )


def test_ics_summaries_transparency_alarms() -> None:
    rows = {str(v["SUMMARY"]): v for v in _vevents(ics_export.render(trip_plan(), stamp=STAMP))}
    assert set(rows) == {
        "Seek bright light (daylight)",
        "Melatonin 0.5 mg",
        "Flight SFO→LHR",
        "Avoid bright light — dark glasses",
        "Sleep",
        "No caffeine from now",
    }
    assert rows["Sleep"]["TRANSP"] == "OPAQUE"
    assert rows["Flight SFO→LHR"]["TRANSP"] == "OPAQUE"
    assert rows["Melatonin 0.5 mg"]["TRANSP"] == "TRANSPARENT"
    with_alarm = {s for s, v in rows.items() if v.walk("VALARM")}
    assert with_alarm == {
        "Seek bright light (daylight)",
        "Melatonin 0.5 mg",
        "Avoid bright light — dark glasses",
    }
    alarm = rows["Melatonin 0.5 mg"].walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=15)
    desc = str(rows["Avoid bright light — dark glasses"]["DESCRIPTION"])
    assert desc.startswith("Wear them on the way into town")
    assert "Not medical advice" in desc


def _uids(plan: Plan) -> list[str]:
    by_start = sorted(
        _vevents(ics_export.render(plan, stamp=STAMP)), key=lambda v: v.decoded("DTSTART")
    )
    return [str(v["UID"]) for v in by_start]


def test_ics_uids_are_unique_and_stable_when_a_window_moves_within_its_day() -> None:
    plan = trip_plan()
    uids = _uids(plan)
    assert len(set(uids)) == len(uids)
    assert _uids(plan) == uids
    moved = replace(plan.events[5], start=utc(2027, 3, 28, 8), end=utc(2027, 3, 28, 9, 30))
    later = replace(plan, events=(*plan.events[:5], moved, plan.events[6]))
    assert _uids(later) == uids
    assert _uids(replace(plan, title="another trip"))[0] != uids[0]


def test_ics_refuses_an_event_that_ends_before_it_starts() -> None:
    plan = trip_plan()
    bad = replace(plan.events[0], end=plan.events[0].start - timedelta(hours=1))
    with pytest.raises(CircadianError, match="ends before it starts"):
        ics_export.render(replace(plan, events=(bad,)))


def test_ics_sequence_grows_with_each_generation() -> None:
    """A regenerated plan must win over the one already imported: same UIDs, higher SEQUENCE
    and DTSTAMP (RFC 5545 3.8.7.4), within the 32-bit INTEGER range."""
    early = _vevents(ics_export.render(trip_plan(), stamp=datetime(2026, 12, 1, 8, tzinfo=UTC)))
    later = _vevents(ics_export.render(trip_plan(),
                                       stamp=datetime(2026, 12, 1, 8, 1, tzinfo=UTC)))
    assert [str(v["UID"]) for v in early] == [str(v["UID"]) for v in later]
    for a, b in zip(early, later, strict=True):
        assert 0 <= int(a["SEQUENCE"]) < int(b["SEQUENCE"]) < 2**31
        assert a.decoded("DTSTAMP") < b.decoded("DTSTAMP")
    far = _vevents(ics_export.render(trip_plan(), stamp=datetime(6000, 1, 1, tzinfo=UTC)))
    assert int(far[0]["SEQUENCE"]) < 2**31
