"""The HTML report in a real browser: headless Chromium renders it, takes a screenshot and dumps
the DOM; the screenshot must show the chart (its palette colours) and the day-by-day table
(day-header bands and lines of dark text below the chart), on a desktop and a phone width.

Needs a ``chromium`` binary (Debian/Ubuntu package ``chromium``; ``.ci/run`` installs it when
it runs as root). Without one the tests skip and say so. The browser runs with networking
features off and a throw-away profile; the report itself references nothing outside the file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the HTML chart needs matplotlib (pip install '.[plot]')")

import numpy as np  # noqa: E402
from matplotlib.image import imread  # noqa: E402

from circadian.export import render  # noqa: E402
from circadian.plan import Plan  # noqa: E402
from circadian.render import DAYLIGHT_COLOUR, OKABE_ITO  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("CIRCADIAN_CHROMIUM")
    if env:
        return env
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (apt-get install chromium, or set CIRCADIAN_CHROMIUM)",
)


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-extensions", "--hide-scrollbars",
           "--force-device-scale-factor=1", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    from circadian.itinerary import read_itinerary
    from circadian.person import person_from_mapping
    from circadian.planner.trip import plan_trip

    trip, person, _ = read_itinerary(EXAMPLES / "trip-sfo-lhr.toml")
    plan = plan_trip(trip, person_from_mapping(person or {}, "trip-sfo-lhr.toml"))
    path = tmp_path_factory.mktemp("html") / "report.html"
    html = render(plan, "html")
    assert isinstance(html, str)
    path.write_text(html, "utf-8")
    return path, plan


def screenshot(report_path: Path, size: str, tmp: Path) -> np.ndarray:
    out = tmp / f"shot-{size.replace(',', 'x')}.png"
    res = chromium([f"--screenshot={out}", f"--window-size={size}", report_path.as_uri()],
                   tmp / f"profile-{size.replace(',', 'x')}")
    assert out.exists(), f"no screenshot; chromium said:\n{res.stderr[-2000:]}"
    return imread(out)[..., :3] * 255.0  # (height, width, rgb) in 0..255


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def near(pixels: np.ndarray, colour: str, tol: float = 6.0) -> np.ndarray:
    return (abs(pixels - rgb(colour)).max(axis=-1) <= tol)


def test_dom_has_the_chart_and_every_table_row(report: tuple[Path, Plan], tmp_path: Path) -> None:
    path, plan = report
    res = chromium(["--dump-dom", path.as_uri()], tmp_path / "profile")
    dom = res.stdout
    assert "<table" in dom, res.stderr[-2000:]
    # the browser placed the inline SVG in the figure, followed by its caption
    assert re.search(r"<figure>\s*<div class=\"chart-scroll\">\s*<svg[^>]*role=\"img\".*"
                     r"</svg>\s*</div>\s*<figcaption>", dom, re.S)
    assert dom.count('<tr class="event ') == len(plan.events)
    days = {e.local_start().date() for e in plan.events} | {pd.date for pd in plan.phase}
    assert dom.count('<tr class="day">') == len(days)
    assert "Warnings" in dom and "Not medical advice" in dom


def test_screenshot_shows_chart_and_table(report: tuple[Path, Plan], tmp_path: Path) -> None:
    path, _plan = report
    px = screenshot(path, "1200,2400", tmp_path)
    height, width, _ = px.shape
    assert (height, width) == (2400, 1200)
    assert px.std() > 30, "blank page"
    # the chart: sleep (blue), seek-light (orange) and daylight (pale yellow) blocks
    sleep = near(px, OKABE_ITO["blue"])
    light = near(px, OKABE_ITO["orange"])
    day = near(px, DAYLIGHT_COLOUR)
    assert sleep.sum() > 5000 and light.sum() > 1000 and day.sum() > 20_000
    chart_rows = day.any(axis=1).nonzero()[0]
    chart_top, chart_bottom = chart_rows.min(), chart_rows.max()
    assert chart_bottom - chart_top > 200
    # the chart sits between the summary and the table, scaled to the page width
    cols = sleep[chart_top:chart_bottom].any(axis=0).nonzero()[0]  # sleep runs 00:00-24:00
    assert cols.max() - cols.min() > 0.6 * width
    # the table: day-header bands (#eef3f8 across most of the width) below the chart ...
    band = near(px, "#EEF3F8", tol=3).sum(axis=1) > 0.5 * width
    bands = band[chart_bottom:].nonzero()[0]
    assert bands.size > 0, "no day header rows below the chart"
    # ... and many separate lines of dark text
    dark = (px.max(axis=-1) < 90).sum(axis=1) > 8
    below = dark[chart_bottom + 40:]
    lines = int((below[1:] & ~below[:-1]).sum())
    assert lines >= 15, f"only {lines} text lines under the chart"
    # the warnings box (pale amber) above the chart
    assert near(px[:chart_top], "#FFF4D6", tol=3).sum() > 10_000


def test_phone_width_reflows(report: tuple[Path, Plan], tmp_path: Path) -> None:
    path, _plan = report
    px = screenshot(path, "390,2400", tmp_path)
    assert px.shape[1] == 390
    sleep = near(px, OKABE_ITO["blue"])
    assert sleep.sum() > 300, "chart not drawn at phone width"
    cols = sleep.any(axis=0).nonzero()[0]
    assert cols.max() < 390 - 5  # the chart scrolls inside its box, within the page margin
    # the page itself needs no wider viewport: text stays inside the screen
    dark_cols = ((px.max(axis=-1) < 90).sum(axis=0) > 0).nonzero()[0]
    assert dark_cols.max() < 390 - 2
