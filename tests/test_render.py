"""Pictures: plan charts (PNG/SVG), the HTML report, ``prc --plot`` and ``simulate --plot``.

Every example plan is drawn in every picture format. The layout of the day-per-row timeline is
checked without matplotlib (events keep their length, rows never draw an hour twice, zone
changes are marked). Without matplotlib the picture formats fail with install advice and the
other formats still work.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, time, timedelta
from functools import cache
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from circadian.cli import main
from circadian.errors import CircadianError
from circadian.export import render
from circadian.plan import Plan
from circadian.render import MISSING_MATPLOTLIB
from circadian.render.plot import day_rows, dlmo_nights, locate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRIPS = ["trip-sfo-lhr.toml", "trip-lhr-lax.toml", "trip-multileg.toml", "trip-lax-akl.toml"]
ROTAS = [("rota-4on4off.csv", "Europe/London"), ("rota-nights-dst.csv", "Europe/London"),
         ("rota-nurse-month.ics", None)]
ALL = TRIPS + [r for r, _ in ROTAS]

needs_mpl = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("matplotlib") is None,
    reason="matplotlib not installed (pip install '.[plot]')",
)


@cache
def example_plan(name: str) -> Plan:
    from circadian.person import person_from_mapping

    if name.startswith("trip"):
        from circadian.itinerary import read_itinerary
        from circadian.planner.trip import plan_trip

        trip, person, _ = read_itinerary(EXAMPLES / name)
        return plan_trip(trip, person_from_mapping(person or {}, name))
    from circadian.planner.rota import plan_rota
    from circadian.rota import read_rota

    tz = dict(ROTAS)[name]
    rota, _ = read_rota(EXAMPLES / name, tz)
    return plan_rota(rota, person_from_mapping({}, name))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- layout (no matplotlib needed) -----------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_every_event_is_drawn_whole_and_no_hour_twice(name: str) -> None:
    plan = example_plan(name)
    rows = day_rows(plan)
    for ev in plan.events:
        drawn = sum(x1 - x0 for _, x0, x1 in locate(rows, ev.start, ev.end))
        # wall-clock hours equal real hours except across a daylight-saving change
        assert abs(drawn - (ev.end - ev.start) / timedelta(hours=1)) <= 1.0 + 1e-6, ev
    for row in rows:
        spans = sorted((p.x0, p.x1) for p in row.pieces)
        assert all(0 <= a <= b <= 24 for a, b in spans)
        assert all(b0 <= a1 + 1e-9 for (_, b0), (a1, _) in zip(spans, spans[1:], strict=False))
    starts = [p.start for r in rows for p in r.pieces]
    assert starts == sorted(starts)  # rows run forward in time


def test_eastward_change_leaves_a_gap_in_the_day_and_is_labelled() -> None:
    rows = day_rows(example_plan("trip-sfo-lhr.toml"))
    marked = [r for r in rows if r.zone_marks]
    assert len(marked) == 1
    row = marked[0]
    assert str(row.date) == "2026-12-02"
    (x, tz), = row.zone_marks
    assert tz == "Europe/London"
    assert x == pytest.approx(11.75)  # landing at 11:45 local
    assert row.pieces[0].tz == "America/Los_Angeles" and row.pieces[0].x1 < x  # the gap


def test_westward_change_starts_a_new_row_for_the_same_date() -> None:
    rows = day_rows(example_plan("trip-lhr-lax.toml"))
    dates = [str(r.date) for r in rows]
    assert dates.count("2026-12-10") == 2
    second = rows[dates.index("2026-12-10") + 1]
    assert second.zone_marks == [(pytest.approx(14.75), "America/Los_Angeles")]


def test_dlmo_panel_keeps_after_midnight_onsets_with_their_evening() -> None:
    plan = example_plan("trip-sfo-lhr.toml")
    lo, with_plan, without = dlmo_nights(plan)
    assert len(with_plan) == sum(pd.dlmo is not None for pd in plan.phase)
    ys = [y for _, y, _ in with_plan + without]
    assert all(lo <= y < lo + 24 for y in ys)
    # evening date + hours is the onset's local wall time
    onsets = sorted(pd.dlmo.astimezone(ZoneInfo(pd.tz)).replace(tzinfo=None)
                    for pd in plan.phase if pd.dlmo is not None)
    drawn = sorted(datetime.combine(d, time(0)) + timedelta(hours=y) for d, y, _ in with_plan)
    assert len(drawn) == len(onsets)
    assert all(abs(a - b) < timedelta(seconds=1) for a, b in zip(drawn, onsets, strict=True))
    # the first nights in London the onset is after midnight: shown as 24-26 h, evening before
    london = [p for p in with_plan if p[2] == "Europe/London"]
    assert str(london[0][0]) == "2026-12-02" and 24 < london[0][1] < 27
    assert [y > 24 for _, y, _ in london[:3]] == [True, True, False]


@needs_mpl
def test_html_summary_lists_every_stop_of_a_multileg_trip() -> None:
    """The HTML report, like the text one, names the place the summary is about and has a
    line per place on the route (escaped, one per line)."""
    from circadian.export import stop_description

    plan = example_plan("trip-multileg.toml")
    html = render(plan, "html")
    assert isinstance(html, str)
    route = plan.summary.route
    assert len(route) == 3
    summary = html[html.index('<section id="summary">'):]
    summary = summary[:summary.index("</section>")]
    assert "<dt>Route</dt>" in summary
    for stop in route:
        assert escape(stop_description(stop)) in summary
    primary = next(x for x in route if x.primary)
    assert f"{plan.summary.direction} ({primary.place})" in summary


# --- pictures of every example ---------------------------------------------------------------


@needs_mpl
@pytest.mark.parametrize("name", ALL)
def test_every_example_renders_png_svg_and_html(name: str) -> None:
    from matplotlib.image import imread

    from circadian.render import OKABE_ITO

    plan = example_plan(name)
    png = render(plan, "png")
    assert isinstance(png, bytes) and len(png) > 30_000
    w, h = png_size(png)
    assert w > 1000 and h > 600
    pixels = (imread(io.BytesIO(png))[..., :3] * 255).round()
    blue = [int(OKABE_ITO["blue"][i:i + 2], 16) for i in (1, 3, 5)]
    assert (abs(pixels - blue).max(axis=-1) < 4).sum() > 2000  # sleep is drawn

    svg = render(plan, "svg")
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<dc:date>" not in svg  # reproducible: no timestamp

    html = render(plan, "html")
    assert isinstance(html, str) and html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport"' in html and "@media print" in html
    assert html.count('<tr class="event ') == len(plan.events)
    assert html.count("<svg ") == 1 and "</svg>" in html
    assert "Not medical advice" in html
    # self-contained: no network reference of any kind
    lowered = html.lower()
    for bad in ("http://", "https://", "<script", "<link", "@import", "<img", "<iframe"):
        assert bad not in lowered, bad
    assert not re.search(r"url\((?!#)", lowered)  # only the SVG's own clip paths
    for w in plan.warnings:
        assert w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
            '"', "&quot;").replace("'", "&#x27;") in html


@needs_mpl
def test_chart_shows_daylight_when_known() -> None:
    from matplotlib.image import imread

    from circadian.render import DAYLIGHT_COLOUR

    plan = example_plan("trip-sfo-lhr.toml")
    assert plan.daylight, "the trip planner fills in daylight"

    def yellow(p: Plan) -> int:
        px = (imread(io.BytesIO(render(p, "png")))[..., :3] * 255).round()
        c = [int(DAYLIGHT_COLOUR[i:i + 2], 16) for i in (1, 3, 5)]
        return int((abs(px - c).max(axis=-1) < 4).sum())

    assert yellow(plan) > 20_000
    assert yellow(replace(plan, daylight=())) == 0


@needs_mpl
def test_naive_times_and_unknown_zones_are_refused() -> None:
    plan = example_plan("trip-lax-akl.toml")
    naive = replace(plan.events[0], start=datetime(2026, 12, 3, 12))
    with pytest.raises(CircadianError, match="no time zone"):
        render(replace(plan, events=(naive, *plan.events[1:])), "png")
    with pytest.raises(CircadianError, match="Mars/Olympus"):
        render(replace(plan, events=(replace(plan.events[0], tz="Mars/Olympus"),)), "svg")


# --- command line ----------------------------------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@needs_mpl
def test_cli_plan_trip_png_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trip.png"
    code, err = run_cli(["plan", "trip", str(EXAMPLES / "trip-sfo-lhr.toml"), "--format", "png",
                         "--output", str(out)], capsys)
    assert code == 0, err
    assert png_size(out.read_bytes())[0] > 1000
    # never overwritten without --force
    code, err = run_cli(["plan", "trip", str(EXAMPLES / "trip-sfo-lhr.toml"), "--format", "png",
                         "--output", str(out)], capsys)
    assert code == 2 and "already exists" in err


@needs_mpl
def test_cli_rota_html_with_location_has_daylight(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rota.html"
    code, err = run_cli(["plan", "rota", str(EXAMPLES / "rota-nights-dst.csv"), "--tz",
                         "Europe/London", "--location", "LHR", "--format", "html", "-o",
                         str(out)], capsys)
    assert code == 0, err
    html = out.read_text("utf-8")
    assert "Alertness by shift" in html and "Outdoor daylight" in html


@needs_mpl
def test_cli_picture_to_a_pipe_is_fine_but_not_to_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from circadian.cli import cli

    args = ["plan", "trip", str(EXAMPLES / "trip-lax-akl.toml"), "--format", "svg"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("<?xml")
    monkeypatch.setattr("circadian.cli.plan._stdout_is_tty", lambda: True)
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, CircadianError)
    assert "--output" in str(result.exception)


@needs_mpl
def test_cli_prc_plot_light_and_melatonin(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    light = tmp_path / "light.png"
    code, err = run_cli(["prc", "--points", "24", "--plot", str(light)], capsys)
    assert code == 0, err
    assert png_size(light.read_bytes())[0] > 500
    mel = tmp_path / "mel.svg"
    code, err = run_cli(["prc", "--stimulus", "melatonin", "--points", "24", "--dose", "0.5",
                         "--dose", "3", "--plot", str(mel)], capsys)
    assert code == 0, err
    svg = mel.read_text("utf-8")
    ET.fromstring(svg)
    # the published Burgess points are drawn (legend text is drawn as glyph paths, so count
    # the marker paths instead: more than the 27 + 34 digitised points' worth of <use>)
    assert svg.count("<use ") > 61
    code, err = run_cli(["prc", "--plot", str(tmp_path / "x.pdf")], capsys)
    assert code == 2 and ".png or .svg" in err


@needs_mpl
def test_cli_simulate_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sim.png"
    code, err = run_cli(["simulate", "--light", str(EXAMPLES / "actiwatch-light.csv"),
                         "--tz", "Europe/London", "--plot", str(out)], capsys)
    assert code == 0, err
    assert png_size(out.read_bytes())[0] > 1000


# --- without matplotlib ----------------------------------------------------------------------


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import matplotlib`` fail as if it were not installed."""
    for mod in list(sys.modules):
        if mod == "matplotlib" or mod.startswith(("matplotlib.", "mpl_toolkits")):
            monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.mark.usefixtures("no_matplotlib")
@pytest.mark.parametrize("fmt", ["png", "svg", "html"])
def test_pictures_without_matplotlib_say_how_to_install(fmt: str) -> None:
    plan = example_plan("trip-lax-akl.toml")
    with pytest.raises(CircadianError) as info:
        render(plan, fmt)
    assert str(info.value) == MISSING_MATPLOTLIB
    assert render(plan, "text").startswith(plan.title)  # the rest still works


@pytest.mark.usefixtures("no_matplotlib")
def test_cli_without_matplotlib_exits_2_with_advice(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["plan", "trip", str(EXAMPLES / "trip-lax-akl.toml"), "--format", "png",
                         "-o", str(tmp_path / "x.png")], capsys)
    assert code == 2 and "pip install 'circadian-planner[plot]'" in err
    assert not (tmp_path / "x.png").exists()
    code, err = run_cli(["prc", "--plot", str(tmp_path / "p.png")], capsys)
    assert code == 2 and "circadian-planner[plot]" in err


def test_matplotlib_is_imported_only_when_a_picture_is_drawn() -> None:
    code = ("import sys, circadian.render.plot, circadian.render.html, circadian.export, "
            "circadian.cli.plan, circadian.cli.prc, circadian.cli.simulate; "
            "assert 'matplotlib' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
