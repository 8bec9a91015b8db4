"""Property tests for every reader and option parser: anything either parses to a valid object
or raises CircadianError naming the file, line or field; valid generated input round-trips its
times exactly against zoneinfo.

Complements the text-level fuzzing in test_itinerary.py, test_rota.py and test_person.py: these
go through the file readers (bytes: encodings, BOMs, CRLF, binary) and check the parsed times.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from circadian.empirical_prc import read_prc_csv
from circadian.errors import CircadianError
from circadian.itinerary import read_itinerary
from circadian.light import read_light_csv
from circadian.models import MODELS, parse_param_overrides
from circadian.person import parse_sleep_window, person_from_mapping
from circadian.places import airport
from circadian.rota import MAX_SPAN_DAYS, read_rota
from circadian.timebase import to_hours
from circadian.tz import is_fold, is_gap

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_COUNTER = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, name: str, data: bytes) -> Path:
    p = folder / f"{next(_COUNTER)}-{name}"
    p.write_bytes(data)
    return p


def raises_naming(path: Path, fn, *args):  # type: ignore[no-untyped-def]
    """Call ``fn``; a CircadianError must name the file. Returns the result or None."""
    try:
        return fn(*args)
    except CircadianError as exc:
        assert str(path) in str(exc), str(exc)
        return None


# --- bytes: any content, any encoding ---------------------------------------------------------

LINES = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from([
            "from,to,depart,arrive,number", "SFO,LHR,2026-12-01 17:30,2026-12-02 11:45,BA286",
            "date,start,end,label", "2027-03-28,01:30,09:00,Early", "2027-03-01,23:00,07:00,N",
            "time,lux", "2027-03-01T08:00Z,100", "2027-03-01T09:00+01:00,1e5",
            "hours_after_dlmo,shift_h", "3.5,-1.2", "[[flight]]", 'from = "SFO"',
            'depart = 2026-12-01T17:30:00', "[person]", 'sleep = "23:00-07:00"',
            "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Flight BA286 SFO to LHR",
            "DTSTART;TZID=Europe/London:20270328T013000", "DTEND:20270328T090000Z",
            "END:VEVENT", "END:VCALENDAR", '{"flights": [', "]}", "\x00", "\ufeff",
            "flights:", "  - from: SFO", "    to: LHR", "    depart: 2026-12-01 17:30",
            "    arrive: 2026-12-02 11:45", "person:", "  sleep: 22:30-06:30", "  dlmo: 21:15",
            "  - &a {from: NO}", "  - *a", "\t- x", "---", "x: !!python/name:os.system",
        ]),
    ),
    max_size=8,
)


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(draw(LINES))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(enc, errors="replace")


@FAST
@given(data=file_bytes(), ext=st.sampled_from([".toml", ".json", ".yaml", ".csv", ".ics"]))
def test_itinerary_files(folder: Path, data: bytes, ext: str) -> None:
    path = write(folder, f"trip{ext}", data)
    got = raises_naming(path, read_itinerary, path)
    if got is not None:
        trip, _, warnings = got
        assert trip.flights and all(isinstance(w, str) for w in warnings)


@FAST
@given(data=file_bytes(), ext=st.sampled_from([".csv", ".ics", ".toml"]))
def test_rota_files(folder: Path, data: bytes, ext: str) -> None:
    path = write(folder, f"rota{ext}", data)
    got = raises_naming(path, read_rota, path, "Europe/London")
    if got is not None:
        rota, _ = got
        assert all(0 < s.duration_h <= 16 for s in rota.shifts)


@FAST
@given(data=file_bytes())
def test_light_files(folder: Path, data: bytes) -> None:
    path = write(folder, "light.csv", data)
    sched = raises_naming(path, read_light_csv, path)
    if sched is not None:
        assert all(math.isfinite(v) and v >= 0 for v in sched.lux)


@FAST
@given(data=file_bytes())
def test_prc_files(folder: Path, data: bytes) -> None:
    path = write(folder, "prc.csv", data)
    got = raises_naming(path, read_prc_csv, path)
    if got is not None:
        x, y = got
        assert len(x) == len(y) >= 5


# --- valid-looking itineraries: wall times round-trip against zoneinfo --------------------------

AIRPORTS = st.sampled_from(["LHR", "JFK", "ADL", "KTM", "CHT", "APW", "TBU", "CXI", "AKL",
                            "HNL", "SCL", "LAX", "SYD", "PPG"])
# around DST changes and the Samoa date-line jump as well as ordinary days
WALL = st.one_of(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.sampled_from([datetime(2027, 3, 14), datetime(2027, 3, 28), datetime(2027, 10, 31),
                     datetime(2027, 11, 7), datetime(2027, 4, 4), datetime(2027, 10, 3),
                     datetime(2027, 9, 26), datetime(2011, 12, 30), datetime(2011, 12, 29)])
    .flatmap(lambda d: st.integers(0, 24 * 4 - 1).map(lambda q: d + timedelta(minutes=15 * q))),
).map(lambda d: d.replace(second=0, microsecond=0))


def wall_ok(naive: datetime, zone: ZoneInfo) -> bool:
    return not is_gap(naive, zone) and not is_fold(naive, zone)


@FAST
@given(o=AIRPORTS, d=AIRPORTS, dep=WALL, minutes=st.integers(30, 20 * 60),
       fmt=st.sampled_from(["csv", "toml-text", "toml-native", "json", "yaml", "ics"]))
def test_generated_flight_round_trips(folder: Path, o: str, d: str, dep: datetime,
                                      minutes: int, fmt: str) -> None:
    a, b = airport(o), airport(d)
    dep_ok = wall_ok(dep, a.zone)
    dep_utc = dep.replace(tzinfo=a.zone).astimezone(UTC)
    arr_utc = dep_utc + timedelta(minutes=minutes)
    arr = arr_utc.astimezone(b.zone).replace(tzinfo=None)
    arr_ok = wall_ok(arr, b.zone)
    s_dep, s_arr = f"{dep:%Y-%m-%d %H:%M}", f"{arr:%Y-%m-%d %H:%M}"
    if fmt == "csv":
        text, ext = f"from,to,depart,arrive\r\n{o},{d},{s_dep},{s_arr}\r\n", ".csv"
    elif fmt == "ics":
        text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                f"SUMMARY:Flight XY123 {o} to {d}\r\n"
                f"DTSTART;TZID={a.tz}:{dep:%Y%m%dT%H%M}00\r\n"
                f"DTEND;TZID={b.tz}:{arr:%Y%m%dT%H%M}00\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        ext = ".ics"
    elif fmt == "yaml":  # local times unquoted, as people write them
        text = f"flights:\n  - from: {o}\n    to: {d}\n    depart: {s_dep}\n    arrive: {s_arr}\n"
        ext = ".yaml"
    elif fmt == "json":
        text = (f'{{"flights": [{{"from": "{o}", "to": "{d}", "depart": "{s_dep}", '
                f'"arrive": "{s_arr}"}}]}}')
        ext = ".json"
    else:
        q = '"' if fmt == "toml-text" else ""
        dd = s_dep if q else f"{dep:%Y-%m-%dT%H:%M:00}"
        aa = s_arr if q else f"{arr:%Y-%m-%dT%H:%M:00}"
        text = (f'[[flight]]\nfrom = "{o}"\nto = "{d}"\ndepart = {q}{dd}{q}\n'
                f"arrive = {q}{aa}{q}\n")
        ext = ".toml"
    path = write(folder, "trip" + ext, ("\ufeff" + text).encode())
    got = raises_naming(path, read_itinerary, path)
    if got is None:
        # the only reasons to refuse: a wall time that does not exist or happens twice, or the
        # same airport at both ends
        assert not (dep_ok and arr_ok) or o == d
        return
    assert dep_ok and arr_ok and o != d
    (f,) = got[0].flights
    assert f.depart == dep_utc.replace(fold=0) and f.arrive == arr_utc
    assert f.duration == timedelta(minutes=minutes)
    assert f.local_depart().utcoffset() == a.zone.utcoffset(dep)
    assert f.local_arrive().replace(tzinfo=None) == arr


# --- YAML with unquoted times against TOML with quoted ones ----------------------------------

CLOCK_TEXT = st.sampled_from(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S",
                              "%Y-%m-%dT%H:%M:%S"])
MINUTE = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))


@FAST
@given(first=WALL, legs=st.lists(st.tuples(AIRPORTS, st.integers(30, 20 * 60),
                                           st.integers(60, 4 * 24 * 60)), min_size=1, max_size=3),
       home=AIRPORTS, spelling=CLOCK_TEXT, bed=MINUTE, sleep_min=st.integers(5 * 60, 11 * 60),
       number=st.integers(1, 9999))
def test_yaml_unquoted_times_read_as_toml_quoted(folder: Path, first: datetime, legs: list,
                                                 home: str, spelling: str, bed: time,
                                                 sleep_min: int, number: int) -> None:
    """Generated flights written as YAML with unquoted local times (``dlmo: 21:15`` is 1275 and
    ``depart: 2026-12-01 22:30:00`` a datetime in PyYAML's YAML 1.1 defaults) give exactly
    what the TOML reader gives for the same text in quotes, or the same error."""
    toml, yaml = [], []
    o, dep = home, first  # each leg leaves from where the last one landed, some time later
    for d, minutes, gap in legs:
        dep_utc = dep.replace(tzinfo=airport(o).zone).astimezone(UTC)
        arr = (dep_utc + timedelta(minutes=minutes)).astimezone(airport(d).zone)
        s_dep, s_arr = f"{dep:{spelling}}", f"{arr:{spelling}}"
        toml.append(f'[[flight]]\nnumber = {number}\nfrom = "{o}"\nto = "{d}"\n'
                    f'depart = "{s_dep}"\narrive = "{s_arr}"\n')
        yaml.append(f"  - number: {number}\n    from: {o}\n    to: {d}\n"
                    f"    depart: {s_dep}  # local\n    arrive: {s_arr}\n")
        o = d
        dep = (arr + timedelta(minutes=gap)).replace(tzinfo=None)
    wake = (datetime.combine(date(2027, 1, 1), bed) + timedelta(minutes=sleep_min)).time()
    sleep = f"{bed:%H:%M}-{wake:%H:%M}"
    toml.append(f'[person]\nsleep = "{sleep}"\ndlmo = "{wake:%H:%M}"\n')
    # "flight:" rather than "flights:" so both readers name a leg "flight N" in errors
    yaml_text = f"person:\n  sleep: {sleep}\n  dlmo: {wake:%H:%M}\nflight:\n" + "".join(yaml)
    t_path = write(folder, "trip.toml", "".join(toml).encode())
    y_path = write(folder, "trip.yaml", yaml_text.encode())

    def read(path: Path) -> tuple:
        try:
            trip, person, warnings = read_itinerary(path)
        except CircadianError as exc:
            assert exc.where is not None and exc.where.startswith(str(path))
            return ("error", exc.message, exc.where.removeprefix(str(path)))
        flights = [(f.origin, f.dest, f.depart, f.arrive, f.number) for f in trip.flights]
        return flights, person, [w.replace(str(path), "") for w in warnings]

    got = read(y_path)
    assert got == read(t_path)
    event("refused" if got[0] == "error" else "read")


# --- valid-looking rotas ----------------------------------------------------------------------

ZONES = st.sampled_from(["Europe/London", "America/New_York", "Australia/Adelaide",
                         "Pacific/Chatham", "Asia/Kathmandu", "Pacific/Apia", "UTC",
                         "America/Santiago", "Pacific/Kiritimati"])
CLOCK = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, 15 * (q % 4)))
DAYS = st.one_of(st.dates(date(2026, 1, 1), date(2027, 12, 31)),
                 st.sampled_from([date(2027, 3, 13), date(2027, 3, 27), date(2027, 10, 30),
                                  date(2027, 4, 3), date(2027, 9, 25), date(2011, 12, 29)]))


def expected_shift(day: date, start: time, end: time, zone: ZoneInfo
                   ) -> tuple[datetime, datetime] | None:
    """UTC start and end of a wall-clock shift, or None if a wall time is a gap or fold."""
    s = datetime.combine(day, start)
    e = datetime.combine(day if end > start else day + timedelta(days=1), end)
    if not (wall_ok(s, zone) and wall_ok(e, zone)):
        return None
    return s.replace(tzinfo=zone).astimezone(UTC), e.replace(tzinfo=zone).astimezone(UTC)


@FAST
@given(zone=ZONES, days=st.lists(DAYS, min_size=1, max_size=4, unique=True),
       start=CLOCK, end=CLOCK, fmt=st.sampled_from(["csv", "ics"]))
def test_generated_rota_round_trips(folder: Path, zone: str, days: list[date], start: time,
                                    end: time, fmt: str) -> None:
    assume(start != end)
    z = ZoneInfo(zone)
    days = sorted(days)
    expect = [expected_shift(d, start, end, z) for d in days]
    if fmt == "csv":
        body = "".join(f"{d},{start:%H:%M},{end:%H:%M},S\r\n" for d in days)
        path = write(folder, "rota.csv", b"\xef\xbb\xbfdate,start,end,label\r\n" + body.encode())
    else:
        def ev(d: date) -> str:
            e_day = d if end > start else d + timedelta(days=1)
            return (f"BEGIN:VEVENT\r\nSUMMARY:S\r\nDTSTART;TZID={zone}:{d:%Y%m%d}T{start:%H%M}00"
                    f"\r\nDTEND;TZID={zone}:{e_day:%Y%m%d}T{end:%H%M}00\r\nEND:VEVENT\r\n")
        text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(map(ev, days)) + "END:VCALENDAR\r\n"
        path = write(folder, "rota.ics", text.encode())
    got = raises_naming(path, read_rota, path, zone)
    valid = [x for x in expect if x is not None]
    overlapping = any(b[0] < a[1] for a, b in zip(valid, valid[1:], strict=False))
    too_long = any((x[1] - x[0]) > timedelta(hours=16) for x in valid)
    too_wide = bool(valid) and (valid[-1][1] - valid[0][0]).days > MAX_SPAN_DAYS
    if got is None:
        assert None in expect or overlapping or too_long or too_wide
        return
    assert None not in expect
    rota, _ = got
    assert [(s.start, s.end) for s in rota.shifts] == valid
    for s, (a, b) in zip(rota.shifts, valid, strict=True):
        assert s.duration_h == (b - a).total_seconds() / 3600  # real hours, DST included
        assert s.local_start().replace(tzinfo=None).time() == start


# --- light and PRC rows -----------------------------------------------------------------------

OFFSETS = st.sampled_from(["Z", "+00:00", "+05:45", "-03:30", "+13:45", "+14:00", "-11:00"])


@FAST
@given(start=st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)),
       steps=st.lists(st.integers(1, 600), min_size=1, max_size=20),
       lux=st.lists(st.floats(0, 1e6), min_size=21, max_size=21), offs=st.lists(OFFSETS,
                                                                              min_size=21,
                                                                              max_size=21))
def test_generated_light_round_trips(folder: Path, start: datetime, steps: list[int],
                                     lux: list[float], offs: list[str]) -> None:
    times = [start.replace(tzinfo=UTC, microsecond=0)]
    for s in steps:
        times.append(times[-1] + timedelta(minutes=s))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["time", "lux"])
    for t, v, off in zip(times, lux, offs, strict=False):
        tz = UTC if off == "Z" else datetime.fromisoformat(f"2000-01-01T00:00{off}").tzinfo
        w.writerow([t.astimezone(tz).isoformat().replace("+00:00", "Z") if off == "Z"
                    else t.astimezone(tz).isoformat(), repr(v)])
    path = write(folder, "light.csv", buf.getvalue().encode())
    sched = read_light_csv(path)
    assert list(sched.t_h[:-1]) == pytest.approx([to_hours(t) for t in times], abs=1e-9)
    assert list(sched.lux) == lux[: len(times)]


@FAST
@given(rows=st.lists(st.tuples(st.floats(-30, 50), st.floats(-14, 14)), max_size=12))
def test_generated_prc_rows(folder: Path, rows: list[tuple[float, float]]) -> None:
    text = "hours_after_dlmo,shift_h\n" + "".join(f"{x!r},{y!r}\n" for x, y in rows)
    path = write(folder, "prc.csv", text.encode())
    got = raises_naming(path, read_prc_csv, path)
    ok = all(-24 <= x <= 48 and abs(y) <= 12 for x, y in rows) and len(rows) >= 5
    assert (got is not None) == ok
    if got is not None:
        assert list(got[0]) == [x for x, _ in rows] and list(got[1]) == [y for _, y in rows]


# --- option values ----------------------------------------------------------------------------

MODEL = st.sampled_from(sorted(MODELS))


@FAST
@given(model=MODEL, items=st.lists(st.one_of(
    st.text(max_size=20),
    st.tuples(st.sampled_from(["tau", "TAU", "mu", "k", "G", "I0", "p", "beta", "x", " tau "]),
              st.one_of(st.floats().map(repr), st.text(max_size=8))).map("=".join)),
    max_size=4))
def test_any_param_option(model: str, items: list[str]) -> None:
    cls = MODELS[model]
    try:
        out = parse_param_overrides(items, cls)
    except CircadianError as exc:
        assert "--param" in str(exc)
        return
    cls(**out)  # accepted values are in range: the model builds
    assert all(math.isfinite(v) for v in out.values())


@FAST
@given(model=MODEL, data=st.data())
def test_in_range_params_round_trip(model: str, data: st.DataObject) -> None:
    cls = MODELS[model]
    infos = cls().describe()
    info = data.draw(st.sampled_from(infos))
    v = data.draw(st.floats(info.lo, info.hi))
    out = parse_param_overrides([f"{info.name}={v!r}"], cls)
    assert out == {info.name: v}
    assert cls(**out).params.as_dict()[info.name] == v


SEP = st.sampled_from(["-", " - ", "–", "—", " to ", "until", "-"])
AMPM = st.sampled_from(["", "am", "pm", " AM", "p.m."])


@FAST
@given(h1=st.integers(0, 23), m1=st.integers(0, 59), h2=st.integers(0, 23),
       m2=st.integers(0, 59), sep=SEP, style=st.sampled_from(["colon", "compact", "dot", "h"]))
def test_sleep_window_spellings_round_trip(h1: int, m1: int, h2: int, m2: int, sep: str,
                                           style: str) -> None:
    def fmt(h: int, m: int) -> str:
        return {"colon": f"{h:02d}:{m:02d}", "compact": f"{h:02d}{m:02d}",
                "dot": f"{h}.{m:02d}", "h": f"{h}h{m:02d}"}[style]

    text = f"  {fmt(h1, m1)}{sep}{fmt(h2, m2)} "
    length = ((h2 * 60 + m2) - (h1 * 60 + m1)) % 1440
    try:
        got = parse_sleep_window(text, "--sleep")
    except CircadianError as exc:
        assert "--sleep" in str(exc)
        assert not 180 <= length <= 14 * 60
        return
    assert got == (time(h1, m1), time(h2, m2))


@FAST
@given(st.one_of(st.text(max_size=12), st.from_regex(r"\A\s*\d{0,400}(\.\d{0,3})?\s*[hm]?\Z"),
                 st.integers(300, 500).map(lambda n: "9" * n + "m")))
def test_any_commute_text(text: str) -> None:
    from circadian.cli.plan import parse_minutes

    try:
        v = parse_minutes(text)
    except CircadianError as exc:
        assert "--commute" in str(exc)
        return
    assert math.isfinite(v) and v >= 0


@FAST
@given(h=st.integers(0, 30), m=st.integers(0, 600), spaces=st.booleans())
def test_commute_spellings_round_trip(h: int, m: int, spaces: bool) -> None:
    from circadian.cli.plan import parse_minutes

    sp = " " if spaces else ""
    assert parse_minutes(f"{h}h{sp}{m}m") == h * 60 + m
    assert parse_minutes(f"{m}{sp}min") == m
    assert parse_minutes(str(m)) == m


PERSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(), st.text(max_size=15),
    st.lists(st.text(max_size=8), max_size=3), st.dates(), st.times(),
    st.sampled_from(["23:00-07:00", "21:30", "late", "Europe/London", "Mars/Base"]),
)


@FAST
@given(st.dictionaries(st.sampled_from(["sleep", "dlmo", "chronotype", "melatonin", "dose_mg",
                                        "medications", "conditions", "prep_days", "light_box",
                                        "age", "home_tz", "opt_in_melatonin", "bedtime"]),
                       PERSON_VALUES, max_size=5))
def test_any_person_table(mapping: dict) -> None:
    try:
        person_from_mapping(mapping, "trip.toml: [person]")
    except CircadianError as exc:
        assert "trip.toml: [person]" in str(exc)


# --- option values through the CLI: exit 2 naming the option, never a traceback ---------------


class _Reached(CircadianError):
    pass


@pytest.fixture()
def no_planning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the rota command just before planning: these tests are about option values."""
    import circadian.planner.rota as planner

    def stop(*a: object, **k: object) -> None:
        raise _Reached("reached the planner")

    monkeypatch.setattr(planner, "plan_rota", stop)


ROTA = Path(__file__).resolve().parent.parent / "examples" / "rota-4on4off.csv"
OPTION_TEXT = st.one_of(st.text(max_size=15).filter(lambda s: not s.startswith("-")),
                        st.sampled_from(["nan", "inf", "-1", "1e999", "0", "23:00-07:00",
                                         "25:00", "LHR", "91,0", "51.5,-0.1", "99999h",
                                         "Europe/London", "tau=nan", "tau=24.2", "tau=1e9"]))


@FAST
@given(option=st.sampled_from(["--sleep", "--dlmo", "--commute", "--location", "--tz",
                               "--param", "--dose", "--age", "--chronotype", "--model"]),
       value=OPTION_TEXT)
def test_any_option_value_through_the_cli(no_planning: None, capsys: pytest.CaptureFixture[str],
                                          option: str, value: str) -> None:
    from circadian.cli import main

    argv = ["plan", "rota", str(ROTA), option, value]
    if option != "--tz":
        argv += ["--tz", "Europe/London"]
    code = 0
    capsys.readouterr()
    try:
        main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    if "reached the planner" not in err and "Usage:" not in err:
        assert len(err.splitlines()) == 1
        # names the option (or, for --tz, the file whose times it is for)
        names = {"--tz": str(ROTA), "--model": "model", "--dose": "--dose", "--age": "--age",
                 "--chronotype": "chronotype"}.get(option, option)
        assert names in err, err
