"""Numbers at the edges: parameter overrides at the ends of their ranges, extreme light, long
horizons. Either a finite answer or a clear CircadianError (ModelError: "the model cannot give an
answer"); never NaN or infinity in an output, never a traceback.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from circadian.errors import CircadianError
from circadian.light import LightSchedule
from circadian.models import MODELS
from circadian.simulate import simulate
from cli_helpers import run_cli as run
from cli_helpers import strict_json

T0 = datetime(2027, 1, 4, tzinfo=UTC)


def days_of_light(days: int, day_lux: float = 1000.0, night_lux: float = 0.0) -> LightSchedule:
    """07:00-23:00 UTC at ``day_lux``, the rest at ``night_lux``."""
    items = []
    for d in range(days):
        base = T0 + timedelta(days=d)
        items.append((base + timedelta(hours=7), base + timedelta(hours=23), day_lux))
    return LightSchedule.from_intervals(items, T0, T0 + timedelta(days=days), night_lux)


# --- every parameter of every model at both ends of its range ----------------------------------

# These tests found a ZeroDivisionError escaping the compiled kernel (hannay19mel with beta_IP
# or beta_CP at the top of their range); integrate.run now turns it into a ModelError.


def _edge_cases() -> list[object]:
    out = []
    for name, cls in sorted(MODELS.items()):
        for info in cls().describe():
            for end, value in (("lo", info.lo), ("hi", info.hi)):
                out.append(pytest.param(name, info.name, value,
                                        id=f"{name}-{info.name}-{end}"))
    return out


LIGHT_10D = days_of_light(10)


def check_simulation(model_name: str, overrides: dict[str, float]) -> None:
    model = MODELS[model_name](**overrides)
    try:
        res = simulate(model, LIGHT_10D)
    except CircadianError as exc:  # ModelError: a clear "cannot give an answer"
        assert model_name in str(exc) or "parameter" in str(exc)
        return
    assert np.all(np.isfinite(res.final_state))
    for t in (*res.dlmo, *res.cbtmin):
        assert LIGHT_10D.start <= t <= LIGHT_10D.end
    for day in res.daily("UTC"):
        for t in (day.dlmo, day.cbtmin):
            assert t is None or t.tzinfo is not None


@pytest.mark.parametrize(("model_name", "param", "value"), _edge_cases())
def test_each_parameter_at_its_range_edge(model_name: str, param: str, value: float) -> None:
    check_simulation(model_name, {param: value})


@pytest.mark.parametrize("end", ["lo", "hi"])
@pytest.mark.parametrize("model_name", sorted(MODELS))
def test_every_parameter_at_once_at_an_edge(model_name: str, end: str) -> None:
    infos = MODELS[model_name]().describe()
    overrides = {i.name: (i.lo if end == "lo" else i.hi) for i in infos}
    check_simulation(model_name, overrides)


def test_just_outside_the_range_is_refused_naming_the_option(capsys, tmp_path: Path) -> None:
    light = tmp_path / "light.csv"
    light.write_text("time,lux\n2027-01-04T00:00Z,5\n2027-01-04T12:00Z,500\n")
    for name, cls in sorted(MODELS.items()):
        info = cls().describe()[0]
        for v in (info.lo - abs(info.lo) * 1e-6 - 1e-9, info.hi + abs(info.hi) * 1e-6 + 1e-9):
            code, out, err = run(capsys, "simulate", "--light", str(light), "--model", name,
                                 "--param", f"{info.name}={v!r}")
            assert code == 2 and out == ""
            assert err.startswith(f"error: --param {info.name}=") and "outside" in err


# --- extreme light ------------------------------------------------------------------------------


@pytest.mark.parametrize(("day_lux", "night_lux"), [
    (0.0, 0.0),  # constant darkness: free-running
    (1e5, 1e5),  # constant bright sunlight
    (1e5, 0.0),  # sunlight by day, dark by night
    (1e6, 1e6),  # the largest a light file may hold
])
def test_extreme_lux_through_the_cli(capsys, tmp_path: Path, day_lux: float,
                                     night_lux: float) -> None:
    path = tmp_path / "light.csv"
    rows = ["time,lux"]
    for h in range(10 * 24):
        t = T0 + timedelta(hours=h)
        rows.append(f"{t:%Y-%m-%dT%H:%MZ},{day_lux if 7 <= t.hour < 23 else night_lux!r}")
    path.write_text("\n".join(rows) + "\n")
    for model in sorted(MODELS):
        code, out, err = run(capsys, "simulate", "--light", str(path), "--model", model,
                             "--format", "json")
        assert code in (0, 2), err
        assert "Traceback" not in err and "internal error" not in err
        if code == 0:
            data = strict_json(out)
            assert data["markers"]  # type: ignore[index]
        else:
            assert err.startswith("error: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize("lux", ["1e7", "1e300"])
def test_light_file_above_any_real_light_is_refused(capsys, tmp_path: Path, lux: str) -> None:
    path = tmp_path / "light.csv"
    path.write_text(f"time,lux\n2027-01-04T00:00Z,5\n2027-01-04T01:00Z,{lux}\n")
    code, out, err = run(capsys, "simulate", "--light", str(path))
    assert code == 2 and out == "" and f"{path}:3: lux {lux} is above any real light" in err


@pytest.mark.parametrize("lux", ["1e5", "1e9", "1e300"])
def test_prc_with_extreme_pulses(capsys, lux: str) -> None:
    code, out, err = run(capsys, "prc", "--lux", lux, "--duration", "16", "--points", "8",
                         "--format", "json")
    assert code in (0, 2) and "Traceback" not in err
    if code == 0:
        assert all(math.isfinite(p["shift_h"]) for p in strict_json(out)["points"])


# --- long horizons -------------------------------------------------------------------------------


def test_two_years_of_light_from_a_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "two-years.csv"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    steps = 2 * 365 * 24 * 6  # 10-minute samples
    rng = np.random.default_rng(1)
    lines = ["time,lux"]
    for i in range(steps):
        t = start + timedelta(minutes=10 * i)
        lux = 0.0 if t.hour < 7 or t.hour >= 23 else float(rng.choice([50.0, 300.0, 5000.0]))
        lines.append(f"{t:%Y-%m-%dT%H:%MZ},{lux}")
    path.write_text("\n".join(lines) + "\n")
    t0 = time.perf_counter()
    code, out, err = run(capsys, "simulate", "--light", str(path), "--format", "json",
                         "--tz", "Europe/London")
    elapsed = time.perf_counter() - t0
    assert code == 0, err
    markers = strict_json(out)["markers"]  # type: ignore[index]
    assert 725 <= len(markers) <= 732
    assert sum(m["dlmo"] is not None for m in markers) >= 700
    assert elapsed < 30


def test_long_free_run_in_darkness() -> None:
    # a year of darkness: the clock free-runs at tau, markers stay finite and keep coming
    model = MODELS["forger99"](tau=24.5)
    light = LightSchedule(np.array([0.0, 24.0 * 365]) + 500_000.0, np.array([0.0]))
    res = simulate(model, light, initial=model.default_state())
    assert np.all(np.isfinite(res.final_state))
    assert 350 <= len(res.cbtmin) <= 365
    gaps = np.diff([t.timestamp() / 3600 for t in res.cbtmin])
    assert np.all(np.abs(gaps - 24.5) < 0.3)


# --- planners: never NaN/inf in JSON, whatever the parameters -----------------------------------

TRIP = Path(__file__).resolve().parent.parent / "examples" / "trip-sfo-lhr.toml"
ROTA = Path(__file__).resolve().parent.parent / "examples" / "rota-nights-dst.csv"


@pytest.mark.parametrize("param", [i.name for i in MODELS["forger99"]().describe()])
@pytest.mark.parametrize("end", ["lo", "hi"])
def test_trip_plan_at_parameter_edges(capsys, param: str, end: str) -> None:
    info = next(i for i in MODELS["forger99"]().describe() if i.name == param)
    v = info.lo if end == "lo" else info.hi
    code, out, err = run(capsys, "plan", "trip", str(TRIP), "--param", f"{param}={v!r}",
                         "--format", "json")
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err
    if code == 0:
        strict_json(out)
    else:
        assert err.startswith("error: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize(("model", "param", "end"), [
    ("forger99", "tau", "lo"), ("forger99", "tau", "hi"), ("forger99", "G", "hi"),
    ("hannay19", "K", "lo"), ("hannay19", "tau", "hi"), ("jewett99", "mu", "hi"),
])
def test_rota_plan_at_parameter_edges(capsys, model: str, param: str, end: str) -> None:
    info = next(i for i in MODELS[model]().describe() if i.name == param)
    v = info.lo if end == "lo" else info.hi
    code, out, err = run(capsys, "plan", "rota", str(ROTA), "--tz", "Europe/London",
                         "--model", model, "--param", f"{param}={v!r}", "--format", "json")
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err
    if code == 0:
        strict_json(out)
