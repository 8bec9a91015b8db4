"""Rota readers, shift typing and HSE guidance checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circadian.errors import CircadianError
from circadian.rota import (
    Rota,
    Shift,
    classify_blocks,
    classify_shift,
    guidance_warnings,
    parse_csv,
    parse_ics,
    parse_pattern_toml,
    quick_returns,
    read_rota,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LONDON = ZoneInfo("Europe/London")
TZ = "Europe/London"


def csv_rota(body: str, tz: str = TZ) -> Rota:
    return parse_csv("date,start,end,label\n" + body, tz, "t.csv")


def shift(y: int, m: int, d: int, h: int, mi: int, hours: float, label: str = "") -> Shift:
    s = datetime(y, m, d, h, mi, tzinfo=LONDON)
    return Shift(s, s + timedelta(hours=hours), label, TZ)


def local(dt: datetime) -> datetime:
    return dt.astimezone(LONDON).replace(tzinfo=None)


# ------------------------------------------------------------------------------ examples


def test_4on4off_csv_reads_as_two_days_two_nights_four_off() -> None:
    rota, warnings = read_rota(EXAMPLES / "rota-4on4off.csv", TZ)
    assert warnings == []
    assert len(rota.shifts) == 20
    assert all(s.duration_h == 12.0 for s in rota.shifts)
    first_night = rota.shifts[2]
    # 19:00 on 9 Dec to 07:00 next morning (GMT = UTC in December)
    assert first_night.start == datetime(2026, 12, 9, 19, tzinfo=UTC)
    assert first_night.end == datetime(2026, 12, 10, 7, tzinfo=UTC)
    kinds = [b.kind for b in classify_blocks(rota)]
    assert kinds == ["days", "isolated nights"] * 5
    assert guidance_warnings(rota) == []


def test_pattern_toml_gives_same_shifts_as_csv() -> None:
    csv_r, _ = read_rota(EXAMPLES / "rota-4on4off.csv", TZ)
    toml_r, warnings = read_rota(EXAMPLES / "rota-4on4off.toml")
    assert warnings == []
    assert [(s.start, s.end, s.label) for s in toml_r.shifts] == [
        (s.start, s.end, s.label) for s in csv_r.shifts
    ]
    assert len(toml_r.days_off) == 20
    assert toml_r.days_off[0] == date(2026, 12, 11)
    assert toml_r.days_off[-1] == date(2027, 1, 15)


def test_pattern_until_is_inclusive_and_matches_repeat() -> None:
    text = (EXAMPLES / "rota-4on4off.toml").read_text().replace("repeat = 5", "until = 2027-01-10")
    r = parse_pattern_toml(text)
    # until 10 Jan: the last cycle's nights start 10 and 11 Jan -> only the 10th is included
    assert r.shifts[-1].start == datetime(2027, 1, 10, 19, tzinfo=UTC)
    assert len(r.shifts) == 19


def test_nurse_month_ics() -> None:
    rota, warnings = read_rota(EXAMPLES / "rota-nurse-month.ics")
    assert rota.tz == TZ
    assert len(rota.shifts) == 18
    starts = [local(s.start) for s in rota.shifts]
    # EXDATE removed the early on Thursday 4 March, which is an all-day "Off"
    assert datetime(2027, 3, 4, 7) not in starts
    assert date(2027, 3, 4) in rota.days_off
    # multi-day "Annual leave" 12-14 March (DTEND exclusive), "AL" and "Rest days" are days off
    assert {date(2027, 3, 12), date(2027, 3, 13), date(2027, 3, 14)} <= set(rota.days_off)
    assert date(2027, 3, 15) not in rota.days_off
    assert date(2027, 3, 29) in rota.days_off
    assert date(2027, 3, 21) in rota.days_off
    # the "Study day" all-day event is reported, not turned into a shift or day off
    assert len(warnings) == 1 and "Study day" in warnings[0]
    assert date(2027, 3, 31) not in rota.days_off
    # weekly RRULE BYDAY=MO,TU with UNTIL
    assert datetime(2027, 3, 22, 7) in starts and datetime(2027, 3, 23, 7) in starts
    # night 21:00 Sat 27 -> 07:30 Sun 28 March crosses the spring change: 10.5 h wall, 9.5 h real
    dst_night = next(s for s in rota.shifts if local(s.start) == datetime(2027, 3, 27, 21))
    assert dst_night.duration_h == 9.5
    assert local(dst_night.end) == datetime(2027, 3, 28, 7, 30)


def test_nurse_month_guidance() -> None:
    rota, _ = read_rota(EXAMPLES / "rota-nurse-month.ics")
    w = guidance_warnings(rota)
    assert len(w) == 3
    assert any("4 consecutive night shifts 2027-03-15 to 2027-03-18" in x for x in w)
    assert any(x.startswith("quick return: 9.5 h") and "2027-03-09 21:30" in x for x in w)
    assert any(x.startswith("backward rotation") and "2027-03-10" in x for x in w)
    blocks = classify_blocks(rota)
    assert [b.kind for b in blocks if b.quick_return] == ["days"]
    assert "run of nights" in [b.kind for b in blocks]


def test_factory_rota_alternates_early_and_evening_weeks() -> None:
    rota, _ = read_rota(EXAMPLES / "rota-factory-early.csv", TZ)
    blocks = classify_blocks(rota)
    assert [b.kind for b in blocks] == ["early starts", "evenings"] * 3
    assert all(len(b.shifts) == 5 for b in blocks)
    # Fri late ends 21:00, Mon early starts 05:00: two full nights off, so not "backward"
    assert guidance_warnings(rota) == []


def test_spring_dst_night_lasts_seven_real_hours() -> None:
    rota, _ = read_rota(EXAMPLES / "rota-nights-dst.csv", TZ)
    assert [s.duration_h for s in rota.shifts[:3]] == [8.0, 8.0, 7.0]
    assert rota.shifts[2].end == datetime(2027, 3, 28, 6, tzinfo=UTC)  # 07:00 BST


def test_autumn_dst_night_lasts_nine_real_hours() -> None:
    r = csv_rota("2027-10-30,23:00,07:00,Night\n")
    assert r.shifts[0].duration_h == 9.0
    assert r.shifts[0].end == datetime(2027, 10, 31, 7, tzinfo=UTC)  # 07:00 GMT


# ------------------------------------------------------------------------------ CSV rules


def test_midnight_crossing_and_24_00_end() -> None:
    r = csv_rota("2027-01-05,16:00,24:00,Late\n2027-01-06,22:00,00:00,Short\n")
    assert r.shifts[0].end == datetime(2027, 1, 6, 0, tzinfo=UTC)
    assert r.shifts[0].duration_h == 8.0
    assert r.shifts[1].end == datetime(2027, 1, 7, 0, tzinfo=UTC)
    assert r.shifts[1].duration_h == 2.0


def test_24_00_start_is_an_error() -> None:
    with pytest.raises(CircadianError, match=r"t\.csv: line 2: start: 24:00 is only accepted"):
        csv_rota("2027-01-05,24:00,08:00,X\n")


def test_bom_crlf_comments_and_missing_label_column() -> None:
    text = "\ufeff# my rota\r\ndate,start,end\r\n\r\n2027-01-05,07:00,15:00\r\n"
    r = parse_csv(text, TZ)
    assert len(r.shifts) == 1 and r.shifts[0].label == ""


def test_unsorted_rows_are_sorted() -> None:
    r = csv_rota("2027-01-07,07:00,15:00,B\n2027-01-05,07:00,15:00,A\n")
    assert [s.label for s in r.shifts] == ["A", "B"]


def test_start_in_spring_gap_is_an_error_with_line() -> None:
    with pytest.raises(CircadianError, match=r"line 3: start: 2027-03-28 01:30 does not exist"):
        csv_rota("2027-03-27,07:00,15:00,A\n2027-03-28,01:30,09:30,B\n")


def test_start_in_autumn_fold_needs_an_offset() -> None:
    with pytest.raises(CircadianError, match="happens twice"):
        csv_rota("2027-10-31,01:30,09:30,X\n")
    r = csv_rota("2027-10-31,01:30+01:00,09:30,X\n")
    assert r.shifts[0].start == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert r.shifts[0].duration_h == 9.0


@pytest.mark.parametrize(
    ("body", "pattern"),
    [
        ("2027-01-05,7h,15:00,X\n", r"line 2: start: expected a time HH:MM"),
        ("2027-01-05,07:00,25:00,X\n", r"line 2: end: no such time of day"),
        ("2027-02-30,07:00,15:00,X\n", r"line 2: date: no such date"),
        ("9999-12-31,23:00,07:00,X\n", r"line 2: date: .*outside the supported years"),
        ("05/01/2027,07:00,15:00,X\n", r"line 2: date: expected a date YYYY-MM-DD"),
        ("2027-01-05,07:00\n", r"line 2: expected 4 fields"),
        ("2027-01-05,07:00,15:00,A\n2027-01-05,07:00,15:00,B\n", r"duplicate shift .*line 3"),
        ("2027-01-05,07:00,23:30,A\n", r"lasts 16\.5 h, more than 16 h"),
    ],
)
def test_csv_errors_name_line_and_field(body: str, pattern: str) -> None:
    with pytest.raises(CircadianError, match=pattern):
        csv_rota(body)


def test_overlap_error_names_both_shifts() -> None:
    with pytest.raises(CircadianError) as exc:
        csv_rota("2027-01-05,19:00,07:00,Night\n2027-01-06,06:00,14:00,Early\n")
    msg = str(exc.value)
    assert "overlaps" in msg and "line 2" in msg and "line 3" in msg
    assert "'Night'" in msg and "'Early'" in msg


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("", "empty file"),
        ("2027-01-05,07:00,15:00\n", r"line 1: unknown column"),
        ("date,start,label\n", r"line 1: .*missing end"),
        ("date,start,end,lable\n", r"unknown column\(s\) 'lable'"),
    ],
)
def test_csv_header_errors(text: str, pattern: str) -> None:
    with pytest.raises(CircadianError, match=pattern):
        parse_csv(text, TZ, "t.csv")


def test_read_rota_errors(tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_text("date,start,end\n2027-01-05,07:00,15:00\n")
    with pytest.raises(CircadianError, match="needs the time zone"):
        read_rota(f)
    with pytest.raises(CircadianError, match="unknown time zone"):
        read_rota(f, "Mars/Olympus")
    with pytest.raises(CircadianError, match="no such file"):
        read_rota(tmp_path / "missing.csv", TZ)
    g = tmp_path / "r.xlsx"
    g.write_bytes(b"x")
    with pytest.raises(CircadianError, match="unknown rota file type"):
        read_rota(g, TZ)
    h = tmp_path / "latin.csv"
    h.write_bytes("date,start,end,label\n2027-01-05,07:00,15:00,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CircadianError, match="not UTF-8"):
        read_rota(h, TZ)


_FIELD = st.one_of(
    st.sampled_from(
        [
            "2027-03-28",
            "2027-10-31",
            "2027-01-05",
            "9999-12-31",
            "0001-01-01",
            "07:00",
            "24:00",
            "01:30",
            "00:00",
            "19:00",
            "23:59",
            "01:30+01:00",
            "07:00Z",
            "25:61",
            "",
            "Night",
            "date",
            "start",
            "end",
            "label",
        ]
    ),
    st.text(max_size=8),
)
_ROW = st.lists(_FIELD, min_size=0, max_size=5).map(",".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(),
        st.lists(_ROW, max_size=6).map(lambda rows: "date,start,end,label\n" + "\n".join(rows)),
    )
)
def test_any_csv_text_parses_or_raises_circadian_error(text: str) -> None:
    try:
        rota = parse_csv(text, TZ)
    except CircadianError:
        return
    for s in rota.shifts:
        assert s.start.tzinfo is UTC and 0 < s.duration_h <= 16


# ------------------------------------------------------------------------------ classification


@pytest.mark.parametrize(
    ("h", "mi", "hours", "kind"),
    [
        (19, 0, 12, "night"),
        (22, 0, 8, "night"),
        (21, 0, 10.5, "night"),
        (18, 0, 10, "night"),  # 4 h of 00:00-06:00
        (17, 0, 10, "evening"),  # exactly 3 h: not "most" of the core night
        (5, 0, 8, "early"),
        (6, 59, 8, "early"),
        (7, 0, 8.5, "day"),
        (13, 0, 8.5, "evening"),
    ],
)
def test_classify_shift(h: int, mi: int, hours: float, kind: str) -> None:
    assert classify_shift(shift(2027, 1, 5, h, mi, hours)) == kind


def test_three_nights_is_a_run_two_are_isolated_and_no_hse_warning() -> None:
    r = Rota(tuple(shift(2027, 1, d, 22, 0, 8) for d in (5, 6, 7, 12, 13)), TZ)
    assert [b.kind for b in classify_blocks(r)] == ["run of nights", "isolated nights"]
    assert not any("consecutive night" in w for w in guidance_warnings(r))


def test_night_over_12_h_warned() -> None:
    r = Rota((shift(2027, 1, 5, 19, 0, 13, "Long night"),), TZ)
    w = guidance_warnings(r)
    assert len(w) == 1 and "13.0 h" in w[0] and "2027-01-05" in w[0]


def test_switching_nights_to_days_needs_two_full_nights() -> None:
    nights = [shift(2027, 1, d, 22, 0, 8) for d in (5, 6)]  # last ends 07:00 on the 7th
    short = Rota((*nights, shift(2027, 1, 8, 8, 0, 8)), TZ)  # only the night of 7->8 free
    ok = Rota((*nights, shift(2027, 1, 9, 8, 0, 8)), TZ)
    w = guidance_warnings(short)
    assert len(w) == 1 and "leaves 1 full night" in w[0] and "2027-01-07" in w[0]
    assert guidance_warnings(ok) == []


def test_backward_rotation_and_quick_return() -> None:
    r = Rota((shift(2027, 1, 5, 14, 0, 8, "Late"), shift(2027, 1, 6, 6, 0, 8, "Early")), TZ)
    assert [(a.label, b.label) for a, b in quick_returns(r)] == [("Late", "Early")]
    w = guidance_warnings(r)
    assert any(x.startswith("quick return: 8.0 h") for x in w)
    assert any(x.startswith("backward rotation: evenings (2027-01-05)") for x in w)
    assert classify_blocks(r)[1].quick_return


def test_forward_rotation_not_warned() -> None:
    r = Rota(
        (shift(2027, 1, 5, 6, 0, 8), shift(2027, 1, 6, 14, 0, 8), shift(2027, 1, 7, 22, 0, 8)), TZ
    )
    assert guidance_warnings(r) == []


def test_shift_must_be_aware_and_positive() -> None:
    with pytest.raises(CircadianError, match="aware"):
        Shift(datetime(2027, 1, 5, 7), datetime(2027, 1, 5, 15, tzinfo=UTC))
    with pytest.raises(CircadianError, match="at or before"):
        shift(2027, 1, 5, 7, 0, 0)


# ------------------------------------------------------------------------------ iCalendar


def _ics(*events: str, extra: str = "") -> str:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@x\r\nDTSTAMP:20270101T000000Z\r\n{e}END:VEVENT\r\n"
        for i, e in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{extra}{body}END:VCALENDAR\r\n"


def test_ics_floating_times_use_the_users_zone() -> None:
    text = _ics("SUMMARY:Day\r\nDTSTART:20270705T080000\r\nDTEND:20270705T160000\r\n")
    with pytest.raises(CircadianError, match="floating or UTC"):
        parse_ics(text, None, "f.ics")
    rota, _ = parse_ics(text, TZ, "f.ics")
    assert rota.shifts[0].start == datetime(2027, 7, 5, 7, tzinfo=UTC)  # BST


def test_ics_floating_time_in_gap_is_an_error() -> None:
    text = _ics("SUMMARY:Night\r\nDTSTART:20270328T013000\r\nDTEND:20270328T090000\r\n")
    with pytest.raises(CircadianError, match=r"f\.ics: event 'Night'.*does not exist"):
        parse_ics(text, TZ, "f.ics")


def test_ics_open_ended_rrule_is_cut_with_warning() -> None:
    text = _ics(
        "SUMMARY:Day\r\nDTSTART:20270104T080000Z\r\nDTEND:20270104T160000Z\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
    )
    rota, warnings = parse_ics(text, TZ)
    # Mondays from 4 Jan up to 12 weeks later (29 March excluded)
    assert len(rota.shifts) == 12
    assert rota.shifts[-1].start == datetime(2027, 3, 22, 8, tzinfo=UTC)
    assert any("no end" in w for w in warnings)


def test_ics_errors() -> None:
    with pytest.raises(CircadianError, match="not a valid iCalendar"):
        parse_ics("hello", TZ, "x.ics")
    only_off = _ics("SUMMARY:Off\r\nDTSTART;VALUE=DATE:20270105\r\nDTEND;VALUE=DATE:20270106\r\n")
    with pytest.raises(CircadianError, match="no timed shifts"):
        parse_ics(only_off, TZ)
    overlap = _ics(
        "SUMMARY:A\r\nDTSTART:20270105T080000Z\r\nDTEND:20270105T160000Z\r\n",
        "SUMMARY:B\r\nDTSTART:20270105T120000Z\r\nDTEND:20270105T200000Z\r\n",
    )
    with pytest.raises(CircadianError, match=r"'B'.*overlaps.*'A'"):
        parse_ics(overlap, TZ)


# ------------------------------------------------------------------------------ pattern TOML

_TOML = """
tz = "Europe/London"
anchor = 2027-03-27
pattern = "NN--"
repeat = 1
[shifts.N]
start = "{start}"
end = "09:00"
"""


def test_toml_start_in_gap_names_position_and_date() -> None:
    with pytest.raises(
        CircadianError, match=r"pattern position 2 \('N'\) on 2027-03-28.*does not exist"
    ):
        parse_pattern_toml(_TOML.format(start="01:30"), source="p.toml")


def test_toml_accepts_native_times_and_spaces_in_pattern() -> None:
    text = _TOML.format(start="01:30").replace('start = "01:30"', "start = 00:30:00")
    text = text.replace('"NN--"', '"N N - -"')
    r = parse_pattern_toml(text)
    assert len(r.shifts) == 2 and r.days_off == (date(2027, 3, 29), date(2027, 3, 30))
    assert r.shifts[1].duration_h == 7.5  # 00:30 GMT to 09:00 BST


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (("repeat = 1", "repeat = 1\nuntil = 2027-04-01"), "exactly one of repeat"),
        (('"NN--"', '"NX--"'), r"position 2 is 'X' but there is no \[shifts\.X\]"),
        (("repeat = 1", "repeats = 1"), "unknown key"),
        (("repeat = 1", "repeat = 0"), "repeat must be"),
        (('tz = "Europe/London"', 'tz = "Europe/Londn"'), "p.toml: tz: unknown time zone"),
        (("anchor = 2027-03-27", "anchor = 27/03/2027"), "not valid TOML"),
        (('end = "09:00"', 'end = "9am"'), r"shifts\.N\.end: expected a time"),
    ],
)
def test_toml_errors(change: tuple[str, str], pattern: str) -> None:
    text = _TOML.format(start="07:00").replace(*change)
    with pytest.raises(CircadianError, match=pattern):
        parse_pattern_toml(text, source="p.toml")


_TOML_VALUE = st.sampled_from(
    [
        '"Europe/London"',
        '"Mars/X"',
        "2027-03-27",
        '"2027-03-28"',
        '"DDNN----"',
        '"N-"',
        '""',
        "0",
        "3",
        "-1",
        "true",
        '"07:00"',
        '"24:00"',
        '"01:30"',
        "07:00:00",
        "[]",
        "{}",
    ]
)
_TOML_LINE = st.one_of(
    st.tuples(
        st.sampled_from(["tz", "anchor", "pattern", "repeat", "until", "x"]), _TOML_VALUE
    ).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[shifts.D]", "[shifts.N]", "[shifts.-]", "[shifts.DD]"]),
    st.tuples(st.sampled_from(["start", "end", "label", "colour"]), _TOML_VALUE).map(
        lambda kv: f"{kv[0]} = {kv[1]}"
    ),
    st.text(max_size=10),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOML_LINE, max_size=12).map("\n".join))
def test_any_pattern_toml_parses_or_raises_circadian_error(text: str) -> None:
    try:
        rota = parse_pattern_toml(text)
    except CircadianError:
        return
    assert rota.shifts and all(0 < s.duration_h <= 16 for s in rota.shifts)


_ICS_LINE = st.sampled_from(
    [
        "SUMMARY:Night",
        "SUMMARY:Off",
        "DTSTART:20270328T013000",
        "DTSTART;TZID=Europe/London:20270301T070000",
        "DTSTART;VALUE=DATE:20270304",
        "DTEND:20270328T090000",
        "DTEND;VALUE=DATE:20270303",
        "DTEND;TZID=Europe/London:20270301T060000",
        "DTSTART:99991231T230000Z",
        "RRULE:FREQ=DAILY;COUNT=3",
        "RRULE:FREQ=WEEKLY",
        "RRULE:FREQ=BOGUS",
        "DURATION:PT8H",
        "STATUS:CANCELLED",
        "BEGIN:VEVENT",
        "END:VEVENT",
    ]
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_ICS_LINE, st.text(max_size=12)), max_size=14))
def test_any_ics_text_parses_or_raises_circadian_error(lines: list[str]) -> None:
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
    try:
        rota, _ = parse_ics(text, TZ)
    except CircadianError:
        return
    assert all(0 < s.duration_h <= 16 for s in rota.shifts)


_OUTLOOK_GMT = """BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:GMT Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:-0000\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T010000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:-0000\r
TZOFFSETTO:+0100\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:1\r
DTSTAMP:20261101T000000Z\r
SUMMARY:Night shift\r
DTSTART;TZID="GMT Standard Time":{d0}T200000\r
DTEND;TZID="GMT Standard Time":{d1}T080000\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.parametrize("d0, d1, utc_start", [
    ("20261207", "20261208", datetime(2026, 12, 7, 20, tzinfo=UTC)),  # GMT
    ("20270707", "20270708", datetime(2027, 7, 7, 19, tzinfo=UTC)),  # BST
])
def test_ics_outlook_windows_zone_needs_no_tz(d0, d1, utc_start) -> None:
    """Outlook writes Windows zone names (TZID "GMT Standard Time" with its own VTIMEZONE):
    the rota zone is their IANA match and the times follow the file's definition."""
    rota, _ = parse_ics(_OUTLOOK_GMT.format(d0=d0, d1=d1).encode(), None, "outlook.ics")
    assert rota.tz == "Europe/London"
    (s,) = rota.shifts
    assert s.start == utc_start and s.end - s.start == timedelta(hours=12)
